"""The facility layer in the running app: outlines where they are legible, the table as the
keyboard's way onto the map, offline (every outside host blocked)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from basemap.filters import FilterState, apply_filters
from basemap.load import load_layer
from basemap.maps.facility_layer import layer_data
from basemap.summary import facility_table
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.leaflet import ATLAS_MAP, set_view
from tests.e2e.test_browser import map_frame, open_map, wait_for_ids

OKINAWA_ISLAND = (26.45, 127.85)


@pytest.fixture(scope="module")
def layer():
    return layer_data(load_layer("facilities").frame, load_layer("footprints").frame)


def artifact(name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def outlines_expected(layer: dict, prefecture_ids: set[str], zoom: int) -> set[str]:
    return {
        f["properties"]["id"]
        for f in layer["features"]
        if f["properties"]["id"] in prefecture_ids and "outline" in f["properties"] and f["properties"]["z"] <= zoom
    }


def test_okinawa_draws_outlines_where_they_are_legible(page, app_url, layer):
    open_map(page, f"{app_url}/?prefecture=47")
    okinawa = apply_filters(load_layer("facilities").frame, FilterState.of(prefectures=["47"]))
    ids = set(okinawa.loc[okinawa.geometry.notna(), "id"])
    wait_for_ids(page, ids)
    frame = map_frame(page)
    set_view(frame, (35.5, 137.0), 5)
    assert frame.evaluate("() => atlas.outlineIds()") == []  # all of Japan: points and clusters only
    set_view(frame, OKINAWA_ISLAND, 11)
    expected = outlines_expected(layer, ids, 11)
    assert len(expected) >= 5
    assert set(frame.evaluate("() => atlas.outlineIds()")) == expected
    # an outline is painted on the canvas at a point inside it
    fid = "FAC6037" if "FAC6037" in expected else sorted(expected)[0]  # Kadena Air Base
    [feature] = [f for f in layer["features"] if f["properties"]["id"] == fid]
    lon, lat = feature["geometry"]["coordinates"]  # the facility's point lies inside its outline
    set_view(frame, (lat, lon), 11)
    alpha = frame.evaluate(
        "([lat, lon]) => {"
        f" const map = {ATLAS_MAP};"
        " const canvas = document.querySelector('.leaflet-facilities-pane canvas');"
        " const p = map.latLngToContainerPoint([lat, lon]);"
        " const box = map.getContainer().getBoundingClientRect(), c = canvas.getBoundingClientRect();"
        " const x = Math.round((box.left + p.x - c.left) * canvas.width / c.width);"
        " const y = Math.round((box.top + p.y - c.top) * canvas.height / c.height);"
        " return canvas.getContext('2d').getImageData(x, y, 1, 1).data[3]; }",
        [lat, lon],
    )
    assert alpha > 0
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap contributors, ODbL")
    set_view(frame, OKINAWA_ISLAND, 11)
    page.screenshot(path=str(artifact("okinawa-outlines-z11.png")))
    assert page.problems == []


SELECTED_ROWS = '[data-testid="stDataFrame"] tr[aria-selected="true"]'  # the grid's accessible table


def test_a_table_row_opens_its_facility_on_the_map_with_the_focus_in_the_popup(page, app_url):
    open_map(page, app_url)
    first = facility_table(apply_filters(load_layer("facilities").frame, FilterState())).iloc[0]
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)  # the first row's selection box
    frame = map_frame(page)
    popup = frame.locator(f'.leaflet-popup-content .facility-popup[data-facility-id="{first["ID"]}"]')
    popup.wait_for(timeout=60_000)
    assert frame.evaluate("() => document.activeElement.classList.contains('leaflet-popup-content')")
    page.screenshot(path=str(artifact("table-row-opens-popup.png")))
    page.keyboard.press("Escape")
    popup.wait_for(state="detached", timeout=10_000)
    assert page.locator(SELECTED_ROWS).count() == 1
    # The search then chooses another facility: no row stays selected that names the first one.
    search = page.get_by_role("textbox", name="Find a facility")
    search.fill("Camp Schwab")
    search.press("Enter")
    frame.locator('.leaflet-popup-content .facility-popup[data-facility-id="FAC6009"]').wait_for(timeout=60_000)
    expect(page.locator(SELECTED_ROWS)).to_have_count(0)
    assert page.problems == []


def test_returned_facilities_join_the_layer_when_switched_on(page, app_url):
    facilities = load_layer("facilities").frame
    shown = apply_filters(facilities, FilterState.of(include_returned=True))
    open_map(page, f"{app_url}/?returned=show")
    wait_for_ids(page, set(shown.loc[shown.geometry.notna(), "id"]))
    assert page.problems == []
