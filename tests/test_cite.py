"""How to cite: the data's date, the link to a view, the citation, and CITATION.cff saying the same."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import yaml

from basemap.catalog import LAYERS
from basemap.cite import APP_NAME, AUTHORS, citation, data_version, view_url
from basemap.filters import FilterState
from basemap.load import load_layer
from basemap.state import parse_query
from basemap.tables import TABLES, load_table

ROOT = Path(__file__).resolve().parents[1]
CFF_REQUIRED = ("cff-version", "message", "title", "authors")


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def test_data_version_is_the_latest_dated_record_of_any_layer_or_table():
    frames = [
        pd.DataFrame({"as_of": ["2024-06-21", "2025-09-05", None, "not a date"]}),
        pd.DataFrame({"date": ["2025-10-31"]}),  # events without an as_of: their date
        pd.DataFrame({"as_of": ["2016-01"], "date": ["2030-01-01"]}),  # as_of wins over an event date
        pd.DataFrame({"year": [2031]}),  # undated
    ]
    assert data_version(frames) == "2025-10-31"
    assert data_version([pd.DataFrame({"year": [2031]})]) is None


def test_data_version_of_the_real_data_is_a_date_no_later_than_today():
    frames = [load_layer(key).frame for key in LAYERS] + [load_table(key).frame for key in TABLES]
    version = data_version(frames)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", version)
    assert version <= date.today().isoformat()


@pytest.mark.parametrize(
    "state",
    [
        FilterState(),
        FilterState.of(prefectures=["47"]),
        FilterState.of(prefectures=["47", "14"], services=["Navy"], categories=["2-4(b)"], include_returned=True),
        FilterState.of(view="shade-area"),
    ],
)
def test_the_view_url_reopens_the_same_view(state):
    url = view_url("http://127.0.0.1:8501/", state)
    assert url.startswith("http://127.0.0.1:8501/")
    reopened, ignored = parse_query(parse_qs(urlsplit(url).query))
    assert reopened == state
    assert ignored.count == 0


def test_the_view_url_of_the_whole_atlas_has_no_query():
    assert view_url("http://127.0.0.1:8501/", FilterState()) == "http://127.0.0.1:8501/"
    assert view_url("http://h/", FilterState.of(prefectures=["47"])) == "http://h/?prefecture=Okinawa"
    assert view_url("http://h:8501", FilterState.of(prefectures=["47"])) == "http://h:8501/?prefecture=Okinawa"
    assert view_url("http://h/Downloads", FilterState()) == "http://h/Downloads"


def test_citation_names_authors_year_version_data_date_link_and_access_date():
    text = citation("2026-08-28", "http://h/?prefecture=Okinawa", date(2026, 11, 30), "0.1.0")
    assert text == (
        "U.S.–Japan alliance atlas contributors (2026). U.S.–Japan alliance atlas (version 0.1.0; data as of "
        "2026-08-28) [data set and software]. http://h/?prefecture=Okinawa (accessed 2026-11-30)."
    )
    assert "(n.d.)" in citation(None, "http://h/", date(2026, 11, 30), "0.1.0")


def test_citation_cff_has_the_required_keys_and_valid_values(cff):
    assert all(key in cff for key in CFF_REQUIRED)
    assert cff["cff-version"] == "1.2.0"
    assert isinstance(cff["message"], str)
    assert cff["type"] == "software"
    assert cff["license"] == "MIT"
    assert isinstance(cff["abstract"], str)
    assert isinstance(cff["date-released"], str)
    date.fromisoformat(cff["date-released"])
    assert "repository-code" not in cff  # not known: left out rather than guessed


def test_citation_cff_says_what_the_app_says(cff):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["title"] == APP_NAME
    assert cff["authors"] == [{"name": AUTHORS}]
    assert cff["version"] == project["version"]
    assert cff["license"] == project["license"]
