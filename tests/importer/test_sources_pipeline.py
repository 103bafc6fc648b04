"""One parser serves every kind of input: the seed read as text, from a PDF of
it and from `pdftotext -layout` gives the same records (line numbers aside: a
PDF has no blank lines, so the corrections file, which cites the text's lines,
applies to the text)."""

from __future__ import annotations

import subprocess

import pytest

from accord.importer.bundled import load_edition
from accord.importer.pipeline import run
from accord.importer.sources import read_source
from tests.importer.pdfs import tab_text_to_pdf


def records_of(path):
    edition = load_edition()
    result = run(read_source(path).text, edition.options, None, str(path))
    return [r.with_changes(source_lines=()) for r in result.reconciled]


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    text = load_edition().source.read_text(encoding="utf-8")
    return tab_text_to_pdf(text, tmp_path_factory.mktemp("pdf") / "list.pdf")


def test_the_seed_as_pdf_gives_the_records_of_the_text(seed_pdf):
    from_text = records_of(load_edition().source)
    assert len(from_text) > 700
    assert records_of(seed_pdf) == from_text


@pytest.mark.needs("poppler-utils")
def test_the_seed_as_layout_text_gives_the_records_of_the_text(seed_pdf, tmp_path):
    layout = tmp_path / "list.txt"
    subprocess.run(["pdftotext", "-layout", str(seed_pdf), str(layout)], check=True)
    assert records_of(layout) == records_of(load_edition().source)
