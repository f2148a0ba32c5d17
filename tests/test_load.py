import json

import pytest

from basemap.catalog import LAYERS
from basemap.datafile import DataError
from basemap.load import load_layer
from basemap.paths import MAX_FILE_BYTES
from tests.factories import collection, facility_feature


def set_aside(path, layer: str = "facilities") -> tuple[list[str], list[str]]:
    """(ids loaded, problems as text) of a file that loads with records set aside."""
    loaded = load_layer(layer, path)
    assert loaded.problems, "expected records to be set aside"
    return list(loaded.frame[LAYERS[layer].id_field]), [str(p) for p in loaded.problems]


def file_error(path, layer: str = "facilities") -> list[str]:
    with pytest.raises(DataError) as info:
        load_layer(layer, path)
    return [str(p) for p in info.value.problems]


def test_valid_file_loads_in_file_order(write_geojson):
    path = write_geojson(collection(facility_feature("FAC0002"), facility_feature("FAC0001", lon=127.8)))
    loaded = load_layer("facilities", path)
    assert loaded.problems == ()
    assert loaded.set_aside == 0
    gdf = loaded.frame
    assert list(gdf["id"]) == ["FAC0002", "FAC0001"]
    assert gdf.crs.to_epsg() == 4326
    assert gdf.loc[0, "sources"] == ["test fixture"]


def test_a_bad_record_is_set_aside_and_the_others_load(write_geojson):
    feature = facility_feature("FAC0001")
    del feature["properties"]["sources"]
    loaded = load_layer("facilities", write_geojson(collection(feature, facility_feature("FAC0002", lon=127.8))))
    assert list(loaded.frame["id"]) == ["FAC0002"]
    assert loaded.set_aside == 1
    assert [str(p) for p in loaded.problems] == [
        "facilities.geojson, feature FAC0001, field 'sources': missing (required)"
    ]


def test_wrong_type_and_bad_enum_are_reported_together(write_geojson):
    bad_type = facility_feature("FAC0001", area_km2="big")
    bad_enum = facility_feature("FAC0002", service="Coast Guard", lon=127.8)
    found = file_error(write_geojson(collection(bad_type, bad_enum)))
    assert any("feature FAC0001, field 'area_km2'" in p and "not of type" in p for p in found)
    assert any("feature FAC0002, field 'service'" in p for p in found)
    assert found[-1] == "facilities.geojson: no usable features: every record was set aside"


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Point", "coordinates": [26.35, 127.76]}, "outside lon -180..180 / lat -90..90"),  # lat/lon swapped
        ({"type": "Point", "coordinates": [0, 0]}, "outside the layer's extent"),
        ({"type": "Point", "coordinates": [139.35, 35.74]}, "point not in Okinawa: reversejp puts the point in"),
        ({"type": "Point", "coordinates": []}, "empty geometry"),
        ({"type": "Point", "coordinates": ["a", "b"]}, "unreadable coordinates"),
        ({"type": "Point", "coordinates": 127}, "unreadable coordinates"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 0]]]}, "expected Point"),
        ({"type": "Point", "coordinates": [float("nan"), 26.35]}, "not a finite number"),
    ],
)
def test_bad_points_are_set_aside(write_geojson, geometry, message):
    bad = facility_feature("FAC0001")
    bad["geometry"] = geometry
    ids, found = set_aside(write_geojson(collection(bad, facility_feature("FAC0002"))))
    assert ids == ["FAC0002"]
    [problem] = found
    assert problem.startswith("facilities.geojson, feature FAC0001, field 'geometry': ")
    assert message in problem


def test_a_listed_location_exception_lets_a_point_off_the_jma_areas_load(write_geojson):
    tori_shima = {"lon": 126.833111, "lat": 26.595639}  # an islet reversejp does not cover
    listed = facility_feature("FAC6077", **tori_shima)  # listed in location_exceptions.csv
    unlisted = facility_feature("FAC0009", **tori_shima)
    ids, [problem] = set_aside(write_geojson(collection(listed, unlisted)))
    assert ids == ["FAC6077"]
    assert "feature FAC0009, field 'geometry': point not in Okinawa: reversejp has no municipality here" in problem


