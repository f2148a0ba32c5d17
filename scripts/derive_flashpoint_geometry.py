"""Derive the geometry of two flashpoints from packaged data (no hand-drawn lines).

- Korean DMZ (``FP-korean-dmz``): the Military Demarcation Line as Natural Earth 1:10m draws it,
  i.e. the border North Korea and South Korea share in npm ``world-atlas@2.0.2`` (public domain).
- Miyako Strait (``FP-miyako-strait``): the sourced line between the Okinawa and Miyako island
  reference points, clipped to its open-water part with ``prefectures.geojson`` so that distances
  measure to the strait, not to the islands on either side.

Run: ``python scripts/derive_flashpoint_geometry.py`` (needs npm); it rewrites those two
geometries in ``data/geo/flashpoints.geojson`` and leaves every other feature untouched.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import mapping, shape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from derive_boundaries import COORD_DECIMALS, ROOT, topojson_features, world_atlas_countries  # noqa: E402

FLASHPOINTS = ROOT / "data" / "geo" / "flashpoints.geojson"
DMZ_SOURCE = (
    "Military Demarcation Line as drawn by Natural Earth 1:10m (the North Korea–South Korea border), "
    "from npm world-atlas@2.0.2 (public domain); derived by scripts/derive_flashpoint_geometry.py"
)
CLIPPED_NOTE = " Clipped to the sea with prefectures.geojson by scripts/derive_flashpoint_geometry.py."


def korean_demarcation_line() -> shapely.Geometry:
    features = topojson_features(world_atlas_countries(), "countries")
    countries = {f["properties"]["name"]: shape(f["geometry"]) for f in features}
    north, south = countries["North Korea"], countries["South Korea"]
    shared = shapely.line_merge(north.boundary.intersection(south.boundary))
    if shared.is_empty or shared.length < 2:  # the MDL is about 2.5 degrees of longitude long
        raise SystemExit(f"unexpected North–South Korea border in world-atlas: length {shared.length:.2f} deg")
    return shapely.set_precision(shared, 10**-COORD_DECIMALS)


def sea_part(line: shapely.Geometry) -> shapely.Geometry:
    prefectures = gpd.read_file(ROOT / "data" / "geo" / "prefectures.geojson")
    okinawa = prefectures.loc[prefectures["prefecture_code"] == "47", "geometry"].iloc[0]
    pieces = getattr(line.difference(okinawa), "geoms", [line.difference(okinawa)])
    widest = max(pieces, key=lambda piece: piece.length)  # the open water, not a bay crossed on the way
    return shapely.set_precision(widest, 10**-COORD_DECIMALS)


def main() -> None:
    doc = json.loads(FLASHPOINTS.read_text(encoding="utf-8"))
    for feature in doc["features"]:
        props = feature["properties"]
        if props["id"] == "FP-korean-dmz":
            feature["geometry"] = mapping(korean_demarcation_line())
            props["coord_source"] = DMZ_SOURCE
        elif props["id"] == "FP-miyako-strait" and feature["geometry"]:
            feature["geometry"] = mapping(sea_part(shape(feature["geometry"])))
            if CLIPPED_NOTE not in props["coord_source"]:
                props["coord_source"] += CLIPPED_NOTE
    FLASHPOINTS.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{FLASHPOINTS.relative_to(ROOT)}: DMZ and Miyako Strait geometries derived")


if __name__ == "__main__":
    main()
