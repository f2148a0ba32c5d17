"""Municipalities (JMA municipal areas, data/geo/municipalities.geojson): the code a name or code
given by a user stands for, and facility counts per municipality.

A municipality is named by its 5-digit JIS X 0402 code (e.g. 47209 for 名護市). Wards of a
designated city and JMA sub-areas count as their city: 横浜市中区 is 横浜市 (14100).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from basemap.catalog import LAYERS
from basemap.datafile import read_json
from basemap.filters import counted
from basemap.prefectures import PREFECTURES

COLUMNS = ["code", "prefecture_code", "name_ja", "name_en"]
_KIND = re.compile(r"\s+(city|town|village)$")


@dataclass(frozen=True)
class Municipalities:
    """The municipality table and its lookups (by code, Japanese name, English name)."""

    table: pd.DataFrame
    by_name: dict[str, tuple[str, ...]]  # Japanese and case-folded English names -> codes

    @classmethod
    def of(cls, table: pd.DataFrame) -> Municipalities:
        by_name: dict[str, list[str]] = {}
        for code, name_ja, name_en in zip(table["code"], table["name_ja"], table["name_en"], strict=True):
            for key in {name_ja, name_en.casefold(), _KIND.sub("", name_en.casefold())}:
                by_name.setdefault(key, []).append(code)
        return cls(table, {key: tuple(codes) for key, codes in by_name.items()})

    @property
    def codes(self) -> set[str]:
        return set(self.table["code"])


@lru_cache(maxsize=1)
def _read(path: str, modified_ns: int) -> Municipalities:
    doc = read_json(Path(path))
    rows = [{column: feature["properties"][column] for column in COLUMNS} for feature in doc["features"]]
    return Municipalities.of(pd.DataFrame(rows, columns=COLUMNS))


def municipalities() -> Municipalities:
    """Every municipality in the layer (properties only), read once per file version; an
    unreadable file gives an empty table (the map reports the file)."""
    path = LAYERS["municipalities"].path
    try:
        return _read(str(path), path.stat().st_mtime_ns)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Municipalities.of(pd.DataFrame(columns=COLUMNS))


def check_digit(code: str) -> str:
    """The JIS X 0402 check digit of a 5-digit code: 11 minus the weighted sum (6,5,4,3,2) mod 11,
    last digit."""
    total = sum(int(digit) * weight for digit, weight in zip(code, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def _by_code(value: str, codes: set[str]) -> str | None:
    """5 digits (JIS X 0402), 6 digits (with its check digit) or 7 digits (a JMA area code)."""
    code = value[:5]
    if code not in codes or len(value) not in (5, 6, 7):
        return None
    if len(value) == 6 and value[5] != check_digit(code):
        return None
    return code


def municipality_code(value: str, prefectures: Iterable[str] = (), known: Municipalities | None = None) -> str | None:
    """The 5-digit code of the municipality `value` names, or None when it names none or several.

    Accepts a code (5 digits, 6 with its check digit, a 7-digit JMA area code), the Japanese name
    (名護市, or 沖縄県名護市), a ward or former town of a city (横浜市中区 -> 横浜市), or the English
    name, case-insensitive, with or without City/Town/Village ("Nago City", "nago"). A name several
    prefectures share (府中市) needs `prefectures` (codes) or the prefecture's name in front; with
    `prefectures`, only their municipalities count.
    """
    known = municipalities() if known is None else known
    value = unicodedata.normalize("NFKC", value).strip()
    wanted = {code for code in prefectures if code in PREFECTURES}
    for code, pref in PREFECTURES.items():
        if value.startswith(pref.name_ja) and len(value) > len(pref.name_ja):
            if wanted and code not in wanted:
                return None
            value, wanted = value[len(pref.name_ja) :], {code}
            break

    def inside(codes: Iterable[str]) -> list[str]:
        return sorted({code for code in codes if not wanted or code[:2] in wanted})

    if value.isdigit():
        by_code = _by_code(value, known.codes)
        return by_code if by_code is not None and inside([by_code]) else None
    found = inside(known.by_name.get(value, ()) + known.by_name.get(value.casefold(), ()))
    if not found:
        found = inside(known.by_name.get(_KIND.sub("", value.casefold()), ()))
    if not found:  # a ward or former town of a city: the longest city name it starts with
        cities = [name for name in known.by_name if name.endswith("市") and value.startswith(name)]
        longest = max(cities, key=len, default="")
        found = inside(known.by_name.get(longest, ()))
    return found[0] if len(found) == 1 else None


def facility_municipality_codes(facilities: pd.DataFrame, known: Municipalities | None = None) -> pd.Series:
    """For each facility, the codes of its stated municipalities, in order: looked up in its own
    prefecture first, then anywhere (a facility may reach into the next prefecture, e.g. Owada in
    新座市 and 清瀬市); a name the layer does not know is left out."""
    known = municipalities() if known is None else known

    def code(name: str, prefecture: str) -> str | None:
        return municipality_code(name, [prefecture], known) or municipality_code(name, (), known)

    def codes(row: pd.Series) -> list[str]:
        found = (code(name, row["prefecture_code"]) for name in row["municipalities_ja"] or [])
        return list(dict.fromkeys(c for c in found if c is not None))

    if facilities.empty:
        return pd.Series([], index=facilities.index, dtype=object)
    return facilities.apply(codes, axis=1)


def municipality_counts(
    facilities: pd.DataFrame, prefectures: Iterable[str] = (), known: Municipalities | None = None
) -> pd.DataFrame:
    """The municipalities of the given prefectures (all in the layer when none) with how many
    facilities still provided (filters.counted) lie in each; a facility spanning two municipalities
    counts in both. Sorted by prefecture code, then municipality code."""
    known = municipalities() if known is None else known
    wanted = list(prefectures)
    rows = known.table[known.table["prefecture_code"].isin(wanted)] if wanted else known.table
    current = facilities[counted(facilities)]
    counts = facility_municipality_codes(current, known).explode().value_counts()
    result = rows.assign(facility_count=rows["code"].map(counts).fillna(0).astype(int))
    return result.sort_values(["prefecture_code", "code"]).reset_index(drop=True)
