"""Charts drawn on the server as SVG data for the templates: a world map with event points,
stacked bars of an actor's events by quad class, and an actor's partner network.

Nothing here formats markup: functions return numbers and path strings, and the templates
(autoescaped) write the SVG elements, so no stored text ever reaches the page unescaped.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from ..model import QUAD_CLASSES

MAP_WIDTH = 1000  # equirectangular: 360° of longitude over MAP_WIDTH, 180° of latitude over half
MAP_HEIGHT = MAP_WIDTH // 2
QUAD_COLOURS = {
    "verbal_cooperation": "#7fb8da", "material_cooperation": "#1f6fa8",
    "verbal_conflict": "#f0a35e", "material_conflict": "#c2362b",
}


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular (plate carrée) map coordinates of a point."""
    return (round((lon + 180.0) / 360.0 * MAP_WIDTH, 1), round((90.0 - lat) / 180.0 * MAP_HEIGHT, 1))


def _ring_path(ring: list[list[float]]) -> str:
    points: list[tuple[float, float]] = []
    for lon, lat, *_ in ring:
        point = project(lat, lon)
        if not points or point != points[-1]:
            points.append(point)
    if len(points) < 3:
        return ""
    return "M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z"


@cache
def country_outlines() -> tuple[tuple[str, str], ...]:
    """(country name, SVG path) for every country outline that the ``countryinfo`` package
    ships (its GeoJSON), projected once per process."""
    import countryinfo

    outlines = []
    for country in countryinfo.all_countries():
        info = country.info()
        for feature in (info.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry") or {}
            polygons = {"Polygon": [geometry.get("coordinates")],
                        "MultiPolygon": geometry.get("coordinates")}.get(geometry.get("type"), [])
            path = "".join(_ring_path(ring) for polygon in polygons for ring in polygon or [])
            if path:
                outlines.append((info["name"], path))
    return tuple(sorted(outlines))


def graticule() -> list[tuple[float, float, float, float]]:
    """Lines (x1, y1, x2, y2) every 30° of latitude and longitude."""
    lines = [(*project(lat, -180), *project(lat, 180)) for lat in range(-60, 90, 30)]
    lines += [(*project(90, lon), *project(-90, lon)) for lon in range(-150, 180, 30)]
    return lines


def map_points(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each place with its map position and a radius growing with the square root of its events."""
    return [{**place, "x": project(place["lat"], place["lon"])[0], "y": project(place["lat"], place["lon"])[1],
             "r": round(3 + 2.5 * math.sqrt(place["events"]), 1)} for place in places]


BAR_WIDTH, BAR_GAP, BARS_HEIGHT, BARS_LEFT = 28, 16, 160, 24


def stacked_bars(periods: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars (one per period, ``{"period", <quad class>: count...}``) stacked by quad class:
    each bar's rectangles as (x, y, width, height, quad class, count), in chart units."""
    top = max((sum(p.get(q, 0) for q in QUAD_CLASSES) for p in periods), default=0) or 1
    bars = []
    for index, period in enumerate(periods):
        x = BARS_LEFT + index * (BAR_WIDTH + BAR_GAP)
        y = BARS_HEIGHT
        rects = []
        for quad in QUAD_CLASSES:
            count = period.get(quad, 0)
            if count:
                height = count / top * (BARS_HEIGHT - 10)
                y -= height
                rects.append({"x": x, "y": round(y, 1), "width": BAR_WIDTH, "height": round(height, 1),
                              "quad": quad, "count": count, "colour": QUAD_COLOURS[quad]})
        bars.append({"period": period["period"], "x": x, "label_x": x + BAR_WIDTH / 2, "rects": rects,
                     "total": sum(r["count"] for r in rects)})
    width = 2 * BARS_LEFT + len(periods) * (BAR_WIDTH + BAR_GAP)
    return {"bars": bars, "width": max(width, 200), "height": BARS_HEIGHT + 50, "axis_y": BARS_HEIGHT,
            "max": top}


NETWORK_SIZE = 520


def circle_layout(partners: list[dict[str, Any]]) -> dict[str, Any]:
    """The actor in the middle and its partners on a circle around it, ordered by how many
    events they share (most first, from the top, clockwise); edge widths grow with that count."""
    centre = NETWORK_SIZE / 2
    radius = centre - 70
    top = max((p["events"] for p in partners), default=1)
    nodes = []
    for index, partner in enumerate(partners):
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(partners), 1)
        nodes.append({**partner, "x": round(centre + radius * math.cos(angle), 1),
                      "y": round(centre + radius * math.sin(angle), 1),
                      "label_x": round(centre + (radius + 14) * math.cos(angle), 1),
                      "label_y": round(centre + (radius + 14) * math.sin(angle) + 4, 1),
                      "width": round(1 + 5 * partner["events"] / top, 1),
                      "anchor": "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"})
    return {"size": NETWORK_SIZE, "centre": centre, "nodes": nodes}
