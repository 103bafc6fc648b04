"""`accord check`: declared totals, acknowledged differences, integrity."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from accord.importer.persist import store_edition
from accord.registry.models import Agreement, Edition, Institution, InstitutionAlias
from tests.importer.test_exports import sample_records
from tests.importer.test_persist import meta

pytestmark = pytest.mark.django_db

DECLARED = {
    "declared_university_total": 2,
    "declared_department_total": 2,
    "declared_country_total": 1,  # Russia; the pseudo-country is not a country
    "declared_country_counts": {
        "Russian Federation": 1,
        "International Organization": 1,
    },
}


def check() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("checkdata", stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def acknowledge(edition: Edition, key: str, reason: str) -> None:
    edition.report = {
        "ok": True,
        "anomalies": [
            {
                "code": "checksum",
                "field": key,
                "lines": [403],
                "resolution": "acknowledged",
                "reason": reason,
            }
        ],
    }
    edition.save()


def test_it_passes_when_every_total_holds():
    store_edition(sample_records(), meta(**DECLARED))
    code, out = check()
    assert code == 0, out
    assert "0 differences, 0 not acknowledged" in out


def test_it_fails_on_a_total_that_does_not_hold():
    store_edition(sample_records(), meta(**DECLARED | {"declared_department_total": 3}))
    code, out = check()
    assert code == 1
    assert "department-total" in out
    assert "NOT ACKNOWLEDGED" in out
    assert "1 differences, 1 not acknowledged" in out


def test_an_acknowledged_difference_passes_and_its_reason_is_printed():
    store_edition(sample_records(), meta(**DECLARED | {"declared_department_total": 3}))
    acknowledge(Edition.objects.get(), "department-total", "a row lost in extraction")
    code, out = check()
    assert code == 0
    assert "acknowledged: a row lost in extraction" in out


def test_an_acknowledgement_lapses_when_the_stored_data_moved_on():
    store_edition(sample_records(), meta(**DECLARED | {"declared_department_total": 3}))
    acknowledge(Edition.objects.get(), "department-total", "a row lost in extraction")
    Agreement.objects.filter(level="department").first().delete()
    code, out = check()
    assert code == 1
    assert "NOT ACKNOWLEDGED" in out


def test_it_checks_every_declared_country_count():
    counts = {"Russian Federation": 2, "International Organization": 1, "Atlantis": 1}
    store_edition(
        sample_records(), meta(**DECLARED | {"declared_country_counts": counts})
    )
    code, out = check()
    assert code == 1
    assert "country:RU" in out
    assert "country:?Atlantis" in out
    assert "2 differences" in out


def test_a_department_agreement_without_a_unit_is_a_difference():
    records = sample_records()
    records[2] = records[2].with_changes(home_unit="")
    store_edition(records, meta(**DECLARED))
    code, out = check()
    assert code == 1
    assert "department-without-unit" in out
    edition = Edition.objects.get()
    edition.report = {
        "anomalies": [
            {
                "code": "missing-home-unit",
                "field": "home_unit",
                "lines": [897],
                "resolution": "acknowledged",
                "reason": "the list prints no unit",
            }
        ]
    }
    edition.save()
    assert check()[0] == 0


def test_it_reports_integrity_problems():
    store_edition(sample_records(), meta(**DECLARED))
    tsinghua = Institution.objects.get(name="Tsinghua University")
    InstitutionAlias.objects.create(institution=tsinghua, name="Tsinghua University")
    Institution.objects.create(name="TSINGHUA UNIVERSITY", country=tsinghua.country)
    russian = Agreement.objects.get(institution__name="Russian Academy of Sciences")
    russian.co_partners.add(russian.institution)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("checkdata", "--json", stdout=out)
    assert sorted(d["check"] for d in json.loads(out.getvalue())) == [
        "alias-equals-name",
        "alias-of-two-institutions",
        "institution-twice",
        "own-co-partner",
    ]


def test_it_prints_json_on_request():
    store_edition(sample_records(), meta(**DECLARED | {"declared_department_total": 9}))
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("checkdata", "--json", stdout=out)
    (difference,) = json.loads(out.getvalue())
    assert difference["check"] == "department-total"
    assert (difference["declared"], difference["stored"]) == ("9", "2")
