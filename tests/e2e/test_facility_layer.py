"""The facility layer in Chromium: fetched once from a static file, filtered by the mask alone."""

from __future__ import annotations

import json

import folium
import pytest
from streamlit_folium import _get_feature_group_string  # pinned streamlit-folium: the script it swaps in

from basemap.filters import FilterState, apply_filters
from basemap.load import load_layer
from basemap.maps.facility_layer import mask_group
from tests.e2e.layer_page import serve_folder, synthetic_facilities, write_layer_page
from tests.e2e.leaflet import set_view

MAP = "window[document.querySelector('.folium-map').id]"
# Alpha of the canvas pixel at a facility's point (lat, lon): > 0 where a symbol is drawn.
ALPHA_AT = (
    "([lat, lon]) => {"
    f" const map = {MAP};"
    " const canvas = document.querySelector('.leaflet-facilities-pane canvas');"
    " const point = map.latLngToContainerPoint([lat, lon]);"
    " const box = map.getContainer().getBoundingClientRect(), c = canvas.getBoundingClientRect();"
    " const x = Math.round((box.left + point.x - c.left) * canvas.width / c.width);"
    " const y = Math.round((box.top + point.y - c.top) * canvas.height / c.height);"
    " return canvas.getContext('2d').getImageData(x, y, 1, 1).data[3];"
    "}"
)


def drawn(page, point: tuple[float, float]) -> None:
    """Wait until a symbol is drawn at the point (drawing follows the mask by a frame or a chunk)."""
    page.wait_for_function(f"point => ({ALPHA_AT})(point) > 0", arg=list(point), timeout=30_000)


@pytest.fixture(scope="module")
def facilities():
    return load_layer("facilities").frame


def open_page(page, folder) -> None:
    page.goto(folder + "/index.html")
    page.wait_for_function("window.atlas && window.atlas.facilitiesLoaded === true", timeout=60_000)


def located_ids(frame) -> set[str]:
    return set(frame.loc[frame.geometry.notna(), "id"])


def swap_in_mask(page, facilities, shown) -> None:
    """Run the feature-group script st_folium would send on this filter change."""
    script = _get_feature_group_string(mask_group(facilities, shown), folium.Map(tiles=None))
    page.evaluate(f"() => {{ var map_div = {MAP}; eval({json.dumps(script)}); }}")


@pytest.mark.parametrize("count", [None, 1_000])
def test_mask_shows_exactly_the_filtered_facilities(page, tmp_path, facilities, count):
    layer = facilities if count is None else synthetic_facilities(facilities, count)
    okinawa = apply_filters(layer, FilterState.of(prefectures=["47"]))
    write_layer_page(tmp_path, layer, shown=okinawa)
    with serve_folder(tmp_path) as url:
        open_page(page, url)
        assert set(page.evaluate("atlas.facilityIds()")) == located_ids(okinawa)
        kanto = apply_filters(layer, FilterState.of(regions=["Kanto"], include_returned=True))
        swap_in_mask(page, layer, kanto)
        assert set(page.evaluate("atlas.facilityIds()")) == located_ids(kanto)
    assert len(located_ids(okinawa)) > 10 and located_ids(kanto) and page.problems == []


def test_a_hidden_facility_is_not_drawn_and_a_shown_one_is(page, tmp_path, facilities):
    point = facilities.set_index("id").geometry
    ie_jima, yokosuka = [(point[fid].y, point[fid].x) for fid in ("FAC6005", "FAC3099")]
    write_layer_page(tmp_path, facilities, shown=apply_filters(facilities, FilterState.of(prefectures=["47"])))
    with serve_folder(tmp_path) as url:
        open_page(page, url)
        set_view(page, ie_jima, 14, MAP)
        drawn(page, ie_jima)
        set_view(page, yokosuka, 14, MAP)
        assert page.evaluate(ALPHA_AT, list(yokosuka)) == 0  # filtered out (the next mask shows it here)
        swap_in_mask(page, facilities, apply_filters(facilities, FilterState.of(prefectures=["14"])))
        drawn(page, yokosuka)
        set_view(page, ie_jima, 14, MAP)
        assert page.evaluate(ALPHA_AT, list(ie_jima)) == 0
    assert page.problems == []


def test_open_facility_frames_it_focuses_its_popup_and_escape_closes_it(page, tmp_path, facilities):
    write_layer_page(tmp_path, facilities, shown=apply_filters(facilities, FilterState()))
    with serve_folder(tmp_path) as url:
        open_page(page, url)
        assert page.evaluate("atlas.openFacility('no-such-facility')") is False
        assert page.evaluate("atlas.openFacility('FAC6005')") is True
        popup = page.locator(".leaflet-popup-content .facility-popup")
        popup.wait_for(timeout=30_000)
        assert popup.get_attribute("data-facility-id") == "FAC6005"
        assert page.evaluate("document.activeElement.classList.contains('leaflet-popup-content')")
        page.keyboard.press("Escape")
        popup.wait_for(state="detached", timeout=10_000)
    assert page.problems == []
