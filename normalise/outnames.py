"""The name a resolved place is shown under, in the language the user asked for.

Fallback (documented in docs/normaliser.md): a current preferred/official name tagged with the
output language -> for languages with their own alphabet, a current name written in it whose
official romanisation is the place's canonical name -> any current name tagged with the language
-> for Russian names of Ukraine's places, whose canonical names are romanised from Ukrainian, the
Russian form of the name (``sister_language``), which also replaces the second rule's answer where
that is the Ukrainian name in Russian letters (Одеса: Одесса) -> the place's canonical name.
Historic names are never chosen: a result names the place as it is called now.
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.scripts import ALPHABETS as SLAVIC_ALPHABETS
from gazetteer.store import GazetteerStore
from normalise.keys import latin_key, skeleton
from normalise.languages import base_language, tag_script
from normalise.translit import official_romanisations

# Why: most names in the embedded default carry no language (its source has none, and the letters
# prove Ukrainian or Russian only for some words: Київ yes, Одеса or Харків no), so a rare
# variant that does prove it (Коцюбіїв, an old name of Odesa) would be the only tagged candidate.
# A place's canonical GeoNames name is the official romanisation of its local name, which picks
# the right spelling: Одеса -> Odesa, Харків -> Kharkiv, Красноармейск -> Krasnoarmeysk.
ALPHABETS = {"uk": SLAVIC_ALPHABETS["uk"] | set("'ʼ’-"), "ru": SLAVIC_ALPHABETS["ru"] | {"-"}}
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
def _spelt_in(text: str, lang: str) -> bool:
    """Is ``text`` written in ``lang``'s alphabet and modern orthography?"""
    folded = text.casefold()
    return ({c for c in folded if not c.isspace()} <= ALPHABETS[lang]
            and not _MISSPELT[lang].search(folded))


@lru_cache(maxsize=65_536)
def _romanises_to(text: str, lang: str, canonical_key: str) -> bool:
    """Is ``text`` spelt in ``lang``'s alphabet and orthography, and is one of its official
    romanisations (see normalise.translit) the canonical name?"""
    return _spelt_in(text, lang) and any(latin_key(r) == canonical_key
                                         for r in official_romanisations(text, lang))


@lru_cache(maxsize=65_536)
def _russian_keys(text: str) -> frozenset[str]:
    """The Latin keys of ``text``'s official Russian romanisations, where it is spelt as Russian
    writes a place's name (alphabet, orthography, no Ukrainian form: ``_NOT_RUSSIAN``); else none."""
    if not _spelt_in(text, "ru") or _NOT_RUSSIAN.search(text.casefold()):
        return frozenset()
    return frozenset(map(latin_key, official_romanisations(text, "ru")))


@lru_cache(maxsize=1024)
def sister_language(country: str | None, lang: str) -> str | None:
    """The language whose romanisation GeoNames names ``country``'s places in, where ``lang``'s own
    form of the names is to be told from it: Ukrainian for Ukraine's places in Russian (Kharkiv is
    Харьков, "Kharkov", see ``_UkrainianNames``). From CLDR's official languages of the territory (babel).

    Russian output only: Ukrainian output of Russia's and Belarus's places by the same checks was
    right for 6 of 11 changed names (docs/normaliser.md), so those keep the other rules."""
    if lang != "ru":
        return None
    from babel.core import get_global

    spoken = get_global("territory_languages").get(country or "", {})
    # "official" only: CLDR has Russian de facto official in Ukraine, whose GeoNames names follow
    # the Ukrainian romanisation (KMU 2010) all the same
    official = {base_language(tag) for tag, info in spoken.items()
                if info.get("official_status") == "official"}
    return "uk" if "uk" in official and lang not in official else None


_HISTORIC = int(NameFlag.HISTORIC)
_UK_ONLY_LETTERS = "іїєґ"
"""Letters only Ukrainian has (of the two): a name with one is Ukrainian."""
_UK_IN_RUSSIAN_LETTERS = str.maketrans("іїєґ", "ииег")
"""Those letters as Russian writes the sounds (Калинівка: Калинивка)."""
# Endings of Ukrainian place names that Russian does not have in the nominative (-ове, -еве, -ине,
# -не, -ське, -зьке, -ів: Берегове, Синельникове, Сорокине, Південне, Перегинське, Прибузьке, Глухів;
# Russian Берегово, Синельниково, Сорокино, Южное, Перегинское, Прибужское, Глухов), in Russian
# letters; ы after ж ш ч щ, which Russian spells и (Локачі is Локачи, not Локачы; a Turkic name may
# keep it, Шымкент, but this rule is for Ukraine's places); a plural in -ці, which Russian writes -цы
# (Чернівці: Черновцы, not Черновци); and Ukrainian ьо (Муравльовка, Russian Муравлёвка; Russian
# writes ьо in loanwords only, Асунсьон).
_NOT_RUSSIAN = re.compile(r"(?:[оеё]ве|ине|не|ске|ьке|ив|ци)$|[жшчщ]ы|ьо")


