"""Attribute tables for formats without list types (CSV, KML data, GeoPackage, dBase): list
values joined into one text, the same way in every format."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TypeGuard

import geopandas as gpd
import pandas as pd

LIST_SEPARATOR = " | "


def is_list(value: object) -> TypeGuard[list[object] | tuple[object, ...]]:
    return isinstance(value, (list, tuple))


def item_text(value: object) -> str:
    """A list item as text: objects (e.g. an area_history entry) as compact JSON."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value)


def joined(values: Iterable[object]) -> str:
    """A list value in a flat format (CSV cell, dBase or GeoPackage text field)."""
    return LIST_SEPARATOR.join(item_text(v) for v in values)


def attributes(data: pd.DataFrame) -> pd.DataFrame:
    """The attribute columns with list values joined (flat formats have no list type)."""
    frame = pd.DataFrame(data.drop(columns=data.geometry.name) if isinstance(data, gpd.GeoDataFrame) else data)
    for column in frame.columns:
        if frame[column].map(is_list).any():
            frame[column] = frame[column].map(lambda v: joined(v) if is_list(v) else v)
    return frame.reset_index(drop=True)


def is_text_column(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series) or series.dtype == object
