"""The read half of the API: public, for anyone.

Every read is a function of the registry (`queries`, `partners`, `places`,
`statistics`); the query string is parsed by the registry's filter language, as
the portal's is.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Path, Router

from accord.api import schemas
from accord.api.http import JSON
from accord.api.params import (
    AGREEMENT_SEARCH,
    INSTITUTION_SEARCH,
    agreement_search,
    documented,
    institution_search,
    reject_unknown,
)
from accord.api.problems import PROBLEM_TYPES, ApiProblem, problem_type_uri
from accord.api.serialize import (
    Links,
    agreement_to_dict,
    dump_json,
    institution_to_dict,
)
from accord.registry import places, queries, statistics
from accord.registry.partners import find_institutions, partner_detail
from accord.registry.queries import Page, find, page_of

router = Router(tags=["read"])
ERRORS: dict[int, Any] = {400: schemas.Problem, 429: schemas.Problem}
MAX_ID = 2**63 - 1


@router.get(
    "/agreements",
    response={200: schemas.AgreementPage, **ERRORS},
    summary="Search agreements",
    openapi_extra=documented(AGREEMENT_SEARCH),
)
def list_agreements(request: HttpRequest) -> HttpResponse:
    """Agreements matching every filter given, a page at a time, with facet counts
    (each facet counted under the other filters). Ended agreements are left out
    unless `include_ended=true`. The portal's search page takes the same
    parameters and finds the same agreements."""
    found = find(agreement_search(request))
    links = Links(request)
    # Answered as it is: the registry's rows already have the documented shape,
    # and checking 50 of them against the schema cost half the request.
    body = {
        **paging(request, found.page),
        "results": [agreement_to_dict(a, request, links) for a in found.page.items],
        "facets": found.facets,
    }
    return HttpResponse(dump_json(body), content_type=JSON)


@router.get(
    "/agreements/{agreement_id}",
    response={200: schemas.Agreement, 404: schemas.Problem, **ERRORS},
    summary="One agreement",
)
def get_agreement(
    request: HttpRequest, agreement_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """One agreement, in force, ended or suspended (drafts are not public)."""
    reject_unknown(request)
    agreement = queries.public_agreement(agreement_id)
    if agreement is None:
        raise ApiProblem("not-found", f"No agreement with id {agreement_id}.")
    return agreement_to_dict(agreement, request)


@router.get(
    "/institutions",
    response={200: schemas.InstitutionPage, **ERRORS},
    summary="Search partner institutions",
    openapi_extra=documented(INSTITUTION_SEARCH),
)
def list_institutions(request: HttpRequest) -> dict[str, Any]:
    """Partner institutions by name (any known spelling, accents and small typos
    forgiven), country or region."""
    search = institution_search(request)
    found = find_institutions(search.q, search.country, search.region)
    page = page_of(found, search.page, search.page_size)
    results = [institution_to_dict(i, request, i.active_count) for i in page.items]
    return {**paging(request, page), "results": results}


@router.get(
    "/institutions/{institution_id}",
    response={200: schemas.InstitutionDetail, 404: schemas.Problem, **ERRORS},
    summary="One partner institution and its agreements",
)
def get_institution(
    request: HttpRequest, institution_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """The institution, its other spellings, and every agreement naming it as the
    partner or a co-partner (ended ones included; see `ended_on`)."""
    reject_unknown(request)
    detail = partner_detail(institution_id)
    if detail is None:
        raise ApiProblem("not-found", f"No institution with id {institution_id}.")
    institution = detail.institution
    return {
        **institution_to_dict(institution, request, institution.active_count),
        "agreements": [agreement_to_dict(a, request) for a in detail.agreements],
    }


@router.get(
    "/countries", response={200: list[schemas.Country], **ERRORS}, summary="Countries"
)
def list_countries(request: HttpRequest) -> list[dict[str, Any]]:
    """Every country (and pseudo-country) with its partners and agreements in
    force; `code` is what the `country` filter takes."""
    reject_unknown(request)
    return places.countries_with_counts()


@router.get(
    "/regions", response={200: list[schemas.Region], **ERRORS}, summary="Regions"
)
def list_regions(request: HttpRequest) -> list[dict[str, Any]]:
    """World regions as the home university groups its list."""
    reject_unknown(request)
    return places.regions_with_counts()


@router.get(
    "/universities",
    response={200: list[schemas.University], **ERRORS},
    summary="Home universities",
)
def list_universities(request: HttpRequest) -> list[dict[str, Any]]:
    """The home universities whose agreements this registry keeps; `slug` is
    what the `university` filter takes and an agreement's `home_university`."""
    reject_unknown(request)
    return places.home_universities()


@router.get(
    "/home-units",
    response={200: list[schemas.HomeUnit], **ERRORS},
    summary="Home units",
)
def list_home_units(request: HttpRequest) -> list[dict[str, Any]]:
    """The home university's units that hold department-level agreements; `code`
    is what the `home_unit` and `open_to` filters take."""
    reject_unknown(request)
    return places.home_units_with_counts()


@router.get(
    "/statistics",
    response={200: schemas.Statistics, **ERRORS},
    summary="Statistics",
)
def get_statistics(request: HttpRequest) -> dict[str, Any]:
    """The numbers behind the portal's charts: agreements in force by region,
    country, home unit and decade of conclusion."""
    reject_unknown(request)
    return statistics.summary()


@router.get(
    "/problems",
    response={200: list[schemas.ProblemTypeInfo], **ERRORS},
    summary="Problem types",
)
def list_problem_types(request: HttpRequest) -> list[dict[str, Any]]:
    """The `type` values of the API's error documents (RFC 9457)."""
    reject_unknown(request)
    return [
        {
            "type": problem_type_uri(request, slug),
            "status": kind.status,
            "title": kind.title,
            "description": kind.description,
        }
        for slug, kind in PROBLEM_TYPES.items()
    ]


def paging(request: HttpRequest, page: Page[Any]) -> dict[str, Any]:
    """count, page, page_size and the links to the other pages."""
    # The request's own query with only the page number changed, its other
    # parameters encoded once for the five links.
    params = request.GET.copy()
    params.pop("page", None)
    others = params.urlencode()
    base = (
        request.build_absolute_uri(request.path)
        + "?"
        + (others + "&" if others else "")
    )

    def link(number: int) -> str:
        return f"{base}page={number}"

    links = {
        "self": link(page.number),
        "first": link(1),
        "last": link(page.last),
        "next": link(page.number + 1) if page.has_next else None,
        "prev": link(min(page.number - 1, page.last)) if page.has_previous else None,
    }
    return {
        "count": page.count,
        "page": page.number,
        "page_size": page.size,
        "links": links,
    }