class _UkrainianNames:
    """What ``pick_name`` weighs a Russian-spelt name of a place named in Ukrainian romanisation
    against (``sister_language``), read once per place from its names:
    - ``attested``: the Latin keys of its current Latin names;
    - ``forms``: its Ukrainian names as Russian letters can write them, those that romanise to the
      canonical name by KMU (Берегове);
    - ``own``: those and the names with a letter only Ukrainian has, to compare vowels with;
    - ``mapped``: the latter letter for letter in Russian letters (Калинивка of Калинівка), which may
      be right (Измаил of Ізмаїл) but rank below another form (Калиновка)."""

    __slots__ = ("canonical_key", "skeleton", "attested", "forms", "own", "mapped")

    def __init__(self, names: list[PlaceName], canonical_key: str) -> None:
        self.canonical_key = canonical_key
        self.skeleton = skeleton(canonical_key)
        self.attested = frozenset(latin_key(n.text) for n in names
                                  if n.script == "Latn" and not int(n.flags) & _HISTORIC)
        self.own: list[str] = []
        self.forms: set[str] = set()
        self.mapped: set[str] = set()
        for n in names:
            if n.script != "Cyrl" or int(n.flags) & _HISTORIC:
                continue
            folded = n.text.casefold()
            if any(c in folded for c in _UK_ONLY_LETTERS):
                self.own.append(folded)
                self.mapped.add(folded.translate(_UK_IN_RUSSIAN_LETTERS))
            elif _romanises_to(n.text, "uk", canonical_key):
                self.own.append(folded)
                self.forms.add(folded)

    def is_ukrainian(self, folded: str) -> bool:
        """Is the (casefolded) spelling a Ukrainian name in Russian letters (Одеса, Львив)?"""
        return folded in self.forms or folded in self.mapped

    def russian_form(self, text: str) -> bool:
        """Is ``text`` the Russian form of the place's name: spelt in Russian, one of its official
        romanisations another Latin name of the place with the canonical name's consonant skeleton
        (Харьков of Kharkiv, "Kharkov"; Запорожье of Zaporizhzhya, "Zaporozhye"; not Юзовка of
        Donetsk, another name), not a Ukrainian name as Russian letters write it (Берегове), and not
        Belarusian (``_akanye``: Запарожжа)?"""
        keys = _russian_keys(text)
        if not keys or self.canonical_key in keys or text.casefold() in self.forms:
            return False
        return (any(k in self.attested and skeleton(k) == self.skeleton for k in keys)
                and not _akanye(text, self.own))


_REGULAR_SWAPS = frozenset({("і", "о"), ("і", "е"), ("і", "и"), ("і", "ы"), ("и", "ы"), ("є", "е"),
                            ("ї", "и"), ("ґ", "г"), ("е", "ё")})
"""Ukrainian letters and the Russian ones the same word has (Львів: Львов, Дніпро: Днепр, Чернівці:
Черновцы)."""


def _corresponds(uk: str, ru: str) -> bool:
    """Does Russian ``ru`` differ from Ukrainian ``uk`` (both casefolded) only as the two languages
    regularly do: the letter swaps above, a soft sign added or dropped, a consonant doubled (Одеса:
    Одесса), a final о dropped (Дніпро: Днепр), an adjective's ending grown (Лозова: Лозовая,
    Рубіжне: Рубежное)? Aligned by Levenshtein edit operations (rapidfuzz)."""
    from rapidfuzz.distance import Levenshtein

    for op in Levenshtein.editops(uk, ru):
        if op.tag == "replace":
            if (uk[op.src_pos], ru[op.dest_pos]) not in _REGULAR_SWAPS:
                return False
        elif op.tag == "insert":
            c = ru[op.dest_pos]
            doubled = op.dest_pos > 0 and ru[op.dest_pos - 1] == c and c not in "аеиоуыэюяё"
            ending = op.dest_pos >= len(ru) - 2 and c in "яйое" and uk[-1] in "аеоіяє"
            if not (c == "ь" or doubled or ending):
                return False
        elif not (uk[op.src_pos] == "ь" or (uk[op.src_pos] == "о" and op.src_pos == len(uk) - 1)):
            return False
    return True


