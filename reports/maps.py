"""The brief's map: a country and its neighbours as inline SVG, drawn from Natural Earth's 1:50m
country shapes (npm's world-atlas, copied to static/vendor by scripts/vendor_assets.sh: nothing is
fetched when a report is written).

world-atlas is TopoJSON: shared borders ("arcs") stored once, quantised and delta-encoded, and
each country a list of rings of arc indexes (a negative index ~i is arc i reversed). Decoding is a
few lines, so no GIS library is needed. The projection is equirectangular around the country, its
longitudes shrunk by the cosine of its middle latitude (the shapes keep their look at the
latitudes the programme works at). The SVG carries a <title>, which WeasyPrint writes as the
figure's alternative text in the tagged PDF.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

ATLAS = "vendor/countries-50m.json"
WIDTH = 240  # the map's size on the page, in CSS px; the height follows the country's shape
MIN_HEIGHT, MAX_HEIGHT = 150, 260
MIN_SPAN = 6.0  # degrees: an island state is shown with the sea and coasts around it
MARGIN = 0.35  # of the country's span, on each side


@dataclass(frozen=True)
class Shape:
    rings: tuple[tuple[tuple[float, float], ...], ...]
    bbox: tuple[float, float, float, float]  # west, south, east, north
    main_bbox: tuple[float, float, float, float]  # of its larger parts only (not overseas ones)


def _atlas_path() -> Path:
    for root in (Path(settings.BASE_DIR) / "static", Path(settings.STATIC_ROOT or "")):
        path = root / ATLAS
        if path.is_file():
            return path
    raise FileNotFoundError(ATLAS)


def _bbox(points) -> tuple[float, float, float, float]:
    xs = [x for x, _y in points]
    ys = [y for _x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def _area(ring) -> float:
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


@lru_cache(maxsize=1)
def _shapes() -> dict[str, Shape]:
    """Every country of the atlas by its ISO 3166 numeric code (as world-atlas names them)."""
    topology = json.loads(_atlas_path().read_text(encoding="utf-8"))
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)

    def ring(indexes) -> tuple[tuple[float, float], ...]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return tuple(points)

    shapes = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if not code or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        # A ring cut by the antimeridian (Fiji, Russia's far east) spans the whole world and
        # would draw a line across any map: such rings are far from the programme's countries.
        rings = tuple(
            points
            for polygon in polygons
            for indexes in polygon
            if (points := ring(indexes)) and _bbox(points)[2] - _bbox(points)[0] < 180
        )
        if not rings:
            continue
        outers = [ring(polygon[0]) for polygon in polygons]
        largest = max(_area(list(outer)) for outer in outers)
        main = [point for outer in outers if _area(list(outer)) >= largest * 0.2 for point in outer]
        shapes[str(code).zfill(3)] = Shape(
            rings=rings, bbox=_bbox([p for r in rings for p in r]), main_bbox=_bbox(main)
        )
    return shapes


def _overlaps(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def country_map_svg(*, numeric_code: str, title: str) -> str:
    """The country of `numeric_code` among its neighbours, as SVG markup; "" when the atlas does
    not hold it (then the brief has no map)."""
    try:
        shapes = _shapes()
    except FileNotFoundError:
        return ""
    shape = shapes.get(str(numeric_code).zfill(3))
    if shape is None:
        return ""
    west, south, east, north = shape.main_bbox
    span = max(east - west, north - south, MIN_SPAN)
    centre_x, centre_y = (west + east) / 2, (south + north) / 2
    half_w = max(east - west, span * 0.6) / 2 + span * MARGIN
    half_h = max(north - south, span * 0.6) / 2 + span * MARGIN
    view = (centre_x - half_w, centre_y - half_h, centre_x + half_w, centre_y + half_h)
    shrink = math.cos(math.radians(max(-70.0, min(70.0, centre_y))))
    ratio = (2 * half_h) / (2 * half_w * shrink)
    height = round(max(MIN_HEIGHT, min(MAX_HEIGHT, WIDTH * ratio)))
    # Fit the view in WIDTH × height, keeping the shapes' proportions.
    unit = min(WIDTH / (2 * half_w * shrink), height / (2 * half_h))
    offset_x = (WIDTH - 2 * half_w * shrink * unit) / 2
    offset_y = (height - 2 * half_h * unit) / 2

    def project(point) -> tuple[float, float]:
        x, y = point
        return (
            offset_x + (x - view[0]) * shrink * unit,
            offset_y + (view[3] - y) * unit,
        )

    def path(rings) -> str:
        parts = []
        for ring_points in rings:
            drawn: list[tuple[float, float]] = []
            for point in ring_points:
                x, y = project(point)
                # Points closer than half a pixel to the last one drawn add bytes, not shape.
                if drawn and abs(x - drawn[-1][0]) < 0.5 and abs(y - drawn[-1][1]) < 0.5:
                    continue
                drawn.append((x, y))
            if len(drawn) >= 3:
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in drawn) + "Z")
        return "".join(parts)

    neighbours = [
        path(other.rings)
        for code, other in sorted(shapes.items())
        if other is not shape and _overlaps(other.bbox, view)
    ]
    cx, cy = project(((west + east) / 2, (south + north) / 2))
    small = (east - west) * shrink * unit < 12 and (north - south) * unit < 12
    return render_to_string(
        "reports/pdf/map.svg",
        {
            "width": WIDTH,
            "height": height,
            "title": title,
            "neighbours": [d for d in neighbours if d],
            "country": path(shape.rings),
            "marker": {"x": f"{cx:.1f}", "y": f"{cy:.1f}"} if small else None,
        },
    )
