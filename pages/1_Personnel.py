"""Personnel: U.S. service members in Japan, 1950 to the latest report, by service, and Okinawa."""

import streamlit as st

from atlas_streamlit.charts import chart_with_data
from atlas_streamlit.shared import page_setup, table, table_download
from basemap.charts import personnel_chart, service_chart
from basemap.figures import (
    DISAGREE,
    dated_marks,
    definition_periods,
    disagreements,
    latest_personnel,
    localized_series,
    main_series,
    month_year,
    named_series,
    personnel_by_service,
    personnel_summary,
    personnel_totals,
    series_label,
    series_with_services,
    service_summary,
    spikes,
)
from basemap.i18n import N_
from basemap.text import markdown_text
from basemap.vocabulary import PERSONNEL_SERVICES

_ = page_setup(N_("Personnel"))
TOTALS_COLUMNS = {
    "label": _("Series"),
    "as_of": _("As of"),
    "personnel": st.column_config.NumberColumn(_("Personnel"), format="localized"),
    "definition": _("Definition"),
    "source": _("Source"),
    "notes": _("Notes"),
}
SERVICE_COLUMNS = {
    "as_of": _("As of"),
    "service": _("Service"),
    "personnel": st.column_config.NumberColumn(_("Personnel"), format="localized"),
    "source": _("Source"),
}


def service_section(personnel, series, area: str, key: str) -> None:
    """The chosen series' counts by service (the main series first when it has them)."""
    choices = series_with_services(personnel, area)
    if not choices:
        return
    main = main_series(personnel, series, area)
    chosen = st.selectbox(
        _("Series"),
        choices,
        index=choices.index(main) if main in choices else 0,
        format_func=lambda code: series_label(personnel, series, code),
        key=key,
    )
    by_service = personnel_by_service(personnel, series, area, chosen)
    shown = by_service.assign(service=by_service["service"].map(lambda code: PERSONNEL_SERVICES.label(code, _)))
    chart_with_data(service_summary(by_service, _), service_chart(by_service, _), shown, SERVICE_COLUMNS)


st.title(_("U.S. military personnel in Japan"))
st.caption(
    _(
        "Published counts only, each with its source and date. One main series (the U.S. Department of Defense's "
        "own reports) is drawn as a line; other published figures are dots with their publisher's name. "
        "Publishers count differently — ashore only, or including the 7th Fleet's ships — so no two series are "
        "ever joined."
    )
)

personnel = table("personnel")
series = table("personnel_series")
if personnel is None or series is None:
    st.stop()
series_table, series = series, localized_series(series, _)  # names in the reader's language; the file as it is

main = main_series(personnel, series, "Japan")
okinawa_main = main_series(personnel, series, "Okinawa")
japan = personnel_totals(personnel, series, "Japan", extra=(okinawa_main,))
main_rows = japan[japan["series"] == main]
latest = latest_personnel(personnel, series)
st.metric(
    _("Latest report ({date})").format(date=markdown_text(month_year(latest.as_of, _))),
    _.number(latest.value),
    help=_("{label}. Source: {source}").format(label=markdown_text(latest.label), source=markdown_text(latest.source)),
)

st.header(_("Japan, {first} to {last}").format(first=main_rows["year"].min(), last=month_year(latest.as_of, _)))
flagged = spikes(main_rows)
chart_with_data(
    personnel_summary(main_rows, _),
    personnel_chart(japan, dated_marks(main_rows, reversion=True, _=_), flagged, _),
    japan,
    TOTALS_COLUMNS,
)
st.caption(
    _(
        "Dashed lines: the main series' definition changes (the line breaks there and where reports are missing "
        "for more than two years) and Okinawa's reversion to Japan on 15 May 1972. Until then DoD reported Okinawa "
        "apart, as the Ryukyu Islands (red line); mainland Japan has no report for 1964 and 1966–1972."
    )
)
periods = definition_periods(main_rows)
st.markdown(
    _("**Main series: {series}**, defined report by report as:").format(
        series=markdown_text(series_label(personnel, series, main))
    )
    + "\n\n"
    + "\n".join(
        "- "
        + _("{first} to {last}: {definition}").format(
            first=markdown_text(month_year(p.first, _)),
            last=markdown_text(month_year(p.last, _)),
            definition=markdown_text(p.definition),
        )
        for p in periods
    )
)
for row in flagged.itertuples():
    st.caption(
        _(
            "Ringed: {date}, {count}, jumps away from both neighbouring reports and back; kept as reported. "
            "Note in the data: {note}"
        ).format(
            date=markdown_text(month_year(str(row.as_of), _)),
            count=_.number(float(str(row.personnel))),
            note=markdown_text(row.notes),
        )
    )
differing = disagreements(japan, main)
if differing:
    st.caption(
        _(
            "Where another published figure differs from the main series' report of the same year by more than "
            "{share} (most differ in what they count, e.g. ship crews): "
        ).format(share=f"{DISAGREE:.0%}")
        + _("; ").join(markdown_text(d.describe(_)) for d in differing)
        + _(".")
    )

st.subheader(_("By service"))
service_section(personnel, series, "Japan", "personnel_series")

st.header(_("Okinawa"))
st.info(
    _(
        "U.S. forces stopped giving Okinawa Prefecture yearly counts after 2011: the last official Okinawa figure "
        "is for end-June 2011. Later Okinawa numbers in the press are rounded statements (e.g. Marine Corps "
        "figures), shown as their own series; nothing here extrapolates past 2011."
    )
)
okinawa = personnel_totals(personnel, series, "Okinawa")
okinawa_rows = okinawa[okinawa["series"] == okinawa_main]
chart_with_data(
    personnel_summary(okinawa_rows, _),
    personnel_chart(okinawa, dated_marks(okinawa_rows, reversion=True, _=_), spikes(okinawa_rows), _),
    okinawa,
    TOTALS_COLUMNS,
)
st.subheader(_("Okinawa by service"))
service_section(personnel, series, "Okinawa", "okinawa_series")

st.header(_("All published counts"))
st.dataframe(named_series(personnel, series), hide_index=True, width="stretch")
table_download("personnel", personnel)
table_download("personnel_series", series_table)
st.caption(
    _(
        "Sources and gaps are described in `data/research/personnel_notes.md`; the series' names and definitions "
        "are in `data/tables/personnel_series.csv`."
    )
)
