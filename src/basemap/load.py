"""Read and validate the GeoJSON layers; every problem names the file, the feature and the field.

Loading is per record: a bad record is set aside with its problems and the others load, so one
typo never hides a whole layer. A file that cannot be read at all (missing, oversized, empty, not
UTF-8, not JSON) raises DataError naming it, and the app shows that error while drawing the rest.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import shapely
from shapely.geometry import shape

from basemap.catalog import LAYERS, Layer
from basemap.datafile import DataError, Loaded, Problem, cut, parse_json, read_text, value_problems, values
from basemap.locate import load_exceptions, prefecture_mismatch
from basemap.prefectures import PREFECTURES
from basemap.verdicts import Verdict, cached_verdict, verdict_key

if TYPE_CHECKING:
    import jsonschema


def layer_schema(layer: Layer) -> dict:
    """The JSON schema of a layer's feature properties (data/geo/schema/<key>.schema.json)."""
    return json.loads(layer.schema_path.read_text(encoding="utf-8"))


def _schema_problems(validator: jsonschema.Validator, props: Any, file: str, fid: str) -> list[Problem]:
    problems = []
    for err in sorted(validator.iter_errors(props), key=lambda e: (list(e.path), e.message)):
        field = str(err.path[0]) if err.path else None
        message = cut(err.message)
        if err.validator == "required":
            field = err.message.split("'")[1]
            message = "missing (required)"
        elif err.validator == "additionalProperties":
            schema = err.schema if isinstance(err.schema, Mapping) else {}  # a dict for this keyword
            extra = sorted(set(props) - set(schema.get("properties", {})))
            field = cut(", ".join(extra))
            message = "not in the schema (a typo, or a field to document first)"
        problems.append(Problem(file, fid, field, message))
    return problems


def _rings(geometry: dict) -> Iterator[list]:
    """The linear rings of a GeoJSON (Multi)Polygon, as written in the file."""
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def _ring_problem(geometry: dict) -> str | None:
    """GeoJSON wants closed rings of four or more positions; shapely would quietly close them."""
    try:
        for ring in _rings(geometry):
            if len(ring) < 4:
                return f"a polygon ring has {len(ring)} positions (4 or more needed)"
            if ring[0] != ring[-1]:
                return "a polygon ring is not closed (its last position must repeat the first)"
    except (TypeError, KeyError):
        return "unreadable polygon coordinates"
    return None


def _geometry_problems(feature: dict, layer: Layer, file: str, fid: str) -> list[Problem]:
    geometry = feature.get("geometry")
    if geometry is None and layer.geometry_optional:
        return []
    if not isinstance(geometry, dict) or geometry.get("type") not in layer.geometry_types:
        got = geometry.get("type") if isinstance(geometry, dict) else geometry
        return [Problem(file, fid, "geometry", cut(f"expected {'/'.join(layer.geometry_types)}, got {got!r}"))]
    if any(isinstance(v, float) and not math.isfinite(v) for _, v in values(geometry.get("coordinates"), "")):
        return [Problem(file, fid, "geometry", "a coordinate is not a finite number")]
    ring = _ring_problem(geometry)
    if ring:
        return [Problem(file, fid, "geometry", ring)]
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, shapely.errors.ShapelyError) as exc:
        return [Problem(file, fid, "geometry", cut(f"unreadable coordinates ({exc})"))]
    if geom.is_empty:
        return [Problem(file, fid, "geometry", "empty geometry")]
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        return [Problem(file, fid, "geometry", "coordinates outside lon -180..180 / lat -90..90 (lon, lat order?)")]
    west, south, east, north = layer.extent
    if not (west <= minx and maxx <= east and south <= miny and maxy <= north):
        return [
            Problem(
                file,
                fid,
                "geometry",
                f"outside the layer's extent (lon {west:g}..{east:g}, lat {south:g}..{north:g}): "
                "lon and lat swapped, or a placeholder such as (0, 0)?",
            )
        ]
    if not geom.is_valid:
        return [Problem(file, fid, "geometry", f"invalid geometry: {shapely.is_valid_reason(geom)}")]
    return []


def _facility_problems(
    feature: dict, file: str, fid: str, exceptions: dict[tuple[str, str], str] | None
) -> list[Problem]:
    """Cross-field checks the JSON schema cannot express."""
    props = feature["properties"]
    pref = PREFECTURES.get(str(props.get("prefecture_code")))
    if pref is None:
        return []
    problems = []
    if props.get("prefecture_en") != pref.name_en:
        message = f"{props.get('prefecture_en')!r} does not match code {pref.code} ({pref.name_en})"
        problems.append(Problem(file, fid, "prefecture_en", cut(message)))
    if props.get("prefecture_ja") != pref.name_ja:
        message = f"{props.get('prefecture_ja')!r} does not match code {pref.code} ({pref.name_ja})"
        problems.append(Problem(file, fid, "prefecture_ja", cut(message)))
    if props.get("area_km2") is not None and not props.get("area_source"):
        problems.append(Problem(file, fid, "area_source", "an area needs its source"))
    if props.get("personnel") is not None and not props.get("personnel_source"):
        problems.append(Problem(file, fid, "personnel_source", "a personnel figure needs its source"))
    geometry = feature.get("geometry")
    if exceptions is not None and geometry and (fid, "municipality") not in exceptions:
        lon, lat = geometry["coordinates"][:2]
        mismatch = prefecture_mismatch(lon, lat, pref.code)
        if mismatch:
            message = f"point not in {pref.name_en}: {mismatch} (or list it in location_exceptions.csv)"
            problems.append(Problem(file, fid, "geometry", message))
    return problems


