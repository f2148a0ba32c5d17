"""Flashpoint tables, distances both ways, ring radii parsing and the flashpoint map layers."""

import geopandas as gpd
import pytest
import shapely

from basemap.flashpoints import (
    DEFAULT_FLASHPOINT,
    DEFAULT_RADII_KM,
    FlashpointView,
    dense_start_year,
    distances_from_facility,
    event_years,
    events_table,
    nearest_facilities,
    parse_radii,
    rings_frame,
)
from basemap.geodesy import point_distance_km
from basemap.load import load_layer
from basemap.maps.flashpoints import flashpoint_group, flashpoint_popup_html, impact_group, rings_group


def flashpoint(fid="FP-test", geometry=None, **props):
    base = {
        "id": fid,
        "name_en": "Test shoal",
        "name_ja": "試験礁",
        "kind": "maritime_feature",
        "parties": ["Japan", "China"],
        "summary": "A test feature.",
        "events": [{"date": "2012-09", "title": "An event", "source": "https://example.org/a"}],
        "sources": ["https://example.org/a"],
        "as_of": "2024-01-01",
        "coord_source": "test",
        "notes": None,
    }
    base.update(props)
    return base, geometry if geometry is not None else shapely.Point(123.5, 25.75)


def frame(*rows) -> gpd.GeoDataFrame:
    props, geoms = zip(*rows, strict=True)
    return gpd.GeoDataFrame(list(props), geometry=list(geoms), crs="EPSG:4326")


def test_events_are_newest_first_and_filtered_by_year():
    fps = frame(
        flashpoint("FP-a", events=[{"date": "2010", "title": "old", "source": "s"}]),
        flashpoint("FP-b", events=[{"date": "2022-10-04", "title": "new", "source": "s"}]),
    )
    assert list(events_table(fps)["Event"]) == ["new", "old"]
    assert list(events_table(fps, (2011, 2030))["Event"]) == ["new"]
    assert event_years(fps) == (2010, 2022)


def test_nearest_facilities_sorted_with_km_and_nmi(sample_facilities):
    fp = frame(flashpoint())[0:1].iloc[0]
    table = nearest_facilities(fp, sample_facilities)
    # the returned facility (FAC6099) is not listed; Kadena is nearer than Yokosuka
    assert list(table["id"]) == ["FAC6037", "FAC3099"]
    assert list(table.columns[:3]) == ["Distance (km)", "Distance (nmi)", "Facility"]  # readable on a phone
    assert table.loc[0, "Distance (km)"] == pytest.approx(point_distance_km(127.7677, 26.3516, 123.5, 25.75))
    assert table.loc[0, "Distance (nmi)"] == pytest.approx(table.loc[0, "Distance (km)"] / 1.852)


def test_distances_from_a_facility_to_every_located_flashpoint(sample_facilities):
    fps = frame(
        flashpoint("FP-far", geometry=shapely.Point(140.0, 40.0)),
        flashpoint("FP-line", geometry=shapely.LineString([(127.0, 24.0), (127.0, 28.0)])),
    )
    table = distances_from_facility(sample_facilities.iloc[0], fps)
    assert list(table["id"]) == ["FP-line", "FP-far"]
    assert list(table.columns[:3]) == ["Distance (km)", "Distance (nmi)", "Flashpoint"]
    assert table.loc[0, "Distance (km)"] == pytest.approx(
        point_distance_km(127.7677, 26.3516, 127.0, 26.3516), rel=0.01
    )


def test_parse_radii_keeps_good_values_and_explains_bad_ones():
    radii, notices = parse_radii("1000, 500 km; abc, -3, 9000, 500")
    assert radii == [500.0, 1000.0]
    assert len(notices) == 3
    assert "'abc'" in notices[0]


def test_flashpoint_layers_escape_text_and_need_no_images():
    evil = "<img src=x onerror=alert(1)>{{ 7*7 }}"
    fps = frame(
        flashpoint(summary=evil),
        flashpoint("FP-line", geometry=shapely.LineString([(127.0, 24.0), (127.0, 28.0)])),
        flashpoint("FP-area", geometry=shapely.box(124, 27, 125, 28)),
    )
    html = flashpoint_popup_html(fps.iloc[0])
    assert "<img" not in html
    assert "{{" not in html
    group = flashpoint_group(fps, show=False)
    # a point is its kind's symbol; a line or an area is drawn, with the symbol on its centre
    assert [type(c).__name__ for c in group._children.values()] == ["Marker", "PolyLine", "Marker", "Polygon", "Marker"]
    assert group.show is False


def test_dense_start_is_the_first_year_opening_ten_years_with_five_events():
    def events(*years):
        return [{"date": f"{y}-01", "title": "e", "source": "s"} for y in years]

    fps = frame(
        flashpoint("FP-a", events=events(1855, 1895, 1905, 1953, 1953)),
        flashpoint("FP-b", events=events(1954, 1960, 1962, 1999, 2012)),
    )
    assert dense_start_year(fps) == 1953  # 1953-1962 holds five events; no earlier ten years do
    assert dense_start_year(fps, window=60) == 1895  # 1895, 1905, 1953, 1953, 1954
    assert dense_start_year(fps, min_events=6) == 1855  # never six in ten years: everything in view
    shipped = load_layer("flashpoints").frame
    first, last = event_years(shipped)
    assert first < dense_start_year(shipped) < last


def test_rings_frame_and_group_have_one_ring_per_radius():
    rings = rings_frame((127.7677, 26.3516), [1000, 500, 500], "Kadena")
    assert list(rings["radius_km"]) == [500, 1000]
    assert rings.geometry.is_valid.all()
    group = rings_group(rings, (127.7677, 26.3516))
    kinds = [type(c).__name__ for c in group._children.values()]
    # largest ring first, each with its label; the centre on top
    assert kinds == ["Polygon", "Marker", "Polygon", "Marker", "CircleMarker"]


