"""What a facility looks like on a map: popup, tooltip, colour, shape, size and edge (one home for these
rules: the canvas layer of maps.facility_layer and the DOM markers below both use them).

Every data string is escaped (maps.html) before it becomes HTML or part of a JS template literal.
"""

from __future__ import annotations

import math

import folium
import geopandas as gpd
import pandas as pd

from basemap.footprints import OSM_CREDIT
from basemap.i18n import ENGLISH, N_, Language
from basemap.maps.html import escape, not_published, source_list, value_html
from basemap.maps.symbols import CIRCLE, CIRCLE_R, symbol_svg
from basemap.values import is_missing, located, number
from basemap.vocabulary import FACILITY_SERVICES, SOFA_CATEGORIES, STATUSES, UNKNOWN_COLOR


def status_text(row: pd.Series, _: Language = ENGLISH) -> str:
    """Status, its date and its note (e.g. a planned return, or a limited-period provision)."""
    date = row.get("status_date")
    status = STATUSES.label(row["status"], _) if _.ja and isinstance(row["status"], str) else row["status"]
    text = value_html(status, _("not published")) + ("" if is_missing(date) or not date else f" ({escape(date)})")
    note = row.get("status_note")
    return text + (f"<br><small>{escape(note)}</small>" if isinstance(note, str) and note else "")


def personnel_text(row: pd.Series, _: Language = ENGLISH) -> str:
    """An officially stated head count with its source (which says who is counted and when)."""
    count = number(row.get("personnel"))
    if count is None:
        return not_published(_)
    return f"{_.number(count)}<br><small>{source_list([row.get('personnel_source') or ''])}</small>"


def area_text(area_km2: object, as_of: object, _: Language = ENGLISH) -> str:
    area = number(area_km2)
    if area is None:
        return not_published(_)
    date = escape(_.date(as_of)) if not is_missing(as_of) and as_of else _("date not given")
    return _("{area} km² (as of {date})").format(area=_.number(area, 3), date=date)


def outline_text(footprint: pd.Series, _: Language = ENGLISH) -> str:
    """Where a drawn outline comes from, with OpenStreetMap's credit, and how much of the facility
    it covers when it is only a part of it."""
    text = f"{source_list([footprint['source']])}<br><small>{escape(OSM_CREDIT)}</small>"
    if footprint["partial"]:
        cover = footprint["cover_percent"]
        share = _("less than half") if is_missing(cover) else f"{float(cover):.0f}%"
        text += "<br>" + _(
            "<b>partial footprint</b> (OpenStreetMap outline covers {share} of the published area)"
        ).format(share=share)
    return text


def popup_html(row: pd.Series, footprint: pd.Series | None = None, _: Language = ENGLISH) -> str:
    """The facility popup: names (the reader's language first), place, service, SOFA category,
    area, sources and dates, and where its outline comes from when one is drawn (`footprint`, a
    row of footprints.join_footprints)."""
    category = row["sofa_category"]
    rows = [
        (_("Prefecture"), escape(_.name(row["prefecture_en"], row["prefecture_ja"]))),
        (_("Municipality"), value_html(row["municipalities_ja"], _("not published"))),
        (_("Service"), value_html(_service(row["service"], _), _("not published"))),
        (
            _("SOFA category"),
            value_html(SOFA_CATEGORIES.label(category, _) if _.ja and isinstance(category, str) else category),
        ),
        (_("Status"), status_text(row, _)),
        (_("Area"), area_text(row["area_km2"], row["area_as_of"], _)),
        (_("Function"), value_html(row.get("function"), _("not published"))),
        (_("Personnel"), personnel_text(row, _)),
        (_("Sources"), source_list(row["sources"])),
        (_("Location from"), source_list([row["coord_source"]])),
        *(
            [(_("Outline from"), outline_text(footprint, _))]
            if footprint is not None and footprint["outline"] is not None
            else []
        ),
        (_("As of"), value_html(_.date(row["as_of"]) if isinstance(row["as_of"], str) else row["as_of"])),
    ]
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    first, second = (row["name_ja"], row["name_en"]) if _.ja else (row["name_en"], row["name_ja"])
    return (
        f'<div class="facility-popup" data-facility-id="{escape(row["id"])}" lang="{_.code}">'
        f"<b>{escape(first)}</b><br>{escape(second)}"
        f'<table class="facility-table">{body}</table></div>'
    )


