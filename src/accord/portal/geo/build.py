"""Rebuild `world.json` (country outlines as SVG paths) from the npm package
world-atlas 2.0.2 (`countries-110m.json`, TopoJSON made from Natural Earth's
1:110m Admin 0 countries; Natural Earth is public domain, world-atlas is ISC
licensed). Run by hand when the geometry should change, never at run time:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m accord.portal.geo.build package/countries-110m.json

Countries are keyed by ISO 3166-1 alpha-2 code (mapped from the file's numeric
codes with pycountry); Antarctica is left out; the projection is equirectangular,
cropped to latitudes 84N..57S (rings crossing the antimeridian run off the
right edge), coordinates rounded to 0.1 unit in a 1000-unit-wide
view box to keep the file small.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

import pycountry

WIDTH = 1000.0
NORTH, SOUTH = 84.0, -57.0
# Features without a numeric ISO code in Natural Earth, named in the file.
BY_NAME = {"Kosovo": "XK", "N. Cyprus": None, "Somaliland": None}
LEFT_OUT = {"AQ"}
OUTPUT = Path(__file__).with_name("world.json")


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[Any]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (Chukotka, Fiji) continues east past
    180 degrees instead of drawing a line across the whole map."""
    crosses = any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(points))
    if not crosses:
        return points
    return [(lon + 360 if lon < 0 else lon, lat) for lon, lat in points]


def project(lon: float, lat: float) -> tuple[float, float]:
    scale = WIDTH / 360
    return (lon + 180) * scale, (NORTH - max(min(lat, NORTH), SOUTH)) * scale


def path_of(polygons: list[list[list[int]]], arcs: list[Any]) -> str:
    parts = []
    for polygon in polygons:
        for indexes in polygon:
            points = [project(*p) for p in unwrap(ring(indexes, arcs))]
            kept: list[tuple[float, float]] = []
            for x, y in points:
                point = (round(x, 1), round(y, 1))
                if not kept or point != kept[-1]:
                    kept.append(point)
            if len(kept) < 3:
                continue
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in kept) + "Z")
    return "".join(parts)


def alpha2(geometry: dict[str, Any]) -> str | None:
    name = geometry.get("properties", {}).get("name", "")
    if "id" not in geometry:
        return BY_NAME.get(name)
    country = pycountry.countries.get(numeric=str(geometry["id"]).zfill(3))
    return country.alpha_2 if country else BY_NAME.get(name)


def build(source: Path) -> dict[str, Any]:
    topology = json.loads(source.read_text())
    arcs = decode_arcs(topology)
    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = alpha2(geometry)
        if code is None or code in LEFT_OUT:
            continue
        polygons = (
            [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        )
        countries[code] = path_of(polygons, arcs)
    height = round((NORTH - SOUTH) * WIDTH / 360, 1)
    return {
        "source": "world-atlas 2.0.2 countries-110m.json (Natural Earth, "
        "public domain)",
        "viewBox": f"0 0 {WIDTH:g} {height:g}",
        "countries": dict(sorted(countries.items())),
    }


if __name__ == "__main__":
    data = build(Path(sys.argv[1]))
    OUTPUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{len(data['countries'])} countries, {OUTPUT.stat().st_size} bytes")
