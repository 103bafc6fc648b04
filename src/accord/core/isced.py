"""The ISCED-F 2013 fields of education and training, as UNESCO lists them
(`core/data/isced-f-2013.csv`; its source in `core/data/README.md`).

>>> field("0611").name
'Computer use'
>>> field("0611").narrow, field("0611").broad
('061', '06')
>>> is_detailed("0611"), is_detailed("0618"), is_detailed("061")
(True, False, False)
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "data" / "isced-f-2013.csv"
LEVELS = {2: "broad", 3: "narrow", 4: "detailed"}


@dataclass(frozen=True)
class Field:
    code: str
    level: str
    name: str

    @property
    def broad(self) -> str:
        return self.code[:2]

    @property
    def narrow(self) -> str | None:
        return self.code[:3] if len(self.code) >= 3 else None


@functools.cache
def fields() -> dict[str, Field]:
    """Every code of the classification, in the document's order."""
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {row["code"]: Field(row["code"], row["level"], row["name"]) for row in rows}


def field(code: str) -> Field:
    """The field with this code; KeyError when the classification has none."""
    return fields()[code]


def is_detailed(code: object) -> bool:
    """Whether `code` is a four-digit (detailed) field of the classification."""
    found = fields().get(code) if isinstance(code, str) else None
    return found is not None and found.level == "detailed"
