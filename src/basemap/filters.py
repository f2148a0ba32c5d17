"""The shared view: one spec per choice (each filter, and the map view), registered once in CHOICES.

A spec says everything about its choice: the URL parameter and how its values are read and
written, the widget (kind, label, options), how it reads in a description and in a file name, and
which facilities it keeps. FilterState, the URL (state.py), the sidebar (atlas_streamlit), the
export file names (export/meta.py) and apply_filters all loop over the specs, so a new filter is
one entry in FILTERS (after the datasette idea of one object per filter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter

import geopandas as gpd
import pandas as pd

from basemap import municipalities
from basemap.i18n import ENGLISH, LANGUAGES, N_, Language, language
from basemap.prefectures import PREFECTURES, REGION_NAMES_JA, REGIONS, prefecture_code
from basemap.vocabulary import FACILITY_SERVICES, SOFA_CATEGORIES

MAP_VIEWS = {
    "facilities": N_("Facility markers"),
    "shade-count": N_("Prefectures shaded by facility count"),
    "shade-area": N_("Prefectures shaded by facility area"),
    "symbols-count": N_("Symbols sized by facility count"),
    "symbols-area": N_("Symbols sized by facility area"),
    "symbols-personnel": N_("Symbols sized by personnel (where published)"),
}
FILE_NAME_VALUES = 3  # a file name names up to this many values of a filter, then counts them ("4-prefectures")

Value = tuple[str, ...] | bool | str  # what a choice holds: chosen values (multiselect), on/off (toggle), one value
Options = Callable[[gpd.GeoDataFrame | None, "FilterState"], Sequence[str]]  # (facilities, choices so far) -> values


def _matching(value: str, allowed: Iterable[str]) -> str | None:
    """The allowed value equal to `value` ignoring case, or None."""
    lowered = value.lower()
    return next((a for a in allowed if a.lower() == lowered), None)


@dataclass(frozen=True, kw_only=True)
class Choice:
    """What every choice has: its keyword in FilterState, its URL parameter, its widget's label and help."""

    name: str  # FilterState keyword, e.g. "prefectures"
    param: str  # URL parameter, e.g. "prefecture"
    label: str  # widget label (English, marked with N_: translated where shown)
    help: str | None = None  # widget tooltip (the same)

    @property
    def default(self) -> Value:
        raise NotImplementedError

    def canonical(self, value: object) -> Value:
        """The value in canonical form (known values only, in option order): equal choices, equal states and URLs."""
        raise NotImplementedError

    def match(self, text: str) -> str | None:
        """The canonical value that one URL value names, or None (never raises)."""
        raise NotImplementedError

    def match_in(self, records: pd.DataFrame | None, text: str) -> str | None:
        """The same, for a choice whose values are the loaded records' (Record); others ignore them."""
        return self.match(text)

    def read(self, matched: Sequence[str]) -> Value:
        """The value from the matched URL values, in the order given."""
        raise NotImplementedError

    def written(self, value: Value) -> list[str]:
        """The URL values for a value; none at the default (short links)."""
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class Pick(Choice):
    """A choice among known values: `values` are all of them in canonical order (what a link may name),
    `options` the ones the widget offers given the facilities and the choices before it (default: all)."""

    values: Sequence[str]
    text: Callable[[str], str] = str  # how a value reads in a link and an English file name
    # How a value reads in the widget and a description, in the reader's language (default: `text`).
    label_of: Callable[[str, Language], str] | None = None
    # How a value reads in a caption or file metadata in Japanese (default: its widget label); English
    # descriptions use `text`, as links do.
    name_ja: Callable[[str], str] | None = None
    matcher: Callable[[str], str | None] | None = None  # URL value -> value (default: `text`, value or label)
    options: Options | None = None

    def option_label(self, value: str, _: Language = ENGLISH) -> str:
        """How one value reads in the widget and in descriptions, in the reader's language."""
        return self.label_of(value, _) if self.label_of is not None else self.text(value)

    def match(self, text: str) -> str | None:
        """A value named by its code, its link text or its label in either language, any case."""
        if self.matcher is not None:
            return self.matcher(text)
        lowered = text.lower()
        return _matching(text, self.values) or next(
            (
                v
                for v in self.values
                if lowered in (self.text(v).lower(), *(self.option_label(v, language(c)).lower() for c in LANGUAGES))
            ),
            None,
        )

    def offered(self, facilities: gpd.GeoDataFrame | None, state: FilterState, _: Language = ENGLISH) -> dict[str, str]:
        """The widget's options (value -> label in the reader's language), in order."""
        values = self.options(facilities, state) if self.options is not None else self.values
        return {value: self.option_label(value, _) for value in values}


