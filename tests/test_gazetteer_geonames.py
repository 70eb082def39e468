"""The GeoNames dump importer on hand-written fixtures (zipped at test time) and the real cities15000."""
from __future__ import annotations

import zipfile

import pytest

from gazetteer.errors import GazetteerError
from gazetteer.geonames import build_from_geonames
from gazetteer.model import NameFlag
from gazetteer.store import GazetteerStore
from gazetteer_helpers import FIXTURES, make_dump
from normalise.keys import KEY_VERSION, index_keys


def _found(store, text, lang=None):
    """Place ids found under any of the normaliser's keys of ``text`` (never hard-coded keys)."""
    return {h.place.id for kind, key in index_keys(text, lang) for h in store.lookup(kind, key)}


def _names(store, place_id):
    return {(n.text, n.lang): n for n in store.names(place_id)}


def test_full_dump_keeps_languages_flags_and_dates(tmp_path):
    dump = make_dump(tmp_path / "dump")
    out = tmp_path / "g.sqlite"
    report = build_from_geonames(dump, out, index_keys, KEY_VERSION)
    assert report.places == 9 and not report.bad_rows  # 8 rows + Russia from countryInfo
    assert report.pseudo_language_rows == 5  # link, wkdt, post, iata, fr_1793 (not abbr)
    assert report.alternate_names_for_other_places == 1
    with GazetteerStore(out, key_version=KEY_VERSION) as s:
        pokrovsk = s.place("geonames:704422")
        assert (pokrovsk.admin1_code, pokrovsk.admin1_name, pokrovsk.admin1_iso) == ("UA.05", "Donetsk", "UA-14")
        names = _names(s, "geonames:704422")
        old = names[("Красноармейск", "ru")]
        assert old.flags == NameFlag.HISTORIC and old.valid_to == "2016"
        assert names[("Покровськ", "uk")].flags == NameFlag.PREFERRED
        assert names[("Pokrovsk", None)].flags == NameFlag.OFFICIAL
        assert names[("Grishino", None)].flags == NameFlag.HISTORIC
        assert not any(t.startswith("http") or t in ("Q1", "85300") for t, _ in names)
        spb = _names(s, "geonames:498817")
        assert spb[("SPb", None)].flags == NameFlag.ABBR
        assert spb[("Питер", "ru")].flags == NameFlag.COLLOQUIAL
        assert spb[("Ленинград", "ru")].valid_from == "1924"
        assert "geonames:704422" in _found(s, "Красноармейск", "ru")
        assert s.sources()[0]["licence"] == "CC BY 4.0"


def test_filters_and_per_country_file(tmp_path):
    dump = make_dump(tmp_path / "dump", table="UA")
    out = tmp_path / "g.sqlite"
    report = build_from_geonames(dump, out, index_keys, KEY_VERSION, countries=["ua"],
                                 min_population=1000, feature_classes=["P"])
    with GazetteerStore(out) as s:
        ids = {r[0] for r in s.execute("SELECT id FROM places")}
    assert "geonames:704422" in ids
    assert "geonames:704409" not in ids       # 861 people
    assert "geonames:498817" not in ids       # RU
    assert "geonames:690791" not in ids       # class A
    assert report.rows_filtered == 3


