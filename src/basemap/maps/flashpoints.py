"""Folium layers for flashpoints, North Korean missile impacts and range rings, their legend,
and the map view that frames the rings.

Drawn with vector shapes and inline SVG only: no marker images or icon fonts, so the layers
render with no network. A flashpoint's kind is shown by the shape and the colour of its symbol
(vocabulary.FLASHPOINT_KINDS), never by colour alone. Every data string is escaped before it
reaches HTML.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TypedDict

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement

from basemap.geodesy import centre_of
from basemap.i18n import ENGLISH, N_, Language
from basemap.maps.elements import HtmlControl, geojson_layer_template
from basemap.maps.facilities import service_symbol
from basemap.maps.html import escape
from basemap.maps.symbols import symbol_svg
from basemap.values import located
from basemap.vocabulary import FACILITY_SERVICES, FLASHPOINT_KINDS, IMPACT_ZONES, PARTIES, UNKNOWN_COLOR

RING_COLOR = "#4e342e"
SYMBOL_PX = 18
ZOOM_SNAP = 0.25  # the Flashpoints map zooms in quarter levels, so a fitted view is tight
UNKNOWN_SHAPE = "cross"  # a kind not in the vocabulary


def kind_symbol(kind: object, size: int = SYMBOL_PX) -> str:
    """The inline SVG of a flashpoint kind's symbol (hidden from screen readers: the kind is
    always said in text beside it)."""
    return symbol_svg(FLASHPOINT_KINDS.shape(kind, UNKNOWN_SHAPE), FLASHPOINT_KINDS.color(kind, UNKNOWN_COLOR), size)


def kind_symbols_html(size: int = 11) -> str:
    """Every kind's symbol in a row (the landing map's one legend entry for the flashpoints)."""
    return "".join(kind_symbol(term.code, size) for term in FLASHPOINT_KINDS)


_HIDDEN = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"


def flashpoint_icon(row: pd.Series, _: Language = ENGLISH) -> folium.DivIcon:
    """The kind's symbol; its name and kind as text for screen readers (the marker is a button)."""
    name = f"{escape(_.pick(row['name_en'], row['name_ja']))}, {escape(FLASHPOINT_KINDS.label(row['kind'], _))}"
    return folium.DivIcon(
        html=f'<div class="flashpoint-marker" data-flashpoint-id="{escape(row["id"])}">'
        f'{kind_symbol(row["kind"])}<span style="{_HIDDEN}">{name}</span></div>',
        icon_size=(SYMBOL_PX, SYMBOL_PX),
        icon_anchor=(SYMBOL_PX // 2, SYMBOL_PX // 2),
        class_name="flashpoint-icon",
    )


def _links(values: Iterable[str]) -> str:
    return "<br>".join(escape(value) for value in values)


def flashpoint_popup_html(row: pd.Series, _: Language = ENGLISH) -> str:
    """A flashpoint's popup: names (the reader's language first), kind, parties, summary, events,
    sources and date."""
    events = "".join(
        f"<li>{escape(_.date(e['date']))}: {escape(e['title'])}</li>"
        for e in sorted(row["events"], key=lambda e: e["date"], reverse=True)
    )
    first, second = (row["name_ja"], row["name_en"]) if _.ja else (row["name_en"], row["name_ja"])
    parties = _(", ").join(PARTIES.label(party, _) for party in row["parties"])
    kind = _("{kind} · parties: {parties}").format(kind=FLASHPOINT_KINDS.label(row["kind"], _), parties=parties)
    events_heading, sources, location, as_of = _("Events"), _("Sources"), _("Location from"), _("As of")
    summary = _.pick(row["summary"], row.get("summary_ja"))
    summary_lang = "ja" if summary != row["summary"] else "en"
    return (
        f'<div class="flashpoint-popup" data-flashpoint-id="{escape(row["id"])}" lang="{_.code}">'
        f"<b>{escape(first)}</b><br>{escape(second)}<br>"
        f"<i>{escape(kind)}</i>"
        f'<p lang="{summary_lang}">{escape(summary)}</p><b>{events_heading}</b><ul lang="en">{events}</ul>'
        f"<b>{sources}</b><br>{_links(row['sources'])}<br><b>{location}</b><br>"
        f"{escape(row['coord_source'])}<br><b>{as_of}</b> {escape(_.date(row['as_of']))}</div>"
    )


def _drawable(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The rows with a geometry to draw (records without a sourced location are listed elsewhere)."""
    return frame[located(frame)]


class _ShapeOptions(TypedDict):
    color: str
    tooltip: str
    popup: folium.Popup
    class_name: str


def _shapes(geometry, popup: str, tooltip: str, color: str, css_class: str) -> list[MacroElement]:
    """One folium shape per part of the geometry, all sharing the popup."""
    parts = getattr(geometry, "geoms", [geometry])
    shapes: list[MacroElement] = []
    for part in parts:
        options: _ShapeOptions = {
            "color": color,
            "tooltip": tooltip,
            "popup": folium.Popup(popup, max_width=420),
            "class_name": css_class,
        }
        if part.geom_type == "Point":
            shapes.append(
                folium.CircleMarker((part.y, part.x), radius=7, weight=2, fill=True, fill_opacity=0.35, **options)
            )
        elif part.geom_type == "LineString":
            shapes.append(folium.PolyLine([(y, x) for x, y in part.coords], weight=3, dash_array="8,5", **options))
        elif part.geom_type == "Polygon":
            ring = [(y, x) for x, y in part.exterior.coords]
            shapes.append(folium.Polygon(ring, weight=2, fill=True, fill_opacity=0.15, **options))
    return shapes


def flashpoint_group(
    flashpoints: gpd.GeoDataFrame, show: bool = True, name: str = N_("Flashpoints"), _: Language = ENGLISH
) -> folium.FeatureGroup:
    """Every located flashpoint, in file order: lines and areas in their kind's colour, and the
    kind's symbol on each point (on a line's or area's centre, geodesy.centre_of)."""
    group = folium.FeatureGroup(name=_(name), show=show)
    for _i, row in _drawable(flashpoints).iterrows():
        tooltip = f"{escape(_.pick(row['name_en'], row['name_ja']))} — {escape(FLASHPOINT_KINDS.label(row['kind'], _))}"
        popup = flashpoint_popup_html(row, _)
        color = FLASHPOINT_KINDS.color(row["kind"], UNKNOWN_COLOR)
        geometry = row.geometry
        if geometry.geom_type in ("Point", "MultiPoint"):
            points = [(part.x, part.y) for part in getattr(geometry, "geoms", [geometry])]
        else:
            for shape in _shapes(geometry, popup, tooltip, color, "flashpoint-shape"):
                shape.add_to(group)
            points = [centre_of(geometry)]
        for lon, lat in points:
            folium.Marker(
                (lat, lon), icon=flashpoint_icon(row, _), tooltip=tooltip, popup=folium.Popup(popup, max_width=420)
            ).add_to(group)
    return group


class FlashpointOverlay(folium.map.Layer):
    """The flashpoints as a switchable overlay that the browser fetches from the app's static
    folder (cached), so the landing map's rerun messages stay small; drawn like flashpoint_group.
    Popups, tooltips and marker names are built from text nodes, never parsed as HTML."""

    _template = geojson_layer_template(
        setup_js="""
        function {{ this.get_name() }}_marker(latlng, p) {
            var symbols = {{ this.symbols|tojson }}, kinds = {{ this.kinds|tojson }};
            var box = document.createElement("div"), name = document.createElement("span");
            box.className = "flashpoint-marker";
            box.innerHTML = symbols[p.kind] || symbols[""];  // constant SVG from the vocabulary, no data
            name.textContent = {{ this.get_name() }}_name(p) + ", " + (kinds[p.kind] || p.kind);
            name.style.cssText = {{ this.hidden_css|tojson }};
            box.appendChild(name);
            var size = {{ this.size|tojson }};
            return L.marker(latlng, {icon: L.divIcon({html: box, className: "flashpoint-icon",
                                                      iconSize: [size, size]})});
        }
        function {{ this.get_name() }}_name(p) {
            return {{ this.ja|tojson }} ? (p.name_ja || p.name_en) : p.name_en;
        }
        // An ISO date as the reader's language writes it (2025年3月31日 in Japanese, as on the pages).
        function {{ this.get_name() }}_date(iso) {
            var m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(iso || "");
            return {{ this.ja|tojson }} && m ? +m[1] + "年" + +m[2] + "月" + +m[3] + "日" : iso;
        }
        function {{ this.get_name() }}_describe(layer, p) {
            var kinds = {{ this.kinds|tojson }}, text = {{ this.text|tojson }}, parties = {{ this.parties|tojson }};
            layer.bindPopup(function () {
                var box = document.createElement("div");
                var other = {{ this.ja|tojson }} ? p.name_en : p.name_ja;
                var named = p.parties.map(function (party) { return parties[party] || party; });
                [["b", {{ this.get_name() }}_name(p)], ["div", other],
                 ["i", (kinds[p.kind] || p.kind) + text.parties + named.join(text.comma)],
                 ["p", ({{ this.ja|tojson }} && p.summary_ja) || p.summary],
                 ["div", text.as_of.replace("{date}", {{ this.get_name() }}_date(p.as_of))]]
                    .forEach(function (part) {
                        var node = document.createElement(part[0]);
                        node.textContent = part[1];
                        box.appendChild(node);
                    });
                return box;
            }, {maxWidth: 380});
            layer.bindTooltip(function () {
                var label = document.createElement("span");
                label.textContent = {{ this.get_name() }}_name(p) + " — " + (kinds[p.kind] || p.kind);
                return label;
            });
        }""",
        options_js="""{
            style: function (feature) {
                var colors = {{ this.colors|tojson }};
                return {color: colors[feature.properties.kind] || {{ this.unknown_color|tojson }}, weight: 3,
                        dashArray: "8,5", fillOpacity: 0.15, className: "flashpoint-shape"};
            },
            pointToLayer: function (feature, latlng) {
                return {{ this.get_name() }}_marker(latlng, feature.properties);
            },
            onEachFeature: function (feature, layer) {
                var p = feature.properties;
                {{ this.get_name() }}_describe(layer, p);
                if (!layer.getLatLngs) { return; }  // a point, or a group of points: already symbols
                // A line or an area also gets its kind's symbol, on its (first part's) centre.
                var latlngs = layer.getLatLngs();
                while (!L.LineUtil.isFlat(latlngs)) { latlngs = latlngs[0]; }
                var centre = layer instanceof L.Polygon ? L.PolyUtil.polygonCenter(latlngs, L.CRS.EPSG3857)
                                                        : L.LineUtil.polylineCenter(latlngs, L.CRS.EPSG3857);
                var marker = {{ this.get_name() }}_marker(centre, p);
                {{ this.get_name() }}_describe(marker, p);
                {{ this.get_name() }}.addLayer(marker);
            }
        }""",
    )

    def __init__(self, url: str | None = None, data: dict | None = None, show: bool = False, _: Language = ENGLISH):
        super().__init__(name=_("Flashpoints"), overlay=True, control=True, show=show)
        self._name = "FlashpointOverlay"
        self.url = url
        self.data = data
        self.colors = {term.code: term.color for term in FLASHPOINT_KINDS}
        self.unknown_color = UNKNOWN_COLOR
        self.symbols = {term.code: kind_symbol(term.code) for term in FLASHPOINT_KINDS} | {"": kind_symbol(None)}
        self.kinds = {term.code: term.text(_) for term in FLASHPOINT_KINDS}
        self.parties = {term.code: term.text(_) for term in PARTIES}
        self.ja = _.ja
        self.text = {
            "parties": _("{kind} · parties: {parties}").split("{kind}")[1].split("{parties}")[0],
            "comma": _(", "),
            "as_of": _("As of {date} · events and sources: Flashpoints page"),
        }
        self.size = SYMBOL_PX
        self.hidden_css = _HIDDEN


def flashpoint_overlay(data_url: str, version: int, show: bool = False, _: Language = ENGLISH) -> FlashpointOverlay:
    """The landing map's flashpoint layer, fetched from `data_url` (maps.assets), off until
    switched on in the layer control; `version` (of the published file) makes the browser fetch
    an edited file instead of its cached copy."""
    return FlashpointOverlay(url=f"{data_url}flashpoints.geojson?v={version}", show=show, _=_)


def impact_popup_html(row: pd.Series, _: Language = ENGLISH) -> str:
    rows = [
        (_("Date"), _.date(row["date"])),
        (_("Launched from"), row["launch_site"]),
        (_("Missile"), row["missile"]),
        (_("Impact"), IMPACT_ZONES.label(row["impact_zone"], _)),
        (_("Reported"), row["reported_location"]),
        (_("Point from"), row["coord_method"]),
        (_("Source"), row["source"]),
    ]
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    table = f'<table class="facility-table">{body}</table>'
    return f'<div class="impact-popup" data-impact-id="{escape(row["id"])}">{table}</div>'


def impact_group(
    impacts: gpd.GeoDataFrame, name: str = N_("North Korean missile impacts"), _: Language = ENGLISH
) -> folium.FeatureGroup:
    """Reported impact points, coloured by where they fell relative to Japan's EEZ."""
    group = folium.FeatureGroup(name=_(name), show=True)
    for _i, row in _drawable(impacts).iterrows():
        color = IMPACT_ZONES.color(row["impact_zone"], UNKNOWN_COLOR)
        tooltip = f"{escape(_.date(row['date']))}: {escape(IMPACT_ZONES.label(row['impact_zone'], _))}"
        for shape in _shapes(row.geometry, impact_popup_html(row, _), tooltip, color, "impact-shape"):
            shape.add_to(group)
    return group


def ring_label(radius_km: float) -> str:
    """The text on a ring: its radius ("1,500 km")."""
    return f"{radius_km:,g} km"


def _ring_label_icon(text: str) -> folium.DivIcon:
    """The ring's label, centred on the ring's northernmost point, with a white halo."""
    style = (
        f"position:absolute;transform:translate(-50%,-50%);white-space:nowrap;color:{RING_COLOR};"
        "font:bold 12px/1.2 sans-serif;background:rgba(255,255,255,0.85);padding:0 3px;border-radius:3px"
    )
    return folium.DivIcon(
        html=f'<div class="range-ring-label" style="{style}">{escape(text)}</div>',
        icon_size=(0, 0),
        class_name="range-ring-label-icon",
    )


def rings_group(
    rings: gpd.GeoDataFrame, centre: tuple[float, float] | None = None, _: Language = ENGLISH
) -> folium.FeatureGroup:
    """Range rings drawn from their layer (flashpoints.rings_frame), largest first so smaller ones
    stay on top, each labelled with its radius at its northernmost point; with the centre (lon,
    lat) marked when given."""
    group = folium.FeatureGroup(name=_("Range rings"), show=True)
    for _i, row in rings.sort_values("radius_km", ascending=False).iterrows():
        tooltip = _("{km} km ({nmi} nmi) from {centre}").format(
            km=_.number(row["radius_km"]), nmi=_.number(row["radius_nmi"]), centre=escape(row["centre"])
        )
        ring = [(y, x) for x, y in row.geometry.exterior.coords]
        folium.Polygon(
            ring, color=RING_COLOR, weight=1.5, dash_array="4,4", fill=False, tooltip=tooltip, class_name="range-ring"
        ).add_to(group)
        north = max(ring, key=lambda latlon: latlon[0])
        # Not a button: the label is text on the map, neither focusable nor clickable.
        folium.Marker(
            north, icon=_ring_label_icon(ring_label(row["radius_km"])), interactive=False, keyboard=False
        ).add_to(group)
    if centre is not None:
        folium.CircleMarker((centre[1], centre[0]), radius=3, color=RING_COLOR, fill=True, fill_opacity=1).add_to(group)
    return group


def _mercator_y(lat: float) -> float:
    """Web Mercator y of a latitude, 0 (north edge) to 1 (south edge) of the world."""
    phi = math.radians(max(-85.0, min(85.0, lat)))
    return (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2


def fit_view(
    bounds: tuple[float, float, float, float],
    size_px: tuple[int, int],
    padding_px: int = 12,
    zoom_range: tuple[float, float] = (3, 8),
    snap: float = ZOOM_SNAP,
) -> tuple[tuple[float, float], float]:
    """Centre (lat, lon) and the largest zoom (a multiple of `snap`, the map's zoomSnap) at which
    `bounds` (min lon, min lat, max lon, max lat) fit a map of `size_px` (width, height) with
    `padding_px` on every side, as Leaflet's fitBounds would; computed here so the app can pass it
    to st_folium, which moves the map without re-mounting it."""
    minx, miny, maxx, maxy = bounds
    top, bottom = _mercator_y(maxy), _mercator_y(miny)
    width = max(size_px[0] - 2 * padding_px, 1)
    height = max(size_px[1] - 2 * padding_px, 1)
    span_x = max((maxx - minx) / 360, 1e-9)
    span_y = max(bottom - top, 1e-9)
    zoom = math.floor(math.log2(min(width / (256 * span_x), height / (256 * span_y))) / snap) * snap
    zoom = max(zoom_range[0], min(zoom_range[1], zoom))
    middle = (top + bottom) / 2
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * middle))))
    return (round(lat, 4), round((minx + maxx) / 2, 4)), zoom


