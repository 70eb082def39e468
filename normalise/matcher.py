"""The toponym matcher: a cascade of ever looser keys, then ranking with context and an honest verdict.

Cascade (docs/normaliser.md): exact fold key -> decorations stripped (variant; then, exactly, the name
without a leading "the" for areas, without a trailing "city" for places, before a dash, without a
postal code, or before a trailing country or state code: "the UK", "Kyiv city", "Paris - France",
"75001 Paris", "Paris France") -> Latin keys of every
romanisation (variant when the scripts agree, translit across scripts) -> for an admin-worded query,
admin areas named by its stem's adjective ("Kharkiv Oblast": Kharkivska oblast) -> consonant skeleton verified
by similarity (translit) -> rapidfuzz edit distance over a blocked candidate set (fuzzy). The first
stage with a candidate in the hinted country wins. Ranking: hints (country, admin1), feature type
(places first; an area beside them, at 1% of its population, when the query is its very name),
then a weight from population, canonical-name status, current-over-historic (or valid at ``as_of``),
language, context and similarity. When the top two are too close the answer is ambiguous, never a
guess.
"""
from __future__ import annotations

import datetime
import itertools
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from os import PathLike
from pathlib import Path

from gazetteer.codes import real_date
from gazetteer.model import SUBDIVISION_ID_PREFIX, NameFlag, Place, PlaceName, unit_code
from gazetteer.scripts import ALPHABETS, infer_script
from gazetteer.store import GazetteerStore, NameHit
from normalise.errors import InputError
from normalise.gcpause import few_gc_passes
from normalise.gazetteer_access import BatchedLookup, SortedKeys, is_abbreviation, open_gazetteer
from normalise.keys import (anyascii_form, fold_key, latin_forms, latin_keys, query_keys, respelling_key,
                            soft_key)
from normalise.languages import (base_language, cyrillic_readings, language_tag, major_languages,
                                 national_languages, tag_script, widely_used_languages)
from normalise.outnames import OutputNames
from normalise.abbreviated import Shortened, initial_may_be_a_kind, shortened_words
from normalise.qualifiers import (Parsed, address_place, bracketed_name, city_and_part_splits,
                                  county_written_out, dash_halves, expanded_abbreviations,
                                  name_before_locator, nominative_region, other_name_in, parse_query,
                                  strip_admin_words, without_article, without_emoji, without_japanese_kind,
                                  without_postal_code, without_settlement_word)
from normalise.resolution import HISTORIC_NOTE, Candidate, MatchedName, Resolution
from normalise.values import is_missing, is_missing_marker

MAX_QUERY_CHARS = 300  # the longest real place names are ~170 characters
LOOKUP_LIMIT = 300
MISSING_MARKER_NOTE = "a missing value as tables write one (pandas reads it so), not taken for a place name"
STREET_NOTE = "read without the street address before the place"
ELSEWHERE = "best match elsewhere"  # (after "no match in <hints>": an answer outside the cell's hints)
HELD_MARK = "in the region that holds it"  # (after "no match in <unit>": its region's places, as the
HELD_NOTE = "best of {n} places of this name " + HELD_MARK  # gazetteer knows no unit's own)
LIST_NOTE = "several places in one cell"
INVERTED_NOTE = "read as {!r}: a name written inverted at its comma"
INITIALS_NOTE = "read as {!r}: its capitals as initials"
MAX_LISTED = 6  # places one cell may list (``_as_list``)
LIST_APART_KM = 100.0  # ... and towns after a comma or slash lie this far apart (``_as_far_towns``)
BATCH = 2000  # distinct names whose exact-stage hits are fetched together
AMBIGUITY_RATIO = 3.0  # the winner's weight must be this many times the runner-up's
PRIMARY_BOOST = 10.0  # a place whose own (canonical/official) name matched
CAPITAL_BOOST = 30.0  # ... and a country's capital, three times that: a capital outweighs a namesake
# matched by its own name up to its own size (Colombo, Sri Lanka, not Brazil's; Islamabad, not
# Chattogram by an old name), and is ambiguous with one up to 9x bigger (San José CR, San Jose US)
COUNTRY_BOOST = CAPITAL_BOOST  # ... and a country, as much: a country is named far more than its
# people suggest, so Palau (18,000) outweighs Palaú, Mexico (17,000), both matched by their own names
CAPITAL_ALIAS_BOOST = 3.0  # a capital named by another current name, exactly (an exonym: Polish "Akra",
# Spanish "Lisboa"): a capital is known abroad by more than its own name, so it outweighs a namesake of
# its size matched the same way (Accra, not Agra), or one a tenth its size matched by its own name
# (Bangui, not Bangi, Malaysia). Not for a former name (Salisbury is not Harare) nor a typo.
LANG_BOOST = 2.0
CONTEXT_COUNTRY_BOOST = 3.0
CONTEXT_ADMIN_BOOST = 5.0
CONTEXT_NEAR_BOOST = 5.0
CONTEXT_NEAR_KM = 150.0
SKELETON_MIN_SIM = 0.8
SKELETON_MIN_CHARS = 4
SKELETON_LIMIT = 60  # loose matches: the 60 best-populated names per key are plenty
FUZZY_KEYS = 8  # closest keys per fuzzy probe
LOOSE_WITHIN_COUNTRIES = 12  # hinted countries at most for the loose stage among their places alone
MISSPELT_HINTS_MAX_WORDS = 8  # words of a cell read as a misspelt name before hints ("Chicgo IL")
FUZZY_SKIP_SIM = 0.92  # a skeleton match this close makes the edit-distance search unnecessary
ADMIN_AREA_FACTOR = 0.01  # a bare name that is an admin area's and places': the area weighs 1% of its
# population, so a city outweighs the region named after it (Donetsk, Sumy) and a region the villages
# named after it (Texas, Chechnya; a place under 1/300 of the area's population)
# ... but only against a country of its name (Georgia) or one of these places among the candidates (else
# the area weighs all its people: "Vermont" is the state, not a Melbourne suburb, "Florida" not a Cuban
# town, "Ontario" not Ontario, California):
INSIDE_NAMESAKE_SHARE = ADMIN_AREA_FACTOR / AMBIGUITY_RATIO  # a place of the name inside it holding 1/300
# of its people (Donetsk and its oblast, Québec and its province: the region named after its city or the
# city after it); a smaller one loses to the area even at 1%, and weighing the area down for it made
# others win: Liberia's Maryland County against Maryland, for Maryland City (0.3% of the state)
AREA_NAMESAKE_SHARE = 0.05  # a city elsewhere holding 5% of its people (Washington, D.C., 10% of the
# state; Córdoba, Argentina, against the Colombian department; Santander, Spain, against Colombia's)
AREA_NAMESAKE_CITY = 100_000  # ... and a city: a town or suburb elsewhere does not outrank a state of its
# name, however few people the default counts in the state (a sum over cities500): "Wyoming" was Wyoming,
# Michigan (75k, 17% of 432,824), "Delaware" Delaware, Ohio (38k). A third of the area's people instead of
# a city's size (what a smaller place needs to tie with the area at full weight) made Bāli (India) and
# Lampang ambiguous with Bali and Lampung, and Santander, Ibaraki, Golestān cities the regions' names
CITY_STATE_SHARE = 0.5  # a country and its place of the same name holding this share of its people are
# one entity twice (Singapore, Hong Kong, Gibraltar; a capital of the country's name is, whatever its
# share: Djibouti, Monaco, Luxembourg): one answer, the country, not "ambiguous"
CONTINENT_LOOSE_FACTOR = 1e-6  # a continent matched loosely (a typo, another romanisation): its billions
# and its ~50 names in as many languages drew typos of towns ("Assené" was Asia by Danish "Asien");
# alone among the candidates it still answers ("Europpe": Europe; "Eurpoe" is ambiguous with Erpe).
# (A region, gazetteer.regions, is no loose candidate at all: see _heard_widely.)
MINOR_LANGUAGE_FACTOR = 0.01  # a country matched only by names in small languages (neither official
# anywhere nor spoken by a million people: Aghem "Uman" for Oman, "Malè" for Mali) weighs as an admin
# area does: the cities of those names, matched by their own (Uman, Malé, Beni), are the answer
LOOSE_EXONYM_FACTOR = 1e-4  # a country matched loosely (a typo, another romanisation) only by names in
# languages neither major (languages.major_languages: 50M+ speakers) nor its own nor English: CLDR names
# every country in ~290 languages, and the typos of villages met them ("Setene" was Sweden by Tongan
# "Suēteni", "Neisher" Niger by Nigerian Pidgin "Nizhẹr", "Eastoon" Estonia by Zarma "Estooni"); alone it
# still answers
EXONYM_FACTOR = 0.05  # ... and matched exactly so, by a name in Latin letters, which many languages share:
# "Uman" was Oman (4.8M) by Kurdish "Uman" over Uman, Ukraine, matched by its own name (now ambiguous
# with Umán, Mexico), "Lau" Laos by Tongan; a name in another script is its language's own (Georgian
# "სან-მარინო" is San Marino), and one in a major language keeps its weight ("Alemania" is Germany)
MACHINE_ROMANISATION_FACTOR = 0.1  # a place matched only by an untagged alternate name in lower case: in
# GeoNames these are machine romanisations of its names in other scripts ("manhattan" for New York City,
# from マンハッタン; "jayapura" for Jaipur; "rasa" for Lhasa; "dili" for Delhi), weaker evidence than a
# written name, so "Manhattan" is the borough, "Jayapura" the Indonesian city and "Dili" East Timor's
# capital (at 0.3 Delhi's 11M had still made it ambiguous; 0.1 changed 157 of 66,806 answers, 39 of
# bench_matcher's labelled ones right and 1 wrong, mostly typos)
RESPELT_FACTOR = 0.1  # a place matched only without the accents or dots the query was typed with, where
# another has a name spelt just so ("Cancún"; "Ind." is Indiana's AP abbreviation, not Indianapolis's
# short name "Ind"); queries typed without marks prefer no spelling ("Cancun" is still either)
OWN_RESPELLING_MIN_PEOPLE = 100_000  # a place of this many people matched by its canonical name in another
# spelling ("Odessa", "Hanover") weighs as if by the name itself (PRIMARY_BOOST; see _own_respelling)
UNTAGGED_ALIAS_FACTOR = 1e-9  # (see _own_names_first): below any own name, of any population (0: unknown)
HISTORIC_FACTOR = 0.3  # a name not in use (now / at as_of) counts this much: current names win,
# unless the former bearer is over 10x bigger (Madras: Chennai, not Madras, Oregon)
SIM_EXPONENT = 30  # a loose match must be much bigger to beat a closer one: 0.9 -> x0.04
FUZZY_MIN_LEN = 5
BLOCK_LIMIT = 20_000  # keys per fuzzy block at most
FUZZY_INDEX_AFTER = 4000  # block queries of a key kind before its keys are held in memory: ~0.5 s
# of SQL range scans, about what building SortedKeys costs (~0.75 s, ~20 MB for the default's fold keys)
FUZZY_INDEX_NAMES = 1000  # ... or names sent to the loose stage by resolve_many (~2,000 blocks)
METHOD_BASE = {"exact": 1.0, "variant": 0.95, "translit": 0.9, "fuzzy": 0.85}
REGION_TYPO_MIN_CHARS = 5  # letters a region hint needs before a typo in it is read ("Ohoi" is not)
SHORTENED_SIM = 0.95  # a name whose words a query's shortened ones stand for ("Frankfurt a.M."): a reading
INITIAL_SIM = 0.8  # ... whose first word the query's initial stands for ("N. Novgorod"): 75% of such answers
# were the drawn place in bench_shortened, against 95% for a first word cut to 3-4 letters
SHORTENED_CHARS = 20  # letters a shortened word may stand for beyond its own ("a.": an, am; "OPf.": Oberpfalz)
LOCATOR_DROPPED_SIM = 0.9  # a name read without its German locator ("Weiden i.d.OPf."), which goes unchecked
LOCATOR_NEAR_KM = 40.0  # ... and a town the locator names ("b. München") is this near the place meant
DISTRICT_CITY_MIN_PEOPLE = 100_000  # a city a name's first part must be to be read with a part of it after
DISTRICT_KM = 30.0  # ... that part (a district: "Warszawa-Mokotów") lies this near the city's point
PART_UNREAD_SIM = 0.85  # ... or, where the gazetteer holds no such part, the city ("Köln-Ehrenfeld")
ADMIN_STEM_SIM = 0.9  # an admin area found by its name's stem ("Kharkiv Oblast": Kharkivska oblast)
ADMIN_BARE_SIM = 0.85  # ... or by the bare stem ("Ontario Province": Ontario), a name without an admin
# word: "Kyiv Oblast" is the oblast (Kyivska), not the city with special status (Kyiv)
ADMIN_STEM_ENDING = 6  # letters an admin name's stem may add to the query's (Rostov: Rostovskaya)
ADMIN_WORDS_CHARS = 20  # room for the admin words in a key (" oblast'", " avtonomna respublika")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
"""Format characters that mostly carry nothing in a query: soft hyphens, zero-width spaces,
direction marks and embeddings (text copied from right-to-left pages has them), byte-order marks.
Not the zero-width (non-)joiners, which are part of the spelling of Persian and Indic names. Some
gazetteer names hold them (Khmer separates words by zero-width spaces), so a query keeps them where
its name with them is known (``Normaliser._without_marks``)."""

_SURROGATE = re.compile("[\ud800-\udfff]")
"""Half a UTF-16 pair: no character (JSON's "\\ud800", a file name's undecodable byte). No name has
one, and SQLite, which stores UTF-8, cannot take it."""
_DISTRICT_NUMBER = re.compile(r"\d\Z")
"""A district's number after its city ("Praha 1"); two digits are read as a code or a postal district."""
_UNIT_KIND = re.compile(r"\b(?:county|co\.|parish|borough)(?!\w)", re.IGNORECASE)
"""The kind of a unit below the admin1 level, in its name as written ("Sangamon County", "Co. Mayo",
"Orleans Parish"): with it, the unit is read as a hint after a name with no comma (``_is_written_hint``)."""
_WEAK_SEPARATOR = re.compile(r"\s*[,/]\s*")  # "Paris, Lyon", "Kyiv/Kharkiv": towns only far apart
_LIST_SEPARATOR = re.compile(r"\s*[;&]\s*|\s+(?:and|und|et|y|і|и)\s+")  # "Kyiv; Lviv", "Paris and Lyon"
"""(Not a comma: what follows one is a hint, a region or a country, and a region may share a town's
name, "Paris, Texas", "Village, Bali"; not a slash: it joins two names of one place, "Biel/Bienne",
or a place and its part, "Uster / Kirch-Uster", a place of GeoNames' own. Towns far apart after
either are ``_as_far_towns``' lists.)"""
_OF_LAST = re.compile(r"\bof(?:\s+the)?\s*$", re.IGNORECASE)  # "Korea, Republic of": the name after it
_INVERTED_TAIL = re.compile(rf"\.\s|\.\s*$|{_OF_LAST.pattern}", re.IGNORECASE)  # "Dem. Rep.", "Republic of"
_ARTICLE = re.compile(r"^\s*the\s+|\s*,\s*the\s*$", re.IGNORECASE)  # "The Gambia", "Gambia, The"
_INITIALISM = re.compile(r"^(?:([A-Z]{2,4})\s+(\S.*)|(.*\S)\s+([A-Z]{2,4}))$")  # "Lao PDR"
_SUBDIVISION_CODE = re.compile(r"\s*[A-Za-z]{2}-[A-Za-z0-9]{1,3}\s*$")  # ISO 3166-2: "US-CA", "UA-14"
_POSSESSIVE = re.compile(r"^([^,'’]+)['’]s\s+([^,]+)$")  # "Ukraine's Donetsk region"
_BRACKETED_NUMBER = re.compile(r"\(\s*\d+\s*\)")
"""A number in brackets: a department's or province's code ("Marseille (13)"), see ``_resolve``."""
_LATIN = "abcdefghijklmnopqrstuvwxyz"


def _cleaned(name: str) -> str:
    """A query as the cascade reads it: controls as spaces, NFC, trimmed."""
    return unicodedata.normalize("NFC", _CONTROL.sub(" ", name)).strip()


@lru_cache(maxsize=65_536)
def _region_stem(admin1_name: str) -> str:
    """A place's admin1 name as a region hint's stem is compared with: folded, admin words off."""
    return strip_admin_words(fold_key(admin1_name))


def _edit_sim(edits: int, query: str, key: str) -> float:
    """The similarity of a key ``edits`` edits from the query: the share of the longer one left
    unedited. One formula for every edit-distance match (the key blocks, the edits at the start, the
    scan of a region's names), so their candidates rank alike."""
    return 1.0 - edits / max(len(query), len(key))


def _misspelt_region(stem: str, name: str) -> bool:
    """Whether a region hint the gazetteer does not know is a typo of a candidate's region
    ("Paris, Texsas": Texas; "Springfield, Illinios"): one edit, two in a name of 10 letters or
    more, the first letters alike. Why: such a hint had been ignored in silence, and the cell given
    the biggest namesake (Paris, France) or called ambiguous."""
    if min(len(stem), len(name)) < REGION_TYPO_MIN_CHARS or stem[0] != name[0]:
        return False
    from rapidfuzz.distance import OSA

    edits = 1 if max(len(stem), len(name)) < 10 else 2
    return OSA.distance(stem, name, score_cutoff=edits) <= edits


def _misspelt_where(stem: str, place: Place) -> bool:
    """Whether a hint's ``stem`` is ``place``'s region or country misspelt (``_misspelt_region``)."""
    return (bool(place.admin1_name) and _misspelt_region(stem, _region_stem(place.admin1_name))
            or any(_misspelt_region(stem, c) for c in _country_stems(place.country)))


@lru_cache(maxsize=4096)
def _misspells_a_country(stem: str) -> bool:
    """Whether ``stem`` is any country's English name misspelt (``_misspelt_region``): "Canda" is
    Canada, not the Italian village, in a cell after a name ("Belfast, Canda")."""
    import pycountry

    return len(stem) >= REGION_TYPO_MIN_CHARS and any(
        _misspelt_region(stem, name) for c in pycountry.countries for name in _country_stems(c.alpha_2))


@lru_cache(maxsize=512)
def _country_stems(code: str | None) -> tuple[str, ...]:
    """The English names of a country (ISO 3166's name, common and official names), as a hint's stem
    is compared with them. Why: a hint that names no country or region may be a candidate's country
    misspelt ("Valencia, Venezuala", "Valencia, Spian"), as ``_misspelt_region`` reads a region's;
    such a hint had been ignored, and both Valencias left ambiguous."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code) if code else None
    if country is None:
        return ()
    names = (getattr(country, attr, None) for attr in ("name", "common_name", "official_name"))
    return tuple(dict.fromkeys(_region_stem(n) for n in names if n))


class _Candidates(list):
    """The candidates of a stage (``_collect_hits``), with how many are areas: the verdict looks for a
    country and its city only where one is, at no cost for the others."""

    __slots__ = ("areas",)


class _NamedBeforeHints(_Candidates):
    """The candidates of a name read before hints written with no comma, with the kind of place the
    name alone asks for: an admin word in the hints is theirs ("Odesa Odeska oblast" is the city; it
    had been the oblast, as the admin word made the whole cell ask for an area)."""

    __slots__ = ("feature", "in_region")


class _PartUnread(_Candidates):
    """A city answered for a name that goes on with a part of it the gazetteer does not hold, and the
    note that says so (``Normaliser._city_without_part``)."""

    __slots__ = ("note",)


def _named_before_hints(scored: _Candidates, name: str, in_region: bool) -> _NamedBeforeHints:
    """``in_region``: a hint named a region, not only a country (see ``_own_names_first``)."""
    out = _NamedBeforeHints(scored)
    out.areas = scored.areas
    out.feature = parse_query(name).feature
    out.in_region = in_region
    return out


def _feature_of(scored: list, parsed) -> str | None:
    """The kind of place the query asks for where ``scored`` answers it."""
    return scored.feature if isinstance(scored, _NamedBeforeHints) else parsed.feature


def _counted(scored: Iterable) -> _Candidates:
    """``scored`` as a stage's candidates, their areas counted."""
    out = _Candidates(scored)
    out.areas = sum(s.place.feature_class == "A" for s in out)
    return out


