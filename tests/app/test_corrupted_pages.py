"""The corrupted-file matrix × every page: no exception, the broken file named where it is needed,
and everything that does not need it still shown.

Every kind of damage is done to every file it applies to at once, and every page runs on that; the
pages' checks of what must still be shown run per file (a file refused, a file with a record set
aside), since any refused file looks the same to a page. The loader side of the matrix, file by file
and kind by kind, is tests/test_corrupted_files.py.
"""

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_pages import PAGES, ROOT
from tests.corrupted import DATA_FILES, corrupt, matrix, problems_of

TABLE_KEYS = {"personnel", "personnel_series", "host_nation_support", "sma_periods", "exchange_rates"}
# The data files each page reads.
NEEDS = {
    "app.py": {
        "facilities",
        "footprints",
        "prefectures",
        "land",
        "flashpoints",
        "personnel",
        "personnel_series",
        "host_nation_support",
    },
    "pages/1_Personnel.py": {"personnel", "personnel_series"},
    "pages/2_Host-nation_support.py": {"host_nation_support", "sma_periods", "exchange_rates"},
    "pages/3_Flashpoints.py": {"facilities", "flashpoints", "missile_events", "prefectures", "land"},
    "pages/4_Downloads.py": {
        "facilities",
        "footprints",
        "prefectures",
        "land",
        "flashpoints",
        "missile_events",
        *TABLE_KEYS,
    },
    "pages/5_About_the_data.py": {"facilities", "mod_totals"},
}
# Files a page reads only when the facility layer is usable (the Downloads page exports them beside it;
# the About page reconciles the facilities with the totals).
AFTER_FACILITIES = {
    "pages/4_Downloads.py": {"footprints", "flashpoints", "missile_events", *TABLE_KEYS},
    "pages/5_About_the_data.py": {"mod_totals"},
}


def _keys(at: AppTest, kind: str) -> set[str]:
    return {element.key for element in at.get(kind) if getattr(element, "key", None)}


def _has_map(at: AppTest) -> bool:
    return any(el.proto.component_name == "streamlit_folium.st_folium" for el in at.get("component_instance"))


# What each page must still show while none of the files named beside it is unusable.
CONTENT: dict[str, list[tuple[set[str], Callable[[AppTest], bool]]]] = {
    "app.py": [
        (set(), _has_map),
        ({"facilities"}, lambda at: [m.label for m in at.metric][:1] == ["Facilities shown"]),
        ({"facilities"}, lambda at: len(at.dataframe) == 1),
        ({"personnel", "personnel_series"}, lambda at: any(m.label.startswith("Personnel (") for m in at.metric)),
        ({"host_nation_support"}, lambda at: any(m.label.startswith("HNS budget") for m in at.metric)),
    ],
    "pages/1_Personnel.py": [
        ({"personnel", "personnel_series"}, lambda at: len(at.get("vega_lite_chart")) >= 3 and len(at.metric) == 1),
    ],
    "pages/2_Host-nation_support.py": [
        ({"host_nation_support"}, lambda at: len(at.get("vega_lite_chart")) == 3),
        ({"host_nation_support", "sma_periods"}, lambda at: "download_sma_periods" in _keys(at, "download_button")),
        ({"host_nation_support", "exchange_rates"}, lambda at: "hns_currency" in _keys(at, "radio")),
    ],
    "pages/3_Flashpoints.py": [
        ({"flashpoints"}, lambda at: _has_map(at) and len(at.subheader) >= 2),
        ({"flashpoints", "facilities"}, lambda at: len(at.dataframe) == 3),
    ],
    "pages/4_Downloads.py": [
        ({"facilities"}, lambda at: "dl_usfj-facilities_geojson" in _keys(at, "download_button")),
        ({"facilities", "personnel"}, lambda at: "dl_usfj-personnel_csv" in _keys(at, "download_button")),
        ({"facilities", "flashpoints"}, lambda at: "dl_usfj-flashpoints_geojson" in _keys(at, "download_button")),
    ],
    "pages/5_About_the_data.py": [
        (set(), lambda at: "Regional flashpoints" in [s.value for s in at.subheader]),
        ({"facilities", "mod_totals"}, lambda at: len(at.dataframe) == 3),
        ({"facilities"}, lambda at: "Completeness of the facility layer" in [h.value for h in at.header]),
    ],
}


def test_every_page_is_in_the_matrix():
    assert set(NEEDS) == set(CONTENT) == {"app.py", *PAGES}
    assert set().union(*NEEDS.values()) == set(DATA_FILES)


def _run_every_page(broken: dict[str, bool]) -> None:
    """Run each page; `broken` maps each corrupted file to whether it was refused as a whole."""
    for page in NEEDS:
        at = AppTest.from_file(str(ROOT / page), default_timeout=120).run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert at.title, page
        notices = [n.value for n in (*at.error, *at.warning)]
        refused = {key for key, whole in broken.items() if whole}
        read = NEEDS[page] - (AFTER_FACILITIES.get(page, set()) if "facilities" in refused else set())
        for key in broken.keys() & read:
            assert any(DATA_FILES[key].name in notice for notice in notices), (page, key, notices)
        for needs, shown in CONTENT[page]:
            if not needs & refused:
                assert shown(at), (page, needs, notices)


@pytest.mark.parametrize("corruption", sorted({name for _, name in matrix()}))
def test_every_page_survives_every_file_damaged_in_one_way(data_copy, corruption):
    keys = [key for key, name in matrix() if name == corruption]
    for key in keys:
        corrupt(data_copy, key, corruption)
    _run_every_page({key: problems_of(key)[1] for key in keys})


@pytest.mark.parametrize("corruption", ["empty", "wrong-type"])
@pytest.mark.parametrize("key", sorted(DATA_FILES))
def test_every_page_shows_what_does_not_need_a_damaged_file(data_copy, key, corruption):
    if (key, corruption) not in matrix():
        corruption = "nul-byte"  # the record-level damage that applies to every file
    corrupt(data_copy, key, corruption)
    _run_every_page({key: problems_of(key)[1]})
