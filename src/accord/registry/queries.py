"""Reads of agreements: the one way the portal, the API and the downloads find
them.

Filters come from the one filter language (`registry.filters`), so a portal URL
and an API URL with the same parameters select the same agreements, in the same
order, a page at a time (`page_of`). Institutions are read in `partners.py`,
places and units in `places.py`, statistics in `statistics.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import CharField, Count, F, Func, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, StrIndex

from accord.registry.filters import AgreementFilters
from accord.registry.models import Agreement, in_force
from accord.registry.search import search_institutions
from accord.registry.version import cached_by_version

FACETS: tuple[str, ...] = (
    "region",
    "country",
    "level",
    "home_unit",
    "fee_waiver",
    "decade",
)

# University-level agreements (no home unit) first within an institution.
_BY_UNIT = F("home_unit__code").asc(nulls_first=True)

ORDERINGS: dict[str, tuple[Any, ...]] = {
    "institution": ("institution__name", _BY_UNIT, "concluded_on"),
    "-institution": ("-institution__name", _BY_UNIT, "concluded_on"),
    "concluded_on": ("concluded_on", "institution__name", _BY_UNIT),
    "-concluded_on": ("-concluded_on", "institution__name", _BY_UNIT),
    "country": ("institution__country__name", "institution__name", _BY_UNIT),
    "-country": ("-institution__country__name", "institution__name", _BY_UNIT),
    # With a text query: the best-matching partners first (see registry/search.py).
    "relevance": ("search_rank", "institution__name", _BY_UNIT, "concluded_on"),
}


class DecadeOf(Func):
    """The first year of a date's decade (2011-02-03 -> 2010).

    SQLite reads it from the stored text: Django's year extraction there is a
    Python function called once per row, slow over 100k rows.
    """

    template = "(CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer) / 10 * 10)"
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="(CAST(substr(%(expressions)s, 1, 3) AS integer) * 10)",
            **extra,
        )


def agreements() -> QuerySet[Agreement]:
    """Every agreement, with what a listing shows loaded in the same query."""
    return (
        Agreement.objects.select_related(
            "institution__country__region", "home_unit", "edition"
        )
        # An edition keeps its whole list and report: never load them per row.
        .defer("edition__records", "edition__report")
        .prefetch_related("co_partners")
    )


def agreement(agreement_id: int) -> Agreement | None:
    """One agreement, in force or ended."""
    return agreements().filter(pk=agreement_id).first()


def search_agreements(filters: AgreementFilters) -> QuerySet[Agreement]:
    """The agreements matching the filters, sorted as asked.

    `sort="relevance"` ranks by how well the partner matches `q` (name order
    without a query).
    """
    matches = text_matches(filters.q)
    # Every filter joins to-one relations only, so filtering the listing itself
    # never repeats a row (and keeps the plan one join, not a self-join).
    result = _filtered(agreements(), filters, matches)
    ordering = ORDERINGS.get(filters.sort, ORDERINGS["institution"])
    if filters.sort == "relevance":
        result = result.annotate(search_rank=_rank_expression(matches or []))
    return result.order_by(*ordering)


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a result: its items, and where it sits in the whole."""

    items: list[T]
    count: int
    number: int
    size: int

    @property
    def last(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.last

    @property
    def has_other_pages(self) -> bool:
        return self.last > 1


def page_of(queryset: QuerySet[Any], number: int, size: int) -> Page[Any]:
    """Page `number` (1-based) of `size` items; past the last page, no items."""
    start = (number - 1) * size
    return Page(list(queryset[start : start + size]), queryset.count(), number, size)


def text_matches(text: str) -> list[int] | None:
    """The ids of the institutions matching `text`, best first; None when there
    is no query."""
    if not text.strip():
        return None
    return [match.institution_id for match in search_institutions(text)]


def _rank_expression(ids: list[int]) -> StrIndex | Value:
    """The position of the agreement's institution in the ranked list.

    One string parameter (",7,3,12,") searched with instr/strpos: the ranking
    stays a single small expression however many institutions match.
    """
    if not ids:
        return Value(0)
    ranked = "," + ",".join(str(pk) for pk in ids) + ","
    needle = Concat(
        Value(","),
        Cast("institution_id", CharField()),
        Value(","),
        output_field=CharField(),
    )
    return StrIndex(Value(ranked), needle)


def facet_counts(filters: AgreementFilters) -> dict[str, list[dict[str, Any]]]:
    """For each facet, its values with counts under every *other* active filter.

    Counting a facet without its own filter lets a visitor see the alternatives
    (the other countries) rather than only the one already chosen.

    Kept in the cache until the data changes (`version.cached_by_version`): with
    100k agreements the six counts of the unfiltered home page scan every row.
    """

    def count() -> dict[str, list[dict[str, Any]]]:
        matches = text_matches(filters.q)
        return {name: _facet(name, filters, matches) for name in FACETS}

    return cached_by_version("facets", count, filters.without("sort"))


def _facet(
    name: str, filters: AgreementFilters, matches: list[int] | None
) -> list[dict[str, Any]]:
    queryset = _filtered(Agreement.objects.all(), filters.without(name), matches)
    if name == "region":
        rows = queryset.values(
            value=F("institution__country__region__slug"),
            label=F("institution__country__region__name"),
        )
    elif name == "country":
        rows = queryset.values(
            value=F("institution__country__iso_code"),
            label=F("institution__country__name"),
            slug=F("institution__country__slug"),
        )
    elif name == "level":
        rows = queryset.values(value=F("level"), label=F("level"))
    elif name == "home_unit":
        rows = queryset.filter(home_unit__isnull=False).values(
            value=F("home_unit__code"), label=F("home_unit__full_name")
        )
    elif name == "fee_waiver":
        rows = queryset.values(value=F("fee_waiver"), label=F("fee_waiver"))
    else:
        rows = (
            queryset.filter(concluded_on__isnull=False)
            .annotate(decade_start=DecadeOf("concluded_on"))
            .values(value=F("decade_start"), label=F("decade_start"))
        )
    # Every join above is to-one, so a plain count counts each agreement once.
    counted = rows.annotate(count=Count("pk")).order_by("-count", "value")
    return [_facet_entry(name, row) for row in counted]


def _facet_entry(name: str, row: Mapping[str, Any]) -> dict[str, Any]:
    entry = dict(row)
    if name == "country" and entry["value"] is None:
        # The pseudo-country has no ISO code; it is addressed by its slug.
        entry["value"] = entry["slug"]
    entry.pop("slug", None)
    if name == "level":
        entry["label"] = Agreement.Level(entry["value"]).label
    elif name == "fee_waiver":
        entry["label"] = "Fees waived" if entry["value"] else "No waiver"
    elif name == "decade":
        entry["label"] = f"{entry['value']}s"
    elif name == "home_unit":
        entry["label"] = entry["label"] or entry["value"]
    return entry


def _filtered(
    queryset: QuerySet[Agreement],
    filters: AgreementFilters,
    matches: list[int] | None = None,
) -> QuerySet[Agreement]:
    if not filters.include_ended:
        queryset = queryset.filter(in_force())
    if filters.q.strip():
        if matches is None:
            matches = text_matches(filters.q) or []
        queryset = queryset.filter(institution_id__in=matches)
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.region:
        queryset = queryset.filter(institution__country__region__slug=filters.region)
    if filters.country:
        queryset = queryset.filter(
            Q(institution__country__iso_code=filters.country.upper())
            | Q(institution__country__slug=filters.country)
        )
    if filters.home_unit:
        queryset = queryset.filter(home_unit__code=filters.home_unit)
    if filters.open_to:
        queryset = queryset.filter(open_to(filters.open_to))
    if filters.fee_waiver is not None:
        queryset = queryset.filter(fee_waiver=filters.fee_waiver)
    if filters.decade is not None:
        queryset = queryset.filter(
            concluded_on__gte=datetime.date(filters.decade, 1, 1),
            concluded_on__lt=datetime.date(filters.decade + 10, 1, 1),
        )
    if filters.concluded_from:
        queryset = queryset.filter(concluded_on__gte=filters.concluded_from)
    if filters.concluded_to:
        queryset = queryset.filter(concluded_on__lte=filters.concluded_to)
    return queryset


def open_to(home_unit: str) -> Q:
    """What a member of `home_unit` can go abroad under: every university-level
    agreement (open to every unit) and the unit's own department-level ones."""
    return Q(level=Agreement.Level.UNIVERSITY) | Q(home_unit__code=home_unit)


# "Where can I go?" lists every partner open to a unit; it shows no co-partner
# nor edition, so it loads only the columns it shows (the longest list is a
# third of the registry).
WHERE_COLUMNS = (
    "level",
    "partner_department",
    "fee_waiver",
    "concluded_on",
    "ended_on",
    "institution__name",
    "institution__country__name",
    "institution__country__slug",
    "home_unit__code",
)


def where_can_i_go(filters: AgreementFilters) -> QuerySet[Agreement]:
    """The agreements open to `filters.open_to`, by country, partner and unit,
    loading only what the "Where can I go?" page shows."""
    return (
        _filtered(Agreement.objects.all(), filters)
        .select_related("institution__country", "home_unit")
        .only(*WHERE_COLUMNS)
        .order_by("institution__country__name", "institution__name", _BY_UNIT)
    )


def countries_open_to(filters: AgreementFilters) -> list[tuple[str, str, int]]:
    """(country code, name, partners) of every country with an agreement the
    filters select, by name; the country filter itself left out."""
    rows = (
        _filtered(Agreement.objects.all(), filters.without("country"))
        .values(
            "institution__country__iso_code",
            "institution__country__slug",
            "institution__country__name",
        )
        .annotate(partners=Count("institution", distinct=True))
        .order_by("institution__country__name")
    )
    return [
        (
            r["institution__country__iso_code"] or r["institution__country__slug"],
            r["institution__country__name"],
            r["partners"],
        )
        for r in rows
    ]


def partner_agreements(institution_id: int) -> QuerySet[Agreement]:
    """Every agreement naming the institution, as partner or co-partner, ended
    ones included (the caller shows their status)."""
    naming = Agreement.objects.filter(
        Q(institution_id=institution_id) | Q(co_partners=institution_id)
    )
    return (
        agreements()
        .filter(pk__in=naming.values("pk"))
        .order_by(_BY_UNIT, "concluded_on", "partner_department")
    )


def agreements_in_force_on(
    day: datetime.date, home_university_id: int
) -> QuerySet[Agreement]:
    """The home university's agreements on its list of `day`."""
    return agreements().filter(in_force(day), home_university_id=home_university_id)
