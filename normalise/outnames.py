"""The name a resolved place is shown under, in the language the user asked for.

Fallback (documented in docs/normaliser.md): a current preferred/official name tagged with the
output language -> for languages with their own alphabet, a current name written in it whose
official romanisation is the place's canonical name -> any current name tagged with the language
-> the place's canonical name. Historic names are never chosen: a result names the place as it is
called now.
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.store import GazetteerStore
from normalise.keys import latin_key
from normalise.languages import base_language, tag_script
from normalise.translit import official_romanisations

# Why: most names in the embedded default carry no language (its source has none, and the letters
# prove Ukrainian or Russian only for some words: Київ yes, Одеса or Харків no), so a rare
# variant that does prove it (Коцюбіїв, an old name of Odesa) would be the only tagged candidate.
# A place's canonical GeoNames name is the official romanisation of its local name, which picks
# the right spelling: Одеса -> Odesa, Харків -> Kharkiv, Красноармейск -> Krasnoarmeysk.
ALPHABETS = {
    "uk": frozenset("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'ʼ’-"),
    "ru": frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя-"),
}
"""Letters (casefolded, plus the apostrophes and hyphens names use) of the output languages whose
spelling is recognised by romanisation; a name with any other letter is not in that language."""
SCRIPT_OF = {"uk": "Cyrl", "ru": "Cyrl"}
# Spellings the modern orthography rules out, though their romanisation may still fit: Ukrainian
# ї after a consonant (Днїпро), a soft sign after a consonant that takes none (Краматорьск) or
# before -ск (Тобольск is Тобольськ); Russian hard sign anywhere but before е ё ю я (Омьскъ,
# Къазан), the Ukrainian -ськ (Омськ), a soft sign before -ск but after л (Смоленьск) and a soft
# sign after ц, which Russian never softens (Луцьк, Липецьк are Ukrainian: Луцк, Липецк).
_CONSONANTS = "бвгґджзйклмнпрстфхцчшщ"
_MISSPELT = {
    "uk": re.compile(f"[{_CONSONANTS}]ї|[^дтзсцлн]ь|ьск"),
    "ru": re.compile("ъ(?![еёюя])|ськ|[^л]ьск|ць"),
}


@lru_cache(maxsize=65_536)
def _romanises_to(text: str, lang: str, canonical_key: str) -> bool:
    """Is ``text`` spelt in ``lang``'s alphabet and orthography, and is one of its official
    romanisations (see normalise.translit) the canonical name?"""
    folded = text.casefold()
    if not {c for c in folded if not c.isspace()} <= ALPHABETS[lang] or _MISSPELT[lang].search(folded):
        return False
    return any(latin_key(r) == canonical_key for r in official_romanisations(text, lang))


@lru_cache(maxsize=64)
def _tagged_names_only(lang: str) -> bool:
    """Can only a name tagged with ``lang`` be a place's name in it (``pick_name``)? Not for the
    languages whose untagged names are recognised by their alphabet (uk, ru)."""
    return base_language(lang) not in ALPHABETS


def pick_name(place: Place, names: list[PlaceName], lang: str | None) -> str:
    """Choose ``place``'s display name in ``lang`` from its names (see the module docstring). A tag
    with a region or script ("pt-BR", "zh-Hant") takes a name tagged so first, then one tagged with
    the bare language, then one of another variant of it, within each rank; never one written in
    another script than the tag's ("sr-Latn" takes no Cyrillic "sr" name, "zh-TW" no Simplified)."""
    if not lang:
        return place.name
    lang, base, script = _wanted(lang)
    canonical_key = latin_key(place.name) if base in ALPHABETS else ""
    best: PlaceName | None = None
    best_rank: tuple = (-9.0,)
    for n in names:
        if n.flags & NameFlag.HISTORIC:
            continue
        if n.lang is None:
            # Untagged: only a spelling the romanisation rule recognises, ranked below a tagged
            # one it recognises too and above any other tagged name; of two spellings that
            # romanise alike, the longer keeps a soft sign the scheme drops (Пермь, not Перм;
            # Краматорськ, not the Russian Краматорск).
            rank: tuple = (1.5, 0, len(n.text))
            if not (canonical_key and rank > best_rank and _romanises_to(n.text, base, canonical_key)):
                continue
        else:
            nl = n.lang.lower()
            if base_language(nl) != base or script and tag_script(n.lang) not in (None, script):
                continue
            level: float = 2 if n.flags & (NameFlag.PREFERRED | NameFlag.OFFICIAL) else 1
            if level < 2 and canonical_key and _romanises_to(n.text, base, canonical_key):
                level = 1.75
            if n.flags & (NameFlag.SHORT | NameFlag.COLLOQUIAL | NameFlag.ABBR):
                level -= 1
            tag = 2 if nl == lang else 1 if nl == base else 0
            rank = (level, tag, len(n.text) if level == 1.75 else 0)
        if rank > best_rank:
            best, best_rank = n, rank
    return best.text if best is not None else place.name


