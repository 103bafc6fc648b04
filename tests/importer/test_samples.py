"""Small lists named for their defect, each with its expected records and anomalies.

`REGEN_SAMPLES=1 pytest tests/importer/test_samples.py` rewrites the
`<name>.expected.json` files for a human to review (never during a normal run).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from accord.core.errors import ImportInputError
from accord.importer.bundled import load_edition, options_from_toml
from accord.importer.pipeline import run

SAMPLES = Path(__file__).parent / "samples"
LISTS = sorted(p for p in SAMPLES.glob("*.txt") if not p.stem.endswith("_rejected"))


def options_for(sample: Path):
    own = sample.with_suffix(".edition.toml")
    if own.exists():
        import tomllib

        return options_from_toml(tomllib.loads(own.read_text()), str(own))
    return load_edition().options


def outcome(sample: Path) -> dict:
    result = run(
        sample.read_text(encoding="utf-8"), options_for(sample), None, sample.name
    )
    return {
        "records": [r.to_dict() for r in result.reconciled],
        "anomalies": [
            [a.code, list(a.lines), a.field, a.confidence]
            for a in result.report.anomalies
        ],
    }


@pytest.mark.parametrize("sample", LISTS, ids=[p.stem for p in LISTS])
def test_it_reads_a_sample_as_expected(sample: Path):
    expected_path = sample.with_suffix(".expected.json")
    got = outcome(sample)
    if os.environ.get("REGEN_SAMPLES"):
        expected_path.write_text(
            json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))


def test_it_refuses_text_that_is_not_a_list():
    sample = SAMPLES / "unknown_structure_rejected.txt"
    with pytest.raises(ImportInputError) as caught:
        run(sample.read_text(), load_edition().options, None, sample.name)
    assert (caught.value.path, caught.value.line) == (sample.name, 1)
