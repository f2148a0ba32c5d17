"""The Downloads page as a person uses it: open it filtered to Okinawa, click every download,
receive the file and open it with the tool a user would (pyogrio, csv, a KML parser, a browser)."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pyogrio
import pytest
from playwright.sync_api import expect

from basemap.export import LAYER_FORMATS
from basemap.filters import FilterState, apply_filters
from basemap.load import load_layer
from basemap.serve import IDLE

KML = "{http://www.opengis.net/kml/2.2}"
STEM = re.compile(r"^[a-z-]+_okinawa_\d{4}-\d{2}-\d{2}\.")


@pytest.fixture(scope="module")
def okinawa():
    """The facilities the page shows for ?prefecture=Okinawa (returned ones hidden by default)."""
    return apply_filters(load_layer("facilities").frame, FilterState.of(prefectures=["47"]))


@pytest.fixture
def downloads_page(page, app_url):
    page.goto(f"{app_url}/Downloads?prefecture=Okinawa")
    page.downloaded = []
    page.wait_for_selector(IDLE, timeout=60_000)
    expect(page.get_by_text("Filter: prefecture: Okinawa", exact=False)).to_be_visible()
    return page


def download(page, key: str, tmp_path: Path) -> Path:
    with page.expect_download(timeout=60_000) as info:
        page.locator(f".st-key-dl_{key}").get_by_role("button").click()
    name = info.value.suggested_filename
    page.downloaded.append(info.value.url)
    assert STEM.match(name), name
    target = tmp_path / name
    info.value.save_as(target)
    return target


def problems(page) -> list[str]:
    """The page's problems, less Chromium reporting a navigation that became a download (the
    text/html map) as aborted."""
    aborted = {f"failed: {url} net::ERR_ABORTED" for url in page.downloaded}
    return [p for p in page.problems if p not in aborted]


def unzip(path: Path, folder: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
        return archive.namelist()


def test_every_layer_download_opens_with_the_okinawa_facilities(downloads_page, okinawa, tmp_path):
    ids = list(okinawa["id"])
    located = int(okinawa.geometry.notna().sum())
    files = {fmt.key: download(downloads_page, f"usfj-facilities_{fmt.key}", tmp_path) for fmt in LAYER_FORMATS}
    assert {path.name.split("_")[0] for path in files.values()} == {"usfj-facilities"}

    geojson = pyogrio.read_dataframe(files["geojson"])
    assert list(geojson["id"]) == ids and set(geojson["prefecture_ja"]) == {"沖縄県"}
    metadata = json.loads(files["geojson"].read_text(encoding="utf-8"))["metadata"]
    assert metadata["filter"].startswith("prefecture: Okinawa")

    rows = list(csv.DictReader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"), newline="")))
    assert [r["id"] for r in rows] == ids and {r["prefecture_ja"] for r in rows} == {"沖縄県"}

    placemarks = ET.parse(files["kml"]).getroot().iter(f"{KML}Placemark")
    assert len(list(placemarks)) == located

    unzip(files["shp"], tmp_path / "shp")
    [shp] = (tmp_path / "shp").glob("*.shp")
    shapefile = pyogrio.read_dataframe(shp)
    assert list(shapefile["id"]) == ids and set(shapefile["pref_ja"]) == {"沖縄県"}
    assert problems(downloads_page) == []


def test_prefectures_geopackage_and_bundle(downloads_page, okinawa, tmp_path):
    prefectures = pyogrio.read_dataframe(download(downloads_page, "usfj-prefectures_geojson", tmp_path))
    assert list(prefectures["name_ja"]) == ["沖縄県"]
    assert prefectures["facility_count"][0] == (okinawa["part_of"].isna()).sum()

    gpkg = download(downloads_page, "gpkg", tmp_path)
    assert [name for name, _ in pyogrio.list_layers(gpkg)] == [
        "usfj_facilities",
        "usfj_prefectures",
        "usfj_flashpoints",
        "usfj_missile_impacts",
        "usfj_range_rings",
        "usfj_personnel",
        "usfj_host_nation_support",
        "usfj_sma_periods",
        "usfj_exchange_rates",
        "export_metadata",
    ]
    personnel = pyogrio.read_dataframe(gpkg, layer="usfj_personnel", read_geometry=False)
    assert len(personnel) > 0 and "source" in personnel
    assert list(pyogrio.read_dataframe(gpkg, layer="usfj_facilities")["id"]) == list(okinawa["id"])

    names = unzip(download(downloads_page, "bundle", tmp_path), tmp_path / "bundle")
    assert "README.txt" in names and any(n.endswith(".gpkg") for n in names) and any(n.endswith(".html") for n in names)
    assert "prefecture: Okinawa" in (tmp_path / "bundle" / "README.txt").read_text(encoding="utf-8")
    assert problems(downloads_page) == []


def test_offline_html_map_opens_from_disk_with_no_network(downloads_page, okinawa, tmp_path):
    html = download(downloads_page, "html", tmp_path)
    assert not re.search(r"<script[^>]+src=|<link[^>]+stylesheet", html.read_text(encoding="utf-8"))
    page = downloads_page
    page.goto(html.as_uri())
    page.locator(".facility-marker").first.wait_for(timeout=30_000)
    shown = set(page.locator(".facility-marker").evaluate_all("els => els.map(e => e.dataset.facilityId)"))
    assert shown == set(okinawa.loc[okinawa.geometry.notna(), "id"])
    expect(page.locator(".export-info")).to_contain_text("About this map")
    assert problems(page) == []
