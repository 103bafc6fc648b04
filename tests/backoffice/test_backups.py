"""accord backup / accord restore: a restore gives back exactly what was backed up."""

import io
import sqlite3
import tarfile

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db import connection

from accord.registry import merging, services
from accord.registry.models import Agreement, AgreementDocument, Institution
from tests.factory import (
    PDF,
    make_agreement,
    make_document,
    make_home_unit,
    make_institution,
    make_pdf,
    make_user,
)

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
# The backup tools read committed data only (pg_dump is another session).
committed = pytest.mark.django_db(transaction=True)


def stored_documents() -> dict[str, bytes]:
    root = settings.ACCORD_DOCUMENTS_DIR
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file()
    }


def snapshot() -> str:
    """Every registry and back-office row, plus the export when it exists, and
    every stored document."""
    out = io.StringIO(repr(sorted(stored_documents().items())))
    out.seek(0, io.SEEK_END)
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
    signed = make_agreement(institution=keep, notes="Ünïcode notes")
    make_document(signed, public=True)
    make_document(signed, file=make_pdf("scan.jpg", JPEG), title="Scan")
    make_agreement(institution=away, level="department", home_unit=make_home_unit())
    merging.merge_institutions(keep, away, by=editor)


def keep_of_backup() -> Institution:
    return Institution.objects.get(name="Chiang Mai University")


def round_trip(tmp_path) -> None:
    populate()
    before = snapshot()
    target = tmp_path / "accord.backup"
    call_command("backup", str(target), stdout=io.StringIO())
    for document in AgreementDocument.objects.all():
        services.remove_document(document)
    make_document(
        make_agreement(institution=make_institution("Silpakorn University")),
        title="After",
    )
    Agreement.objects.all().delete()
    make_institution("Mahidol University")
    assert snapshot() != before
    call_command("restore", str(target), "--yes", stdout=io.StringIO())
    assert snapshot() == before
    assert len(stored_documents()) == 2
    for document in AgreementDocument.objects.all():
        assert document.path.is_file()
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


@committed
def test_it_backs_up_the_documents_beside_the_database(tmp_path):
    make_document(make_agreement(), public=True)
    target = tmp_path / "accord.backup"
    out = io.StringIO()
    call_command("backup", str(target), stdout=out)
    assert "accord.backup.documents.tar" in out.getvalue()
    with tarfile.open(tmp_path / "accord.backup.documents.tar") as archive:
        [member] = archive.getmembers()
        assert archive.extractfile(member).read() == PDF


def test_it_refuses_an_archive_holding_anything_but_documents(tmp_path):
    document = make_document(make_agreement())
    target = tmp_path / "accord.backup"
    target.write_bytes(b"SQLite format 3\x00 never read")
    with tarfile.open(tmp_path / "accord.backup.documents.tar", "w") as archive:
        evil = tmp_path / "evil"
        evil.write_text("#!/bin/sh")
        archive.add(evil, arcname="../../bin/evil")
    with pytest.raises(CommandError, match="not a document Accord stored"):
        call_command("restore", str(target), "--yes")
    assert document.path.read_bytes() == PDF
    assert not (settings.ACCORD_DOCUMENTS_DIR.parent / "bin").exists()
    assert not list(settings.ACCORD_DOCUMENTS_DIR.parent.glob(".documents-*"))
