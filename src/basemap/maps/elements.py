"""Generic folium pieces the atlas's maps share: a map page with Leaflet's assets only, an HTML
control, a GeoJSON layer the browser fetches or that is embedded, and stable element ids (same map,
same HTML)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, TypeVar

import branca.element
import folium
import geopandas as gpd
from branca.element import Element, Figure, MacroElement
from jinja2 import Template


class LeafletMap(folium.Map):
    """A folium map whose page loads Leaflet's own JS and CSS, and jQuery (folium builds its popups
    with it), only.

    folium.Map also loads Bootstrap (JS and its 230 KB stylesheet), Glyphicons, Font Awesome and
    Leaflet.awesome-markers, for `folium.Icon` markers; no atlas map has one (its markers are canvas
    shapes, DivIcons and circle markers). st_folium's frame loads those scripts one after another on
    every page load, and Bootstrap restyles the whole frame: tens of milliseconds of a warm reload
    (README, Benchmark). Plugins still add their own files (the facility layer its markercluster)."""

    default_js = [(name, url) for name, url in folium.Map.default_js if name in ("leaflet", "jquery")]
    default_css = [(name, url) for name, url in folium.Map.default_css if name == "leaflet_css"]


@lru_cache(maxsize=512)
def _compiled(source: str) -> Template:
    """A Jinja template compiled once per process for each text (a compiled template is never changed
    by rendering it, so every map may share it)."""
    return Template(source)


def share_compiled_templates() -> None:
    """Make every branca Element made from the same text share one compiled template, for the rest of
    the process: branca wraps every rendered part of every map element (its header, html and script,
    a few KB each) in a new Element, whose Jinja template it compiles again on each render. That was
    about half of the server's time in st_folium on each filter change, for the same texts each time
    (the base map is the same on every rerun). The app calls this once (atlas_streamlit.shared)."""
    branca.element.Template = _compiled  # type: ignore[misc,assignment]


class HtmlControl(MacroElement):
    """A Leaflet control holding plain HTML (a legend, an info box): no external assets.

    `css_class` styles it; `keep_clicks` stops clicks inside from reaching the map (e.g. to
    open a <details> box without panning); with `open_from_px` a <details> box in it starts open
    only on a map at least that wide (collapsed on phones, where it would cover the map).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: {{ this.position|tojson }}});
        {{ this.get_name() }}.onAdd = function () {
            var div = L.DomUtil.create("div", {{ this.css_class|tojson }});
            div.innerHTML = {{ this.html|tojson }};
            {% if this.open_from_px %}
            var box = div.querySelector("details");
            if (box) { box.open = {{ this._parent.get_name() }}.getSize().x >= {{ this.open_from_px|tojson }}; }
            {% endif %}
            {% if this.keep_clicks %}L.DomEvent.disableClickPropagation(div);{% endif %}
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        html_text: str,
        name: str,
        position: str,
        css_class: str,
        keep_clicks: bool = False,
        open_from_px: int | None = None,
    ):
        super().__init__()
        self._name = name
        self.html = html_text
        self.position = position
        self.css_class = css_class
        self.keep_clicks = keep_clicks
        self.open_from_px = open_from_px


class DocumentLanguage(MacroElement):
    """Declares the map document's language (`<html lang>`), so a screen reader inside the map's
    frame reads Japanese popups as Japanese."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        document.documentElement.lang = {{ this.code|tojson }};
        {% endmacro %}
        """
    )

    def __init__(self, code: str):
        super().__init__()
        self._name = "DocumentLanguage"
        self.code = code


_FETCH_OR_EMBED = """
        {% if this.url %}
        {#- fetched when first shown (an overlay left off costs nothing), read once per map document:
            a filter change's new layer of the same file (the prefectures highlighted) takes the data
            read before, not another parse of it; a failed read is dropped, so a later layer reads again #}
        {{ this.get_name() }}.once("add", function () {
            var read = window.atlasFiles = window.atlasFiles || {}, url = {{ this.url|tojson }};
            read[url] = read[url] || fetch(url)
                .then(function (response) { if (!response.ok) { throw new Error(url); } return response.json(); })
                .catch(function (error) { delete read[url]; throw error; });
            read[url].then(function (data) { {{ this.get_name() }}.addData(data); });
        });
        {% else %}
        {{ this.get_name() }}.addData({{ this.data|tojson }});
        {% endif %}
        {% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
"""


def geojson_layer_template(options_js: str, setup_js: str = "") -> Template:
    """The template of a Leaflet GeoJSON layer whose data the browser fetches from `this.url`
    (when the layer is first added to the map; read once per map document, so a layer made again on
    a filter change takes the data read before) or that is embedded from
    `this.data` (standalone HTML); added to the map when `this.show`. `options_js` is the L.geoJSON
    options object (Jinja, may use `this`)."""
    return Template(
        "{% macro script(this, kwargs) %}"
        + setup_js
        + "\n        var {{ this.get_name() }} = L.geoJSON(null, "
        + options_js
        + ");"
        + _FETCH_OR_EMBED
        + "{% endmacro %}"
    )


def prefecture_source(prefectures: gpd.GeoDataFrame, data_url: str | None) -> dict[str, Any]:
    """The `url` or `data` of a layer of geojson_layer_template drawn over prefecture outlines: the
    prefectures file the browser has cached at `data_url`, or these prefectures embedded when there
    is none (standalone HTML)."""
    if data_url is None:
        return {"data": prefectures[["prefecture_code", "name_en", "geometry"]].__geo_interface__}
    return {"url": f"{data_url}prefectures.geojson"}


AnyElement = TypeVar("AnyElement", bound=Element)


def figure_of(m: Element) -> Figure:
    """The page a map is drawn in (folium types get_root() as a plain Element; a map's root is a Figure)."""
    root = m.get_root()
    if not isinstance(root, Figure):
        raise TypeError(f"{m.get_name()} is not placed in a page")
    return root


def stable_ids(root: AnyElement) -> AnyElement:
    """Replace folium's random element ids with ids from tree order, so the same map gives
    the same HTML (stable tests, exports and screenshots)."""
    counter = 0

    def visit(element: Element) -> None:
        nonlocal counter
        children = list(element._children.values())
        element._children.clear()
        for child in children:
            counter += 1
            child._id = f"{counter:06d}"
            element._children[child.get_name()] = child
            visit(child)
        # Popups and figures keep more elements in these attributes, outside _children.
        for attr in ("header", "html", "script"):
            part = getattr(element, attr, None)
            if isinstance(part, Element) and part is not element:
                visit(part)

    root._id = "000000"
    visit(root)
    return root
