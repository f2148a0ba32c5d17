import json
import re

import folium
import pytest
from shapely.geometry import box
from streamlit_folium import _get_feature_group_string  # pinned streamlit-folium: the script it swaps in

from basemap.filters import FilterState, apply_filters
from basemap.maps.elements import stable_ids
from basemap.maps.facility_layer import (
    OUTLINE_MIN_ZOOM,
    FacilityLayer,
    decode_mask,
    encode_mask,
    layer_bytes,
    layer_data,
    layer_file_name,
    mask_group,
    outline_zoom,
    publish_layer,
    shown_mask,
    view_groups,
)
from basemap.maps.symbols import CIRCLE, reach, unit_corners
from basemap.vocabulary import FACILITY_SERVICES, STATUSES
from tests.factories import export_facilities, footprints_for

KADENA_OUTLINE = box(127.75, 26.34, 127.79, 26.37)


def test_layer_file_is_deterministic_and_named_by_its_content():
    footprints = footprints_for(("FAC6037", KADENA_OUTLINE, True, 19.855))
    first = layer_bytes(export_facilities(), footprints)
    assert first == layer_bytes(export_facilities(), footprints)
    assert re.fullmatch(r"facilities-[0-9a-f]{16}\.json", layer_file_name(first))
    changed = export_facilities()
    changed.loc[0, "area_km2"] = 20.0
    assert layer_file_name(layer_bytes(changed, footprints)) != layer_file_name(first)
    assert layer_file_name(layer_bytes(export_facilities())) != layer_file_name(first)  # outlines are content


def test_layer_holds_what_popups_and_tooltips_need_for_located_rows_only():
    facilities = export_facilities()
    data = json.loads(layer_bytes(facilities))
    assert data["rows"] == len(facilities) == 6
    by_id = {f["properties"]["id"]: f for f in data["features"]}
    assert "JP-unlocated" not in by_id  # no location: listed in the table, never drawn
    assert [f["properties"]["i"] for f in data["features"]] == [0, 1, 2, 4, 5]
    kadena = by_id["FAC6037"]["properties"]
    assert "嘉手納飛行場" in kadena["popup"]
    assert 'data-facility-id="FAC6037"' in kadena["popup"]
    assert kadena["tooltip"] == "Test facility FAC6037 — Air Force"
    assert kadena["label"] == "Test facility FAC6037"  # the name beside it at close zoom
    assert kadena["color"] == FACILITY_SERVICES["Air Force"].color
    assert kadena["radius"] > 5
    assert kadena["dash"] is False
    assert kadena["shape"] == FACILITY_SERVICES["Air Force"].shape  # the service by shape too, not colour alone
    assert "outline" not in kadena  # no footprint given
    returned = by_id["FAC6101"]["properties"]
    assert returned["color"] == STATUSES["returned"].color
    assert returned["dash"] is True
    assert returned["shape"] == FACILITY_SERVICES["Army"].shape  # grey once returned, its service's shape kept
    assert returned["tooltip"].endswith("(returned)")  # status in words, not only grey and dashed
    assert by_id["FAC6037"]["geometry"] == {"type": "Point", "coordinates": [127.7677, 26.3516]}


def test_each_point_carries_its_service_shape_and_an_unknown_service_is_a_circle():
    facilities = export_facilities()
    facilities.loc[1, "service"] = None
    facilities.loc[2, "service"] = "Coast Guard"
    shapes = [f["properties"]["shape"] for f in layer_data(facilities)["features"]]
    expected = [FACILITY_SERVICES.shape(s, CIRCLE) for s in facilities[facilities.geometry.notna()]["service"]]
    assert shapes == expected
    assert shapes[1:3] == [CIRCLE, CIRCLE]
    assert {"triangle", "square"} <= set(shapes)  # Air Force, Army


def test_the_script_holds_each_shape_s_corners_once_and_draws_points_as_shapes():
    html = render(FacilityLayer(data=layer_data(export_facilities())))
    layer = FacilityLayer(url="x.json")
    assert set(layer.corners) == {t.shape for t in FACILITY_SERVICES} - {CIRCLE}
    assert layer.corners["star"] == unit_corners("star")
    assert html.count(json.dumps(unit_corners("star"))) == 1  # in the template, not per feature
    assert layer.reach == max(reach(shape) for shape in layer.corners)
    assert "new ShapeMarker(latlng, pointStyle(p))" in html
    assert "L.circleMarker(" not in html


