"""A chart with its text alternative (issue 17): a one-line summary above it, computed from the
data, and the chart's data below it in a table announced as such."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from atlas_streamlit.shared import current_language
from basemap.charts import Layered
from basemap.i18n import N_
from basemap.text import markdown_text

DATA_LABEL = N_("Data of the chart above")


def chart_with_data(summary: str, chart: Layered | alt.Chart, data: pd.DataFrame, column_config: dict) -> None:
    """The summary sentence, the chart at the container's width, then its data: the columns
    `column_config` names, with its headers (other columns, e.g. codes, are not sent)."""
    st.markdown(markdown_text(summary))
    st.altair_chart(chart, width="stretch")
    with st.expander(current_language()(DATA_LABEL)):
        st.dataframe(data[list(column_config)], hide_index=True, width="stretch", column_config=column_config)
