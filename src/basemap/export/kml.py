"""KML downloads for Google Earth: styled placemarks with every attribute in the balloon and as
ExtendedData. KML has no placemark without a place, so records with no sourced location are left
out and the document says how many. fastkml and pygeoif are imported when a file is written."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from basemap.export.flat import is_list, item_text, joined
from basemap.export.layers import ExportLayer
from basemap.export.meta import APP_NAME, ExportMeta, layer_metadata, metadata_lines, slug
from basemap.maps.html import escape
from basemap.values import is_missing
from basemap.vocabulary import FACILITY_SERVICES, UNKNOWN_COLOR

if TYPE_CHECKING:
    from fastkml import Style

DESCRIPTION = (
    "For Google Earth: placemarks coloured by managing service, every attribute and its sources in the balloon. "
    "Records with no sourced location are left out (the file says how many)."
)
# Google Earth's own white circle, tinted per service by the IconStyle colour.
KML_ICON = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
KML_POLYGON_COLOR = "#5d4037"


def kml_color(hex_rgb: str, alpha: str = "ff") -> str:
    """KML colours are aabbggrr."""
    rgb = hex_rgb.lstrip("#")
    return f"{alpha}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}".lower()


def _kml_styles(layer: ExportLayer) -> list[Style]:
    from fastkml import IconStyle, LabelStyle, LineStyle, PolyStyle, Style
    from fastkml.links import Icon

    if layer.geometry_type == "Point":
        colors = {**{term.code: term.color or UNKNOWN_COLOR for term in FACILITY_SERVICES}, "unknown": UNKNOWN_COLOR}
        return [
            Style(
                id=f"service-{slug(service)}",
                styles=[
                    IconStyle(color=kml_color(color), scale=1.0, icon=Icon(href=KML_ICON)),
                    LabelStyle(scale=0.8),
                ],
            )
            for service, color in colors.items()
        ]
    return [
        Style(
            id="area",
            styles=[
                LineStyle(color=kml_color(KML_POLYGON_COLOR), width=1.5),
                PolyStyle(color=kml_color(KML_POLYGON_COLOR, "33")),
            ],
        )
    ]


def _kml_style_id(layer: ExportLayer, row: pd.Series) -> str:
    if layer.geometry_type != "Point":
        return "area"
    service = row.get("service")
    return (
        f"service-{slug(service)}" if isinstance(service, str) and service in FACILITY_SERVICES else "service-unknown"
    )


def _html_value(value: object) -> str:
    if is_list(value):
        return "<br>".join(_html_value(v) for v in value)
    text = escape(item_text(value) if isinstance(value, dict) else value)
    if str(value).startswith(("https://", "http://")):
        return f'<a href="{text}">{text}</a>'
    return text or "<i>not published</i>"


def _kml_description(row: pd.Series) -> str:
    """A balloon table of every attribute; sources become links."""
    cells = "".join(f"<tr><th>{escape(k)}</th><td>{_html_value(v)}</td></tr>" for k, v in row.items())
    return f"<table>{cells}</table>"


def _kml_name(row: pd.Series) -> str:
    for column in ("name_en", "name", "id"):
        if column in row and isinstance(row[column], str):
            return row[column]
    return str(row.name)


def _text(value: object) -> str:
    if is_list(value):
        return joined(value)
    if is_missing(value):
        return ""
    return str(value)


def to_kml(layer: ExportLayer, meta: ExportMeta) -> bytes:
    """A KML document for Google Earth: styled placemarks with every attribute in the balloon and
    as ExtendedData; the document's description holds the metadata."""
    import pygeoif
    from fastkml import KML, Data, Document, ExtendedData, Placemark
    from fastkml.styles import StyleUrl

    data = layer.geodata.to_crs("EPSG:4326")
    attributes = data.drop(columns=data.geometry.name)
    placemarks = []
    for (_, row), geometry in zip(attributes.iterrows(), data.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        placemarks.append(
            Placemark(
                name=_kml_name(row),
                description=_kml_description(row),
                style_url=StyleUrl(url=f"#{_kml_style_id(layer, row)}"),
                # shapely geometries have __geo_interface__, which types-shapely declares as a plain dict
                # rather than pygeoif's GeoInterface TypedDict: the two stub sets disagree, not the objects.
                geometry=pygeoif.shape(geometry),  # type: ignore[arg-type]
                extended_data=ExtendedData(elements=[Data(name=str(k), value=_text(v)) for k, v in row.items()]),
            )
        )
    left_out = len(data) - len(placemarks)
    note = (
        f"{left_out} of the {len(data)} records have no sourced location and are not in this file "
        "(they are in the GeoJSON, CSV and GeoPackage downloads)."
        if left_out
        else f"All {len(data)} records are in this file."
    )
    info = "\n".join([*metadata_lines(layer, meta), f"Filter: {meta.filter_text}", note])
    info += f"\nExported {meta.exported.isoformat()} by {APP_NAME} {meta.app_version}"
    document = Document(
        name=f"{layer.title} — {meta.filter_text}",
        description=f"<pre>{escape(info)}</pre>",
        styles=_kml_styles(layer),
        features=placemarks,
        extended_data=ExtendedData(
            elements=[Data(name=k, value=_text(v)) for k, v in layer_metadata(layer, meta).items() if k != "sources"]
            + [Data(name="records_left_out_without_location", value=str(left_out))]
        ),
    )
    text = KML(features=[document]).to_string(prettyprint=True)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode("utf-8")
