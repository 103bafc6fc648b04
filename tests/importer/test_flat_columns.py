"""A CSV or XLSX export is read a chunk of rows at a time, column by column
(`core.formats._FlatRecords`): the records, and the error of a bad file (its
line, field and message), must be exactly what reading row by row gives."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from accord.core import formats
from accord.core.errors import ImportInputError
from accord.core.formats import csv_to_records, records_to_csv, records_to_xlsx
from accord.core.records import Record

IN_FORCE = {
    "status": "in_force",
    "valid_from": None,
    "valid_until": None,
    "term_months": None,
    "renews_automatically": False,
    "cooperation_terms": [],
    "ended_on": None,
    "termination_reason": None,
}


def varied_records(count: int) -> list[Record]:
    """Rows that repeat some cells and not others, as an export does."""
    records = []
    for n in range(count):
        department = n % 3 == 0
        records.append(
            Record(
                "department" if department else "university",
                ("Asia", "Europe")[n % 2],
                ("TH", "FR", "")[n % 3],
                ("Thailand", "France", "International")[n % 3],
                f"=Institute {n % 11}" if n % 7 == 0 else f"University {n % 13}",
                co_partners=(f"Partner {n}", "'Quoted") if n % 5 == 0 else (),
                partner_department=f"Faculty {n % 4}" if department else "",
                home_unit=f"GS Unit {n % 6}" if department else "",
                fee_waiver=None if n % 17 == 0 else n % 2 == 0,
                concluded_on=None if n % 9 == 0 else datetime.date(2000 + n % 20, 4, 1),
                edition=datetime.date(2021, 5, 1),
                source_lines=(n + 10, n + 11) if n % 4 else (n + 10,),
                home_university="tohoku",
                lifecycle=IN_FORCE | {"term_months": 60} if n % 8 == 0 else IN_FORCE,
            )
        )
    return records


def rows_one_by_one(text: str, path: str = "a.csv") -> list[Record]:
    """The reference: each row read on its own, as the JSON reader still does."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    names = next(reader)
    lifecycles: formats.Lifecycles = {}
    return [
        formats.row_to_record(
            formats._Row(dict(zip(names, cells, strict=True)), path, reader.line_num),
            flat=True,
            lifecycles=lifecycles,
        )
        for cells in reader
    ]


def error_of(read) -> tuple[object, ...]:
    with pytest.raises(ImportInputError) as caught:
        read()
    error = caught.value
    return (error.path, error.line, error.field, error.message)


