"""Personnel and host-nation-support shaping: the main series, definitions, jumps, disagreements,
partial breakdowns, gaps and the one-line summaries."""

import pandas as pd
import pytest

from basemap.figures import (
    UNNAMED,
    annotations,
    category_summary,
    definition_periods,
    disagreements,
    hns_breakdown,
    hns_by_category,
    hns_summary,
    hns_totals,
    latest_hns,
    latest_personnel,
    main_series,
    missing_years,
    month_year,
    named_series,
    personnel_by_service,
    personnel_summary,
    personnel_totals,
    related_budgets,
    related_summary,
    series_with_services,
    service_summary,
    sma_spans,
    spikes,
    with_amount,
    year_ranges,
)
from basemap.tables import load_table

SERIES = pd.DataFrame(
    [
        ("reports", "DoD reports (main)", "main"),
        ("ryukyu", "DoD reports, Ryukyu Islands", "main"),
        ("ashore", "Country report, ashore", "other"),
        ("press", "Quoted by the press", "other"),
        ("okinawa_pref", "Okinawa Prefecture survey", "other"),
    ],
    columns=["series", "label_en", "role"],
).assign(definition="d", source="s")

OLD, NEW = "ashore plus afloat", "incl. ship crews"


def personnel_rows():
    rows = [
        (1960, "1960-09", "Japan", "Total", 50000, "reports", OLD),
        (1961, "1961-09", "Japan", "Total", 48000, "reports", OLD),
        (1965, "1965-09", "Japan", "Total", 40000, "reports", OLD),  # four years later: a new line
        (1966, "1966-09", "Japan", "Total", 41000, "reports", OLD),
        (2008, "2008-09", "Japan", "Total", 42000, "reports", NEW),  # new definition: a new line
        (2009, "2009-09", "Japan", "Total", 43000, "reports", NEW),
        (2009, "2009-12", "Japan", "Total", 60000, "reports", NEW),  # a jump away and back
        (2010, "2010-03", "Japan", "Total", 44000, "reports", NEW),
        (2010, "2010-06", "Japan", "Total", 45000, "reports", NEW),
        (2010, "2010-06", "Japan", "Navy", 20000, "reports", NEW),
        (2010, "2010-06", "Japan", "Marine Corps", 15000, "reports", NEW),
        (2009, "2009-03-31", "Japan", "Total", 34000, "ashore", "ashore only"),  # -21 % against 2009-09
        (2010, "2010-06-30", "Japan", "Total", 46000, "press", "quoted"),  # +2 %: agrees
        (2011, "2011-06-30", "Japan", "Total", 36000, "ashore", "ashore only"),  # the latest date, not the main series
        (1964, "1964-09", "Okinawa", "Total", 45000, "ryukyu", "Ryukyu Islands"),
        (1972, "1972-09", "Okinawa", "Total", 41000, "ryukyu", "Ryukyu Islands"),
        (2011, "2011-06", "Okinawa", "Total", 25843, "okinawa_pref", "prefecture survey"),
    ]
    columns = ["year", "as_of", "area", "service", "personnel", "series", "definition"]
    return pd.DataFrame(rows, columns=columns).assign(source="test", notes=None)


def japan():
    return personnel_totals(personnel_rows(), SERIES, "Japan", extra=("ryukyu",))


def main_rows():
    totals = japan()
    return totals[totals["series"] == "reports"]


def test_the_main_series_is_the_main_role_with_most_reports_in_the_area():
    personnel = personnel_rows()
    assert main_series(personnel, SERIES, "Japan") == "reports"
    assert main_series(personnel, SERIES, "Okinawa") == "ryukyu"
    assert main_series(personnel[personnel["series"] != "reports"], SERIES, "Japan") == "ashore"  # no main: most totals
    with pytest.raises(KeyError):
        main_series(personnel, SERIES, "Hokkaido")


def test_a_series_whose_name_row_is_missing_gets_a_placeholder_never_its_code():
    personnel, series = personnel_rows(), SERIES[SERIES["series"] != "reports"]
    assert main_series(personnel, series, "Japan") == "reports"  # still the most reported
    totals = personnel_totals(personnel, series, "Japan")
    unnamed = totals[totals["series"] == "reports"]
    assert set(unnamed["label"]) == {UNNAMED + " 1"}
    assert set(unnamed["role"]) == {"other"}
    assert "reports" not in set(named_series(personnel, series)["series"])


