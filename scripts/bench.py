"""Benchmark the atlas in a real browser, side by side with the naive pattern: `python -m scripts.bench`.

    .venv/bin/python -m scripts.bench [--runs 5] [--facilities real,1000,10000] [--naive-sizes real]
    .venv/bin/python -m scripts.bench --facilities real --naive-sizes "" --without-footprints real
    .venv/bin/python -m scripts.bench --imports [--imports-ref 7d39f56]   # CPU of the landing page's imports
    .venv/bin/python -m scripts.bench --validation 10000   # loading a large layer, cold and cached

For each facility count N (real = the records in data/; else the real records plus jittered copies,
tests/support/synthetic.py, written into a temporary copy of the data folder that the app reads through
ATLAS_DATA_DIR, never committed) it starts the app and reports: server start to map drawn (cold, with an
empty verdict cache), reload to map drawn (warm), filter change (Okinawa / all, alternately; from the
Enter or click that makes the choice) to the updated map and to the app idle, and on the way from the
choice to the rerun's first message and to its end (the WebSocket messages the page received), of a
reload when the map's frame started (Streamlit's frontend before it, the map's own work after it),
WebSocket bytes per filter change (in total and the table's share), server RSS and browser JS heap after
the changes.

The naive pattern is measured in the same run, interleaved (one atlas measurement, then one naive
one): a minimal app written the way most streamlit-folium apps are (on every rerun a new folium.Map
with the basemap layers embedded and a Marker, Tooltip and Popup per facility, `st_folium(m)`; the
same popups and table), on the same data, with the same filter changes, generated into the temporary
folder. It uses the atlas's local JS/CSS, since every outside host is blocked. So does the floor app,
measured with them: the same Prefecture filter and an `st_folium` of an empty folium.Map (no layer, no
marker, no table), the least any streamlit-folium app with this filter does. Its map is drawn when
Leaflet has made it, and updated when the rerun has ended (the script_finished message reached the
page: its map has nothing to update, and st_folium's arguments do not change). A target below the
floor's ratio to the naive app is below what the stack allows. The page floor, measured the same
way, is the atlas page's own elements (its five filters, five figures and facility table) around an
empty map: a target below its ratio is below what this page costs on the stack. With --without-footprints the atlas
runs twice, interleaved: on the data as it is and with a single footprint (a layer needs one), for the
footprints' ratio (filter change and bytes) in one run. Medians of --runs; timings are
reported, never asserted. Needs Debian's Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.loadtest import rss_bytes
from tests.support.serve import CHROMIUM, CHROMIUM_ARGS, IDLE, MAP_FRAME, ROOT, AppServer
from tests.support.synthetic import write_synthetic_data

if TYPE_CHECKING:
    from playwright.sync_api import CDPSession, Page

# Facilities drawn in the map's iframe: the atlas's canvas layer says so itself (0 until its file has
# loaded); otherwise DOM markers (the atlas's DivIcons before the canvas layer, the naive app's Markers).
COUNT_SHOWN = (
    "() => { const f = document.querySelector('" + MAP_FRAME + "');"
    " if (!f || !f.contentWindow || !f.contentDocument) return 0;"
    " const atlas = f.contentWindow.atlas;"
    " if (atlas && atlas.facilityIds) return atlas.facilitiesLoaded ? atlas.facilityIds().length : 0;"
    " const d = f.contentDocument, own = d.querySelectorAll('.facility-marker').length;"
    " return own || d.querySelectorAll('.leaflet-marker-icon').length; }"
)
# The map drawn with nothing on it (the floor app): Leaflet has made its container in the iframe.
MAP_READY = (
    "() => { const f = document.querySelector('" + MAP_FRAME + "');"
    " return !!(f && f.contentDocument && f.contentDocument.querySelector('.leaflet-container')); }"
)
# When the map's frame started, after the page's own start (s): what comes before is Streamlit's
# frontend (the script's messages, drawing the page's elements), what comes after the map's own work.
FRAME_STARTED = (
    "() => { const f = document.querySelector('" + MAP_FRAME + "');"
    " return (f.contentWindow.performance.timeOrigin - performance.timeOrigin) / 1000; }"
)
LONG = 600_000  # ms: a naive rerun at 10,000 facilities takes minutes on a busy machine
NO_FOOTPRINTS = "no footprints"  # the atlas with a single footprint: what the footprints cost

# The generated apps' shared parts: the atlas's local JS/CSS; the data layers read once, the facilities.
_OFFLINE = """
@st.cache_resource
def offline():
    setup_offline_assets("/app/static/")  # the same local JS/CSS as the atlas: no network
