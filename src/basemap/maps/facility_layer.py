"""The facility layer drawn in the browser from a static file, filtered by a compact row mask.

The geometry, popups and tooltips travel ONCE per data version, as a static file the browser
caches (content hash in its name); a filter change then sends only a bitmask of the rows shown
(about 20 bytes for the real layer, 1.7 KB for 10,000 facilities), which the browser applies to
the layer it already drew. The filter itself is still computed once, in Python
(`basemap.filters.apply_filters`); the mask only carries its result.

A facility is a marker at its point, shaped by its managing service (maps.symbols; the shapes'
corners travel once, in the script), and, where a footprint is known, also its outline,
which replaces the point from the zoom at which the outline is large enough to read
(`outline_zoom`). Both are drawn on Leaflet's canvas renderer in a pane above the thematic and
highlight layers; points cluster at low zoom (Leaflet.markercluster 1.4.1).
`window.atlas.openFacility(id)` frames a facility and opens its popup with the keyboard focus in
it (the accessible way in from the table and search); Escape closes a popup.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template
from shapely.geometry.base import BaseGeometry

from basemap.filters import FilterState
from basemap.footprints import OSM_CREDIT, join_footprints
from basemap.i18n import ENGLISH, Language
from basemap.maps.assets import MARKERCLUSTER_KEY
from basemap.maps.base import MAX_ZOOM, highlight_group
from basemap.maps.facilities import marker_shape, marker_style, popup_html, tooltip_text
from basemap.maps.html import escape
from basemap.maps.symbols import CIRCLE, reach, unit_corners
from basemap.maps.thematic import Measure, thematic_layer
from basemap.vocabulary import FACILITY_SERVICES

COORD_DIGITS = 6  # about 0.1 m: more than any source's precision, and stable bytes
FILE_PREFIX = "facilities-"
CLUSTER_OPTIONS = {
    "showCoverageOnHover": False,
    "maxClusterRadius": 40,  # px: Okinawa's bases stay apart from zoom 9, Japan reads as regions below
    "disableClusteringAtZoom": 11,
    # Re-cluster at once on zoom (no split animation): the markers are on the map when a zoom
    # ends, so openFacility can open a popup right after framing its facility.
    "animate": False,
}
OPEN_ZOOM = 12  # openFacility zooms at least this far in: every point is unclustered there
# An outline replaces its point from the zoom at which its smaller side spans this many pixels
# (smaller outlines read as specks, and a 16 px disc is what the marker of a large facility is),
# never below OUTLINE_MIN_ZOOM (all of Japan, or a region, reads better as points and clusters).
OUTLINE_MIN_PX = 16
OUTLINE_MIN_ZOOM = 8
TILE_PX = 256
POPUP_MAX_HEIGHT = 340  # px: a long popup scrolls inside the 620 px map instead of running off it
POPUP_MAX_WIDTH = 380  # px, narrower on a narrow map: its width less POPUP_MARGIN (content margins, pan padding)
POPUP_MARGIN = 80
# From this zoom on (a town's scale), the facilities in view are labelled with their names.
LABEL_ZOOM = 12


def _rounded(coords: list[Any]) -> list[Any]:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), COORD_DIGITS) for c in coords]
    return [_rounded(c) for c in coords]


def _geometry(geometry: BaseGeometry | None) -> dict | None:
    if geometry is None or geometry.is_empty:
        return None
    mapped = json.loads(shapely.to_geojson(geometry))
    return {"type": mapped["type"], "coordinates": _rounded(mapped["coordinates"])}


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)


def outline_zoom(outline: BaseGeometry) -> int:
    """The zoom from which an outline is drawn instead of its point: the first at which its
    smaller side (Web Mercator, as on the map) spans OUTLINE_MIN_PX, within OUTLINE_MIN_ZOOM..MAX_ZOOM."""
    minx, miny, maxx, maxy = outline.bounds
    side = min((maxx - minx) / 360, _mercator_y(maxy) - _mercator_y(miny)) * TILE_PX  # px at zoom 0
    if side <= 0:
        return MAX_ZOOM
    return max(OUTLINE_MIN_ZOOM, min(MAX_ZOOM, math.ceil(math.log2(OUTLINE_MIN_PX / side))))


def layer_data(facilities: gpd.GeoDataFrame, footprints: gpd.GeoDataFrame | None = None, _: Language = ENGLISH) -> dict:
    """The layer as GeoJSON: one Point feature per located row with what the map shows for it
    (escaped popup HTML, tooltip, colour, shape, radius, dashed edge), `i` (the row's position in
    `facilities`, which the filter mask refers to) and, where a footprint is known, its `outline`
    (GeoJSON geometry), `z` (outline_zoom) and `partial`. `rows` counts every row. A footprint
    always comes with a point inside it (footprints.geojson: the derived representative point).
    Popups and tooltips are in the reader's language (`_`)."""
    joined = join_footprints(facilities, footprints)
    features = []
    for position, (row, footprint) in enumerate(
        zip((r for _, r in facilities.iterrows()), (f for _, f in joined.iterrows()), strict=True)
    ):
        geometry = _geometry(row.geometry)
        if geometry is None:
            continue
        color, radius, dashed = marker_style(row)
        properties = {
            "i": position,
            "id": str(row["id"]),
            "popup": popup_html(row, footprint, _),
            "tooltip": tooltip_text(row, _),
            "label": escape(_.pick(row["name_en"], row["name_ja"])),
            "color": color,
            "radius": radius,
            "shape": marker_shape(row),
            "dash": bool(dashed),
        }
        if footprint["outline"] is not None:
            properties["outline"] = _geometry(footprint["outline"])
            properties["z"] = outline_zoom(footprint["outline"])
            properties["partial"] = bool(footprint["partial"])
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "rows": len(facilities), "features": features}


