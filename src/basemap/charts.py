"""Altair chart specs for personnel and host-nation support.

Streamlit renders Vega-Lite with the JavaScript it ships, so these charts draw with no network.
Each function takes the already-shaped table and returns a chart; tests inspect the spec.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from basemap.vocabulary import PERSONNEL_SERVICES, UNKNOWN_COLOR

YEAR_SCALE = alt.Scale(zero=False, nice=False)  # years: never stretch the axis down to 0


def _iso_date(as_of: pd.Series) -> pd.Series:
    """'2011', '2011-06' and '2011-06-30' as full ISO dates (first day of the period)."""
    padded = as_of.astype(str).map(lambda s: s + "-01-01"[len(s) - 4 :] if len(s) < 10 else s)
    return padded


def personnel_chart(totals: pd.DataFrame, title: str) -> alt.Chart:
    """Published totals over time, one coloured line per series (series are never joined)."""
    data = totals.assign(date=_iso_date(totals["as_of"]))[
        ["date", "as_of", "personnel", "series", "definition", "source"]
    ]
    return (
        alt.Chart(data, title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("date:T", title="As of"),
            y=alt.Y("personnel:Q", title="Personnel"),
            color=alt.Color("series:N", title="Series (definition differs)"),
            tooltip=["as_of", alt.Tooltip("personnel:Q", format=","), "series", "definition", "source"],
        )
    )


def service_chart(by_service: pd.DataFrame, title: str) -> alt.Chart:
    """Counts of one series stacked by service, one bar per date."""
    data = by_service[["as_of", "service", "personnel", "source"]]
    services = [s for s in PERSONNEL_SERVICES.codes if s in set(data["service"])]
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X("as_of:O", title="As of"),
            y=alt.Y("personnel:Q", title="Personnel", stack="zero"),
            color=alt.Color(
                "service:N",
                title="Service",
                scale=alt.Scale(domain=services, range=[PERSONNEL_SERVICES.color(s, UNKNOWN_COLOR) for s in services]),
            ),
            order=alt.Order("service:N"),
            tooltip=["as_of", "service", alt.Tooltip("personnel:Q", format=","), "source"],
        )
    )


def _period_layer(spans: pd.DataFrame) -> alt.Chart:
    """SMA periods as shaded bands behind the bars (fiscal years on an ordinal-free numeric axis)."""
    data = spans.assign(start=spans["first_fy"] - 0.5, end=spans["last_fy"] + 0.5)[["name", "start", "end"]]
    return (
        alt.Chart(data)
        .mark_rect(opacity=0.12, color="#5d4037", stroke="#ffffff", strokeWidth=3)
        .encode(
            x=alt.X("start:Q", scale=YEAR_SCALE),
            x2="end:Q",
            tooltip=[alt.Tooltip("name:N", title="Special Measures Agreement")],
        )
    )


def hns_chart(
    totals: pd.DataFrame, spans: pd.DataFrame | None, unit: str, title: str
) -> alt.LayerChart | alt.FacetChart:
    """Host-nation support by fiscal year, with the SMA periods shaded."""
    data = totals[["fiscal_year", "amount", "amount_jpy_100m", "budget_basis", "source"]]
    bars = (
        alt.Chart(data)
        .mark_bar(size=8, color="#1f3f99")
        .encode(
            x=alt.X("fiscal_year:Q", title="Japanese fiscal year", axis=alt.Axis(format="d"), scale=YEAR_SCALE),
            y=alt.Y("amount:Q", title=unit),
            tooltip=["fiscal_year", alt.Tooltip("amount:Q", format=",.1f", title=unit), "budget_basis", "source"],
        )
    )
    layers = [bars] if spans is None or spans.empty else [_period_layer(spans), bars]
    return alt.layer(*layers, title=title)


def category_chart(categories: pd.DataFrame, unit: str, title: str) -> alt.Chart:
    """The category breakdown, stacked, for the years that publish one."""
    data = categories[["fiscal_year", "category_label", "amount", "budget_basis", "source"]]
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X("fiscal_year:O", title="Japanese fiscal year"),
            y=alt.Y("amount:Q", title=unit, stack="zero"),
            color=alt.Color("category_label:N", title="Category"),
            tooltip=["fiscal_year", "category_label", alt.Tooltip("amount:Q", format=",.1f"), "budget_basis", "source"],
        )
    )


def related_chart(related: pd.DataFrame, unit: str, title: str) -> alt.Chart:
    """SACO- and realignment-related budgets as separate lines."""
    data = related[["fiscal_year", "series_label", "amount", "budget_basis", "source"]]
    return (
        alt.Chart(data, title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("fiscal_year:Q", title="Japanese fiscal year", axis=alt.Axis(format="d"), scale=YEAR_SCALE),
            y=alt.Y("amount:Q", title=unit),
            color=alt.Color("series_label:N", title="Series"),
            tooltip=["fiscal_year", "series_label", alt.Tooltip("amount:Q", format=",.1f"), "budget_basis", "source"],
        )
    )
