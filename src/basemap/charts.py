"""Altair chart specs for personnel and host-nation support.

Streamlit renders Vega-Lite with the JavaScript it ships, so these charts draw with no network.
Each function takes the already-shaped table (basemap.figures) and returns a chart; tests inspect
the spec. Every chart fills its container's width, puts its legend below the plot (so a phone's
plot keeps the full width) and has a continuous time or year axis: a year with no figure is a
gap, never a fall.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from basemap.vocabulary import PERSONNEL_SERVICES, UNKNOWN_COLOR

YEAR_SCALE = alt.Scale(zero=False, nice=False)  # years: never stretch the axis down to 0
HEIGHT = 360
BAR_HALF_WIDTH = 0.4  # a fiscal year's bar spans year ± 0.4 on the continuous axis (scales with the width)
MAIN_COLORS = ("#1f3f99", "#c62828")  # the main series' lines (Japan, then Okinawa's own DoD series)
OTHER_COLORS = ("#e66100", "#5d3a9b", "#1b7837", "#b8860b", "#8c510a", "#01665e", "#d01c8b", "#4d4d4d", "#2166ac")
OTHER_SHAPES = ("square", "diamond", "triangle-up", "cross", "triangle-down", "circle", "triangle-left", "stroke")
EVENT_COLOR = "#8b0000"
NOTE_COLOR = "#555555"


def _legend(title: str, columns: int = 1) -> alt.Legend:
    """Below the plot, in columns, labels never cut: the plot keeps the container's width on a phone."""
    return alt.Legend(title=title, orient="bottom", direction="vertical", columns=columns, labelLimit=0)


def _date_axis(title: str = "Report date") -> alt.X:
    return alt.X("date:T", title=title, axis=alt.Axis(format="%Y", labelOverlap=True))


def _series_scales(totals: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """Legend order (main lines first, then the others by first date), with a colour and a shape each."""
    ordered = totals.sort_values(["role", "date"], kind="stable").drop_duplicates("label")
    mains = list(ordered.loc[ordered["role"] == "main", "label"])
    others = list(ordered.loc[ordered["role"] == "other", "label"])
    colors = list(MAIN_COLORS[: len(mains)]) + [OTHER_COLORS[i % len(OTHER_COLORS)] for i in range(len(others))]
    shapes = ["circle"] * len(mains) + [OTHER_SHAPES[i % len(OTHER_SHAPES)] for i in range(len(others))]
    return mains + others, colors, shapes


def _annotation_layers(marks: pd.DataFrame, top: float, x: alt.X, title: str) -> list[alt.Chart]:
    """Dated vertical rules with staggered labels (close dates stay readable), on the chart's axes."""
    if marks.empty:
        return []
    data = marks.assign(label_y=[top * (1.0 - 0.07 * (i % 3)) for i in range(len(marks))])
    color = alt.Color(
        "kind:N", scale=alt.Scale(domain=["event", "definition"], range=[EVENT_COLOR, NOTE_COLOR]), legend=None
    )
    tooltip = [alt.Tooltip("text:N", title="Mark"), alt.Tooltip("detail:N", title="Detail")]
    rules = alt.Chart(data).mark_rule(strokeDash=[4, 3]).encode(x=x, color=color, tooltip=tooltip)
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=3, fontSize=11)
        .encode(x=x, y=alt.Y("label_y:Q", title=title), text="text:N", color=color, tooltip=tooltip)
    )
    return [rules, text]


