"""Personnel and host-nation-support shaping, and the chart specs built from them."""

import pandas as pd
import pytest

from basemap.charts import category_chart, hns_chart, personnel_chart, related_chart, service_chart
from basemap.figures import (
    hns_by_category,
    hns_totals,
    latest_hns,
    latest_personnel,
    missing_years,
    personnel_by_service,
    personnel_totals,
    related_budgets,
    series_with_services,
    sma_spans,
    with_amount,
)
from basemap.tables import load_table


def personnel_rows():
    rows = [
        (2010, "2010-09-30", "Japan", "Total", 35000, "ashore", "ashore only"),
        (2010, "2010-03-31", "Japan", "Total", 50000, "afloat", "including afloat"),
        (2011, "2011-09-30", "Japan", "Total", 36000, "ashore", "ashore only"),
        (2011, "2011-09-30", "Japan", "Navy", 6000, "ashore", "ashore only"),
        (2011, "2011-09-30", "Japan", "Marine Corps", 15000, "ashore", "ashore only"),
        (2011, "2011-06", "Okinawa", "Total", 25843, "okinawa_pref", "prefecture survey"),
    ]
    columns = ["year", "as_of", "area", "service", "personnel", "series", "definition"]
    return pd.DataFrame(rows, columns=columns).assign(source="test", notes=None)


def hns_rows():
    rows = [
        (1978, "hns", "total", 78.0, "not stated", False),
        (1978, "hns", "total", 62.0, "not stated", True),
        (1980, "hns", "total", 374.0, "initial budget", True),
        (1980, "hns", "labor", 100.0, "initial budget", True),
        (1980, "saco", "total", 10.0, "initial budget", True),
    ]
    columns = ["fiscal_year", "series", "category", "amount_jpy_100m", "budget_basis", "preferred"]
    return pd.DataFrame(rows, columns=columns).assign(source="test", as_of="2020", notes=None)


def test_personnel_series_are_kept_apart_and_the_latest_total_is_found():
    personnel = personnel_rows()
    totals = personnel_totals(personnel, "Japan")
    assert list(totals["series"]) == ["afloat", "ashore", "ashore"]
    assert list(personnel_by_service(personnel, "Japan", "ashore")["service"]) == ["Marine Corps", "Navy"]
    assert series_with_services(personnel, "Japan") == ["ashore"]
    latest = latest_personnel(personnel)
    assert (latest.value, latest.as_of, latest.label) == (36000, "2011-09-30", "ashore only")


def test_preferred_figures_are_charted_and_gaps_are_left_empty():
    hns = hns_rows()
    totals = hns_totals(hns)
    assert list(zip(totals["fiscal_year"], totals["amount_jpy_100m"], strict=True)) == [(1978, 62.0), (1980, 374.0)]
    assert missing_years(totals) == [1979]
    assert list(hns_by_category(hns)["category_label"]) == ["Labor (1987–)"]
    assert list(related_budgets(hns)["series_label"]) == ["SACO-related"]
    assert latest_hns(hns).value == 374.0


def test_usd_uses_the_years_rate_and_leaves_years_without_one_empty():
    totals = hns_totals(hns_rows())
    rates = pd.DataFrame({"year": [1978], "jpy_per_usd": [200.0]})
    usd = with_amount(totals, rates, "USD")
    assert usd["amount"].iloc[0] == pytest.approx(62 * 1e8 / 200 / 1e6)
    assert pd.isna(usd["amount"].iloc[1])
    assert with_amount(totals, rates, "JPY")["amount"].tolist() == [62.0, 374.0]


def test_sma_spans_need_both_ends():
    sma = pd.DataFrame({"name": ["a", "b"], "first_fy": [2016.0, 1987.0], "last_fy": [2020.0, None]})
    assert sma_spans(sma)[["name", "first_fy", "last_fy"]].values.tolist() == [["a", 2016, 2020]]


def test_chart_specs_carry_the_data_and_encodings():
    personnel = personnel_rows()
    spec = personnel_chart(personnel_totals(personnel, "Japan"), "t").to_dict()
    assert spec["encoding"]["color"]["field"] == "series"
    values = spec["datasets"][spec["data"]["name"]]
    assert [v["date"] for v in values] == ["2010-03-31", "2010-09-30", "2011-09-30"]
    stacked = service_chart(personnel_by_service(personnel, "Japan", "ashore"), "t").to_dict()
    assert stacked["encoding"]["y"]["stack"] == "zero"
    assert stacked["encoding"]["color"]["scale"]["domain"] == ["Navy", "Marine Corps"]


def test_hns_chart_shades_sma_periods_behind_the_bars():
    totals = with_amount(hns_totals(hns_rows()), None, "JPY")
    spans = pd.DataFrame({"name": ["2016 SMA"], "first_fy": [2016], "last_fy": [2020]})
    spec = hns_chart(totals, spans, "億円", "t").to_dict()
    rect, bars = spec["layer"]
    assert rect["mark"]["type"] == "rect"
    assert bars["mark"]["type"] == "bar"
    assert spec["datasets"][rect["data"]["name"]] == [{"name": "2016 SMA", "start": 2015.5, "end": 2020.5}]
    assert len(hns_chart(totals, None, "億円", "t").to_dict()["layer"]) == 1
    assert category_chart(with_amount(hns_by_category(hns_rows()), None, "JPY"), "億円", "t").to_dict()
    assert related_chart(with_amount(related_budgets(hns_rows()), None, "JPY"), "億円", "t").to_dict()


def test_shipped_series_cover_the_documented_span():
    totals = hns_totals(load_table("host_nation_support").frame)
    assert totals["fiscal_year"].min() == 1978
    assert totals["fiscal_year"].max() >= 2024
    personnel = personnel_totals(load_table("personnel").frame, "Japan")
    assert personnel["year"].min() <= 1990
    assert personnel["year"].max() >= 2021
