from basemap.prefectures import PREFECTURES, REGIONS, prefecture_code


def test_47_prefectures_in_code_order_with_known_regions():
    assert list(PREFECTURES) == [f"{i:02d}" for i in range(1, 48)]
    assert {p.region for p in PREFECTURES.values()} == set(REGIONS)
    assert PREFECTURES["47"].name_ja == "沖縄県"
    assert PREFECTURES["13"].name_en == "Tokyo"


def test_prefecture_code_accepts_codes_and_names():
    assert prefecture_code("47") == "47"
    assert prefecture_code("7") == "07"
    assert prefecture_code("okinawa") == "47"
    assert prefecture_code(" Kanagawa ") == "14"
    assert prefecture_code("沖縄県") == "47"
    assert prefecture_code("沖縄") == "47"


def test_prefecture_code_rejects_unknown():
    for bad in ("48", "0", "Atlantis", "", "4 7", "-1", "²", "①", "٤٧", "１", "1" * 5000, "4.7", "+47"):
        assert prefecture_code(bad) is None
    assert prefecture_code("047") == "47"
