"""Stage 2b: the department-level table, lines -> cells (cells.py) -> rows.

The extraction lost the table's columns: cells shift left or right, a merged
cell's text lands on one row of its block, rows split over several lines. So a
cell is recognised by what it holds, not where it sits: a date `YYYY/MM/DD`
(alone or after the home unit), the home unit (the cell just before the date),
a country label `Name (N)`, an area name, and the remaining text cells, which
are the partner institution and its department.
"""

from __future__ import annotations

from dataclasses import replace

from accord.core.countries import resolve_country, same_country
from accord.core.names import goes_on, join_wrapped
from accord.core.records import Record
from accord.importer import anomalies as A
from accord.importer.cells import (
    OPEN_SPAN,
    UNKNOWN_DATE,
    Cell,
    ParsedLine,
    dated_out_of_column,
    parse_columned,
    parse_line,
)
from accord.importer.columns import (
    COUNTRY,
    OTHER_DATE,
    YEAR,
    Layout,
    column_of,
    header_layout,
)
from accord.importer.legends import UNKNOWN_WAIVER
from accord.importer.lines import DEPARTMENT, Line, printed_total, region_heading
from accord.importer.options import DEFAULT_AREAS, JAPANESE_AREAS, ParseOptions
from accord.importer.roles import known_institutions
from accord.importer.row_reading import read_row
from accord.importer.table_rows import Builder, Rows, TableRow

__all__ = ["Rows", "TableRow", "lines_to_rows"]


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
    areas = (
        DEFAULT_AREAS
        | {r.region for r in university}
        | set(options.region_aliases)
        | set(JAPANESE_AREAS)
    )
    parsed = _parsed_lines(lines, options, areas)
    known = known_institutions((p for p, _ in parsed), university)
    stars_with_unit = any(
        (p.unit is not None and p.unit.star) or p.date_star for p, _ in parsed
    )
    builder = Builder(
        options,
        known,
        columns=_institution_columns(parsed),
        stars_with_unit=stars_with_unit,
    )
    for item, starts_page in parsed:
        _note_marks(builder, item)
        _take(builder, item, starts_page)
    _flush_pending(builder)
    return Rows(builder.rows, builder.anomalies)


def _parsed_lines(
    lines: list[Line], options: ParseOptions, areas: frozenset[str]
) -> list[tuple[ParsedLine, bool]]:
    """Each table line cut into cells, and whether it starts a page."""
    parsed: list[tuple[ParsedLine, bool]] = []
    page_start = False
    # Under a header that names every column (the partner's "Department" too),
    # cells keep their columns: each is read by its column.
    layout: Layout | None = None
    # A table with a Country column prints its countries there: a lone name on
    # a line of its own is the rest of a wrapped cell ("Universiti Teknologi" /
    # "Malaysia"), no section row.
    country_column = False
    # The header names no date concluded, only another (a renewal's, the term's
    # end): the rows' dates are that one.
    other_date_only = False
    for line in lines:
        if line.section != DEPARTMENT:
            continue
        if line.kind in {"column-header", "page-header", "page-number"}:
            page_start = True
            if line.kind == "column-header":
                layout = header_layout(line.cells, options)
                columns = {column_of(cell, options) for cell in line.cells}
                country_column = COUNTRY in columns
                other_date_only = OTHER_DATE in columns and YEAR not in columns
        elif line.kind == "table-row":
            total = printed_total(list(line.cells))
            if total is not None:
                parsed.append((ParsedLine(line, total=total), False))
                continue
            item = None
            if layout is not None:
                item = parse_columned(line, layout, options)
                if not item.date_text and dated_out_of_column(line, layout):
                    # A row that lost its leading blank cells ("cells shift
                    # left"): its date stands in another column. Read by
                    # content, as if the header named fewer columns.
                    item = None
            if item is None:
                item = parse_line(line, areas, options)
                item.shifted = layout is not None
            if other_date_only and item.date is not None:
                item.date, item.date_note = None, "other-date"
            above = parsed[-1][0] if parsed else None
            if not country_column:
                _read_as_section(item, above, options, areas)
            parsed.append((item, page_start))
            page_start = False
    return parsed


def _read_as_section(
    item: ParsedLine,
    above: ParsedLine | None,
    options: ParseOptions,
    areas: frozenset[str],
) -> None:
    """A row of its own that names only an area, a country or both, merged
    across a table with no Country column (a Word or Excel list grouping its
    rows so): made a heading of the rows below it, no partner. A lone name
    under a row whose text stops mid-phrase is the rest of that text instead
    (`National University of` / `Singapore`)."""
    if item.labels or item.after_date or item.date is not None:
        return
    if item.date_text not in ("", UNKNOWN_DATE):
        return
    cells = list(item.texts)
    if item.unit is not None and item.unit.text:
        if options.unit_for(item.unit.text) is not None:
            return
        cells.append(item.unit)
    area, country = item.area, ""
    for cell in cells:
        text = cell.text
        if cell.star or not text:
            return
        if not area and (text in areas or region_heading(text, options)):
            area = text
        elif not country and resolve_country(text, options.country_aliases):
            country = text
        else:
            return
    if not (country or area):
        return
    if above is not None and any(goes_on(c.text) for c in above.texts):
        return
    item.area = area
    item.labels = [(country, None)] if country else []
    item.texts, item.unit, item.date_text, item.date_note = [], None, "", ""
    item.section = True


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


