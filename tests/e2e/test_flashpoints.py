"""The Flashpoints page in headless Chromium, offline: shapes, rings, and a ring radius change."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.test_browser import wait_idle
from tests.support.serve import MAP_FRAME


def test_flashpoints_page_draws_flashpoints_rings_and_distances_offline(page, app_url):
    page.goto(f"{app_url}/Flashpoints")
    wait_idle(page)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".flashpoint-marker").nth(17)).to_be_attached(timeout=60_000)  # one symbol each, at least
    expect(frame.locator("path.flashpoint-shape").first).to_be_attached()  # lines and areas
    expect(frame.locator("path.range-ring")).to_have_count(3)
    expect(frame.locator(".range-ring-label")).to_have_text(["1,500 km", "1,000 km", "500 km"])
    expect(frame.locator("path.impact-shape").first).to_be_attached()
    expect(frame.locator(".fp-legend")).to_contain_text("Territorial dispute")
    expect(page.get_by_text("Nearest U.S. facilities to Senkaku Islands")).to_be_visible()
    # the largest ring's label is inside the map: the map frames the rings
    label = frame.locator(".range-ring-label").first.bounding_box()
    container = frame.locator(".leaflet-container").bounding_box()
    assert container["y"] <= label["y"]
    assert label["y"] + label["height"] <= container["y"] + container["height"]
    # the credits wrap in this narrow map instead of covering the scale beside them
    credits = frame.locator(".leaflet-control-attribution").bounding_box()
    scale = frame.locator(".leaflet-control-scale").bounding_box()
    assert scale["x"] + scale["width"] <= credits["x"] or credits["y"] + credits["height"] <= scale["y"]

    box = page.get_by_label("Range rings (km, comma-separated)")
    box.fill("250, 2000")
    box.press("Enter")
    wait_idle(page)
    expect(frame.locator("path.range-ring")).to_have_count(2, timeout=30_000)
    assert page.problems == []


def test_flashpoint_legend_is_collapsed_on_a_phone(page, app_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_url}/Flashpoints")
    wait_idle(page)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".fp-legend summary")).to_be_visible(timeout=60_000)
    expect(frame.locator(".fp-legend details")).not_to_have_attribute("open", "")
    expect(frame.locator(".fp-legend-label", has_text="Island group")).not_to_be_visible()
    frame.locator(".fp-legend summary").click()
    expect(frame.locator(".fp-legend-label", has_text="Island group")).to_be_visible()
    assert page.problems == []


def test_landing_map_can_switch_the_flashpoints_on(page, app_url):
    """Off by default, and not fetched until switched on (the page load does not wait for it)."""
    fetched = []
    page.on("request", lambda request: "flashpoints.geojson" in request.url and fetched.append(request.url))
    page.goto(app_url)
    wait_idle(page)
    frame = page.frame_locator(MAP_FRAME)
    page.wait_for_selector(MAP_FRAME).content_frame().wait_for_function(
        "window.atlas && window.atlas.facilitiesLoaded === true", timeout=60_000
    )
    expect(frame.locator(".flashpoint-marker")).to_have_count(0)  # off by default
    assert fetched == []
    frame.locator(".leaflet-control-layers").hover()
    frame.locator(".leaflet-control-layers-overlays label", has_text="Flashpoints").locator("input").check()
    expect(frame.locator(".flashpoint-marker").nth(17)).to_be_attached(timeout=30_000)  # lines' centres too
    expect(frame.locator(".flashpoint-marker svg polygon").first).to_be_attached()
    expect(frame.locator("path.flashpoint-shape").first).to_be_attached()
    assert len(fetched) == 1
    assert page.problems == []
