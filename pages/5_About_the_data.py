"""About the data: every layer's sources, licenses and attributions, and the software used."""

import streamlit as st

from basemap.about import SOFTWARE, layer_rows
from dashboard.shared import page_setup

page_setup("About the data")
st.title("About the data")
st.markdown(
    "Every facility, figure and flashpoint in this atlas carries where it came from (`source`) "
    "and the date it describes (`as_of`). Nothing is estimated: a value no source publishes stays "
    "empty and is shown as *not published*. Where sources disagree, the records keep both "
    "values in their notes and say which one is shown."
)
st.header("Layers")
for row in layer_rows():
    st.subheader(row["title"])
    st.markdown(f"{row['description']}  \nFile: `data/geo/{row['file']}` · schema: `data/geo/schema/{row['schema']}`")
    for source in row["sources"]:
        st.markdown(
            f"- **{source.name}**  \n  Reference: {source.reference}  \n  License: {source.license}  \n"
            f"  Attribution: {source.attribution}"
        )
st.header("Online map tiles (optional, off by default)")
st.markdown(
    "- GSI tiles (地理院タイル), Geospatial Information Authority of Japan — attribution "
    "“地理院タイル”, https://maps.gsi.go.jp/development/ichiran.html\n"
    "- OpenStreetMap tiles — “© OpenStreetMap contributors”, https://www.openstreetmap.org/copyright"
)
st.header("Software that draws the map")
st.dataframe(SOFTWARE, hide_index=True, width="stretch")
