"""The embedded SQLite store: one file per gazetteer, written atomically, read-only for lookups.

Names are indexed by normalisation keys that the *caller* computes (``index_keys``), so this
module never imports the normaliser; the key scheme's version is recorded in ``meta`` so a
reader can tell a gazetteer indexed with other keys and ask for a rebuild.
"""
from __future__ import annotations

import json
import os
import sqlite3
import stat
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

from gazetteer.codes import dates_inverted
from gazetteer.errors import GazetteerError
from gazetteer.model import SUBDIVISION_ID_PREFIX, NameFlag, Place, PlaceName
from gazetteer.repeats import RepeatFilter

SCHEMA_VERSION = 2  # 2: keys clustered by (kind, key) WITHOUT ROWID; no duplicate text index

IndexKeys = Callable[[str, "str | None"], Iterable[tuple[str, str]]]
"""Given a name's text and language, the (kind, key) pairs to index it under. It may carry
``held_kinds``, the kinds whose distinct keys a reader wants in memory (see ``key_runs``)."""

KEY_RUNS_SQL = ("CREATE TABLE key_runs(kind TEXT NOT NULL, length INTEGER NOT NULL, keys BLOB NOT NULL, "
                "PRIMARY KEY(kind, length))")
"""The distinct keys of a held kind, sorted, one zlib-compressed newline-terminated run per key
length. Why: a reader that blocks keys by prefix and length in memory (the fuzzy stage) loads them
in ~0.15 s from here, against ~0.75 s selecting and grouping a million keys row by row."""

TAGGED_PLACES_SQL = "CREATE TABLE tagged_places(ids BLOB NOT NULL)"
"""One row: the ids of the places with a language-tagged name, sorted, newline-separated, zlib. Why:
a place's name in an output language is looked for among its tagged names, and most places of the
default (GeoNames' untagged alternate names) have none; with this list a reader skips them instead
of reading every name of each (~5 us a place, a tenth of an exact answer's time)."""

KEYS_TABLE_SQL = ("CREATE TABLE keys(kind TEXT NOT NULL, key TEXT NOT NULL, name INTEGER NOT NULL "
                  "REFERENCES names(pk),\n    PRIMARY KEY(kind, key, name)) WITHOUT ROWID")
"""The key index's table, also created by a key stage (keystage.py) whose rows are copied in."""

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources(
    name TEXT PRIMARY KEY, version TEXT, date TEXT, licence TEXT, url TEXT, attribution TEXT,
    places INTEGER NOT NULL DEFAULT 0, names INTEGER NOT NULL DEFAULT 0);
CREATE TABLE places(
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    feature_class TEXT, feature_code TEXT, country TEXT,
    admin1_code TEXT, admin1_name TEXT, admin1_iso TEXT,
    lat REAL, lon REAL, population INTEGER NOT NULL DEFAULT 0, source TEXT);
CREATE TABLE names(
    pk INTEGER PRIMARY KEY, place INTEGER NOT NULL REFERENCES places(pk), text TEXT NOT NULL,
    lang TEXT, script TEXT, flags INTEGER NOT NULL DEFAULT 0,
    valid_from TEXT, valid_to TEXT, source TEXT);
""" + KEYS_TABLE_SQL + ";\n"

_INDEXES = """
CREATE INDEX IF NOT EXISTS names_by_place ON names(place);
CREATE INDEX IF NOT EXISTS places_by_admin1 ON places(admin1_code);
CREATE INDEX IF NOT EXISTS places_by_admin1_iso ON places(admin1_iso);
"""
"""Secondary indexes, made at the end of a build. The places' by region serve the normaliser's scan of a
hinted region's names (``BatchedLookup.names_in_regions``): ~10 ms for England's 14k instead of a ~60 ms
scan of every place; ~7 MB in the default file."""

_FLUSH_ROWS = 50_000
_EMPTY_GAZETTEER_PATH = "the gazetteer path is empty (leave --gazetteer out for the default)"

_PLACE_COLS = ("id, name, feature_class, feature_code, country, admin1_code, admin1_name, "
               "admin1_iso, lat, lon, population, source")
_PLACE_COL_NAMES = frozenset(c.strip() for c in _PLACE_COLS.split(","))
_NAME_COLS = "text, lang, script, flags, valid_from, valid_to, source"
_N_NAME_COLS = ", ".join("n." + c.strip() for c in _NAME_COLS.split(","))  # the same, of names n


@dataclass(frozen=True, slots=True)
class NameHit:
    """A name found under a key, with the place it names."""

    place: Place
    name: PlaceName
    kind: str


REQUIRED_TABLES = ("meta", "sources", "places", "names", "keys")
"""The tables every reader queries; a file lacking one (an interrupted copy, a hand-made file) is
refused when it opens, not at its first lookup."""

_SQLITE_ERROR, _SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 1, 10, 11, 13, 26
"""SQLite's primary result codes that tell a damaged file (or disk) from a bug of ours."""
_CODE_OF_MESSAGE = {"disk I/O error": _SQLITE_IOERR, "database disk image is malformed": _SQLITE_CORRUPT,
                    "file is not a database": _SQLITE_NOTADB}  # Python 3.10's errors carry no code


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if code is not None else _CODE_OF_MESSAGE.get(str(exc))


