"""Linking GeoNames admin1 codes (FIPS-like, ``UA.05``) to ISO 3166-2 subdivisions (``UA-14``).

No offline package ships GeoNames' admin1 table with ISO codes, so the link is derived from
evidence: names of the places inside an admin1 (or, in a full dump, the admin1's own name from
admin1CodesASCII) that match a subdivision's names in any of pycountry's translations (``Donetsk``
~ ``Donetska oblast``). Pairs are chosen greedily by evidence, one-to-one; an admin1 without
clear evidence stays unlinked (empty ``admin1_iso``) rather than guessed.
"""
from __future__ import annotations

import gettext
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from anyascii import anyascii
from rapidfuzz.distance import Indel, Levenshtein

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_BRACKETS = re.compile(r"\[([^\]]*)\]|\(([^)]*)\)")
MIN_PREFIX = 4
ADMIN1_WORDS = frozenset("""oblast oblastʹ province provincia region governorate district county state
    kray krai voivodeship prefecture department municipality republic autonomous""".split())
"""Words GeoNames' admin1 names add to the name proper ("Yaroslavl Oblast", "Kermanshah Province")."""
_COMPASS = {word: canonical for canonical, words in {
    "north": "north northern bukto bukdo shomali shamali nord norte noord nordre norra utara severnaya "
             "severnyy severnyj pivnichna pivnichnyi polnocna polnocny polnocne settentrionale "
             "septentrional setentrional eszak thuaidh",
    "south": "south southern namdo jonubi janubi sud sur sul zuid sor sodra selatan yuzhnaya yuzhnyy "
             "yuzhnyj pivdenna pivdenniy poludniowa poludniowy poludniowe meridionale meridional",
    "east": "east eastern sharqi est este leste oost ost ostra timur vostochnaya vostochnyy "
            "vostochnyj skhidna skhidniy wschodnia wschodni wschodnie orientale oriental kelet thoir",
    "west": "west western gharbi ouest oeste vest vastra barat zapadnaya zapadnyy zapadnyj zakhidna "
            "zakhidniy zachodnia zachodni zachodnie occidentale occidental nyugat thiar",
    "central": "central markazi centre centro centrale mitte midden tengah tsentralnaya tsentralnyy "
               "tsentralna srodkowa srodkowy kozep",
}.items() for word in words.split()}
"""Compass words across languages, for comparing whole names: GeoNames' "East Java" is ISO's Jawa
Timur, French "Java oriental", Dutch "Oost-Java"."""


def whole_name_key(tokens: list[str], *, bare: bool = False) -> str:
    """A whole name as compared: its words, compass words in one language, in sorted order (East
    Java = Java oriental = Oost-Java); ``bare``: without its admin words (Nghệ An Province = Nghệ An)."""
    if bare:
        tokens = [t for t in tokens if t not in ADMIN1_WORDS] or tokens
    return " ".join(sorted(_COMPASS.get(t, t) for t in tokens))


WHOLE_NAME_SCORE = 8
"""Evidence of an admin1 whose own whole name is a subdivision's name (beats one word's 4)."""
CITY_TOP_SHARE = 0.35
"""A city-type subdivision (Kyiv, Debrecen) is an admin1 only where that admin1's largest place holds
at least this share of its population (see ``Admin1Linker.observe_top_share``)."""


def latin_tokens(text: str) -> list[str]:
    """Lower-case ASCII word tokens of a name in any script (apostrophes dropped, not split on)."""
    text = unicodedata.normalize("NFKC", text).replace("'", "").replace("’", "").replace("ʼ", "")
    return [t for t in _NON_ALNUM.split(anyascii(text).lower()) if t]


