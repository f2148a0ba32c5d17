"""Derive the Korean DMZ line of the flashpoint layer from packaged data (no hand-drawn line).

The Military Demarcation Line as Natural Earth 1:10m draws it, i.e. the border North Korea and
South Korea share in npm ``world-atlas@2.0.2`` (public domain), becomes the geometry of
``FP-korean-dmz``.

Run: ``python scripts/derive_flashpoint_geometry.py`` (needs npm); it rewrites that geometry in
``data/geo/flashpoints.geojson`` and leaves every other feature untouched.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file: the repository root
from scripts.derive_boundaries import COORD_DECIMALS, ROOT, topojson_features, world_atlas_countries  # noqa: E402

FLASHPOINTS = ROOT / "data" / "geo" / "flashpoints.geojson"
DMZ_SOURCE = (
    "Military Demarcation Line as drawn by Natural Earth 1:10m (the North Korea–South Korea border), "
    "from npm world-atlas@2.0.2 (public domain); derived by scripts/derive_flashpoint_geometry.py"
)


def korean_demarcation_line() -> BaseGeometry:
    features = topojson_features(world_atlas_countries(), "countries")
    countries = {f["properties"]["name"]: shape(f["geometry"]) for f in features}
    north, south = countries["North Korea"], countries["South Korea"]
    shared = shapely.line_merge(north.boundary.intersection(south.boundary))
    if shared.is_empty or shared.length < 2:  # the MDL is about 2.5 degrees of longitude long
        raise SystemExit(f"unexpected North–South Korea border in world-atlas: length {shared.length:.2f} deg")
    return shapely.set_precision(shared, 10**-COORD_DECIMALS)


def main() -> None:
    doc = json.loads(FLASHPOINTS.read_text(encoding="utf-8"))
    for feature in doc["features"]:
        props = feature["properties"]
        if props["id"] == "FP-korean-dmz":
            feature["geometry"] = mapping(korean_demarcation_line())
            props["coord_source"] = DMZ_SOURCE
    FLASHPOINTS.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{FLASHPOINTS.relative_to(ROOT)}: DMZ line derived")


if __name__ == "__main__":
    main()