"""
_FACILITIES = """

@st.cache_data
def layer(key):
    return load_layer(key).frame


offline()
data = layer("facilities")
"""

NAIVE_APP = (
    '''"""The naive pattern (generated by scripts/bench.py): a new map with everything on each rerun."""
import folium
import streamlit as st
from streamlit_folium import st_folium

from basemap.filters import FilterState, apply_filters
from basemap.load import load_layer
from basemap.maps.assets import setup_offline_assets
from basemap.maps.base import base_map
from basemap.maps.facilities import popup_html, tooltip_text
from basemap.prefectures import PREFECTURES
from basemap.summary import facility_table
from basemap.values import located

st.set_page_config(page_title="Naive", layout="wide")

'''
    + _OFFLINE
    + _FACILITIES
    + """
codes = st.sidebar.multiselect("Prefecture", options=list(PREFECTURES), format_func=lambda c: PREFECTURES[c].name_en)
shown = apply_filters(data, FilterState.of(prefectures=codes))
m = base_map(layer("land"), layer("prefectures"), None)  # the atlas's basemap, embedded as most apps do
m.default_js, m.default_css = folium.Map.default_js, folium.Map.default_css  # folium's own assets, as most apps load
for _, row in shown[located(shown)].iterrows():
    folium.Marker(
        [row.geometry.y, row.geometry.x],
        tooltip=tooltip_text(row),
        popup=folium.Popup(popup_html(row), max_width=320),
    ).add_to(m)
st_folium(m, height=620, use_container_width=True)
st.dataframe(facility_table(shown), hide_index=True)
"""
)

FLOOR_APP = (
    '''"""The floor (generated by scripts/bench.py): the same filter and an empty map, the least a
streamlit-folium app with this filter does on a rerun."""
import folium
import streamlit as st
from streamlit_folium import st_folium

from basemap.maps.assets import setup_offline_assets
from basemap.prefectures import PREFECTURES

st.set_page_config(page_title="Floor", layout="wide")

'''
    + _OFFLINE
    + """

offline()
codes = st.sidebar.multiselect("Prefecture", options=list(PREFECTURES), format_func=lambda c: PREFECTURES[c].name_en)
st_folium(folium.Map(location=[36, 138], zoom_start=5, tiles=None), height=620, use_container_width=True)
"""
)


PAGE_APP = (
    '''"""The page floor (generated by scripts/bench.py): the atlas page's own elements around an
empty map, with no map layer and none of the atlas's code around them: its five filters (the same
widgets and options), its five headline figures and its facility table; what a page that changes
these with the map costs on a rerun, whatever the map does."""
import folium
import streamlit as st
from streamlit_folium import st_folium

from basemap.filters import CHOICES, LANGUAGE, FilterState, Many, Pick, Toggle, apply_filters
from basemap.load import load_layer
from basemap.maps.assets import setup_offline_assets
from basemap.summary import facility_table, headline

st.set_page_config(page_title="Page floor", layout="wide")

'''
    + _OFFLINE
    + _FACILITIES
    + """
chosen = {}
for choice in CHOICES:
    if isinstance(choice, Toggle):
        chosen[choice.name] = st.sidebar.toggle(choice.label, key=choice.param)
    elif isinstance(choice, Pick) and choice is not LANGUAGE:
        options = choice.offered(data, FilterState(**chosen))
        widget = st.sidebar.multiselect if isinstance(choice, Many) else st.sidebar.selectbox
        value = widget(choice.label, options=list(options), format_func=options.__getitem__, key=choice.param)
        chosen[choice.name] = tuple(value) if isinstance(choice, Many) else value
