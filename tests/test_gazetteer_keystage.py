"""The key index built beside the importer (keystage.py): the same store, row for row, whichever
process computed which keys, and the same as before the speed work."""
from __future__ import annotations

import json
import sqlite3
import time

import pytest

from gazetteer.errors import GazetteerError
from gazetteer.geonames import build_from_geonames
from gazetteer.keystage import KeyStage
from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.store import GazetteerWriter
from gazetteer_helpers import FIXTURES, make_dump
from normalise.keys import KEY_VERSION, index_keys

# (place, text, lang): repeats within a place (merged at finish, their keys dropped), a name
# shared by two places, scripts and a name with no letters.
NAMES = [(1, "Pokrovsk", None), (1, "Покровськ", "uk"), (1, "Красноармейск", "ru"), (1, "Pokrovsk", None),
         (2, "Pokrovsk", None), (2, "Sankt-Peterburg", "de"), (2, "東京", "ja"), (1, "Покровськ", "uk"),
         (2, "O'Brien's", "en"), (3, "Zaporizhzhia", None), (3, "12", None), (3, "Zaporizhzhia", None)]


def _tables(path) -> dict[str, list]:
    with sqlite3.connect(path) as db:
        return {"places": db.execute("SELECT * FROM places ORDER BY pk").fetchall(),
                "names": db.execute("SELECT * FROM names ORDER BY pk").fetchall(),
                "keys": db.execute("SELECT * FROM keys ORDER BY kind, key, name").fetchall()}


def test_import_matches_the_store_recorded_before_the_speed_work(tmp_path):
    """expected_store.json: the fixture dump imported by the importer as it was before keystage.py."""
    out = tmp_path / "g.sqlite"
    build_from_geonames(make_dump(tmp_path / "dump"), out, index_keys, KEY_VERSION)
    expected = json.loads((FIXTURES / "expected_store.json").read_text(encoding="utf-8"))
    got = _tables(out)
    with sqlite3.connect(out) as db:
        got["sources"] = db.execute("SELECT name, version, licence, url, attribution, places, names "
                                    "FROM sources ORDER BY name").fetchall()
    for table, rows in expected.items():
        assert [list(r) for r in got[table]] == rows, table


def _reference(path) -> dict[str, list]:
    """The writer's generic path: objects, keys computed by the writer itself."""
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        for pk in (1, 2, 3):
            w.add_place(Place(f"geonames:{pk}", f"P{pk}", "P", "PPL", "UA"), pk=pk)
        for place, text, lang in NAMES:
            w.add_more_names(place, [PlaceName(text, lang, None, NameFlag.OFFICIAL if lang else NameFlag(0))])
    return _tables(path)


def _staged(path, batches: list[list[tuple]], keys=index_keys, **stage_options) -> tuple[dict[str, list], int]:
    """The importers' fast path: tuples, and keys staged under the pks ``add_rows`` returns; the
    tables, and how many batches the importer's process indexed itself."""
    with KeyStage(keys, path.parent, **stage_options) as stage, GazetteerWriter(path, keys, KEY_VERSION) as w:
        w.take_keys_from(stage.keys_paths)
        w.add_rows([(pk, f"geonames:{pk}", f"P{pk}", "P", "PPL", "UA", None, None, None, None, None, 0, "")
                    for pk in (1, 2, 3)], [])
        for batch in batches:
            rows = [(place, text, lang, None, int(NameFlag.OFFICIAL) if lang else 0, None, None, "")
                    for place, text, lang in batch]
            stage.submit(w.add_rows((), rows, keys_staged=True), [r[1] for r in rows], [r[2] for r in rows])
        here = stage.batches_here
        assert len(stage.keys_paths()) == 1
    return _tables(path), here


def _slow_at_first(text, lang=None):
    """Keys that take a while for the first name: the worker falls behind, the importer steps in."""
    if (text, lang) == NAMES[0][1:]:
        time.sleep(0.3)
    return index_keys(text, lang)


@pytest.mark.parametrize("processes", [0, 1])
def test_worker_or_inline_gives_the_writers_own_index(tmp_path, processes):
    reference = _reference(tmp_path / "ref.sqlite")
    assert len(reference["names"]) == 9 and ("f", "pokrovsk", 5) in reference["keys"]
    got, here = _staged(tmp_path / "s.sqlite", [NAMES[:4], NAMES[4:8], NAMES[8:]], processes=processes)
    assert got == reference
    assert processes == 1 or here == 3  # (with a worker, how the work was shared depends on timing)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ref.sqlite", "s.sqlite"]  # staging files gone


def test_batches_the_busy_worker_has_no_room_for_are_indexed_here_and_taken_in(tmp_path):
    reference = _reference(tmp_path / "ref.sqlite")
    got, here = _staged(tmp_path / "s.sqlite", [[n] for n in NAMES], keys=_slow_at_first, processes=1)
    assert 0 < here < len(NAMES)  # this process's file was merged into the worker's at the end
    assert got == reference


def test_a_failing_key_function_is_a_one_line_error_and_leaves_no_files(tmp_path):
    def broken(text, lang=None):
        raise ValueError("no keys today")

    with pytest.raises(GazetteerError, match=r"computing index keys failed \(ValueError: no keys today\)"):
        _staged(tmp_path / "g.sqlite", [NAMES[:3]], keys=broken, processes=1)
    assert list(tmp_path.iterdir()) == []