@pytest.mark.parametrize(
    ("ring", "message"),
    [
        ([[127, 26], [128, 26], [128, 27], [127, 27]], "not closed"),
        ([[127, 26], [128, 26], [127, 26]], "3 positions"),
        ([[127, 26], [128, 27], [128, 26], [127, 27], [127, 26]], "invalid geometry: Self-intersection"),
    ],
)
def test_bad_polygon_rings_are_set_aside(write_geojson, ring, message):
    def prefecture(code, name_en, name_ja, coordinates):
        properties = {"prefecture_code": code, "name_en": name_en, "name_ja": name_ja, "region": "Okinawa"}
        return {
            "type": "Feature",
            "properties": properties,
            "geometry": {"type": "Polygon", "coordinates": [coordinates]},
        }

    good = prefecture("47", "Okinawa", "沖縄県", [[127, 26], [128, 26], [128, 27], [127, 26]])
    bad = prefecture("46", "Kagoshima", "鹿児島県", ring)
    ids, [problem] = set_aside(write_geojson(collection(good, bad), "prefectures.geojson"), "prefectures")
    assert ids == ["47"]
    assert problem.startswith("prefectures.geojson, feature 46, field 'geometry': ")
    assert message in problem


def test_non_finite_numbers_and_control_characters_are_set_aside(write_geojson):
    text = json.dumps(
        collection(
            facility_feature("FAC0001", area_km2=float("nan")),
            facility_feature("FAC0002", area_km2=float("inf")),
            facility_feature("FAC0003", notes="a\x00b"),
            facility_feature("FAC0004", sources=["ok", "\x1b[31mred"]),
            facility_feature("FAC0005", notes="line one\nline two\ttabbed"),
        )
    )
    assert "NaN" in text and "Infinity" in text  # what json.dumps writes, and json.loads reads back
    ids, found = set_aside(write_geojson(text))
    assert ids == ["FAC0005"]
    assert found == [
        "facilities.geojson, feature FAC0001, field 'area_km2': nan is not a finite number",
        "facilities.geojson, feature FAC0002, field 'area_km2': inf is not a finite number",
        "facilities.geojson, feature FAC0003, field 'notes': contains the control character U+0000",
        "facilities.geojson, feature FAC0004, field 'sources': contains the control character U+001B",
    ]


def test_missing_geometry_is_allowed_for_facilities_only(write_geojson):
    feature = facility_feature("FAC0001")
    feature["geometry"] = None
    gdf = load_layer("facilities", write_geojson(collection(feature))).frame
    assert gdf.geometry.iloc[0] is None
    prefecture = {
        "type": "Feature",
        "properties": {"prefecture_code": "47", "name_en": "Okinawa", "name_ja": "沖縄県", "region": "Okinawa"},
        "geometry": None,
    }
    with pytest.raises(DataError, match="feature 47, field 'geometry'"):
        load_layer("prefectures", write_geojson(collection(prefecture), "prefectures.geojson"))


def test_a_duplicate_id_sets_aside_the_later_record(write_geojson):
    first = facility_feature("FAC0001", name_en="First")
    ids, found = set_aside(write_geojson(collection(first, facility_feature("FAC0001", lon=127.8))))
    assert ids == ["FAC0001"]
    assert found == ["facilities.geojson, feature FAC0001, field 'id': duplicate id (the first record with it is kept)"]
    assert load_layer("facilities", write_geojson(collection(first, first))).frame["name_en"].tolist() == ["First"]


def test_a_part_of_a_missing_or_set_aside_facility_is_set_aside(write_geojson):
    whole = facility_feature("FAC0001", name_ja="")  # invalid: set aside, and its part with it
    part = facility_feature("FAC0002", part_of="FAC0001", lon=127.8)
    orphan = facility_feature("FAC0003", part_of="FAC0999", lon=127.76)
    kept = facility_feature("FAC0004")
    ids, found = set_aside(write_geojson(collection(whole, part, orphan, kept)))
    assert ids == ["FAC0004"]
    assert "facilities.geojson, feature FAC0001, field 'name_ja': '' should be non-empty" in found
    assert any(p.startswith("facilities.geojson, feature FAC0002, field 'part_of': 'FAC0001' is not") for p in found)
    assert any(p.startswith("facilities.geojson, feature FAC0003, field 'part_of': 'FAC0999' is not") for p in found)


