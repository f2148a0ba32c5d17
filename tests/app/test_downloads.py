"""The Downloads page in AppTest: a button per layer and format, file names from the URL's filter,
the same facility count as the map page's headline, and how to cite the view; the map page's
"Copy link to this view" and "How to cite"."""

import io
import json
import re
import threading
import zipfile
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas_streamlit import shared
from atlas_streamlit.downloads import _view
from basemap.export.formats import LAYER_FORMATS, VIEW_FORMATS, formats_for
from basemap.filters import FilterState, apply_filters
from basemap.tables import TABLES
from basemap.text import markdown_text
from tests.support.layers import atlas_layers

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "4_Downloads.py")
MAP_PAGE = str(ROOT / "app.py")


def run(page: str = PAGE, **query) -> AppTest:
    at = AppTest.from_file(page, default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def buttons(at: AppTest) -> dict[str, str]:
    """Download buttons by key -> the file name in their help text."""
    return {b.key: b.proto.help.removeprefix("Saves ") for b in at.download_button}


def test_a_button_per_layer_and_format_plus_the_whole_view():
    at = run()
    assert not at.exception
    assert at.title[0].value == "Download the map layers"
    found = buttons(at)
    for layer in ("usfj-facilities", "usfj-prefectures"):
        for fmt in LAYER_FORMATS:
            assert found[f"dl_{layer}_{fmt.key}"].startswith(f"{layer}_all_")
            assert found[f"dl_{layer}_{fmt.key}"].endswith(f".{fmt.extension}")
    assert found["dl_gpkg"].endswith(".gpkg")
    assert found["dl_html"].endswith(".html")
    assert found["dl_bundle"].startswith("usfj-atlas-bundle_all_")
    assert found["dl_bundle"].endswith(".zip")
    assert not any("returned-facilities" in key for key in found)


def test_url_filter_names_the_files_and_adds_the_returned_layer():
    found = buttons(run(prefecture=["Okinawa"], returned=["show"]))
    assert found["dl_usfj-facilities_geojson"].startswith("usfj-facilities_okinawa_with-returned_")
    assert found["dl_usfj-returned-facilities_kmz"].startswith("usfj-returned-facilities_okinawa_with-returned_")
    assert found["dl_usfj-facility-parts_csv"].startswith("usfj-facility-parts_okinawa_with-returned_")


def test_bad_filter_url_still_offers_every_download():
    at = run(prefecture=["Atlantis"], colour=["red"])
    assert not at.exception
    [warning] = at.warning
    assert "prefecture “Atlantis”" in warning.value
    found = buttons(at)
    assert found["dl_usfj-facilities_csv"].startswith("usfj-facilities_all_")
    # facilities, their parts listed for announced returns, their OpenStreetMap outlines, prefectures,
    # flashpoints, missile impacts, range rings in every format; every figure table in the formats for tables
    # (CSV); the GeoPackage, the HTML map and the bundle
    table_formats = [f for f in LAYER_FORMATS if not f.spatial_only]
    assert len(found) == 7 * len(LAYER_FORMATS) + len(TABLES) * len(table_formats) + len(VIEW_FORMATS)


def test_flashpoint_layers_and_figure_tables_are_offered():
    found = buttons(run())
    assert found["dl_usfj-flashpoints_kmz"].startswith("usfj-flashpoints_all_")
    assert found["dl_usfj-range-rings_geojson"].startswith("usfj-range-rings_all_")
    assert found["dl_usfj-missile-impacts_shp"].endswith(".shp.zip")
    for table in ("personnel", "host-nation-support", "sma-periods", "exchange-rates"):
        assert found[f"dl_usfj-{table}_csv"].endswith(".csv")
        assert f"dl_usfj-{table}_kmz" not in found


def test_html_map_then_bundle_each_build_once_without_waiting_on_itself():
    """What a click runs, in a worker thread as Streamlit runs it. The HTML map, cached a second
    time around its own cached builder, once waited forever on its own cache lock, and the bundle
    (which holds the map) behind it; the join bounds a regression to a failure, not a hang."""
    facilities, prefectures, land = (shared.layer(name) for name in ("facilities", "prefectures", "land"))
    state = FilterState(prefectures=["47"])
    view = _view(apply_filters(facilities, state), prefectures, land, state)
    built = {}

    def click(*names: str) -> None:
        for name in names:
            built[name] = view.file(name)()

    worker = threading.Thread(target=click, args=("html", "bundle"), daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), f"waiting on itself after building {sorted(built)}"
    with zipfile.ZipFile(io.BytesIO(built["bundle"])) as bundle:
        assert bundle.read(view.meta.filename("usfj-map", "html")) == built["html"]  # built once, reused


def test_the_files_of_a_municipality_view_name_it_and_hold_only_its_facilities():
    found = buttons(run(municipality=["Nago"]))
    assert found["dl_usfj-facilities_geojson"].startswith("usfj-facilities_nago-city_")
    assert found["dl_gpkg"].startswith("usfj-atlas_nago-city_")
    facilities, prefectures, land = (shared.layer(name) for name in ("facilities", "prefectures", "land"))
    state = FilterState(municipalities=["47209"])
    view = _view(apply_filters(facilities, state), prefectures, land, state)
    doc = json.loads(view.file("usfj-facilities.geojson")())
    assert doc["metadata"]["filter"] == "municipality: Nago City; returned facilities hidden"
    assert all("名護市" in f["properties"]["municipalities_ja"] for f in doc["features"])
    assert len(doc["features"]) >= 3
    with zipfile.ZipFile(io.BytesIO(view.file("bundle")())) as bundle:
        readme = bundle.read("README.txt").decode()
    assert "Filter applied: municipality: Nago City; returned facilities hidden" in readme


def test_the_downloads_page_opened_from_the_menu_keeps_the_view_of_the_map():
    """Streamlit gives a page opened from the menu new widgets and no link parameters: the filters
    chosen on the map carry over, also past a page without filters."""
    at = run(MAP_PAGE, prefecture=["Okinawa"], municipality=["Nago"])
    at.switch_page("pages/4_Downloads.py").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    described = markdown_text("prefecture: Okinawa; municipality: Nago City;")  # data names escaped
    assert any(c.startswith(f"Filter: {described}") for c in captions)
    assert buttons(at)["dl_gpkg"].startswith("usfj-atlas_okinawa_nago-city_")
    at.switch_page("pages/1_Personnel.py").run()
    at.query_params.clear()  # as the browser's address after the menu
    at.switch_page("pages/4_Downloads.py").run()
    assert buttons(at)["dl_gpkg"].startswith("usfj-atlas_okinawa_nago-city_")
    assert at.multiselect(key="f_municipality").value == ["47209"]


def headline_count(query: dict) -> int:
    at = run(MAP_PAGE, **query)
    assert not at.exception
    [metric] = [m for m in at.metric if m.label == "Facilities shown"]
    return int(metric.value.replace(",", ""))


def offered_count(at: AppTest, title: str) -> int:
    [line] = [m.value for m in at.markdown if m.value.startswith(f"**{title}** · ")]
    return int(re.search(r"· ([\d,]+) records?", line).group(1).replace(",", ""))


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"prefecture": ["Okinawa"]},
        {"prefecture": ["Okinawa"], "returned": ["show"]},
        {"service": ["Navy"]},
        {"municipality": ["名護市"]},
    ],
)
def test_the_downloads_page_states_the_headline_count_of_the_same_filter(query):
    at = run(**query)
    assert offered_count(at, "U.S. military facilities in Japan") == headline_count(query)