@dataclass
class Subdivision:
    """An ISO 3166-2 subdivision (at GeoNames' admin1 level, or above or below it) with its names in
    every pycountry locale."""

    code: str
    name: str
    type: str
    names: dict[str, str] = field(default_factory=dict)  # lang -> translated name
    parent: str | None = None  # the grouping unit above it, where ISO has one (ID-JI: ID-JW); for a
    # unit below the admin1 level (``lower_units``), the admin1-level unit that holds it
    tokens: set[str] = field(default_factory=set)
    primary_tokens: set[str] = field(default_factory=set)  # from the ISO (romanised) name itself
    whole_names: set[str] = field(default_factory=set)  # every name's ``whole_name_key``
    bare_names: set[str] = field(default_factory=set)  # ... without admin words (bare=True)


@lru_cache(maxsize=None)
def _translations() -> dict[str, gettext.NullTranslations]:
    import os
    out = {}
    for lang in sorted(os.listdir(pycountry.LOCALES_DIR)):
        mo = os.path.join(pycountry.LOCALES_DIR, lang, "LC_MESSAGES", "iso3166-2.mo")
        if os.path.exists(mo):
            with open(mo, "rb") as fh:
                out[lang] = gettext.GNUTranslations(fh)
    return out


_ISO_NOTE = re.compile(r"\s*(?:\[[^\]]*\]|\((?:[A-Z]{2,5}(?:-partial)?)\))")
_LIST_WORD = re.compile(r"\b(?:and|y|et|und|i|e)\b")


@lru_cache(maxsize=None)
def display_name(name: str) -> str:
    """An ISO 3166-2 name as people write it, to show: without ISO's notes (other names and codes in
    square brackets, a code in parentheses) and with the designator ISO moves behind a comma for
    sorting put back in front. 'Wales [Cymru GB-CYM]' -> Wales; 'Madrid, Comunidad de' -> Comunidad
    de Madrid; 'Laâyoune (EH)' -> Laâyoune. A comma that lists parts ('Newry, Mourne and Down') and
    a note in words ('Ilocos (Region I)') stay. Cached: the default build asks once per place."""
    text = _ISO_NOTE.sub("", name).strip()
    head, comma, tail = text.partition(", ")
    if comma and tail and "," not in tail and not _LIST_WORD.search(text):
        text = f"{tail} {head}"
    return text or name


