"""A list kept as a spreadsheet in its own layout (merged Area, Country and
Partner cells, dates as date cells) reads back field for field, from the cells
themselves; what the workbook hides is reported, not read; Accord's own XLSX
export is still read as an export."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from accord.core.errors import ImportInputError
from accord.core.formats import records_to_xlsx
from accord.importer.bundled import load_edition
from accord.importer.pipeline import ImportResult, run
from accord.importer.sources import SourceText, read_source
from accord.importer.workbook import Sheet, _has_formulas, cell_text, sheets_to_text
from tests.importer.kita import HEADER, KITA
from tests.importer.reading import explained
from tests.importer.ruled_pdfs import ListDocument
from tests.importer.test_producer_pdfs import SAMPLES
from tests.importer.test_ruled_pdfs import fields
from tests.importer.workbook_list import Book, list_workbook, workbook_bytes


def parsed(source: SourceText) -> ImportResult:
    return run(source.text, load_edition().options, None, source.path, source.anomalies)


def saved(tmp_path: Path, workbook: Workbook, name: str = "list.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(workbook_bytes(workbook))
    return path


BOOKS = {
    "two-sheets": Book(),
    "one-sheet": Book(one_sheet=True),
    "dates-as-text": Book(real_dates=False),
    "unmerged": Book(merged=False),
    # As other offices keep their lists:
    "university-level-part-a-table": Book(university_table=True),
    "both-parts-tables-on-one-sheet": Book(one_sheet=True, university_table=True),
    "countries-without-counts": Book(counts=False),
    "columns-in-another-order": Book(order=(2, 1, 0, 4, 3, 5)),
    "header-worded-otherwise": Book(
        header=(
            "REGION",
            "Country/Region",
            "Institution",
            "Partner department",
            "Unit at {home}",
            "Date of agreement",
        )
    ),
}


@pytest.mark.parametrize("book", BOOKS.values(), ids=BOOKS)
def test_the_whole_list_reads_back_from_its_workbook(
    tmp_path: Path, list_2021: ListDocument, book: Book
):
    source = read_source(saved(tmp_path, list_workbook(list_2021, book)))
    assert source.kind == "workbook"
    result = parsed(source)
    assert fields(result.reconciled) == fields(list_2021.records)
    assert result.report.blocking() == []


@pytest.mark.parametrize(
    "name",
    [
        "libreoffice_calc_merged",
        "libreoffice_calc_top_left_borders",
        "libreoffice_calc_whole_list",
    ],
)
def test_the_workbooks_calc_printed_read_as_their_pdfs_do(name: str):
    """The spreadsheets behind the Calc samples give what their PDFs give,
    without the PDF's clipped copies of merged cells to leave out."""
    from_pdf = parsed(read_source(SAMPLES / f"{name}.pdf"))
    from_book = parsed(read_source(SAMPLES / f"{name}.xlsx"))
    assert fields(from_book.reconciled) == fields(from_pdf.reconciled)
    assert from_book.report.blocking() == []
    assert "hidden-text" not in from_book.report.codes()


def test_each_line_says_where_in_the_workbook_it_comes_from(
    tmp_path: Path, list_2021: ListDocument
):
    source = read_source(saved(tmp_path, list_workbook(list_2021)))
    lines = source.text.split("\n")
    assert len(source.places) == len(lines)
    header = next(i for i, line in enumerate(lines) if line.startswith("Area\t"))
    assert source.places[header] == "sheet 'Department Level', row 5"
    assert source.places[header + 1] == "sheet 'Department Level', row 6"
    first = source.ruled[0]
    assert first.header and first.page == 2 and first.line == header + 1


