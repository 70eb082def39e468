"""Country codes and abbreviations: "US" and "U.S." are the United States, "Us" the French village.
And the other ways lists and forms write countries and regions: inverted at a comma ("Congo, Dem.
Rep."), with initials ("Lao PDR"), as ISO 3166-2 codes ("US-CA"), with a flag ("Paris 🇫🇷").

Regression: before countries carried their ISO codes, "US" in news text resolved to Us (FR).
"""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gazetteer.default import build_default
from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.store import GazetteerStore, GazetteerWriter
from normalise import Normaliser
from normalise.keys import KEY_VERSION, index_keys
from normalise.qualifiers import without_emoji


@pytest.fixture(scope="module")
def small_default(tmp_path_factory):
    """One build for the module (the US takes most of its ~14 s): the countries of the abbreviation
    tests and those of the inverted ISO names."""
    path = tmp_path_factory.mktemp("abbr") / "default.sqlite"
    return build_default(path, index_keys, KEY_VERSION,
                         countries=["US", "FR", "SL", "BO", "GB", "PS", "KR", "KP", "CG", "CD", "CI",
                                    "VI", "VG", "CV", "LA", "BS", "MF", "JE"])


def test_countries_carry_their_codes_as_abbreviations(small_default):
    with GazetteerStore(small_default, key_version=KEY_VERSION) as store:
        names = {n.text: n for n in store.names("geonames:6252001")}
    for code in ("US", "USA", "U.S."):
        assert names[code].flags & NameFlag.ABBR, code


@pytest.mark.parametrize("query, expected", [
    ("US", "geonames:6252001"), ("U.S.", "geonames:6252001"), ("USA", "geonames:6252001"),
    ("U.K.", "geonames:2635167"), ("Us", "geonames:2971316"), ("Bo", "geonames:2410048"),
    ("BO", "geonames:3923057"),
])
def test_abbreviations_need_capitals(small_default, query, expected):
    assert Normaliser(small_default).resolve(query).id == expected


@pytest.mark.parametrize("query, expected", [
    ("Paris, TX", "geonames:4717560"),            # a state's code: Paris, Texas, not France
    ("Springfield, IL", "geonames:4250542"),      # IL is Israel's code too: no Springfield there
    ("Cambridge, MA", "geonames:4931972"),        # MA is Morocco's too
    ("Dover, DE", "geonames:4142290"),            # DE is Germany's too
    ("Paris, FR", "geonames:2988507"),
    ("Cambridge, UK", "geonames:2653941"),        # not an ISO code, but a name of the country
    ("Cambridge, England", "geonames:2653941"),
    ("Springfield, IL 62701", "geonames:4250542"),  # an address's state and ZIP code: was ambiguous
    ("Paris, TX 75460-1234", "geonames:4717560"),   # (ZIP+4)
    ("London SW1A 1AA", "geonames:2643743"),       # a British postcode: was not found
    ("Cambridge, CB2 1TN", "geonames:2653941"),
    # an address that begins with its street: the place after it (all had been "no place of this name")
    ("10 Downing Street, London SW1A 2AA", "geonames:2643743"),
    ("350 Fifth Avenue, New York, NY 10118", "geonames:5128581"),
    ("1600 Pennsylvania Ave NW, Washington, DC 20500", "geonames:4140963"),
    ("Apt 5, 10 Main St, Springfield, IL 62701", "geonames:4250542"),
    ("5 Avenue Anatole France, 75007 Paris", "geonames:2988507"),
    ("Marseille 13, France", "geonames:7284894"),  # a place named so is found whole first
    ("Pennsylvania, Kennett Square", "geonames:4558942"),  # ... and a place after its region
])
def test_codes_of_states_and_countries_in_decorations(small_default, query, expected):
    """"Paris, TX" was Paris, France (TX was no hint at all); "Springfield, IL" and "Cambridge, MA"
    were ambiguous, their codes read as Israel's and Morocco's; "Cambridge, UK" too (UK is no ISO
    code, so it was no country). A code that is a country's and a subdivision's is the country
    unless only the subdivision has a place of the name."""
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.ambiguous) == (expected, False), res.to_dict()
    street = query[0].isdigit() or query.startswith("Apt")
    assert (res.reason or "").count("read without the street address before the place") == street, res.reason


def test_uk_is_a_country_hint(small_default):
    norm = Normaliser(small_default)
    assert norm.country_code("UK") == "GB"
    res = norm.resolve("Cambridge", country="UK")
    assert res.id == "geonames:2653941" and res.reason is None


def test_a_region_column_is_each_rows_decoration(small_default, tmp_path):
    """`toponorm table --region-column state`: US data names the state in a column of its own."""
    import csv

    from normalise.table import normalise_table

    src, out = tmp_path / "us.csv", tmp_path / "out.csv"
    src.write_text("city,state\nSpringfield,IL\nParis,TX\nParis,\nCambridge,Massachusetts\n,TX\n",
                   encoding="utf-8")
    summary = normalise_table(str(src), str(out), column="city", region_column="state",
                              normaliser=Normaliser(small_default))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["city"], r["state"], r["place_id"]) for r in rows] == [
        ("Springfield", "IL", "geonames:4250542"), ("Paris", "TX", "geonames:4717560"),
        ("Paris", "", "geonames:2988507"), ("Cambridge", "Massachusetts", "geonames:4931972"),
        ("", "TX", "")]
    assert rows[-1]["place_reason"] == "empty cell" and summary.rows == 5
    from normalise.table import normalise_values  # the API's twin of --region-column
    got = normalise_values(["Paris", "Paris", "Springfield"], regions=["TX", None, "IL"],
                           normaliser=Normaliser(small_default))
    assert [r[0] for r in got] == ["geonames:4717560", "geonames:2988507", "geonames:4250542"]