def personnel_chart(totals: pd.DataFrame, marks: pd.DataFrame, flagged: pd.DataFrame) -> alt.LayerChart:
    """The main series as lines (broken at definition changes and gaps), every other published
    figure as a dot with its plain name, dated marks (definition changes, Okinawa's reversion) and
    rings around the reports flagged as jumps."""
    columns = ["date", "as_of", "personnel", "label", "role", "segment", "definition", "source"]
    data = totals[columns]
    domain, colors, shapes = _series_scales(data)
    color = alt.Color("label:N", scale=alt.Scale(domain=domain, range=colors), legend=_legend("Series"))
    shape = alt.Shape("label:N", scale=alt.Scale(domain=domain, range=shapes), legend=_legend("Series"))
    tooltip = [
        alt.Tooltip("label:N", title="Series"),
        alt.Tooltip("as_of:N", title="As of"),
        alt.Tooltip("personnel:Q", title="Personnel", format=","),
        alt.Tooltip("definition:N", title="Definition"),
        alt.Tooltip("source:N", title="Source"),
    ]
    x = _date_axis()
    y_title = "Active-duty personnel"
    y = alt.Y("personnel:Q", title=y_title, axis=alt.Axis(format="~s"))
    base = alt.Chart(data).encode(x=x, y=y, color=color, tooltip=tooltip)
    main = base.transform_filter(alt.datum.role == "main")
    lines = main.mark_line(strokeWidth=2).encode(detail="segment:N")
    main_points = main.mark_point(filled=True, size=18).encode(shape=shape)
    others = base.transform_filter(alt.datum.role == "other").mark_point(filled=True, size=70, opacity=0.9)
    rings = (
        alt.Chart(
            flagged.assign(note="jumps away from both neighbouring reports and back; kept as reported")[
                ["date", "as_of", "personnel", "note"]
            ]
        )
        .mark_point(size=400, strokeWidth=2, color=EVENT_COLOR)
        .encode(
            x=x,
            y=y,
            tooltip=[alt.Tooltip("as_of:N", title="As of"), alt.Tooltip("personnel:Q", format=","), "note:N"],
        )
    )
    layers = [lines, main_points]
    layers.append(others.encode(shape=shape))
    if not flagged.empty:
        layers.append(rings)
    layers += _annotation_layers(marks, float(data["personnel"].max()), x, y_title)
    return alt.layer(*layers).properties(height=HEIGHT)


def service_chart(by_service: pd.DataFrame) -> alt.LayerChart:
    """One series' counts by service, one line per service (broken where the series is)."""
    data = by_service[["date", "as_of", "service", "personnel", "segment", "source"]]
    services = [s for s in PERSONNEL_SERVICES.codes if s in set(data["service"])]
    scale = alt.Scale(domain=services, range=[PERSONNEL_SERVICES.color(s, UNKNOWN_COLOR) for s in services])
    shapes = alt.Scale(domain=services, range=["circle", "square", "triangle-up", "diamond", "cross"][: len(services)])
    base = alt.Chart(data).encode(
        x=_date_axis(),
        y=alt.Y("personnel:Q", title="Active-duty personnel", axis=alt.Axis(format="~s")),
        color=alt.Color("service:N", scale=scale, legend=_legend("Service", columns=3)),
        tooltip=[
            alt.Tooltip("service:N", title="Service"),
            alt.Tooltip("as_of:N", title="As of"),
            alt.Tooltip("personnel:Q", title="Personnel", format=","),
            alt.Tooltip("source:N", title="Source"),
        ],
    )
    lines = base.mark_line(strokeWidth=2).encode(detail="segment:N")
    points = base.mark_point(filled=True, size=30).encode(
        shape=alt.Shape("service:N", scale=shapes, legend=_legend("Service", columns=3))
    )
    return alt.layer(lines, points).properties(height=HEIGHT)


def _year_axis(first: int, last: int) -> alt.X:
    """Fiscal years as numbers from `first` to `last` (every year has its place; missing ones stay empty)."""
    scale = alt.Scale(domain=[first - 0.5, last + 0.5], zero=False, nice=False)
    return alt.X("start:Q", title="Japanese fiscal year", axis=alt.Axis(format="d", tickMinStep=1), scale=scale)


