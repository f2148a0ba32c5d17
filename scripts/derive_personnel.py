"""Derive the DoD/DMDC personnel series of ``data/tables/personnel.csv`` from the troopdata extract.

The extract (``data/sources/dmdc-troopdata-japan/``, see its PROVENANCE.md) holds one row per
DoD/DMDC report of active-duty military personnel in Japan, 1950–2025. Each report becomes one
``Total`` row and, where the report gives every service's total, one row per service, in two
series: ``dmdc_reports`` (Japan) and ``dmdc_reports_ryukyu`` (the Ryukyu Islands, reported apart
while Okinawa was under U.S. administration). Only the report's own columns are used (the
compilation's harmonised ``navy_ad`` is 0 from 2008 and mixes non-total Navy columns before 1968).
Nothing is summed into a new figure: service sums are only compared with the report's total (a
difference is written into the row's notes).

Run: ``python scripts/derive_personnel.py``. It checks the extract's hashes first and stops on any
change; it rewrites only the rows of its two series and leaves every other row as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "data" / "sources" / "dmdc-troopdata-japan"
PERSONNEL = ROOT / "data" / "tables" / "personnel.csv"
REPORTS, COUNTRY_YEAR = "japan-reports.csv", "japan-country-year.csv"
SHA256 = {
    REPORTS: "67395c6d3f62c20640e7a128189550a9a822f0c00a663f5272aaca83589677a9",
    COUNTRY_YEAR: "5df907e24180299f899a3aa580c199474981f1a1ae3d844c88a94af43a9c1172",
}
COMMIT = "3946bcf89a6d72de8abace812dc557f1f249f5f7"
JAPAN, RYUKYU = "dmdc_reports", "dmdc_reports_ryukyu"
COMPILATION = (
    f"compiled in troopdata (Allen, Flynn & Martinez Machain 2022, Conflict Management and Peace Science 39(3)), "
    f"github.com/meflynn/troopdata commit {COMMIT[:7]}, {REPORTS}"
)
MONTHS = {"March": "03", "June": "06", "September": "09", "December": "12"}
FIELDS = ["year", "as_of", "area", "service", "personnel", "series", "definition", "source", "notes"]
# the report's own columns per service: 1950–2007 reports, then the DMDC quarterly files (2008–)
SERVICE_COLUMNS = {
    "Army": ("Army Total", "Army Active Duty"),
    "Navy": ("Navy Total", "Navy Active Duty"),
    "Marine Corps": ("Marine Corps Total", "Marine Corps Active Duty"),
    "Air Force": ("Air Force Total", "Air Force Active Duty"),
    "Space Force": (None, "Space Force Active Duty"),
}
# report columns quoted in the notes where a report has no total for the Navy or the Marine Corps
PIECES = (
    "Navy Ashore",
    "Navy Temporary Ashore",
    "Navy Other",
    "Navy Afloat",
    "Marine Corps Ashore",
    "Marine Corps Afloat",
)
SPIKE = 0.15  # a report above or below BOTH neighbouring reports by more than this share is flagged

DEFINITIONS = {
    "japan_before_1974": (
        "DoD active-duty military personnel in Japan, as reported (the report's total, ashore plus afloat where "
        "the report splits them); Okinawa not included: it was reported separately as the Ryukyu Islands "
        "(U.S. administration until May 1972; its 1973 row is not in the compilation)"
    ),
    "japan_1974_1976": (
        "DoD active-duty military personnel in Japan including Okinawa Prefecture, as reported "
        "(the report's total, ashore plus afloat)"
    ),
    "japan_1977_2007": (
        "DoD active-duty military personnel in Japan including Okinawa, as reported (one total per country; "
        "no afloat figure given: in the 1990s-2000s this count excluded crews of 7th Fleet ships homeported in Japan)"
    ),
    "japan_from_2008": (
        "DMDC quarterly count of active-duty military personnel assigned to duty locations in Japan including "
        "Okinawa (Total Active Duty, incl. Coast Guard); Navy counts of about 18,000-22,000 show that crews of "
        "ships homeported in Japan are included"
    ),
    "ryukyu": (
        "DoD active-duty military personnel in the Ryukyu Islands (Okinawa), as reported separately from Japan "
        "while Okinawa was under U.S. administration (to May 1972; the September 1972 report still lists it apart)"
    ),
}


def verify(directory: Path = SOURCE_DIR) -> None:
    """Stop unless both extract files are exactly the ones recorded in PROVENANCE.md."""
    for name, expected in SHA256.items():
        path = directory / name
        if not path.exists():
            raise SystemExit(f"{path}: missing (see PROVENANCE.md)")
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != expected:
            raise SystemExit(f"{path}: sha256 {actual} differs from the recorded {expected}; re-check before deriving")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(row: dict[str, str], column: str | None) -> int | None:
    value = row.get(column or "", "NA")
    return None if value in ("NA", "") else int(value)


def _fmt(value: int) -> str:
    return f"{value:,}"


def era(row: dict[str, str]) -> tuple[str, str]:
    """(series, definition key) of a report row, from its Location and year; unknown layouts stop the run."""
    location, year = row["Location"], int(row["year"])
    if location.startswith("Ryukyu"):
        return RYUKYU, "ryukyu"
    if location.startswith("Japan (Incl Okinawa"):
        return JAPAN, "japan_1974_1976"
    if location in ("Japan", "Japan *") and year <= 1973:
        return JAPAN, "japan_before_1974"
    if location in ("Japan", "Japan *") and year <= 2007:
        return JAPAN, "japan_1977_2007"
    if location == "JAPAN" and year >= 2008:
        return JAPAN, "japan_from_2008"
    raise SystemExit(f"{REPORTS}: report {row['source']!r} has an unexpected Location {location!r}")


def as_of(row: dict[str, str]) -> str:
    return f"{row['year']}-{MONTHS[row['month']]}"


def total_of(row: dict[str, str]) -> tuple[int, str | None]:
    """The report's total and, when it is not the plain 'Total' column, which column it is."""
    for column in ("Total", "Total Active Duty"):
        value = _number(row, column)
        if value is not None:
            return value, None if column == "Total" else column
    value = _number(row, "Total Ashore")
    if value is None:
        raise SystemExit(f"{REPORTS}: report {row['source']!r} has no total")
    return value, "Total Ashore"


