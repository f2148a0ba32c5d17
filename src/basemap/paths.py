"""Where the repository's files are: data folders and the folder the app serves as static files.

One home for every path, so the layers below the app never guess a location; the URL under which
the static folder is served is not here: it belongs to whoever serves it and is passed in.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data" / "geo"
SCHEMA_DIR = DATA_DIR / "schema"
TABLE_DIR = ROOT / "data" / "tables"
STATIC_DIR = ROOT / "static"
