"""Deterministic folium builders: the offline basemap, the facility layer, popups, legend.

The base map (basemap, tile choices, legend) never depends on the filters, so st_folium keeps
the same component and only swaps the feature groups when a filter changes (no re-mount).
Every data string is escaped before it becomes HTML or part of a JS template literal.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from basemap.assets import BASEMAP_URL

JAPAN_CENTER = (34.5, 135.0)
JAPAN_ZOOM = 5
MAX_ZOOM = 18
SEA_COLOR = "#cfe3f1"

SERVICE_COLORS = {
    "Army": "#2e7d32",
    "Navy": "#1f3f99",
    "Air Force": "#0288d1",
    "Marine Corps": "#c62828",
    "Joint": "#6a1b9a",
    "SDF": "#ef6c00",
}
UNKNOWN_COLOR = "#616161"
RETURNED_COLOR = "#9e9e9e"

TILE_LAYERS = (
    (
        "GSI pale map (online)",
        "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png",
        '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a> (GSI Japan)',
    ),
    (
        "GSI standard map (online)",
        "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png",
        '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a> (GSI Japan)',
    ),
    (
        "OpenStreetMap (online)",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    ),
)
OFFLINE_ATTRIBUTION = "Basemap: JMA area data (processed), Natural Earth"


_NEUTRALISE = str.maketrans({"`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;"})


def escape(text: object) -> str:
    """HTML-escape a data value for popups and tooltips.

    Beyond HTML, folium puts popup HTML into a JS template literal (so backticks and `${`
    matter) and re-reads rendered popups as Jinja templates (so `{{`, `{%` would run): all
    of these characters become HTML entities, which display as the same text.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return html.escape(str(text)).translate(_NEUTRALISE)


def _value(value: object, missing: str = "not published") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"<i>{missing}</i>"
    if isinstance(value, (list, tuple)):
        return "<br>".join(escape(v) for v in value) or f"<i>{missing}</i>"
    return escape(value)


_LEADING_URL = re.compile(r"^(https?://\S+)(.*)$", re.DOTALL)


def _source_list(values: Iterable[object]) -> str:
    """Sources one per line; a source that starts with a URL links the URL, and its comment follows as text."""
    items = []
    for value in values:
        found = _LEADING_URL.match(str(value))
        if found:
            url, comment = found.groups()
            link = f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(url)}</a>'
            items.append(link + escape(comment))
        else:
            items.append(escape(value))
    return "<br>".join(items)


def status_text(row: pd.Series) -> str:
    """Status, its date and its note (e.g. a planned return, or a limited-period provision)."""
    text = _value(row["status"]) + (f" ({escape(row['status_date'])})" if row.get("status_date") else "")
    note = row.get("status_note")
    return text + (f"<br><small>{escape(note)}</small>" if isinstance(note, str) and note else "")


def personnel_text(row: pd.Series) -> str:
    """An officially stated head count with its source (which says who is counted and when)."""
    count = row.get("personnel")
    if count is None or (isinstance(count, float) and math.isnan(count)):
        return "<i>not published</i>"
    return f"{int(count):,}<br><small>{_source_list([row.get('personnel_source') or ''])}</small>"


def area_text(area_km2: object, as_of: object) -> str:
    if area_km2 is None or (isinstance(area_km2, float) and math.isnan(area_km2)):
        return "<i>not published</i>"
    return f"{float(area_km2):,.3f} km² (as of {escape(as_of) or 'date not given'})"


def popup_html(row: pd.Series) -> str:
    """The facility popup: names, place, service, SOFA category, area, sources and dates."""
    rows = [
        ("Prefecture", f"{escape(row['prefecture_en'])} ({escape(row['prefecture_ja'])})"),
        ("Municipality", _value(row["municipalities_ja"])),
        ("Service", _value(row["service"])),
        ("SOFA category", _value(row["sofa_category"])),
        ("Status", status_text(row)),
        ("Area", area_text(row["area_km2"], row["area_as_of"])),
        ("Function", _value(row.get("function"))),
        ("Personnel", personnel_text(row)),
        ("Sources", _source_list(row["sources"])),
        ("Location from", _source_list([row["coord_source"]])),
        ("As of", _value(row["as_of"])),
    ]
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        f'<div class="facility-popup" data-facility-id="{escape(row["id"])}">'
        f"<b>{escape(row['name_en'])}</b><br>{escape(row['name_ja'])}"
        f'<table class="facility-table">{body}</table></div>'
    )


def marker_radius(area_km2: object) -> int:
    """Marker size in px grows with the square root of the area; unknown area: smallest."""
    if area_km2 is None or (isinstance(area_km2, float) and math.isnan(area_km2)):
        return 5
    return int(min(16, 5 + 2.2 * math.sqrt(float(area_km2))))


def marker_style(row: pd.Series) -> tuple[str, int, bool]:
    """Colour (service; grey once returned), radius (area) and dashed edge (not active) of a facility."""
    returned = row["status"] == "returned"
    color = RETURNED_COLOR if returned else SERVICE_COLORS.get(row["service"], UNKNOWN_COLOR)
    return color, marker_radius(row["area_km2"]), row["status"] != "active"


