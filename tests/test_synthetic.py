"""The benchmark's synthetic facility layers: valid records (none set aside), deterministic per seed."""

from __future__ import annotations

import json

from basemap import paths
from basemap.load import load_layer
from tests.support.synthetic import synthetic_features, write_synthetic_data

REAL = json.loads((paths.ROOT / "data" / "geo" / "facilities.geojson").read_text(encoding="utf-8"))["features"]


def test_every_synthetic_record_loads(tmp_path, monkeypatch):
    root = write_synthetic_data(tmp_path / "data", len(REAL) + 150, source=paths.ROOT / "data")
    monkeypatch.setattr(paths, "DATA_ROOT", root)  # the copy's location exceptions apply
    loaded = load_layer("facilities")
    assert loaded.problems == ()
    assert len(loaded.frame) == len(REAL) + 150
    assert loaded.frame["id"].is_unique


def test_copies_are_located_copies_in_their_prefecture():
    features, _ = synthetic_features(REAL, len(REAL) + 100)
    located = [f for f in REAL if f["geometry"]]
    for index, copy in enumerate(features[len(REAL) :]):
        original = located[index % len(located)]
        same = {k: v for k, v in copy["properties"].items() if k not in ("id", "name_en")}
        assert same == {k: v for k, v in original["properties"].items() if k not in ("id", "name_en")}
        assert copy["properties"]["id"] != original["properties"]["id"]
        assert copy["geometry"]["type"] == "Point"


def test_same_seed_same_layer_other_seed_other_points():
    first, rows = synthetic_features(REAL, len(REAL) + 100, seed=1)
    again, rows_again = synthetic_features(REAL, len(REAL) + 100, seed=1)
    other, _ = synthetic_features(REAL, len(REAL) + 100, seed=2)
    assert first == again
    assert rows == rows_again
    assert [f["geometry"] for f in first] != [f["geometry"] for f in other]


def test_a_count_below_the_real_one_keeps_the_first_records():
    features, rows = synthetic_features(REAL, 10)
    assert features == REAL[:10]
    assert rows == []
