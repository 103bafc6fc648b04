"""Security hardening: deploy checks, lockout, CSRF, CSP, passwords."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import PASSWORD
from tests.factory import make_user
from tests.test_cli import accord_env, accord_script

pytestmark = pytest.mark.django_db

# The variables docs/configuration.md ("Production") tells a deployment to set.
PRODUCTION_ENV = {
    "ACCORD_SECRET_KEY": "k" * 10
    + "-generated-by-secrets.token_urlsafe(50)-0123456789",
    "ACCORD_ALLOWED_HOSTS": "accord.example.edu",
    "ACCORD_SECURE_COOKIES": "true",
    "ACCORD_HSTS_SECONDS": "31536000",
    "ACCORD_HSTS_PRELOAD": "true",
    "ACCORD_SSL_REDIRECT": "true",
}


def deployment_env(tmp_path: Path) -> dict[str, str]:
    # Browser tests in the same process may set this one; a deployment never does.
    env = accord_env(tmp_path)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def test_the_deploy_checks_pass_under_production_settings(tmp_path):
    result = subprocess.run(
        [accord_script(), "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=deployment_env(tmp_path) | PRODUCTION_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_checks_flag_a_development_setup(tmp_path):
    result = subprocess.run(
        [accord_script(), "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=deployment_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr


def test_production_settings_send_every_cookie_over_https_only(tmp_path):
    result = subprocess.run(
        [accord_script(), "manage", "diffsettings"],
        env=deployment_env(tmp_path) | PRODUCTION_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for name in ("SESSION", "CSRF", "LANGUAGE"):
        assert f"{name}_COOKIE_SECURE = True" in result.stdout


def login(client: Client, password: str) -> int:
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "office", "password": password},
        REMOTE_ADDR="192.0.2.7",
    )
    return response.status_code


def test_it_locks_an_account_out_after_repeated_failures():
    make_user("office", staff=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong guess") == 200
    assert login(client, "wrong guess") == 429
    # Locked: even the right password is refused until the cool-off ends.
    assert login(client, PASSWORD) == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    make_user("colleague", staff=True)
    other = Client().post(
        "/admin/login/?next=/admin/",
        {"username": "colleague", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.7",
    )
    assert other.status_code == 302


def test_a_successful_login_before_the_limit_resets_the_count():
    make_user("office", staff=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "wrong guess")
    assert login(client, PASSWORD) == 302


def test_the_login_form_requires_a_csrf_token():
    make_user("office", staff=True)
    client = Client(enforce_csrf_checks=True)
    assert login(client, PASSWORD) == 403


@pytest.mark.parametrize(
    "url", ["/admin/login/", "/staff/", "/admin/registry/agreement/"]
)
def test_staff_pages_carry_a_strict_content_security_policy(url, admin):
    policy = admin.get(url)["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_passwords_are_validated():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("password1")


def test_no_secret_is_kept_in_the_source_tree():
    root = Path(__file__).resolve().parents[2]
    found = [
        path
        for folder in ("src", "docs", "tests")
        for path in (root / folder).rglob("*")
        if path.name in {"secret_key", ".env"} or path.suffix in {".pem", ".key"}
    ]
    assert found == []
    assert "SECRET_KEY = secret_key(" in (root / "src/accord/settings.py").read_text()
