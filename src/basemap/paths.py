"""Where the repository's files are: data folders and the folder the app serves as static files.

One home for every path, so the layers below the app never guess a location; the URL under which
the static folder is served is not here: it belongs to whoever serves it and is passed in.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "data" / "geo"
SCHEMA_DIR = DATA_DIR / "schema"  # the program's contract with the data: always the repository's
TABLE_DIR = ROOT / "data" / "tables"
STATIC_DIR = ROOT / "static"

# The folder the app reads its data files from (geo/, tables/): the repository's data/, or a copy
# named by ATLAS_DATA_DIR (read once, here). Paths are built from it at call time (data_path), so
# tests can point it at a temporary copy; scripts that derive data files write to the repository's.
DATA_ROOT = Path(os.environ.get("ATLAS_DATA_DIR") or ROOT / "data")
# No data file is near this (the largest, prefectures.geojson, is about 0.5 MB); a bigger one is a
# wrong file, and reading it would cost minutes and gigabytes on every page. ATLAS_MAX_FILE_MB raises
# it for a data folder known to be larger (the benchmark's synthetic 10,000 facilities: about 25 MB).
MAX_FILE_BYTES = int(float(os.environ.get("ATLAS_MAX_FILE_MB") or 4) * 2**20)


def data_path(*parts: str) -> Path:
    """A data file the app reads, under DATA_ROOT: data_path("tables", "personnel.csv")."""
    return DATA_ROOT.joinpath(*parts)


# Where validation verdicts are kept between runs (basemap.verdicts; git-ignored). ATLAS_CACHE_DIR
# moves it, e.g. where the repository is read-only.
CACHE_DIR = Path(os.environ.get("ATLAS_CACHE_DIR") or ROOT / ".cache")
