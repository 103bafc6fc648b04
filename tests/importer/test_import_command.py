"""`accord import`: bad input refused by name, database untouched; lists stored
idempotently; export files read back."""

from __future__ import annotations

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from accord.core.formats import records_to_csv
from accord.importer.bundled import edition_dir
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

pytestmark = pytest.mark.django_db

MODELS = (
    Agreement,
    Country,
    Edition,
    HomeUnit,
    HomeUniversity,
    Institution,
    InstitutionAlias,
    Region,
)
BUNDLED_LIST = edition_dir() / "list.txt"
CORRECTIONS = edition_dir() / "corrections.toml"
TINY_LIST = (
    "Academic Exchange Agreements with Foreign Institutions\n\n"
    "University Level Agreements\n\nTotal of 2 institutions\n\n(Asia)\n\nChina\n\n"
    "- * Tsinghua University (1998.8.31)\n- Peking University (1999.11.10)\n\n"
    "(* indicates institutions with which TU has mutually agreed to waive fees.)\n\n"
    "Department Level Agreements\n\n1 countries and regions, 1 institutions\n\n"
    "(as of May 1, 2021)\n\n"
    "Area\tCountry / Region\tPartner Institution\tDepartment at Tohoku\tYear\t\n"
    "Asia\tChina (1)\tPeking University\tSchool of History\t"
    "* GS Arts and Letters 2019/12/12\t\n"
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def tiny_edition(tmp_path: Path, text: str = TINY_LIST) -> Path:
    """A small edition directory: the bundled edition.toml and a short list."""
    directory = tmp_path / "tiny"
    directory.mkdir(exist_ok=True)
    shutil.copy(edition_dir() / "edition.toml", directory / "edition.toml")
    (directory / "list.txt").write_text(text, encoding="utf-8")
    return directory / "list.txt"


def run_import(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("importlist", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_it_stores_a_list_and_reimporting_changes_nothing(tmp_path):
    path = tiny_edition(tmp_path)
    code, out, _ = run_import(str(path))
    assert code == 0
    assert "stored edition 2021-05-01: 3 new, 0 updated, 0 unchanged" in out
    stored = counts()
    assert stored["Agreement"] == 3
    code, out, _ = run_import(str(path))
    assert "0 new, 0 updated, 3 unchanged" in out
    assert counts() == stored
    edition = Edition.objects.get()
    assert (edition.declared_university_total, edition.source_name) == (2, "list.txt")
    assert edition.declared_country_counts == {"China": 1}
    peking = Agreement.objects.get(level="department")
    assert (peking.home_unit.code, peking.partner_department) == (
        "GS Arts and Letters",
        "School of History",
    )
    assert peking.history.get().history_change_reason == (
        f"import of edition 2021-05-01 (#{edition.pk})"
    )


def test_an_import_runs_the_checks_of_what_it_uses_only(tmp_path, monkeypatch):
    from django.core.management import base

    run = base.checks.run_checks
    asked: list[object] = []

    def recorded(*args, **kwargs):
        asked.append(kwargs.get("tags"))
        return run(*args, **kwargs)

    monkeypatch.setattr(base.checks, "run_checks", recorded)
    out = io.StringIO()
    call_command(
        "importlist", str(tiny_edition(tmp_path)), skip_checks=False, stdout=out
    )
    assert "3 new" in out.getvalue()
    # The models are checked; the URLs (the whole API) and the admin are not.
    [tags] = asked
    assert "models" in tags and "database" in tags
    assert "urls" not in tags and "admin" not in tags


def test_a_dry_run_stores_nothing(tmp_path):
    code, out, _ = run_import(str(tiny_edition(tmp_path)), "--dry-run")
    assert code == 0
    assert "would store edition 2021-05-01: 3 new" in out
    assert set(counts().values()) == {0}


def test_the_edition_date_can_be_given(tmp_path):
    run_import(str(tiny_edition(tmp_path)), "--edition-date", "2021-06-30")
    assert Edition.objects.get().as_of.isoformat() == "2021-06-30"
    assert {a.edition.as_of.isoformat() for a in Agreement.objects.all()} == {
        "2021-06-30"
    }


def test_it_refuses_a_truncated_list_with_a_summary(tmp_path):
    truncated = TINY_LIST.split("Department Level")[0].replace(
        "- Peking University (1999.11.10)\n", ""
    )
    code, out, err = run_import(str(tiny_edition(tmp_path, truncated)))
    assert code == 1
    assert "Unresolved anomalies" in out
    assert "checksum" in out
    assert "refused" in err
    assert "Nothing was stored" in err
    assert set(counts().values()) == {0}


def test_force_stores_a_list_that_fails_a_checksum(tmp_path):
    truncated = TINY_LIST.replace("- Peking University (1999.11.10)\n", "")
    code, _, _ = run_import(str(tiny_edition(tmp_path, truncated)), "--force")
    assert code == 0
    assert Agreement.objects.filter(level="university").count() == 1


def test_it_names_a_missing_corrections_file(tmp_path):
    absent = tmp_path / "absent.toml"
    code, _, err = run_import(str(tiny_edition(tmp_path)), "--corrections", str(absent))
    assert (code, err.strip()) == (1, f"accord: {absent}: no such corrections file")


def test_it_refuses_the_bundled_list_without_its_corrections(tmp_path):
    empty = tmp_path / "none.toml"
    empty.write_text("", encoding="utf-8")
    code, out, _ = run_import(str(BUNDLED_LIST), "--corrections", str(empty))
    assert code == 1
    assert "Unresolved anomalies" in out
    assert set(counts().values()) == {0}


@pytest.mark.parametrize(
    ("content", "message", "where"),
    [
        (b"", "the file is empty", ""),
        (b"\x00\x01\x02\x03binary\x00", "binary data", ""),
        (b"<!doctype html><html><body>Sign in</body></html>", "an HTML page", ":1"),
        ("China\n- * Universität Wien\n".encode("latin-1"), "not UTF-8", ":2"),
        (b"Just some notes\nabout nothing\n", "not an agreement list", ":1"),
    ],
)
def test_it_refuses_bad_input_and_leaves_the_database_untouched(
    tmp_path, content, message, where
):
    run_import(str(tiny_edition(tmp_path)))
    before = counts()
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, _, err = run_import(str(path))
    assert code == 1
    assert err.startswith(f"accord: {path}{where}")
    assert message in err
    assert counts() == before


def test_it_reads_a_list_saved_as_utf16_or_with_a_bom(tmp_path):
    path = tiny_edition(tmp_path)
    path.write_bytes(TINY_LIST.encode("utf-16"))
    assert run_import(str(path))[0] == 0
    path.write_bytes(TINY_LIST.encode("utf-8-sig"))
    assert run_import(str(path))[1].count("3 unchanged") == 1
    assert counts()["Agreement"] == 3


def test_it_refuses_a_100_mb_file_unread(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    code, _, err = run_import(str(path))
    assert code == 1
    assert f"accord: {path}: the file is larger than" in err
    assert set(counts().values()) == {0}


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (("institution", "partner"), ":1 (field 'partner')", "unknown column(s)"),
        (("2011-02-03", "2021-02-30"), ":2 (field 'concluded_on')", "not a date"),
        (("true", "oui"), ":2 (field 'fee_waiver')", "expected true or false"),
        ((",TH,", ",TX,"), ":2 (field 'country_code')", "not an ISO 3166-1"),
    ],
)
def test_it_refuses_a_bad_export_csv_naming_line_and_field(
    tmp_path, change, where, message
):
    row = sample_records()[0].with_changes(
        country_code="TH", concluded_on=datetime.date(2011, 2, 3)
    )
    text = records_to_csv([row]).replace(*change, 1)
    path = tmp_path / "agreements.csv"
    path.write_text(text, encoding="utf-8")
    code, _, err = run_import(str(path))
    assert code == 1
    assert err.startswith(f"accord: {path}{where}: ")
    assert message in err
    assert set(counts().values()) == {0}


def test_an_export_file_needs_an_edition_date(tmp_path):
    path = tmp_path / "agreements.csv"
    path.write_text(records_to_csv(sample_records()[3:]), encoding="utf-8")
    code, _, err = run_import(str(path))
    assert (code, "record 1 names no edition" in err) == (1, True)
    code, _, _ = run_import(str(path), "--edition-date", "2020-04-01")
    assert code == 0
    assert Edition.objects.get().as_of.isoformat() == "2020-04-01"


def test_the_bundled_corrections_apply_to_a_copy_of_the_bundled_list(tmp_path):
    copy = tmp_path / "copy-of-the-list.txt"
    shutil.copy(BUNDLED_LIST, copy)
    code, out, err = run_import(str(copy), "--dry-run")
    assert code == 0, err
    assert "would store edition 2021-05-01" in out


def test_the_bundled_corrections_do_not_apply_to_another_list(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(TINY_LIST, encoding="utf-8")
    code, out, _ = run_import(str(other))
    assert code == 0
    assert "0 anomalies resolved by corrections" in out


def test_a_database_refusal_is_reported_and_nothing_is_stored(tmp_path, monkeypatch):
    from django.db import IntegrityError

    from accord.importer.persist import agreements

    def clash(*args: object) -> None:
        raise IntegrityError("UNIQUE constraint failed: agreement_not_duplicated")

    monkeypatch.setattr(agreements, "_write", clash)
    path = tiny_edition(tmp_path)
    code, _, err = run_import(str(path))
    assert code == 1
    assert err.startswith(f"accord: {path}: the database refused the import")
    assert set(counts().values()) == {0}


def test_it_refuses_the_2021_list_cut_off_midway(tmp_path):
    lines = BUNDLED_LIST.read_text(encoding="utf-8").split("\n")
    cut = tmp_path / "list-cut.txt"
    cut.write_text("\n".join(lines[:600]), encoding="utf-8")
    code, out, err = run_import(str(cut), "--corrections", str(CORRECTIONS))
    assert code == 1
    assert "checksum" in out
    assert "Nothing was stored" in err
    assert set(counts().values()) == {0}