def _sheet_with_hidden_row(hide: str) -> list[Sheet]:
    cells = (
        ("Department Level Agreements", "", "", "", "", ""),
        ("1 countries and regions, 2 institutions", "", "", "", "", ""),
        (
            "Area",
            "Country / Region",
            "Partner Institution",
            "Department",
            "Department at Tohoku",
            "Year",
        ),
        (
            "Asia",
            "Korea (2)",
            "Seoul National University",
            "",
            "GS Science",
            "2001/01/05",
        ),
        ("", "", "KAIST", "", "GS Engineering", "2003/02/01"),
        ("", "", "Yonsei University", "", "GS Medicine", "2010/07/09"),
    )
    merged = ((3, 5, 0, 0), (3, 5, 1, 1))
    return [
        Sheet(
            "Department Level",
            cells,
            merged,
            hidden_rows=frozenset({4}) if hide == "row" else frozenset(),
            hidden_columns=frozenset({3}) if hide == "column" else frozenset(),
            hidden=hide == "sheet",
        )
    ]


def test_a_hidden_row_is_not_read_and_the_import_waits():
    read = sheets_to_text(_sheet_with_hidden_row("row"))
    assert "KAIST" not in read.text
    [hidden] = read.anomalies
    assert hidden.code == "hidden-cells"
    assert hidden.severity == "warning"
    assert hidden.seen.startswith("sheet 'Department Level', row 5: ")
    assert "KAIST" in hidden.seen
    # Reported at the row read below it: Yonsei's.
    assert "Yonsei University" in read.text.split("\n")[hidden.lines[0] - 1]
    # The merged cells still cover the rows shown: Yonsei keeps Korea.
    assert read.text.split("\n")[-1].startswith("Asia\tKorea (2)\tYonsei")


def test_a_hidden_column_or_sheet_is_reported_and_not_read():
    column = sheets_to_text(_sheet_with_hidden_row("column"))
    assert "\tGS Science\t" in column.text and "Department\t" not in column.text
    assert [a.seen for a in column.anomalies] == [
        "sheet 'Department Level', column D: Department"
    ]
    sheet = sheets_to_text(_sheet_with_hidden_row("sheet"))
    assert sheet.text == ""
    assert [a.seen for a in sheet.anomalies] == ["sheet 'Department Level'"]


def test_a_hidden_row_blocks_the_import(tmp_path: Path, list_2021: ListDocument):
    workbook = list_workbook(list_2021)
    table = workbook["Department Level"]
    table.row_dimensions[40].hidden = True
    result = parsed(read_source(saved(tmp_path, workbook)))
    blocking = {a.code for a in result.report.blocking()}
    # The row is left out, so its country's declared count does not hold either.
    assert blocking == {"hidden-cells", "checksum"}
    assert len(result.reconciled) == len(list_2021.records) - 1


def test_text_on_several_lines_of_a_cell_is_one_text(
    tmp_path: Path, list_2021: ListDocument
):
    workbook = list_workbook(list_2021)
    table = workbook["Department Level"]
    names = [c for c in table["C"] if c.value == "Dalian University of Technology"]
    assert names
    for cell in names:
        cell.value = "Dalian University\nof Technology"
    result = parsed(read_source(saved(tmp_path, workbook)))
    assert fields(result.reconciled) == fields(list_2021.records)


def test_an_export_workbook_is_still_an_export(tmp_path: Path, seed: ImportResult):
    path = tmp_path / "export.xlsx"
    path.write_bytes(records_to_xlsx(seed.reconciled[:5]))
    source = read_source(path)
    assert source.kind == "xlsx"
    assert source.records is not None and len(source.records) == 5


def test_an_export_with_a_misspelt_column_still_names_it(
    tmp_path: Path, seed: ImportResult
):
    from openpyxl import load_workbook

    path = tmp_path / "export.xlsx"
    path.write_bytes(records_to_xlsx(seed.reconciled[:5]))
    book = load_workbook(path)
    sheet = book.worksheets[0]
    column = next(c for c in sheet[1] if c.value == "institution")
    column.value = "instituton"
    book.save(path)
    with pytest.raises(ImportInputError, match="instituton"):
        read_source(path)


