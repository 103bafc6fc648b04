"""The official list as a structure: records in; regions, countries, totals out.

A pure function over export-schema records (dicts, as `Edition.records` and
`publish.asof.records_as_of` give them), so every count printed in the list is
computed here from the rows themselves and can be tested without a database.
The order of the records is kept: callers sort (by region, country, date) before.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Printed between the names of a joint agreement's partners (one cell, one entry).
JOINT_SEPARATOR = " / "
# Printed before an agreement whose waiver is not known, and explained by a
# legend: the importer reads it back as unknown (`importer.legends`).
UNKNOWN_WAIVER_MARK = "? "


@dataclass(frozen=True)
class Entry:
    """One agreement as the list prints it."""

    institution: str
    co_partners: tuple[str, ...]
    fee_waiver: bool | None  # None: not known, and printed so (`?`)
    concluded_on: datetime.date | None
    partner_department: str = ""
    home_unit: str = ""

    @property
    def partners(self) -> str:
        return JOINT_SEPARATOR.join((self.institution, *self.co_partners))

    @property
    def university_line(self) -> str:
        """The entry as the university-level list prints it, unknown date aside.

        >>> Entry("Tsinghua University", (), True, datetime.date(1998, 8, 31)
        ...       ).university_line
        '- * Tsinghua University (1998.8.31)'
        """
        return f"- {self.waiver_mark}{self.partners}{self.dated}"

    @property
    def waiver_mark(self) -> str:
        """`* ` for fees waived, `? ` when that is not known, else nothing.

        >>> Entry("Tsinghua University", (), None, None).waiver_mark
        '? '
        """
        if self.fee_waiver is None:
            return UNKNOWN_WAIVER_MARK
        return "* " if self.fee_waiver else ""

    @property
    def dated(self) -> str:
        return f" ({self.dotted_date})" if self.concluded_on else ""

    @property
    def dotted_date(self) -> str:
        """The university-level form, `1983.8.5`; "" when unknown."""
        day = self.concluded_on
        return f"{day.year}.{day.month}.{day.day}" if day else ""

    @property
    def slashed_date(self) -> str:
        """The department-level form, `1983/08/05`; "" when unknown."""
        day = self.concluded_on
        return f"{day.year:04d}/{day.month:02d}/{day.day:02d}" if day else ""


@dataclass(frozen=True)
class CountryBlock:
    name: str
    code: str
    entries: tuple[Entry, ...]

    @property
    def count(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class RegionBlock:
    name: str
    countries: tuple[CountryBlock, ...]

    @property
    def count(self) -> int:
        return sum(country.count for country in self.countries)


@dataclass(frozen=True)
class OfficialList:
    """Everything the published list shows, with its totals derived from its rows."""

    as_of: datetime.date
    university: tuple[RegionBlock, ...] = field(default=())
    department: tuple[RegionBlock, ...] = field(default=())

    @property
    def university_total(self) -> int:
        """The N of "Total of N institutions": one per printed entry."""
        return sum(region.count for region in self.university)

    @property
    def department_total(self) -> int:
        """The M of "K countries and regions, M institutions": one per table row."""
        return sum(region.count for region in self.department)

    @property
    def department_country_total(self) -> int:
        """The K: distinct countries and regions in the table. The pseudo-country
        of international organizations is neither (the 2021 list declares 64 for
        its 64 countries besides it), as the importer's checksum reads it."""
        return len(
            {c.name for region in self.department for c in region.countries if c.code}
        )

    @property
    def university_waivers_unknown(self) -> bool:
        """Whether an entry's waiver is not known: its `?` needs its legend."""
        return _any_unknown(self.university)

    @property
    def department_waivers_unknown(self) -> bool:
        return _any_unknown(self.department)

    @property
    def department_country_counts(self) -> dict[str, int]:
        """Country name -> its (N), as `Edition.declared_country_counts` keeps it."""
        counts: dict[str, int] = {}
        for region in self.department:
            for country in region.countries:
                counts[country.name] = counts.get(country.name, 0) + country.count
        return counts


def _any_unknown(regions: tuple[RegionBlock, ...]) -> bool:
    return any(
        entry.fee_waiver is None
        for region in regions
        for country in region.countries
        for entry in country.entries
    )


def records_to_list(
    records: Iterable[Mapping[str, Any]], as_of: datetime.date
) -> OfficialList:
    """Group records by level, region and country, in the order they come.

    >>> rows = [{"level": "university", "region": "Asia", "country_code": "TH",
    ...          "country_name": "Thailand", "institution": "Chulalongkorn University",
    ...          "fee_waiver": True, "concluded_on": "2011-02-03"}]
    >>> records_to_list(rows, datetime.date(2021, 5, 1)).university_total
    1
    """
    records = list(records)
    return OfficialList(
        as_of=as_of,
        university=_group([r for r in records if r["level"] == "university"]),
        department=_group([r for r in records if r["level"] == "department"]),
    )


def _group(records: list[Mapping[str, Any]]) -> tuple[RegionBlock, ...]:
    regions: dict[str, dict[tuple[str, str], list[Entry]]] = {}
    for record in records:
        countries = regions.setdefault(record["region"], {})
        key = (record["country_name"], record.get("country_code") or "")
        countries.setdefault(key, []).append(record_to_entry(record))
    return tuple(
        RegionBlock(
            name=region,
            countries=tuple(
                CountryBlock(name=name, code=code, entries=tuple(entries))
                for (name, code), entries in countries.items()
            ),
        )
        for region, countries in regions.items()
    )


def record_to_entry(record: Mapping[str, Any]) -> Entry:
    return Entry(
        institution=record["institution"],
        co_partners=tuple(record.get("co_partners") or ()),
        fee_waiver=record.get("fee_waiver", False),
        concluded_on=parse_date(record.get("concluded_on")),
        partner_department=record.get("partner_department") or "",
        home_unit=record.get("home_unit") or "",
    )


def parse_date(value: str | datetime.date | None) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)
