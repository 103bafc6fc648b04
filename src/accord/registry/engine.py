"""The search engine: the registry's agreements as columns in memory, so that a
search finds its matches once and computes its page, its exact count and every
facet from that one result.

A `Snapshot` holds one version of the data (`version.data_version`): a column
per filterable field of every agreement, the places and units by code, the
institutions' text index (`textindex.py`) and the agreements pre-sorted for
each order. Each process builds it from the database the first time it is
asked after the data changed; the database stays the source of truth.

    result = search(filters, page=1, size=50)
    result.count, result.pks, result.facets
"""

from __future__ import annotations

import datetime
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import numpy as np
from django.conf import settings
from django.db import connection
from numpy.typing import NDArray

from accord.core.collecting import fewer_collections
from accord.core.countries import cldr_name
from accord.core.names import collation_key, kept_words, search_words
from accord.registry import stored_snapshots as stored
from accord.registry.cooperation import MobilityType
from accord.registry.filters import AgreementFilters
from accord.registry.lifecycle import ON_LIST, PUBLIC, Status
from accord.registry.models import today
from accord.registry.rows import (
    CO_PARTNER_ORDER,
    TERMS,
    Listed,
    Partner,
    Place,
    Unit,
    source_line_numbers,
    term_of,
)
from accord.registry.term_columns import FACETS as TERM_FACETS
from accord.registry.term_columns import TermColumns, TermFilters, TermRow
from accord.registry.textindex import TextIndex, ranges
from accord.registry.version import data_version

UNKNOWN = np.iinfo(np.int32).min  # a date the list leaves unknown
NEVER = np.iinfo(np.int32).max  # an agreement that has not ended
EPOCH = datetime.date(1970, 1, 1)
LEVELS = ("university", "department")
STATUSES: tuple[str, ...] = tuple(Status.values)
Mask = NDArray[np.bool_]
# Positions of agreements in the snapshot's columns (32 or 64 bits).
Positions = NDArray[np.signedinteger[Any]]


@dataclass(frozen=True)
class Places:
    """Regions, countries, home universities and units by position, and the
    codes filters use.

    A unit's code is unique within its university only: two universities may
    both have a "GS Engineering". `unit_keys` are the codes as filters and facets
    name them (distinct, case-insensitively), `unit_key` each unit's among them.
    """

    region_slugs: list[str]
    region_names: list[str]
    country_codes: list[str]  # ISO code, or the pseudo-country's slug
    country_isos: list[str | None]
    country_names: list[str]
    university_slugs: list[str]
    university_names: list[str]
    unit_codes: list[str]
    unit_names: list[str]
    unit_names_ja: list[str]
    unit_university: list[int]  # position in university_slugs
    unit_keys: list[str]
    unit_key: list[int]  # position in unit_keys

    # Worked out once per snapshot, not per search: a national registry has
    # tens of thousands of units.
    @cached_property
    def unit_labels(self) -> list[str]:
        """A label per unit key: the full name of the first unit with the code."""
        labels: list[str] = [""] * len(self.unit_keys)
        for code, name, key in zip(
            self.unit_codes, self.unit_names, self.unit_key, strict=True
        ):
            labels[key] = labels[key] or name or code
        return labels

    @cached_property
    def unit_key_column(self) -> NDArray[np.int64]:
        """`unit_key` as an array, with -1 (no unit) at the end for -1."""
        return np.array([*self.unit_key, -1], dtype=np.int64)

    @cached_property
    def unit_university_column(self) -> NDArray[np.int64]:
        return np.array(self.unit_university, dtype=np.int64)

    def region_at(self, slug: str) -> int | None:
        return _position(self.region_slugs, slug)

    def country_at(self, code: str) -> int | None:
        """An ISO code (any case) or a pseudo-country's slug."""
        if len(code) == 2 and code.upper() in self.country_isos:
            return self.country_isos.index(code.upper())
        found = _position(self.country_codes, code)
        return found if found is not None and self.country_isos[found] is None else None

    def university_at(self, slug: str) -> int | None:
        return _position(self.university_slugs, slug.strip().lower())

    def units_at(self, code: str, university: str = "") -> list[int]:
        """The units with this code as printed, matched case-insensitively: of
        one university when its slug is given, else of every university."""
        wanted = code.strip().lower()
        within = self.university_at(university) if university else None
        if university and within is None:
            return []
        return [
            k
            for k, c in enumerate(self.unit_codes)
            if c.lower() == wanted
            and (within is None or self.unit_university[k] == within)
        ]

    # The names the filter language checks (`filters.Names`), in stored form.

    def region(self, slug: str) -> str | None:
        at = self.region_at(slug)
        return None if at is None else self.region_slugs[at]

    def country(self, code: str) -> str | None:
        at = self.country_at(code)
        return None if at is None else self.country_codes[at]

    def university(self, slug: str) -> str | None:
        at = self.university_at(slug)
        return None if at is None else self.university_slugs[at]

    def unit(self, code: str, university: str = "") -> str | None:
        found = self.units_at(code, university)
        return self.unit_codes[found[0]] if found else None


