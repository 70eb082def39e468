"""Names written with words cut short: "Frankfurt a.M.", "Freiburg i. Br.", "Cd. Juárez".

Regression: they were not found ("Frankfurt a.M.", "Offenbach a.M.", "Rothenburg o.d.T.", "Cd. Juárez"),
or only loosely ("Dillingen a.d. Donau" at 0.78).
"""
from __future__ import annotations

import pytest

from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.store import GazetteerWriter
from normalise import Normaliser
from normalise.abbreviated import shortened_words, stands_for
from normalise.keys import KEY_VERSION, index_keys

PLACES = (  # id, name, country, population, other names
    ("geonames:2925533", "Frankfurt am Main", "DE", 650_000, ()),
    ("geonames:2925535", "Frankfurt (Oder)", "DE", 58_000, ("Frankfurt an der Oder",)),
    ("geonames:2925177", "Freiburg", "DE", 215_000, ("Freiburg im Breisgau",)),
    ("geonames:2864055", "Neustadt an der Waldnaab", "DE", 5_800, ()),
    ("geonames:2864054", "Neustadt an der Weinstraße", "DE", 53_000, ()),
    ("geonames:2911522", "Halle (Saale)", "DE", 239_000, ()),
    ("geonames:2911521", "Halle", "DE", 3_000, ()),
    ("geonames:4013708", "Ciudad Juárez", "MX", 1_512_000, ()),
    ("geonames:520555", "Nizhniy Novgorod", "RU", 1_284_000, ("Nizhny Novgorod",)),
    ("geonames:519336", "Velikiy Novgorod", "RU", 218_000, ()),
    ("geonames:4407066", "St. Louis", "US", 315_000, ("Saint Louis",)),
)


@pytest.fixture(scope="module")
def norm(tmp_path_factory) -> Normaliser:
    path = tmp_path_factory.mktemp("short") / "g.sqlite"
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        for gid, name, cc, pop, others in PLACES:
            names = [PlaceName(name, None, "Latn", NameFlag.OFFICIAL)]
            names += [PlaceName(o, None, "Latn", NameFlag.NONE) for o in others]
            w.add_place(Place(id=gid, name=name, feature_class="P", feature_code="PPL", country=cc,
                              population=pop), names)
    return Normaliser(path)


@pytest.mark.parametrize("query, expected", [
    ("Frankfurt a.M.", "geonames:2925533"), ("Frankfurt a. M.", "geonames:2925533"),
    ("Frankfurt a.d. Oder", "geonames:2925535"), ("Freiburg i. Br.", "geonames:2925177"),
    ("Freiburg i.Br.", "geonames:2925177"), ("Neustadt a.d. Weinstr.", "geonames:2864054"),
    ("Neustadt a.d. Waldn.", "geonames:2864055"),
    ("Neustadt a.d. Wa.", "geonames:2864055"),  # the beginning of Waldnaab, not a contraction of Weinstraße
    ("Halle/S.", "geonames:2911522"), ("Halle (S.)", "geonames:2911522"),  # set off as a decoration
    ("Cd. Juárez", "geonames:4013708"),  # a contraction, written out by the table of them
    ("Nizh. Novgorod", "geonames:520555"), ("Nizhn. Novgorod", "geonames:520555"),
    ("Frankfurt a.M., Germany", "geonames:2925533"),  # and its country after it
])
def test_shortened_words_stand_for_the_names_words(norm, query, expected):
    res = norm.resolve(query)
    assert (res.id, res.ambiguous, res.method) == (expected, False, "variant"), res.to_dict()
    assert res.score >= 0.75


def test_a_short_word_that_stands_for_none_of_the_names_words_finds_nothing(norm):
    assert norm.resolve("Frankfurt a.X.").id is None
    assert norm.resolve("Neustadt a.d. Q.").id is None


def test_the_words_and_their_blocks():
    found = shortened_words("Neustadt a.d. Weinstr.")
    assert found.words == ("neustadt", "a", "d", "weinstr") and found.short == (False, True, True, True)
    assert found.prefix == "neustadt a" and found.suffix == ""
    assert found.fits("neustadt an der weinstrasse") and not found.fits("neustadt an der waldnaab")
    assert shortened_words("Cd. Juárez").suffix == " juarez"
    # no dot; initials only; one word; an initial first (a block of a twentieth of the keys)
    for text in ("Frankfurt am Main", "U.S.A.", "Kyiv.", "J. Li", "N. Novgorod"):
        assert shortened_words(text) is None, text
    assert stands_for("opf", "oberpfalz") and stands_for("br", "breisgau") and stands_for("cd", "ciudad")
    assert not stands_for("wb", "weinstrasse") and not stands_for("ab", "ba")