def layer_bytes(
    facilities: gpd.GeoDataFrame, footprints: gpd.GeoDataFrame | None = None, _: Language = ENGLISH
) -> bytes:
    """The static file's bytes: the same facilities and footprints give the same bytes (sorted
    keys, fixed separators, rounded coordinates), so the content hash names a data version."""
    text = json.dumps(layer_data(facilities, footprints, _), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def _prefix(_: Language) -> str:
    """`facilities-` for English, `facilities.ja-` for Japanese: each language's versions apart."""
    return FILE_PREFIX if _.code == ENGLISH.code else f"{FILE_PREFIX[:-1]}.{_.code}-"


def layer_file_name(data: bytes, _: Language = ENGLISH) -> str:
    """`facilities-<content hash>.json`: a new data version gets a new URL, so browsers may cache forever."""
    return f"{_prefix(_)}{hashlib.sha256(data).hexdigest()[:16]}.json"


def publish_layer(
    facilities: gpd.GeoDataFrame, folder: Path, footprints: gpd.GeoDataFrame | None = None, _: Language = ENGLISH
) -> str:
    """Write the layer file (popups in the reader's language) into `folder` (the app's static data
    folder) unless it is there, remove older versions of that language, and return the file name."""
    data = layer_bytes(facilities, footprints, _)
    name = layer_file_name(data, _)
    target = folder / name
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for old in folder.glob(f"{_prefix(_)}*.json"):
        if old.name != name:
            old.unlink(missing_ok=True)  # another process may have removed it first
    return name


def encode_mask(rows: int, shown: Iterable[int]) -> str:
    """The shown row positions as a bitset (bit k of byte k // 8 is row 8 * (k // 8) + k % 8),
    base64: ceil(rows / 8) bytes whatever the filter, e.g. 28 characters for 152 rows."""
    bits = bytearray((rows + 7) // 8)
    for position in shown:
        if not 0 <= position < rows:
            raise ValueError(f"row {position} outside 0..{rows - 1}")
        bits[position >> 3] |= 1 << (position & 7)
    return base64.b64encode(bytes(bits)).decode("ascii")


def decode_mask(rows: int, mask: str) -> list[int]:
    """The row positions a mask shows (the inverse of encode_mask; the browser does the same)."""
    bits = base64.b64decode(mask)
    return [k for k in range(rows) if bits[k >> 3] >> (k & 7) & 1]


def shown_mask(facilities: gpd.GeoDataFrame, shown: pd.DataFrame) -> str:
    """The mask of `shown` (a filtered selection of `facilities`, e.g. from apply_filters)."""
    positions = facilities.index.get_indexer(shown.index)
    if (positions < 0).any():
        raise ValueError("shown holds rows that are not in the facility layer")
    return encode_mask(len(facilities), positions.tolist())


class FacilityLayer(JSCSSMixin, folium.map.Layer):
    """The facility layer in the constant base map: fetched from `url` (once, then from the browser
    cache) or embedded from `data` (standalone HTML). Shows every feature until a FacilityMask says
    otherwise. `renderer` is "canvas" (default: fastest at 10,000) or "svg"; `cluster` groups points
    at low zoom. Add it to the map itself (its script takes its parent as the map)."""

    default_js = [("leaflet.markercluster", MARKERCLUSTER_KEY + "leaflet.markercluster.js")]
    default_css = [
        ("markercluster_css", MARKERCLUSTER_KEY + "MarkerCluster.css"),
        ("markercluster_default_css", MARKERCLUSTER_KEY + "MarkerCluster.Default.css"),
    ]

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function (group, map) {
            var atlas = window.atlas = window.atlas || {};
            atlas.map = map;  // for the browser tests and the benchmark
            if (!map.getPane("facilities")) { map.createPane("facilities").style.zIndex = 450; }
            if (!map.getPane("facilityLabels")) {
                var labelPane = map.createPane("facilityLabels");
                labelPane.style.zIndex = 460;
                labelPane.style.pointerEvents = "none";
            }
            var renderer = {% if this.renderer == "svg" %}L.svg{% else %}L.canvas{% endif %}({pane: "facilities"});
            // A cluster is a focusable button (Leaflet markers are): name it for screen readers.
            var NamedIcon = L.DivIcon.extend({
                createIcon: function (old) {
                    var div = L.DivIcon.prototype.createIcon.call(this, old);
                    div.setAttribute("aria-label", this.options.label);
                    return div;
                }
            });
            function clusterIcon(cluster) {
                var n = cluster.getChildCount(), size = n < 10 ? "small" : (n < 100 ? "medium" : "large");
                return new NamedIcon({html: "<div><span>" + n + "</span></div>", iconSize: L.point(40, 40),
                                      className: "marker-cluster marker-cluster-" + size,
                                      label: n + " facilities here: select to zoom in"});
            }
            var points = {% if this.cluster %}L.markerClusterGroup(L.extend(
                {iconCreateFunction: clusterIcon}, {{ this.cluster_options|tojson }}))
                         {%- else %}L.featureGroup(){% endif %};
            var shapes = L.featureGroup();
            var entries = [], byId = {}, rows = null, focusNext = false, outlines = false;
            // Clustering needs a finite max zoom; folium passes max_zoom only to a tile layer.
            if (!isFinite(map.getMaxZoom())) { map.setMaxZoom({{ this.max_zoom }}); }
            group.addLayer(shapes).addLayer(points);

            // A point drawn as its shape's polygon (corners in units of its radius), styled by the
            // renderer as a circle is; clicks still hit within its radius.
            var CORNERS = {{ this.corners|tojson }}, REACH = {{ this.reach|tojson }};
            var ShapeMarker = L.CircleMarker.extend({
                _updateBounds: function () {
                    var r = this._radius * REACH + this._clickTolerance();
                    this._pxBounds = L.bounds(this._point.subtract([r, r]), this._point.add([r, r]));
                },
                _updatePath: function () {
                    var corners = CORNERS[this.options.shape], p = this._point, r = this._radius;
                    if (!corners) { return L.CircleMarker.prototype._updatePath.call(this); }
                    var at = corners.map(function (c) { return [p.x + c[0] * r, p.y + c[1] * r]; });
                    var renderer = this._renderer;
                    if (renderer instanceof L.Canvas) {
                        if (!renderer._drawing || this._empty()) { return; }
                        var ctx = renderer._ctx;
                        ctx.beginPath();
                        at.forEach(function (xy, i) { ctx[i ? "lineTo" : "moveTo"](xy[0], xy[1]); });
                        ctx.closePath();
                        renderer._fillStroke(ctx, this);
                    } else {
                        renderer._setPath(this, "M" + at.map(function (xy) { return xy.join(" "); }).join("L") + "z");
                    }
                }
            });
            function pointStyle(p) {
                return {renderer: renderer, pane: "facilities", radius: p.radius, shape: p.shape, color: "#ffffff",
                        weight: 1.5, dashArray: p.dash ? "3,2" : null, fillColor: p.color,
                        fillOpacity: 0.85};
            }
            function outlineStyle(p) {
                return {renderer: renderer, pane: "facilities", color: p.color, weight: 2, opacity: 0.95,
                        dashArray: p.dash ? "7,5" : null, fillColor: p.color,
                        fillOpacity: p.partial ? 0.12 : 0.4};
            }
            function bind(layer, p) {
                layer.bindTooltip(p.tooltip);
                // Panned clear of the zoom and layer controls (top corners), so its close button shows.
                layer.bindPopup(p.popup, {maxWidth: {{ this.popup_width }}, maxHeight: {{ this.popup_height }},
                                          autoPanPaddingTopLeft: [10, 84]});
                return layer;
            }
            function draw(data) {
                data.features.forEach(function (feature) {
                    var p = feature.properties;
                    var latlng = L.GeoJSON.coordsToLatLng(feature.geometry.coordinates);
                    var entry = {row: p.i, id: p.id, on: false, drawn: null, z: p.z, label: p.label, radius: p.radius,
                                 point: bind(new ShapeMarker(latlng, pointStyle(p)), p), outline: null};
                    if (p.outline) {
                        outlines = true;
                        // geometryToLayer hands its options to the polygon: the style, renderer and pane.
                        var shape = L.GeoJSON.geometryToLayer({type: "Feature", geometry: p.outline}, outlineStyle(p));
                        entry.outline = bind(shape, p);
                    }
                    entries.push(entry);
                    byId[p.id] = entry;
                });
                rows = data.rows;
                if (outlines) {
                    group.options.attribution = {{ this.outline_credit|tojson }};
                    if (map.hasLayer(group) && map.attributionControl) {
                        map.attributionControl.addAttribution(group.options.attribution);
                    }
                    map.on("zoomend", refresh);
                }
                apply();
                atlas.facilitiesLoaded = true;
                map.fire("atlasfacilitiesloaded");
                if (atlas.pendingOpen) { var id = atlas.pendingOpen; atlas.pendingOpen = null; atlas.openFacility(id); }
            }
            // Draw each shown facility as its outline (from its zoom on) or its point; hide the rest.
            function refresh() {
                var zoom = map.getZoom(), changes = [[points, [], []], [shapes, [], []]];
                entries.forEach(function (e) {
                    var want = !e.on ? null : (e.outline && zoom >= e.z ? e.outline : e.point);
                    if (want === e.drawn) { return; }
                    if (e.drawn) { changes[e.drawn === e.point ? 0 : 1][2].push(e.drawn); }
                    if (want) { changes[want === e.point ? 0 : 1][1].push(want); }
                    e.drawn = want;
                });
                changes.forEach(function (change) {
                    var target = change[0], add = change[1], remove = change[2];
                    if (target.removeLayers) { target.removeLayers(remove); target.addLayers(add); return; }
                    remove.forEach(function (l) { target.removeLayer(l); });
                    add.forEach(function (l) { target.addLayer(l); });
                });
            }
            // Close in, a name label beside each facility in view (drawn as DOM, so only those in view;
            // hidden from screen readers: the table and the popups say the same).
            var labels = L.layerGroup();
            group.addLayer(labels);
            function relabel() {
                labels.clearLayers();
                if (map.getZoom() < {{ this.label_zoom }} || !map.hasLayer(group)) { return; }
                var view = map.getBounds().pad(0.2);
                entries.forEach(function (e) {
                    var at = e.point.getLatLng();
                    if (!e.on || !view.contains(at)) { return; }
                    var html = '<span aria-hidden="true" style="margin-left:' + (e.radius + 3) + 'px">' + e.label +
                               "</span>";
                    labels.addLayer(L.marker(at, {pane: "facilityLabels", interactive: false, keyboard: false,
                        icon: L.divIcon({className: "facility-label", iconSize: null, html: html})}));
                });
            }
            atlas.labelTexts = function () {
                return labels.getLayers().map(function (l) { return l.getElement().textContent; });
            };
            map.on("moveend", relabel);
            // Show exactly the rows whose bit is set in atlas.facilityMask (all rows when none).
            function apply() {
                if (rows === null) { return; }
                var mask = atlas.facilityMask, bits = null;
                if (mask) {
                    if (mask.rows !== rows) {
                        throw new Error("facility mask for " + mask.rows + " rows, layer has " + rows);
                    }
                    bits = atob(mask.bits);
                }
                entries.forEach(function (e) {
                    e.on = bits === null || ((bits.charCodeAt(e.row >> 3) >> (e.row & 7)) & 1) === 1;
                });
                refresh();
                relabel();
            }
            atlas.applyFacilityMask = apply;
            // Ids of the facilities on the map now (shown by the mask, layer switched on).
            atlas.facilityIds = function () {
                if (!map.hasLayer(group)) { return []; }
                return entries.filter(function (e) { return e.on; }).map(function (e) { return e.id; });
            };
            // Ids of the facilities drawn as outlines now.
            atlas.outlineIds = function () {
                if (!map.hasLayer(group)) { return []; }
                return entries.filter(function (e) { return e.drawn && e.drawn === e.outline; })
                              .map(function (e) { return e.id; });
            };
            // Frame a facility, open its popup and move the keyboard focus into it; false when the
            // facility is not on the map (no location, filtered out, or layer switched off). Asked
            // before the layer's data has arrived, it opens once the data is drawn.
            atlas.openFacility = function (id) {
                if (rows === null) { atlas.pendingOpen = id; return true; }
                var e = byId[id];
                if (!e || !e.on || !map.hasLayer(group)) { return false; }
                var still = {animate: false};
                if (e.outline) {
                    map.fitBounds(e.outline.getBounds(), {maxZoom: 16, animate: false, padding: [40, 40]});
                } else {
                    map.setView(e.point.getLatLng(), Math.max(map.getZoom(), {{ this.open_zoom }}), still);
                }
                refresh();
                focusNext = true;
                var open = function () { e.drawn.openPopup(); };
                if (e.drawn._map) { open(); }
                else if (points.zoomToShowLayer) { points.zoomToShowLayer(e.drawn, open); }
                return true;
            };
            map.on("popupopen", function (event) {
                // As wide as the map allows (a phone's is narrower than the popup's 380 px), padding and margins kept.
                var fit = Math.max(160, Math.min({{ this.popup_width }}, map.getSize().x - {{ this.popup_margin }}));
                if (event.popup.options.maxWidth !== fit) {
                    event.popup.options.maxWidth = fit;
                    event.popup.update();
                }
                var element = event.popup.getElement();
                if (element.dataset.atlasKeys !== "1") {
                    element.dataset.atlasKeys = "1";
                    element.addEventListener("keydown", function (key) {
                        if (key.key === "Escape") { map.closePopup(); map.getContainer().focus(); }
                    });
                }
                if (focusNext) {
                    focusNext = false;
                    var content = element.querySelector(".leaflet-popup-content");
                    content.tabIndex = -1;
                    content.focus();
                }
            });
            {% if this.url %}
            fetch({{ this.url|tojson }})
                .then(function (response) {
                    if (!response.ok) { throw new Error("facility layer: HTTP " + response.status); }
                    return response.json();
                })
                .then(draw);
            {% else %}
            draw({{ this.data|tojson }});
            {% endif %}
        })({{ this.get_name() }}, {{ this._parent.get_name() }});
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        url: str | None = None,
        data: dict | None = None,
        name: str = "U.S. facilities",
        renderer: str = "canvas",
        cluster: bool = True,
        max_zoom: int = MAX_ZOOM,
    ):
        if (url is None) == (data is None):
            raise ValueError("give the layer either a url or its data")
        if renderer not in ("canvas", "svg"):
            raise ValueError(f"renderer must be canvas or svg, not {renderer!r}")
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "FacilityLayer"
        self.url = url
        self.data = data
        self.renderer = renderer
        self.cluster = cluster
        self.cluster_options = CLUSTER_OPTIONS
        self.max_zoom = max_zoom
        self.open_zoom = OPEN_ZOOM
        self.popup_height = POPUP_MAX_HEIGHT
        self.popup_width = POPUP_MAX_WIDTH
        self.popup_margin = POPUP_MARGIN
        self.label_zoom = LABEL_ZOOM
        self.outline_credit = f"Outlines {OSM_CREDIT}"
        shapes = {term.shape for term in FACILITY_SERVICES if term.shape and term.shape != CIRCLE}
        self.corners = {shape: unit_corners(shape) for shape in sorted(shapes)}
        self.reach = max((reach(shape) for shape in shapes), default=1.0)


