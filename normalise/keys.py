"""Normalisation keys: the strings under which gazetteer names are indexed and queries looked up.

The gazetteer store does not import this module; the normaliser hands ``index_keys`` to the
gazetteer writer, and ``KEY_VERSION`` is stored with the file so a stale index is detected.
"""
from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

KEY_VERSION = "1"

_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼʹ`´′ʻ"), None)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―_./,]+")


def fold_key(text: str) -> str:
    """Script-preserving key: NFKC, case-folded, no diacritics or apostrophes, one space."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def latin_key(text: str) -> str:
    """Scheme-independent Latin key: any script to ASCII, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", "", anyascii(fold_key(text)).lower())


def index_keys(text: str, lang: str | None = None) -> set[tuple[str, str]]:
    """The (kind, key) pairs a gazetteer name is indexed under."""
    keys = {("f", fold_key(text))}
    latin = latin_key(text)
    if latin:
        keys.add(("l", latin))
    return keys
