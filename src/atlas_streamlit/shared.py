"""Streamlit glue shared by app.py and the pages: cached loading, offline assets, filters.

Pages call these and basemap's pure functions; nothing here computes data itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.pages_manager import PagesManager  # pinned streamlit==1.67.0
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit_folium import st_folium

from basemap.catalog import LAYERS
from basemap.cite import data_version
from basemap.datafile import DataError
from basemap.export.csv import to_csv
from basemap.export.layers import table_export_layer
from basemap.export.meta import ExportMeta
from basemap.filters import CHOICES, FACILITY, LANGUAGE, Choice, Filter, FilterState, Many, Pick, Record, Toggle, Value
from basemap.flashpoints import FlashpointView
from basemap.i18n import LANGUAGES, Language, browser_language, language
from basemap.load import Loaded, load_layer
from basemap.maps.assets import DATA, data_url, published_version, setup_offline_assets
from basemap.maps.elements import share_compiled_templates, stable_ids
from basemap.maps.facility_layer import publish_layer
from basemap.paths import STATIC_DIR
from basemap.state import PARAMS, Ignored, parse_query, to_query
from basemap.tables import TABLES, load_table
from basemap.text import markdown_text

share_compiled_templates()  # every rerun renders the same base map: its Jinja templates compiled once per process

STATIC_URL = "/app/static/"  # where Streamlit serves ./static (server.enableStaticServing in .streamlit/config.toml)
DATA_URL = data_url(STATIC_URL)  # the published layers the browser fetches and caches


@st.cache_resource(show_spinner=False, max_entries=1)
def _offline_assets_ready(version: int) -> bool:
    """Once per process and per version of the published layer files (an edited flashpoint file
    is published again)."""
    setup_offline_assets(STATIC_URL)
    return True


_PAGES: list = []  # the app's st.Page objects, for the sidebar menu (set by run_app)


def run_app(pages: list) -> None:
    """Run the chosen page under a sidebar menu drawn by page_setup.

    Streamlit's own menu names the landing page after the main script ("app") when a deep link
    is the first visit after the server starts; links drawn on every run always carry our titles.
    """
    _PAGES[:] = pages
    st.navigation(pages, position="hidden").run()


# Less empty space above the title than Streamlit's 6rem (the title still clear of its header), so the
# landing map, under the facility search, starts in the first screen of a 1280x720 laptop; on a phone,
# a smaller title and figures (two figures a line) bring the map up too.
_PAGE_STYLE = """<style>
[data-testid='stMainBlockContainer'] { padding-top: 2rem; }
@media (max-width: 640px) {
  h1 { font-size: 2rem !important; }
  [data-testid='stMetricValue'] { font-size: 1.75rem; }
}
</style>"""


LANG_KEY = f"f_{LANGUAGE.param}"  # session state: the language chosen in a link or the switch ("": none)
_SWITCH_KEY = "language_switch"


def page_language() -> Language:
    """The page's language: the link's `lang`, else the last choice made on another page (kept in
    the link from then on), else the browser's language, else English."""
    in_url = st.query_params.get_all(LANGUAGE.param)
    from_url = LANGUAGE.match(in_url[-1]) if in_url else None
    if from_url:
        st.session_state[LANG_KEY] = from_url
    chosen = st.session_state.get(LANG_KEY) or ""
    if chosen and in_url != [chosen]:
        st.query_params[LANGUAGE.param] = chosen  # carried to every page, with the other parameters
    return language(chosen or browser_language(st.context.locale))


_PAGE_LANGUAGE = "page_language"  # session state: the code of the language page_setup chose for this run


def current_language() -> Language:
    """The language of the page being drawn (page_setup decides it first), for the glue here."""
    return language(st.session_state.get(_PAGE_LANGUAGE, "en"))


def _language_switched() -> None:
    st.session_state[LANG_KEY] = st.session_state[_SWITCH_KEY]
    st.query_params[LANGUAGE.param] = st.session_state[_SWITCH_KEY]


