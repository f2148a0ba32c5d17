"""Every export format, read back with an independent reader, holds the filtered layer: the same
features and attributes, Japanese text intact, formulas neutralised, metadata present."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import time
import zipfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import box

from basemap.catalog import LAYERS
from basemap.cite import app_version
from basemap.export import layers as export_layers
from basemap.export.bundle import bundle
from basemap.export.csv import formula_like, neutralise, to_csv
from basemap.export.flat import attributes
from basemap.export.formats import formats_for
from basemap.export.geojson import to_geojson
from basemap.export.geopackage import table_names, to_geopackage
from basemap.export.html import to_html
from basemap.export.layers import ExportLayer, planned_layers, prefecture_summary
from basemap.export.meta import ExportMeta, filter_slug, layer_metadata
from basemap.export.shapefile import SHAPEFILE_PARTS, short_field_names, to_shapefile_zip
from basemap.filters import FilterState, apply_filters
from basemap.load import load_layer
from basemap.maps.assets import local_path, offline_files, vendor_url
from basemap.maps.standalone import inline_assets
from basemap.summary import headline
from tests.factories import export_facilities, footprints_for, prefecture_squares
from tests.support.layers import atlas_layers

DAY = date(2026, 11, 24)
TEXT_COLUMNS = ("id", "name_en", "name_ja", "function", "notes", "status_note", "municipalities_ja", "sources")


@pytest.fixture
def okinawa() -> FilterState:
    return FilterState(prefectures=["47"], include_returned=True)


@pytest.fixture
def layers(okinawa) -> list[ExportLayer]:
    return atlas_layers(apply_filters(export_facilities(), okinawa), prefecture_squares(), okinawa)


@pytest.fixture
def facilities(layers) -> ExportLayer:
    return layers[0]


@pytest.fixture(scope="module")
def real_facilities() -> gpd.GeoDataFrame:
    return load_layer("facilities").frame


@pytest.fixture
def meta(okinawa) -> ExportMeta:
    return ExportMeta.of(okinawa, DAY)


def flat(value: object) -> object:
    """What a flat format holds for a value: lists joined, missing as None."""
    if isinstance(value, list):
        return " | ".join(json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v) for v in value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def expected(layer: ExportLayer, column: str) -> list[object]:
    return [flat(v) for v in layer.data[column]]


def wkts(geometries: gpd.GeoSeries) -> list[str | None]:
    return [None if g is None else g.wkt for g in geometries]


def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# --- layers and names -----------------------------------------------------------------------


def test_layers_follow_the_filter(layers):
    names = [layer.name for layer in layers]
    assert names == ["usfj-facilities", "usfj-facility-parts", "usfj-returned-facilities", "usfj-prefectures"]
    current, parts, returned, prefectures = layers
    assert list(current.data["id"]) == ["FAC6037", "FAC6099", "JP-unlocated"]  # Okinawa, counted once each
    assert list(parts.data["id"]) == ["FAC6100"]  # a part of FAC6037: its own layer, not counted twice
    assert list(returned.data["id"]) == ["FAC6101"]
    assert list(prefectures.data["prefecture_code"]) == ["47"]


def test_facility_layers_flag_the_records_without_a_location(layers):
    current = layers[0]
    assert list(current.data["located"]) == [True, True, False]
    assert current.unlocated_names == ["Test facility JP-unlocated"]


@pytest.mark.parametrize(
    "state",
    [
        FilterState(),
        FilterState.of(prefectures=["47"]),
        FilterState.of(prefectures=["47"], include_returned=True),
        FilterState.of(services=["Marine Corps"]),
        FilterState.of(categories=["2-1(a)"], include_returned=True),
        FilterState.of(prefectures=["14"]),
    ],
)
def test_the_facility_download_holds_the_headline_count(state):
    shown = apply_filters(export_facilities(), state)
    [facilities] = [layer for layer in atlas_layers(shown, None, state) if layer.name == "usfj-facilities"]
    figures = headline(shown)
    assert len(facilities.data) == figures.count
    assert facilities.located == figures.located
    assert layer_metadata(facilities, ExportMeta.of(state, DAY))["records"] == figures.count


@pytest.mark.parametrize(
    "state", [FilterState(), FilterState.of(prefectures=["47"]), FilterState.of(regions=["Kanto"], services=["Navy"])]
)
def test_the_facility_download_holds_the_headline_count_of_the_real_data(real_facilities, state):
    shown = apply_filters(real_facilities, state)
    facilities = atlas_layers(shown, None, state)[0]
    assert len(facilities.data) == headline(shown).count
    assert facilities.located == headline(shown).located


def test_no_part_of_a_facility_and_no_returned_facility_is_lost_or_doubled(layers, okinawa):
    ids = [i for layer in layers if "id" in layer.data for i in layer.data["id"]]
    assert sorted(ids) == sorted(apply_filters(export_facilities(), okinawa)["id"])


def test_returned_layer_only_when_the_filter_shows_returned_facilities():
    state = FilterState()
    layers = atlas_layers(apply_filters(export_facilities(), state), prefecture_squares(), state)
    assert [layer.name for layer in layers] == ["usfj-facilities", "usfj-facility-parts", "usfj-prefectures"]
    assert "FAC6101" not in set(layers[0].data["id"])


def test_the_parts_layer_only_when_the_view_has_parts():
    state = FilterState.of(prefectures=["14"])
    layers = atlas_layers(apply_filters(export_facilities(), state), prefecture_squares(), state)
    assert [layer.name for layer in layers] == ["usfj-facilities", "usfj-prefectures"]


def test_prefecture_summary_counts_and_exclusive_area():
    facilities = export_facilities()
    current = facilities[facilities["status"] != "returned"]
    summary = prefecture_summary(prefecture_squares(), current).set_index("prefecture_code")
    # Okinawa: FAC6037, FAC6099 (2-4(b): not exclusive), JP-unlocated (no area); FAC6100 is part of FAC6037
    assert summary.loc["47", "facility_count"] == 3
    assert summary.loc["47", "exclusive_use_area_km2"] == pytest.approx(19.855)
    assert summary.loc["14", "facility_count"] == 1
    assert summary.loc["14", "exclusive_use_area_km2"] == pytest.approx(2.3)


@pytest.mark.parametrize(
    ("state", "slug"),
    [
        (FilterState(), "all"),
        (FilterState(prefectures=["47"]), "okinawa"),
        (FilterState(prefectures=["47", "14"], services=["Marine Corps"]), "kanagawa-okinawa_marine-corps"),
        (FilterState(categories=["2-4(b)"], include_returned=True), "2-4-b_with-returned"),
        (FilterState(prefectures=["01", "02", "03", "04"]), "4-prefectures"),
        (FilterState(prefectures=["47"], municipalities=["47209"]), "okinawa_nago-city"),
    ],
)
def test_filter_slug(state, slug):
    assert filter_slug(state) == slug


def test_file_names_say_what_is_inside(meta):
    assert meta.filename("usfj-facilities", "geojson") == "usfj-facilities_okinawa_with-returned_2026-11-24.geojson"
    assert ExportMeta.of(FilterState(prefectures=["47"]), DAY).filename("usfj-facilities", "geojson") == (
        "usfj-facilities_okinawa_2026-11-24.geojson"
    )


def test_metadata_names_sources_license_filter_version_and_dates(facilities, meta):
    info = layer_metadata(facilities, meta)
    assert info["filter"] == "prefecture: Okinawa; returned facilities included"
    assert info["exported"] == "2026-11-24"
    assert info["app"].endswith(app_version())
    assert info["as_of"].startswith("2020-01-01")
    assert info["records"] == 3
    assert info["records_with_location"] == 2
    assert info["sources"][0]["license"] == LAYERS["facilities"].sources[0].license


# --- GeoJSON --------------------------------------------------------------------------------


def test_geojson_reads_back_with_pyogrio(facilities, meta):
    data = to_geojson(facilities, meta)
    back = pyogrio.read_dataframe(io.BytesIO(data))
    assert list(back["id"]) == list(facilities.data["id"])
    assert list(back["name_ja"]) == ["嘉手納飛行場", "試験施設", "位置未確認の施設"]
    assert list(back["located"]) == [True, True, False]
    assert list(back["sources"][0]) == facilities.data["sources"].iloc[0]
    assert wkts(back.geometry) == wkts(facilities.data.geometry)  # the unlocated record is kept, geometry null
    assert list(back["elevation_m"].fillna(999)) == [-3.5, 12.0, 999]


def test_geojson_is_rfc7946_with_metadata_member(facilities, meta):
    doc = json.loads(to_geojson(facilities, meta))
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc
    assert doc["metadata"]["filter"] == meta.filter_text
    assert doc["metadata"]["sources"][0]["attribution"]
    assert doc["features"][2]["geometry"] is None
    assert doc["features"][1]["properties"]["name_en"].startswith("=HYPERLINK")  # data, not a spreadsheet: kept
    assert "嘉手納飛行場".encode() in to_geojson(facilities, meta)  # UTF-8, not \\u escapes


# --- CSV ------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())  # the BOM that makes Excel read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_every_record_with_lat_lon_wkt(facilities, meta):
    rows = read_csv(to_csv(facilities, meta))
    assert [r["id"] for r in rows] == list(facilities.data["id"])
    assert rows[0]["name_ja"] == "嘉手納飛行場"
    assert rows[0]["municipalities_ja"] == "嘉手納町 | 沖縄市"
    assert rows[0]["sources"] == " | ".join(facilities.data["sources"].iloc[0])
    assert json.loads(rows[0]["area_history"])["source"] == "防衛省"
    assert (float(rows[0]["lat"]), float(rows[0]["lon"])) == (26.3516, 127.7677)
    assert rows[0]["wkt"] == "POINT (127.7677 26.3516)"
    assert rows[2]["lat"] == rows[2]["lon"] == rows[2]["wkt"] == ""  # no location: empty, still listed
    for column in ("area_km2", "area_as_of", "as_of", "service"):
        assert [r[column] for r in rows] == ["" if v is None else str(v) for v in expected(facilities, column)]


def test_csv_neutralises_formulas_in_text_but_not_negative_numbers(facilities, meta):
    rows = read_csv(to_csv(facilities, meta))
    tricky = rows[1]
    assert tricky["name_en"] == '\'=HYPERLINK("http://example.invalid","click")'
    assert tricky["function"] == "'+SUM(A1:A9)"
    assert tricky["notes"] == "'@cmd|' /C calc'!A0"
    assert tricky["status_note"] == "'-2+3"
    assert rows[0]["elevation_m"] == "-3.5"  # a numeric column: a real negative number
    assert not [v for row in rows for k, v in row.items() if k != "elevation_m" and formula_like(v)]


@pytest.mark.parametrize(
    "text", [" =1+1", "\t=1+1", "\r\n@SUM(A1)", "  -2+3", "＝1+1", "＋1", "－1", "＠A1", "\u3000＝1", "\ttext", "\nx"]
)
def test_csv_guard_sees_formulas_after_whitespace_and_in_full_width(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["text", "a=b", "1-2", "", " ", "嘉手納"])
def test_csv_guard_leaves_plain_text_alone(text):
    assert neutralise(text) == text


def test_every_format_and_the_bundle_give_the_same_bytes_twice(layers, meta):
    """Same data and filter, same file: no clock in GeoPackage tables or zip entries, a fixed entry order."""

    def build() -> dict[str, bytes]:
        files = {f"{layer.name}.{fmt.key}": fmt.write(layer, meta) for layer in layers for fmt in formats_for(layer)}
        files["gpkg"] = to_geopackage(layers, meta)
        files["bundle"] = bundle(layers, meta, b"<html></html>")
        return files

    first = build()
    time.sleep(1.1)  # GDAL's own timestamps have a resolution of one second
    assert build() == first


def test_csv_carries_the_metadata(facilities, meta):
    row = read_csv(to_csv(facilities, meta))[0]
    assert row["meta_filter"] == meta.filter_text
    assert row["meta_license"] == LAYERS["facilities"].sources[0].license
    assert row["meta_exported"].startswith("2026-11-24 by ")


def test_csv_of_polygons_gives_a_point_inside(layers, meta):
    rows = read_csv(to_csv(layers[3], meta))
    assert rows[0]["name_ja"] == "沖縄県"
    assert rows[0]["wkt"].startswith("MULTIPOLYGON")
    shape = layers[3].data.geometry.iloc[0]
    assert shape.contains(gpd.points_from_xy([float(rows[0]["lon"])], [float(rows[0]["lat"])])[0])


def test_csv_of_a_plain_table(meta):
    table = ExportLayer("usfj-table", "A table", pd.DataFrame({"year": [2024], "label": ["=1+1"]}), (), "2024")
    assert [f.key for f in formats_for(table)] == ["csv"]
    [row] = read_csv(to_csv(table, meta))
    assert row["year"] == "2024"
    assert row["label"] == "'=1+1"
    assert "lat" not in row


# --- GeoPackage -----------------------------------------------------------------------------


def test_geopackage_has_every_layer_as_a_table(layers, meta, tmp_path: Path):
    table = ExportLayer("usfj-hns", "Host-nation support", pd.DataFrame({"year": [2024], "円": ["億"]}), (), "")
    path = tmp_path / "gpkg"
    path.write_bytes(to_geopackage([*layers, table], meta))
    found = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert found == {
        "usfj_facilities": "Point",
        "usfj_facility_parts": "Point",
        "usfj_returned_facilities": "Point",
        "usfj_prefectures": "MultiPolygon",
        "usfj_hns": None,
        "export_metadata": None,
    }
    back = pyogrio.read_dataframe(path, layer="usfj_facilities")
    assert list(back["id"]) == list(layers[0].data["id"])
    assert wkts(back.geometry) == wkts(layers[0].data.geometry)
    for column in TEXT_COLUMNS:
        assert [flat(v) for v in back[column]] == expected(layers[0], column), column
    assert list(back["area_km2"].fillna(-1)) == [-1 if v is None else v for v in expected(layers[0], "area_km2")]
    prefectures = pyogrio.read_dataframe(path, layer="usfj_prefectures")
    assert list(prefectures["facility_count"]) == [3] == [len(layers[0].data)]
    assert list(prefectures["name_ja"]) == ["沖縄県"]
    assert pyogrio.read_dataframe(path, layer="usfj_hns", read_geometry=False)["円"].tolist() == ["億"]
    metadata = pyogrio.read_dataframe(path, layer="export_metadata", read_geometry=False)
    rows = {(r.table_name, r.key): r.value for r in metadata.itertuples()}
    assert rows[("usfj_facilities", "filter")] == meta.filter_text
    assert rows[("usfj_facilities", "source_1_license")] == LAYERS["facilities"].sources[0].license


OSM_CREDIT = "© OpenStreetMap contributors, ODbL"


@pytest.fixture
def outlined(okinawa) -> list[ExportLayer]:
    """The Okinawa view's layers with footprints: one for Kadena (in the view), one for FAC3099 (Kanagawa, not)."""
    shown = apply_filters(export_facilities(), okinawa)
    x, y = 127.7677, 26.3516
    footprints = footprints_for(
        ("FAC6037", box(x - 0.02, y - 0.02, x + 0.02, y + 0.02), False, 19.855),
        ("FAC3099", box(139.6, 35.25, 139.7, 35.3), True, 2.3),
    )
    return atlas_layers(shown, prefecture_squares(), okinawa, footprints)


