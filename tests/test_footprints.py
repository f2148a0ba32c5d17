"""Footprints joined to the facilities they outline (basemap.footprints)."""

import pandas as pd
from shapely.geometry import box

from basemap.footprints import facility_shapes, join_footprints
from basemap.load import load_layer
from tests.factories import export_facilities, footprints_for

OUTLINE = box(127.75, 26.34, 127.79, 26.37)


def test_each_facility_gets_its_own_footprint_row_for_row():
    facilities = export_facilities()
    joined = join_footprints(
        facilities, footprints_for(("FAC6037", OUTLINE, True, 19.855), ("FAC6101", OUTLINE, False, None))
    )
    assert list(joined.index) == list(facilities.index)
    by_id = joined.set_axis(facilities["id"])
    assert by_id.loc["FAC6037", "outline"].equals(OUTLINE)
    assert by_id.loc["FAC6037", "partial"] is True
    assert round(by_id.loc["FAC6037", "cover_percent"], 1) == round(100 * 4.0 / 19.855, 1)
    assert by_id.loc["FAC6101", "cover_percent"] is None  # no published area: no share
    assert by_id.loc["FAC3099", "outline"] is None
    assert by_id.loc["FAC3099", "source"] is None


def test_no_footprints_leaves_every_facility_without_one():
    facilities = export_facilities()
    for footprints in (None, footprints_for()):
        joined = join_footprints(facilities, footprints)
        assert joined["outline"].isna().all()
        assert len(joined) == len(facilities)


def test_shapes_are_outlines_where_known_else_points():
    facilities = export_facilities()
    shapes = facility_shapes(facilities, footprints_for(("FAC6037", OUTLINE, False, 19.855)))
    assert shapes[0].equals(OUTLINE)
    assert shapes[1] is facilities.geometry.iloc[1]
    assert shapes[3] is None  # no location, no footprint
    one = facility_shapes(pd.DataFrame([facilities.iloc[0]]), None)
    assert one[0].geom_type == "Point"


def test_every_real_footprint_joins_a_located_facility():
    """The layer file draws an outline beside its facility's point, so each footprint needs one."""
    facilities = load_layer("facilities").frame
    joined = join_footprints(facilities, load_layer("footprints").frame)
    with_outline = joined["outline"].notna()
    assert int(with_outline.sum()) == len(load_layer("footprints").frame)
    assert facilities.loc[with_outline, "geometry"].notna().all()
