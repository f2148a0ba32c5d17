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
from basemap.prefectures import PREFECTURES
from basemap.text import markdown_text
from basemap.values import located as has_location
from basemap.vocabulary import FACILITY_SERVICES, FLASHPOINT_KINDS, PARTIES

MAP_HEIGHT = 560
FACILITY_DISTANCE_NOTE = N_(
    "Facilities still in use with a sourced location; geodesic distance (km, nautical miles) from the nearest "
    "part of the facility's outline where one is known (OpenStreetMap footprint), else from its point, to the "
    "nearest part of the flashpoint."
)

_ = page_setup(N_("Flashpoints"))
st.title(_("Regional flashpoints"))
st.caption(
    _(
        "Disputed islands, straits, demarcation lines and launch sites around Japan, beside the U.S. facilities. "
        "Distances are geodesic (WGS84 ellipsoid) to the nearest part of each flashpoint; rings are geodesic "
        "circles."
    )
)

facilities = layer("facilities")
flashpoints = layer("flashpoints")
impacts = layer("missile_events")
prefectures = layer("prefectures")
land = layer("land")
footprints = layer("footprints")  # distances from the nearest part of a facility's outline where one is known

if flashpoints is None:
    st.stop()

located = flashpoints[has_location(flashpoints)]
names = {row["id"]: _.pick(row["name_en"], row["name_ja"]) for _i, row in located.iterrows()}
if not names:
    st.info(_("No flashpoint has a sourced location yet: nothing to draw or measure."))
    st.stop()
first, last = event_years(flashpoints)
dense = dense_start_year(flashpoints)
# Streamlit forgets a page's widget values when another page is shown: start from the last view.
saved = flashpoint_view()
st.session_state.setdefault("fp_choice", saved.flashpoint if saved.flashpoint in names else next(iter(names)))
st.session_state.setdefault("fp_radii", ", ".join(f"{r:g}" for r in saved.radii_km))
with st.sidebar:
    st.header(_("Flashpoints"))
    chosen = st.selectbox(_("Flashpoint"), options=list(names), format_func=names.__getitem__, key="fp_choice")
    radii_text = st.text_input(_("Range rings (km, comma-separated)"), key="fp_radii")
    years = st.slider(
        _("Events between"),
        min_value=first,
        max_value=last,
        value=saved.years or (dense, last),
        key="fp_years",
        help=_(
            "Starts at {dense}, where the events become frequent (at least {events} in {window} years); drag the "
            "left handle to {first} for the earliest ones."
        ).format(dense=dense, events=DENSE_MIN_EVENTS, window=DENSE_WINDOW_YEARS, first=first),
    )
    if years[0] > first:
        st.caption(_("Earlier events from {first}: drag the left handle.").format(first=first))
radii, notices = parse_radii(radii_text)
view = FlashpointView(chosen, tuple(radii), years)
remember_flashpoint_view(view)  # for the Downloads page
for notice in notices:
    st.warning(markdown_text(notice, limit=200), icon="⚠️")  # quotes what was typed

flashpoint = located.set_index("id").loc[chosen]
flashpoint["id"] = chosen
centre = centre_of(flashpoint.geometry)
groups = [flashpoint_group(flashpoints, _=_)]
if facilities is not None:
    groups.append(facility_group(facilities[not_returned(facilities)], _=_))
if impacts is not None:
    groups.append(impact_group(impacts_in_years(impacts, years), _=_))
rings = view.rings(flashpoints)
if rings is not None:
    groups.append(rings_group(rings, centre, _))

st.subheader(markdown_text(_.pick(flashpoint["name_en"], flashpoint["name_ja"])))
parties = _(", ").join(PARTIES.label(party, _) for party in flashpoint["parties"])
st.caption(
    markdown_text(
        _("{kind} · parties: {parties}").format(kind=FLASHPOINT_KINDS.label(flashpoint["kind"], _), parties=parties)
    )
)
# Framed for the narrowest map (a 390 px phone's full width); wider maps show more around the rings.
center, zoom = fit_view(view.bounds(flashpoints) or flashpoint.geometry.bounds, (358, MAP_HEIGHT))
map_column, table_column = st.columns([3, 2])
with map_column:
    base = base_map(land, prefectures, DATA_URL, legend=flashpoint_legend(_), zoom_snap=ZOOM_SNAP, _=_)
    show_map(base, groups, center, zoom, key="flashpoint_map", height=MAP_HEIGHT)
