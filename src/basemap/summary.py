"""Headline figures, per-prefecture figures, the display table and the completeness of a
(filtered) facility layer."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from basemap.filters import counted
from basemap.prefectures import OKINAWA, PREFECTURES
from basemap.values import located, published
from basemap.vocabulary import EXCLUSIVE_USE


@dataclass(frozen=True)
class Headline:
    count: int
    located: int  # with a sourced point on the map
    area_km2: float  # sum of the published areas
    with_area: int  # how many facilities have a published area
    exclusive_area_km2: float  # exclusive use (2-1(a), 2-4(a)), not yet returned
    okinawa_exclusive_area_km2: float

    @property
    def okinawa_share(self) -> float | None:
        """Okinawa's share of the exclusive-use area shown (the Ministry of Defense's measure);
        None when no such area is shown."""
        if self.exclusive_area_km2 <= 0:
            return None
        return self.okinawa_exclusive_area_km2 / self.exclusive_area_km2


def headline(facilities: gpd.GeoDataFrame) -> Headline:
    """Figures over the facilities still provided, each counted once (returned ones and the
    parts recorded for announced returns are left out, as in the Ministry of Defense's totals)."""
    current = facilities[counted(facilities)]
    area = pd.to_numeric(current["area_km2"], errors="coerce")
    exclusive = current["sofa_category"].isin(EXCLUSIVE_USE)
    okinawa = current["prefecture_code"] == OKINAWA
    on_map = located(current)
    return Headline(
        count=len(current),
        located=int(on_map.sum()),
        area_km2=float(area.sum()),
        with_area=int(area.notna().sum()),
        exclusive_area_km2=float(area[exclusive].sum()),
        okinawa_exclusive_area_km2=float(area[exclusive & okinawa].sum()),
    )


PREFECTURE_FIGURES = ("facility_count", "area_km2", "exclusive_use_area_km2", "without_area", "personnel")


def by_prefecture(facilities: gpd.GeoDataFrame) -> pd.DataFrame:
    """Figures per prefecture, one row for each of the 47 codes: the one definition of each measure
    that the sidebar counts, the map's shading and symbols and the prefecture download layer show.

    Over the facilities still provided, each counted once (filters.counted: returned facilities
    and the parts recorded for announced returns are left out):

    - facility_count: how many facilities;
    - area_km2: the sum of their published areas, every SOFA category ("facility area");
    - exclusive_use_area_km2: the same sum over exclusive use only (SOFA 2-1(a), 2-4(a)), the
      Ministry of Defense's measure;
    - without_area: how many have no published area (both sums leave them out: lower bounds);
    - personnel: the sum of officially stated per-facility head counts (0 where none is stated).

    A sum over nothing published is 0; areas are rounded to 0.001 km².
    """
    current = facilities[counted(facilities)]
    area = pd.to_numeric(current["area_km2"], errors="coerce")
    codes = current["prefecture_code"]
    exclusive = current["sofa_category"].isin(EXCLUSIVE_USE)
    figures = pd.DataFrame(
        {
            "facility_count": codes.value_counts(),
            "area_km2": area.groupby(codes).sum(),
            "exclusive_use_area_km2": area[exclusive].groupby(codes[exclusive]).sum(),
            "without_area": area.isna().groupby(codes).sum(),
            "personnel": pd.to_numeric(current["personnel"], errors="coerce").groupby(codes).sum(),
        }
    )
    figures = figures.reindex(list(PREFECTURES)).fillna(0)
    figures.index.name = "prefecture_code"
    whole = ["facility_count", "without_area"]
    figures[whole] = figures[whole].astype(int)
    areas = ["area_km2", "exclusive_use_area_km2"]
    figures[areas] = figures[areas].round(3)
    return figures[list(PREFECTURE_FIGURES)]


TABLE_ROW_LIMIT = 1_000  # rows the map page lists; more would only slow the page (the downloads have all)
TABLE_COLUMNS = {
    "name_en": "Facility",
    "name_ja": "名称",
    "prefecture_en": "Prefecture",
    "municipalities_ja": "Municipality",
    "service": "Service",
    "sofa_category": "SOFA category",
    "status": "Status",
    "area_km2": "Area (km²)",
    "area_as_of": "Area as of",
    "sources": "Sources",
    "as_of": "As of",
    "id": "ID",
}


def facility_table(facilities: gpd.GeoDataFrame) -> pd.DataFrame:
    """The facilities as a plain table, largest area first (unknown areas last)."""
    table = pd.DataFrame(facilities.drop(columns="geometry"))[list(TABLE_COLUMNS)]
    for column in ("municipalities_ja", "sources"):
        table[column] = table[column].map(lambda values: "; ".join(values or []))
    table["area_km2"] = pd.to_numeric(table["area_km2"], errors="coerce")
    table = table.sort_values(["area_km2", "name_en"], ascending=[False, True], na_position="last")
    return table.rename(columns=TABLE_COLUMNS).reset_index(drop=True)


def completeness(facilities: gpd.GeoDataFrame) -> pd.DataFrame:
    """How many of the facilities still provided have each key field published, by SOFA category.

    Users citing the atlas need to see what is still missing, not only what is there.
    """
    current = facilities[counted(facilities)]
    fields = {
        "Facilities": pd.Series(True, index=current.index),
        "Point on the map": located(current),
        "Area": published(current["area_km2"]),
        "Area with its date": published(current["area_km2"]) & published(current["area_as_of"]),
        "Managing service": published(current["service"]),
        "Municipality": published(current["municipalities_ja"]),
        "Function": published(current["function"]),
        "Personnel (officially stated)": published(current["personnel"]),
    }
    categories = sorted(current["sofa_category"].unique())
    rows = []
    for label, present in fields.items():
        row = {"Field": label}
        for category in categories:
            row[category] = int(present[current["sofa_category"] == category].sum())
        row["All"] = int(present.sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=["Field", *categories, "All"])
