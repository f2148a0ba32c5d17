import folium
import folium.plugins
import pytest

from basemap.maps.assets import OFFLINE_FILES, _asset_classes, local_path, localise_folium, vendor_url, write_assets

STATIC_URL = "/somewhere/static/"


@pytest.fixture
def restore_folium():
    """localise_folium rewrites folium's classes: put them back, so other tests see folium as shipped."""
    saved = {(cls, attr): cls.__dict__[attr] for cls in _asset_classes() for attr in ("default_js", "default_css")
             if attr in cls.__dict__}  # fmt: skip
    yield
    for (cls, attr), value in saved.items():
        setattr(cls, attr, value)


def test_local_path_keeps_origin_visible():
    leaflet = next(url for url in OFFLINE_FILES if url.endswith("/leaflet@1.9.3/dist/leaflet.js"))
    assert local_path(leaflet) == leaflet.split("://", 1)[1]
    terminator = next(url for url in OFFLINE_FILES if url.endswith("/leaflet.terminator"))
    assert local_path(terminator).endswith("leaflet.terminator.js")


def test_every_folium_asset_becomes_local(tmp_path, restore_folium):
    assert write_assets(tmp_path) > 50
    assert write_assets(tmp_path) == 0  # second call writes nothing
    localise_folium(STATIC_URL)
    prefix = vendor_url(STATIC_URL)
    for cls in _asset_classes():
        for _, url in list(getattr(cls, "default_js", [])) + list(getattr(cls, "default_css", [])):
            assert url.startswith(prefix), (cls, url)
            assert (tmp_path / "vendor" / url.removeprefix(prefix)).is_file()
    html = folium.Map(tiles=None).get_root().render()
    assert "/somewhere/static/vendor/cdn.jsdelivr.net/npm/leaflet" in html
    assert "https://cdn" not in html
    assert folium.plugins.MarkerCluster.default_js[0][1].startswith(prefix)
