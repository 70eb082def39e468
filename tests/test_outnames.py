"""Output names: which of a place's names is shown in the language asked for."""
from __future__ import annotations

from gazetteer.model import NameFlag, Place, PlaceName
from normalise.outnames import pick_name


def _place(name: str) -> Place:
    return Place(id="geonames:1", name=name, feature_class="P", feature_code="PPL", country="UA",
                 admin1_code=None, admin1_name=None, admin1_iso=None, lat=None, lon=None,
                 population=1, source="test")


def _name(text: str, lang: str | None = None, flags: NameFlag = NameFlag.NONE) -> PlaceName:
    return PlaceName(text, lang, "Cyrl", flags, None, None, "test")


def test_an_untagged_name_that_romanises_to_the_canonical_name_beats_a_stray_tagged_one():
    # The embedded default tags only names whose letters prove the language: an old name of
    # Odesa (Коцюбіїв, ї) is tagged uk, the current Одеса is not.
    names = [_name("Коцюбіїв", "uk"), _name("Одеса"), _name("Одесса")]
    assert pick_name(_place("Odesa"), names, "uk") == "Одеса"


def test_orthography_and_the_soft_sign_pick_each_languages_spelling():
    names = [_name("Краматорск"), _name("Краматорськ"), _name("Краматорьск")]
    assert pick_name(_place("Kramatorsk"), names, "uk") == "Краматорськ"
    assert pick_name(_place("Kramatorsk"), names, "ru") == "Краматорск"
    assert pick_name(_place("Perm"), [_name("Перм"), _name("Пермь")], "ru") == "Пермь"
    assert pick_name(_place("Dnipro"), [_name("Днїпро", "uk"), _name("Дніпро", "uk")], "uk") == "Дніпро"


def test_preferred_tagged_names_and_history_keep_their_precedence():
    names = [_name("Дніпропетровськ", "uk", NameFlag.HISTORIC), _name("Дніпро"),
             _name("Січеслав", "uk", NameFlag.PREFERRED)]
    assert pick_name(_place("Dnipro"), names, "uk") == "Січеслав"
    only_historic = [_name("Красноармійськ", "uk", NameFlag.HISTORIC)]
    assert pick_name(_place("Krasnoarmiisk"), only_historic, "uk") == "Krasnoarmiisk"


def test_languages_without_a_romanisation_rule_ignore_untagged_names():
    assert pick_name(_place("Odesa"), [_name("Одеса")], "de") == "Odesa"
    assert pick_name(_place("Odesa"), [_name("Odessa", "de")], "de") == "Odessa"
