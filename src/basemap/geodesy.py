"""Distances and range rings on the WGS84 ellipsoid (pyproj.Geod, Karney's algorithms).

"How far is Kadena from the Senkakus?" needs geodesic answers: planar degrees are off by up to
a fifth at these latitudes, and a range ring drawn as a degree circle is an ellipse on the ground.
"""

from __future__ import annotations

import numpy as np
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

GEOD = Geod(ellps="WGS84")
KM_PER_NMI = 1.852
# Lines and outlines are measured at vertices at most this far apart (degrees, ~1 km); the
# nearest-point error is then below half that spacing.
DENSIFY_DEG = 0.01
RING_VERTICES = 180


def km_to_nmi(km: float) -> float:
    return km / KM_PER_NMI


def point_distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic distance between two points."""
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000


def distance_km(lon: float, lat: float, geometry: BaseGeometry) -> float:
    """Geodesic distance from a point to the nearest part of a geometry (0 inside a polygon)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon") and geometry.covers(shapely.Point(lon, lat)):
        return 0.0
    outline = geometry.boundary if geometry.geom_type in ("Polygon", "MultiPolygon") else geometry
    vertices = shapely.get_coordinates(shapely.segmentize(outline, DENSIFY_DEG))
    _, _, metres = GEOD.inv(np.full(len(vertices), lon), np.full(len(vertices), lat), vertices[:, 0], vertices[:, 1])
    return float(np.min(metres)) / 1000


def shape_distance_km(shape: BaseGeometry, geometry: BaseGeometry) -> float:
    """Geodesic distance from the nearest part of `shape` (a point, or a facility's outline) to the
    nearest part of `geometry`: 0 when they touch. The nearest point of an outline is found in
    degrees, then measured on the ellipsoid; for outlines a few km across the two choices differ
    by far less than the densification spacing."""
    if isinstance(shape, Point):
        return distance_km(shape.x, shape.y, geometry)
    if shape.intersects(geometry):
        return 0.0
    nearest, _ = shapely.ops.nearest_points(shape, geometry)
    return distance_km(nearest.x, nearest.y, geometry)


def centre_of(geometry: BaseGeometry) -> tuple[float, float]:
    """(lon, lat) a range ring is drawn around: the point itself, the middle of a line, or a
    point inside an area or group of islands."""
    if isinstance(geometry, Point):
        return geometry.x, geometry.y
    if geometry.geom_type in ("LineString", "MultiLineString"):
        merged = shapely.line_merge(geometry)
        line = max(getattr(merged, "geoms", [merged]), key=lambda part: part.length)
        middle = line.interpolate(0.5, normalized=True)
        return middle.x, middle.y
    centre = geometry.centroid if geometry.geom_type == "MultiPoint" else geometry.representative_point()
    return centre.x, centre.y


def range_ring(lon: float, lat: float, radius_km: float, vertices: int = RING_VERTICES) -> shapely.Polygon:
    """A geodesic circle: every vertex lies `radius_km` from the centre along the ellipsoid."""
    bearings = np.linspace(0.0, 360.0, vertices, endpoint=False)
    lons, lats, _ = GEOD.fwd(
        np.full(vertices, lon), np.full(vertices, lat), bearings, np.full(vertices, radius_km * 1000)
    )
    lons = np.degrees(np.unwrap(np.radians(lons)))  # no jump at the antimeridian
    return shapely.Polygon(np.column_stack([lons, lats]))
