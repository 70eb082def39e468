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
