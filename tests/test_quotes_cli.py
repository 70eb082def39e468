"""`toponorm quotes` / `places-in` / `models download` end to end, run as the real command."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli
from docs_gazetteer import docs_gazetteer  # noqa: F401 - session fixture
from normalise.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
DOCS = Path(__file__).parent / "fixtures" / "docs"


def toponorm(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import cli; cli.main()", *args], input=stdin,
                          capture_output=True, cwd=cwd, timeout=120)


def invoke(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """In-process run (stanza imported once per session); same shape as ``toponorm``'s result."""
    res = CliRunner().invoke(cli.app, list(args), input=stdin)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise res.exception
    return subprocess.CompletedProcess(args, res.exit_code, res.stdout_bytes, res.stderr_bytes)


def _lines(stderr: bytes) -> list[str]:
    return [line for line in stderr.decode().splitlines() if line.strip()]


def test_conllu_jsonl_one_object_per_document_and_per_document_errors(docs_gazetteer):  # noqa: F811
    proc = invoke("quotes", "--conllu", str(DOCS / "news.conllu"), "--format", "jsonl",
                    "--gazetteer", str(docs_gazetteer))
    assert proc.returncode == 1  # one document failed; the others are there
    objs = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [o["doc"] for o in objs] == ["putin-krasnoarmeysk", "kharkiv-city", "wrong-text"]
    putin, kharkiv, wrong = objs
    assert putin["quotes"][0]["speaker"]["text"] == "Vladimir Putin"
    assert [p["text"] for p in putin["quotes"][0]["places"]] == ["Krasnoarmeysk"]
    assert kharkiv["reason"] == "no quotations found" and len(kharkiv["places"]) == 2
    assert wrong["quotes"] == [] and "does not match the text" in wrong["error"]
    (err,) = _lines(proc.stderr)
    assert err.startswith("toponorm: error: wrong-text: sentence 1: token 'Kharkiv'")


def test_the_example_story_end_to_end(shared, docs_gazetteer):  # noqa: F811
    # the scenario on the hand-checked parse of the AFP story (AT's fixture) and its real text
    proc = invoke("quotes", "--conllu", str(ROOT / "tests" / "fixtures" / "conllu" / "pokrovsk-afp-2025-12-02.conllu"),
                  "--text", str(shared / "examples" / "pokrovsk-afp-2025-12-02.txt"),
                  "--gazetteer", str(docs_gazetteer), "-q")
    assert proc.returncode == 0, proc.stderr
    (obj,) = json.loads(proc.stdout)
    assert obj["doc"] == "pokrovsk-afp-2025-12-02"
    entities = {e["id"]: e for e in obj["entities"]}
    command, told, said = obj["quotes"]
    assert command["text"].startswith("Search and assault operations") and command["kind"] == "direct"
    assert entities[command["speaker"]["entity"]]["type"] == "ORG" and command["cue"]["text"] == "wrote"
    assert [p["id"] for p in command["places"]] == ["geonames:704422"]
    assert told["speaker"]["text"] == "he" and told["cue"]["text"] == "told"
    assert entities[told["speaker"]["entity"]]["name"] == "Vladimir Putin"
    assert [(p["text"], p["id"]) for p in told["places"]] == [("Krasnoarmeysk", "geonames:704422")]
    assert said["kind"] == "partial" and said["text"].startswith("good foothold")
    assert said["speaker"]["entity"] == told["speaker"]["entity"]


