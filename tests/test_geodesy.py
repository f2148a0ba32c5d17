"""Geodesic distances and range rings, checked against independent calculations."""

import math

import pytest
import shapely

from basemap.geodesy import centre_of, distance_km, km_to_nmi, point_distance_km, range_ring

KADENA = (127.7677, 26.3516)  # Kadena Air Base reference point (airportsdata RODN)
YOKOSUKA = (139.6717, 35.2833)


def haversine_km(lon1, lat1, lon2, lat2, radius=6371.0088):
    """Great-circle distance on the mean-radius sphere (IUGG), written out independently."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(math.sqrt(a))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (KADENA, YOKOSUKA),
        (KADENA, (123.4747, 25.7461)),
        ((141.4, 40.7), (124.7, 39.66)),
        ((116.0, 10.0), (145.0, 45.0)),
    ],
)
def test_point_distance_agrees_with_the_sphere_within_half_a_percent(a, b):
    ellipsoid = point_distance_km(*a, *b)
    sphere = haversine_km(*a, *b)
    assert ellipsoid == pytest.approx(sphere, rel=0.005)


def test_one_degree_of_latitude_at_the_equator_is_the_known_length():
    # 110.574 km: meridian arc of one degree at the equator on WGS84 (standard geodesy tables)
    assert point_distance_km(0, 0, 0, 1) == pytest.approx(110.574, abs=0.001)


def test_nautical_miles():
    assert km_to_nmi(1.852) == pytest.approx(1.0)


def test_distance_to_a_line_and_a_polygon():
    line = shapely.LineString([(120.0, 24.0), (120.0, 26.0)])
    assert distance_km(121.0, 25.0, line) == pytest.approx(haversine_km(121.0, 25.0, 120.0, 25.0), rel=0.005)
    square = shapely.box(120, 24, 122, 26)
    assert distance_km(121.0, 25.0, square) == 0.0
    assert distance_km(123.0, 25.0, square) == pytest.approx(point_distance_km(123.0, 25.0, 122.0, 25.0), abs=0.6)


@pytest.mark.parametrize("radius_km", [500, 1000, 1500])
def test_range_ring_vertices_lie_at_the_radius_at_every_bearing(radius_km):
    ring = range_ring(*KADENA, radius_km)
    coords = list(ring.exterior.coords)[:-1]
    assert len(coords) == 180
    for lon, lat in coords[::15]:  # every 30 degrees of bearing
        assert point_distance_km(*KADENA, lon, lat) == pytest.approx(radius_km, abs=0.001)
    assert ring.is_valid


def test_a_ring_across_the_antimeridian_stays_one_valid_polygon():
    ring = range_ring(175.0, 30.0, 1000)
    assert ring.is_valid
    assert ring.bounds[2] > 180


def test_centre_of_each_geometry_kind():
    assert centre_of(shapely.Point(1, 2)) == (1, 2)
    assert centre_of(shapely.LineString([(0, 0), (2, 0)])) == (1, 0)
    assert shapely.box(0, 0, 2, 2).contains(shapely.Point(centre_of(shapely.box(0, 0, 2, 2))))


def test_distance_from_an_outline_is_from_its_nearest_part():
    from shapely.geometry import Point, box

    from basemap.geodesy import distance_km, shape_distance_km

    outline = box(127.0, 26.0, 127.1, 26.1)
    target = Point(127.5, 26.05)
    # nearest part: the east edge at lon 127.1, about 40 km closer than the outline's centre
    assert abs(shape_distance_km(outline, target) - distance_km(127.1, 26.05, target)) < 0.05
    assert shape_distance_km(outline, target) < distance_km(127.05, 26.05, target) - 4
    assert shape_distance_km(outline, Point(127.05, 26.05)) == 0.0  # inside
    assert shape_distance_km(Point(127.1, 26.05), target) == distance_km(127.1, 26.05, target)
