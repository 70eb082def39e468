"""The Python API given odd input: a one-line toponorm error or the documented answer, never an
exception from inside the library or a silently wrong result (a sweep of 27 Nov 2026 found each)."""
from __future__ import annotations

import json

import pytest

from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.store import GazetteerWriter
from normalise.errors import InputError
from normalise.keys import KEY_VERSION, index_keys

KYIV, PARIS_FR, PARIS_US = "test:kyiv", "test:paris-fr", "test:paris-us"


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory) -> str:
    """Kyiv, two Parises and Lviv, with names in English and Ukrainian."""
    path = tmp_path_factory.mktemp("api") / "g.sqlite"
    official = NameFlag.OFFICIAL
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        w.add_source("test")
        for pid, name, country, people, names in (
                (KYIV, "Kyiv", "UA", 2_900_000, [("Kyiv", "en"), ("Київ", "uk"), ("Kiev", "en")]),
                (PARIS_FR, "Paris", "FR", 2_100_000, [("Paris", "en"), ("Париж", "uk")]),
                (PARIS_US, "Paris", "US", 25_000, [("Paris", "en"), ("Періс", "uk")]),
                ("test:lviv", "Lviv", "UA", 720_000, [("Lviv", "en"), ("Львів", "uk")])):
            place = Place(pid, name, "P", "PPL", country, f"{country}.01", None, None, 0.0, 0.0,
                          people, "test")
            w.add_place(place, [PlaceName(t, lang, flags=official if t == name else NameFlag.NONE,
                                          source="test") for t, lang in names])
    return str(path)


@pytest.fixture()
def norm(gazetteer):
    from normalise import Normaliser
    return Normaliser(gazetteer)


def test_a_batch_cut_short_leaves_no_answer_cached_without_its_output_name(gazetteer):
    """``resolve_many`` caches answers as it makes them and names them in the output language at the
    end of its slice: one that stopped part-way (here at a bad hint) had left "Paris" cached for
    good where "Париж" was asked."""
    from normalise import Normaliser
    norm = Normaliser(gazetteer, output_lang="uk")

    class Stop(Exception):
        pass

    real = norm._out.prefetch
    norm._out.prefetch = lambda *a: (_ for _ in ()).throw(Stop())  # the names' step fails
    with pytest.raises(Stop):
        norm.resolve_many(["Paris", "Kyiv"])
    norm._out.prefetch = real
    assert norm.resolve("Paris").name == "Париж" and norm.resolve("Kyiv").name == "Київ"
    assert [r.name for r in norm.resolve_many(["Paris", "Kyiv"])] == ["Париж", "Київ"]


@pytest.mark.parametrize("as_of", [True, False])
def test_a_bool_is_no_year(norm, as_of):
    with pytest.raises(InputError, match="as_of must be a year"):
        norm.resolve("Kyiv", as_of=as_of)


def test_missing_values_as_a_date_are_no_date(norm, gazetteer):
    pd = pytest.importorskip("pandas")
    from normalise import Normaliser
    for missing in (pd.NA, float("nan"), pd.NaT, "  "):
        assert norm.resolve("Kyiv", as_of=missing).id == KYIV
        assert Normaliser(gazetteer, as_of=missing).as_of is None


@pytest.mark.parametrize("call", [
    lambda n: n.resolve("Kyiv", country="\ud800"),
    lambda n: n.resolve("Kyiv", admin1="\udcff"),
    lambda n: n.resolve("Kyiv", lang="uk\ud800"),
    lambda n: n.resolve_many(["Kyiv"], countries=["\ud800"]),
    lambda n: n.country_code("\ud800"),
    lambda n: n.resolve("Kyiv", context_ids=["\ud800"]),
])
def test_half_a_surrogate_pair_in_a_hint_is_an_input_error(norm, call):
    """It had reached SQLite: UnicodeEncodeError (the same in a name is a per-name reason)."""
    with pytest.raises(InputError):
        call(norm)


def test_a_table_cell_hint_with_half_a_surrogate_pair_keeps_its_row_with_a_reason(gazetteer, tmp_path):
    from normalise.table import normalise_table
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"place": "Paris", "country": "\\ud800"}\n{"place": "Paris", "country": "FR"}\n',
                   encoding="utf-8")
    normalise_table(str(src), str(out), column="place", country_column="country", gazetteer=gazetteer)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["place_id"] is None and "surrogate" in rows[0]["place_reason"]
    assert rows[1]["place_id"] == PARIS_FR


def test_blank_hints_are_no_hints_everywhere(norm, gazetteer):
    """resolve() had noted "unknown country hint '  '" where normalise_values saw no hint."""
    from normalise.table import normalise_values
    assert norm.resolve("Lviv", country="  ").reason is None
    assert norm.resolve_many(["Lviv"], countries=["  "])[0].reason is None
    assert normalise_values(["Lviv"], countries=["  "], gazetteer=gazetteer)[0][-1] is None


