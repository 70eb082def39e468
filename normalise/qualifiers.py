"""Decorations around a place name, stripped off and kept as hints.

"м. Покровськ", "смт Ямпіль", "city of Springfield", "Stadt Köln" -> a populated-place hint;
"Pokrovsk (Ukraine)", "Pokrovsk, UA", "POKROVSK, Donetsk Oblast" -> a country or admin1 hint;
"Donetsk Oblast" -> an admin-area hint. The matcher decides what a trailing part names (country or
region) by looking it up in the gazetteer, so any language's country names work.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from normalise.keys import fold_key
from normalise.values import is_missing_hint

# Settlement-type prefixes (uk, ru, be, bg, pl, en, de, fr, es, pt, it), matched on the case-folded
# text. The German ones include the titles official lists put before a town's name ("Hansestadt
# Lübeck", "Große Kreisstadt Freising", "Landeshauptstadt München"), which are no part of it; not
# "Lutherstadt" and the like, which are ("Lutherstadt Wittenberg" is found whole first anyway).
_PREFIXES = [
    "м", "г", "m", "misto", "місто", "город", "gorod", "horod", "с", "село", "selo", "сел",
    "смт", "smt", "пгт", "pgt", "пос", "посёлок", "поселок", "селище", "selyshche", "деревня",
    "станица", "хутор", "хутір", "гр", "град", "grad", "miasto", "wieś", "wies", "gmina",
    "city of", "the city of", "town of", "village of", "municipality of", "stadt", "gemeinde",
    "markt", "landeshauptstadt", "hansestadt", "freie und hansestadt", "freie hansestadt",
    "kreisstadt", "große kreisstadt", "grosse kreisstadt", "kreisfreie stadt", "universitätsstadt",
    "bundesstadt", "stadtgemeinde", "marktgemeinde", "ortsgemeinde", "ville de", "commune de",
    "ciudad de", "municipio de", "município de", "città di", "citta di", "comune di",
    "cidade de",
]
_PREFIX_RE = re.compile(r"^(?:%s)\.?\s+(?=\S)" % "|".join(
    re.escape(p) for p in sorted(_PREFIXES, key=len, reverse=True)))
_PREFIX_DOT_RE = re.compile(r"^(?:м|г|m|g|с|п|смт|пгт)\.\s*(?=\w)", re.IGNORECASE)

# Words that make a name an admin area ("Donetsk Oblast", "Донецька область", "State of California",
# "Provincia de Buenos Aires", "Freistaat Bayern").
ADMIN_WORDS = frozenset("""oblast oblasti obl область области області обл region regiao región regione
    province provincia prov state kraj krai край voivodeship wojewodztwo województwo governorate
    prefecture canton kanton land bundesland okrug округ республика respublika republic autonomous
    автономна автономная departamento department département estado freistaat commonwealth""".split())
_ADMIN_WORDS_FOLDED = frozenset(fold_key(w) for w in ADMIN_WORDS)
_OF_WORDS = frozenset("of de del des du di della da do".split())
"""What joins an admin word before the name to it: "State of California", "Province of Idlib",
"Provincia de Buenos Aires", "Departamento del Cauca", "Regione di Lombardia"."""


_DECORATION_CHARS = frozenset("()[],;/|")
_BRACKETED = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")  # its inside as group 1 or 2
_BRACKETED_PART = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_PART_SEPARATORS = re.compile(r"[,;/|]")
_SPACED_DASH = re.compile(r" [-–—] ")
# A postal code before or after the name, as addresses write it: "75001 Paris", "D-10115 Berlin",
# "Paris 75001", "00-950 Warszawa", "Praha 110 00": three to six digits, maybe a second group after a
# dash or a space, maybe a country letter before a dash. Two digits are not one ("Paris 13": an
# arrondissement belongs to the name).
_POSTAL = r"(?:[A-Z]{1,2}-)?(?:\d{3,6}(?:[- ]\d{2,4})?|\d{2}-\d{3})"
_LEADING_POSTAL = re.compile(rf"^{_POSTAL}\s+(?=\D)")
_TRAILING_POSTAL = re.compile(rf"(?<=\D)\s+{_POSTAL}$")
_POSTAL_ONLY = re.compile(rf"^{_POSTAL}$")
# British and Canadian postcodes, in capitals with their space, say their country as well: "London
# SW1A 1AA", "Cambridge, CB2 1TN", "SW1A 1AA London", "London, ON N6A 3K7", "Toronto M5V 2T6".
_GB_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}"
_CA_POSTCODE = r"[A-Z]\d[A-Z] \d[A-Z]\d"
_NATIONAL_POSTCODE = re.compile(rf"^(?:(?P<gb>{_GB_POSTCODE})|(?P<ca>{_CA_POSTCODE}))(?:\s+|$)"
                                rf"|(?:^|\s+)(?:(?P<gb_end>{_GB_POSTCODE})|(?P<ca_end>{_CA_POSTCODE}))$")


_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\U000E0020-\U000E007F]"
                    "(?:\u200D[\U0001F000-\U0001FAFF\u2600-\u27BF])*")
"""Emoji (pictographs, dingbats, flags, skin tones, their variation selector and the tags of
subdivision flags), with the zero-width joiners between them: no place name holds one (none of the
default gazetteer's 1.3 million names does), but posts and forms put them beside one ("Kyiv 🇺🇦",
"📍 Lviv"). Symbols that names do hold (Sindhi "۽", "№", "°") are not in these blocks."""
_FLAG = re.compile("([\U0001F1E6-\U0001F1FF])([\U0001F1E6-\U0001F1FF])")


def without_emoji(text: str) -> tuple[str, list[str]]:
    """``text`` without its emoji, and the ISO 3166 codes its flags spell (a flag is two regional
    indicator letters: 🇺🇦 is UA), in order: "Kyiv 🇺🇦" is ("Kyiv", ["UA"]). Why: a flag says the
    country as a hint would, and the rest went into the keys ("Kyiv 🇺🇦" had been a loose match,
    'kyiva', at 0.81)."""
    if text.isascii() or not _EMOJI.search(text):
        return text, []
    codes = [chr(ord(a) - 0x1F1E6 + 65) + chr(ord(b) - 0x1F1E6 + 65) for a, b in _FLAG.findall(text)]
    return " ".join(_EMOJI.sub(" ", text).split()), codes


def _may_have_national_postcode(s: str) -> bool:
    """Whether ``s`` may begin or end with a British or Canadian postcode (a cheap test of a few
    characters, for the bare names that skip the full parse)."""
    return (s[-1:].isupper() and s[-3:-2].isdigit() or s[-1:].isdigit() and s[-2:-1].isupper()
            or s[:1].isupper() and (s[1:2].isdigit() or s[2:3].isdigit()))


def without_national_postcode(part: str) -> tuple[str, str | None]:
    """``part`` without a British or Canadian postcode at either end, and the country it says (None
    where it has none)."""
    m = _NATIONAL_POSTCODE.search(part)
    if m is None:
        return part, None
    country = "GB" if m.group("gb") or m.group("gb_end") else "CA"
    return (part[:m.start()] + " " + part[m.end():]).strip(), country


# Could the text start with a settlement prefix? (A cheap superset of both prefix patterns: their
# first word, with or without a dot; the full patterns then decide.)
_MAY_HAVE_PREFIX = re.compile(r"(?i)(?:%s)[.\s]" % "|".join(
    re.escape(p.split()[0]) for p in sorted(set(_PREFIXES) | {"g", "п"}, key=len, reverse=True)))

_TYPES_AFTER = ("г", "гор", "с", "д", "дер", "п", "пос", "пгт", "рп", "смт", "х", "м")
"""A settlement's type after its name, as Russian registers (FIAS, KLADR) and lists write it:
"Москва г", "Сочи г.", "Путилково д", "Лесной пгт". A prefix there ("г. Москва") is ``_PREFIX_DOT_RE``'s."""
_TYPE_AFTER = re.compile(r"(?i)\s(?:%s)\.?$" % "|".join(_TYPES_AFTER))
_TYPE_ENDS = frozenset({"."} | {c for t in _TYPES_AFTER for c in (t[-1], t[-1].upper())})


