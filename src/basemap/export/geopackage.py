"""GeoPackage downloads: every layer as a table of one file, one geometry type per table, with an
export_metadata table. pyogrio (GDAL) is imported when a file is written."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd

from basemap.export.flat import attributes
from basemap.export.layers import ExportLayer, split_by_geometry
from basemap.export.meta import ExportMeta, layer_metadata

DESCRIPTION = (
    "Every layer as a table in one file, one geometry type per table: a layer that mixes points, lines and areas "
    "(the flashpoints) is split into `<layer>_points`, `<layer>_lines` and `<layer>_polygons`. Records without a "
    "location are kept (null geometry, `located` false); an `export_metadata` table holds every table's sources, "
    "license, as-of dates and filter."
)


METADATA_TABLE = "export_metadata"


def table_name(layer: ExportLayer) -> str:
    """GeoPackage table name: the layer name with underscores (no quoting needed in SQL)."""
    return layer.name.replace("-", "_")


def tables(layers: Sequence[ExportLayer]) -> list[ExportLayer]:
    """The GeoPackage's tables: the layers, a layer of mixed geometry types split into one per type."""
    return [part for layer in layers for part in split_by_geometry(layer)]


def table_names(layers: Sequence[ExportLayer]) -> list[str]:
    """The names of the GeoPackage's tables, export_metadata last (the page and the README list them)."""
    return [table_name(table) for table in tables(layers)] + [METADATA_TABLE]


def metadata_table(layers: Sequence[ExportLayer], meta: ExportMeta) -> pd.DataFrame:
    """(table, key, value) rows: the metadata of every table, readable by any SQLite or GIS tool."""
    rows = []
    for layer in tables(layers):
        info = layer_metadata(layer, meta)
        sources = info.pop("sources")
        rows += [(table_name(layer), key, str(value)) for key, value in info.items()]
        for number, source in enumerate(sources, 1):
            rows += [(table_name(layer), f"source_{number}_{key}", value) for key, value in source.items()]
    return pd.DataFrame(rows, columns=["table_name", "key", "value"])


def to_geopackage(layers: Sequence[ExportLayer], meta: ExportMeta) -> bytes:
    """One GeoPackage with every layer as a table of one geometry type (a mixed layer split by type,
    tables without geometry as attribute tables) and an export_metadata table.

    GDAL stamps the tables (gpkg_contents.last_change) with the current time unless told a date:
    the export day is given, so the same data and filter give the same bytes. (The option is
    process-wide; every writer of the same day sets the same value.)
    """
    import pyogrio

    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": f"{meta.exported.isoformat()}T00:00:00.000Z"})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.gpkg"
        for layer in tables(layers):
            frame = attributes(layer.data)
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
                    promote_to_multi=layer.multi,
                )
            else:
                pyogrio.write_dataframe(frame, path, driver="GPKG", layer=table_name(layer), layer_options=options)
        pyogrio.write_dataframe(metadata_table(layers, meta), path, driver="GPKG", layer=METADATA_TABLE)
        return path.read_bytes()