def footprint_export(layers: list[ExportLayer]) -> ExportLayer:
    [layer] = [layer for layer in layers if layer.name == "usfj-facility-footprints"]
    return layer


def test_footprints_are_a_polygon_layer_of_the_facilities_in_the_view(outlined, okinawa):
    assert [layer.name for layer in outlined] == [
        "usfj-facilities",
        "usfj-facility-parts",
        "usfj-returned-facilities",
        "usfj-facility-footprints",
        "usfj-prefectures",
    ]
    layer = footprint_export(outlined)
    assert list(layer.data["facility_id"]) == ["FAC6037"]  # FAC3099 is in Kanagawa, outside the view
    assert list(layer.data["name_en"]) == ["Test facility FAC6037"]
    assert layer.data.geometry.geom_type.tolist() == ["Polygon"]
    assert OSM_CREDIT in [source.attribution for source in layer.sources]
    kanagawa = FilterState(prefectures=["14"], municipalities=["47209"])  # nothing shown: no footprint layer
    shown = apply_filters(export_facilities(), kanagawa)
    assert "usfj-facility-footprints" not in [lay.name for lay in atlas_layers(shown, None, kanagawa, None)]


def test_a_view_s_layers_are_named_before_any_is_built(outlined, okinawa, monkeypatch):
    shown = apply_filters(export_facilities(), okinawa)
    footprints = footprints_for(("FAC6037", box(127.74, 26.33, 127.79, 26.37), False, 19.855))
    for builder in ("_facility_layer", "_footprint_layer", "_prefecture_layer"):
        monkeypatch.setattr(export_layers, builder, lambda *args: pytest.fail("built while only named"))
    planned = planned_layers(shown, prefecture_squares(), okinawa, footprints)
    assert [(p.name, p.title) for p in planned] == [(layer.name, layer.title) for layer in outlined]
    assert [formats_for(p) for p in planned] == [formats_for(layer) for layer in outlined]


