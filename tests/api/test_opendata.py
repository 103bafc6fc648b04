"""Open data: export files for a search, and a data package frictionless accepts."""

from __future__ import annotations

import csv
import datetime
import io
import json

import frictionless
import openpyxl
import pytest

from accord.core.formats import csv_to_records, json_to_records
from accord.core.records import (
    EXPORT_FIELDS,
    FILE_FIELDS,
    LIFECYCLE_FIELDS,
    PARTNER_FIELDS,
    Record,
)
from accord.publish.opendata import FIELDS, write_package
from accord.registry import services
from accord.registry.models import Institution
from tests.factory import make_agreement, make_country, make_institution

pytestmark = pytest.mark.django_db


def rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_it_exports_a_search_as_csv(anonymous, registry):
    response = anonymous.get(
        "/api/v1/export.csv?country=DE&home_unit=GS+Engineering&fee_waiver=true"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    [row] = rows(response)
    # The export schema's columns unchanged, then the partner's identifiers,
    # then (added after them) the home university and the lifecycle.
    assert list(row)[: len(EXPORT_FIELDS)] == list(EXPORT_FIELDS)
    assert list(row) == [
        *EXPORT_FIELDS,
        *PARTNER_FIELDS,
        "home_university",
        *LIFECYCLE_FIELDS,
    ]
    assert {name: row[name] for name in LIFECYCLE_FIELDS} == {
        "status": "in_force",
        "valid_from": "",
        "valid_until": "",
        "term_months": "",
        "renews_automatically": "false",
        "cooperation_terms": "[]",
        "ended_on": "",
        "termination_reason": "",  # staff text: never in a public export
    }
    assert row["home_university"] == registry["aachen_eng"].home_university.slug
    assert (row["institution"], row["fee_waiver"], row["source_lines"]) == (
        "RWTH Aachen University",
        "true",
        "812",
    )


def test_it_exports_every_agreement_in_force_not_a_page(anonymous, registry):
    assert len(rows(anonymous.get("/api/v1/export.csv"))) == 4
    assert len(rows(anonymous.get("/api/v1/export.csv?include_ended=true"))) == 5
    assert rows(anonymous.get("/api/v1/export.csv?q=nowhere")) == []


def test_it_neutralises_formulas_in_the_csv(anonymous, registry):
    evil = make_institution('=HYPERLINK("http://x")', make_country("DE", "Germany"))
    make_agreement(institution=evil)
    [row] = rows(anonymous.get("/api/v1/export.csv?q=hyperlink"))
    assert row["institution"] == '\'=HYPERLINK("http://x")'
    assert Institution.objects.get(pk=evil.pk).name.startswith("=")


def test_it_exports_json_and_xlsx_that_read_back(anonymous, registry):
    body = anonymous.get("/api/v1/export.json?level=department").content.decode()
    records = json_to_records(body)
    assert sorted(r.institution for r in records) == [
        "Chulalongkorn University",
        "RWTH Aachen University",
        "Technische Universität München",
    ]
    response = anonymous.get("/api/v1/export.xlsx?level=university")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["agreements"]
    values = list(sheet.values)
    assert values[0] == FILE_FIELDS
    assert values[1][4] == "École Centrale de Lyon"


def test_it_refuses_bad_export_parameters(anonymous, registry):
    response = anonymous.get("/api/v1/export.csv?page=2")
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "page"


def test_it_describes_every_column_in_the_table_schema():
    assert [f["name"] for f in FIELDS] == list(FILE_FIELDS)
    assert all(f["description"] for f in FIELDS)


def test_frictionless_accepts_the_written_package(tmp_path, registry):
    records = [
        Record(
            "university",
            "Asia",
            "TH",
            "Thailand",
            "Chulalongkorn University",
            home_university="tohoku",
        ),
        Record(
            "department",
            "Others",
            "",
            "International Organization",
            "=SUM(A1)",
            co_partners=("Kasetsart University", "Mahidol University"),
            home_unit="GS Engineering",
            fee_waiver=True,
            source_lines=(3, 4),
            home_university="kita",
        ),
        Record(
            "department",
            "Europe",
            "FR",
            "France",
            "Albi-Carmaux School of Engineering",
            fee_waiver=None,  # unknown: a blank cell the schema allows
            source_lines=(759,),
            home_university="tohoku",
        ),
    ]
    path = write_package(tmp_path, records, title="t", description="d", sources=[])
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert csv_to_records((tmp_path / "agreements.csv").read_text()) == records


def test_frictionless_accepts_the_served_package(tmp_path, anonymous, registry):
    descriptor = anonymous.get("/api/v1/datapackage.json").json()
    resource = descriptor["resources"][0]
    assert resource["path"] == "http://testserver/api/v1/export.csv"
    # Validated offline: the same CSV, fetched here, beside the descriptor.
    (tmp_path / "agreements.csv").write_bytes(anonymous.get(resource["path"]).content)
    resource["path"] = "agreements.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 4


def test_accord_export_writes_a_valid_data_package(tmp_path, registry):
    from django.core.management import call_command

    call_command("export", "--format", "datapackage", "--output", str(tmp_path / "p"))
    report = frictionless.validate(str(tmp_path / "p" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 5  # every stored agreement, as export


def test_the_staffs_data_package_with_a_draft_is_valid(tmp_path, registry):
    from django.core.management import call_command

    from tests.factory import make_agreement, make_institution

    make_agreement(
        institution=make_institution("Draft Partner University"),
        status="draft",
        concluded_on=None,
    )
    call_command("export", "--format", "datapackage", "--output", str(tmp_path / "p"))
    report = frictionless.validate(str(tmp_path / "p" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert "draft" in (tmp_path / "p" / "agreements.csv").read_text()


def test_accord_export_needs_a_directory_for_a_data_package(registry, capsys):
    from django.core.management import call_command

    with pytest.raises(SystemExit) as exit_info:
        call_command("export", "--format", "datapackage")
    assert exit_info.value.code == 1


def test_every_export_carries_the_partners_identifiers(anonymous, registry):
    aachen = registry["aachen_eng"].institution
    services.update_institution(
        aachen,
        version=aachen.version,
        ror_id="https://ror.org/04xfq0f34",
        website="https://www.rwth-aachen.de/",
        city="Aachen",
    )
    query = "country=DE&home_unit=GS+Engineering&fee_waiver=true"
    [row] = rows(anonymous.get(f"/api/v1/export.csv?{query}"))
    assert (row["partner_ror_id"], row["partner_city"]) == ("04xfq0f34", "Aachen")
    assert row["partner_erasmus_code"] == ""
    [item] = json.loads(anonymous.get(f"/api/v1/export.json?{query}").content)
    assert (item["partner_website"], item["partner_schac_code"]) == (
        "https://www.rwth-aachen.de/",
        None,
    )
    # An export with the identifiers reads back as the same agreement.
    [record] = json_to_records(json.dumps([item]))
    assert record.institution == "RWTH Aachen University"


def test_the_lifecycle_columns_carry_terms_and_validity(anonymous, registry):
    agreement = registry["aachen_eng"]
    services.add_term(
        agreement,
        direction="both",
        mobility_type="student_studies",
        study_levels=[7],
        subject_areas=["0715"],
        languages=[{"language": "de", "cefr": "B2"}],
        places_per_year=2,
    )
    services.update_agreement(
        agreement.pk,
        version=agreement.version,
        valid_from=datetime.date(2006, 2, 13),
        term_months=60,
        renews_automatically=True,
    )
    query = "country=DE&home_unit=GS+Engineering&fee_waiver=true"
    [row] = rows(anonymous.get(f"/api/v1/export.csv?{query}"))
    assert (row["valid_from"], row["term_months"], row["renews_automatically"]) == (
        "2006-02-13",
        "60",
        "true",
    )
    [term] = json.loads(row["cooperation_terms"])
    assert (term["study_levels"], term["places_per_year"]) == ([7], 2)
    [exported] = anonymous.get(f"/api/v1/export.json?{query}").json()
    assert exported["cooperation_terms"] == [term]
    assert exported["status"] == "in_force"
