"""docs/anomalies.md and the registry of anomaly codes list the same codes."""

from __future__ import annotations

import re
from pathlib import Path

import accord.importer.pipeline  # noqa: F401  (registers every stage's codes)
from accord.importer.anomalies import CODES

DOC = Path(__file__).resolve().parents[2] / "docs" / "anomalies.md"


def test_it_documents_every_registered_code_and_no_other():
    documented = re.findall(r"^### `([a-z-]+)`$", DOC.read_text(), re.M)
    assert sorted(documented) == sorted(CODES)
    assert len(documented) == len(set(documented))


def test_every_code_has_a_title():
    assert all(title.strip() for title in CODES.values())
