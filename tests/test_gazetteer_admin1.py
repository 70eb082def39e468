"""Linking GeoNames admin1 codes to ISO 3166-2 by evidence; no evidence, no link."""
from __future__ import annotations

import pytest

from gazetteer.admin1 import Admin1Linker, grouping_units, subdivisions


def test_capital_names_link_oblasts():
    linker = Admin1Linker()
    linker.observe("UA", "05", "Donetsk", ["Донецьк"], 1.0)
    linker.observe("UA", "14", "Luhansk", ["Луганськ"], 1.0)
    linker.observe("UA", "12", "Kyiv", ["Київ"], 1.0)
    linker.observe_top_share("UA", "12", 0.9)
    for a1 in ("05", "14", "12", "99"):
        linker.note_admin1("UA", a1)
    links = {a1: s.code for a1, s in linker.final_links("UA").items()}
    assert links == {"05": "UA-14", "14": "UA-09", "12": "UA-30"}


def test_a_name_whose_adjective_drops_its_final_vowels_links():
    """Vinnytsia ~ Vinnytska oblast, Khmelnytskyi ~ Khmelnytska; a 4-letter stem does not (Songea, the
    capital of Ruvuma, is no evidence for Songwe)."""
    linker = Admin1Linker()
    linker.observe("UA", "23", "Vinnytsia", [], 1.0)
    linker.observe("UA", "09", "Khmelnytskyi", [], 1.0)
    linker.observe("TZ", "14", "Songea", [], 1.0)
    for cc, a1 in (("UA", "23"), ("UA", "09"), ("TZ", "14")):
        linker.note_admin1(cc, a1)
    assert {a1: s.code for a1, s in linker.final_links("UA").items()} == {"23": "UA-05", "09": "UA-68"}
    assert linker.final_links("TZ") == {}


def test_ambiguous_or_weak_evidence_stays_unlinked():
    linker = Admin1Linker()
    # the same evidence for two admin1 codes: neither is linked
    linker.observe("UA", "05", "Donetsk", [], 1.0)
    linker.observe("UA", "07", "Donetsk", [], 1.0)
    # a city-type subdivision is not the admin1 around a city that is a small part of it
    linker.observe("UA", "12", "Kyiv", [], 1.0)
    linker.observe_top_share("UA", "12", 0.1)
    for a1 in ("05", "07", "12"):
        linker.note_admin1("UA", a1)
    assert linker.final_links("UA") == {}


def test_alphabetic_codes_equal_to_iso_suffix():
    linker = Admin1Linker()
    for a1 in ("CA", "NY", "06"):
        linker.note_admin1("US", a1)
    links = {a1: s.code for a1, s in linker.final_links("US").items()}
    assert links == {"CA": "US-CA", "NY": "US-NY"}


def _own_name_links(country: str, names: dict[str, str], *, own_name: bool) -> dict[str, str]:
    linker = Admin1Linker()
    for a1, name in names.items():
        linker.observe(country, a1, name, [name], 2.0, cities=False, own_name=own_name)
        linker.note_admin1(country, a1)
    return {a1: s.code for a1, s in linker.final_links(country).items()}


def test_an_admin1s_own_name_links_without_its_admin_word_and_when_near():
    """GeoNames' admin1 names (admin1CodesASCII): read without their admin words ("Kermanshah
    Province", "Yaroslavl Oblast"), one letter from a translation (Crimea ~ Romanian Crimeea) or near
    the ISO adjective (Chernivtsi ~ Chernivetska, Yaroslavl ~ Yaroslavskaya). Only as the admin1's
    own name: a place's name is not read so loosely."""
    names = {"13": "Kermanshah Province"}
    assert _own_name_links("IR", names, own_name=True) == {"13": "IR-05"}
    assert _own_name_links("IR", names, own_name=False) == {}
    names = {"03": "Chernivtsi", "11": "Crimea", "25": "Zakarpattia", "24": "Volyn"}
    assert _own_name_links("UA", names, own_name=True) == {"03": "UA-77", "11": "UA-43", "25": "UA-21",
                                                          "24": "UA-07"}
    assert _own_name_links("UA", names, own_name=False) == {"24": "UA-07"}
    assert _own_name_links("RU", {"88": "Yaroslavl Oblast"}, own_name=True) == {"88": "RU-YAR"}


