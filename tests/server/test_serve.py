"""`accord serve` prepares only what is not ready: a restart on an existing
database redoes none of it."""

from __future__ import annotations

import pytest
from django.conf import settings

from accord.server.management.commands import serve


def test_it_runs_a_worker_per_core_unless_told(monkeypatch):
    monkeypatch.delenv("ACCORD_WORKERS", raising=False)
    assert serve.default_workers() >= 1
    monkeypatch.setenv("ACCORD_WORKERS", "3")
    assert serve.default_workers() == 3
    monkeypatch.setenv("ACCORD_WORKERS", "0")
    with pytest.raises(Exception, match="ACCORD_WORKERS"):
        serve.default_workers()


def test_it_collects_static_files_only_when_they_changed(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "STATIC_ROOT", str(tmp_path))
    collected = []
    monkeypatch.setattr(
        serve, "call_command", lambda *args, **kwargs: collected.append(args)
    )
    serve.collect_static_if_changed()
    serve.collect_static_if_changed()
    assert collected == [("collectstatic",)]
    (tmp_path / serve.STAMP).write_text("files of an older Accord")
    serve.collect_static_if_changed()
    assert len(collected) == 2


@pytest.mark.django_db
def test_it_migrates_only_a_database_that_needs_it(monkeypatch):
    ran = []
    monkeypatch.setattr(serve, "call_command", lambda *args, **kwargs: ran.append(args))
    serve.migrate_if_needed()
    assert ran == []
