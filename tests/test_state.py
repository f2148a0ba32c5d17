import geopandas as gpd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from basemap.filters import CHOICES, FilterState, Many, Record, Toggle
from basemap.municipalities import municipalities, municipality_code
from basemap.prefectures import PREFECTURES
from basemap.state import MAX_VALUES, NOTICE_CHARS, NOTICE_EXAMPLES, PARAMS, Ignored, parse_query, to_query
from tests.factories import facility_feature

# The facilities a link's `facility` is read against (its values are the loaded records' ids).
FACILITIES = gpd.GeoDataFrame.from_features(
    [
        facility_feature("FAC6009", name_en="Camp Schwab", name_ja="キャンプ・シュワブ"),
        facility_feature("FAC6037", name_en="Kadena Air Base", name_ja="嘉手納飛行場"),
        facility_feature("FAC6022", name_en="Kadena Ammunition Storage Area", name_ja="嘉手納弾薬庫地区"),
    ],
    crs="EPSG:4326",
)


def test_prefecture_by_name_or_code_repeated_or_comma_separated():
    for params in (
        {"prefecture": ["Okinawa"]},
        {"prefecture": ["47"]},
        {"prefecture": ["okinawa", "47"]},
        {"prefecture": ["沖縄県"]},
    ):
        state, ignored = parse_query(params)
        assert state.prefectures == ("47",)
        assert ignored == Ignored()
    state, ignored = parse_query({"prefecture": ["Okinawa,14", "13", "047"]})
    assert state.prefectures == ("13", "14", "47")
    assert ignored == Ignored()


def test_unknown_values_are_dropped_and_counted_in_one_notice():
    state, ignored = parse_query({"prefecture": ["Okinawa,Atlantis", "99"], "service": ["Navy", "Space"]})
    assert state == FilterState(prefectures=("47",), services=("Navy",))
    assert ignored.notice() == (
        "3 unknown values in the link ignored: prefecture “Atlantis”, prefecture “99”, service “Space”."
    )


def test_unknown_parameter_is_counted_once_and_blanks_are_skipped():
    state, ignored = parse_query({"colour": ["red", "blue"], "region": [""], "category": ["2-4(B)"], "returned": ["?"]})
    assert state == FilterState(categories=("2-4(b)",))
    assert ignored.notice() == "2 unknown values in the link ignored: parameter “colour”, returned “?”."


def test_unicode_digits_and_huge_numbers_are_unknown_prefectures():
    """str.isdigit() accepts "²", "①" and "٤٧", which int() rejects or reads; a code is 1-2 ASCII digits."""
    huge = "1" * 5000  # int() refuses over 4,300 digits
    state, ignored = parse_query({"prefecture": ["²", "①", "٤٧", "４７", huge, "47"]})
    assert state.prefectures == ("47",)
    assert ignored.count == 5
    assert f"prefecture “{'1' * (NOTICE_CHARS - 1)}…”" in ignored.notice()


def test_many_values_give_one_short_notice():
    junk = ["[log in](https://evil.example)"] * 1990 + ["Okinawa"] * 10
    state, ignored = parse_query({"prefecture": junk})
    assert state == FilterState()  # Okinawa came after the first MAX_VALUES values: not read
    assert ignored.count == 2000
    assert ignored.unread == 2000 - MAX_VALUES
    assert ignored.examples == (("prefecture", "[log in](https://evil.example)"), ("prefecture", "Okinawa"))
    assert ignored.notice() == (
        "2,000 values in the link ignored: prefecture “[log in](https://evil.example)”, prefecture “Okinawa” "
        f"and 1,998 more (unknown, or past the first {MAX_VALUES} values read)."
    )


def test_a_facility_by_fac_number_or_whole_name_among_the_facilities_loaded():
    for value in ("FAC6009", "fac6009", "6009", "Camp Schwab", "キャンプ・シュワブ", "キャンプシュワブ", "ｷｬﾝﾌﾟ･ｼｭﾜﾌﾞ"):
        assert parse_query({"facility": [value]}, FACILITIES) == (FilterState(facility="FAC6009"), Ignored()), value
    assert to_query(FilterState(facility="FAC6009")) == {"facility": ["FAC6009"]}


