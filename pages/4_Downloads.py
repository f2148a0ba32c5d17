"""Downloads: every layer exactly as filtered on the map, in GIS, spreadsheet and Google Earth formats."""

import streamlit as st

from atlas_streamlit.downloads import download_panel, extra_layers, how_to_cite
from atlas_streamlit.shared import layer, page_setup, sidebar_filters
from basemap.filters import apply_filters
from basemap.i18n import N_

_ = page_setup(N_("Downloads"))
st.title(_("Download the map layers"))
facilities = layer("facilities")
prefectures = layer("prefectures")
land = layer("land")
state = sidebar_filters(facilities)
if facilities is not None:
    extras, extras_key = extra_layers()
    shown = apply_filters(facilities, state)
    download_panel(shown, prefectures, land, state, extras=extras, extras_key=extras_key)
    st.caption(
        _(
            "Flashpoints, missile impacts (in the years chosen on the Flashpoints page) and range rings (around the "
            "flashpoint and at the radii chosen there) follow the Flashpoints page; the personnel and "
            "host-nation-support tables are complete."
        )
    )
with st.container(border=True):
    st.subheader(_("How to cite"))
    how_to_cite(state)
