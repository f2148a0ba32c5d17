"""Every page runs in AppTest without an exception; the map gets local assets and filters."""

import json
import re
from pathlib import Path
from types import SimpleNamespace

import branca.element
import pytest
from pandas.testing import assert_frame_equal
from streamlit.testing.v1 import AppTest

from atlas_streamlit import downloads, headline, shared
from atlas_streamlit.charts import DATA_LABEL
from atlas_streamlit.shared import _file_version, _load
from basemap import filters, summary
from basemap.about import footprint_counts
from basemap.catalog import LAYERS
from basemap.figures import (
    hns_summary,
    hns_totals,
    latest_personnel,
    main_series,
    missing_years,
    month_year,
    personnel_summary,
    personnel_totals,
    series_label,
    with_amount,
    year_ranges,
)
from basemap.flashpoints import distances_from_facility, event_years, nearest_facilities
from basemap.load import load_layer
from basemap.maps import elements
from basemap.maps.facility_layer import decode_mask, layer_bytes
from basemap.paths import STATIC_DIR
from basemap.reconcile import latest_exclusive_total, load_totals
from basemap.tables import TABLES, load_table
from basemap.text import markdown_text
from basemap.values import located

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))


def run(path: str = "app.py", **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def folium_element(at: AppTest):
    [element] = [el for el in at.get("component_instance") if el.proto.component_name == "streamlit_folium.st_folium"]
    return element


def map_args(at: AppTest) -> dict:
    return json.loads(folium_element(at).proto.json_args)


MASK = re.compile(r'facilityMask = \{"bits": "([^"]*)", "rows": (\d+)\}')


def facility_ids_on_map(at: AppTest) -> set[str]:
    """The located facilities the filter mask sent with this run shows (rows of the layer file)."""
    bits, rows = MASK.search(map_args(at)["feature_group"]).groups()
    facilities = load_layer("facilities").frame
    assert int(rows) == len(facilities)
    shown = facilities.iloc[decode_mask(int(rows), bits)]
    return set(shown.loc[located(shown), "id"])


def test_landing_page_renders_map_figures_and_table():
    at = run()
    assert not at.exception
    assert at.title[0].value == "U.S. military facilities in Japan"
    assert [m.label for m in at.metric][:1] == ["Facilities shown"]
    assert len(at.dataframe) == 1
    assert facility_ids_on_map(at)


def test_map_assets_are_all_local():
    args = map_args(run())
    links = args["js_links"] + args["css_links"]
    assert links
    assert all(link.startswith("/app/static/vendor/") for link in links)


def test_prefecture_widget_changes_the_facilities_on_the_map_without_remount():
    at = run()
    everything = facility_ids_on_map(at)
    map_id = folium_element(at).proto.id
    at.multiselect(key="f_prefecture").set_value(["47"]).run()
    okinawa = facility_ids_on_map(at)
    assert not at.exception
    assert okinawa
    assert okinawa < everything
    assert folium_element(at).proto.id == map_id  # same component: the browser keeps the map
    assert at.query_params["prefecture"] in ("Okinawa", ["Okinawa"])
    # A filter change sends the row mask and the prefecture codes, never markers or shapes.
    assert len(map_args(at)["feature_group"].encode("utf-8")) < 2_000


def test_the_base_map_fetches_the_published_layer_file_of_this_data_version():
    script = map_args(run())["script"]
    [name] = re.findall(r'fetch\("/app/static/data/(facilities-[0-9a-f]{16}\.json)"\)', script)
    assert (STATIC_DIR / "data" / name).read_bytes() == layer_bytes(
        load_layer("facilities").frame, load_layer("footprints").frame
    )
    assert "Camp Schwab" not in script  # the facilities travel in the file, not in the page


def test_a_layer_file_another_process_removed_is_published_again():
    at = run()
    [name] = re.findall(r'fetch\("/app/static/data/(facilities-[0-9a-f]{16}\.json)"\)', map_args(at)["script"])
    (STATIC_DIR / "data" / name).unlink()  # as a server of other data would (publish_layer keeps one version)
    at.run()
    assert not at.exception
    assert (STATIC_DIR / "data" / name).is_file()


def test_returned_facilities_are_shown_in_grey_when_switched_on():
    off = run()
    assert off.toggle(key="f_returned").value is False
    on = run(returned=["show"])
    assert "JP-yugi" in facility_ids_on_map(on) - facility_ids_on_map(off)  # Yugi, returned 2016
    assert on.metric[0].value == off.metric[0].value  # returned ones never count as current
    assert folium_element(on).proto.id == folium_element(off).proto.id


def plain(markdown: str) -> str:
    """Text as read on the page: markdown_text's escapes removed."""
    return markdown.replace("\\", "").replace("\u2060", "")


def test_a_facility_link_opens_that_facility_on_the_map():
    """The facility chosen (by the search, a table row in the browser, or a link) opens on the map."""
    at = run()
    map_id = folium_element(at).proto.id
    assert "openFacility" not in map_args(at)["feature_group"]
    for value in ("FAC6009", "Camp Schwab", "キャンプ・シュワブ", "6009"):
        at = run(facility=[value])
        assert not at.exception
        assert 'window.atlas.openFacility("FAC6009")' in map_args(at)["feature_group"], value
        assert folium_element(at).proto.id == map_id
        assert at.query_params["facility"] in ("FAC6009", ["FAC6009"])  # written back as its id
        assert not at.warning
        assert any("Camp Schwab (FAC6009) is shown on the map" in plain(c.value) for c in at.caption)


def test_a_facility_without_location_says_so_and_shows_its_record():
    facilities = load_layer("facilities").frame
    unlocated = facilities[~located(facilities) & (facilities["status"] != "returned")].iloc[0]
    at = run(facility=[unlocated["id"]])
    assert not at.exception
    assert "openFacility" not in map_args(at)["feature_group"]
    [notice] = [plain(box.value) for box in at.info if "has no published location" in plain(box.value)]
    assert unlocated["id"] in notice
    record = at.dataframe[0].value
    assert list(record["ID"]) == [unlocated["id"]]


def test_a_facility_the_filters_hide_is_named_with_its_record():
    at = run(facility=["FAC6009"], prefecture=["Kanagawa"])
    assert not at.exception
    assert "openFacility" not in map_args(at)["feature_group"]
    assert any("is not among the facilities the filters show" in plain(box.value) for box in at.info)
    assert list(at.dataframe[0].value["ID"]) == ["FAC6009"]


def test_an_unknown_facility_in_the_link_is_ignored_with_the_notice():
    at = run(facility=["Atlantis"], prefecture=["Okinawa"])
    assert not at.exception
    [warning] = at.warning
    assert "facility “Atlantis”" in plain(warning.value)
    assert "openFacility" not in map_args(at)["feature_group"]
    assert at.multiselect(key="f_prefecture").value == ["47"]


def test_the_search_opens_a_facility_named_in_japanese_and_lists_several_matches():
    at = run()
    at.text_input(key="facility_search").input("キャンプ・シュワブ").run()
    assert not at.exception
    assert 'window.atlas.openFacility("FAC6009")' in map_args(at)["feature_group"]
    assert at.query_params["facility"] in ("FAC6009", ["FAC6009"])
    at.text_input(key="facility_search").input("シュワブ").run()  # only one facility: shown at once
    assert at.query_params["facility"] in ("FAC6009", ["FAC6009"])
    at.text_input(key="facility_search").input("Kadena").run()  # several: one button each
    labels = [b.label for b in at.button if b.key and b.key.startswith("search_result_")]
    assert labels and "Kadena Air Base" in labels[0] and "FAC6037" in labels[0]
    at.button(key="search_result_FAC6037").click().run()
    assert 'window.atlas.openFacility("FAC6037")' in map_args(at)["feature_group"]
    assert at.query_params["facility"] in ("FAC6037", ["FAC6037"])
    at.text_input(key="facility_search").input("Atlantis").run()
    assert any("No facility matches" in plain(c.value) for c in at.caption)


def test_a_filter_change_leaves_the_chosen_facility_and_frames_the_filter():
    at = run(facility=["FAC6009"])
    at.multiselect(key="f_prefecture").set_value(["47"]).run()
    assert not at.exception
    assert "facility" not in at.query_params
    assert "openFacility" not in map_args(at)["feature_group"]
    args = map_args(at)
    assert args["zoom"] >= 9  # Okinawa Island, not all of East Asia
    assert any(
        "lie outside this frame" in plain(c.value) and "Oki Daito Jima Range" in plain(c.value) for c in at.caption
    )


def test_table_sends_only_its_columns():
    [frame] = [d.value for d in run().dataframe]
    assert "geometry" not in frame.columns
    assert len(frame.columns) == 12


def test_map_view_shades_prefectures_with_a_legend_and_keeps_the_map_mounted():
    at = run()
    map_id = folium_element(at).proto.id
    at.selectbox(key="f_view").set_value("shade-count").run()
    assert not at.exception
    assert "prefecture_shading" in map_args(at)["feature_group"]
    assert folium_element(at).proto.id == map_id
    assert at.query_params["view"] in ("shade-count", ["shade-count"])
    assert any("thematic-legend" in m.value for m in at.markdown)


def test_landing_page_headlines_personnel_and_host_nation_support_with_dates():
    labels = [m.label for m in run().metric]
    assert any(label.startswith("Personnel, all Japan (") for label in labels)
    assert any(label.startswith("HNS budget, FY") for label in labels)


def metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    """label -> (value, delta) of every metric on the page (labels unescaped)."""
    return {m.label.replace("\\", ""): (m.value, m.proto.delta) for m in at.metric}


def test_landing_page_shows_exclusive_and_temporary_use_apart_with_the_mod_figure_beside():
    at = run()
    assert not at.exception
    shown = metrics(at)
    headline = summary.headline(load_layer("facilities").frame)
    value, delta = shown["Exclusive-use area"]
    assert value == f"{headline.exclusive.km2:,.1f} km²"
    assert delta == f"{headline.exclusive.with_area} of {headline.exclusive.facilities} have an area"
    value, delta = shown["Temporary-use area"]
    assert value == f"{headline.temporary.km2:,.1f} km²"
    assert delta == f"{headline.temporary.with_area} of {headline.temporary.facilities} have an area"
    official = latest_exclusive_total(load_totals())
    assert shown[f"MOD exclusive-use figure ({official.as_of})"] == (f"{official.area_km2:,.2f} km²", "78 facilities")
    assert "Okinawa's share" in shown
    assert not any(label.startswith("Total area") for label in shown)  # no sum across definitions
    assert any(label.startswith("Personnel, all Japan (") for label in shown)


def test_okinawa_view_has_no_share_of_itself_and_labels_national_figures():
    shown = metrics(run(prefecture=["47"]))
    assert "Okinawa's share" not in shown
    assert not any(label.startswith("MOD exclusive-use figure") for label in shown)  # not this view's scope
    assert any(label.startswith("Personnel, all Japan, not filtered (") for label in shown)
    assert any(label.startswith("HNS budget, FY") and label.endswith("all Japan, not filtered") for label in shown)


def unescaped(text: str) -> str:
    return text.replace("\\", "").replace("\u2060", "")


def rendered_text(at: AppTest) -> list[str]:
    """Every text a user reads outside the tables: Markdown, captions, headers, alerts, metric
    labels and help, expander labels, widget labels and options, chart legends and tooltips."""
    texts = [
        el.value for kind in ("markdown", "caption", "title", "header", "subheader", "info") for el in at.get(kind)
    ]
    texts += [text for m in at.metric for text in (m.label, m.value, m.proto.help)]
    texts += [e.label for e in at.expander]
    texts += [text for box in at.selectbox for text in (box.label, *box.options)]
    texts += [chart.proto.spec for chart in at.get("vega_lite_chart")]
    return [unescaped(text) for text in texts]


def chart_data_tables(at: AppTest) -> list:
    return [e for e in at.expander if e.label == DATA_LABEL and len(e.get("dataframe")) == 1]


def test_personnel_page_charts_with_summaries_data_tables_and_csv():
    at = run("pages/1_Personnel.py")
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) == 4  # Japan, by service, Okinawa, Okinawa by service
    assert len(chart_data_tables(at)) == len(charts)
    personnel, series = load_table("personnel").frame, load_table("personnel_series").frame
    totals = personnel_totals(personnel, series, "Japan")
    main = totals[totals["series"] == main_series(personnel, series, "Japan")]
    text = rendered_text(at)
    assert personnel_summary(main) in text  # the chart's one-line summary, from the data
    assert any("December 2015" in t and "jumps away" in t for t in text)
    assert any(t.startswith("Where another published figure differs") for t in text)
    latest = latest_personnel(personnel, series)
    assert at.metric[0].label == f"Latest report ({month_year(latest.as_of)})"
    assert at.metric[0].value == f"{latest.value:,.0f}"
    assert any("2011" in i.value for i in at.info)  # Okinawa counts stopped after 2011
    assert [b.key for b in at.download_button] == ["download_personnel", "download_personnel_series"]