def tooltip_text(row: pd.Series) -> str:
    """The facility tooltip (escaped HTML): name and managing service."""
    return f"{escape(row['name_en'])} — {escape(row['service'])}"


def facility_icon(row: pd.Series) -> folium.DivIcon:
    """An inline-SVG circle (no icon fonts, no image files): works with no network."""
    color, r, dashed = marker_style(row)
    size = 2 * r + 4
    dash = ' stroke-dasharray="3,2"' if dashed else ""
    svg = (
        f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}">'
        f'<circle cx="{size / 2}" cy="{size / 2}" r="{r}" fill="{color}" fill-opacity="0.85" '
        f'stroke="#ffffff" stroke-width="1.5"{dash}/></svg>'
    )
    return folium.DivIcon(
        html=f'<div class="facility-marker" data-facility-id="{escape(row["id"])}">{svg}</div>',
        icon_size=(size, size),
        icon_anchor=(size // 2, size // 2),
        class_name="facility-icon",
    )


def facility_group(facilities: gpd.GeoDataFrame, name: str = "U.S. facilities") -> folium.FeatureGroup:
    """One marker per facility with a located point, in the frame's order."""
    group = folium.FeatureGroup(name=name, show=True)
    for _, row in facilities.iterrows():
        point = row.geometry
        if point is None or point.is_empty:
            continue
        folium.Marker(
            location=(point.y, point.x),
            icon=facility_icon(row),
            tooltip=folium.Tooltip(tooltip_text(row)),
            popup=folium.Popup(popup_html(row), max_width=380),
        ).add_to(group)
    return group


def highlight_group(prefectures: gpd.GeoDataFrame, codes: Iterable[str]) -> folium.FeatureGroup:
    """The selected prefectures, outlined on top of the basemap (empty when none selected)."""
    group = folium.FeatureGroup(name="Selected prefectures", show=True, control=False)
    selected = prefectures[prefectures["prefecture_code"].isin(list(codes))]
    if len(selected):
        folium.GeoJson(
            selected[["prefecture_code", "name_en", "geometry"]].__geo_interface__,
            style_function=lambda _: {"color": "#b71c1c", "weight": 2.5, "fillColor": "#ffcdd2", "fillOpacity": 0.55},
            interactive=False,
        ).add_to(group)
    return group


def view_for(prefectures: gpd.GeoDataFrame | None, codes: Iterable[str]) -> tuple[tuple[float, float], int]:
    """Map centre and zoom that frame the selected prefectures (all of Japan when none)."""
    codes = list(codes)
    if prefectures is None or not codes:
        return JAPAN_CENTER, JAPAN_ZOOM
    minx, miny, maxx, maxy = prefectures[prefectures["prefecture_code"].isin(codes)].total_bounds
    span = max(maxx - minx, (maxy - miny) * 1.3, 0.05)
    zoom = int(max(4, min(11, math.floor(math.log2(360 / span)) - 1)))
    return (round((miny + maxy) / 2, 4), round((minx + maxx) / 2, 4)), zoom


class HtmlControl(MacroElement):
    """A Leaflet control holding plain HTML (a legend, an info box): no external assets.

    `css_class` styles it; `keep_clicks` stops clicks inside from reaching the map (e.g. to
    open a <details> box without panning).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
            div.innerHTML = {{ this.html|tojson }};
            {% if this.keep_clicks %}L.DomEvent.disableClickPropagation(div);{% endif %}
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str, name: str, position: str, css_class: str, keep_clicks: bool = False):
        super().__init__()
        self._name = name
        self.html = html_text
        self.position = position
        self.css_class = css_class
        self.keep_clicks = keep_clicks


def legend_html() -> str:
    items = "".join(
        f'<div><span style="background:{color}"></span>{escape(service)}</div>'
        for service, color in SERVICE_COLORS.items()
    )
    return (
        "<b>Managing service</b>" + items + '<div class="atlas-legend-note">Size: facility area. '
        "Dashed: return planned. Grey: returned (own layer, switched on in the sidebar).</div>"
    )


_CSS = f"""
<style>
.leaflet-container {{ background: {SEA_COLOR}; }}
.facility-icon {{ background: none; border: none; }}
.atlas-legend {{ background: rgba(255,255,255,0.92); padding: 6px 8px; font: 12px/1.4 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); }}
.atlas-legend span {{ display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  margin-right: 6px; vertical-align: -1px; }}
.atlas-legend-note {{ color: #555; margin-top: 3px; max-width: 170px; }}
.facility-table th {{ text-align: left; padding-right: 8px; vertical-align: top; white-space: nowrap; }}
.facility-table td {{ word-break: break-word; }}
</style>
"""


_FETCH_OR_EMBED = """
        {% if this.url %}
        fetch({{ this.url|tojson }})
            .then(function (response) { return response.json(); })
            .then(function (data) { {{ this.get_name() }}.addData(data); });
        {% else %}
        {{ this.get_name() }}.addData({{ this.data|tojson }});
        {% endif %}
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
"""


def geojson_layer_template(options_js: str, setup_js: str = "") -> Template:
    """The template of a Leaflet GeoJSON layer whose data the browser fetches from `this.url`
    (once, then from its cache) or that is embedded from `this.data` (standalone HTML); added to
    the map when `this.show`. `options_js` is the L.geoJSON options object (Jinja, may use `this`)."""
    return Template(
        "{% macro script(this, kwargs) %}"
        + setup_js
        + "\n        var {{ this.get_name() }} = L.geoJSON(null, "
        + options_js
        + ");"
        + _FETCH_OR_EMBED
        + "{% endmacro %}"
    )


class VectorBasemap(folium.map.Layer):
    """A GeoJSON layer drawn in a pane under the data layers.

    With `url` the browser fetches the file (once, then from its cache), which keeps the map
    script small so a filter change sends little; with `data` the GeoJSON is embedded (for a
    standalone HTML file). Tooltips are built as text nodes, never parsed as HTML.
    """

    _template = geojson_layer_template(
        setup_js="""
        if (!{{ this._parent.get_name() }}.getPane("basemap")) {
            {{ this._parent.get_name() }}.createPane("basemap").style.zIndex = 350;
        }""",
        options_js="""{
            pane: "basemap",
            attribution: {{ this.attribution|tojson }},
            interactive: {{ (this.tooltip_fields|length > 0)|tojson }},
            style: function () { return {{ this.style|tojson }}; },
            onEachFeature: function (feature, layer) {
                var fields = {{ this.tooltip_fields|tojson }};
                if (!fields.length) { return; }
                var label = document.createElement("span");
                label.textContent = fields.map(function (f) { return feature.properties[f]; }).join(" ");
                layer.bindTooltip(label, {sticky: true});
            }
        }""",
    )

    def __init__(
        self,
        name: str,
        style: dict,
        url: str | None = None,
        data: dict | None = None,
        tooltip_fields: tuple[str, ...] = (),
    ):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "VectorBasemap"
        self.url = url
        self.data = data
        self.style = style
        self.tooltip_fields = list(tooltip_fields)
        self.attribution = OFFLINE_ATTRIBUTION


LAND_STYLE = {"color": "#9e9e9e", "weight": 0.6, "fillColor": "#ecebe4", "fillOpacity": 1}
PREFECTURE_STYLE = {"color": "#8d8d8d", "weight": 0.7, "fillColor": "#fbfaf5", "fillOpacity": 1}


def base_map(land: gpd.GeoDataFrame | None, prefectures: gpd.GeoDataFrame | None, embed: bool = False) -> folium.Map:
    """The constant part of the map: offline vector basemap, optional online tiles, legend.

    A missing layer (None) is left out, so one broken file does not take the map down. By
    default the browser fetches the basemap files from the app's static folder; `embed=True`
    puts the data in the page instead (standalone HTML).
    """
    m = folium.Map(
        location=JAPAN_CENTER,
        zoom_start=JAPAN_ZOOM,
        min_zoom=3,
        max_zoom=MAX_ZOOM,
        tiles=None,
        control_scale=True,
        attribution_control=True,
    )
    m.get_root().header.add_child(Element(_CSS), name="atlas_css")
    for title, url, attribution in TILE_LAYERS:
        folium.TileLayer(url, name=title, attr=attribution, overlay=True, show=False, max_zoom=MAX_ZOOM).add_to(m)
    for frame, key, title, style, tooltip in (
        (land, "land", "Offline basemap: East Asia", LAND_STYLE, ()),
        (prefectures, "prefectures", "Offline basemap: prefectures", PREFECTURE_STYLE, ("name_en", "name_ja")),
    ):
        if frame is None:
            continue
        if embed:
            columns = [c for c in ("name", *tooltip) if c in frame] + ["geometry"]
            VectorBasemap(title, style, data=frame[columns].__geo_interface__, tooltip_fields=tooltip).add_to(m)
        else:
            VectorBasemap(title, style, url=f"{BASEMAP_URL}{key}.geojson", tooltip_fields=tooltip).add_to(m)
    HtmlControl(legend_html(), "Legend", "bottomleft", "atlas-legend").add_to(m)
    return m


def stable_ids(root: Element) -> Element:
    """Replace folium's random element ids with ids from tree order, so the same map gives
    the same HTML (stable tests, exports and screenshots)."""
    counter = 0

    def visit(element: Element) -> None:
        nonlocal counter
        children = list(element._children.values())
        element._children.clear()
        for child in children:
            counter += 1
            child._id = f"{counter:06d}"
            element._children[child.get_name()] = child
            visit(child)
        # Popups and figures keep more elements in these attributes, outside _children.
        for attr in ("header", "html", "script"):
            part = getattr(element, attr, None)
            if isinstance(part, Element) and part is not element:
                visit(part)

    root._id = "000000"
    visit(root)
    return root


def full_map(
    land: gpd.GeoDataFrame | None,
    prefectures: gpd.GeoDataFrame | None,
    groups: Iterable[folium.FeatureGroup],
) -> folium.Map:
    """A self-contained map (basemap data embedded) with the given layers, for the HTML download."""
    m = base_map(land, prefectures, embed=True)
    for group in groups:
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return stable_ids(m)
