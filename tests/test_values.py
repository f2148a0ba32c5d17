import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from basemap.values import is_missing, located, number, published


@pytest.mark.parametrize("value", [None, float("nan"), pd.NA, "", [], ()])
def test_missing_values(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "0", "text", ["a"], False])
def test_published_values(value):
    assert not is_missing(value)


def test_published_marks_each_value():
    assert published(pd.Series([1.5, None, "", ["x"]], dtype=object)).tolist() == [True, False, False, True]


def test_located_needs_a_non_empty_geometry():
    frame = gpd.GeoDataFrame(geometry=[shapely.Point(1, 2), None, shapely.Point()], crs="EPSG:4326")
    assert located(frame).tolist() == [True, False, False]


def test_number_is_a_published_number_or_none():
    assert number(19.855) == 19.855
    assert number(np.int64(3)) == 3.0
    assert isinstance(number(np.int64(3)), float)
    for missing in (None, float("nan"), pd.NA, "", "19.8", [1]):
        assert number(missing) is None
