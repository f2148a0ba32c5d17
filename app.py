"""The atlas: the landing map page (defined here) and the navigation to the other pages."""

import folium
import streamlit as st

from atlas_streamlit.downloads import copy_link, download_control, how_to_cite
from atlas_streamlit.headline import headline_metrics
from atlas_streamlit.shared import DATA_URL, layer, page_setup, run_app, show_map, sidebar_filters, table
from basemap.filters import apply_filters
from basemap.maps.assets import published_version
from basemap.maps.base import base_map, highlight_group, view_for
from basemap.maps.facilities import view_groups
from basemap.maps.flashpoints import flashpoint_overlay
from basemap.maps.thematic import legend_html
from basemap.summary import facility_table, headline
from basemap.text import markdown_text


def map_page() -> None:
    """The facilities on a map, with filters, headline figures and a sortable table."""
    page_setup("Map")
    st.title("U.S. military facilities in Japan")
    st.caption(
        "An open atlas of the U.S.–Japan alliance's footprint. Every facility carries its sources and "
        "the date its figures describe; what no source publishes is shown as “not published”."
    )
    facilities = layer("facilities")
    prefectures = layer("prefectures")
    land = layer("land")
    personnel = table("personnel")
    state = sidebar_filters(facilities)
    shown = apply_filters(facilities, state) if facilities is not None else None

    headline_metrics(shown, facilities, personnel)
    if shown is not None:
        st.caption(f"Filter: {state.describe()}.")

    groups: list[folium.FeatureGroup] = []
    measure = None
    if shown is not None:
        groups, measure = view_groups(shown, state, prefectures, personnel, DATA_URL)
    elif prefectures is not None:
        groups = [highlight_group(prefectures, state.prefectures)]
    center, zoom = view_for(prefectures, state.prefectures)
    base = base_map(land, prefectures, DATA_URL)
    if layer("flashpoints") is not None:
        flashpoint_overlay(DATA_URL, published_version()).add_to(
            base
        )  # fetched by the browser; switched on in the layer control
    show_map(base, groups, center, zoom, key="atlas_map", height=620)

    if shown is not None:
        download_control(shown, prefectures, land, state)
    copy_link(state)
    if measure is not None:
        st.markdown(legend_html(measure, shading=state.view.startswith("shade")), unsafe_allow_html=True)
        st.caption(markdown_text(measure.note))
    if shown is not None:
        figures = headline(shown)  # the same count as the headline and the facilities download
        if figures.count > figures.located:
            st.caption(
                f"{figures.count - figures.located} of the {figures.count} facilities counted above have no sourced "
                "location yet: they are listed in the table, not drawn on the map."
            )
    with st.expander("How to cite"):
        how_to_cite(state)
    if shown is not None:
        st.subheader("Facilities")
        st.dataframe(
            facility_table(shown),
            hide_index=True,
            width="stretch",
            column_config={"Area (km²)": st.column_config.NumberColumn(format="%.3f")},
        )


run_app(
    [
        st.Page(map_page, title="Map", default=True),
        st.Page("pages/1_Personnel.py", title="Personnel"),
        st.Page("pages/2_Host-nation_support.py", title="Host-nation support"),
        st.Page("pages/3_Flashpoints.py", title="Flashpoints"),
        st.Page("pages/4_Downloads.py", title="Downloads"),
        st.Page("pages/5_About_the_data.py", title="About the data"),
    ]
)
