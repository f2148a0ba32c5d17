"""The map symbols' shapes, defined once: SVG polygons in a 20×20 box, for the inline-SVG
symbols (flashpoint kinds, facility markers and their legends) and, as unit corners, for the
facility points the canvas layer draws (maps.facility_layer).

A shape carries meaning beside a colour (vocabulary Term.shape), so no meaning is shown by colour
alone. "circle" is no polygon: SVG and canvas draw it as a circle of radius CIRCLE_R.
"""

from __future__ import annotations

import math

CIRCLE = "circle"
CIRCLE_R = 9  # a circle's radius in the 20×20 box: the size the polygons are drawn to match


def _regular(corners: int, outer: float, inner: float | None = None) -> str:
    """SVG polygon points of a regular shape (a star with `inner`) in a 20×20 box, pointing up."""
    radii = [outer] if inner is None else [outer, inner]
    steps = corners * len(radii)
    points = []
    for i in range(steps):
        angle = math.pi * 2 * i / steps - math.pi / 2
        r = radii[i % len(radii)]
        points.append(f"{10 + r * math.cos(angle):.1f},{10.5 + r * math.sin(angle):.1f}")
    return " ".join(points)


def _drop(tip: float = 1.0, centre: float = 12.5, r: float = 6.5, steps: int = 14) -> str:
    """SVG polygon points of a drop in a 20×20 box: a point up top, a round bottom (the arc between
    the two tangents from the tip)."""
    turn = math.degrees(math.acos(r / (centre - tip)))  # the tangent points' angle from straight up
    start, end = -90 + turn, 270 - turn  # clockwise round the bottom, y pointing down
    arc = [math.radians(start + (end - start) * i / steps) for i in range(steps + 1)]
    return " ".join([f"10,{tip}", *(f"{10 + r * math.cos(a):.1f},{centre + r * math.sin(a):.1f}" for a in arc)])


SHAPES = {
    # the facilities' services (vocabulary.SERVICES)
    "square": "3,3 17,3 17,17 3,17",
    "diamond": "10,1 19,10 10,19 1,10",
    "triangle": "10,1.5 19,18 1,18",
    "star": _regular(5, 9.5, 4.2),
    "hexagon": _regular(6, 9),
    # the flashpoint kinds (vocabulary.FLASHPOINT_KINDS), none a service's: both are on one map
    "flag": "3,1 5.5,1 5.5,3 18,3 14,7.5 18,12 5.5,12 5.5,19 3,19",
    "hourglass": "2,2 18,2 11.5,10 18,18 2,18 8.5,10",
    "bar": "1,6.5 19,6.5 19,13.5 1,13.5",
    "arrow": "10,1 18.5,9.5 13,9.5 13,19 7,19 7,9.5 1.5,9.5",
    "pentagon": _regular(5, 9),
    "drop": _drop(),
    "triangle_down": "1,2 19,2 10,18.5",
    # a flashpoint kind not in the vocabulary
    "cross": "7,2 13,2 13,7 18,7 18,13 13,13 13,18 7,18 7,13 2,13 2,7 7,7",
}


def unit_corners(shape: str) -> list[list[float]]:
    """A polygon's corners around the box centre in units of CIRCLE_R: times a marker's radius in
    px, the canvas draws the same shape at the size its SVG symbol has beside a circle."""
    corners = (point.split(",") for point in SHAPES[shape].split())
    return [[round((float(x) - 10) / CIRCLE_R, 3), round((float(y) - 10) / CIRCLE_R, 3)] for x, y in corners]


def reach(shape: str) -> float:
    """How far the shape reaches from its centre, in units of a circle's radius (1 for a circle):
    the canvas redraws a marker's area that far out."""
    if shape == CIRCLE:
        return 1.0
    return max(math.hypot(x, y) for x, y in unit_corners(shape))


def symbol_svg(shape: str, color: str, size: int, dashed: bool = False, fill_opacity: float = 1.0) -> str:
    """The inline SVG of a symbol, `size` px wide, with a 1.5 px white edge (dashed: not active);
    hidden from screen readers, since what it means is always said in text beside it. The edge may
    reach past the box (overflow visible), so a symbol is drawn as large as its box."""
    opacity = "" if fill_opacity == 1 else f' fill-opacity="{fill_opacity}"'
    dash = ' stroke-dasharray="3,2"' if dashed else ""
    paint = (
        f'fill="{color}"{opacity} stroke="#ffffff" stroke-width="1.5" stroke-linejoin="round" '
        f'vector-effect="non-scaling-stroke"{dash}'
    )
    body = (
        f'<circle cx="10" cy="10" r="{CIRCLE_R}" {paint}/>'
        if shape == CIRCLE
        else f'<polygon points="{SHAPES[shape]}" {paint}/>'
    )
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 20 20" aria-hidden="true" focusable="false" '
        f'style="vertical-align:middle;overflow:visible">{body}</svg>'
    )