# Distances first and short headers: a narrow column shows them beside the name.
distance_format = {
    _("Distance (km)"): st.column_config.NumberColumn("km", format="%.0f", width="small"),
    _("Distance (nmi)"): st.column_config.NumberColumn(_("nmi"), format="%.0f", width="small"),
    _("Facility"): st.column_config.TextColumn(width="medium"),
    _("Flashpoint"): st.column_config.TextColumn(width="medium"),
}
facility_names = dict(zip(facilities["name_en"], facilities["name_ja"], strict=False)) if facilities is not None else {}
flashpoint_names = dict(zip(flashpoints["name_en"], flashpoints["name_ja"], strict=True))
prefecture_names = {p.name_en: p.name_ja for p in PREFECTURES.values()}


def readable(table):
    """A distance or event table in the reader's language: names, kinds, services, headers."""
    if not _.ja:
        return table
    table = table.copy()
    for column, names_ja in (
        ("Facility", facility_names),
        ("Flashpoint", flashpoint_names),
        ("Prefecture", prefecture_names),
    ):
        if column in table:
            table[column] = table[column].map(lambda name, n=names_ja: n.get(name) or name)
    if "Service" in table:
        table["Service"] = table["Service"].map(lambda code: FACILITY_SERVICES.label(code, _) if code else code)
    if "Kind" in table:
        english = {term.label: term.text(_) for term in FLASHPOINT_KINDS}
        table["Kind"] = table["Kind"].map(lambda kind: english.get(kind, kind))
    return table.rename(columns={column: _(column) for column in table.columns})


# The headers of basemap.flashpoints' tables, marked for the catalogue (readable() translates them).
HEADERS = (
    *(N_("Distance (km)"), N_("Distance (nmi)"), N_("Facility"), N_("Flashpoint"), N_("Prefecture")),
    *(N_("Service"), N_("Kind"), N_("Date"), N_("Event"), N_("Source")),
)
with table_column:
    if facilities is not None:
        st.markdown(
            "**"
            + _("Nearest U.S. facilities to {flashpoint}").format(
                flashpoint=markdown_text(_.pick(flashpoint["name_en"], flashpoint["name_ja"]))
            )
            + "**"
        )
        st.dataframe(
            readable(nearest_facilities(flashpoint, facilities, footprints=footprints).drop(columns="id")),
            hide_index=True,
            width="stretch",
            column_config=distance_format,
        )
        st.caption(_(FACILITY_DISTANCE_NOTE))
summary = _.pick(flashpoint["summary"], flashpoint.get("summary_ja"))
if _.ja and summary == flashpoint["summary"]:
    st.caption(_("The summary below is in English: no Japanese summary has been written yet."))
st.markdown(markdown_text(summary))
st.caption(
    _("Location from: {source} · as of {date}").format(
        source=markdown_text(flashpoint["coord_source"]), date=markdown_text(_.date(flashpoint["as_of"]))
    )
)

if facilities is not None:
    st.subheader(_("From a facility to every flashpoint"))
    in_use = facilities[not_returned(facilities) & has_location(facilities)]
    in_use = in_use.sort_values("name_ja" if _.ja else "name_en")
    labels = {
        row["id"]: f"{_.pick(row['name_en'], row['name_ja'])} ({_.pick(row['prefecture_en'], row['prefecture_ja'])})"
        for _i, row in in_use.iterrows()
    }
    default = list(labels).index("FAC6037") if "FAC6037" in labels else 0
    facility_id = st.selectbox(
        _("Facility"), options=list(labels), index=default, format_func=labels.__getitem__, key="fp_facility"
    )
    if facility_id is None:
        st.info(_("No facility in use has a sourced location."))
    else:
        st.dataframe(
            readable(
                distances_from_facility(in_use.set_index("id").loc[facility_id], flashpoints, footprints).drop(
                    columns="id"
                )
            ),
            hide_index=True,
            width="stretch",
            column_config=distance_format,
        )
        st.caption(_(FACILITY_DISTANCE_NOTE))

st.subheader(_("Events {first}–{last}").format(first=years[0], last=years[1]))
if _.ja:
    st.caption(_("Event titles are in English, as the data records them."))
st.dataframe(
    readable(events_table(flashpoints, years).drop(columns="id")),
    hide_index=True,
    width="stretch",
    column_config={_("Source"): st.column_config.LinkColumn()},
)
unlocated = [_.pick(en, ja) for en, ja in zip(flashpoints["name_en"], flashpoints["name_ja"], strict=True)]
unlocated = [name for name, drawn in zip(unlocated, has_location(flashpoints), strict=True) if not drawn]
if unlocated:
    st.caption(markdown_text(_("Not drawn (no sourced geometry yet): {names}.").format(names=_(", ").join(unlocated))))
