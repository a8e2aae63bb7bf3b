"""One-off: Finland's border as GeoJSON, from Natural Earth's Admin 0 countries (public domain)
as TopoJSON in the npm package world-atlas (ISC licence).

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_finland_outline.py package/countries-10m.json data/finland_outline.geojson

Decodes the TopoJSON arcs of Finland (ISO 3166-1 numeric 246) and writes its polygons with
coordinates rounded to 0.001° (about 100 m; the 1:10m source is coarser).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FINLAND = "246"
SOURCE = (
    "Made with Natural Earth (public domain): Admin 0 countries 1:10m, v4.1.0, "
    "as TopoJSON in world-atlas 2.0.2"
)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 3), round(y * sy + ty, 3)))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    deduped = [p for n, p in enumerate(points) if n == 0 or p != points[n - 1]]
    return [list(p) for p in deduped]


def main(source: str, out: str) -> None:
    topology = json.loads(Path(source).read_text())
    arcs = decode_arcs(topology)
    country = next(
        g for g in topology["objects"]["countries"]["geometries"] if g.get("id") == FINLAND
    )
    polygons = country["arcs"] if country["type"] == "MultiPolygon" else [country["arcs"]]
    geometry = {
        "type": "MultiPolygon",
        "coordinates": [[ring(r, arcs) for r in polygon] for polygon in polygons],
    }
    feature = {
        "type": "Feature",
        "properties": {"name": "Suomi – Finland", "source": SOURCE},
        "geometry": geometry,
    }
    collection = {"type": "FeatureCollection", "features": [feature]}
    Path(out).write_text(json.dumps(collection, separators=(",", ":")) + "\n")
    points = sum(len(r) for p in geometry["coordinates"] for r in p)
    print(f"{out}: {len(polygons)} polygons, {points} points")


if __name__ == "__main__":
    main(*sys.argv[1:3])