def test_inconsistent_prefecture_names_and_area_without_source(write_geojson):
    ok = facility_feature("FAC0009")
    ids, found = set_aside(
        write_geojson(
            collection(
                facility_feature("FAC0001", prefecture_en="Kanagawa"), facility_feature("FAC0002", area_source=None), ok
            )
        )
    )
    assert ids == ["FAC0009"]
    assert any("feature FAC0001, field 'prefecture_en'" in p for p in found)
    assert "facilities.geojson, feature FAC0002, field 'area_source': an area needs its source" in found


def test_unknown_field_and_feature_without_id(write_geojson):
    extra = facility_feature("FAC0001", colour="red")
    no_id = facility_feature("FAC0002", lon=127.8)
    del no_id["properties"]["id"]
    ids, found = set_aside(write_geojson(collection(extra, no_id, facility_feature("FAC0003"))))
    assert ids == ["FAC0003"]
    assert any("feature FAC0001, field 'colour'" in p for p in found)
    assert "facilities.geojson, feature #1, field 'id': missing (required)" in found


def test_a_huge_value_is_quoted_short(write_geojson):
    ids, [problem] = set_aside(
        write_geojson(collection(facility_feature("FAC0001", as_of="x" * 200_000), facility_feature("FAC0002")))
    )
    assert "feature FAC0001, field 'as_of'" in problem
    assert len(problem) < 400


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON at line 1, column 2"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feat', "(the file looks truncated)"),
        (json.dumps({"type": "Feature"}), "not a GeoJSON FeatureCollection"),
        ("", "empty file"),
        ("  \n", "empty file"),
        ('{"type": "FeatureCollection", "features": []}', "no features: the layer is empty"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"type": "FeatureCollection", "features": [{"type": "Feature", "x": "\x00"}]}', "Invalid control character"),
    ],
)
def test_unreadable_files(write_geojson, content, message):
    [problem] = file_error(write_geojson(content))
    assert problem.startswith("facilities.geojson: ")
    assert message in problem


def test_a_file_in_another_encoding_is_named(tmp_path):
    path = tmp_path / "facilities.geojson"
    path.write_bytes(json.dumps(collection(facility_feature("FAC0001")), ensure_ascii=False).encode("shift_jis"))
    [problem] = file_error(path)
    assert problem.startswith("facilities.geojson: not UTF-8 text (byte ")
    assert "Shift-JIS" in problem


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "facilities.geojson"
    path.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    [problem] = file_error(path)
    assert problem.startswith("facilities.geojson: 4.0 MB, over the 4 MB limit for a data file")


def test_missing_file(tmp_path):
    [problem] = file_error(tmp_path / "nothing.geojson")
    assert problem.startswith("nothing.geojson: file not found")


def test_error_message_lists_problems(write_geojson):
    feature = facility_feature("FAC0001")
    del feature["properties"]["name_en"]
    with pytest.raises(DataError, match=r"2 problem\(s\):\n- facilities.geojson, feature FAC0001, field 'name_en'"):
        load_layer("facilities", write_geojson(collection(feature)))


@pytest.mark.parametrize("key", list(LAYERS))
def test_every_shipped_layer_is_valid(key):
    loaded = load_layer(key)
    assert loaded.problems == ()
    assert len(loaded.frame) > 0


def test_an_unreadable_exceptions_file_is_named_and_no_exception_applies(data_copy):
    (data_copy / "geo" / "location_exceptions.csv").write_bytes("id,check,reason\n".encode("utf-16"))
    loaded = load_layer("facilities")
    assert str(loaded.problems[0]).startswith("location_exceptions.csv: unreadable, no exception applied: ")
    # the islets Tori Shima and Taisho-to, off the JMA municipal areas, are listed as exceptions
    assert {p.feature for p in loaded.problems[1:]} == {"FAC6077", "FAC6085"}
    assert loaded.set_aside == 2
    assert not {"FAC6077", "FAC6085"} & set(loaded.frame["id"])


def test_the_data_folder_can_be_a_copy(data_copy):
    assert LAYERS["facilities"].path == data_copy / "geo" / "facilities.geojson"
    (data_copy / "geo" / "facilities.geojson").write_text(json.dumps(collection(facility_feature("FAC0001"))))
    assert list(load_layer("facilities").frame["id"]) == ["FAC0001"]
