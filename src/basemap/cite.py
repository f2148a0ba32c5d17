"""How to cite the atlas: its name, authors and version, the date of its data, and a citation of
one view (the link that reopens it). CITATION.cff in the repository says the same (a test checks)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlencode, urlsplit

import pandas as pd

from basemap.filters import FilterState
from basemap.state import to_query

APP_NAME = "U.S.–Japan alliance atlas"
AUTHORS = "U.S.–Japan alliance atlas contributors"
PACKAGE = "usfj-atlas"  # pyproject.toml [project] name
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@cache
def app_version() -> str:
    """The installed version of this project (pyproject.toml), so a file or a citation says which app made it.
    Looked up once per process (each look-up reads the installed packages' metadata: ~0.4 ms a rerun)."""
    try:
        return version(PACKAGE)
    except PackageNotFoundError:  # running from a checkout that was never `pip install -e .`-ed
        return "unknown (not installed)"


def data_version(frames: Iterable[pd.DataFrame]) -> str | None:
    """The data's version: the latest date a record says it describes (its `as_of`, or the `date`
    of an event where a layer has no as_of), over every layer and table given; None if none is dated."""
    dates = []
    for frame in frames:
        column = "as_of" if "as_of" in frame else "date" if "date" in frame else None
        if column is not None:
            dates += [str(v) for v in frame[column] if isinstance(v, str) and ISO_DATE.match(v)]
    return max(dates, default=None)


def view_url(page_url: str, state: FilterState) -> str:
    """The link that reopens a view: the page's address (a bare host gets its "/") with the filter as
    query parameters."""
    if urlsplit(page_url).netloc and not urlsplit(page_url).path:
        page_url += "/"
    query = urlencode(to_query(state), doseq=True)
    return f"{page_url}?{query}" if query else page_url


def citation(data_as_of: str | None, url: str, accessed: date, app: str | None = None) -> str:
    """A citation of one view of the atlas: authors, year and date of the data, version, link, access date."""
    year = data_as_of[:4] if data_as_of else "n.d."
    data = f"data as of {data_as_of}" if data_as_of else "data undated"
    return (
        f"{AUTHORS} ({year}). {APP_NAME} (version {app or app_version()}; {data}) [data set and software]. "
        f"{url} (accessed {accessed.isoformat()})."
    )
