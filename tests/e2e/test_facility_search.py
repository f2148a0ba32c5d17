"""The facility search in the running app, offline: a Japanese name opens the facility's popup, and
the whole path works from the keyboard alone (issue 17: "find Camp Schwab without a mouse")."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser import map_frame, open_map, wait_idle
from tests.support.serve import MAP_FRAME

SCHWAB = '.leaflet-popup-content .facility-popup[data-facility-id="FAC6009"]'
SEARCH = "Find a facility"
# Where the keyboard focus is, in the page and inside the map's frame.
FOCUS_IN_POPUP = "() => !!(document.activeElement && document.activeElement.closest('.leaflet-popup'))"
PAGE_FOCUS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) { return ""; }
    const name = element.getAttribute("aria-label") || element.title || element.innerText || "";
    return element.tagName + ": " + name.slice(0, 120);
}"""

# The popup lies inside the map and clear of the controls in its top corners (zoom, layers).
POPUP_READABLE = """() => {
    const popup = document.querySelector(".leaflet-popup-content-wrapper").getBoundingClientRect();
    const map = document.querySelector(".leaflet-container").getBoundingClientRect();
    const inside = popup.left >= map.left && popup.right <= map.right && popup.top >= map.top
        && popup.bottom <= map.bottom;
    const clear = [...document.querySelectorAll(".leaflet-top .leaflet-control")].every(control => {
        const box = control.getBoundingClientRect();
        return box.bottom <= popup.top || box.top >= popup.bottom || box.right <= popup.left || box.left >= popup.right;
    });
    return inside && clear;
}"""


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def popup_opened_with_focus(page):
    """The map frame once Camp Schwab's popup is open with the keyboard focus inside it."""
    frame = map_frame(page)
    frame.locator(SCHWAB).wait_for(timeout=60_000)
    frame.wait_for_function(FOCUS_IN_POPUP, timeout=30_000)
    assert page.evaluate("() => document.activeElement.title") == "streamlit_folium.st_folium"
    # readable once its pan into view ends: inside the map, clear of its controls, scrolling when long
    frame.wait_for_function(POPUP_READABLE, timeout=30_000)
    return frame


def test_a_search_in_japanese_opens_the_facility_popup(page, app_url):
    open_map(page, app_url)
    box = page.get_by_role("textbox", name=SEARCH)
    box.fill("キャンプ・シュワブ")
    box.press("Enter")
    page.wait_for_url("**facility=FAC6009**", timeout=60_000)
    frame = popup_opened_with_focus(page)
    assert "Camp Schwab" in frame.locator(SCHWAB).inner_text()
    screenshot(page, "search-japanese-opens-popup.png")
    assert page.problems == []


def tab_until(page, wanted: str, exact: bool = False, limit: int = 60) -> int:
    """Press Tab until the focused element's name is (or contains) `wanted`; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        name = page.evaluate(PAGE_FOCUS).partition(": ")[2]
        if name == wanted or (not exact and wanted in name):
            return presses
    raise AssertionError(f"{wanted!r} not reached in {limit} Tab presses")


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)], ids=["laptop", "phone"])
def test_find_camp_schwab_and_open_its_popup_with_the_keyboard_only(page, app_url, size):
    """Tab to the search, type part of the name, Enter, Tab to the match, Enter: the popup opens with
    the focus in it, and Escape closes it. No mouse event at all."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_map(page, app_url)
    tab_until(page, SEARCH, exact=True)
    page.evaluate(f"document.querySelector('{MAP_FRAME}').dataset.mark = 'first'")
    page.keyboard.type("Camp S")  # several camps start so: the matches are listed as buttons
    page.keyboard.press("Enter")
    page.get_by_text("facilities match").wait_for(timeout=60_000)
    wait_idle(page)
    tab_until(page, "Camp Schwab")
    page.keyboard.press("Enter")
    page.wait_for_url("**facility=FAC6009**", timeout=60_000)
    frame = popup_opened_with_focus(page)
    # the same map: updated in place, not mounted again (which would lose the focus and the view)
    assert page.evaluate(f"document.querySelector('{MAP_FRAME}').dataset.mark") == "first"
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    screenshot(page, f"keyboard-finds-camp-schwab-{size[0]}x{size[1]}.png")
    page.keyboard.press("Escape")  # the focus really is in the popup: Escape closes it
    frame.locator(SCHWAB).wait_for(state="detached", timeout=30_000)
    assert page.problems == []
