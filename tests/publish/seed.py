"""2021-style records for publishing tests, from the importer's hand-verified
readings of the seed list (tests/importer/golden), in the export schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parent.parent / "importer" / "golden"
EXPORT_KEYS = (
    "level",
    "region",
    "country_code",
    "country_name",
    "institution",
    "co_partners",
    "partner_department",
    "home_unit",
    "fee_waiver",
    "concluded_on",
    "edition",
    "source_lines",
)
# The department table names countries as the university list does not need to.
COUNTRY_NAMES = {
    "BD": "Bangladesh",
    "CN": "China",
    "IN": "India",
    "ID": "Indonesia",
    "KH": "Cambodia",
    "KR": "South Korea",
    "LK": "Sri Lanka",
    "MN": "Mongolia",
    "MY": "Malaysia",
    "NP": "Nepal",
    "PH": "Philippines",
    "SG": "Singapore",
    "TH": "Thailand",
    "TW": "Taiwan",
    "VN": "Vietnam",
}


def _export(record: dict[str, Any]) -> dict[str, Any]:
    name = record.get("country_label") or COUNTRY_NAMES[record["country_code"]]
    out = {key: record.get(key) for key in EXPORT_KEYS}
    out["country_name"] = name
    out["edition"] = "2021-05-01"
    return out


def university_records() -> list[dict[str, Any]]:
    """The 250 university-level agreements of the 2021 list, in printed order."""
    rows = json.loads((GOLDEN / "reading_university.json").read_text("utf-8"))
    return [_export(row) for row in rows]


def department_asia_records() -> list[dict[str, Any]]:
    """The department-level agreements of Asia in the 2021 table, by country."""
    rows = json.loads((GOLDEN / "reading_department_asia.json").read_text("utf-8"))
    records = [_export(row) for row in rows]
    return sorted(records, key=lambda r: (r["country_name"], r["institution"]))


def records_2021() -> list[dict[str, Any]]:
    return copy.deepcopy(university_records() + department_asia_records())
