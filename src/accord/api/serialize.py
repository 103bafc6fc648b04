"""Registry objects as the API shows them: the export schema plus ids and links."""

from __future__ import annotations

from functools import cache
from typing import Any

import orjson
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

from accord.registry.models import Institution
from accord.registry.rows import Listed, Partner


class Links:
    """The absolute URLs of one request's answer, from prefixes built once (a
    page of 1,000 agreements has 3,000 links)."""

    def __init__(self, request: HttpRequest) -> None:
        self.api = request.build_absolute_uri("/api/v1/")
        template = _portal_path_template()
        self.portal = (
            request.build_absolute_uri(template.removesuffix(f"{_PK_MARK}/"))
            if template
            else None
        )

    def agreement(self, agreement: Listed) -> dict[str, Any]:
        return {
            "self": f"{self.api}agreements/{agreement.pk}",
            "institution": f"{self.api}institutions/{agreement.institution_id}",
            "portal": f"{self.portal}{agreement.institution_id}/"
            if self.portal
            else None,
        }


def agreement_to_dict(
    agreement: Listed, request: HttpRequest, links: Links | None = None
) -> dict[str, Any]:
    return {
        "id": agreement.pk,
        **agreement.export_dict(),
        "ended_on": _iso(agreement.ended_on),
        "status": agreement.status,
        "valid_from": _iso(agreement.valid_from),
        "valid_until": _iso(agreement.valid_until),
        "term_months": agreement.term_months,
        "renews_automatically": agreement.renews_automatically,
        "cooperation_terms": list(agreement.terms),
        "version": agreement.version,
        "links": (links or Links(request)).agreement(agreement),
    }


def institution_to_dict(
    institution: Institution, request: HttpRequest, agreement_count: int
) -> dict[str, Any]:
    country = institution.country
    return {
        "id": institution.pk,
        "name": institution.name,
        "aliases": [alias.name for alias in institution.aliases.all()],
        "country_code": country.iso_code or "",
        "country_name": country.name,
        "region": country.region.name,
        "ror_id": institution.ror_id,
        "erasmus_code": institution.erasmus_code,
        "schac_code": institution.schac_code,
        "website": institution.website,
        "city": institution.city,
        "agreement_count": agreement_count,
        "version": institution.version,
        "links": {
            "self": _absolute(request, f"institutions/{institution.pk}"),
            "portal": portal_url(request, institution),
        },
    }


def portal_url(request: HttpRequest, institution: Institution | Partner) -> str | None:
    """The public page of the institution, when the portal has one."""
    template = _portal_path_template()
    if template is None:
        return None
    return request.build_absolute_uri(template.replace(_PK_MARK, str(institution.pk)))


_PK_MARK = "424242424242"


@cache
def _portal_path_template() -> str | None:
    # reverse() once per process instead of once per agreement (a fifth of the
    # time of a 1000-agreement page); the URLconf does not change at run time.
    try:
        return reverse("portal:institution", args=[int(_PK_MARK)])
    except NoReverseMatch:
        return None


def api_url(request: HttpRequest, relative: str) -> str:
    return _absolute(request, relative)


def _absolute(request: HttpRequest, relative: str) -> str:
    return request.build_absolute_uri(f"/api/v1/{relative}")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


class FastJSONRenderer(BaseRenderer):
    """JSON by orjson, five to ten times faster than the standard library on
    a page of agreements; what it does not know (a pydantic model, a Decimal)
    goes through ninja's own encoder."""

    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return dump_json(data)


_fallback = NinjaJSONEncoder()


def dump_json(data: Any) -> bytes:
    return orjson.dumps(data, default=_fallback.default)
