"""Numeric dates with the year last (`12.06.2008`, `6/12/2008`): which of the
other two numbers is the day.

A list printed in Europe writes `31.12.2015`, one printed in the United States
`12/31/2015`; `5.8.1983` reads either way. The list itself settles it when one
of its dates has a first number above 12 (the day, so the day comes first) or
a second one above 12. The edition may also declare its order (`date_order` in
edition.toml), which a list whose every day is 12 or below needs.

Once the order is known, each such date is rewritten with its year first, the
form every later stage reads (`2008.06.12`), and the rewriting is reported
once, with the line that shows the order. Without an order nothing is
rewritten, and each date stays one the later stages report as unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly

DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"
ORDERS = (DAY_FIRST, MONTH_FIRST)

# Two numbers of one or two digits and a year of four, one separator between
# them; not part of a longer run of digits and separators (a version number, a
# telephone number).
YEAR_LAST = re.compile(
    r"(?<![\d./\-])(\d{1,2})([./\-])(\d{1,2})\2((?:18|19|20)\d\d)(?![\d./\-]*\d)"
)

_YEAR_AFTER_SEPARATOR = re.compile(r"[./\-](?:18|19|20)\d\d")


@dataclass(frozen=True)
class _Shown:
    """A date that shows the order it is written in: its line and text."""

    order: str
    line: int
    text: str


def _shown_orders(text: str) -> Iterator[_Shown]:
    for number, line in enumerate(text.split("\n"), start=1):
        for match in YEAR_LAST.finditer(line):
            first, second = int(match[1]), int(match[3])
            if first > 12 >= second:
                yield _Shown(DAY_FIRST, number, match[0])
            elif second > 12 >= first:
                yield _Shown(MONTH_FIRST, number, match[0])


def year_first(text: str, declared: str = "") -> tuple[str, list[Anomaly]]:
    """The text with its year-last dates written year first, when the edition
    declares their order or the list shows it, and what was decided.

    >>> year_first("- A (31.12.2015)\\n- B (5.8.1983)")[0]
    '- A (2015.12.31)\\n- B (1983.08.05)'
    >>> year_first("- B (5.8.1983)", "month-first")[0]
    '- B (1983.05.08)'
    >>> text, report = year_first("- B (5.8.1983)")
    >>> text, [a.code for a in report]
    ('- B (5.8.1983)', ['date-order'])
    """
    # A year after a separator first: five times faster over a list that has
    # none, as most write the year first.
    if not _YEAR_AFTER_SEPARATOR.search(text):
        return text, []
    dates = list(YEAR_LAST.finditer(text))
    if not dates:
        return text, []
    shown = list(_shown_orders(text))
    orders = {s.order for s in shown}
    if declared:
        against = [s for s in shown if s.order != declared]
        report = [_against_declared(declared, against)] if against else []
        return _rewrite(text, declared), report
    if len(orders) == 1:
        order = orders.pop()
        return _rewrite(text, order), [_inferred(order, shown[0], len(dates))]
    return text, [_unsettled(text, shown, len(dates))]


def _rewrite(text: str, order: str) -> str:
    def year_first_form(match: re.Match[str]) -> str:
        first, second = int(match[1]), int(match[3])
        day, month = (first, second) if order == DAY_FIRST else (second, first)
        if month > 12:
            return match[0]  # against the order: left for the date's own report
        return f"{match[4]}{match[2]}{month:02d}{match[2]}{day:02d}"

    return YEAR_LAST.sub(year_first_form, text)


def _dates(count: int) -> str:
    return f"{count} date" if count == 1 else f"{count} dates"


def _wording(order: str) -> str:
    return "day, month, year" if order == DAY_FIRST else "month, day, year"


def _inferred(order: str, shown: _Shown, count: int) -> Anomaly:
    return Anomaly(
        A.DATE_ORDER,
        (shown.line,),
        f"{shown.text}: {_dates(count)} written with the year last",
        f"each read as {_wording(order)}: the order this date shows",
        confidence="likely",
        field="concluded_on",
        severity="info",
    )


def _against_declared(declared: str, against: list[_Shown]) -> Anomaly:
    return Anomaly(
        A.DATE_ORDER,
        tuple(sorted({s.line for s in against})),
        ", ".join(s.text for s in against),
        f"not read: the edition declares {_wording(declared)}, which these "
        "dates cannot be",
        confidence="certain",
        field="concluded_on",
    )


def _unsettled(text: str, shown: list[_Shown], count: int) -> Anomaly:
    if shown:
        lines = tuple(sorted({s.line for s in shown}))
        seen = ", ".join(s.text for s in shown)
        why = "the list writes them in both orders"
    else:
        first = next(YEAR_LAST.finditer(text))
        lines = (text.count("\n", 0, first.start()) + 1,)
        seen = first[0]
        why = "none of them shows which number is the day"
    return Anomaly(
        A.DATE_ORDER,
        lines,
        f"{seen}: {_dates(count)} written with the year last",
        f"none read: {why}; declare the list's order (date_order = "
        '"day-first" or "month-first" in edition.toml)',
        confidence="uncertain",
        field="concluded_on",
    )
