"""GeoJSON (RFC 7946) downloads."""

from __future__ import annotations

import json

from basemap.export.layers import ExportLayer
from basemap.export.meta import ExportMeta, layer_metadata

DESCRIPTION = "RFC 7946, WGS84 (EPSG:4326); the metadata is the top-level `metadata` member. For QGIS, web maps, code."


def to_geojson(layer: ExportLayer, meta: ExportMeta) -> bytes:
    """RFC 7946 FeatureCollection (WGS84), lists kept as arrays, null geometries kept; the
    metadata is a top-level foreign member (RFC 7946 §6.1), which GIS readers ignore."""
    collection = layer.geodata.to_crs("EPSG:4326").to_geo_dict(na="null", show_bbox=False, drop_id=True)
    document = {"type": "FeatureCollection", "name": layer.name, "metadata": layer_metadata(layer, meta)}
    document["features"] = collection["features"]
    return json.dumps(document, ensure_ascii=False, indent=None).encode("utf-8")
