"""Every export format, read back with an independent reader, holds the filtered layer: the same
features and attributes, Japanese text intact, formulas neutralised, metadata present."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import time
import xml.etree.ElementTree as ET
import zipfile
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from basemap.catalog import LAYERS
from basemap.export.bundle import bundle
from basemap.export.csv import formula_like, neutralise, to_csv
from basemap.export.flat import attributes
from basemap.export.formats import formats_for
from basemap.export.geojson import to_geojson
from basemap.export.geopackage import to_geopackage
from basemap.export.html import to_html
from basemap.export.kml import kml_color, to_kml
from basemap.export.layers import ExportLayer, atlas_layers, prefecture_summary
from basemap.export.meta import ExportMeta, app_version, filter_slug, layer_metadata
from basemap.export.shapefile import SHAPEFILE_PARTS, short_field_names, to_shapefile_zip
from basemap.filters import FilterState, apply_filters
from basemap.maps.assets import local_path, offline_files, vendor_url
from basemap.maps.standalone import inline_assets
from basemap.vocabulary import SERVICES
from tests.factories import export_facilities, prefecture_squares

DAY = date(2026, 11, 24)
KML_NS = {"k": "http://www.opengis.net/kml/2.2"}
TEXT_COLUMNS = ("id", "name_en", "name_ja", "function", "notes", "status_note", "municipalities_ja", "sources")


@pytest.fixture
def okinawa() -> FilterState:
    return FilterState.of(prefectures=["47"], include_returned=True)


@pytest.fixture
def layers(okinawa) -> list[ExportLayer]:
    return atlas_layers(apply_filters(export_facilities(), okinawa), prefecture_squares(), okinawa)


@pytest.fixture
def facilities(layers) -> ExportLayer:
    return layers[0]


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
    assert names == ["usfj-facilities", "usfj-returned-facilities", "usfj-prefectures"]
    current, returned, prefectures = layers
    assert set(current.data["id"]) == {"FAC6037", "FAC6099", "JP-unlocated", "FAC6100"}  # Okinawa, not returned
    assert list(returned.data["id"]) == ["FAC6101"]
    assert list(prefectures.data["prefecture_code"]) == ["47"]


def test_returned_layer_only_when_the_filter_shows_returned_facilities():
    state = FilterState()
    layers = atlas_layers(apply_filters(export_facilities(), state), prefecture_squares(), state)
    assert [layer.name for layer in layers] == ["usfj-facilities", "usfj-prefectures"]
    assert "FAC6101" not in set(layers[0].data["id"])


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
        (FilterState.of(prefectures=["47"]), "okinawa"),
        (FilterState.of(prefectures=["47", "14"], services=["Marine Corps"]), "kanagawa-okinawa_marine-corps"),
        (FilterState.of(categories=["2-4(b)"], include_returned=True), "2-4-b_with-returned"),
        (FilterState.of(prefectures=["01", "02", "03", "04"]), "4-prefectures"),
    ],
)
def test_filter_slug(state, slug):
    assert filter_slug(state) == slug


def test_file_names_say_what_is_inside(meta):
    assert meta.filename("usfj-facilities", "geojson") == "usfj-facilities_okinawa_with-returned_2026-11-24.geojson"
    assert ExportMeta.of(FilterState.of(prefectures=["47"]), DAY).filename("usfj-facilities", "geojson") == (
        "usfj-facilities_okinawa_2026-11-24.geojson"
    )


def test_metadata_names_sources_license_filter_version_and_dates(facilities, meta):
    info = layer_metadata(facilities, meta)
    assert info["filter"] == "prefecture: Okinawa; returned facilities included"
    assert info["exported"] == "2026-11-24"
    assert info["app"].endswith(app_version())
    assert info["as_of"].startswith("2020-01-01")
    assert info["records"] == 4
    assert info["records_with_location"] == 3
    assert info["sources"][0]["license"] == LAYERS["facilities"].sources[0].license


# --- GeoJSON --------------------------------------------------------------------------------


def test_geojson_reads_back_with_pyogrio(facilities, meta):
    data = to_geojson(facilities, meta)
    back = pyogrio.read_dataframe(io.BytesIO(data))
    assert list(back["id"]) == list(facilities.data["id"])
    assert list(back["name_ja"]) == ["嘉手納飛行場", "試験施設", "位置未確認の施設", "試験施設"]
    assert list(back["sources"][0]) == facilities.data["sources"].iloc[0]
    assert wkts(back.geometry) == wkts(facilities.data.geometry)  # the unlocated record is kept, geometry null
    assert list(back["elevation_m"].fillna(999)) == [-3.5, 12.0, 999, 999]


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
    rows = read_csv(to_csv(layers[2], meta))
    assert rows[0]["name_ja"] == "沖縄県"
    assert rows[0]["wkt"].startswith("MULTIPOLYGON")
    shape = layers[2].data.geometry.iloc[0]
    assert shape.contains(gpd.points_from_xy([float(rows[0]["lon"])], [float(rows[0]["lat"])])[0])


def test_csv_of_a_plain_table(meta):
    table = ExportLayer("usfj-table", "A table", pd.DataFrame({"year": [2024], "label": ["=1+1"]}), (), "2024")
    assert [f.key for f in formats_for(table)] == ["csv"]
    [row] = read_csv(to_csv(table, meta))
    assert row["year"] == "2024"
    assert row["label"] == "'=1+1"
    assert "lat" not in row


# --- KML ------------------------------------------------------------------------------------


def test_kml_placemarks_styles_and_balloons(facilities, meta):
    root = ET.fromstring(to_kml(facilities, meta))
    document = root.find("k:Document", KML_NS)
    placemarks = document.findall("k:Placemark", KML_NS)
    located = facilities.data[facilities.data.geometry.notna()]
    assert [p.find("k:name", KML_NS).text for p in placemarks] == list(located["name_en"])
    first = placemarks[0]
    assert first.find("k:styleUrl", KML_NS).text == "#service-air-force"
    lon, lat = map(float, first.find("k:Point/k:coordinates", KML_NS).text.strip().split(",")[:2])
    assert (lon, lat) == (127.7677, 26.3516)
    description = first.find("k:description", KML_NS).text
    assert "嘉手納飛行場" in description
    assert 'href="https://www.mod.go.jp/' in description
    data = {d.get("name"): d.find("k:value", KML_NS).text for d in first.iter(f"{{{KML_NS['k']}}}Data")}
    assert data["name_ja"] == "嘉手納飛行場"
    assert data["municipalities_ja"] == "嘉手納町 | 沖縄市"
    colors = {s.get("id"): s.find("k:IconStyle/k:color", KML_NS).text for s in document.findall("k:Style", KML_NS)}
    assert colors["service-marine-corps"] == kml_color(SERVICES["Marine Corps"].color) == "ff2828c6"


def test_kml_leaves_out_records_without_location_and_says_so(facilities, meta):
    document = ET.fromstring(to_kml(facilities, meta)).find("k:Document", KML_NS)
    assert len(document.findall("k:Placemark", KML_NS)) == 3
    description = document.find("k:description", KML_NS).text
    assert "1 of the 4 records have no sourced location" in description
    assert meta.filter_text in description
    assert "License:" in description
    meta_data = {
        d.get("name"): d.find("k:value", KML_NS).text for d in document.findall("k:ExtendedData/k:Data", KML_NS)
    }
    assert meta_data["records_left_out_without_location"] == "1"


def test_kml_polygons(layers, meta):
    document = ET.fromstring(to_kml(layers[2], meta)).find("k:Document", KML_NS)
    [placemark] = document.findall("k:Placemark", KML_NS)
    assert placemark.find("k:name", KML_NS).text == "Okinawa"
    assert len(placemark.findall(".//k:Polygon", KML_NS)) == 2


# --- GeoPackage -----------------------------------------------------------------------------


def test_geopackage_has_every_layer_as_a_table(layers, meta, tmp_path: Path):
    table = ExportLayer("usfj-hns", "Host-nation support", pd.DataFrame({"year": [2024], "円": ["億"]}), (), "")
    path = tmp_path / "gpkg"
    path.write_bytes(to_geopackage([*layers, table], meta))
    found = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert found == {
        "usfj_facilities": "Point",
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
    assert list(prefectures["facility_count"]) == [3]
    assert list(prefectures["name_ja"]) == ["沖縄県"]
    assert pyogrio.read_dataframe(path, layer="usfj_hns", read_geometry=False)["円"].tolist() == ["億"]
    metadata = pyogrio.read_dataframe(path, layer="export_metadata", read_geometry=False)
    rows = {(r.table_name, r.key): r.value for r in metadata.itertuples()}
    assert rows[("usfj_facilities", "filter")] == meta.filter_text
    assert rows[("usfj_facilities", "source_1_license")] == LAYERS["facilities"].sources[0].license


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
    assert list(back[names["prefecture_ja"]]) == ["沖縄県"] * 4
    fields = files["FIELDS.txt"].decode()
    assert re.search(r"^munic_ja\s+municipalities_ja$", fields, re.MULTILINE)
    readme = files["README.txt"].decode()
    assert meta.filter_text in readme
    assert "License:" in readme
    assert meta.app_version in readme


def test_shapefile_cuts_long_text_on_a_character_boundary_and_says_so(meta, tmp_path: Path):
    state = FilterState.of(prefectures=["14"])
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
    assert "嘉手納飛行場" in html
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
        for extension in ("geojson", "csv", "kml"):
            assert meta.filename(layer.name, extension) in files
        assert any(name.startswith(f"shapefile/{layer.name}/") and name.endswith(".shp") for name in files)
    assert meta.filename("usfj-atlas", "gpkg") in files
    assert files[meta.filename("usfj-map", "html")] == b"<html></html>"
    readme = files["README.txt"].decode()
    assert meta.filter_text in readme
    assert "UTF-8 with a byte-order mark" in readme
    assert all(name in readme for name in files if name != "README.txt")
