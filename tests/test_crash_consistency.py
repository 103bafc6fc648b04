"""A SIGKILL during an import or a restore leaves the data wholly as it was
before, or wholly as it is after: never half of it (docs/reliability.md).

Each run kills a real `accord` process (tests/crash_child.py) at a chosen
point: at its Nth SQL statement for an import, after the Nth page an SQLite
restore copies, or (PostgreSQL's restore runs in pg_restore) after a delay,
killing the whole process group. The points are spread over the whole command,
counted in a first run that is not killed. The database is the suite's kind:
a file of its own on SQLite, a database of its own on PostgreSQL.

CI kills at a handful of points; `pytest -m soak` at every few statements.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.core.formats import records_to_json
from accord.core.records import Record
from tests.test_cli import accord_env, accord_script

CHILD = Path(__file__).with_name("crash_child.py")
FINGERPRINT = """
import hashlib, io, json
from django.core.management import call_command
from accord.registry.models import *
out = io.StringIO()
call_command("export", "--format", "json", stdout=out)
counts = [m.objects.count() for m in (Agreement, Institution, InstitutionAlias,
    Edition, HomeUnit, Country, Region, Agreement.history.model)]
print(json.dumps([counts, hashlib.sha256(out.getvalue().encode()).hexdigest()]))
"""


def records(count: int, edition: datetime.date, waiver: bool) -> list[Record]:
    return [
        Record(
            "department" if n % 3 else "university",
            "Asia",
            "TH",
            "Thailand",
            f"Partner University {n}",
            co_partners=(f"Partner University {n + 1}",) if n % 7 == 0 else (),
            partner_department=f"Faculty {n}" if n % 3 else "",
            home_unit=f"GS Unit {n % 5}" if n % 3 else "",
            fee_waiver=waiver,
            concluded_on=datetime.date(2000 + n % 20, 1 + n % 12, 1),
            edition=edition,
            source_lines=(n + 1,),
        )
        for n in range(count)
    ]


class Database:
    """The database the crashing commands use, and how to reset it."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.env = accord_env(tmp_path)
        url = os.environ.get("ACCORD_DATABASE_URL", "")
        self.postgres = url.startswith("postgres")
        self.name = f"accord_crash_{uuid.uuid4().hex[:12]}"
        if self.postgres:
            base = url.rsplit("/", 1)[0]
            self.env["ACCORD_DATABASE_URL"] = f"{base}/{self.name}"
            self.admin_url = f"{base}/postgres"
        else:
            self.file = tmp_path / "crash.sqlite3"
            self.env["ACCORD_DATABASE_URL"] = f"sqlite:///{self.file}"
        self.saved = f"{self.name}_saved"

    def sql(self, statement: str) -> None:
        import psycopg

        # An autovacuum worker on the database (after a restore's bulk writes)
        # has no role a non-superuser may signal, so DROP ... WITH (FORCE)
        # refuses until it is done: a moment, under load a few seconds.
        for attempt in range(30):
            try:
                with psycopg.connect(self.admin_url, autocommit=True) as connection:
                    connection.execute(statement)
                return
            except psycopg.errors.InsufficientPrivilege:
                if attempt == 29:
                    raise
                time.sleep(0.5)

    def create(self) -> None:
        if self.postgres:
            self.sql(f"CREATE DATABASE {self.name}")
        self.accord("manage", "migrate", "-v0")

    def save(self) -> None:
        """Remember the current state, to start each crash from it."""
        if self.postgres:
            self.sql(f"DROP DATABASE IF EXISTS {self.saved}")
            self.sql(f"CREATE DATABASE {self.saved} TEMPLATE {self.name}")
        else:
            shutil.copy(self.file, self.tmp_path / "saved.sqlite3")

    def reset(self) -> None:
        if self.postgres:
            self.sql(f"DROP DATABASE {self.name} WITH (FORCE)")
            self.sql(f"CREATE DATABASE {self.name} TEMPLATE {self.saved}")
        else:
            for leftover in self.tmp_path.glob("crash.sqlite3*"):
                leftover.unlink()
            shutil.copy(self.tmp_path / "saved.sqlite3", self.file)

    def drop(self) -> None:
        if self.postgres:
            for name in (self.name, self.saved):
                self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def accord(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [accord_script(), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        return result

    def fingerprint(self) -> str:
        out = self.accord("manage", "shell", "-c", FINGERPRINT).stdout
        return hashlib.sha256(out.encode()).hexdigest()

    def crash(self, point: str, *command: str) -> subprocess.CompletedProcess[str]:
        """Run `command`, killed at `point` (tests/crash_child.py)."""
        return subprocess.run(
            [sys.executable, str(CHILD), point, *command],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def kill_after(self, seconds: float, *command: str) -> None:
        """Run `command` and SIGKILL its process group after `seconds`."""
        process = subprocess.Popen(
            [sys.executable, str(CHILD), "none", *command],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=60)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path)
    db.create()
    yield db
    db.drop()


def spread(total: int, count: int) -> list[int]:
    """`count` points from the first to the last of `total`, evenly apart."""
    if total <= count:
        return list(range(1, total + 1))
    return sorted({1 + round(i * (total - 1) / (count - 1)) for i in range(count)})


def counted(result: subprocess.CompletedProcess[str], what: str) -> int:
    assert result.returncode == 0, result.stderr
    words = result.stderr.strip().splitlines()[-1].split()
    return int(words[words.index(what) + 1])


def import_crashes(database: Database, tmp_path: Path, points: int) -> None:
    first = tmp_path / "first.json"
    first.write_text(records_to_json(records(30, datetime.date(2020, 5, 1), False)))
    second = tmp_path / "second.json"
    # A second edition, and the first one's agreements changed (fee waivers).
    second.write_text(
        records_to_json(
            records(30, datetime.date(2020, 5, 1), True)
            + records(60, datetime.date(2021, 5, 1), True)
        )
    )
    database.accord("import", str(first))
    database.save()
    before = database.fingerprint()
    total = counted(database.crash("none", "importlist", str(second)), "sql")
    after = database.fingerprint()
    assert after != before
    for at in spread(total, points):
        database.reset()
        killed = database.crash(f"sql:{at}", "importlist", str(second))
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert database.fingerprint() in {before, after}, f"killed at statement {at}"
    database.reset()  # and the same import then succeeds
    database.crash("none", "importlist", str(second))
    assert database.fingerprint() == after


def restore_crashes(database: Database, tmp_path: Path, points: int) -> None:
    backup = tmp_path / "accord.backup"
    data = tmp_path / "data.json"
    data.write_text(records_to_json(records(80, datetime.date(2021, 5, 1), True)))
    database.accord("import", str(data))
    database.accord("backup", str(backup))
    after = database.fingerprint()
    database.accord("manage", "shell", "-c", FORGET)
    database.save()
    before = database.fingerprint()
    assert before != after
    if database.postgres:
        # pg_restore runs apart, in one transaction: kill the whole group.
        for seconds in [0.5 + 0.5 * i for i in range(points)]:
            database.reset()
            database.kill_after(seconds, "restore", str(backup), "--yes")
            assert database.fingerprint() in {before, after}, f"killed at {seconds}s"
        return
    total = counted(database.crash("none", "restore", str(backup), "--yes"), "page")
    assert database.fingerprint() == after
    for at in spread(total, points):
        database.reset()
        killed = database.crash(f"page:{at}", "restore", str(backup), "--yes")
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert database.fingerprint() in {before, after}, f"killed at page {at}"


FORGET = """
from accord.registry.models import Agreement, Institution
every_other = list(Agreement.objects.values_list("pk", flat=True))[::2]
Agreement.objects.filter(pk__in=every_other).delete()
Institution.objects.filter(agreements=None, joint_agreements=None).delete()
"""


def test_an_import_killed_anywhere_leaves_all_or_nothing(database, tmp_path):
    import_crashes(database, tmp_path, points=5)


def test_a_restore_killed_anywhere_leaves_all_or_nothing(database, tmp_path):
    restore_crashes(database, tmp_path, points=4)


@pytest.mark.soak
def test_an_import_killed_at_every_few_statements(database, tmp_path):
    import_crashes(
        database, tmp_path, points=int(os.environ.get("ACCORD_SOAK_KILLS", "60"))
    )


@pytest.mark.soak
def test_a_restore_killed_at_many_points(database, tmp_path):
    restore_crashes(
        database, tmp_path, points=int(os.environ.get("ACCORD_SOAK_KILLS", "20"))
    )


def soak_kills(default: int) -> int:
    return int(os.environ.get("ACCORD_SOAK_KILLS", str(default)))


def test_spread_covers_the_first_and_the_last_point():
    assert spread(101, 5) == [1, 26, 51, 76, 101]
    assert spread(3, 5) == [1, 2, 3]