@lru_cache(maxsize=64)
def _wanted(lang: str) -> tuple[str, str, str | None]:
    """(the tag lower-cased, its language, its script) of an output language: once per language."""
    return lang.lower(), base_language(lang), tag_script(lang)


class OutputNames:
    """Caches display names per (place, language), so a column of repeats costs one query each."""

    SET_AFTER = 10_000  # per-place queries before one scan lists every place named in the language

    def __init__(self, store: GazetteerStore) -> None:
        self.store = store
        self._cache: dict[tuple[str, str | None], str] = {}
        self._calls: dict[str, int] = {}
        self._named_in: dict[str, set[str] | None] = {}

    def _places_named_in(self, lang: str) -> set[str] | None:
        """Ids of places with a name in ``lang`` (one scan), so a column of places without such
        names skips a query per place. None where the store's schema does not allow the scan."""
        if lang not in self._named_in:
            try:
                base = base_language(lang)
                script = SCRIPT_OF.get(base)
                rows = self.store.execute(
                    "SELECT DISTINCT p.id FROM names n JOIN places p ON p.pk = n.place "
                    "WHERE n.lang = ? OR n.lang LIKE ?"
                    + (" OR (n.lang IS NULL AND n.script = ?)" if script else ""),
                    (base, base + "-%", *([script] if script else [])))
                self._named_in[lang] = {r[0] for r in rows}
            except sqlite3.Error:
                self._named_in[lang] = None
        return self._named_in[lang]

    def prefetch(self, places: list[Place], lang: str | None) -> None:
        """Fetch the ``lang`` names of many places in one statement per 500 (a column's winners)."""
        if not lang:
            return
        todo = list({p.id: p for p in places if (p.id, lang) not in self._cache}.values())
        base = base_language(lang)
        script = SCRIPT_OF.get(base)
        todo = [p for p in todo if not self._own_name_only(p, lang)]
        try:
            for i in range(0, len(todo), 500):
                chunk = todo[i:i + 500]
                found: dict[str, list[PlaceName]] = {}
                rows = self.store.execute(
                    "SELECT p.id, n.text, n.lang, n.script, n.flags, n.valid_from, n.valid_to, n.source "
                    "FROM places p JOIN names n ON n.place = p.pk "
                    f"WHERE p.id IN ({','.join('?' * len(chunk))}) AND (n.lang = ? OR n.lang LIKE ?"
                    + (" OR (n.lang IS NULL AND n.script = ?))" if script else ")"),
                    (*[p.id for p in chunk], base, base + "-%", *([script] if script else [])))
                for r in rows:
                    found.setdefault(r[0], []).append(
                        PlaceName(r[1], r[2], r[3], NameFlag(r[4] or 0), r[5], r[6], r[7] or ""))
                for p in chunk:
                    self._cache[(p.id, lang)] = pick_name(p, found.get(p.id, []), lang)
        except sqlite3.Error:
            return  # name() falls back to one query per place

    def _own_name_only(self, place: Place, lang: str) -> bool:
        """Has ``place`` no name that can be its name in ``lang`` (no language-tagged name, where
        only a tagged one can be)? Then its name is cached, with no query of its names."""
        if not _tagged_names_only(lang):
            return False
        tagged = self.store.tagged_place_ids()
        if tagged is None or place.id in tagged:
            return False
        self._cache[(place.id, lang)] = pick_name(place, [], lang)
        return True

    def name(self, place: Place, lang: str | None) -> str:
        key = (place.id, lang)
        out = self._cache.get(key)
        if out is None:
            if lang and self._own_name_only(place, lang):
                return self._cache[key]
            if lang:
                calls = self._calls[lang] = self._calls.get(lang, 0) + 1
                if calls > self.SET_AFTER:
                    named = self._places_named_in(lang.lower())
                    if named is not None and place.id not in named:
                        self._cache[key] = place.name
                        return place.name
            names = self.store.names(place.id) if lang else []
            out = self._cache[key] = pick_name(place, names, lang)
        return out
