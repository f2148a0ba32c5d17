"""Flashpoints: the alliance's neighbourhood beside the bases, with geodesic distances and rings."""

import streamlit as st

from atlas_streamlit.shared import DATA_URL, flashpoint_view, layer, page_setup, remember_flashpoint_view, show_map
from basemap.filters import not_returned
from basemap.flashpoints import (
    DENSE_MIN_EVENTS,
    DENSE_WINDOW_YEARS,
    FlashpointView,
    dense_start_year,
    distances_from_facility,
    event_years,
    events_table,
    impacts_in_years,
    nearest_facilities,
    parse_radii,
)
from basemap.geodesy import centre_of
from basemap.i18n import N_
from basemap.maps.base import base_map
from basemap.maps.facilities import facility_group
from basemap.maps.flashpoints import (
    ZOOM_SNAP,
    fit_view,
    flashpoint_group,
    flashpoint_legend,
    impact_group,
    rings_group,
)
from basemap.text import markdown_text
from basemap.values import located as has_location
from basemap.vocabulary import FLASHPOINT_KINDS

MAP_HEIGHT = 560

_ = page_setup(N_("Flashpoints"))
st.title("Regional flashpoints")
st.caption(
    "Disputed islands, straits, demarcation lines and launch sites around Japan, beside the U.S. facilities. "
    "Distances are geodesic (WGS84 ellipsoid) to the nearest part of each flashpoint; rings are geodesic circles."
)

facilities = layer("facilities")
flashpoints = layer("flashpoints")
impacts = layer("missile_events")
prefectures = layer("prefectures")
land = layer("land")

if flashpoints is None:
    st.stop()

located = flashpoints[has_location(flashpoints)]
names = dict(zip(located["id"], located["name_en"], strict=True))
if not names:
    st.info("No flashpoint has a sourced location yet: nothing to draw or measure.")
    st.stop()
first, last = event_years(flashpoints)
dense = dense_start_year(flashpoints)
# Streamlit forgets a page's widget values when another page is shown: start from the last view.
saved = flashpoint_view()
st.session_state.setdefault("fp_choice", saved.flashpoint if saved.flashpoint in names else next(iter(names)))
st.session_state.setdefault("fp_radii", ", ".join(f"{r:g}" for r in saved.radii_km))
with st.sidebar:
    st.header("Flashpoints")
    chosen = st.selectbox("Flashpoint", options=list(names), format_func=names.__getitem__, key="fp_choice")
    radii_text = st.text_input("Range rings (km, comma-separated)", key="fp_radii")
    years = st.slider(
        "Events between",
        min_value=first,
        max_value=last,
        value=saved.years or (dense, last),
        key="fp_years",
        help=f"Starts at {dense}, where the events become frequent (at least {DENSE_MIN_EVENTS} in "
        f"{DENSE_WINDOW_YEARS} years); drag the left handle to {first} for the earliest ones.",
    )
    if years[0] > first:
        st.caption(f"Earlier events from {first}: drag the left handle.")
radii, notices = parse_radii(radii_text)
view = FlashpointView(chosen, tuple(radii), years)
remember_flashpoint_view(view)  # for the Downloads page
for notice in notices:
    st.warning(markdown_text(notice, limit=200), icon="⚠️")  # quotes what was typed

flashpoint = located.set_index("id").loc[chosen]
flashpoint["id"] = chosen
centre = centre_of(flashpoint.geometry)
groups = [flashpoint_group(flashpoints)]
if facilities is not None:
    groups.append(facility_group(facilities[not_returned(facilities)]))
if impacts is not None:
    groups.append(impact_group(impacts_in_years(impacts, years)))
rings = view.rings(flashpoints)
if rings is not None:
    groups.append(rings_group(rings, centre))

st.subheader(markdown_text(flashpoint["name_en"]))
st.caption(markdown_text(f"{FLASHPOINT_KINDS.label(flashpoint['kind'])} · parties: {', '.join(flashpoint['parties'])}"))
# Framed for the narrowest map (a 390 px phone's full width); wider maps show more around the rings.
center, zoom = fit_view(view.bounds(flashpoints) or flashpoint.geometry.bounds, (358, MAP_HEIGHT))
map_column, table_column = st.columns([3, 2])
with map_column:
    base = base_map(land, prefectures, DATA_URL, legend=flashpoint_legend(), zoom_snap=ZOOM_SNAP)
    show_map(base, groups, center, zoom, key="flashpoint_map", height=MAP_HEIGHT)
# Distances first and short headers: a narrow column shows them beside the name.
distance_format = {
    "Distance (km)": st.column_config.NumberColumn("km", format="%.0f", width="small"),
    "Distance (nmi)": st.column_config.NumberColumn("nmi", format="%.0f", width="small"),
    "Facility": st.column_config.TextColumn(width="medium"),
    "Flashpoint": st.column_config.TextColumn(width="medium"),
}
with table_column:
    if facilities is not None:
        st.markdown(f"**Nearest U.S. facilities to {markdown_text(flashpoint['name_en'])}**")
        st.dataframe(
            nearest_facilities(flashpoint, facilities).drop(columns="id"),
            hide_index=True,
            width="stretch",
            column_config=distance_format,
        )
        st.caption(
            "Facilities still in use with a sourced location; geodesic distance (km, nautical miles) to the "
            "nearest part of the flashpoint."
        )
st.markdown(markdown_text(flashpoint["summary"]))
st.caption(f"Location from: {markdown_text(flashpoint['coord_source'])} · as of {markdown_text(flashpoint['as_of'])}")

if facilities is not None:
    st.subheader("From a facility to every flashpoint")
    in_use = facilities[not_returned(facilities) & has_location(facilities)]
    in_use = in_use.sort_values("name_en")
    labels = dict(zip(in_use["id"], in_use["name_en"] + " (" + in_use["prefecture_en"] + ")", strict=True))
    default = list(labels).index("FAC6037") if "FAC6037" in labels else 0
    facility_id = st.selectbox(
        "Facility", options=list(labels), index=default, format_func=labels.__getitem__, key="fp_facility"
    )
    if facility_id is None:
        st.info("No facility in use has a sourced location.")
    else:
        st.dataframe(
            distances_from_facility(in_use.set_index("id").loc[facility_id], flashpoints).drop(columns="id"),
            hide_index=True,
            width="stretch",
            column_config=distance_format,
        )

st.subheader(f"Events {years[0]}–{years[1]}")
st.dataframe(
    events_table(flashpoints, years).drop(columns="id"),
    hide_index=True,
    width="stretch",
    column_config={"Source": st.column_config.LinkColumn()},
)
unlocated = flashpoints[~has_location(flashpoints)]["name_en"].tolist()
if unlocated:
    st.caption(markdown_text("Not drawn (no sourced geometry yet): " + ", ".join(unlocated) + "."))
