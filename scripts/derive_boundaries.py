"""Derive the offline basemap layers from installable packages.

Writes three files under data/geo/:

- ``prefectures.geojson``: the 47 prefectures of Japan, every outlying island included,
  dissolved from the Japan Meteorological Agency municipal areas that PyPI ``reversejp``
  embeds (ZIP members inside its compiled module; the package has no geometry API).
- ``land.geojson``: land and countries of East Asia from npm ``world-atlas`` (Natural Earth
  1:10m, public domain), clipped to the region; Japan itself is left out because the
  prefectures are drawn in its place. The JMA "hoppo" area (the Northern Territories) is kept
  as its own feature, as JMA publishes it.
- ``municipalities.geojson``: the JMA municipal areas of every prefecture that holds a facility
  record, one feature per municipality (JMA forecast sub-areas such as 仙台市東部/西部 dissolved
  into their municipality), with its 5-digit code (JIS X 0402 without the check digit: the first
  five digits of the JMA area code) and JMA's Japanese and English names. Simplified as one
  coverage at about the source's own detail (the JMA polygons have a vertex every ~800 m), so
  shared borders stay shared.

Run: ``python scripts/derive_boundaries.py`` (needs npm to fetch world-atlas; the output is
committed, so the app never runs this); ``python scripts/derive_boundaries.py municipalities``
writes only the municipalities (no network). The script fails loudly if the packaged data changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import struct
import subprocess
import sys
import tarfile
import tempfile
import zlib
from pathlib import Path
from typing import Any

import geopandas as gpd
import reversejp
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from basemap.prefectures import PREFECTURES  # noqa: E402

REVERSEJP_VERSION = "0.1.1"
WORLD_ATLAS = "world-atlas@2.0.2"
EXPECTED_MEMBERS = {f"landslides_{i}.json" for i in range(10)}
EXPECTED_AREA_COUNT = 1855
REGION_RECT = (100.0, 0.0, 160.0, 52.0)  # lon/lat box of the offline basemap
PREFECTURE_TOLERANCE_DEG = 0.005  # ~500 m: keeps islets, ~21k vertices in all
LAND_TOLERANCE_DEG = 0.01  # ~1 km
# Visvalingam area tolerance (coverage_simplify): removes little below the source's ~800 m vertex
# spacing (median shift ~70 m); all 29 facility prefectures come to ~95k vertices.
MUNICIPALITY_TOLERANCE_DEG = 0.002
GEO_DIR = ROOT / "data" / "geo"
_EN_PART = re.compile(r"^(?:.*, )?(?:Eastern |Western |Northern |Southern )?(.+?)(?: \(.*\))?$")
_JA_END = re.compile(r"^(.*[市町村区])")
COORD_DECIMALS = 4  # ~10 m, far below the simplification tolerance


def reversejp_members() -> dict[str, dict]:
    """Read the GeoJSON ZIP members embedded in reversejp's compiled module."""
    from importlib.metadata import version

    if version("reversejp") != REVERSEJP_VERSION:
        raise SystemExit(f"reversejp {version('reversejp')} installed, {REVERSEJP_VERSION} expected")
    blob = next(Path(reversejp.__file__).parent.glob("reversejp*.so")).read_bytes()
    members: dict[str, dict] = {}
    for match in re.finditer(rb"PK\x03\x04", blob):
        start = match.start()
        header = struct.unpack("<IHHHHHIIIHH", blob[start : start + 30])
        method, crc, csize, name_len, extra_len = header[3], header[6], header[7], header[9], header[10]
        if method != 8 or name_len > 64:
            continue
        name = blob[start + 30 : start + 30 + name_len].decode("ascii", "replace")
        body = start + 30 + name_len + extra_len
        raw = zlib.decompress(blob[body : body + csize], -15)
        if zlib.crc32(raw) != crc:
            raise SystemExit(f"CRC mismatch in embedded member {name}")
        members[name] = json.loads(raw)
    found = {n for n in members if n.startswith("landslides_")}
    if found != EXPECTED_MEMBERS:
        raise SystemExit(f"reversejp members changed: {sorted(found)}")
    return {n: members[n] for n in sorted(EXPECTED_MEMBERS)}