def test_the_latest_figure_is_the_main_series_newest_report_with_its_plain_name():
    latest = latest_personnel(personnel_rows(), SERIES)
    assert (latest.value, latest.as_of, latest.label) == (45000, "2010-06", "DoD reports (main)")


def test_totals_carry_plain_names_and_okinawa_joins_the_japan_chart_as_its_own_series():
    totals = japan()
    assert set(totals["label"]) == {"DoD reports (main)", "DoD reports, Ryukyu Islands", "Country report, ashore",
                                    "Quoted by the press"}  # fmt: skip
    assert "Okinawa Prefecture survey" not in set(totals["label"])
    assert set(totals.loc[totals["series"] == "ryukyu", "role"]) == {"main"}
    assert set(named_series(personnel_rows(), SERIES)["series"]) <= set(SERIES["label_en"])


def test_lines_break_at_definition_changes_and_gaps_of_more_than_two_years():
    segments = main_rows().groupby("segment")["as_of"].apply(list).tolist()
    assert segments == [
        ["1960-09", "1961-09"],
        ["1965-09", "1966-09"],
        ["2008-09", "2009-09", "2009-12", "2010-03", "2010-06"],
    ]


def test_definition_periods_and_their_marks_on_the_chart():
    periods = definition_periods(main_rows())
    assert [(p.first, p.last, p.definition) for p in periods] == [
        ("1960-09", "1966-09", OLD),
        ("2008-09", "2010-06", NEW),
    ]
    marks = annotations(main_rows(), reversion=True)
    assert list(marks["date"]) == ["1972-05-15", "2008-09-01"]
    assert list(marks["kind"]) == ["event", "definition"]
    assert marks["text"].iloc[1] == "2008 definition"
    assert list(annotations(main_rows(), reversion=False)["kind"]) == ["definition"]


def test_a_jump_away_and_back_is_flagged_but_not_a_step_or_a_change_across_a_break():
    assert list(spikes(main_rows())["as_of"]) == ["2009-12"]
    step = main_rows().assign(personnel=[50000, 50000, 20000, 20000, 42000, 43000, 43500, 44000, 45000])
    assert spikes(step).empty  # 1961 -> 1965 and 1966 -> 2008 are across line breaks


def test_disagreements_compare_the_nearest_main_report_of_the_same_year():
    [found] = disagreements(japan(), "reports")
    assert (found.label, found.as_of, found.main_as_of) == ("Country report, ashore", "2009-03-31", "2009-09")
    assert found.share == pytest.approx(34000 / 43000 - 1)
    assert found.describe() == "Country report, ashore, 2009-03-31: 34,000 against 43,000 (2009-09, -21%)"
    assert len(disagreements(japan(), "reports", threshold=0.01)) == 2  # the press figure differs by 2 %
    assert disagreements(japan(), "reports", threshold=0.5) == []


def test_summaries_are_computed_from_the_data():
    assert personnel_summary(main_rows()) == (
        "DoD reports (main): 50,000 in September 1960, 60,000 at the highest in December 2009, "
        "45,000 in June 2010 (the latest report)."
    )
    by_service = personnel_by_service(personnel_rows(), SERIES, "Japan", "reports")
    assert (
        service_summary(by_service)
        == "DoD reports (main), June 2010 (latest with services): Navy 20,000, Marine Corps 15,000."
    )
    assert series_with_services(personnel_rows(), "Japan") == ["reports"]


def test_month_year_and_year_ranges():
    assert month_year("2025-12") == "December 2025"
    assert month_year("1957-07-01") == "July 1957"
    assert month_year("1957") == "1957"
    assert year_ranges([2025, 1979, 1980, 1981, 2007, 2013, 2014]) == "1979–1981, 2007, 2013–2014, 2025"


def hns_rows():
    rows = [
        (1978, "hns", "total", 62.0, True),
        (1978, "hns", "total", 78.0, False),
        (1980, "hns", "total", 300.0, True),
        (1980, "hns", "labor", 200.0, True),
        (1980, "hns", "welfare", 100.0, True),
        (1981, "hns", "total", 400.0, True),
        (1981, "hns", "utilities", 50.0, True),  # only one category: partial
        (1982, "hns", "labor", 10.0, True),  # no total at all: partial
        (1980, "saco", "total", 10.0, True),
        (1981, "saco", "total", 12.0, True),
        (1983, "saco", "total", 15.0, True),
        (1984, "base_related_total", "total", 900.0, True),
    ]
    columns = ["fiscal_year", "series", "category", "amount_jpy_100m", "preferred"]
    return pd.DataFrame(rows, columns=columns).assign(budget_basis="initial budget", source="test", as_of="2020")


