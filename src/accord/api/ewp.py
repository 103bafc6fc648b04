"""/api/v1/agreements/{id}/ewp-iia: one agreement as an EWP IIA v7 document
(the same bytes as `accord ewp export ID`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Path

from accord.api import schemas
from accord.api.params import reject_unknown
from accord.api.problems import ApiProblem
from accord.api.read import ERRORS, MAX_ID, router
from accord.publish.ewp.exchange import ExportRefused, export_agreements

XML = "application/xml"


@router.get(
    "/agreements/{agreement_id}/ewp-iia",
    response={200: None, 404: schemas.Problem, 422: schemas.Problem, **ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": "An EWP IIA v7 `iias-get-response` holding the "
                "agreement as one IIA, valid against the official schema, with "
                "its iia-hash.",
                "content": {XML: {"schema": {"type": "string"}}},
            }
        }
    },
    tags=["EWP"],
    summary="One agreement as an EWP IIA v7 document",
)
def agreement_ewp_iia(
    request: HttpRequest, agreement_id: int = Path(..., ge=1, le=MAX_ID)
) -> HttpResponse:
    """The agreement, its cooperation terms and both partners' SCHAC codes as an
    Erasmus Without Paper IIA v7 get response (docs/ewp.md). An agreement EWP
    cannot describe (no terms, no SCHAC code, a term without its academic years,
    ...) is a 422 problem naming the field; what EWP has no element for (fee
    waiver, research visits) is left out and listed in `Accord-Not-Exported`."""
    reject_unknown(request)
    try:
        exported = export_agreements([agreement_id])
    except ExportRefused as exc:
        if exc.field == "id":
            raise ApiProblem(
                "not-found", f"No agreement with id {agreement_id}."
            ) from None
        raise ApiProblem(
            "not-exportable",
            str(exc),
            invalid_params=[{"name": exc.field, "reason": exc.message}],
        ) from None
    response = HttpResponse(exported.xml, content_type=f"{XML}; charset=utf-8")
    if exported.left_out:
        response["Accord-Not-Exported"] = "; ".join(exported.left_out)[:2000]
    return response
