"""Downloads made from a Japanese page: the human-readable parts are Japanese (README, KML names,
folders and balloons, the offline map's labels and its <html lang>), the machine-readable ones
(field names, ExtendedData, file names) stay as they are in English."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from io import BytesIO

import pytest

from basemap.export.bundle import bundle
from basemap.export.geojson import to_geojson
from basemap.export.html import to_html
from basemap.export.meta import ExportMeta
from basemap.filters import FilterState, apply_filters
from tests.export.test_kml import NS, open_kmz
from tests.factories import export_facilities, prefecture_squares
from tests.support.layers import atlas_layers

DAY = date(2026, 11, 24)
OKINAWA = FilterState(prefectures=["47"])


@pytest.fixture
def layers():
    return atlas_layers(apply_filters(export_facilities(), OKINAWA), prefecture_squares(), OKINAWA)


def meta(lang: str) -> ExportMeta:
    return ExportMeta.of(OKINAWA, DAY, lang=lang)


def test_the_japanese_kmz_names_facilities_in_japanese_with_japanese_balloons(layers):
    from basemap.export.kml import to_kmz

    _, _, root = open_kmz(to_kmz(layers[0], meta("ja")))
    document = root.find("k:Document", NS)
    assert document.findtext("k:name", namespaces=NS).startswith("在日米軍施設・区域 — 都道府県: 沖縄県")
    folders = [f.findtext("k:name", namespaces=NS) for f in document.findall("k:Folder", NS)]
    assert folders and all(not name[0].isascii() for name in folders)  # 米海兵隊 (3)...
    placemark = document.find(".//k:Placemark", NS)
    row = export_facilities().set_index("id").loc[placemark.find(".//k:Data[@name='id']/k:value", NS).text]
    assert placemark.findtext("k:name", namespaces=NS) == row["name_ja"]
    balloon = placemark.findtext("k:description", namespaces=NS)
    assert "都道府県" in balloon and "出典" in balloon
    assert "Prefecture" not in balloon
    data_names = {d.get("name") for d in placemark.findall(".//k:Data", NS)}
    assert {"name_en", "name_ja", "prefecture_code", "service"} <= data_names  # machine fields unchanged


def test_the_japanese_bundle_readme_and_offline_map(layers):
    shown = apply_filters(export_facilities(), OKINAWA)
    html = to_html(None, prefecture_squares(), shown, OKINAWA, layers, meta("ja"))
    page = html.decode()
    assert page.startswith('<!DOCTYPE html>\n<html lang="ja">')
    in_script = [
        json.dumps(text)[1:-1] for text in ("この地図について", "絞り込み: 都道府県: 沖縄県")
    ]  # as tojson writes them
    assert all(text in page for text in in_script)
    with zipfile.ZipFile(BytesIO(bundle(layers, meta("ja"), html))) as zipped:
        readme = zipped.read("README.txt").decode()
        names = zipped.namelist()
    assert "書き出し" in readme and "絞り込み: 都道府県: 沖縄県" in readme and "ファイル:" in readme
    assert "usfj-facilities_okinawa_2026-11-24.geojson" in names  # file names stay ASCII and stable
    english = to_html(None, prefecture_squares(), shown, OKINAWA, layers, meta("en")).decode()
    assert "About this map" in english and '<html lang="en">' in english


def test_geojson_field_names_are_the_same_in_both_languages(layers):
    ja, en = (json.loads(to_geojson(layers[0], meta(lang))) for lang in ("ja", "en"))
    assert [set(f["properties"]) for f in ja["features"]] == [set(f["properties"]) for f in en["features"]]


def test_a_views_data_files_are_the_same_bytes_in_both_languages(layers):
    """Machine-readable metadata records the filter in English: the GeoJSON and CSV of one view do
    not change with the page's language (the README, KML and HTML map do)."""
    from basemap.export.csv import to_csv

    for write in (to_geojson, to_csv):
        assert write(layers[0], meta("ja")) == write(layers[0], meta("en")), write.__name__
    assert json.loads(to_geojson(layers[0], meta("ja")))["metadata"]["filter"].startswith("prefecture: Okinawa")
