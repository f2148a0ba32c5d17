"""Download buttons for the layers exactly as filtered, the link to a view and how to cite it: the
Downloads page and the map page use this.

A file is generated only when its button is clicked (st.download_button with a callable), and
cached per filter state, export day and data-file version, so reruns cost nothing and a second
click is instant. The bytes and the formats come from basemap.export; nothing here knows a file format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, partial

import geopandas as gpd
import streamlit as st

from atlas_streamlit.shared import (
    current_language,
    data_as_of,
    data_files_version,
    flashpoint_view,
    layer,
    per_filter_state,
    table,
)
from basemap.cite import citation, view_url
from basemap.export.bundle import bundle
from basemap.export.formats import (
    BUNDLE,
    GEOPACKAGE,
    HTML_MAP,
    LAYER_FORMATS,
    LayerFormat,
    formats_for,
    help_markdown,
)
from basemap.export.geopackage import table_names, to_geopackage
from basemap.export.html import to_html
from basemap.export.layers import ExportLayer, PlannedLayer, flashpoint_layers, planned_layers, table_export_layer
from basemap.export.meta import ExportMeta, count_text
from basemap.filters import FilterState
from basemap.flashpoints import FlashpointView
from basemap.tables import TABLES
from basemap.text import markdown_text


@st.cache_data(show_spinner=False, max_entries=64)
def _file(
    what: str,
    state: FilterState,
    extras: object,
    day: date,
    version: str,
    lang: str,
    _make: Callable[[], bytes],
) -> bytes:
    """The bytes of one download, keyed on what decides them; `_make` (not hashed) builds them."""
    return _make()


def extra_layers() -> tuple[list[ExportLayer], FlashpointView]:
    """Flashpoint layers as last shown on the Flashpoints page and the figure tables, with the
    flashpoint view they depend on (a key of the download cache)."""
    flashpoints, impacts = layer("flashpoints"), layer("missile_events")
    view = flashpoint_view()
    rings = view.rings(flashpoints) if flashpoints is not None else None
    extras = flashpoint_layers(flashpoints, impacts, view.years, rings)
    for name in TABLES:
        frame = table(name)
        if frame is not None:
            extras.append(table_export_layer(name, frame))
    return extras, view


@dataclass(frozen=True)
class _View:
    """One filtered view's downloads: `planned`, the map's layers as named before their data are
    built; `layers()`, its export layers (built on first use), and `file(what)`: the lazily built,
    cached bytes of one download ("html", "gpkg", "bundle" or "<layer>.<format>"), for
    st.download_button's `data`."""

    meta: ExportMeta
    planned: list[PlannedLayer]
    layers: Callable[[], list[ExportLayer]]
    file: Callable[[str], Callable[[], bytes]]


def _view(
    shown: gpd.GeoDataFrame,
    prefectures: gpd.GeoDataFrame | None,
    land: gpd.GeoDataFrame | None,
    state: FilterState,
    extras: Sequence[ExportLayer] = (),
    extras_key: object = None,
) -> _View:
    """The view's downloads, each cached once under its own name; the layers are built only when
    a page lists them or a file is made (a rerun of the map page needs neither).

    Callers get files by name only, never a builder: `_file` holds a per-key lock while it builds,
    so a builder that ran `_file` for its own key again (a cached file cached a second time) would
    wait on itself forever, in the worker thread that Streamlit gives a download click. A builder
    may use another file by name (the bundle takes the cached HTML map); no file needs the bundle.
    """
    meta = ExportMeta.of(state, lang=current_language().code)  # readable parts in the page's language
    version = data_files_version()
    personnel, footprints = table("personnel"), layer("footprints")  # here: a click's worker thread draws nothing
    planned = per_filter_state("planned_layers", state, planned_layers, shown, prefectures, state, footprints)

    @cache
    def layers() -> list[ExportLayer]:
        return [p.build() for p in planned] + list(extras)

    def build(what: str) -> bytes:
        if what == GEOPACKAGE.key:
            return to_geopackage(layers(), meta)
        if what == HTML_MAP.key:
            return to_html(land, prefectures, shown, state, layers(), meta, personnel, footprints)
        if what == BUNDLE.key:
            return bundle(layers(), meta, file(HTML_MAP.key)())
        name, key = what.rsplit(".", 1)
        [(export, fmt)] = [(e, f) for e in layers() if e.name == name for f in formats_for(e) if f.key == key]
        return fmt.write(export, meta)

    def file(what: str) -> Callable[[], bytes]:
        return lambda: _file(what, state, extras_key, meta.exported, version, meta.lang, partial(build, what))

    return _View(meta, planned, layers, file)


