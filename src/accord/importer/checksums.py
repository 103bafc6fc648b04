"""The totals a list declares about itself, read before any row is counted.

"Total of 250 institutions" (university level), "64 countries and regions,
481 institutions" (department level) and each country's `(N)` in the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from accord.core.records import Record
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.lines import (
    DEPARTMENT,
    DEPARTMENT_TOTAL,
    UNIVERSITY,
    UNIVERSITY_TOTAL,
    Line,
    declared_numbers,
    heading_total,
)

_ROWS = re.compile(
    r"(\d+)\s+(?:institutions?|agreements?|universities|partners?)", re.I
)


def _declared_in_heading(kind: str, total: str) -> dict[str, int]:
    """The numbers of a part's total printed on its heading: in the wording of
    a total line of that part, or the rows alone ("(4 institutions)")."""
    pattern = UNIVERSITY_TOTAL if kind == "university" else DEPARTMENT_TOTAL
    match = pattern.match(total)
    numbers = declared_numbers(match) if match else ()
    rows = _ROWS.search(total)
    if numbers:
        declared = {f"{kind}_total": numbers[-1]}
    elif rows is not None:
        declared = {f"{kind}_total": int(rows.group(1))}
    else:
        return {}
    if kind == "department" and len(numbers) == 2:
        declared["countries_total"] = numbers[0]
    return declared


# What each total counts, as its anomaly names it.
_COUNTED = {
    "university_total": "university-level institutions",
    "department_total": "department-level rows",
    "countries_total": "countries and regions",
}


@dataclass(frozen=True)
class Restated:
    """A total the list declares again with another number: the list
    contradicts itself, and neither number is taken over the other."""

    key: str
    first: int
    first_line: int
    again: int
    line: int


@dataclass(frozen=True)
class CountryCount:
    """One `Country (N)` label: the country (code or "" for international
    organizations, None when unknown), its label and declared row count."""

    label: str
    code: str | None
    declared: int
    line: int
    # Every line printing the label (it repeats at the top of each page).
    lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Checksums:
    university_total: int | None = None
    university_total_line: int | None = None
    department_total: int | None = None
    countries_total: int | None = None
    department_total_line: int | None = None
    countries: tuple[CountryCount, ...] = field(default=())
    restated: tuple[Restated, ...] = ()

    def declared_for(self, code: str) -> CountryCount | None:
        return next((c for c in self.countries if c.code == code), None)


def lines_to_checksums(lines: list[Line]) -> Checksums:
    """The declared totals of a list (country counts are added by the table).

    >>> from accord.importer.lines import text_to_lines
    >>> from accord.importer.options import ParseOptions
    >>> text = "University Level Agreements\\nTotal of 2 institutions"
    >>> lines, _ = text_to_lines(text, ParseOptions("X"))
    >>> lines_to_checksums(lines).university_total
    2
    """
    # Each total as first declared, with its line; a later declaration of
    # the same total with another number is kept apart, to be reported.
    first: dict[str, tuple[int, int]] = {}
    restated: list[Restated] = []
    for line in lines:
        declared = _declared_on(line)
        for key, number in declared.items():
            if key not in first:
                first[key] = (number, line.number)
            elif first[key][0] != number:
                restated.append(Restated(key, *first[key], number, line.number))
    return Checksums(
        university_total=first.get("university_total", (None, None))[0],
        university_total_line=first.get("university_total", (None, None))[1],
        department_total=first.get("department_total", (None, None))[0],
        countries_total=first.get("countries_total", (None, None))[0],
        department_total_line=first.get("department_total", (None, None))[1],
        restated=tuple(restated),
    )


def _declared_on(line: Line) -> dict[str, int]:
    """The totals one line declares: on a part's heading, or on a total line."""
    text = " ".join(line.text.split())
    if line.kind == "section":
        # A total printed on the part's heading ("University Level
        # Agreements: Total of 4 institutions") is the part's total.
        total = heading_total(text)
        kind = "university" if line.section == UNIVERSITY else "department"
        return _declared_in_heading(kind, total) if total else {}
    if line.kind == "university-total":
        match = UNIVERSITY_TOTAL.match(text)
        assert match is not None
        (rows,) = declared_numbers(match)
        # Rows alone ("Total number of agreements: 5") under the department
        # part's heading count that part's rows.
        part = "department" if line.section == DEPARTMENT else "university"
        return {f"{part}_total": rows}
    if line.kind == "department-total":
        match = DEPARTMENT_TOTAL.match(text)
        assert match is not None
        countries, rows = declared_numbers(match)
        return {"department_total": rows, "countries_total": countries}
    return {}


def check_totals(records: list[Record], checksums: Checksums) -> list[Anomaly]:
    """Each declared total that the records do not reach: declared N, found n.

    >>> from accord.core.records import Record
    >>> sums = Checksums(university_total=2, university_total_line=3)
    >>> [a.seen for a in check_totals([Record("university", "", "", "", "A")], sums)]
    ['university-level institutions: declared 2, found 1']
    """
    return [
        *(_restated(restated) for restated in checksums.restated),
        *(
            _checksum(key, declared, found, lines, what)
            for key, declared, found, lines, what in _totals(records, checksums)
            if declared is not None and declared != found
        ),
    ]


def _restated(restated: Restated) -> Anomaly:
    return Anomaly(
        A.CHECKSUM,
        (restated.first_line, restated.line),
        f"{_COUNTED[restated.key]}: declared {restated.first} on line "
        f"{restated.first_line} and {restated.again} on line {restated.line}",
        f"the first ({restated.first}) checked against the records; "
        "the list contradicts itself",
        field=restated.key.replace("_", "-"),
        severity="error",
    )


def _totals(
    records: list[Record], checksums: Checksums
) -> Iterator[tuple[str, int | None, int, tuple[int, ...], str]]:
    """(field, declared, found, lines, what) for every total the list declares."""
    university = [r for r in records if r.level == "university"]
    department = [r for r in records if r.level == "department"]
    yield (
        "university-total",
        checksums.university_total,
        len(university),
        _lines(checksums.university_total_line),
        _COUNTED["university_total"],
    )
    total_line = _lines(checksums.department_total_line)
    yield (
        "department-total",
        checksums.department_total,
        len(department),
        total_line,
        _COUNTED["department_total"],
    )
    # "64 countries and regions": the international-organization pseudo-country
    # is neither, so it does not count.
    countries = {r.country_code for r in department if r.country_code}
    yield (
        "countries-total",
        checksums.countries_total,
        len(countries),
        total_line,
        _COUNTED["countries_total"],
    )
    yield from _country_totals(department, checksums)


def _country_totals(
    department: list[Record], checksums: Checksums
) -> Iterator[tuple[str, int | None, int, tuple[int, ...], str]]:
    for count in checksums.countries:
        rows = [r for r in department if r.country_code == count.code]
        yield (
            f"country:{count.code or 'international'}",
            count.declared,
            len(rows),
            count.lines or _lines(count.line),
            f"{count.label} rows{_span(rows)}",
        )


def _lines(line: int | None) -> tuple[int, ...]:
    return (line,) if line else ()


def _checksum(
    key: str, declared: int | None, found: int, lines: tuple[int, ...], what: str
) -> Anomaly:
    return Anomaly(
        A.CHECKSUM,
        lines,
        f"{what}: declared {declared}, found {found}",
        "reported; no record invented",
        field=key,
        severity="error",
    )


def _span(records: list[Record]) -> str:
    lines = [n for r in records for n in r.source_lines]
    return f" (lines {min(lines)}-{max(lines)})" if lines else ""
