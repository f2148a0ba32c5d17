"""Integrity of the shipped layers (the facility layer's full checks grow with its data)."""

import reversejp
import shapely

from basemap.load import load_layer
from basemap.prefectures import PREFECTURES


def test_prefectures_layer_has_all_47_with_names_and_regions():
    prefectures = load_layer("prefectures").frame
    assert list(prefectures["prefecture_code"]) == list(PREFECTURES)
    for _, row in prefectures.iterrows():
        pref = PREFECTURES[row["prefecture_code"]]
        assert (row["name_en"], row["name_ja"], row["region"]) == (pref.name_en, pref.name_ja, pref.region)


def test_prefectures_include_outlying_islands():
    prefectures = load_layer("prefectures").frame.set_index("prefecture_code")
    # (lon, lat) of islands checked against reversejp (JMA areas), not against ourselves
    islands = {"47": [(123.00, 24.46), (126.80, 26.34)], "13": [(142.19, 27.09)], "42": [(129.30, 34.40)]}
    for code, points in islands.items():
        for lon, lat in points:
            codes = [p.code for p in reversejp.find_properties(lon, lat) if len(p.code) == 7]
            assert codes, (lon, lat)
            assert codes[0].startswith(code), (lon, lat)
            assert prefectures.geometry[code].distance(shapely.Point(lon, lat)) < 0.02, (code, lon, lat)


def test_every_facility_cites_a_source_and_a_date():
    facilities = load_layer("facilities").frame
    assert facilities["sources"].map(len).min() >= 1
    assert facilities["as_of"].str.match(r"^\d{4}").all()
