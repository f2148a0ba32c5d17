"""The load script's pure parts: percentiles, the filter changes it makes, the summary."""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("loadtest", Path(__file__).parents[1] / "scripts" / "loadtest.py")
loadtest = importlib.util.module_from_spec(_spec)
sys.modules["loadtest"] = loadtest  # dataclasses look their module up there
_spec.loader.exec_module(loadtest)


def test_percentile_interpolates_between_ranks():
    values = [4.0, 1.0, 3.0, 2.0]
    assert loadtest.percentile(values, 0) == 1.0
    assert loadtest.percentile(values, 50) == 2.5
    assert loadtest.percentile(values, 100) == 4.0
    assert loadtest.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert loadtest.percentile([7.0], 95) == 7.0
    assert math.isnan(loadtest.percentile([], 50))


def test_summarize():
    assert loadtest.summarize([1.0, 2.0, 3.0]) == {"n": 3, "p50": 2.0, "p95": pytest.approx(2.9), "max": 3.0}
    assert loadtest.summarize([])["n"] == 0


def test_choices_alternate_one_prefecture_with_facilities_and_all():
    options = ["Hokkaido (18)", "Akita (0)", "Tokyo (5)", "Okinawa (36)"]
    first = loadtest.choices(options, session=0, changes=4)
    assert first == [["Hokkaido (18)"], [], ["Okinawa (36)"], []]
    assert loadtest.choices(options, session=1, changes=4)[0] != first[0]
    assert all("(0)" not in o for selection in first for o in selection)


def test_pauses_are_in_step_without_spread_and_drift_apart_with_it():
    assert loadtest.pauses(3.0, 0.0, 7, 4) == [3.0] * 4
    spread = [loadtest.pauses(3.0, 3.0, session, 5) for session in range(20)]
    assert spread == [loadtest.pauses(3.0, 3.0, session, 5) for session in range(20)]  # deterministic
    assert all(0.0 <= pause <= 6.0 for pauses in spread for pause in pauses)
    assert len({pauses[0] for pauses in spread}) == 20  # no two sessions change in step
    assert min(loadtest.pauses(1.0, 5.0, 3, 50)) == 0.0  # never negative


def test_report_names_ratio_errors_and_memory():
    alone = [loadtest.SessionResult(landing=1.0, changes=[0.2, 0.2, 0.4])]
    many = [
        loadtest.SessionResult(landing=2.0, changes=[0.5, 1.0], pings=[0.01]),
        loadtest.SessionResult(landing=3.0, changes=[1.0], errors=["no script_finished within 120 s"], dropped=True),
    ]
    memory = {"before sessions": 100 * 2**20, "after settle": 120 * 2**20}
    text = loadtest.report(alone, many, memory, {"alone": 0.8, "many": 2.5}, sessions=2, client={"many": 0.1})
    assert "0.20 s (3 changes)" in text  # the single session's median
    assert "5.0 ×" in text  # p95 1.0 s / 0.2 s
    rows = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in text.splitlines() if not line.startswith(" "))
    assert rows["errors"] == "1"
    assert rows["dropped connections"] == "1"
    assert "0.200 s" in text  # 0.8 s CPU over 4 runs
    assert rows["load client CPU per script run (many)"] == "0.020 s"  # 0.1 s over 5 runs
    assert "+20%" in text
    assert "no script_finished within 120 s" in text


def test_only_loopback_urls():
    assert loadtest._loopback("http://127.0.0.1:8500") == "http://127.0.0.1:8500"
    with pytest.raises(SystemExit):
        loadtest._loopback("http://192.0.2.1:8500")
