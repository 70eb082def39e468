"""Resolve a table's distinct values in worker processes (``toponorm table --jobs N``).

Why processes: the matcher is CPU-bound Python, so threads would queue on the GIL. Each worker
opens its own ``Normaliser`` (SQLite connections must not cross a fork, so workers are spawned),
resolves slices of the distinct values of a chunk, and sends back only the compact result
tuples the table needs, not whole ``Resolution`` objects.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

_resolve: Callable[[list[str], list["str | None"]], Sequence[Any]] | None = None

MIN_SLICE = 16
"""Fewer names than this per worker are not worth a round trip; the parent resolves them."""


def _init_worker(normaliser_options: dict[str, Any], resolve_options: dict[str, Any]) -> None:
    global _resolve
    from normalise.table import make_normaliser, normaliser_resolver
    _resolve = normaliser_resolver(make_normaliser(**normaliser_options), **resolve_options)


def _resolve_slice(batch: tuple[list[str], list[str | None]]) -> list[Any]:
    from normalise.table import _Rejected, result_of
    assert _resolve is not None
    return [r if isinstance(r, _Rejected) else result_of(r) for r in _resolve(*batch)]


class ProcessResolver:
    """A batch resolver (same call as ``normalise.table.normaliser_resolver``) over N processes.

    Small batches go to ``local`` (a resolver in this process) to skip the round trip.
    """

    def __init__(self, jobs: int, local: Callable[[list[str], list["str | None"]], Sequence[Any]],
                 normaliser_options: dict[str, Any], resolve_options: dict[str, Any]) -> None:
        self.jobs = jobs
        self.local = local
        self._pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_init_worker,
                                         initargs=(normaliser_options, resolve_options))

    def __call__(self, names: list[str], countries: list[str | None]) -> list[Any]:
        return self.submit(names, countries).result()

    def submit(self, names: list[str], countries: list[str | None]) -> "_Gathered":
        """Start resolving a batch; the handle's ``result()`` waits for it (results in order)."""
        if len(names) < 2 * MIN_SLICE:
            return _Gathered([], list(self.local(names, countries)))
        size = max(MIN_SLICE, -(-len(names) // (self.jobs * 4)))
        return _Gathered([self._pool.submit(_resolve_slice, (names[i:i + size], countries[i:i + size]))
                          for i in range(0, len(names), size)])

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _Gathered:
    """The futures of one batch's slices, joined in order."""

    def __init__(self, futures: list[Future], done: list[Any] | None = None) -> None:
        self._futures = futures
        self._done = done

    def result(self) -> list[Any]:
        if self._done is None:
            out: list[Any] = []
            for future in self._futures:
                out.extend(future.result())
            self._done = out
        return self._done
