"""The documentation names everything a user can type or get: every URL parameter (from the filter
specs), every map view, every field of every layer schema and every download format (from the
format registry). A new filter, view, field or format without its line in the docs fails here."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from basemap.export.formats import LAYER_FORMATS, VIEW_FORMATS
from basemap.filters import CHOICES, MAP_VIEWS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
GEO_README = (ROOT / "data" / "geo" / "README.md").read_text(encoding="utf-8")
SCHEMAS = sorted((ROOT / "data" / "geo" / "schema").glob("*.schema.json"))


def code_spans(text: str) -> set[str]:
    """The Markdown code spans of a text (`like this`), without their backticks."""
    return set(re.findall(r"`([^`\n]+)`", text))


def schema_fields(schema: object) -> list[str]:
    """Every property name of a JSON Schema, nested ones too (e.g. the fields of a list's items)."""
    fields: list[str] = []
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                fields += list(value)
                for sub in value.values():
                    fields += schema_fields(sub)
            else:
                fields += schema_fields(value)
    elif isinstance(schema, list):
        for item in schema:
            fields += schema_fields(item)
    return list(dict.fromkeys(fields))


def undocumented_params(text: str, params: Iterable[str]) -> list[str]:
    """URL parameters the text never shows as `name=`."""
    return [param for param in params if f"{param}=" not in text]


def undocumented_views(text: str, views: Iterable[str]) -> list[str]:
    """Map views the text never shows as a code span of their own (`shade-count`) or as `view=...`."""
    spans = code_spans(text)
    return [view for view in views if view not in spans and f"view={view}" not in text]


def undocumented_fields(text: str, fields: Iterable[str]) -> list[str]:
    """Schema fields the text never names as a code span (`area_km2`)."""
    spans = code_spans(text)
    return [field for field in fields if field not in spans]


def undocumented_formats(text: str, formats: Iterable[tuple[str, str]]) -> list[str]:
    """(label, extension) of formats the text does not name both of."""
    spans = code_spans(text)
    return [label for label, extension in formats if label not in text or f".{extension}" not in spans]


def test_every_url_parameter_is_in_the_readme():
    assert undocumented_params(README, [choice.param for choice in CHOICES]) == []


def test_every_map_view_is_in_the_readme():
    assert undocumented_views(README, MAP_VIEWS) == []


def test_every_schema_field_is_in_the_layer_readme():
    assert SCHEMAS
    missing = {
        path.name: undocumented_fields(GEO_README, schema_fields(json.loads(path.read_text(encoding="utf-8"))))
        for path in SCHEMAS
    }
    assert {name: fields for name, fields in missing.items() if fields} == {}


def test_every_download_format_is_in_the_readme():
    formats = [(f.label, f.extension) for f in (*LAYER_FORMATS, *VIEW_FORMATS)]
    assert formats
    assert undocumented_formats(README, formats) == []


def test_each_check_finds_a_missing_item():
    """The checks above can fail: each one, given docs that miss one item, names exactly that item."""
    docs = "Links: `?prefecture=47`, `view=shade-count`, `facilities`. Fields: `id`, `name_en`. GeoJSON (`.geojson`)."
    assert undocumented_params(docs, ["prefecture", "municipality"]) == ["municipality"]
    assert undocumented_views(docs, ["facilities", "shade-count", "heatmap"]) == ["heatmap"]
    schema = {
        "properties": {
            "id": {"type": "string"},
            "events": {"type": "array", "items": {"properties": {"date": {}, "name_en": {}}}},
        }
    }
    assert schema_fields(schema) == ["id", "events", "date", "name_en"]
    assert undocumented_fields(docs, schema_fields(schema)) == ["events", "date"]
    assert undocumented_formats(docs, [("GeoJSON", "geojson"), ("KML", "kml"), ("CSV", "geojson")]) == [
        "KML",
        "CSV",
    ]
    assert undocumented_fields("a word id in prose, not code", ["id"]) == ["id"]
