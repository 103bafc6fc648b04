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


def _declared_in_heading(
    values: dict[str, int], kind: str, total: str, line: int
) -> None:
    """The numbers of a part's total printed on its heading: in the wording of
    a total line of that part, or the rows alone ("(4 institutions)")."""
    pattern = UNIVERSITY_TOTAL if kind == "university" else DEPARTMENT_TOTAL
    match = pattern.match(total)
    numbers = declared_numbers(match) if match else ()
    rows = _ROWS.search(total)
    if numbers:
        values[f"{kind}_total"] = numbers[-1]
    elif rows is not None:
        values[f"{kind}_total"] = int(rows.group(1))
    else:
        return
    values[f"{kind}_total_line"] = line
    if kind == "department" and len(numbers) == 2:
        values["countries_total"] = numbers[0]


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
    values: dict[str, int] = {}
    for line in lines:
        text = " ".join(line.text.split())
        if line.kind == "section":
            # A total printed on the part's heading ("University Level
            # Agreements: Total of 4 institutions") is the part's total.
            total = heading_total(text)
            kind = "university" if line.section == UNIVERSITY else "department"
            if total and f"{kind}_total" not in values:
                _declared_in_heading(values, kind, total, line.number)
            continue
        if line.kind == "university-total" and "university_total" not in values:
            match = UNIVERSITY_TOTAL.match(text)
            assert match is not None
            (values["university_total"],) = declared_numbers(match)
            values["university_total_line"] = line.number
        elif line.kind == "department-total" and "department_total" not in values:
            match = DEPARTMENT_TOTAL.match(text)
            assert match is not None
            countries, rows = declared_numbers(match)
            values["countries_total"] = countries
            values["department_total"] = rows
            values["department_total_line"] = line.number
    return Checksums(
        university_total=values.get("university_total"),
        university_total_line=values.get("university_total_line"),
        department_total=values.get("department_total"),
        countries_total=values.get("countries_total"),
        department_total_line=values.get("department_total_line"),
    )


def check_totals(records: list[Record], checksums: Checksums) -> list[Anomaly]:
    """Each declared total that the records do not reach: declared N, found n.

    >>> from accord.core.records import Record
    >>> sums = Checksums(university_total=2, university_total_line=3)
    >>> [a.seen for a in check_totals([Record("university", "", "", "", "A")], sums)]
    ['university-level institutions: declared 2, found 1']
    """
    return [
        _checksum(key, declared, found, lines, what)
        for key, declared, found, lines, what in _totals(records, checksums)
        if declared is not None and declared != found
    ]


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
        "university-level institutions",
    )
    total_line = _lines(checksums.department_total_line)
    yield (
        "department-total",
        checksums.department_total,
        len(department),
        total_line,
        "department-level rows",
    )
    # "64 countries and regions": the international-organization pseudo-country
    # is neither, so it does not count.
    countries = {r.country_code for r in department if r.country_code}
    yield (
        "countries-total",
        checksums.countries_total,
        len(countries),
        total_line,
        "countries and regions",
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
