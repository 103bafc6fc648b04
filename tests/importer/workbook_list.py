"""An agreement list as the workbook an office keeps it in: the university-level
part as lines of text, the department-level part as one table whose Area,
Country / Region and Partner Institution cells are merged over their rows (the
table's model is the ReportLab drawer's, `ruled_layout.table_cells`). How the
workbook is laid out is `Book`'s."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.importer.ruled_layout import HEADER, table_cells
from tests.importer.ruled_pdfs import (
    INTERNATIONAL,
    ListDocument,
    university_lines,
)


@dataclass(frozen=True)
class Book:
    # Both parts on one sheet, or the department-level part on a sheet of its own.
    one_sheet: bool = False
    # The Year column as date cells (an office's spreadsheet) or as text.
    real_dates: bool = True
    # Where a merged range's text is stored: its first cell (as a spreadsheet
    # does), or the text repeated in every cell of the range (unmerged).
    merged: bool = True
    # Rows between areas, inside the table: an empty one, or a heading with the
    # area's name merged across the whole sheet row (A:XFD, "Merge & Center").
    between_areas: str = ""  # "", "blank" or "heading"
    # The table's column header, "{home}" the home university's name.
    header: tuple[str, ...] = HEADER
    # Each country's cell with its number of rows, `China (79)`, or its name alone.
    counts: bool = True
    # The university-level part as lines, as the list prints it, or as a table
    # (Area, Country / Region, Partner Institution, Year; areas and countries
    # merged over their rows).
    university_table: bool = False
    # The table's columns in the order of HEADER's indexes: (2, 1, 0, 4, 3, 5)
    # puts the partner first, the unit before the partner's department.
    order: tuple[int, ...] = (0, 1, 2, 3, 4, 5)


def list_workbook(doc: ListDocument, book: Book = Book()) -> Workbook:
    """The whole list as a workbook."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = "University Level"
    if book.university_table:
        _university_table(doc, first)
    else:
        _university(doc, first)
    if book.one_sheet:
        sheet = first
        sheet.append([])
    else:
        sheet = workbook.create_sheet("Department Level")
    _department(doc, sheet, book)
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _university(doc: ListDocument, sheet: Worksheet) -> None:
    for line in university_lines(doc):
        sheet.append([line])


def _university_table(doc: ListDocument, sheet: Worksheet) -> None:
    """The lines above the entries, then the entries as a table."""
    lines = university_lines(doc)
    first_region = lines.index(f"({doc.university[0]['region']})")
    for line in lines[:first_region]:
        sheet.append([line])
    sheet.append(["Area", "Country / Region", "Partner Institution", "Year"])
    top = sheet.max_row + 1
    for record in doc.university:
        star = "* " if record["fee_waiver"] else ""
        day = record["concluded_on"]
        sheet.append(
            [
                record["region"],
                doc.headings.get(record["country_code"], record["country_name"]),
                f"{star}{record['institution']}",
                datetime.date.fromisoformat(day) if day else None,
            ]
        )
    for column in (1, 2):  # merged over each run of equal values
        start = top
        for row in range(top + 1, sheet.max_row + 2):
            value = sheet.cell(row, column).value if row <= sheet.max_row else None
            if value != sheet.cell(start, column).value or row > sheet.max_row:
                if row - 1 > start:
                    for r in range(start + 1, row):
                        sheet.cell(r, column).value = None
                    sheet.merge_cells(
                        start_row=start,
                        end_row=row - 1,
                        start_column=column,
                        end_column=column,
                    )
                start = row
    sheet.append([])
    sheet.append([lines[-1]])  # the legend


def _department(doc: ListDocument, sheet: Worksheet, book: Book) -> None:
    rows = doc.department
    countries = {r["country_code"] for r in rows if r["region"] != INTERNATIONAL}
    sheet.append(["Department Level Agreements"])
    sheet.append(
        [
            "* indicates institutions which agree upon a mutual application, "
            "matriculation and tuition waivers for students from the partner "
            "institution."
        ]
    )
    sheet.append([f"{len(countries)} countries and regions, {len(rows)} institutions"])
    sheet.append([])
    sheet.append([book.header[k].format(home=doc.home) for k in book.order])
    texts, cells = table_cells(rows, doc.labels, book.counts)
    at: list[int] = []  # each table row's row in the sheet
    for i, row in enumerate(texts):
        if i and book.between_areas and row[0] != texts[i - 1][0]:
            if book.between_areas == "blank":
                sheet.append([])
            else:
                sheet.append([row[0].upper()])
                sheet.merge_cells(
                    start_row=sheet.max_row,
                    end_row=sheet.max_row,
                    start_column=1,
                    end_column=16384,
                )
        values: list[object] = list(row)
        if book.real_dates and row[5]:
            values[5] = datetime.datetime.strptime(row[5], "%Y/%m/%d")
        sheet.append([values[k] for k in book.order])
        at.append(sheet.max_row)
    if not book.merged:
        return
    for cell in cells:
        if cell.last > cell.first:
            column = book.order.index(cell.column) + 1
            first, last = at[cell.first], at[cell.last]
            for r in range(first + 1, last + 1):
                sheet.cell(r, column).value = None
            sheet.merge_cells(
                start_row=first, end_row=last, start_column=column, end_column=column
            )
