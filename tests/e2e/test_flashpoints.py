"""The Flashpoints page in headless Chromium, offline: shapes, rings, and a ring radius change."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.test_browser import wait_idle
from tests.support.serve import MAP_FRAME


def test_flashpoints_page_draws_flashpoints_rings_and_distances_offline(page, app_url):
    page.goto(f"{app_url}/Flashpoints")
    wait_idle(page)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.flashpoint-shape").nth(14)).to_be_attached(timeout=60_000)
    expect(frame.locator("path.range-ring")).to_have_count(3)
    expect(frame.locator("path.impact-shape").first).to_be_attached()
    expect(page.get_by_text("Nearest U.S. facilities to Senkaku Islands")).to_be_visible()

    box = page.get_by_label("Range rings (km, comma-separated)")
    box.fill("250, 2000")
    box.press("Enter")
    wait_idle(page)
    expect(frame.locator("path.range-ring")).to_have_count(2, timeout=30_000)
    assert page.problems == []


def test_landing_map_can_switch_the_flashpoints_on(page, app_url):
    page.goto(app_url)
    wait_idle(page)
    frame = page.frame_locator(MAP_FRAME)
    page.wait_for_selector(MAP_FRAME).content_frame().wait_for_function(
        "window.atlas && window.atlas.facilitiesLoaded === true", timeout=60_000
    )
    expect(frame.locator("path.flashpoint-shape")).to_have_count(0)  # off by default
    frame.locator(".leaflet-control-layers").hover()
    frame.locator(".leaflet-control-layers-overlays label", has_text="Flashpoints").locator("input").check()
    expect(frame.locator("path.flashpoint-shape").nth(9)).to_be_attached(timeout=30_000)
    assert page.problems == []
