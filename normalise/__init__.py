"""The logic side of toponorm: keys, transliteration, matching, quotes and entities.

``Normaliser`` and ``Resolution`` are imported lazily, so ``import normalise.errors`` (the CLI does
it at start-up) stays cheap.
"""
from __future__ import annotations

__all__ = ["Normaliser", "Resolution", "Candidate", "MatchedName", "clear_caches"]


def clear_caches() -> None:
    """Empty the process-wide memo caches of the matcher (keys, parsed queries, romanisations,
    output-name checks; a few hundred MB at most after a long job): to give their memory back, or to
    measure a cold start in a warm process (bench/bench_matcher.py)."""
    from normalise import keys, languages, matcher, outnames, qualifiers, translit

    for cached in (keys.fold_key, keys.latin_forms, keys.anyascii_form, keys.query_keys,
                   qualifiers.parse_query, outnames._romanises_to, outnames._tagged_names_only,
                   outnames._wanted, translit._schemes, languages.language_tag, languages.tag_script,
                   languages.widely_used_languages, languages.major_languages,
                   languages._world_populations):
        cached.cache_clear()
    matcher._PLACE_FOLD.clear()
    matcher._region_stem.cache_clear()


def __getattr__(name: str):
    if name == "Normaliser":
        from normalise.matcher import Normaliser
        return Normaliser
    if name in ("Resolution", "Candidate", "MatchedName"):
        from normalise import resolution
        return getattr(resolution, name)
    raise AttributeError(f"module 'normalise' has no attribute {name!r}")