class FacilityMask(MacroElement):
    """The rows the facility layer shows: a few bytes of script, swapped in on each filter change
    (st_folium's feature_group_to_add); applied as soon as the layer has its data. With `open`,
    the map also frames that facility and opens its popup (chosen by the search, a table row or a
    link), after st_folium has moved the map to the filter's view; a new `request` number opens it
    again (the same facility chosen again)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (window.atlas = window.atlas || {}).facilityMask = {{ {"rows": this.rows, "bits": this.bits}|tojson }};
        if (window.atlas.applyFacilityMask) { window.atlas.applyFacilityMask(); }
        {% if this.open %}
        // request {{ this.request }}; st_folium sets the filter's view right after this script: open after it
        setTimeout(function () {
            if (window.atlas.openFacility) { window.atlas.openFacility({{ this.open|tojson }}); }
            else { window.atlas.pendingOpen = {{ this.open|tojson }}; }
        }, 0);
        {% endif %}
        {% endmacro %}
        """
    )

    def __init__(self, rows: int, bits: str, open_id: str | None = None, request: int = 0):
        super().__init__()
        self._name = "FacilityMask"
        self.rows = rows
        self.bits = bits
        self.open = open_id
        self.request = request


def mask_group(
    facilities: gpd.GeoDataFrame, shown: pd.DataFrame, open_id: str | None = None, request: int = 0
) -> folium.FeatureGroup:
    """The feature group to swap in on a filter change: only the mask of the rows shown (and the
    facility to open, if any, with the number of the request to open it)."""
    group = folium.FeatureGroup(name="Facility filter", control=False)
    FacilityMask(len(facilities), shown_mask(facilities, shown), open_id, request).add_to(group)
    return group


