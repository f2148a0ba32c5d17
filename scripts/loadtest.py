"""Load test: N concurrent sessions changing the Prefecture filter, through Streamlit's own protocol.

Run from the repository root:
``.venv/bin/python -m scripts.loadtest [--sessions 20] [--changes 5] [--settle-seconds 300]``

No browser: each session speaks Streamlit's WebSocket protocol (``/_stcore/stream``, protobuf
BackMsg/ForwardMsg) the way the frontend does. It opens the landing page (a rerun request with no
widget state), waits for ``script_finished``, then makes K filter changes: a rerun request carrying
every sidebar widget's state, as the frontend sends it, with another Prefecture chosen, timed until
``script_finished``. It keeps the frontend's message cache (``cached_message_hashes``), the URL the
app writes (``query_string``) and the page hash.

Phases, in one run: one session alone (its median is the reference), then N sessions at once;
server RSS is read from /proc at the start, just before the N sessions, at its peak while they
run (sampled), right after they close and after ``--settle-seconds``. By default the script starts
its own server on a free loopback port (``tests.support.serve.AppServer``) and stops it at the end;
``--url`` targets a running one (e.g. the reverse proxy of ``deploy/run-multi.sh``) with
``--pids`` naming the processes whose RSS is summed. Only loopback addresses are accepted.
Bounded: ``--timeout`` per phase, ``--change-timeout`` per rerun, N × (K + 1) requests in all.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import statistics
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

PREFECTURE_WIDGET = "-f_prefecture"  # the Prefecture multiselect's key ends its widget id
CACHE_AGE = 2  # runs a cached message is kept without use (Streamlit's global.maxCachedMessageAge)
PING_EVERY = 2.0  # seconds between WebSocket pings that measure how fast the server answers
PING_LIMIT = 20.0  # a browser-like keep-alive gives up after this long (uvicorn's default timeout)
DONE = (
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between closest ranks; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarize(latencies: list[float]) -> dict[str, float]:
    """Count, p50, p95 and max of a list of latencies in seconds."""
    return {
        "n": len(latencies),
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "max": max(latencies) if latencies else math.nan,
    }


def choices(options: list[str], session: int, changes: int) -> list[list[str]]:
    """The Prefecture selections one session makes, alternating one prefecture with facilities
    (another each time, spread over the sessions) and none (all prefectures, the heaviest view,
    as on the landing page); deterministic."""
    usable = [o for o in options if not o.endswith("(0)")] or options
    return [[] if j % 2 else [usable[(session * changes + j) % len(usable)]] for j in range(changes)]


def pauses(think: float, spread: float, session: int, changes: int) -> list[float]:
    """The pause before each change of one session: `think` seconds, or with `spread` drawn
    uniformly from think ± spread (never below 0), seeded by the session's number: deterministic,
    and sessions that started together drift apart, as people do, instead of changing in step."""
    rng = random.Random(session)
    return [max(0.0, think + rng.uniform(-spread, spread)) if spread else think for _ in range(changes)]


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of the given processes, summed (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the given processes have used (Linux /proc), in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


class PeakRss:
    """Samples RSS in a thread while the sessions run; `peak` is the highest seen."""

    def __init__(self, pids: list[int], every: float = 0.25):
        self.pids, self.every, self.peak = pids, every, rss_bytes(pids)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, rss_bytes(self.pids))

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class SessionResult:
    landing: float | None = None
    changes: list[float] = field(default_factory=list)
    bytes_per_change: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dropped: bool = False
    pings: list[float] = field(default_factory=list)


def page_cookies(url: str, timeout: float) -> str:
    """Load the page as a browser does first, and return the cookies it sets as a Cookie header
    (a sticky reverse proxy routes the WebSocket by them)."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
        return "; ".join(c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or [])