def test_preferred_totals_and_the_years_without_one_through_the_latest_year_of_the_table():
    hns = hns_rows()
    totals = hns_totals(hns)
    assert list(zip(totals["fiscal_year"], totals["amount_jpy_100m"], strict=True)) == [
        (1978, 62),
        (1980, 300),
        (1981, 400),
    ]
    assert missing_years(totals) == [1979]
    assert missing_years(totals, through=int(hns["fiscal_year"].max())) == [1979, 1982, 1983, 1984]
    assert latest_hns(hns).value == 400.0


def test_a_breakdown_is_complete_only_when_it_adds_up_to_the_years_total():
    totals = with_amount(hns_totals(hns_rows()), None, "JPY")
    breakdown = hns_breakdown(with_amount(hns_by_category(hns_rows()), None, "JPY"), totals)
    by_year = breakdown.groupby("fiscal_year")["breakdown"].first().to_dict()
    assert by_year == {1980: "complete", 1981: "partial", 1982: "partial"}
    year = breakdown[breakdown["fiscal_year"] == 1980]
    assert list(year["category"]) == ["welfare", "labor"]  # the categories' fixed order, stacked from 0
    assert list(zip(year["low"], year["high"], strict=True)) == [(0, 100), (100, 300)]
    assert breakdown.loc[breakdown["fiscal_year"] == 1981, "published_total"].tolist() == [400]
    assert breakdown.loc[breakdown["fiscal_year"] == 1982, "published_total"].isna().all()
    assert category_summary(breakdown) == (
        "A full breakdown by category is published for FY1980; for FY1981–1982 only some categories are "
        "published (pale bars inside the year's total: not a fall in support)."
    )


def test_hns_summary_names_first_highest_latest_and_the_gaps():
    totals = with_amount(hns_totals(hns_rows()), None, "JPY")
    assert hns_summary(totals, [1979, 1982]) == (
        "Host-nation support was 62 億円 in FY1978, 400 億円 at the highest in FY1981 and 400 億円 in FY1981; "
        "no total is published for FY1979, 1982 (gaps)."
    )


def test_related_budgets_break_their_lines_at_missing_years():
    related = with_amount(related_budgets(hns_rows()), None, "JPY")
    assert related.groupby("run")["fiscal_year"].apply(list).tolist() == [[1980, 1981], [1983]]
    assert related_summary(related) == "SACO-related: FY1980–1983, 15 億円 in FY1983."


def test_usd_uses_the_years_rate_and_leaves_years_without_one_empty():
    totals = hns_totals(hns_rows())
    rates = pd.DataFrame({"year": [1978], "jpy_per_usd": [200.0]})
    usd = with_amount(totals, rates, "USD")
    assert usd["amount"].iloc[0] == pytest.approx(62 * 1e8 / 200 / 1e6)
    assert pd.isna(usd["amount"].iloc[1])
    assert with_amount(totals, rates, "JPY")["amount"].tolist() == [62.0, 300.0, 400.0]


def test_sma_spans_need_both_ends():
    sma = pd.DataFrame({"name": ["a", "b"], "first_fy": [2016.0, 1987.0], "last_fy": [2020.0, None]})
    assert sma_spans(sma)[["name", "first_fy", "last_fy"]].values.tolist() == [["a", 2016, 2020]]


def test_shipped_tables_give_the_main_series_to_the_latest_report_and_flag_december_2015():
    personnel, series = load_table("personnel").frame, load_table("personnel_series").frame
    main = main_series(personnel, series, "Japan")
    totals = personnel_totals(personnel, series, "Japan")
    rows = totals[totals["series"] == main]
    assert rows["as_of"].min() <= "1950-12"
    assert latest_personnel(personnel, series).as_of >= "2025"
    assert "2015-12" in set(spikes(rows)["as_of"])
    assert [p.first[:4] for p in definition_periods(rows)] == ["1950", "1974", "1977", "2008"]
    hns = load_table("host_nation_support").frame
    gaps = missing_years(hns_totals(hns), through=int(hns["fiscal_year"].max()))
    assert {1979, 1995, 2007, 2011, 2013, 2014} <= set(gaps)
