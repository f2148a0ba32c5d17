"""Personnel: U.S. service members in Japan over time, by series and service, and Okinawa."""

import streamlit as st

from atlas_streamlit.shared import page_setup, table, table_download
from basemap.charts import personnel_chart, service_chart
from basemap.figures import latest_personnel, personnel_by_service, personnel_totals, series_with_services
from basemap.text import markdown_text

page_setup("Personnel")
st.title("U.S. military personnel in Japan")
st.caption(
    "Published counts only, each with its source and date. Publishers count differently — ashore only, "
    "or including the 7th Fleet's ships at sea — so every series keeps its own line and is never joined to another."
)

personnel = table("personnel")
if personnel is None:
    st.stop()

latest = latest_personnel(personnel)
st.metric(
    f"Latest published total (as of {markdown_text(latest.as_of)})",
    f"{latest.value:,.0f}",
    help=f"{markdown_text(latest.label)}. Source: {markdown_text(latest.source)}",
)

st.header("Japan")
japan = personnel_totals(personnel, "Japan")
st.altair_chart(personnel_chart(japan, "Published totals by series"), width="stretch")
st.dataframe(japan, hide_index=True, width="stretch", column_config={"source": st.column_config.LinkColumn()})

choices = series_with_services(personnel, "Japan")
if choices:
    chosen = st.selectbox("Series broken down by service", choices, key="personnel_series")
    by_service = personnel_by_service(personnel, "Japan", chosen)
    st.altair_chart(service_chart(by_service, f"By service: {chosen}"), width="stretch")
    st.caption(f"Definition: {markdown_text(by_service['definition'].iloc[0])}")

st.header("Okinawa")
st.info(
    "U.S. forces stopped giving Okinawa Prefecture yearly counts after 2011: the last official Okinawa figure is "
    "for end-June 2011. Later Okinawa numbers in the press are rounded statements (e.g. Marine Corps figures), "
    "shown as their own series; nothing here extrapolates past 2011."
)
okinawa = personnel_totals(personnel, "Okinawa")
st.altair_chart(personnel_chart(okinawa, "Okinawa: published totals by series"), width="stretch")
okinawa_services = series_with_services(personnel, "Okinawa")
if okinawa_services:
    chosen_okinawa = st.selectbox("Okinawa series by service", okinawa_services, key="okinawa_series")
    okinawa_by_service = personnel_by_service(personnel, "Okinawa", chosen_okinawa)
    st.altair_chart(service_chart(okinawa_by_service, f"Okinawa by service: {chosen_okinawa}"), width="stretch")

st.header("All published counts")
st.dataframe(personnel, hide_index=True, width="stretch", column_config={"source": st.column_config.LinkColumn()})
table_download("personnel", personnel)
st.caption(
    "Sources and gaps are described in `data/research/personnel_notes.md`; the table's schema is "
    "`data/tables/schema/personnel.schema.json`."
)