def test_flashpoint_view_rings_only_for_a_located_flashpoint_with_radii():
    fps = load_layer("flashpoints").frame
    senkaku = FlashpointView()
    rings = senkaku.rings(fps)
    assert list(rings["radius_km"]) == list(DEFAULT_RADII_KM)
    assert set(rings["centre"]) == set(fps.loc[fps["id"] == DEFAULT_FLASHPOINT, "name_en"])
    assert FlashpointView(radii_km=()).rings(fps) is None
    assert FlashpointView("FP-nowhere").rings(fps) is None


def test_shipped_flashpoint_layers_are_valid_and_cover_the_required_places():
    fps = load_layer("flashpoints").frame
    assert len(fps) >= 15
    located = fps[fps.geometry.notna()]
    assert located.geometry.is_valid.all()
    names = " ".join(fps["name_en"]).lower()
    for place in ("senkaku", "taiwan strait", "takeshima", "scarborough", "spratly", "paracel", "okinotori"):
        assert place in names, place
    impacts = load_layer("missile_events").frame
    assert len(impacts) >= 10
    assert impacts["date"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()
    assert impact_group(impacts)._children


def test_distances_use_the_nearest_part_of_a_footprint():
    from shapely.geometry import box

    from basemap.flashpoints import distances_from_facility, nearest_facilities
    from basemap.load import load_layer
    from tests.factories import footprints_for

    facilities, flashpoints = load_layer("facilities").frame, load_layer("flashpoints").frame
    senkaku = flashpoints.set_index("id").loc["FP-senkaku-islands"]
    kadena = facilities.set_index("id", drop=False).loc["FAC6037"]
    point = kadena.geometry
    outline = box(point.x - 0.2, point.y - 0.2, point.x + 0.05, point.y + 0.05)  # reaches 0.2° towards the west
    footprints = footprints_for(("FAC6037", outline, False, 19.855))

    def km(table):
        return table.set_index("id").loc["FAC6037", "Distance (km)"]

    assert (
        km(nearest_facilities(senkaku, facilities, None, footprints))
        < km(nearest_facilities(senkaku, facilities, None)) - 15
    )
    before = distances_from_facility(kadena, flashpoints).set_index("id")["Distance (km)"]
    after = distances_from_facility(kadena, flashpoints, footprints).set_index("id")["Distance (km)"]
    assert (after <= before + 1e-9).all()
    assert after["FP-senkaku-islands"] < before["FP-senkaku-islands"] - 15


def test_a_facility_indexed_by_its_id_finds_its_footprint():
    from shapely.geometry import box

    from basemap.flashpoints import distances_from_facility
    from basemap.load import load_layer
    from tests.factories import footprints_for

    facilities, flashpoints = load_layer("facilities").frame, load_layer("flashpoints").frame
    kadena = facilities.set_index("id").loc["FAC6037"]  # as the Flashpoints page picks it
    point = kadena.geometry
    footprints = footprints_for(("FAC6037", box(point.x - 0.2, point.y - 0.2, point.x, point.y), False, 19.855))
    with_outline = distances_from_facility(kadena, flashpoints, footprints).set_index("id")["Distance (km)"]
    without = distances_from_facility(kadena, flashpoints).set_index("id")["Distance (km)"]
    assert with_outline["FP-senkaku-islands"] < without["FP-senkaku-islands"] - 15


def test_with_the_real_footprints_no_facility_is_farther_than_from_its_point():
    """An outline that holds its facility's point (every point derived from an outline does) is never
    farther than the point; a sourced point outside its outline (an airfield's reference point) is
    at most its own gap from the outline nearer. The large outlines reach nearer."""
    from basemap.flashpoints import distances_from_facility, nearest_facilities
    from basemap.geodesy import shape_distance_km
    from basemap.load import load_layer

    facilities, flashpoints = load_layer("facilities").frame, load_layer("flashpoints").frame
    footprints = load_layer("footprints").frame
    senkaku = flashpoints.set_index("id").loc["FP-senkaku-islands"]
    by_point = nearest_facilities(senkaku, facilities, None).set_index("id")["Distance (km)"]
    by_outline = nearest_facilities(senkaku, facilities, None, footprints).set_index("id")["Distance (km)"]
    by_outline = by_outline[by_point.index]
    points = facilities.set_index("id").geometry
    outlines = footprints.set_index("facility_id").geometry
    outlined = sorted(set(outlines.index) & set(by_point.index))
    assert len(outlined) >= 40
    gap = {fid: shape_distance_km(outlines[fid], points[fid]) for fid in outlined}
    assert sum(1 for fid in outlined if gap[fid] == 0) >= 40
    for fid in outlined:
        assert by_outline[fid] <= by_point[fid] + gap[fid] + 1e-6, fid
    assert sum(by_outline[fid] < by_point[fid] - 0.05 for fid in outlined) >= 20  # most outlines reach nearer
    untouched = by_point.index.difference(outlined)
    assert (by_outline[untouched] == by_point[untouched]).all()
    hansen = facilities.set_index("id").loc["FAC6011"]  # Camp Hansen: a 2.4 km² outline holding its point
    assert gap["FAC6011"] == 0
    outline_km = distances_from_facility(hansen, flashpoints, footprints).set_index("id")["Distance (km)"]
    point_km = distances_from_facility(hansen, flashpoints).set_index("id")["Distance (km)"]
    assert (outline_km <= point_km[outline_km.index] + 1e-6).all()
