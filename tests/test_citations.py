"""Every citation in every data file names the original publication, never a listed mirror or scraper."""

import csv
import json

import pytest

from basemap.citations import (
    citations,
    load_mirror_domains,
    mirror_citations,
    mirror_domains_in,
    parse_mirror_domains,
)
from basemap.paths import DATA_DIR

DATA_ROOT = DATA_DIR.parent
DATA_FILES = sorted(
    [*DATA_ROOT.glob("geo/*.geojson"), *DATA_ROOT.glob("tables/*.csv"), *DATA_ROOT.glob("tables/*.json")]
)


def _records(path):
    """(record label, record) of a data file: GeoJSON feature properties, CSV rows, or the JSON document."""
    if path.suffix == ".geojson":
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        return [(str(f["properties"].get("id", i)), f["properties"]) for i, f in enumerate(features)]
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return [(f"row {i + 2}", row) for i, row in enumerate(csv.DictReader(handle))]
    return [("document", json.loads(path.read_text(encoding="utf-8")))]


def test_mirror_list_is_parsed_with_its_comments():
    domains = load_mirror_domains()
    assert {"wikiwand.com", "docsplayer.net", "profilpelajar.com", "geocities.jp"} <= domains
    assert not any("#" in d or " " in d for d in domains)
    assert parse_mirror_domains("# heading\n\nwikimili.com  # copy\n") == {"wikimili.com"}


def test_a_malformed_list_line_is_an_error_naming_the_line():
    with pytest.raises(ValueError, match="line 2"):
        parse_mirror_domains("wikimili.com\nnot a domain\n")


def test_mirror_domains_match_hosts_subdomains_and_bare_mentions_only():
    domains = {"wikiwand.com", "cache.yimg.jp", "weblio.jp"}
    assert mirror_domains_in("https://www.wikiwand.com/ja/articles/x", domains) == ["wikiwand.com"]
    assert mirror_domains_in("https://www-pref-kanagawa-jp.cache.yimg.jp/docs/a.html", domains) == ["cache.yimg.jp"]
    assert mirror_domains_in("read at weblio.jp (2022 copy)", domains) == ["weblio.jp"]
    assert mirror_domains_in("https://ja.wikipedia.org/wiki/キャンプ・シュワブ", domains) == []
    assert mirror_domains_in("https://notwikiwand.com/x and a weblio page", domains) == []


def test_a_synthetic_record_citing_a_listed_mirror_is_caught_but_its_notes_are_not():
    domains = load_mirror_domains()
    record = {
        "id": "JP-test",
        "sources": ["https://en.wikipedia.org/wiki/Camp_Hansen", "https://wikimili.com/en/Camp_Hansen"],
        "coord_source": "https://profilpelajar.com/en/Camp_Hansen",
        "area_history": [{"area_km2": 1.0, "source": "https://docsplayer.net/1-x.html"}],
        "events": [{"date": "2000", "source": "https://en.wikipedia.org/wiki/Camp_Hansen"}],
        "notes": "read via a stored copy at https://wikimili.com/en/Camp_Hansen",
    }
    assert mirror_citations(record, domains) == [
        ("sources[1]", "wikimili.com"),
        ("coord_source", "profilpelajar.com"),
        ("area_history[0].source", "docsplayer.net"),
    ]
    assert ("notes", record["notes"]) not in list(citations(record))


def test_the_data_files_are_all_checked():
    names = {p.name for p in DATA_FILES}
    assert {"facilities.geojson", "flashpoints.geojson", "missile_events.geojson", "personnel.csv"} <= names
    assert {"host_nation_support.csv", "exchange_rates.csv", "sma_periods.csv", "mod_totals.json"} <= names


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_no_citation_names_a_mirror(path):
    domains = load_mirror_domains()
    bad = [
        f"{path.name}, {label}, field {field!r}: cites {domain}"
        for label, record in _records(path)
        for field, domain in mirror_citations(record, domains)
    ]
    assert not bad, "cite the original, note the copy read:\n" + "\n".join(bad)
