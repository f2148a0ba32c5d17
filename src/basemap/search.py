"""Finding a facility by what a person types: its English or Japanese name, or its FAC number.

People type names as they know them: "Schwab", "キャンプ・シュワブ" without the middle dot, in
half-width katakana or in hiragana, "fac 6009" or just "6009". Text is compared in one folded
form (`folded`), and matches are ranked so the facility meant comes first.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from basemap.filters import not_returned
from basemap.values import located

MAX_RESULTS = 10  # a search lists at most this many facilities, best first
_FAC_NUMBER = re.compile(r"(?:fac)?0*(\d{1,6})")  # on folded text: "FAC6009", "fac 6009", "6009", "６００９"
_KATAKANA = (0x30A1, 0x30F6)  # ァ..ヶ, each 0x60 above its hiragana
_NAMES = ("name_en", "name_ja")


def folded(text: str) -> str:
    """Text in the form searches compare: Unicode NFKC (full-width letters and half-width kana to
    their usual forms), case-folded, katakana as hiragana, only letters and digits kept (no spaces,
    middle dots, hyphens or brackets)."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    kept = []
    for char in normal:
        if unicodedata.category(char)[0] not in "LN":
            continue
        code = ord(char)
        kept.append(chr(code - 0x60) if _KATAKANA[0] <= code <= _KATAKANA[1] else char)
    return "".join(kept)


def fac_number(text: str) -> str | None:
    """The facility id a FAC number names ("FAC6009", "fac 6009", "6009" -> "FAC6009"), or None."""
    match = _FAC_NUMBER.fullmatch(folded(text))
    return f"FAC{int(match.group(1)):04d}" if match else None


def _rank(query: str, fac: str | None, row: pd.Series) -> int | None:
    """How well one facility matches a folded query: 0 its id or FAC number, 1 a whole name, 2 the
    start of a name, 3 a word or part of a name or of its id; None for no match."""
    if fac == row["id"] or query == folded(str(row["id"])):
        return 0
    names = [folded(str(row[column])) for column in _NAMES if isinstance(row[column], str)]
    if query in names:
        return 1
    if any(name.startswith(query) for name in names):
        return 2
    if any(query in name for name in [*names, folded(str(row["id"]))]):
        return 3
    return None


def find_facilities(facilities: pd.DataFrame, query: str, limit: int = MAX_RESULTS) -> list[str]:
    """The ids of the facilities that `query` names, best first, at most `limit`: by how well they
    match (`_rank`), then facilities still provided before returned ones, whole facilities before
    parts recorded for a return, then by English name. An empty query finds nothing."""
    wanted = folded(query)
    if not wanted:
        return []
    fac = fac_number(query)
    current = not_returned(facilities)
    found = []
    for (_, row), provided in zip(facilities.iterrows(), current, strict=True):
        rank = _rank(wanted, fac, row)
        if rank is not None:
            key = (rank, not provided, isinstance(row["part_of"], str), str(row["name_en"]), str(row["id"]))
            found.append((key, str(row["id"])))
    return [facility_id for _, facility_id in sorted(found)[:limit]]


def resolve(facilities: pd.DataFrame, text: str, partial: bool = False) -> str | None:
    """The one facility a text names: its id, FAC number or whole name (English or Japanese, folded),
    the best one when several share it; with `partial` (the search box) also the only facility a
    part of a name finds. None when it names none (or, partly, several). Links are read strictly
    (`?facility=FAC6009`, `?facility=Camp Schwab`), so a link opens what it says."""
    found = find_facilities(facilities, text, limit=len(facilities))
    if not found:
        return None
    best = facilities.loc[facilities["id"] == found[0]].iloc[0]
    if _rank(folded(text), fac_number(text), best) in (0, 1) or (partial and len(found) == 1):
        return found[0]
    return None


def on_map(facilities: pd.DataFrame, shown: pd.DataFrame, facility_id: str) -> bool:
    """Whether the map draws the facility chosen (so it opens its details there): it has a published
    location and the filters show it. Otherwise the page says why not and lists its record."""
    if not facility_id:  # none chosen: most reruns
        return False
    record = facilities[facilities["id"] == facility_id]
    return bool(len(record)) and bool(located(record).all()) and facility_id in set(shown["id"])
