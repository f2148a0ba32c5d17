"""Headline figures, per-prefecture figures, the display table and the completeness of a
(filtered) facility layer."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from basemap.filters import counted
from basemap.i18n import ENGLISH, N_, Language
from basemap.prefectures import OKINAWA, PREFECTURES
from basemap.values import located, published
from basemap.vocabulary import EXCLUSIVE_USE, SERVICES, SOFA_CATEGORIES, STATUSES, TEMPORARY_USE

EXCLUSIVE_USE_NOTE = N_(
    "Exclusive use: facilities provided under SOFA Art. 2-1(a), and 2-4(a) (also used by Japan) — the "
    "Ministry of Defense's measure (専用施設)."
)
TEMPORARY_USE_NOTE = N_(
    "Temporary use: facilities, mostly of the Self-Defense Forces, that U.S. forces use for limited periods under SOFA "
    "Art. 2-4(b) — not part of the Ministry's exclusive-use figures, and never added to them here."
)


@dataclass(frozen=True)
class AreaFigure:
    """A sum of published areas under one definition, with how many facilities it covers."""

    km2: float
    with_area: int  # facilities of this definition with a published area
    facilities: int  # facilities of this definition shown

    @property
    def coverage(self) -> str:
        """E.g. "39 of 41 have an area" (published)."""
        return self.coverage_in(ENGLISH)

    def coverage_in(self, _: Language) -> str:
        """The coverage in the reader's language ("41施設中39施設に面積あり")."""
        return _("{with_area} of {facilities} have an area").format(
            with_area=self.with_area, facilities=self.facilities
        )


@dataclass(frozen=True)
class Headline:
    """Figures over the facilities shown. Exclusive-use and temporary-use areas are different
    definitions (the Ministry of Defense totals count only the first) and are never added up."""

    count: int
    located: int  # with a sourced point on the map
    exclusive: AreaFigure  # SOFA 2-1(a) + 2-4(a): the Ministry of Defense's measure
    temporary: AreaFigure  # SOFA 2-4(b): temporary use, mostly SDF training areas
    okinawa_exclusive_area_km2: float
    okinawa_count: int  # facilities shown in Okinawa

    @property
    def okinawa_share(self) -> float | None:
        """Okinawa's share of the exclusive-use area shown (the Ministry of Defense's measure);
        None when no such area is shown, or when all or none of the facilities shown are in
        Okinawa (then the share is 100% or 0% by construction and says nothing)."""
        if self.exclusive.km2 <= 0 or self.okinawa_count in (0, self.count):
            return None
        return self.okinawa_exclusive_area_km2 / self.exclusive.km2


def _area_figure(area: pd.Series, mask: pd.Series) -> AreaFigure:
    return AreaFigure(float(area[mask].sum()), int(area[mask].notna().sum()), int(mask.sum()))


def headline(facilities: gpd.GeoDataFrame) -> Headline:
    """Figures over the facilities still provided, each counted once (returned ones and the
    parts recorded for announced returns are left out, as in the Ministry of Defense's totals)."""
    current = facilities[counted(facilities)]
    area = pd.to_numeric(current["area_km2"], errors="coerce")
    exclusive = current["sofa_category"].isin(EXCLUSIVE_USE)
    okinawa = current["prefecture_code"] == OKINAWA
    return Headline(
        count=len(current),
        located=int(located(current).sum()),
        exclusive=_area_figure(area, exclusive),
        temporary=_area_figure(area, current["sofa_category"].isin(TEMPORARY_USE)),
        okinawa_exclusive_area_km2=float(area[exclusive & okinawa].sum()),
        okinawa_count=int(okinawa.sum()),
    )


def shows_everything(shown: gpd.GeoDataFrame, facilities: gpd.GeoDataFrame) -> bool:
    """True when the facilities shown are all the facilities still provided (the national
    view), whatever the filter says: then the Ministry of Defense's national figure applies."""
    return set(shown.loc[counted(shown), "id"]) == set(facilities.loc[counted(facilities), "id"])


PREFECTURE_FIGURES = (
    "facility_count",
    "area_km2",
    "exclusive_use_area_km2",
    "temporary_use_area_km2",
    "without_area",
    "personnel",
)