@pytest.mark.parametrize("query, expected, shown", [
    ("United States of America", "geonames:6252001", "United States"),
    ("United Kingdom of Great Britain and Northern Ireland", "geonames:2635167", "United Kingdom"),
    ("French Republic", "geonames:3017382", "France"),
    ("Republic of Sierra Leone", "geonames:2403846", "Sierra Leone"),
    ("Plurinational State of Bolivia", "geonames:3923057", "Bolivia"),
    ("Bolivia, Plurinational State of", "geonames:3923057", "Bolivia"),
])
def test_countries_answer_their_iso_3166_names(small_default, query, expected, shown):
    """Official lists and datasets name countries by ISO 3166-1's English names, which CLDR's everyday
    names miss: "United States of America" and "French Republic" were not found. Found exactly now,
    while the name shown stays the everyday one."""
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.method, res.name) == (expected, "exact", shown), res.to_dict()


@pytest.mark.parametrize("query, expected", [
    ("the US", "geonames:6252001"), ("the United Kingdom", "geonames:2635167"),
    ("THE UK", "geonames:2635167"), ("The Woodlands", "geonames:4736476"),
    # French, Spanish, German, Dutch: were La Francia, Argentina (0.75), unresolved, or Lytle, Texas
    ("la France", "geonames:3017382"), ("le Royaume-Uni", "geonames:2635167"),
    ("los Estados Unidos", "geonames:6252001"), ("die USA", "geonames:6252001"),
    ("de Verenigde Staten", "geonames:6252001"), ("la Bretagne", "iso3166-2:FR-BRE"),
    ("Le Havre", "geonames:3003796"), ("Le Mans", "geonames:3003603"),  # (names with one, found whole)
])
def test_a_country_with_its_article(small_default, query, expected):
    """English puts "the" before some countries and regions, as French, Spanish, Italian, German and
    Dutch put theirs: "the US" was Tucson (by its code TUS) in the default, "the United Kingdom" not
    found. A name that begins with it is still found whole."""
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.ambiguous) == (expected, False), res.to_dict()
    street = query[0].isdigit() or query.startswith("Apt")
    assert (res.reason or "").count("read without the street address before the place") == street, res.reason


@pytest.mark.parametrize("name, bare", [
    ("the UK", "UK"), ("l'Italie", "Italie"), ("l’Ukraine", "Ukraine"), ("L' Italia", "Italia"),
    ("gli Stati Uniti", "Stati Uniti"), ("het Verenigd Koninkrijk", "Verenigd Koninkrijk"),
    ("Le Havre", "Havre"),  # (read only where the whole is not found)
    ("Theodore", None), ("Lalande", None), ("Die", None), ("la ", None),
    ("o Porto", None), ("a Coruña", None),  # (Portuguese and Galician: not read)
])
def test_without_article(name, bare):
    from normalise.qualifiers import without_article

    assert without_article(name) == bare


def test_a_town_s_name_keeps_its_article(tmp_path):
    """Only areas answer a name without its article: a typo of "The Hague" is The Hague, not a
    village named like the rest of it."""
    from gazetteer.model import NameFlag, Place, PlaceName
    from gazetteer.store import GazetteerWriter

    path = tmp_path / "g.sqlite"
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        for gid, name, cc, pop in (("geonames:2747373", "The Hague", "NL", 474_292),
                                   ("geonames:3153694", "Hauge", "NO", 1_000)):
            w.add_place(Place(id=gid, name=name, feature_class="P", feature_code="PPL", country=cc,
                              population=pop), [PlaceName(name, None, "Latn", NameFlag.OFFICIAL)])
    assert Normaliser(path).resolve("The Hauge").id == "geonames:2747373"


def test_a_name_that_begins_with_a_prefix_s_words_is_found_with_a_hint(tmp_path):
    """A settlement prefix is stripped, but some names begin with its words: GeoNames names West
    Bloomfield Township "Municipio de West Bloomfield" in Spanish, and "City of Roses" is Portland's
    nickname. Such a name before a hint had lost its first words and was another place or ambiguous."""
    from gazetteer.model import NameFlag, Place, PlaceName
    from gazetteer.store import GazetteerWriter

    path = tmp_path / "g.sqlite"
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        for gid, name, other, pop in (("geonames:7259621", "West Bloomfield Township", "Municipio de West "
                                       "Bloomfield", 65_000),
                                      ("geonames:4997379", "West Bloomfield", None, 64_000)):
            names = [PlaceName(name, None, "Latn", NameFlag.OFFICIAL)]
            names += [PlaceName(other, "es", "Latn", NameFlag.NONE)] if other else []
            w.add_place(Place(id=gid, name=name, feature_class="P", feature_code="PPL", country="US",
                              population=pop), names)
    norm = Normaliser(path)
    res = norm.resolve("Municipio de West Bloomfield, United States")
    assert (res.id, res.ambiguous) == ("geonames:7259621", False), res.to_dict()
    assert norm.resolve("Municipio de West Bloomfield").id == "geonames:7259621"  # (found whole)
    assert norm.resolve("city of West Bloomfield, US").id == "geonames:4997379"  # a prefix, stripped


def test_the_names_inverted_iso_forms_put_first(small_default):
    """ISO 3166-1 writes "Palestine, State of", "Korea, Republic of": the name put first is the
    country's short name. "Palestine" was Palestine, Texas, and "Korea" a village in Côte d'Ivoire;
    "Congo" stays the Republic of the Congo, ISO's "Congo", not the Democratic Republic."""
    norm = Normaliser(small_default)
    assert norm.resolve("Palestine").id == "geonames:6254930"
    korea = norm.resolve("Korea")
    assert korea.ambiguous and {c.id for c in korea.candidates[:2]} == {"geonames:1835841", "geonames:1873107"}
    assert norm.resolve("Congo").id == "geonames:2260494"
    from gazetteer.default import _inverted_head

    assert _inverted_head("Bonaire, Sint Eustatius and Saba") is None  # a list, not an inversion


@pytest.mark.parametrize("query, expected", [
    ("Lubumbashi, Congo, The Democratic Republic of the", "geonames:922704"),  # was "no match in CG"
    ("Pyongyang, Korea, Democratic People's Republic of", "geonames:1871859"),  # was Pyeongchang, KR
    ("Charlotte Amalie, Virgin Islands, U.S.", "geonames:4795467"),  # was "no match in US"
    ("Road Town, Virgin Islands, British", "geonames:3577430"),  # was "no match in Virgin Islands"
    ("Seoul, Korea, Republic of", "geonames:1835848"),
    ("Springfield, IL, USA", "geonames:4250542"),  # two hints that are no country's name together
])
def test_an_iso_name_with_a_comma_after_the_place(small_default, query, expected):
    """Lists of countries write ISO 3166-1's names, some with a comma; after a place, its parts were
    read as two hints: "Congo" (the Republic of the Congo) and "The Democratic Republic of the"."""
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.ambiguous, res.reason) == (expected, False, None), res.to_dict()


