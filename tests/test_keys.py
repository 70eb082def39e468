"""Normalisation keys: spellings that must meet do, and different places stay apart."""
from __future__ import annotations

import pytest

from normalise.keys import KEY_VERSION, fold_key, index_keys, latin_key, query_keys, skeleton
from normalise.qualifiers import parse_query


def _meet(a: str, b: str) -> bool:
    ka, kb = index_keys(a), index_keys(b)
    qf, ql, qs = query_keys(a)
    stored = {k for _, k in kb}
    return bool(ka & kb) or qf in stored or any(k in stored for k in ql + qs)


@pytest.mark.parametrize("text,expected", [
    ("Pokrovs’k", "pokrovsk"), ("Pokrovsʼk", "pokrovsk"), ("POKROVSK", "pokrovsk"),
    ("São  Paulo", "sao paulo"), ("Saint-Étienne", "saint etienne"), ("Ｋｙｉｖ", "kyiv"),
    ("Kamianets‑Podilskyi", "kamianets podilskyi"), ("Łódź", "łodz"),
])
def test_fold_key_normalises_case_marks_apostrophes_dashes_width(text, expected):
    assert fold_key(text) == expected


def test_latin_key_is_ascii_for_any_script():
    assert latin_key("Харків") == "kharkiv"
    assert latin_key("Θεσσαλονίκη") == "thessaloniki"
    assert latin_key("Łódź") == "lodz"


@pytest.mark.parametrize("group", [
    ["Krasnoarmeysk", "Krasnoarmeisk", "Krasnoarmiisk", "Krasnoarmijsk", "Красноармейск", "Красноармійськ"],
    ["Kharkov", "Kharkiv", "Charkiw", "Харків", "Харьков"],
    ["Zaporizhzhia", "Zaporozhye", "Запоріжжя", "Запорожье", "Saporischschja"],
    ["Horlivka", "Gorlovka", "Горлівка", "Горловка"],
])
def test_spellings_of_one_place_meet_through_some_key(group):
    for a in group:
        for b in group:
            assert _meet(a, b), (a, b)


@pytest.mark.parametrize("a,b", [("Kharkiv", "Kherson"), ("Lviv", "Luhansk"), ("Pokrovsk", "Poltava")])
def test_different_places_do_not_share_keys(a, b):
    assert not (index_keys(a) & index_keys(b))


def test_skeleton_reads_german_ch_both_ways():
    assert skeleton("charkiw", ch_as_h=True) == skeleton("kharkiv")
    assert skeleton("chernihiv") == skeleton("chernigov")


def test_key_version_is_a_string_stored_with_gazetteers():
    assert isinstance(KEY_VERSION, str) and KEY_VERSION


@pytest.mark.parametrize("query,core,hints,feature", [
    ("м. Покровськ", "Покровськ", [], "P"),
    ("г. Покровск", "Покровск", [], "P"),
    ("m. Pokrovsk", "Pokrovsk", [], "P"),
    ("смт Ямпіль", "Ямпіль", [], "P"),
    ("city of Springfield", "Springfield", [], "P"),
    ("Stadt Köln", "Köln", [], "P"),
    # official titles before a town's name (were not found; "Comune di Milano" was Jemielno, Poland)
    ("Große Kreisstadt Freising", "Freising", [], "P"),  # folding "ß" to "ss" had cut the name's "F"
    ("Freie und Hansestadt Hamburg", "Hamburg", [], "P"), ("Landeshauptstadt München", "München", [], "P"),
    ("Comune di Milano", "Milano", [], "P"), ("Municipio de Guadalajara", "Guadalajara", [], "P"),
    ("gmina Wieliczka", "Wieliczka", [], "P"), ("станица Каневская", "Каневская", [], "P"),
    ("Lutherstadt Wittenberg", "Lutherstadt Wittenberg", [], None),  # part of the name
    ("Pokrovsk (Ukraine)", "Pokrovsk", ["Ukraine"], None),
    ("POKROVSK, Donetsk Oblast", "POKROVSK", ["Donetsk Oblast"], None),
    ("Pokrovsk, UA", "Pokrovsk", ["UA"], None),
    ("Donetsk Oblast", "Donetsk Oblast", [], "A"),
    ("St. Petersburg", "St. Petersburg", [], None),
    ("Mannheim", "Mannheim", [], None),
    ("Berlin, 10115", "Berlin", [], None),  # a postal code alone is no hint
    # British and Canadian postcodes say their country (capitals, and the space in them)
    ("Cambridge CB2 1TN", "Cambridge", ["GB"], None), ("Cambridge, CB2 1TN", "Cambridge", ["GB"], None),
    ("SW1A 1AA London", "London", ["GB"], None), ("Toronto, ON M5V 2T6", "Toronto", ["ON", "CA"], None),
    ("London N6A 3K7", "London", ["CA"], None), ("Manchester M1 1AE, UK", "Manchester", ["UK", "GB"], None),
    ("London sw1a 1aa", "London sw1a 1aa", [], None), ("Kyiv A1B2C3", "Kyiv A1B2C3", [], None),
    ("B52", "B52", [], None), ("CB2 1TN", "", ["GB"], None),
    ("Ust-Kamenogorsk", "Ust-Kamenogorsk", [], None),
    ("Paris - France", "Paris - France", [], None),  # a dash is tried by the matcher, after the whole
])
def test_parse_query_strips_decorations_into_hints(query, core, hints, feature):
    p = parse_query(query)
    assert (p.core, p.hints, p.feature) == (core, hints, feature)


