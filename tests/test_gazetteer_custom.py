"""Merging a user's TSV of names and places into a gazetteer."""
from __future__ import annotations

import pytest

from gazetteer.custom import add_tsv
from gazetteer.errors import GazetteerError
from gazetteer.geonames import build_from_geonames
from gazetteer.model import NameFlag
from gazetteer.store import GazetteerStore
from gazetteer_helpers import make_dump
from normalise.keys import KEY_VERSION, index_keys

HEADER = "id\tname\tlang\tflags\tvalid_from\tvalid_to\tcountry\tadmin1\tlat\tlon\tpopulation\tfeature_class\n"


def _row(**cells: str) -> str:
    """A data row of HEADER's columns: id x, name X, and ``cells``."""
    cells = {"id": "x", "name": "X", **cells}
    return "\t".join(cells.get(c, "") for c in HEADER.rstrip("\n").split("\t")) + "\n"


@pytest.fixture()
def gazetteer(tmp_path):
    out = tmp_path / "g.sqlite"
    build_from_geonames(make_dump(tmp_path / "dump"), out, index_keys, KEY_VERSION)
    return out


def _found(store, text, lang=None):
    return {h.place.id for kind, key in index_keys(text, lang) for h in store.lookup(kind, key)}


def test_new_places_and_extra_names(tmp_path, gazetteer):
    tsv = tmp_path / "ours.tsv"
    tsv.write_text(HEADER +
                   "geonames:704422\tKrasnoarmiiske-Misto\ten\tcolloquial,historic\t\t2016\t\t\t\t\t\t\n"
                   "acme-depot-7\tDepot 7\ten\tofficial\t2019\t\tUA\t05\t48.3\t37.2\t0\tS\n"
                   "acme-depot-7\tСклад 7\tuk\t\t\t\t\t\t\t\t\t\n", encoding="utf-8")
    report = add_tsv(tsv, gazetteer, index_keys, KEY_VERSION)
    assert (report.rows, report.places_added, report.names_added) == (3, 1, 3)
    with GazetteerStore(gazetteer, key_version=KEY_VERSION) as s:
        extra = {n.text: n for n in s.names("geonames:704422")}["Krasnoarmiiske-Misto"]
        assert extra.flags == NameFlag.COLLOQUIAL | NameFlag.HISTORIC and extra.source == "custom"
        depot = s.place("custom:acme-depot-7")
        assert (depot.name, depot.country, depot.admin1_code, depot.feature_class, depot.lat) == \
            ("Depot 7", "UA", "UA.05", "S", 48.3)
        assert "custom:acme-depot-7" in _found(s, "Склад 7", "uk")
        assert "geonames:704422" in _found(s, "Красноармейск", "ru")  # the old names are still there
        assert any(r["name"] == "custom" for r in s.sources())


