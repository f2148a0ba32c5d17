import html
import re

import folium
import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box

from basemap.filters import FilterState, apply_filters
from basemap.i18n import language
from basemap.load import load_layer
from basemap.maps.base import (
    JAPAN_CENTER,
    JAPAN_ZOOM,
    MUNICIPAL_MIN_ZOOM,
    TILE_LAYERS,
    MapView,
    base_map,
    core_bounds,
    highlight_group,
    legend_html,
    view_for,
)
from basemap.maps.facilities import facility_group, facility_icon, marker_style, popup_html, service_symbol
from basemap.maps.facility_layer import FacilityLayer, view_groups
from basemap.maps.html import escape
from basemap.maps.standalone import full_map
from basemap.maps.symbols import CIRCLE, CIRCLE_R, SHAPES
from basemap.vocabulary import FACILITY_SERVICES, SERVICES

STATE = FilterState(prefectures=["47"], include_returned=True, view="shade-count")
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


def test_dom_markers_are_drawn_in_their_service_shape(sample_facilities):
    row = sample_facilities.iloc[0]
    icon = facility_icon(row).options["html"]
    color, radius, dashed = marker_style(row)
    assert f'points="{SHAPES[SERVICES[row["service"]].shape]}"' in icon
    assert f'fill="{color}"' in icon and 'aria-hidden="true"' in icon
    assert facility_icon(row).options["icon_size"] == (round(2 * radius * 10 / CIRCLE_R),) * 2  # a circle: r px
    unknown = row.copy()
    unknown["service"] = None
    assert f'r="{CIRCLE_R}"' in facility_icon(unknown).options["html"]


def test_the_legend_shows_each_service_s_shape_once_with_its_label_in_text():
    legend = legend_html()
    for term in FACILITY_SERVICES:
        symbol = service_symbol(term.code)
        assert legend.count(symbol) == 1
        assert f"{symbol} {term.label}</div>" in legend
        assert term.shape == CIRCLE or f'points="{SHAPES[term.shape]}"' in symbol
    assert 'aria-hidden="true"' in service_symbol("Navy")
    assert "米海兵隊" in legend_html(language("ja"))  # labels go through the translator


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


def test_online_tile_layers_keep_their_url_attribution_and_name():
    """Each online layer is drawn from its own URL with its own attribution, named in the reader's
    language (built from TileProviders, which folium must neither replace nor rename)."""
    japanese = language("ja")
    m = base_map(None, None, None, _=japanese)
    script = m.get_root().render()
    layers = [child for child in m._children.values() if isinstance(child, folium.TileLayer)]
    assert [layer.tile_name for layer in layers] == [japanese(title) for title, _, _ in TILE_LAYERS]
    for layer, (_title, url, attribution) in zip(layers, TILE_LAYERS, strict=True):
        assert (layer.tiles, layer.options["attribution"]) == (url, attribution)
        assert f'L.tileLayer(\n                "{url}",' in script


def test_highlight_only_selected_prefectures():
    group = highlight_group(prefectures_frame(), ["14"])
    [layer] = group._children.values()
    assert [f["properties"]["prefecture_code"] for f in layer.data["features"]] == ["14"]
    assert highlight_group(prefectures_frame(), [])._children == {}


def test_highlight_in_the_app_sends_codes_not_shapes():
    """The browser has the prefectures file cached: a filter change carries only the codes."""
    group = highlight_group(prefectures_frame(), ["47", "14"], data_url="/app/static/data/")
    html = full_map(None, None, [group]).get_root().render()
    assert 'url = "/app/static/data/prefectures.geojson"' in html
    assert "read[url] = read[url] || fetch(url)" in html  # read once per map document, then reused
    assert '["14", "47"].indexOf(feature.properties.prefecture_code)' in html
    assert "127.0" not in html.split("prefecture_highlight")[-1]  # no coordinates travel


def test_view_without_located_facilities_frames_the_selected_prefectures():
    assert view_for(prefectures_frame(), FilterState()).center == JAPAN_CENTER
    view = view_for(prefectures_frame(), FilterState(prefectures=["47"]))
    assert view.center == pytest.approx((26.5, 127.75), abs=0.01)
    assert view.zoom >= 7
    assert view_for(None, FilterState(prefectures=["47"])).center == JAPAN_CENTER


def points(*lonlats: tuple[float, float], prefecture: str = "47") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"id": [f"F{i}" for i in range(len(lonlats))], "prefecture_code": prefecture},
        geometry=[Point(lon, lat) for lon, lat in lonlats],
        crs="EPSG:4326",
    )


def test_core_bounds_leave_out_far_outliers_of_each_prefecture():
    island = [(127.7, 26.2), (127.75, 26.3), (127.8, 26.35), (127.9, 26.45), (128.0, 26.55)]
    shown = points(*island, (131.19, 24.47))  # Oki-Daito, ~400 km away
    assert core_bounds(shown.geometry, shown["prefecture_code"]) == (127.7, 26.2, 128.0, 26.55)
    # one prefecture's outlier is judged within its prefecture: another one far away stays framed
    kanagawa = points((139.6, 35.3), (139.7, 35.45), prefecture="14")
    both = pd.concat([shown, kanagawa])
    assert core_bounds(both.geometry, both["prefecture_code"]) == (127.7, 26.2, 139.7, 35.45)
    # within OUTLIER_MIN_KM of the middle nothing is an outlier, however tight the rest
    close = points((127.7, 26.2), (127.7001, 26.2), (127.7002, 26.2), (128.1, 26.4))
    assert core_bounds(close.geometry, close["prefecture_code"])[2] == 128.1


