"""Shared fixtures for the importer tests: the bundled edition, parsed once."""

from __future__ import annotations

import pytest

from accord.importer.bundled import Edition, load_edition
from accord.importer.pipeline import ImportResult, run


@pytest.fixture(scope="session")
def edition() -> Edition:
    return load_edition()


@pytest.fixture(scope="session")
def seed_text(edition: Edition) -> str:
    return edition.source.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_raw(edition: Edition, seed_text: str) -> ImportResult:
    """The seed parsed without corrections."""
    return run(seed_text, edition.options, None, "list.txt")


@pytest.fixture(scope="session")
def seed(edition: Edition, seed_text: str) -> ImportResult:
    """The seed parsed with the edition's corrections."""
    return run(seed_text, edition.options, edition.corrections, "list.txt")
