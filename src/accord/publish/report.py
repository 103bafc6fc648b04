"""Edition diffs and renewal reports as text lines (CLI) and JSON-ready dicts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from accord.publish.diff import EditionDiff
from accord.publish.renewal import DueReport
from accord.registry.lifecycle import term_label
from accord.registry.models import Edition


def describe(record: Mapping[str, Any]) -> str:
    """One agreement in a line: who, where, which unit, since when.

    >>> describe({"level": "department", "country_name": "China",
    ...     "institution": "Fudan University", "partner_department": "History",
    ...     "home_unit": "GS Letters", "fee_waiver": True,
    ...     "concluded_on": "2019-08-01"})
    'Fudan University, History (China) - GS Letters, waiver, 2019-08-01'
    """
    partners = " / ".join([record["institution"], *(record.get("co_partners") or ())])
    if record.get("partner_department"):
        partners += f", {record['partner_department']}"
    where = record.get("home_unit") or (
        "university level" if record.get("level") == "university" else "unit unknown"
    )
    waiver = _WAIVER_SHOWN[record.get("fee_waiver", False)]
    date = record.get("concluded_on") or "date unknown"
    return f"{partners} ({record.get('country_name', '')}) - {where}{waiver}, {date}"


# Fees waived, not waived, or not known (as the list printed nothing to say).
_WAIVER_SHOWN = {True: ", waiver", False: "", None: ", waiver unknown"}


def _edition_label(edition: Edition) -> str:
    return f"{edition.as_of.isoformat()} (id {edition.pk})"


def _show(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list):
        return " / ".join(value) or "none"
    return repr(value) if value == "" else str(value)


def diff_to_lines(
    result: EditionDiff, edition_a: Edition, edition_b: Edition
) -> Iterator[str]:
    yield f"Edition {_edition_label(edition_a)} -> {_edition_label(edition_b)}"
    yield (
        f"{len(result.added)} added, {len(result.ended)} ended, "
        f"{len(result.changed)} changed, {result.unchanged} unchanged"
    )
    for title, records in (("Added", result.added), ("Ended", result.ended)):
        if records:
            yield ""
            yield f"{title}:"
            yield from (
                f"  + {describe(r)}" if title == "Added" else f"  - {describe(r)}"
                for r in records
            )
    if result.changed:
        yield ""
        yield "Changed:"
        for item in result.changed:
            yield f"  ~ {describe(item.after)}"
            for change in item.changes:
                yield (
                    f"      {change.field}: {_show(change.before)} -> "
                    f"{_show(change.after)}"
                )
    if result.renamed:
        yield ""
        yield "Institutions matched across spelling changes:"
        for renamed in result.renamed:
            yield (
                f"  {renamed.before} -> {renamed.after} "
                f"({renamed.country.lstrip('=')}, likeness {renamed.score:.0f})"
            )


def diff_to_dict(
    result: EditionDiff, edition_a: Edition, edition_b: Edition
) -> dict[str, Any]:
    return {
        "edition_a": {"id": edition_a.pk, "as_of": edition_a.as_of.isoformat()},
        "edition_b": {"id": edition_b.pk, "as_of": edition_b.as_of.isoformat()},
        "added": [dict(r) for r in result.added],
        "ended": [dict(r) for r in result.ended],
        "changed": [
            {
                "before": dict(item.before),
                "after": dict(item.after),
                "changes": [
                    {
                        "field": c.field,
                        "before": _jsonable(c.before),
                        "after": _jsonable(c.after),
                    }
                    for c in item.changes
                ],
            }
            for item in result.changed
        ],
        "renamed": [
            {"country": r.country.lstrip("="), "before": r.before, "after": r.after}
            for r in result.renamed
        ],
        "unchanged": result.unchanged,
    }


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def due_to_lines(report: DueReport) -> Iterator[str]:
    overdue = sum(1 for item in report.due if item.overdue)
    yield (
        f"As of {report.today.isoformat()}, "
        f"watching until {report.limit.isoformat()}: "
        f"{overdue} past their end, {len(report.due) - overdue} ending soon, "
        f"{len(report.renewing)} renewing automatically, "
        f"{len(report.unknown)} with an unknown term."
    )
    for item in report.due:
        state = (
            f"ended {-item.days_left} days ago"
            if item.overdue
            else f"ends in {item.days_left} days"
        )
        yield f"  {item.term_ends_on.isoformat()}  {state}: {describe(item.record)}"
    if report.renewing:
        yield ""
        yield "Renewing automatically (next renewal, term):"
        for renewing in report.renewing:
            yield (
                f"  {renewing.renews_on.isoformat()}  "
                f"every {term_label(renewing.term_months)}: {describe(renewing.record)}"
            )
    if report.unknown:
        yield ""
        yield "Unknown term (no end date and no term recorded):"
        for record in report.unknown:
            yield f"  {describe(record)}"


def due_to_dict(report: DueReport) -> dict[str, Any]:
    return {
        "today": report.today.isoformat(),
        "within_days": report.within_days,
        "due": [
            {
                "term_ends_on": item.term_ends_on.isoformat(),
                "days_left": item.days_left,
                "overdue": item.overdue,
                "agreement": dict(item.record),
            }
            for item in report.due
        ],
        "renewing": [
            {
                "renews_on": item.renews_on.isoformat(),
                "term_months": item.term_months,
                "agreement": dict(item.record),
            }
            for item in report.renewing
        ],
        "unknown": [dict(r) for r in report.unknown],
    }