def _type_after(s: str) -> re.Match | None:
    """``_TYPE_AFTER``'s match in ``s``, searched only where ``s`` ends as a type does (most cells)."""
    return _TYPE_AFTER.search(s) if s[-1:] in _TYPE_ENDS else None


@dataclass(slots=True)
class Parsed:
    """A query split into its core name and the hints its decorations carried."""

    core: str
    hints: list[str] = field(default_factory=list)  # trailing parts: a country or a region
    feature: str | None = None  # "P" (settlement prefix) or "A" (admin word)
    decorated: bool = False
    prefixed: str | None = None  # the core with the settlement prefix it was found with, if any


_ARTICLE = re.compile(r"^(?:(?:the|le|la|les|el|los|las|il|lo|gli|der|die|das|den|de|het)\s+"
                      r"|l['’ʼ]\s*)(?=\w)", re.IGNORECASE)
_SETTLEMENT_WORD = re.compile(r"\s+(?:city|town)$", re.IGNORECASE)


def without_settlement_word(name: str) -> str | None:
    """``name`` without a trailing English "city" or "town" ("Kyiv city", "Lviv City"), or None if it
    has none. Tried after the whole name, for places only, as a name may end so ("Mexico City",
    "Quezon City" are found whole; a typo of one keeps the word for the loose stage)."""
    m = _SETTLEMENT_WORD.search(name)
    return name[:m.start()] if m and m.start() > 0 else None


