from basemap.filters import FilterState, apply_filters


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
