"""Country codes and abbreviations: "US" and "U.S." are the United States, "Us" the French village.

Regression: before countries carried their ISO codes, "US" in news text resolved to Us (FR).
"""
from __future__ import annotations

import pytest

from gazetteer.default import build_default
from gazetteer.model import NameFlag
from gazetteer.store import GazetteerStore
from normalise import Normaliser
from normalise.keys import KEY_VERSION, index_keys


@pytest.fixture(scope="module")
def small_default(tmp_path_factory):
    path = tmp_path_factory.mktemp("abbr") / "default.sqlite"
    return build_default(path, index_keys, KEY_VERSION, countries=["US", "FR", "SL", "BO", "GB"])


def test_countries_carry_their_codes_as_abbreviations(small_default):
    with GazetteerStore(small_default, key_version=KEY_VERSION) as store:
        names = {n.text: n for n in store.names("geonames:6252001")}
    for code in ("US", "USA", "U.S."):
        assert names[code].flags & NameFlag.ABBR, code


@pytest.mark.parametrize("query, expected", [
    ("US", "geonames:6252001"), ("U.S.", "geonames:6252001"), ("USA", "geonames:6252001"),
    ("U.K.", "geonames:2635167"), ("Us", "geonames:2971316"), ("Bo", "geonames:2410048"),
    ("BO", "geonames:3923057"),
])
def test_abbreviations_need_capitals(small_default, query, expected):
    assert Normaliser(small_default).resolve(query).id == expected