def _bars(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(start=frame["fiscal_year"] - BAR_HALF_WIDTH, end=frame["fiscal_year"] + BAR_HALF_WIDTH)


def _period_layer(spans: pd.DataFrame, scale: alt.Scale) -> alt.Chart:
    """SMA periods as shaded bands behind the bars."""
    data = spans.assign(start=spans["first_fy"] - 0.5, end=spans["last_fy"] + 0.5)[["name", "start", "end"]]
    return (
        alt.Chart(data)
        .mark_rect(opacity=0.12, color="#5d4037", stroke="#ffffff", strokeWidth=3)
        .encode(
            x=alt.X("start:Q", scale=scale),
            x2="end:Q",
            tooltip=[alt.Tooltip("name:N", title="Special Measures Agreement")],
        )
    )


def hns_chart(totals: pd.DataFrame, spans: pd.DataFrame | None, unit: str, first: int, last: int) -> alt.LayerChart:
    """Host-nation support by fiscal year on a continuous axis from `first` to `last` (years
    without a published total are empty), with the SMA periods shaded."""
    data = _bars(totals[["fiscal_year", "amount", "amount_jpy_100m", "budget_basis", "as_of", "source"]])
    x = _year_axis(first, last)
    bars = (
        alt.Chart(data)
        .mark_bar(color="#1f3f99")
        .encode(
            x=x,
            x2="end:Q",
            y=alt.Y("amount:Q", title=unit),
            tooltip=[
                alt.Tooltip("fiscal_year:Q", title="Fiscal year", format="d"),
                alt.Tooltip("amount:Q", format=",.1f", title=unit),
                alt.Tooltip("budget_basis:N", title="Budget basis"),
                alt.Tooltip("as_of:N", title="As of"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    layers = [bars] if spans is None or spans.empty else [_period_layer(spans, x.scale), bars]
    return alt.layer(*layers).properties(height=HEIGHT)


def category_chart(breakdown: pd.DataFrame, unit: str, first: int, last: int) -> alt.LayerChart:
    """The published categories stacked inside an outline of the year's published total; a year
    whose categories do not add up to its total (a partial breakdown) is drawn pale and labelled
    partial in the legend and tooltip, so it never reads as a level of support."""
    columns = ["fiscal_year", "category_label", "amount", "low", "high", "breakdown", "published_total"]
    data = _bars(breakdown[[*columns, "budget_basis", "as_of", "source"]])
    x = _year_axis(first, last)
    outline = (
        alt.Chart(data.drop_duplicates("fiscal_year").dropna(subset=["published_total"]))
        .mark_bar(fillOpacity=0, stroke="#333333", strokeWidth=1, strokeDash=[3, 2])
        .encode(
            x=x,
            x2="end:Q",
            y=alt.Y("published_total:Q", title=unit),
            tooltip=[
                alt.Tooltip("fiscal_year:Q", title="Fiscal year", format="d"),
                alt.Tooltip("published_total:Q", title=f"Published total, {unit}", format=",.1f"),
            ],
        )
    )
    stacked = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=x,
            x2="end:Q",
            y=alt.Y("low:Q", title=unit),
            y2="high:Q",
            color=alt.Color("category_label:N", legend=_legend("Category", columns=2)),
            opacity=alt.Opacity(
                "breakdown:N",
                scale=alt.Scale(domain=["complete", "partial"], range=[1.0, 0.35]),
                legend=_legend("Breakdown of the year", columns=2),
            ),
            tooltip=[
                alt.Tooltip("fiscal_year:Q", title="Fiscal year", format="d"),
                alt.Tooltip("category_label:N", title="Category"),
                alt.Tooltip("amount:Q", title=unit, format=",.1f"),
                alt.Tooltip("breakdown:N", title="Breakdown of the year"),
                alt.Tooltip("budget_basis:N", title="Budget basis"),
                alt.Tooltip("as_of:N", title="As of"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    return alt.layer(outline, stacked).properties(height=HEIGHT)


def related_chart(related: pd.DataFrame, unit: str) -> alt.Chart:
    """SACO- and realignment-related budgets as separate lines."""
    data = related[["fiscal_year", "series_label", "amount", "budget_basis", "as_of", "source"]]
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("fiscal_year:Q", title="Japanese fiscal year", axis=alt.Axis(format="d"), scale=YEAR_SCALE),
            y=alt.Y("amount:Q", title=unit),
            color=alt.Color("series_label:N", legend=_legend("Series")),
            tooltip=[
                alt.Tooltip("fiscal_year:Q", title="Fiscal year", format="d"),
                alt.Tooltip("series_label:N", title="Series"),
                alt.Tooltip("amount:Q", format=",.1f", title=unit),
                alt.Tooltip("budget_basis:N", title="Budget basis"),
                alt.Tooltip("as_of:N", title="As of"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .properties(height=HEIGHT)
    )
