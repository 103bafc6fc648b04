"""What leaves Accord as a file: agreements in the export schema as CSV, XLSX or
JSON, and the Frictionless Data Package describing them. The portal's result
downloads, the API's exports and `accord export` all answer through here, so the
same agreements give the same bytes wherever they are asked for.

The writers (`core.formats`) neutralise spreadsheet formulas: a text cell
starting with = + - @ gets a leading apostrophe, so a partner named "=cmd()"
stays text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from accord.core.collecting import fewer_collections
from accord.core.formats import records_to_csv, records_to_json, records_to_xlsx
from accord.core.records import Record
from accord.registry.models import Edition, HomeUniversity
from accord.registry.rows import Listed

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FORMATS = tuple(MEDIA_TYPES)


def records_of(agreements: Iterable[Listed]) -> list[Record]:
    """Agreements in the export schema, in the order given."""
    return [a.record() for a in agreements]


def encode(records: list[Record], kind: str) -> bytes:
    """The records as a file of `kind` (csv, xlsx or json)."""
    if kind == "xlsx":
        return records_to_xlsx(records)
    if kind == "csv":
        return records_to_csv(records).encode("utf-8")
    if kind == "json":
        return records_to_json(records).encode("utf-8")
    raise ValueError(f"no export format {kind!r}; known: {', '.join(FORMATS)}")


def download_response(agreements: Iterable[Listed], kind: str) -> HttpResponse:
    """The agreements as an attachment `agreements.<kind>`."""
    with fewer_collections():  # a file of 100,000 rows: 20% of its time
        body = encode(records_of(agreements), kind)
    response = HttpResponse(body, content_type=MEDIA_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="agreements.{kind}"'
    return response


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
        for edition in Edition.objects.select_related("home_university").defer(
            "packed_records", "report"
        )
    ]
    return {
        "title": f"Exchange agreements of {name}",
        "description": f"Academic exchange agreements of {name} with partner "
        "institutions, one row per agreement, as kept in Accord.",
        "sources": sources,
    }