def damaged_file_error(path: str | os.PathLike, exc: sqlite3.Error, *,
                       reading: bool = True) -> GazetteerError | None:
    """The one-line error for an SQLite error that means the file is damaged (or unreadable), naming
    it; None for any other error, which is a bug of ours and must stay one."""
    code = _primary_code(exc)
    if code == _SQLITE_CORRUPT:
        return GazetteerError(f"{path}: the gazetteer file is corrupt ({exc}); rebuild it")
    if code == _SQLITE_NOTADB:
        return GazetteerError(f"{path}: not a toponorm gazetteer ({exc})")
    if code == _SQLITE_IOERR and reading:
        return GazetteerError(f"{path}: cannot read the gazetteer file ({exc})")
    return None


class _Connection(sqlite3.Connection):
    """A connection whose statements run on ``_Cursor``: a damaged file gives a GazetteerError
    naming ``shown`` (the file the user gave) instead of a bare sqlite3 error. ``reading``: False
    for the copy of a file that a merge writes into."""

    shown: Path
    reading: bool

    def failure(self, exc: sqlite3.DatabaseError) -> Exception:
        """What to raise for ``exc``: a GazetteerError where the file is to blame, else ``exc``."""
        known = damaged_file_error(self.shown, exc, reading=self.reading)
        if not self.reading and _primary_code(exc) == _SQLITE_FULL:  # (before the check below: a
            # copy cut short by a full disk fails it, and "add" had called the intact file corrupt)
            return GazetteerError(f"{self.shown}: cannot write the gazetteer ({exc}); it is unchanged")
        if known is not None or self.reading or _primary_code(exc) in (None, _SQLITE_ERROR):
            return known or exc
        # A write into a damaged copy may fail for no reason of its own (a constraint on rows that
        # are unique, a full disk while writing a few rows): only an integrity check tells.
        try:
            problem = sqlite3.Connection.execute(self, "PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.DatabaseError as again:
            problem = str(again)
        if problem != "ok":
            return GazetteerError(f"{self.shown}: the gazetteer file is corrupt "
                                  f"({problem.splitlines()[-1]}); rebuild it")
        return exc

    def execute(self, sql: str, params: Sequence | dict = ()) -> "_Cursor":
        return self.cursor(_Cursor).execute(sql, params)

    def executemany(self, sql: str, rows: Iterable) -> "_Cursor":
        return self.cursor(_Cursor).executemany(sql, rows)

    def executescript(self, script: str) -> sqlite3.Cursor:
        try:
            return super().executescript(script)
        except sqlite3.DatabaseError as exc:
            raise self.failure(exc) from None


class _Cursor(sqlite3.Cursor):
    """A cursor whose damaged-file errors name the file, whether they surface at ``execute`` or at a
    later row (a corrupt page is only met when a scan reaches it)."""

    connection: _Connection

    def execute(self, sql: str, params: Sequence | dict = ()) -> "_Cursor":
        try:
            return super().execute(sql, params)
        except sqlite3.DatabaseError as exc:
            raise self.connection.failure(exc) from None

    def executemany(self, sql: str, rows: Iterable) -> "_Cursor":
        try:
            return super().executemany(sql, rows)
        except sqlite3.DatabaseError as exc:
            raise self.connection.failure(exc) from None

    def fetchone(self) -> tuple | None:
        try:
            return super().fetchone()
        except sqlite3.DatabaseError as exc:
            raise self.connection.failure(exc) from None

    def fetchmany(self, size: int | None = None) -> list[tuple]:
        try:
            return super().fetchmany(self.arraysize if size is None else size)
        except sqlite3.DatabaseError as exc:
            raise self.connection.failure(exc) from None

    def fetchall(self) -> list[tuple]:
        try:
            return super().fetchall()
        except sqlite3.DatabaseError as exc:
            raise self.connection.failure(exc) from None

    def __iter__(self) -> Iterator[tuple]:
        return self._rows()

    def _rows(self) -> Iterator[tuple]:
        # rows come from the C fetchone, so iterating costs a generator step a row, not a method call
        try:
            yield from iter(sqlite3.Cursor.fetchone.__get__(self), None)
        except sqlite3.DatabaseError as exc:
            raise self.connection.failure(exc) from None


def _connect(target: str | os.PathLike, shown: Path, *, reading: bool, uri: bool = False) -> _Connection:
    """Open ``target`` with errors of a damaged file naming ``shown``."""
    db = sqlite3.connect(target, uri=uri, check_same_thread=False, factory=_Connection)
    db.shown, db.reading = shown, reading
    return db


def _place_from_row(row: tuple) -> Place:
    return Place(*row[:10], population=row[10] or 0, source=row[11] or "")


def _name_from_row(row: tuple) -> PlaceName:
    return PlaceName(row[0], row[1], row[2], NameFlag(row[3] or 0), row[4], row[5], row[6] or "")


class _Closed:
    """What a closed store reads through: every statement is a GazetteerError naming the file (it
    had been sqlite3's ProgrammingError "Cannot operate on a closed database")."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def execute(self, *args: object) -> NoReturn:
        raise GazetteerError(f"{self.path}: the gazetteer is closed")

    def close(self) -> None:
        pass


def _text_key(value: object, what: str) -> str | None:
    """``value`` as text to look up; None for text that no stored text can equal (half a surrogate
    pair, which SQLite cannot even take); a GazetteerError for anything but text."""
    if not isinstance(value, str):
        raise GazetteerError(f"{what} must be text, not {type(value).__name__} {value!r:.60}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


def _reopened(path: str, key_version: str | None) -> "GazetteerStore":
    """A pickled ``GazetteerStore`` opened again (its file checked as any open checks it)."""
    return GazetteerStore(path, key_version=key_version)


class GazetteerStore:
    """A read-only view of one gazetteer file; cheap to open, safe to share between processes."""

    def __init__(self, path: str | os.PathLike, *, key_version: str | None = None) -> None:
        if not isinstance(path, (str, os.PathLike)):
            raise GazetteerError(f"the gazetteer's path: a file name, not {type(path).__name__}")
        # (Path("") is the current folder: "--gazetteer ''" said ".: no gazetteer file")
        self.path = given_path(path, _EMPTY_GAZETTEER_PATH)
        if not self.path.is_file():
            raise GazetteerError(f"{self.path}: no gazetteer file here")
        absolute = self.path.resolve()  # (also what a pickled copy opens: this process may chdir later)
        try:
            self._db = _connect(f"{absolute.as_uri()}?mode=ro", self.path, reading=True, uri=True)
            rows = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"{self.path}: not a toponorm gazetteer ({exc})") from None
        self.meta: dict[str, str] = rows
        version = rows.get("schema_version")
        if version != str(SCHEMA_VERSION):
            raise GazetteerError(
                f"{self.path}: gazetteer schema version {version}, this toponorm reads version "
                f"{SCHEMA_VERSION}; rebuild it with `toponorm gazetteer build`")
        if key_version is not None and rows.get("key_version") != key_version:
            raise GazetteerError(
                f"{self.path}: indexed with key scheme {rows.get('key_version')}, this toponorm "
                f"uses {key_version}; rebuild it with `toponorm gazetteer build`")
        self._check_tables()
        self._places: dict[int, Place] = {}
        self._key_version = key_version
        self._absolute_path = str(absolute)

    def __reduce__(self) -> tuple:
        """Pickled as its file (absolute: a worker may run elsewhere), opened anew on loading: a
        ``Normaliser`` handed to multiprocessing, joblib, Dask or Spark takes its store along."""
        return (_reopened, (self._absolute_path, self._key_version))

    def _check_tables(self) -> None:
        """Refuse a file that lacks a table every reader queries (one cheap query on the schema)."""
        present = {name for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = [t for t in REQUIRED_TABLES if t not in present]
        if missing:
            self._db.close()
            tables = f"table{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
            raise GazetteerError(f"{self.path}: not a complete toponorm gazetteer (no {tables}); rebuild it")

    def close(self) -> None:
        self._db.close()
        self._db = _Closed(self.path)  # type: ignore[assignment]

    def __enter__(self) -> "GazetteerStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def key_runs(self, kind: str) -> dict[int, bytes] | None:
        """The distinct keys of ``kind`` by length: each run sorted (UTF-8 byte order, SQLite's), every
        key followed by a newline. None where the file holds no runs of the kind (older files, kinds not
        held, a damaged run): the caller then reads the key index itself."""
        try:
            rows = self._db.execute("SELECT length, keys FROM key_runs WHERE kind = ?", (kind,)).fetchall()
            return {n: zlib.decompress(blob) for n, blob in rows} or None
        except (sqlite3.Error, zlib.error):
            return None

    def tagged_place_ids(self) -> frozenset[str] | None:
        """Ids of the places that have a language-tagged name (TAGGED_PLACES_SQL); None where the
        file does not list them (older files, big imports): then any place may have one."""
        if not hasattr(self, "_tagged"):
            try:
                row = self._db.execute("SELECT ids FROM tagged_places").fetchone()
                self._tagged = (frozenset(zlib.decompress(row[0]).decode().split("\n")) - {""}
                                if row else None)
            except (sqlite3.Error, zlib.error, UnicodeDecodeError):
                self._tagged = None
        return self._tagged

    # -- lookups ---------------------------------------------------------------------------
    def place_by_pk(self, pk: int) -> Place:
        place = self._places.get(pk)
        if place is None:
            row = self._db.execute(f"SELECT {_PLACE_COLS} FROM places WHERE pk = ?", (pk,)).fetchone()
            if row is None:
                raise GazetteerError(f"{self.path}: no place row {pk!r}")
            place = self._places[pk] = _place_from_row(row)
        return place

    def place(self, place_id: str) -> Place | None:
        place_id = _text_key(place_id, "a place id")  # type: ignore[assignment]
        if place_id is None:
            return None
        row = self._db.execute("SELECT pk FROM places WHERE id = ?", (place_id,)).fetchone()
        return self.place_by_pk(row[0]) if row else None

    def region(self, code: str) -> Place | None:
        """The region an ISO 3166-2 code names ("US-CA", "FR-13"): the place with that code as its id
        (the default gazetteer's regions), else the first-order admin area a GeoNames import linked
        to the code (its ids are GeoNames'); None where there is none."""
        place = self.place(f"{SUBDIVISION_ID_PREFIX}{code}")
        if place is not None:
            return place
        row = self._db.execute("SELECT pk FROM places WHERE admin1_iso = ? AND feature_code = 'ADM1' "
                               "ORDER BY population DESC LIMIT 1", (code,)).fetchone()
        return self.place_by_pk(row[0]) if row else None

    def names(self, place_id: str) -> list[PlaceName]:
        place_id = _text_key(place_id, "a place id")  # type: ignore[assignment]
        if place_id is None:
            return []
        rows = self._db.execute(
            f"SELECT {_N_NAME_COLS} FROM names n JOIN places p ON n.place = p.pk "
            "WHERE p.id = ? ORDER BY n.pk", (place_id,))
        return [_name_from_row(r) for r in rows]

    def lookup(self, kind: str, key: str, limit: int = 500) -> list[NameHit]:
        """All names indexed under ``key`` of ``kind``, best-populated places first."""
        if isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= 2 ** 63 - 1:
            raise GazetteerError(f"lookup limit: a number of hits, not {limit!r}")
        if _text_key(kind, "a key kind") is None or _text_key(key, "a key") is None:
            return []
        rows = self._db.execute(
            f"SELECT n.place, {_N_NAME_COLS} "
            "FROM keys k JOIN names n ON n.pk = k.name JOIN places p ON p.pk = n.place "
            "WHERE k.kind = ? AND k.key = ? ORDER BY p.population DESC LIMIT ?",
            (kind, key, limit))
        return [NameHit(self.place_by_pk(r[0]), _name_from_row(r[1:]), kind) for r in rows]

    def keys(self, kind: str) -> Iterator[str]:
        """Every distinct key of one kind, for building in-memory blocking indexes."""
        for (key,) in self._db.execute("SELECT DISTINCT key FROM keys WHERE kind = ?", (kind,)):
            yield key

    def execute(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        """Read-only SQL for reports (``gazetteer info``) and the normaliser's own indexes."""
        return self._db.execute(sql, params)

    def sources(self) -> list[dict]:
        cur = self._db.execute("SELECT * FROM sources ORDER BY name")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur]


class _FileLock:
    """An exclusive lock (POSIX ``flock``) on the file a writer extends, held from before it is
    copied until the copy replaces it: two ``gazetteer add`` runs on one file had each copied it,
    and the last to finish dropped the other's places. The second waits, then copies the file the
    first left. Where ``flock`` is missing (Windows) nothing is locked."""

    def __init__(self, path: Path) -> None:
        self._fh: IO[bytes] | None = None
        try:
            import fcntl
        except ImportError:
            return
        while True:  # the lock is the inode's: a file replaced while we waited is locked anew
            try:
                fh = open(path, "rb")
            except OSError:
                return  # unreadable here: GazetteerStore says so, in its words
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            except OSError:  # a file system without locks
                fh.close()
                return
            try:
                current = os.stat(path).st_ino == os.fstat(fh.fileno()).st_ino
            except OSError:
                current = False
            if current:
                self._fh = fh
                return
            fh.close()

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def given_path(path: str | os.PathLike, empty: str) -> Path:
    """``path`` as a Path, refusing what Path would read as another name. An empty one is the error
    ``empty``: Path("") is the current folder, so an empty argument (an unset shell variable) had read
    or built from whatever folder the user was in. A name ending in a slash that is no folder names
    a folder: Path drops the slash, and ``-o g.sqlite/`` had written g.sqlite, ``--gazetteer
    g.sqlite/`` read it (the message is normalise.tableio's for outputs)."""
    text = os.fspath(path)
    if not text:
        raise GazetteerError(empty)
    if isinstance(text, str) and text.endswith(("/", os.sep)) and not os.path.isdir(text):
        raise GazetteerError(f"{text}: a folder name (it ends with {text[-1]}); name a file")
    return Path(path)


def file_in_the_way(path: str | os.PathLike) -> Path | None:
    """The file that stands where a folder above ``path`` should be, if any: no folder can be made
    there, and the OS says only "File exists" (the cache folder named as a file, ``-o file/g.sqlite``)."""
    above = next(p for p in Path(path).parents if p.exists())
    return None if above.is_dir() else above


def _chmod_as_new_file(path: Path) -> None:
    """Give a finished temp file the mode a plain new file gets (mkstemp makes it owner-only)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


class GazetteerWriter:
    """Builds or extends a gazetteer in a temporary file and moves it into place on success.

    Use as a context manager: an exception (or Ctrl-C) leaves the previous file untouched.
    ``key_runs``: keep the held key kinds sorted in ``key_runs`` (KEY_RUNS_SQL); None: as ``base``
    had them (a fresh build: no; they cost a big import ~10% of its time, so builders opt in).
    ``tagged_places``: list the places with a language-tagged name (TAGGED_PLACES_SQL); None: as
    ``base`` had it (a fresh build: no; where most places have tagged names the list saves nothing).
    ``base`` copies an existing gazetteer first, to merge new names into it. A fresh build
    buffers rows and stages keys in a temporary table, writing the clustered key index once,
    sorted, at the end: that is what makes a multi-million-name import fast. A big import may
    instead have its keys staged elsewhere (``add_rows(keys_staged=True)``, ``take_keys_from``).
    """

    def __init__(self, path: str | os.PathLike, index_keys: IndexKeys, key_version: str, *,
                 base: str | os.PathLike | None = None, key_runs: bool | None = None,
                 tagged_places: bool | None = None) -> None:
        self.path = given_path(path, _EMPTY_GAZETTEER_PATH)
        if base is not None:
            given_path(base, _EMPTY_GAZETTEER_PATH)
        self.index_keys = index_keys
        self.key_version = key_version
        self._key_runs = key_runs
        self._tagged_places = tagged_places
        if self.path.is_dir():  # found before the work, not when the finished file is moved there
            raise GazetteerError(f"{self.path}: is a directory")
        # A link stays one: the file it names is replaced (it had become a file of its own, and the
        # gazetteer it named never got the names added); a file replaced keeps its permissions.
        self._target = Path(os.path.realpath(self.path))
        try:
            self._mode: int | None = stat.S_IMODE(os.stat(self._target).st_mode)
        except OSError:
            self._mode = None
        self._lock: _FileLock | None = None
        try:
            self._target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self._target.name}.", suffix=".tmp", dir=self._target.parent)
        except (FileExistsError, NotADirectoryError):  # (it had been "cannot write here (File exists)")
            above = file_in_the_way(self._target)
            raise GazetteerError(f"{self.path}: {above} is a file, not a directory") from None
        except OSError as exc:
            raise GazetteerError(f"{self.path}: cannot write here ({exc.strerror})") from None
        os.close(fd)
        self._tmp = Path(tmp)
        self._incremental = base is not None
        self._db: sqlite3.Connection | None = None
        try:
            if base is not None and self._target.is_file():
                self._lock = _FileLock(self._target)  # before the copy is read: see _FileLock
            self._open(base, key_version)
        except BaseException:  # a damaged base, Ctrl-C: no temp file left behind
            self.abort()
            raise
        self._name_rows: list[tuple] = []
        self._key_rows: list[tuple] = []
        self._maybe_duplicates = False
        self._repeats = RepeatFilter()  # where repeats may be, if every name was noted in it
        self._repeats_complete = True
        self._key_source: Callable[[], Sequence[Path]] | None = None
        self.places_added = 0
        self.names_added = 0
        self.dates_changed = 0  # names already there whose valid_from/valid_to a merge changed

    def _open(self, base: str | os.PathLike | None, key_version: str) -> None:
        """Open the temp file: a copy of ``base``, or a fresh schema."""
        if base is not None:
            GazetteerStore(base, key_version=key_version).close()  # validates schema and keys
            self._db = dst = self._copy_of(Path(base))
            # an extended file keeps (fresh) runs and list of tagged places where it had them
            if self._key_runs is None:
                self._key_runs = _has_table(dst, "key_runs")
            if self._tagged_places is None:
                self._tagged_places = _has_table(dst, "tagged_places")
        else:
            self._tmp.unlink()
            self._db = _connect(self._tmp, self.path, reading=False)  # (a full disk: a one-line error)
            self._db.executescript(_SCHEMA)
        # threads: SQLite's sorter (the key index, the duplicate merge, CREATE INDEX) may use
        # helper threads for the big sorts at the end of a build.
        self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                               "PRAGMA cache_size=-200000; PRAGMA temp_store=FILE; "
                               f"PRAGMA threads={min(os.cpu_count() or 1, 4)};")
        if self._incremental:
            self._db.executescript(_INDEXES)
        else:
            self._db.execute("CREATE TEMP TABLE keys_stage(kind TEXT, key TEXT, name INTEGER)")
        self._db.execute("BEGIN")
        self._next_name_pk = (self._db.execute("SELECT IFNULL(MAX(pk), 0) + 1 FROM names").fetchone()[0])
        self._names_before = self._next_name_pk  # names of lower pks were there before this run

    def _copy_of(self, base: Path) -> _Connection:
        """``base`` copied into the temp file, opened so that damage it carries, met while merging,
        is an error naming ``base`` (the copy is made page by page, so it holds the same damage)."""
        src = sqlite3.connect(f"{base.resolve().as_uri()}?mode=ro", uri=True)
        dst = _connect(self._tmp, base, reading=False)
        try:
            src.backup(dst)
        except sqlite3.DatabaseError as exc:
            dst.close()
            raise damaged_file_error(base, exc) or exc from None
        finally:
            src.close()
        return dst

    def __enter__(self) -> "GazetteerWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.finish()
        else:
            self.abort()

    def set_meta(self, key: str, value: object) -> None:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, text))

    def add_source(self, name: str, *, version: str = "", date: str = "", licence: str = "",
                   url: str = "", attribution: str = "") -> None:
        self._db.execute(
            "INSERT INTO sources(name, version, date, licence, url, attribution) VALUES (?,?,?,?,?,?) "
            "ON CONFLICT(name) DO UPDATE SET version=excluded.version, date=excluded.date, "
            "licence=excluded.licence, url=excluded.url, attribution=excluded.attribution",
            (name, version, date, licence, url, attribution))

    def place_pk(self, place_id: str) -> int | None:
        row = self._db.execute("SELECT pk FROM places WHERE id = ?", (place_id,)).fetchone()
        return row[0] if row else None

    def place_values(self, pk: int, columns: Sequence[str]) -> tuple:
        """A stored place's values of ``columns`` (the places table's, as _PLACE_COLS names them)."""
        unknown = set(columns) - _PLACE_COL_NAMES
        if unknown:
            raise ValueError(f"no such place column: {', '.join(sorted(unknown))}")
        return self._db.execute(f"SELECT {', '.join(columns)} FROM places WHERE pk = ?", (pk,)).fetchone()

    def add_place(self, place: Place, names: Iterable[PlaceName] = (), *,
                  pk: int | None = None) -> int:
        """Insert a place (or, if its id exists, keep the stored one) and add its names.

        ``pk`` lets an importer use the source's own numeric id (GeoNames' geonameid) as the
        row key, so a later pass can attach names without an id -> pk map in memory.
        """
        cur = self._db.execute(
            f"INSERT OR IGNORE INTO places(pk, {_PLACE_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (pk, place.id, place.name, place.feature_class, place.feature_code, place.country,
             place.admin1_code, place.admin1_name, place.admin1_iso, place.lat, place.lon,
             place.population, place.source))
        if cur.rowcount == 1:
            pk = cur.lastrowid
            self.places_added += 1
        else:
            pk = self.place_pk(place.id)
            self._maybe_duplicates = True
        self.add_names(pk, names)
        return pk

    def add_names(self, place_pk: int, names: Iterable[PlaceName]) -> None:
        """Add names to a place; a (text, lang) pair already present merges its flags
        (in a fresh build, duplicates across calls are removed once, at ``finish``)."""
        db = self._db
        seen: set[tuple[str, str | None]] = set()
        for n in names:
            if (n.text, n.lang) in seen or not n.text:
                continue
            seen.add((n.text, n.lang))
            if not self._incremental:
                self._repeats.add(((place_pk, n.text, n.lang),))
            if self._incremental:
                self._flush()
                row = db.execute("SELECT pk, flags, valid_from, valid_to FROM names WHERE place=? AND text=? "
                                 "AND IFNULL(lang,'')=IFNULL(?, '')", (place_pk, n.text, n.lang)).fetchone()
                if row:
                    self._merge_name(row, n)
                    continue
            name_pk = self._next_name_pk
            self._next_name_pk += 1
            self._name_rows.append((name_pk, place_pk, n.text, n.lang, n.script, int(n.flags),
                                    n.valid_from, n.valid_to, n.source))
            self.names_added += 1
            self._key_rows.extend((kind, key, name_pk) for kind, key in set(self.index_keys(n.text, n.lang)))
        if len(self._key_rows) >= _FLUSH_ROWS or len(self._name_rows) >= _FLUSH_ROWS:
            self._flush()

    def _merge_name(self, row: tuple, name: PlaceName) -> None:
        """Merge ``name`` into the stored name ``row`` (pk, flags, valid_from, valid_to): its flags are
        OR-ed in, and the dates it gives replace the stored ones (how a user corrects them), counted in
        ``dates_changed`` so that the change is reported, not silent."""
        pk, flags, valid_from, valid_to = row
        dates = (name.valid_from or valid_from, name.valid_to or valid_to)
        if dates_inverted(*dates):
            raise GazetteerError(f"{name.text!r} would be valid from {dates[0]} to {dates[1]} with the dates "
                                 "it has: from after to")
        self.dates_changed += dates != (valid_from, valid_to) and pk < self._names_before
        self._db.execute("UPDATE names SET flags=?, valid_from=?, valid_to=? WHERE pk=?",
                         (flags | int(name.flags), *dates, pk))

    def add_rows(self, places: Sequence[tuple], names: Sequence[tuple], *,
                 names_unique: bool = False, keys_staged: bool = False) -> int:
        """The importers' fast path: rows as tuples, no objects. Returns the pk of the first of
        ``names`` (the others follow it in order).

        ``places``: (pk, id, name, feature_class, feature_code, country, admin1_code,
        admin1_name, admin1_iso, lat, lon, population, source), pk None for a new one;
        an id already present is kept as stored. ``names``: (place_pk, text, lang, script,
        flags, valid_from, valid_to, source, keys), keys an iterable of (kind, key) pairs.
        With ``keys_staged`` the names have no keys
        field: a key stage (``take_keys_from``) indexes them under the pks this returns.
        Repeated (place, text, lang) pairs are merged at ``finish``, unless the caller
        promises ``names_unique`` (no pair repeats, within these rows or with earlier ones).
        """
        if self._incremental:
            raise GazetteerError(f"{self.path}: add_rows is for fresh builds; use add_place")
        db = self._db
        if places:
            before = db.total_changes
            db.executemany(f"INSERT OR IGNORE INTO places(pk, {_PLACE_COLS}) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", places)
            added = db.total_changes - before
            self.places_added += added
            if added != len(places):
                self._maybe_duplicates = True
                self._check_row_keys(places)
        if not names_unique:
            self._maybe_duplicates = True
            self._repeats.add(names)
        elif names:
            self._repeats_complete = False  # not noted: a later repeat of these means grouping all names
        if keys_staged:
            return self._insert_names(names)
        first = pk = self._next_name_pk
        name_rows, key_rows = self._name_rows, self._key_rows
        for place_pk, text, lang, script, flags, frm, to, source, keys in names:
            name_rows.append((pk, place_pk, text, lang, script, flags, frm, to, source))
            key_rows.extend((kind, key, pk) for kind, key in keys)
            pk += 1
        self.names_added += pk - first
        self._next_name_pk = pk
        if len(key_rows) >= _FLUSH_ROWS or len(name_rows) >= _FLUSH_ROWS:
            self._flush()
        return first

    def _check_row_keys(self, places: Sequence[tuple]) -> None:
        """Some rows were ignored: each must be its own id repeated, never another place holding
        its row key (its names would attach to that place) nor its id under another row key."""
        rows = [(pk, pid) for pk, pid, *_ in places if pk is not None]
        for i in range(0, len(rows), 500):
            part = rows[i:i + 500]
            stored = dict(self._db.execute(
                f"SELECT pk, id FROM places WHERE pk IN ({','.join('?' * len(part))})",
                [pk for pk, _ in part]))
            for pk, pid in part:
                held = stored.get(pk)
                if held is None:
                    raise GazetteerError(f"{self.path}: {pid} is already stored under another row than {pk}")
                if held != pid:
                    raise GazetteerError(f"{self.path}: row {pk} of {pid} is already {held}")

    def _insert_names(self, names: Sequence[tuple]) -> int:
        """Insert key-less name rows straight away (no copy into a buffer): SQLite numbers them
        from ``_next_name_pk``, as the rows buffered before them are written first."""
        self._flush()
        first = self._next_name_pk
        if names:
            self._db.executemany(f"INSERT INTO names(place, {_NAME_COLS}) VALUES (?,?,?,?,?,?,?,?)", names)
            last = self._db.execute("SELECT last_insert_rowid()").fetchone()[0]
            if last != first + len(names) - 1:  # never expected: the staged keys would point elsewhere
                raise GazetteerError(f"{self.path}: names numbered {last - len(names) + 1}.., expected {first}..")
            self._next_name_pk += len(names)
            self.names_added += len(names)
        return first

    def take_keys_from(self, keys_files: Callable[[], Sequence[Path]]) -> None:
        """At ``finish``, copy the key rows of the files ``keys_files()`` returns (their ``keys``
        tables, of this layout, e.g. ``KeyStage.keys_paths``): the names added with ``keys_staged``
        are indexed from there. Called as late as it can be, so the stage may catch up meanwhile."""
        if self._incremental:
            raise GazetteerError(f"{self.path}: staged keys are for fresh builds")
        self._key_source = keys_files

    def _copy_staged_keys(self, files: Sequence[Path]) -> None:
        """Staged key tables into the still empty ``keys``, in index order with no sort, leaving
        out the merged-away names' rows: each file is scanned in its own order (several are
        merged); one file with nothing to leave out is copied by SQLite's transfer optimisation
        (which needs this exact statement). ATTACH needs no open transaction."""
        db = self._db
        db.execute("COMMIT")
        schemas = [f"staged{i}" for i in range(len(files))]
        for schema, path in zip(schemas, files):
            db.execute(f"ATTACH ? AS {schema}", (str(path),))
        db.execute("BEGIN")
        gone = db.execute("SELECT 1 FROM name_gone LIMIT 1").fetchone() is not None
        if len(files) == 1 and not gone:
            db.execute("INSERT INTO main.keys SELECT * FROM staged0.keys")
        elif files:
            where = " WHERE name NOT IN (SELECT pk FROM name_gone)" if gone else ""
            db.execute("INSERT INTO main.keys SELECT * FROM (" + " UNION ALL ".join(
                f"SELECT kind, key, name FROM {s}.keys{where}" for s in schemas) + ") ORDER BY kind, key, name")
        db.execute("COMMIT")
        for schema in schemas:
            db.execute(f"DETACH {schema}")
        db.execute("BEGIN")

    def add_more_names(self, place_pk: int, names: Sequence[PlaceName]) -> None:
        """Names for a place added earlier (an importer's second pass): duplicates are resolved
        at ``finish``, keeping the first (text, lang) and OR-ing the flags of the rest into it."""
        self._maybe_duplicates = True
        self.add_names(place_pk, names)

    def update_admin1(self, admin1: dict[str, tuple[str | None, str | None]]) -> None:
        """Set admin1_name and admin1_iso of every place by its admin1_code, in one pass."""
        self._flush()
        db = self._db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS admin1_map(code TEXT PRIMARY KEY, name TEXT, iso TEXT)")
        db.execute("DELETE FROM admin1_map")
        db.executemany("INSERT INTO admin1_map VALUES (?,?,?)",
                       [(code, name, iso) for code, (name, iso) in admin1.items()])
        # Only rows that change are written (most already hold the name given at import).
        db.execute("UPDATE places SET admin1_name = IFNULL(m.name, places.admin1_name), "
                   "admin1_iso = IFNULL(m.iso, places.admin1_iso) FROM admin1_map m "
                   "WHERE m.code = places.admin1_code "
                   "AND ((m.name IS NOT NULL AND m.name IS NOT places.admin1_name) "
                   "OR (m.iso IS NOT NULL AND m.iso IS NOT places.admin1_iso))")

    def _flush(self) -> None:
        if self._name_rows:
            self._db.executemany(f"INSERT INTO names(pk, place, {_NAME_COLS}) VALUES (?,?,?,?,?,?,?,?,?)",
                                 self._name_rows)
            self._name_rows.clear()
        if self._key_rows:
            table = "OR IGNORE INTO keys" if self._incremental else "INTO keys_stage"
            self._db.executemany(f"INSERT {table}(kind, key, name) VALUES (?,?,?)", self._key_rows)
            self._key_rows.clear()

    def finish(self) -> Path:
        """Index, record counts and metadata, and atomically replace the target file."""
        try:
            self._flush()
            db = self._db
            self.set_meta("schema_version", str(SCHEMA_VERSION))
            self.set_meta("key_version", self.key_version)
            self.set_meta("built_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
            if not self._incremental:
                db.execute("CREATE TEMP TABLE name_gone(pk INTEGER PRIMARY KEY)")
                if self._maybe_duplicates:
                    # A place's (text, lang) may repeat across calls: keep the first of each,
                    # with the flags of all of them (one GROUP BY, over the names of the places
                    # the repeat filter suspects where it saw every name; only repeats are touched).
                    db.execute("CREATE INDEX IF NOT EXISTS names_by_place ON names(place)")
                    db.execute("CREATE TEMP TABLE name_dups(keep INTEGER PRIMARY KEY)")
                    scope = ""
                    if self._repeats_complete:
                        db.execute("CREATE TEMP TABLE dup_places(pk INTEGER PRIMARY KEY)")
                        db.executemany("INSERT INTO dup_places VALUES (?)", ((p,) for p in self._repeats.places))
                        scope = "WHERE place IN (SELECT pk FROM dup_places) "
                    db.execute(f"INSERT INTO name_dups SELECT MIN(pk) FROM names {scope}"
                               "GROUP BY place, text, IFNULL(lang, '') HAVING COUNT(*) > 1")
                    merged = db.execute(
                        "SELECT d.keep, o.pk, o.flags FROM name_dups d JOIN names k ON k.pk = d.keep "
                        "JOIN names o ON o.place = k.place AND o.text = k.text "
                        "AND IFNULL(o.lang, '') = IFNULL(k.lang, '')").fetchall()
                    acc: dict[int, int] = {}
                    for keep, pk, flags in merged:
                        acc[keep] = acc.get(keep, 0) | (flags or 0)
                    db.executemany("UPDATE names SET flags = ? WHERE pk = ?",
                                   [(f, k) for k, f in acc.items()])
                    db.executemany("INSERT INTO name_gone VALUES (?)",
                                   [(pk,) for keep, pk, _ in merged if pk != keep])
                    db.execute("DELETE FROM names WHERE pk IN (SELECT pk FROM name_gone)")
                    db.execute("DROP TABLE name_dups")
                if self._key_source is not None:
                    self._copy_staged_keys(self._key_source())
                db.execute("INSERT OR IGNORE INTO keys(kind, key, name) SELECT kind, key, name FROM "
                           "keys_stage WHERE name NOT IN (SELECT pk FROM name_gone) ORDER BY kind, key, name")
                db.execute("DROP TABLE keys_stage")
                db.execute("DROP TABLE name_gone")
            db.execute("UPDATE sources SET places = (SELECT COUNT(*) FROM places WHERE places.source = "
                       "sources.name), names = (SELECT COUNT(*) FROM names WHERE names.source = "
                       "sources.name)")
            self._write_key_runs(getattr(self.index_keys, "held_kinds", ()) if self._key_runs else ())
            self._write_tagged_places()
            db.execute("COMMIT")
            db.executescript(_INDEXES)
            db.execute("PRAGMA analysis_limit = 2000")  # sampled statistics: seconds, not minutes
            db.execute("ANALYZE")
            db.commit()
            if self._incremental:
                db.execute("VACUUM")
            db.close()
            if self._mode is None:
                _chmod_as_new_file(self._tmp)
            else:
                os.chmod(self._tmp, self._mode)
            self._replace_target()
            self._unlock()
        except BaseException:
            self.abort()
            raise
        return self.path

    def _replace_target(self) -> None:
        """Move the finished temp file into place; a target that cannot be replaced (immutable, in a
        folder that takes no renames) is one line naming it: it had been the OS error naming the temp
        file ("[Errno 1] Operation not permitted: '.g.sqlite.x.tmp' -> 'g.sqlite'")."""
        try:
            os.replace(self._tmp, self._target)
        except OSError as exc:
            if self._mode is None:
                raise GazetteerError(f"{self.path}: cannot create it ({exc.strerror})") from None
            raise GazetteerError(f"{self.path}: cannot replace it ({exc.strerror}); it is unchanged") from None

    def _write_key_runs(self, kinds: Sequence[str]) -> None:
        """(Re)write ``key_runs`` for ``kinds`` from the finished key index; runs of an earlier build
        (an extended file) are dropped first, so they can never disagree with the index."""
        db = self._db
        db.execute("DROP TABLE IF EXISTS key_runs")
        if not kinds:
            return
        db.execute(KEY_RUNS_SQL)
        for kind in kinds:
            # Compressed as they come, through a small buffer per length: a full GeoNames import's
            # tens of millions of keys never sit in memory at once.
            pending: dict[int, bytearray] = {}
            packed: dict[int, tuple] = {}
            for (key,) in db.execute("SELECT DISTINCT key FROM keys WHERE kind = ? ORDER BY key", (kind,)):
                n = len(key)
                buf = pending.get(n)
                if buf is None:
                    buf = pending[n] = bytearray()
                    packed[n] = (zlib.compressobj(6), [])
                buf += key.encode()
                buf += b"\n"
                if len(buf) >= 1 << 16:
                    packer, parts = packed[n]
                    parts.append(packer.compress(buf))
                    buf.clear()
            for n, buf in pending.items():
                packer, parts = packed[n]
                parts += (packer.compress(buf), packer.flush())
                db.execute("INSERT INTO key_runs(kind, length, keys) VALUES (?, ?, ?)", (kind, n, b"".join(parts)))

    def _write_tagged_places(self) -> None:
        """(Re)write ``tagged_places`` where asked; an extended file's earlier list is dropped first."""
        db = self._db
        db.execute("DROP TABLE IF EXISTS tagged_places")
        if not self._tagged_places:
            return
        ids = sorted(i for (i,) in db.execute("SELECT DISTINCT p.id FROM names n JOIN places p "
                                              "ON p.pk = n.place WHERE n.lang IS NOT NULL"))
        db.execute(TAGGED_PLACES_SQL)
        db.execute("INSERT INTO tagged_places(ids) VALUES (?)", (zlib.compress("\n".join(ids).encode(), 6),))

    def abort(self) -> None:
        try:
            if self._db is not None:
                self._db.close()
        finally:
            self._tmp.unlink(missing_ok=True)
            self._unlock()

    def _unlock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