@dataclass(frozen=True, kw_only=True)
class Filter(Choice):
    """A choice that restricts the facilities and names itself in descriptions and file names."""

    def keep(self, facilities: gpd.GeoDataFrame, value: Value) -> pd.Series | None:
        """True for the facilities this choice keeps; None when it keeps all."""
        raise NotImplementedError

    def describe(self, value: Value, _: Language = ENGLISH) -> str:
        """How the choice reads in a caption or file metadata; "" when it says nothing."""
        raise NotImplementedError

    def file_words(self, value: Value) -> tuple[str, ...]:
        """The words naming the choice in a file name; () when it restricts nothing."""
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class Many(Pick, Filter):
    """A multiselect: the facilities whose `column` holds any chosen value; nothing chosen keeps all."""

    column: Callable[[gpd.GeoDataFrame], pd.Series]
    noun: str  # in descriptions: "prefecture: Okinawa" (marked with N_)
    plural: str  # in file names past FILE_NAME_VALUES: "4-prefectures"
    placeholder: str = N_("All")
    counts: bool = False  # options show how many facilities (each counted once) each would keep
    most_first: bool = False  # with counts: the options keeping the most facilities first, ties in `values` order
    several: bool = False  # `column` holds a list per facility (a facility in two municipalities is in both)

    @property
    def default(self) -> tuple[str, ...]:
        return ()

    def canonical(self, value: object) -> tuple[str, ...]:
        chosen = {value} if isinstance(value, str) else set(value) if isinstance(value, Iterable) else set()
        if not chosen:  # most filters, most of the time: no walk through every value (municipalities: ~1,900)
            return ()
        return tuple(v for v in self.values if v in chosen)

    def read(self, matched: Sequence[str]) -> tuple[str, ...]:
        return tuple(matched)

    def written(self, value: Value) -> list[str]:
        return [self.text(v) for v in _many(value)]

    def offered(self, facilities: gpd.GeoDataFrame | None, state: FilterState, _: Language = ENGLISH) -> dict[str, str]:
        labels = super().offered(facilities, state, _)
        if not self.counts:
            return labels
        values = None if facilities is None else self.values_of(facilities[listed(facilities, state)])
        counts = {} if values is None else values.value_counts().to_dict()
        order = sorted(labels, key=lambda value: -counts.get(value, 0)) if self.most_first else labels  # stable sort
        return {value: f"{labels[value]} ({counts.get(value, 0)})" for value in order}

    def values_of(self, facilities: gpd.GeoDataFrame) -> pd.Series:
        """The column's values, one row per (facility, value): a list column exploded."""
        column = self.column(facilities)
        return column.explode().dropna() if self.several else column

    def keep(self, facilities: gpd.GeoDataFrame, value: Value) -> pd.Series | None:
        if not value:
            return None
        chosen = _many(value)
        if self.several:
            return self.column(facilities).map(lambda held: not set(chosen).isdisjoint(held)).astype(bool)
        return self.column(facilities).isin(chosen)

    def named(self, value: str, _: Language = ENGLISH) -> str:
        """How one value reads in a description: its link text in English (its option label where the
        link needs the bare code: one of two Fuchu Cities), its Japanese name in Japanese."""
        if not _.ja and (text := self.text(value)) != value:
            return text
        if not _.ja:
            return self.option_label(value, _)
        return self.name_ja(value) if self.name_ja is not None else self.option_label(value, _)

    def describe(self, value: Value, _: Language = ENGLISH) -> str:
        if not value:
            return ""
        return _("{noun}: {values}").format(
            noun=_(self.noun), values=_(", ").join(self.named(v, _) for v in _many(value))
        )

    def file_words(self, value: Value) -> tuple[str, ...]:
        values = _many(value)
        if len(values) > FILE_NAME_VALUES:
            return (f"{len(values)}-{self.plural}",)
        return tuple(self.text(v) for v in values)


