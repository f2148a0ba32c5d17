"""Folium layers for flashpoints, North Korean missile impacts and range rings.

Drawn with vector shapes only (circle markers, lines, polygons): no marker images or icon fonts,
so the layers render with no network. Every data string is escaped before it reaches HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement

from basemap.maps.elements import geojson_layer_template
from basemap.maps.html import escape
from basemap.values import located
from basemap.vocabulary import FLASHPOINT_KINDS, IMPACT_ZONES, UNKNOWN_COLOR

FLASHPOINT_COLOR = "#ad1457"
RING_COLOR = "#4e342e"


def _links(values: Iterable[str]) -> str:
    return "<br>".join(escape(value) for value in values)


def flashpoint_popup_html(row: pd.Series) -> str:
    events = "".join(
        f"<li>{escape(e['date'])}: {escape(e['title'])}</li>"
        for e in sorted(row["events"], key=lambda e: e["date"], reverse=True)
    )
    return (
        f'<div class="flashpoint-popup" data-flashpoint-id="{escape(row["id"])}">'
        f"<b>{escape(row['name_en'])}</b><br>{escape(row['name_ja'])}<br>"
        f"<i>{escape(FLASHPOINT_KINDS.label(row['kind']))}; parties: {escape(', '.join(row['parties']))}</i>"
        f"<p>{escape(row['summary'])}</p><b>Events</b><ul>{events}</ul>"
        f"<b>Sources</b><br>{_links(row['sources'])}<br><b>Location from</b><br>{escape(row['coord_source'])}"
        f"<br><b>As of</b> {escape(row['as_of'])}</div>"
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
    flashpoints: gpd.GeoDataFrame, show: bool = True, name: str = "Flashpoints"
) -> folium.FeatureGroup:
    """Every located flashpoint, in file order."""
    group = folium.FeatureGroup(name=name, show=show)
    for _, row in _drawable(flashpoints).iterrows():
        tooltip = f"{escape(row['name_en'])} — {escape(FLASHPOINT_KINDS.label(row['kind']))}"
        for shape in _shapes(row.geometry, flashpoint_popup_html(row), tooltip, FLASHPOINT_COLOR, "flashpoint-shape"):
            shape.add_to(group)
    return group


class FlashpointOverlay(folium.map.Layer):
    """The flashpoints as a switchable overlay that the browser fetches from the app's static
    folder (cached), so the landing map's rerun messages stay small. Popups are built from text
    nodes, never parsed as HTML."""

    _template = geojson_layer_template(
        options_js="""{
            style: function () {
                return {color: {{ this.color|tojson }}, weight: 3, dashArray: "8,5", fillOpacity: 0.15};
            },
            pointToLayer: function (feature, latlng) {
                return L.circleMarker(latlng, {radius: 7, weight: 2, color: {{ this.color|tojson }}, fillOpacity: 0.35,
                                               className: "flashpoint-shape"});
            },
            onEachFeature: function (feature, layer) {
                var p = feature.properties, kinds = {{ this.kinds|tojson }};
                var box = document.createElement("div");
                [["b", p.name_en], ["div", p.name_ja],
                 ["i", (kinds[p.kind] || p.kind) + "; parties: " + p.parties.join(", ")],
                 ["p", p.summary], ["div", "As of " + p.as_of + " · events and sources: Flashpoints page"]]
                    .forEach(function (part) {
                        var node = document.createElement(part[0]);
                        node.textContent = part[1];
                        box.appendChild(node);
                    });
                layer.bindPopup(box, {maxWidth: 380});
                var label = document.createElement("span");
                label.textContent = p.name_en;
                layer.bindTooltip(label);
            }
        }"""
    )

    def __init__(self, url: str | None = None, data: dict | None = None, show: bool = False):
        super().__init__(name="Flashpoints", overlay=True, control=True, show=show)
        self._name = "FlashpointOverlay"
        self.url = url
        self.data = data
        self.color = FLASHPOINT_COLOR
        self.kinds = {term.code: term.label for term in FLASHPOINT_KINDS}


def flashpoint_overlay(data_url: str, version: int, show: bool = False) -> FlashpointOverlay:
    """The landing map's flashpoint layer, fetched from `data_url` (maps.assets), off until
    switched on in the layer control; `version` (of the published file) makes the browser fetch
    an edited file instead of its cached copy."""
    return FlashpointOverlay(url=f"{data_url}flashpoints.geojson?v={version}", show=show)


def impact_popup_html(row: pd.Series) -> str:
    rows = [
        ("Date", row["date"]),
        ("Launched from", row["launch_site"]),
        ("Missile", row["missile"]),
        ("Impact", IMPACT_ZONES.label(row["impact_zone"])),
        ("Reported", row["reported_location"]),
        ("Point from", row["coord_method"]),
        ("Source", row["source"]),
    ]
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    table = f'<table class="facility-table">{body}</table>'
    return f'<div class="impact-popup" data-impact-id="{escape(row["id"])}">{table}</div>'


def impact_group(impacts: gpd.GeoDataFrame, name: str = "North Korean missile impacts") -> folium.FeatureGroup:
    """Reported impact points, coloured by where they fell relative to Japan's EEZ."""
    group = folium.FeatureGroup(name=name, show=True)
    for _, row in _drawable(impacts).iterrows():
        color = IMPACT_ZONES.color(row["impact_zone"], UNKNOWN_COLOR)
        tooltip = f"{escape(row['date'])}: {escape(IMPACT_ZONES.label(row['impact_zone']))}"
        for shape in _shapes(row.geometry, impact_popup_html(row), tooltip, color, "impact-shape"):
            shape.add_to(group)
    return group


def rings_group(rings: gpd.GeoDataFrame, centre: tuple[float, float] | None = None) -> folium.FeatureGroup:
    """Range rings drawn from their layer (flashpoints.rings_frame), largest first so smaller ones
    stay on top; with the centre (lon, lat) marked when given."""
    group = folium.FeatureGroup(name="Range rings", show=True)
    for _, row in rings.sort_values("radius_km", ascending=False).iterrows():
        tooltip = f"{row['radius_km']:,.0f} km ({row['radius_nmi']:,.0f} nmi) from {escape(row['centre'])}"
        ring = [(y, x) for x, y in row.geometry.exterior.coords]
        folium.Polygon(
            ring, color=RING_COLOR, weight=1.5, dash_array="4,4", fill=False, tooltip=tooltip, class_name="range-ring"
        ).add_to(group)
    if centre is not None:
        folium.CircleMarker((centre[1], centre[0]), radius=3, color=RING_COLOR, fill=True, fill_opacity=1).add_to(group)
    return group
