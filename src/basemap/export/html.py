"""The offline HTML map download: the map page's view (thematic view, current and returned
facilities) plus the export's flashpoint layers, drawn by maps.standalone, with the export's
metadata in its info box."""

from __future__ import annotations

from collections.abc import Sequence

import folium
import geopandas as gpd
import pandas as pd

from basemap.cite import APP_NAME
from basemap.export.layers import ExportLayer
from basemap.export.meta import ExportMeta, metadata_lines
from basemap.filters import FilterState
from basemap.i18n import Language
from basemap.maps.base import view_for
from basemap.maps.facility_layer import view_groups
from basemap.maps.flashpoints import flashpoint_group, impact_group, rings_group
from basemap.maps.standalone import standalone_html

DESCRIPTION = "The map as shown, with its scripts and data inside; opens in any browser with no network."


def _extra_groups(layers: Sequence[ExportLayer], _: Language) -> list[folium.FeatureGroup]:
    """The flashpoint, missile-impact and range-ring layers of an export, drawn as on their page."""
    groups = []
    for layer in layers:
        if layer.name == "usfj-flashpoints":
            groups.append(flashpoint_group(layer.geodata, _=_))
        elif layer.name == "usfj-missile-impacts":
            groups.append(impact_group(layer.geodata, _=_))
        elif layer.name == "usfj-range-rings":
            groups.append(rings_group(layer.geodata, _=_))
    return groups


def to_html(
    land: gpd.GeoDataFrame | None,
    prefectures: gpd.GeoDataFrame | None,
    shown: gpd.GeoDataFrame,
    state: FilterState,
    layers: Sequence[ExportLayer],
    meta: ExportMeta,
    personnel: pd.DataFrame | None = None,
    footprints: gpd.GeoDataFrame | None = None,
) -> bytes:
    """The current view as one offline HTML file, with basemap data, popups, outlines and scripts inside."""
    _ = meta.language
    groups, _measure = view_groups(shown, state, prefectures, personnel, data_url=None, footprints=footprints, _=_)
    exported = _("Exported {date} by {app} {version}").format(
        date=meta.exported.isoformat(), app=APP_NAME, version=meta.app_version
    )
    info = "\n".join(
        [_("Filter: {filter}.").format(filter=meta.filter_text), exported, ""]
        + [line for layer in layers if layer.spatial for line in metadata_lines(layer, meta)]
    )
    title = f"{APP_NAME} — {meta.filter_text} — {meta.exported.isoformat()}"
    view = view_for(prefectures, state, shown)
    page = standalone_html(
        land,
        prefectures,
        [*groups, *_extra_groups(layers, _)],
        (view.center, view.zoom),
        info,
        title,
        _,
    )
    return page.encode("utf-8")
