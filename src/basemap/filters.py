"""The facility filters: one state object, applied as a pure function."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from basemap.prefectures import PREFECTURES, REGIONS
from basemap.vocabulary import FACILITY_SERVICES, SOFA_CATEGORIES

MAP_VIEWS = {
    "facilities": "Facility markers",
    "shade-count": "Prefectures shaded by facility count",
    "shade-area": "Prefectures shaded by facility area",
    "symbols-count": "Symbols sized by facility count",
    "symbols-area": "Symbols sized by facility area",
    "symbols-personnel": "Symbols sized by personnel (where published)",
}


@dataclass(frozen=True)
class FilterState:
    """What the user chose; an empty tuple means "no restriction"."""

    prefectures: tuple[str, ...] = ()  # 2-digit codes
    regions: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    include_returned: bool = False  # facilities already returned to Japan are hidden by default
    view: str = "facilities"  # how the map draws them (MAP_VIEWS); not a filter, but part of the shared view

    @classmethod
    def of(
        cls,
        prefectures: Iterable[str] = (),
        regions: Iterable[str] = (),
        services: Iterable[str] = (),
        categories: Iterable[str] = (),
        include_returned: bool = False,
        view: str = "facilities",
    ) -> FilterState:
        """A state in canonical order (codes sorted, the rest in their option order, no repeats),
        so equal choices give equal states and equal URLs."""
        regions, services, categories = set(regions), set(services), set(categories)
        return cls(
            prefectures=tuple(sorted(set(prefectures))),
            regions=tuple(r for r in REGIONS if r in regions),
            services=tuple(s for s in FACILITY_SERVICES.codes if s in services),
            categories=tuple(c for c in SOFA_CATEGORIES.codes if c in categories),
            include_returned=include_returned,
            view=view if view in MAP_VIEWS else "facilities",
        )

    def describe(self) -> str:
        """A short human label of the filter, e.g. for captions and file metadata."""
        parts = []
        if self.prefectures:
            parts.append("prefecture: " + ", ".join(PREFECTURES[c].name_en for c in self.prefectures))
        if self.regions:
            parts.append("region: " + ", ".join(self.regions))
        if self.services:
            parts.append("service: " + ", ".join(self.services))
        if self.categories:
            parts.append("SOFA category: " + ", ".join(self.categories))
        parts.append("returned facilities included" if self.include_returned else "returned facilities hidden")
        return "; ".join(parts)


def region_of(prefecture_codes: gpd.GeoSeries) -> gpd.GeoSeries:
    return prefecture_codes.map(lambda code: PREFECTURES[code].region)


def not_returned(facilities: gpd.GeoDataFrame) -> pd.Series:
    """True for facilities still provided to U.S. forces (active or return only planned)."""
    return facilities["status"] != "returned"


def counted(facilities: gpd.GeoDataFrame) -> pd.Series:
    """True for the facilities that count as one each: still provided, and not a part recorded
    for an announced return (the part is inside its facility's figures already)."""
    return not_returned(facilities) & facilities["part_of"].isna()


def apply_filters(facilities: gpd.GeoDataFrame, state: FilterState) -> gpd.GeoDataFrame:
    """The facilities that match every non-empty part of the state, in input order."""
    keep = facilities["prefecture_code"].notna()
    if not state.include_returned:
        keep &= not_returned(facilities)
    if state.prefectures:
        keep &= facilities["prefecture_code"].isin(state.prefectures)
    if state.regions:
        keep &= region_of(facilities["prefecture_code"]).isin(state.regions)
    if state.services:
        keep &= facilities["service"].isin(state.services)
    if state.categories:
        keep &= facilities["sofa_category"].isin(state.categories)
    return facilities[keep]