def _kept(scored: list, keep) -> _Candidates:
    """The candidates of ``scored`` for which ``keep`` holds, their areas counted again."""
    return _counted(s for s in scored if keep(s))


@dataclass(slots=True)
class _Scored:
    """One candidate place with the best name that matched it and the parts of its rank."""

    place: Place
    name: PlaceName
    method: str
    sim: float
    primary: bool = False  # the place's own (canonical/official) name is among its matches
    tier: int = 0
    feature: int = 0
    current: int = 0
    weight: float = 0.0
    langs: list | None = None  # the languages of an area's matched names; None for any other place
    respelt: bool = False  # matched only without the marks the query was typed with (see _collect)
    own_respelling: bool = False  # matched by its canonical name spelt another way (_own_respelling)
    tagged: bool = False  # a matched name carries a language or a flag (not only GeoNames' bare aliases)
    placed: bool = False  # in a region the query names (see _own_names_first)

    @property
    def rank(self) -> tuple:
        return (self.tier, self.feature, self.weight)

    @property
    def base(self) -> float:
        return METHOD_BASE[self.method] * self.sim


_RANK = attrgetter("tier", "feature", "weight")
"""``_Scored.rank`` as a sort key in C (as a property it ran ~117,000 times for 20,000 exact names)."""


def _level(a: _Scored, b: _Scored) -> bool:
    """Whether two candidates stand level but for their weight (the first two parts of ``_RANK``):
    only then does the weight decide, or leave them too close to choose."""
    return a.tier == b.tier and a.feature == b.feature


@dataclass(frozen=True, slots=True)
class AsOf:
    """A date hint: the first and last day it covers, as (year, month, day). "2016" is all of 2016,
    "2016-06" June 2016, "2016-06-30" that day. Why not a year: a name in use until 2016-05-12
    (Krasnoarmeysk) is not in use in June 2016, which a year had said it was."""

    first: tuple[int, int, int]
    last: tuple[int, int, int]
    text: str

    @property
    def year(self) -> int:
        return self.first[0]

    def __str__(self) -> str:
        return self.text


def _as_of(value: object, what: str = "as_of") -> AsOf | None:
    """The date hint of 2015, "2015", "2015-05" or "2015-05-01"; None for None/empty; InputError
    for anything else, so that a typo (2015-13-45, 2015-02-30, -5, 0000) is not silently read."""
    if is_missing(value) or isinstance(value, str) and not value.strip():  # (pd.NA == "" is no bool)
        return None
    when = None
    if isinstance(value, AsOf):  # (a Normaliser's own, handed to the --jobs workers)
        when = value
    elif isinstance(value, bool):  # (an int: True had been the year 1)
        pass
    elif isinstance(value, int):
        when = _span(value, None, None) if 1 <= value <= 9999 else None
    elif isinstance(value, datetime.date):  # (a datetime too, and pandas' Timestamp: its day)
        when = _span(value.year, value.month, value.day)
    elif type(value).__name__ == "datetime64":  # numpy's, in a unit finer than a day: its day
        import numpy as np  # (str() writes a time after the day, which no date hint has)

        unit = np.datetime_data(value.dtype)[0]
        if unit in ("Y", "M", "D"):
            when = _calendar_span(str(value))
        elif unit != "W":  # (a week is no day, month or year: refused)
            when = _calendar_span(str(value).partition("T")[0])  # (astype overflows in ps, fs, as)
    elif isinstance(value, float) or type(value).__name__.startswith("float"):  # numpy's too
        # A year read from a column with gaps is a float (pandas makes such ints floats): 2015.0
        when = _span(int(value), None, None) if value.is_integer() and 1 <= value <= 9999 else None
    else:  # text, and numbers of other types (numpy's int64 writes "2015")
        when = _calendar_span(str(value))
    if when is None:
        raise InputError(f"{what} must be a year (1..9999) like 2015 or a real date like 2015-06-30, "
                         f"not {value!r}")
    return when


def _span(year: int, month: int | None, day: int | None) -> AsOf:
    text = f"{year}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    return AsOf((year, month or 1, day or 1), (year, month or 12, day or 31), text)


_DATE = re.compile(r"^\s*(\d{1,4})(?:-(\d\d)(?:-(\d\d))?)?\s*$")
"""YYYY, YYYY-MM or YYYY-MM-DD (the year may have fewer digits). ``\\d`` takes any script's digits
(full-width ２０１５ is 2015), as ``int`` does."""


def _calendar_span(text: str) -> AsOf | None:
    """The span of ``text`` if it is a year or a date that exists (``gazetteer.codes.real_date``)."""
    day = real_date(text, _DATE)
    if day is None or not 1 <= day.year <= 9999:
        return None
    month, dom = (_DATE.match(text).groups()[1:])  # type: ignore[union-attr]
    return _span(day.year, day.month if month else None, day.day if dom else None)


def _lang_hint(lang: str | None) -> str | None:
    """The language a ``lang`` hint names, as the names' language tags begin ("uk-UA", "ukr",
    "Ukrainian": uk); InputError if it names none."""
    return base_language(language_tag(lang)) if lang else None


def _hint(value: object, what: str) -> str | None:
    """A hint given to the API as text, or None for a missing one: None, blank text, and pandas' and
    numpy's missing values (NaN, pd.NA, NaT), which a column of hints holds where a cell is empty (a
    NaN country hint was an AttributeError). Anything else that is no text is an InputError, and so
    is text with half a surrogate pair (SQLite's UnicodeEncodeError had stopped a whole table)."""
    if isinstance(value, str):
        if not value.isascii() and _SURROGATE.search(value):  # (SQLite cannot take it: an error there)
            raise InputError(f"{what} is not text: half a UTF-16 surrogate pair (an undecodable byte, "
                             f"or JSON's \\ud800) in {value!r}")
        return value if value.strip() else None  # (blank: no hint, as an empty cell is)
    if value is None or is_missing(value):
        return None
    raise InputError(f"{what} must be text, not {type(value).__name__} {value!r}")


def _context_ids(ids: object) -> tuple[str, ...]:
    """``context_ids`` as a tuple of ids (place ids as text); InputError for anything else. One id
    given as a string had been read letter by letter, a number had been a TypeError."""
    if ids is None:
        return ()
    ids = _a_list(ids, "context_ids")
    out = tuple(ids)  # type: ignore[arg-type]
    for i in out:
        if not isinstance(i, str) or not i.isascii() and _SURROGATE.search(i):
            raise InputError(f"context_ids: place ids as text (e.g. 'geonames:703448'), not {i!r}")
    return out


def _a_list(values: object, what: str) -> object:
    """``values`` if it is a collection of values; one string is an InputError (iterated, it was
    resolved letter by letter: resolve_many("Kyiv") gave four results)."""
    if isinstance(values, (str, bytes)):
        raise InputError(f"{what}: a list of values, not one {type(values).__name__} ({values[:40]!r})")
    if values is None or not isinstance(values, Iterable):
        raise InputError(f"{what}: a list of values, not {type(values).__name__}")
    return values


def _output_lang(lang: str | None) -> str | None:
    """``output_lang`` as a BCP 47 tag (outnames falls back from "pt-BR" to "pt")."""
    return language_tag(lang, "--output-lang") if lang else None


@lru_cache(maxsize=4096)
def _subdivision_codes(text: str) -> frozenset[str]:
    """The ISO 3166-2 codes whose part after the country is ``text`` ("TX": US-TX; "IL": US-IL and
    RO-IL): how addresses name states and provinces ("Paris, TX", "Richmond, BC"); with each the
    GeoNames admin1 code of that form (US.TX), for a gazetteer whose admin1s are not linked to ISO;
    not for a number, as GeoNames numbers admin1s its own way: FR.93 is Provence-Alpes-Côte d'Azur,
    FR-93 Seine-Saint-Denis ("Saint-Denis (93)" had been Saint-Denis, Réunion, "no match in 93")."""
    t = text.strip().strip(".").upper()
    if not (2 <= len(t) <= 3 and t.isascii() and t.isalnum()):
        return frozenset()
    iso = _codes_by_suffix().get(t, frozenset())
    if t.isdigit():
        return iso
    return iso | {code.replace("-", ".", 1) for code in iso}


@lru_cache(maxsize=1)
def _codes_by_suffix() -> dict[str, frozenset[str]]:
    import pycountry

    codes = {sub.code for sub in pycountry.subdivisions}
    by: dict[str, set[str]] = {}
    for code in codes:
        suffix = code.split("-", 1)[1]
        by.setdefault(suffix, set()).add(code)
        # by its digits too where its country has no code of them alone: Paris has been FR-75C since
        # 2023, and addresses still write its department number, "Paris (75)"
        if len(suffix) == 3 and suffix[:2].isdigit() and suffix[2].isalpha() and code[:-1] not in codes:
            by.setdefault(suffix[:2], set()).add(code)
    return {k: frozenset(v) for k, v in by.items()}


@lru_cache(maxsize=1)
def _parent_codes() -> dict[str, str]:
    """ISO 3166-2 code -> the code of the subdivision holding it (IT-MI -> IT-25)."""
    import pycountry

    return {sub.code: sub.parent_code for sub in pycountry.subdivisions if sub.parent_code}


def _holding_regions(codes: Collection[str]) -> set[str]:
    """The codes of the subdivisions that hold those of ``codes`` that are ISO 3166-2 codes, up to the
    first level, each also in GeoNames' form (IT-MI: IT-25 and IT.25); and the admin1 of a code in
    GeoNames' admin2 form (a US county's, US.CA.059: US.CA and US-CA)."""
    parents = _parent_codes()
    out: set[str] = set()
    for code in codes:
        if code.count(".") == 2:
            admin1 = code.rpartition(".")[0]
            out.update((admin1, admin1.replace(".", "-", 1)))
            continue
        code = parents.get(code)
        while code:
            out.update((code, code.replace("-", ".", 1)))
            code = parents.get(code)
    return out


def _one_in_wider(fitting: Iterable[_Scored], units: Collection[str] = frozenset()) -> bool:
    """Whether just one place fits a code read as the region that holds it. Why not any: the code
    named a part of that region, which the gazetteer cannot check, so two namesakes in the region
    stay undecided ("Beaumont (74)": Beaumont, Puy-de-Dôme is no answer at 0.95 for Haute-Savoie's;
    the cell falls back to the best of them, at a lower score, saying so). Where some bear the name
    as their own, only they count: GeoNames gives "Saint-Denis" to Saint-Denis-lès-Rebais as an
    alias, and "Saint-Denis (93)" had been Saint-Denis, Réunion, "no match in 93" (Saint-Étienne (42)
    a loose match, by six Saint-Étienne-* villages). The units the hints name (``units``, their
    codes: ``unit_code``) are none of the places in them: "Durham, County Durham" and "Palermo PA"
    are the cities, each its region's one place of the name but the unit."""
    return len({s.place.id for s in _fitting_in_wider(fitting, units)}) == 1


def _fitting_in_wider(fitting: Iterable[_Scored], units: Collection[str] = frozenset()) -> list[_Scored]:
    """The places that fit a code read as the region that holds it, as ``_one_in_wider`` counts them:
    not the units named, and those that bear the name as their own where any do."""
    fitting = [s for s in fitting if unit_code(s.place) not in units]
    return [s for s in fitting if s.primary] or fitting


def _unit_codes(hints: Iterable[tuple[set, str, set]]) -> set[str]:
    """The codes of the regions and units ``hints`` name (``_admin_hint``'s first part), each of which
    is none of the places that fit it read wider (``_one_in_wider``)."""
    return set().union(*(codes for codes, _, _ in hints))


def _wider_hint(hint: tuple[set, str, set]) -> tuple[set, str, set]:
    """``hint`` with its codes joined by the regions that hold them, or ``hint`` itself if none do."""
    codes, stem, named = hint
    holding = _holding_regions(codes) - codes
    return (codes | holding, stem, named) if holding else hint


def _is_country(place: Place) -> bool:
    """A country or a section of one (GeoNames' PCL* codes)."""
    return (place.feature_code or "").startswith("PCL")


def _may_want_readings(text: str, hits: list) -> bool:
    """Whether ``Normaliser._with_native_readings`` may look up ``text``'s Latin keys, by its fold-key
    hits before ranking: plain letters, and no hit is its place's own name (prefetched in batch)."""
    return text.isascii() and not any(_is_own_name(h.place, h.name) for h in hits)


def _reads_as(name: str, country: str | None, keys: Collection[str]) -> bool:
    """Whether a romanisation of ``name`` in a language its country writes Cyrillic in, and whose
    letters it is written in (``ALPHABETS``), is one of ``keys`` (Latin keys): Винница of Vinnytsia,
    Ukraine, read as Russian is "Vinnitsa"; Bashkir "Бөрө" (Birsk) is no Russian "Boro"."""
    letters = {c for c in name.casefold() if c.isalpha()}
    return any(letters <= ALPHABETS[lang] and any(lk in keys for lk in latin_keys(name, lang))
               for lang in cyrillic_readings(country) if lang in ALPHABETS)


def _may_be_unheard(place: Place) -> bool:
    """Whether the loose stage may drop ``place`` (``Normaliser._heard_widely``): an area or region."""
    return place.feature_class == "A" or place.feature_code == "RGN"


def _tagged_outside(langs: Iterable[str | None], languages: Collection[str]) -> bool:
    """Whether every matched name (``langs``: their tags) is tagged, with a language not among
    ``languages``: the names in small languages (``widely_used_languages``), the exonyms (a
    country's ``national_languages`` and English), the small ones among them (``major_languages``)."""
    return all(tag is not None and base_language(tag) not in languages for tag in langs)


def _is_latin(text: str) -> bool:
    return fold_key(text).isascii()


_NOT_AN_ALPHABET = re.compile(
    "[\u0590-\u109f\u1100-\u1c8f\u2c80-\u2cff\u2d30-\u2d7f\u2e80-\ua4cf\ua500-\ua63f\ua6a0-\ua6ff"
    "\uac00-\ud7ff\uf900-\ufaff\ufb1d-\ufdff\ufe70-\ufeff\U00010000-\U0010ffff]")
"""A letter of a script that is not an alphabet of the Latin, Cyrillic, Greek, Armenian or Georgian kind
(abjads, Arabic and Hebrew; the Indic and South-East Asian abugidas; Ethiopic; CJK, kana and Hangul;
...). A Latin query's loose stage (typos, other romanisations) passes over names with one: their
romanisations (anyascii's) are guesses, a Latin writer reproduces none of them, and of bench_matcher's
Latin queries answered through one ~6% were right (Cuba by Cantonese 古巴 for Italian "Giuba", North
Korea by Japanese 北朝鮮 for a typo of "Biaxian"), against 70% through a Cyrillic name."""


_HISTORIC = int(NameFlag.HISTORIC)
_REGION_CODES = frozenset(("CONT", "RGN"))  # continents and regions (gazetteer.regions): ranked as countries
_OFFICIAL = int(NameFlag.OFFICIAL)
_ABBR = int(NameFlag.ABBR)
# An abbreviation ("US", "U.S.", "DE") is written in capitals; a query in mixed case ("Us", "Bo")
# names a place of that spelling instead, and an all-lowercase cell (data folded by someone
# else) may still mean the abbreviation, at a discount.
ABBR_FACTOR = {"upper": 1.0, "lower": 0.01, "mixed": 1e-6}
# ... and, the other way round, a query in capitals that is some candidate's code ("VA", "PA") names
# no place whose name is that word ("Va": Wa, Ghana, by an alias; "Pa": Chongqing): x ABBR_FACTOR's
# mixed. A code that is a country's and a state's, province's or territory's ("CA", "VA", "NL"; the
# postal abbreviations of gazetteer.default) is the country's unless a hint puts it in the other's
# country (the tier, ranked first), as ISO 3166-1 is the code most data means: a US column of state
# codes is California and Virginia, a column of country codes Canada and the Vatican.
CODE_CLASH_FACTOR = 1e-6


def _valid_at(name: PlaceName, when: AsOf | None) -> bool:
    """Is the name in use at ``when`` (None: now), at any time of the span it covers? Historic names
    are valid only inside their dates."""
    historic = bool(int(name.flags) & _HISTORIC)
    if when is None:
        return not historic
    start, end = _name_date(name.valid_from, True), _name_date(name.valid_to, False)
    if start is not None and when.last < start:
        return False
    if end is not None and when.first > end:
        return False
    return not historic or end is not None or start is not None


@lru_cache(maxsize=4096)
def _name_date(value: str | None, first: bool) -> tuple[int, int, int] | None:
    """The first (or last) day a gazetteer name's valid_from (valid_to) may mean: "2016" is from
    2016-01-01 (until 2016-12-31). None where absent or unreadable. Looser than ``_as_of`` (a user's
    hint): a custom gazetteer may date a name to a year BC (-500)."""
    m = _GAZETTEER_DATE.match(value or "")
    if not m:
        return None
    span = _span(*(int(g) if g else None for g in m.groups()))  # type: ignore[arg-type]
    return span.first if first else span.last


_GAZETTEER_DATE = re.compile(r"^\s*(-?\d{1,4})(?:-(\d\d)(?:-(\d\d))?)?\s*$")


def _context_boost(p: Place, context: Sequence[Place]) -> float:
    """How much the context places (``context_ids``: a document's other places) favour ``p``: each
    boost at most once, however many context places earn it. Why once: multiplied for
    every context place in its country, a US story's twenty US places made Paris, Texas 3**20 times
    likelier than it is, and Paris, Copenhagen and Warsaw ambiguous in it. A context place that
    is ``p`` itself is in its country and region and near it: Pokrovsk, which a story names, had
    been the one candidate of "Krasnoarmeysk" not boosted by it, below a village beside it."""
    boost = 1.0
    country = region = near = False
    for c in context:
        if not country and c.country and c.country == p.country:
            country = True
            boost *= CONTEXT_COUNTRY_BOOST
        if not region and c.country and c.country == p.country and c.admin1_code \
                and c.admin1_code == p.admin1_code:
            region = True
            boost *= CONTEXT_ADMIN_BOOST
        if not near and (c.id == p.id or _km(c, p) <= CONTEXT_NEAR_KM):
            near = True
            boost *= CONTEXT_NEAR_BOOST
    return boost


def _listed(query: str, places: list[Resolution]) -> Resolution:
    """No answer for a cell that lists ``places``: they are its candidates, named in its reason."""
    listed = "; ".join(f"{a.name} ({a.country}, {a.id})" for a in places)
    return Resolution(query=query, candidates=[_as_candidate(a, a.name) for a in places],
                      reason=f"{LIST_NOTE}: {listed}")


def _km(a: Place, b: Place) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


class _Unhashable:
    """A value of a names list that is no text, kept by identity: a list in the list was a TypeError
    (unhashable), where every other non-text value is a result "not a text value"; and 1, True and 1.0,
    equal as keys, had shared one answer."""

    def __init__(self, value: object) -> None:
        self.value = value

    def __str__(self) -> str:
        return str(self.value)


