"""Open data: the export files for a search, and the Frictionless Data Package
that describes them (a Table Schema for every column of the export schema).

The files themselves are written by `accord.core.formats`, the same writers
as `accord export`, so a download and an export are the same format.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accord.core.formats import LIST_SEPARATOR, records_to_csv
from accord.core.records import FILE_FIELDS, Record
from accord.registry.lifecycle import Status

CSV_NAME = "agreements.csv"

# One Table Schema field per export column, in column order (a test keeps them in
# step with FILE_FIELDS: the export schema's, the partner's identifiers, then
# the home university).
FIELDS: list[dict[str, Any]] = [
    {
        "name": "level",
        "type": "string",
        "description": "university: open to every home unit; department: held by "
        "one home unit (home_unit).",
        "constraints": {"required": True, "enum": ["university", "department"]},
    },
    {
        "name": "region",
        "type": "string",
        "description": "World region as the home university groups its list.",
        "constraints": {"required": True},
    },
    {
        "name": "country_code",
        "type": "string",
        "description": "ISO 3166-1 alpha-2 code of the partner's country; empty for "
        "partners outside any country (international organizations).",
        "constraints": {"pattern": "[A-Z]{2}"},
    },
    {
        "name": "country_name",
        "type": "string",
        "description": "The country's name, or the pseudo-country's "
        "(International Organization).",
        "constraints": {"required": True},
    },
    {
        "name": "institution",
        "type": "string",
        "description": "The partner institution's canonical name.",
        "constraints": {"required": True},
    },
    {
        "name": "co_partners",
        "type": "string",
        "description": "Other partners named on the same (joint) agreement, "
        f"separated by {LIST_SEPARATOR!r}; empty when none.",
    },
    {
        "name": "partner_department",
        "type": "string",
        "description": "The partner's department; empty: the whole institution.",
    },
    {
        "name": "home_unit",
        "type": "string",
        "description": "The home university's unit holding a department-level "
        "agreement, as the list prints it (GS Engineering); empty at university "
        "level.",
    },
    {
        "name": "fee_waiver",
        "type": "boolean",
        "description": "Whether tuition fees are waived for exchange students; "
        "empty: unknown (the list lost the cell that said).",
        "trueValues": ["true"],
        "falseValues": ["false"],
    },
    {
        "name": "concluded_on",
        "type": "date",
        "format": "default",
        "description": "When the agreement was concluded (YYYY-MM-DD); empty: "
        "unknown (the list gives no date).",
    },
    {
        "name": "edition",
        "type": "date",
        "format": "default",
        "description": "As-of date of the published list the agreement was last "
        "imported from; empty: entered by staff, never imported.",
    },
    {
        "name": "source_lines",
        "type": "string",
        "description": "Line numbers in that list the agreement was read from, "
        f"separated by {LIST_SEPARATOR!r}.",
        "constraints": {"pattern": "[0-9]+(; [0-9]+)*"},
    },
    {
        "name": "partner_ror_id",
        "type": "string",
        "description": "The partner institution's ROR id (https://ror.org/ + it); "
        "empty when unknown.",
        "constraints": {"pattern": "0[0-9a-z]{6}[0-9]{2}"},
    },
    {
        "name": "partner_erasmus_code",
        "type": "string",
        "description": "The partner's Erasmus institution code (e.g. 'F  LYON12'); "
        "empty when unknown.",
    },
    {
        "name": "partner_schac_code",
        "type": "string",
        "description": "The partner's SCHAC home organisation code, a domain name; "
        "empty when unknown.",
    },
    {
        "name": "partner_website",
        "type": "string",
        "format": "uri",
        "description": "The partner's website; empty when unknown.",
    },
    {
        "name": "partner_city",
        "type": "string",
        "description": "The partner's city; empty when unknown.",
    },
    {
        "name": "home_university",
        "type": "string",
        "description": "Slug of the home university whose agreement it is "
        "(tohoku); the `university` filter takes it. Added after the "
        "partner's identifiers: files written before it lack it.",
        "constraints": {"required": True, "pattern": "[a-z0-9]+(-[a-z0-9]+)*"},
    },
    {
        "name": "status",
        "type": "string",
        "description": "Where the agreement stands in its lifecycle: in_force, "
        "suspended, expired or terminated; draft and under_negotiation only in "
        "the staff's own export (`accord export`), never in a public download.",
        "constraints": {"enum": [status.value for status in Status]},
    },
    {
        "name": "valid_from",
        "type": "date",
        "format": "default",
        "description": "First day of validity; empty: unknown (every imported "
        "agreement: the lists print no term).",
    },
    {
        "name": "valid_until",
        "type": "date",
        "format": "default",
        "description": "Last day of the current validity; empty: unknown.",
    },
    {
        "name": "term_months",
        "type": "integer",
        "description": "One term of the agreement in months; empty: unknown.",
        "constraints": {"minimum": 1},
    },
    {
        "name": "renews_automatically",
        "type": "boolean",
        "trueValues": ["true"],
        "falseValues": ["false"],
        "description": "Whether the agreement renews itself at the end of each term.",
    },
    {
        "name": "cooperation_terms",
        "type": "array",
        "description": "What the agreement allows, as a JSON array of objects "
        "(direction, mobility_type, places_per_year, first_academic_year, "
        "last_academic_year, blended, study_levels (EQF), subject_areas "
        "(ISCED-F 2013), languages (ISO 639-1 with CEFR level), "
        "fee_waiver_scope); [] when none is recorded.",
    },
    {
        "name": "ended_on",
        "type": "date",
        "format": "default",
        "description": "The day an expired or terminated agreement ended; empty "
        "for the others.",
    },
    {
        "name": "termination_reason",
        "type": "string",
        "description": "Why a terminated agreement was terminated: staff text, "
        "written by `accord export` only; empty in the public downloads.",
    },
]
assert tuple(f["name"] for f in FIELDS) == FILE_FIELDS

NOTE = (
    "Text cells that a spreadsheet would run as a formula (starting with =, +, -, "
    "@, a tab or a carriage return) and cells starting with an apostrophe carry "
    "one extra leading apostrophe; remove it to get the text as stored."
)


def table_schema() -> dict[str, Any]:
    return {"fields": FIELDS, "missingValues": [""]}


def package_descriptor(
    csv_path: str, *, title: str, description: str, sources: list[dict[str, str]]
) -> dict[str, Any]:
    """A Tabular Data Package with one resource, the agreements CSV at `csv_path`
    (a relative path beside the descriptor, or a URL)."""
    return {
        "profile": "tabular-data-package",
        "name": "accord-agreements",
        "title": title,
        "description": f"{description} {NOTE}",
        "sources": sources,
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "agreements",
                "path": csv_path,
                "title": "Exchange agreements",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": table_schema(),
            }
        ],
    }


def write_package(
    directory: Path,
    records: Iterable[Record],
    *,
    title: str,
    description: str,
    sources: list[dict[str, str]],
) -> Path:
    """Write `datapackage.json` and `agreements.csv` into `directory`; the
    descriptor's path."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / CSV_NAME).write_bytes(records_to_csv(records).encode("utf-8"))
    descriptor = package_descriptor(
        CSV_NAME, title=title, description=description, sources=sources
    )
    path = directory / "datapackage.json"
    path.write_text(
        json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return path
