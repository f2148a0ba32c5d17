"""Reconciliation of the facility layer with the Ministry of Defense's published totals."""

import geopandas as gpd
import pytest

from basemap.load import load_layer
from basemap.reconcile import (
    area_on,
    checks_table,
    exclusive_on,
    load_totals,
    provided_on,
    reconcile,
    reconcile_snapshot,
)
from tests.factories import collection, facility_feature


def _frame(*features) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame.from_features(collection(*features)["features"], crs="EPSG:4326")


def test_exclusive_on_counts_whole_exclusive_facilities_present_on_the_date():
    facilities = _frame(
        facility_feature("FAC0001"),
        facility_feature("FAC0002", sofa_category="2-4(b)"),
        facility_feature("FAC0003", status="returned", status_date="2021-09-30"),
        facility_feature("FAC0004", status="returned", status_date="2016-12-22"),
        facility_feature("FAC0005", part_of="FAC0001", status="return_planned"),
        facility_feature("FAC0006", sofa_category="2-4(a)", status="return_planned"),
    )
    assert list(exclusive_on(facilities, "2020-01-01")["id"]) == ["FAC0001", "FAC0003", "FAC0006"]


def test_provided_on_leaves_out_a_facility_no_source_shows_before_the_date():
    facilities = _frame(
        facility_feature("FAC0001", sofa_category="2-4(b)"),
        facility_feature("FAC0002", sofa_category="2-4(b)", known_since="2024-06-21"),
    )
    assert list(provided_on(facilities, "2020-03-31")["id"]) == ["FAC0001"]
    assert list(provided_on(facilities, "2024-12-31")["id"]) == ["FAC0001", "FAC0002"]


def test_area_on_takes_the_figure_of_the_date():
    history = [{"area_km2": 8.648, "as_of": "2020-01-01", "source": "s"}]
    row = _frame(facility_feature("FAC0001", area_km2=7.893, area_as_of="2021-01-20", area_history=history)).iloc[0]
    assert area_on(row, "2020-06-30") == 8.648
    assert area_on(row, "2022-01-01") == 7.893
    assert area_on(row, "2018-03-31") == 8.648  # nothing older: the earliest figure


def _snapshot(**figures) -> dict:
    return {"as_of": "2020-01-01", "source": "test", "by_prefecture": [], **figures}


def test_matching_counts_and_areas_pass_and_a_gap_is_a_mismatch():
    facilities = _frame(facility_feature("FAC0001", area_km2=1.0), facility_feature("FAC0002", area_km2=2.0))
    good = reconcile_snapshot(facilities, _snapshot(exclusive_count=2, exclusive_area_km2=3.0), {})
    assert [c.verdict for c in good] == ["matches", "matches"]
    bad = reconcile_snapshot(facilities, _snapshot(exclusive_count=3, exclusive_area_km2=4.0), {})
    assert [c.ok for c in bad] == [False, False]


def test_missing_areas_make_a_lower_bound_not_a_mismatch():
    facilities = _frame(facility_feature("FAC0001", area_km2=1.0), facility_feature("FAC0002", area_km2=None))
    (check,) = reconcile_snapshot(facilities, _snapshot(exclusive_area_km2=3.0), {})
    assert check.ok
    assert check.verdict.startswith("incomplete: 1 area")
    (over,) = reconcile_snapshot(facilities, _snapshot(exclusive_area_km2=0.5), {})
    assert not over.ok
    (slightly_over,) = reconcile_snapshot(facilities, _snapshot(exclusive_area_km2=0.98), {})
    assert slightly_over.ok
    assert "already 0.020 km² over (within tolerance)" in slightly_over.verdict


def test_a_listed_basis_difference_is_reported_with_its_reason():
    facilities = _frame(facility_feature("FAC0001", pref="14", area_km2=2.0))
    snapshot = _snapshot(by_prefecture=[{"prefecture_code": "14", "count": None, "area_km2": 1.0}])
    (check,) = reconcile_snapshot(facilities, snapshot, {"14": "prefecture list counts joint use"})
    assert check.ok
    assert "prefecture list counts joint use" in check.verdict


@pytest.fixture(scope="module")
def shipped_checks():
    return reconcile(load_layer("facilities").frame, load_totals())


def test_the_layer_reconciles_with_the_published_mod_totals(shipped_checks):
    table = checks_table(shipped_checks)
    assert not table.empty
    mismatches = table[~table["Result"].map(lambda r: not r.startswith("MISMATCH"))]
    assert mismatches.empty, mismatches.to_string()


def test_facility_counts_match_the_mod_exactly(shipped_checks):
    counts = [c for c in shipped_checks if c.measure == "facilities" and "temporary" not in c.scope]
    assert {(c.as_of, c.scope) for c in counts} >= {("2020-01-01", "Japan"), ("2020-01-01", "Okinawa")}
    assert all(c.official == c.layer for c in counts)


def test_every_totals_snapshot_names_its_source():
    totals = load_totals()
    assert all(s["source"] and s["as_of"] for s in totals["snapshots"])
    assert set(totals["reconcile"]) <= {s["as_of"] for s in totals["snapshots"]}


def test_the_all_facility_count_is_a_lower_bound_until_the_temporary_use_list_is_complete(shipped_checks):
    [check] = [c for c in shipped_checks if c.scope == "Japan, incl. temporary use"]
    assert check.ok
    assert check.layer <= check.official


def test_more_facilities_than_published_is_a_mismatch():
    facilities = _frame(facility_feature("FAC0001"), facility_feature("FAC0002", sofa_category="2-4(b)"))
    (check,) = reconcile_snapshot(facilities, _snapshot(all_facilities_count=1), {})
    assert not check.ok
    (short,) = reconcile_snapshot(facilities, _snapshot(all_facilities_count=3), {})
    assert short.ok
    assert short.verdict.startswith("incomplete: the layer lists 2 of 3")
