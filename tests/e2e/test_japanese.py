"""The atlas in Japanese in a real browser: the page and the map declare their language, a link
in Japanese opens filtered, a popup shows the Japanese name first, and switching language keeps
the filters. Screenshots (desktop and phone) go to test-artifacts/ to be looked at: Debian's
fonts-noto-cjk (installed by `make chromium`) draws the Japanese text."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from basemap.load import load_layer
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser import MAP_FRAME, located_ids, map_frame, open_map, wait_for_ids, wait_idle

SCHWAB = "FAC6009"  # Camp Schwab, キャンプ・シュワブ


def test_a_japanese_link_opens_okinawa_in_japanese_with_the_japanese_name_first(page, app_url):
    open_map(page, f"{app_url}/?lang=ja&prefecture={quote('沖縄県')}")
    wait_for_ids(page, located_ids("47"))
    assert page.evaluate("() => document.documentElement.lang") == "ja"
    assert page.locator("h1").first.inner_text() == "在日米軍施設・区域"
    assert "日米同盟アトラス" in page.title()
    frame = map_frame(page)
    assert frame.evaluate("() => document.documentElement.lang") == "ja"
    facilities = load_layer("facilities").frame.set_index("id")
    schwab = facilities.loc[SCHWAB]
    frame.evaluate(f"() => window.atlas.openFacility({SCHWAB!r})")
    popup = frame.locator(f'.facility-popup[data-facility-id="{SCHWAB}"]')
    popup.wait_for(timeout=30_000)
    assert popup.locator("b").first.inner_text() == schwab["name_ja"]  # the Japanese name first
    assert "米海兵隊" in popup.inner_text()
    assert popup.get_attribute("lang") == "ja"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "japanese-okinawa-popup-1400.png"))
    assert page.problems == []


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (390, 844)])
def test_japanese_pages_screenshots(browser, app_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for path, name, drawn in (
            ("", "map", MAP_FRAME),
            ("Personnel", "personnel", ".vega-embed canvas, .vega-embed svg"),
            ("Flashpoints", "flashpoints", MAP_FRAME),
        ):
            page.goto(f"{app_url}/{path}?lang=ja")
            wait_idle(page)
            page.wait_for_selector(drawn, timeout=60_000)  # the map or the chart is there
            page.evaluate("() => document.fonts.ready.then(() => true)")  # the CJK font has loaded
            assert page.evaluate("() => document.documentElement.lang") == "ja"
            page.screenshot(path=str(ARTIFACTS / f"japanese-{name}-{width}x{height}.png"))
    finally:
        context.close()


def test_switching_language_keeps_the_filters(page, app_url):
    open_map(page, f"{app_url}/?prefecture=Okinawa&lang=en")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    page.get_by_text("日本語", exact=True).click()
    page.wait_for_function("() => document.documentElement.lang === 'ja'", timeout=30_000)
    wait_idle(page)
    assert page.locator("h1").first.inner_text() == "在日米軍施設・区域"
    assert "prefecture=Okinawa" in page.url and "lang=ja" in page.url
    wait_for_ids(page, located_ids("47"))
    assert page.problems == []
