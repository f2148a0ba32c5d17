from operator import itemgetter

import geopandas as gpd
import pandas as pd
import pytest

from basemap.filters import CHOICES, FACILITY, FILTERS, VIEW, FilterState, Many, apply_filters
from basemap.load import load_layer
from basemap.prefectures import PREFECTURES
from tests.factories import collection, facility_feature


def ids(gdf):
    return list(gdf["id"])


def test_default_hides_returned(sample_facilities):
    assert ids(apply_filters(sample_facilities, FilterState())) == ["FAC6037", "FAC3099"]
    assert ids(apply_filters(sample_facilities, FilterState(include_returned=True))) == [
        "FAC6037",
        "FAC3099",
        "FAC6099",
    ]


def test_prefecture_region_service_category(sample_facilities):
    assert ids(apply_filters(sample_facilities, FilterState(prefectures=("47",)))) == ["FAC6037"]
    assert ids(apply_filters(sample_facilities, FilterState(regions=("Kanto",)))) == ["FAC3099"]
    assert ids(apply_filters(sample_facilities, FilterState(services=("Navy", "Army")))) == ["FAC3099"]
    assert ids(apply_filters(sample_facilities, FilterState(categories=("2-4(b)",)))) == []


def test_filters_combine_with_and(sample_facilities):
    state = FilterState(prefectures=("47", "14"), services=("Air Force",))
    assert ids(apply_filters(sample_facilities, state)) == ["FAC6037"]


def test_describe():
    assert FilterState().describe() == "returned facilities hidden"
    assert (
        FilterState(prefectures=("47",), services=("Navy",)).describe()
        == "prefecture: Okinawa; service: Navy; returned facilities hidden"
    )


def test_a_state_is_canonical_and_names_only_known_choices():
    assert FilterState(prefectures=["47", "14", "47", "99"]) == FilterState(prefectures=("14", "47"))
    assert FilterState(services=["Navy", "Army"]).chosen == (("services", ("Army", "Navy")),)  # option order
    assert FilterState(view="heatmap") == FilterState()
    with pytest.raises(TypeError, match="municipality"):
        FilterState(municipality=["47211"])


def test_every_choice_has_its_own_name_parameter_and_widget_key():
    assert len({c.name for c in CHOICES}) == len({c.param for c in CHOICES}) == len(CHOICES)
    assert VIEW not in FILTERS  # the map view is shared in the link but filters nothing
    assert FACILITY not in FILTERS  # so is the facility chosen
    assert set(FILTERS) < set(CHOICES)


def test_prefecture_options_count_the_facilities_each_would_keep(sample_facilities):
    [prefectures] = [f for f in FILTERS if f.name == "prefectures"]
    assert isinstance(prefectures, Many)
    options = prefectures.offered(sample_facilities, FilterState())
    assert sorted(options) == sorted(PREFECTURES)
    assert options["47"] == "Okinawa (1)"  # the returned Okinawa facility is not counted
    assert options["14"] == "Kanagawa (1)"
    assert options["13"] == "Tokyo (0)"
    assert prefectures.offered(None, FilterState())["47"] == "Okinawa (0)"


def test_prefectures_holding_the_most_facilities_are_offered_first_then_in_jis_order(sample_facilities):
    [prefectures] = [f for f in FILTERS if f.name == "prefectures"]
    more = pd.concat([sample_facilities, sample_facilities.iloc[[0]].assign(id="FAC6038")])  # Okinawa: 2
    assert list(prefectures.offered(more, FilterState()))[:4] == ["47", "14", "01", "02"]
    assert list(prefectures.offered(sample_facilities, FilterState()))[:3] == ["14", "47", "01"]  # ties: JIS
    assert list(prefectures.offered(None, FilterState())) == list(PREFECTURES)
    real = load_layer("facilities").frame
    first = list(prefectures.offered(real, FilterState()))[:3]
    assert first[0] == "47"  # Okinawa, which holds most of the facilities, comes first
    assert set(first) <= {"47", "14", "13", "01", "35", "42"}


def test_options_can_depend_on_the_choices_before():
    """A filter whose options follow another choice (like municipalities within the chosen prefectures)."""
    towns = Many(
        name="towns",
        param="town",
        label="Town",
        values=("47211", "47329", "14201"),
        options=lambda facilities, state: [c for c in ("47211", "47329", "14201") if c[:2] in state.prefectures],
        column=itemgetter("municipality_code"),
        noun="town",
        plural="towns",
    )
    assert list(towns.offered(None, FilterState(prefectures=["47"]))) == ["47211", "47329"]
    assert towns.file_words(("47211", "47329", "14201", "x")) == ("4-towns",)
    assert towns.describe(("47211",)) == "town: 47211"
    assert towns.match("47329") == "47329"
    assert towns.match("47") is None


