"""The facility layer drawn in the browser from a static file, filtered by a compact row mask.

The geometry, popups and tooltips travel ONCE per data version, as a static file the browser
caches (content hash in its name); a filter change then sends only a bitmask of the rows shown
(about 20 bytes for the real layer, 1.7 KB for 10,000 facilities), which the browser applies to
the layer it already drew. The filter itself is still computed once, in Python
(`basemap.filters.apply_filters`); the mask only carries its result.

Points are circle markers, footprints (polygons) paths, both on Leaflet's canvas renderer; points
cluster at low zoom (Leaflet.markercluster). `window.atlas.openFacility(id)` frames a facility and
opens its popup with the keyboard focus in it (the accessible way in from search and table);
Escape closes a popup.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.plugins import MarkerCluster
from jinja2 import Template

from basemap.mapview import MAX_ZOOM, marker_style, popup_html, tooltip_text

COORD_DIGITS = 6  # about 0.1 m: more than any source's precision, and stable bytes
FILE_PREFIX = "facilities-"
CLUSTER_OPTIONS = {
    "showCoverageOnHover": False,
    # Not chunked: markercluster 1.1.0 throws when the map zooms while chunks are still pending
    # (seen at 10,000); clustering 10,000 points at once blocks for well under a second.
    "chunkedLoading": False,
    "maxClusterRadius": 40,  # px: Okinawa's bases stay apart from zoom 9, Japan reads as regions below
    "disableClusteringAtZoom": 11,
}
OPEN_ZOOM = 12  # openFacility zooms at least this far in: every point is unclustered there


def _rounded(coords: object) -> object:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), COORD_DIGITS) for c in coords]
    return [_rounded(c) for c in coords]


def _geometry(geometry: object) -> dict | None:
    if geometry is None or geometry.is_empty:
        return None
    mapped = json.loads(shapely.to_geojson(geometry))
    return {"type": mapped["type"], "coordinates": _rounded(mapped["coordinates"])}


def layer_data(facilities: gpd.GeoDataFrame) -> dict:
    """The layer as GeoJSON: one feature per located row (points or footprints) with what the map
    shows for it (escaped popup HTML, tooltip, colour, radius, dashed edge) and `i`, the row's
    position in `facilities`, which the filter mask refers to. `rows` counts every row."""
    features = []
    for position, (_, row) in enumerate(facilities.iterrows()):
        geometry = _geometry(row.geometry)
        if geometry is None:
            continue
        color, radius, dashed = marker_style(row)
        properties = {
            "i": position,
            "id": str(row["id"]),
            "popup": popup_html(row),
            "tooltip": tooltip_text(row),
            "color": color,
            "radius": radius,
            "dash": bool(dashed),
        }
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "rows": len(facilities), "features": features}


def layer_bytes(facilities: gpd.GeoDataFrame) -> bytes:
    """The static file's bytes: the same facilities give the same bytes (sorted keys, fixed
    separators, rounded coordinates), so the content hash names a data version."""
    text = json.dumps(layer_data(facilities), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def layer_file_name(data: bytes) -> str:
    """`facilities-<content hash>.json`: a new data version gets a new URL, so browsers may cache forever."""
    return f"{FILE_PREFIX}{hashlib.sha256(data).hexdigest()[:16]}.json"


def publish_layer(facilities: gpd.GeoDataFrame, folder: Path) -> str:
    """Write the layer file into `folder` (the app's static data folder) unless it is there, remove
    older versions, and return the file name."""
    data = layer_bytes(facilities)
    name = layer_file_name(data)
    target = folder / name
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for old in folder.glob(f"{FILE_PREFIX}*.json"):
        if old.name != name:
            old.unlink()
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
    at low zoom."""

    default_js = MarkerCluster.default_js
    default_css = MarkerCluster.default_css

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        (function (group, map) {
            var atlas = window.atlas = window.atlas || {};
            var renderer = {% if this.renderer == "svg" %}L.svg(){% else %}L.canvas(){% endif %};
            var points = {% if this.cluster %}L.markerClusterGroup({{ this.cluster_options|tojson }})
                         {%- else %}L.featureGroup(){% endif %};
            var shapes = L.featureGroup();
            var entries = [], byId = {}, rows = null, focusNext = false;
            // Clustering needs a finite max zoom; folium passes max_zoom only to a tile layer.
            if (!isFinite(map.getMaxZoom())) { map.setMaxZoom({{ this.max_zoom }}); }
            group.addLayer(shapes).addLayer(points);

            function style(p) {
                return {renderer: renderer, radius: p.radius, color: "#ffffff", weight: 1.5,
                        dashArray: p.dash ? "3,2" : null, fillColor: p.color, fillOpacity: 0.85};
            }
            function draw(data) {
                data.features.forEach(function (feature) {
                    var p = feature.properties;
                    var layer = L.GeoJSON.geometryToLayer(feature, {
                        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, style(p)); },
                        style: function () { return style(p); }
                    });
                    layer.options.renderer = renderer;
                    layer.bindTooltip(p.tooltip);
                    layer.bindPopup(p.popup, {maxWidth: 380});
                    var entry = {row: p.i, id: p.id, layer: layer, on: false,
                                 target: feature.geometry.type === "Point" ? points : shapes};
                    entries.push(entry);
                    byId[p.id] = entry;
                });
                rows = data.rows;
                apply();
                atlas.facilitiesLoaded = true;
                map.fire("atlasfacilitiesloaded");
            }
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
                var add = new Map(), remove = new Map();
                entries.forEach(function (e) {
                    var on = bits === null || ((bits.charCodeAt(e.row >> 3) >> (e.row & 7)) & 1) === 1;
                    if (on === e.on) { return; }
                    e.on = on;
                    var list = (on ? add : remove);
                    if (!list.has(e.target)) { list.set(e.target, []); }
                    list.get(e.target).push(e.layer);
                });
                // Leaflet.markercluster 1.1.0 (folium's) can leave markers added on the map undrawn
                // until the next move: re-cluster off the map instead (seen in the browser test).
                var recluster = (add.has(points) || remove.has(points)) && group.hasLayer(points) && points.addLayers;
                if (recluster) { group.removeLayer(points); }
                remove.forEach(function (layers, target) {
                    if (target.removeLayers) { target.removeLayers(layers); }
                    else { layers.forEach(function (l) { target.removeLayer(l); }); }
                });
                add.forEach(function (layers, target) {
                    if (target.addLayers) { target.addLayers(layers); }
                    else { layers.forEach(function (l) { target.addLayer(l); }); }
                });
                if (recluster) { group.addLayer(points); }
            }
            atlas.applyFacilityMask = apply;
            // Ids of the facilities on the map now (shown by the mask, layer switched on).
            atlas.facilityIds = function () {
                if (!map.hasLayer(group)) { return []; }
                return entries.filter(function (e) { return e.on; }).map(function (e) { return e.id; });
            };
            // Frame a facility, open its popup and move the keyboard focus into it; false when the
            // facility is not on the map (no location, filtered out, or layer switched off).
            atlas.openFacility = function (id) {
                var e = byId[id];
                if (!e || !e.on || !map.hasLayer(group)) { return false; }
                var still = {animate: false};
                if (e.layer.getBounds) { map.fitBounds(e.layer.getBounds(), {maxZoom: 14, animate: false}); }
                else { map.setView(e.layer.getLatLng(), Math.max(map.getZoom(), {{ this.open_zoom }}), still); }
                focusNext = true;
                e.layer.openPopup();
                return true;
            };
            map.on("popupopen", function (event) {
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


class FacilityMask(MacroElement):
    """The rows the facility layer shows: a few bytes of script, swapped in on each filter change
    (st_folium's feature_group_to_add); applied as soon as the layer has its data."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (window.atlas = window.atlas || {}).facilityMask = {{ {"rows": this.rows, "bits": this.bits}|tojson }};
        if (window.atlas.applyFacilityMask) { window.atlas.applyFacilityMask(); }
        {% endmacro %}
        """
    )

    def __init__(self, rows: int, bits: str):
        super().__init__()
        self._name = "FacilityMask"
        self.rows = rows
        self.bits = bits


def mask_group(facilities: gpd.GeoDataFrame, shown: pd.DataFrame) -> folium.FeatureGroup:
    """The feature group to swap in on a filter change: only the mask of the rows shown."""
    group = folium.FeatureGroup(name="Facility filter", control=False)
    FacilityMask(len(facilities), shown_mask(facilities, shown)).add_to(group)
    return group