def _akanye(text: str, own: list[str]) -> bool:
    """Does ``text`` write а where the sister language's name has о, as Belarusian does (Запарожжа,
    Ужгарад of Запоріжжя, Ужгород)? Russian and Ukrainian spelling keep the о, but in a first
    Ол-/Ал- (Алексеевка is Олексіївка). Aligned by Levenshtein edit operations (rapidfuzz)."""
    from rapidfuzz.distance import Levenshtein

    folded = text.casefold()
    return any(op.tag == "replace" and name[op.src_pos] == "о" and folded[op.dest_pos] == "а"
               and not (op.dest_pos == 0 and folded.startswith("ал"))
               for name in own for op in Levenshtein.editops(name, folded))


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
    ukrainian = (_UkrainianNames(names, canonical_key)
                 if canonical_key and sister_language(place.country, base) else None)
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
                # else, below any tagged name (its letters proved the language): the Russian form
                # of a name romanised from Ukrainian (Харьков of Kharkiv)
                if ukrainian is None:
                    continue
                rank = (0.9, int(n.text.casefold() not in ukrainian.mapped), len(n.text))
                if not (rank > best_rank and ukrainian.russian_form(n.text)):
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
    if ukrainian and best is not None and best_rank[0] == 1.5 and ukrainian.is_ukrainian(best.text.casefold()):
        # the Ukrainian name in Russian letters (Одеса, Львив): the Russian form instead, where the
        # place has one that differs from a Ukrainian name only as the two languages regularly do
        regular = [n for n in names if (n.lang is None or base_language(n.lang) == base) and n is not best
                   and not int(n.flags) & _HISTORIC and not ukrainian.is_ukrainian(n.text.casefold())
                   and ukrainian.russian_form(n.text)
                   and any(_corresponds(u, n.text.casefold()) for u in ukrainian.own)]
        if regular:  # of several, the longer
            return max(regular, key=lambda n: len(n.text)).text
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
        """Fetch the ``lang`` names of many places in one statement per 500 (a column's winners); all
        their names where ``pick_name`` weighs them all (``sister_language``)."""
        if not lang:
            return
        todo = list({p.id: p for p in places if (p.id, lang) not in self._cache}.values())
        base = base_language(lang)
        todo = [p for p in todo if not self._own_name_only(p, lang)]
        every: list[Place] = []
        some: list[Place] = []
        for p in todo:
            (every if sister_language(p.country, base) else some).append(p)
        try:
            for group, every_name in ((every, True), (some, False)):
                for i in range(0, len(group), 500):
                    self._fetch_and_pick(group[i:i + 500], lang, every_name)
        except sqlite3.Error:
            return  # name() falls back to one query per place

    def _fetch_and_pick(self, chunk: list[Place], lang: str, every_name: bool) -> None:
        """Fetch the names ``pick_name`` reads for ``chunk`` and cache its choices: those in the
        language (and its script, untagged), or every name (``every_name``: ``sister_language``)."""
        base = base_language(lang)
        script = SCRIPT_OF.get(base)
        found: dict[str, list[PlaceName]] = {}
        which, params = "", ()
        if not every_name:
            which = (" AND (n.lang = ? OR n.lang LIKE ?"
                     + (" OR (n.lang IS NULL AND n.script = ?))" if script else ")"))
            params = (base, base + "-%", *([script] if script else []))
        rows = self.store.execute(
            "SELECT p.id, n.text, n.lang, n.script, n.flags, n.valid_from, n.valid_to, n.source "
            f"FROM places p JOIN names n ON n.place = p.pk WHERE p.id IN ({','.join('?' * len(chunk))})"
            + which, (*[p.id for p in chunk], *params))
        for r in rows:
            found.setdefault(r[0], []).append(
                PlaceName(r[1], r[2], r[3], NameFlag(r[4] or 0), r[5], r[6], r[7] or ""))
        for p in chunk:
            self._cache[(p.id, lang)] = pick_name(p, found.get(p.id, []), lang)

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