def _language_switch(current: Language) -> None:
    """English / 日本語, at the top of the sidebar on every page; the choice goes into the link."""
    st.session_state[_SWITCH_KEY] = current.code
    st.sidebar.radio(
        LANGUAGE.label,
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=_SWITCH_KEY,
        horizontal=True,
        on_change=_language_switched,
    )
    # The page declares its language (screen readers, fonts, hyphenation): Streamlit's page says "en".
    st.sidebar.html(f'<script>document.documentElement.lang = "{current.code}";</script>', unsafe_allow_javascript=True)


def page_setup(title: str) -> Language:
    """Page config, the language switch, the sidebar menu and local map assets; every page calls
    this first (deep links start anywhere). `title` is English, marked with N_. Returns the page's
    translator (``_ = page_setup(N_("Map"))``)."""
    _begin_run()
    _ = page_language()
    st.session_state[_PAGE_LANGUAGE] = _.code
    atlas = _("U.S.–Japan alliance atlas")
    st.set_page_config(page_title=f"{_(title)} · {atlas}", layout="wide")
    if PagesManager.uses_pages_directory:
        # A deep link was the server's first visit: Streamlit ran this file in its pages/-folder
        # mode, without app.py (no menu, no navigation). Switch to app.py's navigation and rerun.
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.html(_PAGE_STYLE)
    _language_switch(_)
    for page in _PAGES:
        st.sidebar.page_link(page, label=_(page.title))
    if _PAGES:
        st.sidebar.divider()
    return _


_LOADERS: dict[str, Callable[[str, Path], Loaded[Any]]] = {"layer": load_layer, "table": load_table}


@st.cache_resource(show_spinner=False, max_entries=32)
def _load(kind: str, key: str, path: str, modified_ns: int, size: int) -> Loaded:
    """Cached per file version: an edited data file is read again, an unchanged one never.

    One shared copy for every rerun and session, never copied per call (st.cache_data unpickled
    every layer on every rerun: CPU, and memory that 20 sessions at once left behind). Nothing
    changes a loaded frame in place: filters, summaries and exports derive new frames (pandas'
    copy-on-write keeps a derived frame's changes its own)."""
    return _LOADERS[kind](key, Path(path))


def _problem_list(problems) -> None:
    """One line per problem (file, record, field: message), as plain text: data quoted in a
    message is never rendered as Markdown."""
    st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)


def _file_version(path: Path) -> tuple[int, int]:
    """A file's modification time and size ((0, 0) when missing: its loader names it). One system
    call: every data file is looked at several times a rerun (data_files_version)."""
    try:
        stat = path.stat()
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)


def _cached(kind: str, key: str, path: Path) -> Loaded:
    """The cached load of one file (records and problems); raises DataError when it cannot be used."""
    return _load(kind, key, str(path), *_file_version(path))


_RUN_DATA_VERSION = "run_data_version"  # session state: the data files' version read as this run began


def _read_data_files_version() -> str:
    """A digest of every data file's path, modification time and size: the cache keys of a run hash
    this short text, not the 13 files' details, a tenth of a millisecond instead of about one for
    each cached result a run asks for (about 20)."""
    paths = [entry.path for entry in LAYERS.values()] + [entry.path for entry in TABLES.values()]
    files = repr([(str(path), *_file_version(path)) for path in paths])
    return hashlib.sha256(files.encode()).hexdigest()[:16]


def _begin_run() -> None:
    """What every run begins with, a page's (page_setup) or a fragment's alone (fragment_setup): the
    data files' version, and the published files of that version in place for the browser."""
    st.session_state[_RUN_DATA_VERSION] = _read_data_files_version()
    _offline_assets_ready(published_version())


