"""The KMZ for Google Earth, read back with lxml: doc.kml first with its icons inside (no URL to
fetch), a folder per managing service, labelled balloons with sources as links, data escaped, and
a document description that counts and names the records it cannot place."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import pytest
from lxml import etree
from PIL import Image

from basemap.export.kml import ICON_PIXELS, balloon_html, icon_png, kml_color, to_kmz
from basemap.export.meta import ExportMeta
from basemap.filters import FilterState, apply_filters
from basemap.vocabulary import FACILITY_SERVICES, SERVICES
from tests.factories import export_facilities, facility_feature, prefecture_squares
from tests.support.layers import atlas_layers

NS = {"k": "http://www.opengis.net/kml/2.2"}
KML = "{http://www.opengis.net/kml/2.2}"
DAY = date(2026, 11, 24)


@pytest.fixture
def state() -> FilterState:
    return FilterState.of(prefectures=["47"])


@pytest.fixture
def layers(state):
    return atlas_layers(apply_filters(export_facilities(), state), prefecture_squares(), state)


@pytest.fixture
def meta(state) -> ExportMeta:
    return ExportMeta.of(state, DAY)


def open_kmz(data: bytes) -> tuple[list[str], dict[str, bytes], etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        files = {name: archive.read(name) for name in names}
    return names, files, etree.fromstring(files["doc.kml"])


def text(element, path: str) -> str:
    return element.find(path, NS).text


def test_kmz_holds_doc_kml_first_and_every_icon_it_names(layers, meta):
    names, files, root = open_kmz(to_kmz(layers[0], meta))
    assert names[0] == "doc.kml"  # Google Earth reads the first .kml of the archive
    assert [n for n in names if n.endswith(".kml")] == ["doc.kml"]
    hrefs = {element.text for element in root.iter(f"{KML}href")}
    assert hrefs
    for href in hrefs:
        assert not re.match(r"^[a-z]+:", href), href  # no http(s):, no data: — a file inside the KMZ
        assert href in files, href
        icon = Image.open(io.BytesIO(files[href]))
        assert icon.format == "PNG"
        assert icon.size == (ICON_PIXELS, ICON_PIXELS)
    assert b"http://maps.google.com" not in files["doc.kml"]
    assert b"https://maps.google.com" not in files["doc.kml"]


def test_one_icon_colour_per_service_from_the_vocabulary(layers, meta):
    _, files, root = open_kmz(to_kmz(layers[0], meta))
    document = root.find("k:Document", NS)
    icons = {s.get("id"): text(s, "k:IconStyle/k:Icon/k:href") for s in document.findall("k:Style", NS)}
    assert len(set(icons.values())) == len(icons) == len(FACILITY_SERVICES.codes) + 1  # and one for "not stated"
    marine = Image.open(io.BytesIO(files[icons["marine-corps"]])).convert("RGB")
    centre = marine.getpixel((ICON_PIXELS // 2, ICON_PIXELS // 2))
    assert "#{:02x}{:02x}{:02x}".format(*centre) == SERVICES["Marine Corps"].color
    assert icon_png("#c62828") == icon_png("#c62828")  # the same bytes each time


def test_placemarks_sit_in_a_folder_per_service_with_their_style(layers, meta):
    _, _, root = open_kmz(to_kmz(layers[0], meta))
    document = root.find("k:Document", NS)
    assert document.findall("k:Placemark", NS) == []
    folders = {text(f, "k:name"): f for f in document.findall("k:Folder", NS)}
    assert list(folders) == ["Air Force (1)", "Marine Corps (1)"]  # in the vocabulary's order; empty ones left out
    [kadena] = folders["Air Force (1)"].findall("k:Placemark", NS)
    assert text(kadena, "k:styleUrl") == "#air-force"
    assert text(kadena, "k:name") == "Test facility FAC6037"
    lon, lat = map(float, text(kadena, "k:Point/k:coordinates").strip().split(",")[:2])
    assert (lon, lat) == (127.7677, 26.3516)
    data = {d.get("name"): text(d, "k:value") for d in kadena.iter(f"{KML}Data")}
    assert data["name_ja"] == "嘉手納飛行場"
    assert data["municipalities_ja"] == "嘉手納町 | 沖縄市"
    [tricky] = folders["Marine Corps (1)"].findall("k:Placemark", NS)
    assert text(tricky, "k:styleUrl") == "#marine-corps"


def test_a_service_not_in_the_vocabulary_gets_its_own_folder(meta):
    import geopandas as gpd

    records = [facility_feature("FAC1", service=None), facility_feature("FAC2", service="Coast Guard")]
    state = FilterState()
    layer = atlas_layers(gpd.GeoDataFrame.from_features(records, crs="EPSG:4326"), None, state)[0]
    document = open_kmz(to_kmz(layer, meta))[2].find("k:Document", NS)
    [folder] = document.findall("k:Folder", NS)
    assert text(folder, "k:name") == "Service not stated (2)"
    assert {text(p, "k:styleUrl") for p in folder.findall("k:Placemark", NS)} == {"#unknown"}


def test_balloons_are_labelled_tables_with_sources_as_links(layers, meta):
    _, _, root = open_kmz(to_kmz(layers[0], meta))
    first = root.find(".//k:Placemark", NS)
    balloon = text(first, "k:description")
    assert "<th align='left'>Name (Japanese)</th><td>嘉手納飛行場</td>" in balloon
    assert "<th align='left'>SOFA category</th><td>Exclusive use (2-1(a))</td>" in balloon
    assert "<th align='left'>Municipality</th><td>嘉手納町<br>沖縄市</td>" in balloon
    assert '<a href="https://www.mod.go.jp/j/approach/zaibeigun/us_sisetsu/"' in balloon
    assert "<th align='left'>Personnel (officially stated)</th><td><i>not published</i></td>" in balloon
    assert "Status note" not in balloon  # empty and not a figure: left out, not "not published"
    assert "name_ja" not in balloon  # labels, not field names
    assert "$[description]" in text(root, ".//k:Style/k:BalloonStyle/k:text")


def test_balloons_escape_the_data():
    row = export_facilities().iloc[1].copy()
    row["function"] = "<script>alert(1)</script> ${x} `y`"
    html = balloon_html(row.drop("geometry"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#36;&#123;x&#125; &#96;y&#96;" in html


def test_the_document_counts_and_names_the_records_it_cannot_place(layers, meta):
    _, _, root = open_kmz(to_kmz(layers[0], meta))
    document = root.find("k:Document", NS)
    assert len(document.findall(".//k:Placemark", NS)) == 2
    description = text(document, "k:description")
    assert "Records in this view: 3; 2 placed in this file. 1 has no sourced location" in description
    assert "<li>Test facility JP-unlocated</li>" in description
    assert "prefecture: Okinawa; returned facilities hidden" in description
    assert "License:" in description
    assert meta.app_version in description
    data = {d.get("name"): text(d, "k:value") for d in document.findall("k:ExtendedData/k:Data", NS)}
    assert data["records"] == "3"
    assert data["records_left_out_without_location"] == "1"


def test_polygons_keep_their_rings_and_a_style_with_an_embedded_icon(layers, meta):
    prefectures = next(layer for layer in layers if layer.name == "usfj-prefectures")
    names, _, root = open_kmz(to_kmz(prefectures, meta))
    [placemark] = root.findall(".//k:Placemark", NS)
    assert text(placemark, "k:name") == "Okinawa"
    assert text(placemark, "k:styleUrl") == "#feature"
    assert len(placemark.findall(".//k:Polygon", NS)) == 2
    assert names == ["doc.kml", "files/icon-feature.png"]


def test_kml_colours_are_aabbggrr():
    assert kml_color(SERVICES["Marine Corps"].color) == "ff2828c6"
    assert kml_color("#123456", "33") == "33563412"
