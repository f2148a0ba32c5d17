"""The corrupted-file matrix: every data file kind × the ways a file gets broken.

Each corruption turns a file's bytes into broken bytes and says what the loader must name: the
file alone (it cannot be used at all), or the record and field of the record set aside.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass

from basemap.catalog import LAYERS
from basemap.datafile import DataError, Problem
from basemap.load import load_layer
from basemap.paths import MAX_FILE_BYTES, ROOT
from basemap.reconcile import load_totals
from basemap.tables import TABLES, load_table

FILE = "file"  # the whole file is refused: a DataError naming it
SOME = "some"  # a named problem, file-level or a record set aside (which depends on where the cut falls)


@dataclass(frozen=True)
class DataFile:
    key: str
    path: str  # under the data folder
    load: Callable[[], object]  # reads the file from the current data folder

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


DATA_FILES = {
    **{key: DataFile(key, f"geo/{layer.filename}", lambda key=key: load_layer(key)) for key, layer in LAYERS.items()},
    **{key: DataFile(key, f"tables/{key}.csv", lambda key=key: load_table(key)) for key in TABLES},
    "mod_totals": DataFile("mod_totals", "tables/mod_totals.json", load_totals),
}

# What a corruption did: FILE, SOME, or (record, field) of the record that must be set aside.
Expected = str | tuple[str, str | None]
Corruption = Callable[[DataFile, bytes], tuple[bytes, Expected]]


def _text(raw: bytes) -> str:
    return raw.decode("utf-8-sig")


# --- any file -------------------------------------------------------------------------------------


def utf16(data: DataFile, raw: bytes) -> tuple[bytes, Expected]:
    return _text(raw).encode("utf-16"), FILE


def shift_jis(data: DataFile, raw: bytes) -> tuple[bytes, Expected]:
    return _text(raw).encode("cp932", errors="xmlcharrefreplace"), FILE


def truncated(data: DataFile, raw: bytes) -> tuple[bytes, Expected]:
    """Cut before the first comma past the middle, so a record loses a cell (a CSV cut between two
    rows, or in its last cell, is a shorter valid table, which no reader can tell)."""
    text = _text(raw)
    return text[: text.index(",", len(text) // 2)].encode(), SOME if data.path.endswith(".csv") else FILE


def empty(data: DataFile, raw: bytes) -> tuple[bytes, Expected]:
    return b"", FILE


def oversize(data: DataFile, raw: bytes) -> tuple[bytes, Expected]:
    return raw + b" " * (MAX_FILE_BYTES + 1 - len(raw)), FILE  # valid content, only too big


def nul_byte(data: DataFile, raw: bytes) -> tuple[bytes, Expected]:
    if data.path.endswith(".csv"):
        return _csv_cell(raw, _first(data, "string"), "a\x00b", expected=None)
    text = _text(raw)
    middle = text.index('"', len(text) // 2) + 1  # inside a JSON string: an invalid control character
    return (text[:middle] + "\x00" + text[middle:]).encode(), FILE


# --- GeoJSON layers ---------------------------------------------------------------------------------


def _feature_edit(edit: Callable[[dict, str], str], located: bool = False) -> Corruption:
    """A corruption of the first feature (with a geometry, if `located`); `edit` changes it and
    returns the field it broke."""

    def corrupt(data: DataFile, raw: bytes) -> tuple[bytes, Expected]:
        doc = json.loads(raw)
        feature = next(f for f in doc["features"] if f["geometry"] or not located)
        record = str(feature["properties"][LAYERS[data.key].id_field])
        field = edit(feature, LAYERS[data.key].id_field)
        return json.dumps(doc, ensure_ascii=False).encode(), (record, field)

    return corrupt


def _text_field(feature: dict, id_field: str) -> str:
    return next(k for k, v in feature["properties"].items() if isinstance(v, str) and k != id_field)


def _wrong_type(feature: dict, id_field: str) -> str:
    name = _text_field(feature, id_field)
    feature["properties"][name] = 12345
    return name


def _escaped_nul(feature: dict, id_field: str) -> str:
    name = _text_field(feature, id_field)
    feature["properties"][name] += "\x00"  # written as \u0000: valid JSON, invalid text
    return name


def _positions(coordinates):
    """The innermost [lon, lat] lists of GeoJSON coordinates."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield coordinates
    else:
        for part in coordinates:
            yield from _positions(part)


def _non_finite(feature: dict, id_field: str) -> str:
    next(_positions(feature["geometry"]["coordinates"]))[0] = math.nan
    return "geometry"


def _swapped(feature: dict, id_field: str) -> str:
    for position in _positions(feature["geometry"]["coordinates"]):
        position[0], position[1] = position[1], position[0]
    return "geometry"


