"""axe-core (WCAG 2.1 A/AA) on every page and inside the map frame, in headless Chromium with no outside
network: any violation not in tests/e2e/axe_allowlist.json fails, and so does an entry nothing matches."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import ALLOWLIST, describe, load_allowlist, run_axe, triage
from tests.e2e.test_browser import wait_idle
from tests.e2e.test_figures import charts_drawn
from tests.support.serve import MAP_FRAME

MAP_TITLE = "streamlit_folium.st_folium"


def markers_drawn(page) -> None:
    """The landing map's canvas layer has its data (its clusters are the DOM part axe sees)."""
    frame = page.wait_for_selector(MAP_FRAME, timeout=60_000).content_frame()
    frame.wait_for_function("window.atlas && window.atlas.facilitiesLoaded === true", timeout=60_000)
    expect(page.frame_locator(MAP_FRAME).locator(".marker-cluster").first).to_be_attached(timeout=60_000)


def flashpoints_drawn(page) -> None:
    expect(page.frame_locator(MAP_FRAME).locator(".facility-marker").first).to_be_attached(timeout=60_000)
    expect(page.frame_locator(MAP_FRAME).locator("path.flashpoint-shape").first).to_be_attached(timeout=60_000)


# Page name (as in the menu) -> (URL path, wait until it is fully drawn).
PAGES = {
    "Map": ("", markers_drawn),
    "Personnel": ("Personnel", lambda page: charts_drawn(page, 3)),
    "Host-nation support": ("Host-nation_support", lambda page: charts_drawn(page, 3)),
    "Flashpoints": ("Flashpoints", flashpoints_drawn),
    "Downloads": ("Downloads", lambda page: None),
    "About the data": ("About_the_data", lambda page: None),
}
WITH_MAP = {"Map", "Flashpoints"}


def frame_name(frame) -> str:
    title = frame.frame_element().get_attribute("title") or frame.url
    return "map frame" if title == MAP_TITLE else title


def assert_no_new_violations(page, name: str) -> None:
    """axe-core in the page and in each of its frames; fails on what the allow-list does not explain."""
    results = {name: run_axe(page.main_frame)}
    results |= {f"{name} / {frame_name(f)}": run_axe(f) for f in page.main_frame.child_frames}
    assert (f"{name} / map frame" in results) == (name in WITH_MAP), sorted(results)
    allowed = load_allowlist()
    new, stale = [], []
    for scope, violations in results.items():
        scope_new, scope_stale = triage(violations, scope, allowed)
        new += scope_new
        stale += scope_stale
    assert not new and not stale, f"axe-core, WCAG 2.1 A/AA, allow-list {ALLOWLIST}:\n" + describe(new, stale)


@pytest.mark.parametrize("name", PAGES)
def test_page_and_its_frames_have_no_new_wcag_violations(page, app_url, name):
    path, drawn = PAGES[name]
    page.goto(f"{app_url}/{path}")
    wait_idle(page)
    drawn(page)
    assert_no_new_violations(page, name)
    assert page.problems == []


def test_map_with_a_popup_open_and_the_layer_control_expanded_has_no_new_wcag_violations(page, app_url):
    page.goto(app_url)
    wait_idle(page)
    markers_drawn(page)
    frame = page.frame_locator(MAP_FRAME)
    # canvas markers have no DOM: open one the way the table and search do
    assert page.wait_for_selector(MAP_FRAME).content_frame().evaluate("() => atlas.openFacility('FAC6037')")
    expect(frame.locator(".leaflet-popup-content")).to_be_visible()
    frame.locator(".leaflet-control-layers").hover()
    expect(frame.locator(".leaflet-control-layers-overlays")).to_be_visible()
    assert_no_new_violations(page, "Map")
    assert page.problems == []


def test_axe_reports_what_the_allowlist_does_not_explain(page):
    """The check can fail: a bare image and an empty button are found; an entry covers only the nodes it matches."""
    page.set_content('<html lang="en"><body><main><img width="9" height="9"><button></button></main></body></html>')
    found = run_axe(page.main_frame)
    assert {"image-alt", "button-name"} <= {v["rule"] for v in found}
    allowed = [
        {"rule": "image-alt", "where": ["Test"], "html": "^<img ", "reason": "a test"},
        {"rule": "image-alt", "where": ["Test"], "html": "^<video", "reason": "matches nothing"},
        {"rule": "button-name", "where": ["Elsewhere"], "html": ".", "reason": "another scope"},
    ]
    new, stale = triage(found, "Test", allowed)
    assert {v["rule"] for v in new} == {v["rule"] for v in found} - {"image-alt"}
    assert [e["html"] for e in stale] == ["^<video"]
    message = describe(new, stale)
    assert "NEW Test: button-name (critical, 1 nodes)" in message and "dequeuniversity.com" in message
    assert "FIXED? Test: image-alt /^<video/" in message


def test_allowlist_names_only_scopes_that_are_checked():
    """An entry for a misspelt page or frame would never be matched, nor reported as stale."""
    scopes = set(PAGES) | {f"{name} / map frame" for name in WITH_MAP}
    assert {where for entry in load_allowlist() for where in entry["where"]} <= scopes
