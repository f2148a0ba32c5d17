"""The layers as currently filtered, as files: GeoJSON, CSV, KML, GeoPackage, zipped Shapefile,
a standalone offline HTML map, and a bundle of everything.

Pure (no Streamlit), so the Downloads page, a notebook or a script produce the same bytes. The
formats go through well-kept writers (geopandas/pyogrio/GDAL, fastkml); this module only decides
what goes in. Every file carries its metadata: sources, license, attribution, as-of dates, the
filter applied, the app version and the export date.

Decisions, documented again in every README.txt:
- CSV is UTF-8 *with* a byte-order mark, because Excel (the journalists' tool) reads BOM-less
  UTF-8 as the local code page and garbles Japanese; pandas, QGIS and `csv` with
  ``encoding="utf-8-sig"`` read it as is. List values are joined with " | ". Text cells that a
  spreadsheet would run as a formula get a leading apostrophe; numeric columns are untouched.
- KML leaves out records with no sourced location (KML has no placemark without a place); its
  description says how many. GeoJSON, CSV, GeoPackage and Shapefile keep them (null geometry).
- Shapefile field names are cut to 10 characters by a fixed mapping (FIELDS.txt in the zip) and
  text to 254 bytes (dBase limits); the cut records are listed in the zip's README.txt.
"""

from __future__ import annotations

import io
import json
import math
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import pygeoif
import pyogrio
import shapely
from branca.element import Element
from fastkml import KML, Data, Document, ExtendedData, IconStyle, LabelStyle, LineStyle, Placemark, PolyStyle, Style
from fastkml.links import Icon
from fastkml.styles import StyleUrl
from offlinefolium.elements import _res as OFFLINE_FILES  # pinned: folium-offline==0.20.0.2

from basemap.assets import URL_PREFIX, local_path
from basemap.catalog import FACILITY_SOURCES, LAYERS, Source
from basemap.filters import FilterState, counted, not_returned
from basemap.flashpoint_map import flashpoint_group, impact_group, rings_group
from basemap.flashpoints import impacts_in_years
from basemap.mapview import SERVICE_COLORS, UNKNOWN_COLOR, HtmlControl, escape, full_map, stable_ids, view_for
from basemap.prefectures import PREFECTURES
from basemap.summary import EXCLUSIVE_USE
from basemap.view import view_groups

APP_NAME = "U.S.–Japan alliance atlas"
PACKAGE = "usfj-atlas"  # pyproject.toml [project] name
LIST_SEPARATOR = " | "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DBF_TEXT_BYTES = 254
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
# Google Earth's own white circle, tinted per service by the IconStyle colour.
RING_SOURCE = Source(
    name="Computed by this project",
    reference="basemap.geodesy.range_ring (pyproj.Geod, WGS84) around the flashpoint's centre",
    license="CC0 (computed geometry)",
    attribution="U.S.–Japan alliance atlas",
)
KML_ICON = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
KML_POLYGON_COLOR = "#5d4037"


def app_version() -> str:
    """The installed version of this project (pyproject.toml), so a file says which app made it."""
    try:
        return version(PACKAGE)
    except PackageNotFoundError:  # running from a checkout that was never `pip install -e .`-ed
        return "unknown (not installed)"


@dataclass(frozen=True)
class ExportLayer:
    """One downloadable layer: a GeoDataFrame (EPSG:4326) for map layers, a DataFrame for tables.

    `name` is the file stem and GeoPackage table name; `geometry_type` lets an all-null or empty
    layer still be written with the right type.
    """

    name: str
    title: str
    data: pd.DataFrame
    sources: tuple[Source, ...]
    as_of: str
    description: str = ""
    geometry_type: str | None = None

    @property
    def spatial(self) -> bool:
        return isinstance(self.data, gpd.GeoDataFrame)

    @property
    def located(self) -> int:
        """Records with a geometry (all of them for tables, which never go to map formats)."""
        if not self.spatial:
            return len(self.data)
        geometry = self.data.geometry
        return int((geometry.notna() & ~geometry.is_empty.fillna(True)).sum())