def services_of(row: dict[str, str]) -> dict[str, int]:
    """Per-service totals, only when the report gives one for every service (so a stack is complete)."""
    modern = _number(row, "Total Active Duty") is not None
    found = {}
    for service, (old, new) in SERVICE_COLUMNS.items():
        value = _number(row, new if modern else old)
        if value is not None:
            found[service] = value
    return found if all(s in found for s in ("Army", "Navy", "Marine Corps", "Air Force")) else {}


def spikes(reports: list[dict[str, str]]) -> set[str]:
    """Reports whose total jumps away from both neighbouring reports (at most two years apart) and back."""
    flagged = set()
    for series in (JAPAN, RYUKYU):
        ordered = sorted((r for r in reports if era(r)[0] == series), key=as_of)
        for before, row, after in zip(ordered, ordered[1:], ordered[2:], strict=False):
            if int(after["year"]) - int(before["year"]) > 2:
                continue
            value, prev, nxt = (total_of(r)[0] for r in (row, before, after))
            if (value > prev * (1 + SPIKE) and value > nxt * (1 + SPIKE)) or (
                value < prev * (1 - SPIKE) and value < nxt * (1 - SPIKE)
            ):
                flagged.add(row["source"])
    return flagged


def notes_of(
    row: dict[str, str], total: int, services: dict[str, int], flagged: set[str], disagreements: dict[str, str]
) -> str:
    """What a reader needs beside the total: the report's wording, splits, exclusions, disagreements."""
    notes = []
    _, column = total_of(row)
    if row["Location"] not in ("Japan", "JAPAN"):
        notes.append(f"row in the report: '{row['Location']}'")
    if column == "Total Ashore":
        notes.append("the report gives only an ashore total (no afloat figure)")
    ashore, afloat = _number(row, "Total Ashore"), _number(row, "Total Afloat")
    if column is None and ashore is not None and afloat is not None:
        notes.append(f"report: ashore {_fmt(ashore)}, afloat {_fmt(afloat)}")
    if not services:
        pieces = [f"{c} {_fmt(v)}" for c in PIECES if (v := _number(row, c)) is not None]
        shown = ", ".join(f"{s} {_fmt(v)}" for s in ("Army", "Air Force") if (v := _number(row, f"{s} Total")))
        notes.append(
            "no total per service for the Navy and Marine Corps, so no service rows; the report's columns "
            "(names as in the compilation): " + ", ".join(filter(None, [shown, *pieces]))
        )
    else:
        guard = _number(row, "Coast Guard Active Duty") or 0
        if column == "Total Active Duty":
            reserve, civilian = _number(row, "Total Selected Reserve"), _number(row, "Total Civilian")
            notes.append(
                f"total includes {_fmt(guard)} Coast Guard (no service row); "
                f"not included: {_fmt(reserve or 0)} selected reserve, {_fmt(civilian or 0)} DoD civilians"
            )
        added = sum(services.values()) + guard
        if added == total:
            notes.append("services add up to the total" + (" with the Coast Guard" if guard else ""))
        else:
            parts = "service counts and Coast Guard" if guard else "service counts"
            more = "more" if added > total else "fewer"
            notes.append(
                f"DISAGREES: the report's {parts} add up to {_fmt(added)}, "
                f"{_fmt(abs(added - total))} {more} than its total (both kept as reported)"
            )
    if row["source"] in flagged:
        notes.append(
            "jumps away from both neighbouring reports and back (kept as reported; compare the Navy count)"
            if column == "Total Active Duty"
            else "jumps away from both neighbouring reports and back (kept as reported)"
        )
    if row["source"] in disagreements:
        notes.append(disagreements[row["source"]])
    return "; ".join(notes)


