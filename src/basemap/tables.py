"""The figure tables (personnel and its series, host-nation support, SMA periods, exchange rates): read, typed,
validated row by row.

CSV keeps the tables editable by hand and readable in a spreadsheet; each has a JSON Schema in
``data/tables/schema/`` and a broken cell is reported by file, row and field, like the layers.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from basemap.datafile import DataError, Loaded, Problem, cut, read_text, value_problems
from basemap.i18n import N_
from basemap.paths import TABLE_DIR, data_path
from basemap.verdicts import Verdict, cached_verdict, verdict_key


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    description: str

    @property
    def path(self) -> Path:
        return data_path("tables", f"{self.key}.csv")

    @property
    def schema_path(self) -> Path:
        return TABLE_DIR / "schema" / f"{self.key}.schema.json"


TABLES: dict[str, Table] = {
    table.key: table
    for table in (
        Table(
            "personnel",
            N_("U.S. military personnel in Japan"),
            N_("Published counts by year, area, service and series."),
        ),
        Table(
            "personnel_series",
            N_("Personnel series: names and definitions"),
            N_(
                "One row per series of the personnel table: its plain name, role (main or other), definition "
                "and source."
            ),
        ),
        Table(
            "host_nation_support",
            N_("Japan's host-nation support and related budgets"),
            N_(
                "億円 by Japanese fiscal year, series and category, with the budget basis of each figure.",
            ),
        ),
        Table("sma_periods", N_("Special Measures Agreements"), N_("Periods, signing dates and agreed totals.")),
        Table("exchange_rates", N_("Yen per U.S. dollar"), N_("Annual averages with their source.")),
    )
}


def _types(spec: dict) -> set[str]:
    kind = spec.get("type", "string")
    return {kind} if isinstance(kind, str) else set(kind)


def _convert(value: str, spec: dict) -> Any:
    """A CSV cell as the type its schema asks for; empty cells are null. Raises ValueError."""
    kinds = _types(spec)
    if value == "":
        return None
    if "integer" in kinds:
        return int(value)
    if "number" in kinds:
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        return number
    if "boolean" in kinds:
        if value.lower() not in ("true", "false"):
            raise ValueError("expected true or false")
        return value.lower() == "true"
    return value


def _read_rows(text: str, file: str, properties: dict, required: list[str]) -> list[dict]:
    """The data rows; DataError naming the file when it cannot be read as this table."""
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
        unknown = [name for name in header if name not in properties]
        missing = [name for name in required if name not in header]
        if unknown or missing:
            message = f"the header has unknown columns {unknown} and lacks required columns {missing}"
            raise DataError([Problem(file, None, None, cut(message))])
        return list(reader)
    except csv.Error as exc:
        raise DataError(
            [Problem(file, None, None, f"not readable as CSV after line {reader.line_num}: {exc}")]
        ) from None


def _row_problems(row: dict, properties: dict, file: str, where: str) -> tuple[dict[str, Any], list[Problem]]:
    """A row as a typed record, and its problems (each names the field)."""
    if None in row:
        return {}, [Problem(file, where, None, "more cells than the header has columns (an unquoted comma?)")]
    if None in row.values():
        return {}, [Problem(file, where, None, "fewer cells than the header has columns (a truncated row?)")]
    record: dict[str, Any] = {}
    problems = value_problems(row, file, where)
    for name, value in row.items():
        try:
            record[name] = _convert(value.strip(), properties[name])
        except ValueError as exc:
            kind = " or ".join(sorted(_types(properties[name]) - {"null"}))
            problems.append(Problem(file, where, name, cut(f"{value!r} is not a valid {kind}: {exc}")))
    return {k: v for k, v in record.items() if v is not None or "null" in _types(properties[k])}, problems


def _where(index: int) -> str:
    return f"row {index + 2}"  # as a spreadsheet numbers it, the header being row 1


def _verdict(records: list[tuple[dict[str, Any], list[Problem]]], schema: dict, file: str) -> Verdict:
    """The rows to set aside (index: problems): a cell that is not of its type, or a record against the schema."""
    import jsonschema  # here: a cached verdict (basemap.verdicts) needs no validator

    validator = jsonschema.Draft202012Validator(schema)
    verdict: Verdict = {}
    for index, (record, converted) in enumerate(records):
        found = list(converted)
        if not found:
            for error in validator.iter_errors(record):
                if error.validator == "required":
                    found.append(Problem(file, _where(index), error.message.split("'")[1], "missing (required)"))
                else:
                    field = str(error.path[0]) if error.path else None
                    found.append(Problem(file, _where(index), field, cut(error.message)))
        if found:
            verdict[index] = found
    return verdict


def load_table(key: str, path: Path | None = None) -> Loaded[pd.DataFrame]:
    """One table, typed and validated row by row: the good rows, and the problems (file, row, field)
    of the rows set aside (validated once per data version: basemap.verdicts). Raises DataError naming
    the file when it cannot be read or no row is usable."""
    table = TABLES[key]
    path = path or table.path
    file = path.name
    text, schema_bytes = read_text(path), table.schema_path.read_bytes()
    schema = json.loads(schema_bytes)
    properties = schema["properties"]
    rows = _read_rows(text, file, properties, schema.get("required", []))
    records = [_row_problems(row, properties, file, _where(index)) for index, row in enumerate(rows)]
    cache_key = verdict_key([text.encode(), file.encode(), schema_bytes])
    found = cached_verdict(cache_key, lambda: _verdict(records, schema, file))
    problems = [p for index in sorted(found) for p in found[index]]
    good = [record for index, (record, _) in enumerate(records) if index not in found]
    if not good:
        problems.append(Problem(file, None, None, "no usable rows: a table needs at least one figure"))
        raise DataError(problems)
    return Loaded(pd.DataFrame.from_records(good, columns=list(properties)), tuple(problems), len(found))
