"""Point checks against reversejp and the prefecture layer, and the shipped exceptions."""

import airportsdata
import geopandas as gpd
import pytest
import shapely

from basemap.load import load_layer
from basemap.locate import (
    LocationProblem,
    airportsdata_problems,
    load_exceptions,
    location_problems,
    municipality_key,
    stale,
    unexplained,
)
from tests.factories import collection, facility_feature


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("横浜市鶴見区", "横浜市"),
        ("横浜市北部", "横浜市"),
        ("大和町西部", "大和町"),
        ("京丹後市丹後町", "京丹後市"),
        ("港区", "港区"),
    ],
)
def test_municipality_key_compares_wards_and_jma_sub_areas_as_the_city(name, key):
    assert municipality_key(name) == key


def _facilities(*features) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame.from_features(collection(*features)["features"], crs="EPSG:4326")


def _okinawa() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"prefecture_code": ["47"]}, geometry=[shapely.box(122, 24, 132, 28)], crs="EPSG:4326")


def test_a_point_in_its_municipality_passes():
    # Kadena Air Base's area (嘉手納町) per reversejp
    facilities = _facilities(facility_feature("FAC0001", lon=127.7677, lat=26.3516, municipalities_ja=["嘉手納町"]))
    assert location_problems(facilities, _okinawa()) == []


def test_a_point_in_another_municipality_or_prefecture_is_reported():
    facilities = _facilities(
        facility_feature("FAC0001", lon=127.7677, lat=26.3516, municipalities_ja=["那覇市"]),
        facility_feature("FAC0002", lon=139.35, lat=35.74, municipalities_ja=["福生市"]),  # Tokyo, stated Okinawa
    )
    problems = location_problems(facilities, _okinawa())
    assert [(p.facility_id, p.check) for p in problems] == [
        ("FAC0001", "municipality"),
        ("FAC0002", "municipality"),
        ("FAC0002", "prefecture_polygon"),
    ]
    assert "嘉手納町" in problems[0].message


def test_two_active_facilities_on_one_point_are_reported_but_a_returned_one_may_share():
    same = {"lon": 127.7677, "lat": 26.3516, "municipalities_ja": ["嘉手納町"]}
    facilities = _facilities(
        facility_feature("FAC0001", **same),
        facility_feature("FAC0002", **same),
        facility_feature("FAC0003", status="returned", **same),
    )
    shared = [p for p in location_problems(facilities, _okinawa()) if p.check == "shared_point"]
    assert [p.facility_id for p in shared] == ["FAC0001", "FAC0002"]


def test_exceptions_explain_problems_and_stale_ones_are_found():
    problems = [LocationProblem("FAC0001", "municipality", "x")]
    exceptions = {("FAC0001", "municipality"): "islet", ("FAC0009", "shared_point"): "fixed long ago"}
    assert unexplained(problems, exceptions) == []
    assert stale(problems, exceptions) == [("FAC0009", "shared_point")]


def test_every_shipped_point_is_in_its_prefecture_and_municipality_or_a_listed_exception():
    problems = location_problems(load_layer("facilities").frame, load_layer("prefectures").frame)
    exceptions = load_exceptions()
    assert unexplained(problems, exceptions) == []
    assert stale(problems, exceptions) == [], "drop exceptions that no longer apply"


def test_a_point_credited_to_airportsdata_must_match_the_installed_package():
    source = "airportsdata 20260905 (OurAirports-derived), ICAO RODN"
    facilities = _facilities(
        facility_feature("FAC0001", lon=127.768, lat=26.3556, coord_source=source),
        facility_feature("FAC0002", lon=127.7, lat=26.3556, coord_source=source),
        facility_feature("FAC0003", lon=127.768, lat=26.3556, coord_source="airportsdata 20250101, ICAO RODN"),
        facility_feature("FAC0004", lon=127.768, lat=26.3556, coord_source="airportsdata 20260905, ICAO ZZZZ"),
        facility_feature("FAC0005", lon=127.7, lat=26.3, coord_source="https://example.org/article"),
    )
    airports = {"RODN": {"lat": 26.3556, "lon": 127.768}}
    problems = airportsdata_problems(facilities, airports, "20260905")
    assert [p.facility_id for p in problems] == ["FAC0002", "FAC0003", "FAC0004"]
    assert "20250101" in problems[1].message


def test_every_shipped_airfield_point_is_the_cited_airportsdata_point():
    facilities = load_layer("facilities").frame
    assert facilities["coord_source"].str.startswith("airportsdata").sum() >= 10
    assert airportsdata_problems(facilities, airportsdata.load("ICAO"), airportsdata.__version__) == []