def _position(values: list[Any], value: Any) -> int | None:
    try:
        return values.index(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Coded:
    """A column of few distinct values: each entry's position in `values`, in
    the narrowest integer type that holds them (a million agreements' list of
    references took 8 MB a column)."""

    codes: NDArray[np.unsignedinteger[Any]]
    values: list[Any]

    def at(self, positions: list[int]) -> list[Any]:
        values = self.values
        return [values[code] for code in self.codes[positions].tolist()]


class _Coder:
    def __init__(self) -> None:
        self.number: dict[Any, int] = {}
        self.parts: list[NDArray[np.int64]] = []

    def add(self, values: Iterable[Any]) -> None:
        number = self.number
        self.parts.append(
            np.array([number.setdefault(v, len(number)) for v in values], np.int64)
        )

    def coded(self) -> Coded:
        codes = np.concatenate(self.parts) if self.parts else np.empty(0, np.int64)
        kind = np.min_scalar_type(max(len(self.number) - 1, 0))
        return Coded(codes.astype(kind), list(self.number))


@dataclass(frozen=True)
class Listing:
    """What a listing shows of each agreement beyond the columns a search
    filters on (`rows.Listed`), so that a page of results is built from the
    snapshot that found it: no query (a fifth of an API search's CPU), and the
    rows of the same version of the data as the count and the facets."""

    # One entry per agreement.
    printed_name: Coded
    partner_department: Coded
    termination_reason: Coded
    source_lines: Coded
    version: NDArray[np.int32]
    valid_from: NDArray[np.int32]  # days since 1970; UNKNOWN
    valid_until: NDArray[np.int32]  # days since 1970; UNKNOWN
    term_months: NDArray[np.int16]  # -1: none
    renews_automatically: NDArray[np.bool_]
    edition: NDArray[np.int32]  # its edition's date, days since 1970; UNKNOWN
    # Only the agreements that have some (few do): their co-partners'
    # institution positions, in the order `rows.listed` gives them, and their
    # cooperation terms (`rows.term_of`; read-only, shared by every page showing
    # them).
    co_partners: dict[int, tuple[int, ...]]
    terms: dict[int, tuple[dict[str, Any], ...]]
    # One entry per institution: its name and identifiers (`rows.Partner`).
    institution_names: list[str]
    institution_identifiers: list[tuple[str, ...]]
    # One per country, and one per unit (in `Places`' order).
    country_places: list[Place]
    units: list[Unit]


@dataclass(frozen=True)
class Snapshot:
    version: str
    places: Places
    # One entry per agreement, in the database's id order.
    pks: NDArray[np.int64]
    institution: NDArray[np.int32]  # position in institution_pks
    country: NDArray[np.int32]
    region: NDArray[np.int32]
    university: NDArray[np.int32]  # position in places.university_slugs
    level: NDArray[np.int8]  # position in LEVELS
    unit: NDArray[np.int32]  # -1: none (university level) or lost
    fee_waiver: NDArray[np.int8]  # 1 waived, 0 not, -1 unknown
    concluded: NDArray[np.int32]  # days since 1970; UNKNOWN
    ended: NDArray[np.int32]  # days since 1970; NEVER
    status: NDArray[np.int8]  # position in STATUSES
    decade: NDArray[np.int32]  # first year of the decade; -1 unknown
    decades: list[int]  # the decades there are, in order
    decade_position: NDArray[np.int32]  # position in `decades`; -1 unknown
    # One entry per institution.
    institution_pks: NDArray[np.int64]
    institution_country: NDArray[np.int32]
    text: TextIndex
    # Agreement positions in each order (registry.filters.SORTS), and each
    # agreement's place in each order.
    orders: dict[str, NDArray[np.int32]]
    order_ranks: dict[str, NDArray[np.int32]]
    # Agreement positions grouped by institution: institution k's agreements are
    # by_institution[institution_starts[k]:institution_starts[k + 1]].
    by_institution: NDArray[np.int32]
    institution_starts: NDArray[np.int64]
    # A unit's code or name in any language, as search words -> the positions of
    # the units so named (one per university that has such a unit): a query
    # naming a unit ("工学研究科") finds the agreements they hold.
    unit_terms: dict[tuple[str, ...], list[int]]
    # The agreements' cooperation terms.
    terms: TermColumns
    listing: Listing


# -- searching ----------------------------------------------------------------------

# `open_to` counts, for each unit, the agreements a member of it can go abroad
# under (every university-level one of its university plus the unit's own): the
# filter "Where can I go?" and the portal's unit facet use. `home_unit` counts
# what each unit holds. Units are counted by code (`Places.unit_keys`), as the
# filters name them. `university` is counted only when the registry keeps more
# than one home university: with one it would say nothing. `status` counts every
# agreement the public may see (drafts never) by its lifecycle status; the other
# filters apply, the default "in force today" not.
FACETS: tuple[str, ...] = (
    "university",
    "region",
    "country",
    "level",
    "open_to",
    "home_unit",
    "fee_waiver",
    "decade",
    "status",
    *TERM_FACETS,
)


@dataclass(frozen=True)
class Result:
    """A search's page of agreement ids, its exact count, and its facets."""

    count: int
    pks: list[int]
    facets: dict[str, list[dict[str, Any]]] | None
    # The page's positions in the snapshot that found it (`page_rows`).
    positions: list[int] = field(repr=False)
    found_in: Snapshot = field(repr=False, compare=False)


def search(
    filters: AgreementFilters,
    page: int = 1,
    size: int | None = 50,
    *,
    facets: bool = True,
) -> Result:
    """The agreements the filters select, in the order asked: page `page` of
    `size` (every one when `size` is None), the count, and facet counts."""
    frame, masks, rank = _select(snapshot(), filters)
    selected = _combine(masks.values())
    positions = _ordered(frame, filters, selected, rank)
    start = (page - 1) * (size or 0)
    shown = positions if size is None else positions[start : start + size]
    counts = _facet_counts(frame, masks, filters) if facets else None
    current = frame.current
    return Result(
        len(positions),
        current.pks[shown].tolist(),
        counts,
        positions=shown.tolist(),
        found_in=current,
    )


def page_rows(result: Result) -> list[Listed]:
    """The agreements of a search's page as `rows.listed` reads them, from the
    snapshot that found them: the same version of the data as the count and
    the facets, and no query."""
    current = result.found_in
    at = result.positions
    listing = current.listing
    places = current.places
    institutions = current.institution[at]
    columns = zip(
        current.pks[at].tolist(),
        institutions.tolist(),
        current.institution_pks[institutions].tolist(),
        current.institution_country[institutions].tolist(),
        current.level[at].tolist(),
        current.unit[at].tolist(),
        current.fee_waiver[at].tolist(),
        current.concluded[at].tolist(),
        current.ended[at].tolist(),
        current.status[at].tolist(),
        current.university[at].tolist(),
        listing.version[at].tolist(),
        listing.valid_from[at].tolist(),
        listing.valid_until[at].tolist(),
        listing.term_months[at].tolist(),
        listing.renews_automatically[at].tolist(),
        listing.edition[at].tolist(),
        listing.printed_name.at(at),
        listing.partner_department.at(at),
        listing.termination_reason.at(at),
        listing.source_lines.at(at),
        strict=True,
    )
    rows = []
    for position, (
        pk,
        institution,
        institution_pk,
        institution_country,
        level,
        unit,
        fee_waiver,
        concluded,
        ended,
        status,
        university,
        version,
        valid_from,
        valid_until,
        term_months,
        renews,
        edition,
        printed_name,
        partner_department,
        termination_reason,
        source_lines,
    ) in zip(at, columns, strict=True):
        rows.append(
            Listed(
                pk=pk,
                level=LEVELS[level],
                institution=_partner_of(
                    listing, institution, institution_pk, institution_country
                ),
                printed_name=printed_name,
                partner_department=partner_department,
                home_unit=listing.units[unit] if unit >= 0 else None,
                fee_waiver=None if fee_waiver < 0 else bool(fee_waiver),
                concluded_on=_day(concluded, UNKNOWN),
                ended_on=_day(ended, NEVER),
                status=STATUSES[status],
                valid_from=_day(valid_from, UNKNOWN),
                valid_until=_day(valid_until, UNKNOWN),
                term_months=None if term_months < 0 else term_months,
                renews_automatically=renews,
                edition_as_of=_day(edition, UNKNOWN),
                source_lines=source_lines,
                version=version,
                co_partners=tuple(
                    _partner(current, p) for p in listing.co_partners.get(position, ())
                ),
                home_university=places.university_slugs[university],
                terms=listing.terms.get(position, ()),
                termination_reason=termination_reason,
            )
        )
    return rows


def _partner(current: Snapshot, position: int) -> Partner:
    return _partner_of(
        current.listing,
        position,
        int(current.institution_pks[position]),
        int(current.institution_country[position]),
    )


def _partner_of(listing: Listing, position: int, pk: int, country: int) -> Partner:
    # A page's ids and countries are taken from the arrays at once, not one by one.
    return Partner(
        pk,
        listing.institution_names[position],
        listing.country_places[country],
        listing.institution_identifiers[position],
    )


_EPOCH_ORDINAL = EPOCH.toordinal()
_from_ordinal = datetime.date.fromordinal


def _day(days: int, missing: int) -> datetime.date | None:
    # By ordinal: a fifth of the time of adding a timedelta, five dates a row.
    return None if days == missing else _from_ordinal(_EPOCH_ORDINAL + days)


def partners_by_country(filters: AgreementFilters) -> list[tuple[str, str, int]]:
    """(country code, name, partner institutions) of each country with an
    agreement the filters select, by name."""
    frame, masks, _ = _select(snapshot(), filters)
    current = frame.current
    selected = _combine(masks.values())
    chosen = frame["institution"]
    partners = np.unique(chosen if selected is None else chosen[selected])
    tally = np.bincount(
        current.institution_country[partners],
        minlength=len(current.places.country_codes),
    )
    places = current.places
    rows = [
        (places.country_codes[k], places.country_names[k], int(n))
        for k, n in enumerate(tally)
        if n
    ]
    return sorted(rows, key=lambda row: collation_key(row[1]))


@dataclass(frozen=True)
class PlaceCounts:
    """Agreements in force today per region, country and unit (by the codes
    filters use), and institutions per country."""

    agreements_by_region: dict[str, int]
    agreements_by_country: dict[str, int]
    agreements_by_unit: dict[str, int]
    institutions_by_country: dict[str, int]


def place_counts() -> PlaceCounts:
    """Every list of places shows these counts; they change with the data or
    the day, so they are worked out once for each."""
    return _once_a_day("place_counts", snapshot(), _place_counts)


def _place_counts(current: Snapshot) -> PlaceCounts:
    force = _in_force(current)
    places = current.places
    return PlaceCounts(
        _tally(current.region[force], places.region_slugs),
        _tally(current.country[force], places.country_codes),
        _tally(_unit_keys(current.unit[force], places), places.unit_keys),
        _tally(current.institution_country, places.country_codes),
    )


def _unit_keys(unit: NDArray[np.integer[Any]], places: Places) -> NDArray[np.int64]:
    """Unit positions as positions in `places.unit_keys` (-1 stays -1)."""
    return places.unit_key_column[unit]


def _tally(column: NDArray[np.integer[Any]], names: Sequence[str]) -> dict[str, int]:
    counts = np.bincount(column[column >= 0], minlength=len(names))
    return {name: int(n) for name, n in zip(names, counts.tolist(), strict=True)}


def matching_institutions(text: str) -> list[int]:
    """The ids of the institutions matching `text`, best first."""
    current = snapshot()
    ranked = _ranked(current, search_words(text))
    return current.institution_pks[ranked].tolist()


def _ranked(current: Snapshot, words: list[str]) -> NDArray[np.int64]:
    """Positions of the institutions matching the words, best first (equal
    scores by id)."""
    found = current.text.match(words)
    order = np.lexsort((current.institution_pks[found.positions], -found.scores))
    return found.positions[order]


class Frame:
    """The agreements a search looks at: every one, or with a text query only
    those of the matching institutions, so that the filters, the order and the
    facets work on the few hundred a query finds rather than on every agreement.
    A column is taken at the frame's positions once, when first asked for."""

    def __init__(self, current: Snapshot, positions: Positions | None):
        self.current = current
        self.positions = positions
        self._columns: dict[str, NDArray[Any]] = {}

    def take(self, column: NDArray[Any]) -> NDArray[Any]:
        """A column of every agreement, at the frame's positions."""
        return column if self.positions is None else column[self.positions]

    def __getitem__(self, name: str) -> NDArray[Any]:
        column = self._columns.get(name)
        if column is None:
            column = getattr(self.current, name)
            if self.positions is not None:
                column = column[self.positions]
            self._columns[name] = column
        return column


def _select(
    current: Snapshot, filters: AgreementFilters
) -> tuple[Frame, dict[str, Mask], NDArray[np.int64] | None]:
    """The frame of the search; each active filter's selection within it, by
    the name of the facet it narrows (a facet is counted under every filter but
    its own); and, with a text query, each institution's relevance rank (the
    number of matches: no match)."""
    rank = None
    frame = Frame(current, None)
    words = search_words(filters.q)
    if words:
        ranked = _ranked(current, words)
        # Institutions that do not match rank after every one that does.
        rank = np.full(len(current.institution_pks), len(ranked), dtype=np.int64)
        rank[ranked] = np.arange(len(ranked))
        starts = current.institution_starts
        held = ranges(starts[ranked], starts[ranked + 1] - starts[ranked])
        positions = current.by_institution[held]
        units = current.unit_terms.get(tuple(words))
        if units:
            # A query naming a unit ("工学研究科") finds the agreements it holds.
            held_by = np.flatnonzero(np.isin(current.unit, units))
            positions = np.union1d(positions, held_by)
        frame = Frame(current, positions)
    # Whether each agreement is public, and in force today, is worked out for
    # every agreement once a day; a frame takes its share.
    masks: dict[str, Mask] = {
        "public": frame.take(_once_a_day("public", current, _public))
    }
    if filters.status:
        masks["status"] = frame["status"] == STATUSES.index(filters.status)
    elif not filters.include_ended:
        masks["status"] = frame.take(_in_force(current))
    by_terms = current.terms.selecting(_term_filters(filters), len(current.pks))
    if by_terms is not None:
        masks["terms"] = (
            by_terms if frame.positions is None else by_terms[frame.positions]
        )
    places = current.places
    if filters.region:
        masks["region"] = frame["region"] == _or_none(places.region_at(filters.region))
    if filters.country:
        masks["country"] = frame["country"] == _or_none(
            places.country_at(filters.country)
        )
    if filters.university:
        masks["university"] = frame["university"] == _or_none(
            places.university_at(filters.university)
        )
    if filters.level:
        masks["level"] = frame["level"] == LEVELS.index(filters.level)
    if filters.home_unit:
        units = places.units_at(filters.home_unit, filters.university)
        masks["home_unit"] = np.isin(frame["unit"], units)
    if filters.open_to:
        masks["open_to"] = _open_to(frame, places, filters)
    if filters.fee_waiver is not None:
        # An unknown waiver (-1) is neither.
        masks["fee_waiver"] = frame["fee_waiver"] == int(filters.fee_waiver)
    if filters.decade is not None:
        masks["decade"] = frame["decade"] == filters.decade
    if filters.concluded_from:
        since = (filters.concluded_from - EPOCH).days
        known = frame["concluded"] != UNKNOWN
        masks["from"] = (frame["concluded"] >= since) & known
    if filters.concluded_to:
        until = (filters.concluded_to - EPOCH).days
        known = frame["concluded"] != UNKNOWN
        masks["to"] = (frame["concluded"] <= until) & known
    return frame, masks, rank


def _open_to(frame: Frame, places: Places, filters: AgreementFilters) -> Mask:
    """What members of the unit can go abroad under: the university-level
    agreements of the unit's university and the unit's own. Without a
    `university`, every unit with the code (and their universities)."""
    units = places.units_at(filters.open_to, filters.university)
    universities = sorted({places.unit_university[k] for k in units})
    if not units and len(places.university_slugs) == 1:
        # A unit this version lacks: as before there were several universities,
        # the one university's own agreements stay open to it.
        universities = [0]
    university_level = (frame["level"] == LEVELS.index("university")) & np.isin(
        frame["university"], universities
    )
    return university_level | np.isin(frame["unit"], units)


def _in_force(current: Snapshot) -> Mask:
    """The agreements in force today: every search without a text query starts
    from them, the same comparisons over every agreement each time."""
    return _once_a_day("in_force", current, _in_force_today)


def _in_force_today(current: Snapshot) -> Mask:
    day = (today() - EPOCH).days
    force = _in_force_on(day, current.status, current.concluded, current.ended)
    force.flags.writeable = False  # shared by every search: never changed in place
    return force


T = TypeVar("T")
# name -> (data version, day, value) of what _once_a_day keeps.
_kept: dict[str, tuple[str, int, Any]] = {}


def _once_a_day(name: str, current: Snapshot, compute: Callable[[Snapshot], T]) -> T:
    """`compute(current)`, kept until the data or the day changes."""
    day = (today() - EPOCH).days
    kept = _kept.get(name)
    if kept is not None and kept[:2] == (current.version, day):
        value: T = kept[2]
        return value
    value = compute(current)
    _kept[name] = (current.version, day, value)
    return value


# Whether each status (by its position in STATUSES) is on the list, and public:
# a status column indexes them (np.isin of a few hundred values took ~30 us).
_LISTED = np.array([s in ON_LIST for s in STATUSES], dtype=np.bool_)
_PUBLIC = np.array([s in PUBLIC for s in STATUSES], dtype=np.bool_)


def _public(current: Snapshot) -> Mask:
    public: Mask = _PUBLIC[current.status]
    public.flags.writeable = False  # shared by every search: never changed in place
    return public


def _term_filters(filters: AgreementFilters) -> TermFilters:
    return TermFilters(
        mobility_type=filters.mobility_type,
        study_level=filters.study_level,
        subject_area=filters.subject_area,
        language=filters.language,
        places_available=filters.places_available,
    )


def _in_force_on(
    day: int,
    status: NDArray[np.int8],
    concluded: NDArray[np.int32],
    ended: NDArray[np.int32],
) -> Mask:
    """`models.in_force` over the columns, on a day (days since 1970)."""
    listed: Mask = _LISTED[status]
    return listed & (concluded <= day) & (ended > day)


def _or_none(position: int | None) -> int:
    # A name the filters let through but this version lacks selects nothing.
    return -2 if position is None else position


def _combine(masks: Iterable[Mask]) -> Mask | None:
    combined: Mask | None = None
    for mask in masks:
        combined = mask.copy() if combined is None else combined & mask
    return combined


def _ordered(
    frame: Frame,
    filters: AgreementFilters,
    selected: Mask | None,
    rank: NDArray[np.int64] | None,
) -> Positions:
    """Positions of the selected agreements in the asked order."""
    current = frame.current
    sort = filters.sort if filters.sort in current.orders else "institution"
    if frame.positions is None:
        order = current.orders[sort]
        return order if selected is None else order[selected[order]]
    chosen = frame.positions if selected is None else frame.positions[selected]
    if filters.sort == "relevance" and rank is not None:
        # Best partner first; a partner's agreements in the name order's sequence.
        keys = (
            current.order_ranks["institution"][chosen],
            rank[current.institution[chosen]],
        )
        return chosen[np.lexsort(keys)]
    return chosen[np.argsort(current.order_ranks[sort][chosen])]


def _facet_counts(
    frame: Frame, masks: dict[str, Mask], filters: AgreementFilters
) -> dict[str, list[dict[str, Any]]]:
    slots = _once_a_day("facet_slots", frame.current, FacetSlots.of)
    # A facet without a filter of its own is counted under every filter: the
    # same selection for each such facet, combined once.
    every: list[Mask | None] = []
    tallies = []
    for name in slots.names:
        if name in masks:
            selected = _combine(m for key, m in masks.items() if key != name)
        else:
            if not every:
                every.append(_combine(masks.values()))
            selected = every[0]
        tallies.append(_facet_tally(frame, name, selected, slots.sizes[name]))
    # Every facet's entries at once: one array of counts, one sort.
    counts = slots.entries(np.concatenate(tallies))
    for name in TERM_FACETS:
        counts[name] = _term_facet(frame, masks, filters, name)
    return counts


def _term_facet(
    frame: Frame, masks: dict[str, Mask], filters: AgreementFilters, name: str
) -> list[dict[str, Any]]:
    """Per value of a term facet, the agreements with a term of that value that
    meets the other term filters, among those the other filters select."""
    current = frame.current
    terms = current.terms
    if not len(terms):
        return []
    count = len(current.pks)
    wanted = _term_filters(filters)
    selected = np.zeros(count, dtype=np.bool_)
    others = _combine(m for key, m in masks.items() if key != "terms")
    chosen = frame.positions if frame.positions is not None else np.arange(count)
    selected[chosen if others is None else chosen[others]] = True
    if name != "places_available" and wanted.places_available is False:
        # places_available=false is about the whole agreement: it still applies.
        selected &= terms.without_places(count)
    tally = terms.facet(name, terms.matching(wanted, skip=name), selected)
    labels = _TERM_LABELS.get(name, {})
    entries = [
        {"value": value, "label": labels.get(value, str(value)), "count": n}
        for value, n in tally
        if n
    ]
    return sorted(entries, key=lambda e: (-e["count"], str(e["value"])))


_TERM_LABELS: dict[str, dict[Any, str]] = {
    "mobility_type": dict(MobilityType.choices),
    "study_level": {
        5: "Short cycle (EQF 5)",
        6: "Bachelor (EQF 6)",
        7: "Master (EQF 7)",
        8: "Doctorate (EQF 8)",
    },
    "places_available": {True: "Places offered"},
}


def _facet_tally(
    frame: Frame, name: str, selected: Mask | None, size: int
) -> NDArray[np.int64]:
    """The selected agreements' count for each of the facet's values."""
    if name == "open_to":
        return _open_to_tally(frame, selected)
    column = _facet_column(frame, name)
    chosen = column if selected is None else column[selected]
    # Shifted by one so that "no value" (-1) is counted apart, then dropped.
    return np.bincount(chosen + 1, minlength=size + 1)[1:]


def _open_to_tally(frame: Frame, selected: Mask | None) -> NDArray[np.int64]:
    """Per unit code, the selected agreements open to it: a university-level one
    counts for every unit of its university, a department-level one for the
    unit holding it (summed over the universities that have the code, as the
    `open_to` filter without `university` selects)."""
    level = frame["level"] if selected is None else frame["level"][selected]
    unit = frame["unit"] if selected is None else frame["unit"][selected]
    university = (
        frame["university"] if selected is None else frame["university"][selected]
    )
    places = frame.current.places
    held = unit[(level == LEVELS.index("department")) & (unit >= 0)]
    tally = np.bincount(held, minlength=len(places.unit_codes))
    at_university_level = np.bincount(
        university[level == LEVELS.index("university")],
        minlength=len(places.university_slugs),
    )
    tally += at_university_level[places.unit_university_column]
    return np.bincount(
        places.unit_key_column[:-1],
        weights=tally,
        minlength=len(places.unit_keys),
    ).astype(np.int64)


@dataclass(frozen=True)
class FacetSlots:
    """The values of every facet but the term facets laid end to end, one slot
    each, so that a search counts them into one array and orders all their
    entries with one sort: building and sorting each facet's short list on its
    own cost more than counting."""

    names: tuple[str, ...]
    values: list[Any]
    labels: list[Any]
    # Per slot: its facet's position in `names`, and its value's place among
    # the facet's values in the order entries of equal count take.
    facet: NDArray[np.int64]
    rank: NDArray[np.int64]

    @cached_property
    def sizes(self) -> dict[str, int]:
        """How many values each facet has."""
        counts = np.bincount(self.facet, minlength=len(self.names)).tolist()
        return dict(zip(self.names, counts, strict=True))

    @classmethod
    def of(cls, current: Snapshot) -> FacetSlots:
        one_university = len(current.places.university_slugs) < 2
        names = tuple(
            name
            for name in FACETS
            if name not in TERM_FACETS and not (name == "university" and one_university)
        )
        values: list[Any] = []
        labels: list[Any] = []
        facet: list[int] = []
        rank: list[int] = []
        for k, name in enumerate(names):
            these, their_labels = _facet_values(current, name)
            values += these
            labels += their_labels
            facet += [k] * len(these)
            by_text = sorted(range(len(these)), key=lambda v: str(these[v]))
            # Each value's place in that order: the order's inverse.
            rank += sorted(range(len(these)), key=by_text.__getitem__)
        return cls(
            names,
            values,
            labels,
            np.array(facet, dtype=np.int64),
            np.array(rank, dtype=np.int64),
        )

    def entries(
        self, tally: NDArray[np.integer[Any]]
    ) -> dict[str, list[dict[str, Any]]]:
        """Each facet's values counted in `tally` (one count per slot), most
        agreements first, then by value."""
        counted = np.flatnonzero(tally)
        count = tally[counted]
        counted = counted[np.lexsort((self.rank[counted], -count, self.facet[counted]))]
        found: dict[str, list[dict[str, Any]]] = {name: [] for name in self.names}
        names, values, labels = self.names, self.values, self.labels
        for k, n, facet in zip(
            counted.tolist(),
            tally[counted].tolist(),
            self.facet[counted].tolist(),
            strict=True,
        ):
            found[names[facet]].append(
                {"value": values[k], "label": labels[k], "count": n}
            )
        return found


def _facet_column(frame: Frame, name: str) -> NDArray[np.integer[Any]]:
    """A facet's column: each agreement's value, as its position among the
    facet's values (`_facet_values`); -1 for none."""
    if name == "home_unit":
        return _unit_keys(frame["unit"], frame.current.places)
    if name == "decade":
        return frame["decade_position"]
    return frame[name]


def _facet_values(current: Snapshot, name: str) -> tuple[list[Any], list[Any]]:
    """A facet's values, by position, and their labels."""
    places = current.places
    if name == "region":
        return places.region_slugs, places.region_names
    if name == "country":
        return places.country_codes, places.country_names
    if name == "level":
        return list(LEVELS), ["University level", "Department level"]
    if name == "university":
        return places.university_slugs, places.university_names
    if name in ("home_unit", "open_to"):
        return places.unit_keys, places.unit_labels
    if name == "fee_waiver":
        return [False, True], ["No waiver", "Fees waived"]
    if name == "status":
        return list(STATUSES), [Status(s).label for s in STATUSES]
    return current.decades, [f"{d}s" for d in current.decades]


# -- the snapshot of this process ----------------------------------------------------

_lock = threading.Lock()
_current: Snapshot | None = None


def snapshot() -> Snapshot:
    """The snapshot of the data as it is now: kept in memory, else read from
    the data directory (another process or an earlier run built it), else
    built from the database and kept there for the others."""
    global _current
    version, _ = data_version()
    found = _current
    if found is not None and found.version == version:
        return found
    with _lock:
        if _current is None or _current.version != version:
            _current = stored.load(version) or stored.save(build(version))
        return _current


def forget() -> None:
    """Drop this process's snapshot (a process that will search no more)."""
    global _current
    with _lock:
        _current = None


def build(version: str) -> Snapshot:
    """Read the registry into a new snapshot (one read of each table)."""
    # Rows of every table are held at once: collecting rarely meanwhile takes
    # a million agreements from 21.2 to 20.0 s.
    with fewer_collections():
        return _build(version)


def _build(version: str) -> Snapshot:
    places, country_at, region_of, unit_at, university_at, country_places = _places()
    institutions = _rows(
        "SELECT id, name, name_folded, country_id, city, "
        "ror_id, erasmus_code, schac_code, website "
        "FROM registry_institution ORDER BY id"
    )
    institution_at = {row[0]: k for k, row in enumerate(institutions)}
    inst_country = np.array([country_at[r[3]] for r in institutions], dtype=np.int32)
    columns, listed = _agreement_columns(institution_at, unit_at, university_at)
    term_rows, listed["terms"] = _terms(columns["pks"])
    listed["co_partners"] = _co_partners(columns["pks"], institution_at)
    listing = _listing(listed, institutions, country_places, places)
    country = inst_country[columns["institution"]]
    columns["country"] = country
    columns["region"] = np.array(region_of, dtype=np.int32)[country]
    columns["decade"] = _decade_column(columns["concluded"])
    columns["decades"], columns["decade_position"] = _decade_positions(
        columns["decade"]
    )
    names = [row[1] for row in institutions]
    terms = TermColumns.build(term_rows)
    orders = _orders(columns, names, places)
    by_institution = np.argsort(columns["institution"], kind="stable")
    institution_starts = np.searchsorted(
        columns["institution"][by_institution], np.arange(len(institutions) + 1)
    ).astype(np.int64)
    return Snapshot(
        version=version,
        places=places,
        institution_pks=np.array([r[0] for r in institutions], dtype=np.int64),
        institution_country=inst_country,
        text=TextIndex.build(_documents(institutions, places, inst_country)),
        orders=orders,
        order_ranks={name: _inverse(order) for name, order in orders.items()},
        by_institution=by_institution.astype(np.int32),
        institution_starts=institution_starts,
        unit_terms=_unit_terms(places),
        terms=terms,
        listing=listing,
        **columns,
    )


def _terms(
    pks: NDArray[np.int64],
) -> tuple[list[TermRow], dict[int, tuple[dict[str, Any], ...]]]:
    """The cooperation terms as the search filters on them (each with its
    agreement's position), and by agreement position as listings show them."""
    filtered: list[TermRow] = []
    shown: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for position, row in _of_known_agreements(pks, _rows(TERMS.format(where=""))):
        term = term_of(row[1:])
        shown[position].append(term)
        filtered.append(
            (
                position,
                term["mobility_type"],
                term["study_levels"],
                term["subject_areas"],
                term["languages"],
                term["places_per_year"],
            )
        )
    return filtered, {position: tuple(terms) for position, terms in shown.items()}


CO_PARTNER_ROWS = """
SELECT t.agreement_id, t.institution_id
FROM registry_agreement_co_partners t
JOIN registry_institution i ON i.id = t.institution_id
ORDER BY {order}
"""


def _co_partners(
    pks: NDArray[np.int64], institution_at: dict[int, int]
) -> dict[int, tuple[int, ...]]:
    """Agreement position -> its co-partners' institution positions, in the
    order `rows.listed` shows them."""
    rows = _rows(CO_PARTNER_ROWS.format(order=CO_PARTNER_ORDER))
    held: dict[int, list[int]] = defaultdict(list)
    for position, (_, institution) in _of_known_agreements(pks, rows):
        # An institution stored after the institutions were read is not known.
        if institution in institution_at:
            held[position].append(institution_at[institution])
    return {position: tuple(found) for position, found in held.items()}


def _of_known_agreements(
    pks: NDArray[np.int64], rows: Sequence[tuple[Any, ...]]
) -> Iterable[tuple[int, tuple[Any, ...]]]:
    """(agreement position, row) for the rows (agreement id first) of the
    agreements in `pks`: one stored after the columns were read is not there."""
    if not rows:
        return
    ids = np.array([row[0] for row in rows], dtype=np.int64)
    at = np.minimum(np.searchsorted(pks, ids), max(len(pks) - 1, 0))
    known = (pks[at] == ids) if len(pks) else np.zeros(len(ids), np.bool_)
    for position, is_known, row in zip(at.tolist(), known.tolist(), rows, strict=True):
        if is_known:
            yield position, row


# Agreements are read this many at a time into the columns: a million rows held
# as Python tuples would take most of a gigabyte.
CHUNK = 50_000
AGREEMENTS = (
    # Dates as text: converting every value to a date object and back was a good
    # part of the build.
    "SELECT a.id, institution_id, level, home_unit_id, fee_waiver, "
    "CAST(concluded_on AS TEXT), CAST(ended_on AS TEXT), status, "
    "a.home_university_id, "
    # What a listing shows besides (`Listing`).
    "version, CAST(valid_from AS TEXT), CAST(valid_until AS TEXT), term_months, "
    "renews_automatically, CAST(e.as_of AS TEXT), printed_name, "
    "partner_department, termination_reason, source_lines "
    "FROM registry_agreement a "
    "LEFT JOIN registry_edition e ON e.id = a.edition_id ORDER BY a.id"
)
# The `Listing` columns read with the agreements' (AGREEMENTS' 10th to 15th),
# and its lists (the 16th on).
LISTING_COLUMNS = {
    "version": np.int32,  # a PositiveIntegerField
    "valid_from": np.int32,
    "valid_until": np.int32,
    "term_months": np.int16,  # a PositiveSmallIntegerField
    "renews_automatically": np.bool_,
    "edition": np.int32,
}
LISTING_TEXTS = ("printed_name", "partner_department", "termination_reason")
# A stored waiver (SQLite gives 0 / 1, PostgreSQL a bool) as its column's code.
_WAIVER_CODES = {True: 1, False: 0, None: -1}


def _agreement_columns(
    institution_at: dict[int, int],
    unit_at: dict[int, int],
    university_at: dict[int, int],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The agreements' own columns, read in chunks, and their `Listing`
    columns and lists."""
    parts: dict[str, list[NDArray[Any]]] = defaultdict(list)
    coders = {name: _Coder() for name in (*LISTING_TEXTS, "source_lines")}
    with connection.cursor() as cursor:
        cursor.execute(AGREEMENTS)
        while rows := cursor.fetchmany(CHUNK):
            parts["version"].append(np.array([r[9] for r in rows], dtype=np.int32))
            parts["valid_from"].append(_days([r[10] for r in rows], UNKNOWN))
            parts["valid_until"].append(_days([r[11] for r in rows], UNKNOWN))
            parts["term_months"].append(
                np.array([-1 if r[12] is None else r[12] for r in rows], np.int16)
            )
            parts["renews_automatically"].append(
                np.array([bool(r[13]) for r in rows], dtype=np.bool_)
            )
            parts["edition"].append(_days([r[14] for r in rows], UNKNOWN))
            for k, name in enumerate(LISTING_TEXTS, start=15):
                coders[name].add(r[k] for r in rows)
            coders["source_lines"].add(source_line_numbers(r[18]) for r in rows)
            parts["pks"].append(np.array([r[0] for r in rows], dtype=np.int64))
            parts["institution"].append(
                np.array([institution_at[r[1]] for r in rows], dtype=np.int32)
            )
            parts["level"].append(
                np.array([LEVELS.index(r[2]) for r in rows], dtype=np.int8)
            )
            parts["unit"].append(
                np.array([unit_at.get(r[3], -1) for r in rows], dtype=np.int32)
            )
            parts["fee_waiver"].append(
                np.array([_WAIVER_CODES[r[4]] for r in rows], dtype=np.int8)
            )
            parts["concluded"].append(_days([r[5] for r in rows], UNKNOWN))
            parts["ended"].append(_days([r[6] for r in rows], NEVER))
            parts["status"].append(
                np.array([STATUSES.index(r[7]) for r in rows], dtype=np.int8)
            )
            parts["university"].append(
                np.array([university_at[r[8]] for r in rows], dtype=np.int32)
            )
    empty = {
        "pks": np.int64,
        "institution": np.int32,
        "level": np.int8,
        "unit": np.int32,
        "fee_waiver": np.int8,
        "concluded": np.int32,
        "ended": np.int32,
        "status": np.int8,
        "university": np.int32,
    }
    columns = {
        name: np.concatenate(parts[name]) if parts[name] else np.empty(0, kind)
        for name, kind in empty.items()
    }
    listing: dict[str, Any] = {
        name: np.concatenate(parts[name]) if parts[name] else np.empty(0, kind)
        for name, kind in LISTING_COLUMNS.items()
    }
    listing.update({name: coder.coded() for name, coder in coders.items()})
    return columns, listing


def _listing(
    columns: dict[str, Any],
    institutions: Sequence[tuple[Any, ...]],
    country_places: list[Place],
    places: Places,
) -> Listing:
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    identifiers = []
    for row in institutions:
        # rows.Partner's: ROR id, Erasmus code, SCHAC code, website, city.
        known = tuple(value or "" for value in (*row[5:9], row[4]))
        identifiers.append(shared.setdefault(known, known))
    return Listing(
        **columns,
        institution_names=[row[1] for row in institutions],
        institution_identifiers=identifiers,
        country_places=country_places,
        units=[
            Unit(code, name, name_ja)
            for code, name, name_ja in zip(
                places.unit_codes, places.unit_names, places.unit_names_ja, strict=True
            )
        ],
    )


def _rows(sql: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def _places() -> tuple[
    Places, dict[int, int], list[int], dict[int, int], dict[int, int], list[Place]
]:
    """The places and units, where each id is among them, and each country as
    a listing shows it."""
    regions = _rows(
        "SELECT id, slug, name, sort_order FROM registry_region "
        "ORDER BY sort_order, name"
    )
    region_at = {row[0]: k for k, row in enumerate(regions)}
    countries = _rows(
        "SELECT id, iso_code, name, slug, region_id FROM registry_country ORDER BY name"
    )
    # Units in the order of their codes (collated, whatever the database's
    # collation): a unit's position is its rank in the "university level
    # first" orders.
    universities = sorted(
        _rows("SELECT id, slug, name FROM registry_homeuniversity"),
        key=lambda u: collation_key(u[2]),
    )
    university_at = {row[0]: k for k, row in enumerate(universities)}
    units = sorted(
        _rows(
            "SELECT id, code, full_name, name_ja, home_university_id "
            "FROM registry_homeunit"
        ),
        key=lambda u: (collation_key(u[1]), university_at[u[4]]),
    )
    keys: dict[str, int] = {}
    unit_keys: list[str] = []
    for unit in units:
        if unit[1].lower() not in keys:
            keys[unit[1].lower()] = len(unit_keys)
            unit_keys.append(unit[1])
    places = Places(
        region_slugs=[r[1] for r in regions],
        region_names=[r[2] for r in regions],
        country_codes=[c[1] or c[3] for c in countries],
        country_isos=[c[1] for c in countries],
        country_names=[c[2] for c in countries],
        university_slugs=[u[1] for u in universities],
        university_names=[u[2] for u in universities],
        unit_codes=[u[1] for u in units],
        unit_names=[u[2] for u in units],
        unit_names_ja=[u[3] for u in units],
        unit_university=[university_at[u[4]] for u in units],
        unit_keys=unit_keys,
        unit_key=[keys[u[1].lower()] for u in units],
    )
    country_at = {row[0]: k for k, row in enumerate(countries)}
    region_of = [region_at[c[4]] for c in countries]
    unit_at = {row[0]: k for k, row in enumerate(units)}
    country_places = [
        Place(name, slug, iso_code, regions[at][2], regions[at][3])
        for (_, iso_code, name, slug, _), at in zip(countries, region_of, strict=True)
    ]
    return places, country_at, region_of, unit_at, university_at, country_places


def _documents(
    institutions: Sequence[tuple[Any, ...]],
    places: Places,
    inst_country: NDArray[np.int32],
) -> list[tuple[list[str], list[str], str, str]]:
    aliases: dict[int, list[str]] = defaultdict(list)
    for pk, folded_alias, alias in _rows(
        "SELECT institution_id, name_folded, name FROM registry_institutionalias "
        "ORDER BY name"
    ):
        aliases[pk] += [folded_alias, *kept_words(alias)]
    departments: dict[int, set[str]] = defaultdict(set)
    folded: dict[str, str] = {}
    for pk, department in _rows(
        "SELECT DISTINCT institution_id, partner_department FROM registry_agreement "
        "WHERE partner_department != ''"
    ):
        if department not in folded:
            folded[department] = " ".join(search_words(department))
        departments[pk].add(folded[department])
    countries = [
        _country_line(name, iso)
        for name, iso in zip(places.country_names, places.country_isos, strict=True)
    ]
    return [
        (
            [name, *kept_words(printed), *aliases[pk]],
            sorted(departments[pk]),
            countries[inst_country[k]],
            " ".join(search_words(city or "")),
        )
        for k, (pk, printed, name, _country, city, *_) in enumerate(institutions)
    ]


def _country_line(name: str, iso_code: str | None) -> str:
    """A country as search matches it: its stored name and its name (CLDR) in
    each language of the pages, so "france" and "フランス" both find it."""
    words = search_words(name)
    for language, _label in settings.LANGUAGES:
        translated = cldr_name(iso_code, language) if iso_code else None
        if translated:
            words += [w for w in search_words(translated) if w not in words]
    return " ".join(words)


def _unit_terms(places: Places) -> dict[tuple[str, ...], list[int]]:
    """Each unit's code, English name and Japanese name as search words (two
    universities may both have a "GS Engineering": the words name both)."""
    terms: dict[tuple[str, ...], list[int]] = defaultdict(list)
    names = zip(places.unit_codes, places.unit_names, places.unit_names_ja, strict=True)
    for position, spellings in enumerate(names):
        for spelling in spellings:
            words = tuple(search_words(spelling))
            if words and position not in terms[words]:
                terms[words].append(position)
    return dict(terms)


def _days(values: list[Any], missing: int) -> NDArray[np.int32]:
    days = np.array(
        ["NaT" if v is None else str(v) for v in values], dtype="datetime64[D]"
    ).astype(np.int64)
    days[days == np.iinfo(np.int64).min] = missing
    return days.astype(np.int32)


def _decade_column(concluded: NDArray[np.int32]) -> NDArray[np.int32]:
    known = concluded != UNKNOWN
    years = (
        np.where(known, concluded, 0)
        .astype("datetime64[D]")
        .astype("datetime64[Y]")
        .astype(np.int32)
        + 1970
    )
    return np.where(known, years // 10 * 10, -1).astype(np.int32)


def _decade_positions(decade: NDArray[np.int32]) -> tuple[list[int], NDArray[np.int32]]:
    decades = sorted(int(d) for d in np.unique(decade) if d >= 0)
    position = np.full(max(decades, default=0) + 1, -1, dtype=np.int32)
    position[decades] = np.arange(len(decades), dtype=np.int32)
    return decades, np.where(decade >= 0, position[np.maximum(decade, 0)], -1).astype(
        np.int32
    )


def _orders(
    columns: dict[str, Any], names: list[str], places: Places
) -> dict[str, NDArray[np.int32]]:
    """Every order the filters offer, with the agreement id breaking ties.

    Names sort by the Unicode Collation Algorithm (`names.collation_key`: "École"
    beside "Ecole", before "Versailles"), the same on every database;
    university-level agreements (no unit) come first within a partner; unknown
    dates last."""
    name_rank = _rank(names)[columns["institution"]]
    country_rank = _rank(places.country_names)[columns["country"]]
    unit_rank = columns["unit"]  # units are numbered in code order; none is -1
    known = columns["concluded"] != UNKNOWN
    concluded = np.where(known, columns["concluded"], NEVER)
    newest = np.where(known, -columns["concluded"].astype(np.int64), NEVER)
    pks = columns["pks"]
    keys = {
        "institution": (name_rank, unit_rank, concluded),
        "-institution": (-name_rank, unit_rank, concluded),
        "concluded_on": (concluded, name_rank, unit_rank),
        "-concluded_on": (newest, name_rank, unit_rank),
        "country": (country_rank, name_rank, unit_rank, concluded),
        "-country": (-country_rank, name_rank, unit_rank, concluded),
    }
    # Positions as 32-bit integers: half the memory of lexsort's, and a registry
    # holds far fewer than 2**31 agreements.
    return {
        name: np.lexsort((pks, *reversed(key))).astype(np.int32)
        for name, key in keys.items()
    }


def _inverse(order: NDArray[np.int32]) -> NDArray[np.int32]:
    """Each position's place in `order`."""
    places = np.empty(len(order), dtype=np.int32)
    places[order] = np.arange(len(order), dtype=np.int32)
    return places


def _rank(values: list[str]) -> NDArray[np.int64]:
    """Each value's place in collation order; equal values share it."""
    place = {value: k for k, value in enumerate(sorted(set(values), key=collation_key))}
    return np.array([place[v] for v in values], dtype=np.int64)
