"""The symbol shapes: SVG polygons in the 20×20 box and the same shapes as unit corners for the canvas."""

import math

import pytest

from basemap.maps.symbols import CIRCLE, CIRCLE_R, SHAPES, reach, symbol_svg, unit_corners


def test_shapes_are_closed_polygons_inside_the_symbol_box():
    for points in SHAPES.values():
        coords = [tuple(map(float, p.split(","))) for p in points.split()]
        assert len(coords) >= 3
        assert all(0 <= x <= 20 and 0 <= y <= 20 for x, y in coords)
        assert not math.isnan(sum(x + y for x, y in coords))


def test_unit_corners_are_the_svg_polygon_around_the_box_centre_in_circle_radii():
    assert unit_corners("diamond") == [[0.0, -1.0], [1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]
    assert unit_corners("square")[0] == [round(-7 / CIRCLE_R, 3)] * 2
    assert reach(CIRCLE) == 1.0
    assert reach("diamond") == 1.0
    assert reach("triangle") == pytest.approx(math.hypot(9, 8) / CIRCLE_R, abs=0.01)  # its base corners


def test_a_symbol_is_hidden_svg_drawing_its_shape_or_a_circle():
    star = symbol_svg("star", "#c62828", 12)
    assert f'points="{SHAPES["star"]}"' in star
    assert 'aria-hidden="true"' in star and 'width="12"' in star and 'fill="#c62828"' in star
    assert "stroke-dasharray" not in star and "fill-opacity" not in star
    circle = symbol_svg(CIRCLE, "#6a1b9a", 20, dashed=True, fill_opacity=0.85)
    assert f'<circle cx="10" cy="10" r="{CIRCLE_R}"' in circle and "<polygon" not in circle
    assert 'stroke-dasharray="3,2"' in circle and 'fill-opacity="0.85"' in circle
    with pytest.raises(KeyError):
        symbol_svg("blob", "#000000", 12)