def test_no_series_code_is_shown_on_the_personnel_page():
    at = run("pages/1_Personnel.py")
    codes = set(load_table("personnel_series").frame["series"])
    pattern = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, codes)) + r")(?![\w/.-])")
    for text in rendered_text(at):
        assert not pattern.search(text), pattern.search(text)
    for frame in at.dataframe:
        if "series" in frame.value:
            assert not set(frame.value["series"]) & codes
    personnel, series = load_table("personnel").frame, load_table("personnel_series").frame
    assert at.selectbox(key="personnel_series").options[0] == series_label(personnel, series, "dmdc_reports")


def test_host_nation_support_page_switches_currency():
    at = run("pages/2_Host-nation_support.py")
    assert not at.exception
    charts = len(at.get("vega_lite_chart"))
    assert charts == 3
    assert len(chart_data_tables(at)) == charts
    text = rendered_text(at)
    hns = load_table("host_nation_support").frame
    totals = with_amount(hns_totals(hns), None, "JPY")
    gaps = missing_years(totals, through=int(hns["fiscal_year"].max()))
    assert hns_summary(totals, gaps) in text
    assert any(f"No published total was found for FY{year_ranges(gaps)}:" in t for t in text)
    assert any(t.startswith("A full breakdown by category is published for FY") for t in text)
    jpy = at.dataframe[0].value.set_index("fiscal_year")["amount"]
    at.radio(key="hns_currency").set_value("USD").run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == charts
    usd = at.dataframe[0].value.set_index("fiscal_year")["amount"]
    rates = load_table("exchange_rates").frame.set_index("year")["jpy_per_usd"]
    assert usd[2015] == pytest.approx(jpy[2015] * 100 / rates[2015], abs=0.1)  # million USD from 億円
    assert any(t.startswith("Host-nation support was") and "million USD" in t for t in rendered_text(at))
    assert {b.key for b in at.download_button} >= {"download_host_nation_support", "download_sma_periods"}


