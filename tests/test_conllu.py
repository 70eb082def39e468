"""Pre-parsed CoNLL-U input: documents, their texts, offsets checked, entities from MISC ner tags."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from normalise.conllu import read_conllu, read_conllu_file
from normalise.errors import InputError

DOCS = Path(__file__).parent / "fixtures" / "docs"

KHARKIV = """# text = Kharkiv is a city in Ukraine.
1	Kharkiv	Kharkiv	PROPN	NNP	_	4	nsubj	_	start_char=4|end_char=11|ner=S-GPE
2	is	be	AUX	VBZ	_	4	cop	_	start_char=12|end_char=14|ner=O
3	a	a	DET	DT	_	4	det	_	start_char=15|end_char=16|ner=O
4	city	city	NOUN	NN	_	0	root	_	start_char=17|end_char=21|ner=O
5	in	in	ADP	IN	_	6	case	_	start_char=22|end_char=24|ner=O
6	Ukraine	Ukraine	PROPN	NNP	_	4	nmod	_	SpaceAfter=No|start_char=25|end_char=32|ner=S-GPE
7	.	.	PUNCT	.	_	4	punct	_	start_char=32|end_char=33|ner=O

"""


def _strip_offsets(conllu: str) -> str:
    return "\n".join(line.split("\t")[0:9] and "\t".join(line.split("\t")[:9] + ["_"])
                     if "\t" in line else line for line in conllu.splitlines()) + "\n"


def test_multi_document_file_with_sibling_texts():
    docs = read_conllu_file(DOCS / "news.conllu")
    assert [d.doc_id for d in docs] == ["putin-krasnoarmeysk", "kharkiv-city", "wrong-text"]
    putin, kharkiv, wrong = docs
    assert putin.error is None and putin.text == (DOCS / "putin-krasnoarmeysk.txt").read_text()
    # doc.ents is built from the MISC ner tags (stanza's Document(text=None) leaves it empty)
    assert [(e.text, e.type) for e in putin.doc.ents] == [
        ("Vladimir Putin", "PERSON"), ("Moscow", "GPE"), ("Krasnoarmeysk", "GPE"), ("Kharkiv", "GPE")]
    assert putin.doc.text == putin.text
    assert putin.doc.sentences[1].text == "Fighting continues near Kharkiv, the army said."
    for s in putin.doc.sentences:
        for t in s.tokens:
            assert putin.text[t.start_char:t.end_char] == t.text
    assert kharkiv.error is None and kharkiv.doc.ents[1].text == "Ukraine"
    # the third document's offsets do not index into its text: an error for it alone
    assert wrong.doc is None and "does not match the text" in wrong.error and "'Kharkiv'" in wrong.error


def test_file_without_newdoc_is_named_after_the_file():
    (doc,) = read_conllu_file(DOCS / "kharkiv-city.conllu")
    assert doc.doc_id == "kharkiv-city" and doc.error is None and doc.text == "Kharkiv is a city in Ukraine.\n"


def test_text_rebuilt_from_sentences_at_their_offsets():
    (doc,) = read_conllu(KHARKIV, name="x")
    assert doc.error is None and doc.warnings
    assert doc.text == "    Kharkiv is a city in Ukraine."
    assert [e.text for e in doc.doc.ents] == ["Kharkiv", "Ukraine"]


def test_explicit_text_and_mismatch():
    (ok,) = read_conllu(KHARKIV, text="... Kharkiv is a city in Ukraine.\n")
    assert ok.error is None and ok.doc.ents[0].start_char == 4
    (bad,) = read_conllu(KHARKIV, text="... Kharkov is a city in Ukraine.\n")
    assert bad.doc is None and "token 'Kharkiv' at 4-11" in bad.error
    (short,) = read_conllu(KHARKIV, text="Kharkiv")
    assert short.doc is None and "out of range" in short.error


def test_tokens_without_offsets_are_aligned_to_the_text():
    plain = _strip_offsets(KHARKIV).replace("_\n", "ner=S-GPE\n", 1)
    (doc,) = read_conllu(plain, text="Kharkiv  is a city\nin Ukraine.")
    assert doc.error is None
    assert [(t.text, t.start_char) for t in doc.doc.sentences[0].tokens][:5] == [
        ("Kharkiv", 0), ("is", 9), ("a", 12), ("city", 14), ("in", 19)]
    (bad,) = read_conllu(plain, text="Kharkiv is a town in Ukraine.")
    assert bad.doc is None and "'city' not found" in bad.error


def test_no_text_no_offsets_rebuilds_from_tokens():
    (doc,) = read_conllu(_strip_offsets(KHARKIV))
    assert doc.error is None and doc.text.startswith("Kharkiv is a city in Ukraine")
    assert all(doc.text[t.start_char:t.end_char] == t.text for t in doc.doc.sentences[0].tokens)


def test_multiword_tokens_keep_token_offsets():
    conllu = ("# newdoc id = mwt\n# text = Don't go.\n"
              "1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\tstart_char=0|end_char=5\n"
              "1\tDo\tdo\tAUX\t_\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\t_\t_\t3\tadvmod\t_\t_\n"
              "3\tgo\tgo\tVERB\t_\t_\t0\troot\t_\tstart_char=6|end_char=8\n"
              "4\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\tstart_char=8|end_char=9\n\n")
    (doc,) = read_conllu(conllu, text="Don't go.")
    assert doc.error is None and [w.text for w in doc.doc.sentences[0].words] == ["Do", "n't", "go", "."]


def test_malformed_conllu_is_one_line_input_error():
    with pytest.raises(InputError, match="not valid CoNLL-U") as err:
        read_conllu("1\tonly two\n", name="broken")
    assert "\n" not in str(err.value)
    with pytest.raises(InputError, match="no such file"):
        read_conllu_file(DOCS / "absent.conllu")


def _kharkiv_with(line_no: int, column: int, value: str) -> str:
    """KHARKIV with one field of one token line (1-based line of the string) replaced."""
    lines = KHARKIV.split("\n")
    fields = lines[line_no - 1].split("\t")
    fields[column] = value
    lines[line_no - 1] = "\t".join(fields)
    return "\n".join(lines)


@pytest.mark.parametrize("data,line,problem", [
    ("Kyiv is the capital.\nLviv is west.\n", 1,
     "1 tab-separated field where a token line has 10: 'Kyiv is the capital.'"),
    ("# text = Kyiv\n1\tKyiv\tKyiv\tPROPN\n\n", 2, "4 tab-separated fields where a token line has 10"),
    (_kharkiv_with(2, 6, "X"), 2, "HEAD 'X' of word 1 is not a word number"),
    (_kharkiv_with(3, 6, "99"), 3, "HEAD 99 of word 2 is beyond the sentence's 7 words"),
    (_kharkiv_with(4, 6, "3"), 4, "word 3 is its own HEAD"),
    (_kharkiv_with(3, 0, "two"), 3, "ID 'two' is not a word number (N), a range (N-M) or an empty node (N.M)"),
    (_kharkiv_with(3, 0, "3"), 3, "word ID 3 where 2 comes next"),
    (_kharkiv_with(2, 9, "start_char=abc|end_char=11"), 2,
     "MISC start_char=abc of word 1 is not a character offset"),
])
def test_invalid_conllu_lines_are_one_line_errors_naming_the_line(data, line, problem):
    # stanza's reader takes all of these: prose as an empty document, a bad HEAD as a tree, bad offsets as none
    with pytest.raises(InputError) as err:
        read_conllu(data, source="in.conllu")
    assert str(err.value).startswith(f"in.conllu: line {line}: not valid CoNLL-U (")
    assert problem in str(err.value) and "\n" not in str(err.value)


def test_empty_nodes_and_multiword_ranges_stay_valid():
    conllu = ("# text = Kyiv sleeps\n1\tKyiv\tKyiv\tPROPN\t_\t_\t2\tnsubj\t_\tstart_char=0|end_char=4\n"
              "2\tsleeps\tsleep\tVERB\t_\t_\t0\troot\t_\tstart_char=5|end_char=11\n"
              "2.1\tnaps\tnap\tVERB\t_\t_\t_\t_\t0:root\t_\n\n")
    (doc,) = read_conllu(conllu, text="Kyiv sleeps")
    assert doc.error is None and [w.text for w in doc.doc.sentences[0].words] == ["Kyiv", "sleeps"]


@pytest.mark.parametrize("data", ["", "\n\n", "# just a comment\n"])
def test_empty_conllu_is_an_empty_document_with_a_warning(data):
    (doc,) = read_conllu(data, name="empty")
    assert doc.error is None and doc.warnings == ["no sentences in the CoNLL-U input"]
    assert doc.doc_id == "empty"


def test_text_dir_missing_file_is_a_document_error(tmp_path):
    (doc,) = read_conllu(KHARKIV, name="nothere", text_dir=tmp_path)
    assert doc.doc is None and "no text for document 'nothere'" in doc.error


def test_polnear_dev_document(shared):
    conllu = sorted((shared / "data" / "polnear" / "dev" / "conllu").glob("*.conllu"))[0]
    (doc,) = read_conllu_file(conllu, text_dir=shared / "data" / "polnear" / "dev" / "text")
    assert doc.error is None and doc.doc_id == conllu.stem
    assert doc.text == (shared / "data" / "polnear" / "dev" / "text" / f"{conllu.stem}.txt").read_text(encoding="utf-8")
    assert any(e.type == "PERSON" for e in doc.doc.ents)


def test_forms_normalised_by_the_parser_are_tolerated_with_a_warning():
    # CoreNLP-style forms: "--" for "---", "p.m." for a sentence-final "p.m", -LRB- for "("
    text = "Kharkiv --- (a city) at 5 p.m."
    rows = [("Kharkiv", 0, 7), ("--", 8, 11), ("-LRB-", 12, 13), ("a", 13, 14), ("city", 15, 19),
            ("-RRB-", 19, 20), ("at", 21, 23), ("5", 24, 25), ("p.m.", 26, 29), (".", 29, 30)]
    conllu = "".join(f"{i}\t{f}\t_\tX\t_\t_\t0\tdep\t_\tstart_char={a}|end_char={b}\n"
                     for i, (f, a, b) in enumerate(rows, 1)) + "\n"
    (doc,) = read_conllu(conllu, text=text)
    assert doc.error is None
    assert doc.warnings == ["4 token form(s) differ from the text only in punctuation "
                            "(e.g. '--' for '---'); their offsets were used"]
    # letters or digits that differ are an error, not a normalisation
    (bad,) = read_conllu(conllu.replace("\t5\t", "\t6\t", 1), text=text)
    assert bad.doc is None and "token '6' at 24-25" in bad.error


def _shifted(conllu: str, by: int, from_token: int = 1) -> str:
    """``conllu`` with the offsets of token ``from_token`` and those after it moved by ``by``."""
    def shift(m: re.Match) -> str:
        return f"{m.group(1)}={int(m.group(2)) + by}"
    return "\n".join(re.sub(r"(start_char|end_char)=(\d+)", shift, line)
                     if "\t" in line and int(line.split("\t")[0]) >= from_token else line
                     for line in conllu.split("\n"))


@pytest.mark.parametrize("data,message", [
    # a token outside the span its sentence's # text fits (the text rebuilt was 'Kharkiv...' + 2,467 spaces)
    (_kharkiv_with(2, 9, "start_char=4|end_char=2500|ner=S-GPE"),
     "in.conllu: line 2: start_char/end_char 4-2500 of 'Kharkiv' lie outside the text of the sentence "
     "(29 characters, at 4-33); give the original text with --text"),
    # offsets far past the sentence's text (a 50 MB document of spaces, or a MemoryError)
    (_shifted(KHARKIV, 50_000_000, from_token=6),
     "in.conllu: line 7: start_char/end_char 50000025-50000032 of 'Ukraine' run far past the text of the "
     "sentence (29 characters); give the original text with --text"),
    # (an OverflowError: cannot fit 'int' into an index-sized integer)
    (_kharkiv_with(8, 9, f"start_char={10**30}|end_char={10**30 + 1}"),
     f"in.conllu: line 8: start_char/end_char {10**30}-{10**30 + 1} of '.' run far past the text"),
    # a second sentence far after the first
    (KHARKIV + _shifted(KHARKIV, 50_000_000),
     "in.conllu: line 11: start_char/end_char 50000004-50000011 of 'Kharkiv' run far past the text of the "
     "sentence (29 characters, after 29 in the sentences before it); give the original text with --text"),
])
def test_rebuilt_text_refuses_offsets_its_sentences_cannot_have(data, message):
    bad_then_good = data + "# newdoc id = good\n" + KHARKIV
    bad, good = read_conllu(bad_then_good, source="in.conllu")
    assert bad.doc is None and bad.text is None and bad.error.startswith(message)
    assert "\n" not in bad.error
    assert good.error is None and good.text == "    Kharkiv is a city in Ukraine."  # the file's other document


def test_rebuilt_text_within_max_chars():
    (doc,) = read_conllu(KHARKIV, source="in.conllu", max_chars=32)
    assert doc.doc is None and doc.error == ("in.conllu: document too large (33 characters rebuilt from the "
                                             "offsets > --max-chars 32); split it or raise --max-chars")
    (doc,) = read_conllu(KHARKIV, source="in.conllu", max_chars=33)
    assert doc.error is None and len(doc.text) == 33
    # a text that is given is the user's: --max-chars bounds only the rebuilt one
    (doc,) = read_conllu(KHARKIV, text="... Kharkiv is a city in Ukraine.", max_chars=10)
    assert doc.error is None


def test_a_multiword_token_without_offsets_spans_its_words():
    """Offsets on the words of a multiword token, none on its range line (other tools write them so):
    the token spans its words. It had made the whole document "without offsets": its text rebuilt
    from the tokens and every offset dropped. A range whose form is not its words' text is an error."""
    text = "I can't go.\n"
    conllu = ("# text = I can't go.\n"
              "1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\tstart_char=0|end_char=1\n"
              "2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n"
              "2\tca\tcan\tAUX\tMD\t_\t4\taux\t_\tstart_char=2|end_char=4\n"
              "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\tstart_char=4|end_char=7\n"
              "4\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No|start_char=8|end_char=10\n"
              "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\tstart_char=10|end_char=11\n\n")
    (doc,) = read_conllu(conllu, name="x", text=text)
    assert doc.error is None and doc.text == text
    assert [(t.text, t.start_char, t.end_char) for t in doc.doc.sentences[0].tokens] == [
        ("I", 0, 1), ("can't", 2, 7), ("go", 8, 10), (".", 10, 11)]
    (bad,) = read_conllu(conllu.replace("2-3\tcan't", "2-3\tXX"), name="x", text=text)
    assert bad.doc is None and "token 'XX' at 2-7 does not match the text" in bad.error