def test_footprints_are_polygons_with_the_osm_credit_in_every_format(outlined, meta, tmp_path: Path):
    layer = footprint_export(outlined)
    outline = layer.data.geometry.iloc[0]
    files = {fmt.key: fmt.write(layer, meta) for fmt in formats_for(layer)}
    assert set(files) >= {"geojson", "kmz", "shp"}

    doc = json.loads(files["geojson"])
    assert [f["geometry"]["type"] for f in doc["features"]] == ["Polygon"]
    assert OSM_CREDIT in [source["attribution"] for source in doc["metadata"]["sources"]]
    assert (
        gpd.read_file(io.BytesIO(files["geojson"])).geometry.iloc[0].equals(outline)
    )  # the same area (a Shapefile turns outer rings clockwise)

    kml = read_zip(files["kmz"])["doc.kml"].decode("utf-8")
    assert kml.count("<Polygon>") == 1 and "<Point>" not in kml
    assert OSM_CREDIT in kml

    shapefile = read_zip(files["shp"])
    folder = tmp_path / "shp"
    folder.mkdir()
    for name, data in shapefile.items():
        (folder / name).write_bytes(data)
    [shp] = folder.glob("*.shp")
    back = pyogrio.read_dataframe(shp)
    assert back.geometry.geom_type.tolist() == ["Polygon"]
    assert back.geometry.iloc[0].equals(outline)  # the same area (a Shapefile turns outer rings clockwise)
    assert OSM_CREDIT in shapefile["README.txt"].decode("utf-8")

    path = tmp_path / "view.gpkg"
    path.write_bytes(to_geopackage(outlined, meta))
    assert dict(pyogrio.list_layers(path))["usfj_facility_footprints"] == "Polygon"
    metadata = pyogrio.read_dataframe(path, layer="export_metadata", read_geometry=False)
    rows = {(r.table_name, r.key): r.value for r in metadata.itertuples()}
    assert rows[("usfj_facility_footprints", "source_1_attribution")] == OSM_CREDIT


