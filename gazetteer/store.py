"""The embedded SQLite store: one file per gazetteer, written atomically, read-only for lookups.

Names are indexed by normalisation keys that the *caller* computes (``index_keys``), so this
module never imports the normaliser; the key scheme's version is recorded in ``meta`` so a
reader can tell a gazetteer indexed with other keys and ask for a rebuild.
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer.model import NameFlag, Place, PlaceName

SCHEMA_VERSION = 1

IndexKeys = Callable[[str, "str | None"], Iterable[tuple[str, str]]]
"""Given a name's text and language, the (kind, key) pairs to index it under."""

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
CREATE TABLE keys(kind TEXT NOT NULL, key TEXT NOT NULL, name INTEGER NOT NULL REFERENCES names(pk));
"""

_INDEXES = """
CREATE INDEX IF NOT EXISTS keys_by_key ON keys(kind, key, name);
CREATE INDEX IF NOT EXISTS names_by_place ON names(place);
CREATE UNIQUE INDEX IF NOT EXISTS names_unique ON names(place, text, IFNULL(lang, ''));
"""

_PLACE_COLS = ("id, name, feature_class, feature_code, country, admin1_code, admin1_name, "
               "admin1_iso, lat, lon, population, source")
_NAME_COLS = "text, lang, script, flags, valid_from, valid_to, source"


@dataclass(frozen=True, slots=True)
class NameHit:
    """A name found under a key, with the place it names."""

    place: Place
    name: PlaceName
    kind: str


def _place_from_row(row: tuple) -> Place:
    return Place(*row[:10], population=row[10] or 0, source=row[11] or "")


def _name_from_row(row: tuple) -> PlaceName:
    return PlaceName(row[0], row[1], row[2], NameFlag(row[3] or 0), row[4], row[5], row[6] or "")


class GazetteerStore:
    """A read-only view of one gazetteer file; cheap to open, safe to share between processes."""

    def __init__(self, path: str | os.PathLike, *, key_version: str | None = None) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerError(f"{self.path}: no gazetteer file here")
        try:
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                       check_same_thread=False)
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
        self._places: dict[int, Place] = {}

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "GazetteerStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lookups ---------------------------------------------------------------------------
    def place_by_pk(self, pk: int) -> Place:
        place = self._places.get(pk)
        if place is None:
            row = self._db.execute(f"SELECT {_PLACE_COLS} FROM places WHERE pk = ?", (pk,)).fetchone()
            place = self._places[pk] = _place_from_row(row)
        return place

    def place(self, place_id: str) -> Place | None:
        row = self._db.execute(f"SELECT pk FROM places WHERE id = ?", (place_id,)).fetchone()
        return self.place_by_pk(row[0]) if row else None

    def names(self, place_id: str) -> list[PlaceName]:
        rows = self._db.execute(
            f"SELECT {_NAME_COLS} FROM names JOIN places ON names.place = places.pk "
            "WHERE places.id = ? ORDER BY names.pk", (place_id,))
        return [_name_from_row(r) for r in rows]

    def lookup(self, kind: str, key: str, limit: int = 500) -> list[NameHit]:
        """All names indexed under ``key`` of ``kind``, best-populated places first."""
        rows = self._db.execute(
            f"SELECT n.place, {', '.join('n.' + c.strip() for c in _NAME_COLS.split(','))} "
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


class GazetteerWriter:
    """Builds or extends a gazetteer in a temporary file and moves it into place on success.

    Use as a context manager: an exception (or Ctrl-C) leaves the previous file untouched.
    ``base`` copies an existing gazetteer first, to merge new names into it.
    """

    def __init__(self, path: str | os.PathLike, index_keys: IndexKeys, key_version: str, *,
                 base: str | os.PathLike | None = None) -> None:
        self.path = Path(path)
        self.index_keys = index_keys
        self.key_version = key_version
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)
        self._tmp = Path(tmp)
        if base is not None:
            GazetteerStore(base, key_version=key_version).close()  # validates schema and keys
            src = sqlite3.connect(f"{Path(base).resolve().as_uri()}?mode=ro", uri=True)
            dst = sqlite3.connect(self._tmp)
            src.backup(dst)
            src.close()
            self._db = dst
        else:
            self._tmp.unlink()
            self._db = sqlite3.connect(self._tmp)
            self._db.executescript(_SCHEMA)
        self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; "
                               "PRAGMA cache_size=-200000; PRAGMA temp_store=MEMORY;")
        self._incremental = base is not None
        if self._incremental:
            self._db.executescript(_INDEXES)
        self._db.execute("BEGIN")
        self.places_added = 0
        self.names_added = 0

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

    def add_place(self, place: Place, names: Iterable[PlaceName] = ()) -> int:
        """Insert a place (or, if its id exists, keep the stored one) and add its names."""
        cur = self._db.execute(
            f"INSERT OR IGNORE INTO places({_PLACE_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (place.id, place.name, place.feature_class, place.feature_code, place.country,
             place.admin1_code, place.admin1_name, place.admin1_iso, place.lat, place.lon,
             place.population, place.source))
        if cur.rowcount == 1:
            pk = cur.lastrowid
            self.places_added += 1
        else:
            pk = self.place_pk(place.id)
        self.add_names(pk, names)
        return pk

    def add_names(self, place_pk: int, names: Iterable[PlaceName]) -> None:
        """Add names to a place; a (text, lang) pair already present merges its flags."""
        db = self._db
        seen: set[tuple[str, str | None]] = set()
        for n in names:
            if (n.text, n.lang) in seen or not n.text:
                continue
            seen.add((n.text, n.lang))
            if self._incremental:
                row = db.execute("SELECT pk, flags FROM names WHERE place=? AND text=? AND "
                                 "IFNULL(lang,'')=IFNULL(?, '')", (place_pk, n.text, n.lang)).fetchone()
                if row:
                    db.execute("UPDATE names SET flags=?, valid_from=IFNULL(?, valid_from), "
                               "valid_to=IFNULL(?, valid_to) WHERE pk=?",
                               (row[1] | int(n.flags), n.valid_from, n.valid_to, row[0]))
                    continue
            cur = db.execute(
                f"INSERT INTO names(place, {_NAME_COLS}) VALUES (?,?,?,?,?,?,?,?)",
                (place_pk, n.text, n.lang, n.script, int(n.flags), n.valid_from, n.valid_to, n.source))
            name_pk = cur.lastrowid
            self.names_added += 1
            db.executemany("INSERT INTO keys(kind, key, name) VALUES (?,?,?)",
                           [(kind, key, name_pk) for kind, key in set(self.index_keys(n.text, n.lang))])

    def finish(self) -> Path:
        """Index, record counts and metadata, and atomically replace the target file."""
        db = self._db
        self.set_meta("schema_version", str(SCHEMA_VERSION))
        self.set_meta("key_version", self.key_version)
        self.set_meta("built_at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        db.execute("UPDATE sources SET places = (SELECT COUNT(*) FROM places WHERE places.source = "
                   "sources.name), names = (SELECT COUNT(*) FROM names WHERE names.source = sources.name)")
        db.execute("COMMIT")
        if not self._incremental:
            # Drop duplicate (place, text, lang) rows a bulk build may have written, then index.
            db.executescript("""
                DELETE FROM keys WHERE name IN (SELECT pk FROM names WHERE pk NOT IN
                    (SELECT MIN(pk) FROM names GROUP BY place, text, IFNULL(lang, '')));
                DELETE FROM names WHERE pk NOT IN
                    (SELECT MIN(pk) FROM names GROUP BY place, text, IFNULL(lang, ''));
            """)
        db.executescript(_INDEXES)
        db.execute("ANALYZE")
        db.commit()
        db.execute("VACUUM") if self._incremental else None
        db.close()
        os.replace(self._tmp, self.path)
        return self.path

    def abort(self) -> None:
        try:
            self._db.close()
        finally:
            self._tmp.unlink(missing_ok=True)