_JA_KINDS = {"shi": "P", "ku": "P", "machi": "P", "cho": "P", "chō": "P", "mura": "P", "son": "P",
             "to": "A", "fu": "A", "ken": "A", "gun": "A"}
_JA_KIND = re.compile(r"(?i)(?<=[a-zāēīōū])-(%s)$" % "|".join(_JA_KINDS))


def without_japanese_kind(name: str) -> tuple[str, str] | None:
    """``name`` without the kind a Japanese romanised name ends with after a hyphen, and the feature
    class it names: a city (-shi), ward (-ku), town (-machi, -chō), village (-mura, -son): "P"; the
    metropolis (-to), a prefecture (-fu, -ken) or a district (-gun): "A". None if it has none. Why:
    GeoNames holds some names so ("Osaka-shi"), most not: "Tokyo-to", "Setagaya-ku", "Kanagawa-ken"
    had not been found. Tried after the whole name, exactly: a typo of one held so ("Kshima-shi")
    keeps the ending for the loose stage."""
    m = _JA_KIND.search(name) if "-" in name else None
    return (name[:m.start()], _JA_KINDS[m.group(1).lower()]) if m else None


def without_postal_code(name: str) -> str | None:
    """``name`` without a postal code before or after it ("75001 Paris", "Paris 75001", "D-10115
    Berlin"), or None if it has none. Tried after the whole name: names begin or end with numbers too
    ("100 Mile House", "CT 0016")."""
    bare = _TRAILING_POSTAL.sub("", _LEADING_POSTAL.sub("", name))
    return bare if bare != name and sum(c.isalpha() for c in bare) >= 2 else None


def dash_halves(name: str) -> tuple[str, str] | None:
    """The parts of ``name`` before and after its first dash between spaces ("Paris - France", "Kharkiv
    – Kharkiv Oblast"), or None if it has none. Tried after the whole name: double names are written so
    too ("Brennero - Brenner", "Villandro - Villanders"), and each half may be another record at the
    same spot."""
    m = _SPACED_DASH.search(name)
    return (name[:m.start()], name[m.end():].strip()) if m and m.start() > 0 else None


_NAME_WITH_BRACKETS = re.compile(r"([^,;/|()\[\]]*\S\s*\([^()]+\))\s*(.*)", re.DOTALL)


def bracketed_name(text: str) -> tuple[str, str] | None:
    """A cell's name with the part in brackets it may own, and what follows it ("Frankfurt (Oder),
    Germany": "Frankfurt (Oder)" and ", Germany"; "Halle (Saale) Germany": "Halle (Saale)" and
    "Germany"), or None where no bracket follows its first words or nothing follows the bracket.
    Why: GeoNames names towns so ("Halle (Saale)", "Neustadt (Hessen)"); with a hint after it, the
    part in brackets was read as a hint and the name as "Frankfurt": Frankfurt am Main."""
    m = _NAME_WITH_BRACKETS.match(text)
    if not m or not m.group(2).strip(" ,;/|"):
        return None
    return m.group(1).strip(), m.group(2)


