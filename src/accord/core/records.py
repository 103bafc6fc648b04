"""An agreement record in Accord's export schema, and its stable serialization.

The keys of `EXPORT_FIELDS` are a public contract: JSON keys and CSV columns that
other tools depend on. Change them only with a new schema version.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

Level = Literal["university", "department"]

EXPORT_FIELDS: tuple[str, ...] = (
    "level",
    "region",
    "country_code",
    "country_name",
    "institution",
    "co_partners",
    "partner_department",
    "home_unit",
    "fee_waiver",
    "concluded_on",
    "edition",
    "source_lines",
)


# The partner institution's identifiers, written after the export schema's
# columns in every export file (blank when unknown). They describe the
# institution, not the agreement as a list states it, so they are no part of a
# record's equality, nor of `to_dict` (the edition's stored form); a file read
# back may hold them or not.
PARTNER_FIELDS: tuple[str, ...] = (
    "partner_ror_id",
    "partner_erasmus_code",
    "partner_schac_code",
    "partner_website",
    "partner_city",
)
# Whose agreement it is: the home university's slug, on every agreement the
# registry keeps (a list only parsed knows none). Last, after the partner's
# identifiers, so that every column files already had keeps its place; a file
# without it still reads (`formats.check_columns`).
UNIVERSITY_FIELDS: tuple[str, ...] = ("home_university",)
# Where the agreement stands in its lifecycle and what it allows: the registry's
# record of it, not the list's, so no part of a record's equality; after every
# earlier column, and a file without them still reads (an import then leaves
# them as they are). `ended_on` and `termination_reason` came last, so that an
# expired or terminated agreement survives export -> import; the public exports
# leave `termination_reason` empty (staff text: only `accord export` writes it).
LIFECYCLE_FIELDS: tuple[str, ...] = (
    "status",
    "valid_from",
    "valid_until",
    "term_months",
    "renews_automatically",
    "cooperation_terms",
    "ended_on",
    "termination_reason",
)
FILE_FIELDS: tuple[str, ...] = (
    EXPORT_FIELDS + PARTNER_FIELDS + UNIVERSITY_FIELDS + LIFECYCLE_FIELDS
)


def level_problem(level: str, home_unit: str, partner_department: str) -> str | None:
    """The field a record's level forbids it to fill, if it fills one.

    A university-level agreement is with the whole partner institution and
    open to every home unit, so it names neither a home unit nor a partner
    department. (A department-level one may lack its unit: a list can lose it,
    and the importer keeps it unknown rather than guess.)

    >>> level_problem("university", "GS Engineering", "")
    'home_unit'
    >>> level_problem("department", "", "Faculty of Law") is None
    True
    """
    if level == "university":
        if home_unit:
            return "home_unit"
        if partner_department:
            return "partner_department"
    return None


UNIVERSITY_LEVEL_RULE = (
    "a university-level agreement is with the whole institution, open to every unit"
)


@dataclass(frozen=True, slots=True)
class Record:
    """One agreement as a list states it.

    `country_code` is ISO 3166-1 alpha-2, or "" for partners outside any country
    (international organizations). `concluded_on` None means the list gives no date,
    `fee_waiver` None that it lost the cell that would say (a department row
    printed without its unit, which carries the waiver's mark).
    `edition` is the list's as-of date, None when unknown. `home_university` is
    the slug of the university whose agreement it is: "" while a list is only
    parsed (the pipeline reads one university's list), set by the registry on
    every stored agreement. `row` is where an export file held it (its line, or
    spreadsheet row) for error reports; it is not part of the schema, nor of a
    record's equality.
    """

    level: Level
    region: str
    country_code: str
    country_name: str
    institution: str
    co_partners: tuple[str, ...] = ()
    partner_department: str = ""
    home_unit: str = ""
    fee_waiver: bool | None = False
    concluded_on: datetime.date | None = None
    edition: datetime.date | None = None
    source_lines: tuple[int, ...] = field(default=())
    home_university: str = ""
    row: int | None = field(default=None, compare=False, repr=False)
    # The PARTNER_FIELDS' values in their order, "" for unknown; () when none is
    # known (a record read from a list).
    partner_ids: tuple[str, ...] = field(default=(), compare=False, repr=False)
    # The LIFECYCLE_FIELDS' values (JSON-ready) of an agreement the registry
    # keeps; None for a record read from a list, or from a file without these
    # columns. Read from a file, it holds only the values the file gives
    # (`core.formats.row_lifecycle`): what it leaves out an import leaves as is.
    lifecycle: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The record in the export schema (JSON-ready); `home_university` only
        when known, so that a parsed list reads as it always has.

        >>> Record("university", "Asia", "TH", "Thailand", "Chulalongkorn University",
        ...        concluded_on=datetime.date(2011, 2, 3)).to_dict()["concluded_on"]
        '2011-02-03'
        """
        return export_dict(
            self.level,
            self.region,
            self.country_code,
            self.country_name,
            self.institution,
            self.co_partners,
            self.partner_department,
            self.home_unit,
            self.fee_waiver,
            self.concluded_on,
            self.edition,
            self.source_lines,
            self.home_university,
        )

    def partner_dict(self) -> dict[str, str | None]:
        """The partner's identifiers by PARTNER_FIELDS name, None when unknown.

        >>> Record("university", "Asia", "JP", "Japan", "Tohoku University",
        ...     partner_ids=("01dq60k83", "", "", "", "Sendai")).partner_dict()
        ... # doctest: +NORMALIZE_WHITESPACE
        {'partner_ror_id': '01dq60k83', 'partner_erasmus_code': None,
         'partner_schac_code': None, 'partner_website': None, 'partner_city': 'Sendai'}
        """
        values = self.partner_ids or ("",) * len(PARTNER_FIELDS)
        return {
            name: value or None
            for name, value in zip(PARTNER_FIELDS, values, strict=True)
        }

    def lifecycle_dict(self) -> dict[str, Any]:
        """The LIFECYCLE_FIELDS by name, None for each when unknown."""
        known = self.lifecycle or {}
        return {name: known.get(name) for name in LIFECYCLE_FIELDS}

    def with_changes(self, **changes: Any) -> Record:
        """The record with `changes` to its fields.

        >>> Record("university", "Asia", "TH", "Thailand", "Mahidol University"
        ...        ).with_changes(fee_waiver=True).fee_waiver
        True
        """
        if not changes.keys() <= _FIELD_SET:
            return replace(self, **changes)  # the TypeError naming the field
        # `replace` builds the record again through __init__ (about 8 µs, 0.8 s
        # for an export of 100k rows); a record holds nothing derived from its
        # fields, so copying them is the same record. The values are read at
        # once and set through the slots' own descriptors (frozen, a record's
        # __setattr__ refuses): 100,000 records 0.42 -> 0.37 s.
        values = list(_ALL_FIELDS(self))
        for name, value in changes.items():
            values[_FIELD_INDEX[name]] = value
        changed = object.__new__(Record)
        for set_field, value in zip(_FIELD_SETTERS, values, strict=True):
            set_field(changed, value)
        return changed


_FIELD_NAMES = tuple(f.name for f in fields(Record))
_FIELD_SET = frozenset(_FIELD_NAMES)
_FIELD_INDEX = {name: n for n, name in enumerate(_FIELD_NAMES)}
_ALL_FIELDS = operator.attrgetter(*_FIELD_NAMES)
_FIELD_SETTERS = tuple(getattr(Record, name).__set__ for name in _FIELD_NAMES)
_SET_EDITION = _FIELD_SETTERS[_FIELD_INDEX["edition"]]
_SET_HOME_UNIVERSITY = _FIELD_SETTERS[_FIELD_INDEX["home_university"]]


def restamp(
    record: Record, *, edition: datetime.date | None, home_university: str
) -> Record:
    """The record itself, its edition and home university changed.

    Records are values, and this is the one place where one changes: for the
    records a reader hands over whole (an export file's, grouped by edition
    before they are stored), which nothing else holds and nothing has hashed
    yet. A copy of each (`with_changes`) cost 0.29 s of a 6 s import of
    100,000 records; setting two fields costs 0.03 s.

    >>> record = Record("university", "Asia", "TH", "Thailand", "Mahidol University",
    ...                 home_university="tohoku")
    >>> day = datetime.date(2021, 5, 1)
    >>> restamp(record, edition=day, home_university="") is record
    True
    >>> record.edition, record.home_university
    (datetime.date(2021, 5, 1), '')
    """
    _SET_EDITION(record, edition)
    _SET_HOME_UNIVERSITY(record, home_university)
    return record


def export_dict(
    level: str,
    region: str,
    country_code: str,
    country_name: str,
    institution: str,
    co_partners: Iterable[str],
    partner_department: str,
    home_unit: str,
    fee_waiver: bool | None,
    concluded_on: datetime.date | None,
    edition: datetime.date | None,
    source_lines: Iterable[int],
    home_university: str,
) -> dict[str, Any]:
    """An agreement in the export schema (JSON-ready), its fields in their
    order: `Record.to_dict`, and a registry row's without building a record
    (`rows.Listed.export_dict`)."""
    data = {
        "level": level,
        "region": region,
        "country_code": country_code,
        "country_name": country_name,
        "institution": institution,
        "co_partners": list(co_partners),
        "partner_department": partner_department,
        "home_unit": home_unit,
        "fee_waiver": fee_waiver,
        "concluded_on": _iso(concluded_on),
        "edition": _iso(edition),
        "source_lines": list(source_lines),
    }
    if home_university:
        data["home_university"] = home_university
    return data


def orjson_ready(record: Record, edition: datetime.date | None) -> dict[str, Any]:
    """`record.to_dict()` for orjson, which writes a date as its ISO form and a
    tuple as an array: the same JSON without converting each value first
    (the 100k records an import keeps: 0.14 -> 0.09 s). `edition` stands for
    an unknown one.

    >>> import orjson
    >>> record = Record("university", "Asia", "TH", "Thailand", "Mahidol University",
    ...                 concluded_on=datetime.date(2011, 2, 3), source_lines=(7,))
    >>> day = datetime.date(2021, 5, 1)
    >>> orjson.loads(orjson.dumps(orjson_ready(record, day))) == {
    ...     **record.to_dict(), "edition": "2021-05-01"}
    True
    """
    data = {
        "level": record.level,
        "region": record.region,
        "country_code": record.country_code,
        "country_name": record.country_name,
        "institution": record.institution,
        "co_partners": record.co_partners,
        "partner_department": record.partner_department,
        "home_unit": record.home_unit,
        "fee_waiver": record.fee_waiver,
        "concluded_on": record.concluded_on,
        "edition": record.edition or edition,
        "source_lines": record.source_lines,
    }
    if record.home_university:
        data["home_university"] = record.home_university
    return data


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None