shown = apply_filters(data, FilterState(**chosen))
figures = headline(shown)
row = st.container(horizontal=True)
row.metric("Facilities shown", figures.count, width="content")
row.metric("Exclusive-use area", f"{figures.exclusive.km2:.1f} km²", width="content")
row.metric("Temporary-use area", f"{figures.temporary.km2:.1f} km²", width="content")
st_folium(folium.Map(location=[36, 138], zoom_start=5, tiles=None), height=620, use_container_width=True)
national = st.columns(2)
national[0].metric("Facilities located", figures.located)
national[1].metric("Facilities in Okinawa", figures.okinawa_count)
st.dataframe(facility_table(shown), hide_index=True)
"""
)


@dataclass(frozen=True)
class Frame:
    """A WebSocket message the page received: when (the benchmark's clock), its size, what it is."""

    at: float
    size: int
    kind: str  # ForwardMsg type: "delta", "script_finished", ...
    table: bool  # holds the facility table


@dataclass
class App:
    """One app under test: its server, a browser page on it, and what was measured."""

    name: str
    server: AppServer
    floor: bool = False  # an empty map: drawn when Leaflet has made it, updated when its rerun has ended
    page: Page = field(init=False)  # set by _open
    cdp: CDPSession = field(init=False)
    frames: list[Frame] = field(default_factory=list)
    figures: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, value: float) -> None:
        self.figures.setdefault(name, []).append(value)

    def shown(self) -> int:
        return self.page.evaluate(COUNT_SHOWN)

    def wait_shown(self, predicate: str) -> None:
        self.page.wait_for_function(f"() => ({COUNT_SHOWN})() {predicate}", timeout=LONG)

    def wait_drawn(self) -> None:
        if self.floor:
            self.page.wait_for_function(MAP_READY, timeout=LONG)
        else:
            self.wait_shown("> 0")

    def idle(self) -> None:
        self.page.wait_for_selector(IDLE, timeout=LONG)


def _frame(payload: bytes | str) -> Frame:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    at, data = time.perf_counter(), payload if isinstance(payload, bytes) else payload.encode()
    msg = ForwardMsg()
    if isinstance(payload, bytes):
        msg.ParseFromString(data)
    kind = msg.WhichOneof("type") or ""
    return Frame(at, len(data), kind, kind == "delta" and msg.delta.new_element.WhichOneof("type") == "dataframe")


def _open(app: App, browser) -> None:
    """Open the app in a new page: counts WebSocket bytes, the table's among them."""
    app.page = browser.new_page(viewport={"width": 1400, "height": 1000})

    app.page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: app.frames.append(_frame(payload))))
    app.cdp = app.page.context.new_cdp_session(app.page)
    app.page.goto(app.server.url)
    app.idle()
    app.wait_drawn()


def _type_okinawa(page) -> None:
    """Open the Prefecture list and type Okinawa: the change itself is the Enter that follows."""
    page.get_by_label("Prefecture").click()
    page.keyboard.type("Okinawa")


def _clear_prefectures(page) -> None:
    page.locator('[data-testid="stSidebar"] [aria-label="Clear all"]').first.click()


def _warm(app: App) -> None:
    t0 = time.perf_counter()
    app.page.reload()
    app.idle()
    app.wait_drawn()
    app.add("warm: reload to map drawn (s)", time.perf_counter() - t0)
    app.add("  reload to the map's frame started (s)", app.page.evaluate(FRAME_STARTED))