@pytest.mark.parametrize("query, expected", [
    ("Columbus, Georgia", "geonames:4188985"),  # was Columbus, Ohio: "no match in GE"
    ("Athens, Georgia", "geonames:4180386"),    # was Athens, Greece: "no match in GE"
])
def test_a_country_s_name_that_is_a_state_s_too_after_a_comma(small_default, query, expected):
    """"Georgia" names a country and a US state. Read as the country, no Columbus is there; the state
    is read where no candidate is in the country, as a code that is both ("IL") is."""
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.ambiguous, res.reason) == (expected, False, None), res.to_dict()


@pytest.mark.parametrize("query, expected", [
    ("Texas, Paris", "geonames:4717560"), ("France, Paris", "geonames:2988507"),  # were Texas, France
    ("USA, New York", "geonames:5128581"),     # was the United States, "no match in New York"
    ("Georgia, Atlanta", "geonames:4180439"),  # was the country Georgia
    ("Oklahoma, El Reno", "geonames:4535783"),  # was ambiguous: Oklahoma City (its alias) or the state
    # the last part names an area too: was Ohio, "no match in NL"; Wisconsin, "no match in GB"
    ("Ohio, Holland", "geonames:5157759"), ("Wisconsin, Wales", "geonames:5277716"),
    # as written: a name, then where it is
    ("Paris, France", "geonames:2988507"), ("Paris, Texas", "geonames:4717560"),
    ("New York, NY", "geonames:5128581"), ("Georgia, USA", "iso3166-2:US-GA"),
])
def test_a_place_after_its_country_or_region(small_default, query, expected):
    """A cell may go from the biggest area to the place ("Texas, Paris"): its parts are read the other
    way round where the first names a country or region and the answer so read lies in it."""
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.ambiguous, res.reason) == (expected, False, None), res.to_dict()


def test_a_region_after_a_name_is_where_it_is_before_it_is_another_name(small_default):
    """A part after a name may be the place's other name ("Kyiv (Kiev)"), but only where no candidate
    lies in a region of that name: "Millville, Delaware" had been Delaware, Ohio, once Millville."""
    norm = Normaliser(small_default)
    assert norm.resolve("Millville, Delaware").id == "geonames:4143696"
    assert norm.resolve("Delaware, Ohio").id == "geonames:5151891"


def test_areas_in_a_list_are_no_address(small_default):
    """Two areas side by side, neither in the other: the cell is read as written, and says so."""
    norm = Normaliser(small_default)
    res = norm.resolve("Texas, Oklahoma")
    assert res.id == "iso3166-2:US-TX" and "best match elsewhere" in res.reason
    assert norm.resolve("Meksyk (miasto)").id != "iso3166-2:MX-CMX"  # (no comma: no address)
    # read as written, with its namesakes as runners-up (the other way round it had lost them)
    nyc = norm.resolve("New York, NY")
    assert nyc.candidates[0].id == "iso3166-2:US-NY" and len(nyc.candidates) >= 3
    # the other way round, the place must lie in the first part: not in Georgia, so not Paris, Texas
    assert norm.resolve("Georgia, Texas, Paris").id != "geonames:4717560"


def test_a_postal_code_beside_the_name_is_no_part_of_it(small_default):
    """Addresses put the postal code before or after the town: "75001 Paris" was not found."""
    norm = Normaliser(small_default)
    for query in ("75001 Paris", "Paris 75001", "F-75001 Paris", "Paris, 75001"):
        assert norm.resolve(query).id == "geonames:2988507", query


def test_a_dash_between_spaces_and_a_trailing_city_are_decorations(small_default):
    """"Paris - France" and "Kyiv city" were not found. "city" is dropped only for a place found without
    it, after the whole name: "Kansas City" is still Kansas City, not Kansas."""
    norm = Normaliser(small_default)
    for query in ("Paris - France", "Paris – France", "Paris city", "PARIS CITY"):
        assert norm.resolve(query).id == "geonames:2988507", query
    assert norm.resolve("Kansas city").name == "Kansas City"


@pytest.mark.parametrize("query, expected", [
    ("Paris France", "geonames:2988507"), ("London UK", "geonames:2643743"),
    ("Springfield IL", "geonames:4250542"), ("Paris TX", "geonames:4717560"),
    ("Dover DE", "geonames:4142290"),  # DE is Germany's code too: no Dover there
    ("PARIS-FRANCE", "geonames:2988507"), ("Springfield-IL", "geonames:4250542"),  # after a hyphen: were
    # not found
])
def test_a_country_or_state_after_the_name_without_a_comma(small_default, query, expected):
    """"Paris France" and "Springfield IL" were not found, "London UK" was London by a typo's match
    ("Londonu"). The last word, a country's name or code or a state's code, is read as a hint when the
    whole name is not found."""
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.method) == (expected, "variant"), res.to_dict()


@pytest.mark.parametrize("query, expected", [
    ("Dallas Texas", "geonames:4684888"), ("Springfield Illinois", "geonames:4250542"),
    ("Springfield Missouri", "geonames:4409896"), ("Kansas City Missouri", "geonames:4393217"),
    ("New York New York", "geonames:5128581"), ("Springfield IL USA", "geonames:4250542"),
    ("Springfield Illinois USA", "geonames:4250542"), ("Dallas TX US", "geonames:4684888"),
    ("Johns Creek Georgia", "geonames:6331909"),  # Georgia: a country's name, and the state's
    ("Springfield - IL", "geonames:4250542"),  # after a dash: was ambiguous
    ("Dallas TX 75201", "geonames:4684888"),   # before a postal code: was not found
])
def test_a_region_after_the_name_without_a_comma(small_default, query, expected):
    """A first-level region's name, or a state and then a country, after the name with no comma: only
    a last word naming a country or a state's code was read, so "Dallas Texas" was not found."""
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.method) == (expected, "variant"), res.to_dict()


