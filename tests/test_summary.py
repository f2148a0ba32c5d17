import pytest

from basemap.summary import TABLE_COLUMNS, facility_table, headline


def test_headline_counts_area_and_okinawa_share(sample_facilities):
    figures = headline(sample_facilities)
    # the returned Okinawa facility counts nowhere: not in the count, the area or the share
    assert figures.count == 2 and figures.located == 2 and figures.with_area == 2
    assert figures.area_km2 == pytest.approx(19.855 + 2.3)
    assert figures.okinawa_share == pytest.approx(19.855 / (19.855 + 2.3))


def test_headline_counts_a_facility_once_not_its_parts(sample_facilities):
    sample_facilities.loc[2, ["status", "part_of"]] = ["return_planned", "FAC6037"]
    assert headline(sample_facilities).count == 2


def test_headline_without_areas(sample_facilities):
    sample_facilities["area_km2"] = None
    figures = headline(sample_facilities)
    assert figures.with_area == 0 and figures.area_km2 == 0 and figures.okinawa_share is None


def test_table_sorted_by_area_with_readable_columns(sample_facilities):
    sample_facilities.loc[1, "area_km2"] = None
    table = facility_table(sample_facilities)
    assert list(table.columns) == list(TABLE_COLUMNS.values())
    assert list(table["ID"]) == ["FAC6037", "FAC6099", "FAC3099"]
    assert table.loc[0, "Municipality"] == "嘉手納町"
