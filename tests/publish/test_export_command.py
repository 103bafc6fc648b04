"""`accord export`: every stored agreement, and export -> import -> export."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accord.importer.persist import store_edition
from accord.registry.models import (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    HomeUniversity,
    Institution,
    InstitutionAlias,
    Region,
)
from tests.importer.test_exports import sample_records
from tests.importer.test_persist import meta

pytestmark = pytest.mark.django_db


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def forget_everything() -> None:
    for model in (
        Agreement,
        InstitutionAlias,
        Institution,
        HomeUnit,
        Edition,
        HomeUniversity,
        Country,
        Region,
    ):
        model.objects.all().delete()


def test_it_exports_every_stored_agreement_as_json():
    store_edition(sample_records(), meta())
    data = json.loads(export())
    assert len(data) == 4
    assert data[0]["institution"] == "Tsinghua University"
    assert data[0]["edition"] == "2021-05-01"
    russian = next(d for d in data if d["country_code"] == "RU")
    assert russian["co_partners"] == [
        "=cmd|' /C calc'!A0",
        "Lomonosov Moscow State University",
    ]


def test_an_empty_registry_exports_an_empty_list():
    assert json.loads(export()) == []


def test_the_csv_export_neutralises_formulas():
    store_edition(sample_records(), meta())
    text = export("--format", "csv")
    assert text.startswith("level,region,country_code,country_name,institution,")
    assert "'@SUM(A1:A9)" in text
    assert ",'=cmd|' /C calc'!A0; Lomonosov" in text  # sorted: "=" first
    assert ",=" not in text


@pytest.mark.parametrize("suffix", ["json", "csv", "xlsx"])
def test_export_import_export_gives_the_same_file(tmp_path, suffix):
    # Into an empty registry: the export names its university by slug, and the
    # bundled edition.toml says who "tohoku" is (a slug nothing describes is
    # refused: tests/registry/test_universities.py).
    store_edition(sample_records(), meta(home_slug="tohoku"))
    first, second = tmp_path / f"first.{suffix}", tmp_path / f"second.{suffix}"
    call_command("export", "--output", str(first), stderr=io.StringIO())
    forget_everything()
    call_command("importlist", str(first), stdout=io.StringIO())
    assert Agreement.objects.count() == 4
    call_command("export", "--output", str(second), stderr=io.StringIO())
    if suffix == "xlsx":  # zip entries carry timestamps: compare the cells
        sheets = [load_workbook(p).active for p in (first, second)]
        rows = [list(s.iter_rows(values_only=True)) for s in sheets]
        assert rows[0] == rows[1]
        assert len(rows[0]) == 5
    else:
        assert first.read_bytes() == second.read_bytes()


def test_reimporting_an_export_keeps_the_declared_totals(tmp_path):
    store_edition(sample_records(), meta())
    path = tmp_path / "a.json"
    path.write_text(export("--format", "json"), encoding="utf-8")
    call_command("importlist", str(path), stdout=io.StringIO())
    edition = Edition.objects.get()
    assert edition.declared_university_total == 2
    assert edition.source_name == "a.json"
    assert Agreement.objects.count() == 4


def test_it_refuses_an_unwritable_output(tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("export", "--output", str(tmp_path / "no" / "a.csv"), stderr=err)
    assert caught.value.code == 1
    assert "cannot write" in err.getvalue()