@pytest.mark.parametrize("query, expected", [
    ("Chicgo IL", "geonames:4887398"), ("Pittsbrugh PA USA", "geonames:5206379"),
    ("Sprngfield Illinois", "geonames:4250542"),
    ("Leyndon KY", "geonames:4299562"), ("Fredeick MD", "geonames:4355585"),  # (Cayman's, Moldova's codes too)
    ("Orlans IA", "geonames:4870142"), ("Brightmn IA", "geonames:4849349"),  # (were Orléans and Brighton,
    ("Steurling GA", "geonames:4224540"),  # England: loose matches of the whole cell; this was ambiguous)
    ("Milville DE", "geonames:4143696"),  # (a name found exactly elsewhere; not found)
    ("RT America", None),  # (two letters: no typo is told, and "RT" is no place in the US)
])
def test_a_misspelt_name_before_hints_without_a_comma(small_default, query, expected):
    """A typo in the name before hints written with no comma: the reading with no comma takes names
    found exactly, and the whole cell had no loose match, so "Chicgo IL" was not found while "Chicgo,
    IL" was Chicago. The cell is read with commas, the name the fewest words before its hints; also where
    the whole cell had a loose match elsewhere ("Orlans IA": Orléans, France)."""
    res = Normaliser(small_default).resolve(query)
    assert res.id == expected and (expected is None or res.method in ("translit", "fuzzy")), res.to_dict()


@pytest.mark.parametrize("query, expected", [
    ("Chicago Illinoi", "geonames:4887398"), ("Paris Frace", "geonames:2988507"),
    ("Houston Unitd States", "geonames:4699066"), ("Chicgo Illinoi", "geonames:4887398"),
])
def test_a_name_before_a_misspelt_hint_without_a_comma(small_default, query, expected):
    """A country or region misspelt after a name with no comma: only hints spelt right were read, and
    the cell was "no place of this name in the gazetteer" ("Chicago, Illinoi" was Chicago). Read with
    a comma where the answer's country or region is one edit from the words after the name."""
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.reason) == (expected, None), res.to_dict()


def test_a_person_is_no_name_before_a_misspelt_hint(small_default):
    """"Marion Jones": Marion, read with a comma before "Jones", is in no region or country like it."""
    norm = Normaliser(small_default)
    for query in ("Marion Jones", "Jordan Westt"):
        res = norm.resolve(query)
        assert not any(c.name in ("Marion", "Jordan") for c in res.candidates) and res.name not in (
            "Marion", "Jordan"), res.to_dict()


@pytest.mark.parametrize("query, expected", [
    ("Mt. Vernon, NY", "geonames:5127835"),   # was Mount Vernon, Illinois, "no match in NY"
    ("Mt Vernon, WA", "geonames:5804127"),
    ("Ft Wayne IN", "geonames:4920423"),      # with a trailing state code: was not found
    ("W. Palm Beach", "geonames:4177887"),    # was not found
    ("S. Portland", "geonames:4979244"),      # was a loose match
    ("Sta. Cruz, CA", "geonames:5393052"),
])
def test_abbreviated_words_are_written_out(small_default, query, expected):
    """"Mt.", "Ft", "W.", "Sta." are tried written out after the whole name (which GeoNames often has:
    "Ft. Lauderdale", "St. Louis"), every reading in one pool."""
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.method, res.reason) == (expected, "variant", None), res.to_dict()


@pytest.mark.parametrize("name, expanded", [
    ("Mt. Vernon", ["Mount Vernon"]),
    ("St-Jérôme", ["Saint-Jérôme", "Sankt-Jérôme"]),   # the hyphen stays
    ("E. St. Louis", ["East Saint Louis", "East Sankt Louis"]),
    ("S Hertogenbosch", []),                           # a lone letter only with its dot
    ("N.Y.", []), ("Stadt Berlin", []), ("St", []),    # no word after it; a word that starts so
    ("Orange Co.", ["Orange County"]),                 # a county shortened at its end
    ("St. Louis Co.", ["St. Louis County", "Saint Louis County", "Sankt Louis County"]),
    ("Orange CO", []), ("Denver, CO.", []), ("Co. Mayo", []),  # Colorado's code; Ireland's prefix
])
def test_expanded_abbreviations(name, expanded):
    from normalise.qualifiers import expanded_abbreviations

    assert expanded_abbreviations(name) == expanded


def test_geonames_00_admin1_code_is_shown_as_none():
    """GeoNames' admin1 code "00" says a place has none: Stanley (Falklands) showed admin1 "FK.00"."""
    from gazetteer.model import Place
    from normalise.matcher import _admin1_label

    stanley = Place("geonames:3426691", "Stanley", "P", "PPLC", "FK", "FK.00")
    assert _admin1_label(stanley) is None
    assert _admin1_label(Place("x:1", "X", "P", "PPL", "US", "US.TX")) == "US.TX"  # a code, no name
    assert _admin1_label(Place("x:2", "X", "P", "PPL", "US", "US.TX", "Texas", "US-TX")) == "Texas"


def test_a_region_hint_stem_is_not_the_first_word_of_another_region():
    """A region hint matches a place's admin1 by stem where one is the other with an ending ("Donetsk":
    Donetska oblast), not where it is the first word of another's name: "Neustadt, Sachsen" was Neue
    Neustadt in Sachsen-Anhalt."""
    from gazetteer.model import Place
    from normalise.matcher import Normaliser

    def place(admin1_name):
        return Place("x:1", "X", "P", "PPL", "DE", "DE.99", admin1_name)

    sachsen = (set(), "sachsen", set())
    assert not Normaliser._admin_matches(place("Sachsen-Anhalt"), sachsen)
    assert Normaliser._admin_matches(place("Sachsen"), sachsen)
    assert Normaliser._admin_matches(place("Donetska oblast"), (set(), "donetsk", set()))
    assert Normaliser._admin_matches(place("Donetsk"), (set(), "donetska", set()))


