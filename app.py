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
from basemap.i18n import N_, Language
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
    _ = page_setup(N_("Map"))
    st.title(_("U.S. military facilities in Japan"))
    st.caption(
        _(
            "An open atlas of the U.S.–Japan alliance's footprint. Every facility carries its sources and "
            "the date its figures describe; what no source publishes is shown as “not published”."
        )
    )
    facilities = layer("facilities")
    prefectures = layer("prefectures")
    land = layer("land")
    footprints = layer("footprints")
    personnel = table("personnel")
    state = sidebar_filters(facilities)
    shown = apply_filters(facilities, state) if facilities is not None else None

    headline_area = st.container()
    if shown is not None:
        st.caption(_("Filter: {filter}.").format(filter=state.describe(_)))
    map_area = st.container()  # the map goes here; it is drawn last, once the table's selection is known
    legend_area = st.container()  # the thematic legend, known with the map's layers
    # This view's figures above the map, the national ones (not filtered) below it: the map stays in
    # the first screen of a 1280x720 laptop.
    headline_metrics(shown, facilities, personnel, headline_area, st.container())
    if shown is not None:
        download_control(shown, prefectures, land, state)
    copy_link(state)
    open_id = None
    if shown is not None:
        figures = headline(shown)  # the same count as the headline and the facilities download
        if figures.count > figures.located:
            st.caption(
                _(
                    "{missing} of the {count} facilities counted above have no sourced location yet: they are "
                    "listed in the table, not drawn on the map."
                ).format(missing=figures.count - figures.located, count=figures.count)
            )
    with st.expander(_("How to cite")):
        how_to_cite(state)
    if shown is not None:
        open_id = facility_table_section(shown, _)

    groups: list = []
    measure = None
    if shown is not None:
        groups, measure = view_groups(
            shown, state, prefectures, personnel, DATA_URL, facilities, footprints, open_id, _
        )
    if measure is not None:
        legend_area.markdown(legend_html(measure, shading=state.view.startswith("shade"), _=_), unsafe_allow_html=True)
        legend_area.caption(markdown_text(measure.note))
    with map_area:
        if shown is None and prefectures is not None:
            groups = [highlight_group(prefectures, state.prefectures, DATA_URL)]
        center, zoom = view_for(prefectures, state.prefectures)
        base = base_map(land, prefectures, DATA_URL, _=_)
        if facilities is not None:
            # fetched once per version and language
            FacilityLayer(url=facility_layer_url(facilities, footprints, _)).add_to(base)
        if layer("flashpoints") is not None:
            flashpoint_overlay(DATA_URL, published_version(), _=_).add_to(
                base
            )  # fetched by the browser; switched on in the layer control
        show_map(base, groups, center, zoom, key="atlas_map", height=620)


def facility_table_section(shown, _: Language) -> str | None:
    """The facility table (the first TABLE_ROW_LIMIT rows, the rest in the downloads); selecting a
    row frames that facility on the map and opens its popup. Returns the selected facility's id."""
    st.subheader(_("Facilities"))
    rows = facility_table(shown, _)
    if len(rows) > TABLE_ROW_LIMIT:
        st.caption(
            _("The {limit} largest of {count} facilities are listed; “Download this view” has all of them.").format(
                limit=_.number(TABLE_ROW_LIMIT), count=_.number(len(rows))
            )
        )
        rows = rows.head(TABLE_ROW_LIMIT)
    st.caption(_("Select a row to show the facility on the map and open its details there."))
    event = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={_("Area (km²)"): st.column_config.NumberColumn(format="%.3f")},
        on_select="rerun",
        selection_mode="single-row",
        key="facility_table",
    )
    selected = [r for r in event.selection.rows if 0 <= r < len(rows)]
    if not selected:
        return None
    row = rows.iloc[selected[0]]
    if not located(shown[shown["id"] == row[_("ID")]]).any():
        st.info(
            _("{facility} has no sourced location yet, so it is not on the map.").format(
                facility=markdown_text(row.iloc[0])
            )
        )
        return None
    return str(row[_("ID")])


run_app(
    [
        st.Page(map_page, title=N_("Map"), default=True),
        st.Page("pages/1_Personnel.py", title=N_("Personnel")),
        st.Page("pages/2_Host-nation_support.py", title=N_("Host-nation support")),
        st.Page("pages/3_Flashpoints.py", title=N_("Flashpoints")),
        st.Page("pages/4_Downloads.py", title=N_("Downloads")),
        st.Page("pages/5_About_the_data.py", title=N_("About the data")),
    ]
)
