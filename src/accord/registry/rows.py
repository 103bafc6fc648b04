"""Agreements as listings show them, read by id in up to three queries.

A page of results shows fifty agreements with their partner, country, region,
unit, edition and co-partners. Building fifty model instances with their related
objects and a prefetch costs more than the whole search (about 50 ms at 100k
agreements); these plain rows cost about one. They answer the same attribute
paths the templates and serialisers use on an `Agreement`
(`agreement.institution.country.name`, `agreement.home_unit.code`, ...).
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from accord.core.records import Record, export_dict
from accord.registry.lifecycle import PUBLIC
from accord.registry.models import is_in_force


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    slug: str
    iso_code: str | None
    region_name: str
    region_order: int


@dataclass(frozen=True, slots=True)
class Partner:
    pk: int
    name: str
    country: Place
    # core.records.PARTNER_FIELDS' values: ROR id, Erasmus code, SCHAC code,
    # website, city ("" when unknown).
    identifiers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    full_name: str
    name_ja: str = ""


@dataclass(frozen=True, slots=True)
class Listed:
    """One agreement as a listing shows it."""

    pk: int
    level: str
    institution: Partner
    printed_name: str
    partner_department: str
    home_unit: Unit | None
    fee_waiver: bool | None  # None: unknown
    concluded_on: datetime.date | None
    ended_on: datetime.date | None
    status: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    term_months: int | None
    renews_automatically: bool
    edition_as_of: datetime.date | None
    source_lines: tuple[int, ...]
    version: int
    co_partners: tuple[Partner, ...]
    home_university: str  # its slug
    # Its cooperation terms, as `TERM_FIELDS` name them (JSON-ready).
    terms: tuple[dict[str, Any], ...] = ()
    # Staff text: only the staff's export (`accord export`) carries it.
    termination_reason: str = ""

    @property
    def is_public(self) -> bool:
        """Whether the public may see it: not before it is concluded."""
        return self.status in PUBLIC

    @property
    def institution_id(self) -> int:
        return self.institution.pk

    @property
    def partner_name(self) -> str:
        """The partner as its edition names it: the export schema's `institution`."""
        return self.printed_name or self.institution.name

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        """The registry's `in_force` rule for this agreement."""
        return is_in_force(self.status, self.concluded_on, self.ended_on, on)

    def export_dict(self) -> dict[str, Any]:
        """`record().to_dict()` without building the record and its lifecycle
        (a page of the API serialises fifty: a twentieth of its CPU)."""
        country = self.institution.country
        return export_dict(
            self.level,
            country.region_name,
            country.iso_code or "",
            country.name,
            self.partner_name,
            sorted(p.name for p in self.co_partners),
            self.partner_department,
            self.home_unit.code if self.home_unit else "",
            self.fee_waiver,
            self.concluded_on,
            self.edition_as_of,
            self.source_lines,
            self.home_university,
        )

    def record(self, *, staff: bool = False) -> Record:
        """The agreement in the export schema (co-partners by name); with its
        termination reason for `staff` (a public export leaves it unknown)."""
        country = self.institution.country
        return Record(
            level=self.level,  # type: ignore[arg-type]
            region=country.region_name,
            country_code=country.iso_code or "",
            country_name=country.name,
            institution=self.partner_name,
            co_partners=tuple(sorted(p.name for p in self.co_partners)),
            partner_department=self.partner_department,
            home_unit=self.home_unit.code if self.home_unit else "",
            fee_waiver=self.fee_waiver,
            concluded_on=self.concluded_on,
            edition=self.edition_as_of,
            source_lines=self.source_lines,
            home_university=self.home_university,
            partner_ids=self.institution.identifiers,
            lifecycle={
                "status": self.status,
                "valid_from": _iso(self.valid_from),
                "valid_until": _iso(self.valid_until),
                "term_months": self.term_months,
                "renews_automatically": self.renews_automatically,
                "cooperation_terms": list(self.terms),
                "ended_on": _iso(self.ended_on),
                "termination_reason": self.termination_reason if staff else None,
            },
        )


# The partner's columns, in the order of `_partner`.
PARTNER_COLUMNS = """i.id, i.name, c.name, c.slug, c.iso_code, r.name, r.sort_order,
       i.ror_id, i.erasmus_code, i.schac_code, i.website, i.city"""
