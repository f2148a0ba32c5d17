"""Thematic views of the main map: prefectures shaded, or graduated symbols, by a measure.

The shading restyles the prefecture outlines the browser already caches (only a small code →
colour table travels with each rerun); symbols are circles sized by area, so a value twice as
large looks twice as large. Legends are plain HTML: no image or font from anywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from basemap.filters import counted
from basemap.i18n import ENGLISH, N_, Language
from basemap.maps.elements import geojson_layer_template, prefecture_source
from basemap.maps.html import escape
from basemap.prefectures import OKINAWA, PREFECTURES
from basemap.summary import by_prefecture

MEASURES = {
    "count": (N_("Facilities"), N_("facilities")),
    "area": (N_("Facility area"), "km²"),
    "personnel": (N_("U.S. personnel (where published)"), N_("persons")),
}
PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")  # 5-class sequential (ColorBrewer YlOrRd)
SYMBOL_COLOR = "#6a1b9a"
MAX_SYMBOL_RADIUS = 28


@dataclass(frozen=True)
class Measure:
    """Values per prefecture code, with what they are and where they come from."""

    key: str
    values: dict[str, float]
    note: str
    lang: Language = ENGLISH  # the language of the note, label and unit

    @property
    def label(self) -> str:
        return self.lang(MEASURES[self.key][0])

    @property
    def unit(self) -> str:
        return self.lang(MEASURES[self.key][1])


def prefecture_measure(
    key: str, facilities: gpd.GeoDataFrame, personnel: pd.DataFrame | None, _: Language = ENGLISH
) -> Measure:
    """A measure per prefecture (summary.by_prefecture defines each), prefectures with none left out."""
    figures = by_prefecture(facilities)
    column = {"count": "facility_count", "area": "area_km2", "personnel": "personnel"}[key]
    values = {str(code): float(value) for code, value in figures[column].items() if value > 0}
    if key == "count":
        return Measure(key, values, _("Facilities still provided, each counted once."), _)
    if key == "area":
        missing, shown = int(figures["without_area"].sum()), int(figures["facility_count"].sum())
        note = _("Sum of published areas; {missing} of {shown} facilities shown have no published area.")
        return Measure(key, values, note.format(missing=missing, shown=shown), _)
    if values:
        return Measure(key, values, _("Officially stated per-facility figures."), _)
    return _okinawa_total(facilities[counted(facilities)], personnel, _)


def _okinawa_total(current: gpd.GeoDataFrame, personnel: pd.DataFrame | None, _: Language) -> Measure:
    """Without stated per-facility figures: Okinawa's last published total, where Okinawa is shown."""
    if personnel is None:
        return Measure("personnel", {}, _("No personnel figures are loaded."), _)
    okinawa = personnel[(personnel["area"] == "Okinawa") & (personnel["service"] == "Total")]
    okinawa = okinawa[okinawa["series"] == "okinawa_pref"].sort_values("as_of", kind="stable")
    if okinawa.empty or OKINAWA not in set(current["prefecture_code"]):
        note = _("No prefecture-level personnel figure is published for the prefectures shown.")
        return Measure("personnel", {}, note, _)
    row = okinawa.iloc[-1]
    note = _(
        "Only Okinawa has a published prefecture total: {count} as of {date} (Okinawa Prefecture; U.S. forces "
        "stopped supplying Okinawa counts after 2011). No other prefecture or facility has an officially stated figure."
    ).format(count=_.number(row["personnel"]), date=_.date(row["as_of"]))
    return Measure("personnel", {OKINAWA: float(row["personnel"])}, note, _)