@pytest.mark.parametrize("ids, message", [
    (5, "context_ids: a list of values, not int"),
    ("test:kyiv", "context_ids: a list of values, not one str"),
    ([["test:kyiv"]], "context_ids: place ids as text"),
    ([7], "context_ids: place ids as text"),
])
def test_context_ids_of_the_wrong_shape_are_input_errors(norm, ids, message):
    """One id as a string had been read letter by letter; a number or a list a TypeError."""
    with pytest.raises(InputError, match=message):
        norm.resolve("Kyiv", context_ids=ids)
    assert norm.resolve("Paris", context_ids=[KYIV]).id == PARIS_FR


@pytest.mark.parametrize("value", [None, "10", 0, -5, 1.5, True])
def test_a_cache_size_that_is_no_count_is_an_input_error(gazetteer, value):
    """It had been a TypeError at the first resolve, far from the cause."""
    from normalise import Normaliser
    with pytest.raises(InputError, match="cache_size"):
        Normaliser(gazetteer, cache_size=value)


@pytest.mark.parametrize("value", [5, 1.5, b"UA", ["UA"]])
def test_country_code_of_no_text_is_an_input_error(norm, value):
    with pytest.raises(InputError, match="country must be text"):
        norm.country_code(value)
    assert norm.country_code(float("nan")) is None and norm.country_code("  ") is None


def test_values_that_are_equal_but_of_other_types_keep_their_own_query(norm):
    """1, True and 1.0 are equal keys: all three had been answered with the query "1"."""
    got = norm.resolve_many([1, True, 1.0, "Kyiv", 1])
    assert [r.query for r in got] == ["1", "True", "1.0", "Kyiv", "1"]
    assert all(r.reason == "not a text value" for r in got if r.query != "Kyiv")


def test_series_hints_pair_with_names_by_index_label(gazetteer):
    """A Series of countries in another order had been paired by position: each row got another's
    country. Labels that do not match one to one are an error."""
    pd = pytest.importorskip("pandas")
    from normalise.table import normalise_series
    names = pd.Series(["Paris", "Paris"], index=["a", "b"])
    countries = pd.Series(["US", "FR"], index=["b", "a"])
    frame = normalise_series(names, countries=countries, gazetteer=gazetteer)
    assert frame.loc["a", "place_id"] == PARIS_FR and frame.loc["b", "place_id"] == PARIS_US
    by_position = normalise_series(names, countries=countries.to_numpy(), gazetteer=gazetteer)
    assert list(by_position["place_id"]) == [PARIS_US, PARIS_FR]
    with pytest.raises(InputError, match="countries: a Series on other index labels"):
        normalise_series(names, countries=pd.Series(["US", "FR"], index=["a", "c"]), gazetteer=gazetteer)
    with pytest.raises(InputError, match="regions: a Series on other index labels"):
        normalise_series(names, regions=pd.Series(["TX"], index=["a"]), gazetteer=gazetteer)


def test_a_given_normaliser_is_checked_with_the_jobs_options(gazetteer, tmp_path):
    """With ``normaliser=``: a bad hint had become every row's reason (the file written), and a
    gazetteer or min_score given beside it had been ignored in silence."""
    from normalise import Normaliser
    from normalise.table import normalise_table, normalise_values
    norm = Normaliser(gazetteer)
    src = tmp_path / "in.csv"
    src.write_text("place\nParis\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    for kwargs, message in ((dict(as_of="soon"), "as_of must be a year"),
                            (dict(lang="zz-nonsense"), "unknown language"),
                            (dict(min_score=0.99), "min_score and normaliser given together"),
                            (dict(gazetteer=gazetteer), "gazetteer and normaliser given together")):
        with pytest.raises(InputError, match=message):
            normalise_values(["Paris"], normaliser=norm, **kwargs)
        with pytest.raises(InputError, match=message):
            normalise_table(str(src), str(out), column="place", normaliser=norm, **kwargs)
        assert not out.exists()
    with pytest.raises(InputError, match="normaliser: a Normaliser, not str"):
        normalise_values(["Paris"], normaliser="x")
    assert normalise_values(["Paris"], normaliser=norm, as_of=2015)[0][0] == PARIS_FR


