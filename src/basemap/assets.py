"""Serve folium's browser assets locally, so maps render with no network.

folium names its JS/CSS as CDN URLs in each element class's ``default_js``/``default_css``,
and streamlit-folium hands exactly those URLs to its iframe, which stops at the first script
that fails to load. We write the files, taken from the installed ``folium-offline`` package
(MIT; it maps every CDN URL folium uses to the file's text), under ``static/vendor/`` and
point every class at ``/app/static/vendor/...`` (Streamlit static file serving).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import folium
import folium.plugins  # noqa: F401  (registers the plugin classes we walk below)
from folium.elements import JSCSSMixin
from offlinefolium.elements import _res as OFFLINE_FILES  # pinned: folium-offline==0.20.0.2

from basemap.catalog import LAYERS

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
STATIC_URL = "/app/static/"  # Streamlit's static file serving (server.enableStaticServing)
URL_PREFIX = STATIC_URL + "vendor/"
BASEMAP_URL = STATIC_URL + "data/"  # where publish_basemap puts the basemap layers


def _asset_classes(cls: type = JSCSSMixin) -> Iterator[type]:
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
        target = static_dir / "vendor" / local_path(url)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            written += 1
    return written


def localise_folium() -> None:
    """Point every folium element class at the local copies (new lists, never in place).

    Raises KeyError naming the URL if folium asks for an asset folium-offline lacks, so a
    version bump that adds a plugin fails loudly instead of leaving a blank map.
    """
    for cls in _asset_classes():
        for attr in ("default_js", "default_css"):
            entries = cls.__dict__.get(attr)
            if not entries:
                continue
            localised = []
            for name, url in entries:
                if url.startswith(URL_PREFIX):
                    localised.append((name, url))
                    continue
                if url not in OFFLINE_FILES:
                    raise KeyError(f"no offline copy of {url} (needed by {cls.__name__})")
                localised.append((name, URL_PREFIX + local_path(url)))
            setattr(cls, attr, localised)


PUBLISHED_LAYERS = ("land", "prefectures", "flashpoints")


def publish_basemap(static_dir: Path = STATIC_DIR) -> int:
    """Copy the constant layers (basemap, flashpoints) to static/data/, where the browser fetches
    (and caches) them instead of receiving them with every rerun; returns how many files changed."""
    changed = 0
    for key in PUBLISHED_LAYERS:
        if not LAYERS[key].path.exists():  # the page reports the missing layer; publish the rest
            continue
        source = LAYERS[key].path.read_bytes()
        target = static_dir / "data" / f"{key}.geojson"
        if not target.exists() or target.read_bytes() != source:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source)
            changed += 1
    return changed


def published_version() -> int:
    """Changes whenever a published layer file changes: re-publish, and a new URL for the browser."""
    paths = [LAYERS[key].path for key in PUBLISHED_LAYERS]
    return max((path.stat().st_mtime_ns for path in paths if path.exists()), default=0)


def setup_offline_assets(static_dir: Path = STATIC_DIR) -> None:
    """Write the files and localise folium: call once per process, before building maps."""
    write_assets(static_dir)
    publish_basemap(static_dir)
    localise_folium()


def main() -> None:
    count = write_assets() + publish_basemap()
    print(f"{count} files written under {STATIC_DIR}")


if __name__ == "__main__":
    main()
