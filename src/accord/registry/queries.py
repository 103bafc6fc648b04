"""Reads: the one way the portal, the API and exports query the registry.

Filters use the API's parameter names (`country=TH`, `home_unit=GS Engineering`,
`fee_waiver=true`), so a portal URL and an API URL say the same thing.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from django.db.models import CharField, Count, F, Func, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, StrIndex

from accord.registry.models import Agreement
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

SORTS: dict[str, tuple[Any, ...]] = {
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


@dataclass(frozen=True)
class AgreementFilters:
    """What a visitor asked for; every field None/"" means "no restriction".

    `region` is a region slug, `country` an ISO 3166-1 alpha-2 code (or the
    pseudo-country's slug), `home_unit` a unit code as printed, `decade` the first
    year of a decade (1990 for the 1990s).
    """

    q: str = ""
    level: str = ""
    region: str = ""
    country: str = ""
    home_unit: str = ""
    fee_waiver: bool | None = None
    decade: int | None = None
    concluded_from: datetime.date | None = None
    concluded_to: datetime.date | None = None
    include_ended: bool = False
    sort: str = "institution"

    def without(self, name: str) -> AgreementFilters:
        # Every field has a default, so never the MISSING sentinel.
        default: Any = next(f.default for f in fields(self) if f.name == name)
        return replace(self, **{name: default})


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


def search_agreements(filters: AgreementFilters) -> QuerySet[Agreement]:
    """The agreements matching the filters, sorted as asked.

    `sort="relevance"` ranks by how well the partner matches `q` (name order
    without a query).
    """
    matches = _text_matches(filters.q)
    queryset = _filtered(Agreement.objects.all(), filters, matches)
    ordering = SORTS.get(filters.sort, SORTS["institution"])
    result = agreements().filter(pk__in=queryset.values("pk"))
    if filters.sort == "relevance":
        result = result.annotate(search_rank=_rank_expression(matches or []))
    return result.order_by(*ordering)


def _text_matches(text: str) -> list[int] | None:
    """The matching institutions' ids, best first; None when there is no query."""
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
        matches = _text_matches(filters.q)
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
        today = datetime.date.today()
        queryset = queryset.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    if filters.q.strip():
        if matches is None:
            matches = _text_matches(filters.q) or []
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
    if filters.fee_waiver is not None:
        queryset = queryset.filter(fee_waiver=filters.fee_waiver)
    if filters.decade is not None:
        queryset = queryset.filter(
            concluded_on__year__gte=filters.decade,
            concluded_on__year__lt=filters.decade + 10,
        )
    if filters.concluded_from:
        queryset = queryset.filter(concluded_on__gte=filters.concluded_from)
    if filters.concluded_to:
        queryset = queryset.filter(concluded_on__lte=filters.concluded_to)
    return queryset


def open_to_unit(
    home_unit: str, filters: AgreementFilters | None = None
) -> QuerySet[Agreement]:
    """The agreements a member of `home_unit` can go abroad under.

    Every university-level agreement is open to every unit; department-level ones
    only to the unit that holds them. `filters` narrows further (country, waiver).
    """
    base = replace(filters or AgreementFilters(), level="", home_unit="")
    condition = Q(level=Agreement.Level.UNIVERSITY) | Q(home_unit__code=home_unit)
    queryset = _filtered(Agreement.objects.filter(condition), base)
    return (
        agreements()
        .filter(pk__in=queryset.values("pk"))
        .order_by("institution__country__name", "institution__name", _BY_UNIT)
    )


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
