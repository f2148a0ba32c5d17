"""The municipalities layer (JMA areas) and the lookup of a municipality by name or code."""

import json

import pandas as pd
import pytest
import shapely

from basemap.load import load_layer
from basemap.municipalities import (
    Municipalities,
    check_digit,
    facility_municipality_codes,
    label,
    link_text,
    municipality_code,
)
from basemap.paths import DATA_DIR
from basemap.values import located
from scripts import derive_boundaries as derive

MUNICIPALITIES = load_layer("municipalities").frame
FACILITIES = load_layer("facilities").frame
# Facilities whose stated municipality is not in the JMA table of its prefecture, with the reason.
NAME_EXCEPTIONS: dict[tuple[str, str], str] = {}


def test_the_file_is_valid_and_covers_every_facility_prefecture():
    assert MUNICIPALITIES["code"].is_unique
    assert (MUNICIPALITIES["code"].str[:2] == MUNICIPALITIES["prefecture_code"]).all()
    assert set(FACILITIES["prefecture_code"]) == set(MUNICIPALITIES["prefecture_code"])
    assert MUNICIPALITIES.geometry.is_valid.all()
    okinawa = MUNICIPALITIES[MUNICIPALITIES["prefecture_code"] == "47"]
    assert len(okinawa) == 41  # 11 cities, 11 towns, 19 villages


def test_label_points_lie_inside_their_municipality():
    labels = shapely.points(MUNICIPALITIES["label_lon"], MUNICIPALITIES["label_lat"])
    assert shapely.dwithin(MUNICIPALITIES.geometry.values, labels, 1e-4).all()  # 4 decimals: on the edge at worst


def test_municipalities_agree_with_reversejp_at_facility_points():
    """The dissolved areas hold the points reversejp puts in them (JMA code's first five digits)."""
    shown = FACILITIES[located(FACILITIES)]
    by_code = MUNICIPALITIES.set_index("code").geometry
    checked = 0
    for _, row in shown.iterrows():
        found = derive.reversejp.find_properties(row.geometry.x, row.geometry.y)
        codes = [p.code[:5] for p in found if len(p.code) == 7]
        if codes and codes[0] in by_code.index:
            assert by_code[codes[0]].distance(row.geometry) < 0.01, row["id"]  # within ~1 km of simplification
            checked += 1
    assert checked > 50


def test_every_stated_municipality_is_in_the_table():
    missing = []
    for _, row in FACILITIES.iterrows():
        for name in row["municipalities_ja"] or []:
            if municipality_code(name, [row["prefecture_code"]]) is None and municipality_code(name) is None:
                missing.append((row["id"], name))
    assert sorted(missing) == sorted(NAME_EXCEPTIONS)


def test_a_facility_reaching_into_the_next_prefecture_keeps_both_municipalities():
    codes = facility_municipality_codes(FACILITIES.set_index("id").loc[["FAC3056"]].reset_index())
    assert codes.iloc[0] == ["11230", "13221"]  # 新座市 (Saitama), 清瀬市 (Tokyo)


@pytest.mark.parametrize(
    ("value", "prefectures", "code"),
    [
        ("名護市", (), "47209"),
        (" 名護市 ", (), "47209"),
        ("沖縄県名護市", (), "47209"),
        ("47209", (), "47209"),
        ("472093", (), "47209"),  # with its check digit
        ("472094", (), None),  # wrong check digit
        ("4720900", (), "47209"),  # JMA area code
        ("４７２０９", (), "47209"),  # full-width digits
        ("Nago City", (), "47209"),
        ("nago", (), "47209"),
        ("横浜市中区", (), "14100"),  # a ward counts as its city
        ("京丹後市丹後町", (), "26212"),  # a former town counts as its city
        ("府中市", (), None),  # Tokyo and Hiroshima
        ("府中市", ("13",), "13206"),
        ("東京都府中市", (), "13206"),
        ("東京都名護市", (), None),
        ("沖縄県名護市", ("13",), None),
        ("名護市", ("13",), None),
        ("Atlantis", (), None),
        ("", (), None),
        ("123", (), None),
        ("99999", (), None),
        ("<script>", (), None),
    ],
)
def test_municipality_code(value, prefectures, code):
    assert municipality_code(value, prefectures) == code


def test_check_digits_of_known_codes():
    # 131016 Chiyoda, 011002 Sapporo, 472093 Nago (JIS X 0402 with check digits)
    assert [check_digit(c) for c in ("13101", "01100", "47209")] == ["6", "2", "3"]


def test_an_empty_table_finds_nothing():
    empty = Municipalities.of(pd.DataFrame(columns=["code", "prefecture_code", "name_ja", "name_en"]))
    assert municipality_code("名護市", (), empty) is None


def test_a_link_names_a_municipality_by_a_name_that_finds_it_alone():
    assert link_text("47209") == "Nago City"
    assert municipality_code(link_text("47209")) == "47209"
    assert link_text("13206") == "13206"  # Fuchu City: Tokyo and Hiroshima, so the code
    assert municipality_code(link_text("13206")) == "13206"
    assert label("47209") == "Nago City · 名護市, Okinawa"
    assert label("99999") == "99999"


def test_the_derivation_is_deterministic_and_matches_the_committed_file(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    derive.write_municipalities(first)
    derive.write_municipalities(second)
    name = "municipalities.geojson"
    assert (first / name).read_bytes() == (second / name).read_bytes()
    assert (first / name).read_bytes() == (DATA_DIR / name).read_bytes(), "re-run scripts/derive_boundaries.py"


@pytest.mark.parametrize(
    ("names", "en_names", "expected"),
    [
        (["秋田市秋田", "秋田市河辺雄和"], ["Akita City", "Akita City"], ("秋田市", "Akita City")),
        (["仙台市東部", "仙台市西部"], ["Eastern Sendai City", "Western Sendai City"], ("仙台市", "Sendai City")),
        (
            ["佐世保市（宇久地域を除く）", "佐世保市（宇久地域）"],
            ["Sasebo City (Excluding Uku Area)", "Sasebo City (Uku Area)"],
            ("佐世保市", "Sasebo City"),
        ),
        (["京丹波町旧丹波町", "京丹波町旧瑞穂町"], ["Kyotamba Town", "Kyotamba Town"], ("京丹波町", "Kyotamba Town")),
        (["釧路市釧路", "釧路市阿寒"], ["Kushiro, Kushiro City", "Akan, Kushiro City"], ("釧路市", "Kushiro City")),
        (["名護市"], ["Nago City"], ("名護市", "Nago City")),
    ],
)
def test_jma_sub_areas_are_named_by_their_municipality(names, en_names, expected):
    assert derive.municipality_names(names, en_names) == expected


def test_areas_sharing_no_municipality_name_stop_the_derivation():
    with pytest.raises(SystemExit, match="no shared municipality name"):
        derive.municipality_names(["名護市", "那覇市"], ["Nago City", "Naha City"])


def test_the_file_stays_within_its_size_budget():
    """Fetched once, and only on zooming in (never by the landing page): still keep it small."""
    size = (DATA_DIR / "municipalities.geojson").stat().st_size
    assert size < 2.5 * 1024 * 1024
    assert json.loads((DATA_DIR / "municipalities.geojson").read_text(encoding="utf-8"))["type"] == "FeatureCollection"
