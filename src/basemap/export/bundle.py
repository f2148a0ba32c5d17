"""The whole view in one zip: every layer in every format, the GeoPackage and the HTML map, with a
README.txt; what goes in and how is read from the format registry."""

from __future__ import annotations

from collections.abc import Sequence

from basemap.export.archive import zip_bytes
from basemap.export.formats import GEOPACKAGE, HTML_MAP, LAYER_FORMATS, LayerFormat, ViewFormat, described, formats_for
from basemap.export.geopackage import table_names, to_geopackage
from basemap.export.layers import ExportLayer
from basemap.export.meta import ExportMeta, readme_text


def bundle(layers: Sequence[ExportLayer], meta: ExportMeta, html: bytes | None = None) -> bytes:
    """Every layer in every format, the GeoPackage and (when given) the HTML map, with a README.txt."""
    entries = [entry for layer in layers for fmt in formats_for(layer) for entry in fmt.entries(layer, meta)]
    entries.append((GEOPACKAGE.filename(meta), to_geopackage(layers, meta)))
    formats: list[LayerFormat | ViewFormat] = [*LAYER_FORMATS, GEOPACKAGE]
    if html is not None:
        entries.append((HTML_MAP.filename(meta), html))
        formats.append(HTML_MAP)
    tables = meta.language("Tables of {file} (one geometry type each):")
    gpkg_tables = ["", tables.format(file=GEOPACKAGE.filename(meta))]
    gpkg_tables += [f"  {name}" for name in table_names(layers)]
    readme = readme_text(layers, meta, [name for name, _ in entries], described(formats), gpkg_tables)
    return zip_bytes([("README.txt", readme.encode()), *entries], meta.exported)