@pytest.mark.parametrize("body, message", [
    ("geonames:1\tNowhere\t\t\t\t\t\t\t\t\t\t\n", r"ours.tsv:2: geonames:1 is not in"),
    ("x\tX\t\tfamous\t\t\t\t\t\t\t\t\n", r"ours.tsv:2: unknown flag 'famous'"),
    ("x\tX\t\t\t\t\t\t\tnorth\t\t\t\n", r"ours.tsv:2: lat 'north' is not a number"),
    ("x\tX\t\t\t\n", r"ours.tsv:2: 5 tab-separated columns, expected 12"),
    ("x\tX\tUkrainian\t\t\t\t\t\t\t\t\t\n", r"ours.tsv:2: lang 'Ukrainian'"),
    (_row(name="Nul\x00town"), r"ours.tsv:2: name has a control character \(U\+0000\)$"),
    (_row(name="Split\x1ctown"), r"ours.tsv:2: name has a control character \(U\+001C\)$"),
    (_row(valid_from="2015-13-45"), r"ours.tsv:2: valid_from '2015-13-45' is not a real date$"),
    (_row(valid_to="2015-02-30"), r"ours.tsv:2: valid_to '2015-02-30' is not a real date$"),
    # other scripts' digits (they had been stored as typed)
    (_row(valid_from="٢٠١٦"), r"ours.tsv:2: valid_from '٢٠١٦' is not a date \(YYYY, YYYY-MM or YYYY-MM-DD\)$"),
    (_row(valid_to="２０１６"), r"ours.tsv:2: valid_to '２０１６' is not a date"),
    (_row(valid_to="15"), r"ours.tsv:2: valid_to '15' is not a date \(YYYY, YYYY-MM or YYYY-MM-DD\)$"),
    # from after to, in the row or with the dates of the name already there (they had been stored)
    (_row(valid_from="2020", valid_to="2010"), r"ours.tsv:2: valid_from '2020' is after valid_to '2010'$"),
    (_row(id="geonames:704422", name="Krasnoarmiisk", lang="en", valid_from="2020"),
     r"ours.tsv:2: 'Krasnoarmiisk' would be valid from 2020 to 2016 with the dates it has: from after to$"),
    # an id with nothing after its prefix (it had made a place "custom:")
    (_row(id="custom:"), r"ours.tsv:2: id 'custom:' is empty after its prefix"),
    (_row(id="geonames:"), r"ours.tsv:2: id 'geonames:' is empty after its prefix"),
    (_row(country="ZZ"), r"ours.tsv:2: country 'ZZ' is not an ISO 3166-1 alpha-2 code$"),
    (_row(lang="xx-invalid"), r"ours.tsv:2: lang 'xx-invalid' is not .*no ISO 639 language 'xx'"),
    (_row(lang="en-ZZ"), r"ours.tsv:2: lang 'en-ZZ' is not .*no ISO 3166-1 region 'ZZ'"),
    (_row(population="-5"), r"ours.tsv:2: population -5 is negative$"),
    # (an internal OverflowError from SQLite had ended the run)
    (_row(population="99999999999999999999"), r"ours.tsv:2: population 99999999999999999999 is more than"),
    (_row(feature_class="Q"), r"ours.tsv:2: feature_class 'Q' is not a GeoNames feature class"),
    # a name no query can find ("!!!" had been added, and "place" then answered "no letters")
    (_row(name="!!!"), r"ours.tsv:2: name '!!!' has no letters: no query could find it"),
    (_row(name="12345"), r"ours.tsv:2: name '12345' has no letters"),
    # a row that would change a place, silently ignored before: a GeoNames place's, a new one's
    (_row(id="geonames:704422", country="RU"),
     r"ours.tsv:2: geonames:704422 is already there with country 'UA', not 'RU': a row may add a name"),
    (_row(id="acme-9", country="PL") + _row(id="acme-9", name="Y", country="DE"),
     r"ours.tsv:4: custom:acme-9 is already there with country 'PL', not 'DE'"),
])
def test_bad_rows_are_errors_and_change_nothing(tmp_path, gazetteer, body, message):
    before = gazetteer.read_bytes()
    tsv = tmp_path / "ours.tsv"
    tsv.write_text(HEADER + "ok-1\tFine\ten\t\t\t\t\t\t\t\t\t\n" + body, encoding="utf-8")
    message = message.replace(":2:", ":3:")
    with pytest.raises(GazetteerError, match=message):
        add_tsv(tsv, gazetteer, index_keys, KEY_VERSION)
    assert gazetteer.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump", "g.sqlite", "ours.tsv"]


def test_dates_given_for_a_name_already_there_replace_its_dates_and_are_counted(tmp_path, gazetteer):
    """They had replaced the stored dates in silence ("0 new names"). A row with no dates, or the
    stored ones, changes none."""
    tsv = tmp_path / "ours.tsv"
    tsv.write_text(HEADER + _row(id="geonames:704422", name="Krasnoarmiisk", lang="en", valid_from="1938")
                   + _row(id="geonames:704422", name="Pokrovsk", lang="en", flags="official")
                   + _row(id="geonames:704422", name="Красноармейск", lang="ru", valid_to="2016"),
                   encoding="utf-8")
    report = add_tsv(tsv, gazetteer, index_keys, KEY_VERSION)
    assert (report.names_added, report.dates_changed) == (0, 1)
    assert report.summary().endswith("0 new names, 1 existing name with changed dates")
    with GazetteerStore(gazetteer, key_version=KEY_VERSION) as s:
        names = {(n.text, n.lang): n for n in s.names("geonames:704422")}
    assert (names["Krasnoarmiisk", "en"].valid_from, names["Krasnoarmiisk", "en"].valid_to) == ("1938", "2016")
    # a name this very file adds, dated again on a later row, was not there before: not counted
    tsv.write_text(HEADER + _row(id="geonames:704422", name="Krasnoarmiiske", lang="en", valid_to="2016")
                   + _row(id="geonames:704422", name="Krasnoarmiiske", lang="en", valid_from="1938"),
                   encoding="utf-8")
    report = add_tsv(tsv, gazetteer, index_keys, KEY_VERSION)
    assert (report.names_added, report.dates_changed) == (1, 0)


