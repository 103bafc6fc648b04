"""Renewal watch: agreements whose term ends soon, or has ended without renewal.

An agreement's term runs `ACCORD_AGREEMENT_TERM_YEARS` (default 5) from its
conclusion date. A later agreement with the same partner, partner department,
home unit and level renews the earlier one, which then no longer needs watching.
Agreements without a conclusion date cannot be placed on the calendar: they are
listed apart as unknown, never given a made-up date.

Pure functions over export-schema records; "today" is always passed in.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from accord.publish.listing import parse_date

Record = Mapping[str, Any]

DEFAULT_WITHIN_DAYS = 180
# A century ahead is further than any renewal planning; beyond it a horizon is a
# typo (`3000000d` overflowed the calendar, a server error).
MAX_WITHIN_DAYS = 36_525
_WITHIN = re.compile(r"^\s*(\d+)\s*([dw]?)\s*$")


@dataclass(frozen=True)
class DueAgreement:
    record: Record
    concluded_on: datetime.date
    term_ends_on: datetime.date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class DueReport:
    today: datetime.date
    within_days: int
    term_years: int
    due: tuple[DueAgreement, ...] = field(default=())
    unknown: tuple[Record, ...] = field(default=())

    @property
    def limit(self) -> datetime.date:
        return add_days(self.today, self.within_days)


def parse_within(text: str) -> int:
    """A horizon in days: `180d`, `26w` or a bare number of days, at most
    MAX_WITHIN_DAYS (a century).

    >>> parse_within("180d"), parse_within("2w"), parse_within("30")
    (180, 14, 30)
    >>> parse_within("3000000d")
    Traceback (most recent call last):
    ...
    ValueError: '3000000d' is further ahead than 36525 days (100 years)
    """
    match = _WITHIN.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration; write e.g. 180d or 26w")
    digits, unit = match.group(1), match.group(2)
    days = int(digits[-12:]) * (7 if unit == "w" else 1)
    if len(digits.lstrip("0")) > 12 or days > MAX_WITHIN_DAYS:
        raise ValueError(
            f"{text.strip()!r} is further ahead than {MAX_WITHIN_DAYS} days (100 years)"
        )
    return days


def add_days(day: datetime.date, days: int) -> datetime.date:
    """`days` after `day`, or the calendar's last day if that is further.

    >>> add_days(datetime.date(9999, 12, 1), 180)
    datetime.date(9999, 12, 31)
    """
    return day + datetime.timedelta(days=min(days, (datetime.date.max - day).days))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February.

    >>> add_years(datetime.date(2016, 2, 29), 5)
    datetime.date(2021, 2, 28)
    """
    if day.year + years > datetime.MAXYEAR:
        return datetime.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _renewal_key(record: Record) -> tuple[Any, ...]:
    return (
        record["level"],
        record.get("country_code") or record.get("country_name"),
        record["institution"],
        (record.get("partner_department") or "").casefold(),
        record.get("home_unit") or "",
    )


def due_agreements(
    records: Iterable[Record],
    today: datetime.date,
    within_days: int = DEFAULT_WITHIN_DAYS,
    term_years: int = 5,
) -> DueReport:
    """Agreements whose term ends on or before `today + within_days`, oldest first.

    `records` are the agreements in force today (the caller filters out ended ones).
    """
    records = list(records)
    latest: dict[tuple[Any, ...], datetime.date] = {}
    for record in records:
        day = parse_date(record.get("concluded_on"))
        key = _renewal_key(record)
        if day and (key not in latest or day > latest[key]):
            latest[key] = day
    limit = add_days(today, within_days)
    due: list[DueAgreement] = []
    unknown: list[Record] = []
    for record in records:
        day = parse_date(record.get("concluded_on"))
        if day is None:
            unknown.append(record)
            continue
        if day < latest[_renewal_key(record)]:
            continue  # renewed by a later agreement
        ends = add_years(day, term_years)
        if ends <= limit:
            due.append(DueAgreement(record, day, ends, (ends - today).days))
    due.sort(key=lambda d: (d.term_ends_on, d.record["institution"]))
    unknown.sort(key=lambda r: (r.get("country_name", ""), r["institution"]))
    return DueReport(today, within_days, term_years, tuple(due), tuple(unknown))