def municipal_areas() -> gpd.GeoDataFrame:
    """All JMA municipal areas as one GeoDataFrame (code, Japanese name, English name, geometry)."""
    rows = []
    for doc in reversejp_members().values():
        for feature in doc["features"]:
            props = feature["properties"]
            geometry = polygonal(shape(feature["geometry"]))
            rows.append(
                {"code": str(props["code"]), "name": props["name"], "en": props["enName"], "geometry": geometry}
            )
    if len(rows) != EXPECTED_AREA_COUNT:
        raise SystemExit(f"{len(rows)} municipal areas, {EXPECTED_AREA_COUNT} expected")
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """Keep Polygon and MultiPolygon parts after make_valid (drop stray lines/points)."""
    geom = shapely.make_valid(geom)
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def prefectures(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Dissolve municipal areas into 47 prefectures; simplify them as one coverage."""
    areas = areas.assign(pref=areas["code"].str[:2])
    japan = areas[areas["pref"].str.isdigit()]
    dissolved = japan.dissolve(by="pref", as_index=False)
    geoms = [polygonal(g) for g in dissolved.geometry]
    simplified = shapely.coverage_simplify(geoms, PREFECTURE_TOLERANCE_DEG)
    rows = []
    for code, geom in zip(dissolved["pref"], simplified, strict=True):
        pref = PREFECTURES[code]
        geom = shapely.set_precision(polygonal(geom), 10**-COORD_DECIMALS)
        rows.append(
            {
                "prefecture_code": code,
                "name_en": pref.name_en,
                "name_ja": pref.name_ja,
                "region": pref.region,
                "geometry": geom,
            }
        )
    if len(rows) != 47:
        raise SystemExit(f"{len(rows)} prefectures, 47 expected")
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def northern_territories(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The JMA 'hoppo' area, simplified like the prefectures."""
    hoppo = areas[~areas["code"].str[:2].str.isdigit()]
    if len(hoppo) != 1:
        raise SystemExit(f"{len(hoppo)} non-numeric JMA areas, 1 (hoppo) expected")
    geom = polygonal(hoppo.geometry.iloc[0].simplify(PREFECTURE_TOLERANCE_DEG))
    geom = shapely.set_precision(geom, 10**-COORD_DECIMALS)
    return gpd.GeoDataFrame(
        [{"name": "Northern Territories (JMA area 'hoppo')", "kind": "jma_area", "geometry": geom}],
        crs="EPSG:4326",
    )


def municipality_names(names: list[str], en_names: list[str]) -> tuple[str, str]:
    """The municipality's (Japanese, English) name from the names of its JMA areas.

    A municipality JMA splits into sub-areas (秋田市秋田 + 秋田市河辺雄和; "Eastern Sendai City",
    "Kushiro, Kushiro City", "Sasebo City (Uku Area)") is named by what its areas share; the script
    stops when they share no municipality name, rather than guess one.
    """
    if len(names) == 1 and not re.search(r"(東部|西部|南部|北部)$", names[0]):
        return names[0], en_names[0]
    ja = _JA_END.match(os.path.commonprefix(names))
    en = {_EN_PART.match(name).group(1) for name in en_names}  # type: ignore[union-attr]
    if ja is None or len(en) != 1:
        raise SystemExit(f"no shared municipality name in JMA areas {names} / {en_names}")
    return ja.group(1), en.pop()


def facility_prefectures() -> list[str]:
    """Codes of the prefectures that hold at least one facility record (any status)."""
    doc = json.loads((GEO_DIR / "facilities.geojson").read_text(encoding="utf-8"))
    return sorted({feature["properties"]["prefecture_code"] for feature in doc["features"]})


def municipalities(areas: gpd.GeoDataFrame, prefecture_codes: list[str]) -> gpd.GeoDataFrame:
    """One feature per municipality of the given prefectures, simplified as one coverage."""
    areas = areas[areas["code"].str[:2].isin(prefecture_codes)].assign(municipality=areas["code"].str[:5])
    rows: list[dict[str, Any]] = []
    for code, group in areas.groupby("municipality", sort=True):
        assert isinstance(code, str)  # the first five characters of an area code
        name_ja, name_en = municipality_names(list(group["name"]), list(group["en"]))
        geometry = polygonal(shapely.union_all(list(group.geometry)))
        rows.append(
            {"code": code, "prefecture_code": code[:2], "name_ja": name_ja, "name_en": name_en, "geometry": geometry}
        )
    names = [(row["prefecture_code"], row["name_ja"]) for row in rows]
    if len(set(names)) != len(names):
        raise SystemExit("two municipalities of one prefecture share a name")
    simplified = shapely.coverage_simplify([row["geometry"] for row in rows], MUNICIPALITY_TOLERANCE_DEG)
    for row, geometry in zip(rows, simplified, strict=True):
        row["geometry"] = shapely.set_precision(polygonal(geometry), 10**-COORD_DECIMALS)
        if row["geometry"].is_empty or not row["geometry"].is_valid:
            raise SystemExit(f"municipality {row['code']} empty or invalid after simplification")
        largest = max(shapely.get_parts(row["geometry"]), key=lambda part: part.area)
        label = largest.point_on_surface()  # where the map writes the name: inside the largest part
        row["label_lon"], row["label_lat"] = round(label.x, COORD_DECIMALS), round(label.y, COORD_DECIMALS)
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def world_atlas_countries() -> dict:
    """Fetch world-atlas from the npm registry with `npm pack` and read countries-10m."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", WORLD_ATLAS, "--silent"], cwd=tmp, check=True, capture_output=True)
        tgz = next(Path(tmp).glob("world-atlas-*.tgz"))
        with tarfile.open(tgz) as tar:
            member = tar.extractfile("package/countries-10m.json")
            if member is None:
                raise SystemExit("countries-10m.json missing from world-atlas")
            raw = member.read()
    print("world-atlas countries-10m.json sha256", hashlib.sha256(raw).hexdigest())
    return json.load(io.BytesIO(raw))


def topojson_features(topo: dict, obj: str) -> list[dict]:
    """Decode one TopoJSON object (quantized, delta-encoded arcs) into GeoJSON features."""
    scale, translate = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        coords: list[tuple[float, float]] = []
        for i in indexes:
            points = arcs[i] if i >= 0 else arcs[~i][::-1]
            coords.extend(points[1:] if coords else points)
        return coords

    features = []
    for geom in topo["objects"][obj]["geometries"]:
        polygons = {"Polygon": [geom.get("arcs")], "MultiPolygon": geom.get("arcs")}.get(geom["type"])
        if polygons is None:
            continue
        # Rings of fewer than 4 points are degenerate slivers of the 1:10m data: skip them.
        coordinates = [[rg for rg in map(ring, poly) if len(rg) >= 4] for poly in polygons]
        coordinates = [poly for poly in coordinates if poly]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": geom.get("properties", {}).get("name", "")},
                "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
            }
        )
    return features


def land(hoppo: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Countries of the region except Japan, clipped and simplified, plus the hoppo area."""
    rows = []
    for feature in topojson_features(world_atlas_countries(), "countries"):
        name = feature["properties"]["name"]
        if name == "Japan":
            continue
        geom = shapely.clip_by_rect(polygonal(shape(feature["geometry"])), *REGION_RECT)
        if geom.is_empty:
            continue
        geom = polygonal(geom.simplify(LAND_TOLERANCE_DEG))
        geom = shapely.set_precision(geom, 10**-COORD_DECIMALS)
        if not geom.is_empty:
            rows.append({"name": name, "kind": "country", "geometry": geom})
    rows.sort(key=lambda r: r["name"])
    countries = gpd.GeoDataFrame(rows, crs="EPSG:4326")
    return gpd.GeoDataFrame([*countries.to_dict("records"), *hoppo.to_dict("records")], crs="EPSG:4326")


def write(gdf: gpd.GeoDataFrame, name: str, out_dir: Path = GEO_DIR) -> None:
    """Write compact, stable GeoJSON (sorted rows, fixed precision)."""
    path = out_dir / name
    doc = json.loads(gdf.to_json(drop_id=True))
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    vertices = int(shapely.get_num_coordinates(gdf.geometry.values).sum())
    print(f"{path}: {len(gdf)} features, {vertices} vertices, {path.stat().st_size / 1024:.0f} KiB")


def write_municipalities(out_dir: Path = GEO_DIR) -> None:
    """Only the municipalities (no network needed: the tests re-run this)."""
    write(municipalities(municipal_areas(), facility_prefectures()), "municipalities.geojson", out_dir)


def main() -> None:
    areas = municipal_areas()
    if sys.argv[1:] != ["municipalities"]:
        write(prefectures(areas), "prefectures.geojson")
        write(land(northern_territories(areas)), "land.geojson")
    write(municipalities(areas, facility_prefectures()), "municipalities.geojson")


if __name__ == "__main__":
    main()
