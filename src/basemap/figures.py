"""Personnel and host-nation-support figures shaped for charts, tables and headlines.

Sources disagree and definitions differ, so nothing here merges series: personnel stays split by
series (ashore only vs including afloat), and where a budget year has several figures the one
marked ``preferred`` in the table is charted (the others stay in the table and its download).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from basemap.i18n import ENGLISH, N_, Language
from basemap.vocabulary import PERSONNEL_SERVICES

HNS_CATEGORIES = {
    "welfare": N_("Welfare (1978–)"),
    "facilities_improvement": N_("Facilities improvement (1979–)"),
    "labor": N_("Labor (1987–)"),
    "utilities": N_("Utilities (1991–)"),
    "training_relocation": N_("Training relocation (1996–)"),
    "training_equipment": N_("Training equipment (2022–)"),
}
RELATED_SERIES = {"saco": N_("SACO-related"), "realignment": N_("Realignment-related (local burden reduction)")}
UNITS = {"JPY": N_("億円 (100 million yen)"), "USD": N_("million USD")}
CURRENCIES = (N_("JPY"), N_("USD"))  # codes; the currency radio shows them translated


@dataclass(frozen=True)
class Figure:
    """One headline number with what it counts, its date and its source."""

    value: float
    label: str
    as_of: str
    source: str


REVERSION = (
    "1972-05-15",
    N_("1972 reversion"),
    N_("Okinawa returns to Japan on 15 May 1972 (Okinawa Reversion Agreement)"),
)
MAX_GAP_YEARS = 2  # reports further apart than this are not joined by a line (nothing is drawn across a gap)
SPIKE = 0.2  # a report this far from both neighbours of its segment, in the same direction, is flagged
DISAGREE = 0.05  # another published figure this far from the main series in the same year is listed
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def as_of_date(as_of: pd.Series) -> pd.Series:
    """'2011', '2011-06' and '2011-06-30' as ISO dates (the first day of the period), for a time axis."""
    return as_of.astype(str).map(lambda s: s + "-01-01"[len(s) - 4 :] if len(s) < 10 else s)


def month_year(as_of: str, _: Language = ENGLISH) -> str:
    """'2025-12' or '2025-12-31' as 'December 2025' (Japanese: '2025年12月'); '2025' stays '2025'."""
    if _.ja:
        return _.date(as_of[:7])
    return f"{MONTHS[int(as_of[5:7]) - 1]} {as_of[:4]}" if len(as_of) >= 7 else as_of


def fiscal_years(years: str, _: Language = ENGLISH) -> str:
    """Japanese fiscal years as 'FY2024' or 'FY1987–1990' (Japanese: '2024年度')."""
    return _("FY{years}").format(years=years)


def year_ranges(years: list[int]) -> str:
    """[1979, 1980, 1981, 2007] as '1979–1981, 2007'."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def localized_series(series: pd.DataFrame, _: Language = ENGLISH) -> pd.DataFrame:
    """The series table with its names in the reader's language (`label_ja` where given, in
    Japanese): every function here reads `label_en` as the name to show."""
    if not _.ja or "label_ja" not in series:
        return series
    return series.assign(label_en=series["label_ja"].where(series["label_ja"].notna(), series["label_en"]))


UNNAMED = "Series without a name (its row in personnel_series.csv was set aside)"


