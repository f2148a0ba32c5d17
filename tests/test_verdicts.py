"""The validation verdict cache: a hit skips validation, any change to the inputs is a miss, and a
broken or unwritable cache only costs time."""

from __future__ import annotations

import json

import pytest

from basemap import load
from basemap.datafile import Problem
from basemap.verdicts import KEEP, cached_verdict, verdict_key
from tests.factories import collection, facility_feature

PROBLEM = Problem("facilities.geojson", "FAC0002", "service", "'Space Force' is not one of the services")


class Counting:
    """A validate() that counts its calls."""

    def __init__(self, verdict):
        self.calls, self.verdict = 0, verdict

    def __call__(self):
        self.calls += 1
        return self.verdict


def test_second_call_is_a_hit_with_the_same_problems():
    validate = Counting({1: [PROBLEM]})
    key = verdict_key([b"file", b"schema"])
    assert cached_verdict(key, validate) == {1: [PROBLEM]}
    assert cached_verdict(key, validate) == {1: [PROBLEM]}
    assert validate.calls == 1


def test_every_input_is_part_of_the_key():
    keys = {verdict_key(parts) for parts in ([b"a", b"b"], [b"a", b"c"], [b"x", b"b"], [b"ab"], [b"a", b"b", b""])}
    assert len(keys) == 5


def test_unreadable_cache_file_is_a_miss(verdict_cache):
    key = verdict_key([b"file"])
    (verdict_cache / "verdicts").mkdir()
    (verdict_cache / "verdicts" / f"{key}.json").write_text("{not json", encoding="utf-8")
    validate = Counting({})
    assert cached_verdict(key, validate) == {}
    assert validate.calls == 1
    assert json.loads((verdict_cache / "verdicts" / f"{key}.json").read_text(encoding="utf-8")) == {}


def test_unwritable_cache_still_gives_the_verdict(verdict_cache, monkeypatch):
    from basemap import paths

    blocker = verdict_cache / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(paths, "CACHE_DIR", blocker)  # verdicts/ cannot be made under a file
    validate = Counting({0: [PROBLEM]})
    assert cached_verdict(verdict_key([b"f"]), validate) == {0: [PROBLEM]}
    assert cached_verdict(verdict_key([b"f"]), validate) == {0: [PROBLEM]}
    assert validate.calls == 2


def test_only_the_newest_verdicts_are_kept(verdict_cache):
    for n in range(KEEP + 3):
        cached_verdict(verdict_key([str(n).encode()]), dict)
    assert len(list((verdict_cache / "verdicts").glob("*.json"))) == KEEP


@pytest.fixture
def counted_validation(monkeypatch):
    calls = []
    validate = load.validate_features

    def counting(*args, **kwargs):
        calls.append(args[2])
        return validate(*args, **kwargs)

    monkeypatch.setattr(load, "validate_features", counting)
    return calls


def test_load_layer_validates_an_unchanged_file_once(write_geojson, counted_validation):
    doc = collection(facility_feature("FAC0001"), facility_feature("FAC0002", service="Space Force"))
    path = write_geojson(doc)
    first = load.load_layer("facilities", path)
    second = load.load_layer("facilities", path)
    assert counted_validation == ["facilities.geojson"]
    assert second.problems == first.problems
    assert second.set_aside == 1
    assert list(second.frame["id"]) == ["FAC0001"]


def test_load_layer_validates_a_changed_file_again(write_geojson, counted_validation):
    path = write_geojson(collection(facility_feature("FAC0001"), facility_feature("FAC0002", service="Space Force")))
    load.load_layer("facilities", path)
    write_geojson(collection(facility_feature("FAC0001"), facility_feature("FAC0002")))
    fixed = load.load_layer("facilities", path)
    assert len(counted_validation) == 2
    assert fixed.set_aside == 0
    assert list(fixed.frame["id"]) == ["FAC0001", "FAC0002"]


def test_same_bytes_under_another_name_name_their_own_file(write_geojson, counted_validation):
    doc = collection(facility_feature("FAC0001"), facility_feature("FAC0002", service="Space Force"))
    load.load_layer("facilities", write_geojson(doc))
    other = load.load_layer("facilities", write_geojson(doc, "other.geojson"))
    assert {p.file for p in other.problems} == {"other.geojson"}
