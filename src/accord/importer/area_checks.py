"""Whether each record's country lies in the area the list prints it under.

A country label that names another place of the same name reads as that
country without a doubt ("Georgia" under North America is the US state, read
as the country), and a heading out of place carries the entries under it to
another continent. Neither shows in the label; the area above it does.
"""

from __future__ import annotations

from collections.abc import Iterator

from accord.core.areas import country_continent, lies_in
from accord.core.countries import cldr_name, region_code
from accord.core.records import Record
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly


def countries_outside_their_area(records: list[Record]) -> Iterator[Anomaly]:
    """A warning at the first agreement of each country printed under an area
    of another continent; areas M.49 does not know ("Middle East") are not
    checked.

    >>> from accord.core.records import Record
    >>> georgia = Record("university", "North America", "GE", "Georgia", "A U")
    >>> [a.seen for a in countries_outside_their_area([georgia, georgia])]
    ['Georgia (GE) under North America']
    """
    seen: set[tuple[str, str]] = set()
    for record in records:
        key = (record.region, record.country_code)
        if key in seen or not record.country_code:
            continue
        seen.add(key)
        area = region_code(record.region)
        if area is None or lies_in(record.country_code, area) is not False:
            continue
        continent = cldr_name(country_continent(record.country_code) or "", "en")
        yield Anomaly(
            A.COUNTRY_OUTSIDE_AREA,
            record.source_lines,
            f"{record.country_name} ({record.country_code}) under {record.region}",
            f"kept as read: {record.country_name} lies in {continent}; a label "
            "naming another place of that name, or a heading out of place, "
            "reads this way",
            confidence="uncertain",
            field="country_code",
            severity="warning",
        )
