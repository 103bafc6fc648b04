"""Shared fixtures for the importer tests: the bundled edition, parsed once, and
its curated records as a list to draw."""

from __future__ import annotations

import json

import pytest

from accord.importer.bundled import Edition, load_edition
from accord.importer.pipeline import ImportResult, run
from accord.importer.sources import read_source
from tests.importer.reading import GOLDEN
from tests.importer.ruled_pdfs import ListDocument, Style, document_of, draw_list


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


@pytest.fixture(scope="session")
def list_2021(seed: ImportResult) -> ListDocument:
    """The curated records of the 2021 list, named as the list names countries."""
    readings = json.loads((GOLDEN / "reading_university.json").read_text("utf-8"))
    headings = {r["country_code"]: r["country_label"] for r in readings}
    labels = {c.code: c.label for c in seed.checksums.countries if c.code is not None}
    assert seed.edition.as_of is not None
    records = (r.to_dict() for r in seed.reconciled)
    return document_of(records, seed.edition.as_of, headings, labels)


@pytest.fixture(scope="session")
def ruled_2021(tmp_path_factory: pytest.TempPathFactory, list_2021: ListDocument):
    """The 2021 list drawn in its original ruled layout, and read back."""
    path = tmp_path_factory.mktemp("ruled") / "list-2021.pdf"
    drawn = draw_list(list_2021, path, Style(split_text="last", seed=2021))
    return drawn, read_source(path)
