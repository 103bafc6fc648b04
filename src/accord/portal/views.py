"""Public pages: search, "where can I go?", partner, country and region pages,
statistics and the world map.

No query of their own: pages read through the registry (`queries`, `partners`,
`places`, `statistics`) and parse their URLs with the registry's filter language,
as the API does. Anonymous visitors see public fields only (an agreement's notes
and source lines are the office's working data and never shown).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accord.core.lru import BoundedCache
from accord.core.names import collation_key
from accord.portal import charts, worldmap
from accord.portal.facets import (
    TITLES,
    active_filters,
    facet_groups,
    page_url,
    search_url,
)
from accord.portal.links import space_path
from accord.portal.names import country_name, region_name
from accord.portal.results import hidden_inputs, results_html
from accord.publish.downloads import download_response
from accord.registry import attachments, places, scopes, statistics
from accord.registry.engine import FACETS
from accord.registry.filters import (
    DEFAULT_PAGE_SIZE,
    AgreementFilters,
    FilterError,
    Params,
    Search,
    filters_to_params,
)
from accord.registry.models import Agreement
from accord.registry.partners import partner_detail
from accord.registry.queries import (
    Page,
    countries_open_to,
    find,
    read_search,
    search_agreements,
    where_can_i_go,
)
from accord.registry.rows import Listed
from accord.registry.version import data_version

# The portal's own parameters: return only the results (live search); show
# every value of a facet.
PORTAL_PARAMS = ("fragment", "more")
# Above this many agreements, "where can I go" asks for a country first.
WHERE_MAX_LISTED = 2000
DOWNLOADS = ("csv", "xlsx")
CAN_VIEW_DOCUMENTS = "registry.view_agreementdocument"


def space(request: HttpRequest) -> str:
    """The slug of the university whose portal space the request is in
    (`accord.spaces`), or "" for the whole registry."""
    return str(getattr(request, "university", ""))


def fixed(request: HttpRequest) -> tuple[str, ...]:
    """The filters the request's space sets: its pages neither show nor link them."""
    return ("university",) if space(request) else ()


def read_page_search(request: HttpRequest, **options: Any) -> Search:
    """The search the query string asks for, within the request's space: its
    university is the `university` filter, whatever the query says."""
    params: Params = request.GET
    if space(request):
        params = request.GET.copy()
        params.setlist("university", [space(request)])
    return read_search(params, **options)


def link_params(request: HttpRequest, filters: AgreementFilters) -> dict[str, str]:
    """The query string of `filters` for links within the request's space."""
    params = filters_to_params(filters)
    for name in fixed(request):
        params.pop(name, None)
    return params


def refusal(error: FilterError) -> str:
    """A bad query string, said as the page shows it."""
    return " ".join(
        _("The “%(name)s” filter %(reason)s.")
        % {"name": TITLES.get(name, name), "reason": reason}
        for name, reason in error.problems
    )


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    try:
        search = read_page_search(request, also=PORTAL_PARAMS)
    except FilterError as error:
        refused = {"nav": "search", "error": refusal(error)}
        return render(request, "portal/home.html", refused, status=400)
    params = link_params(request, search.filters)
    if search.page_size != DEFAULT_PAGE_SIZE:
        params["page_size"] = str(search.page_size)
    expanded = tuple(e for e in request.GET.getlist("more") if e in FACETS)
    results, shown = _results(request, search, params, expanded)
    if request.GET.get("fragment"):
        return HttpResponse(results)
    context = {
        **shown,
        "nav": "search",
        "filters": search.filters,
        "hidden": hidden_inputs(params),
        "results": results,
        "spaces": [] if params or space(request) else university_spaces(),
    }
    if context["spaces"]:  # a network's landing page: its universities listed
        return render(request, "portal/home.html", context)
    # The page from its frame (`portal.results.search_page`), through a template
    # still, so that its context is there for whoever inspects it.
    return render(request, "portal/search.html", context)


def university_spaces() -> list[dict[str, str]]:
    """Each home university's own portal, when the registry keeps several (the
    network's landing page links them; a one-university instance has none)."""
    names = places.university_names()
    if len(names) < 2:
        return []
    found = [
        {"name": name, "url": space_path(slug, "portal:home")}
        for slug, name in names.items()
    ]
    return sorted(found, key=lambda row: collation_key(row["name"]))


# The rendered results of recent searches, under the data version, the language
# and the search: right in any process until the data changes.
RESULTS: BoundedCache[str] = BoundedCache(entries=512, size=32 * 1024 * 1024)


