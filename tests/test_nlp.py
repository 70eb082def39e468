"""The stanza layer: where models are found, one-line errors when they are not, and the real offline pipelines."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from normalise import nlp
from normalise.errors import ModelsMissingError, ToponormError

ROOT = Path(__file__).resolve().parents[1]


def _model_sets(shared: Path) -> list[Path]:
    sets = [shared / "models" / "stanza-small", shared / "models" / "stanza"]
    if not (sets[0] / "en" / "pos.pt").is_file() or not (sets[1] / "en" / "tokenize").is_dir():
        pytest.skip("offline stanza models are not in ../shared/models")
    return sets


@pytest.fixture(scope="module", autouse=True)
def _one_torch_thread():
    """One torch thread: on a shared 2-core runner more threads oversubscribe it (10x slower here)."""
    try:
        import torch
    except ImportError:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_models_dirs_precedence(monkeypatch, tmp_path):
    monkeypatch.delenv(nlp.ENV_MODELS_DIR, raising=False)
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "stanza"))
    assert nlp.models_dirs() == [tmp_path / "stanza"]
    monkeypatch.setenv(nlp.ENV_MODELS_DIR, f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}")
    assert nlp.models_dirs() == [tmp_path / "a", tmp_path / "b"]
    assert nlp.models_dirs([str(tmp_path / "flag")]) == [tmp_path / "flag"]
    monkeypatch.delenv(nlp.ENV_MODELS_DIR)
    monkeypatch.delenv("STANZA_RESOURCES_DIR")
    assert nlp.models_dirs() == [Path("~/stanza_resources").expanduser()]


def test_empty_models_dir_names_the_download_command(tmp_path):
    with pytest.raises(ModelsMissingError) as err:
        nlp.resolve_pipeline("uk", [tmp_path])
    msg = str(err.value)
    assert f"toponorm models download uk --models-dir {tmp_path}" in msg
    assert "\n" not in msg


def test_stanza_resources_layout(tmp_path):
    resources = {"de": {"default_processors": {"tokenize": "gsd", "mwt": "gsd", "pos": "gsd",
                                               "lemma": "gsd", "depparse": "gsd", "ner": "germeval2014"}},
                 "xx": {"default_processors": {"tokenize": "a", "pos": "a", "lemma": "a"}},
                 "german": {"alias": "de"}}
    (tmp_path / "resources.json").write_text(json.dumps(resources))
    with pytest.raises(ModelsMissingError, match="run `toponorm models download de"):
        nlp.resolve_pipeline("de", [tmp_path])  # listed, but never downloaded
    (tmp_path / "de").mkdir()
    spec = nlp.resolve_pipeline("german", [tmp_path])
    assert spec.lang == "de" and spec.resources_dir == str(tmp_path)
    assert spec.processors == ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
    (tmp_path / "xx").mkdir()
    # no mwt and no ner for this language: both optional
    assert nlp.resolve_pipeline("xx", [tmp_path], nlp.PLACE_PROCESSORS).processors == ("tokenize", "pos", "lemma")
    with pytest.raises(ModelsMissingError, match="no depparse model for 'xx'"):
        nlp.resolve_pipeline("xx", [tmp_path])


def test_unknown_language_without_models_is_not_sent_to_a_download(tmp_path):
    """'--lang qqz' with no models: no download could help, so the error says the code is unknown."""
    with pytest.raises(ModelsMissingError, match="stanza knows no such language") as err:
        nlp.resolve_pipeline("qqz", [tmp_path])
    assert "models download" not in str(err.value)
    assert nlp.known_language("uk") and nlp.known_language("Ukrainian") and not nlp.known_language("qqz")


def test_bad_language_code_is_one_line_error(tmp_path):
    with pytest.raises(ToponormError, match="not a language code"):
        nlp.resolve_pipeline("en; rm -rf /", [tmp_path])


def test_model_set_layout_combines_directories(shared):
    small, official = _model_sets(shared)
    spec = nlp.resolve_pipeline("en", [small, official])
    paths = dict(spec.model_paths)
    assert spec.resources_dir is None
    assert spec.processors == ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
    assert paths["tokenize"] == str(official / "en" / "tokenize" / "combined.pt")
    assert paths["ner"] == str(small / "en" / "ner.pt")
    uk = nlp.resolve_pipeline("uk", [small, official])
    assert "mwt" not in uk.processors and dict(uk.model_paths)["tokenize"].endswith("uk/tokenize.pt")
    with pytest.raises(ModelsMissingError, match="lack pos, lemma, depparse;"):
        nlp.resolve_pipeline("en", [official])


def test_explicit_model_paths_complete_or_override_a_model_set(shared, tmp_path):
    small, official = _model_sets(shared)
    explicit = nlp.parse_model_paths([f"tokenize={official / 'en' / 'tokenize' / 'combined.pt'}",
                                      f"mwt={official / 'en' / 'mwt' / 'combined.pt'}"])
    spec = nlp.resolve_pipeline("en", [small], model_paths=explicit)
    # the same files as the two model sets together: the same (cached) pipeline
    assert spec == nlp.resolve_pipeline("en", [small, official])
    # explicit files alone make a pipeline, whatever the directories hold
    everything = {**explicit, **{p: str(small / "en" / f"{p}.pt") for p in ("pos", "lemma", "depparse", "ner")}}
    assert dict(nlp.resolve_pipeline("en", [tmp_path], model_paths=everything).model_paths) == everything
    # and they win over a stanza resources directory's own packages
    (tmp_path / "resources.json").write_text(json.dumps({"en": {"default_processors": {
        "tokenize": "combined", "pos": "combined", "lemma": "combined", "depparse": "combined"}}}))
    (tmp_path / "en").mkdir()
    ner_only = {"ner": everything["ner"]}
    spec = nlp.resolve_pipeline("en", [tmp_path], model_paths=ner_only)
    assert spec.resources_dir == str(tmp_path) and spec.model_paths == (("ner", everything["ner"]),)
    assert spec.processors == ("tokenize", "pos", "lemma", "depparse", "ner")
    with pytest.raises(ToponormError, match="the processor must be one of tokenize"):
        nlp.parse_model_paths(["parser=x.pt"])
    with pytest.raises(ModelsMissingError, match="--model ner=/nonexistent.pt: no such model file"):
        nlp.parse_model_paths(["ner=/nonexistent.pt"])
    text = tmp_path / "notes.txt"  # had torch's "Weights only load failed ... weights_only" as error
    text.write_text("a\r\nb\r\n")
    with pytest.raises(ModelsMissingError, match=r"--model pos=.*notes.txt: not a stanza model \(a PyTorch"):
        nlp.parse_model_paths([f"pos={text}"])


def test_a_model_of_another_processor_says_so(shared):
    """NER's model given as POS's was "could not be loaded: 'CompositeVocab'", a bare KeyError."""
    small, official = _model_sets(shared)
    with pytest.raises(ModelsMissingError,
                       match=r"KeyError 'CompositeVocab' \(a damaged file, a model of another processor"):
        nlp.get_pipeline("en", [small, official], model_paths=[f"pos={small / 'en' / 'ner.pt'}"])


def test_stanza_is_imported_lazily_and_its_absence_is_one_line():
    code = ("import sys, cli, normalise.nlp, normalise.doc_runner, normalise.documents;"
            "assert 'stanza' not in sys.modules and 'torch' not in sys.modules, 'eager import';"
            "sys.modules['stanza'] = None\n"
            "from normalise.errors import ModelsMissingError\n"
            "try:\n    normalise.nlp.get_pipeline('en', ['/nonexistent'])\n"
            "except ModelsMissingError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    # a missing stanza is reported before missing models (downloading them would need stanza too)
    assert out.stdout.strip() == ("quote attribution needs stanza, which is not installed: "
                                  "pip install 'toponorm[quotes]'")


@pytest.fixture(scope="module")
def en_pipeline(shared):
    return nlp.get_pipeline("en", [str(p) for p in _model_sets(shared)])


def test_real_english_pipeline_on_the_example(shared, en_pipeline):
    text = (shared / "examples" / "pokrovsk-afp-2025-12-02.txt").read_text(encoding="utf-8")
    doc, short = nlp.parse_texts([text, "He said so in Kyiv."], en_pipeline)
    assert len(doc.sentences) >= 9 and len(short.sentences) == 1
    for sentence in doc.sentences:
        for token in sentence.tokens:
            assert text[token.start_char:token.end_char] == token.text
    assert {w.deprel for s in doc.sentences for w in s.words} & {"nsubj", "root", "ccomp"}
    assert any(e.text == "Pokrovsk" for e in doc.ents)
    # built once, reused
    assert nlp.get_pipeline("en", [str(p) for p in _model_sets(shared)]) is en_pipeline


def test_real_ukrainian_pipeline(shared):
    small, official = _model_sets(shared)
    if not (small / "uk" / "tokenize.pt").is_file():
        pytest.skip("no Ukrainian small models")
    uk = nlp.get_pipeline("uk", [str(small), str(official)])
    text = "«Бої тривають у Покровську», — написало Східне угруповання військ. Путін заявив журналістам."
    (doc,) = nlp.parse_texts([text], uk)
    assert len(doc.sentences) == 2
    assert [t.text for t in doc.sentences[1].tokens][:2] == ["Путін", "заявив"]
    assert all(text[t.start_char:t.end_char] == t.text for s in doc.sentences for t in s.tokens)


def test_runaway_sentences_are_cut_before_tagging(shared, en_pipeline):
    # no sentence boundary in 700 words (with multi-word tokens): tagged and parsed in pieces of
    # at most MAX_SENTENCE_WORDS words instead of one huge sentence (minutes and gigabytes)
    text = "They can't stop " + "and we won't stop " * 170
    (doc,) = nlp.parse_texts([text], en_pipeline)
    assert max(len(s.words) for s in doc.sentences) <= nlp.MAX_SENTENCE_WORDS < len(text.split())
    assert all(text[t.start_char:t.end_char] == t.text for s in doc.sentences for t in s.tokens)
    words = [w.text for s in doc.sentences for w in s.words]
    assert words[:4] == ["They", "ca", "n't", "stop"] and words.count("wo") == 170
    assert all(w.upos and w.deprel for s in doc.sentences for w in s.words)


def test_lang_is_read_as_stanza_writes_its_codes():
    """"EN" was the "lang" of every output document; "en-US" and "pt_BR" no language at all; an
    empty --lang passed with --conllu."""
    assert [nlp.stanza_language(x) for x in ("EN", " en ", "en-US", "pt_BR", "zh-hans", "uk")] == [
        "en", "en", "en", "pt", "zh-hans", "uk"]
    for bad in ("", "  ", "e n"):
        with pytest.raises(ToponormError, match="is not a language code"):
            nlp.stanza_language(bad)