def test_a_facility_the_link_does_not_name_exactly_is_dropped_with_the_notice():
    # "Kadena" names two facilities, "Schwab" only part of a name: a link opens exactly what it says
    for value in ("Kadena", "Schwab", "FAC9999", "<b>x</b>"):
        state, ignored = parse_query({"facility": [value], "prefecture": ["Okinawa"]}, FACILITIES)
        assert state == FilterState(prefectures=["47"])
        assert ignored.notice() == f"1 unknown value in the link ignored: facility “{value}”."
    # without the facilities (a page that has none loaded) a facility names nothing, and says so
    state, ignored = parse_query({"facility": ["FAC6009"]})
    assert state == FilterState()
    assert ignored.count == 1


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
    assert parse_query(query) == (state, Ignored())
    assert to_query(FilterState()) == {}


@pytest.mark.parametrize("value", ["名護市", "沖縄県名護市", "Nago", "nago city", "47209", "472093", "４７２０９"])
def test_municipality_by_japanese_or_english_name_or_jis_code(value):
    state, ignored = parse_query({"municipality": [value]})
    assert state == FilterState(municipalities=("47209",))
    assert ignored == Ignored()
    assert to_query(state) == {"municipality": ["Nago City"]}


def test_an_unknown_or_ambiguous_municipality_is_dropped_with_the_notice():
    state, ignored = parse_query({"prefecture": ["Okinawa"], "municipality": ["Atlantis", "府中市", "99999", "Nago"]})
    assert state == FilterState(prefectures=("47",), municipalities=("47209",))
    assert ignored.notice() == (
        "3 unknown values in the link ignored: municipality “Atlantis”, municipality “府中市”, municipality “99999”."
    )


def test_map_view_round_trips_and_a_bad_view_is_dropped_with_a_notice():
    state, ignored = parse_query({"view": ["shade-area"]})
    assert state.view == "shade-area"
    assert ignored == Ignored()
    assert to_query(state) == {"view": ["shade-area"]}
    assert to_query(FilterState()) == {}
    state, ignored = parse_query({"view": ["heatmap"]})
    assert state.view == "facilities"
    assert ignored.notice() == "1 unknown value in the link ignored: view “heatmap”."


# --- Generated links (Hypothesis): 1,200 cases in all, the same ones on every run. ---


def known_values(choice) -> list[str]:
    """What a link may say for a choice: each value and how it is written, prefectures also in Japanese."""
    if isinstance(choice, Toggle):
        return [choice.on, choice.off]
    if isinstance(choice, Record):
        return [*FACILITIES["id"], *FACILITIES["name_en"], *FACILITIES["name_ja"]]
    known = [*choice.values, *(choice.text(v) for v in choice.values)]
    if choice.name == "prefectures":
        known += [p.name_ja for p in PREFECTURES.values()] + [str(int(code)) for code in PREFECTURES]
    if choice.name == "municipalities":  # Japanese names that name one municipality
        known += [ja for code, (ja, _, _) in municipalities().names.items() if municipality_code(ja) == code]
    return known


KNOWN = {choice.param: known_values(choice) for choice in CHOICES}
hostile_values = st.one_of(
    st.text(),
    st.text(alphabet="0123456789²³①٤٧４７, ", max_size=12),
    st.integers(min_value=4000, max_value=6000).map(lambda n: "7" * n),
    st.sampled_from(["[log in](https://evil.example)", "![x](http://evil/x.png)", ":red[big]", "<b>x</b>", "$x$"]),
    st.sampled_from([v for values in KNOWN.values() for v in values]),
)
links = st.dictionaries(
    st.sampled_from(PARAMS) | st.text(max_size=20), st.lists(hostile_values, max_size=8), max_size=8
)


def valid(state: FilterState) -> bool:
    """Only known values, in canonical order."""
    for choice in CHOICES:
        value = state[choice.name]
        if isinstance(choice, Toggle):
            known = isinstance(value, bool)
        elif isinstance(choice, Many):
            known = isinstance(value, tuple) and set(value) <= set(choice.values)
        elif isinstance(choice, Record):
            known = value == "" or value in set(FACILITIES["id"])
        else:
            known = value in choice.values or value == choice.default  # the language: "" leaves it to the browser
        if not known:
            return False
    return FilterState(**{choice.name: state[choice.name] for choice in CHOICES}) == state


