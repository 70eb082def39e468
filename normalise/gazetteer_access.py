"""Opening the gazetteer the normaliser reads: a given file, or the default built on first use.

The default is indexed with *this* module's keys (normalise.keys), so its path carries KEY_VERSION
and a toponorm with new keys builds a fresh file instead of misreading an old index.
"""
from __future__ import annotations

import sys
from collections.abc import Collection
from pathlib import Path

from typing import Any, NamedTuple

from gazetteer.errors import GazetteerError
from gazetteer.model import NameFlag
from gazetteer.store import GazetteerStore, file_in_the_way
from normalise.keys import KEY_VERSION, fold_key, index_keys


def open_gazetteer(path: str | Path | None = None, *, progress: bool | None = None) -> GazetteerStore:
    """Open ``path`` (checked against KEY_VERSION), or the default gazetteer, building it if missing.

    ``progress`` None means: show a build bar only when stderr is a terminal.
    """
    if path is not None:
        return GazetteerStore(path, key_version=KEY_VERSION)
    import os

    from gazetteer.paths import ENV_FILE, default_gazetteer_path

    default = default_gazetteer_path(KEY_VERSION)
    if os.environ.get(ENV_FILE) and not default.is_file():  # as --gazetteer: a file that is there
        # (a misspelt name had quietly built a 200 MB default there, and answered from it)
        raise GazetteerError(f"{ENV_FILE}={os.environ[ENV_FILE]}: no gazetteer file here (`toponorm "
                             f"gazetteer build` builds the default there; unset {ENV_FILE} for the usual one)")
    if not default.is_file():
        above = file_in_the_way(default)  # the cache folder, or what holds it, as a file
        if above is not None:
            raise GazetteerError(f"{default.parent}: {above} is a file, not a directory for the default "
                                 "gazetteer")
        try:
            from gazetteer.default import build_default
        except ImportError:
            raise GazetteerError(
                f"{default}: no default gazetteer and this toponorm cannot build one; "
                "pass --gazetteer FILE") from None
        if progress is None:
            progress = sys.stderr.isatty()
        if progress:
            print(f"toponorm: building the default gazetteer at {default} (once)...", file=sys.stderr)
        build_default(default, index_keys, KEY_VERSION, progress=progress)
        if progress:
            older = sorted(p.name for p in default.parent.glob("gazetteer-s*.sqlite") if p != default)
            if older:
                print(f"toponorm: defaults built by other toponorm versions can be deleted from "
                      f"{default.parent}: {', '.join(older)}", file=sys.stderr)
    return GazetteerStore(default, key_version=KEY_VERSION)


class LightPlace(NamedTuple):
    """A place as the matcher reads it (same fields as gazetteer.model.Place). A tuple because a
    frozen dataclass per fetched place was a fifth of an exact-name batch's time."""

    id: str
    name: str
    feature_class: str | None
    feature_code: str | None
    country: str | None
    admin1_code: str | None
    admin1_name: str | None
    admin1_iso: str | None
    lat: float | None
    lon: float | None
    population: int


class LightName(NamedTuple):
    """A gazetteer name as the matcher reads it (same fields as gazetteer.model.PlaceName; flags an
    int). A tuple because building a frozen dataclass per fetched row was a third of a batch's time."""

    text: str
    lang: str | None
    flags: int
    valid_from: str | None
    valid_to: str | None


class LightHit(NamedTuple):
    """A name found under a key with its place (same fields as gazetteer.store.NameHit)."""

    place: LightPlace
    name: LightName
    kind: str


_NAME_COLUMNS = "n.text, n.lang, ifnull(n.flags, 0), n.valid_from, n.valid_to"
"""A LightName's fields, in order, as SQL."""
_HIT_COLUMNS = (f"n.place, {_NAME_COLUMNS}, p.id, p.name, p.feature_class, p.feature_code, "
                "p.country, p.admin1_code, p.admin1_name, p.admin1_iso, p.lat, p.lon, "
                "ifnull(p.population, 0)")
"""What a lookup reads of a name and its place (the order ``BatchedLookup._hits_of`` expects)."""
_new = tuple.__new__  # builds a named tuple from a row slice in C (its __new__ is Python code)
_NOT_ABBR = (f"ifnull(n.flags, 0) & {int(NameFlag.ABBR)} = 0 "
             f"AND NOT (ifnull(n.flags, 0) & {int(NameFlag.SHORT)} AND n.text LIKE '%.')")
