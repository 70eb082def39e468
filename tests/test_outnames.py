"""Output names: which of a place's names is shown in the language asked for."""
from __future__ import annotations

import dataclasses

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


def test_russian_never_softens_ts():
    """Ukrainian Луцьк romanises to Lutsk by the Russian schemes too, and was the longer spelling:
    it had been Lutsk's Russian name (so had Липецьк Lipetsk's)."""
    assert pick_name(_place("Lutsk"), [_name("Луцьк"), _name("Луцк")], "ru") == "Луцк"
    assert pick_name(_place("Lipetsk"), [_name("Липецьк"), _name("Липецк")], "ru") == "Липецк"
    assert pick_name(_place("Lutsk"), [_name("Луцьк"), _name("Луцк")], "uk") == "Луцьк"


def test_preferred_tagged_names_and_history_keep_their_precedence():
    names = [_name("Дніпропетровськ", "uk", NameFlag.HISTORIC), _name("Дніпро"),
             _name("Січеслав", "uk", NameFlag.PREFERRED)]
    assert pick_name(_place("Dnipro"), names, "uk") == "Січеслав"
    only_historic = [_name("Красноармійськ", "uk", NameFlag.HISTORIC)]
    assert pick_name(_place("Krasnoarmiisk"), only_historic, "uk") == "Krasnoarmiisk"


def test_languages_without_a_romanisation_rule_ignore_untagged_names():
    assert pick_name(_place("Odesa"), [_name("Одеса")], "de") == "Odesa"
    assert pick_name(_place("Odesa"), [_name("Odessa", "de")], "de") == "Odessa"


def test_the_tagged_places_list_changes_no_output_name(tmp_path):
    """A file listing its places with tagged names (the default does) lets OutputNames skip the
    others; in every language, batched or one by one, the names are those of a file without it."""
    from gazetteer.store import GazetteerStore, GazetteerWriter
    from gazetteer_helpers import fake_keys
    from normalise.outnames import OutputNames

    places = [(Place(f"geonames:{i}", name, "P", "PPL", "UA", None, None, None, None, None, 1, "t"), names)
              for i, (name, names) in enumerate([
                  ("Kharkiv", [PlaceName("Kharkiv", None), PlaceName("Харків", None, "Cyrl"),
                               PlaceName("Charkiw", "de", "Latn"),
                               PlaceName("Kharkov", "en", "Latn", NameFlag.HISTORIC)]),
                  ("Odesa", [PlaceName("Odesa", None), PlaceName("Одеса", None, "Cyrl"),
                             PlaceName("Odessa", "de")]),
                  ("Grishino", [PlaceName("Grishino", None), PlaceName("Гришино", None, "Cyrl")]),
                  ("Vienna", [PlaceName("Vienna", "en", "Latn", NameFlag.OFFICIAL),
                              PlaceName("Wien", "de")])], 1)]
    answers = []
    for listed in (False, True):
        path = tmp_path / f"{listed}.sqlite"
        with GazetteerWriter(path, fake_keys, "t1", tagged_places=listed) as w:
            for place, names in places:
                w.add_place(place, names)
        with GazetteerStore(path) as store:
            assert (store.tagged_place_ids() is not None) == listed
            got = []
            for lang in ("en", "de", "uk", "ru", "fr", "de-AT", "ru_RU"):
                batched, lone = OutputNames(store), OutputNames(store)
                batched.prefetch([p for p, _ in places], lang)
                got += [(lang, batched.name(p, lang), lone.name(p, lang)) for p, _ in places]
            answers.append(got)
    assert answers[0] == answers[1]
    assert ("de", "Charkiw", "Charkiw") in answers[1] and ("uk", "Харків", "Харків") in answers[1]


def test_a_tag_with_a_region_or_script_falls_back_to_its_language_in_the_same_script():
    """"--output-lang pt-BR" and "de-AT" printed the canonical names (only names tagged with exactly
    the bare language were read for a bare request, and none for a tagged one); a script or a
    region's likely script (zh-TW: Traditional) must not be answered in another script."""
    names = [_name("Alemanha", "pt"), _name("Deutschland", "de"), _name("德国", "zh"),
             _name("德國", "zh-Hant"), _name("Немачка", "sr"), _name("Nemačka", "sr-Latn"),
             _name("Германия", "ru")]
    germany = _place("Germany")
    assert pick_name(germany, names, "pt-BR") == "Alemanha"
    assert pick_name(germany, names, "de-AT") == "Deutschland"
    assert pick_name(germany, names, "zh") == "德国"  # the bare tag before a variant
    assert pick_name(germany, names, "zh-Hant") == "德國"
    assert pick_name(germany, names, "zh-TW") == "德國"  # Taiwan writes Traditional
    assert pick_name(germany, names, "sr") == "Немачка"
    assert pick_name(germany, names, "sr-Latn") == "Nemačka"
    bavaria = [_name("巴伐利亚", "zh"), _name("Бајерн", "sr")]
    assert pick_name(_place("Bayern"), bavaria, "zh-Hant") == "Bayern"  # not Simplified
    assert pick_name(_place("Bayern"), bavaria, "sr-Latn") == "Bayern"  # not Cyrillic


