"""One parsed document -> the output object: quotes with speakers/cues/places, entities, resolved places."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from docs_gazetteer import docs_gazetteer  # noqa: F401 - session fixture
from normalise.conllu import read_conllu, read_conllu_file
from normalise.documents import analyse_document, analyse_places, empty_result, error_result
from normalise.places_in_text import place_mentions

DOCS = Path(__file__).parent / "fixtures" / "docs"
EXAMPLE_CONLLU = Path(__file__).parent / "fixtures" / "conllu"


@pytest.fixture(scope="module")
def normaliser(docs_gazetteer):  # noqa: F811
    from normalise import Normaliser
    return Normaliser(docs_gazetteer)


@pytest.fixture(scope="module")
def news():
    return {d.doc_id: d for d in read_conllu_file(DOCS / "news.conllu")}


def _conllu(rows: list[tuple[str, str, str, int, str, str]], text: str) -> str:
    """A one-sentence CoNLL-U from (form, lemma, upos, head, deprel, ner) rows laid over ``text``."""
    out, pos = ["# newdoc id = t", f"# text = {text}"], 0
    for i, (form, lemma, upos, head, deprel, ner) in enumerate(rows, 1):
        start = text.index(form, pos)
        pos = start + len(form)
        out.append(f"{i}\t{form}\t{lemma}\t{upos}\t_\t_\t{head}\t{deprel}\t_\t"
                   f"start_char={start}|end_char={pos}|ner={ner}")
    return "\n".join(out) + "\n\n"


def _places(rows: list[tuple[str, str, str, int, str, str]], text: str, lang: str, normaliser) -> list[dict]:
    """The resolved places of a one-sentence document built by ``_conllu``."""
    (d,) = read_conllu(_conllu(rows, text), text=text)
    return analyse_places(text, d.doc, lang, doc_id="t", normaliser=normaliser)["places"]


def test_quote_speaker_cue_and_places_inside(news, normaliser):
    d = news["putin-krasnoarmeysk"]
    out = analyse_document(d.text, d.doc, "en", doc_id=d.doc_id, normaliser=normaliser)
    assert out["doc"] == "putin-krasnoarmeysk" and out["lang"] == "en" and "reason" not in out
    (q,) = out["quotes"]
    assert q["text"] == "Our troops have taken Krasnoarmeysk." == d.text[q["start"]:q["end"]]
    assert q["kind"] == "direct" and q["cue"]["text"] == "told"
    assert q["speaker"]["text"] == "Vladimir Putin"
    person = next(e for e in out["entities"] if e["id"] == q["speaker"]["entity"])
    assert person["type"] == "PERSON" and person["name"] == "Vladimir Putin"
    # every place mention, in text order, resolved; the quote lists exactly those inside its span
    assert [p["text"] for p in out["places"]] == ["Moscow", "Krasnoarmeysk", "Kharkiv"]
    assert [p["text"] for p in q["places"]] == ["Krasnoarmeysk"]
    by_text = {p["text"]: p for p in out["places"]}
    assert by_text["Moscow"]["id"] == "geonames:524901" and by_text["Kharkiv"]["id"] == "geonames:706483"
    kras = by_text["Krasnoarmeysk"]
    assert kras["source"] == "ner" and d.text[kras["start"]:kras["end"]] == "Krasnoarmeysk"
    # several places bear the name (Pokrovsk's former one, two Russian towns): resolved or ambiguous,
    # it is never silently dropped, and Pokrovsk is among what it may mean
    ids = {kras["id"]} | {c["id"] for c in kras["candidates"]}
    assert "geonames:704422" in ids
    json.dumps(out)  # JSON-ready


def test_example_document_krasnoarmeysk_is_pokrovsk(normaliser, shared):
    (d,) = read_conllu_file(EXAMPLE_CONLLU / "pokrovsk-afp-2025-12-02.conllu",
                            text_path=shared / "examples" / "pokrovsk-afp-2025-12-02.txt")
    assert d.error is None, d.error
    out = analyse_document(d.text, d.doc, "en", doc_id=d.doc_id, normaliser=normaliser)
    putin = next(q for q in out["quotes"] if "Krasnoarmeysk" in q["text"])
    kras = next(p for p in putin["places"] if p["text"] == "Krasnoarmeysk")
    assert kras["id"] == "geonames:704422"
    assert all(p["id"] == "geonames:704422" for p in out["places"] if p["text"] == "Pokrovsk")


def test_untagged_proper_noun_resolved_confidently_is_a_place(normaliser):
    text = "Fighting continues near Kharkiv."
    rows = [("Fighting", "fighting", "NOUN", 2, "nsubj", "O"), ("continues", "continue", "VERB", 0, "root", "O"),
            ("near", "near", "ADP", 4, "case", "O"), ("Kharkiv", "Kharkiv", "PROPN", 2, "obl", "O"),
            (".", ".", "PUNCT", 2, "punct", "O")]
    places = _places(rows, text, "en", normaliser)
    assert [(p["text"], p["source"], p["id"]) for p in places] == [("Kharkiv", "propn", "geonames:706483")]


def test_names_of_people_are_not_places(normaliser):
    text = "Paris Hilton arrived. Paris smiled in Lyon."
    rows = [("Paris", "Paris", "PROPN", 2, "nsubj", "B-PERSON"), ("Hilton", "Hilton", "PROPN", 3, "flat", "E-PERSON"),
            ("arrived", "arrive", "VERB", 0, "root", "O"), (".", ".", "PUNCT", 3, "punct", "O"),
            ("Paris", "Paris", "PROPN", 6, "nsubj", "O"), ("smiled", "smile", "VERB", 3, "parataxis", "O"),
            ("in", "in", "ADP", 8, "case", "O"), ("Lyon", "Lyon", "PROPN", 6, "obl", "O"),
            (".", ".", "PUNCT", 6, "punct", "O")]
    (d,) = read_conllu(_conllu(rows, text), text=text)
    mentions = place_mentions(d.doc, text)
    assert [(m.text, m.source) for m in mentions] == [("Lyon", "propn")]
    out = analyse_places(text, d.doc, "en", doc_id="t", normaliser=normaliser)
    assert [p["text"] for p in out["places"]] == ["Lyon"] and out["places"][0]["country"] == "FR"


def test_unresolvable_ner_place_is_kept_with_a_reason(normaliser):
    text = "They met in Qwzxlandia."
    rows = [("They", "they", "PRON", 2, "nsubj", "O"), ("met", "meet", "VERB", 0, "root", "O"),
            ("in", "in", "ADP", 4, "case", "O"), ("Qwzxlandia", "Qwzxlandia", "PROPN", 2, "obl", "S-GPE"),
            (".", ".", "PUNCT", 2, "punct", "O")]
    (p,) = _places(rows, text, "en", normaliser)
    assert p["text"] == "Qwzxlandia" and p["id"] is None and p["reason"]


def test_loose_matches_are_candidates_not_answers_in_running_text(normaliser):
    text = "Shelling hit Zaporizhia and Lyonne."
    rows = [("Shelling", "shelling", "NOUN", 2, "nsubj", "O"), ("hit", "hit", "VERB", 0, "root", "O"),
            ("Zaporizhia", "Zaporizhia", "PROPN", 2, "obj", "S-GPE"), ("and", "and", "CCONJ", 5, "cc", "O"),
            ("Lyonne", "Lyonne", "PROPN", 3, "conj", "S-GPE"), (".", ".", "PUNCT", 2, "punct", "O")]
    zap, lyonne = _places(rows, text, "en", normaliser)
    assert zap["id"] == "geonames:687700" and zap["score"] >= 0.85  # a close transliteration: trusted
    assert lyonne["id"] is None and "loose" in lyonne["reason"]    # a loose one: only a candidate
    assert lyonne["candidates"][0]["id"] == "geonames:2996944"


def test_possessive_and_determiner_trimmed(normaliser):
    text = "the Ukraine's army"
    rows = [("the", "the", "DET", 4, "det", "O"), ("Ukraine", "Ukraine", "PROPN", 4, "nmod:poss", "B-GPE"),
            ("'s", "'s", "PART", 2, "case", "E-GPE"), ("army", "army", "NOUN", 0, "root", "O")]
    (p,) = _places(rows, text, "en", normaliser)
    assert (p["text"], p["start"], p["end"], p["id"]) == ("Ukraine", 4, 11, "geonames:690791")


def test_inflected_place_resolved_through_its_lemma(normaliser):
    text = "Бої тривають у Покровську."
    rows = [("Бої", "бій", "NOUN", 2, "nsubj", "O"), ("тривають", "тривати", "VERB", 0, "root", "O"),
            ("у", "у", "ADP", 4, "case", "O"), ("Покровську", "Покровськ", "PROPN", 2, "obl", "S-GPE"),
            (".", ".", "PUNCT", 2, "punct", "O")]
    (p,) = _places(rows, text, "uk", normaliser)
    assert (p["text"], p["lemma"], p["id"]) == ("Покровську", "Покровськ", "geonames:704422")
    assert text[p["start"]:p["end"]] == "Покровську"


def test_document_without_quotes_has_a_reason(news, normaliser):
    d = news["kharkiv-city"]
    out = analyse_document(d.text, d.doc, "en", doc_id=d.doc_id, normaliser=normaliser)
    assert out["quotes"] == [] and out["reason"] == "no quotations found"
    assert [(p["text"], p["country"]) for p in out["places"]] == [("Kharkiv", "UA"), ("Ukraine", "UA")]


def test_error_and_empty_objects_keep_the_schema():
    err = error_result("d", "en", "bad\nthing")
    assert err == {"doc": "d", "lang": "en", "quotes": [], "entities": [], "places": [], "error": "bad thing"}
    assert empty_result("d", "uk", "empty document", places_only=True) == {
        "doc": "d", "lang": "uk", "places": [], "reason": "empty document"}


def test_a_name_and_the_admin_word_after_it_are_the_area(tmp_path):
    """"the eastern Donetsk region" was the city of Donetsk (NER tags the name alone); with the word
    after it the mention is the oblast. "Pokrovsk region" names no area the gazetteer has: the name
    alone stays the place."""
    from gazetteer.model import NameFlag, Place, PlaceName
    from gazetteer.store import GazetteerWriter
    from normalise import Normaliser
    from normalise.keys import KEY_VERSION, index_keys

    path = tmp_path / "g.sqlite"
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        for gid, name, cls, code, pop in [("iso3166-2:UA-14", "Donetska oblast", "A", "ADM1", 4_100_000),
                                          ("geonames:709717", "Donetsk", "P", "PPLA", 988_000),
                                          ("geonames:704422", "Pokrovsk", "P", "PPL", 60_127)]:
            w.add_place(Place(id=gid, name=name, feature_class=cls, feature_code=code, country="UA",
                              population=pop), [PlaceName(name, None, "Latn", NameFlag.OFFICIAL)])
    text = "Fighting in the Donetsk region and the Pokrovsk region."
    rows = [("Fighting", "fighting", "NOUN", 0, "root", "O"), ("in", "in", "ADP", 5, "case", "O"),
            ("the", "the", "DET", 5, "det", "O"), ("Donetsk", "Donetsk", "PROPN", 5, "compound", "S-GPE"),
            ("region", "region", "NOUN", 1, "nmod", "O"), ("and", "and", "CCONJ", 9, "cc", "O"),
            ("the", "the", "DET", 9, "det", "O"), ("Pokrovsk", "Pokrovsk", "PROPN", 9, "compound", "S-GPE"),
            ("region", "region", "NOUN", 5, "conj", "O"), (".", ".", "PUNCT", 1, "punct", "O")]
    places = _places(rows, text, "en", Normaliser(path))
    assert [(p["text"], p["id"]) for p in places] == [("Donetsk region", "iso3166-2:UA-14"),
                                                      ("Pokrovsk", "geonames:704422")]
    assert text[places[0]["start"]:places[0]["end"]] == "Donetsk region"


def test_places_in_a_parse_of_another_text_is_an_error(normaliser):
    """analyse_places did not check its parse against the text: a parse of "Paris Hilton arrived.
    ..." given "short" found a place whose text was empty, resolved all the same."""
    from normalise.errors import InputError

    text = "Paris Hilton arrived. Paris smiled in Lyon."
    rows = [("Paris", "Paris", "PROPN", 2, "nsubj", "O"), ("smiled", "smile", "VERB", 0, "root", "O"),
            ("in", "in", "ADP", 4, "case", "O"), ("Lyon", "Lyon", "PROPN", 2, "obl", "O")]
    (d,) = read_conllu(_conllu(rows, text), text=text)
    with pytest.raises(InputError, match="parse offsets run past the end of the text"):
        analyse_places("short", d.doc, "en", doc_id="t", normaliser=normaliser)