"""The loose (skeleton) lookups pass over abbreviations (``is_abbreviation``): a code ("AB", "NSW") or
a short form with its dot ("Md.", "Calif.") is written, not misspelt or romanised, and matched by its
fold key alone. Among a short skeleton's best-populated names a province's code had displaced towns:
"AB", Alberta's, put the city of Ibb out of the skeleton "ab"'s 60, and "Ibbb" (Ibb, Yemen) became the
governorate; Maryland's "Md." put Mati, Philippines, out of the runners-up of "Madieo"."""


def is_abbreviation(name: Any) -> bool:
    """Whether a name is an abbreviation, which no loose match reaches (``_NOT_ABBR``, in Python)."""
    flags = int(name.flags)
    return bool(flags & NameFlag.ABBR or flags & NameFlag.SHORT and name.text.endswith("."))


def _population(hit: "LightHit") -> int:
    return hit.place.population


def _first(row: tuple) -> object:
    return row[0]


class BatchedLookup:
    """Name hits by (kind, key), fetched for many keys in one SQL statement.

    Why: a column of 50k distinct names costs 50k round trips through ``store.lookup``; batching
    500 keys per statement makes the exact stage of ``resolve_many`` several times faster. Results
    equal ``store.lookup`` (best-populated places first). If the store's schema is not the one this
    query expects, batching switches itself off and every call goes through ``store.lookup``.
    """

    CHUNK = 500
    BIG_KEYS = 2500
    """Keys whose lookup hit its LIMIT (short skeletons name thousands of places: ~1 ms each, as
    SQLite joins and sorts every row) keep their hits for the whole job, up to this many keys
    (~60 hits each, ~15 MB). The default gazetteer has ~2,700 such skeletons and the frequent ones
    come back again and again in a long column; past the cap the cache starts afresh."""

    def __init__(self, store: GazetteerStore) -> None:
        self.store = store
        self._pre: dict[tuple[str, str], list] = {}
        self._places: dict[int, object] = {}
        self._big: dict[tuple, list] = {}  # (kind, key, limit[, "names"]) -> hits or names, kept
        self._pre_names: dict[tuple[str, str], tuple[list, bool]] = {}
        self._regions: dict[tuple[str, ...], tuple[list[str], list]] = {}  # see names_in_regions
        self.enabled = True

    def prefetch(self, kind: str, keys, limit: int, *, small_only: bool = False,
                 names_only: bool = False) -> None:
        """Fetch the hits of every key of ``kind`` now; later ``lookup`` calls take them from memory.

        ``small_only``: count each key's rows first (an index-only scan) and fetch only the keys
        with at most ``limit`` rows. Why: a short skeleton names thousands of places, and fetching
        them all to keep the best-populated ``limit`` costs more than its one LIMITed lookup.
        ``names_only``: keep (place row number, name) pairs for ``lookup_names``, not hits."""
        if not self.enabled:
            return
        import sqlite3

        held = self._pre_names if names_only else self._pre
        # in key order: each statement then reads one stretch of the key index, not 500 scattered
        # leaves (a fifth off the exact stage's SQL); a key's rows come in index order either way
        todo = sorted({k for k in keys if k and (kind, k) not in held})
        try:
            for i in range(0, len(todo), self.CHUNK):
                chunk = todo[i:i + self.CHUNK]
                if small_only:
                    counts = dict(self.store.execute(
                        "SELECT key, count(*) FROM keys WHERE kind = ? AND key IN "
                        f"({','.join('?' * len(chunk))}) GROUP BY key", (kind, *chunk)))
                    for k in chunk:  # keys without rows: known to have no hits (or names)
                        if k not in counts:
                            if names_only:
                                self._pre_names[(kind, k)] = ([], True)
                            else:
                                self._pre[(kind, k)] = ([], True)
                    chunk = [k for k, n in counts.items() if n <= limit]
                    if not chunk:
                        continue
                if names_only:
                    self._prefetch_names(kind, chunk, limit)
                    continue
                rows = self.store.execute(
                    f"SELECT k.key, {_HIT_COLUMNS} FROM keys k JOIN names n ON n.pk = k.name "
                    "JOIN places p ON p.pk = n.place "
                    f"WHERE k.kind = ? AND k.key IN ({','.join('?' * len(chunk))})",
                    (kind, *chunk)).fetchall()
                grouped: dict[str, list] = {k: [] for k in chunk}
                for r, hit in zip(rows, self._hits_of(rows, kind, 1)):
                    grouped[r[0]].append(hit)
                for k, hits in grouped.items():
                    if len(hits) > 1:
                        hits.sort(key=_population, reverse=True)  # stable: ties keep row order
                    self._pre[(kind, k)] = ((hits, True) if len(hits) <= limit else (hits[:limit], False))
        except (sqlite3.Error, KeyError, TypeError):
            self.enabled = False
            self._pre.clear()

    def _prefetch_names(self, kind: str, chunk: list[str], limit: int) -> None:
        rows = self.store.execute(
            f"SELECT k.key, n.place, p.population, {_NAME_COLUMNS} FROM keys k "
            "JOIN names n ON n.pk = k.name JOIN places p ON p.pk = n.place "
            f"WHERE k.kind = ? AND k.key IN ({','.join('?' * len(chunk))}) AND {_NOT_ABBR}",
            (kind, *chunk)).fetchall()
        grouped: dict[str, list] = {k: [] for k in chunk}
        for r in rows:
            grouped[r[0]].append((r[2], r[1], _new(LightName, r[3:])))
        for k, found in grouped.items():
            if len(found) > 1:
                found.sort(key=_first, reverse=True)  # by population; stable: ties keep row order
            self._pre_names[(kind, k)] = ([(pk, name) for _, pk, name in found[:limit]],
                                          len(found) <= limit)

    def lookup_names(self, kind: str, key: str, limit: int) -> list[tuple[int, LightName]]:
        """(place row number, name) of what ``lookup`` would return, without the places and without
        abbreviations (``_NOT_ABBR``). Why: the skeleton stage scores hundreds of names a query by
        their text and keeps a few; building and fetching every candidate's place was a tenth of a
        typo's time."""
        got = self._pre_names.get((kind, key))
        if got is not None:
            found, complete = got
            if len(found) > limit:
                return found[:limit]
            if complete or len(found) == limit:
                return found
        found = self._big.get((kind, key, limit, "names"))
        if found is not None:
            return found
        if self.enabled:
            import sqlite3

            try:
                found = [(r[0], _new(LightName, r[1:])) for r in self.store.execute(
                    f"SELECT n.place, {_NAME_COLUMNS} FROM keys k JOIN names n ON n.pk = k.name "
                    f"JOIN places p ON p.pk = n.place WHERE k.kind = ? AND k.key = ? AND {_NOT_ABBR} "
                    "ORDER BY p.population DESC, k.name LIMIT ?", (kind, key, limit))]
            except sqlite3.Error:
                self.enabled = False
        if not self.enabled:
            return [(h.place, h.name) for h in self.lookup(kind, key, limit) if not is_abbreviation(h.name)]
        if len(found) >= limit:
            if len(self._big) >= self.BIG_KEYS:
                self._big.clear()
            self._big[(kind, key, limit, "names")] = found
        return found

    REGION_NAMES = 150_000
    """Names of hinted regions held at once (``names_in_regions``; England's 14k are the most of one
    region in the default gazetteer, ~4 MB): past it the held regions are let go."""

    def names_in_regions(self, codes: Collection[str]) -> tuple[list[str], list[tuple[int, LightName]]]:
        """The fold keys and (place row number, name) pairs of every name of the places in the
        first-level regions ``codes`` (GeoNames' admin1 codes or ISO's), abbreviations left out
        (``_NOT_ABBR``). Why: a typo with a region hint whose place no key block reaches ("Fidley,
        Minnesota"), matched against the region's names, a few thousand at most. Held per region set:
        a column of such cells names few regions. By the places' admin1 indexes where the gazetteer
        has them (built since 29 Nov 2026: ~10 ms for England), else one scan of the places (~60 ms)."""
        wanted = tuple(sorted(codes))
        got = self._regions.get(wanted)
        if got is not None:
            return got
        import sqlite3

        marks = ",".join("?" * len(wanted))
        try:
            rows = self.store.execute(
                f"SELECT n.place, {_NAME_COLUMNS} FROM places p JOIN names n ON n.place = p.pk "
                f"WHERE (p.admin1_code IN ({marks}) OR p.admin1_iso IN ({marks})) AND {_NOT_ABBR}",
                (*wanted, *wanted)).fetchall()
        except sqlite3.Error:
            rows = []
        pairs = [(r[0], _new(LightName, r[1:])) for r in rows]
        got = ([fold_key(name.text) for _, name in pairs], pairs)
        if sum(len(keys) for keys, _ in self._regions.values()) + len(pairs) > self.REGION_NAMES:
            self._regions.clear()
        self._regions[wanted] = got
        return got

    def hits_of_names(self, pairs: list[tuple[int, LightName]], kind: str) -> list:
        """``lookup_names`` pairs made hits, their places fetched in one statement."""
        places = self._places
        missing = {pk for pk, _ in pairs if isinstance(pk, int) and pk not in places}
        if missing:
            self._fetch_places(missing)
        # (a store that cannot batch hands over its places themselves, see lookup_names)
        return [_new(LightHit, (places[pk] if isinstance(pk, int) else pk, name, kind))
                for pk, name in pairs]

    def lookup_cached(self, kind: str, key: str) -> list | None:
        """The prefetched hits of a key, [] for a prefetched key without hits, None if not fetched."""
        got = self._pre.get((kind, key))
        return None if got is None else got[0]

    def lookup(self, kind: str, key: str, limit: int) -> list:
        """Prefetched hits, else one statement that brings the places along (``store.lookup``
        would ask for each new place separately: 100 hits of a skeleton key = 100 round trips)."""
        got = self._pre.get((kind, key))
        if got is not None:
            hits, complete = got
            if len(hits) > limit:
                return hits[:limit]  # best-populated first: what the LIMITed statement returns
            if complete or len(hits) == limit:
                return hits
        if self.enabled:
            import sqlite3

            try:
                hits = self._big.get((kind, key, limit))
                if hits is not None:
                    return hits
                hits = self._hits_of(self.store.execute(
                    f"SELECT {_HIT_COLUMNS} FROM keys k JOIN names n ON n.pk = k.name "
                    "JOIN places p ON p.pk = n.place WHERE k.kind = ? AND k.key = ? "
                    "ORDER BY p.population DESC, k.name LIMIT ?", (kind, key, limit)), kind)
                if len(hits) >= limit:
                    if len(self._big) >= self.BIG_KEYS:
                        self._big.clear()
                    self._big[(kind, key, limit)] = hits
                return hits
            except sqlite3.Error:
                self.enabled = False
        return self.store.lookup(kind, key, limit)

    def lookup_in(self, kind: str, key: str, limit: int, countries: Collection[str]) -> list:
        """The best-populated ``limit`` hits of a key among the places of ``countries``, abbreviations
        left out (``_NOT_ABBR``). Why: a loose match for a name with a country or region hint
        ("Wnidsor, Vermont"), where the key's ``limit`` best-populated places are all elsewhere (the
        Windsors of Ontario, England and a dozen states). Not cached: it runs for few names, and
        seldom for one key twice."""
        countries = sorted(countries)
        if self.enabled:
            import sqlite3

            try:
                return self._hits_of(self.store.execute(
                    f"SELECT {_HIT_COLUMNS} FROM keys k JOIN names n ON n.pk = k.name "
                    "JOIN places p ON p.pk = n.place WHERE k.kind = ? AND k.key = ? "
                    f"AND p.country IN ({','.join('?' * len(countries))}) AND {_NOT_ABBR} "
                    "ORDER BY p.population DESC, k.name LIMIT ?", (kind, key, *countries, limit)), kind)
            except sqlite3.Error:
                self.enabled = False
        return [h for h in self.store.lookup(kind, key, 100 * limit)
                if h.place.country in countries and not is_abbreviation(h.name)][:limit]

    def _hits_of(self, rows, kind: str, at: int = 0) -> list:
        """Hits of rows holding ``_HIT_COLUMNS`` from column ``at`` on; places already built are
        shared, not built again."""
        out = []
        places = self._places
        name_end = at + 6
        for r in rows:
            place = places.get(r[at])
            if place is None:
                place = places[r[at]] = _new(LightPlace, r[name_end:])
            out.append(_new(LightHit, (place, _new(LightName, r[at + 1:name_end]), kind)))
        return out

    def _fetch_places(self, missing) -> None:
        places = self._places
        missing_list = sorted(missing)  # (in row order: one stretch of the table a statement)
        for j in range(0, len(missing_list), self.CHUNK):
            part = missing_list[j:j + self.CHUNK]
            for p in self.store.execute(
                    "SELECT pk, id, name, feature_class, feature_code, country, admin1_code, "
                    "admin1_name, admin1_iso, lat, lon, ifnull(population, 0) "
                    f"FROM places WHERE pk IN ({','.join('?' * len(part))})", tuple(part)).fetchall():
                places[p[0]] = _new(LightPlace, p[1:])

    def clear(self) -> None:
        self._pre.clear()
        self._pre_names.clear()
        if len(self._places) > 500_000:
            self._places.clear()


