"""Thematic map views: measures per prefecture, class breaks, layers and legends."""

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from basemap.maps.thematic import (
    PALETTE,
    anchors_of,
    class_breaks,
    class_color,
    legend_html,
    prefecture_measure,
    shading_group,
    symbol_group,
    symbol_radius,
    thematic_layer,
)


def test_count_and_area_count_each_current_facility_once(sample_facilities):
    sample_facilities.loc[1, "part_of"] = None
    count = prefecture_measure("count", sample_facilities, None)
    assert count.values == {"14": 1.0, "47": 1.0}  # the returned Okinawa facility is left out
    area = prefecture_measure("area", sample_facilities, None)
    assert area.values == {"14": 2.3, "47": 19.855}


def test_personnel_falls_back_to_okinawas_last_published_total(sample_facilities):
    personnel = pd.DataFrame(
        {
            "area": ["Okinawa", "Okinawa"],
            "service": ["Total", "Total"],
            "series": ["okinawa_pref", "okinawa_pref"],
            "as_of": ["2008", "2011-06"],
            "personnel": [22000, 25843],
        }
    )
    measure = prefecture_measure("personnel", sample_facilities, personnel)
    assert measure.values == {"47": 25843.0}
    assert "2011-06" in measure.note
    assert "stopped" in measure.note


def test_class_breaks_are_quantiles_and_colours_follow_them():
    breaks = class_breaks([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert len(breaks) == 5
    assert breaks[-1] == 10
    assert class_color(1, breaks) == PALETTE[0]
    assert class_color(10, breaks) == PALETTE[-1]
    assert class_breaks([]) == []
    assert class_breaks([0, 0]) == []
    few = class_breaks([3, 3, 3])
    assert few == [3.0]
    assert class_color(3, few) == PALETTE[-1]


def test_symbol_area_is_proportional_to_the_value():
    assert symbol_radius(100, 100) == pytest.approx(28)
    assert symbol_radius(25, 100) == pytest.approx(14)


def prefectures_frame():
    return gpd.GeoDataFrame(
        {"prefecture_code": ["14", "47"], "name_en": ["Kanagawa", "Okinawa"]},
        geometry=[
            shapely.box(139, 35, 140, 36),
            shapely.MultiPolygon([shapely.box(127, 26, 128, 27), shapely.box(123, 24, 123.1, 24.1)]),
        ],
        crs="EPSG:4326",
    )


def test_layers_carry_only_small_tables_and_escape_labels(sample_facilities):
    measure = prefecture_measure("count", sample_facilities, None)
    shading = shading_group(measure, prefectures_frame(), "/static/data/")
    layer = next(iter(shading._children.values()))
    assert layer.url == "/static/data/prefectures.geojson"
    assert layer.data is None
    assert set(layer.classes) == {"14", "47"}
    anchors = anchors_of(prefectures_frame())
    assert anchors["47"] == (26.5, 127.5)  # inside the main island, not the islet
    symbols = symbol_group(measure, anchors)
    assert [type(c).__name__ for c in symbols._children.values()] == ["CircleMarker", "CircleMarker"]


def test_thematic_layer_by_view_and_legends(sample_facilities):
    assert thematic_layer("facilities", sample_facilities, None, prefectures_frame(), None) is None
    group, measure = thematic_layer("shade-area", sample_facilities, None, prefectures_frame(), None)
    assert measure.key == "area"
    assert group.layer_name == "Prefectures by facility area"
    assert "km²" in legend_html(measure, shading=True)
    assert "proportional" in legend_html(measure, shading=False)
    empty = prefecture_measure("personnel", sample_facilities, None)
    assert "no values" in legend_html(empty, shading=False)
