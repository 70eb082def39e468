"""The logic side of toponorm: keys, transliteration, matching, quotes and entities.

``Normaliser`` and ``Resolution`` are imported lazily, so ``import normalise.errors`` (the CLI does
it at start-up) stays cheap.
"""
from __future__ import annotations

__all__ = ["Normaliser", "Resolution", "Candidate", "MatchedName"]


def __getattr__(name: str):
    if name == "Normaliser":
        from normalise.matcher import Normaliser
        return Normaliser
    if name in ("Resolution", "Candidate", "MatchedName"):
        from normalise import resolution
        return getattr(resolution, name)
    raise AttributeError(f"module 'normalise' has no attribute {name!r}")
