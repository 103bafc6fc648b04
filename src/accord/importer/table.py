"""Stage 2b: the department-level table, lines -> cells (cells.py) -> rows.

The extraction lost the table's columns: cells shift left or right, a merged
cell's text lands on one row of its block, rows split over several lines. So a
cell is recognised by what it holds, not where it sits: a date `YYYY/MM/DD`
(alone or after the home unit), the home unit (the cell just before the date),
a country label `Name (N)`, an area name, and the remaining text cells, which
are the partner institution and its department.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from accord.core.records import Record
from accord.importer import anomalies as A
from accord.importer.anomalies import Anomaly
from accord.importer.cells import (
    DEFAULT_AREAS,
    UNKNOWN_DATE,
    Cell,
    ParsedLine,
    parse_columned,
    parse_line,
)
from accord.importer.columns import Layout, header_layout
from accord.importer.lines import DEPARTMENT, Line
from accord.importer.options import ParseOptions
from accord.importer.roles import known_institutions, name_score


@dataclass(frozen=True)
class TableRow:
    """One row of the table as read from one or more lines.

    `institution` is the partner institution printed on this row (empty when
    the merged cell's text is on another row); `unit` is the home unit code.
    """

    lines: tuple[int, ...]
    texts: tuple[Cell, ...] = ()
    area: str = ""
    label: str = ""
    label_count: int | None = None
    label_line: int | None = None
    institution: str = ""
    institution_line: int | None = None
    country_line: int | None = None
    department: str = ""
    unit: str = ""
    unit_printed: str = ""
    date: datetime.date | None = None
    date_text: str = ""
    waiver: bool = False
    page_start: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "lines": list(self.lines),
            "area": self.area,
            "label": self.label,
            "label_count": self.label_count,
            "institution": self.institution,
            "department": self.department,
            "unit": self.unit,
            "date": self.date_text,
            "waiver": self.waiver,
            "cells": [(c.index, c.text, c.star) for c in self.texts],
        }


class Rows(NamedTuple):
    """Table rows and the anomalies found making them: the result of
    `lines_to_rows` and of each step of the blocks stage that rewrites rows."""

    rows: list[TableRow]
    anomalies: list[Anomaly]


@dataclass
class _Builder:
    options: ParseOptions
    known: frozenset[str]
    rows: list[TableRow] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    pending: list[ParsedLine] = field(default_factory=list)
    label: str = ""
    has_institution: bool = False
    # line number -> tab position of the institution column near that line
    columns: dict[int, int] = field(default_factory=dict)

    def note(
        self, code: str, lines: tuple[int, ...], seen: str, decided: str, **extra: str
    ) -> None:
        self.anomalies.append(Anomaly(code, lines, seen, decided, **extra))  # type: ignore[arg-type]


def lines_to_rows(
    lines: list[Line], options: ParseOptions, university: list[Record]
) -> Rows:
    """Rows of the department-level table, each with the roles of its cells.

    >>> from accord.importer.lines import text_to_lines
    >>> o = ParseOptions("X", ("X",))
    >>> text = ("Department Level Agreements\\nAsia\\tChina (1)\\t"
    ...         "Peking University\\tSchool of History\\t* GS Law\\t2019/12/12")
    >>> rows, _ = lines_to_rows(text_to_lines(text, o)[0], o, [])
    >>> rows[0].institution, rows[0].department, rows[0].unit, rows[0].waiver
    ('Peking University', 'School of History', 'GS Law', True)
    """
    areas = DEFAULT_AREAS | {r.region for r in university} | set(options.region_aliases)
    parsed: list[tuple[ParsedLine, bool]] = []
    page_start = False
    # Under a header that names every column (the partner's "Department" too),
    # cells keep their columns: each is read by its column.
    layout: Layout | None = None
    for line in lines:
        if line.section != DEPARTMENT:
            continue
        if line.kind in {"column-header", "page-header"}:
            page_start = True
            if line.kind == "column-header":
                layout = header_layout(line.cells, options)
        elif line.kind == "table-row":
            item = (
                parse_columned(line, layout, options)
                if layout is not None
                else parse_line(line, areas, options)
            )
            parsed.append((item, page_start))
            page_start = False
    known = known_institutions((p for p, _ in parsed), university)
    builder = _Builder(options, known, columns=_institution_columns(parsed))
    for item, starts_page in parsed:
        _take(builder, item, starts_page)
    _flush_pending(builder)
    return Rows(builder.rows, builder.anomalies)


def _institution_columns(parsed: list[tuple[ParsedLine, bool]]) -> dict[int, int]:
    """For each line, where the nearest row of its page that prints both an
    institution and a department puts the institution (the page's own layout:
    shifts differ from page to page)."""
    pages: list[list[ParsedLine]] = []
    for item, page_start in parsed:
        if page_start or not pages:
            pages.append([])
        pages[-1].append(item)
    columns: dict[int, int] = {}
    for page in pages:
        anchors = [(p.line.number, p.texts[0].index) for p in page if len(p.texts) == 2]
        for item in page:
            number = item.line.number
            if anchors:
                nearest = min(
                    anchors, key=lambda a: (abs(a[0] - number), a[0] > number)
                )
                columns[number] = nearest[1]
    return columns


def _take(builder: _Builder, item: ParsedLine, page_start: bool) -> None:
    if not item.date_text:
        _hold_dateless(builder, item, page_start)
        return
    lines = (*tuple(p.line.number for p in builder.pending), item.line.number)
    held = builder.pending
    builder.pending = []
    merged = _merge(held, item)
    if held:
        builder.note(
            A.SPLIT_ROW,
            lines,
            " | ".join(c.text for c in merged.texts),
            "joined the dateless line(s) above to this row",
            confidence="likely",
            severity="info",
        )
    builder.rows.append(_row(builder, merged, lines, page_start, bool(held)))


def _hold_dateless(builder: _Builder, item: ParsedLine, page_start: bool) -> None:
    seen = " | ".join(c.text for c in item.texts) or item.line.text.strip()
    previous = builder.rows[-1] if builder.rows and not builder.pending else None
    if previous is not None and not page_start and item.texts and not item.labels:
        if item.layout is not None:
            _continue_cells(builder, previous, item, seen)
            return
        if not previous.texts:
            _fill_row(builder, previous, item, seen)
            return
        if len(item.texts) == 1:
            _extend_row(builder, previous, item, seen)
            return
    builder.pending.append(item)


def _fill_row(builder: _Builder, row: TableRow, item: ParsedLine, seen: str) -> None:
    """A dateless line whose text the row above lacks entirely (its cells were
    pulled onto their own line): it gives that row its institution and
    department."""
    texts = item.texts
    institution = texts[0].text if len(texts) >= 2 else ""
    department = ", ".join(c.text for c in texts[1:]) if institution else texts[0].text
    if institution:
        builder.has_institution = True
    builder.rows[-1] = replace(
        row,
        lines=(*row.lines, item.line.number),
        texts=tuple(texts),
        institution=institution,
        institution_line=item.line.number if institution else None,
        department=department,
        waiver=row.waiver or any(c.star for c in texts),
    )
    builder.note(
        A.SPLIT_ROW,
        (*row.lines, item.line.number),
        seen,
        "gave the row above, which prints no institution or department, this text",
        confidence="likely",
        field="institution" if institution else "partner_department",
    )


def _continue_cells(
    builder: _Builder, row: TableRow, item: ParsedLine, seen: str
) -> None:
    """A wrapped cell's next line, in a table whose columns hold: each cell
    continues the cell of the same column in the row above, after a space."""
    assert item.layout is not None
    institution, department = row.institution, row.department
    for cell in item.texts:
        if cell.index == item.layout.institution:
            institution = _wrap(institution, cell.text)
        else:
            department = _wrap(department, cell.text)
    builder.rows[-1] = replace(
        row,
        lines=(*row.lines, item.line.number),
        institution=institution,
        department=department,
    )
    builder.note(
        A.SPLIT_ROW,
        (*row.lines, item.line.number),
        seen,
        "continues the cells of the row above, column by column",
        severity="info",
    )


def _wrap(text: str, more: str) -> str:
    """A wrapped cell's lines, rejoined: a line ending in a hyphen wrapped
    inside a hyphenated word ("Hamburg-" + "Harburg")."""
    if not text:
        return more
    return text + more if text.endswith("-") else f"{text} {more}"


def _extend_row(builder: _Builder, row: TableRow, item: ParsedLine, seen: str) -> None:
    """A dateless line with one cell continues the department of the row above."""
    text = item.texts[0].text
    department = f"{row.department}, {text}" if row.department else text
    builder.rows[-1] = replace(
        row,
        lines=(*row.lines, item.line.number),
        department=department,
        waiver=row.waiver or bool(item.texts[0].star),
    )
    builder.note(
        A.SPLIT_ROW,
        (*row.lines, item.line.number),
        seen,
        "appended to the partner department of the row above",
        confidence="likely",
        severity="info",
        field="partner_department",
    )


def _flush_pending(builder: _Builder) -> None:
    for item in builder.pending:
        builder.note(
            A.ROW_WITHOUT_DATE,
            (item.line.number,),
            " | ".join(c.text for c in item.texts) or item.line.text.strip(),
            "skipped: a dateless line after the last row",
            confidence="uncertain",
        )
    builder.pending = []


def _merge(held: list[ParsedLine], item: ParsedLine) -> ParsedLine:
    if not held:
        return item
    merged = ParsedLine(item.line)
    for part in (*held, item):
        merged.labels += part.labels
        merged.texts += part.texts
        merged.area = merged.area or part.area
    merged.unit, merged.date_text, merged.date = item.unit, item.date_text, item.date
    merged.date_star, merged.after_date = item.date_star, item.after_date
    return merged


def _row(
    builder: _Builder,
    item: ParsedLine,
    lines: tuple[int, ...],
    page_start: bool,
    joined: bool,
) -> TableRow:
    label, count = _take_label(builder, item, lines)
    unit, unit_printed = _take_unit(builder, item, lines)
    texts = list(item.texts) + list(item.after_date)
    institution, department, institution_line = _roles(
        builder, item, texts, lines, joined
    )
    if item.date_text == UNKNOWN_DATE:
        # Not a doubt of the parser's: the list states it.
        builder.note(
            A.MISSING_DATE,
            lines,
            item.date_text,
            "concluded_on left unknown, as the list states",
            field="concluded_on",
            severity="info",
        )
    elif item.date_text and item.date is None:
        builder.note(
            A.INVALID_DATE,
            lines,
            item.date_text,
            "concluded_on left unknown",
            field="concluded_on",
        )
    stars = [c for c in texts if c.star]
    waiver = bool(stars) or item.date_star or bool(item.unit and item.unit.star)
    for cell in stars:
        if cell.star == "after":
            builder.note(
                A.WAIVER_MARK,
                lines,
                f"{cell.text} *",
                "read as a fee waiver for the row",
                severity="info",
                field="fee_waiver",
            )
    return TableRow(
        lines=lines,
        texts=tuple(texts),
        area=item.area,
        label=label,
        label_count=count,
        label_line=item.line.number if label else None,
        institution=institution,
        institution_line=institution_line,
        department=department,
        unit=unit,
        unit_printed=unit_printed,
        date=item.date,
        date_text=item.date_text,
        waiver=waiver,
        page_start=page_start,
    )


def _take_label(
    builder: _Builder, item: ParsedLine, lines: tuple[int, ...]
) -> tuple[str, int | None]:
    if not item.labels:
        return "", None
    (name, count), rest = item.labels[0], item.labels[1:]
    for other in rest:
        same = other == (name, count)
        builder.note(
            A.DUPLICATE_LABEL,
            lines,
            f"{name} ({count}) / {other[0]} ({other[1]})",
            f"read once as {name} ({count})",
            severity="info" if same else "warning",
            confidence="certain" if same else "uncertain",
        )
    if name != builder.label:
        builder.label = name
        builder.has_institution = False
    return name, count


def _take_unit(
    builder: _Builder, item: ParsedLine, lines: tuple[int, ...]
) -> tuple[str, str]:
    if item.unit is None or not item.unit.text:
        builder.note(
            A.MISSING_HOME_UNIT,
            lines,
            item.line.text.strip(),
            "home unit left empty",
            field="home_unit",
            severity="warning",
        )
        return "", ""
    printed = item.unit.text
    unit = builder.options.unit_for(printed)
    if unit is None:
        builder.note(
            A.UNKNOWN_HOME_UNIT,
            lines,
            printed,
            "kept as printed",
            confidence="likely",
            field="home_unit",
        )
        return printed, printed
    if unit.code != printed:
        builder.note(
            A.HOME_UNIT_VARIANT,
            lines,
            printed,
            f"recorded as the unit {unit.code} ({unit.name})",
            confidence="likely",
            field="home_unit",
            severity="info",
        )
    return unit.code, printed


def _roles(
    builder: _Builder,
    item: ParsedLine,
    texts: list[Cell],
    lines: tuple[int, ...],
    joined: bool,
) -> tuple[str, str, int | None]:
    if item.roles is not None:
        institution, department = item.roles
        if institution:
            builder.has_institution = True
        return institution, department, item.line.number if institution else None
    if not texts:
        return "", "", None
    if len(texts) >= 2:
        if len(texts) > 2 and not joined:
            builder.note(
                A.EXTRA_CELLS,
                lines,
                " | ".join(c.text for c in texts),
                "cells after the second joined to the partner department",
                confidence="likely",
                field="partner_department",
            )
        builder.has_institution = True
        glue = ", " if joined else " "
        department = glue.join(c.text for c in texts[1:])
        return texts[0].text, department, texts[0].line
    return _lone_cell(builder, item, texts[0], lines)


def _lone_cell(
    builder: _Builder, item: ParsedLine, cell: Cell, lines: tuple[int, ...]
) -> tuple[str, str, int | None]:
    """One text cell: the partner institution, or a department of the one above."""
    by_name = name_score(cell.text, builder.known)
    by_position = 0
    if item.unit is not None:
        by_position = 1 if item.unit.index - cell.index >= 2 else -1
    column = builder.columns.get(item.line.number)
    by_column = 0 if column is None else (1 if cell.index <= column else -1)
    by_block = 0 if builder.has_institution else 2
    by_layout = by_position + by_column
    score = by_name + by_layout + by_block
    is_institution = score > 0 or (score == 0 and not builder.has_institution)
    doubtful = score == 0 or by_name * by_layout < 0
    if doubtful:
        role = "partner institution" if is_institution else "partner department"
        builder.note(
            A.CELL_ROLE,
            lines,
            cell.text,
            f"read as the {role} (name {by_name:+d}, layout {by_layout:+d}, "
            f"block {by_block:+d})",
            confidence="uncertain" if score == 0 else "likely",
            field="institution" if is_institution else "partner_department",
        )
    if is_institution:
        builder.has_institution = True
        return cell.text, "", cell.line
    return "", cell.text, None