def _legend_row(symbol: str, label: str) -> str:
    return f'<div class="fp-legend-row">{symbol}<span class="fp-legend-label">{escape(label)}</span></div>'


def _dot(color: str) -> str:
    return (
        '<svg width="11" height="11" viewBox="0 0 12 12" aria-hidden="true" focusable="false">'
        f'<circle cx="6" cy="6" r="5" fill="{color}" stroke="#ffffff" stroke-width="1"/></svg>'
    )


_RING_SYMBOL = (
    '<svg width="18" height="12" viewBox="0 0 18 12" aria-hidden="true" focusable="false">'
    f'<path d="M1 11 A 10 10 0 0 1 17 11" fill="none" stroke="{RING_COLOR}" stroke-width="1.5" '
    'stroke-dasharray="3,2"/></svg>'
)
_LEGEND_CSS = (
    "<style>.fp-legend{background:rgba(255,255,255,0.94);padding:3px 7px;font:11px/1.3 sans-serif;"
    "border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,0.3)}"
    ".fp-legend summary{cursor:pointer;font-weight:bold}"
    ".fp-legend-grid{display:grid;column-gap:8px}"
    ".fp-legend-row{display:flex;align-items:center;gap:3px;white-space:nowrap}"
    ".fp-legend h4{margin:3px 0 0;font-size:11px}</style>"
)


