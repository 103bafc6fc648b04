"""Bulk work collects garbage rarely, and gives the collector back as it found it."""

from __future__ import annotations

import datetime
import gc
import threading

import pytest

from accord.core.collecting import BULK_THRESHOLD, fewer_collections
from accord.core.errors import ImportInputError


@pytest.fixture(autouse=True)
def default_thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_the_young_generation_waits_longer_and_the_thresholds_come_back():
    with fewer_collections():
        assert gc.get_threshold() == (BULK_THRESHOLD, 10, 10)
        with fewer_collections():
            assert gc.get_threshold()[0] == BULK_THRESHOLD
        assert gc.get_threshold()[0] == BULK_THRESHOLD  # the outer block runs on
    assert gc.get_threshold() == (700, 10, 10)


def test_the_thresholds_come_back_when_the_work_fails():
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("the import failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_a_higher_threshold_set_by_the_process_is_kept():
    gc.set_threshold(100_000, 20, 20)
    with fewer_collections():
        assert gc.get_threshold() == (100_000, 20, 20)
    assert gc.get_threshold() == (100_000, 20, 20)


def test_overlapping_sections_in_two_threads_restore_only_when_both_end():
    first_in, second_done, first_may_end = (threading.Event() for _ in range(3))
    seen = {}

    def first():
        with fewer_collections():
            first_in.set()
            first_may_end.wait(5)
        seen["after first"] = gc.get_threshold()

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with fewer_collections():
        pass
    # The first section is still open: ending the second restores nothing.
    seen["after second"] = gc.get_threshold()
    second_done.set()
    first_may_end.set()
    thread.join(5)
    assert seen["after second"][0] == BULK_THRESHOLD
    assert seen["after first"] == (700, 10, 10)


def test_an_import_reads_and_stores_under_it(monkeypatch, tmp_path):
    from accord.importer import importing

    seen = []

    def read_source(path):
        seen.append(gc.get_threshold()[0])
        raise ImportInputError("unreadable", path=str(path))

    monkeypatch.setattr(importing, "read_source", read_source)
    with pytest.raises(ImportInputError):
        importing.import_file(tmp_path / "list.csv")
    assert seen == [BULK_THRESHOLD]
    assert gc.get_threshold() == (700, 10, 10)


class _Seen(Exception):
    pass


def _threshold_then_stop(seen):
    def look(*args, **kwargs):
        seen.append(gc.get_threshold()[0])
        raise _Seen

    return look


def test_a_snapshot_is_built_under_it(monkeypatch):
    from accord.registry import engine

    seen = []
    monkeypatch.setattr(engine, "_places", _threshold_then_stop(seen))
    with pytest.raises(_Seen):
        engine.build("a version")
    assert seen == [BULK_THRESHOLD]
    assert gc.get_threshold() == (700, 10, 10)


def test_every_command_but_serve_runs_under_it(monkeypatch):
    from accord import cli

    seen = {}

    def run_django(argv):
        seen[argv[0]] = gc.get_threshold()[0]
        return 0

    monkeypatch.setattr(cli, "run_django", run_django)
    for name in ("import", "export", "publish", "check", "serve"):
        assert cli.main([name, "--help"]) == 0
    assert seen == {
        "importlist": BULK_THRESHOLD,
        "export": BULK_THRESHOLD,
        "publish": BULK_THRESHOLD,
        "checkdata": BULK_THRESHOLD,
        "serve": 700,  # a server's workers collect as Python does
    }
    assert gc.get_threshold() == (700, 10, 10)


def test_a_download_and_the_official_list_are_written_under_it(monkeypatch):
    from accord.publish import documents, downloads

    seen = []
    monkeypatch.setattr(downloads, "encode", _threshold_then_stop(seen))
    with pytest.raises(_Seen):
        downloads.download_response([], "csv")
    monkeypatch.setattr(documents, "official_list", _threshold_then_stop(seen))
    with pytest.raises(_Seen):
        documents.publish_list(object(), datetime.date(2021, 5, 1), "html")
    assert seen == [BULK_THRESHOLD, BULK_THRESHOLD]
    assert gc.get_threshold() == (700, 10, 10)