@dataclass(frozen=True, kw_only=True)
class Toggle(Filter):
    """An on/off switch, off by default: off keeps only what `unless_on` keeps; on keeps all.
    In a link: `param=show` (on) or `param=hide` (off, the default, left out of written links)."""

    unless_on: Callable[[gpd.GeoDataFrame], pd.Series]
    on_text: str  # in descriptions, always said: "returned facilities included"
    off_text: str
    on_file_word: str  # in file names, only when on: "with-returned"
    on: str = "show"
    off: str = "hide"

    @property
    def default(self) -> bool:
        return False

    def canonical(self, value: object) -> bool:
        return bool(value)

    def match(self, text: str) -> str | None:
        return _matching(text, (self.on, self.off))

    def read(self, matched: Sequence[str]) -> bool:
        return bool(matched) and matched[-1] == self.on

    def written(self, value: Value) -> list[str]:
        return [self.on] if value else []

    def keep(self, facilities: gpd.GeoDataFrame, value: Value) -> pd.Series | None:
        return None if value else self.unless_on(facilities)

    def describe(self, value: Value, _: Language = ENGLISH) -> str:
        return _(self.on_text if value else self.off_text)

    def file_words(self, value: Value) -> tuple[str, ...]:
        return (self.on_file_word,) if value else ()


@dataclass(frozen=True, kw_only=True)
class One(Pick):
    """A select box: exactly one value, `default` when none is given (the last one in a link wins)."""

    initial: str

    @property
    def default(self) -> str:
        return self.initial

    def canonical(self, value: object) -> str:
        return value if isinstance(value, str) and value in self.values else self.initial

    def read(self, matched: Sequence[str]) -> str:
        return matched[-1] if matched else self.initial

    def written(self, value: Value) -> list[str]:
        return [self.text(_one(value))] if value != self.initial else []


@dataclass(frozen=True, kw_only=True)
class Record(Choice):
    """One record of the data named in a link (`?facility=FAC6009`, or a name): chosen on the page
    itself (the facility search, a table row), not in the sidebar, and it filters nothing. Its values
    are the ids of the records loaded, so a link is read against them (`find`, given the records by
    parse_query); without the records it names nothing."""

    find: Callable[[pd.DataFrame, str], str | None]  # (records, a link's value) -> the id it names, or None

    @property
    def default(self) -> str:
        return ""

    def canonical(self, value: object) -> str:
        return value.strip() if isinstance(value, str) else ""

    def match(self, text: str) -> str | None:
        return None

    def match_in(self, records: pd.DataFrame | None, text: str) -> str | None:
        return None if records is None else self.find(records, text)

    def read(self, matched: Sequence[str]) -> str:
        return matched[-1] if matched else ""

    def written(self, value: Value) -> list[str]:
        return [_one(value)] if value else []


def _find_facility(facilities: pd.DataFrame, text: str) -> str | None:
    from basemap.search import resolve  # imported here: search ranks facilities with this module's rules

    return resolve(facilities, text)


def region_of(prefecture_codes: pd.Series) -> pd.Series:
    return prefecture_codes.map(lambda code: PREFECTURES[code].region)


def not_returned(facilities: pd.DataFrame) -> pd.Series:
    """True for facilities still provided to U.S. forces (active or return only planned)."""
    return facilities["status"] != "returned"


def counted(facilities: pd.DataFrame) -> pd.Series:
    """True for the facilities that count as one each: still provided, and not a part recorded
    for an announced return (the part is inside its facility's figures already)."""
    return not_returned(facilities) & facilities["part_of"].isna()


