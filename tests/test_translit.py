"""Romanisations: the official schemes give the spellings the standards publish."""
from __future__ import annotations

import pytest

from normalise.translit import guess_cyrillic_lang, romanisations


@pytest.mark.parametrize("text,lang,expected", [
    ("Харків", "uk", "Kharkiv"),            # KMU 2010
    ("Запоріжжя", "uk", "Zaporizhzhia"),     # KMU 2010
    ("Красноармійськ", "uk", "Krasnoarmiisk"),
    ("Харків", "uk", "Charkiw"),             # German-style
    ("Красноармейск", "ru", "Krasnoarmeysk"),  # BGN/PCGN
    ("Красноармейск", "ru", "Krasnoarmejsk"),  # GOST 7.79 / ISO 9 family
    ("Щёлково", "ru", "Shchyolkovo"),         # Wikipedia style
])
def test_schemes_produce_the_published_spellings(text, lang, expected):
    assert expected in romanisations(text, lang)


def test_other_scripts_fall_back_to_anyascii():
    assert romanisations("Θεσσαλονίκη") == ["Thessaloniki"]
    assert romanisations("Ђурђевац") == ["Djurdjevats"]


@pytest.mark.parametrize("text,lang", [("Київ", "uk"), ("Мінськ", "uk"), ("Ўзда", "be"),
                                       ("Подъячево", "ru"), ("Бахмут", None), ("Ђурђевац", "sr")])
def test_language_guessed_only_from_letters_that_prove_it(text, lang):
    assert guess_cyrillic_lang(text) == lang


def test_unknown_cyrillic_gets_both_ukrainian_and_russian_readings():
    outs = romanisations("Горловка")
    assert "Horlovka" in outs and "Gorlovka" in outs


@pytest.mark.parametrize("scheme", ["BGN_PCGN", "WIKIPEDIA", "GOST_779"])
def test_word_by_word_mirror_gives_iuliias_output(scheme):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import iuliia
    from normalise.translit import _word_by_word
    lib = getattr(iuliia, scheme)
    fast = _word_by_word(lib)
    names = ["Щёлково", "ЩЁЛКОВО", "Нижний Новгород", "Октябрьский", "ОКТЯБРЬСКИЙ", "Ёлкино-Ёж", "Подъячево",
             "Красноармейск", "Мар'їнка", "Ъ", "ий", "Ее", "Юрьев-Польский", "Ясная Поляна", "Старый Оскол",
             "Электросталь", "Набережные Челны", "Майкоп 2", "Кызыл", "Усть-Илимск", "Гусь-Хрустальный", ""]
    assert [fast(n) for n in names] == [lib.translate(n) for n in names]
    assert [fast(n) for n in names] == [lib.translate(n) for n in names]  # second time from its word cache
