"""The flashpoint map: kind symbols, labelled rings, the fitted view and the legends (rendered HTML)."""

import re

import folium
import pytest

from basemap.flashpoints import FlashpointView, rings_frame
from basemap.load import load_layer
from basemap.maps.base import legend_html
from basemap.maps.elements import stable_ids
from basemap.maps.facilities import service_symbol
from basemap.maps.flashpoints import (
    _mercator_y,
    fit_view,
    flashpoint_group,
    flashpoint_legend,
    flashpoint_overlay,
    kind_symbol,
    rings_group,
)
from basemap.maps.symbols import SHAPES
from basemap.vocabulary import FACILITY_SERVICES, FLASHPOINT_KINDS
from tests.test_flashpoints import flashpoint, frame

EVIL = "<img src=x onerror=alert(1)>{{ 7*7 }}"


def rendered(*children) -> str:
    m = folium.Map(tiles=None)
    for child in children:
        child.add_to(m)
    return stable_ids(m).get_root().render()


def test_ring_labels_name_each_radius_at_the_northernmost_point_and_are_escaped():
    rings = rings_frame((123.5, 25.75), [500, 1000, 1500], EVIL)
    html = rendered(rings_group(rings, (123.5, 25.75)))
    text = html.replace("\\u003c", "<").replace("\\u003e", ">").replace('\\"', '"')  # the icons are JSON in JS
    labels = re.findall(r'class="range-ring-label" style="[^"]*">([^<]*)<', text)
    assert labels == ["1,500 km", "1,000 km", "500 km"]
    assert "<img src=x" not in html
    assert "{{ 7*7 }}" not in html
    group = rings_group(rings)
    markers = [c for c in group._children.values() if isinstance(c, folium.Marker)]
    polygons = [c for c in group._children.values() if isinstance(c, folium.Polygon)]
    for marker, polygon in zip(markers, polygons, strict=True):
        assert marker.location[0] == max(lat for lat, _ in polygon.locations)
        assert marker.options["interactive"] is False  # text, not a button
        assert marker.options["keyboard"] is False


@pytest.mark.parametrize("size", [(358, 560), (700, 560), (358, 300)])
def test_fit_view_is_the_largest_snapped_zoom_at_which_the_largest_ring_fits(size):
    bounds = FlashpointView().bounds(load_layer("flashpoints").frame)
    (lat, lon), zoom = fit_view(bounds, size, padding_px=12, snap=0.25)

    def pixels(z):
        scale = 256 * 2**z
        return (bounds[2] - bounds[0]) / 360 * scale, (_mercator_y(bounds[1]) - _mercator_y(bounds[3])) * scale

    width, height = pixels(zoom)
    assert width <= size[0] - 24
    assert height <= size[1] - 24
    wider, taller = pixels(zoom + 0.25)
    assert wider > size[0] - 24 or taller > size[1] - 24
    assert zoom % 0.25 == 0
    assert lon == pytest.approx((bounds[0] + bounds[2]) / 2, abs=1e-3)
    # the centre is midway in Web Mercator, so the ring's top and bottom are equally far from it
    assert _mercator_y(lat) == pytest.approx((_mercator_y(bounds[1]) + _mercator_y(bounds[3])) / 2, abs=1e-5)


def test_the_framed_bounds_are_the_largest_ring_or_the_flashpoint_itself():
    fps = load_layer("flashpoints").frame
    with_rings = FlashpointView(radii_km=(500.0, 1500.0))
    assert with_rings.bounds(fps) == tuple(with_rings.rings(fps).total_bounds)
    assert with_rings.bounds(fps) == tuple(FlashpointView(radii_km=(1500.0,)).rings(fps).total_bounds)
    senkaku = fps[fps["id"] == "FP-senkaku-islands"]
    assert FlashpointView(radii_km=()).bounds(fps) == tuple(senkaku.total_bounds)
    assert FlashpointView("FP-nowhere").bounds(fps) is None
    big, small = fit_view(with_rings.bounds(fps), (358, 560))[1], fit_view(senkaku.total_bounds, (358, 560))[1]
    assert big < small <= 8


def test_each_kind_is_drawn_with_its_own_shape_and_colour_and_named_for_screen_readers():
    fps = frame(flashpoint("FP-a", kind="strait", name_en=EVIL), flashpoint("FP-b", kind="island_group"))
    html = rendered(flashpoint_group(fps))
    assert SHAPES["hourglass"] in html
    assert FLASHPOINT_KINDS["strait"].color in html
    assert SHAPES["triangle_down"] in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # as text in the marker's hidden name
    assert "Island group" in html


def test_an_unknown_kind_gets_a_shape_no_kind_has():
    assert SHAPES["cross"] in kind_symbol("volcano")
    assert "cross" not in {term.shape for term in FLASHPOINT_KINDS}


def test_the_flashpoint_legend_shows_every_kind_symbol_and_collapses_on_narrow_maps():
    html = rendered(flashpoint_legend())
    for term in FLASHPOINT_KINDS:
        assert term.label in html
        assert SHAPES[term.shape] in html
    assert "Range ring" in html
    for term in FACILITY_SERVICES:  # the facilities on this map are drawn in their service's shape
        assert service_symbol(term.code) in flashpoint_legend().html
    assert "getSize().x \\u003e= 600" in html or "getSize().x >= 600" in html


def test_the_landing_legend_has_one_flashpoint_entry_and_the_overlay_draws_the_same_symbols():
    legend = legend_html()
    assert "Flashpoints, shape and colour by kind" in legend
    for term in FLASHPOINT_KINDS:
        assert legend.count(kind_symbol(term.code, 11)) == 1
    overlay = rendered(flashpoint_overlay("/app/static/data/", 1))
    for term in FLASHPOINT_KINDS:
        assert SHAPES[term.shape] in overlay
        assert term.color in overlay
