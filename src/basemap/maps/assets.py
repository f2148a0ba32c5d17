"""Serve folium's browser assets locally, so maps render with no network.

folium names its JS/CSS as CDN URLs in each element class's ``default_js``/``default_css``,
and streamlit-folium hands exactly those URLs to its iframe, which stops at the first script
that fails to load. We write the files, taken from the installed ``folium-offline`` package
(MIT; it maps every CDN URL folium uses to the file's text), under ``static/vendor/`` and
point every class at ``<static URL>vendor/...``. Leaflet.markercluster 1.4.1 comes
from the ``XStatic-Leaflet-MarkerCluster`` package the same way. The static URL belongs to the server that serves
the folder (Streamlit's static file serving in the app) and is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import folium
import folium.plugins  # noqa: F401  (registers the plugin classes we walk below)
from folium.elements import JSCSSMixin
from offlinefolium.elements import _res as FOLIUM_FILES  # pinned: folium-offline==0.20.0.2
from xstatic.pkg import leaflet_markercluster  # pinned: XStatic-Leaflet-MarkerCluster==1.4.1.1 (MIT)

from basemap.catalog import LAYERS
from basemap.paths import STATIC_DIR

# Leaflet.markercluster 1.4.1 for the facility layer (folium 0.20's MarkerCluster plugin names 1.1.0,
# which leaves markers added to a group on the map undrawn until the map moves). Named by the URL
# of the same release on unpkg, so it is served, localised and inlined like folium's own files.
MARKERCLUSTER_URL = f"https://unpkg.com/leaflet.markercluster@{leaflet_markercluster.VERSION}/dist/"
_MARKERCLUSTER_FILES = ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")  # a .map the package ships but no page needs


def _markercluster_files() -> dict[str, str]:
    folder = Path(leaflet_markercluster.BASE_DIR)
    return {
        MARKERCLUSTER_URL + name: _SOURCE_MAP.sub("\n", (folder / name).read_text(encoding="utf-8"))
        for name in _MARKERCLUSTER_FILES
    }


OFFLINE_FILES = {**FOLIUM_FILES, **_markercluster_files()}  # every browser asset a map may ask for, by CDN URL

VENDOR = "vendor/"  # folium's JS/CSS, under the static folder
DATA = "data/"  # the published layers (basemap, flashpoints), under the static folder


def vendor_url(static_url: str) -> str:
    """Where the browser finds the local JS/CSS when the static folder is served at `static_url`."""
    return static_url + VENDOR


def data_url(static_url: str) -> str:
    """Where the browser fetches the published layers when the static folder is served at `static_url`."""
    return static_url + DATA


def _asset_classes(cls: type[JSCSSMixin] = JSCSSMixin) -> Iterator[type[JSCSSMixin]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _asset_classes(sub)


def local_path(url: str) -> str:
    """Path under static/vendor/ for a CDN URL: host + path, so the origin stays visible."""
    parsed = urlparse(url)
    path = parsed.path.rstrip("/") or "/index"
    if Path(path).suffix not in (".js", ".css"):
        path += ".js"  # e.g. unpkg.com/@joergdietrich/leaflet.terminator (a script)
    return parsed.netloc + path


def write_assets(static_dir: Path = STATIC_DIR) -> int:
    """Write every asset folium may ask for under static_dir/vendor; return the file count.

    Files that already hold the right text are left alone, so this is cheap on every start.
    """
    written = 0
    for url, text in sorted(OFFLINE_FILES.items()):
        target = static_dir / VENDOR / local_path(url)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written += 1
    return written


def _cdn_url(url: str) -> str | None:
    """The CDN URL of a folium asset named by its CDN URL or by its local URL (under any static URL)."""
    if url in OFFLINE_FILES:
        return url
    local = url.rpartition(VENDOR)[2]
    return next((cdn for cdn in OFFLINE_FILES if local_path(cdn) == local), None)


def offline_text(url: str) -> str:
    """The text of a folium asset, whether named by its CDN URL or by its local URL."""
    cdn = _cdn_url(url)
    if cdn is None:
        raise KeyError(f"no offline copy of {url}")
    return OFFLINE_FILES[cdn]


def localise_folium(static_url: str) -> None:
    """Point every folium element class at the local copies under `static_url` (new lists, never in place).

    Raises KeyError naming the URL if folium asks for an asset folium-offline lacks, so a
    version bump that adds a plugin fails loudly instead of leaving a blank map.
    """
    prefix = vendor_url(static_url)
    for cls in _asset_classes():
        for attr in ("default_js", "default_css"):
            entries = cls.__dict__.get(attr)
            if not entries:
                continue
            localised = []
            for name, url in entries:
                cdn = _cdn_url(url)
                if cdn is None:
                    raise KeyError(f"no offline copy of {url} (needed by {cls.__name__})")
                localised.append((name, prefix + local_path(cdn)))
            setattr(cls, attr, localised)


PUBLISHED_LAYERS = ("land", "prefectures", "municipalities", "flashpoints")


def publish_basemap(static_dir: Path = STATIC_DIR) -> int:
    """Copy the constant layers (basemap, flashpoints) to static/data/, where the browser fetches
    (and caches) them instead of receiving them with every rerun; returns how many files changed."""
    changed = 0
    for key in PUBLISHED_LAYERS:
        if not LAYERS[key].path.exists():  # the page reports the missing layer; publish the rest
            continue
        source = LAYERS[key].path.read_bytes()
        target = static_dir / DATA / f"{key}.geojson"
        if not target.exists() or target.read_bytes() != source:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source)
            changed += 1
    return changed


def published_version() -> int:
    """Changes whenever a published layer file changes: re-publish, and a new URL for the browser."""
    paths = [LAYERS[key].path for key in PUBLISHED_LAYERS]
    return max((path.stat().st_mtime_ns for path in paths if path.exists()), default=0)


def setup_offline_assets(static_url: str, static_dir: Path = STATIC_DIR) -> None:
    """Write the files and localise folium: call once per process, before building maps."""
    write_assets(static_dir)
    publish_basemap(static_dir)
    localise_folium(static_url)


def main() -> None:
    count = write_assets() + publish_basemap()
    print(f"{count} files written under {STATIC_DIR}")


if __name__ == "__main__":
    main()