def by_prefecture(facilities: gpd.GeoDataFrame) -> pd.DataFrame:
    """Figures per prefecture, one row for each of the 47 codes: the one definition of each measure
    that the map's shading and symbols and the prefecture download layer show (the sidebar's counts
    per prefecture count the same facilities: filters.counted).

    Over the facilities still provided, each counted once (filters.counted: returned facilities
    and the parts recorded for announced returns are left out):

    - facility_count: how many facilities;
    - area_km2: the sum of their published areas, every SOFA category ("facility area": exclusive
      and temporary use added up, a measure of this atlas, not one the Ministry publishes);
    - exclusive_use_area_km2: the same sum over exclusive use only (SOFA 2-1(a), 2-4(a)), the
      Ministry of Defense's measure;
    - temporary_use_area_km2: the same sum over temporary use only (SOFA 2-4(b));
    - without_area: how many have no published area (both sums leave them out: lower bounds);
    - personnel: the sum of officially stated per-facility head counts (0 where none is stated).

    A sum over nothing published is 0; areas are rounded to 0.001 km².
    """
    current = facilities[counted(facilities)]
    area = pd.to_numeric(current["area_km2"], errors="coerce")
    codes = current["prefecture_code"]
    exclusive = current["sofa_category"].isin(EXCLUSIVE_USE)
    temporary = current["sofa_category"].isin(TEMPORARY_USE)
    figures = pd.DataFrame(
        {
            "facility_count": codes.value_counts(),
            "area_km2": area.groupby(codes).sum(),
            "exclusive_use_area_km2": area[exclusive].groupby(codes[exclusive]).sum(),
            "temporary_use_area_km2": area[temporary].groupby(codes[temporary]).sum(),
            "without_area": area.isna().groupby(codes).sum(),
            "personnel": pd.to_numeric(current["personnel"], errors="coerce").groupby(codes).sum(),
        }
    )
    figures = figures.reindex(list(PREFECTURES)).fillna(0)
    figures.index.name = "prefecture_code"
    whole = ["facility_count", "without_area"]
    figures[whole] = figures[whole].astype(int)
    areas = ["area_km2", "exclusive_use_area_km2", "temporary_use_area_km2"]
    figures[areas] = figures[areas].round(3)
    return figures[list(PREFECTURE_FIGURES)]


TABLE_ROW_LIMIT = 1_000  # rows the map page lists; more would only slow the page (the downloads have all)
TABLE_COLUMNS = {
    "name_en": N_("Facility"),
    "name_ja": "名称",
    "prefecture_en": N_("Prefecture"),
    "municipalities_ja": N_("Municipality"),
    "service": N_("Service"),
    "sofa_category": N_("SOFA category"),
    "status": N_("Status"),
    "area_km2": N_("Area (km²)"),
    "area_as_of": N_("Area as of"),
    "sources": N_("Sources"),
    "as_of": N_("As of"),
    "id": N_("ID"),
}
# In Japanese: the Japanese name first, the English one after it, and the coded values as words.
_JAPANESE_TABLE = {
    "name_ja": "名称",
    "name_en": "英語名称",
    "prefecture_ja": "都道府県",
    **{key: label for key, label in TABLE_COLUMNS.items() if key not in ("name_en", "name_ja", "prefecture_en")},
}


def facility_table(facilities: gpd.GeoDataFrame, _: Language = ENGLISH) -> pd.DataFrame:
    """The facilities as a plain table, largest area first (unknown areas last); column names and
    coded values in the reader's language."""
    columns = _JAPANESE_TABLE if _.ja else TABLE_COLUMNS
    table = pd.DataFrame(facilities)[list(dict.fromkeys([*columns, "name_en"]))]  # no copy of the geometries
    for column in ("municipalities_ja", "sources"):
        table[column] = table[column].map(lambda values: "; ".join(values or []))
    table["area_km2"] = pd.to_numeric(table["area_km2"], errors="coerce")
    table = table.sort_values(["area_km2", "name_en"], ascending=[False, True], na_position="last")
    if _.ja:
        for column, vocabulary in (("service", SERVICES), ("sofa_category", SOFA_CATEGORIES), ("status", STATUSES)):
            table[column] = table[column].map(
                lambda code, v=vocabulary: v.label(code, _) if isinstance(code, str) else code
            )
    return table.rename(columns={key: _(label) for key, label in columns.items()}).reset_index(drop=True)


def completeness(facilities: gpd.GeoDataFrame, _: Language = ENGLISH) -> pd.DataFrame:
    """How many of the facilities still provided have each key field published, by SOFA category.

    Users citing the atlas need to see what is still missing, not only what is there.
    """
    current = facilities[counted(facilities)]
    fields = {
        N_("Facilities"): pd.Series(True, index=current.index),
        N_("Point on the map"): located(current),
        N_("Area"): published(current["area_km2"]),
        N_("Area with its date"): published(current["area_km2"]) & published(current["area_as_of"]),
        N_("Managing service"): published(current["service"]),
        N_("Municipality"): published(current["municipalities_ja"]),
        N_("Function"): published(current["function"]),
        N_("Personnel (officially stated)"): published(current["personnel"]),
    }
    categories = sorted(current["sofa_category"].unique())
    field, everything = _("Field"), _("All")
    rows = []
    for label, present in fields.items():
        row: dict[str, str | int] = {field: _(label)}
        for category in categories:
            row[category] = int(present[current["sofa_category"] == category].sum())
        row[everything] = int(present.sum())
        rows.append(row)
    return pd.DataFrame(rows, columns=[field, *categories, everything])
