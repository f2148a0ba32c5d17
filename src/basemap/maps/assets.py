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

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlparse

import folium
import folium.plugins  # noqa: F401  (registers the plugin classes we walk below)
from folium.elements import JSCSSMixin
from xstatic.pkg import leaflet_markercluster  # pinned: XStatic-Leaflet-MarkerCluster==1.4.1.1 (MIT)

from basemap.catalog import LAYERS
from basemap.paths import STATIC_DIR

# Leaflet.markercluster 1.4.1 for the facility layer (folium 0.20's MarkerCluster plugin names 1.1.0,
# which leaves markers added to a group on the map undrawn until the map moves). Named by a key of
# the same URL shape as folium's CDN names (never fetched: every name is rewritten to the local copy),
# so it is served, localised and inlined like folium's own files.
MARKERCLUSTER_KEY = f"xstatic://leaflet.markercluster/{leaflet_markercluster.VERSION}/dist/"
_MARKERCLUSTER_FILES = ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css")
_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")  # a .map the package ships but no page needs


def _markercluster_files() -> dict[str, str]:
    folder = Path(leaflet_markercluster.BASE_DIR)
    return {
        MARKERCLUSTER_KEY + name: _SOURCE_MAP.sub("\n", (folder / name).read_text(encoding="utf-8"))
        for name in _MARKERCLUSTER_FILES
    }


VENDOR = "vendor/"  # folium's JS/CSS, under the static folder
DATA = "data/"  # the published layers (basemap, flashpoints), under the static folder
# {CDN URL: path under vendor/} of the files written, and the versions of the packages they came
# from: a running app reads this instead of importing folium-offline (72 assets inlined in Python,
# a tenth of a second of CPU at every start).
MANIFEST = "manifest.json"
_PACKAGES = ("folium", "folium-offline", "XStatic-Leaflet-MarkerCluster")


def offline_files() -> dict[str, str]:
    """{CDN URL: text} of every browser asset a map may ask for, from the installed packages (set-up time)."""
    from offlinefolium.elements import _res  # pinned: folium-offline==0.20.0.2

    return {**_res, **_markercluster_files()}


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


def _versions() -> dict[str, str]:
    return {package: version(package) for package in _PACKAGES}


def write_assets(static_dir: Path = STATIC_DIR) -> int:
    """Write every asset folium may ask for under static_dir/vendor, and the manifest; return the
    count of files written. Files that already hold the right text are left alone."""
    written = 0
    files = offline_files()
    for url, text in sorted(files.items()):
        target = static_dir / VENDOR / local_path(url)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written += 1
    manifest = {"packages": _versions(), "files": {url: local_path(url) for url in sorted(files)}}
    (static_dir / VENDOR / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    _manifest.cache_clear()
    return written


@cache
def _manifest(static_dir: Path = STATIC_DIR) -> dict[str, str]:
    """{CDN URL: path under vendor/} of the written assets; written first when missing, incomplete or
    made from other package versions."""
    path = static_dir / VENDOR / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
        if manifest["packages"] == _versions() and all((path.parent / local).is_file() for local in files.values()):
            return files
    except (OSError, ValueError, KeyError, TypeError):
        pass
    write_assets(static_dir)
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def _cdn_url(url: str, static_dir: Path = STATIC_DIR) -> str | None:
    """The CDN URL of a folium asset named by its CDN URL or by its local URL (under any static URL).
    An asset the manifest lacks has the assets written again once (a manifest from an older version
    of this code, with the same package versions), before it counts as missing."""
    found = _find_in(_manifest(static_dir), url)
    if found is None:
        write_assets(static_dir)
        found = _find_in(_manifest(static_dir), url)
    return found


def _find_in(files: dict[str, str], url: str) -> str | None:
    """The manifest's CDN URL for `url` (itself a CDN URL, or a local URL under vendor/)."""
    if url in files:
        return url
    local = url.rpartition(VENDOR)[2]
    return next((cdn for cdn, path in files.items() if path == local), None)


def offline_text(url: str, static_dir: Path = STATIC_DIR) -> str:
    """The text of a folium asset, whether named by its CDN URL or by its local URL."""
    cdn = _cdn_url(url, static_dir)
    if cdn is None:
        raise KeyError(f"no offline copy of {url}")
    return (static_dir / VENDOR / _manifest(static_dir)[cdn]).read_text(encoding="utf-8")


def localise_folium(static_url: str, static_dir: Path = STATIC_DIR) -> None:
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
                cdn = _cdn_url(url, static_dir)
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
    """Write the files (unless written from the installed packages already) and localise folium:
    call once per process, before building maps."""
    publish_basemap(static_dir)
    localise_folium(static_url, static_dir)


def main() -> None:
    count = write_assets() + publish_basemap()
    print(f"{count} files written under {STATIC_DIR}")


if __name__ == "__main__":
    main()