def test_a_region_named_after_its_capital_does_not_take_the_capitals_city_subdivision():
    """GeoNames' UA.13 is "Kiev" (the oblast) and UA.12 "Kyiv City": without ``cities=False`` for the
    oblast's own name, both claimed UA-30 (the city with special status) and neither was linked."""
    linker = Admin1Linker()
    linker.observe("UA", "12", "Kyiv", ["Київ"], 1.0)  # the city admin1's largest place
    linker.observe_top_share("UA", "12", 0.95)
    linker.observe("UA", "13", "Kiev", ["Kiev"], 2.0, cities=False, own_name=True)
    for a1 in ("12", "13"):
        linker.note_admin1("UA", a1)
    assert {a1: s.code for a1, s in linker.final_links("UA").items()} == {"12": "UA-30", "13": "UA-32"}


def test_an_admin1s_whole_name_links_when_it_names_one_subdivision_only():
    """GeoNames' RU.38 "Krasnodar Krai": "Krasnodar" is a word of a translation of Krasnoyarsk Krai
    too (a confused locale), so the word alone tied the two; the whole name is Krasnodarskiy kray's
    Irish name and no other's. A whole name shared by two subdivisions is no evidence of its own:
    "Xinjiang" is also a translation's name for Tibet, and Xinjiang still links by its ISO word."""
    assert _own_name_links("RU", {"38": "Krasnodar Krai"}, own_name=True) == {"38": "RU-KDA"}
    assert _own_name_links("AU", {"02": "New South Wales"}, own_name=True) == {"02": "AU-NSW"}
    assert _own_name_links("CN", {"13": "Xinjiang"}, own_name=True) == {"13": "CN-XJ"}


def test_a_tie_is_broken_when_a_link_takes_one_side():
    """"Altai" is a word of Altay Respublika's names and of Altayskiy kray's: a tie, until "Altai
    Krai" takes the kray by its whole name; the republic is then the only side left."""
    names = {"03": "Altai", "04": "Altai Krai"}
    assert _own_name_links("RU", names, own_name=True) == {"03": "RU-AL", "04": "RU-ALT"}
    # nor by name alone: a translation's "Altai Krai" without its "Krai" would be "Altai" exactly
    assert _own_name_links("RU", {"03": "Altai"}, own_name=True) == {}
    # Only for the admin1's own name: a tie of its places' names stays one (GeoNames' TW.04
    # "Taiwan", the province, took New Taipei by elimination from its largest place).
    linker = Admin1Linker()
    linker.observe("RU", "03", "Altai", [], 1.0)  # a place named Altai, not the admin1's own name
    linker.observe("RU", "04", "Altai Krai", ["Altai Krai"], 2.0, cities=False, own_name=True)
    for a1 in ("03", "04"):
        linker.note_admin1("RU", a1)
    assert {a1: s.code for a1, s in linker.final_links("RU").items()} == {"04": "RU-ALT"}


def test_an_own_name_of_several_words_links_where_every_word_names_one_subdivision():
    """"Kabardino-Balkariya Republic": both words name Kabardino-Balkarskaya Respublika. "Mato
    Grosso" matches Mato Grosso do Sul's words as well as Mato Grosso's: only its whole name links."""
    kb = {"22": "Kabardino-Balkariya Republic"}
    assert _own_name_links("RU", kb, own_name=True) == {"22": "RU-KB"}
    assert _own_name_links("RU", kb, own_name=False) == {}
    names = {"11": "Mato Grosso do Sul", "14": "Mato Grosso"}
    assert _own_name_links("BR", names, own_name=True) == {"11": "BR-MS", "14": "BR-MT"}


def test_near_words_include_a_similarity_of_exactly_four_fifths():
    """Chechnya ~ Chechenskaya: 4 edits in 20 letters, similarity 0.8 exactly, which rapidfuzz's
    score_cutoff=0.8 turned away. And Moscow ~ the Irish Moscó (a five-letter word, one edit)."""
    names = {"12": "Chechnya", "47": "Moscow Oblast"}
    assert _own_name_links("RU", names, own_name=True) == {"12": "RU-CE", "47": "RU-MOS"}


def test_the_admin1_level_is_isos_second_where_the_top_one_only_groups_it():
    """ISO files Indonesia's 38 provinces under 7 geographical units (Jawa, Sumatera, ...); GeoNames'
    admin1 is the province. Linked at the top level, "West Sumatra" had nothing to link to, and
    "Maluku" and "Papua" took the island groups. The units stay places of their own (the default)."""
    provinces = {s.code for s in subdivisions("ID")}
    assert len(provinces) == 38 and {"ID-JI", "ID-SB", "ID-MA", "ID-PA"} <= provinces
    assert {s.code for s in grouping_units("ID")} == {"ID-JW", "ID-KA", "ID-ML", "ID-NU", "ID-PP",
                                                       "ID-SL", "ID-SM"}
    names = {"28": "Maluku", "36": "Papua", "24": "West Sumatra"}
    assert _own_name_links("ID", names, own_name=True) == {"28": "ID-MA", "36": "ID-PA", "24": "ID-SB"}
    assert len(subdivisions("UA")) == 27 and grouping_units("UA") == []  # the top level, as before


