"""Municipalities (JMA municipal areas, data/geo/municipalities.geojson): the code a name or code
given by a user stands for, and the municipalities of each facility (the Municipality filter).

A municipality is named by its 5-digit JIS X 0402 code (e.g. 47209 for 名護市). Wards of a
designated city and JMA sub-areas count as their city: 横浜市中区 is 横浜市 (14100).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import overload

import pandas as pd

from basemap.catalog import LAYERS
from basemap.datafile import read_json
from basemap.i18n import ENGLISH, Language
from basemap.prefectures import PREFECTURES

COLUMNS = ["code", "prefecture_code", "name_ja", "name_en"]
_KIND = re.compile(r"\s+(city|town|village)$")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per file version, a cache key
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

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(self.table["code"])

    @cached_property
    def ordered(self) -> tuple[str, ...]:
        """Every code, in code order (by prefecture, then JIS order)."""
        return tuple(sorted(self.codes))

    @cached_property
    def names(self) -> dict[str, tuple[str, str, str]]:
        """Code -> (Japanese name, English name, prefecture code)."""
        columns = ("code", "name_ja", "name_en", "prefecture_code")
        return {code: (ja, en, pref) for code, ja, en, pref in zip(*(self.table[c] for c in columns), strict=True)}


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


def _by_code(value: str, codes: frozenset[str]) -> str | None:
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


class AllCodes(Sequence[str]):
    """Every municipality code in the layer, in code order, read when first used (not on import):
    the values a link may name (basemap.filters)."""

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return municipalities().ordered[index]

    def __len__(self) -> int:
        return len(municipalities().ordered)

    def __iter__(self) -> Iterator[str]:
        return iter(municipalities().ordered)

    def __contains__(self, value: object) -> bool:
        return value in municipalities().codes


def link_text(code: str, known: Municipalities | None = None) -> str:
    """How a municipality reads in a link, a caption and a file name: its English name ("Nago City")
    where that names it alone, else its code (a link must name one municipality)."""
    known = municipalities() if known is None else known
    name = known.names.get(code, ("", "", ""))[1]
    return name if name and municipality_code(name, (), known) == code else code


def name_ja(code: str, known: Municipalities | None = None) -> str:
    """A municipality's Japanese name ("名護市"), or its code when unknown."""
    known = municipalities() if known is None else known
    return known.names[code][0] if code in known.names else code


def label(code: str, known: Municipalities | None = None, _: Language = ENGLISH) -> str:
    """How a municipality reads among the filter's options: "Nago City · 名護市, Okinawa" (in
    Japanese "名護市（沖縄県）")."""
    known = municipalities() if known is None else known
    if code not in known.names:
        return code
    name_ja, name_en, prefecture = known.names[code]
    if prefecture not in PREFECTURES:
        return name_ja
    if _.ja:
        return f"{name_ja}（{PREFECTURES[prefecture].name_ja}）"
    return f"{name_en} · {name_ja}, {PREFECTURES[prefecture].name_en}"


@lru_cache(maxsize=4096)
def _codes_of(names: tuple[str, ...], prefecture: str, known: Municipalities) -> tuple[str, ...]:
    """The codes of one facility's stated municipalities (cached: many records share the same names)."""

    def code(name: str) -> str | None:
        return municipality_code(name, [prefecture], known) or municipality_code(name, (), known)

    return tuple(dict.fromkeys(c for c in map(code, names) if c is not None))


def facility_municipality_codes(facilities: pd.DataFrame, known: Municipalities | None = None) -> pd.Series:
    """For each facility, the codes of its stated municipalities, in order: looked up in its own
    prefecture first, then anywhere (a facility may reach into the next prefecture, e.g. Owada in
    新座市 and 清瀬市); a name the layer does not know is left out."""
    known = municipalities() if known is None else known
    pairs = zip(facilities["municipalities_ja"], facilities["prefecture_code"], strict=True)
    stated = ((tuple(names) if isinstance(names, list | tuple) else (), str(pref)) for names, pref in pairs)
    codes = [list(_codes_of(names, pref, known)) for names, pref in stated]
    return pd.Series(codes, index=facilities.index, dtype=object)
