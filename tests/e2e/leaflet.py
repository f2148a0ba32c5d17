"""Moving a Leaflet map in a browser test as a user would: once it has settled, without animation."""

from __future__ import annotations

ATLAS_MAP = "window.atlas.map"  # the facility layer's map (on the app's pages and in the exported HTML)

# streamlit-folium applies the page's view after the map is made, with an animated zoom (its first
# render), and Leaflet ignores a setView made while a zoom animation is running or about to start.
_SETTLED = "map => (!window.__GLOBAL_DATA__ || window.__GLOBAL_DATA__.last_zoom !== null) && !map._animatingZoom"


def set_view(frame, center: tuple[float, float], zoom: float, map_js: str = ATLAS_MAP) -> None:
    """Move the map (`map_js` evaluates to it in `frame`, a page or frame) to `center` at `zoom`
    once it has settled, and wait until it has redrawn; fails if the map is not there afterwards."""
    frame.wait_for_function(f"() => ({_SETTLED})({map_js})", timeout=60_000)
    frame.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    frame.wait_for_function(f"() => ({_SETTLED})({map_js})", timeout=60_000)  # a zoom that started meanwhile
    frame.evaluate(
        f"([lat, lon, zoom]) => new Promise(done => {{ const map = {map_js};"
        " map.once('moveend', () => requestAnimationFrame(() => requestAnimationFrame(done)));"
        " map.setView([lat, lon], zoom, {animate: false}); })",
        [*center, zoom],
    )
    now = frame.evaluate(f"() => {map_js}.getZoom()")
    assert now == zoom, f"the map is at zoom {now}, not {zoom}"
