"""Public pages: search, "where can I go?", partner, country and region pages,
statistics and the world map. Reads go through `registry.queries` and
`registry.statistics` only; anonymous visitors see public fields only (an
agreement's notes and source lines are the office's working data and never shown).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.portal import charts, worldmap
from accord.portal.downloads import download_response
from accord.portal.facets import active_filters, facet_groups, page_url
from accord.portal.filters import BadFilter, filters_to_params, parse_filters
from accord.registry import statistics
from accord.registry.models import Agreement, Country, HomeUnit, Institution, Region
from accord.registry.queries import (
    AgreementFilters,
    facet_counts,
    open_to_unit,
    partner_agreements,
    search_agreements,
)

PAGE_SIZE = 50
# Above this many agreements, "where can I go" asks for a country first.
WHERE_MAX_LISTED = 2000


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    try:
        filters = parse_filters(request.GET)
    except BadFilter as error:
        return render(
            request,
            "portal/home.html",
            {"nav": "search", "error": str(error)},
            status=400,
        )
    paginator = Paginator(search_agreements(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    facets = facet_counts(filters)
    params = filters_to_params(filters)
    context = {
        "nav": "search",
        "filters": filters,
        "params": params,
        "page": page,
        "page_links": _page_links(params, page),
        "facets": facet_groups(filters, facets),
        "active": active_filters(filters, facets),
        "download_query": page_url("", params),
    }
    if request.GET.get("fragment"):
        return render(request, "portal/_results.html", context)
    return render(request, "portal/home.html", context)


def _page_links(params: dict[str, str], page: Any) -> dict[str, str]:
    links = {}
    if page.has_previous():
        links["previous"] = page_url(
            "/", {**params, "page": page.previous_page_number()}
        )
    if page.has_next():
        links["next"] = page_url("/", {**params, "page": page.next_page_number()})
    return links


@require_GET
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        filters = parse_filters(request.GET)
    except BadFilter as error:
        return HttpResponse(str(error), status=400, content_type="text/plain")
    return download_response(search_agreements(filters), fmt)


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


@require_GET
def where(request: HttpRequest) -> HttpResponse:
    units = list(HomeUnit.objects.order_by("code").values_list("code", "full_name"))
    code = request.GET.get("home_unit", "")
    try:
        filters = parse_filters(request.GET)
    except BadFilter as error:
        return render(
            request,
            "portal/where.html",
            {"units": units, "error": str(error)},
            status=400,
        )
    context: dict[str, Any] = {
        "nav": "where",
        "units": units,
        "unit": code,
        "filters": filters,
    }
    if code:
        if code not in {c for c, _name in units}:
            context["error"] = _("There is no home unit “%(code)s”.") % {"code": code}
            return render(request, "portal/where.html", context, status=404)
        narrowed = AgreementFilters(
            fee_waiver=filters.fee_waiver, country=filters.country
        )
        context["country_choices"] = _country_choices(code, filters)
        open_to_all = open_to_unit(code, narrowed)
        if not filters.country and open_to_all.count() > WHERE_MAX_LISTED:
            # A registry of a whole consortium: list countries, not every row.
            context["too_many"] = True
            return render(request, "portal/where.html", context)
        # The page shows no co-partner nor edition: load only what it shows
        # (the longest list is a third of the registry).
        found = list(
            open_to_all.select_related(None)
            .prefetch_related(None)
            .select_related("institution__country", "home_unit")
            .only(*WHERE_COLUMNS)
        )
        context["countries"] = _group_by_country(found)
        context["partner_total"] = len({a.institution_id for a in found})
    return render(request, "portal/where.html", context)


def _group_by_country(found: list[Agreement]) -> list[dict[str, Any]]:
    countries: dict[int, dict[str, Any]] = {}
    for agreement in found:
        country = agreement.institution.country
        entry = countries.setdefault(country.pk, {"country": country, "partners": {}})
        partner = entry["partners"].setdefault(
            agreement.institution_id,
            {"institution": agreement.institution, "agreements": [], "waived": False},
        )
        partner["agreements"].append(agreement)
        partner["waived"] = partner["waived"] or agreement.fee_waiver
    return [
        {"country": e["country"], "partners": list(e["partners"].values())}
        for e in countries.values()
    ]


def _country_choices(
    code: str, filters: AgreementFilters
) -> list[tuple[str, str, int]]:
    rows = (
        open_to_unit(code, AgreementFilters(fee_waiver=filters.fee_waiver))
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


@require_GET
def institution(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(
        Institution.objects.select_related("country__region"), pk=pk
    )
    found = list(partner_agreements(pk))
    active = [a for a in found if a.is_active]
    dates = [a.concluded_on for a in active if a.concluded_on]
    context = {
        "partner": partner,
        "aliases": list(partner.aliases.values_list("name", flat=True)),
        "active": active,
        "ended": [a for a in found if not a.is_active],
        "first_concluded": min(dates) if dates else None,
        "university_level": any(a.level == Agreement.Level.UNIVERSITY for a in active),
        "units": sorted({a.home_unit.code for a in active if a.home_unit}),
    }
    return render(request, "portal/institution.html", context)


def _active() -> Q:
    return Q(agreements__ended_on__isnull=True) | Q(
        agreements__ended_on__gt=datetime.date.today()
    )


@require_GET
def country(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Country.objects.select_related("region"), slug=slug)
    active = _active()
    partners = (
        Institution.objects.filter(country=place)
        .annotate(
            agreements_total=Count("agreements", filter=active),
            university_level=Count(
                "agreements", filter=active & Q(agreements__level="university")
            ),
            department_level=Count(
                "agreements", filter=active & Q(agreements__level="department")
            ),
            waived=Count("agreements", filter=active & Q(agreements__fee_waiver=True)),
        )
        .filter(agreements_total__gt=0)
        .order_by("name")
    )
    rows = list(partners)
    context = {
        "place": place,
        "partners": rows,
        "totals": _sum(
            rows, "agreements_total", "university_level", "department_level", "waived"
        ),
        "search_url": page_url("/", {"country": place.iso_code or place.slug}),
    }
    return render(request, "portal/country.html", context)


@require_GET
def region(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Region, slug=slug)
    active = Q(institutions__agreements__ended_on__isnull=True) | Q(
        institutions__agreements__ended_on__gt=datetime.date.today()
    )
    countries = (
        Country.objects.filter(region=place)
        .annotate(
            partners=Count("institutions", filter=active, distinct=True),
            agreements_total=Count("institutions__agreements", filter=active),
            waived=Count(
                "institutions__agreements",
                filter=active & Q(institutions__agreements__fee_waiver=True),
            ),
        )
        .filter(agreements_total__gt=0)
        .order_by("name")
    )
    rows = list(countries)
    context = {
        "place": place,
        "countries": rows,
        "totals": _sum(rows, "partners", "agreements_total", "waived"),
        "search_url": page_url("/", {"region": place.slug}),
    }
    return render(request, "portal/region.html", context)


def _sum(rows: list[Any], *names: str) -> dict[str, int]:
    return {name: sum(getattr(row, name) for row in rows) for name in names}


@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    numbers = statistics.snapshot()
    totals, by_year = numbers["totals"], numbers["by_year"]
    context = {
        "nav": "statistics",
        "totals": totals,
        "by_year": by_year,
        "by_region": numbers["by_region"],
        "by_country": numbers["by_country"],
        "by_home_unit": numbers["by_home_unit"],
        "timeline": charts.timeline(by_year),
        "levels": charts.shares(
            [
                (_("University level"), totals["university_level"]),
                (_("Department level"), totals["department_level"]),
            ]
        ),
        "waivers": charts.shares(
            [
                (_("Fees waived"), totals["fee_waiver"]),
                (_("No waiver"), totals["agreements"] - totals["fee_waiver"]),
            ]
        ),
    }
    context["region_bars"] = charts.bars(
        [(r["name"], r["agreements"]) for r in context["by_region"]]
    )
    context["country_bars"] = charts.bars(
        [(r["name"], r["agreements"]) for r in context["by_country"][:20]]
    )
    context["unit_bars"] = charts.bars(
        [(r["code"], r["agreements"]) for r in context["by_home_unit"]]
    )
    return render(request, "portal/statistics.html", context)


@require_GET
def world_map(request: HttpRequest) -> HttpResponse:
    rows = statistics.snapshot()["partners_by_country"]
    context = {"nav": "map", **worldmap.render_context(rows)}
    return render(request, "portal/map.html", context)
