"""A test that needs a missing system package skips, naming the line that
installs it; under ACCORD_REQUIRE_SYSTEM_PACKAGES=1 (CI) it fails instead."""

from __future__ import annotations

import pytest

from tests import system


@pytest.fixture
def without_poppler(monkeypatch):
    monkeypatch.setitem(system.PRESENT, "poppler-utils", lambda: False)
    system.present.cache_clear()
    yield
    system.present.cache_clear()


def test_a_missing_package_skips_with_its_install_line(without_poppler, monkeypatch):
    monkeypatch.delenv("ACCORD_REQUIRE_SYSTEM_PACKAGES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install poppler-utils"):
        system.require("poppler-utils")


def test_ci_turns_the_skip_into_a_failure(without_poppler, monkeypatch):
    monkeypatch.setenv("ACCORD_REQUIRE_SYSTEM_PACKAGES", "1")
    with pytest.raises(pytest.fail.Exception, match="needs poppler-utils"):
        system.require("poppler-utils")


def test_a_present_package_lets_the_test_run():
    system.require("fonts-dejavu-core")


def test_every_package_has_a_check():
    from accord.core.system import PACKAGES

    assert set(system.PRESENT) == set(PACKAGES)
