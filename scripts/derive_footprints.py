"""Derive facility footprints from the OpenStreetMap extract in data/sources/osm-military-japan/.

Writes two files under data/geo/:

- ``footprints.geojson``: one Polygon per facility whose OSM outline passed every check, with
  its geodesic area, the published area, a ``partial`` flag and a representative point that is
  guaranteed to lie inside the outline.
- ``footprint_candidates.csv``: every pairing of an OSM record with a facility that was
  considered (by name or by the reviewed alias table below), with the decision and its reason.

How a record becomes a footprint:

1. Match. Names are compared after normalisation (NFKC, so full- and half-width agree; no spaces,
   ・ or hyphens; leading 米軍/米海軍/防衛省/陸上自衛隊…, and one trailing 航空基地/飛行場/基地/
   中演習場/演習場 removed; 通信施設/通信所/通信基地 compared as 通信), in Japanese and English.
   Names that normalisation cannot pair are in ``ALIASES``, each reviewed by hand; pairings that
   look alike but are not shown to be the same place are in ``NOT_THE_SAME``: listed as doubtful,
   never kept.
2. Geometry. ``p`` is a ring of [lat, lng] pairs: swapped to lon/lat, closed, repaired with
   ``make_valid``; where repair splits it, the largest piece is kept if the others are slivers
   (at most ``MAX_SLIVER`` of its area, from a bow-tie at a simplified vertex), else it is rejected.
3. Location. The representative point must lie in the facility's prefecture and one of its
   stated municipalities according to reversejp (as ``basemap.locate`` checks facility points),
   inside the prefecture's polygon in prefectures.geojson, and at most ``MAX_OTHER_PREFECTURE``
   of the outline may lie in another prefecture. An outline of a facility with a published area
   that crosses the border by more than that, but by at most ``MAX_CLIPPED``, is first clipped to
   its prefecture as prefectures.geojson draws it (North Fuji: the facility's prefecture states
   it lies in Yamanashi, while its OSM outline runs down to East Fuji's across the border the
   JMA data draws); the reason says how much was cut, and the area check below (which a clip
   without a published area could not pass honestly) applies to the clipped outline.
4. Area (geodesic, WGS84). Against the facility's published area: above ``REJECT_ABOVE`` times
   it the outline is rejected, because it is most likely the whole SDF base or range of which
   only a part is provided to U.S. forces (SOFA 2-4(b) sites, shared airfields); below
   ``PARTIAL_BELOW`` times it the outline is kept with ``partial: true`` (a fragment: OSM keeps one
   member way of a relation). Where no area is published the ratio cannot be checked: the outline
   is kept, ``partial`` is false and the candidates file says the area was not checked.
5. More than one record passing for one facility: none is kept (ambiguous), all are listed.

Run: ``python scripts/derive_footprints.py``. The output is committed; the app never runs this.
The script stops if the raw file's hash changes. Running it twice gives identical bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from pyproj import Geod
from shapely.geometry import Polygon, mapping
from shapely.geometry.base import BaseGeometry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from basemap.locate import jma_municipality, municipality_key  # noqa: E402

GEO_DIR = ROOT / "data" / "geo"
RAW_PATH = ROOT / "data" / "sources" / "osm-military-japan" / "jsdf.json"
RAW_SHA256 = "0410f8318a20ffb0f13d516dea1d44ff8e959910690c24f97a850d6a0f1b8272"
REPOSITORY = "yasuokun-pro/heli-nav-pwa"
COMMIT = "3cefa305f680aeaed0d93e298cb388116e678e13"
LICENSE = "ODbL 1.0, © OpenStreetMap contributors (https://www.openstreetmap.org/copyright)"

PARTIAL_BELOW = 0.5  # footprint < 50% of the published area: kept, marked partial
REJECT_ABOVE = 2.0  # footprint > 2x the published area: rejected (more than the provided area)
MAX_OTHER_PREFECTURE = 0.05  # share of the outline allowed in another prefecture's polygon
MAX_CLIPPED = 0.25  # share of an outline (of a facility with a published area) that may be clipped off at the border
MAX_SLIVER = 0.01  # a repaired ring may shed pieces of at most 1% of the main part (bow-tie at a simplified vertex)
COORD_DECIMALS = 6  # the raw rings have 5 decimals; the representative point is rounded to 6

# OSM name -> facility id, for names normalisation cannot pair. Each pairing was reviewed:
# same place, same kind of facility (the checks below still apply).
ALIASES: dict[str, str] = {
    "Combined Arms Training Center Camp Fuji": "FAC3127",  # 富士営舎地区 = Camp Fuji (CATC)
    "Kyogamisaki Communications Site": "JP-kyogamisaki-cs",  # plural in OSM
    "USAF Fukuoka Air and Mobility Command (AMC) Terminal,": "JP-itazuke-af",  # 板付飛行場 (Fukuoka Airport)
    "米海軍佐世保基地": "FAC5029",  # 佐世保海軍施設 (Fleet Activities Sasebo)
    "三沢基地 車力分屯基地": "JP-shariki",  # the ASDF site that holds the U.S. Shariki radar site
    "霞目飛行場": "FAC2066",  # 霞の目飛行場: same airfield, two spellings
    "然別演習場": "JP-shikaoi-shikaribetsu",  # 鹿追然別中演習場
    "小谷演習場": "JP-aomori-kotani",  # 青森小谷演習場
    "岩手山演習場": "JP-iwate-iwatesan",  # 岩手岩手山中演習場
    "饗庭野演習場": "FAC4164",  # 今津饗庭野中演習場
    "大矢野原演習場": "FAC5123",  # 大矢野原・霧島演習場 (one of its two areas)
    "霧島演習場": "FAC5123",  # 大矢野原・霧島演習場 (the other area)
    "石垣駐屯地 八重山警備隊": "FAC6095",  # 石垣駐屯地
    "東千歳演習場": "FAC1067",  # 北海道・千歳演習場 (see the notes in the candidates file)
    "名寄射撃場": "JP-nayoro",  # 名寄演習場?
    "近文台分屯地": "JP-asahikawa-chikabumidai",  # 旭川近文台演習場?
}

# Pairings that look alike but are not shown to be the same facility: listed as doubtful, never kept.
NOT_THE_SAME: dict[tuple[str, str], str] = {
    ("東千歳演習場", "FAC1067"): (
        "北海道・千歳演習場 is a composite of the Hokkaido large maneuver area and the Chitose range; "
        "this OSM outline is one of its parts (the 東千歳 district, ja Wikipedia 北海道大演習場) and no published "
        "area lets us tell which share it is; not drawn, but its representative point is the facility's point"
    ),
    ("名寄射撃場", "JP-nayoro"): "a firing range near Nayoro, not shown to be the 名寄演習場 provided",
    ("近文台分屯地", "JP-asahikawa-chikabumidai"): (
        "the OSM outline is the GSDF sub-camp 近文台分屯地, not the 近文台演習場 training area"
    ),
}

_PREFIXES = (
    "米国海兵隊",
    "米海軍",
    "米空軍",
    "米陸軍",
    "米軍",
    "防衛省",
    "陸上自衛隊",
    "海上自衛隊",
    "航空自衛隊",
    "自衛隊",
)
_SUFFIXES = ("航空基地", "飛行場", "基地", "中演習場", "演習場")
_COMMUNICATION = re.compile(r"通信(施設|基地|所)$")
_DROP = re.compile(r"[\s・･\-‐–—_,.()（）]")


@dataclass(frozen=True)
class Record:
    """One record of the raw file (its position in the file keeps duplicates apart)."""

    index: int
    name: str
    lat: float
    lng: float
    ring: tuple[tuple[float, float], ...]  # (lat, lng) pairs as in the file
    origin: str  # where a point without a ring comes from


def load_records(path: Path = RAW_PATH) -> list[Record]:
    """The raw records, after checking the file is the one whose provenance is recorded."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != RAW_SHA256:
        raise SystemExit(f"{path}: sha256 {digest}, expected {RAW_SHA256}; update the provenance first")
    doc = json.loads(data)
    return [
        Record(i, r["n"], r["lat"], r["lng"], tuple(tuple(pair) for pair in r.get("p", [])), _origin(r))
        for i, r in enumerate(doc["f"])
    ]