@pytest.mark.parametrize("kwargs, message", [
    (dict(chunk_size=1.5), "--chunk-size must be 1 to"), (dict(chunk_size=True), "--chunk-size must be"),
    (dict(cache_size=None), "cache_size must be 1 or more"), (dict(cache_size=0), "cache_size must be"),
])
def test_table_counts_that_are_no_whole_numbers_are_input_errors(gazetteer, tmp_path, kwargs, message):
    """1.5 rows a chunk had been a ValueError from inside the reader, cache_size=None a TypeError."""
    from normalise.table import normalise_table
    src = tmp_path / "in.csv"
    src.write_text("place\nParis\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        normalise_table(str(src), str(tmp_path / "out.csv"), column="place", gazetteer=gazetteer, **kwargs)


def test_the_store_reads_only_what_it_can_and_says_so(gazetteer):
    """GazetteerStore's lookups had let sqlite3 and Python errors out: a list as an id
    (ProgrammingError), a limit of None (IntegrityError), a missing row (TypeError), half a surrogate
    pair (UnicodeEncodeError), and any call after close() (ProgrammingError)."""
    from gazetteer.errors import GazetteerError
    from gazetteer.store import GazetteerStore
    from normalise import Normaliser
    store = GazetteerStore(gazetteer)
    assert store.place(KYIV).name == "Kyiv" and store.place("\ud800") is None
    assert store.names("\ud800") == [] and store.lookup("f", "\ud800") == []
    for call, message in ((lambda: store.place(["x"]), "a place id must be text"),
                          (lambda: store.lookup("f", "paris", None), "lookup limit"),
                          (lambda: store.lookup("f", "paris", 10 ** 20), "lookup limit"),
                          (lambda: store.place_by_pk(-1), "no place row -1"),
                          (lambda: GazetteerStore(5), "a file name, not int")):
        with pytest.raises(GazetteerError, match=message):
            call()
    norm = Normaliser(store)
    assert norm.resolve("Kyiv").id == KYIV
    store.close()
    with pytest.raises(GazetteerError, match="the gazetteer is closed"):
        store.place(KYIV)
    with pytest.raises(GazetteerError, match="the gazetteer is closed"):
        norm.resolve("Lviv")


@pytest.fixture(scope="module")
def marker_places(tmp_path_factory) -> str:
    """Places named as tables write a missing value (GeoNames' names and figures)."""
    path = tmp_path_factory.mktemp("markers") / "g.sqlite"
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        w.add_source("test")
        for pid, name, cls, code, country, people, names in (
                ("geonames:1608452", "Nan", "P", "PPLA", "TH", 80_000, [("Nan", NameFlag.OFFICIAL)]),
                ("geonames:3172215", "None", "P", "PPL", "IT", 7_900, [("None", NameFlag.OFFICIAL)]),
                ("geonames:3355338", "Namibia", "A", "PCLI", "NA", 2_448_000,
                 [("Namibia", NameFlag.OFFICIAL), ("NA", NameFlag.ABBR)])):
            w.add_place(Place(pid, name, cls, code, country, None, None, None, 0.0, 0.0, people, "test"),
                        [PlaceName(t, "en", flags=f, source="test") for t, f in names])
    return str(path)


@pytest.mark.parametrize("cell,place", [("nan", "geonames:1608452"), ("NaN", "geonames:1608452"),
                                        ("None", "geonames:3172215"), (" none ", "geonames:3172215"),
                                        ("NA", "geonames:3355338"), ("<NA>", "geonames:3355338"),
                                        ("NULL", None), ("#N/A", None)])
def test_a_missing_value_marker_is_no_place_and_keeps_the_place_as_a_candidate(marker_places, cell, place):
    """A column written by pandas or Python carries "nan" and "None" for its empty cells: they had been
    Nan, Thailand (0.89) and None, Piedmont (1.00), and "NA" Namibia, at every empty row."""
    from normalise import Normaliser
    norm = Normaliser(marker_places)
    for res in (norm.resolve(cell), norm.resolve_many([cell, "Namibia"])[0]):
        assert (res.id, res.ambiguous) == (None, False), res.to_dict()
        note = "a missing value as tables write one (pandas reads it so), not taken for a place name"
        with_place = "; a place of that name is the first candidate" if place else ""
        assert res.reason == note + with_place, res.reason
        assert [c.id for c in res.candidates[:1]] == ([place] if place else [])


def test_a_missing_value_marker_with_a_country_hint_says_only_that(marker_places):
    """Its namesake's notes ("no match in DE; best match elsewhere") had split the table summary's count."""
    from normalise import Normaliser
    res = Normaliser(marker_places).resolve("None", country="DE")
    assert (res.id, res.reason) == (None, "a missing value as tables write one (pandas reads it so), not taken "
                                          "for a place name; a place of that name is the first candidate")
    assert res.candidates[0].id == "geonames:3172215"


def test_the_names_themselves_are_still_places(marker_places):
    from normalise import Normaliser
    norm = Normaliser(marker_places)
    assert [r.id for r in norm.resolve_many(["Nan", "Namibia", "na"])] == [
        "geonames:1608452", "geonames:3355338", "geonames:3355338"]  # (pandas reads neither as missing)