@pytest.mark.parametrize("query, expected", [
    ("New York, NY", "geonames:5128581"),   # was ambiguous between the city and the state
    ("Paris, France", "geonames:2988507"),
])
def test_the_area_a_cell_names_as_a_hint_is_no_candidate_in_itself(small_default, query, expected):
    """"X, R": R says where X is, so R itself is not X. A country column is another thing (a column of
    countries may carry their own codes): "France" with the country hint FR is France."""
    norm = Normaliser(small_default)
    res = norm.resolve(query)
    assert (res.id, res.ambiguous) == (expected, False), res.to_dict()
    assert norm.resolve("France", country="FR").id == "geonames:3017382"
    # the city: the state's people count the city's districts once (content version 22), 19.6M
    assert norm.resolve("New York", country="US").id == "geonames:5128581"


def test_a_dropped_areas_close_name_does_not_stop_the_edit_distance_search(tmp_path):
    """"Shaksio" (Shakiso, Ethiopia, a letter swapped) met Saxony by its Esperanto name "Saksio", close
    enough to skip the edit-distance search; the loose stage then drops an area reached only through
    a small language's name, and nothing was left: "no place of this name"."""
    path = build_default(tmp_path / "de-et.sqlite", index_keys, KEY_VERSION, countries=["DE", "ET"])
    res = Normaliser(path).resolve("Shaksio")
    assert (res.id, res.method) == ("geonames:328716", "fuzzy"), res.to_dict()


def test_a_misspelt_region_column_is_read_and_an_unknown_one_said(small_default, tmp_path):
    """`toponorm table --region-column`: "Texsas" had been ignored in silence (Paris, France), and
    a region the gazetteer lacks left an ambiguous row without a word about it."""
    import csv
    import subprocess
    import sys

    src = tmp_path / "us.csv"
    src.write_text("city,state\nParis,Texsas\nSpringfield,Illinios\nSpringfield,Narnia\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "table", str(src), "-c", "city",
                           "--region-column", "state", "--gazetteer", str(small_default), "-q"],
                          capture_output=True, cwd=Path(__file__).parent.parent)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(proc.stdout.decode("utf-8").splitlines()))
    assert [(r["place_id"], r["place_admin1"]) for r in rows[:2]] == [
        ("geonames:4717560", "Texas"), ("geonames:4250542", "Illinois")]
    assert rows[2]["place_ambiguous"] == "true"
    assert rows[2]["place_reason"].endswith("; ignored 'Narnia': no country or region of that name")
    # a misspelt region read as such is no ignored hint (until 28 Nov 2026 the answer was ambiguous in
    # it, as West Point, Georgia bears "Franklin" as a bare alias: see _own_names_first)
    res = Normaliser(small_default).resolve("Franklin, Geogria")
    assert (res.id, res.admin1, res.reason) == ("geonames:4196083", "Georgia", None), res.to_dict()


def test_a_state_code_that_is_a_country_code_is_the_state_in_a_us_column(small_default, tmp_path):
    """The table.md example: "Springfield" in "IL" reads as "Springfield, IL". With a US country
    column IL was Israel, IN India, MA Morocco, GA Gabon: Springfield and Dover were ambiguous,
    Salem in IN Salem, Tamil Nadu, Salem in MA Oregon's, Columbus in GA Ohio's."""
    import csv
    import subprocess
    import sys

    src = tmp_path / "us.csv"
    src.write_text("city,cc,st\nSpringfield,US,IL\nDover,US,DE\nSalem,US,IN\nSalem,US,MA\nColumbus,US,GA\n"
                   "\"Salem, Georgia\",US,\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "table", str(src), "-c", "city",
                           "--country-column", "cc", "--region-column", "st", "--gazetteer", str(small_default),
                           "-q"], capture_output=True, cwd=Path(__file__).parent.parent)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(proc.stdout.decode("utf-8").splitlines()))
    assert [(r["place_country"], r["place_admin1"]) for r in rows] == [
        ("US", "Illinois"), ("US", "Delaware"), ("US", "Indiana"), ("US", "Massachusetts"), ("US", "Georgia"),
        ("US", "Georgia")]


@pytest.mark.parametrize("query, expected", [
    ("Greenwood, Missouri", "geonames:4388831"),  # was Kansas City, by a bare alias "Greenwood"
    ("Greenwood MO", "geonames:4388831"),
    ("Franklin, TX", "geonames:4692193"),         # was El Paso (alias "Franklin"): Franklin's people
    ("Franklin Texas", "geonames:4692193"),       # are unknown (0), so no weight would do
    ("Franklin, Ohio", "geonames:4512203"),       # was Columbus (alias "Franklin")
])
def test_in_a_region_a_town_s_own_name_beats_another_s_bare_alias(small_default, query, expected):
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.ambiguous, res.reason) == (expected, False, None), res.to_dict()


def test_a_bare_alias_holds_where_the_query_names_no_region_or_it_is_a_short_form(small_default):
    norm = Normaliser(small_default)
    # a part that names no region places nothing: the answer is the one without it (a first version
    # had read any such part as a region: Manawa, Wisconsin here)
    assert (norm.resolve("Manawa (Saale), United States").id == norm.resolve("Manawa, United States").id
            == "geonames:5263045")  # (Milwaukee, by its alias: with no region, it is weighed as before)
    # a short form of the place's own name is the name people use, not a stray alias
    res = norm.resolve("Santa Cruz, Santa Cruz")
    assert (res.id, res.ambiguous) == ("geonames:3904906", False), res.to_dict()


def _town(name: str, matched: str, *, own: bool = False, lang: str | None = None, feature: str = "P",
          placed: bool = True, people: int = 100_000):
    from gazetteer.model import Place, PlaceName
    from normalise.matcher import _Scored

    s = _Scored(Place(id=f"x:{name}", name=name, feature_class=feature, population=people),
                PlaceName(matched, lang), "exact", 1.0, primary=own, tier=1, placed=placed,
                tagged=bool(lang), weight=float(people))
    return s


