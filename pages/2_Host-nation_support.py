"""Host-nation support: Japan's budget for U.S. forces by fiscal year and category, with the SMAs."""

import streamlit as st

from atlas_streamlit.shared import page_setup, table, table_download
from basemap.charts import category_chart, hns_chart, related_chart
from basemap.figures import (
    CURRENCIES,
    hns_by_category,
    hns_totals,
    latest_hns,
    missing_years,
    related_budgets,
    sma_spans,
    with_amount,
)
from basemap.text import markdown_text

page_setup("Host-nation support")
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
chart = hns_chart(totals, spans, unit, "Host-nation support per fiscal year (shaded: SMA periods)")
st.altair_chart(chart, width="stretch")
st.dataframe(
    totals[["fiscal_year", "amount", "amount_jpy_100m", "budget_basis", "source", "as_of", "notes"]],
    hide_index=True,
    width="stretch",
    column_config={
        "amount": st.column_config.NumberColumn(unit, format="%.1f"),
        "source": st.column_config.LinkColumn(),
    },
)
gaps = missing_years(totals)
if gaps:
    st.caption("No sourced total yet for FY " + ", ".join(map(str, gaps)) + ": shown as gaps, not estimated.")

st.header("By category")
categories = with_amount(hns_by_category(hns), rates, currency)
st.altair_chart(category_chart(categories, unit, "Categories, where a breakdown is published"), width="stretch")

st.header("SACO- and realignment-related budgets")
related = with_amount(related_budgets(hns), rates, currency)
st.altair_chart(related_chart(related, unit, "Separate budgets, not part of host-nation support"), width="stretch")

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