def test_url_filters_and_bad_values():
    at = run(prefecture=["47"])
    assert at.multiselect(key="f_prefecture").value == ["47"]
    at_bad = run(prefecture=["Okinawa,Atlantis"], colour=["red"])
    assert not at_bad.exception
    [warning] = at_bad.warning
    assert warning.value.replace("\\", "").replace("\u2060", "") == (
        "2 unknown values in the link ignored: prefecture “Atlantis”, parameter “colour”."
    )
    assert facility_ids_on_map(at_bad) == facility_ids_on_map(at)


def in_municipality(name: str):
    """The facilities still provided whose stated municipalities include `name` (read from the data here)."""
    facilities = load_layer("facilities").frame
    current = facilities[(facilities["status"] != "returned") & facilities["part_of"].isna()]
    return current[current["municipalities_ja"].map(lambda names: name in names)]


@pytest.mark.parametrize("value", ["名護市", "Nago", "47209"])
def test_a_link_opens_all_facilities_in_a_municipality(value):
    at = run(municipality=[value])
    assert not at.exception
    nago = in_municipality("名護市")
    assert len(nago) >= 3  # Camp Schwab, Henoko Ordnance Ammunition Depot, ...
    assert at.multiselect(key="f_municipality").value == ["47209"]
    assert at.query_params["municipality"] in ("Nago City", ["Nago City"])
    assert metrics(at)["Facilities shown"][0] == str(len(nago))
    assert set(at.dataframe[0].value["ID"]) == set(nago["id"])
    assert facility_ids_on_map(at) == set(nago.loc[located(nago), "id"])
    described = markdown_text("municipality: Nago City; returned facilities hidden")  # data names escaped
    assert f"Filter: {described}." in [c.value for c in at.caption]
    assert not at.warning