def country_year_disagreements(reports: list[dict[str, str]], country_year: list[dict[str, str]]) -> dict[str, str]:
    """Per report: a note where the compilation's country-year value for that year differs from it.

    The note goes on the year's September report (or its only report before 1957)."""
    yearly = {r["year"]: int(r["troops_ad"]) for r in country_year}
    chosen: dict[str, dict[str, str]] = {}
    for row in reports:
        if row["year"] not in chosen or row["month"] == "September":
            chosen[row["year"]] = row
    notes = {}
    for year, row in chosen.items():
        value = yearly.get(year)
        if value is not None and value != total_of(row)[0]:
            notes[row["source"]] = (
                f"DISAGREES: troopdata's country-year file gives {_fmt(value)} for {year} "
                "(not tabled; see personnel_notes.md)"
            )
    return notes


def derive(reports: list[dict[str, str]], country_year: list[dict[str, str]]) -> list[dict[str, str]]:
    """The table rows of both series: Japan first, then the Ryukyu Islands, each by date, services then Total."""
    disagreements = country_year_disagreements(reports, country_year)
    flagged = spikes(reports)
    out = []
    for row in sorted(reports, key=lambda r: (era(r)[0] != JAPAN, as_of(r))):
        series, key = era(row)
        total, _ = total_of(row)
        services = services_of(row)
        common = {
            "year": row["year"],
            "as_of": as_of(row),
            "area": "Okinawa" if series == RYUKYU else "Japan",
            "series": series,
            "definition": DEFINITIONS[key],
            "source": f"DoD/DMDC report of active-duty military personnel by country, {row['source']}; {COMPILATION}",
        }
        for service, value in services.items():
            out.append({**common, "service": service, "personnel": str(value), "notes": ""})
        out.append(
            {
                **common,
                "service": "Total",
                "personnel": str(total),
                "notes": notes_of(row, total, services, flagged, disagreements),
            }
        )
    return out


def merged(table_text: str, derived: Iterable[dict[str, str]]) -> str:
    """The personnel table with the rows of the derived series replaced (all other rows kept as they were)."""
    rows = list(csv.reader(io.StringIO(table_text)))
    header, body = rows[0], rows[1:]
    if header != FIELDS:
        raise SystemExit(f"{PERSONNEL}: unexpected columns {header}")
    series = header.index("series")
    kept = [r for r in body if r[series] not in (JAPAN, RYUKYU)]
    out = io.StringIO()
    writer = csv.writer(out)  # CRLF line ends, as the table has
    writer.writerow(header)
    writer.writerows(kept)
    writer.writerows([[row[f] for f in FIELDS] for row in derived])
    return out.getvalue()


def main() -> None:
    verify()
    derived = derive(read_csv(SOURCE_DIR / REPORTS), read_csv(SOURCE_DIR / COUNTRY_YEAR))
    PERSONNEL.write_text(merged(PERSONNEL.read_text(encoding="utf-8"), derived), encoding="utf-8", newline="")
    totals = [r for r in derived if r["service"] == "Total"]
    print(f"{PERSONNEL.relative_to(ROOT)}: {len(derived)} rows derived ({len(totals)} reports)")


if __name__ == "__main__":
    main()
