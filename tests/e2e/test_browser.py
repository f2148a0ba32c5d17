"""The atlas as a person uses it, in headless Chromium with every outside host blocked."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from playwright.sync_api import expect

from basemap.filters import not_returned
from basemap.load import load_layer
from tests.e2e.leaflet import ATLAS_MAP, set_view
from tests.support.serve import IDLE, MAP_FRAME, AppServer
from tests.support.synthetic import write_synthetic_data


def wait_idle(page, timeout: float = 60_000) -> None:
    page.wait_for_selector(IDLE, timeout=timeout)


def map_frame(page):
    """The map iframe's document (the facility layer's window.atlas lives there)."""
    return page.wait_for_selector(MAP_FRAME, timeout=60_000).content_frame()


def marker_ids(page) -> set[str]:
    """The facilities the canvas layer shows now (canvas markers have no DOM to query)."""
    return set(map_frame(page).evaluate("() => window.atlas.facilityIds()"))


def wait_for_ids(page, ids: set[str]) -> None:
    map_frame(page).wait_for_function(
        "ids => window.atlas && window.atlas.facilitiesLoaded"
        " && JSON.stringify(window.atlas.facilityIds().sort()) === JSON.stringify(ids)",
        arg=sorted(ids),
        timeout=30_000,
    )


def located_ids(prefecture: str | None = None) -> set[str]:
    facilities = load_layer("facilities").frame
    keep = facilities.geometry.notna() & not_returned(facilities)
    if prefecture:
        keep &= facilities["prefecture_code"] == prefecture
    return set(facilities.loc[keep, "id"])


def open_map(page, url: str) -> None:
    page.goto(url)
    wait_idle(page)
    map_frame(page).wait_for_function("window.atlas && window.atlas.facilitiesLoaded === true", timeout=60_000)


def test_map_shows_the_facilities_offline(page, app_url):
    open_map(page, app_url)
    assert marker_ids(page) == located_ids()
    frame = page.frame_locator(MAP_FRAME)
    basemap = frame.locator(".leaflet-basemap-pane path")  # offline basemap, fetched from the app itself
    expect(basemap.nth(47 + 10)).to_be_attached()  # 47 prefectures and the region's countries
    expect(frame.locator(".atlas-legend")).to_contain_text("Marine Corps")
    assert page.problems == []


def test_choosing_okinawa_filters_map_and_table_without_remount(page, app_url):
    open_map(page, app_url)
    page.evaluate("document.querySelector('" + MAP_FRAME + "').dataset.mark = 'first'")
    page.get_by_label("Prefecture").click()
    page.keyboard.type("Okinawa")
    page.get_by_role("option", name=re.compile(r"^Okinawa \(\d+\)$")).click()
    page.keyboard.press("Escape")
    wait_idle(page)
    okinawa = located_ids("47")
    wait_for_ids(page, okinawa)
    # the same iframe element is still there: the map was updated in place, not re-mounted
    assert page.evaluate("document.querySelector('" + MAP_FRAME + "').dataset.mark") == "first"
    assert "prefecture=Okinawa" in page.url
    table_text = page.locator('[data-testid="stDataFrame"]').inner_text()
    assert "Kanagawa" not in table_text
    assert page.problems == []


def _message_kinds(payload: bytes | str) -> str:
    """What a WebSocket message from the server holds: its ForwardMsg type, and a new element's type."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = ForwardMsg()
    message.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
    kind = message.WhichOneof("type") or ""
    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        return f"element {message.delta.new_element.WhichOneof('type')}"
    return kind


def test_a_filter_change_reruns_the_map_and_what_it_changes_map_first(page, app_url):
    """The map's part of the page reruns alone (the menu and the language switch are not sent
    again), and the map is its first element: the browser updates it before drawing the rest."""
    received: list[str] = []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda p: received.append(_message_kinds(p))))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_map(page, app_url)
    page.get_by_label("Prefecture").click()
    page.keyboard.type("Okinawa")
    received.clear()
    requested.clear()
    page.keyboard.press("Enter")
    wait_for_ids(page, located_ids("47"))
    wait_idle(page)
    map_frame(page).wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0")
    # the prefecture highlighted takes the outlines the basemap read: the file is not read again
    assert not [url for url in requested if url.endswith(".geojson")], requested
    elements = [kind for kind in received if kind.startswith("element")]
    assert elements[0] == "element component_instance", elements
    assert "element dataframe" in elements and "element multiselect" in elements  # the table and filters follow
    assert "navigation" not in received and "element page_link" not in elements, received


def _choose_okinawa(page) -> None:
    page.get_by_label("Prefecture").click()
    page.keyboard.type("Okinawa")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_idle(page)


def test_a_data_file_edited_since_the_page_loaded_shows_at_the_next_filter_change(browser, tmp_path):
    """A filter change reruns the map's fragment alone, not the page: the fragment reads the data
    files' version as it begins, so the view's table comes from the edited file, not from the
    results kept for the version the page loaded with."""
    data = write_synthetic_data(tmp_path / "data", None)
    server = AppServer(env={"ATLAS_DATA_DIR": str(data), "ATLAS_CACHE_DIR": str(tmp_path / "cache")}).start()
    try:
        page = browser.new_page()
        open_map(page, server.url)
        table = page.locator('[data-testid="stDataFrame"]')
        _choose_okinawa(page)
        page.locator('[data-testid="stSidebar"] [aria-label="Clear all"]').first.click()
        wait_idle(page)
        layer = data / "geo" / "facilities.geojson"
        doc = json.loads(layer.read_text(encoding="utf-8"))
        for feature in doc["features"]:
            if feature["properties"]["prefecture_code"] == "47":
                feature["properties"]["name_en"] += " (edited)"
        layer.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        _choose_okinawa(page)  # a view seen before the edit
        # the edited file is validated first; the new layer file re-mounts the map meanwhile
        expect(table.last).to_contain_text("(edited)", timeout=60_000)
        expect(table).to_have_count(1, timeout=60_000)
        page.close()
    finally:
        server.stop()


