"""Reconcile the facility layer with the Ministry of Defense's published totals.

The MOD publishes counts and areas of exclusive-use facilities (SOFA 2-1(a) and 2-4(a)); the
layer rebuilds the same figures from its records as they stood on the totals' date, so any gap
(a missing facility, a wrong area) shows up as a number, not a hunch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from basemap.datafile import read_json
from basemap.paths import data_path
from basemap.prefectures import OKINAWA, PREFECTURES
from basemap.values import is_missing
from basemap.vocabulary import EXCLUSIVE_USE

# Areas in the layer carry their own dates (2008–2023) and MOD rounds to 1千m² per facility:
# a prefecture whose every area is known must land within 1% (or 0.05 km²) of the MOD figure.
AREA_TOLERANCE_SHARE = 0.01
AREA_TOLERANCE_KM2 = 0.05


@dataclass(frozen=True)
class Check:
    """One published figure beside the layer's own."""

    as_of: str
    scope: str
    measure: str
    official: float
    layer: float
    missing_areas: int
    verdict: str
    source: str

    @property
    def ok(self) -> bool:
        return not self.verdict.startswith("MISMATCH")


def load_totals(path: Path | None = None) -> dict:
    """The MOD totals (data/tables/mod_totals.json); DataError naming the file if it cannot be read."""
    return read_json(path or data_path("tables", "mod_totals.json"))


def provided_on(facilities: pd.DataFrame, date: str) -> pd.DataFrame:
    """Whole facilities known to be provided on `date`, any SOFA category (returned later ones
    included, parts not, and not those that no source shows provided before `date`)."""
    returned_after = (facilities["status"] == "returned") & (facilities["status_date"].fillna("") > date)
    present = (facilities["status"] != "returned") | returned_after
    known_since = facilities["known_since"] if "known_since" in facilities else pd.Series("", index=facilities.index)
    known = known_since.fillna("") <= date
    return facilities[facilities["part_of"].isna() & present & known]


def exclusive_on(facilities: pd.DataFrame, date: str) -> pd.DataFrame:
    """Whole exclusive-use facilities provided on `date` (the MOD's 専用施設)."""
    provided = provided_on(facilities, date)
    return provided[provided["sofa_category"].isin(EXCLUSIVE_USE)]


def area_on(row: pd.Series, date: str) -> float:
    """The facility's published area as it stood on `date`: the latest figure dated on or before
    it, else the earliest one (an area dated later than the totals is the best we have)."""
    history = row.get("area_history")
    figures = [(h["as_of"], h["area_km2"]) for h in history] if isinstance(history, list) else []
    if not is_missing(row["area_km2"]):
        figures.append((row["area_as_of"] if isinstance(row["area_as_of"], str) else "9999", row["area_km2"]))
    if not figures:
        return math.nan
    figures.sort()
    before = [area for as_of, area in figures if as_of <= date]
    return float(before[-1] if before else figures[0][1])


def _area_verdict(official: float, layer: float, missing: int, basis: str | None) -> str:
    tolerance = max(AREA_TOLERANCE_KM2, AREA_TOLERANCE_SHARE * official)
    difference = layer - official
    if basis:
        return f"basis differs ({difference:+.3f} km²): {basis}"
    if missing:
        if difference <= 0:
            return f"incomplete: {missing} area(s) not published in the layer; {-difference:.3f} km² unaccounted"
        if difference <= tolerance:
            return (
                f"incomplete: {missing} area(s) not published in the layer, "
                f"which is already {difference:.3f} km² over (within tolerance)"
            )
        return f"MISMATCH: {difference:+.3f} km² over the official figure even with {missing} area(s) missing"
    if abs(difference) <= tolerance:
        return "matches" if abs(difference) < 0.0005 else f"within tolerance ({difference:+.3f} km²)"
    return f"MISMATCH: {difference:+.3f} km² (tolerance {tolerance:.3f})"


def _count_verdict(official: float, layer: int) -> str:
    return "matches" if official == layer else f"MISMATCH: {layer - official:+.0f} facilities"


def _count_check(date: str, scope: str, official: float, layer: int, source: str) -> Check:
    return Check(date, scope, "facilities", official, float(layer), 0, _count_verdict(official, layer), source)


