"""Altair chart specs for personnel and host-nation support.

Streamlit renders Vega-Lite with the JavaScript it ships, so these charts draw with no network.
Each function takes the already-shaped table (basemap.figures) and returns a chart; tests inspect
the spec. Every chart fills its container's width, puts its legend below the plot (so a phone's
plot keeps the full width) and has a continuous time or year axis: a year with no figure is a
gap, never a fall.
"""

from __future__ import annotations

from typing import Literal

import altair as alt
import pandas as pd

from basemap.i18n import ENGLISH, Language
from basemap.vocabulary import PERSONNEL_SERVICES, UNKNOWN_COLOR

# What alt.layer returns: altair types it as a layer or, when the layers share a facet, a facet chart.
Layered = alt.LayerChart | alt.FacetChart
YEAR_SCALE = alt.Scale(zero=False, nice=False)  # years: never stretch the axis down to 0
HEIGHT = 300  # the plot's own height: the legend below adds to it (autosize fits the width only)
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
BAR_HALF_WIDTH = 0.4  # a fiscal year's bar spans year ± 0.4 on the continuous axis (scales with the width)
MAIN_COLORS = {"Japan": "#1f3f99", "Okinawa": "#c62828"}  # the main series' lines, by the area they count
OTHER_COLORS = ("#e66100", "#5d3a9b", "#1b7837", "#b8860b", "#8c510a", "#01665e", "#d01c8b", "#4d4d4d", "#2166ac")
OTHER_SHAPES = ("square", "diamond", "triangle-up", "cross", "triangle-down", "circle", "triangle-left", "stroke")
EVENT_COLOR = "#8b0000"  # Okinawa's reversion
NOTE_COLOR = "#555555"  # definition changes


# Long names wrap at word boundaries (Vega draws an array as lines) and the legend takes as many
# columns as the width allows: one on a phone, so it never runs off the screen.
WRAP_LABEL = r"split(trim(replace(datum.label, /(.{1,38})(?: +|$)/g, '$1\n')), '\n')"
LEGEND_COLUMN_PX = 300
LABEL_LIMIT = 260  # pixels per line; a longer word ends with "…" (the table below has every name in full)


def _legend(title: str, columns: int = 3, column_px: int = LEGEND_COLUMN_PX) -> alt.Legend:
    """Below the plot, so the plot keeps the container's full width on a phone."""
    return alt.Legend(
        title=title,
        orient="bottom",
        direction="vertical",
        columns=alt.ExprRef(f"max(1, min({columns}, floor(width / {column_px})))"),
        labelLimit=LABEL_LIMIT,
        labelExpr=WRAP_LABEL,
        rowPadding=6,
    )


def _date_axis(title: str) -> alt.X:
    return alt.X("date:T", title=title, axis=alt.Axis(format="%Y", labelOverlap=True))


