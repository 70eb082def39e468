"""Language options as users type them, made the tags the gazetteer's names carry."""
from __future__ import annotations

import pytest

from normalise.errors import InputError
from normalise.languages import base_language, language_tag, tag_script


@pytest.mark.parametrize("typed,tag", [
    ("uk", "uk"), ("UK", "uk"), (" uk ", "uk"), ("uk_UA", "uk-UA"), ("uk-ua", "uk-UA"),
    ("ukr", "uk"), ("ukr-UA", "uk-UA"), ("Ukrainian", "uk"), ("German", "de"), ("deu", "de"),
    ("ger", "de"), ("iw", "he"), ("pt-br", "pt-BR"), ("zh_hant", "zh-Hant"), ("zh-TW", "zh-TW"),
    ("sr-Latn", "sr-Latn"), ("es-419", "es-419"), ("kok-Deva", "kok-Deva"), ("fil", "fil"),
])
def test_what_users_type_becomes_a_tag(typed, tag):
    assert language_tag(typed) == tag


@pytest.mark.parametrize("typed", ["xx", "zz", "123", "x", "qq-ZZ", "", "Klingonese", "uk UA"])
def test_no_language_is_an_error_naming_the_option(typed):
    with pytest.raises(InputError, match=r"unknown language .* \(--output-lang\)"):
        language_tag(typed, "--output-lang")


def test_base_language_and_script():
    assert base_language("uk-UA") == "uk" and base_language(None) is None
    assert [tag_script(t) for t in ("zh", "zh-TW", "zh-Hant", "sr", "sr-Latn", "pt-BR", "xx-YY")] == \
        ["Hans", "Hant", "Hant", "Cyrl", "Latn", "Latn", None]


def test_widely_used_languages_are_official_somewhere_or_spoken_by_a_million():
    """Official languages count whatever the populations given; others by CLDR's share of each
    territory's people: Aghem (Cameroon) is spoken by ~0.2% of its 25M, ~40k people."""
    from normalise.languages import languages_in_wide_use, widely_used_languages

    with_cameroon = languages_in_wide_use({"CM": 25_216_237, "IT": 60_431_283})
    assert {"en", "es", "uk", "et", "is", "fr"} <= with_cameroon  # official somewhere
    assert "agq" not in with_cameroon and "la" not in with_cameroon and "eo" not in with_cameroon
    # a non-official language counts by its speakers: Lombard, 5.7% of Italy's 60M
    assert "lmo" in with_cameroon and "lmo" not in languages_in_wide_use({"CM": 25_216_237})
    world = widely_used_languages()  # over GeoNames' countries: Swiss German and Romanian, not Aghem
    assert {"gsw", "ro", "uk"} <= world and not {"agq", "yrl", "la"} & world


def test_major_languages_are_spoken_by_fifty_million():
    from normalise.languages import major_languages

    major = major_languages()
    assert {"en", "zh", "hi", "es", "ar", "fr", "ru", "pt", "de", "ja", "it", "tr", "ko"} <= major
    assert not {"sv", "pl", "uk", "to", "ab", "bm", "mi", "et"} & major  # Polish 41M, Tongan, Abkhaz, ...


def test_a_countrys_cyrillic_readings_are_the_languages_its_people_write_in_it():
    from normalise.languages import cyrillic_readings

    assert cyrillic_readings("UA") == ("ru", "uk")
    assert cyrillic_readings("RU") == ("ru",)  # regional languages are each under 10%
    assert set(cyrillic_readings("BY")) == {"be", "ru"}
    assert cyrillic_readings("DE") == () and cyrillic_readings(None) == ()
