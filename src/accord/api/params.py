"""Query parameters: their schemas (which become the OpenAPI document), the check
that refuses unknown ones, and their translation to `registry.queries` filters."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Literal

from django.http import HttpRequest
from ninja import Field, Schema

from accord.api.problems import ApiProblem, invalid_param
from accord.registry.models import Country, HomeUnit, Region
from accord.registry.queries import SORTS, AgreementFilters

# Control characters never belong in a filter; PostgreSQL refuses NUL outright.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
MAX_PAGE = 100_000
MAX_PAGE_SIZE = 1000
# Whatever orders registry.queries offers, the API offers under the same names.
# Built at run time, so the type checker only knows it is a string.
if TYPE_CHECKING:
    Sort = str
else:
    Sort = Literal.__getitem__(tuple(SORTS))


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="1-based page number.")
    page_size: int = Field(
        50, ge=1, le=MAX_PAGE_SIZE, description="Results per page (at most 1000)."
    )


class AgreementSearch(Schema):
    """The portal's search and facets, under the same names."""

    q: str = Field(
        "",
        max_length=200,
        pattern=PRINTABLE,
        description="Words that must all appear in the partner's name (or another "
        "known spelling), its department or its country; case and accents ignored.",
    )
    level: Literal["university", "department"] | None = Field(
        None, description="Agreement level."
    )
    region: str = Field(
        "", max_length=100, pattern=PRINTABLE, description="Region slug (`/regions`)."
    )
    country: str = Field(
        "",
        max_length=100,
        pattern=PRINTABLE,
        description="ISO 3166-1 alpha-2 code (case-insensitive), or the slug of a "
        "pseudo-country such as `international-organization` (`/countries`).",
    )
    home_unit: str = Field(
        "",
        max_length=100,
        pattern=PRINTABLE,
        description="Home unit code as printed, e.g. `GS Engineering` (`/home-units`).",
    )
    fee_waiver: bool | None = Field(None, description="Tuition fees waived or not.")
    decade: int | None = Field(
        None,
        ge=1900,
        le=2090,
        multiple_of=10,
        description="First year of the decade of conclusion (1990 for the 1990s).",
    )
    concluded_from: datetime.date | None = Field(
        None, description="Concluded on or after (YYYY-MM-DD); unknown dates excluded."
    )
    concluded_to: datetime.date | None = Field(
        None, description="Concluded on or before (YYYY-MM-DD); unknown dates excluded."
    )
    include_ended: bool = Field(
        False, description="Also list agreements that have ended."
    )
    sort: Sort = Field("institution", description="Order; `-` for descending.")


class AgreementQuery(AgreementSearch, PageQuery):
    pass


class InstitutionQuery(PageQuery):
    q: str = Field(
        "",
        max_length=200,
        pattern=PRINTABLE,
        description="Words that must all appear in the name or another spelling.",
    )
    country: str = Field(
        "", max_length=100, pattern=PRINTABLE, description="As for /agreements."
    )
    region: str = Field(
        "", max_length=100, pattern=PRINTABLE, description="As for /agreements."
    )


def reject_unknown(request: HttpRequest, *schemas: type[Schema]) -> None:
    """Refuse parameters the operation does not know, and repeated ones: a typo
    (`contry=DE`) must not silently widen the result."""
    allowed: set[str] = set()
    for schema in schemas:
        allowed |= set(schema.model_fields)
    problems = [
        {
            "name": name,
            "reason": "unknown parameter; known: " + ", ".join(sorted(allowed)),
        }
        for name in request.GET
        if name not in allowed
    ]
    problems += [
        {"name": name, "reason": "given more than once"}
        for name, values in request.GET.lists()
        if name in allowed and len(values) > 1
    ]
    if problems:
        names = ", ".join(p["name"] for p in problems)
        raise ApiProblem(
            "invalid-parameters",
            f"Unknown or repeated query parameters: {names}",
            invalid_params=problems,
        )


def search_to_filters(search: AgreementSearch) -> AgreementFilters:
    """The registry filters for a search, once every named thing exists."""
    if (
        search.concluded_from
        and search.concluded_to
        and search.concluded_from > search.concluded_to
    ):
        raise invalid_param("concluded_to", "is before concluded_from")
    return AgreementFilters(
        q=search.q.strip(),
        level=search.level or "",
        region=check_region(search.region),
        country=check_country(search.country),
        home_unit=check_home_unit(search.home_unit),
        fee_waiver=search.fee_waiver,
        decade=search.decade,
        concluded_from=search.concluded_from,
        concluded_to=search.concluded_to,
        include_ended=search.include_ended,
        sort=search.sort,
    )


def check_region(slug: str) -> str:
    if slug and not Region.objects.filter(slug=slug).exists():
        raise invalid_param("region", f"no region {slug!r}; see /api/v1/regions")
    return slug


def check_country(code: str) -> str:
    """An ISO code in capitals, or a pseudo-country's slug."""
    if not code:
        return ""
    if len(code) == 2 and Country.objects.filter(iso_code=code.upper()).exists():
        return code.upper()
    if Country.objects.filter(slug=code, iso_code__isnull=True).exists():
        return code
    raise invalid_param(
        "country", f"no country with code {code!r}; see /api/v1/countries"
    )


def check_home_unit(code: str) -> str:
    if not code:
        return ""
    unit = HomeUnit.objects.filter(code__iexact=code.strip()).first()
    if unit is None:
        raise invalid_param(
            "home_unit", f"no home unit {code!r}; see /api/v1/home-units"
        )
    return unit.code