def _latin(text: str, flags: NameFlag = NameFlag.NONE) -> PlaceName:
    return PlaceName(text, None, "Latn", flags, None, None, "test")


def test_ukraines_places_in_russian_by_their_russian_form():
    """Kharkiv's canonical name is romanised from Ukrainian, so no Russian spelling romanises to it:
    the Russian form is the one whose romanisation is another Latin name of the place, of the same
    consonant skeleton ("Kharkov"); of two, the longer (Bulgarian Харков lacks the soft sign)."""
    names = [_name("Харків"), _name("Харков"), _name("Харьков"), _latin("Kharkiv", NameFlag.OFFICIAL),
             _latin("Kharkov"), _latin("Charkiw")]
    assert pick_name(_place("Kharkiv"), names, "ru") == "Харьков"
    assert pick_name(_place("Kharkiv"), names, "uk") == "Харків"
    abroad = dataclasses.replace(_place("Kharkiv"), country="BG")
    assert pick_name(abroad, names, "ru") == "Kharkiv"  # only where Ukrainian names the places


def test_no_belarusian_ukrainian_or_other_names_for_the_russian_form():
    # Belarusian writes а for an unstressed о (Запарожжа); Russian and Ukrainian keep it
    names = [_name("Запоріжжя"), _name("Запарожжа"), _name("Запорожье"), _latin("Zaparozhzha"),
             _latin("Zaporozhye")]
    assert pick_name(_place("Zaporizhzhya"), names, "ru") == "Запорожье"
    # a Ukrainian ending in Russian letters (Russian: Берегово), a name of another skeleton
    assert pick_name(_place("Berehove"), [_name("Берегове"), _latin("Beregove")], "ru") == "Berehove"
    donetsk = [_name("Донецьк"), _name("Юзовка"), _latin("Yuzovka")]
    assert pick_name(_place("Donetsk"), donetsk, "ru") == "Donetsk"
    # the Ukrainian name letter for letter ranks below another form, and is taken where it is the
    # Russian name too (Измаил)
    names = [_name("Калинівка"), _name("Калинивка"), _name("Калиновка"), _latin("Kalinivka"),
             _latin("Kalinovka")]
    assert pick_name(_place("Kalynivka"), names, "ru") == "Калиновка"
    assert pick_name(_place("Izmayil"), [_name("Ізмаїл"), _name("Измаил"), _latin("Izmail")], "ru") == "Измаил"


def test_the_ukrainian_name_in_russian_letters_gives_way_to_a_regular_russian_form():
    """Одеса romanises to Odesa and was shown in Russian; Одесса differs from it only as Russian and
    Ukrainian regularly do (a doubled consonant; Львів: Львов, і for о). A form that differs
    otherwise is no Russian form of it (Польтова), nor an inflected one (Овруче)."""
    odesa = [_name("Одеса"), _name("Одесса"), _latin("Odesa", NameFlag.OFFICIAL), _latin("Odessa")]
    assert pick_name(_place("Odesa"), odesa, "ru") == "Одесса"
    assert pick_name(_place("Odesa"), odesa, "uk") == "Одеса"
    lviv = [_name("Львів"), _name("Львив"), _name("Львов"), _latin("Lviv"), _latin("Lvov")]
    assert pick_name(_place("Lviv"), lviv, "ru") == "Львов"
    # a Russian name tagged so, not preferred (the renames table's), is such a form too
    dnipro = [_name("Дніпро", "uk"), _name("Днипро"), _name("Днепр", "ru"), _latin("Dnipro"), _latin("Dnepr")]
    assert pick_name(_place("Dnipro"), dnipro, "ru") == "Днепр"
    poltava = [_name("Полтава"), _name("Польтова"), _latin("Poltava"), _latin("Poltova")]
    assert pick_name(_place("Poltava"), poltava, "ru") == "Полтава"
    ovruch = [_name("Овруч"), _name("Овруче"), _latin("Ovruch"), _latin("Ovruche")]
    assert pick_name(_place("Ovruch"), ovruch, "ru") == "Овруч"
    # of two Russian forms, one Ukrainian could not spell
    chernivtsi = [_name("Чернівці"), _name("Черновци"), _name("Черновцы"), _latin("Chernovtsi"),
                  _latin("Chernovtsy")]
    assert pick_name(_place("Chernivtsi"), chernivtsi, "ru") == "Черновцы"
