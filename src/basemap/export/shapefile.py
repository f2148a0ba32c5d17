"""Zipped Shapefile downloads. dBase limits: field names are cut to 10 characters by a fixed mapping
(FIELDS.txt in the zip) and text to 254 bytes (the cut records are listed in the zip's README.txt);
one Shapefile per geometry kind. pyogrio (GDAL) is imported when a file is written."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd

from basemap.export.archive import zip_bytes
from basemap.export.flat import attributes, is_text_column
from basemap.export.layers import ExportLayer, split_by_geometry
from basemap.export.meta import ExportMeta, readme_text, unlocated_lines

DBF_TEXT_BYTES = 254
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
DESCRIPTION = (
    "Zipped `.shp/.shx/.dbf/.prj/.cpg` (UTF-8); field names cut to 10 characters as listed in `FIELDS.txt`, "
    "text to 254 bytes; a layer that mixes points, lines and areas gives one Shapefile per kind. Records without a "
    "sourced location are rows with an empty shape (`located` F), which a GIS lists but does not draw; the README.txt "
    "names them."
)
UNLOCATED_HELD = "are rows with an empty shape (located = F): listed in the attribute table, drawn nowhere"

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
    "temporary_use_area_km2": "temp_km2",
    "area_km2_footprint": "fp_km2",
    "area_km2_published": "pub_km2",
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
    table = attributes(layer.data)
    names = short_field_names(table.columns)
    cut_notes = []
    for column in table.columns:
        if not is_text_column(table[column]):
            continue
        too_long = table[column].map(lambda v: isinstance(v, str) and len(v.encode("utf-8")) > DBF_TEXT_BYTES)
        for index in table.index[too_long]:
            cut_notes.append(f"  record {index + 1}, field {column} ({names[column]}): cut to {DBF_TEXT_BYTES} bytes")
        table[column] = table[column].map(lambda v: _cut(v) if isinstance(v, str) else v)
    frame = gpd.GeoDataFrame(
        table.rename(columns=names), geometry=layer.data.geometry.to_crs("EPSG:4326").reset_index(drop=True)
    )
    return frame, names, cut_notes


def fields_text(layer: ExportLayer, names: dict[str, str]) -> str:
    """FIELDS.txt: the dBase field name of every attribute (the .dbf allows 10 characters)."""
    width = max(len(k) for k in names) if names else 0
    lines = [f"{layer.title}: field names in the .dbf (max. 10 characters) and the full names", ""]
    lines += [f"{short:<10}  {full:<{width}}" for full, short in names.items()]
    return "\n".join(lines) + "\n"


def shapefile_entries(layer: ExportLayer, meta: ExportMeta, folder: str = "") -> list[tuple[str, bytes]]:
    """The zip entries of one layer's Shapefile: .shp/.shx/.dbf/.prj/.cpg, FIELDS.txt, README.txt
    (one Shapefile per geometry kind, in subfolders, when the layer mixes kinds)."""
    parts = split_by_geometry(layer)
    if len(parts) > 1:
        return [entry for part in parts for entry in shapefile_entries(part, meta, f"{folder}{part.name}/")]
    frame, names, cut_notes = shapefile_frame(layer)
    stem = meta.filename(layer.name, "shp")[: -len(".shp")]
    import pyogrio

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{stem}.shp"
        pyogrio.write_dataframe(
            frame,
            path,
            driver="ESRI Shapefile",
            encoding="UTF-8",
            geometry_type=layer.geometry_type,
            promote_to_multi=layer.multi,
        )
        entries = [(f"{folder}{stem}{ext}", path.with_suffix(ext).read_bytes()) for ext in SHAPEFILE_PARTS]
    notes = unlocated_lines(layer, UNLOCATED_HELD)
    if cut_notes:
        notes += ["", "Text cut to the dBase limit of 254 bytes (full text in the other formats):", *cut_notes]
    files = [name for name, _ in entries] + ["FIELDS.txt"]
    readme = readme_text([layer], meta, files, [("Shapefile", DESCRIPTION)], ["", *notes] if notes else ())
    return entries + [
        (f"{folder}FIELDS.txt", fields_text(layer, names).encode()),
        (f"{folder}README.txt", readme.encode()),
    ]


def bundle_entries(layer: ExportLayer, meta: ExportMeta) -> list[tuple[str, bytes]]:
    """In a bundle the Shapefile's parts are unpacked, one folder per layer (no zip inside the zip)."""
    return shapefile_entries(layer, meta, folder=f"shapefile/{layer.name}/")


def to_shapefile_zip(layer: ExportLayer, meta: ExportMeta) -> bytes:
    return zip_bytes(shapefile_entries(layer, meta), meta.exported)
