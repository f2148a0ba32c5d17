"""Filter state <-> URL query parameters, so a view can be shared as a link.

Parsing is total: any parameters (any unicode, any length, any repetition) give a valid state,
and what was dropped is counted for one plain-text notice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from basemap.filters import CHOICES, FilterState
from basemap.i18n import ENGLISH, Language
from basemap.text import plain_text

_BY_PARAM = {choice.param: choice for choice in CHOICES}
PARAMS = tuple(_BY_PARAM)  # the URL parameters, one per choice (basemap.filters.CHOICES)
# Every known value at once is under 80 (47 prefectures, 9 regions, services, categories): values
# past the first MAX_VALUES are dropped unread, values longer than any name or code unmatched.
MAX_VALUES = 200
MAX_VALUE_CHARS = 100
NOTICE_EXAMPLES = 5  # dropped entries named in the notice; the rest are counted
NOTICE_CHARS = 40  # each named value cut to this many characters


@dataclass(frozen=True)
class Ignored:
    """What parse_query dropped: how many entries, and the first few distinct ones as (parameter,
    value) in plain text cut to NOTICE_CHARS, the value None for an unknown parameter (whose values
    are not counted separately)."""

    count: int = 0
    unread: int = 0  # values past the first MAX_VALUES (counted in `count`)
    examples: tuple[tuple[str, str | None], ...] = ()

    def notice(self, _: Language = ENGLISH) -> str:
        """One plain-text notice naming the first few dropped entries (cut short); "" if none."""
        if not self.count:
            return ""
        named = _(", ").join(
            _("parameter “{name}”").format(name=name)
            if value is None
            else _("{name} “{value}”").format(name=name, value=value)
            for name, value in self.examples
        )
        more = self.count - len(self.examples)
        if self.unread:
            text = _.ngettext(
                "{count} value in the link ignored: {named}", "{count} values in the link ignored: {named}", self.count
            )
        else:
            text = _.ngettext(
                "{count} unknown value in the link ignored: {named}",
                "{count} unknown values in the link ignored: {named}",
                self.count,
            )
        text = text.format(count=_.number(self.count), named=named)
        if more:
            text += _(" and {more} more").format(more=_.number(more))
        if self.unread:
            text += _(" (unknown, or past the first {limit} values read)").format(limit=MAX_VALUES)
        return text + _(".")


def _values(raw: Sequence[str]) -> list[str]:
    """Split repeated and comma-separated values; drop blanks."""
    return [part.strip() for value in raw for part in str(value).split(",") if part.strip()]


def parse_query(
    params: Mapping[str, Sequence[str]], facilities: pd.DataFrame | None = None
) -> tuple[FilterState, Ignored]:
    """Read a FilterState from query parameters (name -> all its values); never raises.

    Each choice reads its own values (prefectures: English names, Japanese names or JIS codes:
    "Okinawa", "沖縄県", "47"; a facility: its FAC number or name, among `facilities`, so unknown
    without them); a choice of one value takes the last one given.
    Returns the state and what was ignored: unknown parameters, unknown values, values past the cap.
    """
    picked: dict[str, list[str]] = {param: [] for param in PARAMS}
    dropped: list[tuple[str, str | None]] = []
    read = unread = 0
    for name, raw in params.items():
        if name not in PARAMS:
            dropped.append((name, None))
            continue
        for value in _values(raw):
            if read == MAX_VALUES:
                unread += 1
                dropped.append((name, value))
                continue
            read += 1
            match = _BY_PARAM[name].match_in(facilities, value) if len(value) <= MAX_VALUE_CHARS else None
            if match is None:
                dropped.append((name, value))
            else:
                picked[name].append(match)
    state = FilterState(**{choice.name: choice.read(picked[choice.param]) for choice in CHOICES})
    return state, Ignored(len(dropped), unread, _examples(dropped))


def _examples(dropped: list[tuple[str, str | None]]) -> tuple[tuple[str, str | None], ...]:
    examples: dict[tuple[str, str | None], None] = {}
    for name, value in dropped:
        if len(examples) == NOTICE_EXAMPLES:
            break
        short = None if value is None else plain_text(value, NOTICE_CHARS)
        examples[(plain_text(name, NOTICE_CHARS), short)] = None
    return tuple(examples)


def to_query(state: FilterState) -> dict[str, list[str]]:
    """Query parameters for a state (prefectures by English name: readable links); defaults left out."""
    query = {choice.param: choice.written(state[choice.name]) for choice in CHOICES}
    return {name: values for name, values in query.items() if values}