# German names tell namesakes apart by the river, region or town they lie on, in or near: "an der",
# "am", "im", "in der", "ob der", "bei", "vor dem", and registers shorten them ("a.d.", "a.", "i.d.",
# "i.", "o.d.", "b.", "v.d."), a dot or a space after each.
_LOCATOR = re.compile(
    r"(?i)^(?P<name>\S.*?\S)\s+(?:(?:an|in|ob|vor|unter|auf)\s+(?:der|dem|den)\s+|(?:am|im|an|auf|bei|vorm)\s+"
    r"|(?:[aiovu]\.\s*d\.|[aibv]\.)\s*)(?P<where>\w.*)$")


def name_before_locator(name: str) -> tuple[str, str] | None:
    """The name before a German locator and what it locates by ("Weiden i.d.OPf.": "Weiden" and
    "OPf."; "Laufen a.d. Salzach"; "Weiden in der Oberpfalz"), or None. Why: GeoNames holds many such
    towns by their first words only (Weiden, Laufen), and the name as written was not found at all.
    The cascade reads it last, after the loose stage: a typo in a name it does hold ("Neustadt am
    Rübenberg") is that name, not every Neustadt."""
    m = _LOCATOR.match(name.strip())
    return (m.group("name"), m.group("where")) if m else None


def city_and_part_splits(name: str) -> list[tuple[str, str, bool]]:
    """The ways to read ``name`` as a city and a part of it written after it, left to right, each
    with whether it was cut at a hyphen: at each hyphen between letters ("Köln-Ehrenfeld", "Warszawa-
    Mokotów") and at each space ("Berlin Spandau", "Praha 1", "New York Brooklyn", "Markham Yonge-
    Eglinton"). Why: addresses and registers name a district so, and the gazetteer holds many
    districts, or none of a city, but not the two joined."""
    name = " ".join(name.split())
    return [(name[:i], name[i + 1:], c == "-") for i, c in enumerate(name) if 0 < i < len(name) - 1
            and (c == " " or c == "-" and name[i - 1].isalpha() and name[i + 1].isalnum())]


_OTHER_NAME = re.compile(
    r"(?i)^(?:(?:formerly|former|previously|once|earlier|now|today|currently|also known as|known as|"
    r"also|aka|a\.k\.a|ehemals|ehem|früher|vormals|heute|jetzt|anciennement|ancien|ancienne|"
    r"aujourd'hui|actuellement|antes|antiguamente|hoy|actualmente|già|oggi|dawniej|dawn|obecnie|"
    r"ранее|бывший|бывшая|бывшее|бывш|прежде|ныне|теперь|раніше|колишній|колишня|колишнє|колиш|нині|"
    r"тепер|(?:until|till|before|bis|jusqu'en|hasta|до)\s+\d{4}(?:\s*г)?)(?:\.\s*|\s*:\s*|\s+)"
    r"|ex(?:\.\s*|\s*[-:]\s*|\s+))(?P<name>\w.*)$")


def other_name_in(part: str) -> str | None:
    """The name a decoration gives as the place's other one ("formerly Krasnoarmiisk", "now Bakhmut",
    "бывш. Красноармейск", "колишній Красноармійськ", "until 2016 Krasnoarmiisk"), or None. Why: such a
    part names the place itself, not its region; read as a region it was no evidence, and "Pokrovsk
    (formerly Krasnoarmiisk)" scored 0.80 beside Engels, once called Pokrovsk."""
    m = _OTHER_NAME.match(part.strip())
    return m.group("name").strip() if m else None


def without_article(name: str) -> str | None:
    """``name`` without a leading definite article ("the Philippines", "the UK", "the Crimea"; French
    "la France", "l'Italie", Spanish "el Perú", Italian "il Belgio", German "die Schweiz", Dutch "de
    Verenigde Staten", "het Verenigd Koninkrijk"), or None if it has none: those languages put it
    before the names of countries and regions, not towns, and text and data keep it (Portuguese puts
    it before some cities too, "o Porto", and its one-letter articles begin names: not read). Not a
    decoration stripped for good: names that begin with one ("The Hague", "Le Havre", "La Paz", "Los
    Angeles", "Den Haag") are found whole first, and a typo of one ("The Hauge") must keep it for the
    loose stage."""
    m = _ARTICLE.match(name)
    return name[m.end():] if m else None


