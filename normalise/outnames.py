"""The name a resolved place is shown under, in the language the user asked for.

Fallback (documented in docs/normaliser.md): a current preferred/official name tagged with the
output language -> any current name tagged with it -> the place's canonical name. Historic names
are never chosen: a result names the place as it is called now.
"""
from __future__ import annotations

import sqlite3

from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.store import GazetteerStore


def pick_name(place: Place, names: list[PlaceName], lang: str | None) -> str:
    """Choose ``place``'s display name in ``lang`` from its names (see the module docstring)."""
    if not lang:
        return place.name
    lang = lang.lower()
    best: PlaceName | None = None
    best_rank = -1
    for n in names:
        if n.lang is None or n.flags & NameFlag.HISTORIC:
            continue
        nl = n.lang.lower()
        if nl != lang and nl.split("-")[0].split("_")[0] != lang:
            continue
        rank = 2 if n.flags & (NameFlag.PREFERRED | NameFlag.OFFICIAL) else 1
        if n.flags & (NameFlag.SHORT | NameFlag.COLLOQUIAL | NameFlag.ABBR):
            rank -= 1
        if rank > best_rank:
            best, best_rank = n, rank
    return best.text if best is not None else place.name


def _names_fallback(store: GazetteerStore, place_id: str) -> list[PlaceName]:
    """store.names() with qualified columns (the schema-1 store's own query trips on `source`)."""
    rows = store.execute(
        "SELECT n.text, n.lang, n.script, n.flags, n.valid_from, n.valid_to, n.source FROM names n "
        "JOIN places p ON n.place = p.pk WHERE p.id = ? ORDER BY n.pk", (place_id,))
    return [PlaceName(r[0], r[1], r[2], NameFlag(r[3] or 0), r[4], r[5], r[6] or "") for r in rows]


class OutputNames:
    """Caches display names per (place, language), so a column of repeats costs one query each."""

    def __init__(self, store: GazetteerStore) -> None:
        self.store = store
        self._cache: dict[tuple[str, str | None], str] = {}

    def _names(self, place_id: str) -> list[PlaceName]:
        try:
            return self.store.names(place_id)
        except sqlite3.OperationalError:
            return _names_fallback(self.store, place_id)

    def name(self, place: Place, lang: str | None) -> str:
        key = (place.id, lang)
        out = self._cache.get(key)
        if out is None:
            names = self._names(place.id) if lang else []
            out = self._cache[key] = pick_name(place, names, lang)
        return out
