"""The SQLite store: round trip, atomic writes, schema/key checks, merging duplicate names."""
from __future__ import annotations

import re
import sqlite3

import pytest

from gazetteer.errors import GazetteerError
from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.store import SCHEMA_VERSION, GazetteerStore, GazetteerWriter
from gazetteer_helpers import fake_keys, spoil_page

POKROVSK = Place("geonames:704422", "Pokrovsk", "P", "PPL", "UA", "UA.05", "Donetsk", "UA-14",
                 48.28, 37.18, 60127, "geonames")


def _build(path, names=None):
    with GazetteerWriter(path, fake_keys, "t1") as w:
        w.add_source("geonames", licence="CC BY 4.0")
        w.add_place(POKROVSK, names or [PlaceName("Pokrovsk", "en", "Latn", NameFlag.OFFICIAL),
                                        PlaceName("Красноармейск", "ru", "Cyrl", NameFlag.HISTORIC,
                                                  None, "2016")])
    return path


def test_round_trip(tmp_path):
    path = _build(tmp_path / "g.sqlite")
    with GazetteerStore(path, key_version="t1") as s:
        assert s.place("geonames:704422") == POKROVSK
        hits = s.lookup("f", "красноармейск")
        assert [h.place.id for h in hits] == ["geonames:704422"]
        assert hits[0].name.flags == NameFlag.HISTORIC and hits[0].name.valid_to == "2016"
        assert [n.text for n in s.names("geonames:704422")] == ["Pokrovsk", "Красноармейск"]
        assert sorted(s.keys("f")) == ["pokrovsk", "красноармейск"]
        assert s.sources()[0]["places"] == 1 and s.sources()[0]["licence"] == "CC BY 4.0"
        assert s.meta["schema_version"] == str(SCHEMA_VERSION)


def test_failed_build_leaves_previous_file_and_no_temp(tmp_path):
    path = _build(tmp_path / "g.sqlite")
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        with GazetteerWriter(path, fake_keys, "t1") as w:
            w.add_place(POKROVSK, [PlaceName("X")])
            raise RuntimeError("interrupted")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.sqlite"]


def test_old_schema_and_wrong_keys_and_not_a_gazetteer(tmp_path):
    path = _build(tmp_path / "g.sqlite")
    with pytest.raises(GazetteerError, match="indexed with key scheme t1"):
        GazetteerStore(path, key_version="t2")
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    with pytest.raises(GazetteerError, match="schema version 1.*rebuild"):
        GazetteerStore(path)
    junk = tmp_path / "junk.sqlite"
    junk.write_text("hello\n")
    with pytest.raises(GazetteerError, match="not a toponorm gazetteer"):
        GazetteerStore(junk)
    with pytest.raises(GazetteerError, match="no gazetteer file"):
        GazetteerStore(tmp_path / "missing.sqlite")


def test_second_pass_names_merge_flags_and_update_admin1(tmp_path):
    path = tmp_path / "g.sqlite"
    with GazetteerWriter(path, fake_keys, "t1") as w:
        pk = w.add_place(Place("geonames:1", "Kyiv", admin1_code="UA.12"), [PlaceName("Kyiv", "en")], pk=1)
        w.add_more_names(pk, [PlaceName("Kyiv", "en", flags=NameFlag.PREFERRED)])
        w.add_more_names(pk, [PlaceName("Kiev", "en", flags=NameFlag.HISTORIC)])
        w.update_admin1({"UA.12": ("Kyiv City", "UA-30")})
    with GazetteerStore(path) as s:
        names = s.names("geonames:1")
        assert [(n.text, n.flags) for n in names] == [("Kyiv", NameFlag.PREFERRED),
                                                       ("Kiev", NameFlag.HISTORIC)]
        assert s.place("geonames:1").admin1_iso == "UA-30"
        assert s.place_by_pk(1).admin1_name == "Kyiv City"
        assert len(s.lookup("f", "kyiv")) == 1


