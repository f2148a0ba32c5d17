import json

import pytest

from basemap.catalog import LAYERS
from basemap.load import DataError, load_layer
from tests.factories import collection, facility_feature


def problems_of(path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_layer("facilities", path)
    return [str(p) for p in info.value.problems]


def test_valid_file_loads_in_file_order(write_geojson):
    path = write_geojson(collection(facility_feature("FAC0002"), facility_feature("FAC0001", lon=127.8)))
    gdf = load_layer("facilities", path)
    assert list(gdf["id"]) == ["FAC0002", "FAC0001"]
    assert gdf.crs.to_epsg() == 4326
    assert gdf.loc[0, "sources"] == ["test fixture"]


def test_missing_field_names_file_feature_and_field(write_geojson):
    feature = facility_feature("FAC0001")
    del feature["properties"]["sources"]
    [problem] = problems_of(write_geojson(collection(feature)))
    assert problem == "facilities.geojson, feature FAC0001, field 'sources': missing (required)"


def test_wrong_type_and_bad_enum_are_reported_together(write_geojson):
    bad_type = facility_feature("FAC0001", area_km2="big")
    bad_enum = facility_feature("FAC0002", service="Coast Guard", lon=127.8)
    found = problems_of(write_geojson(collection(bad_type, bad_enum)))
    assert any("feature FAC0001, field 'area_km2'" in p and "not of type" in p for p in found)
    assert any("feature FAC0002, field 'service'" in p for p in found)


def test_bad_geometry_is_reported(write_geojson):
    swapped = facility_feature("FAC0001", lon=26.35, lat=127.76)  # lat/lon swapped: out of range
    polygon = facility_feature("FAC0002")
    polygon["geometry"] = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 0]]]}
    broken = facility_feature("FAC0003")
    broken["geometry"] = {"type": "Point", "coordinates": []}
    found = problems_of(write_geojson(collection(swapped, polygon, broken)))
    assert any("FAC0001, field 'geometry'" in p and "outside" in p for p in found)
    assert any("FAC0002, field 'geometry'" in p and "expected Point" in p for p in found)
    assert any("FAC0003, field 'geometry'" in p for p in found)


def test_missing_geometry_is_allowed_for_facilities_only(write_geojson):
    feature = facility_feature("FAC0001")
    feature["geometry"] = None
    gdf = load_layer("facilities", write_geojson(collection(feature)))
    assert gdf.geometry.iloc[0] is None
    prefecture = {
        "type": "Feature",
        "properties": {"prefecture_code": "47", "name_en": "Okinawa", "name_ja": "沖縄県", "region": "Okinawa"},
        "geometry": None,
    }
    with pytest.raises(DataError, match="feature 47, field 'geometry'"):
        load_layer("prefectures", write_geojson(collection(prefecture), "prefectures.geojson"))


def test_duplicate_ids_and_inconsistent_prefecture_names(write_geojson):
    found = problems_of(
        write_geojson(
            collection(facility_feature("FAC0001"), facility_feature("FAC0001", prefecture_en="Kanagawa", lon=127.8))
        )
    )
    assert "facilities.geojson, feature FAC0001, field 'id': duplicate id" in found
    assert any("field 'prefecture_en'" in p for p in found)


def test_area_without_source_is_rejected(write_geojson):
    found = problems_of(write_geojson(collection(facility_feature("FAC0001", area_source=None))))
    assert found == ["facilities.geojson, feature FAC0001, field 'area_source': an area needs its source"]


def test_unknown_field_and_feature_without_id(write_geojson):
    extra = facility_feature("FAC0001", colour="red")
    no_id = facility_feature("FAC0002", lon=127.8)
    del no_id["properties"]["id"]
    found = problems_of(write_geojson(collection(extra, no_id)))
    assert any("feature FAC0001, field 'colour'" in p for p in found)
    assert "facilities.geojson, feature #1, field 'id': missing (required)" in found


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid UTF-8 JSON"), (json.dumps({"type": "Feature"}), "not a GeoJSON FeatureCollection")],
)
def test_unreadable_files(write_geojson, content, message):
    [problem] = problems_of(write_geojson(content))
    assert problem.startswith("facilities.geojson: ")
    assert message in problem


def test_missing_file(tmp_path):
    [problem] = problems_of(tmp_path / "nothing.geojson")
    assert problem.startswith("nothing.geojson: file not found")


def test_error_message_lists_problems(write_geojson):
    feature = facility_feature("FAC0001")
    del feature["properties"]["name_en"]
    with pytest.raises(DataError, match=r"1 problem\(s\):\n- facilities.geojson, feature FAC0001, field 'name_en'"):
        load_layer("facilities", write_geojson(collection(feature)))


@pytest.mark.parametrize("key", list(LAYERS))
def test_every_shipped_layer_is_valid(key):
    gdf = load_layer(key)
    assert len(gdf) > 0
