"""Host-nation support: Japan's budget for U.S. forces by fiscal year and category, with the SMAs."""

import streamlit as st

from atlas_streamlit.charts import chart_with_data
from atlas_streamlit.shared import page_setup, table, table_download
from basemap.charts import category_chart, hns_chart, related_chart
from basemap.figures import (
    CURRENCIES,
    category_summary,
    fiscal_years,
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
st.title(_("Japan's host-nation support for U.S. forces"))
st.caption(
    _(
        "在日米軍駐留経費負担 (the “sympathy budget”; since FY2022 「同盟強靱化予算」), by Japanese fiscal year "
        "(April–March). Where a year has several published figures (initial budget, spending or contract basis, "
        "settlement), the chart shows the one marked *preferred* and the table lists them all."
    )
)

hns = table("host_nation_support")
sma = table("sma_periods")
rates = table("exchange_rates")
if hns is None:
    st.stop()

latest = latest_hns(hns, _)
st.metric(
    # In Japanese the fiscal year only: the budget basis is the data's English text (in the help).
    _("Latest annual host-nation support, {label}").format(
        label=markdown_text(latest.label.split(" (")[0] if _.ja else latest.label)
    ),
    _.yen_oku(latest.value),
    help=markdown_text(f"{latest.label}. {latest.source}" if _.ja else latest.source),
)

currency = (
    st.radio(_("Currency"), CURRENCIES, format_func=_, horizontal=True, key="hns_currency")
    if rates is not None
    else "JPY"
)
if currency == "USD":
    st.caption(
        _(
            "USD at the calendar-year average rate of the year each fiscal year starts in (table below); "
            "years without a published rate have no USD value."
        )
    )
totals = with_amount(hns_totals(hns), rates, currency, _)
unit = totals["unit"].iloc[0]
spans = sma_spans(sma) if sma is not None else None
first, last = int(totals["fiscal_year"].min()), int(hns["fiscal_year"].max())
gaps = missing_years(totals, through=last)
amount = st.column_config.NumberColumn(unit, format="%.1f")
common = {"budget_basis": _("Budget basis"), "as_of": _("As of"), "source": _("Source"), "notes": _("Notes")}
fiscal_year = st.column_config.NumberColumn(_("Fiscal year"), format="%d")

st.header(_("Host-nation support per fiscal year"))
chart_with_data(
    hns_summary(totals, gaps, _),
    hns_chart(totals, spans, unit, first, last, _),
    totals,
    {"fiscal_year": fiscal_year, "amount": amount, **common},
)
st.caption(
    _("Shaded: the Special Measures Agreement periods.")
    + (
        " "
        + _(
            "No published total was found for {years}: these years are left empty, not estimated "
            "(the search is described in `data/research/hns_notes.md`)."
        ).format(years=fiscal_years(year_ranges(gaps), _))
        if gaps
        else ""
    )
)

st.header(_("By category"))
breakdown = hns_breakdown(with_amount(hns_by_category(hns, _), rates, currency, _), totals)
chart_with_data(
    category_summary(breakdown, _),
    category_chart(breakdown, unit, first, last, _),
    breakdown.assign(breakdown=breakdown["breakdown"].map(_)),
    {
        "fiscal_year": fiscal_year,
        "category_label": _("Category"),
        "amount": amount,
        "breakdown": _("Breakdown of the year"),
        "published_total": st.column_config.NumberColumn(_("Published total, {unit}").format(unit=unit), format="%.1f"),
        "total_source": _("Source of the total"),
        **common,
    },
)
st.caption(
    _(
        "Dashed outline: the year's published total. Full colour: the categories add up to that total. Pale: only "
        "some categories are published for that year, so the coloured part is not the year's support. Years "
        "without any category figure are empty."
    )
)

st.header(_("SACO- and realignment-related budgets"))
related = with_amount(related_budgets(hns, _), rates, currency, _)
st.caption(_("Separate budgets, not part of host-nation support."))
chart_with_data(
    related_summary(related, _),
    related_chart(related, unit, _),
    related,
    {"fiscal_year": fiscal_year, "series_label": _("Series"), "amount": amount, **common},
)

st.header(_("Special Measures Agreements"))
if sma is not None:
    st.dataframe(sma, hide_index=True, width="stretch")
    table_download("sma_periods", sma)

st.header(_("All published figures"))
st.dataframe(hns, hide_index=True, width="stretch", column_config={"source": st.column_config.LinkColumn()})
table_download("host_nation_support", hns)
if rates is not None:
    with st.expander(_("Exchange rates used for USD")):
        st.dataframe(rates, hide_index=True, width="stretch")
        table_download("exchange_rates", rates)
