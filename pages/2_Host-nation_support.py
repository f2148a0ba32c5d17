"""Host-nation support: Japan's budget for U.S. forces by fiscal year (filled by a later issue)."""

import streamlit as st

from dashboard.shared import page_setup, placeholder

page_setup("Host-nation support")
st.title("Host-nation support (在日米軍駐留経費負担)")
placeholder(
    "Japan's host-nation-support budget by fiscal year since FY1978 and by category (welfare, "
    "facilities improvement, labor, utilities, training relocation, training equipment), the "
    "Special Measures Agreement periods, a JPY/USD switch, tables, sources and CSV downloads.",
    "Personnel and host-nation support: sourced time series, charts, and their place on the map",
)