@pytest.fixture(scope="module")
def article_places(tmp_path_factory):
    """A Normaliser on a tiny gazetteer: Casablanca with GeoNames' alias "White House" (its name's
    literal translation), The Hague (also "Hague"), New York City, the Netherlands."""
    from gazetteer.model import NameFlag, Place, PlaceName
    from gazetteer.store import GazetteerWriter
    from normalise import Normaliser
    from normalise.keys import KEY_VERSION, index_keys

    path = tmp_path_factory.mktemp("articles") / "g.sqlite"
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        w.add_source("geonames")
        for pid, name, fc, cc, pop, aliases in (
                ("geonames:2553604", "Casablanca", "P", "MA", 3_100_000, ("White House",)),
                ("geonames:2747373", "The Hague", "P", "NL", 500_000, ("Hague", "Den Haag")),
                ("geonames:5128581", "New York City", "P", "US", 8_800_000, ("New York",)),
                ("geonames:2750405", "Netherlands", "A", "NL", 17_000_000, ()),
                ("geonames:2735943", "Porto", "P", "PT", 250_000, ())):
            w.add_place(Place(pid, name, fc, "PCLI" if fc == "A" else "PPL", cc, None, None, None,
                              population=pop, source="geonames"),
                        [PlaceName(name, flags=NameFlag.OFFICIAL, source="geonames"),
                         *(PlaceName(a, source="geonames") for a in aliases)])
    return Normaliser(str(path))