def test_url_opens_filtered(page, app_url):
    open_map(page, f"{app_url}/?prefecture=47")
    assert marker_ids(page) == located_ids("47")
    expect(page.get_by_label("Prefecture").locator("..")).to_contain_text("Okinawa")
    assert page.problems == []


def test_hostile_url_values_give_one_plain_text_notice(page, app_url):
    """Markdown in a shared link shows as its characters: no link, image, colour, HTML or math."""
    payloads = ["[log in](https://evil.example)", "![x](http://evil/x.png)", ":red[big]", "<b>x</b>", "$x$"]
    open_map(page, f"{app_url}/?" + urlencode([("service", value) for value in payloads]))
    notice = page.locator('[data-testid="stAlert"] [data-testid="stMarkdownContainer"]')
    expect(notice).to_have_count(1)
    text = notice.inner_text().replace("\u2060", "")  # the invisible word joiners of markdown_text
    assert text == "5 unknown values in the link ignored: " + ", ".join(f"service “{v}”" for v in payloads) + "."
    expect(notice.locator("a, img, span, b, strong, em, code, del, math, .katex")).to_have_count(0)
    assert marker_ids(page) == located_ids()
    assert page.problems == []  # nothing fetched from the image's host


def test_download_beside_the_map_gives_the_filtered_layer(page, app_url, tmp_path):
    open_map(page, f"{app_url}/?prefecture=Okinawa")
    with page.expect_download(timeout=60_000) as info:
        page.locator(".st-key-map_dl_get").get_by_role("button").click()
    assert info.value.suggested_filename.startswith("usfj-facilities_okinawa_")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    collection = json.loads(target.read_text(encoding="utf-8"))
    ids = {f["properties"]["id"] for f in collection["features"] if f["geometry"]}
    assert ids == located_ids("47")
    assert collection["metadata"]["filter"].startswith("prefecture: Okinawa")
    assert page.problems == []


def test_a_deep_link_as_the_servers_first_visit_gets_the_atlas_menu(browser):
    server = AppServer().start()  # fresh: nothing has run app.py yet
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/Flashpoints")
        wait_idle(page)
        expect(page.get_by_role("heading", name="Regional flashpoints")).to_be_visible()
        links = page.locator("[data-testid='stPageLink-NavLink']")
        expect(links).to_have_count(6)
        assert links.all_inner_texts()[0] == "Map"
        page.close()
    finally:
        server.stop()


def test_municipal_names_appear_only_when_zoomed_in(page, app_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_map(page, app_url)  # all of Japan (a prefecture's frame may be close enough for the names)
    frame = page.frame_locator(MAP_FRAME)
    document = map_frame(page)
    assert document.evaluate(f"() => {ATLAS_MAP}.getZoom()") < 9
    assert frame.locator(".municipal-label").count() == 0
    assert not any("municipalities.geojson" in url for url in requested)  # not fetched by the landing view
    set_view(document, (26.45, 127.85), 10)  # Okinawa Island
    expect(frame.locator(".municipal-label", has_text="名護市")).to_be_attached(timeout=30_000)
    expect(frame.locator(".municipal-label", has_text="Kadena Town")).to_be_attached()
    assert sum("municipalities.geojson" in url for url in requested) == 1
    set_view(document, (26.45, 127.85), 8)
    expect(frame.locator(".municipal-label")).to_have_count(0, timeout=30_000)
    assert page.problems == []


def test_the_map_starts_in_the_first_screen_of_a_laptop_and_its_legend_folds_on_a_phone(page, app_url):
    """At 1280x720 at least half the screen's height shows map; at 390x844 the legend starts folded."""
    page.set_viewport_size({"width": 1280, "height": 720})
    open_map(page, app_url)
    top = page.locator(MAP_FRAME).bounding_box()["y"]
    assert top <= 720 / 2, f"the map starts {top:.0f} px down a 720 px screen"
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page, app_url)
    legend = page.frame_locator(MAP_FRAME).locator(".atlas-legend details")
    expect(legend).to_be_attached()
    expect(legend).not_to_have_attribute("open", "")
    assert page.problems == []


def test_facilities_in_view_are_labelled_by_name_close_in_and_not_from_afar(page, app_url):
    open_map(page, f"{app_url}/?prefecture=Okinawa")
    frame = map_frame(page)
    assert frame.evaluate("() => window.atlas.labelTexts()") == []  # Okinawa as a whole: no labels
    set_view(frame, (26.3556, 127.768), 13)
    frame.wait_for_function("() => window.atlas.labelTexts().includes('Kadena Air Base')", timeout=60_000)
    labels = frame.evaluate("() => window.atlas.labelTexts()")
    assert "Camp Schwab" not in labels  # 20 km away: out of view
    assert page.problems == []