def test_the_downloads_page_names_the_geopackage_tables_and_the_records_without_location():
    at = run(prefecture=["Okinawa"])
    captions = [c.value for c in at.caption]
    [tables] = [c for c in captions if c.startswith("Tables of the GeoPackage")]
    assert "usfj_flashpoints_points, usfj_flashpoints_lines, usfj_flashpoints_polygons" in tables
    [facilities] = [m.value for m in at.markdown if m.value.startswith("**U.S. military facilities in Japan**")]
    assert "without a sourced location (`located` false" in facilities


def opened(at: AppTest, *keys: str) -> AppTest:
    """The page again with these popovers or expanders (their keys) opened, as a click in the browser does."""
    for key in keys:
        at.session_state[key] = True
    return at.run()


def citation_box(at: AppTest) -> str:
    [code] = [c.value for c in at.code if "[data set and software]" in c.value]
    return code


def test_the_downloads_page_says_how_to_cite_the_view():
    at = run(prefecture=["Okinawa"])
    assert "How to cite" in [h.value for h in at.subheader]
    text = citation_box(at)
    assert text.startswith("U.S.–Japan alliance atlas contributors (20")
    assert re.search(r"data as of \d{4}-\d{2}-\d{2}\)", text)
    assert "?prefecture=Okinawa " in text
    assert f"(accessed {date.today().isoformat()})" in text


