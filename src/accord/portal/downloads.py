"""Search results as CSV or XLSX, in Accord's export schema.

The importer's writers neutralise spreadsheet formulas: a text cell starting with
= + - @ gets a leading apostrophe, so a partner named "=cmd()" stays text.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404, HttpResponse

from accord.importer.exports import records_to_csv, records_to_xlsx
from accord.importer.records import Record
from accord.registry.models import Agreement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def agreement_to_record(agreement: Agreement) -> Record:
    """An agreement in the export schema (public fields only)."""
    country = agreement.institution.country
    return Record(
        level=agreement.level,  # type: ignore[arg-type]
        region=country.region.name,
        country_code=country.iso_code or "",
        country_name=country.name,
        institution=agreement.institution.name,
        co_partners=tuple(p.name for p in agreement.co_partners.all()),
        partner_department=agreement.partner_department,
        home_unit=agreement.home_unit.code if agreement.home_unit else "",
        fee_waiver=agreement.fee_waiver,
        concluded_on=agreement.concluded_on,
        edition=agreement.edition.as_of if agreement.edition else None,
    )


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
