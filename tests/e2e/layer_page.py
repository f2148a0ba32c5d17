"""A minimal map page holding only the facility layer, served from a folder on 127.0.0.1: for the
layer's browser test and scripts/measure_layer.py. Synthetic layers are made here, never committed."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element

from basemap.maps.base import JAPAN_CENTER, JAPAN_ZOOM, MAX_ZOOM
from basemap.maps.elements import figure_of, stable_ids
from basemap.maps.facility_layer import FacilityLayer, mask_group, publish_layer
from basemap.maps.standalone import inline_assets


def synthetic_facilities(real: gpd.GeoDataFrame, count: int, seed: int = 13) -> gpd.GeoDataFrame:
    """`count` rows: the real records, then copies of the located ones moved up to ~30 km at random
    (seeded, so the same every run), with their own ids. For measurements only."""
    located = real[real.geometry.notna()]
    extra = max(0, count - len(real))
    rng = np.random.default_rng(seed)
    copies = located.iloc[np.arange(extra) % len(located)].copy()
    jitter = rng.uniform(-0.3, 0.3, size=(extra, 2))
    copies["geometry"] = gpd.points_from_xy(copies.geometry.x + jitter[:, 0], copies.geometry.y + jitter[:, 1])
    copies["id"] = [f"{fid}-copy{k}" for k, fid in enumerate(copies["id"])]
    frame = pd.concat([real, copies], ignore_index=True) if extra else real.iloc[:count].reset_index(drop=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=real.crs)


def write_layer_page(
    folder: Path,
    facilities: gpd.GeoDataFrame,
    shown: pd.DataFrame | None = None,
    renderer: str = "canvas",
    cluster: bool = True,
    footprints: gpd.GeoDataFrame | None = None,
) -> str:
    """Write index.html (assets inlined, Japan in view) and the layer file into `folder`; the page
    fetches the file and, when `shown` is given, applies its mask. Returns the layer file name."""
    name = publish_layer(facilities, folder, footprints)
    m = folium.Map(location=JAPAN_CENTER, zoom_start=JAPAN_ZOOM, tiles=None, max_zoom=MAX_ZOOM)
    figure_of(m).header.add_child(Element('<link rel="icon" href="data:,">'), name="no_favicon")
    FacilityLayer(url=name, renderer=renderer, cluster=cluster).add_to(m)
    if shown is not None:
        mask_group(facilities, shown).add_to(m)
    page = inline_assets(stable_ids(m).get_root().render())
    (folder / "index.html").write_text(page, encoding="utf-8")
    return name


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free loopback port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