def test_whole_names_compare_compass_words_in_any_language_and_order():
    """GeoNames' "East Java" is ISO's Jawa Timur, French "Java oriental", Dutch "Oost-Java"; "North
    Maluku" is Maluku Utara, not Maluku. Iceland's "West" had been Norðurland vestra (north-west)."""
    names = {"08": "East Java", "28": "Maluku", "29": "North Maluku", "26": "North Sumatra"}
    assert _own_name_links("ID", names, own_name=True) == {"08": "ID-JI", "28": "ID-MA", "29": "ID-MU",
                                                          "26": "ID-SU"}
    assert _own_name_links("NL", {"11": "South Holland"}, own_name=True) == {"11": "NL-ZH"}
    assert _own_name_links("IS", {"45": "West"}, own_name=True) == {"45": "IS-3"}
    # adjectives and Arabic, Persian, Korean compass words too
    assert _own_name_links("SD", {"49": "Southern Darfur"}, own_name=True) == {"49": "SD-DS"}
    assert _own_name_links("BH", {"19": "Northern"}, own_name=True) == {"19": "BH-17"}


def test_whole_names_with_admin_words_compare_without_them_too():
    """GeoNames' "Nghệ An Province" and "Vas County" are ISO's Nghệ An and Vas (Vas had been
    Szombathely, the city, by its largest place). A name without admin words is not read so: "Altai"
    would meet "Altai Krai" without its "Krai"."""
    assert _own_name_links("VN", {"40": "Nghệ An Province"}, own_name=True) == {"40": "VN-22"}
    assert _own_name_links("HU", {"22": "Vas County"}, own_name=True) == {"22": "HU-VA"}
    assert _own_name_links("RU", {"03": "Altai", "04": "Altai Krai"}, own_name=True) == {
        "03": "RU-AL", "04": "RU-ALT"}


@pytest.mark.parametrize("iso, shown", [
    ("Wales [Cymru GB-CYM]", "Wales"),                      # another name and its code
    ("Stockholms län [SE-01]", "Stockholms län"),           # an old code
    ("Laâyoune (EH)", "Laâyoune"),                          # a code in parentheses
    ("Madrid, Comunidad de", "Comunidad de Madrid"),        # the designator put back in front
    ("Tatarstan, Respublika", "Respublika Tatarstan"),
    ("Vale of Glamorgan, The [Bro Morgannwg GB-BMG]", "The Vale of Glamorgan"),
    ("Virgin Islands, U.S.", "U.S. Virgin Islands"),
    ("Newry, Mourne and Down", "Newry, Mourne and Down"),   # a comma that lists parts
    ("Ilocos (Region I)", "Ilocos (Region I)"),             # a note in words
    ("Donetska oblast", "Donetska oblast"),
])
def test_display_name_drops_isos_notes_and_sorting_order(iso, shown):
    from gazetteer.admin1 import display_name

    assert display_name(iso) == shown


def test_admin1s_evidence_left_unlinked_are_linked_by_name_where_one_is_clearly_theirs():
    """GeoNames names these regions in English, ISO in the local language, and no place name bridges
    them. By name alone (ISO's names in every pycountry translation), the clearly most similar pair
    first; words that tell a region's parts apart (lower/upper, the compass) must agree."""
    linker = Admin1Linker()
    for country, admin1, name in [("DE", "13", "Saxony"), ("DE", "06", "Lower Saxony"),
                                  ("DE", "14", "Saxony-Anhalt"), ("DE", "07", "North Rhine-Westphalia"),
                                  ("AT", "03", "Lower Austria"), ("AT", "04", "Upper Austria"),
                                  ("IR", "33", "East Azerbaijan"), ("IR", "01", "West Azerbaijan")]:
        linker.note_admin1(country, admin1)
        linker.observe(country, admin1, name, [name], 2.0, own_name=True)
    links = {f"{c}.{a}": s.code for c in ("DE", "AT", "IR") for a, s in linker.final_links(c).items()}
    assert links == {"DE.13": "DE-SN", "DE.06": "DE-NI", "DE.14": "DE-ST", "DE.07": "DE-NW",
                     "AT.03": "AT-3", "AT.04": "AT-4", "IR.33": "IR-03", "IR.01": "IR-04"}