def _note_marks(builder: Builder, item: ParsedLine) -> None:
    """A line's marks other than the star, wherever they sit, reported once
    (the mark of an unknown waiver is read: `row_reading.read_row`)."""
    marked = [c for c in item.marked if c.mark.replace(UNKNOWN_WAIVER, "")]
    if marked:
        cells = " | ".join(f"{c.text} {c.mark}".strip() for c in marked)
        marks = "".join(dict.fromkeys("".join(c.mark for c in marked)))
        marks = marks.replace(UNKNOWN_WAIVER, "")
        builder.note(
            A.UNREAD_MARK,
            (item.line.number,),
            cells,
            f"{marks!r} left out of the cells; not read as the fee waiver (only "
            "'*' is): what it means, the list's legend says",
            confidence="uncertain",
            field="fee_waiver",
        )


def _take(builder: Builder, item: ParsedLine, page_start: bool) -> None:
    if item.total is not None:
        _take_total(builder, item, item.total)
        return
    if item.section:
        _take_section(builder, item)
        return
    if not item.date_text:
        _hold_dateless(builder, item, page_start)
        return
    if _rest_of_span(builder, item):
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
    heading_line = _under_sections(builder, merged)
    row = read_row(builder, merged, lines, page_start, bool(held))
    if heading_line is not None:
        row = replace(row, label_line=heading_line)
    builder.rows.append(row)


def _take_total(builder: Builder, item: ParsedLine, total: tuple[str, int]) -> None:
    """A total row is no partner: skipped, its number checked against the
    rows of the country above it and against every row above it."""
    _flush_pending(
        builder, "skipped: a dateless line above a row of totals, no row to join"
    )
    name, number = total
    unit = builder.options.unit_for(name) if name else None
    block = 0
    for row in reversed(builder.rows):
        if unit is not None and row.unit != unit.code:
            break
        block += 1
        if unit is None and row.label:
            break
    country = unit.code if unit is not None else builder.label or "the table"
    seen = " | ".join(c for c in item.line.cells if c.strip())
    if number in (block, len(builder.rows)):
        counted = "under " + country if number == block else "in the table"
        decided = f"skipped: a total, as many as the rows above it {counted} ({number})"
        severity, confidence = "info", "certain"
    else:
        decided = (
            f"skipped: a total of {number}, where the rows above it under "
            f"{country} are {block} and all of them {len(builder.rows)}"
        )
        severity, confidence = "warning", "uncertain"
    if (
        name
        and unit is None
        and builder.label
        and not same_country(name, builder.label, builder.options.country_aliases)
    ):
        decided += f"; it names {name!r}, the rows above are under {builder.label}"
        severity, confidence = "warning", "uncertain"
    builder.note(
        A.TOTAL_ROW,
        (item.line.number,),
        seen,
        decided,
        severity=severity,
        confidence=confidence,
    )


def _take_section(builder: Builder, item: ParsedLine) -> None:
    _flush_pending(
        builder,
        "skipped: a dateless line above a row naming an area or "
        "a country, with no row of its own to join",
    )
    builder.sections.append(item)
    names = [item.area] + [name for name, _ in item.labels]
    builder.note(
        A.SECTION_ROW,
        (item.line.number,),
        " | ".join(name for name in names if name),
        "read as the heading of the rows below it, not as a partner",
        severity="info",
        field="country_code",
    )


def _under_sections(builder: Builder, item: ParsedLine) -> int | None:
    """Gives a row the area and the country that the section rows above it
    name (what the row prints itself wins); the line naming the country."""
    sections, builder.sections = builder.sections, []
    if not sections:
        return None
    area = next((s.area for s in reversed(sections) if s.area), "")
    named = next((s for s in reversed(sections) if s.labels), None)
    item.area = item.area or area
    if named is None or item.labels:
        if area and not item.labels and builder.label:
            builder.note(
                A.SECTION_ROW,
                (sections[-1].line.number, item.line.number),
                area,
                f"the area's first row names no country: kept in "
                f"{builder.label}, the country above, another area's",
                confidence="uncertain",
                field="country_code",
            )
        return None
    item.labels = list(named.labels)
    return named.line.number


# How a Year cell that the column's width cut ends: "2015/04/" over "01".
_CUT_DATE_ENDS = ("/", ".", "-")


