"""An area's population from the places in it, without counting a city's districts twice.

GeoNames lists a city and, as places of their own, its boroughs and neighbourhoods with their own
populations: New York City 8.8M, and Brooklyn 2.7M, Queens 2.3M, Manhattan 1.5M, the Upper West
Side 227k ... Summed, New York State had 31.4M people (2020 census: 20.2M), and the state outweighed
the city in the matcher ("New York" was ambiguous between them). Here a place lying within the
built-up radius of a place at least twice its size is taken to be part of it and not added again.

The radius grows with the square root of the population (an area that grows with the people):
``NESTED_KM_PER_ROOT`` x sqrt(people) km, so New York City covers 15 km around its point, Kyiv
(2.9M) 8.5 km, a town of 20,000 0.7 km. The constant was read off admin1 totals against censuses:
with it New York State comes to 19.6M, Illinois 12.4M (census 12.8M), Tokyo 14.0M (14.0M), São Paulo
State 45.5M (44.4M), England 57.2M (56.5M), Moscow 12.3M (13.0M); a radius 1.6 times as large dropped
real towns near big cities (Île-de-France 8.1M for 12.3M; 10.8M with this one). Areas whose villages
GeoNames' cities500 lacks stay under their census figure either way: this is an order of magnitude for
ranking, not a census.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

NESTED_KM_PER_ROOT = 0.005
"""A place of P people covers sqrt(P) times this many km around its point."""
NESTED_SHARE = 2.0
"""A place is part of another only if that one has at least this many times its people."""
CONTAINER_MIN = 20_000
"""Smaller places contain none (their radius, under 0.7 km, holds only duplicates)."""
_CELL_DEGREES = 0.1  # a container is filed under every cell its radius reaches: a place looks in one
_KM_PER_DEGREE = 111.2


def area_populations(places: Iterable[tuple[str, int, float | None, float | None]]) -> dict[str, int]:
    """The population of each area: its places' people added up, each place within a bigger one's
    radius (see the module docstring) left out. ``places``: (area key, population, lat, lon); a place
    without coordinates is added as it is."""
    total: dict[str, int] = defaultdict(int)
    located = []
    for area, people, lat, lon in places:
        if lat is None or lon is None:
            total[area] += people
        elif people > 0:
            located.append((people, lat, lon, area))
    located.sort(key=lambda p: -p[0])  # containers come before the places they contain
    containers: dict[tuple[str, int, int], list[tuple[float, float, float, int]]] = defaultdict(list)
    for people, lat, lon, area in located:
        cell = (area, math.floor(lat / _CELL_DEGREES), math.floor(lon / _CELL_DEGREES))
        if not _inside(containers.get(cell, ()), lat, lon, people):
            total[area] += people
        if people >= CONTAINER_MIN:
            _file(containers, area, lat, lon, people)
    return dict(total)


def _file(containers: dict, area: str, lat: float, lon: float, people: int) -> None:
    """File a container under every cell its radius reaches."""
    radius = NESTED_KM_PER_ROOT * math.sqrt(people)
    d_lat = radius / _KM_PER_DEGREE
    d_lon = radius / (_KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    entry = (lat, lon, radius, people)
    for row in range(math.floor((lat - d_lat) / _CELL_DEGREES), math.floor((lat + d_lat) / _CELL_DEGREES) + 1):
        for col in range(math.floor((lon - d_lon) / _CELL_DEGREES),
                         math.floor((lon + d_lon) / _CELL_DEGREES) + 1):
            containers[(area, row, col)].append(entry)


def _inside(candidates: Iterable[tuple[float, float, float, int]], lat: float, lon: float,
            people: int) -> bool:
    """Whether a place at (lat, lon) lies within the radius of one of the containers ``candidates``
    at least NESTED_SHARE times its size (equirectangular distance: exact enough at tens of km)."""
    scale = math.cos(math.radians(lat))
    for c_lat, c_lon, radius, c_people in candidates:
        if c_people < NESTED_SHARE * people:
            continue
        d_lat = (lat - c_lat) * _KM_PER_DEGREE
        d_lon = (lon - c_lon) * _KM_PER_DEGREE * scale
        if d_lat * d_lat + d_lon * d_lon <= radius * radius:
            return True
    return False