def test_which_aliases_give_way_to_a_town_s_own_name():
    """``_own_names_first``, each guard on its own: only a bare alias (no language, no flag) of a
    place placed in the region named, that is no short form of its own name, gives way, and only to
    a town (not an area) whose own name the query is."""
    from normalise.matcher import _own_names_first

    def after(*others, by_hints=True):
        own = _town("Greenwood", "Greenwood", own=True, people=5_000)
        scored = [own, *others]
        _own_names_first(scored, by_hints)
        return [s.weight for s in others]

    assert after(_town("Kansas City", "Greenwood")) == [pytest.approx(1e-4)]  # a bare alias: gives way
    assert after(_town("Kansas City", "Greenwood", lang="en")) == [100_000]  # a tagged name holds
    assert after(_town("Greenwood Village", "Greenwood")) == [100_000]  # a short form holds
    assert after(_town("Kansas City", "Greenwood", placed=False)) == [100_000]  # not in the region
    assert after(_town("Kansas City", "Greenwood", placed=False), by_hints=False) == [pytest.approx(1e-4)]
    assert after(_town("Greenwood County", "Greenwood", feature="A")) == [100_000]  # an area holds
    own_area = _town("Greenwood", "Greenwood", own=True, feature="A")  # and an area's own name
    alias = _town("Kansas City", "Greenwood")
    _own_names_first([own_area, alias], True)
    assert alias.weight == 100_000


def test_a_street_before_a_region_alone_is_not_read_as_the_region(small_default):
    """An address's place is a town: a cell of a street and a state names no place, not the state (a
    village the gazetteer lacks, "Kilómetro 26, Sinaloa", would otherwise be answered with its state)."""
    for query in ("12 Nowhere Lane, Texas", "10 Downing Street, England"):
        res = Normaliser(small_default).resolve(query)
        assert (res.id, res.ambiguous) == (None, False), query
        assert res.reason == "no place of this name in the gazetteer", query


def test_an_address_whose_place_is_outside_the_country_hint_says_so(small_default):
    """A street before a place outside the column's country: the place, at a lower score, "no match in
    FR; best match elsewhere" (it had been "no place of this name")."""
    res = Normaliser(small_default).resolve("10 Downing Street, London", country="FR")
    assert res.id == "geonames:2643743", res.to_dict()
    assert "no match in FR; best match elsewhere" in res.reason and "street address" in res.reason


@pytest.mark.parametrize("query, places", [
    ("Paris & Lyon", {"geonames:2988507", "geonames:2996944"}),   # was Paris Léona, Côte d'Ivoire (translit)
    ("Paris; Lyon", {"geonames:2988507", "geonames:2996944"}),    # was Paris, "Lyon" ignored
    ("Boston and Chicago", {"geonames:4930956", "geonames:4887398"}),  # was not found
    ("Boston; Chicago", {"geonames:4930956", "geonames:4887398"}),
])
def test_a_cell_that_lists_towns_names_no_one_of_them(small_default, query, places):
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.ambiguous) == (None, False), res.to_dict()
    assert res.reason.startswith("several places in one cell: ") and {c.id for c in res.candidates} == places


@pytest.mark.parametrize("query, places", [
    # the first town had been the answer at 0.95, the rest ignored in silence as an unknown hint
    ("Paris, Lyon", {"geonames:2988507", "geonames:2996944"}),
    ("Paris / Lyon", {"geonames:2988507", "geonames:2996944"}),
    ("Paris, Lyon, France", {"geonames:2988507", "geonames:2996944"}),  # (the country is a hint)
    ("Seattle, Miami", {"geonames:5809844", "geonames:4164138"}),
    ("Boston/Chicago", {"geonames:4930956", "geonames:4887398"}),
])
def test_towns_far_apart_after_a_comma_or_slash_are_a_list(small_default, query, places):
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.ambiguous) == (None, False), res.to_dict()
    assert res.reason.startswith("several places in one cell: ") and {c.id for c in res.candidates} == places


def test_a_column_of_towns_far_apart_keeps_every_row_with_its_reason(small_default, tmp_path):
    """`toponorm table`: a cell listing towns far apart gets no answer, its towns as candidates and
    the reason, counted apart in the summary; a town with its region and its neighbour are answered."""
    src = tmp_path / "cities.csv"
    src.write_text('city\n"Paris, Lyon"\nBoston/Chicago\n"Paris, Texas"\n"Santa Monica, Los Angeles"\n',
                   encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "table", str(src), "-c", "city",
                           "--gazetteer", str(small_default)], capture_output=True,
                          cwd=Path(__file__).parent.parent)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(proc.stdout.decode("utf-8").splitlines()))
    assert [r["city"] for r in rows] == ["Paris, Lyon", "Boston/Chicago", "Paris, Texas",
                                         "Santa Monica, Los Angeles"]
    assert [r["place_id"] for r in rows] == ["", "", "geonames:4717560", "geonames:5393212"]
    assert rows[0]["place_reason"] == ("several places in one cell: Paris (FR, geonames:2988507); "
                                       "Lyon (FR, geonames:2996944)")
    assert [c.rsplit(":", 1)[0] for c in rows[1]["place_candidates"].split("|")] == [
        "geonames:4930956", "geonames:4887398"]
    assert "several places in one cell 2" in proc.stderr.decode("utf-8")


@pytest.mark.parametrize("query, expected", [
    ("Paris, TX", "US"), ("Cambridge, England", "GB"),  # a hint
    ("Paris, France", "FR"), ("Boston, US", "US"), ("Boston / Boston", "US"),
    ("Roanne, Loire", "FR"), ("Hanford, Kings County", "US"),  # a comma's region, though no town of
    # a unit is known: not Loiré, Maine-et-Loire, nor Brooklyn (New York's Kings County)
    ("Santa Monica, Los Angeles", "US"), ("Dallas/Fort Worth", "US"),  # a town and the city by it
    ("Cochabamba, Chili", "BO"),  # Chile misspelt (not Chili, New York): a hint
    ("Uyuni / Potosí", "BO"),  # the answer's department after a slash, 200 km from its town Potosí
    ("Boston, Massachusetts and Rhode Island", "US"),  # (nor are the hints after one)
    ("Knightsbridge and Belgravia", "GB"),  # a place's whole name
    ("Lyon, Texas", "FR"),  # a town and a region: Lyon, "no match in Texas; best match elsewhere", as before
])
def test_names_and_hints_with_separators_are_no_lists(small_default, query, expected):
    res = Normaliser(small_default).resolve(query)
    assert res.country == expected and "several places" not in (res.reason or ""), res.to_dict()