def name_variants(name: str) -> list[str]:
    """'Murcia, Región de' -> Murcia; 'Wales [Cymru GB-CYM]' -> Wales, Cymru."""
    out = []
    for m in _BRACKETS.finditer(name):
        inner = (m.group(1) or m.group(2) or "").strip()
        inner = re.sub(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b", "", inner).strip()
        if inner:
            out.append(inner)
    base = _BRACKETS.sub("", name).split(",")[0].strip()
    return [base] + out if base else out


ADMIN1_LEVEL_MATCH = 0.15
"""GeoNames' admin1 is ISO's second level where the top one only groups it (Indonesia's provinces
under seven geographical units): the second level is taken when it has GeoNames' number of admin1
codes, within this share, and the top level is off by more than half."""


@lru_cache(maxsize=None)
def shipped_admin1() -> dict[str, tuple[str, str, int | None]]:
    """``UA.11`` -> (name, ASCII name, geonameid of its ADM1 feature): GeoNames' admin1CodesASCII.txt
    (CC BY 4.0), shipped in gazetteer/data because no package has it (docs/gazetteer.md). Read once
    for the linker's level choice and the default build's names and places."""
    from importlib import resources

    out: dict[str, tuple[str, str, int | None]] = {}
    text = resources.files("gazetteer").joinpath("data", "admin1CodesASCII.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        cols = line.split("\t")
        if not line or line.startswith("#") or len(cols) < 3:
            continue
        gid = cols[3] if len(cols) > 3 else ""
        out[cols[0]] = (cols[1], cols[2], int(gid) if gid.isdigit() else None)
    return out


@lru_cache(maxsize=None)
def _geonames_admin1_counts() -> dict[str, int]:
    """Admin1 codes per country in GeoNames' admin1CodesASCII.txt."""
    counts: dict[str, int] = defaultdict(int)
    for code in shipped_admin1():
        if "." in code:
            counts[code.split(".", 1)[0]] += 1
    return dict(counts)


@lru_cache(maxsize=None)
def _levels(country: str) -> tuple[tuple, tuple]:
    """(pycountry subdivisions at GeoNames' admin1 level, the units above that only group them)."""
    # pycountry hands them over as a set: sorted, so a build does not depend on the hash seed
    subs = sorted(pycountry.subdivisions.get(country_code=country) or [], key=lambda s: s.code)
    top = [s for s in subs if not getattr(s, "parent_code", None)]
    parents = {getattr(s, "parent_code", None) for s in subs}
    codes = {s.code for s in top}
    second = [s for s in subs if getattr(s, "parent_code", None) in codes]
    if second:
        second += [s for s in top if s.code not in parents]  # a top unit without parts (Bissau)
    n = _geonames_admin1_counts().get(country, 0)
    if second and n and abs(len(second) - n) <= ADMIN1_LEVEL_MATCH * n and abs(len(top) - n) > n / 2:
        grouping = [s for s in top if s.code in parents]
        return tuple(sorted(second, key=lambda s: s.code)), tuple(grouping)
    return tuple(top), ()


def _subdivision(s) -> Subdivision:
    sub = Subdivision(s.code, s.name, s.type, parent=getattr(s, "parent_code", None))
    for lang, tr in _translations().items():
        translated = tr.gettext(s.name)
        if translated and translated != s.name:
            sub.names[lang.replace("_", "-")] = translated
    for text in [s.name, *sub.names.values()]:
        for variant in name_variants(text):
            toks = latin_tokens(variant)
            sub.tokens.update(t for t in toks if len(t) >= MIN_PREFIX)
            if toks:
                sub.whole_names.add(whole_name_key(toks))
                sub.bare_names.add(whole_name_key(toks, bare=True))
    for variant in name_variants(s.name):
        sub.primary_tokens.update(t for t in latin_tokens(variant) if len(t) >= MIN_PREFIX)
    return sub


def subdivisions(country: str) -> list[Subdivision]:
    """A country's ISO subdivisions at GeoNames' admin1 level (the top level, or the one below where
    the top only groups it, ``_levels``) with their translated names (language-tagged)."""
    return [_subdivision(s) for s in _levels(country)[0]]


def grouping_units(country: str) -> list[Subdivision]:
    """The ISO units above a country's admin1 level, where there are any (Indonesia's Jawa,
    Sumatera, ...): places of their own, but no admin1 of any place."""
    return [_subdivision(s) for s in _levels(country)[1]]


def lower_units(country: str) -> list[Subdivision]:
    """A country's ISO subdivisions below its admin1 level (France's departments, Italy's and Spain's
    provinces, Ireland's counties, Britain's council areas), each with ``parent`` the admin1-level
    unit that holds it (FR-13: FR-PAC)."""
    top, grouping = _levels(country)
    top_codes = {s.code for s in top}
    taken = top_codes | {s.code for s in grouping}
    subs = sorted(pycountry.subdivisions.get(country_code=country) or [], key=lambda s: s.code)
    parents = {s.code: getattr(s, "parent_code", None) for s in subs}
    out = []
    for s in subs:
        if s.code in taken:
            continue
        holder = parents[s.code]
        while holder is not None and holder not in top_codes:
            holder = parents.get(holder)
        if holder is not None:
            unit = _subdivision(s)
            unit.parent = holder
            out.append(unit)
    return out


def _matches(place_key: str, token: str) -> int:
    """2 for the same word, 1 for the same stem (Donetsk ~ donetska), 0 otherwise."""
    if place_key == token:
        return 2
    n = 0
    for a, b in zip(place_key, token):
        if a != b:
            break
        n += 1
    if n >= max(MIN_PREFIX, len(place_key) - 1) and len(token) - n <= 4 and len(place_key) - n <= 1:
        return 1
    # The adjective drops the name's final vowels (Vinnytsia ~ vinnytska); a stem of 5+ letters,
    # as a shorter one meets unrelated names (Songea, Ruvuma's capital ~ Songwe, another region).
    stem = place_key.rstrip("aeiouy")
    if len(stem) > MIN_PREFIX and n >= len(stem) and len(token) - n <= 4:
        return 1
    return 0


def _near_word(a: str, b: str) -> bool:
    """Words of 6+ letters with the same first four letters and an Indel similarity of 0.8 or more:
    an admin1's own name and its ISO adjective spelt with another vowel or consonant doubling
    (Chernivtsi ~ chernivetska, Zakarpattia ~ zakarpatska)."""
    if min(len(a), len(b)) < 6 or a[:MIN_PREFIX] != b[:MIN_PREFIX]:
        return False
    # In integers: rapidfuzz's score_cutoff=0.8 turned away a similarity of exactly 0.8 (a float
    # boundary: Chechnya ~ chechenskaya, 4 edits in 20 letters).
    return 5 * Indel.distance(a, b) <= len(a) + len(b)


def _one_edit(a: str, b: str) -> bool:
    """Words one insertion, deletion or substitution apart, one of 6+ letters and the other of 5+
    (Crimea ~ crimeea, Moscow ~ mosco)."""
    if min(len(a), len(b)) < 5 or max(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1 or a == b:
        return False
    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


_POSITION = {word: canonical for canonical, words in {
    "lower": "lower nieder nedre neder dolna dolny dolne donja donji spodnja inferior inferiore inferioara "
             "basse bas bassa baja bajo alam also zemutine",
    "upper": "upper ober ovre opper gorna gorny gorne gornja gornji zgornja superior superiore haute haut "
             "alta alto ulem felso aukstutine",
    "middle": "middle mittel midden srodkowa medio media moyen dhexe",
}.items() for word in words.split()} | _COMPASS
"""Words that tell apart the parts of a region (Lower and Upper Austria; East and West Azerbaijan),
across languages, with the compass words: two names must agree on them to be compared at all."""
NAME_LINK_MIN = 0.75
NAME_LINK_MARGIN = 0.15
"""The leftovers' link by name (``Admin1Linker._link_by_name``): a pair this similar, and this much
more similar than any rival pair of either side."""


def _positions_and_rest(text: str, bare: bool) -> tuple[tuple[str, ...], str]:
    """A name's position words (``_POSITION``, in one language) and the rest of its letters, without
    admin words if ``bare``: "Lower Austria" -> (("lower",), "austria"); Polish "Dolna Austria" too."""
    toks = latin_tokens(text)
    if bare:
        toks = [t for t in toks if t not in ADMIN1_WORDS] or toks
    return (tuple(sorted(_POSITION[t] for t in toks if t in _POSITION)),
            "".join(t for t in toks if t not in _POSITION))


def name_similarity(names: set[str], sub: Subdivision) -> float:
    """How alike an admin1's own names and any name of ``sub`` (ISO's, its forms, its translations)
    are: the Indel similarity of their letters besides the position words, which must agree. "Saxony"
    ~ Romanian "Saxonia" (Sachsen) 0.77; "Lower Saxony" ~ "Saxonia Inferioară" (Niedersachsen); "East
    Azerbaijan" meets Āz̄ārbāyjān-e Shārqī, not Ghārbī. Admin words are dropped on both sides only where
    the admin1's name has one ("Khövsgöl Province" ~ Hövsgöl): a bare "Altai" is no likelier the Altai
    Krai than the Altai Republic."""
    variants = [v for t in (sub.name, *sub.names.values()) for v in name_variants(t)]
    forms = {bare: {_positions_and_rest(v, bare) for v in variants} for bare in (False, True)}
    best = 0.0
    for text in names:
        pos, rest = _positions_and_rest(text, True)
        bare = rest != _positions_and_rest(text, False)[1]
        if rest:
            for other_pos, other in forms[bare]:
                if other_pos == pos and other:
                    best = max(best, Indel.normalized_similarity(rest, other))
    return best


class Admin1Linker:
    """Collects evidence per country, then links admin1 codes to ISO subdivisions one-to-one."""

    def __init__(self) -> None:
        self._evidence: dict[str, dict[tuple[str, str], float]] = defaultdict(lambda: defaultdict(float))
        self._subs: dict[str, list[Subdivision]] = {}
        self._by_prefix: dict[str, dict[str, list[tuple[str, str, bool]]]] = {}
        self._by_whole: dict[str, dict[str, set[str]]] = {}
        self._by_bare: dict[str, dict[str, set[str]]] = {}
        self._city_codes: dict[str, frozenset[str]] = {}  # city-type subdivisions (Kyiv, Horad Minsk)
        self._top_share: dict[tuple[str, str], float] = {}
        self._own_named: set[tuple[str, str, str]] = set()  # (country, admin1, code) by its own name
        self._own_names: dict[tuple[str, str], set[str]] = defaultdict(set)  # GeoNames' admin1 names
        self._admin1s: dict[str, set[str]] = defaultdict(set)
        self._final: dict[str, dict[str, Subdivision]] = {}

    def _index(self, country: str) -> dict[str, list[tuple[str, str]]]:
        idx = self._by_prefix.get(country)
        if idx is None:
            subs = self._subs[country] = subdivisions(country)
            idx = defaultdict(list)
            whole: dict[str, set[str]] = defaultdict(set)
            bare: dict[str, set[str]] = defaultdict(set)
            for sub in subs:
                for tok in sub.tokens:
                    idx[tok[:MIN_PREFIX]].append((sub.code, tok, tok in sub.primary_tokens))
                for text in sub.whole_names:
                    whole[text].add(sub.code)
                for text in sub.bare_names:
                    bare[text].add(sub.code)
            self._by_prefix[country] = idx
            self._by_whole[country] = whole
            self._by_bare[country] = bare
            self._city_codes[country] = frozenset(s.code for s in subs if "city" in s.type.lower())
        return idx

    def subdivisions_of(self, country: str) -> list[Subdivision]:
        self._index(country)
        return self._subs[country]

    def observe(self, country: str, admin1: str, name: str, alternate_names: list[str] = (),
                weight: float = 1.0, *, cities: bool = True, own_name: bool = False) -> None:
        """Evidence: a place (or the admin1 itself) in ``country``/``admin1``.

        The canonical (romanised) ``name`` may match any of the subdivision's names, exactly or by
        stem (Donetsk ~ Donetska); alternate names count only when they equal a word of the ISO name
        itself, since dialect and foreign forms collide with translations ("Canton", "Bassa").
        ``cities=False``: no evidence for city-type subdivisions. Why: an admin1's own name is often
        its capital's ("Minsk" is Minsk Oblast, "Kiev" Kyiv Oblast), and would claim the city (Horad
        Minsk, Kyiv) that the city's admin1 ("Minsk City") is linked to by its largest place.
        ``own_name``: ``name`` is the admin1's own (GeoNames' admin1CodesASCII), which names nothing
        else, so it may also be near a subdivision's word (``_one_edit``, ``_near_word``) and is read
        without its admin words ("Kermanshah Province", "Yaroslavl Oblast").
        """
        if not country or not admin1 or admin1 == "00":
            return
        idx = self._index(country)
        if not idx:
            return
        city_codes = frozenset() if cities else self._city_codes[country]
        best: dict[str, int] = {}

        def word_scores(key: str, canonical: bool) -> dict[str, int]:
            scores: dict[str, int] = {}
            for code, tok, primary in idx.get(key[:MIN_PREFIX], ()):
                if code in city_codes:
                    continue
                if not primary:
                    score = 2 if canonical and key == tok else (
                        1 if own_name and canonical and _one_edit(key, tok) else 0)
                elif key == tok:
                    score = 4
                else:
                    score = _matches(key, tok) or (
                        1 if own_name and canonical and _near_word(key, tok) else 0)
                if score > scores.get(code, 0):
                    scores[code] = score
            return scores

        def consider(text: str, canonical: bool) -> None:
            toks = latin_tokens(text)
            if own_name and len(toks) > 1:
                toks = [t for t in toks if t not in ADMIN1_WORDS]
            if own_name and canonical and len(toks) > 1:
                # An admin1's own name of several words ("Yamalo-Nenets"): weak evidence for the
                # one subdivision that matches every word. None where several do ("Mato Grosso"
                # ~ Mato Grosso do Sul too): only the whole name tells those apart.
                if any(len(t) < MIN_PREFIX for t in toks):
                    return
                every = set.intersection(*(set(word_scores(t, canonical)) for t in toks))
                found = dict.fromkeys(every, 1) if len(every) == 1 else {}
            elif len(toks) != 1 or len(toks[0]) < MIN_PREFIX:
                return  # multi-word place names are too often descriptive ("Novyi Donbas")
            else:
                found = word_scores(toks[0], canonical)
            for code, score in found.items():
                if score > best.get(code, 0):
                    best[code] = score

        if own_name:
            self._own_names[(country, admin1)].update([name, *alternate_names])
            # The admin1's whole name is one subdivision's name and no other's ("Altai Krai" is
            # Altayskiy kray's Irish name, while "Altai" is a word of Altay Respublika's too): the
            # strongest evidence. A whole name shared by several (a translation that confused two
            # regions: "Xinjiang" for Tibet) is no evidence of its own; the words still count.
            # Read as is first; a name with admin words then also without them, on both sides
            # ("Nghệ An Province" is Nghệ An). Not a name without any: "Altai" would meet "Altai
            # Krai" without its "Krai".
            toks = latin_tokens(name)
            whole, bare = whole_name_key(toks), whole_name_key(toks, bare=True)
            named = self._by_whole[country].get(whole, set()) - city_codes
            if len(named) != 1 and bare != whole:
                named = self._by_bare[country].get(bare, set()) - city_codes
            if len(named) == 1:
                best[next(iter(named))] = WHOLE_NAME_SCORE
        consider(name, True)
        for alt in alternate_names:
            if alt.isascii():  # romanised forms; other scripts' transliterations only add noise
                consider(alt, False)
        ev = self._evidence[country]
        for code, score in best.items():
            ev[(admin1, code)] += weight * score
            if own_name:
                self._own_named.add((country, admin1, code))

    def observe_top_share(self, country: str, admin1: str, share: float) -> None:
        """How much of the admin1's population its largest place holds: a city-type subdivision
        (Kyiv, Debrecen) is the admin1 only where that city is nearly all of it (Kyiv yes;
        Debrecen no: Hajdú-Bihar is the county around it, another ISO subdivision)."""
        self._top_share[(country, admin1)] = share

    def links(self, country: str, *, min_score: float = 1.0,
              dominance: float = 2.0) -> dict[str, Subdivision]:
        """admin1 code -> subdivision: greedy one-to-one by descending evidence, each pair at least
        ``dominance`` times stronger than any rival pair of either side (ties stay unlinked). Then,
        by elimination, pairs the admin1's own name speaks for whose every stronger or equal rival
        lost its other side to a link ("Altai" was Altay Respublika's or Altayskiy kray's, until
        "Altai Krai" took the kray)."""
        ev = self._evidence.get(country, {})
        subs = {s.code: s for s in self._subs.get(country, [])}
        by_admin1: dict[str, list[float]] = defaultdict(list)
        by_sub: dict[str, list[float]] = defaultdict(list)
        for (admin1, code), score in ev.items():
            by_admin1[admin1].append(score)
            by_sub[code].append(score)

        def runner_up(scores: list[float]) -> float:
            return sorted(scores, reverse=True)[1] if len(scores) > 1 else 0.0

        def city_ok(admin1: str, code: str) -> bool:
            share = self._top_share.get((country, admin1), 1.0)
            return "city" not in subs[code].type.lower() or share >= CITY_TOP_SHARE

        out: dict[str, Subdivision] = {}
        taken: set[str] = set()
        ranked = sorted(ev.items(), key=lambda kv: -kv[1])
        for (admin1, code), score in ranked:
            if score < min_score or admin1 in out or code in taken:
                continue
            if score < dominance * max(runner_up(by_admin1[admin1]), runner_up(by_sub[code])):
                continue
            if city_ok(admin1, code):
                out[admin1] = subs[code]
                taken.add(code)
        while True:  # elimination: rivals count only while both their sides are still free
            free = [(pair, score) for pair, score in ranked if pair[0] not in out and pair[1] not in taken]
            added = False
            for (admin1, code), score in free:
                if score < min_score or admin1 in out or code in taken:
                    continue
                if (country, admin1, code) not in self._own_named:
                    continue  # a tie of its places' names alone ("Taiwan", the province) stays one
                rival = max((s for (a, c), s in free if (a == admin1) != (c == code)
                             and a not in out and c not in taken), default=0.0)
                if score >= dominance * rival and city_ok(admin1, code):
                    out[admin1] = subs[code]
                    taken.add(code)
                    added = True
            if not added:
                return out

    def note_admin1(self, country: str, admin1: str) -> None:
        """Record that an admin1 code exists (for linking codes that are the ISO suffix itself)."""
        self._admin1s[country].add(admin1)

    def final_links(self, country: str) -> dict[str, Subdivision]:
        """admin1 -> subdivision: same codes first, then evidence; computed once per country."""
        out = self._final.get(country)
        if out is None:
            out = self.link_same_codes(country, self._admin1s.get(country, set()))
            taken = {s.code for s in out.values()}
            for admin1, sub in self.links(country).items():
                if admin1 not in out and sub.code not in taken:
                    out[admin1] = sub
                    taken.add(sub.code)
            self._link_by_name(country, out, taken)
            self._final[country] = out
        return out

    def _link_by_name(self, country: str, out: dict[str, Subdivision], taken: set[str]) -> None:
        """Link what evidence left unlinked by name alone: an admin1 with an own name and a free
        (not city-type) subdivision, pair by pair, the most similar first (``name_similarity``: at
        least NAME_LINK_MIN, and NAME_LINK_MARGIN above any rival pair of either side). Why: GeoNames
        names many regions in English and ISO in the local language, with no place name to bridge
        them: "Saxony", "Tuscany", "Lower Austria", "East Azerbaijan" stayed places of their own
        beside Sachsen, Toscana, Niederösterreich, Āz̄ārbāyjān-e Shārqī, and "Dresden, Sachsen" was
        "no match in Sachsen"."""
        admin1s = [a for a in sorted(self._admin1s.get(country, ())) if a not in out
                   and self._own_names.get((country, a))]
        subs = [s for s in self.subdivisions_of(country)
                if s.code not in taken and "city" not in s.type.lower()]
        if not admin1s or not subs:
            return
        sims = {(a, s.code): name_similarity(self._own_names[(country, a)], s) for a in admin1s for s in subs}
        by_code = {s.code: s for s in subs}
        while True:
            best: tuple[float, str, str] | None = None
            for (admin1, code), sim in sims.items():
                if sim < NAME_LINK_MIN or best is not None and sim <= best[0]:
                    continue
                rival = max((v for (a, c), v in sims.items() if (a == admin1) != (c == code)), default=0.0)
                if sim - rival >= NAME_LINK_MARGIN:
                    best = (sim, admin1, code)
            if best is None:
                return
            _, admin1, code = best
            out[admin1] = by_code[code]
            taken.add(code)
            sims = {pair: v for pair, v in sims.items() if pair[0] != admin1 and pair[1] != code}

    def link_same_codes(self, country: str, admin1_codes: set[str]) -> dict[str, Subdivision]:
        """Alphabetic admin1 codes that are the ISO suffix itself (``US.CA`` = ``US-CA``)."""
        subs = {s.code: s for s in self.subdivisions_of(country)}
        return {a: subs[f"{country}-{a}"] for a in admin1_codes
                if a.isalpha() and f"{country}-{a}" in subs}
