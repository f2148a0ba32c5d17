"""Synthetic facility layers for the benchmark and the tests: the real records plus jittered copies.

Never committed: written into a temporary copy of the data folder, which the app reads when
ATLAS_DATA_DIR names it. Every copy is a valid record (schema, location checks), so the app loads
all of them: the measurements are of N facilities drawn, not of N problems listed.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path

from basemap.locate import load_exceptions, prefecture_mismatch
from basemap.paths import DATA_ROOT

JITTER_DEGREES = 0.03  # about 3 km: copies stay in their prefecture (checked) and cluster like real bases
TRIES = 4  # jitters tried per copy before it keeps the original's point


def _copy_id(index: int, original: str) -> str:
    """An id the schema accepts (JP- and an ASCII slug) that says which record it copies."""
    return f"JP-copy{index}-{original.lower()}"


def _jittered(point: list[float], prefecture: str, rng: random.Random) -> list[float]:
    """The point moved at random within its prefecture (the original's point when every try leaves it)."""
    lon, lat = point[:2]
    for _ in range(TRIES):
        moved = [round(lon + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), 6),
                 round(lat + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), 6)]  # fmt: skip
        if prefecture_mismatch(moved[0], moved[1], prefecture) is None:
            return moved
    return [lon, lat]


def synthetic_features(
    features: list[dict], count: int, seed: int = 13, exceptions: dict[tuple[str, str], str] | None = None
) -> tuple[list[dict], list[dict[str, str]]]:
    """`count` features: the real ones, then copies of the located ones (in turn) with new ids and
    jittered points; and the location-exception rows the copies need (a copy of a listed exception
    keeps its original's reason). Fewer than the real count: the first `count` real ones. Same seed,
    same result."""
    if count <= len(features):
        return features[:count], []
    exceptions = exceptions or {}
    rng = random.Random(seed)
    located = [f for f in features if f.get("geometry")]
    copies, rows = [], []
    for index in range(count - len(features)):
        original = located[index % len(located)]
        props = dict(original["properties"])
        fid = props["id"]
        props["id"] = _copy_id(index, fid)
        props["name_en"] = f"{props['name_en']} (synthetic copy {index})"
        point = _jittered(original["geometry"]["coordinates"], props["prefecture_code"], rng)
        copies.append({"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": point}})
        for (listed, check), reason in sorted(exceptions.items()):
            if listed == fid:
                rows.append({"id": props["id"], "check": check, "reason": f"copy of {fid}: {reason}"})
    return [*features, *copies], rows


def write_synthetic_data(target: Path, count: int | None, seed: int = 13, source: Path = DATA_ROOT) -> Path:
    """Copy the data folder `source` to `target` with a facility layer of `count` records (see
    synthetic_features; None: the real layer unchanged); returns `target`, for ATLAS_DATA_DIR."""
    shutil.copytree(source, target, dirs_exist_ok=True)
    if count is None:
        return target
    layer = target / "geo" / "facilities.geojson"
    exceptions_file = target / "geo" / "location_exceptions.csv"
    doc = json.loads(layer.read_text(encoding="utf-8"))
    doc["features"], rows = synthetic_features(doc["features"], count, seed, load_exceptions(exceptions_file))
    layer.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    if rows:
        out = io.StringIO()
        csv.DictWriter(out, fieldnames=["id", "check", "reason"], lineterminator="\n").writerows(rows)
        with exceptions_file.open("a", encoding="utf-8", newline="") as handle:
            handle.write(out.getvalue())
    return target