def _origin(raw: dict) -> str:
    if raw.get("w") == 1:
        return "a Japanese Wikipedia point"
    if raw.get("g") == 1:
        return "a point geocoded from an address by the GSI geocoder"
    return "an OSM point"


def name_key(name: str) -> str:
    """A name reduced to what identifies the place (see the module docstring)."""
    key = _DROP.sub("", unicodedata.normalize("NFKC", name)).casefold()
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
            break
    key = _COMMUNICATION.sub("通信", key)
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def record_keys(record: Record) -> set[str]:
    """Keys of a record; "English - 日本語" names count as both."""
    return {name_key(part) for part in record.name.split(" - ")}


def facility_keys(props: dict) -> set[str]:
    """Keys of a facility: Japanese name, English name and each English name in parentheses."""
    names = [props["name_ja"], props["name_en"], *re.findall(r"\(([^)]*)\)", props["name_en"])]
    names.append(re.sub(r"\s*\([^)]*\)", "", props["name_en"]))
    return {name_key(n) for n in names if n.strip()}


def ring_polygon(ring: tuple[tuple[float, float], ...]) -> tuple[Polygon | None, str]:
    """The outline as a lon/lat Polygon (closed, repaired), or None and why not."""
    coords = [(lng, lat) for lat, lng in ring]
    if len(coords) < 3:
        return None, "invalid: fewer than 3 vertices"
    if coords[0] != coords[-1]:
        coords.append(coords[0])
    polygon = Polygon(coords)
    if polygon.is_valid:
        return shapely.orient_polygons(polygon), "valid"
    repaired = shapely.make_valid(polygon)
    parts = sorted(
        (g for g in getattr(repaired, "geoms", [repaired]) if isinstance(g, Polygon) and not g.is_empty),
        key=lambda g: g.area,
        reverse=True,
    )
    reason = shapely.is_valid_reason(polygon)
    if not parts:
        return None, f"invalid: {reason}; repair leaves no polygon"
    slivers = sum(g.area for g in parts[1:])
    if slivers > MAX_SLIVER * parts[0].area:
        return None, f"invalid: {reason}; repair gives {len(parts)} polygons of comparable size"
    dropped = f", dropped {len(parts) - 1} sliver(s) of {slivers / parts[0].area:.1%}" if len(parts) > 1 else ""
    return shapely.orient_polygons(parts[0]), f"repaired ({reason}{dropped})"