class _SortedRun:
    """Sorted keys as one UTF-8 bytes object and an offset array, searched in C: bisection over
    every FENCE-th key (a short list), then inside that window of keys."""

    FENCE = 32

    def __init__(self, data: bytes | bytearray, starts) -> None:
        """``data``: the keys in order, each followed by a newline; ``starts``: where each key
        starts, plus the end of the data."""
        self._data = data
        self._starts = starts
        self._n = len(starts) - 1
        self._fence = [bytes(data[starts[i]:starts[i + 1] - 1]) for i in range(0, self._n, self.FENCE)]

    def _index(self, key: bytes, low: int = 0) -> int:
        """Where ``key`` would be inserted (bisect_left over all keys)."""
        import bisect

        j = bisect.bisect_left(self._fence, key, low // self.FENCE)
        if j == 0:
            return 0
        base = (j - 1) * self.FENCE
        end = min(base + self.FENCE, self._n)
        window = self._data[self._starts[base]:self._starts[end] - 1].split(b"\n")
        return base + bisect.bisect_left(window, key)

    def between(self, low: bytes, high: bytes, suffix: bytes = b"") -> list[str]:
        lo = self._index(low)
        hi = self._index(high, lo)
        if hi <= lo:
            return []
        text = self._data[self._starts[lo]:self._starts[hi]]
        if suffix:
            return _ending_with(text, suffix)
        return text[:-1].decode().split("\n")


def _ending_with(text: bytes | bytearray, suffix: bytes) -> list[str]:
    """The newline-terminated keys of ``text`` that end with ``suffix``. Why not a regex or a
    per-key loop: a two-letter block holds thousands of keys and only a few end so; bytes.find
    skips to them at memchr speed (a multiline regex was ~190 us a block, most of a typo's time)."""
    needle = suffix + b"\n"
    out = []
    pos = text.find(needle)
    while pos >= 0:
        end = pos + len(suffix)
        out.append(text[text.rfind(b"\n", 0, pos) + 1:end].decode())
        pos = text.find(needle, end + 1)
    return out


class SortedKeys:
    """Every distinct key of one kind in memory, sorted, in one run per key length.

    Why: the fuzzy stage reads blocks of keys sharing a prefix within a length window. As SQL range
    scans (DISTINCT, length filter) they cost ~0.2 ms each, most of a typo query's time; here a
    block is a few bisections and splits, with no per-key filtering in Python. Compact on purpose
    (~20 MB for the default gazetteer's million fold keys, where a list of str takes ~90 MB);
    UTF-8 bytes order is SQLite's BINARY order, so blocks come out as the SQL gave them.
    """

    def __init__(self, store: GazetteerStore, kind: str) -> None:
        from array import array

        self._runs: dict[int, _SortedRun] = {}
        held = store.key_runs(kind)
        if held is not None:  # the file keeps them sorted by length: no per-key work in Python
            from itertools import accumulate

            for n, buf in held.items():
                offsets = array("I", accumulate((len(k) + 1 for k in buf.split(b"\n")[:-1]), initial=0))
                self._runs[n] = _SortedRun(buf, offsets)
            return
        # A file without runs: the key index returns the keys sorted (no SQL sort); each goes
        # straight into its length's byte buffer, so no list of a million key objects is ever held.
        data: dict[int, bytearray] = {}
        starts: dict[int, array] = {}
        cur = store.execute("SELECT DISTINCT key FROM keys WHERE kind = ? ORDER BY key", (kind,))
        while rows := cur.fetchmany(20_000):
            for (k,) in rows:
                n = len(k)
                buf = data.get(n)
                if buf is None:
                    buf = data[n] = bytearray()
                    starts[n] = array("I")  # offsets inside one length's run (< 4 GB)
                starts[n].append(len(buf))
                buf += k.encode()
                buf += b"\n"
        for n, buf in data.items():
            offsets = starts[n]
            offsets.append(len(buf))
            self._runs[n] = _SortedRun(buf, offsets)

    def between(self, low: str, high: str, shortest: int, longest: int,
                suffix: str = "") -> list[str]:
        """The keys k with low <= k < high, shortest <= len(k) <= longest and ending with
        ``suffix``, sorted."""
        lo, hi, end = low.encode(), high.encode(), suffix.encode()
        out: list[str] = []
        runs = 0
        for n in range(max(shortest, 0), longest + 1):
            run = self._runs.get(n)
            if run is not None:
                got = run.between(lo, hi, end)
                if got:
                    out.extend(got)
                    runs += 1
        if runs > 1:
            out.sort()  # merges the sorted runs (Timsort): key order, as SQL returns the block
        return out
