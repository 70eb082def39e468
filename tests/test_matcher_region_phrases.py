"""A region written after a place the way Ukrainian and Russian addresses and news copy write it: in
the genitive ("Донецької області"), with or without a comma, or by its name's stem ("Kharkiv Oblast")."""
from __future__ import annotations

import pytest

from gazetteer_helpers import ua_default  # noqa: F401 - session fixture
from normalise import Normaliser
from normalise.qualifiers import nominative_region


@pytest.fixture(scope="module")
def norm(ua_default):  # noqa: F811
    return Normaliser(ua_default)


@pytest.mark.parametrize("query, expected", [
    ("Краматорськ Донецької області", "geonames:704508"),  # were not found
    ("Покровск Донецкой области", "geonames:704422"),
    ("Izium Kharkiv oblast", "geonames:707292"),
    ("Lozova, Харківської області", "geonames:702760"),
    ("Chuhuiv, Kharkiv Oblast", "geonames:710374"),
])
def test_a_region_after_the_name(norm, query, expected):
    res = norm.resolve(query)
    assert (res.id, res.reason) == (expected, None), res.to_dict()


@pytest.mark.parametrize("query, expected", [
    ("Chuhuiv Kharkiv Oblast Ukraine", "geonames:710374"),  # a region and a country: was not found
    ("Izium - Kharkiv Oblast", "geonames:707292"),
    ("Donetsk Donetsk Oblast", "geonames:709717"),  # the city: the oblast's admin word had made it the oblast
    ("Odesa Odeska oblast", "geonames:698740"),
    ("Kharkiv Oblast Ukraine", "iso3166-2:UA-63"),  # an area by its stem before a country: was not found
])
def test_a_region_by_its_stem_with_a_country_or_after_a_dash(norm, query, expected):
    res = norm.resolve(query)
    assert (res.id, res.reason) == (expected, None), res.to_dict()


def test_a_region_named_by_its_stem_is_a_known_region(norm):
    """"Kharkiv Oblast" names no area exactly (its names are Kharkivska oblast, Харківська область);
    as a hint it counted only as a stem, so a village of the name elsewhere answered without saying it
    was not in Kharkiv Oblast."""
    res = norm.resolve("Ivanivka, Kharkiv Oblast")
    assert "no match in Kharkiv Oblast" in (res.reason or ""), res.to_dict()


def test_region_phrases():
    assert nominative_region("Донецької області") == "Донецька область"
    assert nominative_region("Донецкой обл.") == "Донецкая область"
    assert nominative_region("Донецька область") is None


@pytest.mark.parametrize("query, expected", [
    ("Україна, Донецька обл., м. Покровськ", "geonames:704422"),
    ("Donetsk Oblast, Pokrovsk", "geonames:704422"), ("Ukraine, Pokrovsk", "geonames:704422"),
    ("Харківська область, Лозова", "geonames:702760"), ("Ukraine, Kharkiv Oblast, Izium", "geonames:707292"),
    ("Ukraine, Donetsk Oblast", "iso3166-2:UA-14"),  # a region after its country
])
def test_an_address_from_the_country_down_is_its_last_place(norm, query, expected):
    """Ukrainian addresses go from the country down to the town: the answer had been the first part
    ("Ukraine", the oblast) at 0.95, the town a hint it did not need."""
    res = norm.resolve(query)
    assert (res.id, res.ambiguous, res.reason, res.query) == (expected, False, None, query), res.to_dict()


def test_a_place_and_its_region_stay_as_written(norm):
    for query in ("Donetsk, Donetsk Oblast", "Kyiv, Ukraine", "Pokrovsk, Donetsk Oblast"):
        res = norm.resolve(query)
        assert res.feature_class == "P" and res.reason is None, res.to_dict()