class Session:
    """One browser tab, as far as the server can tell."""

    def __init__(self, url: str, timeout: float, think: float = 0.0, spread: float = 0.0):
        parts = urlsplit(url)
        self.page_url = url.rstrip("/") + "/"
        self.ws_url = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        self.timeout, self.think, self.spread = timeout, think, spread
        self.result = SessionResult()
        self.widgets: dict[str, WidgetState] = {}
        self.prefecture_options: list[str] = []
        self.prefecture_id = ""
        self.prefecture_fragment = ""  # the fragment the filter is drawn in: a change reruns it alone
        self.page_hash = ""
        self.query = ""
        self.cache: dict[str, ForwardMsg] = {}
        self.cache_age: dict[str, int] = {}
        self.received = 0
        self.finished: asyncio.Queue[int] = asyncio.Queue()
        self.ws: ClientConnection | None = None
        self.closing = False

    @property
    def connection(self) -> ClientConnection:
        """The open WebSocket (run() connects before anything uses it)."""
        if self.ws is None:
            raise RuntimeError("not connected")
        return self.ws

    def _element(self, msg: ForwardMsg) -> None:
        """Widget states as the frontend keeps them: a widget's value from the server when it is
        new or the server sets it, the user's value otherwise."""
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.result.errors.append(f"exception shown: {element.exception.type}: {element.exception.message[:200]}")
            return
        if kind not in ("multiselect", "checkbox", "selectbox"):
            return
        widget = getattr(element, kind)
        if kind == "multiselect" and widget.id.endswith(PREFECTURE_WIDGET):
            self.prefecture_id, self.prefecture_options = widget.id, list(widget.options)
            self.prefecture_fragment = msg.delta.fragment_id
        if widget.id in self.widgets and not widget.set_value:
            return
        state = WidgetState(id=widget.id)
        if kind == "multiselect":
            values = widget.raw_values if widget.set_value else [widget.options[i] for i in widget.default]
            state.string_array_value.data.extend(values)
        elif kind == "checkbox":
            state.bool_value = widget.value if widget.set_value else widget.default
        elif widget.set_value and widget.HasField("raw_value"):
            state.string_value = widget.raw_value
        elif widget.HasField("default") and widget.options:
            state.string_value = widget.options[widget.default]
        else:
            return
        self.widgets[widget.id] = state

    def _handle(self, payload: bytes) -> None:
        self.received += len(payload)
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        if msg.WhichOneof("type") == "ref_hash":
            self.cache_age[msg.ref_hash] = 0
            msg = self.cache[msg.ref_hash]
        elif msg.metadata.cacheable:
            self.cache[msg.hash], self.cache_age[msg.hash] = msg, 0
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = msg.new_session.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg)
        elif kind == "script_finished":
            for key in list(self.cache_age):
                self.cache_age[key] += 1
                if self.cache_age[key] > CACHE_AGE:
                    del self.cache_age[key], self.cache[key]
            self.finished.put_nowait(msg.script_finished)

    async def _receive(self) -> None:
        try:
            async for payload in self.connection:
                if isinstance(payload, bytes):
                    self._handle(payload)
        except ConnectionClosed:
            pass
        if not self.closing:
            self.result.dropped = True
        self.finished.put_nowait(-1)

    async def _ping(self) -> None:
        while True:
            await asyncio.sleep(PING_EVERY)
            started = time.perf_counter()
            try:
                await asyncio.wait_for(await self.connection.ping(), PING_LIMIT)
            except TimeoutError:
                self.result.errors.append(f"no answer to a ping within {PING_LIMIT:.0f} s")
                self.result.pings.append(PING_LIMIT)
                return
            except ConnectionClosed:
                return
            self.result.pings.append(time.perf_counter() - started)

    async def _rerun(self, widgets: bool) -> float | None:
        """Ask for a rerun and wait for it to finish; its latency in seconds, or None on error."""
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        state.cached_message_hashes.extend(sorted(self.cache))
        state.context_info.timezone, state.context_info.locale = "UTC", "en-US"
        state.context_info.url = self.page_url + (f"?{self.query}" if self.query else "")
        if widgets:  # a filter change, sent as Streamlit's frontend sends it
            state.widget_states.widgets.extend(self.widgets.values())
            state.fragment_id = self.prefecture_fragment
        else:
            state.widget_states.SetInParent()
        started, received = time.perf_counter(), self.received
        await self.connection.send(back.SerializeToString())
        while True:
            try:
                status = await asyncio.wait_for(self.finished.get(), self.timeout)
            except TimeoutError:
                self.result.errors.append(f"no script_finished within {self.timeout:.0f} s")
                return None
            if status == -1:
                self.result.errors.append("connection closed during a rerun")
                return None
            if status in DONE:
                break
        if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self.result.errors.append("script finished with a compile error")
        self.result.bytes_per_change.append(self.received - received)
        return time.perf_counter() - started

    async def run(self, selections: list[list[str]] | None, changes: int, session: int) -> SessionResult:
        """Open the page, make the filter changes, close; errors are recorded, never raised."""
        try:
            cookies = await asyncio.wait_for(asyncio.to_thread(page_cookies, self.page_url, self.timeout), self.timeout)
            self.ws = await asyncio.wait_for(
                connect(
                    self.ws_url,
                    subprotocols=[Subprotocol("streamlit")],
                    additional_headers={"Cookie": cookies} if cookies else None,
                    max_size=None,
                    ping_interval=None,
                    compression=None,
                ),
                self.timeout,
            )
        except (OSError, TimeoutError, ConnectionClosed) as err:
            self.result.errors.append(f"could not connect: {err!r}")
            return self.result
        tasks = [asyncio.create_task(self._receive()), asyncio.create_task(self._ping())]
        try:
            self.result.landing = await self._rerun(widgets=False)
            if self.result.landing is not None:
                self.result.bytes_per_change.clear()  # the landing page is not a change
                if not self.prefecture_id:
                    self.result.errors.append("no Prefecture widget on the landing page")
                    return self.result
                chosen = selections or choices(self.prefecture_options, session, changes)
                for selection, pause in zip(chosen, pauses(self.think, self.spread, session, len(chosen)), strict=True):
                    await asyncio.sleep(pause)  # a user looks at the map before the next change
                    state = self.widgets[self.prefecture_id]
                    del state.string_array_value.data[:]
                    state.string_array_value.data.extend(selection)
                    latency = await self._rerun(widgets=True)
                    if latency is None:
                        break
                    self.result.changes.append(latency)
        finally:
            self.closing = True
            await self.connection.close()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        return self.result


