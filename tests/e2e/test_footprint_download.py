"""The Okinawa view's GeoPackage, saved as a person would get it (the map page opened from a link,
then the Downloads page from the sidebar, then its GeoPackage button): the facility outlines are in
it as polygons, credited to OpenStreetMap. Kept apart from test_downloads.py, which clicks every
button and reports an open intermittent hang (issue 11) without failing: this test must fail."""

from __future__ import annotations

import re

import geopandas as gpd
import pyogrio
from playwright.sync_api import expect

from basemap.filters import FilterState, apply_filters
from basemap.footprints import OSM_CREDIT
from basemap.load import load_layer
from basemap.prefectures import PREFECTURES
from tests.support.serve import IDLE, MAP_FRAME


def test_the_okinawa_geopackage_holds_the_facility_outlines_as_polygons(page, app_url, tmp_path):
    page.goto(f"{app_url}/?prefecture=Okinawa")
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    # Okinawa's frame is close enough for the municipal names: their file loads first (leaving the page
    # while it loads would abort it, which is no fault of the app but would count as a failed request).
    expect(page.frame_locator(MAP_FRAME).locator(".municipal-label").first).to_be_attached(timeout=60_000)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Downloads").click()
    expect(page.get_by_text(re.compile(r"Filter: prefecture:\W*Okinawa")).first).to_be_visible(timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    with page.expect_download(timeout=120_000) as info:
        page.locator(".st-key-dl_gpkg").get_by_role("button").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name.startswith("usfj-atlas_okinawa_") and path.suffix == ".gpkg"

    assert dict(pyogrio.list_layers(path))["usfj_facility_footprints"] == "Polygon"
    outlines = gpd.read_file(path, layer="usfj_facility_footprints")
    shown = apply_filters(load_layer("facilities").frame, FilterState(prefectures=["47"]))
    footprints = load_layer("footprints").frame
    expected = footprints[footprints["facility_id"].isin(shown["id"])]
    assert len(expected) >= 5  # Kadena, Futenma, Camp Hansen, ...
    assert sorted(outlines["facility_id"]) == sorted(expected["facility_id"])
    assert set(outlines.geom_type) == {"Polygon"}
    assert outlines.is_valid.all()
    okinawa = load_layer("prefectures").frame.set_index("prefecture_code").loc["47"].geometry
    assert outlines.geometry.intersects(okinawa.buffer(0.01)).all(), PREFECTURES["47"].name_en
    published = expected.set_index("facility_id").geometry
    pairs = zip(outlines["facility_id"], outlines.geometry, strict=True)
    assert all(outline.equals(published[fid]) for fid, outline in pairs)  # the outlines as published
    metadata = pyogrio.read_dataframe(path, layer="export_metadata", read_geometry=False)
    rows = {(r.table_name, r.key): r.value for r in metadata.itertuples()}
    assert rows[("usfj_facility_footprints", "source_1_attribution")] == OSM_CREDIT
    assert rows[("usfj_facility_footprints", "filter")] == "prefecture: Okinawa; returned facilities hidden"
    assert page.problems == []
