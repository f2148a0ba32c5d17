"""Personnel and host-nation-support charts draw offline in Chromium; their CSV downloads parse;
the main map's prefecture shading draws."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from basemap.charts import HEIGHT as PLOT_HEIGHT
from basemap.tables import load_table
from tests.e2e.test_browser import wait_idle
from tests.support.serve import MAP_FRAME


def charts_drawn(page, at_least: int) -> None:
    """Vega-Lite draws each chart into a canvas (or SVG) inside Streamlit's chart element."""
    marks = page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg.marks")
    expect(marks.nth(at_least - 1)).to_be_visible(timeout=60_000)


def download_csv(page, key: str) -> list[dict]:
    with page.expect_download(timeout=60_000) as info:
        page.locator(f".st-key-{key}").get_by_role("button").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    assert info.value.suggested_filename.endswith(".csv")
    return rows


def test_personnel_charts_draw_offline_and_the_csv_parses(page, app_url):
    page.goto(f"{app_url}/Personnel")
    wait_idle(page)
    charts_drawn(page, 3)
    rows = download_csv(page, "download_personnel")
    assert len(rows) == len(load_table("personnel").frame)
    assert {"year", "personnel", "series", "definition", "source", "meta_license"} <= set(rows[0])
    assert page.problems == []


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 720)])
def test_charts_use_the_width_with_the_legend_below_on_phones_and_laptops(page, app_url, width, height):
    """The plot keeps the container's width (the legend goes below it, not beside it)."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/Personnel")
    wait_idle(page)
    charts_drawn(page, 1)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    drawn = chart.locator("canvas, svg.marks").first
    container, box = chart.bounding_box(), drawn.bounding_box()
    assert box["width"] >= container["width"] - 2
    assert box["width"] >= min(width - 60, 700)
    assert box["height"] >= PLOT_HEIGHT + 150  # the series legend sits under the plot
    assert page.problems == []


def test_host_nation_support_charts_switch_to_usd_and_the_csv_parses(page, app_url):
    page.goto(f"{app_url}/Host-nation_support")
    wait_idle(page)
    charts_drawn(page, 3)
    page.get_by_text("USD", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("USD at the calendar-year average rate", exact=False)).to_be_visible()
    charts_drawn(page, 3)
    rows = download_csv(page, "download_host_nation_support")
    assert len(rows) == len(load_table("host_nation_support").frame)
    assert any("当初予算" in r["budget_basis"] for r in rows)  # Japanese text survives the CSV
    assert page.problems == []


def test_main_map_shades_prefectures_by_facility_count(page, app_url):
    page.goto(f"{app_url}/?view=shade-count")
    wait_idle(page)
    frame = page.frame_locator(MAP_FRAME)
    shaded = frame.locator(".leaflet-overlay-pane path[fill='#bd0026']")
    expect(shaded.first).to_be_attached(timeout=60_000)
    expect(page.locator(".thematic-legend")).to_contain_text("Facilities")
    assert page.problems == []