def test_bad_rows_are_counted_not_fatal(tmp_path):
    lines = (FIXTURES / "places.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    bad = lines[:2] + ["123\tonly\tthree\n", "x1\t" + lines[2].split("\t", 1)[1]] + lines[2:]
    raw = "".join(bad).encode("utf-8") + b"555\tBad \xff byte" + b"\tx" * 17 + b"\n"
    dump = make_dump(tmp_path / "dump")
    with zipfile.ZipFile(dump / "allCountries.zip", "w") as zf:
        zf.writestr("allCountries.txt", raw)
    report = build_from_geonames(dump, tmp_path / "g.sqlite", index_keys, KEY_VERSION)
    assert dict(report.bad_rows) == {"columns": 1, "number": 1, "encoding": 1}
    assert report.first_bad["columns"].endswith("allCountries.zip:3")
    assert report.places == 9
    assert "bad rows (number): 1" in report.summary()


@pytest.mark.parametrize("breakage, message", [
    ("corrupt", "corrupt or unreadable zip"),
    ("no table", "no GeoNames table"),
    ("wrong file", "expected 19"),
    ("latin-1", "not UTF-8"),
])
def test_bad_dumps_are_one_line_errors_and_leave_no_file(tmp_path, breakage, message):
    dump = make_dump(tmp_path / "dump")
    table = dump / "allCountries.zip"
    if breakage == "corrupt":
        table.write_bytes(table.read_bytes()[:40])
    elif breakage == "no table":
        table.unlink()
    elif breakage == "wrong file":
        with zipfile.ZipFile(table, "w") as zf:
            zf.writestr("allCountries.txt", "a,b,c\n")
    else:
        text = (FIXTURES / "places.txt").read_text(encoding="utf-8") * 30
        with zipfile.ZipFile(table, "w") as zf:
            zf.writestr("allCountries.txt", text.encode("cp1251"))
    out = tmp_path / "out" / "g.sqlite"
    with pytest.raises(GazetteerError, match=message) as err:
        build_from_geonames(dump, out, index_keys, KEY_VERSION)
    assert "\n" not in str(err.value)
    assert not out.exists() and not any((tmp_path / "out").glob("*")) if (tmp_path / "out").exists() else True


def test_unknown_country_is_an_error(tmp_path):
    dump = make_dump(tmp_path / "dump")
    with pytest.raises(GazetteerError, match="unknown country code.*XX"):
        build_from_geonames(dump, tmp_path / "g.sqlite", index_keys, KEY_VERSION, countries=["UA", "XX"])


def test_interrupted_import_keeps_the_old_file(tmp_path):
    dump = make_dump(tmp_path / "dump")
    out = tmp_path / "g.sqlite"
    build_from_geonames(dump, out, index_keys, KEY_VERSION)
    before = out.read_bytes()
    calls = 0

    def interrupting_keys(text, lang=None):
        nonlocal calls
        calls += 1
        if calls > 20:
            raise KeyboardInterrupt
        return index_keys(text, lang)

    with pytest.raises(KeyboardInterrupt):
        build_from_geonames(dump, out, interrupting_keys, KEY_VERSION)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump", "g.sqlite"]


def test_real_cities15000_ukraine(shared, tmp_path):
    src = shared / "data" / "geonames"
    out = tmp_path / "ua.sqlite"
    report = build_from_geonames(src, out, index_keys, KEY_VERSION, countries=["UA"])
    assert report.places > 250 and not report.bad_rows
    with GazetteerStore(out) as s:
        pokrovsk = s.place("geonames:704422")
        assert pokrovsk.name == "Pokrovsk" and pokrovsk.admin1_iso == "UA-14"
        texts = {n.text for n in s.names("geonames:704422")}
        assert {"Krasnoarmeysk", "Красноармійськ"} <= texts
        assert "geonames:704422" in _found(s, "Покровськ", "uk")


@pytest.mark.parametrize("name, text, message", [
    ("countryInfo.txt", "# comment\n\nUA\tUKR\t804\n", r"countryInfo.txt:3: 3 columns, expected 19"),
    ("countryInfo.txt", "UA" + "\tx" * 18 + "\n", r"countryInfo.txt:1: bad number"),
    ("admin1CodesASCII.txt", "UA.05\tVinnytsia\n", r"admin1CodesASCII.txt:1: 2 columns, expected 4"),
])
def test_bad_side_files_are_one_line_errors(tmp_path, name, text, message):
    from gazetteer.geonames import read_admin1, read_country_info

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    read = read_country_info if name.startswith("country") else read_admin1
    with pytest.raises(GazetteerError, match=message):
        read(path)
    path.write_text("# only comments\n", encoding="utf-8")
    assert read(path) == {}


def _pokrovsk_row(**changes: str) -> str:
    """The fixture's Pokrovsk row as id 900001 (a place of its own), with columns changed by name."""
    cols = (FIXTURES / "places.txt").read_text(encoding="utf-8").splitlines()[0].split("\t")
    where = {"gid": 0, "name": 1, "asciiname": 2, "alternates": 3, "lat": 4, "lon": 5, "fclass": 6,
             "cc": 8, "population": 14}
    cols[0] = "900001"
    for column, value in changes.items():
        cols[where[column]] = value
    return "\t".join(cols) + "\n"


def _build_with(tmp_path, places: str = "", altnames: str = "", **options):
    """Build the fixture dump with ``places`` / ``altnames`` rows added; (report, store path)."""
    base = (FIXTURES / "places.txt").read_text(encoding="utf-8")
    alt = (FIXTURES / "alternateNamesV2.txt").read_text(encoding="utf-8")
    dump = make_dump(tmp_path / "dump", places_text=base + places, altnames_text=alt + altnames)
    out = tmp_path / "g.sqlite"
    return build_from_geonames(dump, out, index_keys, KEY_VERSION, **options), out


@pytest.mark.parametrize("changes, reason", [
    ({"lat": "999"}, "coordinates"),
    ({"lon": "-500"}, "coordinates"),
    ({"lon": "inf"}, "coordinates"),
    ({"lat": "nan"}, "coordinates"),
    ({"population": "-5000"}, "population"),
    ({"population": "99999999999999999999"}, "population"),
    ({"gid": "-7"}, "geonameid"),
    ({"gid": "99999999999999999999"}, "geonameid"),
    ({"gid": "0"}, "geonameid"),
    ({"cc": "QQ"}, "country code"),
    ({"cc": "ua"}, "country code"),
    ({"fclass": "Z"}, "feature class"),
    ({"name": ""}, "empty name"),
    ({"name": " \u00a0 "}, "empty name"),
    ({"name": "x" * 301}, "name too long"),
    ({"asciiname": "y" * 301}, "name too long"),
    ({"name": "Tab\x01Ctrl"}, "control character"),
    ({"asciiname": "Bad\x9fC1"}, "control character"),
])
def test_rows_no_place_has_are_bad_rows(tmp_path, changes, reason):
    report, out = _build_with(tmp_path, _pokrovsk_row(**changes))
    assert dict(report.bad_rows) == {reason: 1}
    assert report.first_bad[reason].endswith("allCountries.zip:9")
    assert report.places == 9
    with GazetteerStore(out) as s:
        assert s.place("geonames:900001") is None


def test_a_place_in_no_country_is_kept_and_old_codes_are_known(tmp_path):
    """GeoNames' readme: no-country.zip holds "features not belonging to a country" (oceans)."""
    ocean = _pokrovsk_row(cc="", fclass="H", name="North Atlantic Ocean")
    serbia = _pokrovsk_row(gid="900002", cc="CS", name="Old Serbia and Montenegro")
    report, out = _build_with(tmp_path, ocean + serbia)
    assert not report.bad_rows
    with GazetteerStore(out) as s:
        assert s.place("geonames:900001").country in (None, "")
        assert s.place("geonames:900002").country == "CS"


def test_a_duplicate_id_is_a_bad_row_and_the_first_row_kept(tmp_path):
    report, out = _build_with(tmp_path, _pokrovsk_row(gid="704422", name="Duplicatetown"))
    assert dict(report.bad_rows) == {"duplicate id": 1}
    with GazetteerStore(out, key_version=KEY_VERSION) as s:
        assert s.place("geonames:704422").name == "Pokrovsk"
        assert not _found(s, "Duplicatetown")


def test_alternate_names_column_drops_only_the_names_it_cannot_store(tmp_path):
    """GeoNames' Ottawa row has an alternate name with a C1 control: the name goes, not Ottawa."""
    row = _pokrovsk_row(name="Goodtown", alternates="Gudtown,\x9fAA,Long" + "x" * 300)
    base = (FIXTURES / "places.txt").read_text(encoding="utf-8")
    dump = make_dump(tmp_path / "dump", altnames=False, places_text=base + row)
    report = build_from_geonames(dump, tmp_path / "g.sqlite", index_keys, KEY_VERSION)
    assert dict(report.bad_rows) == {"alternate name dropped: too long": 1}  # the last reason of the row
    with GazetteerStore(tmp_path / "g.sqlite") as s:
        assert {n.text for n in s.names("geonames:900001")} == {"Goodtown", "Gudtown"}


def test_table_names_lose_the_spaces_around_them(tmp_path):
    """As the alternate names file's and `gazetteer add`'s do: "  Spacetown  " had been stored so
    (and shown), " Alt1 " too; a name that is only spaces is no name."""
    row = _pokrovsk_row(name="  Spacetown  ", alternates=" Alt1 , Alt2,  ,Spacetown ")
    base = (FIXTURES / "places.txt").read_text(encoding="utf-8")
    dump = make_dump(tmp_path / "dump", altnames=False, places_text=base + row)
    report = build_from_geonames(dump, tmp_path / "g.sqlite", index_keys, KEY_VERSION)
    assert not report.bad_rows
    with GazetteerStore(tmp_path / "g.sqlite") as s:
        assert s.place("geonames:900001").name == "Spacetown"
        assert sorted(n.text for n in s.names("geonames:900001")) == ["Alt1", "Alt2", "Spacetown"]


@pytest.mark.parametrize("row, reason", [
    ("704422\ten\t" + "x" * 301 + "\t\t\t\t\t\t", "name too long"),
    ("704422\ten\tTab\x01Ctrl\t1\t\t\t\t\t", "control character"),
    ("-7\ten\tOldname\t\t\t\t\t\t", "geonameid"),
])
def test_alternate_names_that_cannot_be_stored_are_bad_rows(tmp_path, row, reason):
    report, out = _build_with(tmp_path, altnames=f"900\t{row}\n")
    assert dict(report.bad_rows) == {reason: 1}
    assert report.first_bad[reason].endswith("alternateNamesV2.zip:25")
    with GazetteerStore(out) as s:
        assert not any(n.text in ("Oldname", "Tab\x01Ctrl") or len(n.text) > 300
                       for n in s.names("geonames:704422"))


@pytest.mark.parametrize("dates, reason", [
    ("last Tuesday\t", "date"), ("2016-13-45\t", "date"), ("\t9999999", "date"), ("-2016\t", "date"),
    ("2017\t2016-05", "date from after to"),
])
def test_an_alternate_names_unreadable_dates_are_dropped_and_the_name_kept(tmp_path, dates, reason):
    """From/to that are no dates had been stored and shown ("until 9999999"); the name was in use,
    only when is unreadable: it is kept, historic as flagged, without them."""
    report, out = _build_with(tmp_path, altnames=f"900\t704422\ten\tOldname\t\t\t\t1\t{dates}\n")
    assert dict(report.bad_rows) == {f"{reason}: name kept without its dates": 1}
    with GazetteerStore(out) as s:
        old = _names(s, "geonames:704422")[("Oldname", "en")]
        assert (old.valid_from, old.valid_to, bool(old.flags & NameFlag.HISTORIC)) == (None, None, True)


def test_alternate_names_dates_within_each_other_are_kept(tmp_path):
    report, out = _build_with(tmp_path, altnames="900\t704422\ten\tOldname\t\t\t\t1\t2016-05\t2016\n")
    assert not report.bad_rows
    with GazetteerStore(out) as s:
        old = _names(s, "geonames:704422")[("Oldname", "en")]
        assert (old.valid_from, old.valid_to) == ("2016-05", "2016")


def test_a_tag_that_is_no_language_is_skipped_as_pseudo_language(tmp_path):
    report, out = _build_with(tmp_path, altnames="900\t704422\tzz\tZzname\t\t\t\t\t\t\n")
    assert report.pseudo_language_rows == 6 and not report.bad_rows
    with GazetteerStore(out) as s:
        assert "Zzname" not in {n.text for n in s.names("geonames:704422")}


def test_alternate_names_for_unknown_ids_are_in_the_summary(tmp_path):
    report, _ = _build_with(tmp_path, countries=["UA"])  # fixture: 4 names of a RU place, 1 of an id 999999
    assert report.alternate_names_for_other_places == 5
    assert report.alternate_names_for_unknown_ids == 1
    assert "alternate names for places not kept: 5 (1 for geonameids not in the table)" in report.summary()


def test_a_byte_order_mark_is_skipped(tmp_path):
    text = "\ufeff" + (FIXTURES / "places.txt").read_text(encoding="utf-8")
    dump = make_dump(tmp_path / "dump", places_text=text)
    report = build_from_geonames(dump, tmp_path / "g.sqlite", index_keys, KEY_VERSION)
    assert not report.bad_rows and report.places == 9


def test_an_empty_zip_is_said_to_hold_no_table(tmp_path):
    """A zip with no members had been "corrupt or unreadable zip"."""
    dump = make_dump(tmp_path / "dump")
    zipfile.ZipFile(dump / "allCountries.zip", "w").close()
    with pytest.raises(GazetteerError, match=r"allCountries\.zip: an empty zip: it holds no GeoNames table$"):
        build_from_geonames(dump, tmp_path / "g.sqlite", index_keys, KEY_VERSION)


@pytest.mark.parametrize("how", ["empty zip member", "empty txt"])
@pytest.mark.parametrize("stem, dump_args, message", [
    ("cities15000", dict(table="cities15000", places_text=""), r"no rows in .*cities15000\.(zip|txt)"),
    # (an empty alternate names file had silently stood in for the table's alternatenames column:
    # every alternate name lost)
    ("alternateNamesV2", dict(altnames_text=""),
     r"no rows in .*alternateNamesV2\.(zip|txt) \(an empty alternate"),
])
def test_an_empty_table_or_alternate_names_file_is_an_error(tmp_path, how, stem, dump_args, message):
    dump = make_dump(tmp_path / "dump", **dump_args)
    if how == "empty txt":
        (dump / f"{stem}.zip").unlink()
        (dump / f"{stem}.txt").write_bytes(b"")
    out = tmp_path / "out" / "g.sqlite"
    out.parent.mkdir()
    with pytest.raises(GazetteerError, match=message):
        build_from_geonames(dump, out, index_keys, KEY_VERSION)
    assert not any(out.parent.iterdir())


@pytest.mark.parametrize("countries", ["UA", "ua", "UA,", " UA "])
def test_countries_as_one_string_is_a_comma_separated_list(tmp_path, countries):
    """A string had been read letter by letter: "unknown country code(s) A, U"."""
    report = build_from_geonames(make_dump(tmp_path / "dump"), tmp_path / "g.sqlite", index_keys, KEY_VERSION,
                                 countries=countries)
    with GazetteerStore(tmp_path / "g.sqlite") as s:
        assert report.places and {c for (c,) in s.execute("SELECT DISTINCT country FROM places")} == {"UA"}


@pytest.mark.parametrize("value", ["5", None, 2.5, True])
def test_a_min_population_that_is_no_whole_number_is_an_error(tmp_path, value):
    """"5" or None had been a bare TypeError from a comparison."""
    with pytest.raises(GazetteerError, match=r"--min-population .*: a whole number of people, 0 or more"):
        build_from_geonames(make_dump(tmp_path / "dump"), tmp_path / "g.sqlite", index_keys, KEY_VERSION,
                            min_population=value)
    assert not (tmp_path / "g.sqlite").exists()


def test_a_min_population_may_be_any_integer_type():
    """The check for whole numbers had refused numpy's ("--min-population np.int64(5): a whole
    number of people"), which pandas hands over."""
    import numpy as np

    from gazetteer.codes import check_min_population
    for value in (5, np.int64(5), np.int32(0)):
        check_min_population(value)


@pytest.mark.parametrize("countries", [[], [""], [" "], ["", " "]])
def test_countries_given_but_empty_is_an_error(tmp_path, countries):
    dump = make_dump(tmp_path / "dump")
    with pytest.raises(GazetteerError, match="no country codes given"):
        build_from_geonames(dump, tmp_path / "g.sqlite", index_keys, KEY_VERSION, countries=countries)


def test_a_zip_with_damaged_data_is_a_one_line_error(tmp_path):
    import random

    rng = random.Random(7)
    rows = [_pokrovsk_row(gid=str(800000 + i), name="".join(rng.choice("abcdefghij") for _ in range(30)))
            for i in range(300)]
    dump = make_dump(tmp_path / "dump", places_text="".join(rows))
    table = dump / "allCountries.zip"
    data = bytearray(table.read_bytes())
    data[2000:2100] = bytes(b ^ 0xFF for b in data[2000:2100])
    table.write_bytes(bytes(data))
    with pytest.raises(GazetteerError, match=r"allCountries\.zip: corrupt or unreadable zip") as err:
        build_from_geonames(dump, tmp_path / "g.sqlite", index_keys, KEY_VERSION)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("name, data, message", [
    ("admin1CodesASCII.txt", "UA.05\tDonetsk\tDonetsk\t709716\nPL.86\tŁódź Voivodeship\tLodz\t1\n"
     .encode("latin-1", errors="replace"), r"admin1CodesASCII.txt:2: not UTF-8"),
    ("admin1CodesASCII.txt", b"\x00\x01\x02\x03\tx\ty\tz\n", r"admin1CodesASCII.txt:1: a NUL byte"),
    ("countryInfo.txt", b"# header\nUA\tUKR\t804\tUP\tUkra\xefne" + b"\t1" * 14 + b"\n",
     r"countryInfo.txt:2: not UTF-8"),
    ("countryInfo.txt", b"UA" + b"\tx" * 6 + b"\t-5" + b"\tx" * 8 + b"\t-1\tx\tx\n",
     r"countryInfo.txt:1: geonameid -1"),
])
def test_side_files_that_are_not_utf8_text_are_one_line_errors(tmp_path, name, data, message):
    from gazetteer.geonames import read_admin1, read_country_info

    path = tmp_path / name
    path.write_bytes(data)
    read = read_country_info if name.startswith("country") else read_admin1
    with pytest.raises(GazetteerError, match=message):
        read(path)
    path.write_bytes(b"\xef\xbb\xbf# a byte order mark, then a comment\n")
    assert read(path) == {}


def test_per_country_files_without_the_countries_asked_for_are_named(tmp_path):
    """A folder of UA.zip and PL.txt built with --countries DE had said "no GeoNames table", as if
    there were none at all."""
    (tmp_path / "UA.zip").write_bytes(b"")
    (tmp_path / "PL.txt").write_text("")
    with pytest.raises(GazetteerError, match=r"no GeoNames table for --countries: no DE.zip, FR.zip here "
                                             r"\(found PL.txt, UA.zip\)"):
        build_from_geonames(tmp_path, tmp_path / "g.sqlite", index_keys, KEY_VERSION, countries=["DE", "FR"])