def test_municipality_options_follow_the_prefecture_and_a_dropped_one_is_let_go():
    at = run()
    everywhere = at.multiselect(key="f_municipality").options
    at.multiselect(key="f_prefecture").set_value(["47"]).run()
    okinawa = at.multiselect(key="f_municipality").options
    assert okinawa and set(okinawa) < set(everywhere)
    assert all(", Okinawa (" in option for option in okinawa)
    assert "Nago City · 名護市, Okinawa (" + str(len(in_municipality("名護市"))) + ")" in okinawa
    at.multiselect(key="f_municipality").set_value(["47209"]).run()
    nago = in_municipality("名護市")
    assert facility_ids_on_map(at) == set(nago.loc[located(nago), "id"])
    at.multiselect(key="f_prefecture").set_value(["14"]).run()  # Kanagawa: Nago is no longer an option
    assert not at.exception
    assert at.multiselect(key="f_municipality").value == []
    assert "municipality" not in at.query_params
    assert [m.value for m in at.metric if m.label == "Facilities shown"] != ["0"]
    [warning] = at.warning  # said, not dropped silently
    assert unescaped(warning.value) == "Not offered with the other filters chosen, so left out: Nago City."


def test_counted_options_are_counted_again_when_the_facility_file_changes(data_copy):
    """The options that count facilities are computed once per process (shared by sessions), keyed
    on the data files' version: another session after the file is edited sees the new counts."""
    first = run()
    [okinawa] = [o for o in first.multiselect(key="f_prefecture").options if o.startswith("Okinawa (")]
    assert okinawa != "Okinawa (0)"
    first.multiselect(key="f_prefecture").set_value(["47"]).run()
    assert first.multiselect(key="f_municipality").options  # Okinawa's municipalities, counted
    path = LAYERS["facilities"].path
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["properties"]["prefecture_code"] != "47"]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    second = run(prefecture=["47"])
    assert not second.exception
    assert "Okinawa (0)" in second.multiselect(key="f_prefecture").options
    assert second.multiselect(key="f_municipality").options == []


