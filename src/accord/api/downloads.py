"""/api/v1/export.{csv,xlsx,json} for any search, and /api/v1/datapackage.json.

The files are `publish.downloads`' (the same bytes as the portal's downloads and
`accord export`); the search is the filter language's, without paging.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from accord.api import schemas
from accord.api.params import FILTER_NAMES, agreement_search, documented, reject_unknown
from accord.api.read import ERRORS, router
from accord.publish.downloads import MEDIA_TYPES, download_response, package_metadata
from accord.publish.opendata import package_descriptor
from accord.registry.queries import search_agreements


def file_response(kind: str) -> dict[str, Any]:
    if kind == "json":
        items = schemas.ExportRecord.model_json_schema()
        items.pop("title", None)
        schema: dict[str, Any] = {"type": "array", "items": items}
    else:
        schema = {"type": "string", "format": "binary"}
    return {
        **documented(FILTER_NAMES),
        "responses": {
            200: {
                "description": f"The agreements found, in the export schema ({kind}).",
                "content": {MEDIA_TYPES[kind].split(";")[0]: {"schema": schema}},
            }
        },
    }


def export(request: HttpRequest, kind: str) -> HttpResponse:
    search = agreement_search(request, paged=False)
    return download_response(search_agreements(search.filters), kind)


@router.get(
    "/export.csv",
    response={200: None, **ERRORS},
    openapi_extra=file_response("csv"),
    tags=["open data"],
    summary="Download agreements as CSV",
)
def export_csv(request: HttpRequest) -> HttpResponse:
    """The agreements `/agreements` finds with the same filters (all of them, not
    a page), one row each, columns in the export schema; lists joined with `; `;
    formula-like text cells neutralised with a leading apostrophe."""
    return export(request, "csv")


@router.get(
    "/export.xlsx",
    response={200: None, **ERRORS},
    openapi_extra=file_response("xlsx"),
    tags=["open data"],
    summary="Download agreements as XLSX",
)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """As export.csv, as one spreadsheet (`agreements`) with typed dates and
    booleans."""
    return export(request, "xlsx")


@router.get(
    "/export.json",
    response={200: None, **ERRORS},
    openapi_extra=file_response("json"),
    tags=["open data"],
    summary="Download agreements as JSON",
)
def export_json(request: HttpRequest) -> HttpResponse:
    """As export.csv, as a JSON list of export-schema objects (what
    `accord import` reads back)."""
    return export(request, "json")


@router.get(
    "/datapackage.json",
    response={200: dict[str, Any], **ERRORS},
    tags=["open data"],
    summary="Frictionless Data Package",
)
def datapackage(request: HttpRequest) -> dict[str, Any]:
    """A Tabular Data Package describing export.csv (the agreements in force):
    a Table Schema with each column's type, constraints and meaning."""
    reject_unknown(request)
    return package_descriptor(
        request.build_absolute_uri("/api/v1/export.csv"), **package_metadata()
    )