@pytest.mark.parametrize(
    ("query", "state"),
    [
        ({}, FilterState()),
        ({"returned": ["show"]}, FilterState(include_returned=True)),
        ({"prefecture": ["Okinawa"]}, FilterState(prefectures=["47"])),
    ],
)
def test_the_map_page_offers_each_layer_of_the_view_in_each_format(query, state):
    """The map page names the view's layers without building them: it offers what the files hold."""
    at = run(MAP_PAGE, **query)
    facilities, prefectures, footprints = (shared.layer(name) for name in ("facilities", "prefectures", "footprints"))
    built = atlas_layers(apply_filters(facilities, state), prefectures, state, footprints)
    expected = [f"{layer.title} · {fmt.label}" for layer in built for fmt in formats_for(layer)]
    assert at.selectbox(key="map_dl_choice").options == [*expected, "Offline HTML map of this view"]
    assert len(built) == (5 if state.include_returned else 4)


def test_the_map_page_has_copy_link_and_how_to_cite():
    at = run(MAP_PAGE, prefecture=["Okinawa"], service=["Marine Corps"])
    assert not at.exception
    [popover] = at.get("popover")
    assert popover.proto.popover.label == "Copy link to this view"
    assert "How to cite" in [e.label for e in at.expander]
    # Folded, they hold no code box (Streamlit's code box costs the page load a large script) ...
    assert not popover.code and not at.code
    # ... opened (the browser's click sets the same state), the link and the citation
    opened(at, "copy_link_open", "how_to_cite_open")
    [popover] = at.get("popover")
    links = [c.value for c in popover.code]
    assert links == ["/?prefecture=Okinawa&service=Marine+Corps"]  # AppTest has no browser address: relative
    assert "?prefecture=Okinawa&service=Marine+Corps " in citation_box(at)
    at.multiselect(key="f_service").set_value([]).run()
    assert [c.value for c in at.code if c.value.startswith("/?")] == ["/?prefecture=Okinawa"]  # follows the filter


def test_a_broken_file_the_map_page_does_not_show_leaves_it_quiet_and_the_citation_still_dated(data_copy):
    """The data's date is read over every file; a file the page does not show gives no error box here
    (the page that shows it says so), and the others still date the citation."""
    (data_copy / "geo" / "missile_events.geojson").write_text("not json")
    at = opened(run(MAP_PAGE), "how_to_cite_open")
    assert not at.exception
    assert [e.value for e in at.error] == []
    assert re.search(r"data as of \d{4}-\d{2}-\d{2}\)", citation_box(at))


def test_the_view_carries_over_through_the_menu_in_japanese_too():
    """The page writes `lang` into the link itself: that alone is not a view in the link."""
    at = run(MAP_PAGE, prefecture=["Okinawa"], lang=["ja"])
    at.switch_page("pages/1_Personnel.py").run()
    at.query_params.clear()
    at.query_params["lang"] = "ja"
    at.switch_page("pages/4_Downloads.py").run()
    assert not at.exception
    assert buttons(at)["dl_gpkg"].startswith("usfj-atlas_okinawa_")