def with_cells(text: str, changes: dict[int, dict[str, str]]) -> str:
    """`text` with some cells replaced: {data row number from 1: {column: cell}}."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    names = rows[0]
    for number, cells in changes.items():
        for name, cell in cells.items():
            rows[number][names.index(name)] = cell
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    # Several chunks from a few dozen rows, so that a chunk boundary is crossed.
    monkeypatch.setattr(formats, "FLAT_CHUNK", 7)


def test_the_records_are_those_read_row_by_row():
    text = records_to_csv(varied_records(40))
    read = csv_to_records(text, "a.csv")
    reference = rows_one_by_one(text)
    assert read == reference == varied_records(40)
    # Equality leaves out where a record was read, and its lifecycle.
    assert [r.row for r in read] == [r.row for r in reference] == list(range(2, 42))
    assert [r.lifecycle for r in read] == [r.lifecycle for r in reference]


def test_blank_rows_are_skipped_and_the_lines_after_them_keep_their_numbers():
    lines = records_to_csv(varied_records(10)).splitlines(keepends=True)
    width = lines[0].count(",")
    blank = ["," * width + "\n", " ," * width + "\t\n", "\n"]
    text = "".join([*lines[:4], *blank, *lines[4:]])
    read = csv_to_records(text, "a.csv")
    assert read == varied_records(10)
    assert [r.row for r in read] == [2, 3, 4, *range(8, 15)]
    # A row with one visible cell among spaces is a row, read (and refused).
    one_cell = " ," * (width - 1) + " ,x\n"
    with pytest.raises(ImportInputError):
        csv_to_records("".join([*lines[:4], one_cell, *lines[4:]]), "a.csv")


def test_rows_with_the_same_lifecycle_share_it():
    read = csv_to_records(records_to_csv(varied_records(40)), "a.csv")
    assert len({id(r.lifecycle) for r in read}) == 2


def test_a_file_without_the_optional_columns():
    records = [
        r.with_changes(home_university="", lifecycle=None) for r in varied_records(20)
    ]
    text = records_to_csv(records)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    keep = [n for n, name in enumerate(rows[0]) if name not in OPTIONAL]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[n] for n in keep] for r in rows])
    read = csv_to_records(out.getvalue(), "a.csv")
    assert read == rows_one_by_one(out.getvalue()) == records
    assert {r.lifecycle for r in read} == {None}


OPTIONAL = {"home_university", *formats.LIFECYCLE_FIELDS}


@pytest.mark.parametrize(
    "changes",
    [
        {12: {"concluded_on": "2021-02-30"}},
        {3: {"fee_waiver": "yes"}},
        {20: {"country_code": "XX"}},
        {16: {"region": " "}},
        {9: {"source_lines": "12; x"}},
        {2: {"level": "faculty"}},
        {4: {"level": "university"}},  # a department's unit and department
        {8: {"partner_department": "Law"}, 9: {"status": "In force"}},
        {30: {"home_university": "Tohoku University"}},
        {25: {"cooperation_terms": "[{"}},
        # Two bad rows in one chunk, the later one's column read first.
        {10: {"region": ""}, 9: {"fee_waiver": "maybe"}},
        # Two bad values in one row: the first in the row's order is named.
        {15: {"edition": "today", "level": "none"}},
        # A university-level row that names a unit, and a bad date after it.
        {18: {"home_unit": "GS Law"}, 19: {"valid_until": "soon"}},
    ],
)
def test_a_bad_cell_is_named_as_reading_row_by_row_names_it(changes):
    text = with_cells(records_to_csv(varied_records(40)), changes)
    expected = error_of(lambda: rows_one_by_one(text))
    assert error_of(lambda: csv_to_records(text, "a.csv")) == expected
    first = min(changes)
    assert expected[1] == first + 1  # the header is line 1


def test_an_xlsx_file_reads_as_its_csv_does():
    records = varied_records(30)
    read = formats.xlsx_to_records(records_to_xlsx(records), "a.xlsx")
    assert read == records
    assert [r.row for r in read] == list(range(2, 32))


def test_a_bad_xlsx_cell_is_named_with_its_spreadsheet_row():
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(records_to_xlsx(varied_records(30))))
    sheet = book.worksheets[0]
    names = [cell.value for cell in sheet[1]]
    sheet.cell(row=17, column=names.index("fee_waiver") + 1, value=1)
    out = io.BytesIO()
    book.save(out)
    assert error_of(lambda: formats.xlsx_to_records(out.getvalue(), "a.xlsx")) == (
        "a.xlsx",
        17,
        "fee_waiver",
        "expected true or false (blank: unknown), found '1'",
    )


def test_rows_sharing_a_lifecycle_are_checked_each_with_its_own_dates():
    """The import checks each distinct lifecycle once per conclusion date: a
    lifecycle that ends before one row's conclusion and after another's is
    refused on that row only."""
    from accord.importer.persist.edition import check_records

    ended = IN_FORCE | {"status": "expired", "ended_on": "2020-03-31"}
    records = [
        r.with_changes(concluded_on=datetime.date(year, 4, 1), lifecycle=ended)
        for r, year in zip(
            varied_records(12), [2011] * 5 + [2021] + [2011] * 6, strict=True
        )
    ]
    read = csv_to_records(records_to_csv(records), "a.csv")
    assert len({id(r.lifecycle) for r in read}) == 1
    with pytest.raises(ImportInputError) as caught:
        check_records(read, unit_may_be_unknown=lambda record: True, path="a.csv")
    error = caught.value
    assert (error.line, error.field, error.problems) == (7, "ended_on", ())


def test_rows_sharing_a_lifecycle_without_an_end_are_told_apart_by_having_a_date():
    """Without an end date a lifecycle's problems depend only on whether a
    row was concluded: an agreement under negotiation has no conclusion date,
    so the dated rows are refused and the undated one is not."""
    from accord.importer.persist.edition import check_records

    negotiating = IN_FORCE | {"status": "under_negotiation"}
    dates = [datetime.date(2011, 4, 1), None, datetime.date(2015, 4, 1)]
    records = [
        r.with_changes(concluded_on=day, lifecycle=negotiating)
        for r, day in zip(varied_records(3), dates, strict=True)
    ]
    read = csv_to_records(records_to_csv(records), "a.csv")
    assert len({id(r.lifecycle) for r in read}) == 1
    with pytest.raises(ImportInputError) as caught:
        check_records(read, unit_may_be_unknown=lambda record: True, path="a.csv")
    refused = caught.value.problems or (caught.value,)
    assert [(p.line, p.field) for p in refused] == [
        (2, "concluded_on"),
        (4, "concluded_on"),
    ]


@pytest.mark.parametrize(
    "lifecycle",
    [
        IN_FORCE,
        IN_FORCE | {"status": "under_negotiation"},
        IN_FORCE | {"status": "expired", "ended_on": "2015-03-31"},
        IN_FORCE | {"ended_on": "2015-03-31"},
        {"valid_from": "2014-01-01", "ended_on": "2015-03-31"},
    ],
)
def test_records_with_the_same_lifecycle_check_key_have_the_same_problems(lifecycle):
    from accord.registry.validation import (
        lifecycle_check_key,
        lifecycle_record_problems,
    )

    base = varied_records(1)[0]
    days = [None, *(datetime.date(year, 4, 1) for year in (2010, 2014, 2015, 2020))]
    by_key: dict[object, list[tuple[str, str]]] = {}
    for day in days:
        record = base.with_changes(concluded_on=day, lifecycle=lifecycle)
        found = [(p.field, p.message) for p in lifecycle_record_problems(record)]
        assert by_key.setdefault(lifecycle_check_key(record), found) == found