@dataclass(frozen=True)
class ExportMeta:
    """What every file of one export says about itself."""

    filter_text: str
    filter_slug: str
    exported: date
    app_version: str = field(default_factory=app_version)

    @classmethod
    def of(cls, state: FilterState, exported: date | None = None) -> ExportMeta:
        return cls(state.describe(), filter_slug(state), exported or date.today())

    def filename(self, stem: str, extension: str) -> str:
        """E.g. usfj-facilities_okinawa_2026-11-24.geojson: what, which view, which day."""
        return f"{stem}_{self.filter_slug}_{self.exported.isoformat()}.{extension}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _slug_part(values: Sequence[str], noun: str) -> str:
    return "-".join(_slug(v) for v in values) if len(values) <= 3 else f"{len(values)}-{noun}"


def filter_slug(state: FilterState) -> str:
    """A short file-name part for the filter ("all", "okinawa", "kanagawa-okinawa_navy"...)."""
    parts = []
    if state.prefectures:
        parts.append(_slug_part([PREFECTURES[c].name_en for c in state.prefectures], "prefectures"))
    if state.regions:
        parts.append(_slug_part(state.regions, "regions"))
    if state.services:
        parts.append(_slug_part(state.services, "services"))
    if state.categories:
        parts.append(_slug_part(state.categories, "categories"))
    if state.include_returned:
        parts.append("with-returned")
    return "_".join(parts) or "all"


# --- the atlas's layers ---------------------------------------------------------------------


def as_of_span(values: Iterable[object]) -> str:
    """The range of as-of dates of a layer's records (each record keeps its own)."""
    dates = sorted({str(v) for v in values if isinstance(v, str) and v})
    if not dates:
        return "no dated records"
    span = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    return f"{span} (each record has its own as_of date)"