def test_a_name_that_takes_the_article_is_no_town(article_places):
    """"The White House said": the article is the name's own (its determiner, and no noun follows), and
    English, like French, Spanish, Italian, German and Dutch, puts it before countries and regions, not
    towns: no Casablanca by GeoNames' alias "White House" (27 of PolNeAR dev's 46 wrong mentions). A
    name that carries the article is itself ("the Hague"); a country keeps it ("the Netherlands"); a
    modifier's article is its noun's ("a White House official", "the New York primary", where the
    parser hung "the" on "York" and tagged "primary" an adjective). Only the articles ``without_article``
    reads: Portuguese "o Porto" is the city."""
    def ner_sentence(words, text, lang="en"):
        """(form, upos, head, deprel, ner) rows -> the one sentence's places."""
        rows = [(form, form.lower(), upos, head, deprel, ner) for form, upos, head, deprel, ner in words]
        return _places(rows, text, lang, article_places)

    (wh,) = ner_sentence([("The", "DET", 3, "det", "O"), ("White", "PROPN", 3, "compound", "B-GPE"),
                          ("House", "PROPN", 4, "nsubj", "E-GPE"), ("said", "VERB", 0, "root", "O"),
                          ("so", "ADV", 4, "advmod", "O"), (".", "PUNCT", 4, "punct", "O")],
                         "The White House said so.")
    assert (wh["text"], wh["id"]) == ("White House", None) and "takes no article" in wh["reason"]
    assert wh["candidates"][0]["id"] == "geonames:2553604"  # (kept as a candidate)
    unparsed = [(form, upos, "_", "_", ner) for form, upos, _, _, ner in (  # (places-in: no parser)
        ("The", "DET", 3, "det", "O"), ("White", "PROPN", 3, "compound", "B-GPE"),
        ("House", "PROPN", 4, "nsubj", "E-GPE"), ("said", "VERB", 0, "root", "O"), ("so", "ADV", 4, "advmod", "O"),
        (".", "PUNCT", 4, "punct", "O"))]
    assert ner_sentence(unparsed, "The White House said so.")[0]["id"] is None
    (official,) = ner_sentence([("A", "DET", 4, "det", "O"), ("White", "PROPN", 3, "compound", "B-GPE"),
                                ("House", "PROPN", 4, "compound", "E-GPE"), ("official", "NOUN", 5, "nsubj", "O"),
                                ("spoke", "VERB", 0, "root", "O"), (".", "PUNCT", 5, "punct", "O")],
                               "A White House official spoke.")
    assert official["id"] == "geonames:2553604"  # (no article of its own: as before)
    (primary,) = ner_sentence([("The", "DET", 3, "det", "O"), ("New", "PROPN", 3, "compound", "B-GPE"),
                               ("York", "PROPN", 5, "nsubj", "E-GPE"), ("primary", "ADJ", 3, "amod", "O"),
                               ("is", "AUX", 0, "root", "O"), ("close", "ADJ", 5, "xcomp", "O"),
                               (".", "PUNCT", 5, "punct", "O")], "The New York primary is close.")
    assert primary["id"] == "geonames:5128581"
    hague, netherlands = ner_sentence([
        ("They", "PRON", 2, "nsubj", "O"), ("flew", "VERB", 0, "root", "O"), ("to", "ADP", 5, "case", "O"),
        ("the", "DET", 5, "det", "O"), ("Hague", "PROPN", 2, "obl", "S-GPE"), ("and", "CCONJ", 8, "cc", "O"),
        ("the", "DET", 8, "det", "O"), ("Netherlands", "PROPN", 5, "conj", "S-GPE"), (".", "PUNCT", 2, "punct", "O")],
        "They flew to the Hague and the Netherlands.")
    assert (hague["text"], hague["id"]) == ("Hague", "geonames:2747373")
    assert (netherlands["id"], netherlands["score"]) == ("geonames:2750405", 1.0)
    (porto,) = ner_sentence([("O", "DET", 2, "det", "O"), ("Porto", "PROPN", 3, "nsubj", "S-LOC"),
                             ("venceu", "VERB", 0, "root", "O"), (".", "PUNCT", 3, "punct", "O")],
                            "O Porto venceu.", "pt")  # (Portuguese puts one before some towns: not read)
    assert porto["id"] == "geonames:2735943"


