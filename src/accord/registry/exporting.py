"""The stored agreements in Accord's export schema, for `accord export`."""

from __future__ import annotations

import datetime
from typing import Any

from accord.core.records import Record
from accord.registry.models import Agreement
from accord.registry.rows import Listed, listed


def stored_records() -> list[Record]:
    """Every stored agreement as a record, in a stable order that depends only
    on the data (edition, level, region, country, names), so that an export
    re-imported elsewhere exports identically; the staff's records, with every
    status and the termination reasons."""

    def order(a: Listed) -> tuple[Any, ...]:
        country = a.institution.country
        return (
            a.edition_as_of or datetime.date.min,
            a.level != Agreement.Level.UNIVERSITY,
            country.region_order,
            country.region_name,
            country.name,
            a.partner_name,
            a.home_unit.code if a.home_unit else "",
            a.partner_department,
            a.concluded_on or datetime.date.min,
            a.pk,
        )

    every = listed(list(Agreement.objects.values_list("pk", flat=True)))
    return [a.record(staff=True) for a in sorted(every, key=order)]