def prefecture_summary(prefectures: gpd.GeoDataFrame, facilities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Prefectures with the facility count and exclusive-use area of the given facilities.

    Exclusive use is SOFA 2-1(a)/2-4(a), not yet returned (the Ministry of Defense's measure);
    the area is the sum of the published areas, so a facility without one adds nothing. Each
    facility counts once (filters.counted).
    """
    facilities = facilities[counted(facilities)]
    area = pd.to_numeric(facilities["area_km2"], errors="coerce")
    exclusive = facilities["sofa_category"].isin(EXCLUSIVE_USE)
    codes = facilities["prefecture_code"]
    counts = codes.value_counts()
    areas = area[exclusive].groupby(codes[exclusive]).sum()
    summary = prefectures[["prefecture_code", "name_en", "name_ja", "region", "geometry"]].copy()
    summary.insert(4, "facility_count", summary["prefecture_code"].map(counts).fillna(0).astype(int))
    summary.insert(5, "exclusive_use_area_km2", summary["prefecture_code"].map(areas).fillna(0.0).round(3))
    return summary.reset_index(drop=True)


def atlas_layers(
    shown: gpd.GeoDataFrame, prefectures: gpd.GeoDataFrame | None, state: FilterState
) -> list[ExportLayer]:
    """The map's layers exactly as filtered: current facilities, returned ones (only when the
    filter shows them), and the prefectures in view with their figures."""
    current = shown[not_returned(shown)].reset_index(drop=True)
    layers = [
        ExportLayer(
            name="usfj-facilities",
            title=LAYERS["facilities"].title,
            data=current,
            sources=LAYERS["facilities"].sources,
            as_of=as_of_span(current["as_of"]),
            description="Facilities and areas provided to U.S. forces, not yet returned (active or return "
            "planned), one point each; records without a sourced location have no geometry.",
            geometry_type="Point",
        )
    ]
    if state.include_returned:
        returned = shown[shown["status"] == "returned"].reset_index(drop=True)
        layers.append(
            ExportLayer(
                name="usfj-returned-facilities",
                title="U.S. military facilities returned to Japan",
                data=returned,
                sources=LAYERS["facilities"].sources,
                as_of=as_of_span(returned["as_of"]),
                description="Facilities already returned to Japan, with their return dates (status_date).",
                geometry_type="Point",
            )
        )
    if prefectures is not None:
        in_view = prefectures
        if state.prefectures:
            in_view = in_view[in_view["prefecture_code"].isin(state.prefectures)]
        if state.regions:
            in_view = in_view[in_view["region"].isin(state.regions)]
        layers.append(
            ExportLayer(
                name="usfj-prefectures",
                title="Prefectures with U.S. facility figures",
                data=prefecture_summary(in_view, current),
                sources=(*LAYERS["prefectures"].sources, FACILITY_SOURCES),
                as_of=f"figures: facility records {as_of_span(current['as_of'])}; boundaries: JMA area data "
                "as packaged in reversejp 0.1.1",
                description="facility_count: facilities shown (not returned, parts of other facilities not "
                "counted) in the prefecture; exclusive_use_area_km2: sum of their published SOFA 2-1(a)/2-4(a) areas.",
                geometry_type="MultiPolygon",
            )
        )
    return layers


def flashpoint_layers(
    flashpoints: gpd.GeoDataFrame | None,
    impacts: gpd.GeoDataFrame | None,
    years: tuple[int, int] | None,
    rings: gpd.GeoDataFrame | None,
) -> list[ExportLayer]:
    """The flashpoint page's layers as shown: flashpoints, missile impacts in the chosen years,
    and the range rings drawn."""
    layers = []
    if flashpoints is not None:
        layers.append(
            ExportLayer(
                name="usfj-flashpoints",
                title=LAYERS["flashpoints"].title,
                data=flashpoints.reset_index(drop=True),
                sources=LAYERS["flashpoints"].sources,
                as_of=as_of_span(flashpoints["as_of"]),
                description=LAYERS["flashpoints"].description + " Points, lines and areas; events as JSON.",
            )
        )
    if impacts is not None:
        impacts = impacts_in_years(impacts, years)
        layers.append(
            ExportLayer(
                name="usfj-missile-impacts",
                title=LAYERS["missile_events"].title,
                data=impacts.reset_index(drop=True),
                sources=LAYERS["missile_events"].sources,
                as_of=as_of_span(impacts["date"]),
                description=LAYERS["missile_events"].description + (f" Events {years[0]}–{years[1]}." if years else ""),
                geometry_type="MultiPoint",
            )
        )
    if rings is not None and len(rings):
        layers.append(
            ExportLayer(
                name="usfj-range-rings",
                title=f"Range rings around {rings['centre'].iloc[0]}",
                data=rings,
                sources=(RING_SOURCE,),
                as_of="computed at export",
                description="Geodesic circles (WGS84 ellipsoid, pyproj.Geod) at the radii chosen on the "
                "Flashpoints page.",
                geometry_type="Polygon",
            )
        )
    return layers


# --- metadata -------------------------------------------------------------------------------


def layer_metadata(layer: ExportLayer, meta: ExportMeta) -> dict:
    """The metadata of one layer's file, as a JSON-ready dict."""
    return {
        "title": layer.title,
        "description": layer.description,
        "records": len(layer.data),
        "records_with_location": layer.located,
        "as_of": layer.as_of,
        "filter": meta.filter_text,
        "exported": meta.exported.isoformat(),
        "app": f"{APP_NAME} {meta.app_version}",
        "sources": [
            {"name": s.name, "reference": s.reference, "license": s.license, "attribution": s.attribution}
            for s in layer.sources
        ],
    }


def _metadata_lines(layer: ExportLayer, meta: ExportMeta) -> list[str]:
    info = layer_metadata(layer, meta)
    lines = [
        f"{layer.title} ({layer.name})",
        f"  {layer.description}" if layer.description else "",
        f"  Records: {info['records']} ({info['records_with_location']} with a location)"
        if layer.spatial
        else f"  Records: {info['records']}",
        f"  As of: {layer.as_of}",
    ]
    for source in layer.sources:
        lines += [
            f"  Source: {source.name}",
            f"    Reference: {source.reference}",
            f"    License: {source.license}",
            f"    Attribution: {source.attribution}",
        ]
    return [line for line in lines if line]


def readme_text(
    layers: Sequence[ExportLayer], meta: ExportMeta, files: Sequence[str], notes: Sequence[str] = ()
) -> str:
    """The README.txt of a zip: what is in it, from where, under which terms, with which filter."""
    lines = [
        f"{APP_NAME} — export of {meta.exported.isoformat()}",
        f"App version: {meta.app_version}",
        f"Filter applied: {meta.filter_text}",
        "",
        "Files:",
        *(f"  {name}" for name in files),
        "",
        "Layers:",
    ]
    for layer in layers:
        lines += _metadata_lines(layer, meta) + [""]
    lines += [
        "Formats:",
        "  GeoJSON: RFC 7946, WGS84 (EPSG:4326); the metadata is the top-level 'metadata' member.",
        "  CSV: UTF-8 with a byte-order mark (for Excel); lat, lon (a point inside shapes) and wkt columns;",
        f"    lists joined with '{LIST_SEPARATOR.strip()}'; text cells starting with = + - @ tab or CR are prefixed",
        "    with an apostrophe against formula injection; meta_* columns repeat this file's metadata.",
        "    Excel cuts cells at 32,767 characters: take large shapes from the GeoJSON or GeoPackage, not the wkt.",
        "  KML: placemarks coloured by managing service; records without a location are left out.",
        "  GeoPackage: one table per layer, records without a location kept (null geometry);",
        "    the table export_metadata holds this metadata.",
        "  Shapefile: field names cut to 10 characters (see FIELDS.txt), text to 254 bytes; .cpg says UTF-8.",
        "  HTML: the current map, with its scripts and data inside: opens offline in any browser.",
        *notes,
    ]
    return "\n".join(lines).rstrip() + "\n"


# --- helpers shared by the writers ----------------------------------------------------------


def _is_list(value: object) -> bool:
    return isinstance(value, (list, tuple))


def _item_text(value: object) -> str:
    """A list item as text: objects (e.g. an area_history entry) as compact JSON."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value)


def joined(values: Iterable[object]) -> str:
    """A list value in a flat format (CSV cell, dBase or GeoPackage text field)."""
    return LIST_SEPARATOR.join(_item_text(v) for v in values)


def _attributes(data: pd.DataFrame) -> pd.DataFrame:
    """The attribute columns with list values joined (flat formats have no list type)."""
    frame = pd.DataFrame(data.drop(columns=data.geometry.name) if isinstance(data, gpd.GeoDataFrame) else data)
    for column in frame.columns:
        if frame[column].map(_is_list).any():
            frame[column] = frame[column].map(lambda v: joined(v) if _is_list(v) else v)
    return frame.reset_index(drop=True)


def _is_text_column(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series) or series.dtype == object


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _zip_bytes(entries: Iterable[tuple[str, bytes]], day: date) -> bytes:
    """A zip whose entries are dated the export day (not the moment of writing, not the server's clock)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


# --- GeoJSON --------------------------------------------------------------------------------


def to_geojson(layer: ExportLayer, meta: ExportMeta) -> bytes:
    """RFC 7946 FeatureCollection (WGS84), lists kept as arrays, null geometries kept; the
    metadata is a top-level foreign member (RFC 7946 §6.1), which GIS readers ignore."""
    collection = layer.data.to_crs("EPSG:4326").to_geo_dict(na="null", show_bbox=False, drop_id=True)
    document = {"type": "FeatureCollection", "name": layer.name, "metadata": layer_metadata(layer, meta)}
    document["features"] = collection["features"]
    return json.dumps(document, ensure_ascii=False, indent=None).encode("utf-8")


# --- CSV ------------------------------------------------------------------------------------


def csv_frame(layer: ExportLayer, meta: ExportMeta) -> pd.DataFrame:
    """The CSV's table: attributes, then lat/lon/wkt, then the meta_* columns; text neutralised."""
    frame = _attributes(layer.data)
    if layer.spatial:
        geometries = [None if g is None or g.is_empty else g for g in layer.data.geometry.to_crs("EPSG:4326")]
        points = [g if g is None or g.geom_type == "Point" else g.representative_point() for g in geometries]
        frame["lat"] = [math.nan if p is None else round(p.y, 6) for p in points]
        frame["lon"] = [math.nan if p is None else round(p.x, 6) for p in points]
        frame["wkt"] = [None if g is None else shapely.to_wkt(g, rounding_precision=6) for g in geometries]
    frame["meta_license"] = LIST_SEPARATOR.join(s.license for s in layer.sources)
    frame["meta_attribution"] = LIST_SEPARATOR.join(s.attribution for s in layer.sources)
    frame["meta_as_of"] = layer.as_of
    frame["meta_filter"] = meta.filter_text
    frame["meta_exported"] = f"{meta.exported.isoformat()} by {APP_NAME} {meta.app_version}"
    for column in frame.columns:
        if _is_text_column(frame[column]):
            frame[column] = frame[column].map(neutralise).astype(object)
    return frame


def to_csv(layer: ExportLayer, meta: ExportMeta) -> bytes:
    return csv_frame(layer, meta).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


# --- KML ------------------------------------------------------------------------------------


def kml_color(hex_rgb: str, alpha: str = "ff") -> str:
    """KML colours are aabbggrr."""
    rgb = hex_rgb.lstrip("#")
    return f"{alpha}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}".lower()


def _kml_styles(layer: ExportLayer) -> list[Style]:
    if layer.geometry_type == "Point":
        colors = {**SERVICE_COLORS, "unknown": UNKNOWN_COLOR}
        return [
            Style(
                id=f"service-{_slug(service)}",
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
    return f"service-{_slug(service)}" if service in SERVICE_COLORS else "service-unknown"


def _html_value(value: object) -> str:
    if _is_list(value):
        return "<br>".join(_html_value(v) for v in value)
    text = escape(_item_text(value) if isinstance(value, dict) else value)
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
    if _is_list(value):
        return joined(value)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def to_kml(layer: ExportLayer, meta: ExportMeta) -> bytes:
    """A KML document for Google Earth: styled placemarks with every attribute in the balloon and
    as ExtendedData; the document's description holds the metadata."""
    data = layer.data.to_crs("EPSG:4326")
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
                geometry=pygeoif.shape(geometry),
                extended_data=ExtendedData(elements=[Data(name=k, value=_text(v)) for k, v in row.items()]),
            )
        )
    left_out = len(data) - len(placemarks)
    note = (
        f"{left_out} of the {len(data)} records have no sourced location and are not in this file "
        "(they are in the GeoJSON, CSV and GeoPackage downloads)."
        if left_out
        else f"All {len(data)} records are in this file."
    )
    info = "\n".join([*_metadata_lines(layer, meta), f"Filter: {meta.filter_text}", note])
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


# --- GeoPackage -----------------------------------------------------------------------------


def table_name(layer: ExportLayer) -> str:
    """GeoPackage table name: the layer name with underscores (no quoting needed in SQL)."""
    return layer.name.replace("-", "_")


def metadata_table(layers: Sequence[ExportLayer], meta: ExportMeta) -> pd.DataFrame:
    """(table, key, value) rows: the metadata of every layer, readable by any SQLite or GIS tool."""
    rows = []
    for layer in layers:
        info = layer_metadata(layer, meta)
        sources = info.pop("sources")
        rows += [(table_name(layer), key, str(value)) for key, value in info.items()]
        for number, source in enumerate(sources, 1):
            rows += [(table_name(layer), f"source_{number}_{key}", value) for key, value in source.items()]
    return pd.DataFrame(rows, columns=["table_name", "key", "value"])


def _multi(layer: ExportLayer) -> bool:
    """Mixed Polygon/MultiPolygon layers are written as Multi*; points stay points."""
    return bool(layer.geometry_type and layer.geometry_type.startswith("Multi"))


def to_geopackage(layers: Sequence[ExportLayer], meta: ExportMeta) -> bytes:
    """One GeoPackage with every layer as a table (tables without geometry as attribute tables)
    and an export_metadata table."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.gpkg"
        for layer in layers:
            frame = _attributes(layer.data)
            options = {"IDENTIFIER": layer.title, "DESCRIPTION": layer.description}
            if layer.spatial:
                frame = gpd.GeoDataFrame(frame, geometry=layer.data.geometry.to_crs("EPSG:4326").reset_index(drop=True))
                pyogrio.write_dataframe(
                    frame,
                    path,
                    driver="GPKG",
                    layer=table_name(layer),
                    layer_options=options,
                    geometry_type=layer.geometry_type,
                    promote_to_multi=_multi(layer),
                )
            else:
                pyogrio.write_dataframe(frame, path, driver="GPKG", layer=table_name(layer), layer_options=options)
        pyogrio.write_dataframe(metadata_table(layers, meta), path, driver="GPKG", layer="export_metadata")
        return path.read_bytes()


# --- Shapefile ------------------------------------------------------------------------------

# Fixed short names for the atlas's long field names; other fields are cut (FIELDS.txt lists all).
SHORT_FIELDS = {
    "sofa_category": "sofa_cat",
    "status_date": "stat_date",
    "status_note": "stat_note",
    "prefecture_code": "pref_code",
    "prefecture_en": "pref_en",
    "prefecture_ja": "pref_ja",
    "municipalities_ja": "munic_ja",
    "coord_source": "coord_src",
    "area_source": "area_src",
    "personnel_source": "pers_src",
    "facility_count": "fac_count",
    "exclusive_use_area_km2": "excl_km2",
}


def short_field_names(columns: Iterable[str]) -> dict[str, str]:
    """Every column's dBase name (at most 10 characters, unique, case-insensitively)."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        short = SHORT_FIELDS.get(column, column)[:10]
        number = 1
        while short.lower() in taken:
            number += 1
            short = f"{short[: 10 - len(str(number))]}{number}"
        taken.add(short.lower())
        mapping[column] = short
    return mapping


def _cut(text: str, limit: int = DBF_TEXT_BYTES) -> str:
    """Text within `limit` UTF-8 bytes, cut on a character boundary."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def shapefile_frame(layer: ExportLayer) -> tuple[gpd.GeoDataFrame, dict[str, str], list[str]]:
    """The layer as written to the .dbf: short names, text cut to 254 bytes; also the name
    mapping and a line per cut value."""
    attributes = _attributes(layer.data)
    names = short_field_names(attributes.columns)
    cut_notes = []
    for column in attributes.columns:
        if not _is_text_column(attributes[column]):
            continue
        too_long = attributes[column].map(lambda v: isinstance(v, str) and len(v.encode("utf-8")) > DBF_TEXT_BYTES)
        for index in attributes.index[too_long]:
            cut_notes.append(f"  record {index + 1}, field {column} ({names[column]}): cut to {DBF_TEXT_BYTES} bytes")
        attributes[column] = attributes[column].map(lambda v: _cut(v) if isinstance(v, str) else v)
    frame = gpd.GeoDataFrame(
        attributes.rename(columns=names), geometry=layer.data.geometry.to_crs("EPSG:4326").reset_index(drop=True)
    )
    return frame, names, cut_notes


def fields_text(layer: ExportLayer, names: dict[str, str]) -> str:
    """FIELDS.txt: the dBase field name of every attribute (the .dbf allows 10 characters)."""
    width = max(len(k) for k in names) if names else 0
    lines = [f"{layer.title}: field names in the .dbf (max. 10 characters) and the full names", ""]
    lines += [f"{short:<10}  {full:<{width}}" for full, short in names.items()]
    return "\n".join(lines) + "\n"


GEOMETRY_FAMILIES = {
    "Point": ("points", "MultiPoint"),
    "MultiPoint": ("points", "MultiPoint"),
    "LineString": ("lines", "MultiLineString"),
    "MultiLineString": ("lines", "MultiLineString"),
    "Polygon": ("polygons", "MultiPolygon"),
    "MultiPolygon": ("polygons", "MultiPolygon"),
}


def split_by_geometry(layer: ExportLayer) -> list[ExportLayer]:
    """A layer of mixed points, lines and polygons as one layer per kind (a Shapefile holds one
    kind); records without geometry go with the first kind. A single-kind layer stays whole."""
    kinds = layer.data.geometry.geom_type.map(lambda t: GEOMETRY_FAMILIES.get(t, (None, None))[0])
    present = [k for k in dict.fromkeys(kinds.dropna()) if k]
    if len(present) <= 1:
        return [layer]
    kinds = kinds.fillna(present[0])
    multi = {family: multi for family, multi in GEOMETRY_FAMILIES.values()}
    return [
        replace(
            layer,
            name=f"{layer.name}-{kind}",
            title=f"{layer.title} ({kind})",
            data=layer.data[kinds == kind].reset_index(drop=True),
            geometry_type=multi[kind],
        )
        for kind in present
    ]


def shapefile_entries(layer: ExportLayer, meta: ExportMeta, folder: str = "") -> list[tuple[str, bytes]]:
    """The zip entries of one layer's Shapefile: .shp/.shx/.dbf/.prj/.cpg, FIELDS.txt, README.txt
    (one Shapefile per geometry kind, in subfolders, when the layer mixes kinds)."""
    parts = split_by_geometry(layer)
    if len(parts) > 1:
        return [entry for part in parts for entry in shapefile_entries(part, meta, f"{folder}{part.name}/")]
    frame, names, cut_notes = shapefile_frame(layer)
    stem = meta.filename(layer.name, "shp")[: -len(".shp")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{stem}.shp"
        pyogrio.write_dataframe(
            frame,
            path,
            driver="ESRI Shapefile",
            encoding="UTF-8",
            geometry_type=layer.geometry_type,
            promote_to_multi=_multi(layer),
        )
        entries = [(f"{folder}{stem}{ext}", path.with_suffix(ext).read_bytes()) for ext in SHAPEFILE_PARTS]
    notes = ["", "Text cut to the dBase limit of 254 bytes (full text in the other formats):", *cut_notes]
    readme = readme_text([layer], meta, [name for name, _ in entries] + ["FIELDS.txt"], notes if cut_notes else ())
    return entries + [
        (f"{folder}FIELDS.txt", fields_text(layer, names).encode()),
        (f"{folder}README.txt", readme.encode()),
    ]


def to_shapefile_zip(layer: ExportLayer, meta: ExportMeta) -> bytes:
    return _zip_bytes(shapefile_entries(layer, meta), meta.exported)


# --- standalone HTML ------------------------------------------------------------------------


_INFO_CSS = """
<style>
.export-info { background: rgba(255,255,255,0.94); padding: 4px 8px; font: 12px/1.4 sans-serif; max-width: 420px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); }
.export-info pre { white-space: pre-wrap; font: inherit; margin: 4px 0 0; max-height: 45vh; overflow: auto; }
</style>
"""

_SCRIPT_TAG = re.compile(r'<script src="([^"]+)"></script>')
_CSS_TAG = re.compile(r'<link rel="stylesheet" href="([^"]+)"/>')


def _asset_text(url: str) -> str:
    """The text of a folium asset, whether the class still names the CDN URL or was pointed at
    the app's local copy (basemap.assets.localise_folium)."""
    if url in OFFLINE_FILES:
        return OFFLINE_FILES[url]
    local = {URL_PREFIX + local_path(cdn): cdn for cdn in OFFLINE_FILES}
    if url in local:
        return OFFLINE_FILES[local[url]]
    raise KeyError(f"no offline copy of {url}")


def inline_assets(page: str) -> str:
    """Replace every <script src> and stylesheet <link> with the file's text from folium-offline,
    so the page needs no network and no server.

    The libraries' styles move to the top of <head>, so the atlas's own rules (sea colour,
    legend) come later and win, as they are meant to.
    """
    page = _SCRIPT_TAG.sub(
        lambda m: "<script>" + _asset_text(m[1]).replace("</script", "<\\/script") + "</script>", page
    )
    styles = "".join(
        "<style>" + _asset_text(url).replace("</style", "<\\/style") + "</style>\n" for url in _CSS_TAG.findall(page)
    )
    return _CSS_TAG.sub("", page).replace("<head>", "<head>\n" + styles, 1)


def _extra_groups(layers: Sequence[ExportLayer]) -> list[folium.FeatureGroup]:
    """The flashpoint, missile-impact and range-ring layers of an export, drawn as on their page."""
    groups = []
    for layer in layers:
        if layer.name == "usfj-flashpoints":
            groups.append(flashpoint_group(layer.data))
        elif layer.name == "usfj-missile-impacts":
            groups.append(impact_group(layer.data))
        elif layer.name == "usfj-range-rings":
            groups.append(rings_group(layer.data))
    return groups


def to_html(
    land: gpd.GeoDataFrame | None,
    prefectures: gpd.GeoDataFrame | None,
    shown: gpd.GeoDataFrame,
    state: FilterState,
    layers: Sequence[ExportLayer],
    meta: ExportMeta,
    personnel: pd.DataFrame | None = None,
) -> bytes:
    """The current view as one offline HTML file: the same layers as the map page (thematic view,
    current and returned facilities) plus any flashpoint layers of the export, with basemap data,
    popups and scripts inside."""
    groups, _ = view_groups(shown, state, prefectures, personnel, embed=True)
    m = full_map(land, prefectures, groups + _extra_groups(layers))
    center, zoom = view_for(prefectures, state.prefectures)
    m.location = list(center)
    m.options["zoom"] = zoom
    info = "\n".join(
        [f"Filter: {meta.filter_text}", f"Exported {meta.exported.isoformat()} by {APP_NAME} {meta.app_version}", ""]
        + [line for layer in layers if layer.spatial for line in _metadata_lines(layer, meta)]
    )
    about = f"<details><summary>About this map</summary><pre>{escape(info)}</pre></details>"
    HtmlControl(about, "ExportInfo", "topleft", "export-info", keep_clicks=True).add_to(m)
    stable_ids(m)
    root = m.get_root()
    root.header.add_child(Element(_INFO_CSS), name="export_info_css")
    root.title = escape(f"{APP_NAME} — {meta.filter_text} — {meta.exported.isoformat()}")
    return inline_assets(root.render()).encode("utf-8")


# --- formats and the bundle -----------------------------------------------------------------


@dataclass(frozen=True)
class LayerFormat:
    """A per-layer download: its button label, file extension, MIME type and writer."""

    key: str
    label: str
    extension: str
    mime: str
    write: Callable[[ExportLayer, ExportMeta], bytes]
    spatial_only: bool


LAYER_FORMATS = (
    LayerFormat("geojson", "GeoJSON", "geojson", "application/geo+json", to_geojson, True),
    LayerFormat("csv", "CSV", "csv", "text/csv", to_csv, False),
    LayerFormat("kml", "KML", "kml", "application/vnd.google-earth.kml+xml", to_kml, True),
    LayerFormat("shp", "Shapefile", "shp.zip", "application/zip", to_shapefile_zip, True),
)


def formats_for(layer: ExportLayer) -> tuple[LayerFormat, ...]:
    return tuple(f for f in LAYER_FORMATS if layer.spatial or not f.spatial_only)


def bundle(layers: Sequence[ExportLayer], meta: ExportMeta, html: bytes | None = None) -> bytes:
    """Every layer in every format, the GeoPackage and the HTML map, with a README.txt."""
    entries: list[tuple[str, bytes]] = []
    for layer in layers:
        for fmt in formats_for(layer):
            if fmt.key == "shp":
                entries += shapefile_entries(layer, meta, folder=f"shapefile/{layer.name}/")
            else:
                entries.append((meta.filename(layer.name, fmt.extension), fmt.write(layer, meta)))
    entries.append((meta.filename("usfj-atlas", "gpkg"), to_geopackage(layers, meta)))
    if html is not None:
        entries.append((meta.filename("usfj-map", "html"), html))
    readme = readme_text(layers, meta, [name for name, _ in entries])
    return _zip_bytes([("README.txt", readme.encode()), *entries], meta.exported)
