import html
import re

import geopandas as gpd
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from basemap.filters import FilterState
from basemap.maps.base import JAPAN_CENTER, highlight_group, view_for
from basemap.maps.facilities import facility_group, popup_html
from basemap.maps.facility_layer import view_groups
from basemap.maps.html import escape
from basemap.maps.standalone import full_map
from basemap.vocabulary import SERVICES

STATE = FilterState.of(prefectures=["47"], include_returned=True, view="shade-count")
EVIL = "<img src=x onerror=alert(1)> `${alert(2)}` {{ 7*7 }} {% if 1 %}"


def prefectures_frame():
    return gpd.GeoDataFrame(
        {
            "prefecture_code": ["47", "14"],
            "name_en": ["Okinawa", "Kanagawa"],
            "name_ja": ["沖縄県", "神奈川県"],
            "region": ["Okinawa", "Kanto"],
        },
        geometry=[box(127, 26, 128.5, 27), box(139, 35, 140, 36)],
        crs="EPSG:4326",
    )


def test_escape_neutralises_html_js_and_jinja():
    escaped = escape(EVIL)
    for dangerous in ("<img", "`", "${", "{{", "{%"):
        assert dangerous not in escaped
    assert escape(None) == ""
    assert escape(float("nan")) == ""


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec=None)) | st.text(alphabet="<>&\"'`${}%#;/=x "))
def test_escaped_html_is_only_text_and_reads_back_as_the_value(value):
    """No tag, attribute, JS template or Jinja construct can survive; the browser shows the value."""
    escaped = escape(value)
    assert not set(escaped) & set("<>\"'`${}")
    assert re.fullmatch(r"([^&]|&(#x?[0-9a-f]+|[a-z]+);)*", escaped)  # every "&" starts an entity
    assert html.unescape(escaped) == value


def test_hostile_names_render_as_text(sample_facilities):
    sample_facilities.loc[0, "name_en"] = EVIL
    sample_facilities.loc[0, "sources"] = [EVIL]
    html = full_map(None, None, [facility_group(sample_facilities)]).get_root().render()
    assert "<img src=x" not in html
    assert "{{ 7*7 }}" not in html
    assert "${alert" not in html
    # Rendered as text: every part of the name is in the page as entities, and Jinja (which
    # folium runs over popups again) neither evaluated {{ 7*7 }} nor consumed {% if 1 %}.
    popup = html[html.index('data-facility-id="FAC6037"') :]
    for entities in (
        "&lt;img src=x onerror=alert(1)&gt;",
        "&#96;&#36;&#123;alert(2)&#125;&#96;",
        "&#123;&#123; 7*7 &#125;&#125;",
        "&#123;% if 1 %&#125;",
    ):
        assert entities in popup


def test_popup_shows_names_source_date_and_not_published(sample_facilities):
    row = sample_facilities.iloc[0].copy()
    row["area_km2"] = None
    html = popup_html(row)
    assert "Test facility FAC6037" in html
    assert "試験施設" in html
    assert "Okinawa (沖縄県)" in html
    assert "嘉手納町" in html
    assert "2-1(a)" in html
    assert "test fixture" in html
    assert "2020-01-01" in html
    assert "<i>not published</i>" in html


def test_a_source_with_a_comment_links_only_its_url(sample_facilities):
    row = sample_facilities.iloc[0].copy()
    row["coord_source"] = "https://example.org/wiki/Camp (infobox 北緯26度)"
    html = popup_html(row)
    assert '<a href="https://example.org/wiki/Camp" target="_blank"' in html
    assert "</a> (infobox 北緯26度)" in html


def test_popup_shows_personnel_with_its_source_or_not_published(sample_facilities):
    row = sample_facilities.iloc[0].copy()
    assert "<th>Personnel</th><td><i>not published</i></td>" in popup_html(row)
    row["personnel"], row["personnel_source"] = 3019.0, "https://example.org/p (軍人, as of 2013-03-31)"
    html = popup_html(row)
    assert "3,019" in html
    assert '<a href="https://example.org/p"' in html
    assert "(軍人, as of 2013-03-31)" in html


