"""Search results as CSV or XLSX, in Accord's export schema.

The importer's writers neutralise spreadsheet formulas: a text cell starting with
= + - @ gets a leading apostrophe, so a partner named "=cmd()" stays text.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404, HttpResponse

from accord.importer.exports import records_to_csv, records_to_xlsx
from accord.registry.exporting import agreement_to_record
from accord.registry.models import Agreement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_response(found: Iterable[Agreement], fmt: str) -> HttpResponse:
    records = [agreement_to_record(a) for a in found]
    if fmt == "csv":
        response = HttpResponse(
            records_to_csv(records), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(records_to_xlsx(records), content_type=XLSX)
    else:
        raise Http404(fmt)
    response["Content-Disposition"] = f'attachment; filename="agreements.{fmt}"'
    return response
