import folium
import folium.plugins

from basemap.assets import OFFLINE_FILES, URL_PREFIX, _asset_classes, local_path, localise_folium, write_assets


def test_local_path_keeps_origin_visible():
    leaflet = next(url for url in OFFLINE_FILES if url.endswith("/leaflet@1.9.3/dist/leaflet.js"))
    assert local_path(leaflet) == leaflet.split("://", 1)[1]
    terminator = next(url for url in OFFLINE_FILES if url.endswith("/leaflet.terminator"))
    assert local_path(terminator).endswith("leaflet.terminator.js")


def test_every_folium_asset_becomes_local(tmp_path):
    assert write_assets(tmp_path) > 50
    assert write_assets(tmp_path) == 0  # second call writes nothing
    localise_folium()
    for cls in _asset_classes():
        for _, url in list(getattr(cls, "default_js", [])) + list(getattr(cls, "default_css", [])):
            assert url.startswith(URL_PREFIX), (cls, url)
            assert (tmp_path / "vendor" / url.removeprefix(URL_PREFIX)).is_file()
    html = folium.Map(tiles=None).get_root().render()
    assert "cdn.jsdelivr.net/npm/leaflet" in html and "https://cdn" not in html
    assert folium.plugins.MarkerCluster.default_js[0][1].startswith(URL_PREFIX)
