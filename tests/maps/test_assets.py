import json
import subprocess
import sys

import folium
import folium.plugins
import pytest

from basemap.maps.assets import (
    _asset_classes,
    _manifest,
    local_path,
    localise_folium,
    offline_files,
    vendor_url,
    write_assets,
)

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
    leaflet = next(url for url in offline_files() if url.endswith("/leaflet@1.9.3/dist/leaflet.js"))
    assert local_path(leaflet) == leaflet.split("://", 1)[1]
    terminator = next(url for url in offline_files() if url.endswith("/leaflet.terminator"))
    assert local_path(terminator).endswith("leaflet.terminator.js")


def test_every_folium_asset_becomes_local(tmp_path, restore_folium):
    assert write_assets(tmp_path) > 50
    assert write_assets(tmp_path) == 0  # second call writes nothing
    localise_folium(STATIC_URL, tmp_path)
    prefix = vendor_url(STATIC_URL)
    for cls in _asset_classes():
        for _, url in list(getattr(cls, "default_js", [])) + list(getattr(cls, "default_css", [])):
            assert url.startswith(prefix), (cls, url)
            assert (tmp_path / "vendor" / url.removeprefix(prefix)).is_file()
    html = folium.Map(tiles=None).get_root().render()
    assert "/somewhere/static/vendor/cdn.jsdelivr.net/npm/leaflet" in html
    assert "https://cdn" not in html
    assert folium.plugins.MarkerCluster.default_js[0][1].startswith(prefix)


def test_a_running_app_reads_the_manifest_not_folium_offline(tmp_path):
    """folium-offline is for set-up: once the files are written, localising needs only the manifest."""
    write_assets(tmp_path)
    code = (
        "import sys\nfrom pathlib import Path\nfrom basemap.maps.assets import setup_offline_assets\n"
        f"setup_offline_assets('/x/', Path({str(tmp_path)!r}))\nprint('offlinefolium' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_missing_asset_is_written_again(tmp_path, restore_folium):
    write_assets(tmp_path)
    leaflet = tmp_path / "vendor" / "cdn.jsdelivr.net" / "npm" / "leaflet@1.9.3" / "dist" / "leaflet.js"
    leaflet.unlink()
    _manifest.cache_clear()
    localise_folium(STATIC_URL, tmp_path)
    assert leaflet.is_file()


def test_a_manifest_from_older_code_is_written_again(tmp_path, restore_folium):
    """Same package versions, but an asset named by a key the old manifest lacks (e.g. after an upgrade
    of this code): the assets are written again instead of the app failing to start."""
    write_assets(tmp_path)
    manifest = tmp_path / "vendor" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    stale = {url: path for url, path in data["files"].items() if "markercluster" not in url}
    manifest.write_text(json.dumps({**data, "files": stale}), encoding="utf-8")
    _manifest.cache_clear()
    localise_folium(STATIC_URL, tmp_path)
    assert any("markercluster" in url for url in _manifest(tmp_path))
