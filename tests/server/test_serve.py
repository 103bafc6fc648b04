"""`accord serve` prepares only what is not ready: a restart on an existing
database redoes none of it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from accord.registry import engine
from accord.server.management.commands import serve


class Processes:
    """`subprocess.run` in `serve`, faked: the commands started, each ending
    with `returncode`."""

    def __init__(self) -> None:
        self.started: list[list[str]] = []
        self.returncode = 0

    def run(self, command, **kwargs):
        self.started.append(command)
        return subprocess.CompletedProcess(command, self.returncode)


@pytest.fixture
def processes(monkeypatch) -> Processes:
    faked = Processes()
    monkeypatch.setattr(serve.subprocess, "run", faked.run)
    return faked


def test_it_runs_a_worker_per_core_unless_told(monkeypatch):
    monkeypatch.delenv("ACCORD_WORKERS", raising=False)
    assert serve.default_workers() >= 1
    monkeypatch.setenv("ACCORD_WORKERS", "3")
    assert serve.default_workers() == 3
    monkeypatch.setenv("ACCORD_WORKERS", "0")
    with pytest.raises(Exception, match="ACCORD_WORKERS"):
        serve.default_workers()


def test_it_collects_static_files_only_when_they_changed(
    monkeypatch, tmp_path, processes
):
    monkeypatch.setattr(settings, "STATIC_ROOT", str(tmp_path))
    # In a process of its own: compressing the files grew this one, and the
    # workers are forked from it.
    serve.collect_static_if_changed()
    serve.collect_static_if_changed()
    assert processes.started == [[sys.executable, "-c", serve.COLLECT_STATIC]]
    (tmp_path / serve.STAMP).write_text("files of an older Accord")
    serve.collect_static_if_changed()
    assert len(processes.started) == 2


def test_the_collecting_process_collects_into_the_static_root(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ACCORD_")},
        "ACCORD_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "accord.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", serve.COLLECT_STATIC], env=env, timeout=300, check=False
    )
    assert done.returncode == 0
    assert (tmp_path / "static" / "portal").is_dir()
    assert list((tmp_path / "static" / "ninja").glob("swagger-ui*.css"))


def test_a_failed_collection_stops_the_start(monkeypatch, tmp_path, processes):
    monkeypatch.setattr(settings, "STATIC_ROOT", str(tmp_path))
    processes.returncode = 2
    with pytest.raises(CommandError, match=r"collecting the static files failed"):
        serve.collect_static_if_changed()
    assert not (tmp_path / serve.STAMP).exists()


@pytest.mark.django_db
def test_it_migrates_only_a_database_that_needs_it(monkeypatch):
    ran = []
    monkeypatch.setattr(serve, "call_command", lambda *args, **kwargs: ran.append(args))
    serve.migrate_if_needed()
    assert ran == []


@pytest.mark.django_db
def test_the_search_snapshot_is_built_by_a_process_of_its_own_unless_kept(
    settings, tmp_path, processes
):
    # A process that built one keeps the memory it took, and the workers are
    # forked from the one that starts them.
    settings.DATA_DIR = tmp_path
    serve.warm_search_snapshot()
    assert processes.started == [[sys.executable, "-c", serve.BUILD_SNAPSHOT]]
    assert not list(tmp_path.glob("snapshots/*.pickle"))

    engine.snapshot()  # kept in the data directory, as that process would
    processes.started.clear()
    serve.warm_search_snapshot()
    assert processes.started == []


@pytest.mark.django_db
def test_a_failed_snapshot_build_stops_the_start(settings, tmp_path, processes):
    settings.DATA_DIR = tmp_path
    processes.returncode = 3
    with pytest.raises(CommandError, match=r"search snapshot failed \(exit 3\)"):
        serve.warm_search_snapshot()
