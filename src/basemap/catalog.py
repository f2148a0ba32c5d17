"""What map layers exist: their files, schemas, geometry, sources, licenses and attributions.

The "About the data" page and the exports read this, so a layer's provenance is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from basemap.i18n import N_
from basemap.paths import SCHEMA_DIR, data_path

# (min lon, min lat, max lon, max lat) a layer's coordinates must lie in: Japan with every outlying
# island, and the region around it for flashpoints, missile impacts and the basemap.
JAPAN_EXTENT = (122.0, 20.0, 154.5, 46.0)
REGION_EXTENT = (100.0, 0.0, 180.0, 60.0)


@dataclass(frozen=True)
class Source:
    """Where a layer's content comes from, and on what terms."""

    name: str
    reference: str
    license: str
    attribution: str


@dataclass(frozen=True)
class Layer:
    key: str
    title: str
    filename: str
    id_field: str
    geometry_types: tuple[str, ...]
    extent: tuple[float, float, float, float]
    description: str
    sources: tuple[Source, ...]
    # True where a record may have no sourced location yet (geometry null, listed in tables).
    geometry_optional: bool = False

    @property
    def path(self) -> Path:
        return data_path("geo", self.filename)

    @property
    def schema_path(self) -> Path:
        return SCHEMA_DIR / f"{self.key}.schema.json"


JMA_AREAS = Source(
    name="Japan Meteorological Agency municipal forecast areas, via PyPI reversejp 0.1.1",
    reference="https://www.jma.go.jp/ (area data embedded in reversejp, MIT, https://pypi.org/project/reversejp/)",
    license="JMA website terms of use (compatible with CC BY 4.0); reversejp packaging MIT",
    attribution="Source: Japan Meteorological Agency website (気象庁ホームページ); "
    "processed (dissolved by prefecture, simplified) by this project",
)

JMA_MUNICIPAL_AREAS = Source(
    name=JMA_AREAS.name,
    reference=JMA_AREAS.reference,
    license=JMA_AREAS.license,
    attribution="Source: Japan Meteorological Agency website (気象庁ホームページ); "
    "processed (forecast sub-areas dissolved into their municipality, simplified) by this project",
)

NATURAL_EARTH = Source(
    name="Natural Earth 1:10m countries, via npm world-atlas 2.0.2",
    reference="https://www.naturalearthdata.com/ ; https://www.npmjs.com/package/world-atlas",
    license="Public domain (Natural Earth); ISC (world-atlas packaging)",
    attribution="Made with Natural Earth; clipped and simplified by this project",
)

FACILITY_SOURCES = Source(
    name="Per-record sources (Ministry of Defense lists, Okinawa Prefecture, prefecture pages, "
    "facility articles, airportsdata)",
    reference="the `sources`, `coord_source` and `area_source` fields of every feature",
    license="Facts compiled by this project; see each record's sources",
    attribution="U.S.–Japan alliance atlas; sources listed per facility",
)

FLASHPOINT_SOURCES = Source(
    name="Per-record sources (government statements and white papers, MOD press releases, facility and place articles)",
    reference="the `sources`, `events[].source`, `coord_source` and `source` fields of every feature",
    license="Facts compiled by this project; summaries in the project's own words",
    attribution="U.S.–Japan alliance atlas; sources listed per flashpoint and event",
)

OSM_EXTRACT_DATE = "2026-07-31"  # the extract's last commit (data/sources/osm-military-japan/PROVENANCE.md)
OSM_FOOTPRINTS = Source(
    name="OpenStreetMap military areas in Japan, via the extract in data/sources/osm-military-japan/",
    reference="https://www.openstreetmap.org/ ; the `source` field of every footprint (repository, commit, record)",
    license="ODbL 1.0 (https://www.openstreetmap.org/copyright)",
    attribution="© OpenStreetMap contributors, ODbL",
)

