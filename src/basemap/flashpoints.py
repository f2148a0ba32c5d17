"""Flashpoints beside the facilities: event tables and geodesic distances both ways.

Answers the page's two questions: which U.S. facilities are nearest to a flashpoint, and how far
a given facility is from each flashpoint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from basemap.filters import not_returned
from basemap.footprints import facility_shapes
from basemap.geodesy import centre_of, km_to_nmi, range_ring, shape_distance_km
from basemap.values import located
from basemap.vocabulary import FLASHPOINT_KINDS


def _years(flashpoints: pd.DataFrame) -> list[int]:
    return sorted(int(e["date"][:4]) for events in flashpoints["events"] for e in events)


def event_years(flashpoints: pd.DataFrame) -> tuple[int, int]:
    """First and last year of any event (the bounds of the page's year slider)."""
    years = _years(flashpoints)
    return years[0], years[-1]


DENSE_WINDOW_YEARS = 10
DENSE_MIN_EVENTS = 5


def dense_start_year(
    flashpoints: pd.DataFrame, window: int = DENSE_WINDOW_YEARS, min_events: int = DENSE_MIN_EVENTS
) -> int:
    """Where the events become dense (the year slider's default start): the first event year that
    begins a `window`-year span holding at least `min_events` events. The few early events before
    it (e.g. 1855, 1895, 1905) stay reachable on the slider. Without such a span: the first year."""
    years = _years(flashpoints)
    for i, year in enumerate(years):
        if sum(1 for later in years[i:] if later < year + window) >= min_events:
            return year
    return years[0]


def events_table(flashpoints: pd.DataFrame, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Every dated event, newest first, optionally within a year range (inclusive)."""
    rows = [
        {"Date": e["date"], "Flashpoint": fp["name_en"], "Event": e["title"], "Source": e["source"], "id": fp["id"]}
        for _, fp in flashpoints.iterrows()
        for e in fp["events"]
    ]
    table = pd.DataFrame(rows, columns=["Date", "Flashpoint", "Event", "Source", "id"])
    if years is not None:
        year = table["Date"].str[:4].astype(int)
        table = table[(year >= years[0]) & (year <= years[1])]
    return table.sort_values(["Date", "Flashpoint"], ascending=[False, True], kind="stable").reset_index(drop=True)


def impacts_in_years(impacts: pd.DataFrame, years: tuple[int, int] | None) -> pd.DataFrame:
    """The missile impacts dated within the year range (inclusive); all of them without one."""
    if years is None:
        return impacts
    year = impacts["date"].str[:4].astype(int)
    return impacts[(year >= years[0]) & (year <= years[1])]


def _located_current(facilities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return facilities[not_returned(facilities) & located(facilities)]


def nearest_facilities(
    flashpoint: pd.Series,
    facilities: gpd.GeoDataFrame,
    limit: int | None = 15,
    footprints: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """Located facilities still in use, nearest first, with geodesic distances in km and nmi, from
    the nearest part of a facility's footprint where one is known (else from its point); distances are
    the first columns, so a narrow screen shows them."""
    current = _located_current(facilities)
    km = [shape_distance_km(shape, flashpoint.geometry) for shape in facility_shapes(current, footprints)]
    table = pd.DataFrame(
        {
            "Distance (km)": km,
            "Distance (nmi)": [km_to_nmi(d) for d in km],
            "Facility": current["name_en"].to_numpy(),
            "Prefecture": current["prefecture_en"].to_numpy(),
            "Service": current["service"].to_numpy(),
            "id": current["id"].to_numpy(),
        }
    )
    table = table.sort_values(["Distance (km)", "id"], kind="stable").reset_index(drop=True)
    return table if limit is None else table.head(limit)


def distances_from_facility(
    facility: pd.Series, flashpoints: gpd.GeoDataFrame, footprints: gpd.GeoDataFrame | None = None
) -> pd.DataFrame:
    """Geodesic distance from one facility (the nearest part of its footprint where one is known)
    to the nearest part of every located flashpoint (distances first, as in nearest_facilities)."""
    drawn = flashpoints[located(flashpoints)]
    record = facility if "id" in facility else pd.concat([facility, pd.Series({"id": facility.name})])  # id as index
    [shape] = facility_shapes(pd.DataFrame([record]), footprints)
    km = [shape_distance_km(shape, geometry) for geometry in drawn.geometry]
    table = pd.DataFrame(
        {
            "Distance (km)": km,
            "Distance (nmi)": [km_to_nmi(d) for d in km],
            "Flashpoint": drawn["name_en"].to_numpy(),
            "Kind": drawn["kind"].map(FLASHPOINT_KINDS.label).to_numpy(),
            "id": drawn["id"].to_numpy(),
        }
    )
    return table.sort_values(["Distance (km)", "id"], kind="stable").reset_index(drop=True)


DEFAULT_FLASHPOINT = "FP-senkaku-islands"
DEFAULT_RADII_KM = (500.0, 1000.0, 1500.0)
MAX_RADIUS_KM = 5000.0


def parse_radii(text: str) -> tuple[list[float], list[str]]:
    """Ring radii from "500, 1000, 1500" (km); bad entries are dropped with a notice."""
    radii: list[float] = []
    notices: list[str] = []
    for item in text.replace(";", ",").split(","):
        item = item.strip().lower().removesuffix("km").strip()
        if not item:
            continue
        try:
            value = float(item)
        except ValueError:
            notices.append(f"Ignored ring radius {item!r}: not a number.")
            continue
        if not 0 < value <= MAX_RADIUS_KM:
            notices.append(f"Ignored ring radius {value:g} km: must be above 0 and at most {MAX_RADIUS_KM:,.0f} km.")
            continue
        if value not in radii:
            radii.append(value)
    return sorted(radii), notices


def rings_frame(centre: tuple[float, float], radii_km: Iterable[float], label: str) -> gpd.GeoDataFrame:
    """Geodesic range rings around a centre (lon, lat) as a layer: one polygon per radius."""
    radii = sorted(set(radii_km))
    return gpd.GeoDataFrame(
        {
            "centre": [label] * len(radii),
            "radius_km": radii,
            "radius_nmi": [round(km_to_nmi(r), 1) for r in radii],
        },
        geometry=[shapely.Polygon(range_ring(*centre, r).exterior) for r in radii],
        crs="EPSG:4326",
    )


@dataclass(frozen=True)
class FlashpointView:
    """What the Flashpoints page shows: the flashpoint (id), the ring radii (km) and the event years
    (None: all). Kept once per session, so the Downloads page exports what the page showed."""

    flashpoint: str = DEFAULT_FLASHPOINT
    radii_km: tuple[float, ...] = DEFAULT_RADII_KM
    years: tuple[int, int] | None = None

    def bounds(self, flashpoints: gpd.GeoDataFrame) -> tuple[float, float, float, float] | None:
        """(min lon, min lat, max lon, max lat) the map frames: the largest ring, or the flashpoint
        itself without rings; None when it has no location."""
        framed = self.rings(flashpoints)
        if framed is None:
            framed = flashpoints[(flashpoints["id"] == self.flashpoint) & located(flashpoints)]
        if framed.empty:
            return None
        minx, miny, maxx, maxy = (float(v) for v in framed.total_bounds)
        return minx, miny, maxx, maxy

    def rings(self, flashpoints: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
        """The range rings around the flashpoint; None when it has no location or no radius is chosen."""
        chosen = flashpoints[(flashpoints["id"] == self.flashpoint) & located(flashpoints)]
        if chosen.empty or not self.radii_km:
            return None
        row = chosen.iloc[0]
        return rings_frame(centre_of(row.geometry), self.radii_km, row["name_en"])
