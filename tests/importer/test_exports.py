"""Export writers and readers: the schema both ways, formulas neutralised."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from openpyxl import load_workbook

from accord.core.errors import ImportInputError
from accord.core.formats import (
    csv_to_records,
    json_to_records,
    records_to_csv,
    records_to_json,
    records_to_xlsx,
    xlsx_to_records,
)
from accord.core.records import EXPORT_FIELDS, FILE_FIELDS, Record

EDITION = datetime.date(2021, 5, 1)


def sample_records() -> list[Record]:
    return [
        Record(
            "university",
            "Asia",
            "CN",
            "China",
            "Tsinghua University",
            fee_waiver=True,
            concluded_on=datetime.date(1998, 8, 31),
            edition=EDITION,
            source_lines=(15,),
        ),
        Record(
            "university",
            "Europe",
            "FR",
            "France",
            "École Centrale de Lyon",
            fee_waiver=True,
            edition=EDITION,
            source_lines=(272,),
        ),
        Record(
            "department",
            "Europe",
            "RU",
            "Russia",
            "Russian Academy of Sciences",
            co_partners=("Lomonosov Moscow State University", "=cmd|' /C calc'!A0"),
            partner_department="Vernadsky Institute; Geochemistry",
            home_unit="GS Science",
            concluded_on=datetime.date(2004, 2, 29),
            edition=EDITION,
            source_lines=(896, 897),
        ),
        Record(
            "department",
            "International Organization",
            "",
            "International Organization",
            "@SUM(A1:A9)",
            partner_department="-2+3",
            home_unit="+IMRAM",
            edition=None,
            source_lines=(),
        ),
    ]


def test_json_export_is_a_list_of_export_schema_objects():
    data = json.loads(records_to_json(sample_records()))
    assert [list(item) for item in data] == [list(FILE_FIELDS)] * 4
    assert data[0]["partner_ror_id"] is None
    assert data[0]["concluded_on"] == "1998-08-31"
    assert data[1]["concluded_on"] is None
    assert data[2]["co_partners"][0] == "Lomonosov Moscow State University"


def test_csv_export_neutralises_formulas_and_joins_lists():
    rows = list(csv.DictReader(io.StringIO(records_to_csv(sample_records()))))
    assert list(rows[0]) == list(FILE_FIELDS)
    assert rows[2]["co_partners"] == (
        "Lomonosov Moscow State University; =cmd|' /C calc'!A0"
    )
    assert rows[2]["source_lines"] == "896; 897"
    assert rows[3]["institution"] == "'@SUM(A1:A9)"
    assert rows[3]["partner_department"] == "'-2+3"
    assert rows[3]["home_unit"] == "'+IMRAM"
    assert rows[0]["fee_waiver"] == "true"
    assert rows[1]["concluded_on"] == ""


def test_xlsx_export_writes_no_formula():
    book = load_workbook(io.BytesIO(records_to_xlsx(sample_records())))
    sheet = book["agreements"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert sheet["E5"].value == "'@SUM(A1:A9)"
    assert sheet["J2"].value == datetime.datetime(1998, 8, 31)
    assert sheet["I2"].value is True


@pytest.mark.parametrize(
    ("write", "read"),
    [
        (records_to_json, json_to_records),
        (records_to_csv, csv_to_records),
        (records_to_xlsx, xlsx_to_records),
    ],
)
def test_export_then_import_then_export_is_identical(write, read):
    originals = [
        *sample_records(),
        sample_records()[2].with_changes(co_partners=("=1+1", "+ b")),
    ]
    first = write(originals)
    records = read(first, "agreements")
    assert records == originals
    second = write(records)
    if isinstance(first, bytes):  # XLSX: zip timestamps differ; compare cells
        first, second = (
            [
                list(row)
                for row in load_workbook(io.BytesIO(b)).active.iter_rows(
                    values_only=True
                )
            ]
            for b in (first, second)
        )
    assert first == second


def csv_with(**changes: str) -> str:
    row = {
        "level": "university",
        "region": "Asia",
        "country_code": "TH",
        "country_name": "Thailand",
        "institution": "Chulalongkorn University",
        "co_partners": "",
        "partner_department": "",
        "home_unit": "",
        "fee_waiver": "true",
        "concluded_on": "2011-02-03",
        "edition": "2021-05-01",
        "source_lines": "120",
    } | changes
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(dict.fromkeys(row, "") | {"level": "university"} | row)
    return out.getvalue()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"concluded_on": "2021-02-30"}, "concluded_on", "not a date that exists"),
        ({"concluded_on": "3.2.2011"}, "concluded_on", "expected a date YYYY-MM-DD"),
        ({"concluded_on": "1899-12-31"}, "concluded_on", "before 1900"),
        ({"edition": "2021-13-01"}, "edition", "not a date that exists"),
        ({"level": "faculty"}, "level", "expected university or department"),
        ({"fee_waiver": "yes"}, "fee_waiver", "expected true or false"),
        ({"country_code": "XX"}, "country_code", "not an ISO 3166-1 alpha-2"),
        ({"country_code": "th"}, "country_code", "not an ISO 3166-1 alpha-2"),
        ({"institution": " "}, "institution", "must not be empty"),
        ({"source_lines": "12; x"}, "source_lines", "expected line numbers"),
        ({"home_unit": "IMR"}, "home_unit", "a university-level agreement is with"),
    ],
)
def test_it_refuses_a_bad_csv_value_naming_line_and_field(changes, field, message):
    with pytest.raises(ImportInputError) as caught:
        csv_to_records(csv_with(**changes), "agreements.csv")
    error = caught.value
    assert (error.path, error.line, error.field) == ("agreements.csv", 2, field)
    assert message in error.message


def test_a_department_row_may_have_lost_its_home_unit():
    (record,) = csv_to_records(csv_with(level="department"), "a.csv")
    assert (record.level, record.home_unit) == ("department", "")


def test_it_refuses_unknown_and_missing_columns():
    text = csv_with().replace("region", "area", 1)
    with pytest.raises(ImportInputError) as caught:
        csv_to_records(text, "a.csv")
    assert (caught.value.line, caught.value.field) == (1, "area")
    assert "unknown column(s) 'area'" in caught.value.message
    text = "level,region\nuniversity,Asia\n"
    with pytest.raises(ImportInputError, match="missing column") as caught:
        csv_to_records(text, "a.csv")
    assert caught.value.field == "country_code"


def test_it_refuses_a_truncated_csv_row():
    text = csv_with() + "department,Asia,TH\n"
    with pytest.raises(ImportInputError, match="3 cells where the header has 12"):
        csv_to_records(text, "a.csv")


def test_it_names_the_line_of_a_bad_json_object():
    items = json.loads(records_to_json(sample_records()))
    items[2]["concluded_on"] = "2021-02-30"
    text = json.dumps(items, indent=1)
    with pytest.raises(ImportInputError) as caught:
        json_to_records(text, "a.json")
    assert caught.value.field == "concluded_on"
    assert text.split("\n")[caught.value.line - 1].strip() == "{"
    assert text.split("\n")[caught.value.line].strip() == '"level": "department",'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"level": "university"}', "expected a JSON list"),
        ('[{"level": "university"', "malformed JSON"),
        ("[1]", "expected an object"),
        ('[{"level": "university"} {}]', "expected ',' or ']'"),
    ],
)
def test_it_refuses_malformed_json(text, message):
    with pytest.raises(ImportInputError, match=message):
        json_to_records(text, "a.json")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("fee_waiver", "true", None),
        ("fee_waiver", 1, "expected true or false"),
        ("co_partners", "A; B", "expected a list of names"),
        ("co_partners", [""], "expected non-empty names"),
        ("source_lines", [True], "expected positive line numbers"),
        ("source_lines", "12", "expected a list of line numbers"),
        ("institution", 12, "expected text"),
        ("institution", "A\nB", "a line break"),
    ],
)
def test_json_values_have_their_types(field, value, message):
    item = json.loads(records_to_json(sample_records()[:1]))[0] | {field: value}
    if message is None:
        assert json_to_records(json.dumps([item]))[0].fee_waiver is True
        return
    with pytest.raises(ImportInputError, match=message):
        json_to_records(json.dumps([item]), "a.json")


def test_an_xlsx_names_the_row_of_a_bad_value():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(EXPORT_FIELDS))
    book.active.append(list(EXPORT_FIELDS))
    book.active.append(
        ["university", "Asia", "TH", "Thailand", "X", None, None, None, "maybe"]
    )
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportInputError) as caught:
        xlsx_to_records(out.getvalue(), "a.xlsx")
    assert (caught.value.line, caught.value.field) == (2, "level")


def test_it_refuses_a_repeated_column():
    header = ",".join(EXPORT_FIELDS) + ",level"
    with pytest.raises(ImportInputError, match="a column is repeated"):
        csv_to_records(header + "\n", "a.csv")


def test_it_refuses_malformed_csv_quoting():
    text = csv_with().replace("Chulalongkorn University", '"Chula"x')
    with pytest.raises(ImportInputError, match="malformed CSV") as caught:
        csv_to_records(text, "a.csv")
    assert caught.value.line == 2


def test_it_refuses_an_empty_csv_and_an_empty_workbook():
    from openpyxl import Workbook

    with pytest.raises(ImportInputError, match="no header row"):
        csv_to_records("", "a.csv")
    out = io.BytesIO()
    Workbook().save(out)
    with pytest.raises(ImportInputError, match="the workbook is empty"):
        xlsx_to_records(out.getvalue(), "a.xlsx")


def test_an_xlsx_may_hold_numbers_and_blank_rows():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(EXPORT_FIELDS))
    book.active.append([None] * len(EXPORT_FIELDS))
    row = ["university", "Asia", "TH", "Thailand", "Chula", None, None, None]
    book.active.append([*row, False, datetime.date(2011, 2, 3), "2021-05-01", 120])
    out = io.BytesIO()
    book.save(out)
    (record,) = xlsx_to_records(out.getvalue(), "a.xlsx")
    assert (record.source_lines, record.concluded_on) == (
        (120,),
        datetime.date(2011, 2, 3),
    )


def test_an_export_without_the_partner_columns_still_reads():
    # Files written before the partner's identifiers were exported.
    rows = list(csv.reader(io.StringIO(records_to_csv(sample_records()))))
    out = io.StringIO()
    csv.writer(out).writerows(row[: len(EXPORT_FIELDS)] for row in rows)
    assert csv_to_records(out.getvalue(), "old.csv") == sample_records()
