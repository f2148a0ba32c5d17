"""About the data: every layer's sources, licenses and attributions, and the software used."""

import streamlit as st

from atlas_streamlit.shared import layer, page_setup
from basemap.about import SOFTWARE, layer_rows, table_rows
from basemap.catalog import FIGURE_SOURCES
from basemap.reconcile import checks_table, reconcile
from basemap.summary import completeness

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
st.header("Figure tables")
st.markdown(
    f"Every row carries its own `source` and date. {FIGURE_SOURCES.license}. Where a year has several published "
    "figures, all are kept and the table says which one the charts show."
)
for row in table_rows():
    st.markdown(
        f"- **{row['title']}**: {row['description']} File: `data/tables/{row['file']}` · schema: "
        f"`data/tables/schema/{row['schema']}`"
    )

st.header("Reconciliation with the Ministry of Defense's totals")
facilities = layer("facilities")
if facilities is not None:
    st.markdown(
        "The facility layer rebuilds the Ministry of Defense's published exclusive-use totals (SOFA 2-1(a) and "
        "2-4(a)) for the totals' own date: facilities returned later count, parts recorded for announced returns "
        "do not. Counts must match exactly; a prefecture whose every area is known must land within 1% (or "
        "0.05 km²), since the layer's areas carry their own dates; prefectures whose figures follow another "
        "published basis are listed with the reason (`data/tables/mod_totals.json`)."
    )
    try:
        st.dataframe(checks_table(reconcile(facilities)), hide_index=True, width="stretch")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # DataError: unreadable; others: wrong shape
        st.error("The Ministry of Defense totals (`data/tables/mod_totals.json`) could not be read.", icon="⚠️")
        st.code(str(exc), language=None)  # plain text: the message may quote the file

if facilities is not None:
    st.header("Completeness of the facility layer")
    st.markdown(
        "Facilities still provided (returned ones and parts left out), by SOFA category: how many have each "
        "field published. The rest show *not published*: no source read so far gives the value."
    )
    st.dataframe(completeness(facilities), hide_index=True, width="stretch")

st.header("Online map tiles (optional, off by default)")
st.markdown(
    "- GSI tiles (地理院タイル), Geospatial Information Authority of Japan — attribution "
    "“地理院タイル”, https://maps.gsi.go.jp/development/ichiran.html\n"
    "- OpenStreetMap tiles — “© OpenStreetMap contributors”, https://www.openstreetmap.org/copyright"
)
st.header("Software that draws the map")
st.dataframe(SOFTWARE, hide_index=True, width="stretch")
