"""Resolve a table's distinct values in worker processes (``toponorm table --jobs N``).

Why processes: the matcher is CPU-bound Python, so threads would queue on the GIL. Each worker
opens its own ``Normaliser`` (SQLite connections must not cross a fork, so workers are spawned),
resolves its shard of the distinct values of a chunk (names by their first letters: one worker
sees all spellings of a name, and its caches serve them), and sends back only the compact result
tuples the table needs, not whole ``Resolution`` objects.
"""
from __future__ import annotations

import multiprocessing
import signal
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from normalise.errors import WorkerError

_resolve: Callable[[list[str], list["str | None"]], Sequence[Any]] | None = None

MIN_SLICE = 16
"""Fewer names than this per worker are not worth a round trip; the parent resolves them."""

WORKER_DIED = ("a worker process (--jobs) ended before it answered: it was killed (out of memory?) or "
               "could not start (a script that passes jobs= must call it under "
               "`if __name__ == \"__main__\":`, as spawned workers import the script)")
"""What a dead worker is reported as. Python's own BrokenProcessPool said neither which nor why, and
the CLI called it an internal error (exit 70), as if toponorm had a bug."""


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity, where the system tells; else all): what
    ``--jobs 0`` starts one worker per."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS, Windows
        return max(1, os.cpu_count() or 1)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) over starting workers: they are spawned with it blocked and take it up
    once started (``_take_ctrl_c``), and this process answers it only once they are spawned. Why: a
    terminal sends Ctrl-C to every process of the job, and a worker still starting Python, or one
    whose parent left while handing it its task, had printed dozens of lines of tracebacks ("Fatal
    Python error: init_import_site", "EOFError: Ran out of input") above "toponorm: interrupted"."""
    import threading

    answer = signal.getsignal(signal.SIGINT)
    if answer == signal.SIG_IGN:  # (a job that ignores Ctrl-C: its workers inherit that, as before)
        yield
        return
    # only the main thread may set handlers, and only Python's can be put back (None: set in C)
    main = threading.current_thread() is threading.main_thread() and answer is not None
    pressed: list[int] = []
    if main:
        signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if _MASKS else None
    try:
        yield
    finally:
        if held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        if main:
            signal.signal(signal.SIGINT, answer)
            if pressed:
                signal.raise_signal(signal.SIGINT)  # (answered now, as this process would have)


_MASKS = hasattr(signal, "pthread_sigmask")  # (not on Windows)
_interrupted = False  # a worker that was sent Ctrl-C while it started


def _take_ctrl_c() -> None:
    """In a worker, once started: note a Ctrl-C sent while it started (its tasks then end at once),
    then let later ones interrupt its work, as Python's default does; unless the job ignores Ctrl-C
    (a background job of a script): the worker was started ignoring it too, and goes on so."""
    global _interrupted
    if _MASKS and signal.getsignal(signal.SIGINT) != signal.SIG_IGN:
        _interrupted = signal.SIGINT in signal.sigpending()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # (a pending signal set to be ignored is dropped)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _init_worker(normaliser_options: dict[str, Any], resolve_options: dict[str, Any]) -> None:
    global _resolve
    from normalise.table import make_normaliser, normaliser_resolver
    _resolve = normaliser_resolver(make_normaliser(**normaliser_options), **resolve_options)
    _take_ctrl_c()


def _resolve_slice(batch: tuple[list[str], list[str | None]]) -> list[Any]:
    from normalise.table import _Rejected, result_of
    if _interrupted:  # (the parent, sent the same Ctrl-C, is leaving: it reads no answer)
        raise KeyboardInterrupt
    assert _resolve is not None
    return [r if isinstance(r, _Rejected) else result_of(r) for r in _resolve(*batch)]


def shard_of(name: str, shards: int) -> int:
    """The worker a name goes to: by its first two letters (case-folded), so the typos and variants
    of one name, which share candidate names, skeletons and fuzzy blocks, meet one worker's caches."""
    return zlib.crc32(name[:2].casefold().encode("utf-8", "surrogatepass")) % shards


class ProcessResolver:
    """A batch resolver (same call as ``normalise.table.normaliser_resolver``) over N processes.

    Each worker is its own one-process pool serving one shard of the names (``shard_of``); small
    batches go to ``local`` (a resolver in this process) to skip the round trip.
    """

    def __init__(self, jobs: int, local: Callable[[list[str], list["str | None"]], Sequence[Any]],
                 normaliser_options: dict[str, Any], resolve_options: dict[str, Any]) -> None:
        self.jobs = jobs
        self.local = local
        context = multiprocessing.get_context("spawn")
        self._pools = [ProcessPoolExecutor(1, mp_context=context, initializer=_init_worker,
                                           initargs=(normaliser_options, resolve_options))
                       for _ in range(jobs)]

    def __call__(self, names: list[str], countries: list[str | None]) -> list[Any]:
        return self.submit(names, countries).result()

    def submit(self, names: list[str], countries: list[str | None]) -> Any:
        """Start resolving a batch; the handle's ``result()`` waits for it (results in order)."""
        if len(names) < 2 * MIN_SLICE:
            from normalise.table import _Done
            return _Done(list(self.local(names, countries)))
        positions: list[list[int]] = [[] for _ in range(self.jobs)]
        for i, name in enumerate(names):
            positions[shard_of(name, self.jobs)].append(i)
        futures, order = [], []
        for shard, where in enumerate(positions):
            if where:
                try:
                    with _ctrl_c_held():  # (a pool starts its worker at its first submit)
                        futures.append(self._pools[shard].submit(
                            _resolve_slice, ([names[i] for i in where], [countries[i] for i in where])))
                except BrokenProcessPool:  # it died since the last batch
                    raise WorkerError(WORKER_DIED) from None
                order.append(where)
        return _Gathered(futures, order)

    def close(self) -> None:
        for pool in self._pools:
            pool.shutdown(wait=True, cancel_futures=True)


class _Gathered:
    """The futures of one batch's shards, their results put back in the batch's order."""

    def __init__(self, futures: list[Future], order: list[list[int]]) -> None:
        self._futures = futures
        self._order = order
        self._done: list[Any] | None = None

    def result(self) -> list[Any]:
        if self._done is None:
            out: list[Any] = [None] * sum(map(len, self._order))
            for future, where in zip(self._futures, self._order):
                try:
                    done = future.result()
                except BrokenProcessPool:
                    raise WorkerError(WORKER_DIED) from None
                for i, res in zip(where, done):
                    out[i] = res
            self._done = out
        return self._done