@settings(max_examples=600)
@given(links)
def test_any_link_gives_a_valid_state_and_a_short_plain_notice(params):
    state, ignored = parse_query(params, FACILITIES)
    assert valid(state)
    assert 0 <= len(ignored.examples) <= min(ignored.count, NOTICE_EXAMPLES)
    notice = ignored.notice()
    assert (notice == "") == (ignored.count == 0)
    assert "\n" not in notice
    assert len(notice) < NOTICE_EXAMPLES * (NOTICE_CHARS + 40) + 150


@settings(max_examples=300)
@given(
    st.lists(st.tuples(st.sampled_from(PARAMS), st.booleans(), st.data()), max_size=30),
    st.lists(st.text(min_size=1, max_size=10).filter(lambda n: n not in PARAMS), max_size=3, unique=True),
)
def test_the_notice_counts_every_ignored_value(entries, unknown_names):
    """Known values (any case, spaced) are taken; every unknown value and parameter is counted once."""
    params: dict[str, list[str]] = {name: ["x"] for name in unknown_names}
    junk = 0
    for name, is_known, data in entries:
        if is_known:
            value = data.draw(st.sampled_from(KNOWN[name]).map(lambda v: f"  {v.upper()} "))
        else:  # "~" starts no known value; no comma, so one value
            value = "~" + data.draw(st.text(alphabet=st.characters(exclude_characters=","), max_size=30))
            junk += 1
        params.setdefault(name, []).append(value)
    state, ignored = parse_query(params, FACILITIES)
    assert valid(state)
    assert ignored.count == junk + len(unknown_names)
    assert ignored.unread == 0
    if ignored.count:
        assert ignored.notice().startswith(f"{ignored.count} unknown value")


def chosen(choice):
    """Any value of a choice: a set of its values, on or off, or one value."""
    if isinstance(choice, Toggle):
        return st.booleans()
    if isinstance(choice, Many):
        return st.sets(st.sampled_from(list(choice.values)))
    if isinstance(choice, Record):
        return st.sampled_from(["", *FACILITIES["id"]])
    return st.sampled_from(list(choice.values))


states = st.fixed_dictionaries({choice.name: chosen(choice) for choice in CHOICES}).map(lambda kw: FilterState(**kw))


@settings(max_examples=300)
@given(states)
def test_every_state_round_trips_through_its_link(state):
    assert parse_query(to_query(state), FACILITIES) == (state, Ignored())


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_prefecture_named_in_either_language_or_by_code_opens_the_same_view(lang):
    views = [parse_query({"prefecture": [value], "lang": [lang]}) for value in ("沖縄県", "Okinawa", "47", "沖縄")]
    assert all(ignored.count == 0 for _, ignored in views)
    assert {state for state, _ in views} == {FilterState(prefectures=["47"], lang=lang)}
    assert to_query(views[0][0]) == {"prefecture": ["Okinawa"], "lang": [lang]}  # links name it in English


def test_filter_values_read_in_japanese_and_the_language_is_kept_in_the_link():
    state, ignored = parse_query({"service": ["米海兵隊", "Navy"], "region": ["九州"], "lang": ["ja"]})
    assert ignored.count == 0
    assert state == FilterState(services=["Marine Corps", "Navy"], regions=["Kyushu"], lang="ja")
    assert to_query(state)["lang"] == ["ja"]
    unknown, ignored = parse_query({"lang": ["fr"]})
    assert unknown.lang == "" and ignored.count == 1  # the browser decides; the notice names "fr"
    assert "lang" not in to_query(FilterState())


def test_the_notice_is_japanese_in_japanese():
    from basemap.i18n import language

    _, ignored = parse_query({"prefecture": ["Atlantis"]})
    assert ignored.notice(language("ja")) == "リンク内の不明な値1件を無視しました: prefecture「Atlantis」。"
    assert ignored.notice() == "1 unknown value in the link ignored: prefecture “Atlantis”."
