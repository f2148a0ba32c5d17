"""KMZ downloads for Google Earth: the KML (doc.kml) and its icons (files/icon-*.png) in one zip, so
nothing is fetched from a server (Google Earth's own icons are URLs on Google's servers, blank
offline). Placemarks sit in a folder per managing service, each service with its own icon colour
(basemap.vocabulary); a balloon is a small table of labelled fields with the sources as links.

KML has no placemark without a place: records with no sourced location are left out, and the
document's description counts and names them. fastkml, pygeoif and Pillow are imported when a file
is written."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pandas as pd

from basemap.cite import APP_NAME
from basemap.export.archive import zip_bytes
from basemap.export.flat import is_list, item_text, joined
from basemap.export.layers import ExportLayer
from basemap.export.meta import ExportMeta, layer_metadata, slug
from basemap.i18n import ENGLISH, N_, Language
from basemap.maps.html import escape, not_published, source_list
from basemap.summary import TABLE_COLUMNS
from basemap.values import is_missing, located
from basemap.vocabulary import (
    FACILITY_SERVICES,
    FLASHPOINT_KINDS,
    IMPACT_ZONES,
    SOFA_CATEGORIES,
    STATUSES,
    UNKNOWN_COLOR,
    Vocabulary,
)

if TYPE_CHECKING:
    from fastkml import Placemark, Style
    from shapely.geometry.base import BaseGeometry

DESCRIPTION = (
    "For Google Earth: a KMZ (the KML and its icons in one zip, nothing fetched online) with a folder per managing "
    "service, an icon colour per service and a balloon per placemark listing its fields and sources. Records with no "
    "sourced location cannot be placed: the document's description counts and names them."
)
KML_POLYGON_COLOR = "#5d4037"  # shapes and points of the layers that are not facilities
ICON_PIXELS = 32
BALLOON = "<h3>$[name]</h3>$[description]"  # Google Earth's balloon without its "Directions" links
FEATURE_STYLE = "feature"
NO_SERVICE = N_("Service not stated")

# Balloon labels: the facility table's, and these for the other fields of the layers.
FIELD_LABELS = {
    **TABLE_COLUMNS,
    "name_ja": N_("Name (Japanese)"),
    "status_date": N_("Status date"),
    "status_note": N_("Status note"),
    "known_since": N_("Known since"),
    "part_of": N_("Part of"),
    "prefecture_code": N_("Prefecture code"),
    "prefecture_ja": N_("Prefecture (Japanese)"),
    "coord_source": N_("Location from"),
    "area_source": N_("Area source"),
    "area_history": N_("Area history"),
    "function": N_("Function"),
    "personnel": N_("Personnel (officially stated)"),
    "personnel_source": N_("Personnel source"),
    "notes": N_("Notes"),
    "located": N_("Has a sourced location"),
    "kind": N_("Kind"),
    "parties": N_("Parties"),
    "summary": N_("Summary"),
    "events": N_("Events"),
    "date": N_("Date"),
    "launch_site": N_("Launch site"),
    "missile": N_("Missile"),
    "impact_zone": N_("Impact zone"),
    "reported_location": N_("Reported location"),
    "coord_method": N_("How the location was derived"),
    "source": N_("Source"),
    "region": N_("Region"),
    "facility_count": N_("Facilities (counted once)"),
    "exclusive_use_area_km2": N_("Exclusive-use area (km²)"),
    "centre": N_("Centre"),
    "radius_km": N_("Radius (km)"),
}
# Left out of the balloon: the heading has the name, the prefecture has its name, a placemark has a location.
NOT_IN_BALLOON = ("name_en", "prefecture_code", "located")
# Said "not published" when empty (a figure no source gives); other empty fields are left out (not applicable).
FIGURE_FIELDS = ("service", "sofa_category", "municipalities_ja", "area_km2", "function", "personnel", "as_of")
SOURCE_FIELDS = ("sources", "source", "coord_source", "area_source", "personnel_source")
CODED_FIELDS: dict[str, Vocabulary] = {
    "service": FACILITY_SERVICES,
    "status": STATUSES,
    "sofa_category": SOFA_CATEGORIES,
    "kind": FLASHPOINT_KINDS,
    "impact_zone": IMPACT_ZONES,
}


def kml_color(hex_rgb: str, alpha: str = "ff") -> str:
    """KML colours are aabbggrr."""
    rgb = hex_rgb.lstrip("#")
    return f"{alpha}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}".lower()


def icon_path(key: str) -> str:
    """The icon's path inside the KMZ (relative, as Google Earth reads it from the archive)."""
    return f"files/icon-{key}.png"


