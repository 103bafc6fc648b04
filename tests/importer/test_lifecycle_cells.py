"""An export's lifecycle columns as the importer reads them: their form in
`core.formats` (pure), then the registry's rules on their values
(`registry.validation.record_problems`), without a database."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest

from accord.core.errors import ImportInputError
from accord.core.formats import (
    csv_to_records,
    json_to_records,
    records_to_csv,
    records_to_json,
    records_to_xlsx,
    xlsx_to_records,
)
from accord.core.records import EXPORT_FIELDS, LIFECYCLE_FIELDS, Record
from accord.registry.validation import record_problems

TERM = {
    "direction": "both",
    "mobility_type": "student_studies",
    "places_per_year": 2,
    "first_academic_year": "2024/2025",
    "last_academic_year": "2028/2029",
    "blended": None,
    "study_levels": [6, 7],
    "subject_areas": ["0611", "0533"],
    "languages": [{"language": "en", "cefr": "B2"}],
    "fee_waiver_scope": ["tuition"],
}
LIFECYCLE = {
    "status": "expired",
    "valid_from": "2015-04-01",
    "valid_until": "2020-03-31",
    "term_months": 60,
    "renews_automatically": False,
    "cooperation_terms": [TERM],
    "ended_on": "2020-03-31",
    "termination_reason": "",
}


def record(**lifecycle: object) -> Record:
    return Record(
        "university",
        "Asia",
        "TH",
        "Thailand",
        "Chulalongkorn University",
        concluded_on=datetime.date(2011, 2, 3),
        edition=datetime.date(2021, 5, 1),
        source_lines=(120,),
        home_university="tohoku",
        lifecycle=LIFECYCLE | lifecycle,
    )


def csv_with(**cells: str) -> str:
    """A one-row export CSV whose lifecycle cells are `cells`."""
    text = records_to_csv([record()])
    header, row = text.splitlines()[:2]
    names = header.split(",")
    values = next(csv.reader([row]))
    given = dict(zip(names, values, strict=True)) | cells
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(given))
    writer.writerow(list(given.values()))
    return out.getvalue()


@pytest.mark.parametrize(
    ("write", "read"),
    [
        (records_to_csv, csv_to_records),
        (records_to_json, json_to_records),
        (records_to_xlsx, xlsx_to_records),
    ],
    ids=["csv", "json", "xlsx"],
)
def test_it_reads_back_every_lifecycle_value_an_export_writes(write, read):
    (read_back,) = read(write([record()]), "a")
    # A spreadsheet's empty cell is no value at all.
    empty = None if write is records_to_xlsx else ""
    assert read_back.lifecycle == LIFECYCLE | {"termination_reason": empty}
    assert write([read_back]) == write([record()]) or write is records_to_xlsx


def test_a_file_without_the_lifecycle_columns_gives_no_lifecycle():
    text = records_to_csv([record()], parsed=True)
    assert text.splitlines()[0] == ",".join(EXPORT_FIELDS)
    (read_back,) = csv_to_records(text, "old.csv")
    assert read_back.lifecycle is None
    assert record_problems(read_back) == []


def test_empty_cells_give_unknown_dates_and_leave_status_and_terms_out():
    text = csv_with(
        status="",
        valid_from="",
        valid_until="",
        term_months="",
        renews_automatically="",
        cooperation_terms="",
        ended_on="",
        termination_reason="",
    )
    (read_back,) = csv_to_records(text, "a.csv")
    assert read_back.lifecycle == {
        "valid_from": None,
        "valid_until": None,
        "term_months": None,
        "ended_on": None,
        "termination_reason": "",
    }


def test_an_empty_array_of_terms_is_given_as_no_terms():
    (read_back,) = csv_to_records(csv_with(cooperation_terms="[]"), "a.csv")
    assert read_back.lifecycle is not None
    assert read_back.lifecycle["cooperation_terms"] == []


def test_a_termination_reason_is_text_that_may_start_like_a_formula():
    reason = "=The partner closed its programme.\nSecond line."
    written = records_to_csv([record(status="terminated", termination_reason=reason)])
    assert "'=The partner" in written
    (read_back,) = csv_to_records(written, "a.csv")
    assert read_back.lifecycle is not None
    assert read_back.lifecycle["termination_reason"] == reason


@pytest.mark.parametrize(
    ("cells", "field", "message"),
    [
        ({"status": "In force!"}, "status", "expected a status such as in_force"),
        ({"valid_from": "2020-13-01"}, "valid_from", "is not a date that exists"),
        ({"valid_until": "31/03/2020"}, "valid_until", "expected a date YYYY-MM-DD"),
        ({"ended_on": "2020-02-30"}, "ended_on", "is not a date that exists"),
        ({"term_months": "five years"}, "term_months", "a whole number of months"),
        ({"renews_automatically": "yes"}, "renews_automatically", "true or false"),
        # Unlike a waiver, never unknown: spaces are no value to store.
        ({"renews_automatically": "  "}, "renews_automatically", "true or false"),
        ({"cooperation_terms": "[{"}, "cooperation_terms", "not valid JSON"),
        ({"cooperation_terms": '{"a": 1}'}, "cooperation_terms", "a JSON array"),
        ({"cooperation_terms": "[1, 2]"}, "cooperation_terms", "a JSON array"),
        ({"cooperation_terms": "[" * 40}, "cooperation_terms", "nested deeper"),
        (
            {"cooperation_terms": '[{"languages": ["\\udc00"]}]'},
            "cooperation_terms",
            "\\udc00 is half of a UTF-16 surrogate pair",
        ),
    ],
)
def test_it_refuses_a_malformed_lifecycle_cell_naming_line_and_field(
    cells, field, message
):
    with pytest.raises(ImportInputError) as refused:
        csv_to_records(csv_with(**cells), "a.csv")
    assert (refused.value.path, refused.value.line) == ("a.csv", 2)
    assert refused.value.field == field
    assert message in refused.value.message


def test_a_json_export_refuses_terms_given_as_text():
    data = json.loads(records_to_json([record()]))
    data[0]["cooperation_terms"] = json.dumps([TERM])
    with pytest.raises(ImportInputError) as refused:
        json_to_records(json.dumps(data, indent=1), "a.json")
    assert (refused.value.line, refused.value.field) == (2, "cooperation_terms")


def fields_of(found: list) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in found]


@pytest.mark.parametrize(
    ("lifecycle", "field", "message"),
    [
        ({"status": "active"}, "status", "'active' is not a status"),
        ({"status": "in_force"}, "ended_on", "an agreement in force has not ended"),
        ({"ended_on": None}, "ended_on", "needs the day it ended"),
        (
            {"status": "terminated"},
            "termination_reason",
            "a termination needs its reason",
        ),
        (
            {"status": "draft", "ended_on": None},
            "concluded_on",
            "still draft has no conclusion date",
        ),
        ({"ended_on": "2999-01-01"}, "ended_on", "is in the future"),
        ({"ended_on": "2010-01-01"}, "ended_on", "cannot end before it is concluded"),
        ({"valid_until": "2014-01-01"}, "valid_until", "cannot end before it starts"),
        ({"term_months": 0}, "term_months", "from 1 to 1200"),
        (
            {"term_months": None, "renews_automatically": True},
            "term_months",
            "renews automatically needs its term",
        ),
        (
            {"cooperation_terms": [TERM | {"subject_areas": ["0618"]}]},
            "cooperation_terms",
            "term 1: subject_areas '0618' is not a field of ISCED-F 2013",
        ),
        (
            {"cooperation_terms": [TERM, TERM | {"direction": "sideways"}]},
            "cooperation_terms",
            "term 2: direction must be one of",
        ),
        (
            {"cooperation_terms": [{"direction": "both"}]},
            "cooperation_terms",
            "term 1: mobility_type is required",
        ),
        (
            {"cooperation_terms": [TERM | {"place": 3}]},
            "cooperation_terms",
            "term 1: unknown key(s) 'place'",
        ),
    ],
)
def test_the_registry_refuses_a_lifecycle_that_breaks_its_rules(
    lifecycle, field, message
):
    found = fields_of(record_problems(record(**lifecycle)))
    assert [f for f, _ in found] == [field]
    assert message in found[0][1]


def test_a_lifecycle_without_a_status_is_checked_as_a_new_agreement_in_force():
    given = {"valid_from": "2015-04-01", "term_months": 60}
    assert record_problems(record().with_changes(lifecycle=given)) == []


def test_every_lifecycle_column_is_known_to_the_reader():
    assert set(LIFECYCLE) == set(LIFECYCLE_FIELDS)
