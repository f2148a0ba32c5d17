"""The chart specs (Altair dicts): continuous axes, legends below the plot, the container's width,
dated marks, plain names only, gaps left empty and partial breakdowns marked."""

import json

import pandas as pd

from basemap.charts import category_chart, hns_chart, personnel_chart, related_chart, service_chart
from basemap.figures import (
    annotations,
    hns_breakdown,
    hns_by_category,
    hns_totals,
    personnel_by_service,
    related_budgets,
    spikes,
    with_amount,
)
from tests.test_figures import SERIES, hns_rows, japan, main_rows, personnel_rows


def layers(spec: dict) -> list[dict]:
    return spec["layer"]


def data_of(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def assert_fits_the_width_with_the_legend_below(spec: dict) -> None:
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    legends = [
        channel["legend"]
        for layer in spec.get("layer", [spec])
        for channel in layer.get("encoding", {}).values()
        if isinstance(channel, dict) and channel.get("legend")
    ]
    assert legends
    for legend in legends:
        assert legend["orient"] == "bottom"
        assert "width" in legend["columns"]["expr"]  # one column on a phone, more where there is room


def test_personnel_chart_draws_main_lines_other_dots_and_dated_marks():
    spec = personnel_chart(japan(), annotations(main_rows(), reversion=True), spikes(main_rows())).to_dict()
    assert_fits_the_width_with_the_legend_below(spec)
    by_mark = {}
    for layer in layers(spec):
        by_mark.setdefault(layer["mark"]["type"], []).append(layer)
    [line] = by_mark["line"]
    assert line["encoding"]["x"]["type"] == "temporal"
    assert line["encoding"]["detail"]["field"] == "segment"  # broken at definition changes and gaps
    assert line["transform"] == [{"filter": "(datum.role === 'main')"}]
    [rule] = by_mark["rule"]
    assert [row["date"] for row in data_of(spec, rule)] == ["1972-05-15", "2008-09-01"]
    texts = [row["text"] for layer in by_mark["text"] for row in data_of(spec, layer)]
    assert sorted(texts) == ["1972 reversion", "2008 definition"]
    ring = next(layer for layer in by_mark["point"] if layer["mark"].get("size") == 400)
    assert [row["as_of"] for row in data_of(spec, ring)] == ["2009-12"]
    color = line["encoding"]["color"]
    assert color["scale"]["domain"][:2] == ["DoD reports (main)", "DoD reports, Ryukyu Islands"]  # main lines first
    assert color["scale"]["range"][:2] == ["#1f3f99", "#c62828"]


def test_no_series_code_reaches_the_chart():
    spec = personnel_chart(japan(), annotations(main_rows(), reversion=True), spikes(main_rows())).to_dict()
    values = {value for rows in spec["datasets"].values() for row in rows for value in row.values()}
    assert not values & set(SERIES["series"])
    assert "series" not in json.dumps(spec["datasets"])


def test_service_chart_is_one_line_per_service_on_a_time_axis():
    spec = service_chart(personnel_by_service(personnel_rows(), SERIES, "Japan", "reports")).to_dict()
    assert_fits_the_width_with_the_legend_below(spec)
    line, points = layers(spec)
    assert line["encoding"]["x"]["type"] == "temporal"
    assert line["encoding"]["color"]["scale"]["domain"] == ["Navy", "Marine Corps"]
    assert points["encoding"]["shape"]["field"] == "service"  # not by colour alone


def test_hns_chart_has_a_continuous_year_axis_with_gaps_and_sma_bands():
    totals = with_amount(hns_totals(hns_rows()), None, "JPY")
    spans = pd.DataFrame({"name": ["SMA"], "first_fy": [1980], "last_fy": [1981]})
    spec = hns_chart(totals, spans, "億円", 1978, 1984).to_dict()
    assert "autosize" in spec
    rect, bars = layers(spec)
    assert rect["mark"]["type"] == "rect"
    assert data_of(spec, rect) == [{"name": "SMA", "start": 1979.5, "end": 1981.5}]
    x = bars["encoding"]["x"]
    assert x["type"] == "quantitative"
    assert x["scale"]["domain"] == [1977.5, 1984.5]  # the axis runs to the table's last year
    assert bars["encoding"]["y2"] == {"datum": 0}
    assert [row["fiscal_year"] for row in data_of(spec, bars)] == [1978, 1980, 1981]  # 1979, 1982-84: empty
    assert len(layers(hns_chart(totals, None, "億円", 1978, 1984).to_dict())) == 1


def test_category_chart_stacks_inside_the_total_and_marks_partial_years():
    totals = with_amount(hns_totals(hns_rows()), None, "JPY")
    breakdown = hns_breakdown(with_amount(hns_by_category(hns_rows()), None, "JPY"), totals)
    spec = category_chart(breakdown, "億円", 1978, 1984).to_dict()
    assert_fits_the_width_with_the_legend_below(spec)
    outline, stacked = layers(spec)
    assert stacked["encoding"]["x"]["type"] == "quantitative"
    assert stacked["encoding"]["x"]["scale"]["domain"] == [1977.5, 1984.5]
    assert (stacked["encoding"]["y"]["field"], stacked["encoding"]["y2"]["field"]) == ("low", "high")
    opacity = stacked["encoding"]["opacity"]
    assert (opacity["field"], opacity["scale"]) == (
        "breakdown",
        {"domain": ["complete", "partial"], "range": [1.0, 0.35]},
    )
    assert {row["fiscal_year"]: row["breakdown"] for row in data_of(spec, stacked)} == {
        1980: "complete",
        1981: "partial",
        1982: "partial",
    }
    assert [row["published_total"] for row in data_of(spec, outline)] == [300, 400]  # 1982 has no total


def test_related_chart_breaks_lines_at_missing_years():
    spec = related_chart(with_amount(related_budgets(hns_rows()), None, "JPY"), "億円").to_dict()
    assert_fits_the_width_with_the_legend_below(spec)
    assert spec["encoding"]["detail"]["field"] == "run"
