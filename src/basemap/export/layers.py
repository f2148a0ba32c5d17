"""What goes into a download: the map's layers exactly as filtered, the Flashpoints page's layers,
and the figure tables, each as an ExportLayer with its sources and as-of dates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from basemap.catalog import FACILITY_SOURCES, FIGURE_SOURCES, LAYERS, Source
from basemap.filters import FilterState, not_returned
from basemap.flashpoints import impacts_in_years
from basemap.summary import by_prefecture
from basemap.tables import TABLES
from basemap.values import located

RING_SOURCE = Source(
    name="Computed by this project",
    reference="basemap.geodesy.range_ring (pyproj.Geod, WGS84) around the flashpoint's centre",
    license="CC0 (computed geometry)",
    attribution="U.S.–Japan alliance atlas",
)


@dataclass(frozen=True)
class ExportLayer:
    """One downloadable layer: a GeoDataFrame (EPSG:4326) for map layers, a DataFrame for tables.

    `name` is the file stem and GeoPackage table name; `geometry_type` lets an all-null or empty
    layer still be written with the right type.
    """

    name: str
    title: str
    data: pd.DataFrame
    sources: tuple[Source, ...]
    as_of: str
    description: str = ""
    geometry_type: str | None = None

    @property
    def spatial(self) -> bool:
        return isinstance(self.data, gpd.GeoDataFrame)

    @property
    def located(self) -> int:
        """Records with a geometry (all of them for tables, which never go to map formats)."""
        if not self.spatial:
            return len(self.data)
        return int(located(self.data).sum())

    @property
    def multi(self) -> bool:
        """Mixed Polygon/MultiPolygon layers are written as Multi*; points stay points."""
        return bool(self.geometry_type and self.geometry_type.startswith("Multi"))


# --- the atlas's layers ---------------------------------------------------------------------


def as_of_span(values: Iterable[object]) -> str:
    """The range of as-of dates of a layer's records (each record keeps its own)."""
    dates = sorted({str(v) for v in values if isinstance(v, str) and v})
    if not dates:
        return "no dated records"
    span = dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
    return f"{span} (each record has its own as_of date)"


PREFECTURE_LAYER_FIGURES = ("facility_count", "area_km2", "exclusive_use_area_km2", "temporary_use_area_km2")


