"""Shared fixtures: named personas, from a stranger to the office manager."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from tests.factory import make_user

PASSWORD = "correct horse battery staple"
# `browser` and `page` for the tests that drive Chromium; `needs(...)` for the
# tests that need a system package; `network` for those of many universities.
pytest_plugins = ["tests.browsing", "tests.system", "tests.universities"]


def pytest_configure(config: pytest.Config) -> None:
    # WhiteNoise warns on every request while STATIC_ROOT is missing; `accord
    # serve` fills it with collectstatic, tests serve from the finders. Early,
    # as some test modules build their WSGI app at import.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate counters and cached facet counts never leak from one test to the next
    (a rolled-back test database may hand the next test the same ids, hence the
    same data version)."""
    from accord.api.http import ANSWERS
    from accord.portal.templatetags.portal import SHELLS
    from accord.portal.views import RESULTS

    for kept in (cache, ANSWERS, RESULTS, SHELLS):
        kept.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def documents_dir(tmp_path_factory: pytest.TempPathFactory):
    """Each test stores agreements' documents in a directory of its own."""
    kept = settings.ACCORD_DOCUMENTS_DIR
    settings.ACCORD_DOCUMENTS_DIR = tmp_path_factory.mktemp("data") / "documents"
    yield settings.ACCORD_DOCUMENTS_DIR
    settings.ACCORD_DOCUMENTS_DIR = kept


@pytest.fixture(autouse=True)
def imports_dir(tmp_path_factory: pytest.TempPathFactory):
    """Each test stages the lists uploaded to the back office apart."""
    kept = settings.ACCORD_IMPORTS_DIR
    settings.ACCORD_IMPORTS_DIR = tmp_path_factory.mktemp("data") / "imports"
    yield settings.ACCORD_IMPORTS_DIR
    settings.ACCORD_IMPORTS_DIR = kept


@pytest.fixture
def anonymous(client: Client) -> Client:
    return client


@pytest.fixture
def superuser_client(db: None) -> Client:
    user = make_user("admin", staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


def role_client(role: str) -> Client:
    """A client signed in as a staff member holding one role (a group)."""
    from django.contrib.auth.models import Group

    user = make_user(role, staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.user = user  # type: ignore[attr-defined]
    return client


@pytest.fixture
def viewer(db: None) -> Client:
    return role_client("viewer")


@pytest.fixture
def editor(db: None) -> Client:
    return role_client("editor")


@pytest.fixture
def admin(db: None) -> Client:
    return role_client("admin")