def listed(facilities: pd.DataFrame, state: FilterState) -> pd.Series:
    """True for the facilities the filter options offer and count: those that count as one each,
    and the returned ones too when the returned facilities layer is on (they are on the map then)."""
    return counted(facilities) | (~not_returned(facilities) & state.include_returned)


def municipality_options(facilities: gpd.GeoDataFrame | None, state: FilterState) -> list[str]:
    """The municipalities (codes, in code order) that hold a listed facility (see `listed`), within
    the chosen prefectures (every prefecture when none is chosen)."""
    if facilities is None:
        return []
    wanted = set(state.prefectures)
    current = facilities[listed(facilities, state)]
    if wanted:
        current = current[current["prefecture_code"].isin(wanted)]
    codes = set(municipalities.facility_municipality_codes(current).explode().dropna())
    return sorted(code for code in codes if not wanted or code[:2] in wanted)


# The filters, in sidebar order. A new filter is one more entry here (see CONTRIBUTING.md).
FILTERS: tuple[Filter, ...] = (
    Many(
        name="prefectures",
        param="prefecture",
        label=N_("Prefecture"),
        values=tuple(PREFECTURES),
        text=lambda code: PREFECTURES[code].name_en,
        label_of=lambda code, _: _.pick(PREFECTURES[code].name_en, PREFECTURES[code].name_ja),
        matcher=prefecture_code,  # "Okinawa", "沖縄県", "47"
        column=itemgetter("prefecture_code"),
        noun=N_("prefecture"),
        plural="prefectures",
        placeholder=N_("All prefectures"),
        counts=True,
        most_first=True,  # Okinawa, Kanagawa, ... before the prefectures without facilities (JIS order among equals)
    ),
    Many(
        name="municipalities",
        param="municipality",
        label=N_("Municipality"),
        help=N_(
            "Cities, towns and villages that hold a facility, within the chosen prefectures. A facility "
            "that spans several municipalities is in each. In a link: the Japanese or English name, or the JIS code."
        ),
        values=municipalities.AllCodes(),
        text=municipalities.link_text,  # "Nago City"
        label_of=lambda code, _: municipalities.label(code, _=_),  # "Nago City · 名護市, Okinawa"
        name_ja=municipalities.name_ja,  # "名護市"
        matcher=municipalities.municipality_code,  # "名護市", "Nago", "47209"
        options=municipality_options,
        column=municipalities.facility_municipality_codes,
        several=True,
        noun=N_("municipality"),
        plural="municipalities",
        placeholder=N_("All municipalities"),
        counts=True,
    ),
    Many(
        name="regions",
        param="region",
        label=N_("Region"),
        values=REGIONS,
        label_of=lambda region, _: REGION_NAMES_JA[region] if _.ja else region,
        column=lambda facilities: region_of(facilities["prefecture_code"]),
        noun=N_("region"),
        plural="regions",
        placeholder=N_("All regions"),
    ),
    Many(
        name="services",
        param="service",
        label=N_("Service"),
        values=FACILITY_SERVICES.codes,
        label_of=FACILITY_SERVICES.label,
        column=itemgetter("service"),
        noun=N_("service"),
        plural="services",
        placeholder=N_("All services"),
    ),
    Many(
        name="categories",
        param="category",
        label=N_("SOFA category"),
        values=SOFA_CATEGORIES.codes,
        label_of=SOFA_CATEGORIES.label,
        column=itemgetter("sofa_category"),
        noun=N_("SOFA category"),
        plural="categories",
        placeholder=N_("All categories"),
    ),
    Toggle(
        name="include_returned",
        param="returned",
        label=N_("Returned facilities layer"),
        help=N_("Facilities already returned to Japan (e.g. under the 1996 SACO report), with their return dates."),
        unless_on=not_returned,  # returned facilities are hidden by default
        on_text=N_("returned facilities included"),
        off_text=N_("returned facilities hidden"),
        on_file_word="with-returned",
    ),
)
# How the map draws the facilities: part of the shared view (link, sidebar), but it filters nothing.
VIEW = One(
    name="view",
    param="view",
    label=N_("Map shows"),
    values=tuple(MAP_VIEWS),
    label_of=lambda view, _: _(MAP_VIEWS[view]),
    initial="facilities",
)
# The language of the pages: part of the shared view (a link keeps it), but drawn as the language
# switch on every page, not among the filters. "" (the default) leaves it to the browser's language.
LANGUAGE = One(
    name="lang",
    param="lang",
    label="Language / 言語",
    values=tuple(LANGUAGES),
    label_of=lambda code, _: LANGUAGES[code],
    initial="",
)
# The facility shown with its popup open: chosen by the search or a table row, named in a link.
FACILITY = Record(name="facility", param="facility", label=N_("Find a facility"), find=_find_facility)
CHOICES: tuple[Choice, ...] = (
    *FILTERS,
    VIEW,
    LANGUAGE,
    FACILITY,
)  # everything in the shared view, sidebar ones in order
_BY_NAME = {choice.name: choice for choice in CHOICES}


