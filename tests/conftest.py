"""Shared fixtures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
from hypothesis import settings

from tests.factories import collection, facility_feature

# Generated tests run the same cases on every run and machine (no example database, no random
# seed) and never time an example (this machine is shared: no timed assertions).
settings.register_profile("atlas", derandomize=True, database=None, deadline=None)
settings.load_profile("atlas")


@pytest.fixture(autouse=True)
def verdict_cache(tmp_path_factory, monkeypatch) -> Path:
    """Each test validates with an empty verdict cache of its own (never the repository's .cache)."""
    from basemap import paths

    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setattr(paths, "CACHE_DIR", folder)
    return folder


@pytest.fixture
def write_geojson(tmp_path: Path):
    def write(doc, name: str = "facilities.geojson") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(doc, ensure_ascii=False) if not isinstance(doc, str) else doc, encoding="utf-8")
        return path

    return write


@pytest.fixture
def sample_facilities():
    """Three facilities: Okinawa (Air Force), Kanagawa (Navy), Okinawa returned (Marine Corps)."""
    doc = collection(
        facility_feature("FAC6037", "47", 127.7677, 26.3516, area_km2=19.855),
        facility_feature("FAC3099", "14", 139.65, 35.29, service="Navy", area_km2=2.3, municipalities_ja=["横須賀市"]),
        facility_feature(
            "FAC6099",
            "47",
            127.75,
            26.28,
            service="Marine Corps",
            status="returned",
            status_date="2015-03-31",
            area_km2=0.5,
        ),
    )
    return gpd.GeoDataFrame.from_features(doc["features"], crs="EPSG:4326")


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch) -> Path:
    """A temporary copy of the data folder (geo/, tables/) that the app and the loaders read instead
    of the repository's; the browser's copies of the basemap layers go to a temporary folder too.
    Tests break files here, never in data/."""
    from basemap import paths
    from basemap.maps import assets

    root = tmp_path / "data"
    for folder in ("geo", "tables"):
        shutil.copytree(paths.ROOT / "data" / folder, root / folder)
    monkeypatch.setattr(paths, "DATA_ROOT", root)
    publish = assets.publish_basemap
    monkeypatch.setattr(assets, "publish_basemap", lambda static_dir=None: publish(tmp_path / "static"))
    return root
