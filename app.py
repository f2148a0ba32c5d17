"""The atlas: the landing map page (defined here) and the navigation to the other pages."""

import streamlit as st

from atlas_streamlit.downloads import copy_link, download_control, how_to_cite
from atlas_streamlit.headline import headline_metrics
from atlas_streamlit.shared import (
    DATA_URL,
    facility_layer_url,
    layer,
    page_setup,
    run_app,
    show_map,
    sidebar_filters,
    table,
)
from basemap.filters import apply_filters
from basemap.maps.assets import published_version
from basemap.maps.base import base_map, highlight_group, view_for
from basemap.maps.facility_layer import FacilityLayer, view_groups
from basemap.maps.flashpoints import flashpoint_overlay
from basemap.maps.thematic import legend_html
from basemap.summary import TABLE_ROW_LIMIT, facility_table, headline
from basemap.text import markdown_text
from basemap.values import located


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
    footprints = layer("footprints")
    personnel = table("personnel")
    state = sidebar_filters(facilities)
    shown = apply_filters(facilities, state) if facilities is not None else None

    # Drawn in page order, run in another: the table (whose selection the map frames), then the map,
    # then what is above and between them, so a filter change reaches the map before the rest runs.
    headline_area = st.container()
    if shown is not None:
        st.caption(f"Filter: {state.describe()}.")
    map_area = st.container()
    legend_area = st.container()  # the thematic legend, known with the map's layers
    # This view's figures above the map, the national ones (not filtered) below it: the map stays in
    # the first screen of a 1280x720 laptop.
    national_area = st.container()
    controls_area = st.container()  # downloads, link, citation: between the national figures and the table
    open_id = facility_table_section(shown) if shown is not None else None

    groups: list = []
    measure = None
    if shown is not None:
        groups, measure = view_groups(shown, state, prefectures, personnel, DATA_URL, facilities, footprints, open_id)
    with map_area:
        if shown is None and prefectures is not None:
            groups = [highlight_group(prefectures, state.prefectures, DATA_URL)]
        center, zoom = view_for(prefectures, state.prefectures)
        base = base_map(land, prefectures, DATA_URL)
        if facilities is not None:
            FacilityLayer(url=facility_layer_url(facilities, footprints)).add_to(base)  # fetched once per version
        if layer("flashpoints") is not None:
            flashpoint_overlay(DATA_URL, published_version()).add_to(
                base
            )  # fetched by the browser; switched on in the layer control
        show_map(base, groups, center, zoom, key="atlas_map", height=620)

    if measure is not None:
        legend_area.markdown(legend_html(measure, shading=state.view.startswith("shade")), unsafe_allow_html=True)
        legend_area.caption(markdown_text(measure.note))
    headline_metrics(shown, facilities, personnel, headline_area, national_area)

    with controls_area:
        if shown is not None:
            download_control(shown, prefectures, land, state)
        copy_link(state)
        if shown is not None:
            figures = headline(shown)  # the same count as the headline and the facilities download
            if figures.count > figures.located:
                st.caption(
                    f"{figures.count - figures.located} of the {figures.count} facilities counted above have no "
                    "sourced location yet: they are listed in the table, not drawn on the map."
                )
        with st.expander("How to cite"):
            how_to_cite(state)


def facility_table_section(shown) -> str | None:
    """The facility table (the first TABLE_ROW_LIMIT rows, the rest in the downloads); selecting a
    row frames that facility on the map and opens its popup. Returns the selected facility's id."""
    st.subheader("Facilities")
    rows = facility_table(shown)
    if len(rows) > TABLE_ROW_LIMIT:
        st.caption(
            f"The {TABLE_ROW_LIMIT:,} largest of {len(rows):,} facilities are listed; "
            "“Download this view” has all of them."
        )
        rows = rows.head(TABLE_ROW_LIMIT)
    st.caption("Select a row to show the facility on the map and open its details there.")
    event = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={"Area (km²)": st.column_config.NumberColumn(format="%.3f")},
        on_select="rerun",
        selection_mode="single-row",
        key="facility_table",
    )
    selected = [r for r in event.selection.rows if 0 <= r < len(rows)]
    if not selected:
        return None
    row = rows.iloc[selected[0]]
    if not located(shown[shown["id"] == row["ID"]]).any():
        st.info(f"{markdown_text(row['Facility'])} has no sourced location yet, so it is not on the map.")
        return None
    return str(row["ID"])


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