def shown_metric(at: AppTest) -> str:
    [value] = [m.value for m in at.metric if m.label == "Facilities shown"]
    return value


def test_the_app_renders_its_maps_with_templates_compiled_once():
    run()
    assert branca.element.Template is elements._compiled


def test_the_data_files_version_is_read_once_per_run_before_any_file_is_loaded(monkeypatch):
    """Every cached result of a run is keyed on the version read as the run began: a file edited
    during the run can never leave results of the older data under the newer version."""
    reads: list[str] = []
    original_read, original_load = shared._read_data_files_version, shared._cached
    monkeypatch.setattr(shared, "_read_data_files_version", lambda: reads.append("version") or original_read())
    monkeypatch.setattr(shared, "_cached", lambda *args: reads.append("load") or original_load(*args))
    at = run(prefecture=["47"])
    assert not at.exception
    assert reads.count("version") == 1
    assert reads[0] == "version"  # before the first file is loaded


def test_a_rerun_of_the_map_s_fragment_alone_reads_the_data_files_version_as_it_begins(monkeypatch):
    """A filter change reruns the map page's fragment, not the page (no page_setup): the fragment
    reads the version itself then, and only then (a page's run has read it already)."""
    reads: list[str] = []
    monkeypatch.setattr(shared, "_read_data_files_version", lambda: reads.append("version") or ())
    for fragments, expected in (([], 0), (["map_view"], 1)):
        context = SimpleNamespace(fragment_ids_this_run=fragments)
        monkeypatch.setattr(shared, "get_script_run_ctx", lambda context=context: context)
        monkeypatch.setattr(shared.st, "session_state", {})
        reads.clear()
        shared.fragment_setup()
        assert reads == ["version"] * expected


