"""Cue lexicons for quote attribution (speech verbs, 'according to' phrases, descriptions, pronouns).

Why data, not code: the word lists grow per language and per newsroom, and adding a verb must
not mean editing rules. The lists live in normalise/data/cues.json; this module loads and indexes
them once per language.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from normalise.errors import InputError
from normalise.languages import base_language

FALLBACK_LANG = "en"


@dataclass(frozen=True, slots=True)
class PronounInfo:
    """What a third-person pronoun may refer to: entity type (None = any), gender, number."""
    type: str | None
    gender: str | None
    number: str | None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's cue lexicon, as sets for O(1) lookups."""
    lang: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    according_to: tuple[tuple[str, ...], ...]   # word sequences; '*' matches any one word
    person_words: frozenset[str]
    org_words: frozenset[str]
    titles: frozenset[str]
    pronouns: dict[str, PronounInfo]
    relative: frozenset[str]
    gender_titles: dict[str, str]
    time_words: frozenset[str] = frozenset()   # heads of time phrases ("last week"): never a speaker


@lru_cache(maxsize=1)
def _raw() -> dict:
    with resources.files("normalise").joinpath("data/cues.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def languages() -> list[str]:
    """The languages that have a cue lexicon."""
    return sorted(k for k in _raw() if not k.startswith("_"))


@lru_cache(maxsize=None)
def lexicon(lang: str | None) -> Lexicon:
    """The lexicon for `lang` ('en', 'uk', 'ru', 'de', 'fr', or a tag such as 'en-GB').

    An unknown language raises InputError naming the ones available, rather than silently
    attributing with English cue verbs.
    """
    code = base_language(lang or FALLBACK_LANG)
    raw = _raw().get(code)
    if raw is None or code.startswith("_"):
        raise InputError(f"no quote-cue lexicon for language {lang!r}; available: {', '.join(languages())}")
    lower = lambda items: frozenset(w.lower() for w in items)  # noqa: E731
    return Lexicon(
        lang=code,
        verbs=lower(raw["verbs"]),
        nouns=lower(raw.get("nouns", [])),
        according_to=tuple(tuple(w.lower() for w in seq) for seq in raw.get("according_to", [])),
        person_words=lower(raw.get("person_words", [])),
        org_words=lower(raw.get("org_words", [])),
        titles=lower(raw.get("titles", [])),
        pronouns={k.lower(): PronounInfo(*v) for k, v in raw.get("pronouns", {}).items()},
        relative=lower(raw.get("relative", [])),
        gender_titles={k.lower(): v for k, v in raw.get("gender_titles", {}).items()},
        time_words=lower(raw.get("time_words", [])),
    )
