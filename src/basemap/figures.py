"""Personnel and host-nation-support figures shaped for charts, tables and headlines.

Sources disagree and definitions differ, so nothing here merges series: personnel stays split by
series (ashore only vs including afloat), and where a budget year has several figures the one
marked ``preferred`` in the table is charted (the others stay in the table and its download).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

HNS_CATEGORIES = {
    "welfare": "Welfare (1978–)",
    "facilities_improvement": "Facilities improvement (1979–)",
    "labor": "Labor (1987–)",
    "utilities": "Utilities (1991–)",
    "training_relocation": "Training relocation (1996–)",
    "training_equipment": "Training equipment (2022–)",
}
RELATED_SERIES = {"saco": "SACO-related", "realignment": "Realignment-related (local burden reduction)"}
CURRENCIES = ("JPY", "USD")


@dataclass(frozen=True)
class Figure:
    """One headline number with what it counts, its date and its source."""

    value: float
    label: str
    as_of: str
    source: str


def personnel_totals(personnel: pd.DataFrame, area: str) -> pd.DataFrame:
    """Published totals for Japan or Okinawa, one line per series (never joined across series)."""
    rows = personnel[(personnel["area"] == area) & (personnel["service"] == "Total")]
    return rows.sort_values(["series", "as_of"], kind="stable").reset_index(drop=True)


def personnel_by_service(personnel: pd.DataFrame, area: str, series: str) -> pd.DataFrame:
    """Per-service counts of one series, for stacking."""
    rows = personnel[(personnel["area"] == area) & (personnel["series"] == series) & (personnel["service"] != "Total")]
    return rows.sort_values(["as_of", "service"], kind="stable").reset_index(drop=True)


def series_with_services(personnel: pd.DataFrame, area: str) -> list[str]:
    """The series that break their counts down by service (choices for the stacked chart)."""
    rows = personnel[(personnel["area"] == area) & (personnel["service"] != "Total")]
    counts = rows.groupby("series")["as_of"].nunique().sort_values(ascending=False, kind="stable")
    return list(counts.index)


def latest_personnel(personnel: pd.DataFrame) -> Figure:
    """The newest published total for all of Japan."""
    row = personnel_totals(personnel, "Japan").sort_values("as_of", kind="stable").iloc[-1]
    return Figure(float(row["personnel"]), row["definition"], row["as_of"], row["source"])


def preferred(hns: pd.DataFrame, series: str) -> pd.DataFrame:
    rows = hns[(hns["series"] == series) & hns["preferred"]]
    return rows.sort_values(["fiscal_year", "category"], kind="stable").reset_index(drop=True)


def hns_totals(hns: pd.DataFrame) -> pd.DataFrame:
    """Host-nation support per fiscal year, the preferred figure of each year."""
    rows = preferred(hns, "hns")
    return rows[rows["category"] == "total"].reset_index(drop=True)


def hns_by_category(hns: pd.DataFrame) -> pd.DataFrame:
    """The category breakdown where published (few years), labelled for the legend."""
    rows = preferred(hns, "hns")
    rows = rows[rows["category"].isin(list(HNS_CATEGORIES))].copy()
    rows["category_label"] = rows["category"].map(HNS_CATEGORIES)
    return rows.reset_index(drop=True)


def related_budgets(hns: pd.DataFrame) -> pd.DataFrame:
    """SACO- and realignment-related budgets, each its own series."""
    rows = pd.concat([preferred(hns, series) for series in RELATED_SERIES], ignore_index=True)
    rows = rows[rows["category"] == "total"].copy()
    rows["series_label"] = rows["series"].map(RELATED_SERIES)
    return rows.reset_index(drop=True)


def latest_hns(hns: pd.DataFrame) -> Figure:
    row = hns_totals(hns).iloc[-1]
    return Figure(
        float(row["amount_jpy_100m"]), f"FY{row['fiscal_year']} ({row['budget_basis']})", row["as_of"], row["source"]
    )


def with_amount(frame: pd.DataFrame, rates: pd.DataFrame | None, currency: str) -> pd.DataFrame:
    """Add `amount` in the chosen currency: 億円, or million USD at the calendar-year average rate
    of the year the fiscal year starts in (no rate published: no USD value, never a guess)."""
    out = frame.copy()
    if currency == "JPY" or rates is None:
        out["amount"] = out["amount_jpy_100m"]
        out["unit"] = "億円 (100 million yen)"
        return out
    rate = out["fiscal_year"].map(rates.set_index("year")["jpy_per_usd"])
    out["jpy_per_usd"] = rate
    out["amount"] = (out["amount_jpy_100m"] * 100 / rate).round(1)  # 1億円 = 100 million yen
    out["unit"] = "million USD"
    return out


def sma_spans(sma: pd.DataFrame) -> pd.DataFrame:
    """SMA periods with a sourced first and last fiscal year (shaded on the charts)."""
    spans = sma.dropna(subset=["first_fy", "last_fy"]).copy()
    spans["first_fy"] = spans["first_fy"].astype(int)
    spans["last_fy"] = spans["last_fy"].astype(int)
    return spans.sort_values("first_fy", kind="stable").reset_index(drop=True)


def missing_years(totals: pd.DataFrame) -> list[int]:
    """Fiscal years between the first and last with no sourced figure (gaps, never filled)."""
    years = set(totals["fiscal_year"].astype(int))
    return sorted(set(range(min(years), max(years) + 1)) - years) if years else []
