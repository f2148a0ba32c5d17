import json
import re

import folium
import pytest
from shapely.geometry import box

from basemap.filters import FilterState, apply_filters
from basemap.maps.facility_layer import (
    FacilityLayer,
    decode_mask,
    encode_mask,
    layer_bytes,
    layer_data,
    layer_file_name,
    mask_group,
    publish_layer,
    shown_mask,
)
from basemap.mapview import RETURNED_COLOR, SERVICE_COLORS, stable_ids
from tests.factories import export_facilities


def test_layer_file_is_deterministic_and_named_by_its_content():
    first, second = layer_bytes(export_facilities()), layer_bytes(export_facilities())
    assert first == second
    assert re.fullmatch(r"facilities-[0-9a-f]{16}\.json", layer_file_name(first))
    changed = export_facilities()
    changed.loc[0, "area_km2"] = 20.0
    assert layer_file_name(layer_bytes(changed)) != layer_file_name(first)


def test_layer_holds_what_popups_and_tooltips_need_for_located_rows_only():
    facilities = export_facilities()
    data = json.loads(layer_bytes(facilities))
    assert data["rows"] == len(facilities) == 6
    by_id = {f["properties"]["id"]: f for f in data["features"]}
    assert "JP-unlocated" not in by_id  # no location: listed in the table, never drawn
    assert [f["properties"]["i"] for f in data["features"]] == [0, 1, 2, 4, 5]
    kadena = by_id["FAC6037"]["properties"]
    assert "嘉手納飛行場" in kadena["popup"] and 'data-facility-id="FAC6037"' in kadena["popup"]
    assert kadena["tooltip"] == "Test facility FAC6037 — Air Force"
    assert kadena["color"] == SERVICE_COLORS["Air Force"] and kadena["radius"] > 5 and kadena["dash"] is False
    assert by_id["FAC6101"]["properties"]["color"] == RETURNED_COLOR
    assert by_id["FAC6101"]["properties"]["dash"] is True
    assert by_id["FAC6037"]["geometry"] == {"type": "Point", "coordinates": [127.7677, 26.3516]}


def test_hostile_text_stays_escaped_in_the_file():
    facilities = export_facilities()
    facilities.loc[0, "name_en"] = "<script>alert(1)</script>`${x}`{{ y }}"
    props = layer_data(facilities)["features"][0]["properties"]
    for text in (props["popup"], props["tooltip"]):
        assert "<script>" not in text and "`" not in text and "${" not in text and "{{" not in text
        assert "&lt;script&gt;" in text


def test_footprints_travel_as_polygons_with_rounded_coordinates():
    facilities = export_facilities()
    facilities.loc[0, "geometry"] = box(127.7600001234, 26.34, 127.78, 26.36)
    geometry = layer_data(facilities)["features"][0]["geometry"]
    assert geometry["type"] == "Polygon"
    assert [127.76, 26.34] in geometry["coordinates"][0]


def test_publish_writes_once_and_removes_older_versions(tmp_path):
    facilities = export_facilities()
    old = publish_layer(facilities.iloc[:2], tmp_path)
    name = publish_layer(facilities, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name] != [old]
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
    assert "L.canvas()" in html and "L.svg()" not in html
    assert "L.markerClusterGroup(" in html and "leaflet.markercluster" in html  # its script is on the page
    assert "atlas.openFacility = function" in html and '"Escape"' in html
    assert "Test facility" not in html  # the data is not in the page


def test_layer_embeds_its_data_for_the_standalone_file():
    data = layer_data(export_facilities())
    html = render(FacilityLayer(data=data, renderer="svg", cluster=False))
    assert "fetch(" not in html and "L.svg()" in html and "L.markerClusterGroup(" not in html
    assert "Test facility FAC6037" in html
    with pytest.raises(ValueError, match="either a url or its data"):
        FacilityLayer()


def test_filter_change_sends_only_the_mask():
    facilities = export_facilities()
    shown = apply_filters(facilities, FilterState.of(prefectures=["47"]))
    group = mask_group(facilities, shown)
    html = render(group)
    mask = shown_mask(facilities, shown)
    assert f'.facilityMask = {{"bits": "{mask}", "rows": 6}}' in html
    assert "Test facility" not in html and "popup" not in html.lower().split("<script>")[-1]
