"""The OpenStreetMap footprints (data/geo/footprints.geojson) and their derivation script."""

import csv
import importlib.util
import json
import sys

import jsonschema
import pytest
import reversejp
import shapely
from pyproj import Geod
from shapely.geometry import shape

from basemap.load import load_layer
from basemap.paths import DATA_DIR, SCHEMA_DIR

ROOT = DATA_DIR.parents[1]
_spec = importlib.util.spec_from_file_location("derive_footprints", ROOT / "scripts" / "derive_footprints.py")
derive = importlib.util.module_from_spec(_spec)
sys.modules["derive_footprints"] = derive  # dataclasses look their module up while the script loads
_spec.loader.exec_module(derive)

FOOTPRINTS = json.loads((DATA_DIR / "footprints.geojson").read_text(encoding="utf-8"))["features"]
FACILITIES = {
    f["properties"]["id"]: f for f in json.loads((DATA_DIR / "facilities.geojson").read_text("utf-8"))["features"]
}
DERIVED = "derived: representative point of the OpenStreetMap footprint"


def _ids(features):
    return [f["properties"]["facility_id"] for f in features]


@pytest.fixture(scope="module")
def prefectures():
    return load_layer("prefectures").frame.set_index("prefecture_code").geometry


def test_footprints_exist_and_follow_the_schema():
    assert len(FOOTPRINTS) >= 45
    validator = jsonschema.Draft202012Validator(json.loads((SCHEMA_DIR / "footprints.schema.json").read_text()))
    for feature in FOOTPRINTS:
        assert list(validator.iter_errors(feature["properties"])) == [], feature["properties"]["facility_id"]


def test_every_footprint_is_a_valid_polygon_of_an_existing_facility_once():
    ids = _ids(FOOTPRINTS)
    assert len(ids) == len(set(ids))
    for feature in FOOTPRINTS:
        assert feature["properties"]["facility_id"] in FACILITIES
        polygon = shape(feature["geometry"])
        assert polygon.geom_type == "Polygon", _ids([feature])
        assert polygon.is_valid, _ids([feature])
        assert not polygon.is_empty, _ids([feature])


def test_the_representative_point_lies_inside_its_footprint():
    for feature in FOOTPRINTS:
        props = feature["properties"]
        assert shape(feature["geometry"]).contains(shapely.Point(props["point_lon"], props["point_lat"])), props


def test_no_footprint_lies_outside_its_facility_prefecture(prefectures):
    for feature in FOOTPRINTS:
        props = feature["properties"]
        code = FACILITIES[props["facility_id"]]["properties"]["prefecture_code"]
        polygon = shape(feature["geometry"])
        found = [p.code for p in reversejp.find_properties(props["point_lon"], props["point_lat"]) if len(p.code) == 7]
        assert found, props["facility_id"]
        assert found[0][:2] == code, props["facility_id"]
        assert prefectures[code].intersection(polygon).area > 0.5 * polygon.area, props["facility_id"]
        other = sum(g.intersection(polygon).area for c, g in prefectures.items() if c != code)
        assert other <= 0.05 * polygon.area, props["facility_id"]


def test_areas_and_the_partial_flag_follow_the_rule():
    geod = Geod(ellps="WGS84")
    for feature in FOOTPRINTS:
        props = feature["properties"]
        area = abs(geod.geometry_area_perimeter(shape(feature["geometry"]))[0]) / 1e6
        assert area == pytest.approx(props["area_km2_footprint"], abs=1e-4)
        published = FACILITIES[props["facility_id"]]["properties"]["area_km2"]
        assert props["area_km2_published"] == published
        if published is None:
            assert props["partial"] is False
        else:
            assert area <= 2.0 * published, props["facility_id"]
            assert props["partial"] is (area < 0.5 * published), props["facility_id"]


