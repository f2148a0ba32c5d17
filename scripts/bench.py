"""Benchmark the atlas in a real browser: `python -m scripts.bench [--runs N]` (from the repository root).

Reports (medians where repeated):
- server start to healthy, and to the landing map drawn with its facilities (cold);
- a reload of the landing page until the map is drawn again (warm);
- rerun time: a filter change until Streamlit is idle again;
- filter change to the updated map (markers swapped in the iframe), alternating Okinawa / all;
- bytes sent to the browser: WebSocket payload of the landing page (HTML + layers), and the
  local JS/CSS assets of the map.
Needs Debian's Chromium at /usr/bin/chromium. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time

from tests.support.serve import CHROMIUM, CHROMIUM_ARGS, IDLE, MAP_FRAME, AppServer

COUNT_MARKERS = (  # facilities the canvas layer shows (0 until its file has loaded)
    "() => { const f = document.querySelector('" + MAP_FRAME + "');"
    " const atlas = f && f.contentWindow && f.contentWindow.atlas;"
    " return atlas && atlas.facilitiesLoaded ? atlas.facilityIds().length : 0; }"
)


def _wait_markers(page, predicate: str, timeout: float = 60_000) -> None:
    page.wait_for_function(f"() => ({COUNT_MARKERS})() {predicate}", timeout=timeout)


def _choose_okinawa(page) -> None:
    page.get_by_label("Prefecture").click()
    page.keyboard.type("Okinawa")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def _clear_prefectures(page) -> None:
    page.locator('[data-testid="stSidebar"] [aria-label="Clear all"]').first.click()


def run(runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    results: dict[str, float] = {}
    started = time.perf_counter()
    server = AppServer().start()
    results["server healthy (s)"] = server.ready_seconds or 0.0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            ws_bytes = [0]
            asset_bytes = [0]
            page.on(
                "websocket", lambda ws: ws.on("framereceived", lambda p: ws_bytes.__setitem__(0, ws_bytes[0] + len(p)))
            )

            def count_asset(response) -> None:
                if "/app/static/" in response.url:
                    asset_bytes[0] += int(response.headers.get("content-length") or 0) or len(response.body())

            page.on("response", count_asset)
            page.goto(server.url)
            page.wait_for_selector(IDLE, timeout=60_000)
            _wait_markers(page, "> 0")
            results["cold: server start to map drawn (s)"] = time.perf_counter() - started
            page.wait_for_timeout(500)
            results["landing payload over WebSocket (MB)"] = ws_bytes[0] / 1e6
            results["map JS/CSS + basemap files, local (MB)"] = asset_bytes[0] / 1e6
            page.remove_listener("response", count_asset)

            warm = []
            for _ in range(runs):
                t0 = time.perf_counter()
                page.reload()
                page.wait_for_selector(IDLE, timeout=60_000)
                _wait_markers(page, "> 0")
                warm.append(time.perf_counter() - t0)
            results["warm: reload to map drawn, median (s)"] = statistics.median(warm)

            total = page.evaluate(COUNT_MARKERS)
            rerun, to_map = [], []
            for i in range(2 * runs):
                t0 = time.perf_counter()
                if i % 2 == 0:
                    _choose_okinawa(page)
                    _wait_markers(page, f"< {total}")
                else:
                    _clear_prefectures(page)
                    _wait_markers(page, f"=== {total}")
                to_map.append(time.perf_counter() - t0)
                page.wait_for_selector(IDLE, timeout=60_000)
                rerun.append(time.perf_counter() - t0)
                page.wait_for_timeout(300)
            results["rerun: filter change to app idle, median (ms)"] = 1000 * statistics.median(rerun)
            results["filter change to updated map, median (ms)"] = 1000 * statistics.median(to_map)
            browser.close()
    finally:
        server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions for the medians (default 5)")
    args = parser.parse_args()
    for name, value in run(args.runs).items():
        print(f"{name:48s} {value:8.2f}")


if __name__ == "__main__":
    main()
