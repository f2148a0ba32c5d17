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