_ABBREVIATIONS = {
    "st": ("Saint", "Sankt"), "ste": ("Sainte",), "sts": ("Saints",), "mt": ("Mount",), "ft": ("Fort",),
    "pt": ("Point", "Port"), "sta": ("Santa",), "sto": ("Santo",), "n": ("North",), "e": ("East",),
    "w": ("West",), "s": ("South", "San", "São"), "cd": ("Ciudad",), "gral": ("General",),
    "pto": ("Puerto",), "brgy": ("Barangay",),
}
"""Abbreviated words of place names ("Mt. Vernon", "Ft Wayne", "St-Jérôme", "W. Palm Beach", "Cd.
Juárez") and what they stand for; a one-letter one only with its dot ("S. Portland", not the "S" of
"S Hertogenbosch"). Contractions, which no beginning of a word finds (``abbreviated``)."""
_ABBREVIATED = re.compile(
    r"(?<![\w.'’])(st|ste|sts|mt|ft|pt|sta|sto|cd|gral|pto|brgy|(?:[nesw](?=\.)))\.?(?=[\s-]\s*\w)",
    re.IGNORECASE)
_COUNTY_SHORTENED = re.compile(r"(?<=\w)\s+Co\.$")
"""A US county's name shortened at its end ("Orange Co.", "Sangamon Co."), with its dot and in mixed
case: "CO" and "CO." are Colorado's code ("Denver, CO."), and "Orange CO" is Orange, Colorado."""
MAX_EXPANSIONS = 4


def county_written_out(name: str) -> str | None:
    """``name`` with "County" for its shortened "Co." at its end ("Orange Co." -> Orange County),
    else None."""
    county = _COUNTY_SHORTENED.search(name)
    return f"{name[:county.start()]} County" if county else None


def expanded_abbreviations(name: str) -> list[str]:
    """``name`` with its abbreviated words written out, every reading up to MAX_EXPANSIONS ("St. Albans"
    -> Saint Albans, Sankt Albans; "Orange Co." -> Orange County); [] if it has none. Tried after the
    whole name, exactly: most are found whole (GeoNames has "St. Louis", "Ft. Lauderdale" as names),
    and a typo keeps them."""
    county = county_written_out(name)
    if county:
        return [county, *expanded_abbreviations(county)][:MAX_EXPANSIONS]  # ("St. Louis County" first)
    found = list(_ABBREVIATED.finditer(name))
    if not found:
        return []
    out = [""]
    at = 0
    for m in found:
        words = _ABBREVIATIONS[m.group(1).lower()]
        # "St-Jérôme" -> "Saint-Jérôme": the hyphen stays; "Mt.Vernon" cannot occur (a word follows a space)
        out = [f"{o}{name[at:m.start()]}{w}" for o in out for w in words][:MAX_EXPANSIONS]
        at = m.end()
    return [o + name[at:] for o in out]


_GENITIVE_REGION = (
    (re.compile(r"^(.+?)ої\s+(?:області|обл\.?)$", re.IGNORECASE), r"\1а область"),  # Донецької області
    (re.compile(r"^(.+?)ой\s+(?:области|обл\.?)$", re.IGNORECASE), r"\1ая область"),  # Донецкой области
    (re.compile(r"^(.+?)ей\s+(?:области|обл\.?)$", re.IGNORECASE), r"\1яя область"),
)


def nominative_region(text: str) -> str | None:
    """A Ukrainian or Russian oblast named in the genitive, as addresses and news write it after a
    place ("Краматорськ Донецької області", "Покровск Донецкой области"), in the nominative the
    gazetteer has: "Донецька область", "Донецкая область"; None for any other text."""
    for pattern, nominative in _GENITIVE_REGION:
        text_nominative, found = pattern.subn(nominative, text)
        if found:
            return text_nominative
    return None


def strip_admin_words(key: str) -> str:
    """Fold key of a region name without its admin words: "donetsk oblast" -> "donetsk", and the "of"
    after a first one: "state of california" -> "california" (it had been "of california", and no
    region was found)."""
    words = key.split()
    if len(words) > 2 and words[1] in _OF_WORDS and words[0] in _ADMIN_WORDS_FOLDED:
        words = words[2:]
    return " ".join(w for w in words if w not in _ADMIN_WORDS_FOLDED)


