"""Facility footprints (OpenStreetMap outlines) joined to the facilities they outline.

The facility records keep their points; a footprint is extra geometry beside a record, looked up
by the record's id, so filters, tables and downloads of the facilities are unchanged by it.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

OSM_CREDIT = "© OpenStreetMap contributors, ODbL"
FOOTPRINT_COLUMNS = ["outline", "partial", "cover_percent", "source"]


def join_footprints(facilities: pd.DataFrame, footprints: gpd.GeoDataFrame | None) -> pd.DataFrame:
    """Each facility's footprint, row for row with `facilities` (same index): the outline (None
    where no footprint is known), whether it is partial, how much of the published area it covers
    (percent, None when no area is published) and its source."""
    empty = [None] * len(facilities)
    joined = pd.DataFrame(
        {column: pd.Series(empty, index=facilities.index, dtype=object) for column in FOOTPRINT_COLUMNS}
    )
    if footprints is None or footprints.empty:
        return joined
    by_id = footprints.set_index("facility_id")
    found = facilities["id"].isin(by_id.index)
    ids = facilities.loc[found, "id"]
    matched = by_id.loc[ids]
    published = matched["area_km2_published"].astype(float)
    cover = (100 * matched["area_km2_footprint"].astype(float) / published).where(published > 0)
    joined.loc[found, "outline"] = matched.geometry.to_numpy()
    joined.loc[found, "partial"] = matched["partial"].astype(bool).to_numpy()
    joined.loc[found, "cover_percent"] = [None if pd.isna(c) else float(c) for c in cover]
    joined.loc[found, "source"] = matched["source"].to_numpy()
    return joined


def facility_shapes(facilities: pd.DataFrame, footprints: gpd.GeoDataFrame | None) -> list[BaseGeometry | None]:
    """What a facility is on the ground, row for row: its outline where a footprint is known,
    otherwise its point (None when it has neither)."""
    outlines = join_footprints(facilities, footprints)["outline"]
    return [
        outline if outline is not None else point
        for outline, point in zip(outlines, facilities["geometry"], strict=True)
    ]
