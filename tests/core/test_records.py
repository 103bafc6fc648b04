"""A record's forms: the export schema's dict, and the same for orjson."""

from __future__ import annotations

import datetime

import orjson
import pytest

from accord.core.records import Record, orjson_ready, restamp

DAY = datetime.date(2021, 5, 1)


@pytest.mark.parametrize(
    "record",
    [
        Record("university", "Asia", "TH", "Thailand", "Mahidol University"),
        Record(
            "department",
            "Europe",
            "DE",
            "Germany",
            "Universität Bonn",
            co_partners=("Universität Köln", "RWTH Aachen"),
            partner_department="Faculty of Law",
            home_unit="GS Law",
            fee_waiver=True,
            concluded_on=datetime.date(1999, 12, 31),
            edition=datetime.date(2020, 4, 1),
            source_lines=(12, 13),
            home_university="tohoku",
            row=7,
        ),
    ],
)
def test_the_orjson_form_writes_the_export_schema_s_json(record):
    expected = record.to_dict()
    expected["edition"] = expected["edition"] or DAY.isoformat()
    written = orjson.dumps(orjson_ready(record, DAY))
    assert written == orjson.dumps(expected)


def test_restamp_changes_the_record_itself_and_nothing_else():
    record = Record(
        "university",
        "Asia",
        "TH",
        "Thailand",
        "Mahidol University",
        home_university="x",
    )
    before = record.to_dict()
    assert restamp(record, edition=DAY, home_university="") is record
    after = record.to_dict()
    assert (after.pop("edition"), before.pop("edition")) == ("2021-05-01", None)
    assert before.pop("home_university") == "x"
    assert after == before
