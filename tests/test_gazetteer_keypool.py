"""Keys computed beside the importer: packed or not, in a worker or inline, the stored index is the same."""
from __future__ import annotations

import sqlite3

from gazetteer.keypool import KeyPool
from gazetteer.store import GazetteerWriter, pack_keys
from normalise.keys import KEY_VERSION, index_keys

NAMES = [("Pokrovsk", None), ("Покровськ", "uk"), ("Красноармейск", "ru"), ("Sankt-Peterburg", "de"),
         ('O"Brien \\ ’s', None), ("東京", "ja"), ("Zaporizhzhia", None), ("", None)]


def _index(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT kind, key, name FROM keys ORDER BY kind, key, name").fetchall()


def _build(path, keys_for) -> list[tuple]:
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        place = (1, "geonames:1", "X", "P", "PPL", "UA", None, None, None, 0.0, 0.0, 0, "geonames")
        w.add_rows([place], [(1, t, l, None, 0, None, None, "geonames", k)
                             for (t, l), k in zip(NAMES, keys_for(NAMES))])
    return _index(path)


def test_packed_keys_give_the_same_index_as_pairs(tmp_path):
    as_pairs = _build(tmp_path / "a.sqlite", lambda ns: [index_keys(t, l) for t, l in ns])
    packed = _build(tmp_path / "b.sqlite", lambda ns: [pack_keys(index_keys(t, l)) for t, l in ns])
    assert as_pairs == packed
    assert ("f", "obrien \\ s", 5) in packed and ("l", "kharkiv", 1) not in packed
    assert {k for k, _, _ in packed} == {"f", "l", "s"}


def test_worker_and_inline_keys_agree_and_survive_cache_clearing(tmp_path):
    pairs = [(f"{t} {i % 700}", l) for i in range(1600) for t, l in NAMES[i % 7:i % 7 + 1]]
    with KeyPool(index_keys, processes=0) as inline:
        expected = inline.keys(pairs)
    for processes in (0, 1):
        # a cache smaller than a batch is cleared between submitting a batch and collecting it
        with KeyPool(index_keys, processes=processes, cache_size=300, packed=True) as pool:
            first = pool.submit(pairs[:800])
            second = pool.submit(pairs[400:])
            got = first() + second()[400:]
        assert got == [pack_keys(k) for k in expected]
    assert [set(k) for k in expected] == [index_keys(t, l) for t, l in pairs]