def reconcile_snapshot(facilities: pd.DataFrame, snapshot: dict, basis: dict[str, str]) -> list[Check]:
    """Every figure of one MOD snapshot beside the layer's figure for the same date."""
    date, source = snapshot["as_of"], snapshot["source"]
    rows = exclusive_on(facilities, date)
    checks: list[Check] = []

    areas = rows.apply(lambda row: area_on(row, date), axis=1) if len(rows) else pd.Series(dtype=float)

    def area_check(scope: str, mask: pd.Series, official: float, basis_note: str | None) -> Check:
        missing = int(areas[mask].isna().sum())
        layer_area = round(float(areas[mask].sum()), 3)
        verdict = _area_verdict(official, layer_area, missing, basis_note)
        return Check(date, scope, "area (km²)", official, layer_area, missing, verdict, source)

    everywhere = pd.Series(True, index=rows.index)
    if snapshot.get("exclusive_count") is not None:
        checks.append(_count_check(date, "Japan", snapshot["exclusive_count"], len(rows), source))
    if snapshot.get("all_facilities_count") is not None:
        # Temporary-use (2-4(b)) facilities included; the layer's list of these is not complete yet,
        # so fewer is reported as incomplete and only more would be a mismatch.
        official, listed = snapshot["all_facilities_count"], len(provided_on(facilities, date))
        if listed < official:
            verdict = f"incomplete: the layer lists {listed} of {official} (temporary-use list not complete)"
        else:
            verdict = _count_verdict(official, listed)
        checks.append(
            Check(date, "Japan, incl. temporary use", "facilities", official, float(listed), 0, verdict, source)
        )
    official_by_pref = {e["prefecture_code"]: e["area_km2"] for e in snapshot.get("by_prefecture", [])}
    if snapshot.get("exclusive_area_km2") is not None:
        if set(basis) <= set(official_by_pref):
            # Leave out the prefectures whose layer figures follow another basis, on both sides.
            others = ~rows["prefecture_code"].isin(list(basis))
            official = snapshot["exclusive_area_km2"] - sum(official_by_pref[code] for code in basis)
            scope = "Japan" + (
                " without " + ", ".join(PREFECTURES[code].name_en for code in sorted(basis)) if basis else ""
            )
            checks.append(area_check(scope, others, round(official, 3), None))
        else:
            checks.append(area_check("Japan", everywhere, snapshot["exclusive_area_km2"], "see the prefecture rows"))
    for entry in snapshot.get("by_prefecture", []):
        code = entry["prefecture_code"]
        name = PREFECTURES[code].name_en
        in_pref = rows["prefecture_code"] == code
        if entry.get("count") is not None:
            checks.append(_count_check(date, name, entry["count"], int(in_pref.sum()), source))
        if entry.get("area_km2") is not None:
            checks.append(area_check(name, in_pref, entry["area_km2"], basis.get(code)))
    share = snapshot.get("okinawa_share_pct")
    if share is not None and areas.notna().any():
        layer_share = round(100 * areas[rows["prefecture_code"] == OKINAWA].sum() / areas.sum(), 2)
        missing = int(areas.isna().sum())
        if basis or missing:
            verdict = f"indicative ({missing} areas missing, basis differences): {layer_share - share:+.2f} points"
        else:
            verdict = "within 0.5 points" if abs(layer_share - share) <= 0.5 else "MISMATCH"
        checks.append(Check(date, "Okinawa", "share of area (%)", share, layer_share, missing, verdict, source))
    return checks


def reconcile(facilities: pd.DataFrame, totals: dict | None = None) -> list[Check]:
    """All checks for the snapshots the totals file names for reconciliation."""
    totals = totals or load_totals()
    basis = {entry["prefecture_code"]: entry["reason"] for entry in totals.get("basis_differences", [])}
    by_date = {snapshot["as_of"]: snapshot for snapshot in totals["snapshots"]}
    return [check for date in totals["reconcile"] for check in reconcile_snapshot(facilities, by_date[date], basis)]


def checks_table(checks: list[Check]) -> pd.DataFrame:
    """The checks as a table for the About page and the closing note."""
    return pd.DataFrame(
        [
            {
                "As of": c.as_of,
                "Scope": c.scope,
                "Measure": c.measure,
                "MOD figure": c.official,
                "Layer": c.layer,
                "Areas missing": c.missing_areas,
                "Result": c.verdict,
                "MOD figure from": c.source,
            }
            for c in checks
        ]
    )