def icon_png(color: str) -> bytes:
    """A filled circle in `color` with a white ring, as a PNG (the same bytes for the same colour)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (ICON_PIXELS, ICON_PIXELS), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse(
        (2, 2, ICON_PIXELS - 3, ICON_PIXELS - 3), fill=color, outline="#ffffff", width=ICON_PIXELS // 10
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _by_service(layer: ExportLayer) -> bool:
    """Facility layers are foldered and coloured by managing service."""
    return layer.spatial and "service" in layer.data


def _icons(layer: ExportLayer) -> dict[str, str]:
    """Style key -> icon colour: one per service (and one for a service not stated), or one for the layer."""
    if _by_service(layer):
        return {
            **{slug(term.code): term.color or UNKNOWN_COLOR for term in FACILITY_SERVICES},
            "unknown": UNKNOWN_COLOR,
        }
    return {FEATURE_STYLE: KML_POLYGON_COLOR}


def _service_key(service: object) -> str:
    return slug(str(service)) if service in FACILITY_SERVICES else "unknown"


def _styles(layer: ExportLayer) -> list[Style]:
    from fastkml import BalloonStyle, IconStyle, LabelStyle, LineStyle, PolyStyle, Style
    from fastkml.links import Icon

    return [
        Style(
            id=key,
            styles=[
                IconStyle(scale=0.8, icon=Icon(href=icon_path(key))),
                LabelStyle(scale=0.8),
                LineStyle(color=kml_color(color), width=2),
                PolyStyle(color=kml_color(color, "33")),
                BalloonStyle(text=BALLOON),
            ],
        )
        for key, color in _icons(layer).items()
    ]


def _item_html(value: object) -> str:
    """One list item: an event (date, title, source) as a line with its source linked; other objects as JSON."""
    if isinstance(value, dict) and "title" in value:
        text = escape(" — ".join(str(value[k]) for k in ("date", "title") if not is_missing(value.get(k))))
        return text + (f" ({source_list([value['source']])})" if value.get("source") else "")
    return escape(item_text(value))


def _value_html(column: str, value: object, _: Language = ENGLISH) -> str:
    """A field's value in a balloon: sources linked, codes as their labels, lists one per line."""
    if is_missing(value):
        return not_published(_)
    if column in SOURCE_FIELDS:
        return source_list(value if is_list(value) else [value])
    if column in CODED_FIELDS:
        return escape(CODED_FIELDS[column].label(str(value), _))
    if is_list(value):
        return "<br>".join(_item_html(v) for v in value)
    return _item_html(value)


def balloon_html(row: pd.Series, _: Language = ENGLISH) -> str:
    """The balloon under the name: a table of labelled fields (labels in the reader's language),
    empty ones left out unless a figure is not published."""
    cells = "".join(
        f"<tr><th align='left'>{escape(_(FIELD_LABELS[k]) if k in FIELD_LABELS else k.replace('_', ' ').capitalize())}"
        f"</th><td>{_value_html(k, v, _)}</td></tr>"
        for k, v in ((str(column), value) for column, value in row.items())
        if k not in NOT_IN_BALLOON and (k in FIGURE_FIELDS or not is_missing(v))
    )
    return f"<table>{cells}</table>"


def _name(row: pd.Series, _: Language = ENGLISH) -> str:
    """The placemark's name: the Japanese name first in Japanese."""
    for column in ("name_ja", "name_en", "name", "id") if _.ja else ("name_en", "name", "id"):
        if column in row and isinstance(row[column], str):
            return row[column]
    return str(row.name)


def _text(value: object) -> str:
    if is_list(value):
        return joined(value)
    if is_missing(value):
        return ""
    return str(value)