def _record_id(feature: Any, layer: Layer, index: int) -> str:
    props = feature.get("properties") if isinstance(feature, dict) else None
    raw = props.get(layer.id_field) if isinstance(props, dict) else None
    return cut(str(raw)) if raw not in (None, "") else f"#{index}"


def validate_features(
    features: list, layer: Layer, file: str, exceptions: dict[tuple[str, str], str] | None = None
) -> Verdict:
    """{index of a feature: its problems} for every feature to set aside.

    Facilities are also checked against their stated prefecture unless `exceptions` is None.
    """
    import jsonschema  # here: a cached verdict (basemap.verdicts) needs no validator

    validator = jsonschema.Draft202012Validator(layer_schema(layer))
    found: dict[int, list[Problem]] = {}
    for index, feature in enumerate(features):
        fid = _record_id(feature, layer, index)
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            found[index] = [Problem(file, fid, "properties", "missing or not an object")]
            continue
        problems = _schema_problems(validator, props, file, fid) + value_problems(props, file, fid)
        problems += _geometry_problems(feature, layer, file, fid)
        if layer.key == "facilities" and not problems:
            problems += _facility_problems(feature, file, fid, exceptions)
        if problems:
            found[index] = problems
    _cross_record_problems(features, layer, file, found)
    return found


def _cross_record_problems(features: list, layer: Layer, file: str, found: dict[int, list[Problem]]) -> None:
    """Set aside later records with an id already used, and parts whose whole facility is not loaded."""
    seen: set[str] = set()
    for index, feature in enumerate(features):
        fid = _record_id(feature, layer, index)
        if fid in seen:
            found.setdefault(index, []).append(
                Problem(file, fid, layer.id_field, "duplicate id (the first record with it is kept)")
            )
        seen.add(fid)
    if layer.key != "facilities":
        return
    kept = {i: f["properties"] for i, f in enumerate(features) if i not in found}
    wholes = {p.get("id") for p in kept.values() if not p.get("part_of")}
    for index, props in kept.items():
        if props.get("part_of") and props["part_of"] not in wholes:
            message = f"{props['part_of']!r} is not the id of a whole facility loaded from this file"
            found[index] = [Problem(file, str(props.get("id")), "part_of", cut(message))]


def _location_exceptions(layer: Layer) -> tuple[dict[tuple[str, str], str] | None, list[Problem]]:
    """The listed location exceptions for the facility layer (none for other layers); an unreadable
    exceptions file is a problem of its own, and then no exception applies."""
    if layer.key != "facilities":
        return None, []
    try:
        return load_exceptions(), []
    except (OSError, ValueError, KeyError, csv.Error) as exc:
        return {}, [Problem("location_exceptions.csv", None, None, cut(f"unreadable, no exception applied: {exc}"))]


def load_layer(layer: Layer | str, path: Path | None = None) -> Loaded[gpd.GeoDataFrame]:
    """Read one layer and return its valid features as a GeoDataFrame (WGS84, file order), with the
    problems of the features set aside.

    Raises DataError naming the file when it cannot be read at all or no feature is usable.
    """
    layer = LAYERS[layer] if isinstance(layer, str) else layer
    path = path or layer.path
    file = path.name
    text = read_text(path)
    doc = parse_json(text, file)
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise DataError([Problem(file, None, None, "not a GeoJSON FeatureCollection")])
    if not doc["features"]:
        raise DataError([Problem(file, None, None, "no features: the layer is empty")])
    exceptions, problems = _location_exceptions(layer)
    key = verdict_key([text.encode(), file.encode(), layer.schema_path.read_bytes(), repr(exceptions).encode()])
    found = cached_verdict(key, lambda: validate_features(doc["features"], layer, file, exceptions))
    problems += [p for index in sorted(found) for p in found[index]]
    good = [f for i, f in enumerate(doc["features"]) if i not in found]
    if not good:
        raise DataError([*problems, Problem(file, None, None, "no usable features: every record was set aside")])
    columns = list(layer_schema(layer)["properties"])
    gdf = gpd.GeoDataFrame.from_features(good, crs="EPSG:4326")
    for column in columns:
        if column not in gdf:
            gdf[column] = None
    return Loaded(gdf[[*columns, "geometry"]], tuple(problems), len(found))
