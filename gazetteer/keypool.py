"""Computing index keys for many names on every core.

The key functions belong to the normaliser and are pure Python, so a big build spends most of
its time in them; forked worker processes inherit ``index_keys`` (no pickling of functions)
and return plain tuples. Falls back to the calling process where fork is unavailable.
"""
from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Sequence

from gazetteer.store import IndexKeys

_KEYS: IndexKeys | None = None  # set in the parent just before forking


def _keys_of(batch: Sequence[tuple[str, str | None]]) -> list[tuple[tuple[str, str], ...]]:
    assert _KEYS is not None
    return [tuple(set(_KEYS(text, lang))) for text, lang in batch]


class KeyPool:
    """``keys(pairs)`` -> one tuple of (kind, key) per (text, lang) pair, computed in parallel."""

    def __init__(self, index_keys: IndexKeys, processes: int | None = None,
                 cache_size: int = 300_000) -> None:
        self.index_keys = index_keys
        self.cache_size = cache_size
        self._cache: dict[tuple[str, str | None], tuple] = {}
        # With 2 cores or fewer, shipping keys between processes costs more than it saves.
        cores = os.cpu_count() or 1
        n = processes if processes is not None else (min(cores - 1, 8) if cores > 2 else 1)
        self._pool = None
        if n > 1 and "fork" in mp.get_all_start_methods():
            global _KEYS
            _KEYS = index_keys
            self._pool = mp.get_context("fork").Pool(n)
            self._n = n

    def keys(self, pairs: Sequence[tuple[str, str | None]]) -> list[tuple[tuple[str, str], ...]]:
        """Keys per pair; names seen recently (GeoNames repeats many) come from a bounded cache."""
        cache = self._cache
        missing = list(dict.fromkeys(p for p in pairs if p not in cache))
        if self._pool is None or len(missing) < 2000:
            computed = [tuple(set(self.index_keys(t, l))) for t, l in missing]
        else:
            size = max(500, len(missing) // (self._n * 8))
            batches = [missing[i:i + size] for i in range(0, len(missing), size)]
            computed = []
            for part in self._pool.imap(_keys_of, batches):
                computed.extend(part)
        fresh = dict(zip(missing, computed))
        result = [fresh[p] if p in fresh else cache[p] for p in pairs]
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