def series_names(personnel: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """`label` and `role` of every series in the personnel table, by code. personnel_series.csv is
    the one home of the names; a series whose row is missing gets a numbered placeholder name (never
    its code) and the role `other`."""
    names = series.set_index("series")[["label_en", "role"]].rename(columns={"label_en": "label"})
    unnamed = sorted(set(personnel["series"]) - set(names.index))
    placeholders = pd.DataFrame(
        {"label": [f"{UNNAMED} {i}" for i in range(1, len(unnamed) + 1)], "role": "other"}, index=unnamed
    )
    return pd.concat([names, placeholders]) if unnamed else names


def series_label(personnel: pd.DataFrame, series: pd.DataFrame, code: str) -> str:
    """The plain name of a series."""
    return str(series_names(personnel, series).loc[code, "label"])


def main_series(personnel: pd.DataFrame, series: pd.DataFrame, area: str) -> str:
    """The series drawn as the line for an area: the `main` series with the most totals there (or,
    when no main series is named, the series with the most totals)."""
    totals = personnel[(personnel["area"] == area) & (personnel["service"] == "Total")]
    if totals.empty:
        raise KeyError(f"no totals for {area}")
    roles = totals["series"].map(series_names(personnel, series)["role"])
    rows = totals[roles == "main"] if (roles == "main").any() else totals
    return str(rows["series"].value_counts().sort_index().sort_values(ascending=False, kind="stable").index[0])


def _segments(rows: pd.DataFrame) -> pd.Series:
    """Numbers the runs of one series' reports: a new run at a definition change or a gap of more
    than MAX_GAP_YEARS, so a line never joins two definitions or crosses years with no report."""
    years = pd.to_datetime(rows["date"]).dt.year + pd.to_datetime(rows["date"]).dt.month / 12
    new = (rows["definition"] != rows["definition"].shift()) | (years.diff() > MAX_GAP_YEARS)
    return rows["series"] + "#" + new.cumsum().astype(str)


def _labelled(rows: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """Rows with the series' plain name and role, a date for the axis and line segments."""
    out = rows.join(series_names(rows, series), on="series").assign(date=as_of_date(rows["as_of"]))
    out = out.sort_values(["series", "date"], kind="stable").reset_index(drop=True)
    segments = [_segments(group) for _, group in out.groupby("series", sort=False)]
    out["segment"] = pd.concat(segments) if segments else pd.Series(dtype=str)
    return out


def personnel_totals(
    personnel: pd.DataFrame, series: pd.DataFrame, area: str, extra: tuple[str, ...] = ()
) -> pd.DataFrame:
    """The published totals of an area (plus the series named in `extra`, e.g. Okinawa's own DoD
    series on the Japan chart), each labelled with its plain name and never joined to another."""
    totals = personnel[personnel["service"] == "Total"]
    return _labelled(totals[(totals["area"] == area) | totals["series"].isin(extra)], series)


def personnel_by_service(personnel: pd.DataFrame, series: pd.DataFrame, area: str, code: str) -> pd.DataFrame:
    """Per-service counts of one series, one line per service."""
    rows = personnel[(personnel["area"] == area) & (personnel["series"] == code) & (personnel["service"] != "Total")]
    return (
        _labelled(rows.sort_values(["as_of", "service"], kind="stable"), series)
        .sort_values(["date", "service"], kind="stable")
        .reset_index(drop=True)
    )


def series_with_services(personnel: pd.DataFrame, area: str) -> list[str]:
    """The series that break their counts down by service (choices for the service chart), most reports first."""
    rows = personnel[(personnel["area"] == area) & (personnel["service"] != "Total")]
    counts = rows.groupby("series")["as_of"].nunique().sort_values(ascending=False, kind="stable")
    return list(counts.index)


@dataclass(frozen=True)
class Period:
    """A stretch of the main series under one definition."""

    first: str
    last: str
    definition: str


def definition_periods(main: pd.DataFrame) -> list[Period]:
    """The main series' definitions in order, with the first and last report each applies to."""
    rows = main.sort_values("date", kind="stable")
    run = (rows["definition"] != rows["definition"].shift()).cumsum()
    return [
        Period(group["as_of"].iloc[0], group["as_of"].iloc[-1], group["definition"].iloc[0])
        for _, group in rows.groupby(run, sort=True)
    ]


def dated_marks(main: pd.DataFrame, reversion: bool, _: Language = ENGLISH) -> pd.DataFrame:
    """Dated marks for the chart: each definition change of the main series (at the first report
    under the new definition) and, when asked, Okinawa's reversion."""
    marks = [
        (
            as_of_date(pd.Series([p.first])).iloc[0],
            _("{year} definition").format(year=p.first[:4]),
            "definition",
            p.definition,
        )
        for p in definition_periods(main)[1:]
    ]
    if reversion:
        marks.append((REVERSION[0], _(REVERSION[1]), "event", _(REVERSION[2])))
    return pd.DataFrame(marks, columns=["date", "text", "kind", "detail"]).sort_values("date").reset_index(drop=True)


def spikes(main: pd.DataFrame) -> pd.DataFrame:
    """Reports that jump more than SPIKE away from both neighbours in their segment, in the same
    direction, and back: kept as reported, flagged on the chart."""
    flagged = []
    for _, rows in main.sort_values("date", kind="stable").groupby("segment", sort=False):
        values = rows["personnel"].astype(float).tolist()
        for i in range(1, len(values) - 1):
            before, after = values[i] / values[i - 1] - 1, values[i] / values[i + 1] - 1
            if min(abs(before), abs(after)) > SPIKE and before * after > 0:
                flagged.append(rows.index[i])
    return main.loc[flagged]


@dataclass(frozen=True)
class Disagreement:
    """Another published figure against the main series' report nearest to it in the same year."""

    label: str
    as_of: str
    value: float
    main_as_of: str
    main_value: float

    @property
    def share(self) -> float:
        return self.value / self.main_value - 1

    def describe(self, _: Language = ENGLISH) -> str:
        return _("{label}, {as_of}: {value} against {main_value} ({main_as_of}, {share})").format(
            label=self.label,
            as_of=_.date(self.as_of),
            value=_.number(self.value),
            main_value=_.number(self.main_value),
            main_as_of=_.date(self.main_as_of),
            share=f"{self.share:+.0%}",
        )


def disagreements(totals: pd.DataFrame, main_code: str, threshold: float = DISAGREE) -> list[Disagreement]:
    """The other series' totals that differ from the main series by more than `threshold` in the same year."""
    main = totals[totals["series"] == main_code]
    found = []
    for _, row in totals[totals["role"] == "other"].sort_values(["date", "label"], kind="stable").iterrows():
        same_year = main[main["year"] == row["year"]]
        if same_year.empty:
            continue
        distance = (pd.to_datetime(same_year["date"]) - pd.Timestamp(row["date"])).abs()
        nearest = same_year.loc[distance.idxmin()]
        found.append(
            Disagreement(
                row["label"], row["as_of"], float(row["personnel"]), nearest["as_of"], float(nearest["personnel"])
            )
        )
    return [d for d in found if abs(d.share) > threshold]


def personnel_summary(main: pd.DataFrame, _: Language = ENGLISH) -> str:
    """One sentence for the main chart: the first, the highest and the latest report."""
    rows = main.sort_values("date", kind="stable")
    first, last, peak = rows.iloc[0], rows.iloc[-1], rows.iloc[int(rows["personnel"].to_numpy().argmax())]
    text = _("{label}: {count} in {date}").format(
        label=first["label"], count=_.number(first["personnel"]), date=month_year(first["as_of"], _)
    )
    if peak["as_of"] not in (first["as_of"], last["as_of"]):
        text += _(", {count} at the highest in {date}").format(
            count=_.number(peak["personnel"]), date=month_year(peak["as_of"], _)
        )
    return text + _(", {count} in {date} (the latest report).").format(
        count=_.number(last["personnel"]), date=month_year(last["as_of"], _)
    )


def service_summary(by_service: pd.DataFrame, _: Language = ENGLISH) -> str:
    """One sentence for the service chart: the latest report's services, largest first."""
    latest = by_service[by_service["date"] == by_service["date"].max()].sort_values(
        ["personnel", "service"], ascending=[False, True], kind="stable"
    )
    parts = _(", ").join(
        f"{PERSONNEL_SERVICES.label(str(row.service), _)} {_.number(float(str(row.personnel)))}"
        for row in latest.itertuples()
    )
    return _("{label}, {date} (latest with services): {parts}.").format(
        label=latest["label"].iloc[0], date=month_year(latest["as_of"].iloc[0], _), parts=parts
    )


def named_series(personnel: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """The personnel table for people: each series code replaced by its plain name."""
    return personnel.assign(series=personnel["series"].map(series_names(personnel, series)["label"]))


def latest_personnel(personnel: pd.DataFrame, series: pd.DataFrame) -> Figure:
    """The newest report of the main series for all of Japan, with its plain name."""
    code = main_series(personnel, series, "Japan")
    rows = personnel_totals(personnel, series, "Japan")
    row = rows[rows["series"] == code].iloc[-1]
    return Figure(float(row["personnel"]), row["label"], row["as_of"], row["source"])


def preferred(hns: pd.DataFrame, series: str) -> pd.DataFrame:
    rows = hns[(hns["series"] == series) & hns["preferred"]]
    return rows.sort_values(["fiscal_year", "category"], kind="stable").reset_index(drop=True)


def hns_totals(hns: pd.DataFrame) -> pd.DataFrame:
    """Host-nation support per fiscal year, the preferred figure of each year."""
    rows = preferred(hns, "hns")
    return rows[rows["category"] == "total"].reset_index(drop=True)


def hns_by_category(hns: pd.DataFrame, _: Language = ENGLISH) -> pd.DataFrame:
    """The category breakdown where published (few years), labelled for the legend."""
    rows = preferred(hns, "hns")
    rows = rows[rows["category"].isin(list(HNS_CATEGORIES))].copy()
    rows["category_label"] = rows["category"].map(lambda code: _(HNS_CATEGORIES[code]))
    return rows.reset_index(drop=True)


def related_budgets(hns: pd.DataFrame, _: Language = ENGLISH) -> pd.DataFrame:
    """SACO- and realignment-related budgets, each its own series, numbered in runs of consecutive years."""
    rows = pd.concat([preferred(hns, series) for series in RELATED_SERIES], ignore_index=True)
    rows = rows[rows["category"] == "total"].copy()
    rows["series_label"] = rows["series"].map(lambda code: _(RELATED_SERIES[code]))
    # a run of consecutive fiscal years: a line never crosses a year without a figure
    rows["run"] = rows["series"] + "#" + (rows.groupby("series")["fiscal_year"].diff() != 1).cumsum().astype(str)
    return rows.reset_index(drop=True)


def latest_hns(hns: pd.DataFrame, _: Language = ENGLISH) -> Figure:
    row = hns_totals(hns).iloc[-1]
    label = f"{fiscal_years(str(row['fiscal_year']), _)} ({row['budget_basis']})"
    return Figure(float(row["amount_jpy_100m"]), label, row["as_of"], row["source"])


def with_amount(frame: pd.DataFrame, rates: pd.DataFrame | None, currency: str, _: Language = ENGLISH) -> pd.DataFrame:
    """Add `amount` in the chosen currency: 億円, or million USD at the calendar-year average rate
    of the year the fiscal year starts in (no rate published: no USD value, never a guess)."""
    out = frame.copy()
    if currency == "JPY" or rates is None:
        out["amount"] = out["amount_jpy_100m"]
        out["unit"] = _(UNITS["JPY"])
        return out
    rate = out["fiscal_year"].map(rates.set_index("year")["jpy_per_usd"])
    out["jpy_per_usd"] = rate
    out["amount"] = (out["amount_jpy_100m"] * 100 / rate).round(1)  # 1億円 = 100 million yen
    out["unit"] = _(UNITS["USD"])
    return out


def sma_spans(sma: pd.DataFrame) -> pd.DataFrame:
    """SMA periods with a sourced first and last fiscal year (shaded on the charts)."""
    spans = sma.dropna(subset=["first_fy", "last_fy"]).copy()
    spans["first_fy"] = spans["first_fy"].astype(int)
    spans["last_fy"] = spans["last_fy"].astype(int)
    return spans.sort_values("first_fy", kind="stable").reset_index(drop=True)


def missing_years(totals: pd.DataFrame, through: int | None = None) -> list[int]:
    """Fiscal years from the first with a figure to `through` (default: the last) with no sourced
    figure: gaps, never filled."""
    years = set(totals["fiscal_year"].astype(int))
    if not years:
        return []
    return sorted(set(range(min(years), max(max(years), through or 0) + 1)) - years)


def hns_breakdown(categories: pd.DataFrame, totals: pd.DataFrame, tolerance: float = 0.01) -> pd.DataFrame:
    """The category figures stacked per year (`low`, `high` in the chosen currency), each year
    marked `complete` only when its categories add up to its published total (within `tolerance`);
    a year with some categories only, or no total, is `partial` and must not read as a level."""
    total = totals.set_index("fiscal_year")["amount_jpy_100m"]
    order = {code: i for i, code in enumerate(HNS_CATEGORIES)}
    rows = categories.assign(rank=categories["category"].map(order)).sort_values(["fiscal_year", "rank"], kind="stable")
    summed = rows.groupby("fiscal_year")["amount_jpy_100m"].sum()
    published = total.reindex(summed.index)  # NaN where a year has no published total: never complete
    complete = ((summed - published).abs() <= tolerance * published).to_dict()
    rows["breakdown"] = rows["fiscal_year"].map(lambda year: N_("complete") if complete[year] else N_("partial"))
    by_year = totals.set_index("fiscal_year")
    rows["published_total"] = rows["fiscal_year"].map(by_year["amount"])
    rows["total_source"] = rows["fiscal_year"].map(by_year["source"])
    rows["high"] = rows.groupby("fiscal_year")["amount"].cumsum(skipna=False)
    rows["low"] = rows["high"] - rows["amount"]
    return rows.drop(columns="rank").reset_index(drop=True)


def _short(unit: str) -> str:
    return unit.split(" (")[0]


def hns_summary(totals: pd.DataFrame, gaps: list[int], _: Language = ENGLISH) -> str:
    """One sentence for the totals chart: first, highest and latest year, and the years without a total."""
    rows = totals.dropna(subset=["amount"]).sort_values("fiscal_year", kind="stable")
    unit = _short(rows["unit"].iloc[0])
    first, last, peak = rows.iloc[0], rows.iloc[-1], rows.iloc[int(rows["amount"].to_numpy().argmax())]
    text = _(
        "Host-nation support was {first} {unit} in {first_year}, {peak} {unit} at the highest in {peak_year} "
        "and {last} {unit} in {last_year}"
    ).format(
        first=_.number(first["amount"]),
        first_year=fiscal_years(str(first["fiscal_year"]), _),
        peak=_.number(peak["amount"]),
        peak_year=fiscal_years(str(peak["fiscal_year"]), _),
        last=_.number(last["amount"]),
        last_year=fiscal_years(str(last["fiscal_year"]), _),
        unit=unit,
    )
    if not gaps:
        return text + _(".")
    return text + _("; no total is published for {years} (gaps).").format(years=fiscal_years(year_ranges(gaps), _))


def category_summary(breakdown: pd.DataFrame, _: Language = ENGLISH) -> str:
    """One sentence for the category chart: which years have a full breakdown and which only parts."""
    years = breakdown.groupby("fiscal_year")["breakdown"].first()
    complete, partial = list(years[years == "complete"].index), list(years[years == "partial"].index)
    text = (
        _("A full breakdown by category is published for {years}").format(years=fiscal_years(year_ranges(complete), _))
        if complete
        else _("No full breakdown")
    )
    if partial:
        text += _(
            "; for {years} only some categories are published (pale bars inside the year's total: "
            "not a fall in support)"
        ).format(years=fiscal_years(year_ranges(partial), _))
    return text + _(".")


def related_summary(related: pd.DataFrame, _: Language = ENGLISH) -> str:
    """One sentence for the SACO and realignment chart: each series' span and latest figure."""
    parts = []
    for label, rows in related.dropna(subset=["amount"]).groupby("series_label", sort=True):
        last = rows.sort_values("fiscal_year").iloc[-1]
        parts.append(
            _("{label}: {years}, {amount} {unit} in {year}").format(
                label=label,
                years=fiscal_years(f"{rows['fiscal_year'].min()}–{rows['fiscal_year'].max()}", _),
                amount=_.number(last["amount"]),
                unit=_short(last["unit"]),
                year=fiscal_years(str(last["fiscal_year"]), _),
            )
        )
    return _("; ").join(parts) + _(".")