@pytest.mark.parametrize("first_unique", [False, True])
def test_repeats_merge_whether_or_not_the_repeat_filter_saw_every_name(tmp_path, first_unique):
    """Rows promised unique skip the repeat filter; a later repeat of them still merges (then by
    grouping every name). A missing language and an empty one are the same name."""
    path = tmp_path / "g.sqlite"
    row = (1, "geonames:1", "Kyiv", "P", "PPL", "UA", None, None, None, 50.4, 30.5, 0, "geonames")
    with GazetteerWriter(path, fake_keys, "t1") as w:
        w.add_rows([row], [(1, "Kyiv", None, "Latn", int(NameFlag.OFFICIAL), None, None, "geonames",
                            fake_keys("Kyiv")),
                           (1, "Kiev", "en", "Latn", 0, None, None, "geonames", fake_keys("Kiev"))],
                   names_unique=first_unique)
        w.add_rows([], [(1, "Kyiv", "", "Latn", int(NameFlag.PREFERRED), None, None, "geonames",
                         fake_keys("Kyiv")),
                        (1, "Kyiv 0", None, "Latn", 0, None, None, "geonames", fake_keys("Kyiv 0"))])
        w.add_more_names(1, [PlaceName("Kiev", "en", flags=NameFlag.HISTORIC), PlaceName("Kiev", "uk")])
    with GazetteerStore(path) as s:
        assert [(n.text, n.lang, n.flags) for n in s.names("geonames:1")] == [
            ("Kyiv", None, NameFlag.OFFICIAL | NameFlag.PREFERRED), ("Kiev", "en", NameFlag.HISTORIC),
            ("Kyiv 0", None, NameFlag(0)), ("Kiev", "uk", NameFlag(0))]
        assert [h.name.text for h in s.lookup("f", "kyiv")] == ["Kyiv"]  # the merged-away copy's key is gone


def test_incremental_writer_merges_into_a_copy(tmp_path):
    path = _build(tmp_path / "g.sqlite")
    with GazetteerWriter(path, fake_keys, "t1", base=path) as w:
        pk = w.place_pk("geonames:704422")
        w.add_names(pk, [PlaceName("Pokrovsk", "en", flags=NameFlag.PREFERRED),
                         PlaceName("Покровськ", "uk")])
    with GazetteerStore(path) as s:
        flags = {n.text: n.flags for n in s.names("geonames:704422")}
        assert flags["Pokrovsk"] == NameFlag.OFFICIAL | NameFlag.PREFERRED
        assert s.lookup("f", "покровськ")[0].place.id == "geonames:704422"


def test_fast_path_rows_never_attach_to_another_place(tmp_path):
    """The row key of a place written by the tuple fast path (a geonameid) may already be taken by a
    place with a new row (the default build once wrote ISO subdivisions first): an error, never
    names silently attached to the other place."""
    def row(pk, pid):
        return (pk, pid, "X", "P", "PPL", "IR", None, None, None, 0.0, 0.0, 0, "geonames")

    with pytest.raises(GazetteerError, match="row 1 of geonames:1 is already iso3166-2:IR-01"):
        with GazetteerWriter(tmp_path / "a.sqlite", fake_keys, "t") as w:
            w.add_place(Place("iso3166-2:IR-01", "Province", "A", "ADM1", "IR"), [PlaceName("Province")])
            w.add_rows([row(1, "geonames:1")], [(1, "Village", None, None, 0, None, None, "geonames", ())])
    with pytest.raises(GazetteerError, match="geonames:1 is already stored under another row than 2"):
        with GazetteerWriter(tmp_path / "b.sqlite", fake_keys, "t") as w:
            w.add_rows([row(1, "geonames:1"), row(2, "geonames:1")], [])
    with GazetteerWriter(tmp_path / "c.sqlite", fake_keys, "t") as w:  # a repeated row is fine
        w.add_rows([row(1, "geonames:1"), row(1, "geonames:1")], [])
    assert not (tmp_path / "a.sqlite").exists() and (tmp_path / "c.sqlite").exists()


def _held_keys(text, lang=None):
    return fake_keys(text, lang)


_held_keys.held_kinds = ("f",)


def test_key_runs_hold_the_sorted_distinct_keys_of_held_kinds_only(tmp_path):
    path = tmp_path / "g.sqlite"
    with GazetteerWriter(path, _held_keys, "t1", key_runs=True) as w:
        w.add_place(POKROVSK, [PlaceName("Pokrovsk", "en"), PlaceName("Красноармейск", "ru"),
                               PlaceName("Grishino", None), PlaceName("pokrovsk", "de")])
    with GazetteerStore(path) as s:
        runs = s.key_runs("f")
        want = sorted(set(s.keys("f")), key=str.encode)
        assert sorted(runs) == sorted({len(k) for k in want})
        for n, run in runs.items():
            assert run.endswith(b"\n")
            assert run.decode().split("\n")[:-1] == [k for k in want if len(k) == n]
        assert s.key_runs("l") is None  # not a held kind
    with GazetteerStore(_build(tmp_path / "plain.sqlite")) as s:
        assert s.key_runs("f") is None  # keys without held kinds: no runs
    with GazetteerWriter(tmp_path / "unasked.sqlite", _held_keys, "t1") as w:
        w.add_place(POKROVSK, [PlaceName("Pokrovsk", "en")])
    with GazetteerStore(tmp_path / "unasked.sqlite") as s:
        assert s.key_runs("f") is None  # a builder that does not ask for runs gets none


