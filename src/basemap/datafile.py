"""Reading a data file safely: every failure is a DataError that names the file; the records of a
file load one by one (Loaded), with the value rules every file kind shares.

A file is refused before it is read when it is over the size limit, and its text must be UTF-8, so a
wrong, truncated or re-encoded file gives one clear message instead of a traceback or a stall.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from basemap.paths import MAX_FILE_BYTES

_MESSAGE_LIMIT = 300  # a message quoting a huge value is cut: the record and field say where to look


@dataclass(frozen=True)
class Problem:
    file: str
    feature: str | None  # a feature id, or "row N" in a table
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.feature is not None:
            where.append(self.feature if self.feature.startswith("row ") else f"feature {self.feature}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class DataError(ValueError):
    """A data file that cannot be used at all; holds every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"- {p}" for p in problems[:20])
        more = f"\n- ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s):\n{shown}{more}")


def cut(message: str) -> str:
    """A message short enough to show, however long the value it quotes."""
    return message if len(message) <= _MESSAGE_LIMIT else message[:_MESSAGE_LIMIT] + " …"


def read_text(path: Path) -> str:
    """A data file's text, or DataError naming it: missing, oversized, empty or not UTF-8."""
    file = path.name

    def fail(message: str) -> DataError:
        return DataError([Problem(file, None, None, message)])

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise fail(
                f"{size / 2**20:.1f} MB, over the {MAX_FILE_BYTES / 2**20:.0f} MB limit for a data file "
                "(a wrong file? the data files are well under 1 MB)"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail(f"file not found ({path})") from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise fail("empty file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(
            f"not UTF-8 text (byte {exc.start} of {len(raw)}): saved in another encoding such as Shift-JIS? "
            "Save it as UTF-8"
        ) from None


def read_json(path: Path) -> Any:
    """A data file's JSON document, or DataError naming it (see read_text; truncated or broken JSON)."""
    return parse_json(read_text(path), path.name)


def parse_json(text: str, file: str) -> Any:
    """The JSON document in a data file's text, or DataError naming the file (truncated or broken JSON)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string")
        truncated = " (the file looks truncated)" if at_end else ""
        message = f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{truncated}"
        raise DataError([Problem(file, None, None, message)]) from None
    except RecursionError:
        raise DataError([Problem(file, None, None, "not usable JSON: nested too deeply")]) from None


# C0/C1 control characters other than tab and line breaks (NUL, ESC, DEL ...): never text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


Frame = TypeVar("Frame")


@dataclass(frozen=True)
class Loaded(Generic[Frame]):
    """A file's good records, and the problems of the records set aside (empty when all loaded)."""

    frame: Frame
    problems: tuple[Problem, ...] = ()
    set_aside: int = 0  # how many records were left out


def values(value: Any, field: str) -> Iterator[tuple[str, Any]]:
    """Every scalar in a record's value, with the top-level field it sits in."""
    if isinstance(value, dict):
        for item in value.values():
            yield from values(item, field)
    elif isinstance(value, list):
        for item in value:
            yield from values(item, field)
    else:
        yield field, value


def value_problems(record: dict, file: str, rid: str) -> list[Problem]:
    """Values no schema type rules out: non-finite numbers (NaN, inf) and control characters in text.

    One rule for layers and tables.
    """
    problems = []
    for name, value in record.items():
        for field, scalar in values(value, str(name)):
            if isinstance(scalar, float) and not math.isfinite(scalar):
                problems.append(Problem(file, rid, field, f"{scalar} is not a finite number"))
                break
            control = _CONTROL.search(scalar) if isinstance(scalar, str) else None
            if control:
                problems.append(Problem(file, rid, field, f"contains the control character U+{ord(control[0]):04X}"))
                break
    return problems
