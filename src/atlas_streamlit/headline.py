"""The landing page's headline figures: this view's facility figures, then the national context."""

from __future__ import annotations

from typing import Literal

import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from atlas_streamlit.shared import current_language, per_data_version, per_filter_state, table
from basemap.figures import latest_hns, latest_personnel, localized_series
from basemap.filters import FilterState
from basemap.i18n import Language
from basemap.reconcile import NationalTotal, latest_exclusive_total, load_totals
from basemap.summary import EXCLUSIVE_USE_NOTE, TEMPORARY_USE_NOTE, Headline, shows_everything
from basemap.text import markdown_text


def headline_metrics(
    state: FilterState,
    shown: gpd.GeoDataFrame | None,
    figures: Headline | None,
    facilities: gpd.GeoDataFrame | None,
    personnel: pd.DataFrame | None,
    view_area: DeltaGenerator,
    national_area: DeltaGenerator,
) -> None:
    """This view's (`state`'s) facility figures in `view_area` (exclusive-use and temporary-use areas apart, each
    with how many facilities have a published area); the national context in `national_area`: the
    Ministry of Defense's own figure (national view only), personnel and host-nation support (always
    national, shown even when the facility layer could not be read)."""
    _ = current_language()
    national = True
    if shown is not None and figures is not None and facilities is not None:
        with view_area:
            facility_metrics(figures, _)
        national = per_filter_state("national", state, shows_everything, shown, facilities)
    with national_area:
        national_metrics(national, show_official=shown is not None and national, personnel=personnel, _=_)


# Each metric as wide as its text ("none shown" included), in a row that wraps when narrower than
# the page; Streamlit stacks them on a phone.
METRIC_WIDTH: Literal["content"] = "content"


def facility_metrics(figures: Headline, _: Language) -> None:
    """Facilities shown, exclusive-use and temporary-use areas, Okinawa's share where it says something."""
    row = st.container(horizontal=True, gap="medium")
    row.metric(
        _("Facilities shown"),
        _.number(figures.count),
        help=_(
            "Facilities still provided to U.S. forces, each counted once; {located} of them have a sourced location "
            "on the map. Returned facilities and the parts listed for announced returns are not counted."
        ).format(located=figures.located),
        width=METRIC_WIDTH,
    )
    for label, figure, definition in (
        (_("Exclusive-use area"), figures.exclusive, EXCLUSIVE_USE_NOTE),
        (_("Temporary-use area"), figures.temporary, TEMPORARY_USE_NOTE),
    ):
        coverage = figure.coverage_in(_)
        row.metric(
            label,
            f"{_.number(figure.km2, 1)} km²"
            if figure.with_area
            else _("none shown")
            if not figure.facilities
            else _("not published"),
            delta=coverage if figure.facilities else None,
            delta_color="off",
            delta_arrow="off",
            help=_(definition)
            + " "
            + _(
                "Sum of the published areas of the facilities shown: {coverage} published (each with its own as-of "
                "date; see the table). Unpublished areas add nothing: the sum is a lower bound."
            ).format(coverage=coverage),
            width=METRIC_WIDTH,
        )
    share = figures.okinawa_share
    if share is not None:
        row.metric(
            _("Okinawa's share"),
            f"{share:.1%}",
            help=_(
                "Okinawa's share of the published exclusive-use area (SOFA 2-1(a)/2-4(a), not yet returned) "
                "among the facilities shown — the measure the Ministry of Defense reports."
            ),
            width=METRIC_WIDTH,
        )


def national_metrics(national: bool, show_official: bool, personnel: pd.DataFrame | None, _: Language) -> None:
    """The Ministry of Defense's own figure (when the whole layer is shown), then personnel and
    host-nation support, labelled national (and "not filtered" when a filter is active)."""
    d1, d2, d3 = st.columns(3) if show_official else (None, *st.columns(2))
    if d1 is not None:
        official = national_total(_)
        if official is not None:
            d1.metric(
                _("MOD exclusive-use figure ({date})").format(date=markdown_text(_.date(official.as_of))),
                f"{_.number(official.area_km2, 2)} km²",
                delta=_("{count} facilities").format(count=official.count) if official.count is not None else None,
                delta_color="off",
                delta_arrow="off",
                help=_(
                    "The national exclusive-use area (SOFA 2-1(a)/2-4(a)) as the Ministry of Defense published it "
                    "for {date}; source: {source}. The atlas's own sum beside it adds each facility's latest "
                    "published area, with its own date. Temporary-use (2-4(b)) areas are not part of this figure. "
                    "See About the data for the reconciliation."
                ).format(date=markdown_text(_.date(official.as_of)), source=markdown_text(official.source)),
            )
    scope = _("all Japan") if national else _("all Japan, not filtered")
    series = table("personnel_series")
    if personnel is not None and series is not None:
        latest = per_data_version(
            f"latest_personnel.{_.code}", lambda: latest_personnel(personnel, localized_series(series, _))
        )
        d2.metric(
            _("Personnel, {scope} ({date})").format(scope=scope, date=markdown_text(_.date(latest.as_of))),
            _.number(latest.value),
            help=_(
                "U.S. military personnel in Japan, latest published total: {label}. Source: {source}. A national "
                "figure: the filters do not change it. See the Personnel page."
            ).format(label=markdown_text(latest.label), source=markdown_text(latest.source)),
        )
    hns = table("host_nation_support")
    if hns is not None:
        support = per_data_version(f"latest_hns.{_.code}", lambda: latest_hns(hns, _))
        d3.metric(
            _("HNS budget, {year}, {scope}").format(year=markdown_text(support.label.split(" ")[0]), scope=scope),
            _.yen_oku(support.value),
            help=_(
                "Japan's host-nation support for U.S. forces (在日米軍駐留経費負担 / 同盟強靱化予算), {label}, as of "
                "{date}. Source: {source}. A national figure: the filters do not change it. See the Host-nation "
                "support page."
            ).format(
                label=markdown_text(support.label),
                date=markdown_text(_.date(support.as_of)),
                source=markdown_text(support.source),
            ),
        )


def national_total(_: Language) -> NationalTotal | None:
    """The Ministry of Defense's latest national exclusive-use figure, or None after a notice."""
    try:
        return latest_exclusive_total(load_totals())
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # DataError: unreadable; others: wrong shape
        st.warning(_("The Ministry of Defense totals (`data/tables/mod_totals.json`) could not be read."), icon="⚠️")
        st.code(str(exc), language=None)  # plain text: the message may quote the file
        return None
