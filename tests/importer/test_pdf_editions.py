"""Two editions of a list, each a PDF in the original ruled layout, imported and
compared: `accord diff` finds exactly the agreements added, ended and changed.

Edition A is the curated 2021 list; edition B (as of 2022) is derived from it:
some agreements dropped, some added, fee waivers flipped, departments renamed.
"""

from __future__ import annotations

import datetime
import io
import json
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from accord.importer.sources import SourceText
from accord.registry.models import Edition
from tests.importer.ruled_pdfs import Drawn, ListDocument, Style, draw_list

pytestmark = pytest.mark.django_db

B_AS_OF = datetime.date(2022, 5, 1)
# A partner of the 2021 list whose name reads as two (see test_ruled_pdfs.DOUBTS).
JOINT = "Liaoning Cancer Hospital and Liaoning Cancer Institute"
# Partners edition B adds: (country code, level, name, partner department,
# home unit, fee waiver, concluded on).
ADDED = [
    ("TH", "university", "Andaman Coast University", "", "", True, "2021-09-01"),
    ("DE", "university", "Hochschule Nordmark", "", "", False, "2021-10-12"),
    ("US", "university", "Prairie Lakes University", "", "", True, "2022-01-20"),
    ("AU", "university", "Tasman Gulf University", "", "", True, "2022-03-03"),
    (
        "CN",
        "department",
        "Qinling Institute of Technology",
        "School of Materials",
        "GS Engineering",
        True,
        "2021-06-15",
    ),
    (
        "CN",
        "department",
        "Qinling Institute of Technology",
        "School of Physics",
        "GS Science",
        True,
        "2021-06-15",
    ),
    (
        "CN",
        "department",
        "Lakeside Normal University",
        "",
        "GS Education",
        False,
        "2021-11-30",
    ),
    (
        "KR",
        "department",
        "Hanbit University of Science",
        "College of Engineering",
        "IMR",
        False,
        "2021-07-07",
    ),
    (
        "TW",
        "department",
        "Formosa Coastal University",
        "College of Marine Sciences",
        "GS Environmental Studies",
        True,
        "2022-02-14",
    ),
    (
        "ID",
        "department",
        "Borneo Institute of Technology",
        "",
        "GS Engineering",
        True,
        "2021-08-17",
    ),
    (
        "VN",
        "department",
        "Mekong Delta University",
        "Faculty of Agriculture",
        "GS Agricultural Science",
        True,
        "2021-12-01",
    ),
    (
        "FR",
        "department",
        "Université de Haute-Provence",
        "Faculté des Sciences",
        "GS Science",
        True,
        "2021-10-04",
    ),
    (
        "FR",
        "department",
        "Université de Haute-Provence",
        "Faculté de Médecine",
        "GS Medicine",
        False,
        "2021-10-04",
    ),
    (
        "DE",
        "department",
        "Hochschule Nordmark",
        "Fachbereich Maschinenbau",
        "GS Engineering",
        True,
        "2021-10-12",
    ),
    (
        "GB",
        "department",
        "University of Westmoor",
        "School of Law",
        "GS Law",
        False,
        "2022-01-11",
    ),
    (
        "IT",
        "department",
        "Politecnico di Valdorno",
        "Dipartimento di Energia",
        "GS Engineering",
        True,
        "2021-09-21",
    ),
    (
        "SE",
        "department",
        "Norrland University of Technology",
        "",
        "IMRAM",
        False,
        "2022-04-01",
    ),
    (
        "US",
        "department",
        "Prairie Lakes University",
        "Department of Physics",
        "GS Science",
        True,
        "2022-01-20",
    ),
    (
        "US",
        "department",
        "Prairie Lakes University",
        "Medical School",
        "GS Medicine",
        True,
        "2022-01-20",
    ),
    (
        "CA",
        "department",
        "University of Northern Ontario",
        "Faculty of Education",
        "GS Education",
        False,
        "2021-05-20",
    ),
    (
        "IS",
        "department",
        "University of the Westfjords",
        "",
        "IRIDeS",
        False,
        "2021-11-11",
    ),
    (
        "AU",
        "department",
        "Tasman Gulf University",
        "School of Medicine",
        "GS Medicine",
        True,
        "2022-03-03",
    ),
]


