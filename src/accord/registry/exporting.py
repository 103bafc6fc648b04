"""The stored agreements in Accord's export schema, for `accord export`."""

from __future__ import annotations

import datetime
from typing import Any

from accord.core.records import Record
from accord.registry.models import Agreement


def agreement_to_record(agreement: Agreement) -> Record:
    """A stored agreement in the export schema (co-partners by name)."""
    country = agreement.institution.country
    return Record(
        level=agreement.level,  # type: ignore[arg-type]
        region=country.region.name,
        country_code=country.iso_code or "",
        country_name=country.name,
        institution=agreement.partner_name,
        co_partners=tuple(sorted(p.name for p in agreement.co_partners.all())),
        partner_department=agreement.partner_department,
        home_unit=agreement.home_unit.code if agreement.home_unit else "",
        fee_waiver=agreement.fee_waiver,
        concluded_on=agreement.concluded_on,
        edition=agreement.edition.as_of if agreement.edition else None,
        source_lines=tuple(agreement.source_lines or ()),
    )


def stored_records() -> list[Record]:
    """Every stored agreement as a record, in a stable order that depends only
    on the data (edition, level, region, country, names), so that an export
    re-imported elsewhere exports identically."""
    agreements = (
        Agreement.objects.select_related(
            "institution__country__region", "home_unit", "edition"
        )
        # An edition keeps its whole list and report: never decode them per row.
        .defer("edition__records", "edition__report")
        .prefetch_related("co_partners")
    )

    def order(a: Agreement) -> tuple[Any, ...]:
        country = a.institution.country
        return (
            a.edition.as_of if a.edition else datetime.date.min,
            a.level != Agreement.Level.UNIVERSITY,
            country.region.sort_order,
            country.region.name,
            country.name,
            a.partner_name,
            a.home_unit.code if a.home_unit else "",
            a.partner_department,
            a.concluded_on or datetime.date.min,
            a.pk,
        )

    return [agreement_to_record(a) for a in sorted(agreements, key=order)]