def test_hostile_text_stays_escaped_in_the_file():
    facilities = export_facilities()
    facilities.loc[0, "name_en"] = "<script>alert(1)</script>`${x}`{{ y }}"
    props = layer_data(facilities)["features"][0]["properties"]
    for text in (props["popup"], props["tooltip"], props["label"]):
        for dangerous in ("<script>", "`", "${", "{{"):
            assert dangerous not in text
        assert "&lt;script&gt;" in text


def test_footprint_travels_as_the_outline_beside_the_point_with_rounded_coordinates():
    outline = box(127.7600001234, 26.34, 127.78, 26.36)
    data = layer_data(export_facilities(), footprints_for(("FAC6037", outline, False, 19.855)))
    kadena = data["features"][0]
    assert kadena["geometry"]["type"] == "Point"  # the point stays: clusters and low zooms use it
    assert kadena["properties"]["outline"]["type"] == "Polygon"
    assert [127.76, 26.34] in kadena["properties"]["outline"]["coordinates"][0]
    assert kadena["properties"]["partial"] is False
    assert kadena["properties"]["z"] == outline_zoom(outline)
    assert "Outline from" in kadena["properties"]["popup"]
    assert "© OpenStreetMap contributors, ODbL" in kadena["properties"]["popup"]
    assert "partial footprint" not in kadena["properties"]["popup"]
    others = [f["properties"] for f in data["features"][1:]]
    assert not [p for p in others if "outline" in p or "Outline from" in p["popup"]]


def test_partial_footprint_says_how_much_of_the_published_area_it_covers():
    footprints = footprints_for(("FAC6037", KADENA_OUTLINE, True, 19.855), ("FAC3099", KADENA_OUTLINE, True, None))
    by_id = {f["properties"]["id"]: f["properties"] for f in layer_data(export_facilities(), footprints)["features"]}
    assert by_id["FAC6037"]["partial"] is True
    # 4.0 of 19.855 km²: 20%
    assert "partial footprint</b> (OpenStreetMap outline covers 20% of the published area)" in by_id["FAC6037"]["popup"]
    assert "covers less than half of the published area" in by_id["FAC3099"]["popup"]


def test_outlines_replace_points_from_the_zoom_where_they_are_legible():
    # A training area ~13 km across shows from zoom 8; a 200 m site only close up.
    assert outline_zoom(box(144.70, 43.23, 145.03, 43.34)) == OUTLINE_MIN_ZOOM
    assert outline_zoom(box(130.0, 33.0, 130.002, 33.002)) == 14
    # About 4 x 3.3 km (Kadena's size): 12 px on its shorter side at zoom 9, 24 px at zoom 10.
    assert outline_zoom(KADENA_OUTLINE) == 10
    assert outline_zoom(box(130.0, 33.0, 130.0, 33.0)) == 18  # degenerate: never replaces its point


