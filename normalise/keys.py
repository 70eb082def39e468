"""Normalisation keys: the strings under which gazetteer names are indexed and queries looked up.

The gazetteer store does not import this module; the normaliser hands ``index_keys`` to the
gazetteer writer, and ``KEY_VERSION`` is stored with the file so a stale index is detected.

Three kinds of key, from strict to loose (docs/normaliser.md):
- ``f`` fold key: NFKC, case-folded, no diacritics/apostrophes, one space -- script kept.
- ``l`` Latin keys: the name romanised by every scheme that fits its script (translit.py), folded to
  a-z0-9. Stored only where they differ from the fold key (a Latin name's ``l`` equals its ``f``), so
  a query's Latin keys are looked up under both kinds.
- ``s`` skeleton: a scheme-independent consonant skeleton (kh/ch/h/g one class, w=v, sibilants one
  class, vowels and y/j dropped), so Krasnoarmeysk/Krasnoarmiisk/Krasnoarmijsk/Красноармейск and
  Kharkov/Kharkiv/Charkiw/Харків meet. It is loose, so every skeleton match is verified by similarity.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

from normalise.translit import romanisations

KEY_VERSION = "3"

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼʹʺ`´′″ʻʽ\u02bc\u02bb\"”“«»"), None)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_./,:;()\[\]]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

# Longest first: multi-letter spellings of one sound in the schemes people use.
_SKELETON_GROUPS = {
    "shch": "s", "tsch": "c", "sch": "s", "tch": "c", "zh": "s", "sh": "s", "sz": "s", "cz": "c",
    "ch": "c", "kh": "h", "ts": "c", "tz": "c", "ph": "f", "ck": "k", "gh": "h", "th": "t",
    "dj": "d", "dzh": "d", "x": "h", "g": "h", "z": "s", "w": "v", "q": "k",
}


def _fold(text: str) -> str:
    if text.isascii():  # most names: no normalisation forms or combining marks to deal with
        folded = text.lower()
        if folded.isalnum():  # one word of letters and digits (most names): nothing to remove
            return folded
        if "'" in folded or "`" in folded or '"' in folded:  # the ASCII ones of _APOSTROPHES
            folded = folded.replace("'", "").replace("`", "").replace('"', "")
        return _SEPARATORS.sub(" ", folded).strip()
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFC", text)).strip()


@lru_cache(maxsize=262_144)
def fold_key(text: str) -> str:
    """Script-preserving key: NFKC, case-folded, no diacritics or apostrophes, one space.

    Cached: a column's values and the gazetteer's names come back again and again."""
    return _fold(text)


# Every ASCII character that is not a-z/0-9 (upper case is lowered first): deleted by translate,
# which is what the fold-then-filter chain comes to for an ASCII romanisation.
_ASCII_NOT_ALNUM = dict.fromkeys(c for c in range(128) if not chr(c).isalnum() or chr(c).isupper())


def latin_key(text: str) -> str:
    """Scheme-independent Latin key by anyascii: letters and digits only."""
    if text.isascii():  # folding and anyascii change nothing the a-z0-9 filter keeps
        return text.lower().translate(_ASCII_NOT_ALNUM)
    return _NOT_ALNUM.sub("", anyascii(fold_key(text)).lower())


def _latin_of_roman(roman: str) -> str:
    """The Latin key of one romanisation: fold, anyascii, lower case, a-z0-9 only. For an ASCII
    romanisation (nearly all) folding only lowers and drops non-alphanumerics, so one translate."""
    if roman.isascii():
        return roman.lower().translate(_ASCII_NOT_ALNUM)
    return _NOT_ALNUM.sub("", anyascii(_fold(roman)).lower())


def latin_keys(text: str, lang: str | None = None) -> list[str]:
    """Latin keys of every romanisation that fits the name's script; anyascii's reading first."""
    if text.isascii():  # the common case, and its only romanisation is itself
        key = text.lower().translate(_ASCII_NOT_ALNUM)
        return [key] if key else []
    out: list[str] = []
    for roman in romanisations(unicodedata.normalize("NFKC", text), lang):
        key = _latin_of_roman(roman)
        if key and key not in out:
            out.append(key)
    return out


def _factored_alternation(spellings: dict[str, str]) -> str:
    """The skeleton's alternation grouped by first letter, longest spelling first within each
    group: the same leftmost-longest matches as one flat longest-first alternation, but the regex
    engine tries one group per position instead of every spelling (4x faster)."""
    by_first: dict[str, list[str]] = {}
    for k in sorted(spellings, key=len, reverse=True):
        by_first.setdefault(k[0], []).append(k[1:])
    return "|".join(re.escape(first) + ("(?:" + "|".join(map(re.escape, tails)) + ")" if tails != [""] else "")
                    for first, tails in by_first.items())


# Captured, so split() hands back the matched spellings at the odd positions, mapped by a list
# comprehension instead of a Python callback per match.
_SKELETON_SPLIT = re.compile("(" + _factored_alternation(_SKELETON_GROUPS) + ")")
# A letter followed by itself is dropped: runs collapse as with re.sub(r"(.)\1+", r"\1", ...) but
# by a literal replacement, which re.sub does in C (a template with \1 goes through Python code).
_REPEATED = re.compile(r"(.)(?=\1)")
_DROP_VOWELS = dict.fromkeys(map(ord, "aeiouyj"))


def skeleton(latin: str, *, ch_as_h: bool = False) -> str:
    """Consonant skeleton of a Latin key; ``ch_as_h`` reads "ch" as German/Polish /x/ (Charkiw)."""
    if not latin:
        return ""
    if ch_as_h:
        latin = latin.replace("tsch", "\0").replace("ch", "kh").replace("\0", "tsch")
    parts = _SKELETON_SPLIT.split(latin)
    if len(parts) > 1:
        groups = _SKELETON_GROUPS
        parts[1::2] = [groups[m] for m in parts[1::2]]
        latin = "".join(parts)
    head = "a" if latin[0] in "aeiouyj" else ""
    return _REPEATED.sub("", head + latin.translate(_DROP_VOWELS))


_SOFT_MULTI = sorted(((k, v) for k, v in _SKELETON_GROUPS.items() if len(k) > 1),
                     key=lambda kv: -len(kv[0]))
# One-letter sound classes, and the vowel classes e/i/y/j -> i and o/u -> o: a run of a class
# becomes a run of one letter, which the repeat collapse below reduces to one (as [eiyj]+ -> i would).
_SOFT_SINGLE = str.maketrans({**{k: v for k, v in _SKELETON_GROUPS.items() if len(k) == 1},
                              "e": "i", "y": "i", "j": "i", "u": "o"})


def soft_key(latin: str) -> str:
    """Latin key with sound classes merged but vowels kept (reduced): the form similarity is
    scored on. Plain str.replace chains and one translate (not the skeleton's regex): it runs for
    every candidate."""
    s = latin
    for a, b in _SOFT_MULTI:
        if a in s:
            s = s.replace(a, b)
    return _REPEATED.sub("", s.translate(_SOFT_SINGLE))


_VOWEL_CLASSES = str.maketrans("eyju", "iiio")


@lru_cache(maxsize=65_536)
def respelling_key(text: str) -> str:
    """The anyascii Latin key with only the vowels merged that spellings of one name differ in
    (e/i/y/j, o/u) and doubled letters single: "Odessa" and "Odesa", "Kiev" and "Kyiv", "Hanover"
    and "Hannover" share it; unlike ``soft_key`` no consonants are merged (Orsa is not Orsha)."""
    return _REPEATED.sub("", latin_key(text).translate(_VOWEL_CLASSES))


@lru_cache(maxsize=200_000)
def latin_forms(text: str, lang: str | None = None) -> tuple[tuple[str, str], ...]:
    """(Latin key, soft key) of every romanisation of a name: what similarity is scored on. Cached:
    the same gazetteer names come up for many queries."""
    return tuple((lk, soft_key(lk)) for lk in latin_keys(text, lang))


@lru_cache(maxsize=200_000)
def anyascii_form(text: str) -> tuple[str, str]:
    """(Latin key, soft key) by anyascii alone: a cheap first look before every romanisation."""
    lk = latin_key(text)
    return lk, soft_key(lk)


@lru_cache(maxsize=65536)
def query_keys(text: str, lang: str | None = None) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(fold key, Latin keys, skeletons) of a query; skeletons include the ch-as-h reading."""
    fold = fold_key(text)
    latins = tuple(latin_keys(text, lang))
    skels: list[str] = []
    for lk in latins:
        for sk in (skeleton(lk), skeleton(lk, ch_as_h=True)):
            if len(sk) >= 2 and sk not in skels:
                skels.append(sk)
    return fold, latins, tuple(skels)


def index_keys(text: str, lang: str | None = None) -> set[tuple[str, str]]:
    """The (kind, key) pairs a gazetteer name is indexed under (see the module docstring).

    Not cached here: a build computes each distinct name once (gazetteer.keystage caches), and a
    cache of key sets costs more memory and time than the keys (~1 KB a name)."""
    fold = _fold(text)
    keys = {("f", fold)} if fold else set()
    for lk in latin_keys(text, lang):
        if lk != fold:
            keys.add(("l", lk))
        sk = skeleton(lk)
        if len(sk) >= 2:
            keys.add(("s", sk))
        if "ch" in lk:
            sk = skeleton(lk, ch_as_h=True)
            if len(sk) >= 2:
                keys.add(("s", sk))
    return keys


# The fold keys are what the fuzzy stage blocks by prefix and length in memory: a gazetteer file
# keeps them sorted in runs (gazetteer.store.key_runs) so a job loads them in a fraction of a second.
index_keys.held_kinds = ("f",)  # type: ignore[attr-defined]