def test_wrong_encoding_and_header(tmp_path, gazetteer):
    tsv = tmp_path / "ours.tsv"
    tsv.write_bytes(HEADER.encode() + "x\tКиїв\n".encode("cp1251"))
    with pytest.raises(GazetteerError, match="ours.tsv:2: not UTF-8"):
        add_tsv(tsv, gazetteer, index_keys, KEY_VERSION)
    tsv.write_text("place\tname\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="ours.tsv:1: unknown column.*place"):
        add_tsv(tsv, gazetteer, index_keys, KEY_VERSION)
    tsv.write_text("id\tname\tlang\tname\nx\tA\ten\tB\n", encoding="utf-8")  # the last name had won
    with pytest.raises(GazetteerError, match="ours.tsv:1: column.s. name given more than once"):
        add_tsv(tsv, gazetteer, index_keys, KEY_VERSION)


@pytest.mark.parametrize("content, message", [
    ("id\tname\t\nx\tA\t\n", r"ours.tsv:1: an empty column name \(column 3; a trailing tab\?\)$"),
    ("id\tname\rx\tA\r", r"ours.tsv: its lines end in a carriage return alone \(old Mac line ends, CR\)"),
])
def test_header_messages_name_a_stray_tab_and_old_mac_line_ends(tmp_path, gazetteer, content, message):
    """They had said "unknown column(s)  (known: ...)", naming a blank, and put a raw CR in the line."""
    tsv = tmp_path / "ours.tsv"
    tsv.write_bytes(content.encode())
    with pytest.raises(GazetteerError, match=message):
        add_tsv(tsv, gazetteer, index_keys, KEY_VERSION)


def test_language_tags_in_any_case_are_stored_in_the_usual_one(tmp_path, gazetteer):
    """Tags are case-insensitive: "EN" had been "not a BCP 47 tag"; stored as --lang gives them."""
    tsv = tmp_path / "ours.tsv"
    tsv.write_text(HEADER + _row(id="a", lang="EN") + _row(id="a", name="Y", lang="ZH-hant-tw")
                   + _row(id="a", name="Z", lang="Be-TARASK"), encoding="utf-8")
    add_tsv(tsv, gazetteer, index_keys, KEY_VERSION)
    with GazetteerStore(gazetteer) as s:
        assert [n.lang for n in s.names("custom:a")] == ["en", "zh-Hant-TW", "be-tarask"]


def test_real_codes_and_dates_are_accepted(tmp_path, gazetteer):
    """The checks refuse what is not a code or a date, not the codes pycountry knows and CLDR lacks."""
    tsv = tmp_path / "ours.tsv"
    rows = [_row(id="a", lang="rue", valid_from="0988", valid_to="2016-02-29", country="XK", feature_class="s"),
            _row(id="a", name="Y", lang="zh-Hant-TW", valid_to="2015-02"),
            _row(id="a", name="Z", lang="be-tarask", population="0", country="xk")]  # (the place's own)
    tsv.write_text(HEADER + "".join(rows), encoding="utf-8")
    assert add_tsv(tsv, gazetteer, index_keys, KEY_VERSION).names_added == 3


def test_merged_gazetteer_keeps_the_usual_permissions(tmp_path, gazetteer):
    """Regression: `gazetteer add` left the merged file owner-only (mkstemp's 0600)."""
    import os
    tsv = tmp_path / "ours.tsv"
    tsv.write_text(HEADER + "acme-1\tDepot 1\ten\t\t\t\tUA\t\t\t\t\t\n", encoding="utf-8")
    add_tsv(tsv, gazetteer, index_keys, KEY_VERSION)
    umask = os.umask(0)
    os.umask(umask)
    assert gazetteer.stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_longest_field_is_the_longest_name_the_matcher_looks_up():
    from gazetteer.custom import MAX_FIELD_CHARS
    from normalise.matcher import MAX_QUERY_CHARS

    assert MAX_FIELD_CHARS == MAX_QUERY_CHARS
