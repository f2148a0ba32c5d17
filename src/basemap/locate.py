"""Check facility points against independent boundaries: reversejp (JMA areas) and our prefectures.

A coordinate copied from the wrong article, or with latitude and longitude swapped, lands in the
wrong municipality; these checks catch that. Known exceptions live in a data file with a reason.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd

from basemap.datafile import read_text
from basemap.paths import data_path
from basemap.values import located as has_location

CHECKS = ("municipality", "prefecture_polygon", "shared_point")

# JMA splits some municipalities into forecast sub-areas named "<municipality><direction>"
# (e.g. 仙台市東部, 大和町西部) or "<municipality><former town>" (京丹後市丹後町).
_JMA_SUFFIX = re.compile(r"(東部|西部|南部|北部|中部|北東部|北西部|南東部|南西部)$")
_CITY = re.compile(r"^(.+?市)")
# coord_source of a point taken from PyPI airportsdata: "airportsdata 20260905 ..., ICAO RODN ..."
_AIRPORTSDATA = re.compile(r"^airportsdata (\S+)\b.*?\bICAO ([A-Z0-9]{4})\b")


@dataclass(frozen=True)
class LocationProblem:
    facility_id: str
    check: str
    message: str


def jma_municipality(lon: float, lat: float) -> tuple[str, str] | None:
    """(7-digit JMA code, name) of the municipal forecast area containing the point, if any."""
    import reversejp  # here: only validation asks, and a cached verdict (basemap.verdicts) needs none

    for prop in reversejp.find_properties(lon, lat):
        if len(prop.code) == 7:
            return prop.code, prop.name
    return None


def prefecture_mismatch(lon: float, lat: float, prefecture_code: str) -> str | None:
    """Why reversejp disagrees with a point's stated prefecture (a wrong or swapped coordinate), or
    None. Cheap enough to run on every load; exceptions are listed under the check "municipality"."""
    found = jma_municipality(lon, lat)
    if found is None:
        return "reversejp has no municipality here"
    if found[0][:2] != prefecture_code:
        return f"reversejp puts the point in {found[1]} ({found[0]}), prefecture {found[0][:2]}"
    return None


def municipality_key(name: str) -> str:
    """The municipality a name refers to, for comparing our names with JMA area names.

    Wards and JMA sub-areas of a city compare as the city (横浜市鶴見区 and 横浜市北部 are both 横浜市).
    """
    name = _JMA_SUFFIX.sub("", name)
    city = _CITY.match(name)
    return city.group(1) if city else name


def load_exceptions(path: Path | None = None) -> dict[tuple[str, str], str]:
    """{(facility id, check): reason} from the exceptions file (data/geo/location_exceptions.csv)."""
    path = path or data_path("geo", "location_exceptions.csv")
    rows = list(csv.DictReader(io.StringIO(read_text(path), newline="")))
    for number, row in enumerate(rows, start=2):
        if row["check"] not in CHECKS or not row["reason"].strip():
            raise ValueError(f"{path.name}, line {number}: check must be one of {CHECKS} and reason non-empty")
    return {(row["id"], row["check"]): row["reason"] for row in rows}


def location_problems(facilities: gpd.GeoDataFrame, prefectures: gpd.GeoDataFrame) -> list[LocationProblem]:
    """Every located facility whose point disagrees with reversejp or the prefecture layer."""
    polygons = prefectures.set_index("prefecture_code").geometry
    problems: list[LocationProblem] = []
    located = facilities[has_location(facilities)]
    for _, row in located.iterrows():
        point = row.geometry
        stated = row["municipalities_ja"][0] if len(row["municipalities_ja"]) else None
        mismatch = prefecture_mismatch(point.x, point.y, row["prefecture_code"])
        found = jma_municipality(point.x, point.y)
        if mismatch is not None:
            problems.append(LocationProblem(row["id"], "municipality", mismatch))
        elif found is not None and (stated is None or municipality_key(stated) != municipality_key(found[1])):
            message = f"first municipality {stated!r} but reversejp says {found[1]!r} ({found[0]})"
            problems.append(LocationProblem(row["id"], "municipality", message))
        if not polygons[row["prefecture_code"]].covers(point):
            message = f"point outside the {row['prefecture_en']} polygon of prefectures.geojson"
            problems.append(LocationProblem(row["id"], "prefecture_polygon", message))
    active = located[located["status"] != "returned"]
    for _, group in active.groupby(active.geometry.apply(lambda p: (round(p.x, 6), round(p.y, 6)))):
        if len(group) > 1:
            for fid in group["id"]:
                others = ", ".join(other for other in group["id"] if other != fid)
                problems.append(LocationProblem(fid, "shared_point", f"same point as {others}"))
    return problems


def unexplained(problems: list[LocationProblem], exceptions: dict[tuple[str, str], str]) -> list[LocationProblem]:
    """The problems no exception explains."""
    return [p for p in problems if (p.facility_id, p.check) not in exceptions]


def stale(problems: list[LocationProblem], exceptions: dict[tuple[str, str], str]) -> list[tuple[str, str]]:
    """Exceptions that no longer match a problem (the data was fixed: drop the exception)."""
    seen = {(p.facility_id, p.check) for p in problems}
    return sorted(key for key in exceptions if key not in seen)


def airportsdata_problems(
    facilities: gpd.GeoDataFrame, airports: Mapping[str, Mapping[str, Any]], version: str
) -> list[LocationProblem]:
    """Points credited to airportsdata that are not what that package says.

    A cited source must give the value shown: each such point must name the installed version and
    equal its ICAO reference point (to 1e-6 degrees), so a typo or a package upgrade is caught.
    """
    problems: list[LocationProblem] = []
    located = facilities[has_location(facilities)]
    for _, row in located.iterrows():
        cited = _AIRPORTSDATA.match(row["coord_source"] or "")
        if cited is None:
            continue
        cited_version, icao = cited.groups()
        airport = airports.get(icao)
        if cited_version != version:
            message = f"cites airportsdata {cited_version}, but {version} is installed: check and re-cite"
        elif airport is None:
            message = f"airportsdata {version} has no ICAO {icao}"
        elif abs(float(airport["lon"]) - row.geometry.x) > 1e-6 or abs(float(airport["lat"]) - row.geometry.y) > 1e-6:
            message = f"point differs from airportsdata {icao} ({airport['lat']}, {airport['lon']})"
        else:
            continue
        problems.append(LocationProblem(row["id"], "airportsdata", message))
    return problems