def _many(value: Value) -> tuple[str, ...]:
    if not isinstance(value, tuple):
        raise TypeError(f"expected the values of a multiselect, got {value!r}")
    return value


def _one(value: Value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected one value, got {value!r}")
    return value


@dataclass(frozen=True, init=False)
class FilterState:
    """What the user chose, always canonical: FilterState(prefectures=["47", "14"], include_returned=True).

    Keywords are the names of CHOICES; a choice left out is at its default (no restriction, the
    facility markers). Unknown values are dropped, so equal choices give equal states and equal URLs.
    """

    chosen: tuple[tuple[str, Value], ...]  # (name, value) of the choices not at their default, in CHOICES order

    def __init__(self, **chosen: object) -> None:
        unknown = set(chosen) - set(_BY_NAME)
        if unknown:
            raise TypeError(f"unknown choice(s): {', '.join(sorted(unknown))}")
        values = ((c.name, c.canonical(chosen[c.name])) for c in CHOICES if c.name in chosen)
        object.__setattr__(self, "chosen", tuple((n, v) for n, v in values if v != _BY_NAME[n].default))

    @classmethod
    def of(cls, **chosen: object) -> FilterState:
        """The same as FilterState(**chosen), the name other branches and notebooks already use."""
        return cls(**chosen)

    def __getitem__(self, name: str) -> Value:
        return dict(self.chosen).get(name, _BY_NAME[name].default)

    def __repr__(self) -> str:
        return f"FilterState({', '.join(f'{name}={value!r}' for name, value in self.chosen)})"

    @property
    def prefectures(self) -> tuple[str, ...]:
        """2-digit codes; () for every prefecture."""
        return _many(self["prefectures"])

    @property
    def regions(self) -> tuple[str, ...]:
        return _many(self["regions"])

    @property
    def include_returned(self) -> bool:
        return bool(self["include_returned"])

    @property
    def narrowed(self) -> bool:
        """True when a multiselect filter narrows the facilities (a prefecture, a service...); the
        returned-facilities toggle only hides or adds returned ones, the national view still."""
        return any(self[spec.name] for spec in FILTERS if isinstance(spec, Many))

    @property
    def facility(self) -> str:
        """The id of the facility chosen to show with its popup open; "" for none."""
        return _one(self["facility"])

    @property
    def view(self) -> str:
        """How the map draws the facilities (MAP_VIEWS)."""
        return _one(self["view"])

    @property
    def lang(self) -> str:
        """The language chosen in the link or the switch ("en", "ja"); "" when the browser's decides."""
        return _one(self["lang"])

    def describe(self, _: Language = ENGLISH) -> str:
        """A short human label of the filter, e.g. for captions and file metadata."""
        return _("; ").join(part for f in FILTERS if (part := f.describe(self[f.name], _)))


def apply_filters(facilities: gpd.GeoDataFrame, state: FilterState) -> gpd.GeoDataFrame:
    """The facilities that match every filter of the state, in input order."""
    keep = facilities["prefecture_code"].notna()
    for spec in FILTERS:
        kept = spec.keep(facilities, state[spec.name])
        if kept is not None:
            keep &= kept
    return facilities[keep]