AGREEMENTS = """
SELECT a.id, a.level, a.printed_name, a.partner_department, a.fee_waiver,
       CAST(a.concluded_on AS TEXT), CAST(a.ended_on AS TEXT), a.source_lines,
       a.version, u.code, u.full_name, CAST(e.as_of AS TEXT), a.status,
       CAST(a.valid_from AS TEXT), CAST(a.valid_until AS TEXT), a.term_months,
       a.renews_automatically, u.name_ja, h.slug, {partner},
       a.termination_reason
FROM registry_agreement a
JOIN registry_homeuniversity h ON h.id = a.home_university_id
JOIN registry_institution i ON i.id = a.institution_id
JOIN registry_country c ON c.id = i.country_id
JOIN registry_region r ON r.id = c.region_id
LEFT JOIN registry_homeunit u ON u.id = a.home_unit_id
LEFT JOIN registry_edition e ON e.id = a.edition_id
WHERE a.id IN ({marks})
"""
# Co-partners are listed by name (ties by id, so the order never varies).
CO_PARTNER_ORDER = "i.name, i.id"
CO_PARTNERS = """
SELECT t.agreement_id, {partner}
FROM registry_agreement_co_partners t
JOIN registry_institution i ON i.id = t.institution_id
JOIN registry_country c ON c.id = i.country_id
JOIN registry_region r ON r.id = c.region_id
WHERE t.agreement_id IN ({marks})
ORDER BY {order}
"""
# Every cooperation term, in the order a listing shows an agreement's; with
# `{where}` the terms of some agreements.
TERMS = """
SELECT agreement_id, direction, mobility_type, places_per_year,
       first_academic_year, last_academic_year, blended, study_levels,
       subject_areas, languages, fee_waiver_scope
FROM registry_cooperationterm {where}
ORDER BY agreement_id, mobility_type, direction, id
"""
TERM_FIELDS = (
    "direction",
    "mobility_type",
    "places_per_year",
    "first_academic_year",
    "last_academic_year",
    "blended",
    "study_levels",
    "subject_areas",
    "languages",
    "fee_waiver_scope",
)
JSON_TERM_FIELDS = ("study_levels", "subject_areas", "languages", "fee_waiver_scope")
# Ids per query: far below SQLite's limit on parameters.
CHUNK = 1000


def listed(pks: Sequence[int]) -> list[Listed]:
    """The agreements with these ids, in this order (missing ids left out)."""
    found: dict[int, Listed] = {}
    for start in range(0, len(pks), CHUNK):
        found.update(_read(pks[start : start + CHUNK]))
    return [found[pk] for pk in pks if pk in found]


def _read(pks: Sequence[int]) -> dict[int, Listed]:
    if not pks:
        return {}
    marks = ", ".join(["%s"] * len(pks))
    co_partners: dict[int, list[Partner]] = defaultdict(list)
    terms: dict[int, list[dict[str, Any]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            CO_PARTNERS.format(
                marks=marks, partner=PARTNER_COLUMNS, order=CO_PARTNER_ORDER
            ),
            list(pks),
        )
        for row in cursor.fetchall():
            co_partners[row[0]].append(_partner(row[1:]))
        cursor.execute(
            AGREEMENTS.format(marks=marks, partner=PARTNER_COLUMNS), list(pks)
        )
        rows = cursor.fetchall()
        cursor.execute(
            TERMS.format(where=f"WHERE agreement_id IN ({marks})"), list(pks)
        )
        for row in cursor.fetchall():
            terms[row[0]].append(term_of(row[1:]))
    return {
        row[0]: _listed(row, tuple(co_partners[row[0]]), tuple(terms[row[0]]))
        for row in rows
    }


def term_of(row: Sequence[Any]) -> dict[str, Any]:
    """A cooperation term as a listing shows it, from its TERMS columns (after
    the agreement's id)."""
    # SQLite hands JSON columns over as text, PostgreSQL as values.
    term = dict(zip(TERM_FIELDS, row, strict=True))
    for name in JSON_TERM_FIELDS:
        if isinstance(term[name], str):
            term[name] = json.loads(term[name])
    term["blended"] = None if term["blended"] is None else bool(term["blended"])
    term["first_academic_year"] = term["first_academic_year"] or None
    term["last_academic_year"] = term["last_academic_year"] or None
    return term


def _listed(
    row: Sequence[Any],
    co_partners: tuple[Partner, ...],
    terms: tuple[dict[str, Any], ...] = (),
) -> Listed:
    (pk, level, printed, department, waiver, concluded, ended, lines, version) = row[:9]
    unit_code, unit_name, edition, status = row[9:13]
    valid_from, valid_until, term_months, renews, unit_name_ja = row[13:18]
    return Listed(
        pk=pk,
        level=level,
        institution=_partner(row[19:]),
        printed_name=printed,
        partner_department=department,
        home_unit=(
            Unit(unit_code, unit_name, unit_name_ja) if unit_code is not None else None
        ),
        fee_waiver=None if waiver is None else bool(waiver),
        concluded_on=_date(concluded),
        ended_on=_date(ended),
        status=status,
        valid_from=_date(valid_from),
        valid_until=_date(valid_until),
        term_months=term_months,
        renews_automatically=bool(renews),
        edition_as_of=_date(edition),
        source_lines=source_line_numbers(lines),
        version=version,
        co_partners=co_partners,
        home_university=row[18],
        terms=terms,
        termination_reason=row[31] or "",
    )


def source_line_numbers(stored: str | list[int] | None) -> tuple[int, ...]:
    """An agreement's `source_lines` as stored: SQLite hands the JSON over as
    text, PostgreSQL as a list."""
    return tuple(json.loads(stored) if isinstance(stored, str) else stored or ())


def _partner(row: Sequence[Any]) -> Partner:
    pk, name, country, slug, iso_code, region, region_order = row[:7]
    identifiers = tuple(value or "" for value in row[7:12])
    place = Place(country, slug, iso_code, region, region_order)
    return Partner(pk, name, place, identifiers)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None