@pytest.fixture(scope="module")
def alias_places(tmp_path_factory):
    """Casablanca with its bare alias "White House" beside White House, Tennessee (its own name);
    Köln with "Cologne" beside Cologne, Minnesota; New York City with "New York" beside the state."""
    from gazetteer.model import NameFlag, Place, PlaceName
    from gazetteer.store import GazetteerWriter
    from normalise import Normaliser
    from normalise.keys import KEY_VERSION, index_keys

    path = tmp_path_factory.mktemp("aliases") / "g.sqlite"
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        w.add_source("geonames")
        for pid, name, fc, code, cc, pop, aliases in (  # (GeoNames' ids and figures)
                ("geonames:2553604", "Casablanca", "P", "PPLA", "MA", 3_665_954, ("White House",)),
                ("geonames:4664486", "White House", "P", "PPL", "US", 11_226, ()),
                ("geonames:2886242", "Köln", "P", "PPLA2", "DE", 963_395, ("Cologne",)),
                ("geonames:5020869", "Cologne", "P", "PPL", "US", 1_519, ()),
                ("geonames:5128581", "New York City", "P", "PPL", "US", 8_804_190, ("New York",)),
                ("iso3166-2:US-NY", "New York", "A", "ADM1", "US", 20_000_000, ()),
                ("geonames:104515", "Makkah", "P", "PPLA", "SA", 1_323_624, ("Mecca",)),
                ("geonames:5370164", "Mecca", "P", "PPL", "US", 8_577, ()),
                ("geonames:5110302", "Brooklyn", "P", "PPLA2", "US", 2_736_074, ("Kings County",)),
                ("test:kings", "Kings County", "A", "ADM2", "US", 2_736_074, ()),
                ("geonames:2501152", "Dar el Beida", "P", "PPL", "DZ", 44_753, ())):
            w.add_place(Place(pid, name, fc, code, cc, None, None, None, population=pop, source="geonames"),
                        [PlaceName(name, flags=NameFlag.OFFICIAL, source="geonames"),
                         *(PlaceName(a, source="geonames") for a in aliases),
                         *([PlaceName("Dar el Beida", "fr", source="geonames")]
                           if name == "Casablanca" else [])])
    return Normaliser(str(path))


