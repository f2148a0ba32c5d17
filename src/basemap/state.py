"""Filter state <-> URL query parameters, so a view can be shared as a link.

Unknown values are dropped and reported as notices for the page to show; parsing never raises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from basemap.filters import MAP_VIEWS, FilterState
from basemap.prefectures import PREFECTURES, REGIONS, prefecture_code
from basemap.vocabulary import FACILITY_SERVICES, SOFA_CATEGORIES

PARAMS = ("prefecture", "region", "service", "category", "returned", "view")
RETURNED_VALUES = {"show": True, "hide": False}


def _values(raw: Sequence[str]) -> list[str]:
    """Split repeated and comma-separated values; drop blanks."""
    return [part.strip() for value in raw for part in str(value).split(",") if part.strip()]


def _match(value: str, allowed: Sequence[str]) -> str | None:
    lowered = value.lower()
    return next((a for a in allowed if a.lower() == lowered), None)


def parse_query(params: Mapping[str, Sequence[str]]) -> tuple[FilterState, list[str]]:
    """Read a FilterState from query parameters (name -> all its values).

    Prefectures may be English names, Japanese names or JIS codes ("Okinawa", "沖縄県", "47").
    Returns the state and one notice per ignored value or parameter.
    """
    notices: list[str] = []
    picked: dict[str, list[str]] = {name: [] for name in PARAMS}
    for name, raw in params.items():
        if name not in PARAMS:
            notices.append(f"Ignored unknown URL parameter '{name}'.")
            continue
        for value in _values(raw):
            if name == "prefecture":
                match = prefecture_code(value)
            elif name == "region":
                match = _match(value, REGIONS)
            elif name == "service":
                match = _match(value, FACILITY_SERVICES.codes)
            elif name == "returned":
                match = _match(value, list(RETURNED_VALUES))
            elif name == "view":
                match = _match(value, list(MAP_VIEWS))
            else:
                match = _match(value, SOFA_CATEGORIES.codes)
            if match is None:
                notices.append(f"Ignored unknown {name} '{value}' in the URL.")
            else:
                picked[name].append(match)
    state = FilterState.of(
        picked["prefecture"],
        picked["region"],
        picked["service"],
        picked["category"],
        include_returned=bool(picked["returned"]) and RETURNED_VALUES[picked["returned"][-1]],
        view=picked["view"][-1] if picked["view"] else "facilities",
    )
    return state, notices


def to_query(state: FilterState) -> dict[str, list[str]]:
    """Query parameters for a state (English prefecture names: readable links); empty parts left out."""
    query = {
        "prefecture": [PREFECTURES[c].name_en for c in state.prefectures],
        "region": list(state.regions),
        "service": list(state.services),
        "category": list(state.categories),
        "returned": ["show"] if state.include_returned else [],
        "view": [state.view] if state.view != "facilities" else [],
    }
    return {name: values for name, values in query.items() if values}