def fragment_setup() -> None:
    """The start of a fragment whose widgets change what it draws from the data (the map page's):
    a rerun of the fragment alone begins as a page's run does (in a page's run, page_setup has
    begun it)."""
    context = get_script_run_ctx()
    if context is not None and context.fragment_ids_this_run:
        _begin_run()


def data_files_version() -> str:
    """The version of every data file (path, modification time, size): an edited data file gives new
    results. Read once per run, as it begins (page_setup; a fragment's own rerun: fragment_setup),
    before any file is loaded: results made from a file edited during the run are then kept under
    the older version, which the next run no longer asks for, never old results under the new one.
    Outside a run (a download's worker thread), read now."""
    if get_script_run_ctx() is not None and _RUN_DATA_VERSION in st.session_state:
        return st.session_state[_RUN_DATA_VERSION]
    return _read_data_files_version()


T = TypeVar("T")
P = ParamSpec("P")


@st.cache_data(show_spinner=False, max_entries=16)
def _per_version(name: str, version: str, _compute: Callable[[], Any]) -> Any:
    """The cached result of `_compute` (not hashed), keyed on its name and the data files' version."""
    return _compute()


def per_data_version(name: str, compute: Callable[[], T]) -> T:
    """`compute()` once per version of the data files, for a result that depends on nothing else
    (the national figures, the date of the data): a filter change or another session reuses it."""
    return _per_version(name, data_files_version(), compute)


@st.cache_resource(show_spinner=False, max_entries=256)
def _per_state(name: str, state: str, version: str, _compute: Callable[[], Any]) -> Any:
    """The shared result of `_compute` (not hashed), keyed on its name, a filter state and the data
    files' version; read only, never changed."""
    return _compute()


