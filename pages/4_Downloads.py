"""Downloads: the map layers as currently filtered, in GIS formats (filled by a later issue)."""

import streamlit as st

from dashboard.shared import page_setup, placeholder

page_setup("Downloads")
st.title("Download the map layers")
placeholder(
    "every layer exactly as currently filtered, as GeoJSON, CSV, KML (Google Earth), GeoPackage, "
    "zipped Shapefile and a standalone offline HTML map, each file with its sources, license, "
    "as-of dates and the filter applied.",
    "Download the map layers: GeoJSON, CSV, KML, GeoPackage, Shapefile and an offline HTML map",
)
