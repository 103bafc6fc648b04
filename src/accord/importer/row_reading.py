"""One table row from a parsed line: its country label, home unit, date and
waiver mark, and the roles of its text cells (partner institution or its
department), each doubt noted on the table's builder."""

from __future__ import annotations

from accord.importer import anomalies as A
from accord.importer.cells import UNKNOWN_DATE, Cell, ParsedLine
from accord.importer.legends import UNKNOWN_WAIVER, shown_marks
from accord.importer.lines import TO_BE_SETTLED, shown_cells
from accord.importer.roles import clearly_named, name_score
from accord.importer.table_rows import Builder, TableRow


def read_row(
    builder: Builder,
    item: ParsedLine,
    lines: tuple[int, ...],
    page_start: bool,
    joined: bool,
) -> TableRow:
    label, count = _take_label(builder, item, lines)
    texts = list(item.texts) + list(item.after_date)
    waiver: bool | None = _take_waiver(builder, item, texts, lines)
    above = _unit_above(builder, item, lines, page_start)
    unit_star = bool(item.unit and item.unit.star) or item.date_star
    if above is not None:
        unit, unit_printed = above.unit, above.unit_printed
        waiver, unit_star = waiver or above.unit_star, above.unit_star
    else:
        unit, unit_printed = _take_unit(builder, item, lines, bool(waiver))
    institution, department, institution_line = _roles(
        builder, item, texts, lines, joined
    )
    _note_date(builder, item, lines)
    if not waiver and any(UNKNOWN_WAIVER in c.mark for c in item.marked):
        builder.note(
            A.UNKNOWN_WAIVER,
            lines,
            shown_marks(item.line.text.strip()),
            "fee_waiver left unknown, as the list states",
            field="fee_waiver",
            severity="info",
        )
        waiver = None
    elif not (waiver or unit or _stated_unknown(item) or not builder.stars_with_unit):
        # The waiver's `*` is printed with the unit: a row that lost its unit
        # cell lost what would say whether fees are waived (a cell that says
        # "unknown" is there, and prints no `*`).
        waiver = None
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
        unit_star=unit_star,
        date=item.date,
        date_text=item.date_text,
        waiver=waiver,
        page_start=page_start,
    )


def _note_date(builder: Builder, item: ParsedLine, lines: tuple[int, ...]) -> None:
    if item.date_text == UNKNOWN_DATE and item.date_note == "to-come":
        # A date still to be settled: is the agreement concluded at all?
        builder.note(
            A.MISSING_DATE,
            lines,
            item.line.text.strip(),
            TO_BE_SETTLED,
            confidence="uncertain",
            field="concluded_on",
        )
    elif item.date_text == UNKNOWN_DATE:
        # Not a doubt of the parser's: the list states it.
        decided = (
            "concluded_on left unknown: the row's Year cell is blank"
            if item.date_note == "blank"
            else "concluded_on left unknown, as the list states"
        )
        builder.note(
            A.MISSING_DATE,
            lines,
            # What the Year cell printed ("n.d.", "-"), else the line itself.
            item.date_text
            if item.date_note == "blank"
            else shown_cells(item.line.text),
            decided,
            field="concluded_on",
            severity="info",
        )
    elif item.date_text and item.date is None:
        decided = "concluded_on left unknown" + _UNREAD_BECAUSE.get(item.date_note, "")
        builder.note(
            A.INVALID_DATE, lines, item.date_text, decided, field="concluded_on"
        )
    if item.date_note and item.date is not None:
        # A note may say what changes the record ("(terminated)"): read it.
        builder.note(
            A.ENTRY_NOTE,
            lines,
            f"{item.date_text} {item.date_note}",
            "not read: an agreement keeps no notes; the date before it read as "
            "the date concluded",
            confidence="uncertain",
        )


_UNREAD_BECAUSE = {
    "range": ": a span of dates the agreement runs, not the day it was concluded",
    "year": ": only the year is printed",
    "unread": ": the Year cell holds a number, no date",
    "other-date": (
        ": the list's only date column is not the day concluded (its header "
        "names a renewal, an expiry or the term's end)"
    ),
    "elsewhere": (
        ": the Year cell is blank; the date printed in another column (a term's "
        "end? a renewal?) is not the day it was concluded"
    ),
}