def per_filter_state(name: str, state: FilterState, compute: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`compute(*args, **kwargs)` once per process for each filter state and version of the data
    files, for a result that depends on nothing else (name it after the language when it depends on
    that too): the facilities a filter shows, their table and figures, the map's frame. A filter
    changed back to a view seen before, in any session, reuses them (computing them again was about
    a fifth of a rerun's server time). One shared copy: callers never change it (pandas'
    copy-on-write keeps a derived frame's changes its own)."""
    return _per_state(name, repr(state), data_files_version(), partial(compute, *args, **kwargs))


def data_as_of() -> str | None:
    """The date of the data (basemap.cite.data_version) over every layer and table that loads. Quiet:
    a file that cannot be used is left out here, and the page that shows it says so."""

    def compute() -> str | None:
        frames = []
        for kind, files in (("layer", LAYERS), ("table", TABLES)):
            for key, entry in files.items():
                try:
                    frames.append(_cached(kind, key, entry.path).frame)
                except DataError:
                    continue
        return data_version(frames)

    return per_data_version("data_as_of", compute)


def _validated(kind: str, key: str, path: Path, title: str):
    """The file's usable records, or None after an error box naming the file; records set aside are
    counted in one warning, with file, record, field and problem listed beneath it."""
    _ = current_language()
    try:
        loaded = _cached(kind, key, path)
    except DataError as err:
        st.error(
            _("{title} could not be loaded from {file}; the rest of the atlas still works.").format(
                title=title, file=path.name
            ),
            icon="⚠️",
        )
        with st.expander(_("{count} problem(s) in {file}").format(count=len(err.problems), file=path.name)):
            _problem_list(err.problems)
        return None
    if loaded.problems:
        count = loaded.set_aside
        notice = _.ngettext(
            "{count} record set aside in {file}: the other records are shown.",
            "{count} records set aside in {file}: the other records are shown.",
            count,
        ).format(count=count, file=path.name)
        st.warning(notice if count else _("Problems found while loading {file}.").format(file=path.name), icon="⚠️")
        with st.expander(_("What was set aside from {file}, and why").format(file=path.name)):
            _problem_list(loaded.problems)
    return loaded.frame


def layer(key: str) -> gpd.GeoDataFrame | None:
    """A validated map layer (bad records set aside with a warning), or None after an error box."""
    _ = current_language()
    return _validated("layer", key, LAYERS[key].path, _("The layer {title}").format(title=_(LAYERS[key].title)))


@st.cache_resource(show_spinner=False, max_entries=len(LANGUAGES))
def _published_facility_layer(version: tuple, lang: str, _facilities: gpd.GeoDataFrame, _footprints) -> str:
    """Once per process, data version and language: write the facility layer file (older versions removed)."""
    return publish_layer(_facilities, STATIC_DIR / DATA, _footprints, language(lang))


def facility_layer_url(facilities: gpd.GeoDataFrame, footprints: gpd.GeoDataFrame | None, _: Language) -> str:
    """Where the browser fetches the facility layer (points, outlines, popups in the reader's
    language) of this data version; the name holds the content hash, so the browser fetches it once
    per version."""
    paths = (LAYERS["facilities"].path, LAYERS["footprints"].path)
    version = (*(_file_version(path) for path in paths), footprints is not None)
    name = _published_facility_layer(version, _.code, facilities, footprints)
    if not (STATIC_DIR / DATA / name).is_file():  # removed by another server process publishing other data
        _published_facility_layer.clear()
        name = _published_facility_layer(version, _.code, facilities, footprints)
    return DATA_URL + name


def table(key: str) -> pd.DataFrame | None:
    """A validated figure table (bad rows set aside with a warning), or None after an error box."""
    return _validated("table", key, TABLES[key].path, current_language()(TABLES[key].title))


FLASHPOINT_VIEW = "flashpoint_view"  # session state: the Flashpoints page's view, also exported by the Downloads page


def flashpoint_view() -> FlashpointView:
    """The flashpoint, ring radii and event years last chosen on the Flashpoints page (or its defaults)."""
    return st.session_state.get(FLASHPOINT_VIEW, FlashpointView())


def remember_flashpoint_view(view: FlashpointView) -> None:
    st.session_state[FLASHPOINT_VIEW] = view


def _key(choice: Choice) -> str:
    """The session-state key of a choice's widget ("f_prefecture")."""
    return f"f_{choice.param}"


VIEW_KEY = "shared_view"  # session state: the filters last chosen, for the page opened next from the menu


def _read_url_into_widgets(facilities: gpd.GeoDataFrame | None) -> None:
    """On the first run (or when coming back to the page) take the filters from the URL (a facility
    named in it is looked up among `facilities`); a page opened from the menu (Streamlit drops the
    other page's widgets and the link's parameters) keeps the filters last chosen, so "Downloads"
    after a filtered map downloads that view."""
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    state, ignored = parse_query(params, facilities)
    # The language the page put in the link itself (page_language) does not count as a view in the link.
    if VIEW_KEY in st.session_state and not set(params) & (set(PARAMS) - {LANGUAGE.param}):
        state, ignored = st.session_state[VIEW_KEY], Ignored()
    for choice in CHOICES:
        value = state[choice.name]
        st.session_state[_key(choice)] = list(value) if isinstance(value, tuple) else value
    st.session_state["url_ignored"] = (state, ignored)


def _widget(choice: Choice, options: dict[str, str], _: Language) -> None:
    """The widget of one choice (multiselect, toggle or select box, as its spec says) with its
    `options`; its value is already in its state (chosen_filters)."""
    key = _key(choice)
    # A filter change leaves the chosen facility: the map frames the new view instead.
    forget = _forget_facility if isinstance(choice, Filter) else None
    label, help_text = _(choice.label), _(choice.help) if choice.help else None
    if isinstance(choice, Toggle):
        st.toggle(label, key=key, help=help_text, on_change=forget)
    elif isinstance(choice, Many):
        st.multiselect(
            label,
            options=list(options),
            format_func=options.__getitem__,
            key=key,
            placeholder=_(choice.placeholder),
            help=help_text,
            on_change=forget,
        )
    elif isinstance(choice, Pick):
        st.selectbox(
            label, options=list(options), format_func=options.__getitem__, key=key, help=help_text, on_change=forget
        )
    else:
        raise TypeError(f"no widget for {type(choice).__name__}")


def _widget_options(
    choice: Pick, facilities: gpd.GeoDataFrame | None, before: FilterState, _: Language
) -> dict[str, str]:
    """A widget's options (value -> label). Options that count facilities are computed once per
    process for each earlier choice (`before`), language and data version: counting them again on
    every rerun was about a seventh of a filter change's server CPU."""
    if facilities is None or not (isinstance(choice, Many) and choice.counts):
        return choice.offered(facilities, before, _)
    return per_filter_state(f"options.{choice.name}.{_.code}", before, choice.offered, facilities, before, _)


OPEN_REQUESTS = "facility_open_requests"  # session state: how many times a facility was chosen
TABLE_GENERATIONS = "facility_table_generations"  # session state: how many times one was chosen outside the table


def choose_facility(facility_id: str, by_table: bool = False) -> None:
    """Show this facility (its id) with its popup open, in the URL too: for the search and the table
    (widget callbacks, so the link is written in the same run). Choosing the same one again opens
    its popup again (open_request changes). A choice made elsewhere than in the table clears the
    table's selected row, which would name another facility (table_generation changes)."""
    st.session_state[_key(FACILITY)] = facility_id
    st.session_state[OPEN_REQUESTS] = open_request() + 1
    if not by_table:
        st.session_state[TABLE_GENERATIONS] = table_generation() + 1


def open_request() -> int:
    """A number that changes each time a facility is chosen, for the map to open it again."""
    return st.session_state.get(OPEN_REQUESTS, 0)


def table_generation() -> int:
    """A number that changes each time a facility is chosen outside the table, for the table's key:
    a new key is a table with no row selected."""
    return st.session_state.get(TABLE_GENERATIONS, 0)


def _forget_facility() -> None:
    st.session_state[_key(FACILITY)] = FACILITY.default


@dataclass(frozen=True)
class ChosenFilters:
    """The shared view chosen, known before its widgets are drawn (chosen_filters), so a page can
    draw what depends on it first; `options` holds each widget's options (value -> label) as the
    earlier choices narrowed them, `left_out` the values they no longer offer."""

    state: FilterState
    options: dict[str, dict[str, str]]
    left_out: tuple[str, ...]


def chosen_filters(facilities: gpd.GeoDataFrame | None) -> ChosenFilters:
    """The view of the shared filters (basemap.filters.CHOICES), read from their widgets' state (the
    link on a first run), each narrowed to what the earlier choices offer, and written into the URL.
    Draws nothing: draw_filters draws the widgets of this view. The language is the switch's
    (page_setup), not a widget here."""
    _ = current_language()
    if any(_key(choice) not in st.session_state for choice in CHOICES):
        _read_url_into_widgets(facilities)
    for choice in CHOICES:  # set, not left to the widgets: a page opened from the menu has new widgets
        st.session_state[_key(choice)] = st.session_state[_key(choice)]
    picked: dict[str, Value] = {LANGUAGE.name: st.session_state.get(LANG_KEY) or ""}
    # A toggle narrows no options, so the ones drawn later are known to the options before them
    # (the returned facilities layer adds its municipalities to the Municipality filter).
    picked |= {choice.name: st.session_state[_key(choice)] for choice in CHOICES if isinstance(choice, Toggle)}
    options: dict[str, dict[str, str]] = {}
    left_out: list[str] = []  # values the earlier choices no longer offer (a municipality of another prefecture)
    for choice in CHOICES:
        if choice is LANGUAGE:
            continue
        asked = st.session_state[_key(choice)]
        if isinstance(choice, Pick):
            options[choice.name] = _widget_options(choice, facilities, FilterState(**picked), _)
        chosen = picked[choice.name] = _offered_value(choice, options.get(choice.name, {}))
        if isinstance(choice, Many) and isinstance(chosen, tuple):
            left_out += [choice.named(v, _) for v in asked if v not in chosen]
    state = FilterState(**picked)
    st.session_state[VIEW_KEY] = state
    query = to_query(state)
    in_url = {name: st.query_params.get_all(name) for name in PARAMS if name in st.query_params}
    if query != in_url or set(st.query_params) - set(PARAMS):
        st.query_params.from_dict(query)
    return ChosenFilters(state, options, tuple(left_out))


def _offered_value(choice: Choice, options: dict[str, str]) -> Value:
    """A choice's value in its widget's state, narrowed to its `options` (the state changed to match:
    the widget drawn later shows it)."""
    key = _key(choice)
    if isinstance(choice, Record):  # chosen on the page (search, table row), not in the sidebar
        return st.session_state.get(key, choice.default)
    if isinstance(choice, Toggle):
        return st.session_state[key]
    if isinstance(choice, Many):
        kept = [value for value in st.session_state[key] if value in options]  # options narrowed by earlier choices
        if kept != st.session_state[key]:
            st.session_state[key] = kept
        return tuple(kept)
    if st.session_state[key] not in options:  # no longer offered: back to the default (or the first option)
        st.session_state[key] = choice.default if choice.default in options else next(iter(options))
    return st.session_state[key]


def draw_filters(chosen: ChosenFilters, notices: DeltaGenerator | None = None) -> None:
    """The sidebar's filter widgets of the `chosen` view, and (in `notices`, else where the page
    is) plain-text notices of the values left out: those the other filters no longer offer, and
    those of the link that mean nothing."""
    _ = current_language()
    with st.sidebar:
        st.header(_("Filters"))
        for choice in CHOICES:
            if choice is not LANGUAGE and not isinstance(choice, Record):
                _widget(choice, chosen.options.get(choice.name, {}), _)
    notices = notices if notices is not None else st.container()
    if chosen.left_out:
        notice = _("Not offered with the other filters chosen, so left out: {values}.")
        notices.warning(markdown_text(notice.format(values=_(", ").join(chosen.left_out))), icon="⚠️")
    parsed_state, ignored = st.session_state.get("url_ignored", (None, Ignored()))
    if ignored.count and parsed_state == chosen.state:
        notices.warning(markdown_text(ignored.notice(_)), icon="⚠️")  # one box; the link's values as plain text


def sidebar_filters(facilities: gpd.GeoDataFrame | None) -> FilterState:
    """The shared filters' widgets, kept in sync with the URL; returns the view chosen."""
    chosen = chosen_filters(facilities)
    draw_filters(chosen)
    return chosen.state


def table_download(key: str, frame) -> None:
    """A CSV download of a figure table as shown (UTF-8, formula-safe, with its sources)."""
    layer = table_export_layer(key, frame)
    meta = ExportMeta("whole table (no map filter)", "all", date.today())
    st.download_button(
        current_language()("Download {title} (CSV)").format(title=current_language()(TABLES[key].title)),
        data=lambda: to_csv(layer, meta),
        on_click="ignore",
        file_name=meta.filename(layer.name, "csv"),
        mime="text/csv",
        key=f"download_{key}",
    )


def show_map(
    base: folium.Map,
    groups: list[folium.FeatureGroup],
    center: tuple[float, float],
    zoom: float,
    key: str,
    height: int,
) -> None:
    """A map whose constant part (`base`) is mounted once; the changing `groups` are swapped in
    place on reruns, so the browser keeps the map, its view and its layer choices."""
    st_folium(
        stable_ids(base),
        center=center,
        zoom=zoom,
        key=key,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=[],
        use_container_width=True,
        height=height,
        render=False,  # st_folium renders the map itself either way; True renders the whole figure once more
    )