@pytest.mark.parametrize("query, expected", [
    # the World Bank's names (WDI): the part after the comma had been an unknown hint, ignored
    ("Congo, Dem. Rep.", "geonames:203312"),              # was Congo-Brazzaville, silently
    ("Korea, Rep.", "geonames:1835841"),                  # was ambiguous between the Koreas
    ("Korea, Dem. People's Rep.", "geonames:1873107"),    # was ambiguous
    ("Congo, Democratic Republic of the", "geonames:203312"),  # (ISO's order, its "The" left out)
    ("London, City of", "geonames:2643741"),  # Britain's statistics (ONS) list districts so: was London
    ("Westminster, City of", "geonames:2634341"),  # was ambiguous
])
def test_a_name_written_inverted_at_its_comma_is_read_so(small_default, query, expected):
    res = Normaliser(small_default).resolve(query)
    assert res.id == expected and "written inverted at its comma" in res.reason, res.to_dict()


@pytest.mark.parametrize("query, expected", [
    ("Congo, Rep.", "geonames:2260494"),  # the Republic of the Congo as written: said nothing more
    ("Congo, The Democratic Republic of the", "geonames:203312"),  # ISO's own name, exactly
    ("Boston, Mass.", "geonames:4930956"),  # a hint: not a name's rest
    ("Paris, Foo Bar.", "geonames:2988507"),  # no name so: the part stays ignored
])
def test_a_comma_that_inverts_no_name_is_read_as_before(small_default, query, expected):
    res = Normaliser(small_default).resolve(query)
    assert res.id == expected and "inverted" not in (res.reason or ""), res.to_dict()


def _readings_tried(norm: Normaliser, monkeypatch) -> list[str]:
    """The texts ``norm`` will look up by the whole cascade from now on (each reading of a cell is one)."""
    calls: list[str] = []
    resolve = norm._resolve
    monkeypatch.setattr(norm, "_resolve", lambda text, *a: calls.append(text) or resolve(text, *a))
    return calls


def test_a_hint_after_the_comma_is_not_read_as_a_name(small_default, monkeypatch):
    """"Boston, Mass.", "Paris, Tex.": a region's shortened name after the comma is a hint, no name's
    rest; it is not read again (each reading of a cell is a lookup more)."""
    norm = Normaliser(small_default)
    calls = _readings_tried(norm, monkeypatch)
    assert norm.resolve("Boston, Mass.").id == "geonames:4930956"
    assert not [text for text in calls if " of" in text], calls  # (each reading of it has an "of")


def test_words_before_the_comma_that_name_nothing_are_not_read_inverted(small_default, monkeypatch):
    """An inverted name puts a place's short name first ("Korea", "Congo"): a cell that names its
    place, region and country before "Korea, Republic of" is read as written, without three lookups
    more that each ran the whole cascade in vain (bench_written_hints' "name region country" form had
    taken a third longer)."""
    norm = Normaliser(small_default)
    calls = _readings_tried(norm, monkeypatch)
    norm.resolve("Busan Busan Korea, Republic of")
    assert not [text for text in calls if text.startswith("Republic of")], calls


def test_a_name_with_brackets_of_its_own_is_found_with_its_abbreviations_written_out(small_default):
    """The World Bank's "St. Martin (French part)" is ISO's "Saint Martin (French part)": it had been
    ambiguous with Jersey's St Martin, "French part" read as a hint no region is."""
    norm = Normaliser(small_default)
    assert norm.resolve("St. Martin (French part)").id == "geonames:3578421"
    assert norm.country_code("St. Martin (French part)") == "MF"


def test_capitals_that_name_nothing_are_read_as_initials(small_default):
    norm = Normaliser(small_default)
    res = norm.resolve("Lao PDR")  # the World Bank's Laos: was "no place of this name"
    assert res.id == "geonames:1655842" and "its capitals as initials" in res.reason, res.to_dict()
    res = norm.resolve("Lao PDR, LA")  # (its hints after it)
    assert res.id == "geonames:1655842" and res.reason == "read as 'Lao P.D.R., LA': its capitals as initials"
    res = norm.resolve("Lao PDR", country="US")  # (the place elsewhere, said so, as any answer is)
    assert res.id == "geonames:1655842" and "best match elsewhere" in res.reason, res.to_dict()
    assert norm.resolve("Paris TX").reason is None  # (a code where one is read: not initials)
    assert norm.resolve("Springfeld USA").ambiguous  # (a cell read as written: not initials)
    assert norm.resolve("Zzyzx QQQ").id is None


def test_a_cell_in_capitals_is_not_read_as_initials(small_default, monkeypatch):
    """Capitals stand out as initials only among small letters: "LA VACA", "SANTA CRUZ" and the hint
    parts of such cells would each have cost a lookup more, in vain."""
    norm = Normaliser(small_default)
    calls = _readings_tried(norm, monkeypatch)
    assert norm.resolve("ZZYZX QQ").id is None and calls == ["ZZYZX QQ"]


@pytest.mark.parametrize("country, code", [
    ("Congo, Dem. Rep.", "CD"), ("Congo, Rep.", "CG"), ("Korea, Rep.", "KR"),
    ("Korea, Dem. People's Rep.", "KP"), ("Lao PDR", "LA"), ("Lao P.D.R.", "LA"), ("Bahamas, The", "BS"),
    ("The Bahamas", "BS"),
    ("London, City of", None), ("Paris, Foo Bar.", None),  # (a place that is no country; nothing)
    ("England, United Kingdom", None),  # (a region and its country: no country's name, as before)
    ("Untied States.", None),  # (a misspelt one is read where hints are, by their own rules, not here)
])
def test_a_country_column_reads_the_world_banks_names(small_default, country, code):
    """The World Bank's country names as hints: they had all been unknown ("unknown country hint")."""
    assert Normaliser(small_default).country_code(country) == code