def test_a_damaged_workbook_is_refused_naming_the_file(tmp_path: Path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(ImportInputError, match=r"broken\.xlsx.*cannot be read"):
        read_source(path)


def test_parse_explain_shows_each_lines_sheet_and_row():
    text = explained(SAMPLES / "libreoffice_calc_merged.xlsx")
    assert "table rows (workbook)" in text
    assert "sheet 'List', row 51" in text
    assert "Area: merged over 37 rows" in text


def test_a_formula_never_calculated_is_reported_not_read_as_blank_silently(
    tmp_path: Path, list_2021: ListDocument
):
    """openpyxl writes formulas without their values; a spreadsheet program
    would have stored them. The country label's count as a formula reads
    blank and the import waits."""
    workbook = list_workbook(list_2021)
    table = workbook["Department Level"]
    label = next(c for c in table["B"] if str(c.value).startswith("Bangladesh"))
    label.value = '="Bangladesh (" & 1 & ")"'
    result = parsed(read_source(saved(tmp_path, workbook)))
    [formula] = [a for a in result.report.anomalies if a.code == "uncalculated-formula"]
    assert formula.seen == (
        f'sheet \'Department Level\', cell B{label.row}: ="Bangladesh (" & 1 & ")"'
    )
    assert formula in result.report.blocking()


def test_the_workbook_as_libreoffice_saves_it_reads_the_same(list_2021: ListDocument):
    """Calc's own XML for the same workbook (samples/producers/README.md)."""
    saved_by_calc = parsed(read_source(SAMPLES / "libreoffice_calc_saved.xlsx"))
    assert fields(saved_by_calc.reconciled) == fields(list_2021.records)
    assert saved_by_calc.report.blocking() == []


def test_the_list_saved_as_csv_reads_back(tmp_path: Path, list_2021: ListDocument):
    """A spreadsheet saved as CSV keeps a merged cell's text in its first row
    only: the seed's own form, read the same way."""
    workbook = list_workbook(list_2021, Book(one_sheet=True, real_dates=False))
    path = tmp_path / "list.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for row in workbook.active.iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
    source = read_source(path)
    assert source.kind == "delimited"
    assert len(source.places) == len(source.text.split("\n"))
    result = parsed(source)
    # Without its merged cells, the row with no department, unit or date (the
    # Albi-Carmaux School of Engineering's, the first of France's) was read as
    # the first line of the row below it; it prints its own country: a row.
    assert fields(result.reconciled) == fields(list_2021.records)
    assert result.report.blocking() == []


def test_an_export_csv_with_a_misspelt_column_still_names_it(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text("level,instituton,country_code\nuniversity,X,TH\n")
    with pytest.raises(ImportInputError, match="instituton"):
        read_source(path)


@pytest.mark.parametrize("content", [",", ",,\n,\n", ";;;"])
def test_a_csv_of_empty_cells_is_refused_naming_the_file(tmp_path: Path, content):
    path = tmp_path / "list.csv"
    path.write_text(content)
    with pytest.raises(ImportInputError, match="shows no text") as raised:
        read_source(path)
    assert raised.value.path == str(path)


# What a genuine Excel file holds that the first reader got wrong.


def test_a_merge_across_a_whole_row_reads_to_the_last_column_with_text(
    tmp_path: Path, list_2021: ListDocument
):
    """A title merged A1:XFD1 ("Merge & Center" on the row) reached column
    16,384: every line got 16,383 tabs, and a heading merged so inside the
    table took hours."""
    workbook = list_workbook(list_2021, Book(between_areas="heading"))
    workbook["University Level"].merge_cells("A1:XFD1")
    source = read_source(saved(tmp_path, workbook))
    lines = source.text.split("\n")
    assert max(line.count("\t") for line in lines) == 5
    assert "EUROPE\t\t\t\t\tunknown" in lines


def test_empty_rows_between_areas_stay_inside_the_table(
    tmp_path: Path, list_2021: ListDocument
):
    """The table used to end at its first empty row: the areas after it lost
    their merged cells."""
    workbook = list_workbook(list_2021, Book(between_areas="blank"))
    result = parsed(read_source(saved(tmp_path, workbook)))
    assert fields(result.reconciled) == fields(list_2021.records)


def test_excels_escapes_and_namespaced_formulas_are_read():
    assert cell_text("Faculty of_x000D_\nEngineering") == "Faculty of Engineering"
    assert cell_text("Caf_x00E9_") == "Café"
    sheet = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        'main"><x:sheetData><x:row r="1"><x:c r="A1"><x:f>1+1</x:f></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    assert _has_formulas(out.getvalue())


def test_a_list_saved_with_semicolons_or_tabs_reads_its_cells(tmp_path: Path):
    for name, separator in (("semicolons.csv", ";"), ("tabs.csv", "\t")):
        path = tmp_path / name
        path.write_text(
            f"Area{separator}Country / Region{separator}Year\n"
            f"Asia{separator}Korea (1){separator}2003/02/01\n",
            encoding="utf-8",
        )
        assert read_source(path).text.split("\n")[1] == "Asia\tKorea (1)\t2003/02/01"


def test_a_number_reads_as_its_format_shows_it():
    """0.5 formatted 0% prints 50%, 7 formatted 000 prints 007."""
    assert [cell_text(0.5, "0%"), cell_text(0.125, "0.0%")] == ["50%", "12.5%"]
    assert [cell_text(7, "000"), cell_text(2014.0, "General")] == ["007", "2014"]


def test_area_and_country_rows_merged_across_the_table_head_its_rows(tmp_path: Path):
    """A table without a Country column, its areas and countries on rows of their
    own merged across it: each was read as a partner of its own, the rows below
    kept no country."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Department Level Agreements"])
    sheet.append(["Partner Institution", "Department", "Department at Tohoku", "Year"])
    for row in (
        ["Asia"],
        ["China"],
        ["Fudan University", "Department of History", "* GS Arts and Letters"],
        ["Korea"],
        ["Korea University", "College of Education", "GS Education"],
        ["Europe"],
        ["Germany"],
        ["RWTH Aachen University", None, "IMR"],
    ):
        sheet.append(row if len(row) > 1 else [*row, None, None, None])
        if len(row) == 1:
            sheet.merge_cells(f"A{sheet.max_row}:D{sheet.max_row}")
        else:
            sheet.cell(sheet.max_row, 4, "2019/08/01")
    result = parsed(read_source(saved(tmp_path, workbook)))
    assert [
        (r.country_code, r.region, r.institution, r.home_unit, r.fee_waiver)
        for r in result.reconciled
    ] == [
        ("CN", "Asia", "Fudan University", "GS Arts and Letters", True),
        ("KR", "Asia", "Korea University", "GS Education", False),
        ("DE", "Europe", "RWTH Aachen University", "IMR", False),
    ]
    assert [a.seen for a in result.report.anomalies if a.code == "section-row"] == [
        "Asia",
        "China",
        "Korea",
        "Europe",
        "Germany",
    ]


def test_a_date_cell_showing_only_its_month_is_a_month_not_its_first_day(
    tmp_path: Path,
):
    """A cell typed "Apr-19" holds 2019-04-01; the list shows no day, so none
    is stored, and the date is reported as one Accord cannot read."""

    book = Workbook()
    sheet = book.active
    sheet.append(["Department Level Agreements"])
    sheet.append(HEADER.split("\t"))
    shown = ("mmm-yy", "yyyy/mm", 'yyyy"\u5e74"m"\u6708"', "d-mmm-yy")
    for n, number_format in enumerate(shown):
        sheet.append(
            ["Asia", "China", f"University {n}", "", "GS Letters",
             datetime.datetime(2019, 4, 1 + n)]
        )  # fmt: skip
        sheet.cell(sheet.max_row, 6).number_format = number_format
    source = read_source(saved(tmp_path, book))
    result = run(source.text, KITA, read=source.anomalies)
    assert [r.concluded_on for r in result.reconciled] == [
        None, None, None, datetime.date(2019, 4, 4)
    ]  # fmt: skip
    unread = [a.lines for a in result.report.anomalies if a.code == "invalid-date"]
    assert unread == [(3,), (4,), (5,)]