def view_groups(
    shown: gpd.GeoDataFrame,
    state: FilterState,
    prefectures: gpd.GeoDataFrame | None,
    personnel: pd.DataFrame | None,
    data_url: str | None,
    facilities: gpd.GeoDataFrame | None = None,
    footprints: gpd.GeoDataFrame | None = None,
    open_id: str | None = None,
    open_request: int = 0,
    _: Language = ENGLISH,
) -> tuple[list[folium.map.Layer], Measure | None]:
    """The changing layers of the main map for a filter state, so the app and the offline HTML
    download draw the same view: thematic layer (if the view asks for one; the facilities stay
    drawn above it), selected prefectures and the facilities shown (returned ones too, in grey,
    when the filter includes them); plus the thematic measure for the legend.

    With `data_url` (the app) the facilities are the mask of `shown` among `facilities`, the rows
    of the layer file the base map fetches (publish_layer); without it (standalone HTML) the layer
    of the shown facilities and their `footprints` is embedded, as are the prefecture outlines of
    a shading."""
    groups: list[folium.map.Layer] = []
    thematic = thematic_layer(state.view, shown, personnel, prefectures, data_url, _)
    if thematic is not None:
        groups.append(thematic[0])
    if prefectures is not None:
        groups.append(highlight_group(prefectures, state.prefectures, data_url))
    if data_url is None:
        groups.append(FacilityLayer(data=layer_data(shown, footprints, _)))
    elif facilities is not None:
        groups.append(mask_group(facilities, shown, open_id, open_request))
    else:
        raise ValueError("the app's view needs the facilities of the published layer file")
    return groups, thematic[1] if thematic is not None else None
