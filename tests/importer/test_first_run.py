"""The first command a new user types works on an empty data directory, as
`accord serve` does: the database is created and migrated first."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.test_cli import accord_env, accord_script

EXCERPT = Path(__file__).parent / "samples" / "ruled" / "tohoku_2021_excerpt.pdf"


def fresh(tmp_path: Path) -> dict[str, str]:
    """An empty data directory and no database of its own: SQLite inside it."""
    env = accord_env(tmp_path)
    env.pop("ACCORD_DATABASE_URL", None)
    return env


def accord(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [accord_script(), *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_import_on_an_empty_data_directory_creates_the_database(tmp_path):
    env = fresh(tmp_path)
    listed = tmp_path / "their-list.pdf"
    listed.write_bytes(EXCERPT.read_bytes())
    imported = accord(env, "import", str(listed))
    assert imported.returncode == 0, imported.stderr
    assert "stored edition 2021-05-01: 119 new" in imported.stdout
    assert imported.stderr == ""
    checked = accord(env, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 differences, 0 not acknowledged" in checked.stdout


def test_check_and_parse_on_an_empty_data_directory(tmp_path):
    env = fresh(tmp_path)
    checked = accord(env, "check")
    assert checked.returncode == 0, checked.stderr
    assert "0 differences" in checked.stdout
    report = tmp_path / "report.json"
    parsed = accord(env, "parse", str(EXCERPT), "--report", str(report))
    assert parsed.returncode == 0, parsed.stderr
    assert len(json.loads(parsed.stdout)) == 119
    assert json.loads(report.read_text())["records"] == 119