def mixed_layer() -> ExportLayer:
    """A flashpoint-like layer: points, a multipoint, a line and a polygon."""
    shapes = [
        "POINT (124 25)",
        "MULTIPOINT ((123 24), (123.5 24.5))",
        "LINESTRING (124 37, 127 38)",
        "POLYGON ((0 0, 1 0, 1 1, 0 0))",
    ]
    data = gpd.GeoDataFrame({"id": ["a", "b", "c", "d"]}, geometry=gpd.GeoSeries.from_wkt(shapes), crs="EPSG:4326")
    return ExportLayer("usfj-flashpoints", "Flashpoints", data, (), "2025")


def test_geopackage_has_one_geometry_type_per_table(meta, tmp_path: Path):
    path = tmp_path / "mixed.gpkg"
    path.write_bytes(to_geopackage([mixed_layer()], meta))
    found = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert found == {
        "usfj_flashpoints_points": "MultiPoint",
        "usfj_flashpoints_lines": "MultiLineString",
        "usfj_flashpoints_polygons": "MultiPolygon",
        "export_metadata": None,
    }
    assert list(found) == table_names([mixed_layer()])
    for table, ids in (("points", ["a", "b"]), ("lines", ["c"]), ("polygons", ["d"])):
        back = pyogrio.read_dataframe(path, layer=f"usfj_flashpoints_{table}")
        assert list(back["id"]) == ids
        assert set(back.geometry.geom_type) == {found[f"usfj_flashpoints_{table}"]}
    metadata = pyogrio.read_dataframe(path, layer="export_metadata", read_geometry=False)
    assert set(metadata["table_name"]) == {
        "usfj_flashpoints_points",
        "usfj_flashpoints_lines",
        "usfj_flashpoints_polygons",
    }


