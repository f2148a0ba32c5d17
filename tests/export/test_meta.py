"""Download metadata states exclusive-use and temporary-use areas apart."""

from datetime import date

import pytest

from basemap.export.layers import ExportLayer
from basemap.export.meta import ExportMeta, area_totals, layer_metadata, metadata_lines
from basemap.filters import FilterState
from tests.support.layers import atlas_layers

META = ExportMeta("all facilities", "all", date(2026, 11, 30), "test")


def test_facility_layer_metadata_states_both_area_totals_apart(sample_facilities):
    sample_facilities.loc[1, "sofa_category"] = "2-4(b)"
    facilities = atlas_layers(sample_facilities, None, FilterState())[0]
    totals = layer_metadata(facilities, META)["area_totals"]
    assert totals["exclusive_use_area_km2"] == pytest.approx(19.855)
    assert (totals["exclusive_use_with_area"], totals["exclusive_use_facilities"]) == (1, 1)
    assert totals["temporary_use_area_km2"] == pytest.approx(2.3)
    assert (totals["temporary_use_with_area"], totals["temporary_use_facilities"]) == (1, 1)
    assert "not part of the Ministry's exclusive-use figures" in totals["definitions"]
    lines = metadata_lines(facilities, META)
    assert "  Exclusive-use area (SOFA 2-1(a)/2-4(a)): 19.855 km² (1 of 1 facilities have an area)" in lines
    assert "  Temporary-use area (SOFA 2-4(b)): 2.300 km² (1 of 1 facilities have an area)" in lines
    assert not any("22.155" in line for line in lines)  # never added up


def test_other_layers_and_returned_facilities_carry_no_area_totals(sample_facilities):
    returned = sample_facilities[sample_facilities["status"] == "returned"]
    layer = ExportLayer("usfj-returned-facilities", "Returned", returned, (), "2015")
    assert area_totals(layer) is None
    table = ExportLayer("t", "Table", returned.drop(columns="geometry").copy(), (), "2015")
    assert area_totals(table) is None
