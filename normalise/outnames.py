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
                rows = self.store.execute(
                    "SELECT DISTINCT p.id FROM names n JOIN places p ON p.pk = n.place "
                    "WHERE n.lang = ? OR n.lang LIKE ? OR n.lang LIKE ?", (lang, lang + "-%", lang + "_%"))
                self._named_in[lang] = {r[0] for r in rows}
            except sqlite3.Error:
                self._named_in[lang] = None
        return self._named_in[lang]

    def prefetch(self, places: list[Place], lang: str | None) -> None:
        """Fetch the ``lang`` names of many places in one statement per 500 (a column's winners)."""
        if not lang:
            return
        todo = list({p.id: p for p in places if (p.id, lang) not in self._cache}.values())
        try:
            for i in range(0, len(todo), 500):
                chunk = todo[i:i + 500]
                found: dict[str, list[PlaceName]] = {}
                rows = self.store.execute(
                    "SELECT p.id, n.text, n.lang, n.script, n.flags, n.valid_from, n.valid_to, n.source "
                    "FROM places p JOIN names n ON n.place = p.pk "
                    f"WHERE p.id IN ({','.join('?' * len(chunk))}) AND (n.lang = ? OR n.lang LIKE ?)",
                    (*[p.id for p in chunk], lang, lang + "-%"))
                for r in rows:
                    found.setdefault(r[0], []).append(
                        PlaceName(r[1], r[2], r[3], NameFlag(r[4] or 0), r[5], r[6], r[7] or ""))
                for p in chunk:
                    self._cache[(p.id, lang)] = pick_name(p, found.get(p.id, []), lang)
        except sqlite3.Error:
            return  # name() falls back to one query per place

    def name(self, place: Place, lang: str | None) -> str:
        key = (place.id, lang)
        out = self._cache.get(key)
        if out is None:
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
