"""The facility layer of the main map: popups, icons and markers, and the layers of a view.

Every data string is escaped (maps.html) before it becomes HTML or part of a JS template literal.
"""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import pandas as pd

from basemap.filters import FilterState, not_returned
from basemap.maps.base import highlight_group
from basemap.maps.html import NOT_PUBLISHED, escape, source_list, value_html
from basemap.maps.thematic import Measure, thematic_layer
from basemap.values import located, number
from basemap.vocabulary import FACILITY_SERVICES, STATUSES, UNKNOWN_COLOR


def status_text(row: pd.Series) -> str:
    """Status, its date and its note (e.g. a planned return, or a limited-period provision)."""
    text = value_html(row["status"]) + (f" ({escape(row['status_date'])})" if row.get("status_date") else "")
    note = row.get("status_note")
    return text + (f"<br><small>{escape(note)}</small>" if isinstance(note, str) and note else "")


def personnel_text(row: pd.Series) -> str:
    """An officially stated head count with its source (which says who is counted and when)."""
    count = number(row.get("personnel"))
    if count is None:
        return NOT_PUBLISHED
    return f"{int(count):,}<br><small>{source_list([row.get('personnel_source') or ''])}</small>"


def area_text(area_km2: object, as_of: object) -> str:
    area = number(area_km2)
    if area is None:
        return NOT_PUBLISHED
    return f"{area:,.3f} km² (as of {escape(as_of) or 'date not given'})"


def popup_html(row: pd.Series) -> str:
    """The facility popup: names, place, service, SOFA category, area, sources and dates."""
    rows = [
        ("Prefecture", f"{escape(row['prefecture_en'])} ({escape(row['prefecture_ja'])})"),
        ("Municipality", value_html(row["municipalities_ja"])),
        ("Service", value_html(row["service"])),
        ("SOFA category", value_html(row["sofa_category"])),
        ("Status", status_text(row)),
        ("Area", area_text(row["area_km2"], row["area_as_of"])),
        ("Function", value_html(row.get("function"))),
        ("Personnel", personnel_text(row)),
        ("Sources", source_list(row["sources"])),
        ("Location from", source_list([row["coord_source"]])),
        ("As of", value_html(row["as_of"])),
    ]
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        f'<div class="facility-popup" data-facility-id="{escape(row["id"])}">'
        f"<b>{escape(row['name_en'])}</b><br>{escape(row['name_ja'])}"
        f'<table class="facility-table">{body}</table></div>'
    )


def marker_radius(area_km2: object) -> int:
    """Marker size in px grows with the square root of the area; unknown area: smallest."""
    area = number(area_km2)
    if area is None:
        return 5
    return int(min(16, 5 + 2.2 * math.sqrt(area)))


def facility_icon(row: pd.Series) -> folium.DivIcon:
    """An inline-SVG circle (no icon fonts, no image files): works with no network."""
    returned = row["status"] == "returned"
    color = (
        STATUSES.color("returned", UNKNOWN_COLOR)
        if returned
        else FACILITY_SERVICES.color(row["service"], UNKNOWN_COLOR)
    )
    r = marker_radius(row["area_km2"])
    size = 2 * r + 4
    dash = ' stroke-dasharray="3,2"' if row["status"] != "active" else ""
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
    for _, row in facilities[located(facilities)].iterrows():
        point = row.geometry
        folium.Marker(
            location=(point.y, point.x),
            icon=facility_icon(row),
            tooltip=folium.Tooltip(f"{escape(row['name_en'])} — {escape(row['service'])}"),
            popup=folium.Popup(popup_html(row), max_width=380),
        ).add_to(group)
    return group


def view_groups(
    shown: gpd.GeoDataFrame,
    state: FilterState,
    prefectures: gpd.GeoDataFrame | None,
    personnel: pd.DataFrame | None,
    data_url: str | None,
) -> tuple[list[folium.FeatureGroup], Measure | None]:
    """The changing layers of the main map for a filter state, so the app and the offline HTML
    download draw the same view: thematic layer (if the view asks for one), selected prefectures,
    current facilities and, when switched on, the returned ones as their own layer; plus the
    thematic measure for the legend. Without `data_url` the prefecture outlines of a shading are
    embedded in the page (standalone HTML)."""
    groups: list[folium.FeatureGroup] = []
    thematic = thematic_layer(state.view, shown, personnel, prefectures, data_url)
    if thematic is not None:
        groups.append(thematic[0])
    if prefectures is not None:
        groups.append(highlight_group(prefectures, state.prefectures))
    current = not_returned(shown)
    groups.append(facility_group(shown[current]))
    if state.include_returned:
        groups.append(facility_group(shown[~current], name="Returned facilities"))
    return groups, thematic[1] if thematic is not None else None
