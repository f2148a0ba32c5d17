"""Read and validate the GeoJSON layers; every problem names the file, the feature and the field.

Validation collects all problems of a file before raising, so one fix-and-reload cycle shows
everything that is wrong, and the app can show a broken layer's errors while drawing the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import jsonschema
import shapely
from shapely.geometry import shape

from basemap.catalog import LAYERS, Layer
from basemap.prefectures import PREFECTURES


@dataclass(frozen=True)
class Problem:
    file: str
    feature: str | None  # a feature id, or "row N" in a table
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.feature is not None:
            where.append(self.feature if self.feature.startswith("row ") else f"feature {self.feature}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class DataError(ValueError):
    """A data file that cannot be used as it is; holds every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"- {p}" for p in problems[:20])
        more = f"\n- ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s):\n{shown}{more}")


def layer_schema(layer: Layer) -> dict:
    """The JSON schema of a layer's feature properties (data/geo/schema/<key>.schema.json)."""
    return json.loads(layer.schema_path.read_text(encoding="utf-8"))


def _schema_problems(validator: jsonschema.Draft202012Validator, props: Any, file: str, fid: str) -> list[Problem]:
    problems = []
    for err in sorted(validator.iter_errors(props), key=lambda e: (list(e.path), e.message)):
        field = str(err.path[0]) if err.path else None
        message = err.message
        if err.validator == "required":
            field = message.split("'")[1]
            message = "missing (required)"
        elif err.validator == "additionalProperties":
            extra = sorted(set(props) - set(err.schema.get("properties", {})))
            field = ", ".join(extra)
            message = "not in the schema (a typo, or a field to document first)"
        problems.append(Problem(file, fid, field, message))
    return problems


def _geometry_problems(feature: dict, layer: Layer, file: str, fid: str) -> list[Problem]:
    geometry = feature.get("geometry")
    if geometry is None and layer.geometry_optional:
        return []
    if not isinstance(geometry, dict) or geometry.get("type") not in layer.geometry_types:
        got = geometry.get("type") if isinstance(geometry, dict) else geometry
        return [Problem(file, fid, "geometry", f"expected {'/'.join(layer.geometry_types)}, got {got!r}")]
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        return [Problem(file, fid, "geometry", f"unreadable coordinates ({exc})")]
    if geom.is_empty:
        return [Problem(file, fid, "geometry", "empty geometry")]
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        return [Problem(file, fid, "geometry", "coordinates outside lon -180..180 / lat -90..90 (lon, lat order?)")]
    if not geom.is_valid:
        return [Problem(file, fid, "geometry", f"invalid geometry: {shapely.is_valid_reason(geom)}")]
    return []


def _facility_problems(props: dict, file: str, fid: str) -> list[Problem]:
    """Cross-field checks the JSON schema cannot express."""
    pref = PREFECTURES.get(str(props.get("prefecture_code")))
    if pref is None:
        return []
    problems = []
    if props.get("prefecture_en") != pref.name_en:
        problems.append(
            Problem(
                file,
                fid,
                "prefecture_en",
                f"{props.get('prefecture_en')!r} does not match code {pref.code} ({pref.name_en})",
            )
        )
    if props.get("prefecture_ja") != pref.name_ja:
        problems.append(
            Problem(
                file,
                fid,
                "prefecture_ja",
                f"{props.get('prefecture_ja')!r} does not match code {pref.code} ({pref.name_ja})",
            )
        )
    if props.get("area_km2") is not None and not props.get("area_source"):
        problems.append(Problem(file, fid, "area_source", "an area needs its source"))
    if props.get("personnel") is not None and not props.get("personnel_source"):
        problems.append(Problem(file, fid, "personnel_source", "a personnel figure needs its source"))
    return problems


def validate_features(doc: Any, layer: Layer, file: str) -> list[Problem]:
    """Every problem in a parsed GeoJSON document, checked against the layer's schema."""
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        return [Problem(file, None, None, "not a GeoJSON FeatureCollection")]
    validator = jsonschema.Draft202012Validator(layer_schema(layer))
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, feature in enumerate(doc["features"]):
        props = feature.get("properties") if isinstance(feature, dict) else None
        raw_id = props.get(layer.id_field) if isinstance(props, dict) else None
        fid = str(raw_id) if raw_id not in (None, "") else f"#{index}"
        if not isinstance(props, dict):
            problems.append(Problem(file, fid, "properties", "missing or not an object"))
            continue
        problems += _schema_problems(validator, props, file, fid)
        problems += _geometry_problems(feature, layer, file, fid)
        if layer.key == "facilities":
            problems += _facility_problems(props, file, fid)
        if fid in seen:
            problems.append(Problem(file, fid, layer.id_field, "duplicate id"))
        seen.add(fid)
    if layer.key == "facilities":
        problems += _part_of_problems(doc["features"], file)
    return problems


def _part_of_problems(features: list, file: str) -> list[Problem]:
    """A part must name a facility of the same file that is not itself a part."""
    props = [f["properties"] for f in features if isinstance(f, dict) and isinstance(f.get("properties"), dict)]
    wholes = {p.get("id") for p in props if not p.get("part_of")}
    return [
        Problem(file, str(p.get("id")), "part_of", f"{p['part_of']!r} is not the id of a whole facility in this file")
        for p in props
        if p.get("part_of") and p["part_of"] not in wholes
    ]


def load_layer(layer: Layer | str, path: Path | None = None) -> gpd.GeoDataFrame:
    """Read one layer, validate it and return it as a GeoDataFrame (WGS84, file order).

    Raises DataError naming the file, feature id and field of every problem.
    """
    layer = LAYERS[layer] if isinstance(layer, str) else layer
    path = path or layer.path
    file = path.name
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem(file, None, None, f"file not found ({path})")]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError([Problem(file, None, None, f"not valid UTF-8 JSON: {exc}")]) from None
    problems = validate_features(doc, layer, file)
    if problems:
        raise DataError(problems)
    columns = list(layer_schema(layer)["properties"])
    gdf = gpd.GeoDataFrame.from_features(doc["features"], crs="EPSG:4326")
    for column in columns:
        if column not in gdf:
            gdf[column] = None
    return gdf[[*columns, "geometry"]]
