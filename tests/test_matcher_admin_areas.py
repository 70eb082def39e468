"""Admin areas named in another form than the gazetteer's ("Kharkiv Oblast" for the ISO name Kharkivska
oblast), on the embedded default limited to Ukraine: no ../shared needed."""
from __future__ import annotations

import pytest

from gazetteer_helpers import ua_default  # noqa: F401 - session fixture
from normalise import Normaliser


@pytest.fixture(scope="module")
def norm(ua_default):  # noqa: F811
    return Normaliser(ua_default)


@pytest.mark.parametrize("query,want", [
    ("Kharkiv Oblast", "iso3166-2:UA-63"),         # the city's name + oblast: Kharkivska oblast
    ("Donetsk region", "iso3166-2:UA-14"),         # any admin word
    ("Odesa oblast", "iso3166-2:UA-51"),           # a final vowel the adjective drops: Odeska
    ("Vinnytsia Oblast", "iso3166-2:UA-05"),       # Vinnytska
    ("Sumy Oblast", "iso3166-2:UA-59"),            # a three-letter stem: Sumska
    ("Ivano-Frankivsk Oblast", "iso3166-2:UA-26"),
    ("Kyiv Oblast", "iso3166-2:UA-32"),            # the oblast, not the city with special status (UA-30)
    ("Luhansk region, UA", "iso3166-2:UA-09"),
])
def test_admin_area_by_the_stem_of_its_name(norm, query, want):
    res = norm.resolve(query)
    assert (res.id, res.ambiguous, res.method) == (want, False, "variant"), res.to_dict()
    assert res.feature_class == "A" and 0.7 <= res.score < 0.9


def test_the_bare_name_is_still_the_city_and_a_non_area_stays_unresolved(norm):
    assert norm.resolve("Kharkiv").id == "geonames:706483"
    assert norm.resolve("Donetsk").id == "geonames:709717"
    # an admin word after a name no area continues: nothing, not the city
    assert norm.resolve("Pokrovsk Oblast").id is None