def class_breaks(values: list[float], classes: int = len(PALETTE)) -> list[float]:
    """Upper bounds of up to `classes` classes of about equal size (quantiles), ascending and
    distinct; the last bound is the maximum. Whole-number values get whole-number bounds."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    quantiles = np.quantile(positive, [i / classes for i in range(1, classes + 1)])
    if all(float(v).is_integer() for v in positive):
        quantiles = np.ceil(quantiles)
    return sorted({float(q) for q in quantiles})


def class_color(value: float, breaks: list[float]) -> str:
    for index, upper in enumerate(breaks):
        if value <= upper:
            return PALETTE[index + len(PALETTE) - len(breaks)]
    return PALETTE[-1]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or float(value).is_integer() else f"{value:,.2f}"


def legend_rows(breaks: list[float]) -> list[tuple[str, str]]:
    """(colour, range label) per class, for the legend."""
    whole = all(float(b).is_integer() for b in breaks)
    rows, lower = [], 0.0
    for upper in breaks:
        first = lower + 1 if whole else lower  # whole numbers: 1–3, 4–6, not 1–3, 3–6
        if not lower:
            label = f"up to {_fmt(upper)}"
        else:
            label = _fmt(upper) if first == upper else f"{_fmt(first)} – {_fmt(upper)}"
        rows.append((class_color(upper, breaks), label))
        lower = upper
    return rows


class PrefectureShading(folium.map.Layer):
    """Prefectures filled by class colour; the outlines come from the browser-cached basemap file."""

    _template = geojson_layer_template(
        options_js="""{
            style: function (feature) {
                var entry = {{ this.classes|tojson }}[feature.properties.prefecture_code];
                return entry ? {color: "#616161", weight: 0.8, fillColor: entry[0], fillOpacity: 0.8}
                             : {color: "#9e9e9e", weight: 0.4, fillOpacity: 0};
            },
            onEachFeature: function (feature, layer) {
                var entry = {{ this.classes|tojson }}[feature.properties.prefecture_code];
                var label = document.createElement("span");
                label.textContent = feature.properties.name_en + ": " + (entry ? entry[1] : "none shown");
                layer.bindTooltip(label, {sticky: true});
            }
        }"""
    )

    def __init__(self, classes: dict[str, tuple[str, str]], url: str | None = None, data: dict | None = None):
        super().__init__(name="Prefecture shading", overlay=True, control=True, show=True)
        self._name = "PrefectureShading"
        self.classes = classes
        self.url = url
        self.data = data


def shading_group(measure: Measure, prefectures: gpd.GeoDataFrame, data_url: str | None) -> folium.FeatureGroup:
    """Prefectures shaded by the measure: the browser fetches the outlines from `data_url`, or
    they are embedded (standalone HTML)."""
    breaks = class_breaks(list(measure.values.values()))
    classes = {
        code: (class_color(value, breaks), f"{_fmt(value)} {measure.unit}")
        for code, value in sorted(measure.values.items())
        if value > 0
    }
    group = folium.FeatureGroup(
        name=measure.lang("Prefectures by {measure}").format(measure=measure.label.lower()), show=True
    )
    PrefectureShading(classes, **prefecture_source(prefectures, data_url)).add_to(group)
    return group


def symbol_radius(value: float, largest: float) -> float:
    """Circle radius in px with area proportional to the value (the largest gets the maximum)."""
    return max(3.0, MAX_SYMBOL_RADIUS * math.sqrt(value / largest)) if largest > 0 else 0.0


def symbol_group(measure: Measure, anchors: dict[str, tuple[float, float]]) -> folium.FeatureGroup:
    """One circle per prefecture with a value, at a point inside the prefecture (lat, lon)."""
    _ = measure.lang
    group = folium.FeatureGroup(name=_("Symbols: {measure}").format(measure=measure.label.lower()), show=True)
    largest = max(measure.values.values(), default=0.0)
    for code, value in sorted(measure.values.items(), key=lambda item: -item[1]):
        if value <= 0 or code not in anchors:
            continue
        folium.CircleMarker(
            anchors[code],
            radius=symbol_radius(value, largest),
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color=SYMBOL_COLOR,
            fill_opacity=0.6,
            class_name="thematic-symbol",
            tooltip=f"{escape(_.pick(PREFECTURES[code].name_en, PREFECTURES[code].name_ja))}: "
            f"{escape(_fmt(value))} {escape(measure.unit)}",
        ).add_to(group)
    return group


def anchors_of(prefectures: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """(lat, lon) of a point inside each prefecture's largest part (not in the sea, not on an islet)."""
    points = {}
    for code, geometry in zip(prefectures["prefecture_code"], prefectures.geometry, strict=True):
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda part: part.area)
        point = largest.representative_point()
        points[code] = (round(point.y, 4), round(point.x, 4))
    return points


def legend_html(measure: Measure, shading: bool, _: Language = ENGLISH) -> str:
    """The legend as HTML (inline colours, no assets): class ranges, or the largest symbol's value."""
    title = f"<b>{escape(measure.label)}</b>"
    if measure.unit.lower() not in measure.label.lower():
        title += f" ({escape(measure.unit)})"
    if not measure.values:
        none = _("no values for the facilities shown.")
        return f'<div class="thematic-legend">{title}: {none}</div>'
    if shading:
        rows = "".join(
            f'<span style="display:inline-block;width:14px;height:14px;background:{color};'
            f'border:1px solid #777;margin:0 4px -2px 10px"></span>{escape(label)}'
            for color, label in legend_rows(class_breaks(list(measure.values.values())))
        )
    else:
        largest = max(measure.values.values())
        rows = (
            f' <span style="display:inline-block;width:14px;height:14px;border-radius:50%;background:{SYMBOL_COLOR};'
            f'opacity:0.6;margin:0 4px -2px 10px"></span>'
            + _("circle area proportional to the value; largest {value}").format(value=escape(_fmt(largest)))
        )
    return f'<div class="thematic-legend">{title}: {rows}</div>'


def thematic_layer(
    view: str,
    facilities: gpd.GeoDataFrame,
    personnel: pd.DataFrame | None,
    prefectures: gpd.GeoDataFrame | None,
    data_url: str | None,
    _: Language = ENGLISH,
) -> tuple[folium.FeatureGroup, Measure] | None:
    """The layer for a map view such as "shade-count" or "symbols-area" (None for plain markers)."""
    mode, _dash, key = view.partition("-")
    if key not in MEASURES or prefectures is None:
        return None
    measure = prefecture_measure(key, facilities, personnel, _)
    if mode == "shade":
        group = shading_group(measure, prefectures, data_url)
    else:
        group = symbol_group(measure, anchors_of(prefectures))
    return group, measure
