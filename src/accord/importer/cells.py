"""Table lines -> cells: each cell recognised by what it holds.

A date `YYYY/MM/DD` (or with hyphens or dots; alone or after the home unit),
the home unit (the cell just before the date), a country label `Name (N)`, an
area name; the remaining text cells are the partner institution and its
department. Under a header that names every column, cells are read by column
instead (`columns.py`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace

from accord.core.countries import resolve_country
from accord.core.names import clean_name
from accord.importer.columns import Layout
from accord.importer.legends import LEADING_QUESTION_MARK, NAME_MARKS, WAIVER_MARKS
from accord.importer.lines import Line, date_placeholder, spelled_date
from accord.importer.options import ParseOptions

# "2014/04/27", also "2014-04-27" or "2014.04.27": the year first, one separator;
# after the unit, a space before it, or none after a Japanese unit's name
# ("工学研究科2019/08/08"). Or the year last, in an order the list does not
# settle (`date_order`; a settled one was written year first), or an era's
# date that is none (`H0.4.1`; one that is was written year first): a date
# still, and the row's, but unread.
# Where a date at a cell's end may start: after a space, a kana or a kanji.
_DATE_START = r"(?<![^\s\u3040-\u30ff\u4e00-\u9fff])"
DATE_AT_END = re.compile(
    _DATE_START + r"(?:(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})"
    r"|\d{1,2}([/.\-])\d{1,2}\5(?:18|19|20)\d\d"
    r"|(?:[RHS]\.?|\u4ee4\u548c|\u5e73\u6210|\u662d\u548c) ?(?:\d{1,2}|\u5143)"
    r"[./\u5e74]\d{1,2}[./\u6708]\d{1,2}\u65e5?)$"
)
# The table's own form alone: most dated cells end so, and need no more reading.
_YEAR_FIRST_AT_END = re.compile(r"\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}$")
# A Year cell holding more than the date: the span the agreement runs
# ("2019/12/12 - 2024/12/11", also with a wave dash or "to") or a note after
# it ("2015/04/01 (renewed 2020/04/01)", words in it). Its row is a row: a
# range is no date it was concluded (unread); before a note, the date is.
DATE_AND_MORE = re.compile(
    _DATE_START + r"(?P<date>\d{4}(?P<sep>[/.\-])\d{1,2}(?P=sep)\d{1,2})\s*(?:"
    r"(?P<range>(?:[-\u2013\u2014~\uff5e\u301c]|to|until)\s*"
    r"\d{4}(?P<sep2>[/.\-])\d{1,2}(?P=sep2)\d{1,2})"
    r"|(?P<note>[(\uff08][^()\uff08\uff09]+[)\uff09])"
    r"|(?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
    r")$"
)
# A span cut by the Year column's width: its first date and the dash, the end
# on the next line (`table._rest_of_span`).
OPEN_SPAN = re.compile(
    _DATE_START + r"(?P<date>\d{4}(?P<sep>[/.\-])\d{1,2}(?P=sep)\d{1,2})\s*"
    r"(?:[-\u2013\u2014~\uff5e\u301c]|to|until)$"
)
# A number a spreadsheet keeps for a date it was not told to show as one.
_SERIAL = re.compile(r"^\d{5}$")
_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# Two digits or more: what a Year cell holding no date still holds.
_YEAR_LIKE = re.compile(r"\d\D?\d")
# A Year cell printing a year alone ("2019", "FY2019", "2019年度"): the row's,
# its date unknown.
YEAR_ALONE = re.compile(r"^(?:FY ?)?(?:19|20)\d\d(?:\u5e74\u5ea6?)?$")
UNKNOWN_DATE = "unknown"
_STARS = tuple(WAIVER_MARKS)
# "China (79)", also in brackets or full-width parentheses (U+FF08, U+FF09).
LABEL = re.compile(r"^(.+?)\s*[(\[\uff08](\d{1,4})[)\]\uff09]$")


@dataclass(frozen=True)
class Cell:
    """One non-empty cell: its tab position, text and waiver mark."""

    index: int
    text: str
    star: str = ""  # "before" | "after" | ""
    line: int = 0
    # A mark other than the star printed before or after the text ("◎"): left
    # out of it, and reported, since only a legend says what it means.
    mark: str = ""


# A date written out at the end of a cell, alone or after the unit ("3 June
# 2017", "GS Science June 3, 2017", "理学研究科 2017年6月3日", "令和2年8月6日"):
# `spelled_date` reads it, or it is left as printed.
_SPELLED_AT_END = re.compile(
    _DATE_START + r"("
    r"\d{1,2} [A-Za-z]+\.?,? \d{4}"
    r"|[A-Za-z]+\.? \d{1,2},? \d{4}"
    r"|(?:\d{4}|(?:\u4ee4\u548c|\u5e73\u6210|\u662d\u548c) ?(?:\d{1,2}|\u5143))"
    r" ?\u5e74 ?\d{1,2} ?\u6708 ?\d{1,2} ?\u65e5"
    r"|[RHS]\d{1,2}\.\d{1,2}\.\d{1,2}"
    r")$"
)


def _may_end_with_spelled_date(text: str) -> bool:
    """Whether a cell may end with a date written out: it ends as one does,
    and not with a date the table's own form (checked before the costlier
    reading)."""
    return (
        len(text) > 4
        and (text[-1].isdigit() or text[-1] == "\u65e5")
        and not _YEAR_FIRST_AT_END.search(text[-10:])
    )


def _cell(index: int, raw: str, line: int = 0) -> Cell:
    text = clean_name(raw)
    if _may_end_with_spelled_date(text):
        text = _with_table_date(text)
    if text and (
        text[0] in NAME_MARKS or text[-1] in NAME_MARKS or text.startswith("? ")
    ):
        return _marked(index, text, line)
    if text.startswith(_STARS):
        return Cell(index, text.lstrip(WAIVER_MARKS + " ").strip(), "before", line)
    if text.endswith(_STARS):
        return Cell(index, text.rstrip(WAIVER_MARKS + " ").strip(), "after", line)
    return Cell(index, text, "", line)


_EDGE_MARKS = re.compile(
    f"^([{re.escape(NAME_MARKS)}]+|{LEADING_QUESTION_MARK})\\s*"
    f"|\\s*([{re.escape(NAME_MARKS)}]+)$"
)


def _marked(index: int, text: str, line: int) -> Cell:
    """A cell with the marks at its ends left out and kept apart.

    >>> _marked(2, "\u25ce Department of History", 7).mark == "\u25ce"
    True
    """
    marks = "".join(m.group(1) or m.group(2) for m in _EDGE_MARKS.finditer(text))
    cell = _cell(index, _EDGE_MARKS.sub("", text), line)
    return replace(cell, mark=marks)


def _with_table_date(text: str) -> str:
    """The cell with its date written out at its end written as the list's
    own Year column writes it ("GS Science 3 June 2017" -> "GS Science
    2017/06/03"); as printed when it holds none that reads.

    >>> _with_table_date("GS Science 3 June 2017"), _with_table_date("Lab 12")
    ('GS Science 2017/06/03', 'Lab 12')
    """
    whole = spelled_date(text) if len(text) < 24 else None
    if whole is not None:  # "R2.8.6" too
        return f"{whole:%Y/%m/%d}"
    match = _SPELLED_AT_END.search(text)
    day = spelled_date(match.group(1)) if match else None
    if match is None or day is None:
        return text
    return f"{text[: match.start()].rstrip()} {day:%Y/%m/%d}".lstrip()


def line_cells(line: Line) -> list[Cell]:
    return [
        _cell(i, raw, line.number)
        for i, raw in enumerate(line.cells)
        if clean_name(raw)
    ]


@dataclass
class ParsedLine:
    """A line split into what each cell holds."""

    line: Line
    area: str = ""
    labels: list[tuple[str, int | None]] = field(default_factory=list)
    texts: list[Cell] = field(default_factory=list)
    unit: Cell | None = None
    date_text: str = ""
    date: datetime.date | None = None
    # What the date cell held beside a date or instead of one: "range",
    # "year", "unread" (no date), or the note printed after the date.
    date_note: str = ""
    date_star: bool = False
    after_date: list[Cell] = field(default_factory=list)
    layout: Layout | None = None
    roles: tuple[str, str] | None = None  # (institution, department) by column
    # Cells whose marks other than the star were left out of their text.
    marked: list[Cell] = field(default_factory=list)
    # Under a header naming every column, the row lost its leading blank cells
    # and is read by content: its cells' positions say nothing of their roles.
    shifted: bool = False
    # A row of its own that names only the area or country of the rows below.
    section: bool = False
    # A row of totals: the country it totals (or "") and the number printed.
    total: tuple[str, int] | None = None


def is_dated(cell: Cell, *, last: bool = False) -> bool:
    """Whether the cell ends with the row's date, in any form a Year cell
    takes (`split_date` reads it); a year alone only as the line's last cell."""
    text = cell.text
    if text[-1:].isdigit() and DATE_AT_END.search(text):
        return True
    ends_so = text[-1:] in ")\uff09" or text[-1:].isdigit()
    if ends_so and DATE_AND_MORE.search(text):
        return True
    open_end = not text[-1:].isalnum() or text.endswith(("to", "until"))
    if open_end and OPEN_SPAN.search(text):
        return True
    return last and bool(YEAR_ALONE.match(text))


def split_dated(cell: Cell) -> tuple[Cell | None, str, datetime.date | None, str]:
    """A dated cell's text before the date, the date as printed and read, and
    what else the cell held there (ParsedLine.date_note)."""
    if YEAR_ALONE.match(cell.text):
        return None, cell.text, None, "year"
    more = DATE_AND_MORE.search(cell.text) or OPEN_SPAN.search(cell.text)
    if more is None:
        return (*split_date(cell), "")
    dated = Cell(cell.index, cell.text[: more.end("date")], cell.star, cell.line)
    unit, text, date = split_date(dated)
    if more.re is OPEN_SPAN or more.group("range"):
        return unit, more.group(0).strip(), None, "range"
    if more.group("time"):  # "2019/12/12 10:00": the day, and its hour
        return unit, text, date, ""
    return unit, text, date, more.group("note")


def split_date(cell: Cell) -> tuple[Cell | None, str, datetime.date | None]:
    match = DATE_AT_END.search(cell.text)
    assert match is not None
    date: datetime.date | None = None
    if match.group(1) is None:
        text = match.group(0).strip()  # the year last: reported as unread
    else:
        year, month, day = (int(match.group(g)) for g in (1, 3, 4))
        text = f"{year:04d}/{month:02d}/{day:02d}"
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            date = None
    prefix = cell.text[: match.start()].strip()
    if not prefix:
        return None, text, date
    if prefix.endswith("*"):  # "GS Engineering * 2019/08/08": the unit's waiver
        return _cell(cell.index, prefix, cell.line), text, date
    return Cell(cell.index, prefix, cell.star, cell.line), text, date


def parse_line(line: Line, areas: frozenset[str], options: ParseOptions) -> ParsedLine:
    """Recognise each cell of one table line by its content."""
    parsed = ParsedLine(line)
    cells = _date_before_unit(line_cells(line), options)
    parsed.marked = [c for c in cells if c.mark]
    dated = [i for i, c in enumerate(cells) if is_dated(c)]
    if not dated and len(cells) > 1 and is_dated(cells[-1], last=True):
        dated = [len(cells) - 1]  # a year alone, when no cell holds a date
    if not dated and len(cells) > 1:
        with_year = _unit_and_year(cells[-1], options)
        if with_year is not None:  # "GS Science April 2019": the unit's cell
            cells = [*cells[:-1], *with_year]
            parsed.date_text, parsed.date_note = with_year[1].text, "unread"
            before = cells[:-1]
            parsed.unit, before = before[-1], before[:-1]
            sort_cells(parsed, before, areas, options)
            return parsed
    placeholder = date_placeholder(cells[-1].text) if cells and not dated else ""
    if placeholder:
        # A Year cell that says the date is not known ("unknown", as Accord's
        # own published list prints it; "n.d.", "-", "TBD").
        parsed.date_text, parsed.date_note = UNKNOWN_DATE, placeholder
        before = cells[:-1]
        if before and not is_label(before[-1], options):
            parsed.unit, before = before[-1], before[:-1]
        sort_cells(parsed, before, areas, options)
        return parsed
    before = cells
    if dated:
        at = dated[-1]
        unit, parsed.date_text, parsed.date, parsed.date_note = split_dated(cells[at])
        parsed.date_star = bool(cells[at].star) and unit is None
        before, after = cells[:at], cells[at + 1 :]
        if unit is None and _unit_follows(before, after, options):
            # The list's Year column comes before its home-unit column. Cells
            # are placed by their distance to the unit: it stands where the date
            # does, as where the unit comes first.
            unit, after = replace(after[0], index=cells[at].index), after[1:]
        if unit is None and before and not is_label(before[-1], options):
            unit, before = before[-1], before[:-1]
        parsed.unit, parsed.after_date = unit, after
    sort_cells(parsed, before, areas, options)
    return parsed


def _unit_and_year(cell: Cell, options: ParseOptions) -> tuple[Cell, Cell] | None:
    """A cell holding a home unit and then a year that is no date ("GS Life
    Sciences April 2019", "IMR FY2019"), as the unit's cell and the Year's;
    None for any other cell."""
    text = cell.text
    if not _A_YEAR.search(text):
        return None
    for space in (i for i, c in enumerate(text) if c == " "):
        head, tail = text[:space], text[space + 1 :]
        if not _A_YEAR.search(tail):
            break
        if options.unit_for(head) is not None:
            unit = Cell(cell.index, head, cell.star, cell.line)
            return unit, Cell(cell.index, tail, "", cell.line)
    return None


# A date at the start of a cell, the rest of the cell after it.
DATE_AT_START = re.compile(r"^(\d{4}([/.\-])\d{1,2}\2\d{1,2})\s+(\S.*)$")


def _date_before_unit(cells: list[Cell], options: ParseOptions) -> list[Cell]:
    """A cell holding a date and then a home unit ("2019/08/08 * GS
    Engineering", a list whose Year column comes first) as two cells."""
    out: list[Cell] = []
    for cell in cells:
        match = DATE_AT_START.match(cell.text)
        rest = _cell(cell.index, match.group(3), cell.line) if match else None
        if match and rest is not None and options.unit_for(rest.text):
            out += [Cell(cell.index, match.group(1), cell.star, cell.line), rest]
        else:
            out.append(cell)
    return out


def _unit_follows(before: list[Cell], after: list[Cell], options: ParseOptions) -> bool:
    """Whether the home unit is the cell after the date: it names a known unit
    and the cell before the date does not."""
    if not after or options.unit_for(after[0].text) is None:
        return False
    return not before or options.unit_for(before[-1].text) is None


def parse_columned(line: Line, layout: Layout, options: ParseOptions) -> ParsedLine:
    """Read a line under a header that names every column, cell by column."""
    cells = {c.index: c for c in line_cells(line)}

    def cell(index: int) -> Cell:
        return cells.get(index) or Cell(index, "", line=line.number)

    parsed = ParsedLine(line, layout=layout)
    parsed.marked = [c for c in cells.values() if c.mark]
    unit, year = cell(layout.unit), cell(layout.year)
    if year.text and is_dated(year, last=True):
        before, parsed.date_text, parsed.date, parsed.date_note = split_dated(year)
        if before is not None and not unit.text and options.unit_for(before.text):
            unit = replace(before, index=layout.unit)  # the unit printed with it
        elif before is not None:
            # More than a date ("expired 2020/03/31", "2015/04/01 2020/04/01"):
            # which date is the one concluded, the cell does not say.
            parsed.date_text, parsed.date = year.text, None
            parsed.date_note = "unread"
    elif year.text.casefold() in ("", UNKNOWN_DATE) and is_dated(unit):
        # The date printed in the unit's cell, as the 2021 list prints it (a
        # workbook's blank Year cell reads "unknown").
        before, parsed.date_text, parsed.date, parsed.date_note = split_dated(unit)
        unit = before or Cell(layout.unit, "", unit.star, line.number)
    elif placeholder := date_placeholder(year.text):
        parsed.date_text, parsed.date_note = UNKNOWN_DATE, placeholder
    elif not year.text and (elsewhere := _dated_outside(cells, layout)):
        # The Year cell blank, a date in a column of its own beside it ("Valid
        # until", "Renewed"): the row's still, the day it was concluded unknown.
        parsed.date_text, parsed.date_note = elsewhere.text, "elsewhere"
    elif _YEAR_LIKE.search(year.text) and year.text[0] not in "(\uff08":
        # A spreadsheet's date kept as a number ("42505"), a year among other
        # text ("April 2019", "2019-2024", "H28", "19/07/09"): the row's own
        # Year cell still, its date unread. A stray digit ("1") is not.
        parsed.date_text, parsed.date_note = year.text, "unread"
    elif not year.text and _a_row_of_its_own(
        cell(layout.country), unit, cell(layout.institution), options
    ):
        # The Year cell blank on a line that names its own home unit or country:
        # a row whose date the list leaves blank, no wrapped text of the row
        # above (whose lines print neither).
        parsed.date_text, parsed.date_note = UNKNOWN_DATE, "blank"
    parsed.area = cell(layout.area).text
    # A line without a date continues the cells above it (wrapped text): only a
    # row's own country cell may be a name printed without its count.
    label = label_of(cell(layout.country), options, bool(parsed.date_text))
    if label is not None:
        parsed.labels.append(label)
    institution, department = cell(layout.institution), cell(layout.department)
    parsed.texts = [c for c in (institution, department) if c.text]
    parsed.unit = unit if unit.text else None
    if parsed.date_text:
        parsed.roles = (institution.text, department.text)
    parsed.date_star = bool(unit.star or year.star)
    return parsed


def _a_row_of_its_own(
    country: Cell, unit: Cell, partner: Cell, options: ParseOptions
) -> bool:
    """Its own partner and a known home unit, or its own country: a unit alone
    on a line is the rest of the unit's cell above ("* GS Engineering" over "*
    GS Science": two units of one agreement)."""
    if partner.text and unit.text and options.unit_for(unit.text) is not None:
        return True
    name = LABEL.match(country.text)
    printed = name.group(1) if name else country.text
    aliases = options.country_aliases
    return bool(printed) and resolve_country(printed, aliases) is not None


def _dated_outside(cells: dict[int, Cell], layout: Layout) -> Cell | None:
    """A dated cell past the six columns a layout names (a column of another
    date, after the Year), or None."""
    return next(
        (c for i, c in sorted(cells.items()) if i > layout.last and is_dated(c)), None
    )


def dated_out_of_column(line: Line, layout: Layout) -> bool:
    """Whether the line's last cell is a date that stands left of the columns
    of the unit and the year (the row's cells shifted left)."""
    cells = line_cells(line)
    if not cells or cells[-1].index >= min(layout.unit, layout.year):
        return False
    return is_dated(cells[-1])


def sort_cells(
    parsed: ParsedLine, before: list[Cell], areas: frozenset[str], options: ParseOptions
) -> None:
    """Labels, the area and the text cells (institution, department).

    An area is a known one; a lone cell before the row's country label is the
    area too, as the Area column comes before the Country one: an area the list
    names nowhere else (clipped, wrapped or misspelt) is no institution.
    """
    for cell in before:
        if not cell.text:  # a lone "*": the waiver mark of the row
            parsed.date_star = True
            continue
        label = label_of(cell, options)
        if label is None and parsed.date_text and not parsed.texts:
            # Only where a row's label stands: on a row of its own (a dated
            # line), before its partner. A wrapped line reading "China" is the
            # rest of a name ("University of Science and Technology of").
            label = _bare_label(cell, areas, options)
        if label is not None:
            lone = parsed.texts[0] if len(parsed.texts) == 1 else None
            if lone and not lone.star and not parsed.labels and not parsed.area:
                parsed.area = parsed.texts.pop().text
            parsed.labels.append(label)
        elif cell.text in areas and not parsed.texts and not cell.star:
            parsed.area = cell.text
        else:
            parsed.texts.append(cell)


def label_of(
    cell: Cell, options: ParseOptions, in_country_column: bool = False
) -> tuple[str, int | None] | None:
    """A country label and its declared number of rows: `China (79)`; in the
    country column, a name alone is one too (its count unknown), as a list that
    prints no counts has it."""
    if cell.star:
        return None
    match = LABEL.match(cell.text)
    if not match:
        if in_country_column and cell.text:
            return cell.text, None
        return None
    name = match.group(1)
    if resolve_country(name, options.country_aliases) is None and cell.index > 1:
        return None
    return name, int(match.group(2))


def _bare_label(
    cell: Cell, areas: frozenset[str], options: ParseOptions
) -> tuple[str, None] | None:
    """A country's name alone in a cell, as a list that prints no counts labels
    its rows (`China`), wherever the extraction shifted it, as `China (79)` is
    (no partner is named exactly as a country); an area's name is the area."""
    if cell.star or cell.text in areas:
        return None
    if resolve_country(cell.text, options.country_aliases) is None:
        return None
    return cell.text, None


def is_label(cell: Cell, options: ParseOptions) -> bool:
    return label_of(cell, options) is not None