def test_bundle_readme_lists_the_geopackage_tables(meta):
    readme = read_zip(bundle([mixed_layer()], meta))["README.txt"].decode()
    assert "one geometry type each" in readme
    for name in ("usfj_flashpoints_points", "usfj_flashpoints_lines", "usfj_flashpoints_polygons", "export_metadata"):
        assert f"  {name}\n" in readme


# --- Shapefile ------------------------------------------------------------------------------


def test_short_field_names_are_unique_and_at_most_10_characters():
    names = short_field_names(["prefecture_code", "abcdefghijkl", "abcdefghijXY", "ABCDEFGHIJ", "id"])
    assert names["prefecture_code"] == "pref_code"
    assert names["id"] == "id"
    assert all(len(short) <= 10 for short in names.values())
    assert len({short.lower() for short in names.values()}) == len(names)


def test_shapefile_zip_reads_back_with_pyogrio(facilities, meta, tmp_path: Path):
    files = read_zip(to_shapefile_zip(facilities, meta))
    stem = "usfj-facilities_okinawa_with-returned_2026-11-24"
    assert set(files) == {f"{stem}{ext}" for ext in SHAPEFILE_PARTS} | {"FIELDS.txt", "README.txt"}
    assert files[f"{stem}.cpg"].decode().strip() == "UTF-8"
    assert "WGS_1984" in files[f"{stem}.prj"].decode() or "WGS 84" in files[f"{stem}.prj"].decode()
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    back = pyogrio.read_dataframe(tmp_path / f"{stem}.shp")
    names = short_field_names(attributes(facilities.data).columns)
    assert all(len(c) <= 10 for c in back.columns if c != "geometry")
    assert list(back[names["id"]]) == list(facilities.data["id"])
    assert wkts(back.geometry) == wkts(facilities.data.geometry)
    for column in TEXT_COLUMNS:
        assert [flat(v) for v in back[names[column]]] == expected(facilities, column), column
    assert list(back[names["prefecture_ja"]]) == ["沖縄県"] * 3
    assert list(back[names["located"]]) == [1, 1, 0]
    fields = files["FIELDS.txt"].decode()
    assert re.search(r"^munic_ja\s+municipalities_ja$", fields, re.MULTILINE)
    readme = files["README.txt"].decode()
    assert meta.filter_text in readme
    assert "License:" in readme
    assert meta.app_version in readme
    assert "1 of the 3 records has no sourced location and are rows with an empty shape" in readme
    assert "  Test facility JP-unlocated\n" in readme


