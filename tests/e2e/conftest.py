"""A live app and a headless Chromium (Debian's /usr/bin/chromium) with no outside network."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.serve import CHROMIUM, CHROMIUM_ARGS, AppServer

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Opened at /<Page>, Streamlit's frontend first probes /<Page>/_stcore/... for a base path and,
# on 404, falls back to the root: expected, not a fault.
PAGE_PATH_PROBE = re.compile(r"/[^/]+/_stcore/(health|host-config)$")


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def app_url():
    server = AppServer().start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _left_behind(request) -> bool:
    """A request to the app itself that the browser gave up because its page or map frame went away
    (a link followed, the map drawn anew): no fault. A missing or failing file is an HTTP error
    (counted below), an outside host a failed lookup (counted)."""
    return request.failure == "net::ERR_ABORTED" and urlparse(request.url).hostname in ("127.0.0.1", "localhost")


def watched_page(browser):
    """A page in a fresh context that records failed requests, HTTP errors and page errors in `page.problems`."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.problems = []
    page.on("requestfailed", lambda r: not _left_behind(r) and page.problems.append(f"failed: {r.url} {r.failure}"))
    page.on(
        "response",
        lambda r: (
            r.status >= 400 and not PAGE_PATH_PROBE.search(r.url) and page.problems.append(f"HTTP {r.status}: {r.url}")
        ),
    )
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
    return page


@pytest.fixture
def page(browser, request):
    """A fresh watched page; a screenshot of it in test-artifacts/ when the test fails."""
    page = watched_page(browser)
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    page.context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