def test_extending_a_file_rewrites_its_key_runs(tmp_path):
    path = tmp_path / "g.sqlite"
    with GazetteerWriter(path, _held_keys, "t1", key_runs=True) as w:
        w.add_place(POKROVSK, [PlaceName("Pokrovsk", "en")])
    with GazetteerWriter(path, _held_keys, "t1", base=path) as w:  # runs kept: the base had them
        w.add_names(w.place_pk("geonames:704422"), [PlaceName("Покровськ", "uk")])
    with GazetteerStore(path) as s:
        held = sorted(b"".join(s.key_runs("f").values()).decode().split("\n")[:-1])
        assert held == sorted(set(s.keys("f"))) and "покровськ" in held
    with GazetteerWriter(path, fake_keys, "t1", base=path) as w:  # keys without held kinds: runs dropped
        w.add_names(w.place_pk("geonames:704422"), [PlaceName("Grishino", "ru")])
    with GazetteerStore(path) as s:
        assert s.key_runs("f") is None


def test_a_damaged_key_run_reads_as_none(tmp_path):
    path = tmp_path / "g.sqlite"
    with GazetteerWriter(path, _held_keys, "t1", key_runs=True) as w:
        w.add_place(POKROVSK, [PlaceName("Pokrovsk", "en")])
    with sqlite3.connect(path) as db:
        db.execute("UPDATE key_runs SET keys = x'00ff00'")
    with GazetteerStore(path) as s:
        assert s.key_runs("f") is None


def test_long_key_runs_are_compressed_in_pieces_and_read_back_whole(tmp_path):
    """A run larger than the writer's 64 KB buffer (a real import's are) comes back complete and sorted."""
    import random

    rng = random.Random(3)
    texts = {"".join(rng.choice("abcdefghijklmnopqrstuvwxyzäö") for _ in range(9)) for _ in range(20_000)}
    path = tmp_path / "g.sqlite"
    with GazetteerWriter(path, _held_keys, "t1", key_runs=True) as w:
        w.add_place(POKROVSK, [PlaceName(t, None) for t in sorted(texts)])
    with GazetteerStore(path) as s:
        runs = s.key_runs("f")
    assert len(runs[9]) > 3 * (1 << 16)
    assert runs[9].decode().split("\n")[:-1] == sorted(texts, key=str.encode)


KHARKIV = Place("geonames:706483", "Kharkiv", "P", "PPL", "UA", "UA.07", None, None, 50.0, 36.2, 1_430_885,
                "geonames")


def test_tagged_places_list_the_places_with_a_language_tagged_name(tmp_path):
    path = tmp_path / "g.sqlite"
    with GazetteerWriter(path, fake_keys, "t1", tagged_places=True) as w:
        w.add_place(POKROVSK, [PlaceName("Pokrovsk", "en"), PlaceName("Grishino", None)])
        w.add_place(KHARKIV, [PlaceName("Kharkiv", None), PlaceName("Харків", None)])
    with GazetteerStore(path) as s:
        assert s.tagged_place_ids() == {"geonames:704422"}
    with GazetteerWriter(path, fake_keys, "t1", base=path) as w:  # rewritten: the base had a list
        w.add_names(w.place_pk("geonames:706483"), [PlaceName("Charkiw", "de")])
    with GazetteerStore(path) as s:
        assert s.tagged_place_ids() == {"geonames:704422", "geonames:706483"}
    with GazetteerStore(_build(tmp_path / "plain.sqlite")) as s:
        assert s.tagged_place_ids() is None  # not asked for: any place may have tagged names
    with sqlite3.connect(path) as db:
        db.execute("UPDATE tagged_places SET ids = x'00ff00'")
    with GazetteerStore(path) as s:
        assert s.tagged_place_ids() is None  # damaged: as if absent


def _meta_only_copy(path, out):
    """A file with only ``path``'s meta table: opens, has the right versions, lacks the rest."""
    with sqlite3.connect(path) as src:
        rows = src.execute("SELECT key, value FROM meta").fetchall()
    with sqlite3.connect(out) as db:
        db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.executemany("INSERT INTO meta VALUES (?, ?)", rows)
    return out


