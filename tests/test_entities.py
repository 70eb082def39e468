"""Entity clustering: names, scripts (latin_key), titles and descriptions, acronyms."""
from __future__ import annotations

from pathlib import Path

import pytest

stanza_conll = pytest.importorskip("stanza.utils.conll")

from normalise.attribution import attribute  # noqa: E402
from normalise.cues import lexicon  # noqa: E402
from normalise.docview import build_view  # noqa: E402
from normalise.entities import EntityIndex  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "conllu"


@pytest.fixture(scope="module")
def att():
    doc = stanza_conll.CoNLL.conll2doc(input_file=str(FIXTURES / "entities-en.conllu"))
    return attribute(doc, (FIXTURES / "entities-en.txt").read_text(encoding="utf-8"), "en")


def speaker_entity(att, start):
    [q] = [q for q in att.quotes if q.text.startswith(start)]
    [e] = [e for e in att.entities if e.id == q.speaker.entity]
    return q, e


def test_description_resolves_to_named_org(att):
    q, e = speaker_entity(att, "The talks failed")
    assert q.speaker.text == "the newspaper"
    assert (e.name, e.type) == ("New York Post", "ORG")


def test_names_in_other_scripts_meet_through_latin_key(att):
    q, e = speaker_entity(att, "We are ready")
    assert q.speaker.text == "Путін" and e.name == "Vladimir Putin"


def test_title_lets_bare_description_find_the_person(att):
    q, e = speaker_entity(att, "Minsk is calm")
    assert q.speaker.text == "the president" and e.name == "Vladimir Putin"
    assert {m.text for m in e.mentions} == {"Vladimir Putin", "Путін", "the president"}


def test_entity_ids_follow_first_mention(att):
    starts = [e.mentions[0].start for e in att.entities]
    assert starts == sorted(starts)
    assert [e.id for e in att.entities] == [f"E{i}" for i in range(1, len(att.entities) + 1)]


def test_index_clusters_ner_mentions_without_quotes():
    doc = stanza_conll.CoNLL.conll2doc(input_file=str(FIXTURES / "entities-en.conllu"))
    text = (FIXTURES / "entities-en.txt").read_text(encoding="utf-8")
    ents = EntityIndex(build_view(doc), lexicon("en"), text).finalise()
    by_name = {e.name: e for e in ents}
    assert [m.text for m in by_name["Minsk"].mentions] == ["Minsk", "Minsk"]
    assert by_name["Vladimir Putin"].type == "PERSON"
    assert [m.text for m in by_name["Vladimir Putin"].mentions] == ["Vladimir Putin", "Путін"]


@pytest.fixture(scope="module")
def coref():
    doc = stanza_conll.CoNLL.conll2doc(input_file=str(FIXTURES / "coref-en.conllu"))
    return attribute(doc, (FIXTURES / "coref-en.txt").read_text(encoding="utf-8"), "en")


def test_narration_description_subject_joins_its_entity(coref):
    # "The president said ..." outside any quote: a mention of the Obama entity, not only when it speaks
    [obama] = [e for e in coref.entities if e.name == "Barack Obama"]
    assert [m.text for m in obama.mentions][:2] == ["Barack Obama", "The president"]


def test_possessive_pronoun_is_a_mention(coref):
    # "Obama praised his team": the possessor "his" is Obama too
    [obama] = [e for e in coref.entities if e.name == "Barack Obama"]
    assert [m.text for m in obama.mentions] == ["Barack Obama", "The president", "Obama", "his"]


def test_relative_pronoun_is_a_mention_of_its_antecedent(coref):
    # "Lionel Sosa, a consultant who voted": "who" (through the apposition) is Sosa
    q = coref.quotes[0]
    assert q.speaker.text.startswith("Lionel Sosa")
    [sosa] = [e for e in coref.entities if e.id == q.speaker.entity]
    assert [m.text for m in sosa.mentions] == ["Lionel Sosa", "who"]
