import geopandas as gpd
import pytest

from basemap.load import load_layer
from basemap.search import MAX_RESULTS, fac_number, find_facilities, folded, on_map, resolve
from tests.factories import facility_feature


@pytest.fixture(scope="module")
def facilities():
    return gpd.GeoDataFrame.from_features(
        [
            facility_feature("FAC6009", name_en="Camp Schwab", name_ja="キャンプ・シュワブ"),
            facility_feature("FAC6022", name_en="Kadena Ammunition Storage Area", name_ja="嘉手納弾薬庫地区"),
            facility_feature("FAC6037", name_en="Kadena Air Base", name_ja="嘉手納飛行場"),
            facility_feature("FAC6044", name_en="Camp Zukeran (Camp Foster)", name_ja="キャンプ瑞慶覧"),
            facility_feature(
                "JP-zukeran-west-futenma-housing",
                name_en="Camp Zukeran (Camp Foster) West Futenma Housing Area",
                name_ja="キャンプ瑞慶覧 西普天間住宅地区",
                part_of="FAC6044",
                status="returned",
            ),
            facility_feature(
                "FAC6027", name_en="Yomitan Auxiliary Airfield", name_ja="読谷補助飛行場", status="returned"
            ),
        ],
        crs="EPSG:4326",
    )


def test_folded_text_ignores_width_case_kana_and_punctuation():
    schwab = folded("キャンプ・シュワブ")
    assert schwab == "きゃんぷしゅわぶ"
    for typed in ("キャンプシュワブ", "ｷｬﾝﾌﾟ･ｼｭﾜﾌﾞ", "きゃんぷ・しゅわぶ", " キャンプ　シュワブ "):
        assert folded(typed) == schwab, typed
    assert folded("Camp  SCHWAB") == folded("camp-schwab") == folded("Ｃａｍｐ Ｓｃｈｗａｂ") == "campschwab"
    assert folded("嘉手納飛行場") == "嘉手納飛行場"
    assert folded("・ -()") == ""


def test_fac_numbers_with_or_without_the_prefix():
    for typed in ("FAC6009", "fac6009", "FAC 6009", "6009", "６００９", "FAC-6009"):
        assert fac_number(typed) == "FAC6009", typed
    assert fac_number("FAC0042") == fac_number("42") == "FAC0042"
    for typed in ("Camp 6009", "FACE", "", "6009x"):
        assert fac_number(typed) is None, typed


def test_a_facility_is_found_by_english_or_japanese_name_or_fac_number(facilities):
    for typed in ("Camp Schwab", "schwab", "キャンプ・シュワブ", "シュワブ", "しゅわぶ", "ｼｭﾜﾌﾞ", "FAC6009", "6009"):
        assert find_facilities(facilities, typed) == ["FAC6009"], typed
    assert find_facilities(facilities, "Atlantis") == []
    assert find_facilities(facilities, "  ・ ") == []


def test_matches_are_ranked_whole_name_then_start_then_part(facilities):
    # both Kadena facilities start with the name: alphabetical among equals
    assert find_facilities(facilities, "Kadena") == ["FAC6037", "FAC6022"]
    assert find_facilities(facilities, "嘉手納飛行場") == ["FAC6037", "FAC6022"][:1]
    # a part of a name: still provided before returned, whole facilities before parts of one
    assert find_facilities(facilities, "Foster") == ["FAC6044", "JP-zukeran-west-futenma-housing"]
    assert find_facilities(facilities, "Air") == ["FAC6037", "FAC6027"]  # "Air Base" before the returned airfield
    assert find_facilities(facilities, "a", limit=2) == find_facilities(facilities, "a")[:2]


def test_resolve_names_one_facility_exactly_or_with_partial_the_only_match(facilities):
    assert resolve(facilities, "Camp Schwab") == resolve(facilities, "キャンプシュワブ") == "FAC6009"
    assert resolve(facilities, "fac 6037") == "FAC6037"
    assert resolve(facilities, "Kadena") is None  # two facilities
    assert resolve(facilities, "Kadena", partial=True) is None
    assert resolve(facilities, "Schwab") is None  # a link opens what it names exactly
    assert resolve(facilities, "Schwab", partial=True) == "FAC6009"
    assert resolve(facilities, "FAC9999", partial=True) is None
    assert resolve(facilities, "") is None


def test_the_real_facilities_camp_schwab_and_kadena():
    real = load_layer("facilities").frame
    for typed in ("キャンプ・シュワブ", "シュワブ", "Camp Schwab", "FAC6009", "6009"):
        assert find_facilities(real, typed)[0] == "FAC6009", typed
    kadena = find_facilities(real, "Kadena")
    assert kadena[0] == "FAC6037" and len(kadena) <= MAX_RESULTS  # Kadena Air Base first
    assert find_facilities(real, "嘉手納")[0] == "FAC6037"


def test_on_map_only_a_located_facility_the_filters_show():
    frame = gpd.GeoDataFrame.from_features(
        [
            facility_feature("FAC6009"),
            facility_feature("FAC6037", pref="13"),
            {**facility_feature("FAC6051"), "geometry": None},  # no published location
        ],
        crs="EPSG:4326",
    )
    okinawa = frame[frame["prefecture_code"] == "47"]
    assert on_map(frame, okinawa, "FAC6009")
    assert not on_map(frame, okinawa, "FAC6037")  # filtered out
    assert on_map(frame, frame, "FAC6037")
    assert not on_map(frame, frame, "FAC6051")  # listed, never drawn
    assert not on_map(frame, frame, "FAC9999")  # no such facility