def _zero(feature: dict, id_field: str) -> str:
    feature["geometry"] = {"type": "Point", "coordinates": [0, 0]}
    return "geometry"


def _invalid_geometry(feature: dict, id_field: str) -> str:
    geometry = feature["geometry"]
    if geometry["type"] in ("Polygon", "MultiPolygon"):
        rings = geometry["coordinates"] if geometry["type"] == "Polygon" else geometry["coordinates"][0]
        rings[0] = rings[0][:-1]  # an unclosed ring
    else:
        geometry["coordinates"] = ["east", "north"]
    return "geometry"


# --- CSV tables -------------------------------------------------------------------------------------


def _columns(data: DataFile, kind: str) -> list[str]:
    """The columns of a table whose schema type is `kind`."""
    properties = json.loads(TABLES[data.key].schema_path.read_text(encoding="utf-8"))["properties"]
    types = {name: spec.get("type") for name, spec in properties.items()}
    return [name for name, t in types.items() if kind in ({t} if isinstance(t, str) else set(t or ()))]


def _first(data: DataFile, kind: str) -> str:
    """The first column of a table whose schema type is `kind` (an integer one if it has no "number")."""
    columns = _columns(data, kind)
    if not columns and kind == "number":
        return _first(data, "integer")
    return columns[0]


def _csv_cell(raw: bytes, column: str, value: str, expected: str | None) -> tuple[bytes, Expected]:
    """The table with `value` in `column` of its first data row (spreadsheet row 2)."""
    rows = list(csv.DictReader(io.StringIO(_text(raw), newline="")))
    rows[0][column] = value
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(), ("row 2", column) if expected is None else expected


def csv_wrong_type(data: DataFile, raw: bytes) -> tuple[bytes, Expected]:
    return _csv_cell(raw, _first(data, "integer"), "twelve", expected=None)


def csv_non_finite(data: DataFile, raw: bytes) -> tuple[bytes, Expected]:
    return _csv_cell(raw, _first(data, "number"), "inf", expected=None)


def csv_huge_cell(data: DataFile, raw: bytes) -> tuple[bytes, Expected]:
    return _csv_cell(raw, "source", "x" * 140_000, expected=FILE)  # over csv's 128 KiB field limit


ANY_FILE: dict[str, Corruption] = {
    "utf16": utf16,
    "shift-jis": shift_jis,
    "truncated": truncated,
    "empty": empty,
    "oversize": oversize,
    "nul-byte": nul_byte,
}
LAYER_RECORDS: dict[str, Corruption] = {
    "wrong-type": _feature_edit(_wrong_type),
    "escaped-nul": _feature_edit(_escaped_nul),
    "non-finite": _feature_edit(_non_finite, located=True),
    "swapped-lat-lon": _feature_edit(_swapped, located=True),
    "zero-point": _feature_edit(_zero, located=True),
    "invalid-geometry": _feature_edit(_invalid_geometry, located=True),
}
TABLE_ROWS: dict[str, Corruption] = {
    "wrong-type": csv_wrong_type,
    "non-finite": csv_non_finite,
    "huge-cell": csv_huge_cell,
}


def _ascii_in_shift_jis(data: DataFile) -> bool:
    """The file in Shift-JIS is plain ASCII (it is ASCII, or its only other characters are ones
    Shift-JIS lacks, which become character references): a UTF-8 reader rightly reads it."""
    raw = (ROOT / "data" / data.path).read_bytes()
    return shift_jis(data, raw)[0].isascii()


def corruptions(key: str) -> dict[str, Corruption]:
    """Every corruption that applies to a data file."""
    kinds = dict(ANY_FILE)
    if _ascii_in_shift_jis(DATA_FILES[key]):
        del kinds["shift-jis"]  # ASCII bytes in Shift-JIS: not a corruption
    if key in TABLES and not _columns(DATA_FILES[key], "integer"):  # a table of text only (series names)
        return kinds | {"huge-cell": csv_huge_cell}
    return kinds | (LAYER_RECORDS if key in LAYERS else TABLE_ROWS if key in TABLES else {})


def matrix() -> list[tuple[str, str]]:
    """(data file key, corruption name) for every corruption that applies to the file."""
    return [(key, name) for key in DATA_FILES for name in corruptions(key)]


def corrupt(root, key: str, name: str) -> Expected:
    """Break one file in the data folder `root` (a temporary copy); returns what must be named."""
    data = DATA_FILES[key]
    corruption = corruptions(key)[name]
    path = root / data.path
    broken, expected = corruption(data, path.read_bytes())
    path.write_bytes(broken)
    return expected


def problems_of(key: str) -> tuple[list[Problem], bool]:
    """(problems named when loading the file, whether the whole file was refused)."""
    try:
        loaded = DATA_FILES[key].load()
    except DataError as err:
        return err.problems, True
    return list(getattr(loaded, "problems", ())), False
