"""/api/v1/export.{csv,xlsx,json} for any search, and /api/v1/datapackage.json."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query

from accord.api import schemas
from accord.api.opendata import package_descriptor
from accord.api.params import AgreementSearch, reject_unknown, search_to_filters
from accord.api.read import ERRORS, router
from accord.importer.exports import records_to_csv, records_to_json, records_to_xlsx
from accord.importer.persist import agreement_to_record
from accord.importer.records import Record
from accord.registry.models import Edition, HomeUniversity
from accord.registry.queries import search_agreements

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX,
    "json": "application/json",
}


def file_response(kind: str) -> dict[str, Any]:
    if kind == "json":
        items = schemas.ExportRecord.model_json_schema()
        items.pop("title", None)
        schema: dict[str, Any] = {"type": "array", "items": items}
    else:
        schema = {"type": "string", "format": "binary"}
    return {
        "responses": {
            200: {
                "description": f"The agreements found, in the export schema ({kind}).",
                "content": {MEDIA_TYPES[kind].split(";")[0]: {"schema": schema}},
            }
        }
    }


def found_records(request: HttpRequest, search: AgreementSearch) -> list[Record]:
    reject_unknown(request, AgreementSearch)
    agreements = search_agreements(search_to_filters(search))
    return [agreement_to_record(a) for a in agreements]


def attachment(data: bytes, kind: str) -> HttpResponse:
    response = HttpResponse(data, content_type=MEDIA_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="agreements.{kind}"'
    return response


@router.get(
    "/export.csv",
    response={200: None, **ERRORS},
    openapi_extra=file_response("csv"),
    tags=["open data"],
    summary="Download agreements as CSV",
)
def export_csv(request: HttpRequest, search: Query[AgreementSearch]) -> HttpResponse:
    """The agreements `/agreements` finds with the same filters (all of them, not
    a page), one row each, columns in the export schema; lists joined with `; `;
    formula-like text cells neutralised with a leading apostrophe."""
    records = found_records(request, search)
    return attachment(records_to_csv(records).encode("utf-8"), "csv")


@router.get(
    "/export.xlsx",
    response={200: None, **ERRORS},
    openapi_extra=file_response("xlsx"),
    tags=["open data"],
    summary="Download agreements as XLSX",
)
def export_xlsx(request: HttpRequest, search: Query[AgreementSearch]) -> HttpResponse:
    """As export.csv, as one spreadsheet (`agreements`) with typed dates and
    booleans."""
    return attachment(records_to_xlsx(found_records(request, search)), "xlsx")


@router.get(
    "/export.json",
    response={200: None, **ERRORS},
    openapi_extra=file_response("json"),
    tags=["open data"],
    summary="Download agreements as JSON",
)
def export_json(request: HttpRequest, search: Query[AgreementSearch]) -> HttpResponse:
    """As export.csv, as a JSON list of export-schema objects (what
    `accord import` reads back)."""
    records = found_records(request, search)
    return attachment(records_to_json(records).encode("utf-8"), "json")


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


def package_metadata() -> dict[str, Any]:
    """Title, description and sources (the imported editions) of a package."""
    home = HomeUniversity.objects.order_by("pk").first()
    name = home.name if home else "the home university"
    sources = [
        {
            "title": edition.title
            or f"{edition.home_university} as of {edition.as_of.isoformat()}",
            **({"path": edition.source_name} if edition.source_name else {}),
        }
        for edition in Edition.objects.select_related("home_university")
    ]
    return {
        "title": f"Exchange agreements of {name}",
        "description": f"Academic exchange agreements of {name} with partner "
        "institutions, one row per agreement, as kept in Accord.",
        "sources": sources,
    }
