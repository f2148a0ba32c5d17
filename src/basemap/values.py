"""Rules every layer applies: when a value counts as missing ("not published"), what a published
number is, and when a record has a location to draw. One home each, so a table, a popup, a figure and a download agree.
"""

from __future__ import annotations

import math
from numbers import Real

import pandas as pd


def is_missing(value: object) -> bool:
    """True for a value no source gives: None, NaN, pandas' NA, an empty text or an empty list."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (str, list, tuple)):
        return len(value) == 0
    return False


def number(value: object) -> float | None:
    """A published number as a float (numpy numbers too); None when missing or not a number."""
    return float(value) if isinstance(value, Real) and not is_missing(value) else None


def published(values: pd.Series) -> pd.Series:
    """True where a value is published (not missing)."""
    return ~values.map(is_missing).astype(bool)


def located(frame: pd.DataFrame) -> pd.Series:
    """True where a record of a GeoDataFrame has a geometry to draw (null and empty ones have none)."""
    geometry = frame.geometry
    return pd.Series([g is not None and not g.is_empty for g in geometry], index=frame.index, dtype=bool)
