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
