"""The changing layers of the main map for a filter state: built once here, so the app and the
offline HTML download draw the same view."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from basemap.filters import FilterState, not_returned
from basemap.mapview import facility_group, highlight_group
from basemap.thematic import Measure, thematic_layer


def view_groups(
    shown: gpd.GeoDataFrame,
    state: FilterState,
    prefectures: gpd.GeoDataFrame | None,
    personnel: pd.DataFrame | None,
    embed: bool = False,
) -> tuple[list[folium.FeatureGroup], Measure | None]:
    """Thematic layer (if the view asks for one), selected prefectures, current facilities and,
    when switched on, the returned ones as their own layer; plus the thematic measure for the
    legend. `embed` puts the prefecture outlines of a shading into the page (standalone HTML)."""
    groups: list[folium.FeatureGroup] = []
    thematic = thematic_layer(state.view, shown, personnel, prefectures, embed=embed)
    if thematic is not None:
        groups.append(thematic[0])
    if prefectures is not None:
        groups.append(highlight_group(prefectures, state.prefectures))
    current = not_returned(shown)
    groups.append(facility_group(shown[current]))
    if state.include_returned:
        groups.append(facility_group(shown[~current], name="Returned facilities"))
    return groups, thematic[1] if thematic is not None else None
