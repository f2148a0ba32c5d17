"""Provenance tables for the "About the data" page: layers, figure tables and the software used."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from basemap.catalog import LAYERS
from basemap.paths import DATA_DIR
from basemap.tables import TABLES

# Python packages: the installed version is read, so this table cannot drift from requirements.txt.
_PACKAGES = (
    ("folium", "MIT", "builds the Leaflet map from Python"),
    ("folium-offline", "MIT", "local copies of folium's JS/CSS (no CDN at run time)"),
    ("streamlit-folium", "MIT", "shows the map in Streamlit"),
    ("reversejp", "MIT", "JMA area data: prefecture polygons and location checks"),
    ("pyproj", "MIT", "geodesic distances and range rings (WGS84)"),
    ("altair", "BSD-3-Clause", "chart specifications (drawn by Streamlit's bundled Vega-Lite)"),
    ("fastkml", "LGPL-2.1-or-later", "KML downloads"),
    ("pygeoif", "LGPL-2.1-or-later", "geometries for fastkml"),
    ("lxml", "BSD-3-Clause", "XML writing for KML"),
    ("pillow", "MIT-CMU", "the icons inside KMZ downloads"),
    ("pyogrio", "MIT", "GeoPackage and Shapefile downloads (GDAL)"),
)
# Browser libraries inside folium-offline, and the npm package the land layer was derived from.
_BUNDLED = (
    ("Leaflet 1.9.3", "BSD-2-Clause", "map engine in the browser"),
    ("jQuery 3.7.1", "MIT", "loaded by folium's map page (its popups)"),
    ("world-atlas 2.0.2", "ISC (data: Natural Earth, public domain)", "land of the offline basemap"),
)
SOFTWARE = pd.DataFrame(
    [(f"{name} {version(name)}", license_, use) for name, license_, use in _PACKAGES] + list(_BUNDLED),
    columns=["Package", "License", "Used for"],
)


def table_rows() -> list[dict]:
    """One row per figure table: title, description, file names."""
    return [
        {"title": t.title, "description": t.description, "file": t.path.name, "schema": t.schema_path.name}
        for t in TABLES.values()
    ]


def layer_rows() -> list[dict]:
    """One row per layer: title, description, file names and sources."""
    return [
        {
            "title": layer.title,
            "description": layer.description,
            "file": layer.filename,
            "schema": layer.schema_path.name,
            "sources": layer.sources,
        }
        for layer in LAYERS.values()
    ]


CANDIDATES_PATH = DATA_DIR / "footprint_candidates.csv"


@dataclass(frozen=True)
class FootprintCounts:
    footprints: int
    partial: int
    candidates: int
    rejected: int
    doubtful: int


def footprint_counts(footprints: pd.DataFrame, candidates_path: Path = CANDIDATES_PATH) -> FootprintCounts:
    """How many footprints the layer has (and how many are partial), and how many OSM candidates
    were considered, rejected or left doubtful (footprint_candidates.csv, written with the layer)."""
    with candidates_path.open(encoding="utf-8", newline="") as handle:
        decisions = Counter(row["decision"] for row in csv.DictReader(handle))
    return FootprintCounts(
        footprints=len(footprints),
        partial=int(footprints["partial"].sum()),
        candidates=sum(decisions.values()),
        rejected=decisions["rejected"],
        doubtful=decisions["doubtful"],
    )
