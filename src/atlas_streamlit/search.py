"""The facility search on the map page, what the page says about the facility chosen (by the
search, a table row or a link): shown on the map with its popup open, or why not, with its record;
and the note naming the facilities outside the map's frame.

The search is a text box (Enter searches) and the matches as buttons: both reachable with Tab,
named for screen readers, usable without a mouse. Matching is basemap.search.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from atlas_streamlit.shared import choose_facility
from basemap.filters import FACILITY, FilterState
from basemap.i18n import N_, Language
from basemap.search import MAX_RESULTS, find_facilities, on_map, resolve
from basemap.summary import facility_table
from basemap.text import markdown_text
from basemap.values import located

SEARCH_KEY = "facility_search"
# The user-visible text of the search, in one place (marked for translation; shown through `_`).
TEXT = {
    "placeholder": N_(
        "Find a facility: English or Japanese name or FAC number (Camp Schwab, キャンプ・シュワブ, 6009)"
    ),
    "help": N_("Press Enter to search. A name that fits one facility shows it on the map; otherwise choose one below."),
    "none": N_("No facility matches “{query}”."),
    "some": N_("{count} facilities match “{query}”: choose one to show it on the map."),
    "more": N_("The first {count} are listed; type more of the name to narrow them."),
    "shown": N_("{name} is shown on the map with its details open (Escape closes them)."),
    "unlocated": N_("{name} has no published location, so it is not on the map. Its record:"),
    "filtered": N_("{name} is not among the facilities the filters show ({filters}). Its record:"),
    "result": N_("{name_en} · {name_ja} · {id} · {prefecture}{status}"),
    "returned": N_(" (returned)"),
    "outside": N_(
        "{count} of the facilities shown lie outside this frame, far from most of the others{names}. "
        "Zoom out to see them."
    ),
}
OUTSIDE_NAMED = 8  # the facilities outside the frame are named up to this many, then only counted


def _searched(facilities: gpd.GeoDataFrame) -> None:
    """Enter in the search box: a text that names one facility shows it at once (the rule a link follows)."""
    found = resolve(facilities, st.session_state.get(SEARCH_KEY, ""), partial=True)
    if found is not None:
        choose_facility(found)


def _result_label(row, _: Language) -> str:
    status = _(TEXT["returned"]) if row["status"] == "returned" else ""
    first, second = (row["name_ja"], row["name_en"]) if _.ja else (row["name_en"], row["name_ja"])
    prefecture = _.pick(row["prefecture_en"], row["prefecture_ja"])
    return _(TEXT["result"]).format(name_en=first, name_ja=second, id=row["id"], prefecture=prefecture, status=status)


def facility_search(facilities: gpd.GeoDataFrame, chosen: str, box: DeltaGenerator, _: Language) -> None:
    """The search box (in `box`; its label read by screen readers, its placeholder shown) and, unless
    its text names the facility `chosen` now, one button per match (best first)."""
    query = box.text_input(
        _(FACILITY.label),
        key=SEARCH_KEY,
        placeholder=_(TEXT["placeholder"]),
        help=_(TEXT["help"]),
        on_change=_searched,
        args=(facilities,),
        label_visibility="collapsed",
    )
    if not query.strip() or resolve(facilities, query, partial=True) == chosen:
        return
    found = find_facilities(facilities, query, limit=len(facilities))
    if not found:
        st.caption(markdown_text(_(TEXT["none"]).format(query=query)))
        return
    st.caption(markdown_text(_(TEXT["some"]).format(count=len(found), query=query)))
    rows = facilities.set_index("id", drop=False)
    for facility_id in found[:MAX_RESULTS]:
        st.button(
            markdown_text(_result_label(rows.loc[facility_id], _)),
            key=f"search_result_{facility_id}",
            on_click=choose_facility,
            args=(facility_id,),
        )
    if len(found) > MAX_RESULTS:
        st.caption(_(TEXT["more"]).format(count=MAX_RESULTS))


def chosen_facility(facilities: gpd.GeoDataFrame, shown: gpd.GeoDataFrame, state: FilterState, _: Language) -> None:
    """Say what became of the facility chosen: shown on the map with its details open
    (basemap.search.on_map), or a plain notice of why not (no published location, or filtered out)
    and its record."""
    if not state.facility:
        return
    record = facilities[facilities["id"] == state.facility]
    if not len(record):
        return
    name = markdown_text(f"{_.pick(record.iloc[0]['name_en'], record.iloc[0]['name_ja'])} ({state.facility})")
    if on_map(facilities, shown, state.facility):
        st.caption(_(TEXT["shown"]).format(name=name))
        return
    if not located(record).all():
        st.info(_(TEXT["unlocated"]).format(name=name))
    else:
        st.info(_(TEXT["filtered"]).format(name=name, filters=markdown_text(state.describe(_))))
    st.dataframe(facility_table(record, _), hide_index=True, width="stretch", key="chosen_facility_record")


def outside_text(shown: gpd.GeoDataFrame, outside: tuple[str, ...], _: Language) -> str:
    """Plain text: how many of the facilities shown lie outside the map's frame, named when few."""
    far = shown.loc[shown["id"].isin(outside), ["name_en", "name_ja"]]  # names only: no geometries copied
    names = [_.pick(en, ja) for en, ja in zip(far["name_en"], far["name_ja"], strict=True)]
    listed = f": {', '.join(names)}" if len(names) <= OUTSIDE_NAMED else ""
    return _(TEXT["outside"]).format(count=len(names), names=listed)
