"""Compare parser records with the curators' hand readings (tests/importer/golden)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "golden"
READINGS = (
    "reading_university.json",
    "reading_department_asia.json",
    "reading_department_rest.json",
)
# The readings' own keys that are not part of the export schema.
NOT_COMPARED = {"confidence", "reason", "country_label", "edition", "country_name"}


def load_readings() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in READINGS:
        rows += json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    return rows


def comparable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in NOT_COMPARED}


def key(row: dict[str, Any]) -> tuple[str, tuple[int, ...]]:
    return row["level"], tuple(row["source_lines"])


def differences(
    records: list[dict[str, Any]], readings: list[dict[str, Any]]
) -> list[tuple[str, Any, Any]]:
    """(what, parsed, read) for every record that is not exactly as read."""
    ours = [comparable(r) for r in records]
    theirs = [comparable(r) for r in readings]
    out: list[tuple[str, Any, Any]] = []
    unmatched = list(theirs)
    for record in ours:
        if record in unmatched:
            unmatched.remove(record)
        else:
            out.append(("parsed", record, None))
    out += [("read", None, r) for r in unmatched]
    return out


def explained(path: Path) -> str:
    """What `accord parse PATH --explain` prints, its whitespace folded."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "parse",
        str(path),
        "--explain",
        "--format",
        "csv",
        stdout=out,
        stderr=io.StringIO(),
    )
    return " ".join(out.getvalue().split())