def test_offsets_the_wrong_way_round_say_so():
    """start_char 28, end_char 21 had been "out of range of the text", both being in range."""
    (doc,) = read_conllu(KHARKIV.replace("start_char=4|end_char=11", "start_char=11|end_char=4"), name="x")
    assert doc.doc is None and "token 'Kharkiv' has start_char 11 after end_char 4" in doc.error


@pytest.mark.parametrize("bad", ["3-2", "2-2", "2-9", "3-4"])
def test_a_multiword_range_that_is_not_the_words_after_it_is_an_error(bad):
    """"7-6" had been taken as a token without words: the document lost its offsets, with no error."""
    conllu = ("1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n"
              f"{bad}\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n"
              "2\tca\tcan\tAUX\tMD\t_\t3\taux\t_\t_\n"
              "3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\n")
    with pytest.raises(InputError, match=f"line 2: .*multiword range {bad} is not words N to M"):
        read_conllu(conllu, name="x")
    (ok,) = read_conllu(conllu.replace(f"{bad}\tcan't", "2-3\tcago"), name="x")
    assert ok.error is None


def _tagged(*tags: str) -> str:
    """KHARKIV with its Kharkiv, city and Ukraine tokens tagged ``tags``."""
    lines = KHARKIV.splitlines()
    for row, tag in zip((1, 4, 6), tags):
        lines[row] = re.sub(r"ner=\S+", "ner=" + tag, lines[row])
    return "\n".join(lines) + "\n\n"


