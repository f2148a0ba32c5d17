"""What goes into a download: the map's layers exactly as filtered, the Flashpoints page's layers,
and the figure tables, each as an ExportLayer with its sources and as-of dates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd

from basemap.catalog import FACILITY_SOURCES, FIGURE_SOURCES, LAYERS, OSM_EXTRACT_DATE, Source
from basemap.filters import FilterState, counted, not_returned
from basemap.flashpoints import impacts_in_years
from basemap.i18n import N_
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
    def geodata(self) -> gpd.GeoDataFrame:
        """The data of a map layer (what the map formats write); a table has none."""
        if not isinstance(self.data, gpd.GeoDataFrame):
            raise TypeError(f"{self.name} is a table, not a map layer")
        return self.data

    @property
    def located(self) -> int:
        """Records with a geometry (all of them for tables, which never go to map formats)."""
        if not self.spatial:
            return len(self.data)
        return int(located(self.data).sum())

    @property
    def unlocated_names(self) -> list[str]:
        """The names of the records without a geometry (formats that cannot hold them say which)."""
        if not self.spatial:
            return []
        missing = self.data[~located(self.data)]
        column = next((c for c in ("name_en", "name", "id") if c in missing), None)
        return [str(v) for v in missing[column]] if column else [f"record {i + 1}" for i in missing.index]

    @property
    def multi(self) -> bool:
        """Mixed Polygon/MultiPolygon layers are written as Multi*; points stay points."""
        return bool(self.geometry_type and self.geometry_type.startswith("Multi"))


GEOMETRY_FAMILIES = {
    "Point": ("points", "MultiPoint"),
    "MultiPoint": ("points", "MultiPoint"),
    "LineString": ("lines", "MultiLineString"),
    "MultiLineString": ("lines", "MultiLineString"),
    "Polygon": ("polygons", "MultiPolygon"),
    "MultiPolygon": ("polygons", "MultiPolygon"),
}


def split_by_geometry(layer: ExportLayer) -> list[ExportLayer]:
    """A layer of mixed points, lines and polygons as one layer per kind, named `<name>-points`,
    `-lines`, `-polygons` (a Shapefile and a GeoPackage table hold one kind, and QGIS draws one kind
    per layer); records without geometry go with the first kind. A single-kind layer stays whole."""
    if not layer.spatial:
        return [layer]
    kinds = layer.data.geometry.geom_type.map(lambda t: GEOMETRY_FAMILIES.get(t, (None, None))[0])
    present = [k for k in dict.fromkeys(kinds.dropna()) if k]
    if len(present) <= 1:
        return [layer]
    kinds = kinds.fillna(present[0])
    multi = {family: multi for family, multi in GEOMETRY_FAMILIES.values()}
    return [
        replace(
            layer,
            name=f"{layer.name}-{kind}",
            title=f"{layer.title} ({kind})",
            data=layer.data[kinds == kind].reset_index(drop=True),
            geometry_type=multi[kind],
        )
        for kind in present
    ]


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


UNLOCATED_NOTE = " Records without a sourced location have no geometry and `located` = false."


def flagged(records: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The records with a `located` column: whether each has a sourced location (formats that cannot
    hold the others, and a reader filtering them, can tell)."""
    data = records.reset_index(drop=True)
    data["located"] = located(data)
    return data


def _facility_layer(name: str, title: str, records: gpd.GeoDataFrame, description: str) -> ExportLayer:
    """Facility records as a download, each flagged `located`."""
    data = flagged(records)
    return ExportLayer(
        name=name,
        title=title,
        data=data,
        sources=LAYERS["facilities"].sources,
        as_of=as_of_span(data["as_of"]),
        description=description + UNLOCATED_NOTE,
        geometry_type="Point",
    )


FOOTPRINT_EXPORT_COLUMNS = [
    "facility_id",
    "name_en",
    "name_ja",
    "prefecture_code",
    "partial",
    "area_km2_footprint",
    "area_km2_published",
    "osm_name",
    "source",
    "license",
    "geometry",
]