FIGURE_SOURCES = Source(
    name="Per-row sources (U.S. DoD/DMDC counts, Japanese Ministry of Defense and MOFA budgets and "
    "agreements, Okinawa Prefecture, as quoted by the pages cited)",
    reference="the `source` column of every row",
    license="Facts compiled by this project; see each row's source",
    attribution="U.S.–Japan alliance atlas; sources listed per row",
)

LAYERS: dict[str, Layer] = {
    layer.key: layer
    for layer in (
        Layer(
            key="facilities",
            title=N_("U.S. military facilities in Japan"),
            filename="facilities.geojson",
            id_field="id",
            geometry_types=("Point",),
            extent=JAPAN_EXTENT,
            description=N_(
                "Facilities and areas provided to U.S. forces (SOFA Art. 2-1(a), "
                "2-4(a), 2-4(b)), with returned and to-be-returned ones, one point each."
            ),
            sources=(FACILITY_SOURCES,),
            geometry_optional=True,
        ),
        Layer(
            key="flashpoints",
            title=N_("Regional flashpoints"),
            filename="flashpoints.geojson",
            id_field="id",
            geometry_types=("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"),
            extent=REGION_EXTENT,
            description=N_(
                "Disputed islands, straits, demarcation lines, launch sites and resource areas "
                "around Japan, with dated events."
            ),
            sources=(FLASHPOINT_SOURCES,),
            geometry_optional=True,
        ),
        Layer(
            key="missile_events",
            title=N_("North Korean missile impacts reported by Japan"),
            filename="missile_events.geojson",
            id_field="id",
            geometry_types=("Point", "MultiPoint"),
            extent=REGION_EXTENT,
            description=N_(
                "Dated impact points of North Korean ballistic missiles in or near Japan's EEZ, "
                "as reported by Japan's government."
            ),
            sources=(FLASHPOINT_SOURCES,),
            geometry_optional=True,
        ),
        Layer(
            key="prefectures",
            title=N_("Prefectures of Japan"),
            filename="prefectures.geojson",
            id_field="prefecture_code",
            geometry_types=("Polygon", "MultiPolygon"),
            extent=JAPAN_EXTENT,
            description=N_("All 47 prefectures with every outlying island, ~500 m simplified."),
            sources=(JMA_AREAS,),
        ),
        Layer(
            key="municipalities",
            title=N_("Municipalities of Japan (prefectures with facilities)"),
            filename="municipalities.geojson",
            id_field="code",
            geometry_types=("Polygon", "MultiPolygon"),
            extent=JAPAN_EXTENT,
            description=N_(
                "JMA municipal areas of every prefecture that holds a facility record, one per "
                "municipality (JIS X 0402 code, JMA's Japanese and English names), simplified at about the "
                "source's own detail (a vertex every ~800 m)."
            ),
            sources=(JMA_MUNICIPAL_AREAS,),
        ),
        Layer(
            key="footprints",
            title=N_("Facility footprints (OpenStreetMap)"),
            filename="footprints.geojson",
            id_field="facility_id",
            geometry_types=("Polygon",),
            extent=JAPAN_EXTENT,
            description=N_(
                "Outlines of facilities matched by name to OpenStreetMap military areas and checked "
                "against the stated prefecture, municipality and published area; one per facility, some partial "
                "(less than half the published area). Every candidate and its decision is in "
                "footprint_candidates.csv."
            ),
            sources=(OSM_FOOTPRINTS,),
        ),
        Layer(
            key="land",
            title=N_("East Asian land (offline basemap)"),
            filename="land.geojson",
            id_field="name",
            geometry_types=("Polygon", "MultiPolygon"),
            extent=REGION_EXTENT,
            description=N_(
                "Countries of the region other than Japan, ~1 km simplified, and the "
                "JMA area of the Northern Territories."
            ),
            sources=(NATURAL_EARTH, JMA_AREAS),
        ),
    )
}