async def run_sessions(
    url: str,
    sessions: int,
    changes: int,
    timeout: float,
    phase_timeout: float,
    think: float = 0.0,
    spread: float = 0.0,
) -> list[SessionResult]:
    """N sessions started together; the whole phase is bounded by phase_timeout."""
    clients = [Session(url, timeout, think, spread) for _ in range(sessions)]
    tasks = [asyncio.create_task(c.run(None, changes, i)) for i, c in enumerate(clients)]
    done, pending = await asyncio.wait(tasks, timeout=phase_timeout)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for client, task in zip(clients, tasks, strict=True):
        if task in pending:
            client.result.errors.append(f"phase stopped after {phase_timeout:.0f} s")
    return [c.result for c in clients]


def _loopback(url: str) -> str:
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"only loopback addresses are allowed, not {host!r}")
    return url


def _mb(value: float) -> str:
    return f"{value / 2**20:,.0f} MB"


def report(
    alone: list[SessionResult],
    many: list[SessionResult],
    memory: dict[str, int],
    cpu: dict[str, float],
    sessions: int,
    client: dict[str, float] | None = None,
) -> str:
    """The summary table (plain text). `cpu` is the server's CPU seconds per phase, `client` this
    script's own (it shares the machine's cores with the server)."""
    single = statistics.median(alone[0].changes) if alone and alone[0].changes else math.nan
    changes = [x for r in many for x in r.changes]
    landing = [r.landing for r in many if r.landing is not None]
    pings = [x for r in many for x in r.pings]
    sent = [x for r in many for x in r.bytes_per_change]
    s, land = summarize(changes), summarize(landing)
    errors = [e for r in alone + many for e in r.errors]
    runs = {
        phase: sum(len(r.changes) + (r.landing is not None) for r in rs)
        for phase, rs in (("alone", alone), ("many", many))
    }
    rows = [
        ("one session alone: median per change", f"{single:.2f} s ({len(alone[0].changes) if alone else 0} changes)"),
        (f"{sessions} sessions: landing p50 / p95", f"{land['p50']:.2f} s / {land['p95']:.2f} s"),
        (f"{sessions} sessions: per change p50 / p95 / max", f"{s['p50']:.2f} s / {s['p95']:.2f} s / {s['max']:.2f} s"),
        ("changes completed", f"{s['n']}"),
        ("p95 / single median", f"{s['p95'] / single:.1f} ×  (issue target ≤ 5 ×)"),
        ("errors", f"{len(errors)}"),
        ("dropped connections", f"{sum(r.dropped for r in alone + many)}"),
        ("ping answer p95 / max", f"{percentile(pings, 95):.2f} s / {max(pings, default=math.nan):.2f} s"),
        ("bytes received per change (median)", f"{statistics.median(sent) / 1e3:,.0f} KB" if sent else "n/a"),
    ]
    rows += [
        (f"server CPU per script run ({phase})", f"{cpu[phase] / runs[phase]:.3f} s" if runs[phase] else "n/a")
        for phase in ("alone", "many")
        if phase in cpu
    ]
    rows += [
        (f"load client CPU per script run ({phase})", f"{seconds / runs[phase]:.3f} s")
        for phase, seconds in (client or {}).items()
        if runs.get(phase)
    ]
    rows += [(f"server RSS {name}", _mb(value)) for name, value in memory.items()]
    before, settled = memory.get("before sessions"), memory.get("after settle")
    if before and settled:
        rows.append(("RSS after settle vs before", f"{settled / before - 1:+.0%}  (issue target within ±25 %)"))
    width = max(len(name) for name, _ in rows)
    lines = [f"{name:<{width}}  {value}" for name, value in rows]
    for error in sorted(set(errors))[:10]:
        lines.append(f"  error ({errors.count(error)}×): {error}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    parser.add_argument("--changes", type=int, default=5, help="filter changes per session (default 5)")
    parser.add_argument("--think-seconds", type=float, default=0, help="pause before each change (default 0)")
    parser.add_argument(
        "--think-spread", type=float, default=0, help="pauses drawn uniformly from think ± this (default 0: in step)"
    )
    parser.add_argument("--settle-seconds", type=float, default=300, help="wait after close before the last RSS")
    parser.add_argument("--timeout", type=float, default=600, help="bound on each phase, seconds")
    parser.add_argument("--change-timeout", type=float, default=120, help="bound on one rerun, seconds")
    parser.add_argument("--url", help="use a running server (loopback only) instead of starting one")
    parser.add_argument("--pids", default="", help="with --url: comma-separated server pids (RSS and CPU summed)")
    args = parser.parse_args(argv)

    server = None
    if args.url:
        url, pids = _loopback(args.url), [int(p) for p in args.pids.split(",") if p]
    else:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
        from tests.support.serve import AppServer

        os.environ.setdefault("MALLOC_ARENA_MAX", "2")  # as `make run` and deploy/run-multi.sh start it
        server = AppServer().start()
        url, pids = server.url, [server.pid]
        print(f"server on {url} (pid {server.pid}), healthy after {server.ready_seconds:.1f} s", flush=True)
    memory: dict[str, int] = {}
    cpu: dict[str, float] = {}
    client: dict[str, float] = {}
    try:
        # warm-up (caches, imports): one visit per server process, so that the one alone meets a warm one
        asyncio.run(run_sessions(url, max(len(pids), 1), 0, args.change_timeout, args.timeout))
        memory["after one visit"] = rss_bytes(pids)
        print("one session alone …", flush=True)
        used, own = cpu_seconds(pids), time.process_time()
        alone = asyncio.run(
            run_sessions(
                url, 1, max(args.changes, 5), args.change_timeout, args.timeout, args.think_seconds, args.think_spread
            )
        )
        cpu["alone"], client["alone"] = cpu_seconds(pids) - used, time.process_time() - own
        memory["before sessions"] = rss_bytes(pids)
        print(f"{args.sessions} sessions × {args.changes} changes …", flush=True)
        used, own = cpu_seconds(pids), time.process_time()
        with PeakRss(pids) as peak:
            many = asyncio.run(
                run_sessions(
                    url,
                    args.sessions,
                    args.changes,
                    args.change_timeout,
                    args.timeout,
                    args.think_seconds,
                    args.think_spread,
                )
            )
        cpu["many"], client["many"] = cpu_seconds(pids) - used, time.process_time() - own
        memory["peak"] = peak.peak
        memory["right after close"] = rss_bytes(pids)
        if args.settle_seconds > 0:
            print(f"waiting {args.settle_seconds:.0f} s for memory to settle …", flush=True)
            time.sleep(args.settle_seconds)
            memory["after settle"] = rss_bytes(pids)
    finally:
        if server:
            server.stop()
    if not pids:
        memory, cpu = {}, {}
    print(report(alone, many, memory, cpu, args.sessions, client))


if __name__ == "__main__":
    main()
