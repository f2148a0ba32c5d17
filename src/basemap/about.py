"""Provenance tables for the "About the data" page: layers and the browser-side software."""

from __future__ import annotations

from importlib.metadata import version

import pandas as pd

from basemap.catalog import LAYERS

# Python packages: the installed version is read, so this table cannot drift from requirements.txt.
_PACKAGES = (
    ("folium", "MIT", "builds the Leaflet map from Python"),
    ("folium-offline", "MIT", "local copies of folium's JS/CSS (no CDN at run time)"),
    ("streamlit-folium", "MIT", "shows the map in Streamlit"),
    ("reversejp", "MIT", "JMA area data: prefecture polygons and location checks"),
)
# Browser libraries inside folium-offline, and the npm package the land layer was derived from.
_BUNDLED = (
    ("Leaflet 1.9.3", "BSD-2-Clause", "map engine in the browser"),
    (
        "jQuery 3.7.1, Bootstrap 5.2.2, Font Awesome 6.2.0 (CSS)",
        "MIT / MIT / OFL-1.1 + MIT",
        "loaded by folium's map page",
    ),
    ("world-atlas 2.0.2", "ISC (data: Natural Earth, public domain)", "land of the offline basemap"),
)
SOFTWARE = pd.DataFrame(
    [(f"{name} {version(name)}", license_, use) for name, license_, use in _PACKAGES] + list(_BUNDLED),
    columns=["Package", "License", "Used for"],
)


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
