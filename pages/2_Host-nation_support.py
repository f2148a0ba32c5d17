"""Host-nation support: Japan's budget for U.S. forces by fiscal year and category, with the SMAs."""

import streamlit as st

from atlas_streamlit.charts import chart_with_data
from atlas_streamlit.shared import page_setup, table, table_download
from basemap.charts import category_chart, hns_chart, related_chart
from basemap.figures import (
    CURRENCIES,
    category_summary,
    hns_breakdown,
    hns_by_category,
    hns_summary,
    hns_totals,
    latest_hns,
    missing_years,
    related_budgets,
    related_summary,
    sma_spans,
    with_amount,
    year_ranges,
)
from basemap.i18n import N_
from basemap.text import markdown_text

_ = page_setup(N_("Host-nation support"))
st.title("Japan's host-nation support for U.S. forces")
st.caption(
    "在日米軍駐留経費負担 (the “sympathy budget”; since FY2022 「同盟強靱化予算」), by Japanese fiscal year "
    "(April–March). Where a year has several published figures (initial budget, spending or contract basis, "
    "settlement), the chart shows the one marked *preferred* and the table lists them all."
)

hns = table("host_nation_support")
sma = table("sma_periods")
rates = table("exchange_rates")
if hns is None:
    st.stop()

latest = latest_hns(hns)
st.metric(
    f"Latest annual host-nation support, {markdown_text(latest.label)}",
    f"¥{latest.value:,.0f} 億",
    help=markdown_text(latest.source),
)

currency = st.radio("Currency", CURRENCIES, horizontal=True, key="hns_currency") if rates is not None else "JPY"
if currency == "USD":
    st.caption(
        "USD at the calendar-year average rate of the year each fiscal year starts in (table below); "
        "years without a published rate have no USD value."
    )
totals = with_amount(hns_totals(hns), rates, currency)
unit = totals["unit"].iloc[0]
spans = sma_spans(sma) if sma is not None else None
first, last = int(totals["fiscal_year"].min()), int(hns["fiscal_year"].max())
gaps = missing_years(totals, through=last)
amount = st.column_config.NumberColumn(unit, format="%.1f")
common = {"budget_basis": "Budget basis", "as_of": "As of", "source": "Source", "notes": "Notes"}

st.header("Host-nation support per fiscal year")
chart_with_data(
    hns_summary(totals, gaps),
    hns_chart(totals, spans, unit, first, last),
    totals,
    {"fiscal_year": st.column_config.NumberColumn("Fiscal year", format="%d"), "amount": amount, **common},
)
st.caption(
    "Shaded: the Special Measures Agreement periods. "
    + (
        f"No published total was found for FY{year_ranges(gaps)}: these years are left empty, not estimated "
        "(the search is described in `data/research/hns_notes.md`)."
        if gaps
        else ""
    )
)

st.header("By category")
breakdown = hns_breakdown(with_amount(hns_by_category(hns), rates, currency), totals)
chart_with_data(
    category_summary(breakdown),
    category_chart(breakdown, unit, first, last),
    breakdown,
    {
        "fiscal_year": st.column_config.NumberColumn("Fiscal year", format="%d"),
        "category_label": "Category",
        "amount": amount,
        "breakdown": "Breakdown of the year",
        "published_total": st.column_config.NumberColumn(f"Published total, {unit}", format="%.1f"),
        "total_source": "Source of the total",
        **common,
    },
)
st.caption(
    "Dashed outline: the year's published total. Full colour: the categories add up to that total. Pale: only "
    "some categories are published for that year, so the coloured part is not the year's support. Years without "
    "any category figure are empty."
)

st.header("SACO- and realignment-related budgets")
related = with_amount(related_budgets(hns), rates, currency)
st.caption("Separate budgets, not part of host-nation support.")
chart_with_data(
    related_summary(related),
    related_chart(related, unit),
    related,
    {
        "fiscal_year": st.column_config.NumberColumn("Fiscal year", format="%d"),
        "series_label": "Series",
        "amount": amount,
        **common,
    },
)

st.header("Special Measures Agreements")
if sma is not None:
    st.dataframe(sma, hide_index=True, width="stretch")
    table_download("sma_periods", sma)

st.header("All published figures")
st.dataframe(hns, hide_index=True, width="stretch", column_config={"source": st.column_config.LinkColumn()})
table_download("host_nation_support", hns)
if rates is not None:
    with st.expander("Exchange rates used for USD"):
        st.dataframe(rates, hide_index=True, width="stretch")
        table_download("exchange_rates", rates)