def _results(
    request: HttpRequest,
    search: Search,
    params: dict[str, str],
    expanded: tuple[str, ...],
) -> tuple[SafeString, dict[str, Any]]:
    """The results part of the search page (facets, chips, rows, pages), and
    what it shows (the page, the facet groups, the active filters) when worked
    out anew rather than kept: the page's context has them, as it had when a
    template wrote this part."""
    version, language = data_version()[0], get_language()
    key = repr((version, language, space(request), params, search.page, expanded))
    html = RESULTS.get(key)
    shown: dict[str, Any] = {}
    if html is None:
        found = find(search)
        filters = search.filters
        shown = {
            "page": found.page,
            "facets": facet_groups(filters, found.facets, expanded, fixed(request)),
            "active": active_filters(filters, found.facets, fixed(request)),
        }
        html = results_html(
            **shown,
            page_links=_page_links(params, found.page),
            download_query=page_url("", link_params(request, filters)),
        )
        RESULTS.put(key, html)
    # Written by `results_html`, its values escaped there.
    return mark_safe(html), shown  # noqa: S308


def _page_links(params: dict[str, str], page: Page[Any]) -> dict[str, str]:
    links = {}
    if page.has_previous:
        previous = min(page.number - 1, page.last)
        links["previous"] = search_url({**params, "page": previous})
    if page.has_next:
        links["next"] = search_url({**params, "page": page.number + 1})
    return links


@require_safe
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOADS:
        raise Http404(fmt)
    try:
        search = read_page_search(request, paged=False)
    except FilterError as error:
        return HttpResponse(refusal(error), status=400, content_type="text/plain")
    return download_response(search_agreements(search.filters), fmt)


@require_safe
def where(request: HttpRequest) -> HttpResponse:
    if "home_unit" in request.GET and "open_to" not in request.GET:
        # The page once named the unit `home_unit`; that word now means "held
        # by" everywhere, so old links move to the word for "open to".
        params = request.GET.copy()
        params.setlist("open_to", params.pop("home_unit"))
        return HttpResponseRedirect(f"{request.path}?{params.urlencode()}")
    units = places.home_units(space(request))
    context: dict[str, Any] = {"nav": "where", "units": units}
    try:
        filters = read_page_search(request, paged=False).filters
    except FilterError as error:
        context["error"] = refusal(error)
        return render(request, "portal/where.html", context, status=400)
    context.update(unit=filters.open_to, filters=filters)
    if filters.open_to:
        context["country_choices"] = countries_open_to(filters)
        limit = None if filters.country else WHERE_MAX_LISTED
        rows = where_can_i_go(filters, limit)
        if rows is None:
            # A registry of a whole consortium: list countries, not every row.
            context["too_many"] = True
            return render(request, "portal/where.html", context)
        context["countries"] = _group_by_country(rows)
        context["partner_total"] = len({a.institution_id for a in rows})
        context["agreement_total"] = len(rows)
        # The same question on the search page: the same agreements.
        context["search_url"] = search_url(link_params(request, filters))
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
        partner["waived"] = partner["waived"] or bool(agreement.fee_waiver)
    return [
        {"country": e["country"], "partners": list(e["partners"].values())}
        for e in countries.values()
    ]


@require_safe
def institution(request: HttpRequest, pk: int) -> HttpResponse:
    detail = partner_detail(pk, space(request))
    if detail is None:
        raise Http404("no such institution")
    active = detail.in_force
    dates = [a.concluded_on for a in active if a.concluded_on]
    # Only what is public, and only for agreements in force: an ended
    # agreement's papers are the office's archive.
    in_force_ids = [a.pk for a in active]
    labels = {a.pk: agreement_label(a) for a in active}
    context = {
        "documents": [
            (d, labels[d.agreement_id]) for d in attachments.documents_of(in_force_ids)
        ],
        "contacts": [
            (c, labels[c.agreement_id])
            for c in attachments.public_contacts(in_force_ids)
        ],
        "partner": detail.institution,
        "aliases": detail.aliases,
        "active": active,
        "ended": detail.ended,
        "first_concluded": min(dates) if dates else None,
        "university_level": any(a.level == Agreement.Level.UNIVERSITY for a in active),
        "units": sorted({a.home_unit.code for a in active if a.home_unit}),
        "universities": _universities_of(request, active),
    }
    return render(request, "portal/institution.html", context)


def _universities_of(request: HttpRequest, agreements: list[Any]) -> list[str]:
    """The names of the home universities with these agreements, on the
    network's partner page when there are several (never in a university's
    space; and a registry of one university shows its pages as before, without
    even reading the names)."""
    slugs = {a.home_university for a in agreements}
    if space(request) or len(slugs) < 2:
        return []
    names = places.university_names()
    return sorted((names[slug] for slug in slugs), key=collation_key)


