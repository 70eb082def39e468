"""The key index of a fresh build (a GeoNames import, the default), computed and written in a worker
process beside the importer.

A GeoNames import spends most of its CPU in two places: the normaliser's key functions (pure
Python) and SQLite's clustered (kind, key, name) index of millions of rows. Both move here, off
the importer's process: the importer sends each batch of names (their row keys and texts;
nothing comes back), and a forked worker computes the keys and inserts them into a table of the
store's ``keys`` layout in its own SQLite file. When the input ends the importer appends that
table, already in index order, to the store (``GazetteerWriter.take_keys_from``). On one core,
without fork, or with ``processes=0`` the same work runs in the calling process. The queue to
the worker is bounded, so memory stays flat whatever the dump's size.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
from multiprocessing.synchronize import Semaphore
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer.store import KEYS_TABLE_SQL, IndexKeys

_QUEUED_BATCHES = 2  # batches waiting for the worker; more are indexed in the importer's process
_INTERRUPTED = "KeyboardInterrupt"
_PAGE_CACHE = -150_000  # KiB per process (worker and importer): together with the name caches, an import stays under 1 GB


class _StageDb:
    """The staging file: a table of the store's ``keys`` layout, filled batch by batch.

    Rows go straight into the clustered b-tree as they come (kept in memory by a big page
    cache): that costs about as much CPU as staging them and sorting once, but spreads it over
    the import instead of leaving a sort for the end, when the importer waits for it."""

    def __init__(self, path: Path, index_keys: IndexKeys, cache_size: int) -> None:
        self.index_keys = index_keys
        self.cache_size = cache_size
        self.cache: dict[tuple[str, str | None], tuple[tuple[str, str], ...]] = {}
        self.db = sqlite3.connect(path)
        self.db.executescript(f"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size={_PAGE_CACHE}; "
                              f"{KEYS_TABLE_SQL}; BEGIN")

    def add(self, first_pk: int, texts: Sequence[str], langs: Sequence[str | None]) -> None:
        """Index the names numbered ``first_pk``, ``first_pk + 1``, ... in order."""
        cache, index_keys = self.cache, self.index_keys
        if len(cache) > self.cache_size:
            cache.clear()
        rows: list[tuple[str, str, int]] = []
        pk = first_pk
        for pair in zip(texts, langs):
            keys = cache.get(pair)
            if keys is None:
                keys = cache[pair] = tuple(set(index_keys(*pair)))
            rows.extend([(kind, key, pk) for kind, key in keys])
            pk += 1
        rows.sort()  # in index order the b-tree pages touched one after another stay in CPU cache:
        # about 20% less CPU per row than random order once the index outgrows the cache (6 M rows)
        self.db.executemany("INSERT OR IGNORE INTO keys VALUES (?,?,?)", rows)

    def finish(self, merge: Sequence[Path] = ()) -> None:
        """Take in the rows of other stages' files (``merge``), commit and close, so the importer
        can read the file."""
        self.cache.clear()
        self.db.execute("COMMIT")
        for other in merge:  # ATTACH needs no open transaction
            self.db.execute("ATTACH ? AS other", (str(other),))
            self.db.execute("INSERT OR IGNORE INTO keys SELECT * FROM other.keys")
            self.db.commit()  # the module's implicit transaction: DETACH needs none open
            self.db.execute("DETACH other")
        self.db.close()


def _serve(inbox: mp.Queue, slots: Semaphore, outbox: mp.Queue, path: Path, index_keys: IndexKeys,
           cache_size: int) -> None:
    """The worker: index batches until a list of files comes, then merge those in, commit and report
    (None); an error is reported, not raised."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the importer's to handle (it terminates us)
    try:
        stage = _StageDb(path, index_keys, cache_size)
        while isinstance(batch := inbox.get(), tuple):
            slots.release()
            stage.add(*batch)
        stage.finish(merge=batch)
        outbox.put(None)
    except KeyboardInterrupt:  # raised by the key function itself (SIGINT is ignored): the importer's too
        outbox.put(_INTERRUPTED)
    except BaseException as exc:  # noqa: BLE001 - handed to the importer, which raises it as one line
        outbox.put(f"{type(exc).__name__}: {exc}")


def _raise(error: str | None) -> None:
    """The worker's report as the importer's exception (None: it finished)."""
    if error == _INTERRUPTED:
        raise KeyboardInterrupt
    if error is not None:
        raise GazetteerError(f"computing index keys failed ({error})")