def test_the_toggle_reads_show_and_hide_and_the_last_one_wins():
    [returned] = [f for f in FILTERS if f.param == "returned"]
    assert returned.match("SHOW") == "show"
    assert returned.read(["show", "hide"]) is False
    assert returned.read(["hide", "show"]) is True
    assert returned.written(True) == ["show"]
    assert returned.written(False) == []
    assert VIEW.read(["shade-area", "symbols-count"]) == "symbols-count"


def test_only_the_multiselects_narrow_the_view():
    assert not FilterState().narrowed
    assert not FilterState(include_returned=True, view="shade-area", facility="FAC6009").narrowed
    assert FilterState(prefectures=["47"]).narrowed
    assert FilterState(services=["Navy"]).narrowed


def test_the_facility_chosen_filters_nothing_and_is_not_described(sample_facilities):
    state = FilterState(facility="FAC3099")
    assert state.facility == "FAC3099"
    assert ids(apply_filters(sample_facilities, state)) == ids(apply_filters(sample_facilities, FilterState()))
    assert state.describe() == FilterState().describe()


def test_municipality_keeps_the_facilities_stated_in_it(sample_facilities):
    kadena = FilterState(municipalities=("47325",))  # 嘉手納町
    assert ids(apply_filters(sample_facilities, kadena)) == ["FAC6037"]
    assert ids(apply_filters(sample_facilities, FilterState(municipalities=("47325",), include_returned=True))) == [
        "FAC6037",
        "FAC6099",
    ]
    assert ids(apply_filters(sample_facilities, FilterState(municipalities=("47325", "14201")))) == [
        "FAC6037",
        "FAC3099",
    ]
    assert ids(apply_filters(sample_facilities, FilterState(municipalities=("47209",)))) == []  # 名護市: none
    assert ids(apply_filters(sample_facilities, FilterState(prefectures=("14",), municipalities=("47325",)))) == []


def test_a_facility_spanning_two_municipalities_is_in_each():
    doc = collection(
        facility_feature("FAC6037", "47", municipalities_ja=["嘉手納町", "沖縄市"]),
        facility_feature("FAC6022", "47", municipalities_ja=["沖縄市 "]),  # a stray space is still 沖縄市
        facility_feature("FAC6001", "47", municipalities_ja=[]),  # not stated: in no municipality
    )
    facilities = gpd.GeoDataFrame.from_features(doc["features"], crs="EPSG:4326")
    assert ids(apply_filters(facilities, FilterState(municipalities=("47211",)))) == ["FAC6037", "FAC6022"]
    assert ids(apply_filters(facilities, FilterState(municipalities=("47325",)))) == ["FAC6037"]
    [spec] = [f for f in FILTERS if f.name == "municipalities"]
    assert isinstance(spec, Many)
    assert spec.offered(facilities, FilterState()) == {
        "47211": "Okinawa City · 沖縄市, Okinawa (2)",
        "47325": "Kadena Town · 嘉手納町, Okinawa (1)",
    }


def test_municipality_options_are_those_with_facilities_in_the_chosen_prefectures(sample_facilities):
    [spec] = [f for f in FILTERS if f.name == "municipalities"]
    assert isinstance(spec, Many)
    assert spec.offered(sample_facilities, FilterState()) == {  # no prefecture chosen: every one with a facility
        "14201": "Yokosuka City · 横須賀市, Kanagawa (1)",
        "47325": "Kadena Town · 嘉手納町, Okinawa (1)",  # the returned facility is not counted
    }
    assert list(spec.offered(sample_facilities, FilterState(prefectures=("47",)))) == ["47325"]
    assert list(spec.offered(sample_facilities, FilterState(prefectures=("13",)))) == []
    assert spec.offered(None, FilterState()) == {}
    assert FILTERS.index(spec) == 1  # right after the prefecture, whose choice narrows its options


def test_with_the_returned_layer_on_the_options_offer_and_count_returned_facilities_too(sample_facilities):
    [spec] = [f for f in FILTERS if f.name == "municipalities"]
    assert isinstance(spec, Many)
    facilities = sample_facilities.copy()
    facilities.loc[facilities["id"] == "FAC6099", "municipalities_ja"] = pd.Series([["北谷町"]], index=[2])
    assert "47326" not in spec.offered(facilities, FilterState())  # only a returned facility there
    assert spec.offered(facilities, FilterState(include_returned=True)) == {
        "14201": "Yokosuka City · 横須賀市, Kanagawa (1)",
        "47325": "Kadena Town · 嘉手納町, Okinawa (1)",
        "47326": "Chatan Town · 北谷町, Okinawa (1)",
    }
    [prefectures] = [f for f in FILTERS if f.name == "prefectures"]
    assert isinstance(prefectures, Many)
    assert prefectures.offered(facilities, FilterState(include_returned=True))["47"] == "Okinawa (2)"
    assert prefectures.offered(facilities, FilterState())["47"] == "Okinawa (1)"


def test_municipality_in_descriptions():
    assert (
        FilterState(prefectures=("47",), municipalities=("47209",)).describe()
        == "prefecture: Okinawa; municipality: Nago City; returned facilities hidden"
    )