_GEOD = Geod(ellps="WGS84")


def geodesic_km2(geometry: BaseGeometry) -> float:
    return abs(_GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def clip_to_prefecture(polygon: Polygon, code: str, prefectures: gpd.GeoSeries) -> tuple[Polygon, str]:
    """The outline without its part in other prefectures, and a note, when that part is more than
    ``MAX_OTHER_PREFECTURE`` but at most ``MAX_CLIPPED`` of it and the cut leaves one piece (slivers
    aside); else the outline unchanged (the border rule in ``check`` then decides) and no note.
    Only other prefectures' land is cut: an outline reaching into the sea (a port) keeps that part."""
    others = prefectures.drop(index=code)
    crossed = others[others.intersects(polygon)]
    elsewhere = polygon.intersection(shapely.union_all(list(crossed)))
    share = elsewhere.area / polygon.area
    if not MAX_OTHER_PREFECTURE < share <= MAX_CLIPPED:
        return polygon, ""
    kept = shapely.transform(polygon.difference(elsewhere), lambda xy: xy.round(COORD_DECIMALS))
    parts = sorted((g for g in getattr(kept, "geoms", [kept]) if isinstance(g, Polygon)), key=lambda g: -g.area)
    if not parts or not parts[0].is_valid or sum(g.area for g in parts[1:]) > MAX_SLIVER * parts[0].area:
        return polygon, ""
    note = (
        f"; clipped to prefecture {code} as prefectures.geojson draws it: {share:.0%} "
        f"({geodesic_km2(elsewhere):.2f} km²) in prefecture {', '.join(sorted(crossed.index))} cut off"
    )
    return shapely.orient_polygons(parts[0]), note


@dataclass(frozen=True)
class Candidate:
    record: Record
    facility: dict
    matched_by: str


def candidates(records: list[Record], facilities: list[dict]) -> list[Candidate]:
    """Every (record, facility) pairing by normalised name or alias."""
    by_id = {f["properties"]["id"]: f["properties"] for f in facilities}
    found: list[Candidate] = []
    for record in records:
        keys = record_keys(record)
        for props in by_id.values():
            if keys & facility_keys(props):
                found.append(Candidate(record, props, "name"))
        if record.name in ALIASES:
            found.append(Candidate(record, by_id[ALIASES[record.name]], "alias"))
    return found


@dataclass(frozen=True)
class Outcome:
    candidate: Candidate
    decision: str  # kept, partial, rejected, doubtful
    reason: str
    polygon: Polygon | None = None
    area_km2: float | None = None
    point: tuple[float, float] | None = None
    municipality: str = ""


def check(candidate: Candidate, prefectures: gpd.GeoSeries) -> Outcome:
    """Apply the geometry, location and area rules to one candidate."""
    record, props = candidate.record, candidate.facility
    not_same = NOT_THE_SAME.get((record.name, props["id"]))
    if not record.ring:
        return Outcome(candidate, "rejected", f"no outline in the extract (only {record.origin})")
    polygon, geometry_note = ring_polygon(record.ring)
    if polygon is None:
        return Outcome(candidate, "rejected", geometry_note)
    if props.get("area_km2"):
        polygon, clip_note = clip_to_prefecture(polygon, props["prefecture_code"], prefectures)
        geometry_note += clip_note
    area = round(geodesic_km2(polygon), 4)
    rp = polygon.representative_point()
    point = (round(rp.x, COORD_DECIMALS), round(rp.y, COORD_DECIMALS))
    if not polygon.contains(shapely.Point(point)):
        raise SystemExit(f"record {record.name!r}: rounded representative point {point} left the outline")
    found = jma_municipality(*point)
    seen = f"{found[1]} ({found[0]})" if found else ""

    def outcome(decision: str, reason: str) -> Outcome:
        return Outcome(candidate, decision, reason, polygon, area, point, seen)

    if not_same:
        return outcome("doubtful", not_same)
    if found is None:
        return outcome("rejected", "reversejp has no municipality at the representative point")
    code = props["prefecture_code"]
    if found[0][:2] != code:
        return outcome("rejected", f"wrong prefecture: {found[1]} is in prefecture {found[0][:2]}, facility in {code}")
    stated = {municipality_key(m) for m in props["municipalities_ja"]}
    if not stated:
        return outcome("doubtful", f"municipality not stated for the facility (reversejp: {found[1]})")
    if municipality_key(found[1]) not in stated:
        return outcome("rejected", f"wrong municipality: {found[1]}, stated {'/'.join(props['municipalities_ja'])}")
    own = prefectures.loc[code]
    if not own.covers(shapely.Point(point)):
        return outcome("rejected", "representative point outside the prefecture polygon")
    others = prefectures.drop(index=code)
    elsewhere = {c: polygon.intersection(g).area for c, g in others[others.intersects(polygon)].items()}
    if sum(elsewhere.values()) > MAX_OTHER_PREFECTURE * polygon.area:
        shares = ", ".join(f"{share / polygon.area:.0%} in prefecture {c}" for c, share in sorted(elsewhere.items()))
        return outcome("rejected", f"outline crosses the prefecture border: {shares}")
    published = props.get("area_km2")
    if not published:
        return outcome("kept", f"{geometry_note}; area not checked (no published area)")
    ratio = area / published
    if ratio > REJECT_ABOVE:
        return outcome(
            "rejected",
            f"area implausible: {ratio:.2f}x the published area (likely the whole SDF site, not the provided part)",
        )
    if ratio < PARTIAL_BELOW:
        return outcome("partial", f"{geometry_note}; {ratio:.2f}x the published area (a fragment)")
    return outcome("kept", f"{geometry_note}; {ratio:.2f}x the published area")


def resolve(outcomes: list[Outcome]) -> list[Outcome]:
    """Two or more passing records for one facility: none is kept."""
    passing: dict[str, list[Outcome]] = {}
    for o in outcomes:
        if o.decision in ("kept", "partial"):
            passing.setdefault(o.candidate.facility["id"], []).append(o)
    resolved = []
    for o in outcomes:
        rivals = passing.get(o.candidate.facility["id"], [])
        if len(rivals) > 1 and o in rivals:
            names = ", ".join(sorted(r.candidate.record.name for r in rivals))
            o = Outcome(o.candidate, "doubtful", f"ambiguous: several records pass ({names})", o.polygon, o.area_km2)
        resolved.append(o)
    return resolved


def _sort_key(o: Outcome) -> tuple:
    return (o.candidate.facility["id"], o.candidate.record.name, o.candidate.record.index)


def footprint_feature(o: Outcome) -> dict:
    props, record = o.candidate.facility, o.candidate.record
    if o.polygon is None or o.point is None:
        raise ValueError(f"{props['id']}: a kept footprint has a polygon and a point")
    geometry = mapping(o.polygon)
    geometry = {"type": "Polygon", "coordinates": [[list(xy) for xy in ring] for ring in geometry["coordinates"]]}
    return {
        "type": "Feature",
        "properties": {
            "facility_id": props["id"],
            "osm_name": record.name,
            "area_km2_footprint": o.area_km2,
            "area_km2_published": props.get("area_km2"),
            "partial": o.decision == "partial",
            "point_lon": o.point[0],
            "point_lat": o.point[1],
            "source": f"OpenStreetMap (ODbL), via {REPOSITORY}@{COMMIT} jsdf.json, record '{record.name}'",
            "license": LICENSE,
        },
        "geometry": geometry,
    }


CSV_FIELDS = (
    "facility_id",
    "facility_name_ja",
    "osm_name",
    "osm_record",
    "matched_by",
    "decision",
    "reason",
    "area_km2_footprint",
    "area_km2_published",
    "reversejp_municipality",
)


def candidates_csv(outcomes: list[Outcome]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    for o in outcomes:
        props, record = o.candidate.facility, o.candidate.record
        writer.writerow(
            {
                "facility_id": props["id"],
                "facility_name_ja": props["name_ja"],
                "osm_name": record.name,
                "osm_record": record.index,
                "matched_by": o.candidate.matched_by,
                "decision": o.decision,
                "reason": o.reason,
                "area_km2_footprint": "" if o.area_km2 is None else f"{o.area_km2:.4f}",
                "area_km2_published": "" if props.get("area_km2") is None else props["area_km2"],
                "reversejp_municipality": o.municipality,
            }
        )
    return buffer.getvalue()


def derive(records: list[Record], facilities: list[dict], prefectures: gpd.GeoSeries) -> tuple[dict, str]:
    """(footprints FeatureCollection, candidates CSV text)."""
    found = candidates(records, facilities)
    unique = {(c.record.index, c.facility["id"]): c for c in found}  # an alias that the name rule also found
    outcomes = sorted(resolve([check(c, prefectures) for c in unique.values()]), key=_sort_key)
    kept = [o for o in outcomes if o.decision in ("kept", "partial")]
    collection = {"type": "FeatureCollection", "features": [footprint_feature(o) for o in kept]}
    return collection, candidates_csv(outcomes)


def main(out_dir: Path = GEO_DIR) -> None:
    records = load_records()
    facilities = json.loads((GEO_DIR / "facilities.geojson").read_text(encoding="utf-8"))["features"]
    prefectures = gpd.read_file(GEO_DIR / "prefectures.geojson").set_index("prefecture_code").geometry
    collection, table = derive(records, facilities, prefectures)
    # one feature per line: compact like prefectures.geojson, yet a change shows as a one-facility diff
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    (out_dir / "footprints.geojson").write_text(text, encoding="utf-8")
    (out_dir / "footprint_candidates.csv").write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
