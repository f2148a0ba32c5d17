from basemap.filters import FilterState
from basemap.state import parse_query, to_query


def test_prefecture_by_name_or_code_repeated_or_comma_separated():
    for params in (
        {"prefecture": ["Okinawa"]},
        {"prefecture": ["47"]},
        {"prefecture": ["okinawa", "47"]},
        {"prefecture": ["沖縄県"]},
    ):
        state, notices = parse_query(params)
        assert state.prefectures == ("47",)
        assert notices == []
    state, notices = parse_query({"prefecture": ["Okinawa,14", "13"]})
    assert state.prefectures == ("13", "14", "47")
    assert notices == []


def test_unknown_values_are_dropped_with_a_notice():
    state, notices = parse_query({"prefecture": ["Okinawa,Atlantis", "99"], "service": ["Navy", "Space"]})
    assert state == FilterState(prefectures=("47",), services=("Navy",))
    assert notices == [
        "Ignored unknown prefecture 'Atlantis' in the URL.",
        "Ignored unknown prefecture '99' in the URL.",
        "Ignored unknown service 'Space' in the URL.",
    ]


def test_unknown_parameter_gets_a_notice_and_never_raises():
    state, notices = parse_query({"colour": ["red"], "region": [""], "category": ["2-4(B)"], "returned": ["maybe"]})
    assert state == FilterState(categories=("2-4(b)",))
    assert notices == ["Ignored unknown URL parameter 'colour'.", "Ignored unknown returned 'maybe' in the URL."]


def test_round_trip():
    state = FilterState(
        prefectures=("14", "47"),
        regions=("Kanto",),
        services=("Navy",),
        categories=("2-1(a)",),
        include_returned=True,
    )
    query = to_query(state)
    assert query == {
        "prefecture": ["Kanagawa", "Okinawa"],
        "region": ["Kanto"],
        "service": ["Navy"],
        "category": ["2-1(a)"],
        "returned": ["show"],
    }
    assert parse_query(query) == (state, [])
    assert to_query(FilterState()) == {}


def test_map_view_round_trips_and_a_bad_view_is_dropped_with_a_notice():
    state, notices = parse_query({"view": ["shade-area"]})
    assert state.view == "shade-area"
    assert notices == []
    assert to_query(state) == {"view": ["shade-area"]}
    assert to_query(FilterState()) == {}
    state, notices = parse_query({"view": ["heatmap"]})
    assert state.view == "facilities"
    assert notices == ["Ignored unknown view 'heatmap' in the URL."]
