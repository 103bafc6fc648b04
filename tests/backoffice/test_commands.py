"""accord adduser, backup and restore, through call_command and the real script."""

import io
import subprocess

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.test_cli import accord_env, accord_script

pytestmark = pytest.mark.django_db


def test_adduser_creates_a_staff_account_with_one_role(monkeypatch):
    monkeypatch.setenv("ACCORD_USER_PASSWORD", "a long enough passphrase 42")
    out = io.StringIO()
    call_command("adduser", "hanako", "--role", "editor", "--no-input", stdout=out)
    user = User.objects.get(username="hanako")
    assert user.is_staff and not user.is_superuser
    assert [g.name for g in user.groups.all()] == ["editor"]
    assert user.check_password("a long enough passphrase 42")
    assert "Created staff account 'hanako' with the role editor." in out.getvalue()
    monkeypatch.delenv("ACCORD_USER_PASSWORD")
    call_command("adduser", "hanako", "--role", "viewer", stdout=out)
    assert [g.name for g in user.groups.all()] == ["viewer"]
    assert User.objects.get(username="hanako").check_password(
        "a long enough passphrase 42"
    )


def test_adduser_refuses_a_weak_password_or_an_unknown_role(monkeypatch):
    monkeypatch.setenv("ACCORD_USER_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="password refused"):
        call_command("adduser", "taro", "--role", "viewer", "--no-input")
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("adduser", "taro", "--role", "owner", "--no-input")
    assert not User.objects.filter(username="taro").exists()


def test_backup_and_adduser_run_through_the_accord_script(tmp_path):
    env = accord_env(tmp_path) | {
        "ACCORD_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "ACCORD_USER_PASSWORD": "a long enough passphrase 42",
    }

    def accord(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [accord_script(), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert accord("manage", "migrate", "-v0").returncode == 0
    added = accord("adduser", "office", "--role", "admin", "--no-input")
    assert added.returncode == 0, added.stderr
    backup = tmp_path / "accord.backup"
    result = accord("backup", str(backup))
    assert result.returncode == 0, result.stderr
    assert "Backed up the sqlite database" in result.stdout
    again = accord("backup", str(backup))
    assert again.returncode == 1
    assert "pass --force" in again.stderr
    restored = accord("restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
