"""A map as one HTML file that opens offline in any browser: basemap data, layers and the
libraries' JS/CSS inside the page, with an "About this map" box."""

from __future__ import annotations

import re
from collections.abc import Iterable

import folium
import geopandas as gpd
from branca.element import Element

from basemap.i18n import ENGLISH, Language
from basemap.maps.assets import offline_text
from basemap.maps.base import base_map
from basemap.maps.elements import HtmlControl, figure_of, stable_ids
from basemap.maps.html import escape

_INFO_CSS = """
<style>
.export-info { background: rgba(255,255,255,0.94); padding: 4px 8px; font: 12px/1.4 sans-serif; max-width: 420px;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); }
.export-info pre { white-space: pre-wrap; font: inherit; margin: 4px 0 0; max-height: 45vh; overflow: auto; }
</style>
"""

_SCRIPT_TAG = re.compile(r'<script src="([^"]+)"></script>')
_CSS_TAG = re.compile(r'<link rel="stylesheet" href="([^"]+)"/>')


def inline_assets(page: str) -> str:
    """Replace every <script src> and stylesheet <link> with the file's text from folium-offline,
    so the page needs no network and no server.

    The libraries' styles move to the top of <head>, so the atlas's own rules (sea colour,
    legend) come later and win, as they are meant to.
    """
    page = _SCRIPT_TAG.sub(
        lambda m: "<script>" + offline_text(m[1]).replace("</script", "<\\/script") + "</script>", page
    )
    styles = "".join(
        "<style>" + offline_text(url).replace("</style", "<\\/style") + "</style>\n" for url in _CSS_TAG.findall(page)
    )
    return _CSS_TAG.sub("", page).replace("<head>", "<head>\n" + styles, 1)


def full_map(
    land: gpd.GeoDataFrame | None,
    prefectures: gpd.GeoDataFrame | None,
    groups: Iterable[folium.map.Layer],
    _: Language = ENGLISH,
) -> folium.Map:
    """A self-contained map (basemap data embedded) with the given layers, labelled in the reader's language."""
    m = base_map(land, prefectures, data_url=None, _=_)
    for group in groups:
        group.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return stable_ids(m)


def standalone_html(
    land: gpd.GeoDataFrame | None,
    prefectures: gpd.GeoDataFrame | None,
    groups: Iterable[folium.map.Layer],
    view: tuple[tuple[float, float], int],
    info: str,
    title: str,
    _: Language = ENGLISH,
) -> str:
    """The page of a full map at `view` (centre, zoom), with `info` (plain text) in a collapsible box."""
    m = full_map(land, prefectures, groups, _)
    center, zoom = view
    m.location = list(center)
    m.options["zoom"] = zoom
    heading = _("About this map")
    about = f"<details><summary>{heading}</summary><pre>{escape(info)}</pre></details>"
    HtmlControl(about, "ExportInfo", "topleft", "export-info", keep_clicks=True).add_to(m)
    stable_ids(m)
    root = figure_of(m)
    root.header.add_child(Element(_INFO_CSS), name="export_info_css")
    root.title = escape(title)
    return inline_assets(root.render().replace("<html>", f'<html lang="{_.code}">', 1))
