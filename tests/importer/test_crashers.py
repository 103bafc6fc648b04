"""Inputs that once crashed the importer with a traceback, kept as samples:
each now reads as records and a report, or is refused with the importer's own
error naming the file. `samples/crashers/` holds one file per crash, named for
it (the fuzzing of `test_fuzz.py` adds to it)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from accord.core.errors import ImportInputError
from accord.importer.bundled import load_edition
from accord.importer.pipeline import run
from accord.importer.sources import read_source

CRASHERS = sorted((Path(__file__).parent / "samples" / "crashers").glob("*"))


def read_and_parse(path: Path) -> int:
    """What `accord parse` does with a file: the number of records it reads."""
    source = read_source(path)
    if source.records is not None:
        return len(source.records)
    result = run(source.text, load_edition().options, None, source.path)
    return len(result.reconciled)


@pytest.mark.parametrize("path", CRASHERS, ids=[p.name for p in CRASHERS])
def test_a_former_crasher_reads_or_is_refused_by_name(path):
    try:
        read_and_parse(path)
    except ImportInputError as exc:
        assert exc.path == str(path)


@pytest.mark.parametrize("command", ["parse", "importlist"])
@pytest.mark.django_db
def test_parse_and_import_refuse_a_deeply_nested_json_file(command):
    path = CRASHERS[0].parent / "deeply_nested_list.json"
    err = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command(command, str(path), stdout=io.StringIO(), stderr=err)
    assert caught.value.code == 1
    assert err.getvalue() == (f"accord: {path}:1: JSON nested deeper than 32 levels\n")


@pytest.mark.django_db
def test_import_refuses_a_lone_surrogate_escape_naming_its_line():
    """`\\ud800` alone decodes to a string no database can store: the import
    failed with a traceback at its first insert."""
    from accord.registry.models import Agreement, Institution

    path = CRASHERS[0].parent / "lone_surrogate.json"
    err = io.StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("importlist", str(path), stdout=io.StringIO(), stderr=err)
    assert caught.value.code == 1
    assert err.getvalue() == (
        f"accord: {path}:7: \\ud800 is half of a UTF-16 surrogate pair, "
        "not a character\n"
    )
    assert not Agreement.objects.exists() and not Institution.objects.exists()
