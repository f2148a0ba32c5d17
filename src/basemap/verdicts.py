"""Validation verdicts cached on disk, so a large layer (or a table) is validated once per data version.

Validating 10,000 facility records (JSON schema, geometry, location checks) costs seconds of CPU; the
verdict (which records to set aside, and their problems) depends only on the file's bytes, its
name, the schema, the location exceptions, the validating code and the libraries it calls. All of
those make the key, so any change is a miss and the file is validated again. A cache that cannot be
read or written is skipped: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from importlib.metadata import version
from pathlib import Path

from basemap import paths
from basemap.datafile import Problem

Verdict = dict[int, list[Problem]]  # index of a record set aside: its problems

# The modules whose code decides a verdict, and the libraries they call.
_CODE = ("load", "tables", "datafile", "locate", "prefectures", "catalog", "values", "verdicts")
_LIBRARIES = ("jsonschema", "shapely", "reversejp")
KEEP = 32  # verdict files kept (the newest); older data versions are validated again if they come back


@cache
def code_version() -> str:
    """A hash of the validating modules' source and the versions of the libraries they use."""
    digest = hashlib.sha256()
    for name in _CODE:
        digest.update(Path(paths.ROOT, "src", "basemap", f"{name}.py").read_bytes())
    for library in _LIBRARIES:
        digest.update(f"{library}=={version(library)}".encode())
    return digest.hexdigest()


def verdict_key(parts: Iterable[bytes]) -> str:
    """The cache key of a verdict: its inputs (file bytes, name, schema, exceptions) and the code version."""
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _read(path: Path) -> Verdict | None:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return {int(index): [Problem(*fields) for fields in problems] for index, problems in stored.items()}
    except (OSError, ValueError, TypeError):
        return None  # absent, or unreadable: validate again


def _write(path: Path, verdict: Verdict) -> None:
    stored = {
        str(index): [[p.file, p.feature, p.field, p.message] for p in problems] for index, problems in verdict.items()
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False, suffix=".tmp") as out:
            json.dump(stored, out, ensure_ascii=False)
        os.replace(out.name, path)  # whole or not at all, even with several processes
        for old in sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk: the verdict is still returned, only not kept


def cached_verdict(key: str, validate: Callable[[], Verdict]) -> Verdict:
    """The stored verdict for `key`, or validate() stored under it."""
    path = paths.CACHE_DIR / "verdicts" / f"{key}.json"
    verdict = _read(path)
    if verdict is None:
        verdict = validate()
        _write(path, verdict)
    return verdict
