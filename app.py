"""The atlas: the landing map page (defined here) and the navigation to the other pages."""

import hashlib
from functools import partial

import streamlit as st

from atlas_streamlit.downloads import cite_expander, copy_link, download_control
from atlas_streamlit.headline import headline_metrics
from atlas_streamlit.search import chosen_facility, facility_search, outside_text
from atlas_streamlit.shared import (
    DATA_URL,
    choose_facility,
    chosen_filters,
    draw_filters,
    facility_layer_url,
    fragment_setup,
    layer,
    open_request,
    page_setup,
    per_filter_state,
    run_app,
    show_map,
    table,
    table_generation,
)
from basemap.filters import FilterState, apply_filters
from basemap.i18n import N_, Language
from basemap.maps.assets import published_version
from basemap.maps.base import base_map, highlight_group, view_for
from basemap.maps.facility_layer import FacilityLayer, view_groups
from basemap.maps.flashpoints import flashpoint_overlay
from basemap.maps.thematic import legend_html
from basemap.search import on_map
from basemap.summary import TABLE_ROW_LIMIT, facility_table, headline
from basemap.text import markdown_text


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
    map_view(_)


@st.fragment
def map_view(_: Language) -> None:
    """The filters and all they change (the map, figures, table, downloads, link): a filter change,
    a search or a table row chosen reruns this alone, so the menu, the language switch and the
    title are not sent again."""
    fragment_setup()
    facilities = layer("facilities")
    prefectures = layer("prefectures")
    land = layer("land")
    footprints = layer("footprints")
    personnel = table("personnel")

    # Drawn in page order, run in another: the map first (its state is known before the filters'
    # widgets are drawn), so the browser gets its update before it draws the rest of the page.
    notices = st.container()  # values of the filters or the link left out
    headline_area = st.container()
    search_area = st.container()
    map_area = st.container()
    legend_area = st.container()  # the thematic legend, known with the map's layers
    # This view's figures above the map, the national ones (not filtered) below it: the map stays in
    # the first screen of a 1280x720 laptop.
    national_area = st.container()
    controls_area = st.container()  # downloads, link, citation: between the national figures and the table
    table_area = st.container()

    chosen = chosen_filters(facilities)
    state = chosen.state
    shown = per_filter_state("shown", state, apply_filters, facilities, state) if facilities is not None else None
    groups: list = []
    measure = None
    if facilities is not None and shown is not None:
        open_id = state.facility if on_map(facilities, shown, state.facility) else None
        groups, measure = view_groups(
            shown, state, prefectures, personnel, DATA_URL, facilities, footprints, open_id, open_request(), _
        )
    elif prefectures is not None:
        groups = [highlight_group(prefectures, state.prefectures, DATA_URL)]
    with map_area:
        view = per_filter_state("view", state, view_for, prefectures, state, shown)
        base = base_map(land, prefectures, DATA_URL, _=_)
        if facilities is not None:
            # fetched once per version and language
            FacilityLayer(url=facility_layer_url(facilities, footprints, _)).add_to(base)
        if layer("flashpoints") is not None:
            flashpoint_overlay(DATA_URL, published_version(), _=_).add_to(
                base
            )  # fetched by the browser; switched on in the layer control
        show_map(base, groups, view.center, view.zoom, key="atlas_map", height=620)
        if view.outside and shown is not None:
            st.caption(markdown_text(outside_text(shown, view.outside, _)))

    draw_filters(chosen, notices)
    if facilities is not None and shown is not None:
        with search_area:
            described, box = st.columns([2, 3], vertical_alignment="center")  # one row: the map in the first screen
            described.caption(_("Filter: {filter}.").format(filter=markdown_text(state.describe(_))))
            facility_search(facilities, state.facility, box, _)
            chosen_facility(facilities, shown, state, _)
        with table_area:
            facility_table_section(shown, state, _)

    if measure is not None:
        legend_area.markdown(legend_html(measure, shading=state.view.startswith("shade"), _=_), unsafe_allow_html=True)
        legend_area.caption(markdown_text(measure.note))
    # one count for the headline, the note and downloads
    figures = per_filter_state("headline", state, headline, shown) if shown is not None else None
    headline_metrics(state, shown, figures, facilities, personnel, headline_area, national_area)

    with controls_area:
        if shown is not None:
            download_control(shown, prefectures, land, state)
        copy_link(state)
        if figures is not None and figures.count > figures.located:
            st.caption(
                _(
                    "{missing} of the {count} facilities counted above have no sourced location yet: they are "
                    "listed in the table, not drawn on the map."
                ).format(missing=figures.count - figures.located, count=figures.count)
            )
        cite_expander(state)


def facility_table_section(shown, state: FilterState, _: Language) -> None:
    """The facility table of the facilities `shown` by `state` (the first TABLE_ROW_LIMIT rows, the
    rest in the downloads); selecting a row chooses that facility, as the search does (map framed
    on it, popup open, in the link)."""
    st.subheader(_("Facilities"))
    rows = per_filter_state(f"table.{_.code}", state, facility_table, shown, _)
    if len(rows) > TABLE_ROW_LIMIT:
        st.caption(
            _("The {limit} largest of {count} facilities are listed; “Download this view” has all of them.").format(
                limit=_.number(TABLE_ROW_LIMIT), count=_.number(len(rows))
            )
        )
        rows = rows.head(TABLE_ROW_LIMIT)
    st.caption(_("Select a row to show the facility on the map and open its details there."))
    ids = list(rows[_("ID")])
    # A table of other facilities is a new table: no row of the last one stays selected on it; nor
    # after the search chose a facility (the row would name another one).
    key = "facility_table_" + hashlib.sha256("\n".join([*ids, str(table_generation())]).encode()).hexdigest()[:12]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config={_("Area (km²)"): st.column_config.NumberColumn(format="%.3f")},
        on_select=partial(_row_chosen, ids, key),
        selection_mode="single-row",
        key=key,
    )


def _row_chosen(ids: list[str], key: str) -> None:
    """A row selected (or cleared) in the facility table."""
    selected = [r for r in st.session_state[key].selection.rows if 0 <= r < len(ids)]
    choose_facility(ids[selected[0]] if selected else "", by_table=True)


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
