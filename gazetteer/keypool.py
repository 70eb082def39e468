"""Computing index keys for many names in worker processes, overlapped with the importer's own work.

The key functions belong to the normaliser and are pure Python, so a big build spends much of
its time in them; forked worker processes inherit ``index_keys`` (no pickling of functions)
and return plain tuples. ``submit`` hands a batch to the workers and returns at once, so the
importer parses and writes the previous batch while the keys of this one are computed: on two
cores one worker runs beside the importer. Falls back to the calling process where fork is
unavailable, on one core, or with ``processes=0``.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence

from gazetteer.store import IndexKeys, pack_keys

_KEYS: IndexKeys | None = None  # set in the parent just before forking

Keys = tuple[tuple[str, str], ...]


def _keys_of(batch: Sequence[tuple[str, str | None]], packed: bool = False) -> list:
    assert _KEYS is not None
    return _compute(_KEYS, batch, packed)


def _compute(index_keys: IndexKeys, pairs: Sequence[tuple[str, str | None]], packed: bool) -> list:
    if packed:
        return [pack_keys(index_keys(t, l)) for t, l in pairs]
    return [tuple(set(index_keys(t, l))) for t, l in pairs]


class KeyPool:
    """``keys(pairs)`` -> one tuple of (kind, key) per (text, lang) pair; ``submit(pairs)`` the same,
    later (call what it returns). Names seen recently come from a bounded cache in the parent."""

    def __init__(self, index_keys: IndexKeys, processes: int | None = None,
                 cache_size: int = 300_000, *, packed: bool = False) -> None:
        """``packed``: keys come back as ``pack_keys`` strings (for ``GazetteerWriter.add_rows``),
        which cross between processes and into the store far cheaper than tuples."""
        self.index_keys = index_keys
        self.packed = packed
        self.cache_size = cache_size
        self._cache: dict[tuple[str, str | None], Keys] = {}
        cores = os.cpu_count() or 1
        n = processes if processes is not None else min(cores - 1, 8)
        self._pool = None
        self._n = 0
        if n >= 1 and "fork" in mp.get_all_start_methods():
            global _KEYS
            _KEYS = index_keys
            self._pool = mp.get_context("fork").Pool(n)
            self._n = n

    def keys(self, pairs: Sequence[tuple[str, str | None]]) -> list:
        """Keys per pair, now."""
        return self.submit(pairs)()

    def submit(self, pairs: Sequence[tuple[str, str | None]]) -> Callable[[], list[Keys]]:
        """Start computing the keys of ``pairs``; the returned function waits for and returns them."""
        cache = self._cache
        known: dict[tuple[str, str | None], Keys | None] = {}  # hits now: the cache may be cleared before collecting
        for p in pairs:
            if p not in known:
                known[p] = cache.get(p)
        missing = [p for p, k in known.items() if k is None]
        if self._pool is None or len(missing) < 500:
            computed = _compute(self.index_keys, missing, self.packed)
            return lambda: self._collect(pairs, known, missing, computed)
        size = max(500, -(-len(missing) // self._n))
        handles = [self._pool.apply_async(_keys_of, (missing[i:i + size], self.packed))
                   for i in range(0, len(missing), size)]
        return lambda: self._collect(pairs, known, missing, [k for h in handles for k in h.get()])

    def _collect(self, pairs: Sequence[tuple[str, str | None]], known: dict, missing: list,
                 computed: list) -> list:
        cache = self._cache
        fresh = dict(zip(missing, computed))
        known.update(fresh)
        result = [known[p] for p in pairs]
        if len(cache) + len(fresh) > self.cache_size:
            cache.clear()
        cache.update(fresh)
        return result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> "KeyPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