def test_json_list_written_atomically_to_a_file(docs_gazetteer, tmp_path):  # noqa: F811
    out = tmp_path / "out.json"
    out.write_text("old")
    proc = invoke("quotes", "--conllu", str(DOCS / "kharkiv-city.conllu"), str(DOCS / "news.conllu"),
                    "-o", str(out), "--gazetteer", str(docs_gazetteer), "-q")
    assert proc.returncode == 1 and proc.stdout == b""
    data = json.loads(out.read_text())
    # (news.conllu's second document is a kharkiv-city too: unique ids since 27 Nov 2026)
    assert [o["doc"] for o in data] == ["kharkiv-city", "putin-krasnoarmeysk", "kharkiv-city~2", "wrong-text"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temp file left behind


def test_an_input_is_no_output(docs_gazetteer, tmp_path):  # noqa: F811
    """"places-in story.txt -o story.txt" had replaced the article with its JSON (exit 0)."""
    conllu, text = tmp_path / "k.conllu", tmp_path / "k.txt"
    conllu.write_bytes((DOCS / "kharkiv-city.conllu").read_bytes())
    text.write_text("Kharkiv is a city in Ukraine.\n")
    (tmp_path / "link.conllu").symlink_to(conllu)
    for out, extra in ((conllu, ()), (tmp_path / "link.conllu", ()), (text, ("--text", str(text)))):
        proc = toponorm("places-in", "--conllu", str(conllu), *extra, "-o", str(out),
                        "--gazetteer", str(docs_gazetteer))
        assert proc.returncode == 2 and _lines(proc.stderr) == [
            f"toponorm: error: -o {out}: that is an input file (it would be replaced by the output)"]
    assert conllu.read_bytes() == (DOCS / "kharkiv-city.conllu").read_bytes()
    assert text.read_text() == "Kharkiv is a city in Ukraine.\n"
    ok = invoke("places-in", "--conllu", str(conllu), "-o", str(tmp_path / "new.json"),
                "--gazetteer", str(docs_gazetteer))
    assert ok.returncode == 0 and json.loads((tmp_path / "new.json").read_text())[0]["doc"] == "k"


def test_places_in_reads_corenlp_bare_ner_tags(docs_gazetteer, tmp_path):  # noqa: F811
    """CoreNLP writes a bare type on every token of a name ("CITY", "COUNTRY"): places-in had found
    no place at all in such a file, without a warning."""
    conllu = (DOCS / "kharkiv-city.conllu").read_text(encoding="utf-8")
    conllu = conllu.replace("ner=S-GPE", "ner=CITY", 1).replace("ner=S-GPE", "ner=COUNTRY", 1)
    (tmp_path / "k.conllu").write_text(conllu, encoding="utf-8")
    (tmp_path / "k.txt").write_text((DOCS / "kharkiv-city.txt").read_text(encoding="utf-8"), encoding="utf-8")
    proc = toponorm("places-in", "--conllu", str(tmp_path / "k.conllu"), "--gazetteer", str(docs_gazetteer))
    assert proc.returncode == 0, proc.stderr
    places = json.loads(proc.stdout)[0]["places"]
    assert [(p["text"], p["name"], p["source"]) for p in places] == [
        ("Kharkiv", "Kharkiv", "ner"), ("Ukraine", "Ukraine", "ner")]  # (not "propn": untagged)


def test_an_empty_output_path_and_a_folder_as_input_say_so(docs_gazetteer, tmp_path):  # noqa: F811
    """`-o ''` had been "-o : is a directory" (the current folder); a folder as input with a small
    --max-chars had been "document too large (4,096 bytes ...)", the folder's own size."""
    (tmp_path / "story.txt").write_text("Kyiv.")
    proc = toponorm("places-in", str(tmp_path / "story.txt"), "-o", "", "--gazetteer", str(docs_gazetteer))
    assert proc.returncode == 2 and _lines(proc.stderr) == [
        "toponorm: error: the output path is empty (use - for stdout)"]
    proc = toponorm("places-in", str(tmp_path), "--max-chars", "5", "--format", "jsonl", "-q",
                    "--gazetteer", str(docs_gazetteer))
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["error"] == f"{tmp_path}: is a directory, not a text file"


def test_output_file_gets_the_usual_permissions(docs_gazetteer, tmp_path):  # noqa: F811
    """Regression: -o files kept mkstemp's owner-only mode (0600) instead of following the umask."""
    import os
    out = tmp_path / "out.jsonl"
    proc = invoke("places-in", "--conllu", str(DOCS / "kharkiv-city.conllu"), "-f", "jsonl",
                  "-o", str(out), "--gazetteer", str(docs_gazetteer), "-q")
    assert proc.returncode == 0, proc.stderr
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_stdin_and_places_in(docs_gazetteer):  # noqa: F811
    proc = invoke("places-in", "--conllu", "-", "--gazetteer", str(docs_gazetteer),
                    stdin=(DOCS / "kharkiv-city.conllu").read_bytes())
    assert proc.returncode == 0, proc.stderr
    (obj,) = json.loads(proc.stdout)
    assert obj["doc"] == "stdin" and "quotes" not in obj
    assert obj["warnings"] == ["no text given: rebuilt from the sentences (whitespace between them is approximate)"]
    assert [(p["text"], p["id"]) for p in obj["places"]] == [
        ("Kharkiv", "geonames:706483"), ("Ukraine", "geonames:690791")]


def test_repeated_document_ids_are_made_unique_with_a_warning(docs_gazetteer, tmp_path):  # noqa: F811
    """Two inputs named alike in two folders (a day's "article.txt" each) had given two output objects
    with one id, which no join by id can tell apart."""
    for day in ("mon", "tue"):
        (tmp_path / day).mkdir()
        (tmp_path / day / "article.conllu").write_bytes((DOCS / "kharkiv-city.conllu").read_bytes())
    proc = invoke("places-in", "--conllu", str(tmp_path / "mon" / "article.conllu"),
                  str(tmp_path / "tue" / "article.conllu"), str(tmp_path / "mon" / "article.conllu"),
                  "--format", "jsonl", "--gazetteer", str(docs_gazetteer), "--quiet")
    assert proc.returncode == 0, proc.stderr
    objs = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [o["doc"] for o in objs] == ["article", "article~2", "article~3"]
    assert "document id 'article' repeats an earlier document's; written as 'article~2'" in objs[1]["warnings"]
    assert objs[0]["places"] == objs[1]["places"] == objs[2]["places"]
    assert _lines(proc.stderr) == ["toponorm: warning: document id 'article' repeats; written as 'article~2'",
                                   "toponorm: warning: document id 'article' repeats; written as 'article~3'"]


def test_text_dir_for_conllu(docs_gazetteer, tmp_path):  # noqa: F811
    (tmp_path / "kharkiv-city.txt").write_text("Kharkiv is a city in Ukraine.\n")
    conllu = tmp_path / "parsed.conllu"
    conllu.write_text("# newdoc id = kharkiv-city\n" + (DOCS / "kharkiv-city.conllu").read_text())
    proc = invoke("places-in", "--conllu", str(conllu), "--text-dir", str(tmp_path), "--format", "jsonl",
                    "--gazetteer", str(docs_gazetteer))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["doc"] == "kharkiv-city"


def test_prose_or_invalid_conllu_is_an_error_for_that_input_naming_its_line(docs_gazetteer,  # noqa: F811
                                                                             tmp_path):
    prose = tmp_path / "plain.conllu"
    prose.write_text("Kyiv is the capital.\nLviv is west.\n")
    loop = tmp_path / "loop.conllu"
    loop.write_text((DOCS / "kharkiv-city.conllu").read_text().replace("\t4\tnsubj\t", "\t1\tnsubj\t"))
    proc = invoke("places-in", "--conllu", str(prose), str(DOCS / "kharkiv-city.conllu"), str(loop),
                  "--format", "jsonl", "--gazetteer", str(docs_gazetteer))
    assert proc.returncode == 1
    plain, good, looped = map(json.loads, proc.stdout.decode().splitlines())
    assert plain["doc"] == "plain" and plain["places"] == [] and "reason" not in plain
    assert plain["error"] == (f"{prose}: line 1: not valid CoNLL-U (1 tab-separated field where a token "
                              "line has 10: 'Kyiv is the capital.')")
    assert "error" not in good and len(good["places"]) == 2
    assert looped["error"].startswith(f"{loop}: line ") and "word 1 is its own HEAD" in looped["error"]
    assert [e.split(": ")[2] for e in _lines(proc.stderr)] == ["plain", "loop"]


def test_conllu_offsets_far_past_their_sentences_are_an_error_for_that_document(docs_gazetteer,  # noqa: F811
                                                                                tmp_path):
    # without --text the text is rebuilt at the offsets: start_char=50000021 made 50 MB of output
    kharkiv = (DOCS / "kharkiv-city.conllu").read_text()
    far = tmp_path / "far.conllu"
    far.write_text(kharkiv.replace("start_char=21|end_char=28", "start_char=50000021|end_char=50000028")
                   .replace("start_char=28|end_char=29", "start_char=50000028|end_char=50000029"))
    proc = invoke("places-in", "--conllu", str(far), str(DOCS / "kharkiv-city.conllu"), "--format", "jsonl",
                  "--gazetteer", str(docs_gazetteer), "-q")
    assert proc.returncode == 1 and len(proc.stdout) < 5000
    bad, good = map(json.loads, proc.stdout.decode().splitlines())
    assert bad["error"] == (f"{far}: line 8: start_char/end_char 50000021-50000028 of 'Ukraine' run far past "
                            "the text of the sentence (29 characters); give the original text with --text")
    assert "error" not in good and len(good["places"]) == 2
    (err,) = _lines(proc.stderr)
    assert err.startswith("toponorm: error: far: ") and err.endswith("give the original text with --text")
    # --max-chars bounds a rebuilt text as it bounds a raw one (here no sibling .txt: the text is rebuilt)
    (tmp_path / "kharkiv.conllu").write_text(kharkiv)
    proc = invoke("places-in", "--conllu", str(tmp_path / "kharkiv.conllu"), "--max-chars", "10",
                  "--gazetteer", str(docs_gazetteer), "-q")
    assert proc.returncode == 1 and "--max-chars 10" in json.loads(proc.stdout)[0]["error"]


@pytest.mark.parametrize("command", ["quotes", "places-in"])
@pytest.mark.parametrize("text", ["absent.txt", "a-folder", "binary.txt"])
def test_a_whole_run_error_after_output_began_leaves_no_lone_bracket(docs_gazetteer, tmp_path,  # noqa: F811
                                                                    command, text):
    # --text is read with the first document: the JSON list's "[" used to be on stdout by then
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01binary")
    args = [command, "--conllu", str(DOCS / "kharkiv-city.conllu"), "--text", str(tmp_path / text),
            "--gazetteer", str(docs_gazetteer), "-q"]
    res = CliRunner().invoke(cli.app, args)  # (cli.main turns the InputError into one line and exit 2)
    assert isinstance(res.exception, InputError)
    assert str(res.exception).startswith(f"--text {tmp_path / text}: ")
    assert res.stdout_bytes == b""
    out = tmp_path / "out.json"
    out.write_text("old")
    res = CliRunner().invoke(cli.app, [*args, "-o", str(out)])
    assert isinstance(res.exception, InputError) and out.read_text() == "old"  # the previous file is kept
    if (command, text) == ("quotes", "absent.txt"):  # the real command, once
        proc = toponorm(*args)
        assert proc.returncode == 2 and proc.stdout == b""
        assert _lines(proc.stderr) == [f"toponorm: error: --text {tmp_path / text}: no such file"]


def test_missing_models_one_line_with_the_download_command(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text('He said "hello".')
    empty = tmp_path / "models"
    empty.mkdir()
    proc = toponorm("quotes", str(doc), "--models-dir", str(empty))
    assert proc.returncode == 2 and proc.stdout == b""
    (err,) = _lines(proc.stderr)
    assert err.startswith("toponorm: error: ") and f"toponorm models download en --models-dir {empty}" in err


def test_bad_flags_are_one_line_errors(tmp_path):
    for args, needle in ((["--format", "xml"], "--format 'xml'"),
                         (["--text", "x.txt"], "--text/--text-dir only apply with --conllu"),
                         (["-o", str(tmp_path / "no" / "out.json")], "no such directory")):
        proc = toponorm("quotes", "--conllu", str(DOCS / "news.conllu"), *args) if "--text" not in args \
            else toponorm("quotes", str(DOCS / "news.conllu"), *args)
        assert proc.returncode == 2
        (err,) = _lines(proc.stderr)
        assert needle in err


def test_models_download_of_an_unknown_language_is_one_line_before_any_download(tmp_path):
    proc = toponorm("models", "download", "en", "qqz", "--models-dir", str(tmp_path), "-q")
    assert proc.returncode == 2
    (err,) = _lines(proc.stderr)
    assert "stanza knows no language 'qqz'" in err
    assert not any(tmp_path.iterdir())  # not even en was fetched


@pytest.mark.parametrize("processors,needle", [
    ("tokenize,bogus,Nerr",
     "--processors 'tokenize,bogus,Nerr': stanza has no processor 'bogus', 'nerr' (stanza's: "),
    (",", "--processors ',': names no processor (stanza's: "),
])
def test_models_download_of_an_unknown_processor_is_one_line_before_any_download(tmp_path, processors, needle):
    target = tmp_path / "models"
    proc = toponorm("models", "download", "en", "--processors", processors, "--models-dir", str(target), "-q")
    assert proc.returncode == 2
    (err,) = _lines(proc.stderr)
    assert err.startswith("toponorm: error: " + needle) and "depparse" in err and "tokenize" in err
    assert not target.exists()  # no network call made it


def test_models_download_into_a_file_is_one_line(tmp_path):
    """stanza's makedirs had said "[Errno 17] File exists"."""
    junk = tmp_path / "junk"
    junk.write_text("x")
    proc = toponorm("models", "download", "en", "--models-dir", str(junk))
    assert proc.returncode == 2
    assert _lines(proc.stderr) == [f"toponorm: error: --models-dir {junk}: not a directory"]


def test_missing_inputs_are_reported_before_missing_models(tmp_path):
    # nothing to parse: each missing input fails alone (exit 1), not hidden behind the models' error
    empty = tmp_path / "models"
    empty.mkdir()
    proc = toponorm("quotes", str(tmp_path / "typo.txt"), str(tmp_path / "other.txt"), "--format", "jsonl",
                    "--models-dir", str(empty))
    assert proc.returncode == 1
    assert [json.loads(line)["error"] for line in proc.stdout.decode().splitlines()] == [
        f"{tmp_path / 'typo.txt'}: no such file", f"{tmp_path / 'other.txt'}: no such file"]
    assert _lines(proc.stderr) == [f"toponorm: error: typo: {tmp_path / 'typo.txt'}: no such file",
                                   f"toponorm: error: other: {tmp_path / 'other.txt'}: no such file"]
    (tmp_path / "real.txt").write_text('He said "hello".')  # something to parse: the models are needed
    proc = toponorm("quotes", str(tmp_path / "typo.txt"), str(tmp_path / "real.txt"),
                    "--models-dir", str(empty))
    assert proc.returncode == 2 and "no stanza models for 'en'" in proc.stderr.decode()


def test_bad_raw_inputs_with_the_real_pipeline(shared, docs_gazetteer, tmp_path):  # noqa: F811
    sets = [shared / "models" / "stanza-small", shared / "models" / "stanza"]
    if not (sets[0] / "en" / "ner.pt").is_file():
        pytest.skip("offline stanza models are not in ../shared/models")
    files = {
        "good.txt": 'Officials in Kharkiv said: "We are holding the city."\n'.encode(),
        "empty.txt": b"  \n\n",
        "binary.bin": bytes(range(256)) * 40,
        "latin1.txt": "Café in Kharkiv".encode("latin-1"),
        "noquotes.txt": b"Fighting continues near Kharkiv.\n",
        "unbalanced.txt": 'He said: "We will hold Kharkiv.\n\nThe army wrote "all is calm" in Moscow.\n'.encode(),
        "big.txt": b"Kharkiv is a city. " * 263_000,  # 5 MB
        "story.txt": (shared / "examples" / "pokrovsk-afp-2025-12-02.txt").read_bytes(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    names = list(files) + ["missing.txt"]
    proc = invoke("quotes", *(str(tmp_path / n) for n in names), "--format", "jsonl",
                  "--gazetteer", str(docs_gazetteer), "--models-dir", str(sets[0]), "--models-dir", str(sets[1]),
                  "--threads", "1")
    assert proc.returncode == 1
    assert b"Traceback" not in proc.stderr
    objs = {o["doc"]: o for o in map(json.loads, proc.stdout.decode().splitlines())}
    assert list(objs) == ["good", "empty", "binary", "latin1", "noquotes", "unbalanced", "big", "story",
                          "missing"]
    # the raw-text path end to end (the small models' speakers are not checked: they are weak)
    story = objs["story"]
    assert [q["text"][:22] for q in story["quotes"]] == [
        "Search and assault ope", "I have already suggest", "good foothold for solv"]
    assert all(p["id"] == "geonames:704422" for p in story["places"] if p["text"] == "Pokrovsk")
    assert objs["good"]["quotes"][0]["text"] == "We are holding the city." and "error" not in objs["good"]
    assert objs["empty"]["reason"] == "empty document" and "error" not in objs["empty"]
    assert objs["noquotes"]["reason"] == "no quotations found" and "error" not in objs["noquotes"]
    # the unclosed quote ends with its paragraph; the next paragraph's quote is not lost
    assert [q["text"] for q in objs["unbalanced"]["quotes"]] == ["We will hold Kharkiv.", "all is calm"]
    assert "binary" in objs["binary"]["error"]
    assert "not UTF-8" in objs["latin1"]["error"]
    assert "too large" in objs["big"]["error"] and "--max-chars" in objs["big"]["error"]
    assert "no such file" in objs["missing"]["error"]
    errs = _lines(proc.stderr)
    assert [e.split(":")[2].strip() for e in errs] == ["binary", "latin1", "big", "missing"]


def test_without_stanza_one_line_names_the_extra():
    code = ("import sys; sys.modules['stanza'] = None; import cli;"
            f"sys.argv = ['toponorm', 'quotes', '--conllu', {str(DOCS / 'news.conllu')!r}]; cli.main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and proc.stdout == b""
    assert _lines(proc.stderr) == ["toponorm: error: quote attribution needs stanza, which is not installed: "
                                   "pip install 'toponorm[quotes]'"]


def test_lang_is_written_as_stanza_writes_it(docs_gazetteer):  # noqa: F811
    """--lang EN was echoed as the documents' "lang": "EN"; an empty one passed with --conllu."""
    proc = invoke("places-in", "--conllu", str(DOCS / "kharkiv-city.conllu"), "-f", "jsonl", "--lang", "EN",
                  "--gazetteer", str(docs_gazetteer), "-q")
    assert proc.returncode == 0 and json.loads(proc.stdout)["lang"] == "en"
    proc = toponorm("places-in", "--conllu", str(DOCS / "kharkiv-city.conllu"), "--lang", "",
                    "--gazetteer", str(docs_gazetteer), "-q")
    assert proc.returncode == 2 and _lines(proc.stderr) == [
        "toponorm: error: --lang '' is not a language code (e.g. en, uk, ru, de, fr)"]


def test_a_nul_past_the_first_8_kb_is_binary_data_too(tmp_path):
    """Only the first 8 KB had been searched for NUL bytes: one further on was parsed as text, and
    once taken for a speaker."""
    from normalise.doc_runner import decode_text
    with pytest.raises(InputError, match="binary data \\(a NUL character at character 9,000\\)"):
        decode_text(b"x" * 9000 + b"\x00 he said")
    with pytest.raises(InputError, match="a NUL character at character 3"):
        decode_text("abc\x00".encode("utf-16"))
    assert decode_text(b"x" * 9000) == "x" * 9000


def test_output_paths_that_name_no_file_are_one_line_errors(docs_gazetteer, tmp_path):  # noqa: F811
    """`-o DIR/` had written a file named DIR; a link loop had been an internal error (exit 70); a
    dangling link named the link's own folder, not its target's."""
    (tmp_path / "loopA").symlink_to(tmp_path / "loopB")
    (tmp_path / "loopB").symlink_to(tmp_path / "loopA")
    (tmp_path / "dangling").symlink_to(tmp_path / "nothere" / "x.json")
    for out, needle in ((str(tmp_path / "newdir") + "/", "a folder name; name the output file"),
                        (str(tmp_path / "loopA"), "cannot be written"),
                        (str(tmp_path / "dangling"), f"no such directory {tmp_path / 'nothere'}")):
        proc = toponorm("quotes", "--conllu", str(DOCS / "news.conllu"), "-o", out,
                        "--gazetteer", str(docs_gazetteer))
        assert proc.returncode == 2, proc.stderr
        (err,) = _lines(proc.stderr)
        assert err.startswith(f"toponorm: error: -o {out}: ") and needle in err
    assert not (tmp_path / "newdir").exists()


def test_a_named_pipe_alone_is_parsed_as_stdin_is(tmp_path):
    """A FIFO (or `<(...)`) as the only input had loaded no models, so its text was "not parsed". Now
    it needs the models as a file does: here, their absence is the one-line error."""
    import os
    import threading
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w") as fh:  # (blocks until read; a daemon, so a run that never reads ends)
            fh.write('He said "hello".\n')
    threading.Thread(target=feed, daemon=True).start()
    empty = tmp_path / "models"
    empty.mkdir()
    proc = toponorm("quotes", str(fifo), "--models-dir", str(empty), "-q")
    assert proc.returncode == 2 and "toponorm models download en" in proc.stderr.decode()


@pytest.mark.parametrize("ner_model", ["junk", "pos.pt"])
def test_a_model_stanza_cannot_load_is_named(shared, docs_gazetteer, tmp_path, ner_model):  # noqa: F811
    """A damaged file: stanza logs "Cannot load model from FILE" (a timestamped line) and raises a bare
    KeyError. A POS model as ner.pt: stanza logs nothing and raises KeyError 'FeatureVocab'. The
    one-line error had named only the language ("stanza models for 'en' could not be loaded")."""
    small = shared / "models" / "stanza-small" / "en"
    if not (small / "ner.pt").is_file():
        pytest.skip("offline stanza models are not in ../shared/models")
    models = tmp_path / "models" / "en"
    models.mkdir(parents=True)
    for name in ("pos.pt", "lemma.pt", "depparse.pt"):
        (models / name).symlink_to(small / name)
    if ner_model == "junk":
        (models / "ner.pt").write_bytes(b"junk\n")
    else:  # a model of another processor
        (models / "ner.pt").symlink_to(small / ner_model)
    (tmp_path / "doc.txt").write_text('He said "hello".')
    proc = toponorm("quotes", str(tmp_path / "doc.txt"), "--models-dir", str(tmp_path / "models"),
                    "--models-dir", str(shared / "models" / "stanza"), "--gazetteer", str(docs_gazetteer), "-q")
    assert proc.returncode == 2
    (err,) = _lines(proc.stderr)
    assert err.startswith(f"toponorm: error: the stanza model {models / 'ner.pt'} could not be loaded: "), err


def test_a_models_dir_that_is_a_file_says_so(tmp_path):
    """It had been "no stanza models ... run `toponorm models download en --models-dir FILE`", a
    download that cannot work either."""
    doc = tmp_path / "doc.txt"
    doc.write_text('He said "hello".')
    proc = toponorm("quotes", str(doc), "--models-dir", str(doc))
    assert proc.returncode == 2
    assert _lines(proc.stderr) == [
        f"toponorm: error: {doc}: a file, not a folder of stanza models (--models-dir)"]
