import json

import geopandas as gpd
import pytest

from basemap.catalog import LAYERS
from basemap.load import load_layer
from basemap.summary import (
    TABLE_COLUMNS,
    AreaFigure,
    by_prefecture,
    completeness,
    facility_table,
    headline,
    shows_everything,
)
from tests.factories import collection, facility_feature


def test_headline_counts_area_and_okinawa_share(sample_facilities):
    figures = headline(sample_facilities)
    # the returned Okinawa facility counts nowhere: not in the count, the area or the share
    assert figures.count == 2
    assert figures.located == 2
    assert figures.exclusive == AreaFigure(pytest.approx(19.855 + 2.3), 2, 2)
    assert figures.temporary == AreaFigure(0, 0, 0)
    assert figures.okinawa_share == pytest.approx(19.855 / (19.855 + 2.3))


def test_headline_keeps_exclusive_and_temporary_use_apart(sample_facilities):
    sample_facilities.loc[1, "sofa_category"] = "2-4(b)"
    figures = headline(sample_facilities)
    assert figures.exclusive == AreaFigure(pytest.approx(19.855), 1, 1)
    assert figures.temporary == AreaFigure(pytest.approx(2.3), 1, 1)
    assert figures.temporary.coverage == "1 of 1 have an area"


def test_no_okinawa_share_when_all_or_none_shown_are_in_okinawa(sample_facilities):
    okinawa = sample_facilities[sample_facilities["prefecture_code"] == "47"]
    kanagawa = sample_facilities[sample_facilities["prefecture_code"] == "14"]
    assert headline(okinawa).okinawa_share is None
    assert headline(kanagawa).okinawa_share is None


def test_shows_everything_only_for_the_whole_layer(sample_facilities):
    assert shows_everything(sample_facilities, sample_facilities)
    assert shows_everything(sample_facilities[sample_facilities["status"] != "returned"], sample_facilities)
    assert not shows_everything(sample_facilities[sample_facilities["prefecture_code"] == "47"], sample_facilities)


def test_headline_counts_a_facility_once_not_its_parts(sample_facilities):
    sample_facilities.loc[2, ["status", "part_of"]] = ["return_planned", "FAC6037"]
    assert headline(sample_facilities).count == 2


def test_headline_without_areas(sample_facilities):
    sample_facilities["area_km2"] = None
    figures = headline(sample_facilities)
    assert figures.exclusive.with_area == 0
    assert figures.exclusive.km2 == 0
    assert figures.okinawa_share is None


def test_headline_of_the_shipped_layer_equals_the_sums_by_category():
    """Computed here independently from the raw file: every facility not returned and not a part."""
    doc = json.loads(LAYERS["facilities"].path.read_text(encoding="utf-8"))
    sums = {"exclusive": [0.0, 0, 0], "temporary": [0.0, 0, 0]}
    for feature in doc["features"]:
        p = feature["properties"]
        if p["status"] == "returned" or p["part_of"]:
            continue
        kind = "temporary" if p["sofa_category"] == "2-4(b)" else "exclusive"
        sums[kind][2] += 1
        if p["area_km2"] is not None:
            sums[kind][0] += p["area_km2"]
            sums[kind][1] += 1
    figures = headline(load_layer("facilities").frame)
    for kind, figure in (("exclusive", figures.exclusive), ("temporary", figures.temporary)):
        km2, with_area, count = sums[kind]
        assert figure == AreaFigure(pytest.approx(km2), with_area, count), kind
    assert figures.count == sums["exclusive"][2] + sums["temporary"][2]


def test_table_sorted_by_area_with_readable_columns(sample_facilities):
    sample_facilities.loc[1, "area_km2"] = None
    table = facility_table(sample_facilities)
    assert list(table.columns) == list(TABLE_COLUMNS.values())
    assert list(table["ID"]) == ["FAC6037", "FAC6099", "FAC3099"]
    assert table.loc[0, "Municipality"] == "嘉手納町"


def test_completeness_counts_published_fields_of_current_facilities_by_category():
    facilities = gpd.GeoDataFrame.from_features(
        collection(
            facility_feature("FAC0001", area_km2=1.0, area_as_of=None),
            facility_feature("FAC0002", sofa_category="2-4(b)", area_km2=None, municipalities_ja=[]),
            facility_feature("FAC0003", status="returned", status_date="2016-12-22"),
        )["features"],
        crs="EPSG:4326",
    )
    facilities.loc[1, "geometry"] = None
    table = completeness(facilities).set_index("Field")
    assert list(table.columns) == ["2-1(a)", "2-4(b)", "All"]
    assert table.loc["Facilities"].tolist() == [1, 1, 2]
    assert table.loc["Point on the map"].tolist() == [1, 0, 1]
    assert table.loc["Area"].tolist() == [1, 0, 1]
    assert table.loc["Area with its date"].tolist() == [0, 0, 0]
    assert table.loc["Municipality"].tolist() == [1, 0, 1]
    assert table.loc["Personnel (officially stated)"].tolist() == [0, 0, 0]


def test_by_prefecture_defines_each_measure_once_for_all_47(sample_facilities):
    sample_facilities["personnel"] = [None, 120, None]
    sample_facilities["sofa_category"] = ["2-1(a)", "2-4(b)", "2-1(a)"]
    figures = by_prefecture(sample_facilities)
    assert len(figures) == 47
    # the returned Okinawa facility is not counted
    assert figures.loc["47", "facility_count"] == 1
    assert figures.loc["47", "area_km2"] == pytest.approx(19.855)
    assert figures.loc["47", "exclusive_use_area_km2"] == pytest.approx(19.855)
    # Kanagawa's one facility is temporary use: its area counts as facility area, not exclusive use
    assert figures.loc["14", "area_km2"] == pytest.approx(2.3)
    assert figures.loc["14", "exclusive_use_area_km2"] == 0
    assert figures.loc["14", "temporary_use_area_km2"] == pytest.approx(2.3)
    assert figures.loc["47", "temporary_use_area_km2"] == 0
    assert figures.loc["14", "personnel"] == 120
    assert figures.loc["01"].tolist() == [0, 0, 0, 0, 0, 0]