def _rest_of_span(builder: Builder, item: ParsedLine) -> bool:
    """A line printing a date (or its rest) alone under a row whose Year cell
    ends with the first date of a span and its dash ("2015/04/01 -"), or is
    cut after a separator ("2015/04/"): the rest the column's width wrapped,
    given to that row, not a row of its own."""
    if builder.pending or not builder.rows:
        return False
    above = builder.rows[-1].date_text
    if not (OPEN_SPAN.search(above) or above.endswith(_CUT_DATE_ENDS)):
        return False
    if item.texts or item.unit or item.labels or item.area or item.after_date:
        return False
    row = builder.rows[-1]
    lines = (*row.lines, item.line.number)
    builder.rows[-1] = replace(
        row, lines=lines, date_text=f"{row.date_text} {item.date_text}"
    )
    builder.note(
        A.SPLIT_ROW,
        lines,
        builder.rows[-1].date_text,
        "the end of the span the row above runs, wrapped onto a line of its own",
        confidence="likely",
        severity="info",
        field="concluded_on",
    )
    return True


def _hold_dateless(builder: Builder, item: ParsedLine, page_start: bool) -> None:
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
        if len(item.texts) == 2 and _continues_both(previous, item):
            _continue_both(builder, previous, item, seen)
            return
    builder.pending.append(item)


def _continues_both(row: TableRow, item: ParsedLine) -> bool:
    """Whether a line of two cells is the rest of the row's institution and of
    its department, wrapped together: each in its column, the institution
    stopping mid-phrase ("Technical University of" | "Department of Materials
    and" over "Darmstadt" | "Earth Sciences")."""
    name, department = item.texts
    columns = {c.text: c.index for c in row.texts}
    return (
        _continues_institution(row, name)
        and goes_on(row.department)
        and columns.get(row.department) == department.index
        and not department.star
    )


def _continue_both(
    builder: Builder, row: TableRow, item: ParsedLine, seen: str
) -> None:
    name, department = item.texts
    lines = (*row.lines, item.line.number)
    builder.rows[-1] = replace(
        row,
        lines=lines,
        institution=join_wrapped(row.institution, name.text),
        department=join_wrapped(row.department, department.text),
    )
    builder.note(
        A.SPLIT_ROW,
        lines,
        seen,
        "continues the partner institution and its department of the row above, "
        "each in its column",
        confidence="likely",
        severity="info",
        field="institution",
    )


def _fill_row(builder: Builder, row: TableRow, item: ParsedLine, seen: str) -> None:
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
        waiver=True if any(c.star for c in texts) else row.waiver,
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
    builder: Builder, row: TableRow, item: ParsedLine, seen: str
) -> None:
    """A wrapped cell's next line, in a table whose columns hold: each cell
    continues the cell of the same column in the row above, after a space."""
    assert item.layout is not None
    institution, department = row.institution, row.department
    for cell in item.texts:
        if cell.index == item.layout.institution:
            institution = join_wrapped(institution, cell.text)
        else:
            department = join_wrapped(department, cell.text)
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


def _extend_row(builder: Builder, row: TableRow, item: ParsedLine, seen: str) -> None:
    """A dateless line with one cell continues the department of the row above,
    or its institution when it sits in the institution's column and that name
    stops mid-phrase ("Technical University of" / "Darmstadt")."""
    cell = item.texts[0]
    lines = (*row.lines, item.line.number)
    if _continues_institution(row, cell):
        builder.rows[-1] = replace(
            row, lines=lines, institution=join_wrapped(row.institution, cell.text)
        )
        decided = "continues the partner institution of the row above, in its column"
        field = "institution"
    else:
        department = f"{row.department}, {cell.text}" if row.department else cell.text
        builder.rows[-1] = replace(
            row,
            lines=lines,
            department=department,
            waiver=True if cell.star else row.waiver,
        )
        decided = "appended to the partner department of the row above"
        field = "partner_department"
    builder.note(
        A.SPLIT_ROW,
        lines,
        seen,
        decided,
        confidence="likely",
        severity="info",
        field=field,
    )


def _continues_institution(row: TableRow, cell: Cell) -> bool:
    """Whether a lone cell is the rest of the row's institution: printed in the
    column the institution was, under a name that stops on a word that goes
    on."""
    if not row.institution or cell.star:
        return False
    column = next((c.index for c in row.texts if c.text == row.institution), None)
    return column == cell.index and goes_on(row.institution)


def _flush_pending(
    builder: Builder, decided: str = "skipped: a dateless line after the last row"
) -> None:
    for item in builder.pending:
        builder.note(
            A.ROW_WITHOUT_DATE,
            (item.line.number,),
            " | ".join(c.text for c in item.texts) or item.line.text.strip(),
            decided,
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
    merged.date_note = item.date_note
    merged.date_star, merged.after_date = item.date_star, item.after_date
    return merged