def test_publish_writes_once_and_removes_older_versions(tmp_path):
    facilities = export_facilities()
    old = publish_layer(facilities.iloc[:2], tmp_path)
    name = publish_layer(facilities, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert name != old
    assert (tmp_path / name).read_bytes() == layer_bytes(facilities)
    assert publish_layer(facilities, tmp_path) == name


@pytest.mark.parametrize(
    ("rows", "shown"), [(0, []), (1, [0]), (8, [0, 7]), (9, [8]), (152, [0, 3, 64, 151]), (10_000, range(0, 10_000, 3))]
)
def test_mask_round_trip(rows, shown):
    mask = encode_mask(rows, shown)
    assert decode_mask(rows, mask) == list(shown)
    assert len(mask) == 4 * (((rows + 7) // 8 + 2) // 3)  # base64 of ceil(rows / 8) bytes, whatever is shown


def test_mask_bit_order_is_the_one_the_browser_reads():
    assert encode_mask(10, [0, 9]) == "AQI="  # byte 0 bit 0, byte 1 bit 1


def test_mask_rejects_a_row_outside_the_layer():
    with pytest.raises(ValueError, match="row 5"):
        encode_mask(5, [5])


def test_shown_mask_marks_the_filtered_rows_in_file_order():
    facilities = export_facilities()
    shown = apply_filters(facilities, FilterState.of(prefectures=["14"]))
    assert decode_mask(len(facilities), shown_mask(facilities, shown)) == [2]
    everything = apply_filters(facilities, FilterState.of(include_returned=True))
    assert decode_mask(len(facilities), shown_mask(facilities, everything)) == list(range(6))
    current = apply_filters(facilities, FilterState())
    assert decode_mask(len(facilities), shown_mask(facilities, current)) == [0, 1, 2, 3, 4]  # no returned
    with pytest.raises(ValueError, match="not in the facility layer"):
        shown_mask(facilities.iloc[:2], facilities)


def render(*elements) -> str:
    m = folium.Map(tiles=None, max_zoom=18)
    for element in elements:
        element.add_to(m)
    return stable_ids(m).get_root().render()


def test_layer_fetches_its_file_and_draws_on_canvas_with_clusters():
    html = render(FacilityLayer(url="/app/static/data/facilities-0123.json"))
    assert 'fetch("/app/static/data/facilities-0123.json")' in html
    assert "L.canvas({" in html
    assert "L.svg({" not in html
    assert "L.markerClusterGroup(" in html
    assert "leaflet.markercluster/1.4.1" in html  # its script is on the page
    assert "atlas.openFacility = function" in html
    assert '"Escape"' in html
    assert json.dumps("Outlines © OpenStreetMap contributors, ODbL") in html  # credited once outlines are drawn
    assert "Test facility" not in html  # the data is not in the page


def test_layer_embeds_its_data_for_the_standalone_file():
    data = layer_data(export_facilities())
    html = render(FacilityLayer(data=data, renderer="svg", cluster=False))
    assert "fetch(" not in html
    assert "L.svg({" in html
    assert "L.markerClusterGroup(" not in html
    assert "Test facility FAC6037" in html
    with pytest.raises(ValueError, match="either a url or its data"):
        FacilityLayer()


def feature_group_script(group: folium.FeatureGroup) -> str:
    return _get_feature_group_string(group, folium.Map(tiles=None))


def test_filter_change_sends_only_the_mask():
    facilities = export_facilities()
    shown = apply_filters(facilities, FilterState.of(prefectures=["47"]))
    script = feature_group_script(mask_group(facilities, shown))
    assert f'.facilityMask = {{"bits": "{shown_mask(facilities, shown)}", "rows": 6}}' in script
    assert "Test facility" not in script
    assert "popup" not in script.lower()
    assert "openFacility" not in script


def test_a_selected_row_asks_the_map_to_open_that_facility():
    facilities = export_facilities()
    script = feature_group_script(mask_group(facilities, facilities, open_id="FAC6037"))
    assert 'window.atlas.openFacility("FAC6037")' in script
    assert 'window.atlas.pendingOpen = "FAC6037"' in script  # before the layer has loaded


def test_app_view_sends_the_mask_and_standalone_view_embeds_the_shown_layer(sample_facilities):
    state = FilterState.of(prefectures=["47"], include_returned=True)
    shown = apply_filters(sample_facilities, state)
    app, _ = view_groups(shown, state, None, None, "/app/static/data/", facilities=sample_facilities)
    assert [g.layer_name for g in app] == ["Facility filter"]
    assert decode_mask(3, app[0]._children[next(iter(app[0]._children))].bits) == [0, 2]
    footprints = footprints_for(("FAC6037", KADENA_OUTLINE, False, 19.855))
    [embedded], _ = view_groups(shown, state, None, None, None, footprints=footprints)
    assert isinstance(embedded, FacilityLayer)
    assert [f["properties"]["id"] for f in embedded.data["features"]] == ["FAC6037", "FAC6099"]
    assert embedded.data["features"][1]["properties"]["color"] == STATUSES["returned"].color  # grey
    assert "outline" in embedded.data["features"][0]["properties"]
    with pytest.raises(ValueError, match="needs the facilities"):
        view_groups(shown, state, None, None, "/app/static/data/")
