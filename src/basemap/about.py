"""Provenance tables for the "About the data" page: layers and the browser-side software."""

from __future__ import annotations

import pandas as pd

from basemap.catalog import LAYERS

SOFTWARE = pd.DataFrame(
    [
        ("Leaflet 1.9.3", "BSD-2-Clause", "map engine in the browser"),
        ("folium 0.20.0", "MIT", "builds the Leaflet map from Python"),
        ("folium-offline 0.20.0.2", "MIT", "local copies of folium's JS/CSS (no CDN at run time)"),
        ("streamlit-folium 0.27.4", "MIT", "shows the map in Streamlit"),
        (
            "jQuery 3.7.1, Bootstrap 5.2.2, Font Awesome 6.2.0 (CSS)",
            "MIT / MIT / OFL-1.1 + MIT",
            "loaded by folium's map page",
        ),
        ("reversejp 0.1.1", "MIT", "JMA area data: prefecture polygons and location checks"),
        ("world-atlas 2.0.2", "ISC (data: Natural Earth, public domain)", "land of the offline basemap"),
    ],
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