def test_a_bare_alias_unlike_the_name_is_not_trusted_against_a_town_of_that_name(alias_places):
    """"A White House official": GeoNames' bare alias "White House" (a translation of Casablanca's
    name) had made it Casablanca, where White House, Tennessee, bears the name as its own (9 of PolNeAR
    dev's 26 wrong mentions; 91 mentions of PolNeAR train). Both stay candidates. A one-word alias is an
    exonym ("Cologne" is Köln), and a state that shares the city's name is no town ("New York")."""
    def sentence(first, second, text):
        rows = [("A", "a", "DET", 4, "det", "O"), (first, first.lower(), "PROPN", 3, "compound", "B-GPE"),
                (second, second.lower(), "PROPN", 4, "compound", "E-GPE"),
                ("official", "official", "NOUN", 5, "nsubj", "O"), ("spoke", "speak", "VERB", 0, "root", "O"),
                (".", ".", "PUNCT", 5, "punct", "O")]
        return _places(rows, text, "en", alias_places)

    (wh,) = sentence("White", "House", "A White House official spoke.")
    assert (wh["text"], wh["id"]) == ("White House", None), wh
    assert "bare alias of Casablanca" in wh["reason"] and "the name of White House" in wh["reason"]
    assert {c["id"] for c in wh["candidates"]} >= {"geonames:2553604", "geonames:4664486"}
    (ny,) = sentence("New", "York", "A New York official spoke.")
    assert ny["id"] == "geonames:5128581"
    (kings,) = sentence("Kings", "County", "A Kings County official spoke.")  # (an area of that name: no town)
    assert kings["id"] is not None, kings
    (dar,) = _places([("Dar", "dar", "PROPN", 0, "root", "B-GPE"), ("el", "el", "PROPN", 1, "flat", "I-GPE"),
                      ("Beida", "beida", "PROPN", 1, "flat", "E-GPE"), (".", ".", "PUNCT", 1, "punct", "O")],
                     "Dar el Beida.", "en", alias_places)
    assert dar["id"] == "geonames:2553604"  # (a language's name, not a bare alias: trusted)
    rows = [("Mecca", "mecca", "PROPN", 2, "nsubj", "S-GPE"), ("prays", "pray", "VERB", 0, "root", "O"),
            (".", ".", "PUNCT", 2, "punct", "O")]
    assert _places(rows, "Mecca prays.", "en", alias_places)[0]["id"] == "geonames:104515"  # (one word)
    rows = [("Cologne", "cologne", "PROPN", 2, "nsubj", "S-GPE"), ("voted", "vote", "VERB", 0, "root", "O"),
            (".", ".", "PUNCT", 2, "punct", "O")]
    (cologne,) = _places(rows, "Cologne voted.", "en", alias_places)
    assert cologne["id"] == "geonames:2886242"
