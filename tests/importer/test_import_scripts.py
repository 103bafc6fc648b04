"""`accord import`, `export` and `check` through the installed script."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.importer.test_import_command import tiny_edition
from tests.test_cli import accord_env, accord_script


@pytest.fixture
def env(tmp_path):
    # Their own SQLite file, as the createadmin tests: the script runs outside
    # the test database's transaction.
    env = accord_env(tmp_path) | {
        "ACCORD_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    }
    subprocess.run(
        [accord_script(), "manage", "migrate", "-v0"], env=env, check=True, timeout=300
    )
    return env


def accord(env, *args):
    return subprocess.run(
        [accord_script(), *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_import_refuses_an_empty_file_with_a_clear_error(tmp_path, env):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = accord(env, "import", str(empty))
    assert result.returncode == 1
    assert result.stderr.strip() == f"accord: {empty}: the file is empty"
    assert json.loads(accord(env, "export").stdout) == []


def test_import_export_and_check_a_list(tmp_path, env):
    path = tiny_edition(tmp_path)
    result = accord(env, "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "3 new" in result.stdout
    exported = accord(env, "export", "--format", "json")
    assert exported.returncode == 0
    assert len(json.loads(exported.stdout)) == 3
    checked = accord(env, "check")
    assert checked.returncode == 0, checked.stdout
    assert "0 differences, 0 not acknowledged" in checked.stdout


def test_check_exits_1_on_a_difference(tmp_path, env):
    path = tiny_edition(tmp_path)
    path.write_text(
        path.read_text().replace("- Peking University (1999.11.10)\n", ""),
        encoding="utf-8",
    )
    assert accord(env, "import", str(path)).returncode == 1
    assert accord(env, "import", str(path), "--force").returncode == 0
    result = accord(env, "check")
    assert result.returncode == 1
    assert "university-total" in result.stdout