def download_panel(
    shown: gpd.GeoDataFrame,
    prefectures: gpd.GeoDataFrame | None,
    land: gpd.GeoDataFrame | None,
    state: FilterState,
    key: str = "dl",
    extras: Sequence[ExportLayer] = (),
    extras_key: object = None,
) -> None:
    """A download button per layer and format, then the GeoPackage, the offline map and the bundle.

    `key` prefixes the widget keys, so the panel can appear on more than one page.
    """
    _ = current_language()
    view = _view(shown, prefectures, land, state, extras, extras_key)
    meta, layers = view.meta, view.layers()

    def button(label: str, what: str, file_name: str, mime: str, widget_key: str) -> None:
        st.download_button(
            label,
            data=view.file(what),
            file_name=file_name,
            mime=mime,
            key=f"{key}_{widget_key}",
            help=_("Saves {file}").format(file=file_name),
            on_click="ignore",
            icon=":material/download:",
            width="stretch",
        )

    st.caption(
        _("Filter: {filter}. Every file says where its data come from, under which license, as of when.").format(
            filter=markdown_text(state.describe(_))
        )
    )
    for export in layers:
        st.markdown(f"**{_(export.title)}** · {count_text(export, _)}")
        for column, fmt in zip(st.columns(len(LAYER_FORMATS)), formats_for(export), strict=False):
            with column:
                button(
                    _(fmt.label),
                    f"{export.name}.{fmt.key}",
                    fmt.filename(export, meta),
                    fmt.mime,
                    f"{export.name}_{fmt.key}",
                )
    if not state.include_returned:
        st.caption(_("Returned facilities are hidden by the filter: show them in the sidebar to download them too."))
    whole_view = _("The whole view")
    st.markdown(f"**{whole_view}**")
    gpkg, page, everything = st.columns(3)
    for column, whole in zip((gpkg, page, everything), (GEOPACKAGE, HTML_MAP, BUNDLE), strict=True):
        with column:
            button(_(whole.label), whole.key, whole.filename(meta), whole.mime, whole.key)
    st.caption(
        _("Tables of the GeoPackage, one geometry type each: {tables}.").format(tables=", ".join(table_names(layers)))
    )
    st.caption(
        _(
            "After several files from this page, the browser may ask whether the page may download more (Chromium "
            "stops at ten a page): allow it, or reload the page, or take “Everything (zip)” for all files at once."
        )
    )
    with st.expander(_("About the formats")):
        st.markdown(help_markdown())


def download_control(
    shown: gpd.GeoDataFrame,
    prefectures: gpd.GeoDataFrame | None,
    land: gpd.GeoDataFrame | None,
    state: FilterState,
) -> None:
    """The compact control beside the main map: pick a layer and format, get the file as filtered
    (two widgets, so the map page stays quick; the Downloads page has every button). The layers are
    listed as planned: none is built before a file is asked for."""
    _ = current_language()
    view = _view(shown, prefectures, land, state)
    choices: dict[str, tuple[str, LayerFormat] | None] = {
        f"{_(planned.title)} · {_(fmt.label)}": (planned.name, fmt)
        for planned in view.planned
        for fmt in formats_for(planned)
    }
    choices[_("Offline HTML map of this view")] = None  # the view as a whole
    pick, get = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick.selectbox(_("Download this view"), list(choices), key="map_dl_choice")
    picked = choices[chosen]
    if picked is None:
        what, file_name, mime = HTML_MAP.key, HTML_MAP.filename(view.meta), HTML_MAP.mime
    else:
        name, fmt = picked
        what, file_name, mime = f"{name}.{fmt.key}", view.meta.filename(name, fmt.extension), fmt.mime
    get.download_button(
        _("Download"),
        data=view.file(what),
        file_name=file_name,
        mime=mime,
        key="map_dl_get",
        on_click="ignore",
        icon=":material/download:",
        help=_("Saves {file}. Every layer and format, and the bundle, are on the Downloads page.").format(
            file=file_name
        ),
    )


def _view_url(state: FilterState) -> str:
    """This page's address in the browser with the view's query parameters ("/" when the browser has
    not said its address, as in a test)."""
    return view_url(st.context.url or "/", state)


def how_to_cite(state: FilterState) -> None:
    """A citation of this view (the date of its data, the app version, the link that reopens it), ready to copy."""
    _ = current_language()
    st.code(citation(data_as_of(), _view_url(state), date.today()), language=None, wrap_lines=True)
    st.caption(
        _(
            "Copy it with the icon at the top right of the box. The figures come from the sources each record "
            "names: cite those for a figure you use. The repository's CITATION.cff says the same for reference "
            "managers."
        )
    )


# The map page's code boxes (the link, the citation) are drawn once their popover or expander is
# opened, by a rerun of their fragment alone: Streamlit draws a code box with a 1.5 MB script of
# its own, whose evaluation held up the map's frame on every page load by about 0.15 s (README,
# Benchmark).


@st.fragment
def copy_link(state: FilterState) -> None:
    """“Copy link to this view”: the address that reopens this view, in a box with a copy icon
    (Streamlit's own, which works offline; the text can also be selected)."""
    _ = current_language()
    popover = st.popover(_("Copy link to this view"), icon=":material/link:", key="copy_link_open", on_change="rerun")
    with popover:
        if popover.open:
            st.code(_view_url(state), language=None, wrap_lines=True)
        st.caption(_("Copy the link with the icon at the top right of the box: it opens this view, filters included."))


@st.fragment
def cite_expander(state: FilterState) -> None:
    """“How to cite”, folded: the citation of this view (how_to_cite) once opened."""
    expander = st.expander(current_language()("How to cite"), key="how_to_cite_open", on_change="rerun")
    with expander:
        if expander.open:
            how_to_cite(state)