@lru_cache(maxsize=65_536)
def parse_query(text: str) -> Parsed:
    """Split decorations off ``text``; the core keeps its original spelling (for transliteration).

    Cached (callers must not modify the result): a batch parses each value twice."""
    s = " ".join(text.split())
    hints: list[str] = []
    if (s and not _DECORATION_CHARS.intersection(s) and not _MAY_HAVE_PREFIX.match(s)
            and not _type_after(s) and not _may_have_national_postcode(s)):
        folded = fold_key(s)  # a bare name (most cells): no brackets, separators or prefix
        feature = None
        if any(w in _ADMIN_WORDS_FOLDED for w in folded.split()) and strip_admin_words(folded):
            feature = "A"
        return Parsed(core=s, feature=feature)
    # Parenthesised parts anywhere: "Pokrovsk (Ukraine)", "Pokrovsk (Donetsk Oblast), UA".
    core = s
    if "(" in s or "[" in s:
        for m in _BRACKETED.finditer(s):
            part = (m.group(1) or m.group(2) or "").strip()
            if part:
                hints.append(part)
        core = _BRACKETED_PART.sub(" ", s)
    parts = [p.strip() for p in _PART_SEPARATORS.split(core)]
    postcode_countries = []
    for i, part in enumerate(parts):
        parts[i], country = without_national_postcode(part)
        if country and country not in postcode_countries:
            postcode_countries.append(country)
    parts = [p for p in parts if p and not _POSTAL_ONLY.match(p)]  # "Berlin, 10115": no hint
    if not parts:
        return Parsed(core="", hints=hints + postcode_countries, decorated=True)
    core = parts[0]
    hints.extend(parts[1:])
    hints.extend(postcode_countries)
    feature = None
    stripped = _PREFIX_DOT_RE.sub("", core, count=1)
    if stripped == core:
        folded = core.casefold()
        m = _PREFIX_RE.match(folded)
        if m and len(folded) > m.end():  # by words: case folding may change the length ("Große")
            stripped = core.split(" ", len(m.group(0).split()))[-1]
    if stripped == core:
        m = _type_after(core)
        if m and m.start() > 0:  # "Москва г"
            stripped = core[:m.start()]
    prefixed = None
    if stripped != core:
        feature = "P"
        prefixed, core = core, stripped.strip()
    folded_core = fold_key(core)
    if any(w in _ADMIN_WORDS_FOLDED for w in folded_core.split()) and strip_admin_words(folded_core):
        feature = "A"
    decorated = core != " ".join(text.split())
    return Parsed(core=core, hints=hints, feature=feature, decorated=decorated, prefixed=prefixed)


_STREET_FIRST = frozenset(fold_key(w) for w in """rue avenue av boulevard bd allée chemin quai place calle
    avenida carrera calzada paseo via viale piazza corso vicolo largo rua travessa praça ul ulica aleja plac
    вул вулиця ул улица просп проспект пл площа площадь пер провулок переулок бульвар бул шосе шоссе""".split())
_STREET_LAST = frozenset(fold_key(w) for w in """street st str avenue ave road rd boulevard blvd lane ln drive
    dr way court ct place pl square sq terrace crescent highway hwy parkway pkwy straße gasse weg allee platz
    damm ufer straat laan plein gracht vej gade gatan vägen katu""".split())
"""Words that name a street, where they stand: before the street's name in French, Spanish,
Italian, Portuguese, Polish, Ukrainian and Russian ("Rue de Rivoli", "Calle Mayor", "ul. Długa",
"вул. Хрещатик"), after it in English, German, Dutch and the Nordic languages ("Fifth Avenue", "Baker
St"); abbreviated as addresses write them. Where they stand matters: "St. Louis" is Saint Louis."""
_STREET_ENDINGS = ("strasse", "gasse", "weg", "allee", "platz", "damm", "ufer", "straat", "laan", "plein",
                   "gracht", "vej", "gade", "gatan", "vagen", "katu")