def test_a_filter_s_facilities_table_and_figures_are_computed_once_per_view(monkeypatch):
    """A view seen before (in any session) reuses its facilities, table, figures, frame and download layers."""
    first = run(prefecture=["47"])
    computed = (
        (filters, "apply_filters"),
        (summary, "facility_table"),
        (summary, "headline"),
        (headline, "shows_everything"),
        (downloads, "planned_layers"),
    )
    called: list[str] = []
    for module, name in computed:
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *args, name=name, f=original: called.append(name) or f(*args))
    again = run(prefecture=["47"])
    assert not again.exception
    assert called == []
    assert shown_metric(again) == shown_metric(first)
    assert_frame_equal(again.dataframe[0].value, first.dataframe[0].value)
    assert map_args(again)["center"] == map_args(first)["center"]


def test_a_filter_s_view_is_computed_again_for_another_language_and_edited_data(data_copy):
    english = run(prefecture=["47"])
    assert list(english.dataframe[0].value.columns[:2]) == ["Facility", "名称"]
    japanese = run(prefecture=["47"], lang=["ja"])
    assert list(japanese.dataframe[0].value.columns[:2]) == ["名称", "英語名称"]
    path = LAYERS["facilities"].path
    doc = json.loads(path.read_text(encoding="utf-8"))
    [dropped] = [f for f in doc["features"] if f["properties"]["name_en"] == "Camp Schwab"]
    doc["features"].remove(dropped)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    edited = run(prefecture=["47"])
    assert int(shown_metric(edited)) == int(shown_metric(english)) - 1
    assert dropped["properties"]["id"] not in set(edited.dataframe[0].value["ID"])
    assert dropped["properties"]["id"] in set(english.dataframe[0].value["ID"])


def test_with_the_returned_layer_on_a_municipality_of_returned_facilities_only_can_be_chosen():
    facilities = load_layer("facilities").frame
    fuchu = facilities[facilities["municipalities_ja"].map(lambda names: "府中市" in names)]
    assert len(fuchu) and (fuchu["status"] == "returned").all()  # Fuchu Communication Station, returned
    assert "13206" not in run().multiselect(key="f_municipality").options
    at = run(returned=["show"], municipality=["13206"])  # the JIS code: Hiroshima has a Fuchu too
    assert not at.exception
    assert not at.warning
    assert at.multiselect(key="f_municipality").value == ["13206"]
    assert set(at.dataframe[0].value["ID"]) == set(fuchu["id"])
    at.toggle(key="f_returned").set_value(False).run()  # the layer off: Fuchu is let go, and said so
    assert at.multiselect(key="f_municipality").value == []
    [warning] = at.warning
    left_out = "Fuchu City · 府中市, Tokyo"  # its label: the link text of one of two Fuchu Cities is its code
    assert unescaped(warning.value) == f"Not offered with the other filters chosen, so left out: {left_out}."