def _take_waiver(
    builder: Builder, item: ParsedLine, texts: list[Cell], lines: tuple[int, ...]
) -> bool:
    """A `*` before the unit, or after any cell of the row (reported)."""
    stars = [c for c in texts if c.star]
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
    return bool(stars) or item.date_star or bool(item.unit and item.unit.star)


def _take_label(
    builder: Builder, item: ParsedLine, lines: tuple[int, ...]
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


def _unit_above(
    builder: Builder, item: ParsedLine, lines: tuple[int, ...], page_start: bool
) -> TableRow | None:
    """In a table whose home unit is its first column (its rows grouped by the
    unit), a row whose unit cell is blank lies under the merged cell of the row
    above: that row, whose unit (and the `*` printed with it) this row takes."""
    layout = item.layout
    if layout is None or (item.unit is not None and item.unit.text):
        return None
    grouping = min(layout.area, layout.country, layout.institution)
    if layout.unit > grouping or not builder.rows or page_start:
        return None
    above = builder.rows[-1]
    if not above.unit:
        return None
    builder.note(
        A.INHERITED_HOME_UNIT,
        lines,
        above.unit_printed,
        "given the unit of the row above: the list's first column, the unit, is "
        "merged over the rows of each unit"
        + ("; with its '*', fees waived" if above.unit_star else ""),
        confidence="likely",
        field="home_unit",
        severity="info",
    )
    return above


def _stated_unknown(item: ParsedLine) -> bool:
    """The unit's cell says it is not known: "unknown", as Accord's own
    published list prints it, "不明" as its Japanese one does (a dash or
    "n/a" may say there is none: an unknown unit, and a doubt)."""
    return item.unit is not None and item.unit.text.casefold() in _UNIT_NOT_KNOWN


_UNIT_NOT_KNOWN = frozenset({"unknown", "not known", "\u4e0d\u660e"})


def _take_unit(
    builder: Builder, item: ParsedLine, lines: tuple[int, ...], waiver: bool
) -> tuple[str, str]:
    """The home unit's code and its printed form (a variant is reported); a row
    without one, and without a `*`, has its fee waiver unknown too."""
    if item.unit is None or not item.unit.text:
        seen = shown_marks(item.line.text.strip())
        # Read by its columns (a ruled table, Accord's own list), the row's unit
        # cell is blank as printed: the unit stays unknown, nothing is guessed,
        # so nothing needs acknowledging. Read by content, a blank may be a
        # shifted cell: a doubt.
        printed_blank = item.layout is not None
        builder.note(
            A.MISSING_HOME_UNIT,
            lines,
            seen,
            (
                "home unit left unknown, as printed"
                if printed_blank
                else "home unit left empty"
            )
            + (
                "; fee waiver unknown (its mark goes with the unit)"
                if builder.stars_with_unit and not waiver
                else ""
            ),
            field="home_unit",
            severity="info" if printed_blank else "warning",
        )
        return "", ""
    printed = item.unit.text
    if _stated_unknown(item):
        # Accord's own published list prints "unknown" in the unit's column.
        builder.note(
            A.MISSING_HOME_UNIT,
            lines,
            shown_marks(item.line.text.strip()),
            "home unit left unknown, as the list states",
            field="home_unit",
            severity="info",
        )
        return "", ""
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
        decided = f"recorded as the unit {unit.code} ({unit.name})"
        builder.note(
            A.HOME_UNIT_VARIANT,
            lines,
            printed,
            decided,
            confidence="likely",
            field="home_unit",
            severity="info",
        )
    return unit.code, printed


def _roles(
    builder: Builder,
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
    builder: Builder, item: ParsedLine, cell: Cell, lines: tuple[int, ...]
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
    # A shifted row's cells stand anywhere: its layout is no evidence, only a
    # name that tells by itself is.
    shifted_doubt = item.shifted and not clearly_named(cell.text, builder.known)
    doubtful = score == 0 or by_name * by_layout < 0 or shifted_doubt
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