def _filter_change(app: App, total: int, to_okinawa: bool) -> None:
    app.page.wait_for_timeout(300)
    if to_okinawa:
        _type_okinawa(app.page)
    first = len(app.frames)
    t0 = time.perf_counter()  # from the choice made (Enter, or a click on "Clear all")
    if to_okinawa:
        app.page.keyboard.press("Enter")
    else:
        _clear_prefectures(app.page)
    if not app.floor:
        app.wait_shown(f"< {total}" if to_okinawa else f"=== {total}")
        app.add("filter change to updated map (ms)", 1000 * (time.perf_counter() - t0))
    while not any(frame.kind == "script_finished" for frame in app.frames[first:]):
        if time.perf_counter() - t0 > LONG / 1000:
            raise TimeoutError(f"{app.name}: no end of the rerun after {LONG / 1000:.0f} s")
        app.page.wait_for_timeout(5)  # frames are recorded, and stamped, as they arrive meanwhile
    frames = app.frames[first:]
    end = next(frame.at for frame in frames if frame.kind == "script_finished") - t0
    if app.floor:  # nothing on its map to update: updated when its rerun has ended
        app.add("filter change to updated map (ms)", 1000 * end)
    app.add("  choice to the rerun's first message (ms)", 1000 * (frames[0].at - t0))
    app.add("  choice to the rerun's end (ms)", 1000 * end)
    app.idle()
    app.add("filter change to app idle (ms)", 1000 * (time.perf_counter() - t0))
    if to_okinawa:
        app.page.keyboard.press("Escape")  # close the list
    app.page.wait_for_timeout(300)  # late frames of this change
    frames = app.frames[first:]
    app.add("WebSocket bytes per filter change (KB)", sum(frame.size for frame in frames) / 1000)
    app.add("  of which the table (KB)", sum(frame.size for frame in frames if frame.table) / 1000)


def _memory(app: App) -> None:
    app.add("server RSS (MB)", rss_bytes([app.server.pid]) / 2**20)
    app.cdp.send("HeapProfiler.collectGarbage")
    app.add("browser JS heap (MB)", app.cdp.send("Runtime.getHeapUsage")["usedSize"] / 2**20)