def test_a_municipality_of_another_prefecture_in_the_link_is_said_to_be_left_out():
    at = run(prefecture=["Hokkaido"], municipality=["名護市"])
    assert not at.exception
    assert at.multiselect(key="f_municipality").value == []
    assert [unescaped(w.value) for w in at.warning] == [
        "Not offered with the other filters chosen, so left out: Nago City."
    ]


def test_an_unknown_municipality_in_the_link_gives_the_notice_and_the_rest_of_the_view():
    at = run(prefecture=["47"], municipality=["Atlantis"])
    assert not at.exception
    [warning] = at.warning
    assert unescaped(warning.value) == "1 unknown value in the link ignored: municipality “Atlantis”."
    assert facility_ids_on_map(at) == facility_ids_on_map(run(prefecture=["47"]))


def test_broken_layer_shows_an_error_and_the_rest_works(data_copy):
    (data_copy / "geo" / "facilities.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    at = run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The layer U.S. military facilities in Japan could not be loaded from facilities.geojson; "
        "the rest of the atlas still works."
    ]
    assert "facilities.geojson: no features: the layer is empty" in at.code[0].value
    assert map_args(at)["script"]  # the map is still there
    flashpoints = run("pages/3_Flashpoints.py")
    assert not flashpoints.exception
    assert flashpoints.subheader[0].value.startswith("Senkaku")


