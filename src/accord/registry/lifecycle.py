"""An agreement's lifecycle: its statuses, the moves between them, and the
arithmetic of its validity (start, end, terms, automatic renewal).

The status is the source of truth for "in force": an agreement is on the list of
a day only in a status that was in force then (`ON_LIST`), and its dates say
since when and until when (`models.in_force`). The moves staff may make are
`TRANSITIONS`; `validation.transition_problems` refuses the others and
`services.change_status` is the one write that makes them.

    >>> allowed("in_force", "suspended"), allowed("terminated", "in_force")
    (True, False)
"""

from __future__ import annotations

import calendar
import datetime

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    UNDER_NEGOTIATION = "under_negotiation", "Under negotiation"
    IN_FORCE = "in_force", "In force"
    SUSPENDED = "suspended", "Suspended"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


# Every status, as a set: `Status.values` builds its list anew on each call
# (an import checks 100,000 statuses).
STATUSES: frozenset[str] = frozenset(Status.values)
# Statuses in which an agreement has ended: exactly these carry `ended_on`.
ENDED: frozenset[str] = frozenset({Status.EXPIRED, Status.TERMINATED})
# Statuses of an agreement that was in force until its `ended_on` (if any): a
# draft never was, and a suspended one is off the list while it is suspended.
ON_LIST: frozenset[str] = frozenset({Status.IN_FORCE, *ENDED})
# Not concluded yet: no conclusion date.
NOT_CONCLUDED: frozenset[str] = frozenset({Status.DRAFT, Status.UNDER_NEGOTIATION})
# What the public may see: an agreement not concluded yet is the office's work
# in progress, kept to staff.
PUBLIC: frozenset[str] = STATUSES - NOT_CONCLUDED

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.UNDER_NEGOTIATION, Status.IN_FORCE}),
    Status.UNDER_NEGOTIATION: frozenset({Status.DRAFT, Status.IN_FORCE}),
    Status.IN_FORCE: frozenset({Status.SUSPENDED, Status.EXPIRED, Status.TERMINATED}),
    Status.SUSPENDED: frozenset({Status.IN_FORCE, Status.EXPIRED, Status.TERMINATED}),
    # An expired agreement renewed after it lapsed is in force again; a
    # terminated one stays terminated (a new agreement is a new record).
    Status.EXPIRED: frozenset({Status.IN_FORCE}),
    Status.TERMINATED: frozenset(),
}


def allowed(before: str, after: str) -> bool:
    """Whether staff may move an agreement from status `before` to `after`."""
    return before == after or after in TRANSITIONS.get(before, frozenset())


def label(status: str) -> str:
    """The status as people read it.

    >>> label("under_negotiation")
    'Under negotiation'
    """
    return str(dict(Status.choices).get(status, status))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day if it has no such day;
    the calendar's last day if that is further.

    >>> add_months(datetime.date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    >>> add_months(datetime.date(2020, 2, 29), 60)
    datetime.date(2025, 2, 28)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year > datetime.MAXYEAR:
        return datetime.date.max
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def term_label(months: int | None) -> str:
    """A term as people say it.

    >>> term_label(60), term_label(18), term_label(None)
    ('5 years', '18 months', 'unknown')
    """
    if not months:
        return "unknown"
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} month{'s' if months != 1 else ''}"


def validity_end(
    *,
    valid_from: datetime.date | None,
    valid_until: datetime.date | None,
    concluded_on: datetime.date | None,
    term_months: int | None,
) -> datetime.date | None:
    """The last day of the current validity, from what is known: the end date
    itself, else the start (or, lacking it, the conclusion date) plus one term;
    None when neither is known (the end is never guessed).

    >>> validity_end(valid_from=None, valid_until=None,
    ...     concluded_on=datetime.date(2020, 4, 1), term_months=60)
    datetime.date(2025, 3, 31)
    >>> validity_end(valid_from=None, valid_until=None,
    ...     concluded_on=datetime.date(2020, 4, 1), term_months=None) is None
    True
    """
    if valid_until is not None:
        return valid_until
    start = valid_from or concluded_on
    if start is None or not term_months:
        return None
    shifted = add_months(start, term_months)
    return (
        shifted - datetime.timedelta(days=1) if shifted < datetime.date.max else shifted
    )


def next_renewal(
    end: datetime.date, term_months: int, today: datetime.date
) -> datetime.date:
    """For an agreement that renews itself every `term_months` after `end`: the
    last day of the term running on `today` (`end` itself if not yet reached).

    >>> next_renewal(datetime.date(2020, 3, 31), 12, datetime.date(2026, 5, 1))
    datetime.date(2027, 3, 31)
    """
    if end >= today:
        return end
    elapsed = (today.year - end.year) * 12 + today.month - end.month
    terms = max(1, elapsed // term_months)
    while True:
        candidate = after_terms(end, terms * term_months)
        if candidate >= today or candidate == datetime.date.max:
            return candidate
        terms += 1


def after_terms(end: datetime.date, months: int) -> datetime.date:
    """The last day of a validity that ended on `end`, extended by `months`.

    >>> after_terms(datetime.date(2025, 3, 31), 60)
    datetime.date(2030, 3, 31)
    >>> after_terms(datetime.date(2024, 2, 29), 12)
    datetime.date(2025, 2, 28)
    """
    # The last day of a term is the day before the next term's first day.
    start = end + datetime.timedelta(days=1) if end < datetime.date.max else end
    shifted = add_months(start, months)
    return (
        shifted - datetime.timedelta(days=1) if shifted < datetime.date.max else shifted
    )