def _atlas_env(size: str, workdir: Path, footprints: bool = True) -> dict[str, str]:
    """The environment of an atlas server reading its own temporary copy of the data: the real
    records or `size` of them; without `footprints`, a single one (a layer needs one)."""
    name = size if footprints else f"{size}-nofootprints"
    data = workdir / f"data-{name}"
    write_synthetic_data(data, None if size == "real" else int(size))
    if not footprints:
        doc = json.loads((data / "geo" / "footprints.geojson").read_text(encoding="utf-8"))
        doc["features"] = doc["features"][:1]
        (data / "geo" / "footprints.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return {"ATLAS_DATA_DIR": str(data), "ATLAS_MAX_FILE_MB": "64", "ATLAS_CACHE_DIR": str(workdir / f"cache-{name}")}


def measure_size(
    size: str, runs: int, naive: bool, without_footprints: bool, workdir: Path
) -> dict[str, dict[str, float]]:
    """Every figure for one facility count, for the atlas and, interleaved with it, (when `naive`)
    the naive and floor apps and (when `without_footprints`) the atlas with a single footprint."""
    from playwright.sync_api import sync_playwright

    env = _atlas_env(size, workdir)
    apps = [App("atlas", AppServer(env=env))]
    if without_footprints:
        apps.append(App(NO_FOOTPRINTS, AppServer(env=_atlas_env(size, workdir, footprints=False))))
    if naive:
        if not (workdir / "static").exists():  # Streamlit serves the static folder beside the script
            (workdir / "static").symlink_to(ROOT / "static")
        for name, text in (("naive", NAIVE_APP), ("floor", FLOOR_APP), ("page", PAGE_APP)):
            script = workdir / f"{name}_app.py"
            script.write_text(text, encoding="utf-8")
            server = AppServer(script=str(script), env={**env, "ATLAS_CACHE_DIR": str(workdir / name)})
            apps.append(App(name, server, floor=name != "naive"))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for app in apps:
                started = time.perf_counter()
                app.server.start(timeout=300)
                _open(app, browser)
                app.add("cold: server start to map drawn (s)", time.perf_counter() - started)
            totals = {app.name: app.shown() for app in apps}
            for _ in range(runs):
                for app in apps:
                    _warm(app)
            for i in range(2 * runs):
                for app in apps:
                    _filter_change(app, totals[app.name], to_okinawa=i % 2 == 0)
            for app in apps:
                _memory(app)
                app.add("facilities drawn (all)", totals[app.name])
            browser.close()
    finally:
        for app in apps:
            app.server.stop()
    return {app.name: {name: statistics.median(values) for name, values in app.figures.items()} for app in apps}


def report(results: dict[str, dict[str, dict[str, float]]]) -> None:
    """One table: a row per figure, a column per size and app; then the ratios the issue names."""
    columns = [(size, app) for size, apps in results.items() for app in apps]
    names = list(next(iter(next(iter(results.values())).values())))
    print(f"{'':42s}" + "".join(f"{size + ' ' + app:>16s}" for size, app in columns))
    for name in names:
        print(f"{name:42s}" + "".join(f"{results[s][a].get(name, float('nan')):16,.2f}" for s, a in columns))
    change, warm = "filter change to updated map (ms)", "warm: reload to map drawn (s)"
    real = results.get("real", {}).get("atlas")
    for size, apps in results.items():
        atlas, naive, floor = apps["atlas"], apps.get("naive"), apps.get("floor")
        if naive:
            print(f"{size}: filter change / naive {atlas[change] / naive[change]:.2f} (target <= 0.15); "
                  f"warm reload / naive {atlas[warm] / naive[warm]:.2f} (target <= 0.5)")  # fmt: skip
        if naive and floor:  # the least this stack allows: a target below it cannot be met by the app
            print(f"{size}: floor / naive: filter change {floor[change] / naive[change]:.2f}, "
                  f"warm reload {floor[warm] / naive[warm]:.2f}; atlas / floor: filter change "
                  f"{atlas[change] / floor[change]:.2f}, warm reload {atlas[warm] / floor[warm]:.2f}")  # fmt: skip
        other = atlas["WebSocket bytes per filter change (KB)"] - atlas["  of which the table (KB)"]
        print(f"{size}: bytes per filter change besides the table {other:,.1f} KB (target <= 20)")
        if real and size.isdigit():
            print(f"{size}: filter change / real {atlas[change] / real[change]:.2f} "
                  f"(target <= {1.5 if int(size) <= 1000 else 3})")  # fmt: skip
        page = apps.get("page")
        if naive and page:  # the atlas page's own elements around an empty map
            print(f"{size}: page floor / naive: filter change {page[change] / naive[change]:.2f}, "
                  f"warm reload {page[warm] / naive[warm]:.2f}; atlas / page floor: filter change "
                  f"{atlas[change] / page[change]:.2f}, warm reload {atlas[warm] / page[warm]:.2f}")  # fmt: skip
        without = apps.get(NO_FOOTPRINTS)
        if without:
            bytes_ = "WebSocket bytes per filter change (KB)"
            print(f"{size}: with / without footprints: filter change {atlas[change] / without[change]:.2f}, "
                  f"bytes {atlas[bytes_] / without[bytes_]:.2f} (target <= 1.1)")  # fmt: skip


def _import_code(app_py: Path) -> str:
    """A program timing the CPU of app.py's top-level import statements (read from the file, so the
    measurement follows the app), including parenthesised continuations."""
    imports, inside = [], False
    for line in app_py.read_text(encoding="utf-8").splitlines():
        if line.startswith(("import ", "from ")) or inside:
            imports.append(line)
            inside = line.rstrip().endswith("(") or (inside and not line.rstrip().endswith(")"))
    return _timed("\n".join(imports))


def _timed(imports: str) -> str:
    return "import time\nt = time.process_time()\n" + imports + "\nprint(time.process_time() - t)\n"


# What any streamlit-folium app imports (pandas comes with streamlit): the floor of the landing page's
# imports; and with geopandas, which the atlas's data need (shapely, pyproj): what is left is the atlas's own.
BARE_IMPORTS = "import streamlit, folium, streamlit_folium"
GEO_IMPORTS = BARE_IMPORTS + ", geopandas"


def import_cpu(runs: int, ref: str | None, workdir: Path) -> dict[str, list[float]]:
    """CPU seconds of importing what app.py imports, of the bare stack (with and without geopandas), and
    (with `ref`) of what app.py
    imported at that commit (its app.py and src/ exported into `workdir`, run with this venv): fresh
    processes, interleaved, so the three see the same machine."""
    programs: dict[str, tuple[str, dict[str, str]]] = {
        "app.py": (_import_code(ROOT / "app.py"), {}),
        "bare stack": (_timed(BARE_IMPORTS), {}),
        "bare stack + geopandas": (_timed(GEO_IMPORTS), {}),
    }
    if ref:
        tree = workdir / "ref"
        tree.mkdir()
        archive = subprocess.run(["git", "archive", ref, "app.py", "src"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
        programs[f"app.py at {ref}"] = (_import_code(tree / "app.py"), {"PYTHONPATH": str(tree / "src")})
    # Bytecode cached as in any deployment (PYTHONDONTWRITEBYTECODE would have every process compile the
    # atlas's own sources again), in the temporary folder; a first round, not counted, writes it.
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    base["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    times: dict[str, list[float]] = {name: [] for name in programs}
    for run in range(runs + 1):
        for name, (code, env) in programs.items():
            out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**base, **env},
                                 capture_output=True, text=True, check=True).stdout  # fmt: skip
            if run:
                times[name].append(float(out))
    return times


def validation_seconds(count: int, runs: int, workdir: Path) -> dict[str, float]:
    """CPU seconds of load_layer("facilities") on `count` records: cold (empty verdict cache) and cached."""
    data = write_synthetic_data(workdir / "data", count)
    code = ("import time\nfrom basemap.load import load_layer\nt = time.process_time()\n"
            "loaded = load_layer('facilities')\nprint(time.process_time() - t, len(loaded.frame))\n")  # fmt: skip
    times: dict[str, list[float]] = {"cold (s)": [], "cached (s)": []}
    for run in range(runs):
        env = {"ATLAS_DATA_DIR": str(data), "ATLAS_MAX_FILE_MB": "64", "ATLAS_CACHE_DIR": str(workdir / f"cache{run}")}
        for name in times:  # the first load of a fresh cache validates, the second reads the verdict
            out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                                 check=True).stdout.split()  # fmt: skip
            assert int(out[1]) == count, out
            times[name].append(float(out[0]))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions for the medians (default 5)")
    parser.add_argument(
        "--facilities",
        default="real",
        help="comma-separated counts: real,1000,10000",
    )
    parser.add_argument(
        "--without-footprints",
        default="",
        help="counts at which the atlas with a single footprint runs too, interleaved (the footprints' cost)",
    )
    parser.add_argument("--naive-sizes", default="real", help="counts at which the naive and floor apps run too")
    parser.add_argument(
        "--imports", action="store_true", help="only the CPU of app.py's imports and the bare stack's (median of 9+)"
    )
    parser.add_argument("--imports-ref", help="with --imports: also app.py's imports at this commit (e.g. 7d39f56)")
    parser.add_argument("--validation", type=int, help="only loading N facility records, cold and cached")
    args = parser.parse_args()
    env_note = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"{time.strftime('%Y-%m-%d %H:%M')} · {env_note}")
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        if args.imports:
            for name, times in import_cpu(max(args.runs, 9), args.imports_ref, Path(tmp)).items():
                print(f"CPU of {name}'s imports: median {statistics.median(times):.3f} s "
                      f"({', '.join(f'{t:.3f}' for t in times)})")  # fmt: skip
            return
        if args.validation:
            for name, value in validation_seconds(args.validation, args.runs, Path(tmp)).items():
                print(f"load_layer, {args.validation:,} facilities, {name}: {value:.2f} CPU s")
            return
        naive_sizes, bare_sizes = set(args.naive_sizes.split(",")), set(args.without_footprints.split(","))
        results = {}
        for size in args.facilities.split(","):
            results[size] = measure_size(size, args.runs, size in naive_sizes, size in bare_sizes, Path(tmp))
            print(f"{size} done at {time.strftime('%H:%M')}", flush=True)
        report(results)


if __name__ == "__main__":
    main()