def test_every_kept_footprint_is_listed_as_kept_and_every_candidate_has_a_reason():
    with (DATA_DIR / "footprint_candidates.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["decision"] for r in rows} <= {"kept", "partial", "rejected", "doubtful"}
    assert all(r["reason"].strip() and r["facility_id"] in FACILITIES for r in rows)
    kept = {(r["facility_id"], r["osm_name"]) for r in rows if r["decision"] in ("kept", "partial")}
    assert kept == {(f["properties"]["facility_id"], f["properties"]["osm_name"]) for f in FOOTPRINTS}
    partial = {r["facility_id"] for r in rows if r["decision"] == "partial"}
    assert partial == {f["properties"]["facility_id"] for f in FOOTPRINTS if f["properties"]["partial"]}


def test_a_facility_point_derived_from_a_footprint_is_that_footprint_point():
    points = {f["properties"]["facility_id"]: f["properties"] for f in FOOTPRINTS}
    derived = [f for f in FACILITIES.values() if (f["properties"]["coord_source"] or "").startswith(DERIVED)]
    assert derived
    for facility in derived:
        fp = points[facility["properties"]["id"]]
        assert facility["geometry"]["coordinates"] == [fp["point_lon"], fp["point_lat"]]
        assert f"record '{fp['osm_name']}'" in facility["properties"]["coord_source"]


def test_the_derivation_is_deterministic_and_matches_the_committed_files(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    derive.main(first)
    derive.main(second)
    for name in ("footprints.geojson", "footprint_candidates.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
        assert (first / name).read_bytes() == (DATA_DIR / name).read_bytes(), (
            f"re-run scripts/derive_footprints.py ({name})"
        )


def test_a_changed_raw_file_stops_the_derivation(tmp_path):
    changed = tmp_path / "jsdf.json"
    changed.write_bytes(derive.RAW_PATH.read_bytes().replace(b"\xe7\xb1\xb3", b"\xe6\x97\xa5", 1))  # 米 -> 日
    with pytest.raises(SystemExit, match="sha256"):
        derive.load_records(changed)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("米海軍佐世保基地", "佐世保"),
        ("米国海兵隊 岩国航空基地", "岩国"),
        ("岩国飛行場", "岩国"),
        ("上富良野中演習場", "上富良野"),
        ("所沢通信基地", "所沢通信"),
        ("所沢通信施設", "所沢通信"),
        ("キャンプ・ハンセン", "キャンプハンセン"),
        ("ｷｬﾝﾌﾟ･ﾊﾝｾﾝ", "キャンプハンセン"),  # half-width katakana
        ("東千歳駐屯地", "東千歳駐屯地"),  # 駐屯地 stays: 東千歳演習場 is another place
        ("基地", "基地"),  # never reduced to nothing
    ],
)
def test_name_key_normalises_carefully(name, key):
    assert derive.name_key(name) == key


def test_ring_is_read_as_lat_lng_closed_and_repaired():
    polygon, note = derive.ring_polygon(((26.0, 127.0), (26.0, 127.1), (26.1, 127.1), (26.1, 127.0)))
    assert note == "valid"
    assert polygon.bounds == (127.0, 26.0, 127.1, 26.1)
    # a ring crossing itself with a tiny second lobe keeps the main part ...
    lobe = ((0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.01, 1.01), (0.995, 1.01), (1.0, 0.0))
    polygon, note = derive.ring_polygon(lobe)
    assert polygon is not None
    assert polygon.is_valid
    assert note.startswith("repaired")
    assert polygon.area == pytest.approx(1.0, abs=0.01)
    # ... but a figure eight (two lobes of the same size) is rejected
    polygon, note = derive.ring_polygon(((0.0, 0.0), (1.0, 1.0), (0.0, 1.0), (1.0, 0.0)))
    assert polygon is None
    assert "comparable size" in note


@pytest.fixture
def two_prefectures():
    """Prefecture 01 west of x = 1, prefecture 02 east of it; the sea north of y = 1."""
    import geopandas as gpd

    return gpd.GeoSeries({"01": shapely.box(0, 0, 1, 1), "02": shapely.box(1, 0, 2, 1)})


@pytest.mark.parametrize(
    ("east", "clipped"),
    [
        (1.03, False),  # 3% across the border: within the tolerance, left to the border rule
        (1.2, True),  # about 17% across: clipped
        (1.5, False),  # a third across: too much to call the rest the facility, left to the border rule (rejected)
    ],
)
def test_an_outline_crossing_the_border_a_little_is_clipped_to_its_prefecture(two_prefectures, east, clipped):
    outline = shapely.box(0.2, 0.2, east, 0.8)
    result, note = derive.clip_to_prefecture(outline, "01", two_prefectures)
    if clipped:
        assert result.equals(shapely.box(0.2, 0.2, 1, 0.8))
        assert "clipped to prefecture 01" in note
        assert "in prefecture 02 cut off" in note
    else:
        assert result is outline
        assert note == ""


def test_clipping_keeps_the_part_of_an_outline_in_the_sea(two_prefectures):
    port = shapely.box(0.5, 0.5, 0.9, 1.3)  # 40% over the sea, none in another prefecture
    assert derive.clip_to_prefecture(port, "01", two_prefectures) == (port, "")


def test_north_fuji_is_clipped_to_yamanashi_and_its_area_checked_on_the_clipped_part():
    with (DATA_DIR / "footprint_candidates.csv").open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["facility_id"] == "JP-kita-fuji")
    assert row["decision"] == "kept"
    assert "clipped to prefecture 19" in row["reason"]
    assert "in prefecture 22 cut off" in row["reason"]
    assert float(row["area_km2_footprint"]) == pytest.approx(44.25, abs=0.01)
    assert row["reason"].endswith("0.96x the published area")


def test_without_a_published_area_an_outline_crossing_the_border_is_not_clipped(prefectures):
    record = next(r for r in derive.load_records() if r.name == "北富士演習場")
    facility = {**FACILITIES["JP-kita-fuji"]["properties"], "area_km2": None}
    outcome = derive.check(derive.Candidate(record, facility, "name"), prefectures)
    assert outcome.decision == "rejected"
    assert outcome.reason == "outline crosses the prefecture border: 18% in prefecture 22"


PART = "derived: representative point of the OpenStreetMap outline of a part of the facility"


def test_a_point_derived_from_a_part_is_the_representative_point_of_that_parts_outline(prefectures):
    """A composite facility (no footprint drawn) may take its point from the outline of one part, listed as
    doubtful in the candidates file with a reason that says the point is used."""
    with (DATA_DIR / "footprint_candidates.csv").open(encoding="utf-8", newline="") as handle:
        rows = {(r["facility_id"], r["osm_name"]): r for r in csv.DictReader(handle)}
    records = {r.name: r for r in derive.load_records()}
    derived = [f for f in FACILITIES.values() if (f["properties"]["coord_source"] or "").startswith(PART)]
    assert [f["properties"]["id"] for f in derived] == ["FAC1067"]
    for facility in derived:
        props = facility["properties"]
        name = props["coord_source"].split("record '")[1].split("'")[0]
        row = rows[(props["id"], name)]
        assert row["decision"] == "doubtful"
        assert "its representative point is the facility's point" in row["reason"]
        outcome = derive.check(derive.Candidate(records[name], props, row["matched_by"]), prefectures)
        assert facility["geometry"]["coordinates"] == list(outcome.point)
        assert props["id"] not in _ids(FOOTPRINTS)