def prefecture_summary(prefectures: gpd.GeoDataFrame, facilities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Prefectures with their figures (summary.by_prefecture, the same as the map's) for the given facilities."""
    figures = by_prefecture(facilities)[list(PREFECTURE_LAYER_FIGURES)]
    summary = prefectures[["prefecture_code", "name_en", "name_ja", "region", "geometry"]]
    summary = summary.join(figures, on="prefecture_code")
    columns = ["prefecture_code", "name_en", "name_ja", "region", *PREFECTURE_LAYER_FIGURES, "geometry"]
    return gpd.GeoDataFrame(summary[columns], crs=prefectures.crs).reset_index(drop=True)


def atlas_layers(
    shown: gpd.GeoDataFrame, prefectures: gpd.GeoDataFrame | None, state: FilterState
) -> list[ExportLayer]:
    """The map's layers exactly as filtered: current facilities, returned ones (only when the
    filter shows them), and the prefectures in view with their figures."""
    current = shown[not_returned(shown)].reset_index(drop=True)
    layers = [
        ExportLayer(
            name="usfj-facilities",
            title=LAYERS["facilities"].title,
            data=current,
            sources=LAYERS["facilities"].sources,
            as_of=as_of_span(current["as_of"]),
            description="Facilities and areas provided to U.S. forces, not yet returned (active or return "
            "planned), one point each; records without a sourced location have no geometry.",
            geometry_type="Point",
        )
    ]
    if state.include_returned:
        returned = shown[shown["status"] == "returned"].reset_index(drop=True)
        layers.append(
            ExportLayer(
                name="usfj-returned-facilities",
                title="U.S. military facilities returned to Japan",
                data=returned,
                sources=LAYERS["facilities"].sources,
                as_of=as_of_span(returned["as_of"]),
                description="Facilities already returned to Japan, with their return dates (status_date).",
                geometry_type="Point",
            )
        )
    if prefectures is not None:
        in_view = prefectures
        if state.prefectures:
            in_view = in_view[in_view["prefecture_code"].isin(state.prefectures)]
        if state.regions:
            in_view = in_view[in_view["region"].isin(state.regions)]
        layers.append(
            ExportLayer(
                name="usfj-prefectures",
                title="Prefectures with U.S. facility figures",
                data=prefecture_summary(in_view, current),
                sources=(*LAYERS["prefectures"].sources, FACILITY_SOURCES),
                as_of=f"figures: facility records {as_of_span(current['as_of'])}; boundaries: JMA area data "
                "as packaged in reversejp 0.1.1",
                description="facility_count: facilities shown (not returned, parts of other facilities not "
                "counted) in the prefecture; exclusive_use_area_km2: sum of their published areas over exclusive "
                "use (SOFA 2-1(a)/2-4(a)), the Ministry of Defense's measure; temporary_use_area_km2: the same "
                "over temporary use (SOFA 2-4(b)); area_km2: the two added up (every SOFA category), a measure of "
                "this atlas, not one the Ministry publishes. Areas not published add nothing.",
                geometry_type="MultiPolygon",
            )
        )
    return layers


def _catalog_layer(
    key: str, name: str, data: gpd.GeoDataFrame, dates: Iterable[object], note: str, geometry_type: str | None = None
) -> ExportLayer:
    """A catalog layer's records as a download, with the catalog's title, sources and description."""
    return ExportLayer(
        name=name,
        title=LAYERS[key].title,
        data=data.reset_index(drop=True),
        sources=LAYERS[key].sources,
        as_of=as_of_span(dates),
        description=LAYERS[key].description + note,
        geometry_type=geometry_type,
    )


def flashpoint_layers(
    flashpoints: gpd.GeoDataFrame | None,
    impacts: gpd.GeoDataFrame | None,
    years: tuple[int, int] | None,
    rings: gpd.GeoDataFrame | None,
) -> list[ExportLayer]:
    """The flashpoint page's layers as shown: flashpoints, missile impacts in the chosen years,
    and the range rings drawn."""
    layers = []
    if flashpoints is not None:
        note = " Points, lines and areas; events as JSON."
        layers.append(_catalog_layer("flashpoints", "usfj-flashpoints", flashpoints, flashpoints["as_of"], note))
    if impacts is not None:
        impacts = impacts_in_years(impacts, years)
        note = f" Events {years[0]}–{years[1]}." if years else ""
        layers.append(
            _catalog_layer("missile_events", "usfj-missile-impacts", impacts, impacts["date"], note, "MultiPoint")
        )
    if rings is not None and len(rings):
        layers.append(
            ExportLayer(
                name="usfj-range-rings",
                title=f"Range rings around {rings['centre'].iloc[0]}",
                data=rings,
                sources=(RING_SOURCE,),
                as_of="computed at export",
                description="Geodesic circles (WGS84 ellipsoid, pyproj.Geod) at the radii chosen on the "
                "Flashpoints page.",
                geometry_type="Polygon",
            )
        )
    return layers


def table_export_layer(key: str, frame: pd.DataFrame) -> ExportLayer:
    """A table as a downloadable layer: its rows, the per-row sources and the span of its dates."""
    dates = frame["as_of"] if "as_of" in frame else frame.get("year", frame.get("fiscal_year", pd.Series(dtype=str)))
    return ExportLayer(
        name=f"usfj-{key.replace('_', '-')}",
        title=TABLES[key].title,
        data=frame,
        sources=(FIGURE_SOURCES,),
        as_of=as_of_span(dates.astype(str)),
        description=TABLES[key].description,
    )