def test_shapefile_cuts_long_text_on_a_character_boundary_and_says_so(meta, tmp_path: Path):
    state = FilterState(prefectures=["14"])
    layer = atlas_layers(apply_filters(export_facilities(), state), None, state)[0]
    files = read_zip(to_shapefile_zip(layer, meta))
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    [shp] = tmp_path.glob("*.shp")
    note = pyogrio.read_dataframe(shp)["notes"][0]
    assert len(note.encode()) <= 254
    assert layer.data["notes"][0].startswith(note)
    assert "record 1, field notes (notes): cut to 254 bytes" in files["README.txt"].decode()


# --- HTML -----------------------------------------------------------------------------------


@pytest.fixture
def html(layers, meta, okinawa) -> str:
    shown = apply_filters(export_facilities(), okinawa)
    return to_html(None, prefecture_squares(), shown, okinawa, layers, meta).decode()


def test_html_needs_no_network(html):
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert "@import" not in html
    assert "L.map(" in html
    assert "Leaflet" in html  # Leaflet itself is inside


def test_html_shows_the_filtered_facilities_and_metadata(html, meta):
    assert set(re.findall(r'data-facility-id=\\?"([\w-]+)', html)) == {"FAC6037", "FAC6099", "FAC6100", "FAC6101"}
    assert json.dumps("嘉手納飛行場")[1:-1] in html  # inside the embedded layer data (JSON escapes)
    assert f"Filter: {meta.filter_text}" in html
    assert "About this map" in html
    assert "<title>U.S.–Japan alliance atlas — prefecture: Okinawa" in html


