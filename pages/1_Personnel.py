"""Personnel: U.S. service members in Japan over time (filled by the personnel issue)."""

import streamlit as st

from dashboard.shared import page_setup, placeholder

page_setup("Personnel")
st.title("U.S. military personnel in Japan")
placeholder(
    "U.S. personnel in Japan over time by service (Army, Navy, Marine Corps, Air Force, Space "
    "Force), with the definition of each figure (ashore only or including the 7th Fleet afloat), "
    "Okinawa's figures where published, charts, tables, sources and a CSV download.",
    "Personnel and host-nation support: sourced time series, charts, and their place on the map",
)