def key(record: dict[str, Any]) -> tuple[str, ...]:
    return (
        record["level"],
        record["country_code"],
        record["institution"],
        record["partner_department"] or "",
        record["home_unit"] or "",
        str(record["concluded_on"]),
    )


def _like(doc: ListDocument, code: str, level: str) -> dict[str, Any]:
    """A record of the same country, for its region and name."""
    if code == "IS":  # a country new to the list
        return {"region": "Europe", "country_code": "IS", "country_name": "Iceland"}
    same = [r for r in doc.records if r["country_code"] == code]
    return next((r for r in same if r["level"] == level), same[0])


def derive(a: ListDocument) -> tuple[ListDocument, dict[str, Any]]:
    """Edition B and the changes it makes to A."""
    dice = random.Random(2022)
    records = [dict(r) for r in a.records]
    doubtful = [
        r
        for r in records
        if r["level"] == "department"
        and (r["institution"] == JOINT or not r["home_unit"])
    ]
    university = [
        r for r in records if r["level"] == "university" and r["concluded_on"]
    ]
    ended = doubtful + dice.sample(university, 2)
    kept = [r for r in records if r not in ended]
    # Changed: rows alone in their (country, institution, unit) group, so each
    # pairs with its later self whatever changes.
    groups = Counter(
        (r["level"], r["country_code"], r["institution"], r["home_unit"]) for r in kept
    )
    alone = [
        r
        for r in kept
        if groups[(r["level"], r["country_code"], r["institution"], r["home_unit"])]
        == 1
    ]
    flipped = dice.sample([r for r in alone if r["level"] == "university"], 1)
    flipped += dice.sample([r for r in alone if r["level"] == "department"], 2)
    renamed = dice.sample(
        [r for r in alone if r["partner_department"] and r not in flipped], 2
    )
    changed = sorted(
        [(key(r), ("fee_waiver",)) for r in flipped]
        + [(key(r), ("partner_department",)) for r in renamed]
    )
    for r in flipped:
        r["fee_waiver"] = not r["fee_waiver"]
    for r in renamed:
        r["partner_department"] = f"{r['partner_department']} (renamed)"
    added = []
    for code, level, name, department, unit, waiver, day in ADDED:
        like = _like(a, code, level)
        added.append(
            {
                "level": level,
                "region": like["region"],
                "country_code": code,
                "country_name": like["country_name"],
                "institution": name,
                "co_partners": [],
                "partner_department": department,
                "home_unit": unit,
                "fee_waiver": waiver,
                "concluded_on": day,
            }
        )
    b = replace(a, as_of=B_AS_OF, records=tuple(kept + added))
    changes = {
        "added": sorted(key(r) for r in added),
        "ended": sorted(key(r) for r in ended),
        "changed": changed,
    }
    return b, changes


def accord(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exc:
        assert exc.code == 0, out.getvalue() + err.getvalue()
    return out.getvalue(), err.getvalue()


def test_two_pdf_editions_diff_exactly(
    ruled_2021: tuple[Drawn, SourceText],
    list_2021: ListDocument,
    tmp_path: Path,
):
    drawn_a, _ = ruled_2021
    # What the list leaves blank stays unknown and is reported, not blocking:
    # each edition imports with neither --force nor a corrections file.
    out, _ = accord("importlist", str(drawn_a.path))
    assert "725 new" in out
    assert Edition.objects.count() == 1

    b, changes = derive(list_2021)
    drawn_b = draw_list(b, tmp_path / "list-2022.pdf", Style(page="Letter", seed=22))
    out, _ = accord("importlist", str(drawn_b.path))
    assert "stored edition 2022-05-01" in out

    diff = json.loads(accord("diff", "2021-05-01", "2022-05-01", "--json")[0])
    assert sorted(key(r) for r in diff["added"]) == changes["added"]
    assert sorted(key(r) for r in diff["ended"]) == changes["ended"]
    assert (
        sorted(
            (key(c["before"]), tuple(x["field"] for x in c["changes"]))
            for c in diff["changed"]
        )
        == changes["changed"]
    )
    summary = accord("diff", "2021-05-01", "2022-05-01")[0].split("\n")[1]
    assert summary.startswith("22 added, 5 ended, 5 changed, ")
