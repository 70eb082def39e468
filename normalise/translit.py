"""Romanisations of a name in the schemes people actually write, so spellings from any scheme meet.

Library choice (see docs/normaliser.md): Ukrainian KMU 2010 (the official passport/map scheme) and the
German-style romanisation (Charkiw, Saporischschja) come from ``translitua``, whose KMU output matched
the official examples (Kharkiv, Krasnoarmiisk, Zaporizhzhia, Kyiv) and which is 3x faster than
``uklatn``; Russian BGN/PCGN, Wikipedia-style and GOST 7.79 (= ISO 9) come from ``iuliia``, which
implements each standard as published; ``anyascii`` is the fallback for every other script (Greek,
Belarusian ў, Serbian ђ, CJK...). No hand-written tables are needed for these scripts.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

_UK_LETTERS = frozenset("іїєґІЇЄҐ")
_RU_LETTERS = frozenset("ёыэъЁЫЭЪ")
_SR_LETTERS = frozenset("ђјљњћџЂЈЉЊЋЏ")
_MK_LETTERS = frozenset("ѓќѕЃЌЅ")


_CYRILLIC = re.compile("[\u0400-\u052f]")


def is_cyrillic(text: str) -> bool:
    """True when the text has at least one Cyrillic letter (U+0400..U+052F)."""
    return _CYRILLIC.search(text) is not None


def guess_cyrillic_lang(text: str, lang: str | None = None) -> str | None:
    """uk or ru when the letters prove it (or the caller says so); None when they do not."""
    if lang in ("uk", "ru", "be", "bg", "sr", "mk"):
        return lang
    letters = set(text)
    if "ў" in letters or "Ў" in letters:
        return "be"
    if letters & _MK_LETTERS:
        return "mk"
    if letters & _SR_LETTERS:
        return "sr"
    if letters & _UK_LETTERS:
        return "uk"
    if letters & _RU_LETTERS:
        return "ru"
    return None


_WORD_BOUNDARY = re.compile(r"\b")  # iuliia's own splitter (iuliia.nlp.SPLITTER)


def _word_by_word(schema):
    """iuliia's algorithm for one schema, same tables, same output, in one tight loop (iuliia
    itself goes through a generator and three method calls per letter: 5 us a name, the largest
    single cost of indexing a Cyrillic name). Falls back to the library's own ``translate``
    where its schema object is not the one this mirrors; tests/test_translit.py compares both."""
    schema.translate("а")  # loads the schema's tables
    inner = getattr(schema, "_schema", schema)
    try:
        letter_map, prev_map, next_map, ending_map = (inner.map, inner.prev_map, inner.next_map,
                                                      inner.ending_map)
    except AttributeError:
        return schema.translate
    split = _WORD_BOUNDARY.split
    cache: dict[str, str] = {}

    def letters(word: str, out: list[str]) -> None:
        prev, last = "", len(word) - 1
        for i, curr in enumerate(word):
            letter = prev_map.get(prev + curr)
            if letter is None:
                letter = next_map.get(curr + word[i + 1] if i < last else curr)
                if letter is None:
                    letter = letter_map.get(curr, curr)
            out.append(letter)
            prev = curr

    def translate_word(word: str) -> str:
        out: list[str] = []
        ending = ending_map.get(word[-2:]) if len(word) > 2 else None
        if ending:  # a specific reading of the last two letters: the stem is read on its own
            letters(word[:-2], out)
            out.append(ending)
        else:
            letters(word, out)
        return "".join(out)

    def translate(text: str) -> str:
        if len(cache) > 100_000:
            cache.clear()
        out = []
        for word in split(text):
            if word:
                roman = cache.get(word)
                if roman is None:
                    roman = cache[word] = translate_word(word)
                out.append(roman)
        return "".join(out)

    return translate


@lru_cache(maxsize=1)
def _schemes():
    """Import the transliteration libraries only when a Cyrillic name first needs them."""
    import warnings

    import translitua
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import iuliia
    uk = [lambda t: translitua.translit(t, translitua.UkrainianKMU),
          lambda t: translitua.translit(t, translitua.UkrainianGerman)]
    ru = [_word_by_word(iuliia.BGN_PCGN), _word_by_word(iuliia.WIKIPEDIA), _word_by_word(iuliia.GOST_779)]
    return uk, ru


def romanisations(text: str, lang: str | None = None) -> list[str]:
    """The name in every scheme that fits its script/language; anyascii's reading always first."""
    out = [anyascii(text)]
    if not is_cyrillic(text):
        return out
    uk, ru = _schemes()
    # Ukrainian names written without і/ї/є/ґ (e.g. Харків has і, but Бахмут has none) are
    # indistinguishable from Russian ones, so an unknown Cyrillic name gets both families.
    guessed = guess_cyrillic_lang(text, lang)
    composed = unicodedata.normalize("NFC", text)
    funcs = uk if guessed == "uk" else ru if guessed == "ru" else (uk + ru if guessed is None else [])
    for f in funcs:
        try:
            out.append(f(composed))
        except Exception:  # a library failing on an odd code point must not stop indexing
            continue
    return out


def official_romanisations(text: str, lang: str) -> list[str]:
    """``text`` in the official romanisation(s) of ``lang`` that GeoNames' own names follow:
    Ukrainian KMU 2010; Russian BGN/PCGN and Wikipedia's. [] for other languages (anyascii's
    reading is no official scheme: it takes Днипро for Dnipro)."""
    if lang not in ("uk", "ru") or not is_cyrillic(text):
        return []
    uk, ru = _schemes()
    composed = unicodedata.normalize("NFC", text)
    out = []
    for f in (uk[:1] if lang == "uk" else ru[:2]):
        try:
            out.append(f(composed))
        except Exception:  # a library failing on an odd code point: no romanisation, no match
            continue
    return out
