"""The world map: country outlines (geo/world.json, see geo/build.py) shaded by
the number of partner institutions, each a link to its country page."""

from __future__ import annotations

import itertools
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.urls import reverse

GEOMETRY = Path(__file__).with_name("geo") / "world.json"
# Upper bounds of the shading classes (partners per country).
STEPS = (1, 3, 10, 30)


@cache
def geometry() -> dict[str, Any]:
    """The outlines, read once per process (they only change with a release)."""
    data: dict[str, Any] = json.loads(GEOMETRY.read_text())
    return data


def shade(partners: int) -> int:
    """The shading class (0 = no partner, 1..5 = more partners).

    >>> shade(0), shade(1), shade(2), shade(40)
    (0, 1, 2, 5)
    """
    if partners <= 0:
        return 0
    return 1 + sum(partners > step for step in STEPS)


def render_context(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Map shapes and the country table from `statistics.partners_by_country()`."""
    shapes = geometry()["countries"]
    by_code = {row["country_code"]: row for row in rows if row["country_code"]}
    paths = []
    for code, outline in shapes.items():
        row = by_code.get(code)
        entry = {"code": code, "d": outline, "shade": 0}
        if row:
            entry.update(
                shade=shade(row["partners"]),
                name=row["name"],
                partners=row["partners"],
                url=reverse("portal:country", args=[row["slug"]]),
            )
        paths.append(entry)
    # Linked shapes last, so their outlines are drawn above their neighbours'.
    paths.sort(key=lambda entry: entry["shade"] > 0)
    for row in rows:
        row["url"] = reverse("portal:country", args=[row["slug"]])
        row["on_map"] = row["country_code"] in shapes
    legend = [
        {"shade": n, "label": label}
        for n, label in enumerate(_legend_labels(), start=1)
    ]
    return {
        "view_box": geometry()["viewBox"],
        "paths": paths,
        "countries": rows,
        "off_map": [row for row in rows if not row["on_map"]],
        "legend": legend,
    }


def _legend_labels() -> list[str]:
    bounds = [0, *STEPS]
    labels = [
        str(high) if high == low + 1 else f"{low + 1}\u2013{high}"
        for low, high in itertools.pairwise(bounds)
    ]
    return [*labels, f"{STEPS[-1] + 1}+"]
