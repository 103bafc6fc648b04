"""The `accord` console script, through its real entry point."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from accord.cli import COMMANDS, main


def accord_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCORD_")}
    env["ACCORD_DATA_DIR"] = str(tmp_path / "data")
    if os.environ.get("ACCORD_DATABASE_URL"):
        env["ACCORD_DATABASE_URL"] = os.environ["ACCORD_DATABASE_URL"]
    return env


def accord_script() -> str:
    return str(Path(sys.executable).with_name("accord"))


def test_it_lists_its_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


def test_it_refuses_an_unknown_command(capsys):
    assert main(["frobnicate"]) == 2
    assert "unknown command 'frobnicate'" in capsys.readouterr().err


def test_it_explains_a_bad_setting_and_exits_non_zero(tmp_path):
    env = accord_env(tmp_path) | {"ACCORD_DEBUG": "perhaps"}
    result = subprocess.run(
        [accord_script(), "createadmin", "--no-input"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ACCORD_DEBUG='perhaps'" in result.stderr


def test_starting_django_for_a_command_leaves_the_api_framework_unimported(tmp_path):
    """Every command starts Django; the API's framework (django-ninja, with
    pydantic and django.test) is imported only by what serves the API."""
    probe = (
        "import sys, django; django.setup(); "
        "print(sorted(m for m in ('ninja', 'pydantic', 'django.test') "
        "if m in sys.modules))"
    )
    env = accord_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "accord.settings"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_createadmin_makes_a_superuser_from_environment(tmp_path):
    env = accord_env(tmp_path) | {
        "ACCORD_ADMIN_USERNAME": "office",
        "ACCORD_ADMIN_PASSWORD": "a long enough passphrase 42",
        "ACCORD_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    subprocess.run(
        [accord_script(), "manage", "migrate", "-v0"], env=env, check=True, timeout=300
    )
    result = subprocess.run(
        [accord_script(), "createadmin", "--no-input"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Created staff superuser 'office'" in result.stdout


def test_createadmin_refuses_a_weak_password(tmp_path):
    env = accord_env(tmp_path) | {
        "ACCORD_ADMIN_USERNAME": "office",
        "ACCORD_ADMIN_PASSWORD": "123",
        "ACCORD_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    subprocess.run(
        [accord_script(), "manage", "migrate", "-v0"], env=env, check=True, timeout=300
    )
    result = subprocess.run(
        [accord_script(), "createadmin", "--no-input"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "password refused" in result.stderr


def test_a_reader_that_stops_early_gets_no_traceback(monkeypatch):
    # `accord due | head`: the command's write fails once head has exited.
    def write_to_closed_pipe(argv: list[str]) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    redirected: list[int] = []
    monkeypatch.setattr(
        "django.core.management.execute_from_command_line", write_to_closed_pipe
    )
    monkeypatch.setattr(os, "dup2", lambda source, target: redirected.append(target))
    with open(os.devnull, "w") as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        assert main(["due"]) == 1
        assert redirected == [stdout.fileno()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[str], seconds: float = 240) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"accord serve exited: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return int(response.status)
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer in {seconds}s")


@pytest.mark.serve
def test_serve_starts_a_server_that_answers_http(tmp_path):
    port = free_port()
    env = accord_env(tmp_path)
    env.setdefault("ACCORD_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.sqlite3'}")
    process = subprocess.Popen(
        [accord_script(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status = wait_for(f"http://127.0.0.1:{port}/admin/login/", process)
        assert status == 200
        # Built before the workers started, by a process of its own.
        assert list((tmp_path / "data" / "snapshots").glob("*.pickle"))
        # The bundled edition was loaded into the empty database.
        exported = subprocess.run(
            [accord_script(), "export", "--format", "json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert exported.returncode == 0, exported.stderr
        assert len(json.loads(exported.stdout)) > 0
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output
