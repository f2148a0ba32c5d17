"""The one registry of download formats: what each is called, its file name and MIME type, what it
holds (written once, next to its writer) and how it is written. The Downloads page's buttons and
help, the bundle and the README.txt inside a zip all read it; adding a format is one entry here
and one writer module."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from basemap.export import csv, geojson, geopackage, html, kml, shapefile
from basemap.export.layers import ExportLayer, PlannedLayer
from basemap.export.meta import ExportMeta
from basemap.i18n import N_


@dataclass(frozen=True)
class LayerFormat:
    """A download of one layer: button label, file extension, MIME type, description and writer.

    `bundle_entries` says how the layer goes into the bundle when that is not the file itself
    (a Shapefile's parts are unpacked there)."""

    key: str
    label: str
    extension: str
    mime: str
    description: str
    write: Callable[[ExportLayer, ExportMeta], bytes]
    spatial_only: bool
    bundle_entries: Callable[[ExportLayer, ExportMeta], list[tuple[str, bytes]]] | None = None

    def filename(self, layer: ExportLayer, meta: ExportMeta) -> str:
        return meta.filename(layer.name, self.extension)

    def entries(self, layer: ExportLayer, meta: ExportMeta) -> list[tuple[str, bytes]]:
        """The zip entries of this layer in this format, for the bundle."""
        if self.bundle_entries is not None:
            return self.bundle_entries(layer, meta)
        return [(self.filename(layer, meta), self.write(layer, meta))]


@dataclass(frozen=True)
class ViewFormat:
    """A download of the whole view (every layer in one file)."""

    key: str
    label: str
    stem: str
    extension: str
    mime: str
    description: str

    def filename(self, meta: ExportMeta) -> str:
        return meta.filename(self.stem, self.extension)


LAYER_FORMATS = (
    LayerFormat("geojson", "GeoJSON", "geojson", "application/geo+json", geojson.DESCRIPTION, geojson.to_geojson, True),
    LayerFormat("csv", "CSV", "csv", "text/csv", csv.DESCRIPTION, csv.to_csv, False),
    LayerFormat("kmz", "KMZ", "kmz", "application/vnd.google-earth.kmz", kml.DESCRIPTION, kml.to_kmz, True),
    LayerFormat(
        "shp",
        "Shapefile",
        "shp.zip",
        "application/zip",
        shapefile.DESCRIPTION,
        shapefile.to_shapefile_zip,
        True,
        shapefile.bundle_entries,
    ),
)
GEOPACKAGE = ViewFormat(
    "gpkg",
    N_("GeoPackage (all layers)"),
    "usfj-atlas",
    "gpkg",
    "application/geopackage+sqlite3",
    geopackage.DESCRIPTION,
)
HTML_MAP = ViewFormat("html", N_("Offline HTML map"), "usfj-map", "html", "text/html", html.DESCRIPTION)
BUNDLE = ViewFormat(
    "bundle",
    N_("Everything (zip)"),
    "usfj-atlas-bundle",
    "zip",
    "application/zip",
    "All of the above in one zip with a README.txt.",
)
VIEW_FORMATS = (GEOPACKAGE, HTML_MAP, BUNDLE)


def formats_for(layer: ExportLayer | PlannedLayer) -> tuple[LayerFormat, ...]:
    """The formats a layer can be written in (tables have no map formats)."""
    return tuple(f for f in LAYER_FORMATS if layer.spatial or not f.spatial_only)


def described(formats: Sequence[LayerFormat | ViewFormat]) -> list[tuple[str, str]]:
    """(label, description) of each format, for a README.txt."""
    return [(f.label, f.description) for f in formats]


def help_markdown() -> str:
    """Every format and what it holds, as a Markdown list (the Downloads page's help)."""
    return "\n".join(f"- **{f.label}**: {f.description}" for f in (*LAYER_FORMATS, *VIEW_FORMATS))
