"""`accord apitoken`: issue, list and revoke tokens; the value is shown once."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accord.api.models import ApiToken, hash_token
from tests.factory import make_user

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("apitoken", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_issues_a_token_stored_only_as_a_hash(db):
    user = make_user("office", staff=True)
    raw = run("create", "office", "--name", "warehouse sync").strip()
    token = ApiToken.objects.get()
    assert raw.startswith("accord_")
    assert (token.user, token.name, token.key_hash) == (
        user,
        "warehouse sync",
        hash_token(raw),
    )
    assert raw not in run("list")
    assert token.prefix in run("list")


def test_it_refuses_a_token_for_a_non_staff_or_unknown_user(db):
    make_user("student")
    with pytest.raises(CommandError, match="not an active staff"):
        run("create", "student")
    with pytest.raises(CommandError, match="no user"):
        run("create", "ghost")


def test_it_revokes_a_token_by_prefix(db):
    make_user("office", staff=True)
    run("create", "office")
    prefix = ApiToken.objects.get().prefix
    assert run("revoke", prefix).startswith("revoked")
    assert ApiToken.objects.get().revoked_at is not None
    with pytest.raises(CommandError, match="no active token"):
        run("revoke", prefix)


def test_it_runs_through_the_accord_script(tmp_path):
    script = str(Path(sys.executable).with_name("accord"))
    result = subprocess.run(
        [script, "apitoken", "--help"],
        capture_output=True,
        text=True,
        env={"ACCORD_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "create" in result.stdout and "revoke" in result.stdout