def test_popup_shows_the_status_note_escaped(sample_facilities):
    row = sample_facilities.iloc[0].copy()
    row["status"], row["status_date"] = "return_planned", "2025"
    row["status_note"] = "Return agreed <b>FY2025</b> or later"
    html = popup_html(row)
    assert "return_planned (2025)" in html
    assert "Return agreed &lt;b&gt;FY2025&lt;/b&gt; or later" in html


def test_markers_coloured_by_service_and_unlocated_skipped(sample_facilities):
    sample_facilities.loc[2, "geometry"] = None
    m = full_map(None, None, [facility_group(sample_facilities)])
    html = m.get_root().render()
    assert sorted(set(re.findall(r'data-facility-id=\\?"(FAC\d+)', html))) == ["FAC3099", "FAC6037"]
    assert SERVICES["Navy"].color in html
    assert SERVICES["Air Force"].color in html
    assert len(facility_group(sample_facilities)._children) == 2


def test_map_building_is_deterministic(sample_facilities):
    prefectures = prefectures_frame()
    first = (
        full_map(None, prefectures, view_groups(sample_facilities, STATE, prefectures, None, None)[0])
        .get_root()
        .render()
    )
    second = (
        full_map(None, prefectures, view_groups(sample_facilities, STATE, prefectures, None, None)[0])
        .get_root()
        .render()
    )
    assert first == second


def test_map_is_offline_by_default(sample_facilities):
    m = full_map(None, prefectures_frame(), [facility_group(sample_facilities)])
    html = m.get_root().render()
    # online tiles exist only as optional overlays, hidden until chosen, with attribution
    assert html.count("L.tileLayer(") == 3
    assert "maps.gsi.go.jp/development/ichiran.html" in html
    assert "OpenStreetMap" in html
    # folium leaves a layer with show=False out of the map until it is chosen in the control
    for tile in re.findall(r"var (tile_layer_\w+) = L.tileLayer", html):
        assert f"{tile}.addTo(" not in html


def test_highlight_only_selected_prefectures():
    group = highlight_group(prefectures_frame(), ["14"])
    [layer] = group._children.values()
    assert [f["properties"]["prefecture_code"] for f in layer.data["features"]] == ["14"]
    assert highlight_group(prefectures_frame(), [])._children == {}


def test_highlight_in_the_app_sends_codes_not_shapes():
    """The browser has the prefectures file cached: a filter change carries only the codes."""
    group = highlight_group(prefectures_frame(), ["47", "14"], data_url="/app/static/data/")
    html = full_map(None, None, [group]).get_root().render()
    assert 'fetch("/app/static/data/prefectures.geojson")' in html
    assert '["14", "47"].indexOf(feature.properties.prefecture_code)' in html
    assert "127.0" not in html.split("prefecture_highlight")[-1]  # no coordinates travel


def test_view_frames_the_selection():
    assert view_for(prefectures_frame(), [])[0] == JAPAN_CENTER
    (lat, lon), zoom = view_for(prefectures_frame(), ["47"])
    assert (lat, lon) == (26.5, 127.75)
    assert zoom >= 6
    assert view_for(None, ["47"])[0] == JAPAN_CENTER


def test_view_groups_draw_the_thematic_layer_the_selection_and_the_facilities_above(sample_facilities):
    groups, measure = view_groups(sample_facilities, STATE, prefectures_frame(), None, None)
    assert [g.layer_name for g in groups] == ["Prefectures by facilities", "Selected prefectures", "U.S. facilities"]
    assert measure is not None
    assert measure.key == "count"
    plain, none = view_groups(sample_facilities, FilterState(), None, None, None)
    assert [g.layer_name for g in plain] == ["U.S. facilities"]
    assert none is None
