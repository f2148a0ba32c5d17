"""Small, deterministic facility records built in code (valid unless a test breaks them)."""

from __future__ import annotations

import copy

from basemap.prefectures import PREFECTURES


def facility_feature(fid: str = "FAC0001", pref: str = "47", lon: float = 127.7677, lat: float = 26.3516, **props):
    """One valid facility feature; keyword arguments override properties."""
    p = PREFECTURES[pref]
    properties = {
        "id": fid,
        "name_en": f"Test facility {fid}",
        "name_ja": "試験施設",
        "service": "Air Force",
        "sofa_category": "2-1(a)",
        "status": "active",
        "status_date": None,
        "status_note": None,
        "part_of": None,
        "prefecture_code": pref,
        "prefecture_en": p.name_en,
        "prefecture_ja": p.name_ja,
        "municipalities_ja": ["嘉手納町"],
        "coord_source": "test fixture",
        "area_km2": 1.5,
        "area_as_of": "2020-01-01",
        "area_source": "test fixture",
        "function": None,
        "personnel": None,
        "personnel_source": None,
        "sources": ["test fixture"],
        "as_of": "2020-01-01",
        "notes": None,
    }
    properties.update(props)
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": [copy.deepcopy(f) for f in features]}


def export_facilities():
    """Facilities that exercise the exports: Japanese text and lists, cells a spreadsheet would run
    as formulas, a negative number, text over the dBase limit, a record without a location, a
    part of another facility and a returned facility."""
    import geopandas as gpd

    features = [
        facility_feature(
            "FAC6037",
            "47",
            127.7677,
            26.3516,
            name_ja="嘉手納飛行場",
            area_km2=19.855,
            municipalities_ja=["嘉手納町", "沖縄市"],
            sources=["https://www.mod.go.jp/j/approach/zaibeigun/us_sisetsu/", "沖縄県『沖縄の米軍基地』"],
            area_history=[{"area_km2": 19.95, "as_of": "2015-03-31", "source": "防衛省"}],
            elevation_m=-3.5,
        ),
        facility_feature(
            "FAC6099",
            "47",
            127.75,
            26.28,
            name_en='=HYPERLINK("http://example.invalid","click")',
            function="+SUM(A1:A9)",
            notes="@cmd|' /C calc'!A0",
            status_note="-2+3",
            service="Marine Corps",
            sofa_category="2-4(b)",
            area_km2=0.5,
            elevation_m=12.0,
        ),
        facility_feature(
            "FAC3099",
            "14",
            139.65,
            35.29,
            service="Navy",
            name_ja="横須賀海軍施設",
            area_km2=2.3,
            municipalities_ja=["横須賀市"],
            notes="長い注記。" * 30,  # 450 UTF-8 bytes: over the dBase limit of 254
            elevation_m=0.0,
        ),
        facility_feature("JP-unlocated", "47", name_ja="位置未確認の施設", area_km2=None, elevation_m=None),
        facility_feature("FAC6100", "47", 127.8, 26.4, part_of="FAC6037", sofa_category="2-1(a)", area_km2=1.0),
        facility_feature(
            "FAC6101", "47", 127.7, 26.2, status="returned", status_date="2015-03-31", service="Army", area_km2=0.7
        ),
    ]
    features[3]["geometry"] = None
    return gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")


def prefecture_squares():
    """Okinawa and Kanagawa as small squares (one a MultiPolygon), with the catalog's columns."""
    import geopandas as gpd
    from shapely.geometry import MultiPolygon, box

    rows = [
        ("47", MultiPolygon([box(127.6, 26.1, 127.9, 26.5), box(124.1, 24.3, 124.3, 24.5)])),
        ("14", box(139.0, 35.1, 139.8, 35.7)),
    ]
    return gpd.GeoDataFrame(
        {
            "prefecture_code": [code for code, _ in rows],
            "name_en": [PREFECTURES[code].name_en for code, _ in rows],
            "name_ja": [PREFECTURES[code].name_ja for code, _ in rows],
            "region": [PREFECTURES[code].region for code, _ in rows],
        },
        geometry=[geometry for _, geometry in rows],
        crs="EPSG:4326",
    )


OSM_SOURCE = "OpenStreetMap (ODbL), via owner/repo@" + "0" * 40 + " jsdf.json, record 'テスト'"


def footprints_for(*rows: tuple[str, object, bool, float | None]):
    """Footprints (facility id, outline, partial, published area) as footprints.geojson holds them."""
    import geopandas as gpd

    return gpd.GeoDataFrame(
        {
            "facility_id": [fid for fid, *_ in rows],
            "osm_name": ["テスト"] * len(rows),
            "area_km2_footprint": [4.0] * len(rows),
            "area_km2_published": [published for *_, published in rows],
            "partial": [partial for _, _, partial, _ in rows],
            "source": [OSM_SOURCE] * len(rows),
            "license": ["ODbL 1.0, © OpenStreetMap contributors (https://www.openstreetmap.org/copyright)"] * len(rows),
        },
        geometry=[outline for _, outline, _, _ in rows],
        crs="EPSG:4326",
    )
