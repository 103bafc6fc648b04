"""Charts as server-rendered SVG geometry: the template draws the shapes, so no
script runs and every number also appears in a table next to the chart."""

from __future__ import annotations

from typing import Any

TIMELINE_WIDTH, TIMELINE_HEIGHT = 800, 240
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 40, 28, 12
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_WIDTH = 20, 6, 190, 560


def timeline(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Columns for agreements concluded per year, every year in range shown."""
    if not rows:
        return {"columns": [], "ticks": []}
    counts = {row["year"]: row["agreements"] for row in rows}
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    top = _nice_max(max(counts.values()))
    inner_w = TIMELINE_WIDTH - MARGIN_LEFT - 8
    inner_h = TIMELINE_HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    step = inner_w / len(years)
    columns = []
    for index, year in enumerate(years):
        value = counts.get(year, 0)
        height = inner_h * value / top
        columns.append(
            {
                "year": year,
                "value": value,
                "x": round(MARGIN_LEFT + index * step + step * 0.1, 1),
                "width": round(max(step * 0.8, 1), 1),
                "y": round(MARGIN_TOP + inner_h - height, 1),
                "height": round(height, 1),
                "label": year % 5 == 0,
                "label_x": round(MARGIN_LEFT + index * step + step / 2, 1),
            }
        )
    ticks = [
        {"value": v, "y": round(MARGIN_TOP + inner_h - inner_h * v / top, 1)}
        for v in _ticks(top)
    ]
    return {
        "columns": columns,
        "ticks": ticks,
        "width": TIMELINE_WIDTH,
        "height": TIMELINE_HEIGHT,
        "axis_y": TIMELINE_HEIGHT - MARGIN_BOTTOM,
        "label_y": TIMELINE_HEIGHT - 8,
        "left": MARGIN_LEFT,
        "right": TIMELINE_WIDTH - 8,
        "first": first,
        "last": last,
    }


def bars(rows: list[tuple[str, int]]) -> dict[str, Any]:
    """Horizontal bars, one per (label, value), longest = the largest value."""
    top = max((value for _label, value in rows), default=0) or 1
    items = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        items.append(
            {
                "label": label,
                "value": value,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.72,
                "width": round(BAR_WIDTH * value / top, 1),
                "value_x": round(LABEL_WIDTH + BAR_WIDTH * value / top + 6, 1),
            }
        )
    return {
        "items": items,
        "height": max(len(rows) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "width": LABEL_WIDTH + BAR_WIDTH + 60,
        "label_x": LABEL_WIDTH - 8,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


def shares(parts: list[tuple[str, int]]) -> dict[str, Any]:
    """One stacked bar split into parts, with each part's percentage."""
    total = sum(value for _label, value in parts)
    x = 0.0
    items = []
    for index, (label, value) in enumerate(parts):
        width = 1000 * value / total if total else 0
        share = round(100 * value / total) if total else 0
        items.append(
            {
                "label": label,
                "value": value,
                "share": share,
                "x": round(x, 1),
                "width": round(width, 1),
                "text_x": round(x + 10, 1),
                "series": index + 1,
            }
        )
        x += width
    return {"items": items, "total": total}


def _nice_max(value: int) -> int:
    """The smallest of 1, 2, 5 x 10^n not below value (at least 5).

    >>> _nice_max(37), _nice_max(3), _nice_max(120)
    (50, 5, 200)
    """
    nice = 5
    scale = 1
    while True:
        for base in (1, 2, 5):
            if base * scale >= max(value, 5):
                return max(base * scale, nice)
        scale *= 10


def _ticks(top: int) -> list[int]:
    return [top * n // 4 for n in range(5)]
