"""GeoPackage downloads: every layer as a table of one file, with an export_metadata table.
pyogrio (GDAL) is imported when a file is written."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd

from basemap.export.flat import attributes
from basemap.export.layers import ExportLayer
from basemap.export.meta import ExportMeta, layer_metadata

DESCRIPTION = (
    "Every layer as a table in one file, records without a location kept (null geometry), with an "
    "`export_metadata` table."
)


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


def to_geopackage(layers: Sequence[ExportLayer], meta: ExportMeta) -> bytes:
    """One GeoPackage with every layer as a table (tables without geometry as attribute tables)
    and an export_metadata table.

    GDAL stamps the tables (gpkg_contents.last_change) with the current time unless told a date:
    the export day is given, so the same data and filter give the same bytes. (The option is
    process-wide; every writer of the same day sets the same value.)
    """
    import pyogrio

    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": f"{meta.exported.isoformat()}T00:00:00.000Z"})
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.gpkg"
        for layer in layers:
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
        pyogrio.write_dataframe(metadata_table(layers, meta), path, driver="GPKG", layer="export_metadata")
        return path.read_bytes()
