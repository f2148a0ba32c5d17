"""The figure tables (personnel, host-nation support, SMA periods, exchange rates): read, typed,
validated row by row.

CSV keeps the tables editable by hand and readable in a spreadsheet; each has a JSON Schema in
``data/tables/schema/`` and a broken cell is reported by file, row and field, like the layers.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pandas as pd

from basemap.load import DataError, Problem
from basemap.paths import TABLE_DIR


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    description: str

    @property
    def path(self) -> Path:
        return TABLE_DIR / f"{self.key}.csv"

    @property
    def schema_path(self) -> Path:
        return TABLE_DIR / "schema" / f"{self.key}.schema.json"


TABLES: dict[str, Table] = {
    table.key: table
    for table in (
        Table("personnel", "U.S. military personnel in Japan", "Published counts by year, area, service and series."),
        Table(
            "host_nation_support",
            "Japan's host-nation support and related budgets",
            "億円 by Japanese fiscal year, series and category, with the budget basis of each figure.",
        ),
        Table("sma_periods", "Special Measures Agreements", "Periods, signing dates and agreed totals."),
        Table("exchange_rates", "Yen per U.S. dollar", "Annual averages with their source."),
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
        return float(value)
    if "boolean" in kinds:
        if value.lower() not in ("true", "false"):
            raise ValueError("expected true or false")
        return value.lower() == "true"
    return value


def load_table(key: str, path: Path | None = None) -> pd.DataFrame:
    """One table, typed and validated; raises DataError naming the file, row and field."""
    table = TABLES[key]
    path = path or table.path
    schema = json.loads(table.schema_path.read_text(encoding="utf-8"))
    properties = schema["properties"]
    validator = jsonschema.Draft202012Validator(schema)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise DataError([Problem(path.name, None, None, f"file not found ({path})")]) from None
    problems: list[Problem] = []
    records = []
    for line, row in enumerate(rows, start=2):
        where = f"row {line}"
        record: dict[str, Any] = {}
        for name, value in row.items():
            if name is None or name not in properties:
                problems.append(Problem(path.name, where, str(name), "unexpected column (or an unquoted comma)"))
                continue
            try:
                record[name] = _convert((value or "").strip(), properties[name])
            except ValueError as exc:
                problems.append(
                    Problem(path.name, where, name, f"{value!r} is not a valid {properties[name]['type']}: {exc}")
                )
        record = {k: v for k, v in record.items() if v is not None or "null" in _types(properties[k])}
        for error in validator.iter_errors(record):
            field = error.path[0] if error.path else (error.message.split("'")[1] if "'" in error.message else None)
            problems.append(Problem(path.name, where, str(field) if field else None, error.message))
        records.append(record)
    if not records:
        problems.append(Problem(path.name, None, None, "no rows: a table needs at least one figure"))
    if problems:
        raise DataError(problems)
    return pd.DataFrame.from_records(records, columns=list(properties))
