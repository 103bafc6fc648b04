"""A fee waiver the list did not say (None): neither waived nor not, wherever
the registry shows or counts it, and kept so through exports and writes."""

from __future__ import annotations

import csv
import io
import json

import pytest

from accord.core.errors import ImportInputError
from accord.core.formats import csv_to_records, json_to_records
from accord.registry import engine
from accord.registry.filters import AgreementFilters
from accord.registry.models import Agreement
from tests.factory import make_agreement, make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def unknown(registry) -> Agreement:
    """A department row of Lyon's whose unit cell, and so its waiver, was lost."""
    return make_agreement(
        institution=make_institution("INSA Lyon", registry["lyon"].institution.country),
        level=Agreement.Level.DEPARTMENT,
        fee_waiver=None,
        source_lines=[759],
    )


def by_name(body: dict) -> dict[str, object]:
    return {a["institution"]: a["fee_waiver"] for a in body["results"]}


def test_the_api_says_null_and_neither_filter_finds_it(anonymous, unknown):
    every = anonymous.get("/api/v1/agreements?country=FR").json()
    assert by_name(every) == {"École Centrale de Lyon": True, "INSA Lyon": None}
    waived = anonymous.get("/api/v1/agreements?country=FR&fee_waiver=true").json()
    not_waived = anonymous.get("/api/v1/agreements?country=FR&fee_waiver=false")
    assert list(by_name(waived)) == ["École Centrale de Lyon"]
    assert not_waived.json()["count"] == 0
    facet = {f["value"]: f["count"] for f in every["facets"]["fee_waiver"]}
    assert facet == {True: 1}


def test_the_engine_counts_it_in_no_waiver_facet(unknown):
    result = engine.search(AgreementFilters())
    counts = {e["value"]: e["count"] for e in result.facets["fee_waiver"]}
    assert counts == {True: 2, False: 2}
    assert result.count == 5


def test_the_statistics_count_it_apart(anonymous, unknown):
    totals = anonymous.get("/api/v1/statistics").json()["totals"]
    assert (totals["agreements"], totals["fee_waiver"]) == (5, 2)
    assert totals["fee_waiver_unknown"] == 1
    page = anonymous.get("/statistics/").content.decode()
    assert "Waiver unknown" in page


def test_the_portal_says_unknown_not_no_waiver(anonymous, unknown):
    page = anonymous.get("/?q=INSA").content.decode()
    row = page[page.index(f'data-agreement="{unknown.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "waiver unknown" in row
    assert "No waiver" not in row


def test_the_exports_leave_it_blank_and_read_it_back(anonymous, unknown):
    text = anonymous.get("/api/v1/export.csv?q=INSA").content.decode()
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["fee_waiver"] == ""
    assert [r.fee_waiver for r in csv_to_records(text)] == [None]
    body = anonymous.get("/api/v1/export.json?q=INSA").content.decode()
    assert [item["fee_waiver"] for item in json.loads(body)] == [None]
    assert [r.fee_waiver for r in json_to_records(body)] == [None]


def test_a_waiver_cell_that_is_neither_is_refused_by_line_and_field():
    row = {
        "level": "university",
        "region": "Europe",
        "country_code": "FR",
        "country_name": "France",
        "institution": "INSA Lyon",
        "co_partners": [],
        "partner_department": "",
        "home_unit": "",
        "fee_waiver": "maybe",
        "concluded_on": None,
        "edition": None,
        "source_lines": [],
    }
    with pytest.raises(ImportInputError) as refused:
        json_to_records(json.dumps([row]), "agreements.json")
    assert refused.value.field == "fee_waiver"
    assert "expected true or false (blank: unknown)" in str(refused.value)


def test_staff_may_set_it_unknown_and_back_through_the_api(editor, unknown):
    url = f"/api/v1/agreements/{unknown.pk}"

    def patch(value: object, version: int):
        body = json.dumps({"version": version, "fee_waiver": value})
        return editor.patch(url, data=body, content_type="application/json")

    assert patch(True, unknown.version).json()["fee_waiver"] is True
    cleared = patch(None, unknown.version + 1)
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["fee_waiver"] is None
    unknown.refresh_from_db()
    assert unknown.fee_waiver is None
    assert [h.fee_waiver for h in unknown.history.all()][:2] == [None, True]
    assert patch("no", unknown.version).status_code == 422
