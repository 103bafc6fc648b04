"""An export file is refused, whole and with a row-numbered report, when a row
breaks a rule of the registry: the rules the API and the forms apply, through
the one function `registry.validation.record_problems`. Nothing is stored, on
SQLite as on PostgreSQL (the suite runs on both)."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.management import call_command

from accord.core.formats import records_to_csv, records_to_json, records_to_xlsx
from accord.core.records import Record
from accord.importer.persist import store_edition
from accord.registry.models import Agreement, Edition, Institution
from accord.registry.validation import record_problems
from tests.factory import make_home_unit, make_institution
from tests.importer.test_import_command import counts, run_import
from tests.importer.test_persist import meta

pytestmark = pytest.mark.django_db

EDITION = datetime.date(2021, 5, 1)
WRITERS = {"csv": records_to_csv, "json": records_to_json, "xlsx": records_to_xlsx}


def good(**changes: object) -> Record:
    return Record(
        "university",
        "Asia",
        "TH",
        "Thailand",
        "Chulalongkorn University",
        concluded_on=datetime.date(2011, 2, 3),
        edition=EDITION,
        source_lines=(120,),
    ).with_changes(**changes)


def department(**changes: object) -> Record:
    return good(
        level="department",
        partner_department="Faculty of Dentistry",
        home_unit="GS Dentistry",
        source_lines=(700,),
    ).with_changes(**changes)


def write(tmp_path, records: list[Record], suffix: str = "csv"):
    path = tmp_path / f"agreements.{suffix}"
    data = WRITERS[suffix](records)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def nothing_stored() -> bool:
    return set(counts().values()) == {0}


# The probe's reproductions, and the other rules of the registry.
BAD_ROWS = [
    pytest.param(
        good(concluded_on=datetime.date(2999, 1, 15)),
        "concluded_on",
        "2999-01-15 is in the future",
        id="a date in the future",
    ),
    pytest.param(
        good(edition=datetime.date(2999, 1, 15)),
        "edition",
        "is in the future",
        id="an edition in the future",
    ),
    pytest.param(
        good(institution="U" * 10_000),
        "institution",
        "is longer than 300 characters",
        id="a 10,000-character partner name",
    ),
    pytest.param(
        department(partner_department="D" * 301),
        "partner_department",
        "is longer than 300 characters",
        id="a long department",
    ),
    pytest.param(
        department(home_unit="G" * 101),
        "home_unit",
        "is longer than 100 characters",
        id="a long home unit",
    ),
    pytest.param(
        good(co_partners=("P" * 301,)),
        "co_partners",
        "is longer than 300 characters",
        id="a long co-partner",
    ),
    pytest.param(
        good(country_name="C" * 101),
        "country_name",
        "is longer than 100 characters",
        id="a long country",
    ),
    pytest.param(
        department(home_unit=""),
        "home_unit",
        "a department-level agreement needs a home unit",
        id="a department without its unit",
    ),
    pytest.param(
        good(institution="\u200b\u200b"),
        "institution",
        "has no visible character",
        id="an invisible name",
    ),
    pytest.param(
        department(partner_department="\u200b"),
        "partner_department",
        "has no visible character",
        id="an invisible department",
    ),
]


@pytest.mark.parametrize(("record", "field", "message"), BAD_ROWS)
def test_it_refuses_an_export_row_the_registry_refuses(
    tmp_path, record, field, message
):
    path = write(tmp_path, [good(source_lines=(1,)), record])
    code, _, err = run_import(str(path))
    assert code == 1
    assert err.startswith(f"accord: {path}:3 (field '{field}'): ")
    assert message in err
    assert nothing_stored()


@pytest.mark.parametrize(("suffix", "lines"), [("csv", [3, 4]), ("xlsx", [3, 4])])
def test_it_names_every_bad_row_and_stores_nothing(tmp_path, suffix, lines):
    records = [
        good(institution="Mahidol University"),
        good(concluded_on=datetime.date(2999, 1, 15)),
        department(home_unit="", institution="U" * 301),
    ]
    path = write(tmp_path, records, suffix)
    code, _, err = run_import(str(path))
    assert code == 1
    assert err.splitlines() == [
        f"accord: {path}: 3 problems in 2 rows; nothing was stored",
        f"  {path}:{lines[0]} (field 'concluded_on'): 2999-01-15 is in the future",
        f"  {path}:{lines[1]} (field 'home_unit'): "
        "a department-level agreement needs a home unit",
        f"  {path}:{lines[1]} (field 'institution'): is longer than 300 characters",
    ]
    assert nothing_stored()


def test_a_json_row_is_named_by_the_line_its_object_starts_on(tmp_path):
    records = [good(), good(concluded_on=datetime.date(2999, 1, 15))]
    path = write(tmp_path, records, "json")
    first_object = records_to_json(records[:1]).rstrip("]\n")
    second_line = first_object.count("\n") + 2  # the line after the first "},"
    code, _, err = run_import(str(path))
    assert code == 1
    assert err.startswith(f"accord: {path}:{second_line} (field 'concluded_on')")
    assert nothing_stored()


def test_it_refuses_a_nul_in_a_json_name(tmp_path):
    """JSON escapes it (a CSV holding the byte is refused as binary data);
    PostgreSQL cannot store it."""
    path = write(tmp_path, [good(institution="Chula\x00longkorn")], "json")
    code, _, err = run_import(str(path))
    assert (code, "(field 'institution'): holds a control character" in err) == (
        1,
        True,
    )
    assert nothing_stored()


def test_an_edition_date_given_on_the_command_line_is_checked_too(tmp_path):
    path = write(tmp_path, [good()])
    code, _, err = run_import(str(path), "--edition-date", "2999-01-15")
    assert (code, "(field 'edition'): 2999-01-15 is in the future" in err) == (1, True)
    assert nothing_stored()


def test_an_export_keeps_a_unit_its_edition_acknowledged_as_lost(tmp_path):
    """The 2021 list lost the unit of line 421; its corrections acknowledged it.
    Its export re-imports into the registry it came from, and `accord check`
    still passes; into an empty registry, that row is refused."""
    lost = department(home_unit="", partner_department="", source_lines=(421,))
    report = {
        "anomalies": [
            {
                "code": "missing-home-unit",
                "lines": [421],
                "resolution": "acknowledged",
                "reason": "the list prints only a date",
            }
        ]
    }
    undeclared = dict.fromkeys(
        ("declared_university_total", "declared_department_total"), None
    )
    store_edition(
        [good(), lost],
        meta(
            report=report,
            declared_country_total=None,
            declared_country_counts={},
            **undeclared,
        ),
    )
    path = write(tmp_path, [good(fee_waiver=True), lost])
    code, _, err = run_import(str(path))
    assert code == 0, err
    assert Agreement.objects.filter(fee_waiver=True).count() == 1
    call_command("checkdata", stdout=io.StringIO(), stderr=io.StringIO())

    for model in (Agreement, Institution, Edition):
        model.objects.all().delete()
    code, _, err = run_import(str(path))
    assert code == 1
    assert f"{path}:3 (field 'home_unit')" in err


def test_a_list_import_refuses_what_the_registry_refuses_naming_its_line(tmp_path):
    """A list is checked by the same function (its lost units excepted: its
    report speaks for them)."""
    from accord.core.errors import ImportInputError

    records = [good(institution="U" * 400, source_lines=(77,))]
    with pytest.raises(ImportInputError) as caught:
        store_edition(records, meta())
    assert (caught.value.line, caught.value.field) == (77, "institution")
    assert nothing_stored()


@pytest.mark.parametrize(
    ("field", "sent", "value"),
    [
        ("concluded_on", "2999-01-15", datetime.date(2999, 1, 15)),
        ("partner_department", "\u200b", "\u200b"),
        ("partner_department", "\u202e\u200b", "\u202e\u200b"),
    ],
)
def test_the_api_refuses_what_an_import_refuses(editor, field, sent, value):
    """One function, so the two paths cannot drift: the same value is refused
    by the API with 422 naming the same field."""
    body = {
        "level": "department",
        "institution": make_institution("Chulalongkorn University").pk,
        "home_unit": make_home_unit("GS Dentistry").code,
        field: sent,
    }
    response = editor.post(
        "/api/v1/agreements", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert response.json()["invalid_params"][0]["name"] == field
    assert [p.field for p in record_problems(department(**{field: value}))] == [field]