def test_dash_halves_are_the_parts_around_a_dash_between_spaces():
    from normalise.qualifiers import dash_halves

    assert dash_halves("Paris - France") == ("Paris", "France")
    assert dash_halves("Kharkiv – Kharkiv Oblast") == ("Kharkiv", "Kharkiv Oblast")
    assert dash_halves("Stratford-upon-Avon") is None and dash_halves("- Paris") is None


@pytest.mark.parametrize("name, bare", [
    ("75001 Paris", "Paris"), ("Paris 75001", "Paris"), ("D-10115 Berlin", "Berlin"),
    ("00-950 Warszawa", "Warszawa"), ("Praha 110 00", "Praha"), ("10115 Berlin", "Berlin"),
    ("Paris 13", None),  # two digits: an arrondissement, part of the name
    ("Paris", None), ("CT 0016", "CT"),  # the matcher tries it only after the whole name
])
def test_without_postal_code(name, bare):
    from normalise.qualifiers import without_postal_code

    assert without_postal_code(name) == bare


@pytest.mark.parametrize("part, street, address", [
    ("22", True, True), ("д. 1", True, True), ("No. 5", True, True), ("вул. Хрещатик", True, True),
    ("Fifth Avenue", True, True), ("Baker St", True, True), ("Rue de Rivoli", True, True),
    ("Hauptstraße 5", True, True), ("1600 Pennsylvania Ave NW", True, True), ("Via del Corso 12", True, True),
    ("Unter den Linden 77", False, True), ("Apt 5", False, True),  # a number first or last: the fallback's
    ("Paris 13", False, True), ("100 Mile House", False, True),    # (as place names may look)
    ("St. Louis", False, False), ("St. Louis County", False, False), ("Al Ain", False, False),
    ("Hauptstraße", False, False), ("Donetsk Oblast", False, False), ("PL", False, False),
    ("Kyiv", False, False),
])
def test_street_parts_of_an_address(part, street, address):
    from normalise.qualifiers import is_street_address, names_a_street

    assert (names_a_street(part), is_street_address(part)) == (street, address)


@pytest.mark.parametrize("text, read", [
    ("м. Київ, вул. Хрещатик, 22", ("м. Київ", False)),  # a street and house after the place
    ("г. Москва, ул. Тверская, д. 1", ("г. Москва", False)),
    ("Kyiv, Khreshchatyk St 22, UA", ("Kyiv, UA", False)),
    ("Springfield, IL 62701", ("Springfield, IL", False)),  # a postal code after a hint
    ("Springfield, IL 62701-1234", ("Springfield, IL", False)),
    ("10 Downing Street, London", ("London", True)),  # a street before the place, and more than one part
    ("Apt 5, 10 Main St, Springfield, IL 62701", ("Springfield, IL", True)),
    ("Marseille, 13", None), ("Florissant, St. Louis County, MO", None),  # nothing to take off
    ("Pennsylvania, Kennett Square", None),  # an English street word after a name, no number: a place's
    ("Kyiv", None), ("12 Main St", None),
    (",", None), (" , , ", None),  # commas alone (an IndexError had failed a whole table)
])
def test_address_place(text, read):
    from normalise.qualifiers import address_place

    assert address_place(text) == read
