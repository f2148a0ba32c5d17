"""Flashpoints: the region's disputes and incidents beside the bases (filled by a later issue)."""

import streamlit as st

from dashboard.shared import page_setup, placeholder

page_setup("Flashpoints")
st.title("Regional flashpoints")
placeholder(
    "a map of regional flashpoints (Senkaku Islands, Taiwan Strait, Korean DMZ and NLL, North "
    "Korean launch sites and missile impact areas, Takeshima, the Northern Territories, the South "
    "China Sea ...) with dated events and sources, geodesic distances to the nearest U.S. "
    "facilities and range rings.",
    "Regional flashpoints: a layer with dated events, distances and range rings",
)
