"""The totals a list declares about itself, read before any row is counted.

"Total of 250 institutions" (university level), "64 countries and regions,
481 institutions" (department level) and each country's `(N)` in the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.importer.lines import DEPARTMENT_TOTAL, UNIVERSITY_TOTAL, Line


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
        if line.kind == "university-total" and "university_total" not in values:
            match = UNIVERSITY_TOTAL.match(text)
            assert match is not None
            values["university_total"] = int(match.group(1))
            values["university_total_line"] = line.number
        elif line.kind == "department-total" and "department_total" not in values:
            match = DEPARTMENT_TOTAL.match(text)
            assert match is not None
            values["countries_total"] = int(match.group(1))
            values["department_total"] = int(match.group(2))
            values["department_total_line"] = line.number
    return Checksums(
        university_total=values.get("university_total"),
        university_total_line=values.get("university_total_line"),
        department_total=values.get("department_total"),
        countries_total=values.get("countries_total"),
        department_total_line=values.get("department_total_line"),
    )
