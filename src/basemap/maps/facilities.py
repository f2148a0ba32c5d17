"""What a facility looks like on a map: popup, tooltip, colour, size and edge (one home for these
rules: the canvas layer of maps.facility_layer and the DOM markers below both use them).

Every data string is escaped (maps.html) before it becomes HTML or part of a JS template literal.
"""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import pandas as pd

from basemap.footprints import OSM_CREDIT
from basemap.maps.html import NOT_PUBLISHED, escape, source_list, value_html
from basemap.values import is_missing, located
from basemap.vocabulary import FACILITY_SERVICES, STATUSES, UNKNOWN_COLOR


def status_text(row: pd.Series) -> str:
    """Status, its date and its note (e.g. a planned return, or a limited-period provision)."""
    date = row.get("status_date")
    text = value_html(row["status"]) + ("" if is_missing(date) or not date else f" ({escape(date)})")
    note = row.get("status_note")
    return text + (f"<br><small>{escape(note)}</small>" if isinstance(note, str) and note else "")


def personnel_text(row: pd.Series) -> str:
    """An officially stated head count with its source (which says who is counted and when)."""
    count = row.get("personnel")
    if is_missing(count):
        return NOT_PUBLISHED
    return f"{int(count):,}<br><small>{source_list([row.get('personnel_source') or ''])}</small>"


def area_text(area_km2: object, as_of: object) -> str:
    if is_missing(area_km2):
        return NOT_PUBLISHED
    return f"{float(area_km2):,.3f} km² (as of {escape(as_of) or 'date not given'})"


def outline_text(footprint: pd.Series) -> str:
    """Where a drawn outline comes from, with OpenStreetMap's credit, and how much of the facility
    it covers when it is only a part of it."""
    text = f"{source_list([footprint['source']])}<br><small>{escape(OSM_CREDIT)}</small>"
    if footprint["partial"]:
        cover = footprint["cover_percent"]
        share = "less than half" if is_missing(cover) else f"{float(cover):.0f}%"
        text += f"<br><b>partial footprint</b> (OpenStreetMap outline covers {share} of the published area)"
    return text


def popup_html(row: pd.Series, footprint: pd.Series | None = None) -> str:
    """The facility popup: names, place, service, SOFA category, area, sources and dates, and where
    its outline comes from when one is drawn (`footprint`, a row of footprints.join_footprints)."""
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
        *(
            [("Outline from", outline_text(footprint))]
            if footprint is not None and footprint["outline"] is not None
            else []
        ),
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
    if is_missing(area_km2):
        return 5
    return int(min(16, 5 + 2.2 * math.sqrt(float(area_km2))))


def marker_style(row: pd.Series) -> tuple[str, int, bool]:
    """Colour (service; grey once returned), radius (area) and dashed edge (not active) of a facility."""
    if row["status"] == "returned":
        color = STATUSES.color("returned", UNKNOWN_COLOR)
    else:
        color = FACILITY_SERVICES.color(row["service"], UNKNOWN_COLOR)
    return color, marker_radius(row["area_km2"]), row["status"] != "active"


def tooltip_text(row: pd.Series) -> str:
    """The facility tooltip (escaped HTML): name, managing service and status when not active, so
    the meaning of a colour or a dashed edge is also in words."""
    status = "" if row["status"] == "active" else f" ({escape(STATUSES.label(row['status']).lower())})"
    return f"{escape(row['name_en'])} — {escape(row['service']) or 'service not published'}{status}"


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
    for _, row in facilities[located(facilities)].iterrows():
        point = row.geometry
        folium.Marker(
            location=(point.y, point.x),
            icon=facility_icon(row),
            tooltip=folium.Tooltip(tooltip_text(row)),
            popup=folium.Popup(popup_html(row), max_width=380),
        ).add_to(group)
    return group