def _usable_cores() -> int:
    """Cores this process may run on (its affinity, e.g. under taskset), not the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class KeyStage:
    """``submit(first_pk, texts, langs)`` per batch of names, then ``keys_paths()`` for the file(s) whose
    ``keys`` tables hold their index rows. Use as a context manager (it removes the files).

    The two processes share the work: a batch the worker has no room for (it is a few batches
    behind) is indexed here, in a file of its own, instead of waiting. So neither process idles
    while the other is busy, whatever the balance of parsing and key work (and other load)."""

    def __init__(self, index_keys: IndexKeys, folder: str | os.PathLike, *, processes: int | None = None,
                 cache_size: int = 150_000) -> None:
        """``processes``: 1 for a worker, 0 for in-process; by default a worker when there are 2+ cores."""
        self.folder = Path(folder)
        self.index_keys = index_keys
        self.cache_size = cache_size
        self._paths: list[Path] = []
        self._proc: mp.process.BaseProcess | None = None
        self._local: _StageDb | None = None
        self._ended = False
        self.batches_here = 0  # batches indexed in this process (all of them without a worker)
        if processes is None:
            processes = 1 if _usable_cores() >= 2 else 0
        if processes >= 1 and "fork" in mp.get_all_start_methods():
            path = self._new_path()
            ctx = mp.get_context("fork")  # the worker inherits index_keys: no pickling of functions
            self._inbox: mp.Queue = ctx.Queue()
            self._slots = ctx.BoundedSemaphore(_QUEUED_BATCHES)  # taken per batch queued, freed when taken up
            self._outbox: mp.Queue = ctx.Queue()
            self._proc = ctx.Process(target=_serve, daemon=True, name="toponorm-keys",
                                     args=(self._inbox, self._slots, self._outbox, path, index_keys, cache_size))
            self._proc.start()

    def _new_path(self) -> Path:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".toponorm-keys.", suffix=".tmp", dir=self.folder)
        except OSError as exc:
            raise GazetteerError(f"{self.folder}: cannot write here ({exc.strerror})") from None
        os.close(fd)
        os.unlink(tmp)  # SQLite creates it
        self._paths.append(Path(tmp))
        return self._paths[-1]

    def submit(self, first_pk: int, texts: Sequence[str], langs: Sequence[str | None]) -> None:
        """Index the names numbered from ``first_pk``: in the worker (returning at once) when it
        has room, else here."""
        if not texts:
            return
        if self._proc is not None:
            if self._slots.acquire(block=False):
                self._inbox.put((first_pk, texts, langs))
                return
            self._check_alive()
        if self._local is None:
            self._local = _StageDb(self._new_path(), self.index_keys, self.cache_size)
        self._local.add(first_pk, texts, langs)
        self.batches_here += 1

    def end_input(self) -> None:
        """No more names: the worker catches up, takes in the batches indexed here (it is idle at
        the end, the importer is not) and commits, while the caller goes on."""
        if self._ended:
            return
        self._ended = True
        merge = []
        if self._local is not None:
            self._local.finish()
            self._local = None
            if self._proc is not None:
                merge = self._paths[1:]
        if self._proc is not None:
            self._inbox.put(merge)  # needs no slot: never waits

    def keys_paths(self) -> list[Path]:
        """Wait for every name submitted to be indexed; the files holding their ``keys`` tables."""
        self.end_input()
        if self._proc is not None:
            while True:
                try:
                    error = self._outbox.get(timeout=1)
                    break
                except queue.Empty:
                    self._check_alive()
            self._proc.join()
            self._proc = None
            _raise(error)
            merged = self._paths[1:]
            del self._paths[1:]  # merged into the worker's file
            for path in merged:
                path.unlink(missing_ok=True)
        return [p for p in self._paths if p.exists()]

    def _check_alive(self) -> None:
        assert self._proc is not None
        if not self._proc.is_alive():
            try:
                error = self._outbox.get_nowait()
            except queue.Empty:
                error = f"the key worker exited with code {self._proc.exitcode}"
            _raise(error)

    def close(self) -> None:
        """Stop the worker if it still runs and remove the staging files."""
        if self._proc is not None:
            self._proc.terminate()
            self._proc.join()
            self._proc = None
            self._inbox.cancel_join_thread()  # batches still in the pipe are dropped, not waited for
            self._inbox.close()
        if self._local is not None:
            self._local.db.close()
            self._local = None
        for path in self._paths:
            path.unlink(missing_ok=True)

    def __enter__(self) -> "KeyStage":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