"""... and the endings of the German, Dutch and Nordic ones written as one word ("Hauptstraße")."""
_COMPASS = frozenset("n s e w ne nw se sw".split())
_HOUSE_NUMBER = re.compile(r"(?i)^(?:(?:no|nr|д|дом|буд|будинок)\.?\s*|#\s*)?"  # "No. 5", "д. 1", "#5"
                           r"\d{1,5}[a-zа-яі]?(?:[-/]\d{1,5}[a-zа-яі]?)?$")  # "22", "221B", "12/3"


def names_a_street(part: str, *, after_place: bool = False) -> bool:
    """Whether a part of a cell names a street or a house on one: a house number ("22", "д. 1", "No.
    5"), or words with a street word where the language puts it ("вул. Хрещатик", "Fifth Avenue",
    "Baker St", "Rue de Rivoli") or ending as one ("Hauptstraße"), a house number before or after them
    ("Hauptstraße 5", "221B Baker Street"). ``after_place``: as the part after a place's name, where
    an English street word without a house number is more likely a place's name after its region
    ("Pennsylvania, Kennett Square"; GeoNames has many such neighbourhoods: "East Oak Lane")."""
    if _HOUSE_NUMBER.match(part):
        return True
    words = part.split()
    numbered = _numbered(words)
    words = [w for w in words if not _HOUSE_NUMBER.match(w)]
    if len(words) > 2 and words[-1].casefold() in _COMPASS:  # "Pennsylvania Ave NW"
        words.pop()
    if not words or len(words) < 2 and not numbered:
        return False
    first, last = fold_key(words[0]), fold_key(words[-1])
    if after_place and not numbered:
        return len(words) > 1 and first in _STREET_FIRST
    return (len(words) > 1 and (first in _STREET_FIRST or last in _STREET_LAST)
            or len(last) > 6 and last.endswith(_STREET_ENDINGS))


def is_street_address(part: str) -> bool:
    """``names_a_street``, or words with a house number first or last ("Unter den Linden 77", "10
    Downing Street"), as a place's name may be too ("Paris 13", "100 Mile House"): for a part before
    the place, only where the cell read as written names none."""
    return names_a_street(part) or _numbered(part.split())


def _numbered(words: list[str]) -> bool:
    """Whether words have a house number first or last ("Unter den Linden 77", "Apt 5")."""
    return len(words) > 1 and bool(_HOUSE_NUMBER.match(words[0]) or _HOUSE_NUMBER.match(words[-1]))


def address_place(text: str) -> tuple[str, bool] | None:
    """``text`` read as an address: without the parts before the place that are a street address
    ("10 Downing Street, London SW1A 2AA", "Apt 5, 10 Main St, Springfield, IL"), the parts after it
    that name a street or a house ("м. Київ, вул. Хрещатик, 22"; a number alone only after a street:
    "Marseille, 13" is a department), and postal codes after a hint ("Springfield, IL 62701"); and
    whether a part before the place went. None if there is nothing to take off (no comma: nothing is
    an address). For the matcher to read a cell so where the cell as written names nothing, or only a
    place outside its hints: a place's or a region's name may look like any of these parts ("Kennett
    Square", "Paris 13", "CT 0023", a census tract)."""
    if "," not in text:
        return None
    parts = [p.strip() for p in text.split(",")]
    parts = [p for p in parts if p]
    if not parts:  # (commas alone: "," had been an IndexError, and a table with such a cell failed)
        return None
    first = 0
    while first < len(parts) - 1 and is_street_address(parts[first]):
        first += 1
    kept = [parts[first]]
    street = False
    for part in parts[first + 1:]:
        if names_a_street(part, after_place=True) and (street or not part.isdigit()):
            street = True
            continue
        kept.append(without_postal_code(part) or part)
    read = ", ".join(kept)
    return (read, first > 0) if read != ", ".join(parts) else None


def with_regions(values: Sequence[Any], regions: Sequence[Any]) -> list[Any]:
    """Each value with its region after a comma, as a region written after a name is read ("Springfield"
    in "IL": "Springfield, IL"): ``table --region-column`` and ``place --region``. A value or region that
    is blank or no text stays as it is, and so does one whose region writes a missing value ("nan",
    "None": ``values.is_missing_hint``; it had been "no match in nan")."""
    return [v + ", " + r.strip() if type(v) is str and v.strip() and type(r) is str and r.strip()
            and not is_missing_hint(r) else v for v, r in zip(values, regions)]
