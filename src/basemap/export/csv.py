"""CSV downloads, for spreadsheets: UTF-8 *with* a byte-order mark, because Excel (the
journalists' tool) reads BOM-less UTF-8 as the local code page and garbles Japanese; pandas, QGIS
and `csv` with ``encoding="utf-8-sig"`` read it as is. Text cells that a spreadsheet would run as a
formula get a leading apostrophe; numeric columns are untouched."""

from __future__ import annotations

import math

import pandas as pd
import shapely

from basemap.cite import APP_NAME
from basemap.export.flat import LIST_SEPARATOR, attributes, is_text_column
from basemap.export.layers import ExportLayer
from basemap.export.meta import ExportMeta

# A spreadsheet runs a cell as a formula when it starts with one of these signs, also after
# leading whitespace, and also in their full-width forms (Japanese input methods type those).
FORMULA_SIGNS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
CONTROL_STARTS = ("\t", "\r", "\n")
LEADING_SPACE = " \t\r\n\u3000"
DESCRIPTION = (
    "UTF-8 with a byte-order mark, so Excel shows Japanese; `lat`, `lon` (a point inside shapes) and `wkt` "
    f"columns; lists joined with `{LIST_SEPARATOR.strip()}`; text cells starting with = + - @ (also after "
    "spaces or line breaks, and in their full-width forms) or with a tab or line break start with an apostrophe, "
    "so a spreadsheet does not run them as formulas; `meta_*` columns repeat the file's metadata (sources, "
    "license, filter). Excel cuts cells at 32,767 characters: take large shapes from the GeoJSON or GeoPackage, "
    "not the wkt."
)


def formula_like(text: str) -> bool:
    """True for text a spreadsheet could run as a formula (or that starts with a control character)."""
    return text.startswith(CONTROL_STARTS) or text.lstrip(LEADING_SPACE).startswith(FORMULA_SIGNS)


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with an apostrophe."""
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def csv_frame(layer: ExportLayer, meta: ExportMeta) -> pd.DataFrame:
    """The CSV's table: attributes, then lat/lon/wkt, then the meta_* columns; text neutralised."""
    frame = attributes(layer.data)
    if layer.spatial:
        geometries = [None if g is None or g.is_empty else g for g in layer.data.geometry.to_crs("EPSG:4326")]
        points = [g if g is None or g.geom_type == "Point" else g.representative_point() for g in geometries]
        frame["lat"] = [math.nan if p is None else round(p.y, 6) for p in points]
        frame["lon"] = [math.nan if p is None else round(p.x, 6) for p in points]
        frame["wkt"] = [None if g is None else shapely.to_wkt(g, rounding_precision=6) for g in geometries]
    frame["meta_license"] = LIST_SEPARATOR.join(s.license for s in layer.sources)
    frame["meta_attribution"] = LIST_SEPARATOR.join(s.attribution for s in layer.sources)
    frame["meta_as_of"] = layer.as_of
    frame["meta_filter"] = meta.recorded_filter
    frame["meta_exported"] = f"{meta.exported.isoformat()} by {APP_NAME} {meta.app_version}"
    for column in frame.columns:
        if is_text_column(frame[column]):
            frame[column] = frame[column].map(neutralise).astype(object)
    return frame


def to_csv(layer: ExportLayer, meta: ExportMeta) -> bytes:
    return csv_frame(layer, meta).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