def test_a_file_without_the_tables_readers_query_is_refused_when_it_opens(tmp_path):
    path = _meta_only_copy(_build(tmp_path / "g.sqlite"), tmp_path / "meta.sqlite")
    with pytest.raises(GazetteerError, match=r"meta.sqlite: not a complete toponorm gazetteer "
                                             r"\(no tables sources, places, names, keys\); rebuild it"):
        GazetteerStore(path, key_version="t1")
    with pytest.raises(GazetteerError, match="meta.sqlite: not a complete"):
        GazetteerWriter(tmp_path / "out.sqlite", fake_keys, "t1", base=path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.sqlite", "meta.sqlite"]


def test_a_corrupt_page_met_mid_scan_or_in_a_merge_is_an_error_naming_the_file(tmp_path):
    path = _build(tmp_path / "g.sqlite", [PlaceName(f"Pokrovsk {i}", "en") for i in range(3000)])
    spoil_page(path, "names", last_leaf=True)
    before = path.read_bytes()
    with GazetteerStore(path, key_version="t1") as s:
        rows = s.execute("SELECT text FROM names")
        assert next(iter(rows))  # the first pages read fine
        with pytest.raises(GazetteerError, match=r"g.sqlite: the gazetteer file is corrupt "
                                                 r"\(database disk image is malformed\); rebuild it"):
            list(rows)
        with pytest.raises(GazetteerError, match="g.sqlite: the gazetteer file is corrupt"):
            s.names(POKROVSK.id)
    with pytest.raises(GazetteerError, match="g.sqlite: the gazetteer file is corrupt"):
        with GazetteerWriter(path, fake_keys, "t1", base=path) as w:
            w.add_names(w.place_pk(POKROVSK.id), [PlaceName("Grishino", "ru")])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.sqlite"]


def test_sql_errors_of_ours_are_not_blamed_on_the_file(tmp_path):
    """Only a damaged file is the user's problem; a bad statement stays a bug (an internal error)."""
    with GazetteerStore(_build(tmp_path / "g.sqlite"), key_version="t1") as s:
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            s.execute("SELECT * FROM nowhere")


def test_a_writer_refuses_a_directory_before_any_work(tmp_path):
    (tmp_path / "folder").mkdir()
    with pytest.raises(GazetteerError, match="folder: is a directory"):
        GazetteerWriter(tmp_path / "folder", fake_keys, "t1")
    assert [p.name for p in tmp_path.iterdir()] == ["folder"]


@pytest.mark.parametrize("extend", [False, True])
def test_a_full_disk_is_a_one_line_error_and_the_file_is_left_as_it_was(tmp_path, extend):
    """A build onto a full disk had been an internal error (a bare sqlite3 OperationalError), and an
    add had called the intact gazetteer corrupt (the integrity check ran on its copy, cut short).
    The disk is filled by capping the temp file's pages (SQLite says "database or disk is full")."""
    path = _build(tmp_path / "g.sqlite")
    before = path.read_bytes()
    with pytest.raises(GazetteerError, match=r"g.sqlite: cannot write the gazetteer \(database or disk is "
                                             r"full\); it is unchanged"):
        with GazetteerWriter(path, fake_keys, "t1", base=path if extend else None) as w:
            pages = w._db.execute("PRAGMA page_count").fetchone()[0]
            w._db.execute(f"PRAGMA max_page_count = {pages + 2}")
            for i in range(3000):
                w.add_place(Place(f"custom:{i}", f"Town {i}"), [PlaceName(f"Town {i} " + "x" * 200)])
            w._flush()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["g.sqlite"]


def test_a_gazetteer_name_ending_in_a_slash_is_refused_by_store_and_writer(tmp_path):
    """Path drops the slash: "g.sqlite/" had been read, and written, as g.sqlite."""
    path = _build(tmp_path / "g.sqlite")
    with pytest.raises(GazetteerError, match=r"g\.sqlite/: a folder name \(it ends with /\); name a file$"):
        GazetteerStore(f"{path}/")
    with pytest.raises(GazetteerError, match=r"new\.sqlite/: a folder name"):
        GazetteerWriter(f"{tmp_path}/new.sqlite/", fake_keys, "t1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.sqlite"]


@pytest.mark.parametrize("existing", [True, False])
def test_a_target_that_cannot_be_replaced_is_one_line_naming_it(tmp_path, monkeypatch, existing):
    """An immutable file (chattr +i) or a folder that takes no renames: the error had named the temp
    file ("[Errno 1] Operation not permitted: '.g.sqlite.x.tmp' -> 'g.sqlite'"), after the whole build.
    (Simulated: tests run as root, where a read-only folder stops nothing.)"""
    import os

    path = tmp_path / "g.sqlite"
    if existing:
        _build(path)
    before = path.read_bytes() if existing else None

    def refuse(src, dst):
        raise PermissionError(1, "Operation not permitted", str(src), None, str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    message = "cannot replace it (Operation not permitted); it is unchanged" if existing else \
        "cannot create it (Operation not permitted)"
    with pytest.raises(GazetteerError, match=rf"^{path}: {re.escape(message)}$"):
        _build(path)
    assert (path.read_bytes() if existing else None) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == (["g.sqlite"] if existing else [])
