"""Streamlit glue shared by app.py and the pages: cached loading, offline assets, filters.

Pages call these and basemap's pure functions; nothing here computes data itself.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import streamlit as st

from basemap.assets import setup_offline_assets
from basemap.catalog import LAYERS
from basemap.filters import SERVICES, SOFA_CATEGORIES, FilterState, counts_by_prefecture, not_returned
from basemap.load import DataError, load_layer
from basemap.prefectures import PREFECTURES, REGIONS
from basemap.state import PARAMS, parse_query, to_query

WIDGET_KEYS = {
    "prefecture": "f_prefecture",
    "region": "f_region",
    "service": "f_service",
    "category": "f_category",
    "returned": "f_returned",
}


@st.cache_resource(show_spinner=False)
def _offline_assets_ready() -> bool:
    setup_offline_assets()
    return True


def page_setup(title: str) -> None:
    """Page config and local map assets; every page calls this first (deep links start anywhere)."""
    st.set_page_config(page_title=f"{title} · U.S.–Japan alliance atlas", layout="wide")
    _offline_assets_ready()


@st.cache_data(show_spinner=False, max_entries=16)
def _load(key: str, path: str, modified_ns: int) -> gpd.GeoDataFrame:
    """Cached per file version: an edited data file is read again, an unchanged one never."""
    return load_layer(key, Path(path))


def layer(key: str) -> gpd.GeoDataFrame | None:
    """A validated layer, or None after showing an error box that names file, feature, field."""
    path = LAYERS[key].path
    try:
        return _load(key, str(path), path.stat().st_mtime_ns if path.exists() else 0)
    except DataError as err:
        st.error(f"The layer **{LAYERS[key].title}** could not be loaded; the rest of the atlas still works.")
        with st.expander(f"{len(err.problems)} problem(s) in {LAYERS[key].filename}"):
            st.code("\n".join(str(p) for p in err.problems), language=None)
        return None


def _read_url_into_widgets() -> None:
    """On the first run (or when coming back to the page) take the filters from the URL."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    state, notices = parse_query(params)
    st.session_state[WIDGET_KEYS["prefecture"]] = list(state.prefectures)
    st.session_state[WIDGET_KEYS["region"]] = list(state.regions)
    st.session_state[WIDGET_KEYS["service"]] = list(state.services)
    st.session_state[WIDGET_KEYS["category"]] = list(state.categories)
    st.session_state[WIDGET_KEYS["returned"]] = state.include_returned
    st.session_state["url_notices"] = (state, notices)


def sidebar_filters(facilities: gpd.GeoDataFrame | None) -> FilterState:
    """The filter widgets, kept in sync with the URL; returns the chosen state."""
    if any(key not in st.session_state for key in WIDGET_KEYS.values()):
        _read_url_into_widgets()
    if facilities is not None:
        counts = counts_by_prefecture(facilities[not_returned(facilities)])
    else:
        counts = dict.fromkeys(PREFECTURES, 0)
    with st.sidebar:
        st.header("Filters")
        prefectures = st.multiselect(
            "Prefecture",
            options=list(PREFECTURES),
            format_func=lambda code: f"{PREFECTURES[code].name_en} ({counts[code]})",
            key=WIDGET_KEYS["prefecture"],
            placeholder="All prefectures",
        )
        regions = st.multiselect("Region", options=list(REGIONS), key=WIDGET_KEYS["region"], placeholder="All regions")
        services = st.multiselect(
            "Service", options=list(SERVICES), key=WIDGET_KEYS["service"], placeholder="All services"
        )
        categories = st.multiselect(
            "SOFA category",
            options=list(SOFA_CATEGORIES),
            format_func=SOFA_CATEGORIES.get,
            key=WIDGET_KEYS["category"],
            placeholder="All categories",
        )
        include_returned = st.toggle(
            "Returned facilities layer",
            key=WIDGET_KEYS["returned"],
            help="Facilities already returned to Japan (e.g. under the 1996 SACO report), with their return dates.",
        )
    state = FilterState.of(prefectures, regions, services, categories, include_returned)
    query = to_query(state)
    in_url = {name: st.query_params.get_all(name) for name in PARAMS if name in st.query_params}
    if query != in_url or set(st.query_params) - set(PARAMS):
        st.query_params.from_dict(query)
    parsed_state, notices = st.session_state.get("url_notices", (None, []))
    if notices and parsed_state == state:
        for notice in notices:
            st.warning(notice, icon="⚠️")
    return state


def placeholder(what: str, issue: str) -> None:
    """For pages that later issues fill: say plainly what will be here."""
    st.info(f"This page is being built. It will show {what}")
    st.caption(f"Tracked in the project's issue: {issue}")