def test_view_of_okinawa_frames_okinawa_island_and_names_the_outlying_ranges():
    facilities, prefectures = load_layer("facilities").frame, load_layer("prefectures").frame
    state = FilterState(prefectures=["47"])
    view = view_for(prefectures, state, apply_filters(facilities, state))
    assert view.zoom >= 9  # the island (about 100 km long) fills the map, not all of East Asia (zoom 4)
    lat, lon = view.center
    assert 26.2 < lat < 26.7 and 127.5 < lon < 128.0
    names = set(facilities.loc[facilities["id"].isin(view.outside), "name_en"])
    assert {"Oki Daito Jima Range", "Kobi Sho Range", "Sekibi Sho Range", "Tori Shima Range"} <= names
    assert not {"Camp Schwab", "Kadena Air Base", "Ie Jima Auxiliary Airfield"} & names


def test_view_of_tokyo_and_kanagawa_frames_the_kanto_bases():
    facilities, prefectures = load_layer("facilities").frame, load_layer("prefectures").frame
    for codes in (["13"], ["14"], ["13", "14"]):
        state = FilterState(prefectures=codes)
        shown = apply_filters(facilities, state)
        view = view_for(prefectures, state, shown)
        lat, lon = view.center
        assert 35.2 < lat < 35.9 and 139.2 < lon < 139.9, codes
        assert view.zoom >= 9, codes
        outside = set(shown.loc[shown["id"].isin(view.outside), "name_en"])
        assert len(outside) <= 1, outside  # at most Iwo Jima, 1,200 km south in Tokyo


def test_the_national_view_is_all_of_japan_whatever_is_shown():
    facilities, prefectures = load_layer("facilities").frame, load_layer("prefectures").frame
    for state in (FilterState(), FilterState(include_returned=True), FilterState(view="shade-count")):
        assert view_for(prefectures, state, apply_filters(facilities, state)) == MapView(JAPAN_CENTER, JAPAN_ZOOM)
    navy = FilterState(services=["Navy"])
    assert view_for(prefectures, navy, apply_filters(facilities, navy)).zoom <= JAPAN_ZOOM  # Aomori to Okinawa


def test_view_groups_draw_the_thematic_layer_the_selection_and_the_facilities_above(sample_facilities):
    groups, measure = view_groups(sample_facilities, STATE, prefectures_frame(), None, None)
    assert [g.layer_name for g in groups] == ["Prefectures by facilities", "Selected prefectures", "U.S. facilities"]
    assert measure is not None
    assert measure.key == "count"
    plain, none = view_groups(sample_facilities, FilterState(), None, None, None)
    assert [g.layer_name for g in plain] == ["U.S. facilities"]
    assert none is None


def test_municipal_boundaries_are_fetched_and_drawn_only_from_zoom_9():
    html = base_map(None, prefectures_frame(), "/app/static/data/").get_root().render()
    script = html[html.index('createPane("municipal")') :]
    script = script[: script.index("})();")]
    # fetched inside the zoom check, on the first zoomend that reaches MUNICIPAL_MIN_ZOOM, never at load
    check = script.index(f"map.getZoom() >= {MUNICIPAL_MIN_ZOOM}")
    assert MUNICIPAL_MIN_ZOOM == 9
    assert script.index('fetch("/app/static/data/municipalities.geojson")') > check
    assert 'map.on("zoomend", update)' in script
    assert "map.removeLayer(group)" in script  # dropped again below the threshold
    # names as text nodes, never as HTML
    assert "line.textContent = text" in script
    assert "innerHTML" not in script


def test_the_standalone_map_has_no_municipal_layer(sample_facilities):
    html = full_map(None, prefectures_frame(), [facility_group(sample_facilities)]).get_root().render()
    assert "municipalities.geojson" not in html
    assert 'createPane("municipal")' not in html


def _asset_urls(m: folium.Map) -> list[str]:
    """The JS and CSS a map's page asks for, gathered from its elements as st_folium gathers them."""
    found, todo = [], [m]
    while todo:
        element = todo.pop()
        for _name, url in [*getattr(element, "default_js", []), *getattr(element, "default_css", [])]:
            found.append(url)
        todo.extend(element._children.values())
    return found


def test_the_base_map_asks_for_leaflet_jquery_and_the_facility_layer_s_files_only():
    """No Bootstrap, Font Awesome or awesome-markers (folium.Map's defaults, for folium.Icon, which no
    atlas map uses): fewer files for the map's frame to load one after another. jQuery stays: folium's
    popups (the Flashpoints page, the HTML download) are built with it."""
    m = base_map(None, prefectures_frame(), "/app/static/data/")
    FacilityLayer(url="/app/static/data/facilities-0.json").add_to(m)
    names = sorted(url.rsplit("/", 1)[1] for url in _asset_urls(m))
    assert names == [
        "MarkerCluster.Default.css",
        "MarkerCluster.css",
        "jquery-3.7.1.min.js",
        "leaflet.css",
        "leaflet.js",
        "leaflet.markercluster.js",
    ]
    page = m.get_root().render()
    assert not re.search(r"bootstrap|fontawesome|awesome-markers", page, re.IGNORECASE)
