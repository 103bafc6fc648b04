"""Renewal watch: agreements whose validity ends soon, or has ended without
renewal; those that renew themselves; and those whose end nobody knows.

An agreement's end is computed from what the registry knows of it
(`registry.lifecycle.validity_end`): its last day of validity, else its start
(or conclusion date) plus one term. Nothing is assumed: an agreement with
neither an end nor a term is listed apart as "unknown term", never given a
made-up date (the published lists print no term, so every imported agreement
starts there). One that renews automatically is listed with its next renewal,
not as ending. A later agreement with the same partner, partner department,
home unit and level renews the earlier one, which then no longer needs watching.

Pure functions over export-schema records carrying the lifecycle keys
(`valid_from`, `valid_until`, `term_months`, `renews_automatically`, as
`asof.records_as_of(..., with_lifecycle=True)` adds them); "today" is always
passed in.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from accord.publish.listing import parse_date
from accord.registry.lifecycle import add_months, next_renewal, validity_end

Record = Mapping[str, Any]

DEFAULT_WITHIN_DAYS = 180
# A century ahead is further than any renewal planning; beyond it a horizon is a
# typo (`3000000d` overflowed the calendar, a server error).
MAX_WITHIN_DAYS = 36_525
_WITHIN = re.compile(r"^\s*(\d+)\s*([dw]?)\s*$")


@dataclass(frozen=True)
class DueAgreement:
    """An agreement whose validity ends by the horizon (or has ended)."""

    record: Record
    concluded_on: datetime.date | None
    term_ends_on: datetime.date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class Renewing:
    """An agreement that renews itself: the end of its running term."""

    record: Record
    renews_on: datetime.date
    term_months: int


@dataclass(frozen=True)
class DueReport:
    today: datetime.date
    within_days: int
    due: tuple[DueAgreement, ...] = field(default=())
    renewing: tuple[Renewing, ...] = field(default=())
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
    return add_months(day, years * 12)


def _date(value: Any) -> datetime.date | None:
    return value if isinstance(value, datetime.date) else parse_date(value)


def validity_end_of(record: Record) -> datetime.date | None:
    """The last day of the record's current validity, None when unknown."""
    return validity_end(
        valid_from=_date(record.get("valid_from")),
        valid_until=_date(record.get("valid_until")),
        concluded_on=_date(record.get("concluded_on")),
        term_months=record.get("term_months"),
    )


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
) -> DueReport:
    """Agreements whose validity ends on or before `today + within_days`, oldest
    first; those renewing themselves, by their next renewal; those with an
    unknown end, by country and partner.

    `records` are the agreements in force today (the caller filters out ended ones).
    """
    records = list(records)
    latest = _latest_conclusions(records)
    limit = add_days(today, within_days)
    due: list[DueAgreement] = []
    renewing: list[Renewing] = []
    unknown: list[Record] = []
    for record in records:
        concluded = _date(record.get("concluded_on"))
        if concluded and concluded < latest[_renewal_key(record)]:
            continue  # renewed by a later agreement
        ends = validity_end_of(record)
        term = record.get("term_months")
        if ends is None:
            unknown.append(record)
        elif record.get("renews_automatically") and term:
            renewing.append(Renewing(record, next_renewal(ends, term, today), term))
        elif ends <= limit:
            due.append(DueAgreement(record, concluded, ends, (ends - today).days))
    due.sort(key=lambda d: (d.term_ends_on, d.record["institution"]))
    renewing.sort(key=lambda r: (r.renews_on, r.record["institution"]))
    unknown.sort(key=lambda r: (r.get("country_name", ""), r["institution"]))
    return DueReport(today, within_days, tuple(due), tuple(renewing), tuple(unknown))


def _latest_conclusions(records: list[Record]) -> dict[tuple[Any, ...], datetime.date]:
    latest: dict[tuple[Any, ...], datetime.date] = {}
    for record in records:
        day = _date(record.get("concluded_on"))
        key = _renewal_key(record)
        if day and (key not in latest or day > latest[key]):
            latest[key] = day
    return latest