def test_html_is_deterministic(layers, meta, okinawa):
    shown = apply_filters(export_facilities(), okinawa)
    first = to_html(None, prefecture_squares(), shown, okinawa, layers, meta)
    assert to_html(None, prefecture_squares(), shown, okinawa, layers, meta) == first


def test_inline_assets_also_resolves_the_apps_local_urls():
    leaflet_js = next(url for url in offline_files() if url.endswith("/leaflet.js"))  # folium-offline's copy
    local = vendor_url("/app/static/") + local_path(leaflet_js)
    page = inline_assets(f'<head>\n<script src="{local}"></script>')
    assert "<script src" not in page
    assert len(page) > 100_000
    with pytest.raises(KeyError, match="no offline copy"):
        inline_assets('<head><script src="https://example.invalid/x.js"></script>')


# --- bundle ---------------------------------------------------------------------------------


def test_bundle_has_every_layer_in_every_format_and_a_readme(layers, meta):
    files = read_zip(bundle(layers, meta, b"<html></html>"))
    for layer in layers:
        for extension in ("geojson", "csv", "kmz"):
            assert meta.filename(layer.name, extension) in files
        assert any(name.startswith(f"shapefile/{layer.name}/") and name.endswith(".shp") for name in files)
    assert meta.filename("usfj-atlas", "gpkg") in files
    assert files[meta.filename("usfj-map", "html")] == b"<html></html>"
    readme = files["README.txt"].decode()
    assert meta.filter_text in readme
    assert "UTF-8 with a byte-order mark" in readme
    assert all(name in readme for name in files if name != "README.txt")