@pytest.mark.parametrize("tags, ents", [
    (("S-GPE", "O", "S-GPE"), [("Kharkiv", "GPE"), ("Ukraine", "GPE")]),  # BIOES, as stanza writes
    (("B-LOC", "O", "B-LOC"), [("Kharkiv", "LOC"), ("Ukraine", "LOC")]),  # BIO
    (("U-LOC", "O", "L-LOC"), [("Kharkiv", "LOC"), ("Ukraine", "LOC")]),  # BILOU
    (("CITY", "O", "COUNTRY"), [("Kharkiv", "GPE"), ("Ukraine", "GPE")]),  # CoreNLP's bare types
    (("LOCATION", "ORGANIZATION", "O"), [("Kharkiv", "LOC"), ("city", "ORG")]),
])
def test_ner_tags_of_other_schemes_are_read(tags, ents):
    """Bare types (CoreNLP's IO scheme) had been dropped without a word: no entities at all."""
    doc = read_conllu(_tagged(*tags))[0]
    assert [(e.text, e.type) for e in doc.doc.ents] == ents
    assert not [w for w in doc.warnings if "NER" in w]


def test_bare_ner_tags_make_one_entity_of_a_run_and_unknown_prefixes_are_said():
    conllu = KHARKIV.replace("ner=S-GPE", "ner=PERSON", 1).replace("ner=O", "ner=PERSON", 1)
    doc = read_conllu(conllu)[0]
    assert [(e.text, e.type) for e in doc.doc.ents] == [("Kharkiv is", "PERSON"), ("Ukraine", "GPE")]
    doc = read_conllu(_tagged("Z-GPE", "O", "X-LOC"))[0]
    assert doc.doc.ents == [] and [w for w in doc.warnings if "NER" in w] == [
        "NER tag 'Z-GPE' is not BIOES, BIO, BILOU or a bare type: read as O (and 1 more)"]
    doc = read_conllu(_tagged("B", "O", "I"))[0]  # (a prefix with no type had been a type "B")
    assert doc.doc.ents == [] and [w for w in doc.warnings if "NER" in w] == [
        "NER tag 'B' is not BIOES, BIO, BILOU or a bare type: read as O (and 1 more)"]
