"""The read half of the API: public, for anyone."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from ninja import Path, Query, Router

from accord.api import schemas
from accord.api.params import (
    AgreementQuery,
    InstitutionQuery,
    PageQuery,
    check_country,
    check_region,
    reject_unknown,
    search_to_filters,
)
from accord.api.problems import PROBLEM_TYPES, ApiProblem, problem_type_uri
from accord.api.serialize import agreement_to_dict, country_code, institution_to_dict
from accord.registry import statistics
from accord.registry.models import Country, HomeUnit, Institution, Region
from accord.registry.queries import agreements, facet_counts, search_agreements
from accord.registry.search import search_institutions

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _ActiveCount(TypedDict):
    active_count: int


router = Router(tags=["read"])
ERRORS: dict[int, Any] = {400: schemas.Problem, 429: schemas.Problem}
MAX_ID = 2**63 - 1


@router.get(
    "/agreements",
    response={200: schemas.AgreementPage, **ERRORS},
    summary="Search agreements",
)
def list_agreements(
    request: HttpRequest, query: Query[AgreementQuery]
) -> dict[str, Any]:
    """Agreements matching every filter given, a page at a time, with facet counts
    (each facet counted under the other filters). Ended agreements are left out
    unless `include_ended=true`."""
    reject_unknown(request, AgreementQuery)
    filters = search_to_filters(query)
    found = search_agreements(filters)
    page, meta = paginate(request, found, query)
    return {
        **meta,
        "results": [agreement_to_dict(a, request) for a in page],
        "facets": facet_counts(filters),
    }


@router.get(
    "/agreements/{agreement_id}",
    response={200: schemas.Agreement, 404: schemas.Problem, **ERRORS},
    summary="One agreement",
)
def get_agreement(
    request: HttpRequest, agreement_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    """One agreement, in force or ended."""
    reject_unknown(request)
    agreement = agreements().filter(pk=agreement_id).first()
    if agreement is None:
        raise ApiProblem("not-found", f"No agreement with id {agreement_id}.")
    return agreement_to_dict(agreement, request)


@router.get(
    "/institutions",
    response={200: schemas.InstitutionPage, **ERRORS},
    summary="Search partner institutions",
)
def list_institutions(
    request: HttpRequest, query: Query[InstitutionQuery]
) -> dict[str, Any]:
    """Partner institutions by name (any known spelling), country or region."""
    reject_unknown(request, InstitutionQuery)
    found = institutions().order_by("name", "pk")
    if query.q.strip():
        # The portal's search (any spelling, accents and small typos forgiven).
        matches = search_institutions(query.q)
        found = found.filter(pk__in=[match.institution_id for match in matches])
    if query.country:
        code = check_country(query.country)
        found = found.filter(Q(country__iso_code=code) | Q(country__slug=code))
    if query.region:
        found = found.filter(country__region__slug=check_region(query.region))
    page, meta = paginate(request, found, query)
    results = [institution_to_dict(i, request, i.active_count) for i in page]
    return {**meta, "results": results}


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
    institution = institutions().filter(pk=institution_id).first()
    if institution is None:
        raise ApiProblem("not-found", f"No institution with id {institution_id}.")
    named = agreements().filter(Q(institution=institution) | Q(co_partners=institution))
    related = named.distinct().order_by("level", "home_unit__code", "concluded_on")
    return {
        **institution_to_dict(institution, request, institution.active_count),
        "agreements": [agreement_to_dict(a, request) for a in related],
    }


@router.get(
    "/countries", response={200: list[schemas.Country], **ERRORS}, summary="Countries"
)
def list_countries(request: HttpRequest) -> list[dict[str, Any]]:
    """Every country (and pseudo-country) with its partners and agreements in
    force; `code` is what the `country` filter takes."""
    reject_unknown(request)
    rows = (
        Country.objects.select_related("region")
        .annotate(
            agreement_count=Count(
                "institutions__agreements",
                filter=active("institutions__agreements__"),
                distinct=True,
            ),
            institution_count=Count("institutions", distinct=True),
        )
        .order_by("name")
    )
    return [
        {
            "code": country_code(c),
            "iso_code": c.iso_code,
            "name": c.name,
            "slug": c.slug,
            "region": c.region.name,
            "region_slug": c.region.slug,
            "agreement_count": c.agreement_count,
            "institution_count": c.institution_count,
        }
        for c in rows
    ]


@router.get(
    "/regions", response={200: list[schemas.Region], **ERRORS}, summary="Regions"
)
def list_regions(request: HttpRequest) -> QuerySet[Region]:
    """World regions as the home university groups its list."""
    reject_unknown(request)
    return Region.objects.annotate(
        country_count=Count("countries", distinct=True),
        agreement_count=Count(
            "countries__institutions__agreements",
            filter=active("countries__institutions__agreements__"),
            distinct=True,
        ),
    ).order_by("sort_order", "name")


@router.get(
    "/home-units",
    response={200: list[schemas.HomeUnit], **ERRORS},
    summary="Home units",
)
def list_home_units(request: HttpRequest) -> QuerySet[HomeUnit]:
    """The home university's units that hold department-level agreements; `code`
    is what the `home_unit` filter takes."""
    reject_unknown(request)
    return HomeUnit.objects.annotate(
        agreement_count=Count(
            "agreements", filter=active("agreements__"), distinct=True
        )
    ).order_by("code")


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


def institutions() -> QuerySet[WithAnnotations[Institution, _ActiveCount]]:
    return (
        Institution.objects.select_related("country__region")
        .prefetch_related("aliases")
        .annotate(
            active_count=Count(
                "agreements", filter=active("agreements__"), distinct=True
            )
        )
    )


def active(prefix: str) -> Q:
    today = datetime.date.today()
    return Q(**{f"{prefix}ended_on__isnull": True}) | Q(
        **{f"{prefix}ended_on__gt": today}
    )


def paginate(
    request: HttpRequest, queryset: QuerySet[Any], query: PageQuery
) -> tuple[list[Any], dict[str, Any]]:
    count = queryset.count()
    last = max(1, -(-count // query.page_size))
    start = (query.page - 1) * query.page_size
    items = list(queryset[start : start + query.page_size])

    def link(page: int) -> str:
        params = request.GET.copy()
        params["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    links = {
        "self": link(query.page),
        "first": link(1),
        "last": link(last),
        "next": link(query.page + 1) if query.page < last else None,
        "prev": link(min(query.page - 1, last)) if query.page > 1 else None,
    }
    meta = {"count": count, "page": query.page, "page_size": query.page_size}
    return items, {**meta, "links": links}