def agreement_label(agreement: Listed) -> str:
    """Which of a partner's agreements a document or contact belongs to."""
    if agreement.level == Agreement.Level.UNIVERSITY:
        return _("University level")
    where = [agreement.home_unit.code if agreement.home_unit else _("unit unknown")]
    if agreement.partner_department:
        where.append(agreement.partner_department)
    return f"{_('Department level')}: {', '.join(where)}"


@require_safe
def document_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A document's file, as an attachment: to anyone when it is public, else
    to staff who may view documents (anonymous visitors are asked to sign in,
    others refused)."""
    found = attachments.document(pk)
    if found is None:
        raise Http404("no such document")
    if not found.public:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_staff and request.user.has_perm(CAN_VIEW_DOCUMENTS)):
            raise PermissionDenied
        if not scopes.acts_for(request.user, found.agreement.home_university_id):
            raise PermissionDenied
    try:
        handle = found.path.open("rb")
    except FileNotFoundError:
        raise Http404("the document's file is missing") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=found.download_name,
        content_type=found.content_type,
    )
    # Never rendered by the browser, whatever the file holds: a download, no
    # sniffing, and a sandbox should anything still try to show it.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store" if not found.public else "no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
def country(request: HttpRequest, slug: str) -> HttpResponse:
    page = places.country_page(slug, space(request))
    if page is None:
        raise Http404("no such country")
    context = {
        "place": page.country,
        "partners": page.partners,
        "totals": page.totals,
        "search_url": search_url({"country": places.country_code(page.country)}),
    }
    return render(request, "portal/country.html", context)


@require_safe
def region(request: HttpRequest, slug: str) -> HttpResponse:
    page = places.region_page(slug, space(request))
    if page is None:
        raise Http404("no such region")
    context = {
        "place": page.region,
        "countries": page.countries,
        "totals": page.totals,
        "search_url": search_url({"region": page.region.slug}),
    }
    return render(request, "portal/region.html", context)


@require_safe
def statistics_page(request: HttpRequest) -> HttpResponse:
    numbers = statistics.snapshot(space(request))
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
                (
                    _("No waiver"),
                    totals["agreements"]
                    - totals["fee_waiver"]
                    - totals["fee_waiver_unknown"],
                ),
                *(
                    [(_("Waiver unknown"), totals["fee_waiver_unknown"])]
                    if totals["fee_waiver_unknown"]
                    else []
                ),
            ]
        ),
    }
    context["region_bars"] = charts.bars(
        [(region_name(r["name"]), r["agreements"]) for r in context["by_region"]]
    )
    context["country_bars"] = charts.bars(
        [
            (country_name(r["country_code"], r["name"]), r["agreements"])
            for r in context["by_country"][:20]
        ]
    )
    # Several universities' units side by side: each named with its university.
    several = len({r["home_university"] for r in numbers["by_home_unit"]}) > 1
    context["by_home_unit"] = [
        {**row, "label": unit_label(row) if several else row["code"]}
        for row in numbers["by_home_unit"]
    ]
    context["unit_bars"] = charts.bars(
        [(r["label"], r["agreements"]) for r in context["by_home_unit"]]
    )
    universities = numbers["by_university"]
    if len(universities) > 1:
        context["by_university"] = [
            {
                **row,
                "label": university_name(row),
                "url": space_path(row["slug"], "portal:statistics"),
            }
            for row in universities
        ]
        context["university_bars"] = charts.bars(
            [(row["label"], row["agreements"]) for row in context["by_university"]]
        )
    return render(request, "portal/statistics.html", context)


def unit_label(row: dict[str, Any]) -> str:
    university = row["home_university_short_name"] or row["home_university_name"]
    return f"{row['code']} · {university}"


def university_name(row: dict[str, Any]) -> str:
    """The university's name in the page's language (Japanese when known)."""
    if get_language() == "ja" and row.get("name_ja"):
        return str(row["name_ja"])
    return str(row["name"])


@require_safe
def world_map(request: HttpRequest) -> HttpResponse:
    rows = [
        {**row, "name": country_name(row["country_code"], row["name"])}
        for row in statistics.snapshot(space(request))["partners_by_country"]
    ]
    context = {"nav": "map", **worldmap.render_context(rows)}
    return render(request, "portal/map.html", context)


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    """Which list the pages show, what its words mean, what its unit codes stand for."""
    context = {"nav": "about", "units": places.home_units(space(request))}
    return render(request, "portal/about.html", context)
