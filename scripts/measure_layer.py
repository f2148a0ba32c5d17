"""Measure the static facility layer: SVG vs canvas vs clustered, at the real size, 1,000 and 10,000.

    .venv/bin/python -m scripts.measure_layer [--runs 5]

Synthetic layers are the real records plus jittered copies, made in a temporary folder and never
committed. Each page holds only the facility layer (no basemap), served on 127.0.0.1 and opened in
headless Chromium with every outside host blocked. Prints medians; timings are for comparing the
modes in one run on one machine, not absolute figures.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
from pathlib import Path

import folium
from playwright.sync_api import sync_playwright
from streamlit_folium import _get_feature_group_string  # pinned streamlit-folium: what a filter change sends

from basemap.filters import FilterState, apply_filters
from basemap.load import load_layer
from basemap.maps.facilities import facility_group
from basemap.maps.facility_layer import layer_bytes, mask_group, shown_mask
from tests.e2e.layer_page import serve_folder, synthetic_facilities, write_layer_page
from tests.support.serve import CHROMIUM, CHROMIUM_ARGS

MODES = {"svg": ("svg", False), "canvas": ("canvas", False), "clustered": ("canvas", True)}
MAP = "window[document.querySelector('.folium-map').id]"
TWO_FRAMES = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
# ms from navigation start to the layer drawn (data fetched, features built, two frames painted).
DRAWN = f"async () => {{ await {TWO_FRAMES}; return performance.now(); }}"
# ms per pan step: 20 steps of 300 px, each followed by two frames (canvas redraws, SVG re-clips).
PAN = f"""async () => {{
    const map = {MAP}; map.setView([35.5, 137.0], 6, {{animate: false}}); await {TWO_FRAMES};
    const start = performance.now();
    for (let i = 0; i < 20; i++) {{
        map.panBy([i % 2 ? -300 : 300, 0], {{animate: false}}); await {TWO_FRAMES};
    }}
    return (performance.now() - start) / 20;
}}"""
# ms to apply a new mask (the script st_folium evals) and paint: one filter change in the browser.
APPLY = f"""async (mask) => {{
    const start = performance.now();
    window.atlas.facilityMask = mask; window.atlas.applyFacilityMask(); await {TWO_FRAMES};
    return performance.now() - start;
}}"""
# Symbols drawn for all of Japan at zoom 5: clusters and single points (every point when unclustered).
SYMBOLS = f"""async () => {{
    const map = {MAP}; map.setView([35.5, 137.0], 5, {{animate: false}}); await {TWO_FRAMES};
    let cluster = null; map.eachLayer(l => {{ if (l._featureGroup) cluster = l; }});
    return cluster ? cluster._featureGroup.getLayers().length : window.atlas.facilityIds().length;
}}"""


def feature_group_bytes(group: folium.FeatureGroup) -> int:
    return len(_get_feature_group_string(group, folium.Map(tiles=None)).encode("utf-8"))


def mask_message(facilities, shown) -> dict:
    return {"rows": len(facilities), "bits": shown_mask(facilities, shown)}


def measure_page(browser, url: str, facilities, runs: int) -> dict[str, float]:
    okinawa = mask_message(facilities, apply_filters(facilities, FilterState.of(prefectures=["47"])))
    everything = mask_message(facilities, facilities)
    figures: dict[str, list[float]] = {"drawn_ms": [], "pan_ms": [], "filter_ms": [], "heap_mb": [], "symbols": []}
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        failed: list[str] = []
        page.on("requestfailed", lambda r, failed=failed: failed.append(r.url))
        page.on("pageerror", lambda e, failed=failed: failed.append(str(e)))
        page.goto(url + "/index.html")
        page.wait_for_function("window.atlas && window.atlas.facilitiesLoaded === true", timeout=300_000)
        figures["drawn_ms"].append(page.evaluate(DRAWN))
        figures["pan_ms"].append(page.evaluate(PAN))
        figures["filter_ms"].append(page.evaluate(APPLY, okinawa) + page.evaluate(APPLY, everything))
        figures["symbols"].append(page.evaluate(SYMBOLS))
        cdp = context.new_cdp_session(page)
        cdp.send("HeapProfiler.collectGarbage")
        figures["heap_mb"].append(cdp.send("Runtime.getHeapUsage")["usedSize"] / 2**20)
        context.close()
        if failed:
            raise RuntimeError(f"problems on {url}: {failed}")
    return {key: statistics.median(values) for key, values in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="real,1000,10000")
    parser.add_argument("--modes", default=",".join(MODES))
    args = parser.parse_args()
    real = load_layer("facilities").frame
    print("N | located | file KB (gzip) | mask group B | marker group B (today) | mode | drawn ms | pan ms/step | "
          "filter ms | JS heap MB | symbols at z5")  # fmt: skip
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in args.sizes.split(","):
            facilities = real if size == "real" else synthetic_facilities(real, int(size))
            okinawa = apply_filters(facilities, FilterState.of(prefectures=["47"]))
            data = layer_bytes(facilities)
            file_kb = f"{len(data) / 1024:,.0f} ({len(gzip.compress(data)) / 1024:,.0f})"
            mask_bytes = feature_group_bytes(mask_group(facilities, okinawa))
            # today's markers for the same filter (skipped at 10,000: about a minute of CPU)
            markers = feature_group_bytes(facility_group(okinawa)) if len(facilities) <= 2_000 else None
            for mode in args.modes.split(","):
                renderer, cluster = MODES[mode]
                folder = Path(tmp) / f"{size}-{mode}"
                folder.mkdir()
                write_layer_page(folder, facilities, renderer=renderer, cluster=cluster)
                with serve_folder(folder) as url:
                    m = measure_page(browser, url, facilities, args.runs)
                print(
                    f"{len(facilities):,} | {int(facilities.geometry.notna().sum()):,} | {file_kb} | {mask_bytes:,} | "
                    f"{'n/a' if markers is None else f'{markers:,}'} | {mode} | {m['drawn_ms']:,.0f} | "
                    f"{m['pan_ms']:,.1f} | {m['filter_ms']:,.0f} | {m['heap_mb']:,.1f} | {m['symbols']:,.0f}",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main()
