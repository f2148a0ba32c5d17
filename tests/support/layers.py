"""The export layers of a view, built: the tests check what `planned_layers` plans, as the files get it."""

from __future__ import annotations

import geopandas as gpd

from basemap.export.layers import ExportLayer, planned_layers
from basemap.filters import FilterState


def atlas_layers(
    shown: gpd.GeoDataFrame,
    prefectures: gpd.GeoDataFrame | None,
    state: FilterState,
    footprints: gpd.GeoDataFrame | None = None,
) -> list[ExportLayer]:
    """The map's layers exactly as filtered, every planned one built."""
    return [planned.build() for planned in planned_layers(shown, prefectures, state, footprints)]