def _footprint_layer(shown: gpd.GeoDataFrame, kept: gpd.GeoDataFrame) -> ExportLayer:
    """The OpenStreetMap outlines `kept` (polygons) of the facilities in the view, each with its
    facility's id and names. The facility files keep one point per facility: an outline is extra
    geometry, as on the map."""
    names = shown.drop_duplicates("id").set_index("id")[["name_en", "name_ja", "prefecture_code"]]
    data = kept.join(names, on="facility_id")[FOOTPRINT_EXPORT_COLUMNS].reset_index(drop=True)
    return ExportLayer(
        name="usfj-facility-footprints",
        title=LAYERS["footprints"].title,
        data=gpd.GeoDataFrame(data, geometry="geometry", crs=kept.crs),
        sources=LAYERS["footprints"].sources,
        as_of=f"OpenStreetMap as in the extract of {OSM_EXTRACT_DATE}",
        description=LAYERS["footprints"].description + " The outlines of the facilities in this view; "
        "area_km2_footprint is the outline's geodesic area, area_km2_published the facility's published area "
        "(empty: not published).",
        geometry_type="Polygon",
    )


@dataclass(frozen=True)
class PlannedLayer:
    """A layer of a view, named before its data are built: the map page's download control lists
    a view's layers on every filter change, and only a file needs their data (`build()`)."""

    name: str
    title: str
    build: Callable[[], ExportLayer]

    @property
    def spatial(self) -> bool:
        """Every layer of the map is a map layer (formats_for offers it every format)."""
        return True


def planned_layers(
    shown: gpd.GeoDataFrame,
    prefectures: gpd.GeoDataFrame | None,
    state: FilterState,
    footprints: gpd.GeoDataFrame | None = None,
) -> list[PlannedLayer]:
    """The map's layers exactly as filtered, each built on demand (naming them selects no records):
    the facilities the headline counts (filters.counted: the same records, so the file and the
    screen give the same number), the parts of facilities recorded for announced returns (when the
    view has any), returned facilities (only when the filter shows them), the OpenStreetMap outlines
    of the facilities shown (when known), and the prefectures in view with their figures."""
    current = counted(shown)
    parts = not_returned(shown) & ~current

    def facilities(name: str, title: str, rows: pd.Series, description: str) -> PlannedLayer:
        return PlannedLayer(name, title, lambda: _facility_layer(name, title, shown[rows], description))

    planned = [
        facilities(
            "usfj-facilities",
            LAYERS["facilities"].title,
            current,
            "Facilities and areas provided to U.S. forces, not yet returned (active or return planned), one "
            "point each, each counted once: the facilities the map page's headline counts.",
        )
    ]
    if parts.any():
        planned.append(
            facilities(
                "usfj-facility-parts",
                N_("Parts of facilities listed for announced returns"),
                parts,
                "Parts of the facilities above recorded separately for an announced return (part_of names the "
                "facility); their area is inside their facility's figures, so they are not counted as facilities.",
            )
        )
    if state.include_returned:
        planned.append(
            facilities(
                "usfj-returned-facilities",
                N_("U.S. military facilities returned to Japan"),
                shown["status"] == "returned",
                "Facilities and parts already returned to Japan, with their return dates (status_date).",
            )
        )
    if footprints is not None:
        outlined = footprints["facility_id"].isin(shown["id"])
        if outlined.any():
            planned.append(
                PlannedLayer(
                    "usfj-facility-footprints",
                    LAYERS["footprints"].title,
                    lambda: _footprint_layer(shown, footprints[outlined]),
                )
            )
    if prefectures is not None:
        planned.append(
            PlannedLayer(
                "usfj-prefectures",
                PREFECTURE_LAYER_TITLE,
                lambda: _prefecture_layer(prefectures, state, shown[current]),
            )
        )
    return planned


PREFECTURE_LAYER_TITLE = N_("Prefectures with U.S. facility figures")


def _prefecture_layer(prefectures: gpd.GeoDataFrame, state: FilterState, current: gpd.GeoDataFrame) -> ExportLayer:
    """The prefectures in view (those the filter chooses) with the figures of the facilities counted in it."""
    in_view = prefectures
    if state.prefectures:
        in_view = in_view[in_view["prefecture_code"].isin(state.prefectures)]
    if state.regions:
        in_view = in_view[in_view["region"].isin(state.regions)]
    return ExportLayer(
        name="usfj-prefectures",
        title=PREFECTURE_LAYER_TITLE,
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


def _catalog_layer(
    key: str, name: str, data: gpd.GeoDataFrame, dates: Iterable[object], note: str, geometry_type: str | None = None
) -> ExportLayer:
    """A catalog layer's records as a download (flagged `located`), with the catalog's title, sources and
    description."""
    return ExportLayer(
        name=name,
        title=LAYERS[key].title,
        data=flagged(data),
        sources=LAYERS[key].sources,
        as_of=as_of_span(dates),
        description=LAYERS[key].description + note + UNLOCATED_NOTE,
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
