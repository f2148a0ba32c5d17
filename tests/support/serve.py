"""Run the app as a subprocess on a free loopback port (for browser tests and the benchmark)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository (tests/support/serve.py)
# What a browser looks for: the map component's iframe, and Streamlit being idle.
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHROMIUM = "/usr/bin/chromium"
# Every non-loopback host is unresolvable: proves the map needs no network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """`streamlit run app.py` (or another script) in its own process group, with extra environment
    variables (e.g. ATLAS_DATA_DIR); `url` once healthy; stop() ends it."""

    def __init__(self, port: int | None = None, script: str = "app.py", env: dict[str, str] | None = None):
        self.script, self.env = script, env
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        # The server's stderr goes to a file, never an unread pipe: a full pipe (64 KB of log) would
        # block the server's next log line, and with it the thread writing it (a download, a rerun).
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the server; closed by stop())
        self.ready_seconds: float | None = None

    @property
    def pid(self) -> int:
        """The server's process id (once started)."""
        if self.process is None:
            raise RuntimeError("the server is not started")
        return self.process.pid

    def start(self, timeout: float = 60) -> AppServer:
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.script, "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT,
            env={**os.environ, **(self.env or {})},
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )  # fmt: skip
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.stderr()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as response:
                    if response.read() == b"ok":
                        self.ready_seconds = time.perf_counter() - started
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"app not healthy after {timeout} s")

    def stderr(self) -> str:
        """What the server has written to stderr so far (its log)."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()