def test_a_place_with_a_world_bank_country_lies_there(small_default):
    norm = Normaliser(small_default)
    res = norm.resolve("Kinshasa", country="Congo, Dem. Rep.")
    assert (res.id, res.reason) == ("geonames:2314302", None), res.to_dict()
    assert norm.resolve_many(["Brazzaville"], countries=["Congo, Rep."])[0].id == "geonames:2260535"


def test_the_name_shown_as_matched_is_spelt_as_typed(small_default):
    """Of a place's names that match equally (one key, none historic or official), the one spelt as
    the query was typed is shown as matched: "Côte d'Ivoire" had shown "Côte d’Ivoire", Gothenburg's
    "Göteborg" "G'oteborg", Kharkiv's "Kharkov" "Khar'kov" (the first of them the gazetteer held)."""
    norm = Normaliser(small_default)
    for query in ("Côte d'Ivoire", "Côte d’Ivoire"):
        res = norm.resolve(query)
        assert (res.id, res.matched.text) == ("geonames:2287781", query)
    assert norm.resolve("PA").matched.text == "PA" and norm.resolve("Pa.").matched.text == "Pa."


@pytest.mark.parametrize("query, expected", [
    ("Paris 🇫🇷", "geonames:2988507"),   # had been "no place of this name"
    ("📍 Boston", "geonames:4930956"),   # (a pin)
    ("🇺🇸", "geonames:6252001"),          # a flag alone: its country
    ("London 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # (England's flag)
     "geonames:2643743"),
])
def test_emoji_beside_a_name_are_no_part_of_it_and_a_flag_is_its_country(small_default, query, expected):
    assert Normaliser(small_default).resolve(query).id == expected


def test_a_flag_is_a_country_hint(small_default):
    norm = Normaliser(small_default)
    res = norm.resolve("Paris 🇺🇸")  # had been Paris, France (a loose match at 0.78)
    assert res.ambiguous and {c.country for c in res.candidates} == {"US"}, res.to_dict()
    assert norm.resolve("Paris", country="🇫🇷").id == "geonames:2988507"  # (in a country column)
    assert norm.country_code("🇺🇸 United States") == "US" and norm.country_code("🇺🇸🇫🇷") is None
    res = norm.resolve("❤️")
    assert (res.id, res.reason) == (None, "no place name: emoji only")


def test_symbols_that_names_hold_are_no_emoji():
    for name in ("اينٽيگا ۽ باربوڊا", "Ulitsa № 5", "Kyiv", "ඔස්ට්\u200dරියාව"):  # (Sindhi "and"; a joiner)
        assert without_emoji(name) == (name, [])
    assert without_emoji("Kyiv 🇺🇦🇵🇱 👨\u200d👩\u200d👧") == ("Kyiv", ["UA", "PL"])


@pytest.mark.parametrize("query, expected", [
    ("US-CA", "iso3166-2:US-CA"),   # had been Huesca, Spain, by its alias "Uesca" (0.76)
    ("us-ca", "iso3166-2:US-CA"),
    ("GB-ENG", "iso3166-2:GB-ENG"),
    (" FR-IDF ", "iso3166-2:FR-IDF"),
])
def test_an_iso_3166_2_code_is_its_region(small_default, query, expected):
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.method, res.score, res.matched.text) == (expected, "exact", 1.0, query.strip().upper())


def test_a_region_code_outside_the_country_hinted_is_not_its_region(small_default):
    norm = Normaliser(small_default)
    assert norm.resolve("US-CA", country="FR").id != "iso3166-2:US-CA"
    assert norm.resolve("ZZ-99").id is None


def test_an_iso_3166_2_code_names_a_geonames_builds_region_too(tmp_path):
    """A GeoNames import ids its regions by GeoNames ids and links every place to its region's ISO
    3166-2 code (admin1_iso): the code finds the first-order area so linked (GazetteerStore.region)."""
    path = tmp_path / "geonames.sqlite"
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        w.add_source("geonames")
        for gid, name, kind, people in (("709716", "Donetska Oblast", "ADM1", 4_100_000),
                                        ("704422", "Pokrovsk", "PPL", 60_000)):
            w.add_place(Place(f"geonames:{gid}", name, "A" if kind == "ADM1" else "P", kind, "UA", "UA.14",
                              "Donetska Oblast", "UA-14", 48.0, 37.5, people, "geonames"),
                        [PlaceName(name, source="geonames")])
    norm = Normaliser(path)
    assert norm.resolve("UA-14").id == "geonames:709716"
    assert norm.resolve("Pokrovsk, UA-14").id == "geonames:704422"
    assert norm.store.region("UA-99") is None


@pytest.mark.parametrize("query, expected", [
    ("Paris, US-TX", "geonames:4717560"),        # had been Paris, France: the code was no hint
    ("Springfield, US-IL", "geonames:4250542"),  # had been ambiguous
    ("Springfield (US-IL)", "geonames:4250542"),
])
def test_an_iso_3166_2_code_after_a_name_is_its_region_hint(small_default, query, expected):
    res = Normaliser(small_default).resolve(query)
    assert (res.id, res.reason) == (expected, None), res.to_dict()


def test_the_table_command_reads_a_world_bank_country_column(small_default, tmp_path):
    """`toponorm table` with a country column as the World Bank names countries, and a place column of
    countries so named: every row right, nothing said (the hints had been unknown, "Congo, Dem. Rep."
    Congo-Brazzaville)."""
    table, out = tmp_path / "wdi.csv", tmp_path / "out.csv"
    rows = [("Kinshasa", "Congo, Dem. Rep."), ("Seoul", "Korea, Rep."), ("Vientiane", "Lao PDR"),
            ("Congo, Dem. Rep.", ""), ("Korea, Dem. People's Rep.", "")]
    with open(table, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([("city", "country"), *rows])
    proc = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "table", str(table), "-c", "city",
                           "--country-column", "country", "-o", str(out), "--gazetteer", str(small_default),
                           "-q"], capture_output=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    with open(out, newline="", encoding="utf-8") as fh:
        got = [(r["place_id"], r["place_reason"]) for r in csv.DictReader(fh)]
    assert [i for i, _ in got] == ["geonames:2314302", "geonames:1835848", "geonames:1651944",
                                   "geonames:203312", "geonames:1873107"], got
    assert [r for _, r in got][:3] == ["", "", ""], got