class Normaliser:
    """Resolves place names against a gazetteer. Cheap per call; results of repeats are cached.
    Thread-safe: calls from several threads take turns (for parallel work, one per process)."""

    def __init__(self, gazetteer: str | Path | GazetteerStore | None = None, *, lang: str | None = None,
                 country: str | None = None, as_of: int | str | None = None,
                 output_lang: str = "en", cache_size: int = 50_000, min_score: float = 0.0) -> None:
        if isinstance(min_score, bool) or not isinstance(min_score, (int, float)) \
                or not 0.0 <= min_score <= 1.0:  # also rejects NaN
            raise InputError(f"min_score (--min-score) must be between 0 and 1, not {min_score!r}")
        if isinstance(cache_size, bool) or not isinstance(cache_size, int) or cache_size < 1:
            raise InputError(f"cache_size: a number of answers (1 or more), not {cache_size!r}")
        if gazetteer is not None and not isinstance(gazetteer, (str, PathLike, GazetteerStore)):
            raise InputError(f"gazetteer: a file's path or a GazetteerStore, not {type(gazetteer).__name__}")
        self.min_score = min_score
        self.lang = _lang_hint(_hint(lang, "lang"))
        self.as_of = _as_of(as_of)
        self.output_lang = _output_lang(_hint(output_lang, "output_lang"))
        country = _hint(country, "country")
        self.store = gazetteer if isinstance(gazetteer, GazetteerStore) else open_gazetteer(gazetteer)
        self._default_gazetteer = gazetteer is None
        self._out = OutputNames(self.store)
        self._hits = BatchedLookup(self.store)
        self._block_queries: dict[str, int] = {}
        self._sorted_keys: dict[str, SortedKeys] = {}
        self._loose_names = 0
        self._pending_names: list[tuple[Resolution, Place, str | None]] | None = None
        self._country_cache: dict[str, str | None] = {}
        self._admin_cache: dict[str, tuple[set, str, set]] = {}
        self._section_cache: dict[tuple[str, str], bool] = {}
        self._cities_named: dict[str, list[NameHit]] = {}  # see _cities_called
        self._cache: dict[tuple, Resolution] = {}
        self._cache_size = cache_size
        # One call at a time: a batch's prefetched lookups and pending output names are this
        # object's state (two threads' resolve_many crossed them: errors, and names in the other
        # thread's output language). Threads share one Normaliser safely, but not in parallel.
        self._lock = threading.RLock()
        self.country = self.country_code(country, strict=True) if country else None
        self._country_region = self._section_named(country, self.country)

    def __reduce__(self) -> tuple:
        """Pickled as its settings and its gazetteer, not its caches: a copy in another process
        (multiprocessing, joblib, Dask, Spark) opens the file again, or, made on the default, that
        machine's default. Why: its SQLite connection and lock cannot be pickled, and a scale-out
        job that captured a Normaliser had failed with "cannot pickle '_Connection' object"."""
        settings = dict(gazetteer=None if self._default_gazetteer else self.store, lang=self.lang,
                        country=self._country_region or self.country, as_of=self.as_of,
                        output_lang=self.output_lang,
                        cache_size=self._cache_size, min_score=self.min_score)
        return (_unpickled_normaliser, (settings,))

    # -- hints -----------------------------------------------------------------------------
    def country_code(self, text: str | None, *, strict: bool = False) -> str | None:
        """ISO alpha-2 for a code (UA, UKR) or a country name in any language the gazetteer holds."""
        text = _hint(text, "country")
        if text is None:
            return None
        key = text.strip()
        if key in self._country_cache:
            code = self._country_cache[key]
        else:
            code = self._lookup_country(key)
            self._country_cache[key] = code
        if code is None and strict:
            raise InputError(f"unknown country {text!r}: use an ISO code like UA or a country name")
        return code

    def _lookup_country(self, text: str, *, search: bool = True) -> str | None:
        """``country_code``'s lookup: an ISO code, a country's name in the gazetteer, else (``search``)
        pycountry's search of its names (~75 µs: not for every name's last word, see ``_stages``)."""
        import pycountry

        bare, flags = without_emoji(text)  # ("🇺🇦", "🇺🇦 Ukraine": a flag is its country's code)
        text = flags[0] if not bare and len(flags) == 1 else bare or text
        t = text.strip().strip(".")
        if len(t) == 2 and t.isalpha() and t.isascii():
            c = pycountry.countries.get(alpha_2=t.upper())
            if c or t.upper() == "XK":
                return c.alpha_2 if c else "XK"
            # not an ISO code: a country's name may still be ("UK": the United Kingdom, GB)
        if len(t) == 3 and t.isalpha() and t.isascii() and t.isupper():
            c = pycountry.countries.get(alpha_3=t.upper())
            if c:
                return c.alpha_2
        for hit in self._hits.lookup("f", fold_key(t), 50):  # prefetched for a name's last word
            if _is_country(hit.place) and hit.place.country:
                return hit.place.country
        if not search:
            return None
        try:
            return pycountry.countries.lookup(t).alpha_2
        except LookupError:
            return self._country_read_otherwise(text.strip())  # (its dots: "Korea, Rep.")

    def _country_read_otherwise(self, text: str) -> str | None:
        """The country a list names in its own way, where no code or name of one is the cell: with its
        article ("The Gambia", "Gambia, The"), inverted at a comma ("Congo, Dem. Rep.", "Korea, Rep.":
        ``_as_inverted``), shortened ("Lao P.D.R.") or with initials ("Lao PDR": ``_as_initials``), as
        the World Bank and the IMF name countries; found exactly or by a variant. In a country column
        they had been "unknown country hint 'Congo, Dem. Rep.'". Only these readings: a hint's parts
        are looked up so too ("England, United Kingdom" is no country, but England in it), and a full
        search for each would cost more than the rest of their reading."""
        bare = _ARTICLE.sub("", text)
        if bare != text:
            return self._lookup_country(bare) if bare else None
        unread, none = Resolution(query=text), (None, None, None, None, None, ())
        if "," in text:
            res = self._as_inverted(unread, text, *none)
        elif "." in text.rstrip("."):  # (shortened words: "Lao P.D.R."; one alone, "Mass.", names none)
            res = self._resolve(text, *none)
        else:
            res = self._as_initials(unread, text, *none)
        if res.id is None or res.method not in _FOLD_METHODS:
            return None
        place = self.store.place(res.id)
        return place.country if place is not None and _is_country(place) else None

    def _admin_hint(self, text: str) -> tuple[set, str, set]:
        """(admin1 codes/ISO codes of regions named ``text``, its folded stem, the ids of the places
        named ``text`` themselves) for matching places. The last because a part in brackets or after a
        comma may be the place's other name, not its region: "Kyiv (Kiev)" is Kyiv, which lies in no
        region called Kiev (Kyiv Oblast surrounds the city but does not hold it)."""
        cached = self._admin_cache.get(text)
        if cached is not None:
            return cached
        county = county_written_out(text)
        if county is not None:  # "Sangamon Co.": Sangamon County
            return self._admin_cache.setdefault(text, self._admin_hint(county))
        other = other_name_in(text)
        if other is not None:  # "formerly Krasnoarmiisk": no region, the place's other name
            named: set = set()
            self._add_region_codes(set(), "f", fold_key(other), named)
            return self._admin_cache.setdefault(text, (set(), "", named))
        key = fold_key(text)
        stem = strip_admin_words(key)
        codes: set = set(_subdivision_codes(text))  # "TX", "BC", "NSW": US-TX, CA-BC, AU-NSW
        region = None if codes else self._region_coded(text)  # "US-TX", ISO 3166-2's own code
        if region is not None:
            codes.update(_hinted_codes(region))
        named = set()
        for k in {key, stem} - {""}:
            self._add_region_codes(codes, "f", k, named if k == key else None)
        if not codes and stem != key and self.country_code(stem) is None:  # "Kharkiv Oblast": the area
            # as a query of it finds it, by stem; not a country's name so worded ("Taiwan, Province of
            # China", ISO's name: Chinandega, Nicaragua, continues the stem "china")
            for h, _, _ in self._admin_stem_hits(key):
                codes.update(_hinted_codes(h.place))
        if not codes and not _is_latin(text):  # a region the gazetteer has no name for in this script
            nominative = nominative_region(text)
            if nominative:  # "Донецької області": Донецька область
                return self._admin_cache.setdefault(text, self._admin_hint(nominative))
            for lk in query_keys(text)[1]:     # is looked up by its romanisations ("Індіана": Indiana)
                for kind in ("f", "l"):
                    self._add_region_codes(codes, kind, lk)
        out = (codes, stem, named)
        self._admin_cache[text] = out
        return out

    def _states_of_hinted_countries(self, codes: dict[str, str | None],
                                    country: str | None) -> dict[str, str]:
        """The hints of a query that name a country (``codes``: hint -> its country code) but also a
        region of another country the query is in (the ``country`` hint, or another hint), each with
        that other country. Read as that region where a candidate is in it: "Salem, IN" in a US column
        and "Salem, IN, USA" are Indiana's, "Springfield, IL, US" Illinois's (they had been Salem,
        India, and ambiguous); "Ziesar, DE" in a US column stays German (no Ziesar in Delaware), and
        "Salem, IN, India" Indian (another hint names that country)."""
        homes = {cc for cc in codes.values() if cc} | ({country} if country else set())
        states: dict[str, str] = {}
        for h, cc in codes.items():
            if cc is None or any(other == cc for g, other in codes.items() if g != h):
                continue
            home = next((c for c in sorted(homes - {cc}) if self._names_a_region_of(h, c)), None)
            if home is not None:
                states[h] = home
        return states

    def _written_hints(self, parsed: Parsed) -> list[str]:
        """The hints after a name, with a country's name that holds a comma joined again: ISO 3166-1
        names of the form "Congo, The Democratic Republic of the", "Virgin Islands, U.S.", "Korea,
        Democratic People's Republic of", as lists of countries write them. Split, the first part had
        been read as another country (Congo, Korea) or a region, the second as the US ("U.S."): the
        place was found at 0.76 with "no match in CG", or was another place ("Pyongyang, Korea,
        Democratic People's Republic of" had been Pyeongchang, South Korea)."""
        hints = parsed.hints
        if len(hints) < 2:  # (nearly every cell)
            return hints
        joined: list[str] = []
        i = 0
        while i < len(hints):
            both = f"{hints[i]}, {hints[i + 1]}" if i + 1 < len(hints) else None
            if both is not None and self.country_code(both):
                joined.append(both)
                i += 2
            else:
                joined.append(hints[i])
                i += 1
        return joined

    def _names_a_region_of(self, text: str, country: str) -> bool:
        """Whether ``text`` names a region of ``country``, by code or name (``_admin_hint``)."""
        prefixes = (country + "-", country + ".")
        return any(isinstance(code, str) and code.startswith(prefixes) for code in self._admin_hint(text)[0])

    def _unknown_hints(self, name: str, admin1: str | None, candidate_ids: Iterable[str]) -> list[str]:
        """The region hints of a query (``admin1``, the parts after its name) that name no country
        and no region or place the gazetteer has, and are no candidate's region misspelt: said with
        an ambiguous answer, which such a hint did not help choose ("Springfield (Narnia), US")."""
        text = self._without_marks(_cleaned(name))
        found = [admin1] if admin1 else []
        found += self._written_hints(parse_query(text))
        if not found:  # (most ambiguous answers: "San Jose" alone)
            return []
        places: list[Place] | None = None  # the candidates, fetched only for a hint not known
        unheard = []
        for h in dict.fromkeys(found):
            if self.country_code(h):
                continue
            hint = self._admin_hint(h)
            if any(hint[::2]):
                continue
            if places is None:
                places = [p for p in map(self.store.place, candidate_ids) if p is not None]
            if not any(self._admin_matches(p, hint) for p in places):
                unheard.append(h)
        return unheard

    def _without_marks(self, text: str) -> str:
        """``text`` without its invisible marks (``_INVISIBLE``), unless it, or the name before its
        decorations ("<name>\\u200e, Israel"), is a known name with them. "Kyiv\\u200e" had been a 0.9
        transliteration match, not the exact name."""
        if text.isascii() or not _INVISIBLE.search(text) or self._known_as_written(text):
            return text
        core = parse_query(text).core
        if core != text and _INVISIBLE.search(core) and self._known_as_written(core):
            return text
        return _INVISIBLE.sub("", text).strip()

    def _known_as_written(self, text: str) -> bool:
        return bool(self._hits.lookup("f", fold_key(text), LOOKUP_LIMIT))

    def _country_section(self, text: str | None, code: str | None) -> bool:
        """Whether ``text`` names a section of the country ``code``: ISO's "country"
        subdivisions, GeoNames' PCLIX (England, Scotland, Wales). Such a name reads as its country,
        and also as the region it is: "Buckley, England" had been Buckley, Wales, at 0.95 and with no
        word of England; "Bockley, England" was Buckley, not Brockley."""
        if not text or not code:
            return False
        got = self._section_cache.get((text, code))
        if got is None:
            got = self._section_cache[(text, code)] = any(
                h.place.feature_code == "PCLIX" and h.place.country == code
                for h in self._hits.lookup("f", fold_key(text), LOOKUP_LIMIT))
        return got

    def _section_named(self, text: str | None, code: str | None) -> str | None:
        """``text`` where it names a section of the country ``code`` (``_country_section``), as the
        region hint a country hint also gives ("England": the United Kingdom, and England in it); else
        None."""
        return text if self._country_section(text, code) else None

    def _add_region_hint(self, text: str, hints: list, known: list, known_names: list) -> None:
        """Add ``text``'s region hint to ``hints``, and to ``known`` (with ``text`` to
        ``known_names``) where it names a region the gazetteer has."""
        hint = self._admin_hint(text)
        hints.append(hint)
        if hint[0]:
            known.append(hint)
            known_names.append(text)

    def _add_region_codes(self, codes: set, kind: str, key: str, named: set | None = None) -> None:
        """Add the admin1 and ISO codes of the admin areas (not countries, but sections of one: England)
        found under ``key``, and to ``named`` the ids of the populated places found there."""
        for hit in self.store.lookup(kind, key, limit=50):
            p = hit.place
            if p.feature_class == "A" and (not _is_country(p) or p.feature_code == "PCLIX"):
                codes.update(_hinted_codes(p))
            elif named is not None and p.feature_class == "P":
                named.add(p.id)

    def _widened(self, scored: list[_Scored], hints: list, known: list,
                 countries: Collection[str]) -> tuple[list, list, list[_Scored]]:
        """The region hints (all, and the ``known`` ones) with each subdivision code joined by the
        first-level regions that hold it (``_holding_regions``), where no candidate is in a hinted
        region as named and just one (``_one_in_wider``) is in every region so read (and in one of
        ``countries``, if any); else as they were. Why: the gazetteer's regions are first-level, and
        addresses name provinces and departments by code: "Milano (MI)", "Napoli, NA", "Lyon (69)",
        "Sevilla (SE)" were right but said "no match in MI; best match elsewhere" at 0.76. Why only
        then: "Augusta, ME" is Maine's, not Augusta in Sicily (ME is Messina's code too).

        Third: the candidates in the wider regions, none if not read so; where any are, it is
        settled: a later stage, whose candidates are fewer (a loose lookup's), must not widen where
        this one's several fitted ("Sutton, North Yorkshire" had been London's Sutton, the only one
        the loose stage offered), and the answer is the best of them (``_resolve``)."""
        if not known or self._in_regions(scored, known):
            return hints, known, []
        wider = {id(h): _wider_hint(h) for h in known}
        wide_known = [wider[id(h)] for h in known]
        if all(w is h for w, h in zip(wide_known, known)):
            return hints, known, []
        fitting = [s for s in scored if (not countries or s.place.country in countries)
                   and all(self._admin_matches(s.place, h) for h in wide_known)]
        if not _one_in_wider(fitting, _unit_codes(known)):
            return hints, known, fitting
        return [wider.get(id(h), h) for h in hints], wide_known, fitting

    def _in_regions(self, scored: list[_Scored], hints: list[tuple[set, str, set]]) -> bool:
        """Whether a candidate is in one of the hinted regions."""
        return any(self._admin_matches(s.place, h) for s in scored for h in hints)

    @staticmethod
    def _admin_matches(place: Place, hint: tuple[set, str, set]) -> bool:
        codes, stem, named = hint
        if _coded_in(place, codes) or place.id in named:
            return True
        if not stem:
            return False
        if place.admin1_name:
            name = _region_stem(place.admin1_name)
            if name == stem:
                return True
            # one the other's stem with an ending ("Donetsk": Donetska oblast), not its first word
            # ("Sachsen" is not Sachsen-Anhalt); not where the hint names a region the gazetteer
            # knows by its code ("Kent", a county of England, is no stem of Kentucky)
            longer, shorter = (name, stem) if len(name) > len(stem) else (stem, name)
            if (not codes and len(shorter) >= 4 and longer.startswith(shorter)
                    and longer[len(shorter)].isalnum()):
                return True
        if codes or named:
            return False
        return _misspelt_where(stem, place)

    # -- public API ------------------------------------------------------------------------
    def resolve(self, name: str, *, lang: str | None = None, country: str | None = None,
                admin1: str | None = None, as_of: int | str | None = None,
                output_lang: str | None = None, context_ids: Sequence[str] = ()) -> Resolution:
        """Resolve one place name; see the module docstring for the cascade and the ranking."""
        lang, country, admin1 = _hint(lang, "lang"), _hint(country, "country"), _hint(admin1, "admin1")
        output_lang = _hint(output_lang, "output_lang")
        if name is not None and not isinstance(name, str):  # (a list would not even be a cache key)
            return Resolution(query=str(name)[:MAX_QUERY_CHARS], reason="not a text value")
        lang = _lang_hint(lang) if lang else self.lang
        country_code = self.country_code(country) if country else self.country
        year = _as_of(as_of) if as_of is not None else self.as_of
        out_lang = _output_lang(output_lang) if output_lang else self.output_lang
        context = _context_ids(context_ids)
        unknown = country if country and country_code is None else None  # said in the reason
        if admin1 is None:
            admin1 = self._section_named(country, country_code) if country else self._country_region
        return self._answer(name, lang, country_code, unknown, admin1, year, out_lang, context)

    def _answer(self, name: str, lang: str | None, country_code: str | None, unknown: str | None,
                admin1: str | None, year: AsOf | None, out_lang: str | None,
                context: tuple[str, ...]) -> Resolution:
        """``resolve`` with its hints read: the cached answer, else a fresh one, cached. Why apart:
        ``resolve_many`` reads a column's hints once, not again for every name."""
        key = (name, lang, country_code, unknown, admin1, year, out_lang, context)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                return hit
            try:
                res = self._read(name, lang, country_code, admin1, year, out_lang, context)
            finally:
                if self._pending_names is None:  # a lone call: drop what its lookups prefetched
                    self._hits.clear()
            if unknown:
                _add_note(res, f"unknown country hint {unknown!r}")
            if res.ambiguous:
                unheard = self._unknown_hints(name, admin1, (c.id for c in res.candidates))
                if unheard:
                    names = "that name" if len(unheard) == 1 else "those names"
                    res.reason = (f"{res.reason}; ignored {', '.join(map(repr, unheard))}: "
                                  f"no country or region of {names}")
            if is_missing_marker(name):  # ("nan", "None": see values.MISSING_MARKERS)
                res = self._withheld(res, MISSING_MARKER_NOTE + (
                    "; a place of that name is the first candidate" if res.id or res.candidates else ""),
                    alone=True)
            elif res.id is not None and res.score < self.min_score:
                res = self._below_min_score(res)
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[key] = res
            return res

    def _read(self, name: str, lang, country, admin1, year, out_lang, context_ids) -> Resolution:
        """The answer for ``name`` as written, or by another reading of the cell where that does better
        (a name inverted at its comma, initials, an address, a list of towns)."""
        res = self._resolve(name, lang, country, admin1, year, out_lang, context_ids)
        if isinstance(name, str) and len(name) <= MAX_QUERY_CHARS:
            for reading in (self._as_inverted, self._as_initials, self._as_address, self._as_list,
                            self._as_far_towns):
                res = reading(res, name, lang, country, admin1, year, out_lang, context_ids)
        return res

    def resolve_many(self, names: Iterable[str], *, countries: Iterable[str | None] | None = None,
                     lang: str | None = None, as_of: int | str | None = None,
                     output_lang: str | None = None) -> list[Resolution]:
        """Resolve a column; each distinct (name, country) is resolved once, results keep the order.

        The exact-stage lookups of each slice of distinct names are fetched in a few SQL statements
        first (BatchedLookup), which is where most of a column's time would otherwise go.
        """
        # (a value that is no text is kept by identity: 1, True and 1.0 are equal keys, and had all
        # been answered with the query "1")
        names = [n if n is None or isinstance(n, str) else _Unhashable(n) for n in _a_list(names, "names")]
        hints = ([_hint(c, "a country hint") for c in _a_list(countries, "countries")]
                 if countries is not None else [None] * len(names))
        if len(hints) != len(names):
            raise InputError(f"{len(names)} names but {len(hints)} country hints")
        lang, output_lang = _hint(lang, "lang"), _hint(output_lang, "output_lang")
        hinted = (_lang_hint(lang) if lang else self.lang, _as_of(as_of) if as_of is not None else self.as_of,
                  _output_lang(output_lang) if output_lang else self.output_lang)
        pairs = list(dict.fromkeys(zip(names, hints)))
        done: dict[tuple, Resolution] = {}
        with self._lock, few_gc_passes():
            for i in range(0, len(pairs), BATCH):
                self._resolve_slice(pairs[i:i + BATCH], done, *hinted)
        return [done[(n, c)] for n, c in zip(names, hints)]

    def _resolve_slice(self, part: list[tuple], done: dict[tuple, Resolution], lang: str | None,
                       year: AsOf | None, out_lang: str | None) -> None:
        """Resolve one slice of distinct (name, country) pairs into ``done``: its lookups are
        prefetched together and its winners' output names fetched in one go. The hints are read
        (``resolve``'s language tag, year and output language)."""
        texts = [n for n in dict.fromkeys(n for n, _ in part)
                 if isinstance(n, str) and len(n) <= MAX_QUERY_CHARS
                 and (n.isascii() or not _SURROGATE.search(n))]
        self._prefetch(texts, lang)
        pending = self._pending_names = []
        answer = self._answer
        try:
            for n, c in part:
                if n is not None and not isinstance(n, str):
                    done[(n, c)] = self.resolve(n, country=c)  # "not a text value"
                    continue
                code = self.country_code(c) if c else self.country
                region = self._section_named(c, code) if c else self._country_region
                done[(n, c)] = answer(n, lang, code, c if c and code is None else None, region, year,
                                      out_lang, ())
            self._pending_names = None
            by_lang: dict[str | None, list[Place]] = {}
            for _, place, place_lang in pending:
                by_lang.setdefault(place_lang, []).append(place)
            for place_lang, places in by_lang.items():
                self._out.prefetch(places, place_lang)
            for res, place, place_lang in pending:
                res.name = self._out.name(place, place_lang)
        except BaseException:
            # The slice's answers are cached as they are made, and named in the output language only
            # at its end: a slice cut short (an error, Ctrl-C) takes them out of the cache again, or
            # they would be given later with the gazetteer's name ("Paris" where "Париж" was asked).
            unnamed = {id(res) for res, _, _ in pending}
            if unnamed:
                for key in [k for k, r in self._cache.items() if id(r) in unnamed]:
                    del self._cache[key]
            raise
        finally:
            self._pending_names = None
            self._hits.clear()

    def _prefetch(self, texts: list[str], lang: str | None) -> None:
        """Batch the lookups of the exact stage, then the variant keys of the texts the exact stage
        cannot answer (most rows of a column stop at the first), then the Latin keys of those the
        variant key cannot answer either (fetching them for every text doubled the rows read)."""
        folds = {t: fold_key(t) for t in texts}
        self._hits.prefetch("f", folds.values(), LOOKUP_LIMIT)
        cached = self._hits.lookup_cached
        cores = []
        l_keys: list[str] = []  # with the Latin keys _with_native_readings will look up
        for t, f in folds.items():
            hits = cached("f", f)
            if not hits:
                core = parse_query(t).core
                if core:
                    cores.append((core, fold_key(core)))
            elif _may_want_readings(t, hits):
                l_keys.extend(query_keys(t)[1])
        self._hits.prefetch("f", [core_fold for _, core_fold in cores], LOOKUP_LIMIT)
        f_keys, loose = [], []
        for core, core_fold in cores:
            hits = cached("f", core_fold)
            if hits:
                if _may_want_readings(core, hits):
                    l_keys.extend(query_keys(core)[1])
                continue
            _, latins, skels = query_keys(core, lang)
            f_keys.extend(lk for lk in latins if lk != core_fold)
            if " " in core:  # a country or state after the name ("Paris France"), see _stages
                f_keys.append(fold_key(core.rpartition(" ")[2]))
            elif "-" in core:  # ... or after a hyphen ("PARIS-FRANCE")
                f_keys.append(fold_key(core.rpartition("-")[2]))
            l_keys.extend(latins)
            loose.append((latins, skels))
        self._hits.prefetch("f", f_keys, LOOKUP_LIMIT)
        self._hits.prefetch("l", l_keys, LOOKUP_LIMIT)
        # The skeletons of the names no Latin key answers either (typos, other romanisations):
        # only the keys of at most SKELETON_LIMIT rows are batched; short skeletons name thousands
        # of places, and their LIMITed lookup (by population) is cheaper than fetching every row.
        loose = [skels for latins, skels in loose
                 if max(map(len, latins), default=0) >= SKELETON_MIN_CHARS
                 and not any(cached(kind, lk) for lk in latins for kind in ("l", "f"))]
        self._hits.prefetch("s", [sk for skels in loose for sk in skels], SKELETON_LIMIT,
                            small_only=True, names_only=True)
        # So many names for the loose stage in this job: their fuzzy blocks will pay for holding
        # the fold keys in memory (each loose name asks for one to three blocks).
        self._loose_names += len(loose)
        if self._loose_names >= FUZZY_INDEX_NAMES and "f" not in self._sorted_keys:
            self._sorted_keys["f"] = SortedKeys(self.store, "f")

    # -- the cascade -----------------------------------------------------------------------
    def _resolve(self, name: str, lang, country, admin1, year, out_lang, context_ids,
                 smallest_last: bool = True) -> Resolution:
        if name is None:
            return Resolution(query="", reason="empty value")
        query = name  # (text: resolve answers any other value itself)
        if len(name) > MAX_QUERY_CHARS:
            return Resolution(query=name[:MAX_QUERY_CHARS] + "…",
                              reason=f"too long for a place name ({len(name)} characters)")
        if not name.isascii() and _SURROGATE.search(name):
            return Resolution(query=query, reason="not text: half a UTF-16 surrogate pair (an "
                              "undecodable byte, or JSON's \\ud800), no character")
        cleaned = self._without_marks(_cleaned(name))
        text, flags = without_emoji(cleaned)
        if flags:  # a flag is its country's hint ("Kyiv 🇺🇦": "Kyiv, UA"); one alone, the country
            text = ", ".join((text, *flags)) if text else flags[0] if len(flags) == 1 else ""
        if cleaned and not text:
            return Resolution(query=query, reason="no place name: emoji only")
        if not (text[:1].isalpha() or any(c.isalpha() for c in text)):  # (most start with one)
            # Every place name has letters; GeoNames' numeric alternate names (postal districts:
            # "42" is a name of Kulosaari) would answer an ID or a count column with a place.
            return Resolution(query=query, reason="empty value" if not text.strip() else
                              "no letters: a number, not a place name"
                              if any(c.isdigit() for c in text) else "no letters or digits")
        coded = self._by_subdivision_code(text, country)
        if coded:
            return self._verdict(query, coded, out_lang, year)
        countries: set[str] = {country} if country else set()
        admin_hints: list[tuple[set, str, set]] = []
        # the region hints the gazetteer knows ("Indiana", "Donetsk Oblast"), and as written (for a
        # note): a candidate must be in one, or the cascade looks further; a trailing part it does
        # not know ("Wetzikon / Kempten", a locality in brackets) only ranks by name stem, as no
        # evidence against a candidate
        known: list[tuple[set, str, set]] = []
        known_names: list[str] = []
        if admin1:
            self._add_region_hint(admin1, admin_hints, known, known_names)
        context = [p for p in (self.store.place(i) for i in context_ids) if p is not None]
        fallback: list[_Scored] | None = None  # the first candidates outside the hinted country
        region_fallback: list[_Scored] | None = None  # ... in the country, outside the hinted region
        raw_fold = fold_key(text)
        case = _letter_case(without_article(text) or text)  # "the US" writes the abbreviation
        # Stage 1, exact: the whole cell is a known name (no decorations to parse then).
        exact_hits = self._hits.lookup("f", raw_fold, LOOKUP_LIMIT)
        if exact_hits and "(" in text and _BRACKETED_NUMBER.search(text):
            # a number in brackets is a department's or province's code ("Marseille (13)": Marseille,
            # Bouches-du-Rhône), not the number in a name that folding met without its brackets (the
            # 13th arrondissement, "Marseille 13"); a name written with them is still itself
            exact_hits = [h for h in exact_hits if "(" in h.name.text]
        scored = self._collect(exact_hits, "exact", text) if exact_hits else None
        if scored and not any(s.primary or s.tagged or s.own_respelling for s in scored):
            scored = self._with_unprefixed(text, exact_hits, scored)
        # the candidates in the regions that hold a hinted unit (_widened), from the first stage that
        # has any: a later stage does not widen then ("Bessemer" in "Jefferson County" had been
        # widened by a later stage's one hit), and where several are, the answer is the best of them
        settled: list[_Scored] = []
        if scored:
            admin_hints, known, settled = self._widened(scored, admin_hints, known, countries)
            self._rank(scored, countries, admin_hints, None, year, lang, context, case)
            if countries and not any(s.place.country in countries for s in scored):
                fallback = scored
            elif known and not self._in_regions(scored, known):
                region_fallback = scored
            else:
                scored = self._with_native_readings(text, scored, lambda joined: self._rank(
                    joined, countries, admin_hints, None, year, lang, context, case))
                return self._verdict(query, scored, out_lang, year)
        parsed = parse_query(text)
        if smallest_last and parsed.hints:  # "Ukraine, Kharkiv", "Донецька обл., м. Покровськ"
            inner = self._smallest_last(query, parsed, lang, country, admin1, year, out_lang, context_ids)
            if inner is not None:
                return inner
        # A code or name that is a country's and subdivisions' ("IL": Israel or Illinois, "CA": Canada
        # or California, "Georgia": the country or the state) is the country, unless no candidate is
        # there and one is in such a subdivision ("Columbus, Georgia" had been Ohio's, "no match in GE").
        either: dict[str, None] | None = None  # such codes (a dict: in the cell's order), read at need
        column_hints = len(admin_hints)
        cell_countries: set[str] = set()
        codes = {h: self.country_code(h) for h in self._written_hints(parsed)}
        for h, cc in codes.items():
            if cc:
                countries.add(cc)
                cell_countries.add(cc)
                if self._country_section(h, cc):  # "England": the United Kingdom, and England in it
                    self._add_region_hint(h, admin_hints, known, known_names)
            else:
                self._add_region_hint(h, admin_hints, known, known_names)
        states = self._states_of_hinted_countries(codes, country)
        state_homes = set(states.values())

        def as_regions(scored: list[_Scored], homes: dict[str, str | None],
                       within: list) -> Resolution | None:
            """The verdict with the country hints ``homes`` read as regions (each of the country it
            maps to; None: of any), where a candidate is in one of them and in every region
            ``within``; the countries they also name no longer count. None where no candidate is.
            Read wider where none is in them as named, as ``_widened`` does: "Napoli, NA" (Namibia's
            code, and Napoli's province's, in Campania)."""
            def fitting(regions: list) -> Iterable[_Scored]:
                return (s for s in scored if any(
                    (home is None or s.place.country == home) and self._admin_matches(s.place, r)
                    for r, home in regions) and all(self._admin_matches(s.place, k) for k in within))

            regions = [(self._admin_hint(h), home) for h, home in homes.items()]
            if not any(fitting(regions)):
                units = _unit_codes([r for r, _ in regions])
                regions = [(_wider_hint(r), home) for r, home in regions]
                if not _one_in_wider((s for s in fitting(regions) if (not country or s.place.country == country)
                                      and all(self._admin_matches(s.place, k) for k in known)), units):
                    return None  # (and in any other region hinted: not "Napoli, NA, Lombardia")
            not_meant = {codes[h] for h in homes}
            feature = _feature_of(scored, parsed)
            self._rank(scored, countries - not_meant, admin_hints + [r for r, _ in regions], feature,
                       year, lang, context, case, cell_countries - not_meant, column_hints)
            return self._verdict(query, scored, out_lang, year, feature)

        def hinted_regions() -> list[set]:  # (the codes of each region hinted, and of the subdivisions
            # a country's code also names: "KY" is Kentucky's code too, "MN" Minnesota's)
            return [*(region for region, _, _ in known if region),
                    *(subs for subs in (_subdivision_codes(h) for h, cc in codes.items() if cc) if subs)]

        def hinted_countries() -> set[str]:  # (the countries of the hints and of the regions hinted)
            return countries | {c[:2] for region in hinted_regions() for c in region
                                if len(c) > 3 and c[2] in "-." and c[:2].isupper()}

        for scored in self._stages(text, raw_fold, parsed, lang, country, hinted_countries, hinted_regions):
            if not scored:
                continue
            if not settled:
                admin_hints, known, settled = self._widened(scored, admin_hints, known, countries)
            answer = as_regions(scored, states, known) if states else None
            if answer is not None:
                return answer
            feature = _feature_of(scored, parsed)
            self._rank(scored, countries, admin_hints, feature, year, lang, context, case,
                       cell_countries, column_hints)
            if countries and not any(s.place.country in countries for s in scored):
                if either is None:  # (a region of any country)
                    either = {h: None for h, cc in codes.items()
                              if cc and (_subdivision_codes(h) or self._admin_hint(h)[0])}
                answer = as_regions(scored, either, []) if either else None
                if answer is not None:
                    return answer
                fallback = fallback or scored
                continue
            if (known and not self._in_regions(scored, known)
                    or states and not any(s.place.country in countries - state_homes for s in scored)):
                # a region hint no candidate is in ("Питерсберг, Индиана": the exact Cyrillic name
                # is Virginia's Petersburg; Indiana's is found by its romanisation), or a state's code
                # that is a country's too, read as the state (``states``), where the candidates lie in
                # its country only, not in it ("Fidley, MN" in a US column had been Findley, Ohio, and
                # stays no Mongolian place): look further
                region_fallback = region_fallback or scored
                continue
            note = getattr(scored, "note", None)
            if all(s.method in _FOLD_METHODS for s in scored):
                scored = self._with_native_readings(parsed.core, scored, lambda joined: self._rank(
                    joined, countries, admin_hints, feature, year, lang, context, case,
                    cell_countries, column_hints))
            res = self._verdict(query, scored, out_lang, year, feature)
            if (smallest_last and " " in text and "," not in query
                    and (country is None or res.country != country)
                    and not any(s.method in _FOLD_METHODS for s in scored)):
                # a loose match of the whole cell ("Orlans IA": Orléans) is no answer where the cell
                # reads as a name before hints that place one elsewhere ("Orlans, IA": Orleans, Iowa),
                # and where the column's country says (the comma form's region outranks it)
                hinted = self._read_before_hints(query, text, lang, country, admin1, year, out_lang,
                                                 context_ids)
                if hinted is not None and hinted.id is not None and (
                        res.id is None or hinted.country != res.country):
                    return hinted
            if note:
                _add_note(res, note)
            return res
        if region_fallback or fallback:
            inner = (self._smallest_last(query, parsed, lang, country, admin1, year, out_lang, context_ids,
                                         area_last=True) if smallest_last and parsed.hints else None)
            if inner is not None:  # "Ohio, Holland": Holland, Ohio
                return inner
            # a typo before hints with no comma, whose whole cell had a loose match only elsewhere:
            # "Brightmn IA" in a US column was Brighton, England, by its alias "Brightonia", "no match
            # in US", though the cell read with a comma is Brighton, Iowa (as without the column)
            hinted = self._read_before_hints(query, text, lang, country, admin1, year, out_lang,
                                             context_ids) if smallest_last and fallback else None
            if hinted is not None:
                return hinted
            # the best match outside the hinted region or country, said so, at a lower score; or,
            # where several lie in the regions that hold a hinted unit, the best of them
            elsewhere = region_fallback or fallback
            held = _fitting_in_wider(settled, _unit_codes(known))
            n_held = len({s.place.id for s in held}) if region_fallback else 0
            if n_held > 1:
                elsewhere = sorted(held, key=_RANK, reverse=True)
            res = self._verdict(query, elsewhere, out_lang, year, _feature_of(elsewhere, parsed))
            res.score = round(res.score * 0.8, 4)
            where = ", ".join([*known_names, *states]) if region_fallback else "/".join(sorted(countries))
            _add_note(res, f"no match in {where}; {HELD_NOTE.format(n=n_held) if n_held > 1 else ELSEWHERE}")
            return res
        if smallest_last:  # (not again inside a reading with commas)
            inner = (self._misspelt_before_hints(query, text, lang, country, admin1, year, out_lang,
                                                 context_ids)
                     or self._before_misspelt_hint(query, text, lang, country, admin1, year, out_lang,
                                                   context_ids)
                     or self._possessed(query, text, lang, country, admin1, year, out_lang, context_ids))
            if inner is not None:
                return inner
        return Resolution(query=query, reason="no place of this name in the gazetteer")

    def _by_subdivision_code(self, text: str, country: str | None) -> list[_Scored] | None:
        """The region an ISO 3166-2 code names ("US-CA", "DE-BY", "UA-14", "GB-ENG"), as datasets
        write one: the gazetteer's regions carry their codes. Loose matches had answered them
        ("US-CA" was Huesca by its alias "Uesca", "DE-BY" Dubai), or nothing ("UA-14"). None where no
        region has the code (``GazetteerStore.region``), or it lies outside the country hinted (the
        cascade reads the cell then)."""
        place = self._region_coded(text)
        if place is None or country and place.country != country:
            return None
        code = text.strip().upper()
        scored = self._collect([NameHit(place, PlaceName(code, flags=NameFlag.ABBR, source="iso3166-2"),
                                        "f")], "exact", text)
        self._rank(scored, set(), [], None, None, None, [])
        return scored

    def _region_coded(self, text: str) -> Place | None:
        """The region whose ISO 3166-2 code ``text`` is ("US-CA", any letter case), else None."""
        return self.store.region(text.strip().upper()) if _SUBDIVISION_CODE.match(text) else None

    def _possessed(self, query: str, text: str, lang, country, admin1, year, out_lang,
                   context_ids) -> Resolution | None:
        """A place after the possessive of its country or region, as English news writes it
        ("Ukraine's Donetsk region", "Syria's Idlib province", "Bavaria's Munich"): read as the place
        with that hint after it ("Donetsk region, Ukraine"), where the owner is a country or region the
        answer lies in. Else None (it had found nothing: "no place of this name")."""
        m = _POSSESSIVE.match(text)
        if m is None:
            return None
        owner, name = m.group(1).strip(), m.group(2).strip()
        if self.country_code(owner) is None and not self._admin_hint(owner)[0]:
            return None  # ("Martha's Vineyard", "St John's Wood": no owner that places)
        return self._read_with_commas(query, [name, owner], lang, country, admin1, year, out_lang, context_ids)

    def _as_inverted(self, res: Resolution, name: str, lang, country, admin1, year, out_lang,
                     context_ids) -> Resolution:
        """``res``, or the place whose name the cell writes inverted at its comma, as ISO 3166 and the
        World Bank list countries ("Korea, Rep.", "Congo, Dem. Rep.", "Congo, The Democratic Republic
        of the") and Britain's statistics its districts ("London, City of"), where the part after the
        comma is no hint the gazetteer knows and reads as the rest of a name (a word cut short, or
        "of" last). Read as that name: the name with "of" after the part ("Korea, Republic of", a name
        so written), or the part first ("Democratic Republic of the Congo"); the name found must hold
        the words before the comma and more. Before, the part was ignored as an unknown hint:
        "Congo, Dem. Rep." was the other Congo, "Korea, Rep." ambiguous, "London, City of" London."""
        if "," not in name:  # (nearly every cell)
            return res
        head, _, tail = (p.strip() for p in name.partition(","))
        if not head or not _INVERTED_TAIL.search(tail) or "," in tail or len(tail.split()) > 6:
            return res
        if not self._hits.lookup("f", fold_key(head), 1):
            return res  # (the part before the comma is a place's short name: "Korea", "Congo", "London")
        codes, _, named = self._admin_hint(tail)
        if codes or self.country_code(tail) or named and res.id is not None and not _elsewhere(res):
            return res  # (a hint: "Springfield, Mass.", "Paris, Tex."; "Rep." is a village's name too)
        if _OF_LAST.search(tail):
            readings = [f"{tail} {head}"]
        else:
            readings = [f"{head}, {tail} of", f"{tail} of the {head}", f"{tail} of {head}"]
        head_words = fold_key(head).split()
        for text in readings:
            alt = self._resolve(text, lang, country, admin1, year, out_lang, context_ids)
            if alt.id is None or alt.ambiguous or _elsewhere(alt):
                continue
            words = fold_key(alt.matched.text).split() if alt.matched else []
            if len(words) > len(head_words) and head_words in (words[:len(head_words)],
                                                               words[-len(head_words):]):
                return res if alt.id == res.id else _read_as(alt, res.query, INVERTED_NOTE.format(text))
        return res

    def _as_initials(self, res: Resolution, name: str, lang, country, admin1, year, out_lang,
                     context_ids) -> Resolution:
        """``res``, or, where the cell names nothing as written, the place it names with a word of two
        to four capitals first or last in its name read as initials ("Lao PDR": Lao P.D.R., Lao
        People's Democratic Republic; "Lao PDR, LA"; the words an initial stands for must be the
        name's own: ``abbreviated``), among words in small letters. An ambiguous cell stays so."""
        if res.id is not None or res.ambiguous:
            return res
        head, comma, hints = name.partition(",")
        m = _INITIALISM.match(head.strip())
        if m is None:
            return res
        first, rest, before, last = m.groups()
        if (rest or before).isupper():
            return res  # (capitals stand out as initials only among small letters: "LA VACA", "SANTA CRUZ")
        dotted = ".".join(first or last) + "."
        text = (f"{dotted} {rest}" if first else f"{before} {dotted}") + comma + hints
        alt = self._resolve(text, lang, country, admin1, year, out_lang, context_ids)
        if alt.id is None or alt.ambiguous:
            return res
        return _read_as(alt, res.query, INITIALS_NOTE.format(text))

    def _as_address(self, res: Resolution, name: str, lang, country, admin1, year, out_lang,
                    context_ids) -> Resolution:
        """``res``, or the answer for ``name`` read as an address (``qualifiers.address_place``: its
        street, house and postal code off) where ``res`` names nothing, is ambiguous, or lies outside
        the cell's hints and the address reading does better: "10 Downing Street, London SW1A 2AA" is
        London (said so), "Springfield, IL 62701" Springfield, Illinois (it had been ambiguous: "IL
        62701" named no region), "м. Київ, вул. Хрещатик, 22" Kyiv (it had been "no match in 22; best
        match elsewhere", at 0.76). Read as written first: a place may be named like a street."""
        read = address_place(name)
        if read is None:
            return res
        text, street_first = read
        held = res.id is not None and not _elsewhere(res)
        if held and res.matched is not None and fold_key(res.matched.text) in {
                fold_key(p) for p in name.split(",") if p.strip() not in text}:
            return res  # a part the reading takes off is the answer's name ("Pennsylvania, Kennett Square")
        alt = self._resolve(text, lang, country, admin1, year, out_lang, context_ids)
        if street_first and (alt.feature_class if alt.id is not None else
                             alt.candidates[0].feature_class if alt.candidates else None) != "P":
            return res  # an address's place is a town: "Kilómetro 26, Sinaloa" names no street in Sinaloa
        if alt.id is not None and not _elsewhere(alt):
            better = not held or alt.id != res.id  # ("Paris, TX 75460" had been Paris, France)
        else:  # (where nothing was found, an ambiguous answer or one outside the hints, said so)
            better = res.id is None and not res.ambiguous and (alt.id is not None or alt.ambiguous)
        if not better:
            return res
        return _read_as(alt, res.query, STREET_NOTE if street_first else None)

    def _as_list(self, res: Resolution, name: str, lang, country, admin1, year, out_lang,
                 context_ids) -> Resolution:
        """``res``, or "several places in one cell" where ``name`` lists towns ("Kyiv; Lviv", "Kyiv and
        Lviv", "Paris & Lyon") and the cell as written is no clean answer: nothing, an ambiguous or
        loose one, one outside its hints, or one whose other part names another town and no region
        ("Paris; Lyon" had been Paris, Lyon ignored; "Kyiv; Lviv" Kyiv, "no match in Lviv; best match
        elsewhere"; "Paris & Lyon" Paris Léona, Côte d'Ivoire). Every part must name one place,
        exactly or by a variant, two places at least; they become the candidates, and nothing is
        answered. Names that hold a separator are found whole first ("Trinidad and Tobago",
        "Biel/Bienne"), and two names of one place are that place ("Kyiv / Kiev")."""
        if "," in name or not _LIST_SEPARATOR.search(name):
            return res  # (a comma's hints hold separators of their own: "Hare Bay, Newfoundland and Labrador")
        parts = [p for p in (p.strip() for p in _LIST_SEPARATOR.split(name)) if p]
        if not 2 <= len(parts) <= MAX_LISTED:
            return res
        clean = (res.id is not None and res.method in _FOLD_METHODS
                 and not _elsewhere(res))
        best = res if res.id is not None else res.candidates[0] if res.candidates else None
        if best is not None and best.matched is not None and fold_key(best.matched.text) == fold_key(name):
            return res  # the whole cell is a place's name ("Trinidad and Tobago"), or several places'
            # ("José María Morelos y Pavón", ambiguous)
        if clean and not any(self.country_code(h) is None and not codes and named - {res.id}
                             for h, (codes, _, named) in zip(parts[1:], map(self._admin_hint, parts[1:]))):
            return res
        if any(self.country_code(h) for h in parts[1:]):
            return res  # a country after a place is its hint ("Lyman, US"): not resolved part by part
        answers = self._towns(parts, lang, country, admin1, year, out_lang, context_ids)
        if answers is None:
            return res
        places = list({a.id: a for a in answers}.values())
        if len(places) < 2 or res.id not in (None, answers[0].id) and res.id in {a.id for a in places}:
            return res  # one place; or the cell as written is a later part's (a typo: "San Miguel e Tucumán")
        return _listed(res.query, places)

    def _as_far_towns(self, res: Resolution, name: str, lang, country, admin1, year, out_lang,
                      context_ids) -> Resolution:
        """``res``, or "several places in one cell" where a comma or a slash joins towns that lie far
        apart (``LIST_APART_KM``): "Paris, Lyon", "Kyiv / Kharkiv", "Toronto, Montreal" had been the
        first town at 0.95, the rest ignored in silence as a hint the gazetteer did not know (or "no
        match in Kharkiv"). The parts that place the answer are its hints, no towns: its country, its
        region, either misspelt ("Paris, Texas", "Uyuni / Potosí", "Sintea Mare, Romnia"); after a
        comma so is any country or region (``_names_an_area``). Not a town and the city it lies by,
        written as a hint ("Salford, Manchester", "Dallas/Fort Worth"; "Rabat, Valletta" is Malta's
        Rabat): no place of one part's name may lie that near another part's town. Each part must
        bear a town's name and be one town found as written (``_towns``); two names of one place are
        that place ("Bozen/Bolzano")."""
        if _LIST_SEPARATOR.search(name) or not _WEAK_SEPARATOR.search(name):
            return res  # (a list with a strong separator is _as_list's)
        best = res if res.id is not None else res.candidates[0] if res.candidates else None
        if best is not None and best.matched is not None and fold_key(best.matched.text) == fold_key(name):
            return res  # the whole cell is a place's name ("Biel/Bienne", "Wetzikon / Kempten")
        parts = [p for p in (p.strip() for p in _WEAK_SEPARATOR.split(name)) if p]
        if not 2 <= len(parts) <= MAX_LISTED:
            return res
        if res.method is not None and res.method not in _FOLD_METHODS:
            return res  # (a typo's answer: its part is no town found as written)
        found = [res] if res.id is not None else res.candidates[:2]
        own = {fold_key(a.matched.text) for a in found if a.matched is not None}
        if "," in name:
            parts = [p for p in parts if fold_key(p) in own or not self._names_an_area(p)]
            if len(parts) < 2:
                return res  # (most cells with a comma: a name and its country or region)
        placed = [p for p in (self.store.place(a.id) for a in found) if p is not None]
        parts = [p for p in parts if fold_key(p) in own or not self._places_one_of(p, placed)]
        if len(parts) < 2 or not all(fold_key(p) in own or self._towns_named(p) for p in parts):
            return res  # (no list: a part that is no town's name is not looked up by the cascade)
        answers = self._towns(parts, lang, country, admin1, year, out_lang, context_ids)
        if answers is None or len(answers) < 2:
            return res
        towns = [self.store.place(a.id) for a in answers]
        for i, part in enumerate(parts):  # (a town is near itself: two names of one place are no list)
            near = [towns[i], *self._towns_named(part)]
            if any(_km(p, town) <= LIST_APART_KM for j, town in enumerate(towns) if j != i for p in near):
                return res
        return _listed(res.query, answers)

    def _towns_named(self, text: str) -> list[Place]:
        """The towns (populated places) that bear ``text`` as one of their names, as folded."""
        return [h.place for h in self._hits.lookup("f", fold_key(text), LOOKUP_LIMIT)
                if h.place.feature_class == "P"]

    def _names_an_area(self, text: str) -> bool:
        """Whether ``text`` after a comma names a country or region the gazetteer knows, or misspells
        a country's English name: a hint, no town of a list, though towns may bear its name ("Roanne,
        Loire": not Loiré, as no unit's towns are known; "Cochabamba, Chili": not Chili, New York)."""
        return bool(self.country_code(text) or self._admin_hint(text)[0]
                    or _misspells_a_country(_region_stem(text)))

    def _places_one_of(self, text: str, places: list[Place]) -> bool:
        """Whether ``text`` names or misspells the country or region of one of ``places`` (an answer,
        or an ambiguous one's first two candidates): its hint, no town of a list ("Uyuni / Potosí":
        the department, not its town; "Sintea Mare, Romnia")."""
        code = self.country_code(text)
        hint = self._admin_hint(text)
        stem = _region_stem(text)
        return any(code == p.country or self._admin_matches(p, hint)
                   or len(stem) >= REGION_TYPO_MIN_CHARS and _misspelt_where(stem, p) for p in places)

    def _towns(self, parts: list[str], lang, country, admin1, year, out_lang,
               context_ids) -> list[Resolution] | None:
        """The answer for each of ``parts`` where each is one town found as written (exactly or by a
        variant, with no note), else None."""
        answers = [self._resolve(p, lang, country, admin1, year, out_lang, context_ids) for p in parts]
        if any(a.id is None or a.method not in _FOLD_METHODS or a.reason or a.feature_class != "P"
               for a in answers):
            return None
        return answers

    def _smallest_last(self, query: str, parsed: Parsed, lang, country, admin1, year, out_lang,
                       context_ids, area_last: bool = False) -> Resolution | None:
        """The answer for a cell written from the biggest area to the smallest place, as Ukrainian,
        Russian and East Asian addresses and some lists write it ("Ukraine, Kharkiv", "Донецька обл.,
        м. Покровськ", "USA, New York", "Oklahoma, El Reno"): its parts in the other order, where the
        first part names a country or first-level region, the last a place (or a region, after a
        country: "Ukraine, Donetsk Oblast"; no other area, which is a hint after a name: "Paris,
        France", "New York, NY"), and the answer so read (if ambiguous, its first two candidates)
        lies in a country or region the first part names: a place, or a region after a country.
        Else None, and the cell is read as written. Only with a comma: a part in brackets after an
        area says what kind it is ("Meksyk (miasto)"), no smaller place. Before, the first part was
        the answer ("Ukraine" at 0.95; "Georgia, Atlanta" the country Georgia; "Oklahoma, El Reno"
        ambiguous between Oklahoma City and the state), the rest a hint it did not need.

        ``area_last``: the last part may name an area too (even a country); for a cell that, read as
        written, names no place in its hints ("Ohio, Holland": Ohio, "no match in NL", where Holland,
        Ohio is meant; "Chiapas, Hidalgo"). A last part with brackets of its own is read whole
        ("Chiapas, Dos Lagunas (San Isidro)"; the part in brackets had been a third part)."""
        if "," not in query:
            return None
        core = parsed.core  # (an area of that name, by the prefetched lookup: most cells stop here)
        if not (parsed.feature == "A" or any(h.place.feature_class == "A" for h in self._hits.lookup(
                "f", fold_key(core), LOOKUP_LIMIT)) or len(core) <= 4 and _subdivision_codes(core)):
            return None
        parts = [p.strip() for p in query.split(",")]
        whole_parts = "(" in parts[-1] and all(parts)  # (a name with brackets of its own, see above)
        alone = self._answer(parts[-1] if whole_parts else parsed.hints[-1], lang, country, None, None,
                             year, out_lang, context_ids)
        if alone.id is None and not alone.ambiguous:
            return None
        code = self.country_code(core)
        best = alone.candidates[0] if alone.ambiguous else alone  # ("NY": the state or the city)
        if best.feature_class == "A":  # a hint after a name ("Paris, France", "New York, NY"), unless
            # a region after its country ("Ukraine, Donetsk Oblast")
            last = self.store.place(best.id)
            if (code is None or last is None or _is_country(last)) and not area_last:
                return None
        regions = self._admin_hint(core)
        if code is None and not regions[0]:
            return None
        flipped = ", ".join(reversed(parts) if whole_parts else (*reversed(parsed.hints), core))
        res = self._resolve(flipped, lang, country, admin1, year, out_lang, context_ids, smallest_last=False)
        if res.method == "fuzzy" or _elsewhere(res):
            return None

        def inside(place: Place | None) -> bool:  # (in a country or region the first part names)
            return place is not None and (place.country == code or self._admin_matches(place, regions))

        if res.ambiguous:
            found = len(res.candidates) >= 2 and all(inside(self.store.place(c.id)) for c in res.candidates[:2])
        else:
            inner = self.store.place(res.id) if res.id is not None else None
            found = inside(inner) and (inner.feature_class == "P"
                                       or code is not None and not _is_country(inner))
        if not found:
            return None
        return _read_as(res, query)

    def _stages(self, text: str, raw_fold: str, parsed, lang, country: str | None,
                hinted: Callable[[], set[str]] = set, regions: Callable[[], list[set]] = list):
        """Yield the candidate lists of the stages after the exact one, strictest first (``text``: the
        query, ``country``: the column's or call's country hint, ``hinted``: the countries the hints
        name so far, ``regions``: the codes of each region they name that the gazetteer knows)."""
        lookup = self._hits.lookup
        core = parsed.core
        if not core:
            return
        if parsed.hints:  # the whole cell with its shortened words: one set off as a decoration would
            # be ("Halle/S.", "Frankfurt (M.)"), or a name with brackets of its own ("Vill. Hermosa (Las
            # Pozas)": the part before them alone gets 79.6% of bench_shortened's first words, not 83.6%)
            expansions = expanded_abbreviations(text) if "(" in text else None
            if expansions:  # ... its abbreviated words written out: "St. Martin (French part)", ISO's
                yield self._named_exactly(expansions)  # "Saint Martin (French part)" (was ambiguous)
            whole = shortened_words(text)
            if whole and not whole.initial:  # (an initial here is most often a stripped prefix: "г. X (Y)")
                yield self._collect_hits(self._shortened_hits(whole))
        named = bracketed_name(text) if parsed.hints else None
        if named:  # a name with brackets of its own, then a hint: "Frankfurt (Oder), Germany"
            name, after = named
            if after[:1] in ",;/|":  # (read with the cell's hints, as the name alone would be)
                yield self._named_exactly((name,), name)
            else:  # "Halle (Saale) Germany": with no comma, the hints after it as written
                yield self._before_written_hints(text, country, [(name, tails) for tails in _hint_groups(
                    after.split())])
        core_fold = fold_key(core)
        if parsed.prefixed and parsed.hints:  # a name that begins with a prefix's word: "Municipio de
            # West Bloomfield, United States" (GeoNames' Spanish name of the township)
            yield self._named_exactly((parsed.prefixed,), parsed.prefixed)
        if core_fold != raw_fold:
            yield self._collect(lookup("f", core_fold, LOOKUP_LIMIT), "variant", core)
        # Words that may be the name's or a decoration: the name without them is looked up exactly,
        # and answers only where it names the kind of place they go with; else on with them kept.
        # "the Philippines", "the UK", "la France", "die Schweiz": English, French, Spanish, Italian,
        # German and Dutch put the article before countries and regions, not towns ("The Hauge" goes
        # on whole, to The Hague); "Kyiv city": a place ("Mexico City" is found whole first); a dash
        # or a postal code: any place ("Brennero - Brenner", "100 Mile House" are found whole first),
        # in what the part after a dash names where it is a hint ("Springfield - IL", as "Springfield
        # IL" below; it had been ambiguous).
        japanese = without_japanese_kind(core)  # "Setagaya-ku", "Kanagawa-ken"
        for bare, kinds in ((without_article(core), ("A", "L")), (without_settlement_word(core), ("P",)),
                            japanese or (None, "")):
            if bare:
                yield _kept(self._named_exactly((bare,), bare), lambda s: s.place.feature_class in kinds)
        halves = dash_halves(core)  # "Paris - France"
        if halves:
            before, after = halves
            kept = (self._before_written_hints(core, country, [(before, tails) for tails in _hint_groups(
                after.split())]) if after and not parsed.hints else None)
            yield kept or _kept(self._named_exactly((before,), before), _a_place_or_area)
        bare = without_postal_code(core)  # "75001 Paris"
        if bare:
            yield _kept(self._named_exactly((bare,), bare), _a_place_or_area)
        # Abbreviated words written out ("Mt. Vernon", "Ft Wayne", "St-Jérôme"), every reading in one
        # pool: most such names are found whole first, as GeoNames has "St. Louis" and "Ft. Myers".
        expansions = expanded_abbreviations(core)
        if expansions:
            yield self._named_exactly(expansions)
        shortened = shortened_words(core)  # any other word cut short: "Frankfurt a.M.", "Cd. Juárez"
        if shortened and shortened.initial and initial_may_be_a_kind(core) and lookup(
                "f", shortened.rest, LOOKUP_LIMIT):  # "s. Petrivka" (selo): Petrivka, not Slobodo-Petrivka
            shortened = None
        if shortened:
            yield self._collect_hits(self._shortened_hits(shortened))
        # Hints after the name with no comma: "Paris France", "London UK", "Paris TX", "Dallas Texas",
        # "Springfield IL USA": the name before them, exactly, in that country or region.
        written = bare or core  # (after a postal code too: "Sydney NSW 2000")
        if " " in written:  # (also before a part in brackets: "Dallas Texas (USA)")
            yield self._before_written_hints(written, country)
            if parsed.hints and text.endswith(")") and "," not in text:  # a region's name with brackets
                yield self._before_written_hints(text, country)  # of its own: "Western Visayas (Region VI)"
        elif "-" in written and not parsed.hints:  # or one after a hyphen: "PARIS-FRANCE", "Springfield-IL"
            head, _, last = written.rpartition("-")
            yield self._before_written_hints(written, country, [(head, [last])])
        _, latins, skels = query_keys(core, lang)  # romanisations: only when the fold key failed
        query_latin = _is_latin(core)
        hits: list[tuple[NameHit, str, float]] = []
        # A one-letter key ("N/A" -> "n") names nothing in particular: exact matches only.
        for lk in (lk for lk in latins if len(lk) >= 2):
            for kind in ("l", "f"):
                if kind == "f" and lk == core_fold:
                    continue
                for h in lookup(kind, lk, LOOKUP_LIMIT):
                    same = _is_latin(h.name.text) == query_latin
                    hits.append((h, "variant" if same else "translit", 1.0))
        yield self._collect_hits(hits)
        if parsed.feature == "A":  # "Kharkiv Oblast", "Donetsk region": the area in its own form
            # (after an article too, which English puts before a region so worded: "the Donetsk region")
            yield self._collect_hits(self._admin_stem_hits(fold_key(without_article(core) or core)))
        # "Warszawa-Mokotów", "Berlin Spandau, Germany": a district after its city
        splits = city_and_part_splits(core)
        yield self._district_after_city(splits)
        # The loose stage: skeleton matches (other romanisations) and edit-distance matches
        # (typos) compete in one pool, so a typo is not answered by some other place whose
        # skeleton happens to equal the misspelt one.
        hits = self._skeleton_hits(latins, skels, query_latin)
        # Edit-distance search only when the skeletons found nothing close: a vowel typo or
        # another romanisation is already answered, and the block scans are the slow part. Close
        # among the candidates that stay: an area reached only through a small language's name
        # ("Shaksio": Saxony by Esperanto "Saksio") is none, and had kept the typo from Shakiso.
        kept = None
        if any(_may_be_unheard(h.place) for h, _, _ in hits):  # (else nothing is dropped)
            scored = self._collect_hits(hits)
            kept = self._heard_widely(scored)
            if len(kept) < len(scored):
                ids = {s.place.id for s in kept}
                hits = [hit for hit in hits if hit[0].place.id in ids]
        if not any(sim >= FUZZY_SKIP_SIM for _, _, sim in hits):
            hits.extend(self._fuzzy(core_fold, latins, last_resort=not hits))
            kept = None
        yield kept if kept is not None else self._heard_widely(self._collect_hits(hits))
        countries = hinted() if hits else set()
        if 0 < len(countries) <= LOOSE_WITHIN_COUNTRIES:  # (none of those loose matches fitted the hints)
            yield self._loose_within(core_fold, latins, skels, query_latin, countries)
        located = name_before_locator(core)
        if located:  # "Weiden i.d.OPf.", "Laufen a.d. Salzach": the town, held by its first words only
            yield self._before_locator(*located)
        # "Köln-Ehrenfeld", "Praha 1": the city, where the gazetteer lacks the part
        yield self._city_without_part(splits)
        known = regions()  # (reached only where no stage found a place in the hinted regions)
        if known:
            yield self._loose_in_regions(core_fold, known)

    def _loose_in_regions(self, core_fold: str, regions: list[set]) -> _Candidates:
        """The names of the places in the hinted ``regions`` one edit away from the query, not in its
        first letter: the last stage for a typo with a region hint. Why: the loose stages reach a
        name through the query's skeleton or the key blocks of its first letters, and "Fidley,
        Minnesota" reached neither Fridley (another skeleton, another block) but Findley, Ohio, "no
        match in Minnesota; best match elsewhere" (bench_written_hints' typos with a region: 91.9% ->
        93.9%). Not for a place's own name found exactly, which is more likely a place the gazetteer
        lacks, or a wrong region, than a typo ("Tempe, Minnesota" stays Tempe, Arizona, said to be
        elsewhere; "Viton", an alias of Wheaton, Illinois, does not count); one edit only and none in
        the first letter, as typos in it are rarer and the names of a region's villages often differ
        in one letter: of 2,000 villages held out of the gazetteer and written with their region, 10
        more were answered with another place there (bench_missing_places: 251, 241 before)."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        if len(core_fold) < FUZZY_MIN_LEN or any(
                _is_own_name(h.place, h.name) for h in self._hits.lookup("f", core_fold, LOOKUP_LIMIT)):
            return []
        hits: list[tuple[NameHit, str, float]] = []
        for codes in regions:
            keys, pairs = self._hits.names_in_regions(codes)
            found = [i for _, edits, i in process.extract(core_fold, keys, scorer=OSA.distance,
                                                          score_cutoff=1, limit=None)
                     if edits and keys[i][0] == core_fold[0]]
            sims = [_edit_sim(1, core_fold, keys[i]) for i in found]
            hits.extend(zip(self._hits.hits_of_names([pairs[i] for i in found], "f"),
                            itertools.repeat("fuzzy"), sims))
        return self._heard_widely(self._collect_hits(hits))

    def _district_after_city(self, splits: list[tuple[str, str, bool]]) -> _Candidates:
        """A name read as a city and a part of it after it (``qualifiers.city_and_part_splits``), the
        first way whose first part names a city of ``DISTRICT_CITY_MIN_PEOPLE`` and whose rest names
        a place in it (``_districts``): "Warszawa-Mokotów". Read before the loose stage, which had
        read "Tula Shchëkino" as Talashkino."""
        for head, part, _ in splits:
            cities = self._cities_called(head)
            inside = self._districts(part, cities) if cities else None
            if inside:
                return self._collect_hits(inside)
        return _Candidates()

    def _city_without_part(self, splits: list[tuple[str, str, bool]]) -> _Candidates:
        """The city of the first way to read a name as a city and a part of it whose part the gazetteer
        does not hold, at ``PART_UNREAD_SIM``, saying so ("Köln-Ehrenfeld": Cologne; no Ehrenfeld is
        held). Read last, after the loose stage: a typo in a name held whole is that name
        ("Villingen-Schwenigen"). Only for a one-digit number ("Praha 1"; "Saint-Louis 68" names a
        department, and no Saint-Louis of 100,000 people is in it), or a part joined by a hyphen that
        names no place at all: words after a space may be anything ("Vladimir Putin" is no place in
        Vladimir), and a hyphen may join two places ("Charlotte-Mecklenburg", the city and its county,
        is neither)."""
        for head, part, hyphen in splits:
            cities = self._cities_called(head)
            if not cities:
                continue
            if _DISTRICT_NUMBER.match(part):
                if self._districts(part, cities):
                    continue
            elif not hyphen or self._hits.lookup("f", fold_key(part), LOOKUP_LIMIT):
                continue  # (a place elsewhere: two joined, "Charlotte-Mecklenburg", "Dallas-Fort Worth")
            out = _PartUnread(self._collect_hits([(h, "variant", PART_UNREAD_SIM) for h in cities]))
            out.areas = 0
            out.note = f"read as {head}: no place {part!r} in it in the gazetteer"
            return out
        return _Candidates()

    def _cities_called(self, head: str) -> list[NameHit]:
        """The places of ``DISTRICT_CITY_MIN_PEOPLE`` named ``head``; kept, as the same first words
        come again and again in a column's typos."""
        key = fold_key(head)
        cities = self._cities_named.get(key)
        if cities is None:
            if len(self._cities_named) >= 65_536:
                self._cities_named.clear()
            cities = self._cities_named[key] = [
                h for h in self._hits.lookup("f", key, LOOKUP_LIMIT)
                if h.place.feature_class == "P" and h.place.population >= DISTRICT_CITY_MIN_PEOPLE]
        return cities

    def _districts(self, part: str, cities: list[NameHit]) -> list[tuple[NameHit, str, float]]:
        """The places named ``part`` as their own within ``DISTRICT_KM`` of one of ``cities``, with
        half its people at most (a twin city is no district: "Minneapolis-Saint Paul"; an alias is no
        district's name: "Madri Centro" is no Sol, by its alias "Centro")."""
        return [(h, "variant", 1.0) for h in self._hits.lookup("f", fold_key(part), LOOKUP_LIMIT)
                if h.place.feature_class == "P" and _is_own_name(h.place, h.name) and any(
                    _km(h.place, c.place) <= DISTRICT_KM and h.place.population <= c.place.population / 2
                    for c in cities)]

    def _before_locator(self, name: str, where: str) -> _Candidates:
        """The towns called ``name`` in a country that speaks German, for a name with a German locator
        after it (``qualifiers.name_before_locator``), ``LOCATOR_DROPPED_SIM`` like the query: the
        river or region it names is not checked (the gazetteer holds no rivers, nor regions below the
        first level). Where it names a town ("Kirchheim b. München"), those near it come first."""
        lookup = self._hits.lookup
        hits = [(h, "variant", LOCATOR_DROPPED_SIM) for h in lookup("f", fold_key(name), LOOKUP_LIMIT)
                if h.place.feature_class == "P" and "de" in national_languages(h.place.country)]
        towns = [h.place for h in lookup("f", fold_key(where), LOOKUP_LIMIT)
                 if h.place.feature_class == "P"] if hits else []
        near = [hit for hit in hits if any(_km(hit[0].place, town) <= LOCATOR_NEAR_KM for town in towns)]
        return self._collect_hits(near or hits)

    def _before_written_hints(self, core: str, country: str | None,
                              splits: Iterable[tuple[str, list[str]]] | None = None) -> _Candidates:
        """The places named exactly as the words before the hints that end ``core`` with no comma
        (``splits``, by default ``_written_hint_splits``), in the places those hints name; for the first
        reading that keeps any. A code that is a country's and a region's reads as the comma form
        reads it (``_states_of_hinted_countries``): "Salem IN" in a US column, "Springfield IL USA" are
        the states', "Springfield IL" Illinois's as no Springfield is in Israel. Before, only one last
        word was read, and only as a country or a state's code: "Dallas Texas", "Munich Bavaria" were
        not found, "Salem IN" in a US column was Salem, India."""
        is_hint, country_of = self._hint_reader(core)
        for head, tails in _written_hint_splits(core) if splits is None else splits:
            if not all(map(is_hint, reversed(tails))):  # (the last first: a long first hint is looked
                continue  # up only after a country or region, not in every sentence of a text column)
            found = self._named_exactly((head, *expanded_abbreviations(head)), head)  # "Ft Wayne IN"
            if not found:  # an area by its stem ("Kharkiv Oblast Ukraine"), as the whole would be
                found = self._collect_hits(self._admin_stem_hits(fold_key(head)))
            if not found:
                continue
            codes = {t: country_of[t] for t in tails}
            homes = self._states_of_hinted_countries(codes, country)
            readings = [self._readings_of_hint(t, codes[t], homes.get(t)) for t in tails]
            units = _unit_codes(map(self._admin_hint, tails))  # (for _one_in_wider)
            for reading in itertools.product(*readings):
                kept = _kept(found, lambda s: all(fit(s.place) for fit, _, _ in reading))
                if kept and (not any(wide for _, wide, _ in reading) or _one_in_wider(kept, units)):
                    return _named_before_hints(kept, head, any(region for _, _, region in reading))
        return _Candidates()

    def _hint_reader(self, core: str,
                     units: bool = True) -> tuple[Callable[[str], bool], dict[str, str | None]]:
        """Whether a group of words at the end of ``core``, written with no comma, reads as a hint
        (``_is_written_hint``, ``units`` passed on; each group looked up once), and the country each
        group read so far names."""
        readable: dict[str, bool] = {}
        country_of: dict[str, str | None] = {}
        one_case = core.isupper() or core.islower()  # ("dallas tx": its codes in lower case too)

        def is_hint(t: str) -> bool:
            if t not in readable:
                country_of[t] = self._lookup_country(t, search=False)
                readable[t] = self._is_written_hint(t, country_of[t],
                                                    codes=one_case or len(t) > 3 or t == t.upper(),
                                                    units=units)
            return readable[t]

        return is_hint, country_of

    def _misspelt_before_hints(self, query: str, text: str, lang, country, admin1, year, out_lang,
                               context_ids) -> Resolution | None:
        """The answer for a name with a typo before hints written with no comma ("Chicgo IL",
        "Pittsbrugh PA USA", "Abuoay Bicol (Region V)"): the cell read with commas ("Chicgo, IL"), its
        name the shortest before groups that all read as hints (a typo in a hint, "Kharkov Ukrane", is
        ``_before_misspelt_hint``'s, which asks more of it: "Marion Jones" would be Marion by this).
        Why: the reading with no comma takes only names found exactly, and a loose match of the whole
        cell knows no hints; the comma form's loose stage reads the name with its hints. Only for a
        short cell (running text is no such name); None where no such reading exists, or it finds
        nothing, or only a place elsewhere, or, for a name found exactly elsewhere ("Frano Hokkaido":
        Frånö, Sweden), that name's own place: no typo then, and the comma form's looser hints are not
        read for it ("Jordan West" is no Jordan of Western Visayas)."""
        words = text.split()
        if not 2 <= len(words) <= MISSPELT_HINTS_MAX_WORDS or any(c in text for c in ",;/|"):
            return None
        bracketed = "(" in text or ")" in text
        if bracketed and not (text.endswith(")") and text.count("(") == 1 == text.count(")")):
            return None  # (only a region's own brackets at the end: "Bicol (Region V)")
        is_hint, _ = self._hint_reader(text, units=False)
        best = None
        for head, tails in _written_hint_splits(text):
            if best is None or len(head) < len(best[0]):
                if all(map(is_hint, reversed(tails))):
                    best = head, tails
        if best is None or sum(c.isalpha() for c in best[0]) < SKELETON_MIN_CHARS:  # ("RT America": no
            return None  # typo is told in two letters, where a loose match is a guess)
        exact = self._named_exactly((best[0],), best[0])
        res = self._read_with_commas(query, (best[0], *best[1]), lang, country, admin1, year, out_lang,
                                     context_ids)
        if res is None or exact and (res.id is None or any(s.place.id == res.id for s in exact)):
            return None
        return res

    def _read_before_hints(self, query: str, text: str, lang, country, admin1, year, out_lang,
                           context_ids) -> Resolution | None:
        """``_misspelt_before_hints``'s answer where it lies in the column's ``country`` (if any) or is
        ambiguous; else None. Why not one of another country: "Bako'an Centre" in a Chinese column is
        Bao'an Centre, not a reading of "Centre" as a French region."""
        hinted = self._misspelt_before_hints(query, text, lang, country, admin1, year, out_lang, context_ids)
        if hinted is None or hinted.id is not None and country not in (None, hinted.country):
            return None
        return hinted

    def _read_with_commas(self, query: str, parts: Sequence[str], lang, country, admin1, year, out_lang,
                          context_ids) -> Resolution | None:
        """The answer for ``query`` read as its ``parts`` joined by commas (a name, then its hints), as
        given for ``query``; None where that reading finds nothing or only a place elsewhere."""
        res = self._resolve(", ".join(parts), lang, country, admin1, year, out_lang, context_ids,
                            smallest_last=False)
        if (res.id is None and not res.ambiguous) or _elsewhere(res):
            return None
        return _read_as(res, query)

    def _before_misspelt_hint(self, query: str, text: str, lang, country, admin1, year, out_lang,
                              context_ids) -> Resolution | None:
        """The answer for a name before a misspelt country or region written with no comma ("Perth
        Austrailia", "Houston Unitd States", "Chicago Illinoi"): the cell read with a comma before its
        last one to three words, where they (5 letters or more) are one edit from the answer's country
        or region (from both of an ambiguous answer's first two candidates), as the comma form reads
        them (``_admin_matches``). Why: with no comma only hints spelt right are read, and the cell was
        "no place of this name". Not a person's name: "Marion Jones" has no Marion in a region or
        country like "Jones". Last, where nothing else answers: it costs up to three more readings."""
        words = text.split()
        if not 2 <= len(words) <= MISSPELT_HINTS_MAX_WORDS:
            return None
        for cut in range(len(words) - 1, max(0, len(words) - 4), -1):
            head, last = " ".join(words[:cut]), " ".join(words[cut:])
            stem = _region_stem(last)
            if len(stem) < REGION_TYPO_MIN_CHARS or not all(c.isalpha() or c in " '’-" for c in last):
                continue
            res = self._read_with_commas(query, (head, last), lang, country, admin1, year, out_lang,
                                         context_ids)
            if res is None:
                continue
            # the answer, or the first two of an ambiguous one ("El Carmen Mexco"), where it says
            places = [self.store.place(i) for i in ([res.id] if res.id else [c.id for c in res.candidates[:2]])]
            if all(p is not None and _misspelt_where(stem, p) for p in places):
                return res
        return None

    def _is_written_hint(self, text: str, country: str | None, codes: bool = True,
                         units: bool = True) -> bool:
        """Whether ``text``, after a name with no comma, reads as a hint: a country's name or code, a
        state's or province's code ("TX", "NSW"), a first-level region's name ("Texas", "Bavaria"), a
        lower unit's with its kind ("Sangamon County", ``_UNIT_KIND``), or (``units``) an ISO 3166-2
        unit's below the admin1 level ("Truro Cornwall", "Rho Milano"). Why not a US county's bare
        name: it ends people's names ("Marion Jones": Jones County, Iowa); an ISO unit's is read only
        after a name found exactly ("Clark Kent" had become Clare, England, by a typo's reading).
        ``country``: the country it names, if any; ``codes``: whether a code counts (not a short word in
        mixed case, a surname: "Florence Li")."""
        if codes and (country or _subdivision_codes(text)):
            return True
        key = fold_key(text)
        if strip_admin_words(key) != key:  # "Kharkiv Oblast": by its stem too, as the comma form
            return bool(self._admin_hint(text)[0])
        if _UNIT_KIND.search(text):  # a county named with its kind is no surname: "Springfield
            return bool(self._admin_hint(text)[0])  # Sangamon County", "Ballina Co. Mayo"
        return any(h.place.feature_code == "ADM1" or units and h.place.id.startswith(SUBDIVISION_ID_PREFIX)
                   for h in self._hits.lookup("f", key, LOOKUP_LIMIT))

    def _readings_of_hint(self, text: str, code: str | None, home: str | None) -> list:
        """The ways a hint written with no comma may place a candidate, likeliest first: as a region of
        ``home`` (another country the query is in), as the country of ``code``, as a region by its
        code or name ("IL": Illinois where no candidate is in Israel; "Georgia": the state where no
        candidate is in the country). Each as (whether it places a place, whether it is a wide reading,
        whether it reads a region).
        """
        # By its codes alone: not by a name's stem ("Jordan West" is not in Western Visayas), and not a
        # place's other name (as a part in brackets may be). Last, a code read as the region that
        # holds it ("Milano MI"): a wide reading, taken for one place only, as ``_widened`` does.
        region = (self._admin_hint(text)[0], "", set())
        if home is not None:
            return [(lambda p: p.country == home and self._admin_matches(p, region), False, True),
                    (lambda p: p.country == code, False, False)]
        in_region = [(lambda p: self._admin_matches(p, region), False, True)] if region[0] else []
        wider = _wider_hint(region)
        if wider is not region:
            in_region.append((lambda p: self._admin_matches(p, wider), True, True))
        return in_region if code is None else [(lambda p: p.country == code, False, False), *in_region]

    def _with_unprefixed(self, text: str, exact_hits: list, scored: _Candidates) -> _Candidates:
        """The exact stage's candidates for a name written with a settlement prefix ("город Москва")
        that only bare GeoNames aliases in a script none of their countries writes matched (no own
        name, no language or flag: an exonym that lost its tag), joined by the places the name after
        the prefix names, as the variant stage would find them. Why: "город Москва" is an alias of two
        villages called Moscow in the US, and was ambiguous between them; Moscow is Moscow by its own
        name. Ranked together, so an alias still answers where it names the bigger place or nothing
        else fits."""
        script = infer_script(text)
        if script in (None, "Latn", "Zyyy") or any(_writes(s.place.country, script) for s in scored):
            return scored  # ("City of Andover": a Minnesota city's legal name, not an alias gone astray)
        parsed = parse_query(text)
        if parsed.prefixed is None or parsed.hints or parsed.feature != "P":
            return scored
        known = {s.place.id for s in scored}
        after = [(h, "variant", 1.0) for h in self._hits.lookup("f", fold_key(parsed.core), LOOKUP_LIMIT)
                 if h.place.feature_class == "P" and h.place.id not in known]
        if not after:
            return scored
        return self._collect_hits([*((h, "exact", 1.0) for h in exact_hits), *after])

    def _with_native_readings(self, text: str, scored: _Candidates, rank) -> _Candidates:
        """A fold-key stage's ranked candidates, joined, where the best was matched by no name of its
        own (an alternate name) and ``text`` is a plain-letter romanisation, by the places whose
        Cyrillic name in their country's language romanises to it (``cyrillic_readings``), ranked by
        ``rank`` with them. Why: the cascade stops at the first stage with candidates, and an alias
        of a village hid the city whose Russian name the query romanises: "Vinnitsa" was Vinnitsy,
        Russia (Винница is Vinnytsia's), "Nikolayev" ambiguous between two villages that carry the
        spelling (Николаев is Mykolaiv's). Found among the Latin-key stage's hits of the text."""
        top = scored[0]
        if top.primary or top.own_respelling or not text.isascii():
            return scored
        known = {s.place.id for s in scored}
        wanted = set(query_keys(text)[1])
        hits = [(h, "translit", 1.0) for lk in wanted if len(lk) >= 2
                for h in self._hits.lookup("l", lk, LOOKUP_LIMIT)
                if h.place.id not in known and _reads_as(h.name.text, h.place.country, wanted)]
        if not hits:
            return scored
        joined = _counted([*scored, *self._collect_hits(hits)])
        rank(joined)
        return joined

    def _named_exactly(self, texts: Sequence[str], typed: str = "") -> _Candidates:
        """The candidates named one of ``texts`` exactly (by fold key), as a variant stage's: the
        exact tries of ``_stages`` (a name without its decoration, written out, before a qualifier)."""
        lookup = self._hits.lookup
        return self._collect([h for text in texts for h in lookup("f", fold_key(text), LOOKUP_LIMIT)],
                             "variant", typed)

    def _heard_widely(self, scored: _Candidates) -> _Candidates:
        """The loose stage's candidates without the areas it reached only through names in small
        languages (``_tagged_outside`` the ``widely_used_languages``). CLDR and iso-codes name every
        country and many regions in hundreds of languages; a loose match through one of those is a word
        that happens to sound like it: "Russian" was Russia by Ewondo "Rúsian", "ISIL" Israel by
        Cherokee "ᎢᏏᎵᏱ". A typo of a country's name still meets its names in the languages people
        write. No region (``gazetteer.regions``) at all: its names in CLDR's languages, romanised, are
        short words ("Ddong" met Eastern Asia by Cantonese 東亞), and a region is named, not misspelt,
        in the news."""
        if not any(_may_be_unheard(s.place) for s in scored):
            return scored
        widely_used = widely_used_languages()
        return _kept(scored, lambda s: s.place.feature_code != "RGN"
                     and (s.langs is None or not _tagged_outside(s.langs, widely_used)))

    def _shortened_hits(self, shortened: Shortened) -> list[tuple[NameHit, str, float]]:
        """The names whose words the query's are, its shortened words written out (``abbreviated``):
        "Frankfurt a.M." is Frankfurt am Main, "Freiburg i. Br." Freiburg im Breisgau. They were not
        found, or only loosely ("Dillingen a.d. Donau" at 0.78). The keys come as one block, named by
        the words before the first shortened one, or by the last word written out (a key range, never
        a scan); each is ``SHORTENED_SIM`` like the query, as a name written out is a reading of it."""
        shortest = shortened.shortest()
        longest = shortest + SHORTENED_CHARS * sum(shortened.short)
        keys = [key for key in self._block("f", shortened.prefix, shortest, longest, shortened.suffix)
                if shortened.fits(key)]
        cut_off = [key for key in keys if shortened.cut_off(key)]
        sim = INITIAL_SIM if shortened.initial else SHORTENED_SIM
        return [(h, "variant", sim) for key in cut_off or keys
                for h in self._hits.lookup("f", key, LOOKUP_LIMIT)]

    def _admin_stem_hits(self, core_fold: str) -> list[tuple[NameHit, str, float]]:
        """Admin areas an admin-worded query names by its stem in another form: "Kharkiv Oblast",
        "Donetsk region", "Odesa oblast" for the ISO names Kharkivska, Donetska, Odeska oblast (an
        adjective of the city's name). The keys sharing the stem's first letters come as one block (a
        key range, never a scan); those that, without their admin words, are the stem continued by a
        short ending (or the stem itself: "Ontario Province") name the candidates."""
        stem = strip_admin_words(core_fold)
        if stem == core_fold:
            return []
        base = stem.rstrip("aeiouy")  # Odesa: Odes-ka; Vinnytsia: Vinnyts-ka; Sumy: Sum-ska
        if len(stem) < 4 or len(base) < 3:
            return []
        hits: list[tuple[NameHit, str, float]] = []
        keys = self._block("f", base, len(base), len(stem) + ADMIN_STEM_ENDING + ADMIN_WORDS_CHARS, "")
        for key in dict.fromkeys([stem, *keys]):
            other = strip_admin_words(key)
            ending = other[len(base):]
            if key != stem and (other == key or not other.startswith(base)
                                or len(ending) > ADMIN_STEM_ENDING or ending and not ending.isalpha()):
                continue
            sim = ADMIN_STEM_SIM if other != key else ADMIN_BARE_SIM
            for h in self._hits.lookup("f", key, LOOKUP_LIMIT):
                p = h.place
                if p.feature_class == "A" and not _is_country(p):
                    hits.append((h, "variant", sim))
        return hits

    def _fuzzy(self, core_fold: str, latins: Sequence[str], *, last_resort: bool = False,
               first_letter: bool = True,
               within: Collection[str] | None = None) -> list[tuple[NameHit, str, float]]:
        """Edit-distance matches inside blocks (SQL range scans on the key index: never a scan of
        the whole gazetteer): keys sharing the query's first half; when that finds nothing, keys
        sharing its first two letters and last three (a typo in the first half); and, as the
        ``last_resort`` of a query nothing else matched, the keys one edit away in its first two
        letters (``_edits_at_start``; ``first_letter``: in the first too). ``within``: only places of
        these countries."""
        # A list in a fixed order, the query's own script first: the first of equally close
        # names is the one reported (a set's order changed with PYTHONHASHSEED).
        probes = [("f", core_fold)]
        if not core_fold.isascii():  # a Latin query's Latin key is its fold key without spaces
            probes += [(k, lk) for lk in latins[:1] for k in ("l", "f")]
        probes = [p for p in dict.fromkeys(probes) if len(p[1]) >= FUZZY_MIN_LEN]
        hits = self._fuzzy_blocks(probes, second_half=False, within=within)
        if not hits:  # the 2-letter blocks are bigger: only the fold keys (where Latin names are)
            hits = self._fuzzy_blocks([(k, q) for k, q in probes if k == "f"], second_half=True, within=within)
        if not hits and last_resort:
            hits = self._edits_at_start([q for k, q in probes if k == "f"], within,
                                        (1, 0) if first_letter else (1,))
        return hits

    def _loose_within(self, core_fold: str, latins: Sequence[str], skels: Sequence[str], query_latin: bool,
                      countries: Collection[str]) -> _Candidates:
        """The loose stage again among the places of the hinted ``countries`` only. Why: it takes each
        key's SKELETON_LIMIT best-populated places, and a small place with a common name was none of
        them: "Wnidsor, Vermont" was Windsor, Ontario, "no match in Vermont; best match elsewhere";
        "Mocow" in a Russian column Mochov, Czechia; "Leyndon KY" was not found (KY is the Cayman
        Islands' code too, so Kentucky's country counts). As the loose stage: skeletons, then edit
        distance unless a skeleton match is close; a short skeleton's rows are all read to find a
        country's (~0.3 ms)."""
        hits = self._skeleton_hits(latins, skels, query_latin, countries)
        if not any(sim >= FUZZY_SKIP_SIM for _, _, sim in hits):
            # and one edit in the first two letters where nothing else is close ("Idore, IN": Indore);
            # in the second only for a name found exactly elsewhere ("Halle (Saale), France" is no
            # Calais by "Calle")
            first_letter = not hits and not self._hits.lookup("f", core_fold, LOOKUP_LIMIT)
            hits.extend(self._fuzzy(core_fold, latins, last_resort=not hits, first_letter=first_letter,
                                    within=countries))
        return self._heard_widely(self._collect_hits(hits))

    def _skeleton_hits(self, latins: Sequence[str], skels: Sequence[str], query_latin: bool,
                       within: Collection[str] | None = None) -> list[tuple[NameHit, str, float]]:
        """The loose stage's skeleton matches (other romanisations, vowel typos): each skeleton key's
        SKELETON_LIMIT best-populated names (of ``within``'s countries if given), kept where
        ``_loose_sims`` finds them close. Names are scored first, each distinct one once, all in one
        pass; only the close ones are made hits with their places."""
        if max(map(len, latins), default=0) < SKELETON_MIN_CHARS:  # "N/A" -> "n" matches anything
            return []
        if within is None:
            found: list = [pair for sk in skels for pair in self._hits.lookup_names("s", sk, SKELETON_LIMIT)]
        else:  # (the hits come with their places: the pair's first item is the hit itself)
            found = [(h, h.name) for sk in skels for h in self._hits.lookup_in("s", sk, SKELETON_LIMIT, within)]
        if query_latin:  # (see _NOT_AN_ALPHABET)
            found = [pair for pair in found if not _NOT_AN_ALPHABET.search(pair[1].text)]
        distinct = {(name.text, name.lang): name for _, name in found}
        sim_of = dict(zip(distinct, _loose_sims([(q, soft_key(q)) for q in latins], list(distinct.values()))))
        close = [pair for pair in found if sim_of[(pair[1].text, pair[1].lang)] >= SKELETON_MIN_SIM]
        hits = self._hits.hits_of_names(close, "s") if within is None else [h for h, _ in close]
        return [(h, "translit", sim_of[(h.name.text, h.name.lang)]) for h in hits]

    def _key_hits(self, kind: str, key: str, within: Collection[str] | None) -> list[NameHit]:
        """A key's loose-match hits: its SKELETON_LIMIT best-populated places, of ``within``'s
        countries if given; no abbreviation (a code is not misspelt: ``_NOT_ABBR``)."""
        if within is not None:
            return self._hits.lookup_in(kind, key, SKELETON_LIMIT, within)
        return [h for h in self._hits.lookup(kind, key, SKELETON_LIMIT) if not is_abbreviation(h.name)]

    def _edits_at_start(self, folds: list[str], within: Collection[str] | None = None,
                        positions: tuple[int, ...] = (1, 0)) -> list[tuple[NameHit, str, float]]:
        """Fold keys one edit away from a Latin query in its second letter, else in its first
        ("Dlubai", "Qeens"; "Jharkiv": no block holds them, as every block is a key range by the
        first letters). Each position's ~55 spellings (another letter there, one more or one fewer,
        the two letters swapped) are looked up in one statement, not by a range scan of every key
        with that first letter; the second letter first, as typos in the first are rarer (and one
        fewer first letter would otherwise often name a bigger place: "Srömma" Rome, by "Romma").
        ``positions``: the letters edited, in that order."""
        hits: list[tuple[NameHit, str, float]] = []
        for q in folds:
            if not (q.isascii() and q[:3].isalpha()):
                continue
            for i in positions:
                spellings = {q[:i] + c + q[i + j:] for j in (0, 1) for c in _LATIN}
                spellings |= {q[:i] + q[i + 1:], q[:i] + q[i + 1] + q[i] + q[i + 2:]}
                spellings.discard(q)
                marks = ",".join("?" * len(spellings))
                found = self.store.execute(
                    f"SELECT DISTINCT key FROM keys WHERE kind = 'f' AND key IN ({marks})",
                    sorted(spellings)).fetchall()
                for (key,) in found:
                    sim = _edit_sim(1, q, key)
                    hits.extend((h, "fuzzy", sim) for h in self._key_hits("f", key, within))
                if hits:
                    break
        return hits

    def _fuzzy_blocks(self, probes, *, second_half: bool,
                      within: Collection[str] | None = None) -> list[tuple[NameHit, str, float]]:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        hits: list[tuple[NameHit, str, float]] = []
        for kind, q in probes:
            max_edits = 1 if len(q) <= 8 else 2
            if second_half:
                prefix, suffix = q[:2], q[-3:]
            else:
                prefix, suffix = q[: max(3, (len(q) - max_edits) // 2)], ""
            block = self._block(kind, prefix, len(q) - max_edits, len(q) + max_edits, suffix)
            found = [(key, dist) for key, dist, _ in process.extract(
                q, block, scorer=OSA.distance, score_cutoff=max_edits, limit=FUZZY_KEYS) if dist]
            for key, dist in found:
                sim = _edit_sim(dist, q, key)
                hits.extend((h, "fuzzy", sim) for h in self._key_hits(kind, key, within))
        return hits

    def _block(self, kind: str, prefix: str, shortest: int, longest: int, suffix: str) -> list[str]:
        """Distinct keys of ``kind`` starting with ``prefix`` (and ending with ``suffix``) whose
        length is in [shortest, longest], the first BLOCK_LIMIT in key order. By SQL range scan
        until a job has asked for FUZZY_INDEX_AFTER blocks of the kind, then from the kind's keys
        held in memory (SortedKeys: a block in ~20 µs instead of ~200 µs)."""
        keys = self._sorted_keys.get(kind)
        if keys is None:
            n = self._block_queries[kind] = self._block_queries.get(kind, 0) + 1
            if n >= FUZZY_INDEX_AFTER:
                keys = self._sorted_keys[kind] = SortedKeys(self.store, kind)
        if keys is not None:
            return keys.between(prefix, prefix + "\U0010ffff", shortest, longest,
                                suffix)[:BLOCK_LIMIT]
        sql = ("SELECT DISTINCT key FROM keys WHERE kind = ? AND key >= ? AND key < ? "
               "AND length(key) BETWEEN ? AND ?" + (" AND key LIKE ?" if suffix else "")
               + f" LIMIT {BLOCK_LIMIT}")
        params = (kind, prefix, prefix + "\U0010ffff", shortest, longest)
        return [k for (k,) in self.store.execute(sql, params + (("%" + suffix,) if suffix else ()))]

    def _collect(self, hits: list[NameHit], method: str, typed: str = "") -> list[_Scored]:
        """The candidates of a fold-key stage. Where the query ``typed`` carries marks folding drops
        (accents, a dot, an apostrophe, or any non-ASCII letter) and some candidates have a name
        spelt just so, the others are marked ``respelt``: "Cancún" is Cancún, not Changchun by its
        alias "Cancun"; "Mönsheim" is not Monsheim."""
        scored = self._collect_hits([(h, method, 1.0) for h in hits], typed)
        if len(scored) > 1 and typed and _carries_marks(typed):
            spelt = _spelling(" ".join(typed.split()))
            ids = {h.place.id for h in hits if _spelling(h.name.text) == spelt}
            if ids and len(ids) < len(scored):
                for s in scored:
                    s.respelt = s.place.id not in ids
        return scored

    @staticmethod
    def _collect_hits(hits: Iterable[tuple[NameHit, str, float]], typed: str = "") -> list[_Scored]:
        """One entry per place: its best matching name (current before historic, then similarity,
        then official); of equals, the one spelt as ``typed``, else whichever came first: "Pa." is
        Pennsylvania's AP abbreviation, "PA" its code (the matcher weighs the two differently), and
        "Göteborg" is shown as matched, not "G'oteborg" (two untagged GeoNames names of Gothenburg)."""
        hits = list(hits)
        spelt = _spelling(" ".join(typed.split())) if typed else None
        # A text that is historic in one record and unflagged in another (GeoNames' flat
        # alternatenames column repeats dated names without their dates) counts as historic.
        historic = {(h.place.id, fold_key(h.name.text)) for h, _, _ in hits
                    if h.name.flags & _HISTORIC}
        best: dict[str, _Scored] = {}
        areas = 0
        for h, method, sim in hits:
            place, name = h.place, h.name
            if historic and not name.flags & _HISTORIC and (place.id, fold_key(name.text)) in historic:
                continue
            cur = best.get(place.id)
            own = _is_own_name(place, name)
            own_respelling = not own and method in _FOLD_METHODS and _own_respelling(place, name)
            if cur is None:
                cand = best[place.id] = _Scored(place, name, method, sim)
                cand.primary = own
                cand.own_respelling = own_respelling
                cand.tagged = bool(name.lang or name.flags)
                if place.feature_class == "A":
                    cand.langs = [name.lang]
                    areas += 1
                continue
            if cur.langs is not None:
                cur.langs.append(name.lang)
            if name.lang or name.flags:
                cur.tagged = True
            flags = int(name.flags)
            pref, cur_pref = (not flags & _HISTORIC, sim, bool(flags & _OFFICIAL)), _name_pref(cur)
            if pref > cur_pref or pref == cur_pref and spelt is not None and _spelling(
                    name.text) == spelt and _spelling(cur.name.text) != spelt:
                cand = _Scored(place, name, method, sim)
                cand.primary = (cur.primary and cur.sim >= sim - 0.02) or own
                cand.own_respelling = cur.own_respelling or own_respelling
                cand.langs = cur.langs
                cand.tagged = cur.tagged
                best[place.id] = cand
            elif own and sim >= cur.sim - 0.02:
                cur.primary = True
            elif own_respelling:
                cur.own_respelling = True
        out = _Candidates(best.values())
        out.areas = areas
        return out

    def _rank(self, scored: list[_Scored], countries: set[str], admin_hints: list, feature: str | None,
              year: AsOf | None, lang: str | None, context: list[Place], case: str = "upper",
              cell_countries: Collection[str] = (), column_hints: int | None = None) -> None:
        """Order ``scored`` best first. ``cell_countries`` and ``admin_hints[column_hints:]``: the
        countries and regions written in the cell itself ("New York, NY"), which name where the place
        is, so the area they name is no candidate in them: "New York, NY" is the city, not the state
        (it was ambiguous), "Luxembourg, Luxembourg" the city. A country or region column is no such
        thing: a column of countries may carry their own codes.

        A lone candidate is only told whether its name is in use (the verdict's note and score):
        its tier and weight are compared with nothing. Three names in four of a column end so."""
        if len(scored) == 1:
            only = scored[0]
            only.current = int(_valid_at(only.name, year))
            return
        rivals: tuple[int, dict, bool] | None = None  # see _area_rivals
        if admin_hints:
            admin_hints = _placing_hints(admin_hints, scored)
        area_hints = admin_hints[:column_hints]  # an area is not in a region the cell names after it
        by_code = [s for s in scored if int(s.name.flags) & _ABBR]  # (see CODE_CLASH_FACTOR)
        country_code = any((s.place.feature_code or "").startswith("PCL") for s in by_code)
        for s in scored:
            p, n = s.place, s.name
            code = p.feature_code or ""
            pcl = code.startswith("PCL")
            area = p.feature_class == "A" and not pcl
            s.tier = int(p.country in countries and not (pcl and p.country in cell_countries))
            # (an area below the admin1 level is in the region the cell names: "Orange County, CA")
            hints = area_hints if area and code != "ADM2" else admin_hints
            placed = sum(self._admin_matches(p, h) for h in hints) if hints else 0
            s.tier += placed
            s.placed = placed > 0
            w = float(max(p.population, 1))
            if feature == "A":
                s.feature = 2 if area else 1
            elif p.feature_class == "P" or pcl or code in _REGION_CODES:
                s.feature = 2  # (a continent or region ranks as a country: "Europa" is Europe, not a
                # village; "Siberia" the region, not Siberia, Chiapas)
                if code == "CONT" and s.sim < 1.0:  # (no region is a loose candidate: _heard_widely)
                    w *= CONTINENT_LOOSE_FACTOR
            elif area and feature is None and s.sim == 1.0:
                # the area's very name (in any script), with no settlement prefix or admin word: the
                # area is weighed against the places of that name; a loose match (a typo) still
                # prefers places, as before. Not by its code ("QC", "NY") nor by an abbreviation
                # typed as the area's, dot and all (AP's "Pa.", where Chongqing's alias "Pa" is not
                # spelt so): they name the area itself, no city it was named after or that was
                # named after it ("QC" had been Québec City by an alias)
                s.feature = 2
                if rivals is None:
                    rivals = _area_rivals(scored)
                biggest, inside, country = rivals
                people = p.population
                abbreviated = int(n.flags) & _ABBR or (is_abbreviation(n) and not s.respelt
                                                       and any(o.respelt for o in scored))
                if not abbreviated and (
                        country or biggest >= max(AREA_NAMESAKE_SHARE * people, AREA_NAMESAKE_CITY)
                        or inside.get((p.country, p.admin1_code), -1) >= INSIDE_NAMESAKE_SHARE * people):
                    w *= ADMIN_AREA_FACTOR
            else:
                s.feature = 1
            s.current = int(_valid_at(n, year))
            if not s.current:
                w *= HISTORIC_FACTOR
            if s.primary:
                w *= CAPITAL_BOOST if code == "PPLC" else COUNTRY_BOOST if pcl else PRIMARY_BOOST
            elif s.own_respelling:
                w *= PRIMARY_BOOST
            else:
                if code == "PPLC":
                    if s.current and s.sim == 1.0:
                        w *= CAPITAL_ALIAS_BOOST
                elif s.langs is not None and pcl and _tagged_outside(s.langs, widely_used_languages()):
                    w *= MINOR_LANGUAGE_FACTOR
                elif (s.langs is not None and pcl and (s.sim < 1.0 or _is_latin(n.text))
                      and _tagged_outside(s.langs, major_languages() | national_languages(p.country))):
                    w *= LOOSE_EXONYM_FACTOR if s.sim < 1.0 else EXONYM_FACTOR
                if n.lang is None and n.text.islower() and not int(n.flags) & _ABBR:
                    w *= MACHINE_ROMANISATION_FACTOR
            if int(n.flags) & _ABBR:
                w *= ABBR_FACTOR[case]
                if area and country_code and p.country not in countries:
                    w *= CODE_CLASH_FACTOR
            elif by_code and case == "upper" and not n.text.isupper():
                w *= ABBR_FACTOR["mixed"]
            if s.respelt:
                w *= RESPELT_FACTOR
            if lang and n.lang and n.lang.split("-")[0] == lang:
                w *= LANG_BOOST
            if context:
                w *= _context_boost(p, context)
            s.weight = w * (s.sim ** SIM_EXPONENT)
        if admin_hints or getattr(scored, "in_region", False):
            _own_names_first(scored, bool(admin_hints))
        scored.sort(key=_RANK, reverse=True)

    def _verdict(self, query: str, scored: list[_Scored], out_lang: str | None, year,
                 feature: str | None = None) -> Resolution:
        twin = None
        if len(scored) > 1 and getattr(scored, "areas", 1):  # an area (a country?) among them
            scored, twin = _one_answer_first(scored, feature)
        top = scored[0]
        second = scored[2 if twin else 1] if len(scored) > (2 if twin else 1) else None
        # a country and its city that are one answer are one entity in two records: their weights add
        weight = top.weight + twin.weight if twin is not None else top.weight
        level = second is not None and _level(second, top)
        close = level and weight < AMBIGUITY_RATIO * second.weight
        ratio = (second.weight / weight) if level else 0.0
        if close:
            cands = [self._candidate(s, top) for s in scored[:6]]
            n_close = sum(1 for s in scored if _level(s, top) and s is not twin
                          and weight < AMBIGUITY_RATIO * s.weight)
            return Resolution(query=query, score=round(top.base * 0.5, 4), method=top.method,
                              ambiguous=True, candidates=cands,
                              reason=f"ambiguous: {n_close} places of similar standing match")
        confidence = 1.0 - 0.5 * ratio  # a runner-up of similar standing lowers the score
        p = top.place
        reason = None
        if not top.current:
            reason = f"{HISTORIC_NOTE} " + ("now" if year is None else f"in {year}")
        score = round(top.base * confidence * (1.0 if top.current else 0.9), 4)
        candidates = [self._candidate(s, top) for s in scored[1:6]]
        if twin is not None:  # the same entity, outweighing the answer maybe: never scored above it
            candidates[0].score = min(candidates[0].score, score)
        res = Resolution(
            query=query, id=p.id, name=p.name, country=p.country,
            admin1=_admin1_label(p), lat=p.lat, lon=p.lon,
            score=score, method=top.method, matched=_matched(top.name), ambiguous=False,
            candidates=candidates, reason=reason, feature_class=p.feature_class, population=p.population)
        if self._pending_names is not None:  # resolve_many fetches the output names in bulk
            self._pending_names.append((res, p, out_lang))
        else:
            res.name = self._out.name(p, out_lang)
        return res

    def _below_min_score(self, res: Resolution) -> Resolution:
        """An answer scoring under ``min_score`` is not given (``_withheld``)."""
        best = self._own_named(res)
        return self._withheld(res, f"best match {best.name} ({res.country}, {res.id}, {res.method}) scores "
                                   f"{res.score:.2f}, below the minimum score {self.min_score:g}", best=best)

    def _own_named(self, res: Resolution) -> Candidate:
        """``res`` as a candidate named as every candidate is, by its place's own name (``res.name`` is
        in the output language in a lone ``resolve`` but not yet in ``resolve_many``, which fills names
        in after)."""
        place = self.store.place(res.id)
        return _as_candidate(res, place.name if place is not None else res.name)

    def _withheld(self, res: Resolution, reason: str, alone: bool = False,
                  best: Candidate | None = None) -> Resolution:
        """``res`` not given, for ``reason``: unresolved, with its score, and the place it would have
        been first among the candidates (``best``, if its caller has it already; an ambiguous answer
        keeps its candidates), so nothing is lost but the guess. ``alone``: ``reason`` replaces the
        answer's own (a missing-value marker's notes about its namesake's hints would only split the
        summary's count)."""
        candidates = res.candidates
        if res.id is not None:
            candidates = [best or self._own_named(res), *candidates]
        elif not candidates:
            return Resolution(query=res.query, reason=reason)  # (not "no place of this name" as well)
        return Resolution(query=res.query, score=res.score, candidates=candidates,
                          reason=f"{reason}; {res.reason}" if res.reason and not alone else reason)

    @staticmethod
    def _candidate(s: _Scored, top: _Scored) -> Candidate:
        p = s.place
        rel = 1.0 if s is top else (min(1.0, s.weight / top.weight) if _level(s, top) else 0.1)
        return Candidate(id=p.id, name=p.name, country=p.country,
                         admin1=_admin1_label(p), lat=p.lat, lon=p.lon,
                         population=p.population, feature_class=p.feature_class,
                         score=round(s.base * (0.5 + 0.5 * rel), 4), method=s.method,
                         matched=_matched(s.name))


_PLACE_FOLD: dict[str, str] = {}


_INDEL_SIM = None


def _unpickled_normaliser(settings: dict) -> Normaliser:
    """A pickled ``Normaliser`` made again from its settings (``Normaliser.__reduce__``)."""
    return Normaliser(**settings)


def indel_similarity():
    """rapidfuzz's Indel.normalized_similarity, imported on first use (not at `import normalise`)."""
    global _INDEL_SIM
    if _INDEL_SIM is None:
        from rapidfuzz.distance import Indel
        _INDEL_SIM = Indel.normalized_similarity
    return _INDEL_SIM


def _loose_sim(q_forms: list[tuple[str, str]], name: PlaceName) -> float:
    """Similarity of a skeleton match: the mean of the sound-class and the plain-letter similarity
    of the closest pair of romanisations (sound classes alone are too forgiving: Zaporojie would
    meet Sapporo)."""
    sim = _INDEL_SIM or indel_similarity()
    lk, sk = anyascii_form(name.text)
    if len(q_forms) == 1:  # a Latin query: one form (this runs for every skeleton candidate)
        q, qs = q_forms[0]
        best = (sim(qs, sk) + sim(q, lk)) / 2
    else:
        best = max((sim(qs, sk) + sim(q, lk)) / 2 for q, qs in q_forms)
    return _refined(q_forms, name, best)


_REFINE_FROM = SKELETON_MIN_SIM - 0.15


def _refined(q_forms: list[tuple[str, str]], name: PlaceName, best: float) -> float:
    """``best`` (anyascii's reading) raised by the name's other romanisations. They move the
    similarity by a few letters only: computed (slow for Cyrillic) only near the threshold."""
    if not _REFINE_FROM <= best < 1.0 or name.text.isascii():
        return best
    sim = _INDEL_SIM or indel_similarity()
    for lk, sk in latin_forms(name.text, name.lang):
        for q, qs in q_forms:
            s = (sim(qs, sk) + sim(q, lk)) / 2
            if s > best:
                best = s
    return best


def _loose_sims(q_forms: list[tuple[str, str]], names: list[PlaceName]) -> list[float]:
    """``_loose_sim`` of many names at once (same values): rapidfuzz scores each query form against
    the whole list in one call instead of two Python-level calls a name."""
    if len(names) < 4:
        return [_loose_sim(q_forms, n) for n in names]
    from rapidfuzz.process import extract

    sim = _INDEL_SIM or indel_similarity()
    forms = [anyascii_form(n.text) for n in names]
    lks = [lk for lk, _ in forms]
    sks = [sk for _, sk in forms]
    count = len(names)
    best: list[float] | None = None
    for q, qs in q_forms:
        by_sound, by_letter = [0.0] * count, [0.0] * count
        for _, score, i in extract(qs, sks, scorer=sim, limit=None):
            by_sound[i] = score
        for _, score, i in extract(q, lks, scorer=sim, limit=None):
            by_letter[i] = score
        cur = [(a + b) / 2 for a, b in zip(by_sound, by_letter)]
        best = cur if best is None else [c if c > p else p for p, c in zip(best, cur)]
    assert best is not None
    return [_refined(q_forms, name, value) for name, value in zip(names, best)]


def _area_rivals(scored: list[_Scored]) -> tuple[int, dict, bool]:
    """What an admin area of the name is weighed against (the ``*_NAMESAKE_*`` rules): the population
    of the biggest populated place among ``scored`` (-1 if none), the biggest one's in each (country,
    admin1 code), and whether a country is among them."""
    biggest, inside, country = -1, {}, False
    for s in scored:
        p = s.place
        if p.feature_class == "P":
            people = p.population
            if people > biggest:
                biggest = people
            where = (p.country, p.admin1_code)
            if p.admin1_code and people > inside.get(where, -1):
                inside[where] = people
        elif p.feature_class == "A" and _is_country(p):
            country = True
    return biggest, inside, country


def _a_place_or_area(s: _Scored) -> bool:
    return s.place.feature_class in ("A", "L", "P")


def _written_hint_splits(core: str, most_words: int = 4) -> Iterable[tuple[str, list[str]]]:
    """Each way of reading ``core`` as a name followed by one or two hints (``_hint_groups``), with no
    comma: longest name first, then one hint before two. "Springfield IL USA": ("Springfield IL",
    ["USA"]), ("Springfield", ["IL USA"]), ("Springfield", ["IL", "USA"])."""
    words = core.split()
    for cut in range(len(words) - 1, max(0, len(words) - 1 - 3 * most_words), -1):
        head = " ".join(words[:cut])
        for tails in _hint_groups(words[cut:], most_words):
            yield head, tails


def _hint_groups(words: list[str], most_words: int = 4) -> Iterable[list[str]]:
    """``words`` as one hint of up to twice ``most_words`` words (a region's name: "Veracruz de
    Ignacio de la Llave"), then as two, the second of up to ``most_words`` ("Rio Grande do Sul
    Brazil", "Autonomous Region in Muslim Mindanao Philippines")."""
    if len(words) <= 2 * most_words:
        yield [" ".join(words)]
    for i in range(1, len(words)):
        if i <= 2 * most_words and len(words) - i <= most_words:
            yield [" ".join(words[:i]), " ".join(words[i:])]


def _country_and_city(a: _Scored, b: _Scored) -> tuple[_Scored, _Scored] | None:
    """(country, city) when ``a`` and ``b`` are a country and a place of it that are one answer to the
    query, not two readings of it; else None. The city is the country's capital or holds at least
    ``CITY_STATE_SHARE`` of its people (Singapore, Macau, Vatican City), and either:
    - it bears the country's name (Luxembourg, Djibouti, San Marino: one entity in two records);
    - the name matched is not the city's own, so it is the country's, which its capital or city-state
      also carries (GeoNames lists "Kuwait" for Kuwait City, Italian "Portorico" for San Juan);
    - or the capital is named by its own name while the country is named only by a translation
      (Brasília is "Brasilia" in Finnish, Tunis "Tunis" in Azerbaijani: the name is the capital's)."""
    country, city = (a, b) if _is_country(a.place) else (b, a)
    if not (_is_country(country.place) and city.place.feature_class == "P"
            and city.place.country == country.place.country and a.rank[:2] == b.rank[:2]):
        return None
    capital = city.place.feature_code == "PPLC"
    if capital and city.primary and not country.primary:
        return country, city
    if not (capital or city.place.population >= CITY_STATE_SHARE * country.place.population):
        return None
    if not city.primary or fold_key(city.place.name) == fold_key(country.place.name):
        return country, city
    return None


TWIN_SEARCH = 4
"""The country-and-city pair of an answer is looked for among the first this many candidates: a
namesake elsewhere may rank between them (San Marino, California, between San Marino's two records)."""


def _own_names_first(scored: list[_Scored], by_hints: bool) -> None:
    """In the region a query names, a town whose own name it is outweighs one that bears it only as a
    bare GeoNames alias (no language, no flag): "Greenwood, Missouri" is Greenwood, not Kansas City
    (an alias), "Franklin, TX" Franklin, not El Paso. Without a region the alias holds ("Breslau" is
    Wrocław, not Breslau, Ontario), and so does a tagged name (a former name, an exonym), an area's
    (its own name may be its region's: "Santiago Santiago") and one found by a part that names no
    region ("Halle (Saale)": Halle, Westphalia is no more in Saale), and a short form of the place's
    own name (``_short_form``: "Santa Cruz, Santa Cruz" is Santa Cruz de la Sierra, not Santa Cruz,
    Cape Verde). ``by_hints``: placed by the ranking's region hints (``_Scored.placed``), else all
    were kept in the region the hints written with no comma name."""
    top = max(s.tier for s in scored)
    towns = [s for s in scored if s.tier == top and s.sim == 1.0 and s.place.feature_class == "P"
             and (s.placed or not by_hints)]
    if any(s.primary for s in towns):
        for s in towns:
            if not (s.primary or s.own_respelling or s.tagged or _short_form(s)):
                s.weight *= UNTAGGED_ALIAS_FACTOR


def _short_form(s: _Scored) -> bool:
    """Whether the name matched is words of the place's own name: a short form ("Santa Cruz" of Santa
    Cruz de la Sierra), the name people use, where a bare alias with no word of it is often a
    neighbourhood's or a former seat's ("Greenwood" of Kansas City)."""
    return set(fold_key(s.name.text).split()) <= set(fold_key(s.place.name).split())


def _one_answer_first(scored: list[_Scored], feature: str | None) -> tuple[list[_Scored], _Scored | None]:
    """``scored`` with a country and its city that are one answer (``_country_and_city``) made one: the
    city first where the name is its own and not the country's, or is its own and the query has a
    settlement prefix ("city of Singapore"), else the country; the other record second, returned as the
    twin: listed first among the candidates, but no rival. The pair includes the first candidate."""
    top = scored[0]
    top_is_area = top.place.feature_class == "A"
    pair = None
    for other in scored[1:TWIN_SEARCH]:
        if top_is_area or other.place.feature_class == "A":
            pair = _country_and_city(top, other)
            if pair is not None:
                break
    if pair is None:
        return scored, None
    country, city = pair
    city_first = city.primary and (feature == "P" or not country.primary)
    first, twin = (city, country) if city_first else (country, city)
    return [first, twin, *(s for s in scored if s is not city and s is not country)], twin


_MARKS = frozenset(".'’`")
_ONE_LETTER = str.maketrans("şţŞŢ", "șțȘȚ")  # Romanian s and t with a cedilla are its comma letters


def _spelling(text: str) -> str:
    """A name as typed, for comparing spellings: composed (NFC), case-folded, Romanian ş/ţ as ș/ț."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFC", text).translate(_ONE_LETTER).casefold()


def _carries_marks(text: str) -> bool:
    """Whether ``text`` has what fold keys drop or change: a non-ASCII letter, a dot, an apostrophe."""
    return not text.isascii() or not _MARKS.isdisjoint(text)


def _letter_case(text: str) -> str:
    """'upper', 'lower' or 'mixed': how the query's letters are written (see ``ABBR_FACTOR``)."""
    if text.isupper():
        return "upper"
    return "lower" if text.islower() else "mixed"


def _admin1_label(place: Place) -> str | None:
    """The admin1 shown: its name, else its ISO or GeoNames code, but not GeoNames' "00", which says
    the place has none (Singapore's towns, Stanley in the Falklands showed "FK.00")."""
    code = place.admin1_code
    return place.admin1_name or place.admin1_iso or (code if code and not code.endswith(".00") else None)


def _hinted_codes(area: Place) -> tuple[str, ...]:
    """The region codes a hint naming ``area`` gives: those of its admin1 (GeoNames' and ISO's), or,
    for a unit below the admin1 level the default gazetteer has (an ISO unit, a US county), its own
    code alone (``unit_code``), which no place is coded with: a candidate is then read in the admin1
    holding the unit where just one fits (``_widened``). "Truro, Cornwall" is Truro in England;
    "Gillingham, Dorset" is not Gillingham, Kent."""
    code = unit_code(area)
    if code is not None:
        return (code,)
    return tuple(c for c in (area.admin1_code, area.admin1_iso) if c)


def _coded_in(place: Place, codes: Collection[str]) -> bool:
    """Whether ``place`` lies in a first-level region of ``codes`` (GeoNames' or ISO's form)."""
    return bool(codes) and (place.admin1_code in codes or place.admin1_iso in codes)


def _placing_hints(hints: list, scored: list[_Scored]) -> list:
    """The region hints (``_admin_hint``'s triples), each without the places named like it where a
    candidate lies in a region of that name by its code: a part after a name is the place's other
    name ("Kyiv (Kiev)") only where no candidate is in such a region. "Millville, Delaware" had been
    Delaware, Ohio (once called Millville), not Millville in the state of Delaware."""
    out = []
    for hint in hints:
        codes, stem, named = hint
        if named and any(_coded_in(s.place, codes) for s in scored):
            hint = (codes, stem, set())
        out.append(hint)
    return out


def _as_candidate(res: Resolution, name: str | None) -> Candidate:
    """An answer as a candidate of another, named ``name``."""
    return Candidate(id=res.id, name=name, country=res.country, admin1=res.admin1, lat=res.lat,
                     lon=res.lon, population=res.population or 0, feature_class=res.feature_class,
                     score=res.score, method=res.method, matched=res.matched)


def _elsewhere(res: Resolution) -> bool:
    """Whether ``res`` answers outside the hints it was given, or where they may not be (in the region
    holding a unit named: ``HELD_NOTE``); its reason says so."""
    reason = res.reason or ""
    return ELSEWHERE in reason or HELD_MARK in reason


def _read_as(alt: Resolution, query: str, note: str | None = None) -> Resolution:
    """``alt``, an answer for another reading of ``query``, as the answer for ``query`` (saying
    ``note``, where the reading is worth saying)."""
    alt.query = query
    if note:
        _add_note(alt, note)
    return alt


def _add_note(res: Resolution, note: str) -> None:
    """Say ``note`` after what ``res``'s reason already says."""
    res.reason = f"{res.reason}; {note}" if res.reason else note


@lru_cache(maxsize=1024)
def _writes(country: str | None, script: str) -> bool:
    """Whether a national language of ``country`` (CLDR) is written in ``script`` by default."""
    return any(tag_script(lang) == script for lang in national_languages(country))


def _is_own_name(place: Place, name: PlaceName) -> bool:
    if name.text == place.name or name.flags & _OFFICIAL:
        return True
    folded = _PLACE_FOLD.get(place.id)
    if folded is None:
        if len(_PLACE_FOLD) > 200_000:
            _PLACE_FOLD.clear()
        folded = _PLACE_FOLD[place.id] = fold_key(place.name)
    return fold_key(name.text) == folded


def _own_respelling(place: Place, name: PlaceName) -> bool:
    """Whether ``name`` is a big place's canonical name spelt another way in its script: the same
    letters but for vowels that romanisations and languages write differently (e/i/y/j, o/u) and
    doubled letters ("Odessa" for Odesa, "Hanover" for Hannover, "Oktyabr'skiy" for Oktyabrsky), or
    with its abbreviated words written out ("St Petersburg" for Saint Petersburg).
    Such a name weighs as its own does (``_rank``): "Odessa" is the Ukrainian city, not ambiguous
    with Odessa, Texas, a tenth its size, matched by its own name. Only for places of
    ``OWN_RESPELLING_MIN_PEOPLE``: a village's variant is a cataloguer's, and the village whose own
    name it is keeps its edge ("Ooy" is Ooy, not Ooij). Not a name in another script (a
    transliteration, which each namesake has: Russian "Сальвадор" is El Salvador and Salvador,
    Bahia), a former name, a machine romanisation (untagged lower case, see
    ``MACHINE_ROMANISATION_FACTOR``) or an area's name in a language neither English nor official
    in its country (a country's names in hundreds of languages respell many words: Aghem "Malè" is
    Mali, but "Male" is the Maldives' capital)."""
    if (place.population < OWN_RESPELLING_MIN_PEOPLE or name.flags & _HISTORIC
            or (name.lang is None and name.text.islower()) or _is_latin(name.text) != _is_latin(place.name)
            or _ROMAN_NUMERAL.search(name.text)):  # "Circoiscrizione VII" is not VIII respelt
        return False
    if place.feature_class == "A" and _tagged_outside((name.lang,), {"en", *national_languages(place.country)}):
        return False  # an exonym: Kurdish "Uman" is no respelling of Oman, Romanian "Columbia" of Colombia
    own = respelling_key(place.name)
    return respelling_key(name.text) == own or any(
        respelling_key(text) == own for text in expanded_abbreviations(name.text))


_FOLD_METHODS = frozenset(("exact", "variant"))
_ROMAN_NUMERAL = re.compile(r"\b[IVX]{2,}\b")


def _name_pref(s: _Scored) -> tuple:
    """Which of a place's matching names stands for it (``_collect_hits``; the same tuple is built
    inline there for a name not yet made a candidate)."""
    n = s.name
    flags = int(n.flags)
    return (not flags & _HISTORIC, s.sim, bool(flags & _OFFICIAL))


_LABELS: dict[int, list[str]] = {}


def _labels(flags: int) -> list[str]:
    out = _LABELS.get(int(flags))
    if out is None:
        out = _LABELS[int(flags)] = NameFlag(flags).labels()
    return list(out)


def _matched(n: PlaceName) -> MatchedName:
    # by position (text, lang, flags, valid_from, valid_to): one for the answer and each runner-up
    return MatchedName(n.text, n.lang, _labels(n.flags), n.valid_from, n.valid_to)
