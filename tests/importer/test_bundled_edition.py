"""The curated edition is loaded into an empty database, and only there."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from accord.core.errors import ImportInputError
from accord.core.names import region_key
from accord.importer import bundled
from accord.importer.importing import load_bundled_edition_if_empty
from accord.registry.exporting import stored_records
from accord.registry.integrity import find_differences
from accord.registry.models import (
    Agreement,
    Edition,
    HomeUnit,
    HomeUniversity,
    Institution,
)
from tests.factory import make_agreement
from tests.importer.test_import_command import TINY_LIST, tiny_edition

pytestmark = pytest.mark.django_db


def test_it_loads_the_curated_2021_edition_into_an_empty_database():
    summary = load_bundled_edition_if_empty()
    assert summary is not None
    assert "as of 2021-05-01" in summary
    edition = Edition.objects.get()
    assert (edition.declared_university_total, edition.declared_department_total) == (
        250,
        481,
    )
    assert edition.agreements.filter(level="university").count() == 250
    assert Agreement.objects.count() == len(edition.records)
    assert [d for d in find_differences() if not d.acknowledged] == []
    assert load_bundled_edition_if_empty() is None
    assert Agreement.objects.count() == len(edition.records)
    # The university list's name holds the table's rows printed under another.
    chiang_mai = Institution.objects.get(name="Chiang Mai University")
    assert sorted(chiang_mai.agreements.values_list("level", flat=True)) == [
        "department",
        "department",
        "department",
        "university",
    ]
    assert not Institution.objects.filter(name="Chiangmai University").exists()


def test_it_stores_the_units_official_japanese_names_from_the_edition_file():
    load_bundled_edition_if_empty()
    names = dict(HomeUnit.objects.values_list("code", "name_ja"))
    assert names["GS Engineering"] == "工学研究科"
    assert names["IMRAM"] == "多元物質科学研究所"
    # A unit whose official Japanese name is not confirmed keeps none.
    assert names["TCPAI"] == ""


def as_printed(record: dict) -> str:
    # One stored region holds what the two parts print in different word orders.
    return json.dumps(
        record | {"region": sorted(region_key(record["region"]))}, sort_keys=True
    )


def test_the_stored_edition_exports_every_record_as_the_list_printed_it():
    load_bundled_edition_if_empty()
    edition = Edition.objects.get()
    exported = [r.to_dict() for r in stored_records()]
    # The registry says whose agreement each is; a list prints that once, on top.
    assert {r.pop("home_university") for r in exported} == {"tohoku"}
    assert Counter(map(as_printed, exported)) == Counter(
        map(as_printed, edition.records)
    )
    names = {r["institution"] for r in edition.records if r["level"] == "department"}
    assert {"Chiangmai University", "University of York"} <= names


def test_it_leaves_a_database_with_agreements_alone():
    make_agreement()
    assert load_bundled_edition_if_empty() is None
    assert (Agreement.objects.count(), Edition.objects.count()) == (1, 0)


def test_a_bundled_edition_that_does_not_import_cleanly_is_not_stored(
    tmp_path, monkeypatch
):
    truncated = TINY_LIST.replace("- Peking University (1999.11.10)\n", "")
    path = tiny_edition(tmp_path, truncated)
    monkeypatch.setattr(bundled, "edition_dir", lambda name="": path.parent)
    with pytest.raises(ImportInputError, match="unresolved anomalies"):
        load_bundled_edition_if_empty()
    assert (Agreement.objects.count(), Institution.objects.count()) == (0, 0)


ANOTHER_LIST = (
    "Partnerships of Example Institute of Technology\n"
    "(as of April 1, 2024)\n"
    "University Level Agreements\n(Asia)\nThailand\n"
    "- * Chulalongkorn University (2011.2.3)\n"
    "Total of 1 institutions\n"
    "Department Level Agreements\n"
    "Area\tCountry / Region\tPartner Institution\tDepartment\t"
    "Department at Example\tYear\n"
    "Asia\tThailand (1)\tMahidol University\tFaculty of Science\t"
    "School of Mechanics\t2019/12/12\n"
    "1 countries and regions, 1 institutions\n"
)


def test_another_university_starts_with_its_own_edition(tmp_path, monkeypatch):
    samples = Path(__file__).parents[1] / "importer" / "samples"
    (tmp_path / "edition.toml").write_bytes(
        (samples / "other_university.edition.toml").read_bytes()
    )
    (tmp_path / "list.txt").write_text(ANOTHER_LIST, encoding="utf-8")
    monkeypatch.setenv("ACCORD_EDITION_DIR", str(tmp_path))
    summary = load_bundled_edition_if_empty()
    assert summary is not None and "as of 2024-04-01: 2 agreements" in summary
    home = HomeUniversity.objects.get()
    assert home.name == "Example Institute of Technology"
    assert list(home.units.values_list("code", flat=True)) == [
        "Faculty of Nowhere",
        "School of Mechanics",
    ]
    assert not Institution.objects.filter(name__icontains="Tohoku").exists()


def test_a_missing_edition_directory_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_EDITION_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(ImportInputError, match="cannot read edition file") as caught:
        load_bundled_edition_if_empty()
    assert str(tmp_path / "nowhere") in str(caught.value)