def flashpoint_legend(_: Language = ENGLISH) -> HtmlControl:
    """The Flashpoints map's legend: the flashpoint kinds (shape and colour), range rings,
    missile impacts and the facilities' services; collapsed on phone-sized maps."""

    def grid(rows: Iterable[str], columns: int) -> str:
        return f'<div class="fp-legend-grid" style="grid-template-columns:repeat({columns},auto)">{"".join(rows)}</div>'

    flashpoints, impacts, facilities = (
        _("Flashpoints"),
        _("North Korean missile impacts"),
        _("U.S. facilities, by service"),
    )
    body = (
        f"<h4>{flashpoints}</h4>"
        + grid((_legend_row(kind_symbol(term.code, 13), term.text(_)) for term in FLASHPOINT_KINDS), 2)
        + _legend_row(_RING_SYMBOL, _("Range ring, labelled with its radius"))
        + f"<h4>{impacts}</h4>"
        + grid((_legend_row(_dot(term.color or UNKNOWN_COLOR), term.text(_)) for term in IMPACT_ZONES), 2)
        + f"<h4>{facilities}</h4>"
        + grid((_legend_row(service_symbol(term.code), term.text(_)) for term in FACILITY_SERVICES), 3)
    )
    legend = _("Legend")
    html = f"{_LEGEND_CSS}<details open><summary>{legend}</summary>{body}</details>"
    return HtmlControl(html, "FlashpointLegend", "bottomleft", "fp-legend", keep_clicks=True, open_from_px=600)
