"""accord backup / accord restore: a restore gives back exactly what was backed up."""

import io
import sqlite3

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db import connection

from accord.registry import merging, services
from accord.registry.models import Agreement, Institution
from tests.factory import make_agreement, make_home_unit, make_institution, make_user

pytestmark = pytest.mark.django_db
# The backup tools read committed data only (pg_dump is another session).
committed = pytest.mark.django_db(transaction=True)


def snapshot() -> str:
    """Every registry and back-office row, plus the export when it exists."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        "registry",
        "backoffice",
        "auth.user",
        "auth.group",
        indent=1,
        stdout=out,
    )
    if "export" in get_commands():
        call_command("export", "--format", "json", stdout=out)
    return out.getvalue()


def populate() -> None:
    editor = make_user("editor", staff=True)
    keep = make_institution("Chiang Mai University")
    away = make_institution("Chiangmai University")
    services.add_alias(keep, "CMU")
    make_agreement(institution=keep, notes="Ünïcode notes")
    make_agreement(institution=away, level="department", home_unit=make_home_unit())
    merging.merge_institutions(keep, away, by=editor)


def round_trip(tmp_path) -> None:
    populate()
    before = snapshot()
    target = tmp_path / "accord.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    Agreement.objects.all().delete()
    make_institution("Mahidol University")
    assert snapshot() != before
    call_command("restore", str(target), "--yes", stdout=io.StringIO())
    assert snapshot() == before
    assert Institution.objects.filter(name="Mahidol University").count() == 0


@committed
@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the test database is not SQLite"
)
def test_it_round_trips_an_sqlite_database(tmp_path):
    round_trip(tmp_path)
    with sqlite3.connect(tmp_path / "accord.backup") as backup:
        tables = {r[0] for r in backup.execute("SELECT name FROM sqlite_master")}
    assert "registry_agreement" in tables


@committed
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the test database is not PostgreSQL"
)
def test_it_round_trips_a_postgresql_database(tmp_path):
    round_trip(tmp_path)
    assert (tmp_path / "accord.backup").read_bytes().startswith(b"PGDMP")


def test_it_refuses_to_overwrite_a_backup_without_force(tmp_path):
    target = tmp_path / "kept.backup"
    target.write_text("an older backup")
    with pytest.raises(CommandError, match="pass --force"):
        call_command("backup", str(target))
    assert target.read_text() == "an older backup"


def test_it_refuses_to_restore_a_file_that_is_not_a_backup(tmp_path):
    make_institution("Mahidol University")
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    with pytest.raises(CommandError, match=r"not an? .* backup made by"):
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing"), "--yes")
    assert Institution.objects.filter(name="Mahidol University").exists()
