"""Fewer garbage-collector passes while a batch of names is resolved or a table streams through.

Why: resolving a column allocates millions of small tuples and result objects, none of them in
reference cycles, and some of them long-lived (the caches). CPython's default thresholds then
re-scan every long-lived object of the process again and again -- the gazetteer caches, and
whatever else the caller holds (a loaded JSON file of 200k dicts made the exact stage 25% slower,
measured). Frozen objects are skipped by the collector and the young generation is collected
~100x less often; everything is restored when the outermost pause ends. Objects are still freed by
reference counting as usual; only the cycle detector runs less.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, ...] = ()


@contextmanager
def few_gc_passes() -> Iterator[None]:
    """Re-entrant: nested pauses (a table calling ``resolve_many``) keep the outer settings."""
    global _depth, _saved
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(100_000, 50, 100)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)
                gc.unfreeze()
