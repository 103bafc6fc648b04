"""`accord parse`: records, report and intermediates, without a database."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from accord.importer.bundled import edition_dir
from tests.test_cli import accord_env, accord_script

LIST = edition_dir() / "list.txt"
SAMPLES = Path(__file__).resolve().parents[1] / "importer" / "samples"


def parse(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("parse", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_curated_records_as_json():
    out, err = parse(str(LIST))
    records = json.loads(out)
    assert len(records) == 725
    assert list(records[0]) == [
        "level",
        "region",
        "country_code",
        "country_name",
        "institution",
        "co_partners",
        "partner_department",
        "home_unit",
        "fee_waiver",
        "concluded_on",
        "edition",
        "source_lines",
    ]
    assert "725 records" in err
    assert "(0 unresolved)" in err


def test_without_corrections_it_prints_the_parsers_own_reading(tmp_path):
    report = tmp_path / "report.json"
    out, _ = parse(str(LIST), "--without-corrections", "--report", str(report))
    assert len(json.loads(out)) == 724
    data = json.loads(report.read_text())
    assert data["ok"] is False
    assert data["edition"]["as_of"] == "2021-05-01"
    assert data["checksums"]["department_total"] == 481
    assert len(data["checksums"]["countries"]) == 64
    assert {"code", "lines", "seen", "decided"} <= set(data["anomalies"][0])


def test_it_prints_csv_and_a_table():
    out, _ = parse(str(LIST), "--format", "csv")
    assert out.splitlines()[0].startswith("level,region,country_code")
    out, _ = parse(str(SAMPLES / "missing_date.txt"), "--format", "table")
    assert "Tsinghua University" in out and "?" in out


def test_explain_shows_lines_rows_and_anomalies():
    out, _ = parse(str(SAMPLES / "split_row.txt"), "--explain")
    assert "lines (text_to_lines)" in out
    assert "column-header" in out
    assert "table rows (lines_to_rows)" in out
    assert "split-row" in out


def test_it_reads_a_list_with_the_edition_of_its_own_directory(tmp_path):
    (tmp_path / "edition.toml").write_text(
        '[home_university]\nname = "Example Institute of Technology"\n'
        'short_names = ["Example"]\n[[home_units]]\ncode = "School of Mechanics"\n'
    )
    sample = tmp_path / "list.txt"
    sample.write_text((SAMPLES / "other_university.txt").read_text())
    out, _ = parse(str(sample))
    assert json.loads(out)[2]["home_unit"] == "School of Mechanics"
    out, _ = parse(str(sample), "--edition", str(edition_dir()))
    assert json.loads(out)[2]["home_unit"] == "School of Mechanics"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"Dear colleagues,\nno list here\n", "not an agreement list"),
    ],
)
def test_bad_input_exits_1_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("parse", str(path), stdout=io.StringIO(), stderr=err)
    assert caught.value.code == 1
    assert err.getvalue().startswith(f"accord: {path}")
    assert message in err.getvalue()


def test_an_export_file_is_refused_with_a_pointer_to_import(tmp_path):
    path = tmp_path / "records.json"
    out, _ = parse(str(LIST))
    path.write_text(out)
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("parse", str(path), stdout=io.StringIO(), stderr=err)
    assert "accord import" in err.getvalue()


def test_it_runs_through_the_installed_script(tmp_path):
    result = subprocess.run(
        [accord_script(), "parse", str(SAMPLES / "missing_bullet.txt")],
        env=accord_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert [r["institution"] for r in json.loads(result.stdout)] == [
        "Peking University",
        "Tsinghua University",
        "Fudan University",
    ]
    bad = subprocess.run(
        [accord_script(), "parse", str(tmp_path / "missing.txt")],
        env=accord_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 1
    assert bad.stderr.startswith("accord: ")


def test_an_editions_corrections_apply_to_its_own_list_only(tmp_path):
    """They cite that list's line numbers: on another document they would change
    whatever rows sit on those lines."""
    own, _ = parse(str(LIST), "--without-corrections")
    text = LIST.read_bytes()
    copy = tmp_path / "copy.txt"
    copy.write_bytes(text.replace(b"\n", b"\r\n"))
    out, err = parse(str(copy))
    assert len(json.loads(out)) == 725 and "not applied" not in err
    # The next edition of the list: one row fewer (Xidian University, line 493),
    # every later line moved up. It reads as the parser alone reads the 2021 list,
    # less that row: no 2021 correction lands on the rows now on its lines.
    lines = text.decode().split("\n")
    other = tmp_path / "next-edition.txt"
    other.write_text("\n".join(lines[:492] + lines[493:]), encoding="utf-8")
    out, err = parse(str(other))
    assert "corrections, which cite that list's lines, are not applied" in err

    def fields(records: list[dict]) -> list[tuple]:
        keys = ("level", "country_code", "institution", "partner_department")
        keys += ("home_unit", "fee_waiver", "concluded_on")
        return sorted(tuple(str(r[k]) for k in keys) for r in records)

    expected = [r for r in json.loads(own) if 493 not in r["source_lines"]]
    assert len(expected) == 723
    assert fields(json.loads(out)) == fields(expected)
