"""The constant part of every map: offline vector basemap, optional online tiles, legend, and
the view (centre, zoom, selected prefectures) of a filter.

The base map never depends on the filters, so st_folium keeps the same component and only swaps
the feature groups when a filter changes (no re-mount).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import xyzservices
from branca.element import Element, MacroElement
from jinja2 import Template

from basemap.filters import FilterState
from basemap.geodesy import point_distance_km
from basemap.i18n import ENGLISH, N_, Language
from basemap.maps.elements import (
    DocumentLanguage,
    HtmlControl,
    LeafletMap,
    figure_of,
    geojson_layer_template,
    prefecture_source,
)
from basemap.maps.facilities import service_symbol
from basemap.maps.flashpoints import fit_view, kind_symbols_html
from basemap.maps.html import escape
from basemap.values import located
from basemap.vocabulary import FACILITY_SERVICES

JAPAN_CENTER = (34.5, 135.0)
JAPAN_ZOOM = 5
MAX_ZOOM = 18
SEA_COLOR = "#cfe3f1"


TILE_LAYERS = (
    (
        N_("GSI pale map (online)"),
        "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png",
        '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a> (GSI Japan)',
    ),
    (
        N_("GSI standard map (online)"),
        "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png",
        '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a> (GSI Japan)',
    ),
    (
        N_("OpenStreetMap (online)"),
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    ),
)
OFFLINE_ATTRIBUTION = "Basemap: JMA area data (processed), Natural Earth"


HIGHLIGHT_STYLE = {"color": "#37474f", "weight": 2, "fillColor": "#fff3bf", "fillOpacity": 0.6}  # not a service colour


class PrefectureHighlight(folium.map.Layer):
    """The selected prefectures outlined in red: their shapes come from the browser-cached
    prefectures file (`url`), so a filter change sends only the codes; or embedded (`data`)."""

    _template = geojson_layer_template(
        options_js="""{
            interactive: false,
            filter: function (feature) {
                return {{ this.codes|tojson }}.indexOf(feature.properties.prefecture_code) >= 0;
            },
            style: function () { return {{ this.style|tojson }}; }
        }"""
    )

    def __init__(self, codes: list[str], url: str | None = None, data: dict | None = None):
        super().__init__(name="Selected prefectures", overlay=True, control=False, show=True)
        self._name = "PrefectureHighlight"
        self.codes = codes
        self.url = url
        self.data = data
        self.style = HIGHLIGHT_STYLE


def highlight_group(
    prefectures: gpd.GeoDataFrame, codes: Iterable[str], data_url: str | None = None
) -> folium.FeatureGroup:
    """The selected prefectures, outlined on top of the basemap (empty when none selected). With
    `data_url` the browser takes their shapes from the prefectures file it has cached; without it
    they are embedded (standalone HTML)."""
    group = folium.FeatureGroup(name="Selected prefectures", show=True, control=False)
    codes = sorted(set(codes))
    chosen = prefectures["prefecture_code"].isin(codes)
    if not chosen.any():  # no frame selected for nothing to draw (the national view)
        return group
    PrefectureHighlight(codes, **prefecture_source(prefectures[chosen], data_url)).add_to(group)
    return group


@dataclass(frozen=True)
class MapView:
    """Where a map opens: centre (lat, lon), zoom, and the ids of the facilities shown that lie
    outside the frame (far outliers, for the page to name)."""

    center: tuple[float, float]
    zoom: int
    outside: tuple[str, ...] = ()


# A filtered view frames where most of its facilities are: within each prefecture, a facility lies
# outside the frame when it is more than OUTLIER_FACTOR times the median distance of that
# prefecture's facilities from their median point away, and more than OUTLIER_MIN_KM (so Okinawa
# opens on Okinawa Island, not on the ranges off the Senkakus and Oki-Daito).
OUTLIER_FACTOR = 3.0
OUTLIER_MIN_KM = 50.0
# The frame fits a map this size (width, height px): a phone's (390 px wide) and most of the 620 px
# map's height; a wider map shows more around it. Zooms from all of East Asia to a town.
FRAME_PX = (380, 560)
FRAME_ZOOMS = (4, 11)


def core_bounds(points: gpd.GeoSeries, groups: pd.Series) -> tuple[float, float, float, float]:
    """(minx, miny, maxx, maxy) of the points kept by the outlier rule above, applied per group
    (prefecture), so two prefectures far apart are both framed."""
    xs, ys, codes = points.x.to_numpy(), points.y.to_numpy(), groups.to_numpy()
    kept = np.zeros(len(points), dtype=bool)
    for code in np.unique(codes):
        member = codes == code
        lon, lat = float(np.median(xs[member])), float(np.median(ys[member]))
        km = np.array([point_distance_km(lon, lat, x, y) for x, y in zip(xs[member], ys[member], strict=True)])
        kept[member] = km <= max(OUTLIER_FACTOR * float(np.median(km)), OUTLIER_MIN_KM)
    return float(xs[kept].min()), float(ys[kept].min()), float(xs[kept].max()), float(ys[kept].max())


def _zoom_for(minx: float, miny: float, maxx: float, maxy: float) -> tuple[tuple[float, float], int]:
    center, zoom = fit_view((minx, miny, maxx, maxy), FRAME_PX, zoom_range=FRAME_ZOOMS, snap=1)
    return center, int(zoom)


def view_for(
    prefectures: gpd.GeoDataFrame | None, state: FilterState, shown: gpd.GeoDataFrame | None = None
) -> MapView:
    """The view of a filter: all of Japan unless a filter narrows the facilities; then the frame of
    where most of the `shown` facilities are (core_bounds), with the others named as outside; with
    no facility located, the selected prefectures."""
    if not state.narrowed:
        return MapView(JAPAN_CENTER, JAPAN_ZOOM)
    if shown is not None and located(shown).any():
        drawn = shown[located(shown)]
        points = drawn.geometry.representative_point()
        minx, miny, maxx, maxy = core_bounds(points, drawn["prefecture_code"])
        inside = points.intersects(shapely.box(minx, miny, maxx, maxy))
        return MapView(*_zoom_for(minx, miny, maxx, maxy), outside=tuple(drawn.loc[~inside, "id"]))
    selected = prefectures[prefectures["prefecture_code"].isin(state.prefectures)] if prefectures is not None else None
    if selected is None or not len(selected):
        return MapView(JAPAN_CENTER, JAPAN_ZOOM)
    return MapView(*_zoom_for(*selected.total_bounds))


def legend_html(_: Language = ENGLISH) -> str:
    items = "".join(f"<div>{service_symbol(term.code)} {escape(term.text(_))}</div>" for term in FACILITY_SERVICES)
    note = _(
        "Size: facility area. Dashed edge: return planned. Grey: returned (switched on in the sidebar). Closer in: "
        "outline where known (pale: partial). Numbers: nearby facilities grouped."
    )
    flashpoints = _("Flashpoints, shape and colour by kind (layer control; key on the Flashpoints page).")
    heading = _("Managing service")
    return (
        f"<details><summary><b>{heading}</b></summary>{items}"
        f'<div class="atlas-legend-note">{note}</div>'
        f'<div class="atlas-legend-note">{kind_symbols_html()} {flashpoints}</div></details>'
    )


_CSS = f"""
<style>
.leaflet-container {{ background: {SEA_COLOR}; }}
.facility-icon {{ background: none; border: none; }}
.atlas-legend {{ background: rgba(255,255,255,0.92); padding: 6px 8px; font: 12px/1.4 sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); }}
.atlas-legend-note {{ color: #555; margin-top: 3px; max-width: 170px; }}
.atlas-legend summary {{ cursor: pointer; }}
.facility-table {{ border-collapse: collapse; }}
.facility-table th {{ text-align: left; padding-right: 8px; vertical-align: top; white-space: nowrap; }}
.facility-table td {{ word-break: break-word; }}
.municipal-label {{ background: none; border: none; }}
.facility-label {{ background: none; border: none; }}
.facility-label span {{ display: block; transform: translateY(-50%); width: max-content; max-width: 160px;
  color: #1b1b1b; font: 600 11px/1.2 sans-serif; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.municipal-label div {{ transform: translate(-50%, -50%); width: max-content; color: #5d4037;
  font: 11px/1.15 sans-serif; text-align: center; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; }}
.municipal-label span {{ display: block; }}
.municipal-label span + span {{ font-size: 9px; }}
.leaflet-popup-content:focus, .leaflet-container:focus-visible {{ outline: 3px solid #1a56db; outline-offset: 2px; }}
.leaflet-control-attribution {{ max-width: calc(100vw - 130px); white-space: normal; }}  /* wraps, clear of the scale */
.leaflet-container .marker-cluster {{ background-color: rgba(38, 50, 56, 0.25); }}
.leaflet-container .marker-cluster div {{ background-color: rgba(38, 50, 56, 0.88); color: #ffffff; font-weight: 600; }}
@media (max-width: 600px) {{
  .atlas-legend .atlas-legend-note {{ display: none; }}
  .atlas-legend div {{ display: inline-block; margin-right: 6px; }}
  .atlas-legend {{ max-width: 60vw; }}
}}
</style>
"""


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


MUNICIPAL_MIN_ZOOM = 9  # about Okinawa Island filling the map
MUNICIPAL_STYLE = {"color": "#a1887f", "weight": 0.8, "dashArray": "3 3", "fill": False}


class MunicipalLayer(MacroElement):
    """Municipal boundaries and names, drawn only from MUNICIPAL_MIN_ZOOM on.

    The browser fetches the file the first time the map reaches that zoom (never on the landing
    view) and drops the layer again below it. Names are text nodes inside non-interactive markers
    placed at each municipality's label point, never parsed as HTML.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            if (!map.getPane("municipal")) { map.createPane("municipal").style.zIndex = 360; }
            var group = L.layerGroup();
            var requested = false;
            function add(data) {
                L.geoJSON(data, {
                    pane: "municipal",
                    interactive: false,
                    style: function () { return {{ this.style|tojson }}; }
                }).addTo(group);
                data.features.forEach(function (feature) {
                    var p = feature.properties;
                    var box = document.createElement("div");
                    [p.name_ja, p.name_en].forEach(function (text) {
                        var line = document.createElement("span");
                        line.textContent = text;
                        box.appendChild(line);
                    });
                    L.marker([p.label_lat, p.label_lon], {
                        pane: "municipal", interactive: false, keyboard: false,
                        icon: L.divIcon({className: "municipal-label", html: box, iconSize: null})
                    }).addTo(group);
                });
            }
            function update() {
                if (map.getZoom() >= {{ this.min_zoom }}) {
                    if (!requested) {
                        requested = true;
                        fetch({{ this.url|tojson }})
                            .then(function (response) { return response.json(); })
                            .then(add)
                            .catch(function () { requested = false; });
                    }
                    if (!map.hasLayer(group)) { group.addTo(map); }
                } else if (map.hasLayer(group)) {
                    map.removeLayer(group);
                }
            }
            map.on("zoomend", update);
            update();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, url: str, min_zoom: int = MUNICIPAL_MIN_ZOOM):
        super().__init__()
        self._name = "MunicipalLayer"
        self.url = url
        self.min_zoom = min_zoom
        self.style = MUNICIPAL_STYLE


LAND_STYLE = {"color": "#9e9e9e", "weight": 0.6, "fillColor": "#ecebe4", "fillOpacity": 1}
PREFECTURE_STYLE = {"color": "#8d8d8d", "weight": 0.7, "fillColor": "#fbfaf5", "fillOpacity": 1}


def base_map(
    land: gpd.GeoDataFrame | None,
    prefectures: gpd.GeoDataFrame | None,
    data_url: str | None,
    legend: HtmlControl | None = None,
    zoom_snap: float = 1,
    _: Language = ENGLISH,
) -> folium.Map:
    """The constant part of the map: offline vector basemap, optional online tiles, legend (the
    facilities' unless another is given); `zoom_snap` below 1 allows zooms between whole levels
    (a view fitted to a shape, maps.flashpoints.fit_view).

    A missing layer (None) is left out, so one broken file does not take the map down. With
    `data_url` (where the app serves the published layers, maps.assets) the browser fetches the
    basemap files and caches them; without it the data is embedded in the page (standalone HTML).
    Layer names and the legend are in the reader's language (`_`), which the map's document declares.
    """
    m = LeafletMap(
        location=JAPAN_CENTER,
        zoom_start=JAPAN_ZOOM,
        min_zoom=3,
        max_zoom=MAX_ZOOM,
        tiles=None,
        control_scale=True,
        attribution_control=True,
        zoom_snap=zoom_snap,
    )
    figure_of(m).header.add_child(Element(_CSS), name="atlas_css")
    DocumentLanguage(_.code).add_to(m)
    for title, url, attribution in TILE_LAYERS:
        # A TileProvider, not the URL string: folium would first look the string up among all of
        # xyzservices' providers, to find none (about a tenth of a filter change's server CPU).
        tiles = xyzservices.TileProvider(name=_(title), url=url, attribution=attribution)
        folium.TileLayer(tiles, name=_(title), attr=attribution, overlay=True, show=False, max_zoom=MAX_ZOOM).add_to(m)
    for frame, key, title, style, tooltip in (
        (land, "land", _("Offline basemap: East Asia"), LAND_STYLE, ()),
        (prefectures, "prefectures", _("Offline basemap: prefectures"), PREFECTURE_STYLE, _name_fields(_)),
    ):
        if frame is None:
            continue
        if data_url is None:
            columns = [c for c in ("name", *tooltip) if c in frame] + ["geometry"]
            VectorBasemap(title, style, data=frame[columns].__geo_interface__, tooltip_fields=tooltip).add_to(m)
        else:
            VectorBasemap(title, style, url=f"{data_url}{key}.geojson", tooltip_fields=tooltip).add_to(m)
    if data_url is not None:  # too large to embed in a standalone file: only where the browser can fetch it
        MunicipalLayer(f"{data_url}municipalities.geojson").add_to(m)
    # Open on a map at least 600 px wide; folded on a phone, where it would cover Kyushu and Okinawa.
    default = HtmlControl(legend_html(_), "Legend", "bottomleft", "atlas-legend", keep_clicks=True, open_from_px=600)
    (legend or default).add_to(m)
    return m


def _name_fields(_: Language) -> tuple[str, str]:
    """The prefecture tooltip's fields, the reader's language first."""
    return ("name_ja", "name_en") if _.ja else ("name_en", "name_ja")
