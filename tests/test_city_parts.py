"""A city and a part of it written after it: "Warszawa-Mokotów", "Berlin Spandau", "Köln-Ehrenfeld",
"Praha 1", as addresses and registers name districts.

Regression: they were not found ("no place of this name in the gazetteer").
"""
from __future__ import annotations

import pytest

from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.store import GazetteerWriter
from normalise import Normaliser
from normalise.keys import KEY_VERSION, index_keys
from normalise.qualifiers import city_and_part_splits

PLACES = (  # id, name, country, population, lat, lon
    ("geonames:756135", "Warszawa", "PL", 1_702_139, 52.230, 21.012),
    ("geonames:764484", "Mokotów", "PL", 217_683, 52.194, 21.024),
    ("geonames:9999012", "Mokotow-Sadyba", "PL", 20_000, 52.18, 21.06),
    ("geonames:9999013", "Talashkino", "RU", 2_000, 54.86, 32.17),  # what the loose stage met, below
    ("geonames:480562", "Tula", "RU", 501_169, 54.204, 37.618),
    ("geonames:495394", "Shchëkino", "RU", 58_000, 54.002, 37.517),
    ("geonames:2886242", "Köln", "DE", 963_395, 50.933, 6.950),
    ("geonames:8593861", "Kalk", "DE", 22_802, 50.939, 7.006),
    ("geonames:3067696", "Praha", "CZ", 1_165_581, 50.088, 14.421),
    ("geonames:5037649", "Minneapolis", "US", 410_939, 44.980, -93.264),
    ("geonames:5045360", "Saint Paul", "US", 303_176, 44.944, -93.093),
    ("geonames:4460243", "Charlotte", "US", 885_708, 35.227, -80.843),
    ("geonames:9999010", "Mecklenburg", "DE", 1_000, 53.8, 11.5),
    ("geonames:473247", "Vladimir", "RU", 345_373, 56.129, 40.407),
    ("geonames:9999011", "Kleinstadt", "DE", 20_000, 50.0, 8.0),
    ("geonames:3117735", "Madrid", "ES", 3_255_944, 40.417, -3.704),
    ("geonames:6544494", "Madrid Centro", "ES", 140_000, 40.413, -3.707),
    ("geonames:6359304", "Sol", "ES", 7_000, 40.417, -3.703),
)
ALIASES = {"geonames:3117735": ("Madri",), "geonames:6359304": ("Centro",)}


@pytest.fixture(scope="module")
def norm(tmp_path_factory) -> Normaliser:
    path = tmp_path_factory.mktemp("parts") / "g.sqlite"
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        for gid, name, cc, pop, lat, lon in PLACES:
            w.add_place(Place(id=gid, name=name, feature_class="P", feature_code="PPL", country=cc,
                              lat=lat, lon=lon, population=pop),
                        [PlaceName(name, None, "Latn", NameFlag.OFFICIAL),
                         *(PlaceName(alias, None, "Latn") for alias in ALIASES.get(gid, ()))])
    return Normaliser(path)


def test_city_and_part_splits():
    assert city_and_part_splits("Köln-Ehrenfeld") == [("Köln", "Ehrenfeld", True)]
    assert city_and_part_splits("Markham Yonge-Eglinton") == [
        ("Markham", "Yonge-Eglinton", False), ("Markham Yonge", "Eglinton", True)]
    assert city_and_part_splits("New York  Brooklyn") == [("New", "York Brooklyn", False),
                                                          ("New York", "Brooklyn", False)]
    assert city_and_part_splits("Praha 1") == [("Praha", "1", False)]
    assert city_and_part_splits("Köln -Kalk") == [("Köln", "-Kalk", False)]  # no hyphen between words
    assert city_and_part_splits("Kyiv") == []


@pytest.mark.parametrize("query, expected", [
    ("Warszawa-Mokotów", "geonames:764484"), ("Warszawa Mokotów", "geonames:764484"),
    ("Köln-Kalk", "geonames:8593861"), ("KÖLN KALK", "geonames:8593861"),
    ("Warszawa Mokotow-Sadyba", "geonames:9999012"),  # a hyphen in the part: cut at the space
    ("Warszawa-Mokotów, PL", "geonames:764484"), ("Köln-Kalk (Deutschland)", "geonames:8593861"),  # hints
])
def test_a_district_after_its_city_is_the_district(norm, query, expected):
    res = norm.resolve(query)
    assert (res.id, res.method, res.reason) == (expected, "variant", None), res.to_dict()


def test_a_district_is_read_before_the_loose_stage(norm):
    """"Tula Shchëkino" had been Talashkino, by a loose match of the whole."""
    res = norm.resolve("Tula Shchëkino")
    assert (res.id, res.method) == ("geonames:495394", "variant"), res.to_dict()


def test_a_part_named_by_an_alias_is_no_district_reading(norm):
    """"Madri Centro" (a typo of Madrid Centro) had become Sol, whose alias is "Centro", near Madrid
    (by its alias "Madri"): a district is read by its own name only, and the typo is the loose stage's."""
    res = norm.resolve("Madri Centro")
    assert res.id == "geonames:6544494" and res.method in ("translit", "fuzzy"), res.to_dict()


@pytest.mark.parametrize("query, expected", [
    ("Köln-Ehrenfeld", "geonames:2886242"), ("Praha 1", "geonames:3067696"), ("PRAHA 9", "geonames:3067696"),
    ("Köln-Ehrenfeld, Germany", "geonames:2886242"),
])
def test_a_part_the_gazetteer_does_not_hold_leaves_the_city_said_so(norm, query, expected):
    res = norm.resolve(query)
    assert (res.id, res.method, res.score) == (expected, "variant", 0.8075), res.to_dict()
    assert res.reason.startswith("read as ") and "in the gazetteer" in res.reason


@pytest.mark.parametrize("query", [
    "Vladimir Putin",  # words after a space may be anything
    "Minneapolis-Saint Paul",  # twin cities: the part is no smaller place inside the first
    "Charlotte-Mecklenburg",  # a place elsewhere after the hyphen: two joined, neither meant alone
    "Kleinstadt-Nord",  # a town too small to be read with districts
    "Praha 68",  # two digits: a department's code ("Saint-Louis 68") or a postal district, not read so
])
def test_no_city_and_part_reading(norm, query):
    res = norm.resolve(query)
    assert res.id is None and not res.ambiguous, res.to_dict()