def _placemark(layer: ExportLayer, row: pd.Series, geometry: BaseGeometry, meta: ExportMeta) -> Placemark:
    import pygeoif
    from fastkml import Data, ExtendedData, Placemark
    from fastkml.styles import StyleUrl

    style = _service_key(row.get("service")) if _by_service(layer) else FEATURE_STYLE
    return Placemark(
        name=_name(row, meta.language),
        description=balloon_html(row, meta.language),
        style_url=StyleUrl(url=f"#{style}"),
        # shapely geometries have __geo_interface__, which types-shapely declares as a plain dict
        # rather than pygeoif's GeoInterface TypedDict: the two stub sets disagree, not the objects.
        geometry=pygeoif.shape(geometry),  # type: ignore[arg-type]
        extended_data=ExtendedData(elements=[Data(name=str(k), value=_text(v)) for k, v in row.items()]),
    )


def document_html(layer: ExportLayer, meta: ExportMeta) -> str:
    """The document's description: what the file holds (with the count of the view and the records
    it cannot place, by name), the filter, the sources and their licenses, as-of dates and the app."""
    _ = meta.language
    unlocated = layer.unlocated_names
    placed = len(layer.data) - len(unlocated)
    count = _("Records in this view: {count}; {placed} placed in this file.").format(
        count=len(layer.data), placed=placed
    )
    if unlocated:
        count += " " + _.ngettext(
            "{count} has no sourced location, so Google Earth cannot show it; it is in the GeoJSON, CSV and "
            "GeoPackage downloads:",
            "{count} have no sourced location, so Google Earth cannot show them; they are in the GeoJSON, CSV and "
            "GeoPackage downloads:",
            len(unlocated),
        ).format(count=len(unlocated))
    exported = _("{date} by {app} {version}").format(
        date=meta.exported.isoformat(), app=escape(APP_NAME), version=escape(meta.app_version)
    )
    rows = [
        (_("Filter"), escape(meta.filter_text)),
        (_("As of"), escape(layer.as_of)),
        (_("Exported"), exported),
    ]
    sources = "".join(
        f"<li>{escape(s.name)}: {source_list([s.reference])}<br>"
        + _("License: {license}; attribution: {attribution}").format(
            license=escape(s.license), attribution=escape(s.attribution)
        )
        + "</li>"
        for s in layer.sources
    )
    sources_heading = _("Sources:")
    return (
        f"<p>{escape(_(layer.description))}</p><p>{escape(count)}</p>"
        + (f"<ul>{''.join(f'<li>{escape(name)}</li>' for name in unlocated)}</ul>" if unlocated else "")
        + "<table>"
        + "".join(f"<tr><th align='left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
        + f"</table><p>{sources_heading}</p><ul>{sources}</ul>"
    )


def kml_text(layer: ExportLayer, meta: ExportMeta) -> str:
    """The KML document (doc.kml of the KMZ): styles, placemarks (in a folder per service for
    facility layers), the metadata in the description and as ExtendedData."""
    from fastkml import KML, Data, Document, ExtendedData, Folder

    data = layer.geodata.to_crs("EPSG:4326")
    attributes = data.drop(columns=data.geometry.name)
    on_map = located(data)
    marks = [
        (row.get("service"), _placemark(layer, row, geometry, meta))
        for (_, row), geometry, placed in zip(attributes.iterrows(), data.geometry, on_map, strict=True)
        if placed
    ]
    features: list = [mark for _, mark in marks]
    if _by_service(layer):
        folders = [(term.text(meta.language), [m for s, m in marks if s == term.code]) for term in FACILITY_SERVICES]
        folders.append((meta.language(NO_SERVICE), [m for s, m in marks if s not in FACILITY_SERVICES]))
        features = [Folder(name=f"{name} ({len(items)})", features=items) for name, items in folders if items]
    document = Document(
        name=f"{meta.language(layer.title)} — {meta.filter_text}",
        description=document_html(layer, meta),
        styles=_styles(layer),
        features=features,
        extended_data=ExtendedData(
            elements=[Data(name=k, value=_text(v)) for k, v in layer_metadata(layer, meta).items() if k != "sources"]
            + [Data(name="records_left_out_without_location", value=str(len(data) - len(marks)))]
        ),
    )
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + KML(features=[document]).to_string(prettyprint=True)


def to_kmz(layer: ExportLayer, meta: ExportMeta) -> bytes:
    """The KMZ: doc.kml first (Google Earth reads the first .kml of the archive) and its icons."""
    icons = [(icon_path(key), icon_png(color)) for key, color in _icons(layer).items()]
    return zip_bytes([("doc.kml", kml_text(layer, meta).encode("utf-8")), *icons], meta.exported)