def _series_scales(totals: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """Legend order (main lines first, then the others by first date), with a colour and a shape each."""
    ordered = totals.sort_values(["role", "area", "date"], kind="stable").drop_duplicates("label")
    mains = ordered[ordered["role"] == "main"]
    others = list(ordered.loc[ordered["role"] == "other", "label"])
    colors = [MAIN_COLORS.get(area, UNKNOWN_COLOR) for area in mains["area"]]
    colors += [OTHER_COLORS[i % len(OTHER_COLORS)] for i in range(len(others))]
    shapes = ["circle"] * len(mains) + [OTHER_SHAPES[i % len(OTHER_SHAPES)] for i in range(len(others))]
    return list(mains["label"]) + others, colors, shapes


ANNOTATION_LEVELS = 4  # label heights that follow each other, so labels of close dates never overlap


def _annotation_layers(
    marks: pd.DataFrame, top: float, x: alt.X, y_title: str, _: Language = ENGLISH
) -> list[alt.Chart]:
    """Dated vertical rules with short staggered labels, on the chart's axes: a label in the later
    half of the axis sits left of its rule, so it stays inside the plot on a phone. Colours are
    fixed values (not a scale), so the marks add nothing to the series' legend."""
    dates = pd.to_datetime(marks["date"])
    middle = dates.min() + (dates.max() - dates.min()) / 2 if len(marks) > 1 else dates.max()
    data = marks.assign(
        label_y=[top * (1.0 - 0.08 * (i % ANNOTATION_LEVELS)) for i in range(len(marks))],
        side=["right" if date > middle else "left" for date in dates],
    )
    color = alt.condition(alt.datum.kind == "event", alt.value(EVENT_COLOR), alt.value(NOTE_COLOR))
    tooltip = [alt.Tooltip("text:N", title=_("Mark")), alt.Tooltip("detail:N", title=_("Detail"))]
    layers = [alt.Chart(data).mark_rule(strokeDash=[4, 3]).encode(x=x, color=color, tooltip=tooltip)]
    sides: tuple[tuple[Literal["left", "right"], int], ...] = (("left", 3), ("right", -3))
    for side, dx in sides:
        if not (data["side"] == side).any():
            continue
        layers.append(
            alt.Chart(data[data["side"] == side])
            .mark_text(align=side, dx=dx, fontSize=11)
            .encode(x=x, y=alt.Y("label_y:Q", title=y_title), text="text:N", color=color, tooltip=tooltip)
        )
    return layers


def personnel_chart(totals: pd.DataFrame, marks: pd.DataFrame, flagged: pd.DataFrame, _: Language = ENGLISH) -> Layered:
    """The main series as lines (broken at definition changes and gaps), every other published
    figure as a dot with its plain name, dated marks (definition changes, Okinawa's reversion) and
    rings around the reports flagged as jumps."""
    columns = ["date", "as_of", "area", "personnel", "label", "role", "segment", "definition", "source"]
    data = totals[columns]
    domain, colors, shapes = _series_scales(data)
    color = alt.Color("label:N", scale=alt.Scale(domain=domain, range=colors), legend=_legend(_("Series")))
    shape = alt.Shape("label:N", scale=alt.Scale(domain=domain, range=shapes), legend=_legend(_("Series")))
    tooltip = [
        alt.Tooltip("label:N", title=_("Series")),
        alt.Tooltip("as_of:N", title=_("As of")),
        alt.Tooltip("personnel:Q", title=_("Personnel"), format=","),
        alt.Tooltip("definition:N", title=_("Definition")),
        alt.Tooltip("source:N", title=_("Source")),
    ]
    x = _date_axis(_("Report date"))
    y_title = _("Active-duty personnel")
    y = alt.Y("personnel:Q", title=y_title)
    base = alt.Chart(data).encode(x=x, y=y, color=color, tooltip=tooltip)
    main = base.transform_filter(alt.datum.role == "main")
    lines = main.mark_line(strokeWidth=2).encode(detail="segment:N")
    main_points = main.mark_point(filled=True, size=18).encode(shape=shape)
    others = base.transform_filter(alt.datum.role == "other").mark_point(filled=True, size=70, opacity=0.9)
    rings = (
        alt.Chart(
            flagged.assign(note=_("jumps away from both neighbouring reports and back; kept as reported"))[
                ["date", "as_of", "personnel", "note"]
            ]
        )
        .mark_point(size=400, strokeWidth=2, color=EVENT_COLOR)
        .encode(
            x=x,
            y=y,
            tooltip=[alt.Tooltip("as_of:N", title=_("As of")), alt.Tooltip("personnel:Q", format=","), "note:N"],
        )
    )
    layers = [lines, main_points]
    layers.append(others.encode(shape=shape))
    if not flagged.empty:
        layers.append(rings)
    layers += _annotation_layers(marks, float(data["personnel"].max()), x, y_title, _)
    return alt.layer(*layers).properties(height=HEIGHT, autosize=FIT_WIDTH)


def service_chart(by_service: pd.DataFrame, _: Language = ENGLISH) -> Layered:
    """One series' counts by service, one line per service (broken where the series is)."""
    data = by_service[["date", "as_of", "service", "personnel", "segment", "source"]]
    services = [s for s in PERSONNEL_SERVICES.codes if s in set(data["service"])]
    labels = [PERSONNEL_SERVICES.label(s, _) for s in services]  # the legend in the reader's language
    data = data.assign(service=data["service"].map(lambda code: PERSONNEL_SERVICES.label(code, _)))
    scale = alt.Scale(domain=labels, range=[PERSONNEL_SERVICES.color(s, UNKNOWN_COLOR) for s in services])
    shapes = alt.Scale(domain=labels, range=["circle", "square", "triangle-up", "diamond", "cross"][: len(services)])
    base = alt.Chart(data).encode(
        x=_date_axis(_("Report date")),
        y=alt.Y("personnel:Q", title=_("Active-duty personnel")),
        color=alt.Color("service:N", scale=scale, legend=_legend(_("Service"), columns=5, column_px=120)),
        tooltip=[
            alt.Tooltip("service:N", title=_("Service")),
            alt.Tooltip("as_of:N", title=_("As of")),
            alt.Tooltip("personnel:Q", title=_("Personnel"), format=","),
            alt.Tooltip("source:N", title=_("Source")),
        ],
    )
    lines = base.mark_line(strokeWidth=2).encode(detail="segment:N")
    points = base.mark_point(filled=True, size=30).encode(
        shape=alt.Shape("service:N", scale=shapes, legend=_legend(_("Service"), columns=5, column_px=120))
    )
    return alt.layer(lines, points).properties(height=HEIGHT, autosize=FIT_WIDTH)


def _year_scale(first: int, last: int) -> alt.Scale:
    """Fiscal years as numbers from `first` to `last` (every year has its place; missing ones stay empty)."""
    return alt.Scale(domain=[first - 0.5, last + 0.5], zero=False, nice=False)


def _year_axis(scale: alt.Scale, _: Language = ENGLISH) -> alt.X:
    return alt.X("start:Q", title=_("Japanese fiscal year"), axis=alt.Axis(format="d", tickMinStep=1), scale=scale)


def _bars(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(start=frame["fiscal_year"] - BAR_HALF_WIDTH, end=frame["fiscal_year"] + BAR_HALF_WIDTH)


def _period_layer(spans: pd.DataFrame, scale: alt.Scale, _: Language = ENGLISH) -> alt.Chart:
    """SMA periods as shaded bands behind the bars."""
    data = spans.assign(start=spans["first_fy"] - 0.5, end=spans["last_fy"] + 0.5)[["name", "start", "end"]]
    return (
        alt.Chart(data)
        .mark_rect(opacity=0.12, color="#5d4037", stroke="#ffffff", strokeWidth=3)
        .encode(
            x=alt.X("start:Q", scale=scale),
            x2="end:Q",
            tooltip=[alt.Tooltip("name:N", title=_("Special Measures Agreement"))],
        )
    )


def _fiscal_year_tip(_: Language) -> alt.Tooltip:
    return alt.Tooltip("fiscal_year:Q", title=_("Fiscal year"), format="d")


def _sourced(*tips: alt.Tooltip, _: Language = ENGLISH) -> list[alt.Tooltip]:
    """A budget figure's tooltip: its own fields, then its basis, date and source."""
    return [
        *tips,
        alt.Tooltip("budget_basis:N", title=_("Budget basis")),
        alt.Tooltip("as_of:N", title=_("As of")),
        alt.Tooltip("source:N", title=_("Source")),
    ]


def hns_chart(
    totals: pd.DataFrame, spans: pd.DataFrame | None, unit: str, first: int, last: int, _: Language = ENGLISH
) -> Layered:
    """Host-nation support by fiscal year on a continuous axis from `first` to `last` (years
    without a published total are empty), with the SMA periods shaded."""
    data = _bars(totals[["fiscal_year", "amount", "amount_jpy_100m", "budget_basis", "as_of", "source"]])
    scale = _year_scale(first, last)
    x = _year_axis(scale, _)
    bars = (
        alt.Chart(data)
        .mark_bar(color="#1f3f99")
        .encode(
            x=x,
            x2="end:Q",
            y=alt.Y("amount:Q", title=unit),
            y2=alt.datum(0),
            tooltip=_sourced(_fiscal_year_tip(_), alt.Tooltip("amount:Q", format=",.1f", title=unit), _=_),
        )
    )
    layers = [bars] if spans is None or spans.empty else [_period_layer(spans, scale, _), bars]
    return alt.layer(*layers).properties(height=HEIGHT, autosize=FIT_WIDTH)


def category_chart(breakdown: pd.DataFrame, unit: str, first: int, last: int, _: Language = ENGLISH) -> Layered:
    """The published categories stacked inside an outline of the year's published total; a year
    whose categories do not add up to its total (a partial breakdown) is drawn pale and labelled
    partial in the legend and tooltip, so it never reads as a level of support."""
    columns = ["fiscal_year", "category_label", "amount", "low", "high", "breakdown", "published_total", "total_source"]
    data = _bars(breakdown[[*columns, "budget_basis", "as_of", "source"]])
    x = _year_axis(_year_scale(first, last), _)
    outline = (
        alt.Chart(data.drop_duplicates("fiscal_year").dropna(subset=["published_total"]))
        .mark_bar(fillOpacity=0, stroke="#333333", strokeWidth=1, strokeDash=[3, 2])
        .encode(
            x=x,
            x2="end:Q",
            y=alt.Y("published_total:Q", title=unit),
            y2=alt.datum(0),
            tooltip=[
                _fiscal_year_tip(_),
                alt.Tooltip("published_total:Q", title=_("Published total, {unit}").format(unit=unit), format=",.1f"),
                alt.Tooltip("total_source:N", title=_("Source of the total")),
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
            color=alt.Color("category_label:N", legend=_legend(_("Category"))),
            opacity=alt.Opacity(
                "breakdown:O",
                scale=alt.Scale(domain=["complete", "partial"], range=[1.0, 0.35]),
                legend=None,  # one legend below a phone's plot; the caption, summary and tooltip say it
            ),
            tooltip=_sourced(
                _fiscal_year_tip(_),
                alt.Tooltip("category_label:N", title=_("Category")),
                alt.Tooltip("amount:Q", title=unit, format=",.1f"),
                alt.Tooltip("breakdown:N", title=_("Breakdown of the year")),
                _=_,
            ),
        )
    )
    return alt.layer(outline, stacked).properties(height=HEIGHT, autosize=FIT_WIDTH)


def related_chart(related: pd.DataFrame, unit: str, _: Language = ENGLISH) -> alt.Chart:
    """SACO- and realignment-related budgets as separate lines, broken where years are missing."""
    data = related[["fiscal_year", "series_label", "run", "amount", "budget_basis", "as_of", "source"]]
    return (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("fiscal_year:Q", title=_("Japanese fiscal year"), axis=alt.Axis(format="d"), scale=YEAR_SCALE),
            y=alt.Y("amount:Q", title=unit),
            color=alt.Color("series_label:N", legend=_legend(_("Series"))),
            detail="run:N",
            tooltip=_sourced(
                _fiscal_year_tip(_),
                alt.Tooltip("series_label:N", title=_("Series")),
                alt.Tooltip("amount:Q", format=",.1f", title=unit),
                _=_,
            ),
        )
        .properties(height=HEIGHT, autosize=FIT_WIDTH)
    )