def _service(code: object, _: Language) -> object:
    """A managing service's label (米海兵隊 in Japanese); a missing one stays missing."""
    return FACILITY_SERVICES.label(code, _) if isinstance(code, str) else code


def marker_radius(area_km2: object) -> int:
    """Marker size in px grows with the square root of the area; unknown area: smallest."""
    area = number(area_km2)
    if area is None:
        return 5
    return int(min(16, 5 + 2.2 * math.sqrt(area)))


def marker_style(row: pd.Series) -> tuple[str, int, bool]:
    """Colour (service; grey once returned), radius (area) and dashed edge (not active) of a facility."""
    if row["status"] == "returned":
        color = STATUSES.color("returned", UNKNOWN_COLOR)
    else:
        color = FACILITY_SERVICES.color(row["service"], UNKNOWN_COLOR)
    return color, marker_radius(row["area_km2"]), row["status"] != "active"


def marker_shape(row: pd.Series) -> str:
    """The shape of a facility's marker: its managing service's (also once returned, when grey), a
    circle when the service is unknown."""
    return FACILITY_SERVICES.shape(row["service"], CIRCLE)


def service_symbol(code: str, size: int = 14) -> str:
    """A managing service's symbol (shape and colour) for a legend, the label to go beside it."""
    return symbol_svg(FACILITY_SERVICES.shape(code, CIRCLE), FACILITY_SERVICES.color(code, UNKNOWN_COLOR), size)


def tooltip_text(row: pd.Series, _: Language = ENGLISH) -> str:
    """The facility tooltip (escaped HTML): name (the reader's language first), managing service
    and status when not active, so the meaning of a colour or a dashed edge is also in words."""
    status = "" if row["status"] == "active" else f" ({escape(STATUSES.label(row['status'], _).lower())})"
    service = escape(_service(row["service"], _)) or _("service not published")
    return f"{escape(_.pick(row['name_en'], row['name_ja']))} — {service}{status}"


def facility_icon(row: pd.Series) -> folium.DivIcon:
    """The service's shape in inline SVG (no icon fonts, no image files: works with no network),
    as large as the canvas layer draws it: a circle of the marker's radius, or the polygon that matches it."""
    color, r, dashed = marker_style(row)
    size = round(2 * r * 10 / CIRCLE_R)  # the 20-unit box holds a circle of CIRCLE_R units: r px
    svg = symbol_svg(marker_shape(row), color, size, dashed, fill_opacity=0.85)
    return folium.DivIcon(
        html=f'<div class="facility-marker" data-facility-id="{escape(row["id"])}">{svg}</div>',
        icon_size=(size, size),
        icon_anchor=(size // 2, size // 2),
        class_name="facility-icon",
    )


def facility_group(
    facilities: gpd.GeoDataFrame, name: str = N_("U.S. facilities"), _: Language = ENGLISH
) -> folium.FeatureGroup:
    """One marker per facility with a located point, in the frame's order (popups and tooltips in
    the reader's language)."""
    group = folium.FeatureGroup(name=_(name), show=True)
    for _i, row in facilities[located(facilities)].iterrows():
        point = row.geometry
        folium.Marker(
            location=(point.y, point.x),
            icon=facility_icon(row),
            tooltip=folium.Tooltip(tooltip_text(row, _)),
            popup=folium.Popup(popup_html(row, _=_), max_width=380),
        ).add_to(group)
    return group