def test_a_bad_record_is_set_aside_with_one_warning_and_the_others_shown(data_copy):
    path = data_copy / "geo" / "facilities.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][1]["properties"]["name_en"] = "**bold** [link](http://example.invalid)\u0000"
    kept = {f["properties"]["id"] for f in doc["features"][:1] + doc["features"][2:] if f["geometry"]}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    at = run(returned=["show"])
    assert not at.exception
    assert [w.value for w in at.warning] == ["1 record set aside in facilities.geojson: the other records are shown."]
    bad_id = doc["features"][1]["properties"]["id"]
    assert f"facilities.geojson, feature {bad_id}, field 'name_en': contains the control character U+0000" in (
        at.code[0].value
    )
    assert facility_ids_on_map(at) == kept


@pytest.mark.parametrize("page", PAGES)
def test_every_page_loads(page):
    at = run(page)
    assert not at.exception
    assert at.title


def test_about_page_lists_sources_and_licenses():
    at = run("pages/5_About_the_data.py")
    text = " ".join(m.value for m in at.markdown)
    for needle in ("Japan Meteorological Agency", "Natural Earth", "License", "地理院タイル", "OpenStreetMap"):
        assert needle in text
    assert "data/tables/personnel.csv" in text
    assert "Regional flashpoints" in [s.value for s in at.subheader]
    reconciliation = at.dataframe[0].value
    assert set(reconciliation["Scope"]) >= {"Japan", "Okinawa"}
    assert not reconciliation["Result"].str.startswith("MISMATCH").any()
    counts = footprint_counts(load_layer("footprints").frame)
    assert counts.footprints > 40
    assert (
        f"{counts.footprints} facility footprints, {counts.partial} of them partial (less than half the published "
        f"area), from {counts.candidates} OpenStreetMap candidates considered: {counts.rejected} rejected and "
        f"{counts.doubtful} left doubtful"
    ) in text.replace("\\", "")
    assert "Facility footprints (OpenStreetMap)" in [s.value for s in at.subheader]
    assert "© OpenStreetMap contributors, ODbL" in text
    completeness = at.dataframe[1].value.set_index("Field")
    assert completeness.loc["Facilities", "All"] >= 120
    assert completeness.loc["Point on the map", "All"] < completeness.loc["Facilities", "All"]


def test_flashpoints_page_lists_nearest_facilities_rings_and_events():
    at = run("pages/3_Flashpoints.py")
    assert not at.exception
    assert at.selectbox(key="fp_choice").value == "FP-senkaku-islands"
    nearest = at.dataframe[0].value
    assert list(nearest.columns) == ["Distance (km)", "Distance (nmi)", "Facility", "Prefecture", "Service"]
    assert nearest["Distance (km)"].is_monotonic_increasing
    assert map_args(at)["feature_group"].count('"range-ring"') == 3
    assert map_args(at)["feature_group"].count("range-ring-label\\") == 3
    first, last = event_years(load_layer("flashpoints").frame)
    assert at.slider(key="fp_years").value == (1953, last)  # where the events become dense
    assert at.slider(key="fp_years").min == first  # the earliest still reachable
    framed = map_args(at)["zoom"]
    at.text_input[0].set_value("250, abc").run()
    assert map_args(at)["feature_group"].count('"range-ring"') == 1
    assert map_args(at)["zoom"] > framed  # the map frames the smaller ring
    assert markdown_text("Ignored ring radius 'abc': not a number.") in [w.value for w in at.warning]
    at.selectbox(key="fp_choice").set_value("FP-taiwan-strait-median-line").run()
    assert at.subheader[0].value.startswith("Taiwan Strait")
    distances = at.dataframe[1].value  # from the chosen facility (Kadena by default) to every flashpoint
    assert len(distances) >= 15
    assert distances["Distance (km)"].is_monotonic_increasing
    at.slider(key="fp_years").set_value((2020, 2025)).run()
    events = at.dataframe[2].value
    assert events["Date"].str[:4].astype(int).between(2020, 2025).all()


def test_flashpoint_distances_are_from_the_facility_outlines():
    at = run("pages/3_Flashpoints.py")
    assert not at.exception
    facilities, flashpoints = load_layer("facilities").frame, load_layer("flashpoints").frame
    footprints = load_layer("footprints").frame
    senkaku = flashpoints.set_index("id").loc["FP-senkaku-islands"]
    expected = nearest_facilities(senkaku, facilities, footprints=footprints)
    by_point = nearest_facilities(senkaku, facilities)
    assert not expected["Distance (km)"].equals(by_point["Distance (km)"])  # the outlines change the answer
    shown = at.dataframe[0].value
    assert list(shown["Facility"]) == list(expected["Facility"])
    assert shown["Distance (km)"].to_numpy() == pytest.approx(expected["Distance (km)"].to_numpy())
    kadena = facilities.set_index("id").loc["FAC6037"]  # the default facility
    from_kadena = distances_from_facility(kadena, flashpoints, footprints)
    assert at.dataframe[1].value["Distance (km)"].to_numpy() == pytest.approx(from_kadena["Distance (km)"].to_numpy())
    assert any("outline where one is known" in c.value for c in at.caption)


def test_flashpoint_choices_survive_a_visit_to_another_page():
    at = run()
    at.switch_page("pages/3_Flashpoints.py").run()
    at.selectbox(key="fp_choice").set_value("FP-taiwan-strait-median-line").run()
    at.text_input(key="fp_radii").set_value("800").run()
    at.switch_page("pages/4_Downloads.py").run()
    assert any(b.key == "dl_usfj-range-rings_geojson" for b in at.download_button)
    at.switch_page("pages/3_Flashpoints.py").run()
    assert not at.exception
    assert at.selectbox(key="fp_choice").value == "FP-taiwan-strait-median-line"
    assert at.text_input(key="fp_radii").value == "800"


def test_no_page_changes_the_shared_loaded_data():
    """Loaded files are one shared copy for every rerun and session (shared._load, st.cache_resource,
    never copied): after every page and several views, each is still equal to a fresh load."""
    for path, query in [("app.py", {}), ("app.py", {"prefecture": "Okinawa", "returned": "show"}),
                        ("app.py", {"view": "shade-area"}), ("app.py", {"view": "symbols-personnel"}),
                        *((page, {}) for page in PAGES)]:  # fmt: skip
        assert not run(path, **query).exception
    for name, entry in LAYERS.items():
        shared = _load("layer", name, str(entry.path), *_file_version(entry.path)).frame
        assert_frame_equal(shared, load_layer(name).frame)
    for name, entry in TABLES.items():
        shared = _load("table", name, str(entry.path), *_file_version(entry.path)).frame
        assert_frame_equal(shared, load_table(name).frame)
