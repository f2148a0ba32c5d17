"""The landing page's headline figures: this view's facility figures, then the national context."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from atlas_streamlit.shared import per_data_version, table
from basemap.figures import latest_hns, latest_personnel
from basemap.reconcile import NationalTotal, latest_exclusive_total, load_totals
from basemap.summary import EXCLUSIVE_USE_NOTE, TEMPORARY_USE_NOTE, headline, shows_everything
from basemap.text import markdown_text


def headline_metrics(
    shown: gpd.GeoDataFrame | None,
    facilities: gpd.GeoDataFrame | None,
    personnel: pd.DataFrame | None,
    view_area: DeltaGenerator,
    national_area: DeltaGenerator,
) -> None:
    """This view's facility figures in `view_area` (exclusive-use and temporary-use areas apart, each
    with how many facilities have a published area); the national context in `national_area`: the
    Ministry of Defense's own figure (national view only), personnel and host-nation support (always
    national, shown even when the facility layer could not be read)."""
    national = True
    if shown is not None and facilities is not None:
        with view_area:
            facility_metrics(shown)
        national = shows_everything(shown, facilities)
    with national_area:
        national_metrics(national, show_official=shown is not None and national, personnel=personnel)


# Metrics sit in a row that wraps: four across on a laptop, two across on a phone (not one per line).
METRIC_WIDTH = 170


def _metric_row():
    return st.container(horizontal=True, gap="medium")


def facility_metrics(shown: gpd.GeoDataFrame) -> None:
    """Facilities shown, exclusive-use and temporary-use areas, Okinawa's share where it says something."""
    figures = headline(shown)
    row = _metric_row()
    row.metric(
        "Facilities shown",
        f"{figures.count:,}",
        help=f"Facilities still provided to U.S. forces, each counted once; {figures.located} of them have "
        "a sourced location on the map. Returned facilities and the parts listed for announced returns "
        "are not counted.",
        width=METRIC_WIDTH,
    )
    for label, figure, definition in (
        ("Exclusive-use area", figures.exclusive, EXCLUSIVE_USE_NOTE),
        ("Temporary-use area", figures.temporary, TEMPORARY_USE_NOTE),
    ):
        row.metric(
            label,
            f"{figure.km2:,.1f} km²"
            if figure.with_area
            else "none shown"
            if not figure.facilities
            else "not published",
            delta=figure.coverage if figure.facilities else None,
            delta_color="off",
            delta_arrow="off",
            help=f"{definition} Sum of the published areas of the facilities shown: {figure.coverage} published "
            "(each with its own as-of date; see the table). Unpublished areas add nothing: the sum is a lower bound.",
            width=METRIC_WIDTH,
        )
    share = figures.okinawa_share
    if share is not None:
        row.metric(
            "Okinawa's share",
            f"{share:.1%}",
            help="Okinawa's share of the published exclusive-use area (SOFA 2-1(a)/2-4(a), not yet returned) "
            "among the facilities shown — the measure the Ministry of Defense reports.",
            width=METRIC_WIDTH,
        )


def national_metrics(national: bool, show_official: bool, personnel: pd.DataFrame | None) -> None:
    """The Ministry of Defense's own figure (when the whole layer is shown), then personnel and
    host-nation support, labelled national (and "not filtered" when a filter is active)."""
    d1, d2, d3 = st.columns(3) if show_official else (None, *st.columns(2))
    if d1 is not None:
        official = national_total()
        if official is not None:
            d1.metric(
                f"MOD exclusive-use figure ({markdown_text(official.as_of)})",
                f"{official.area_km2:,.2f} km²",
                delta=f"{official.count} facilities" if official.count is not None else None,
                delta_color="off",
                delta_arrow="off",
                help="The national exclusive-use area (SOFA 2-1(a)/2-4(a)) as the Ministry of Defense published it "
                f"for {markdown_text(official.as_of)}; source: {markdown_text(official.source)}. The atlas's own "
                "sum beside it adds each facility's latest published area, with its own date. Temporary-use "
                "(2-4(b)) areas are not part of this figure. See About the data for the reconciliation.",
            )
    scope = "all Japan" if national else "all Japan, not filtered"
    series = table("personnel_series")
    if personnel is not None and series is not None:
        latest = per_data_version("latest_personnel", lambda: latest_personnel(personnel, series))
        d2.metric(
            f"Personnel, {scope} ({markdown_text(latest.as_of)})",
            f"{latest.value:,.0f}",
            help=f"U.S. military personnel in Japan, latest published total: {markdown_text(latest.label)}. "
            f"Source: {markdown_text(latest.source)}. A national figure: the filters do not change it. "
            "See the Personnel page.",
        )
    hns = table("host_nation_support")
    if hns is not None:
        support = per_data_version("latest_hns", lambda: latest_hns(hns))
        d3.metric(
            f"HNS budget, {markdown_text(support.label.split(' ')[0])}, {scope}",
            f"¥{support.value:,.0f} 億",
            help=f"Japan's host-nation support for U.S. forces (在日米軍駐留経費負担 / 同盟強靱化予算), "
            f"{markdown_text(support.label)}, as of {markdown_text(support.as_of)}. "
            f"Source: {markdown_text(support.source)}. A national figure: the filters do not change it. "
            "See the Host-nation support page.",
        )


def national_total() -> NationalTotal | None:
    """The Ministry of Defense's latest national exclusive-use figure, or None after a notice."""
    try:
        return latest_exclusive_total(load_totals())
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # DataError: unreadable; others: wrong shape
        st.warning("The Ministry of Defense totals (`data/tables/mod_totals.json`) could not be read.", icon="⚠️")
        st.code(str(exc), language=None)  # plain text: the message may quote the file
        return None
