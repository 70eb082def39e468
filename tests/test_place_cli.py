"""`toponorm place` end to end: the real CLI on a small real gazetteer."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from gazetteer_helpers import ua_default  # noqa: F401 - session fixture
from matcher_gazetteer import build


@pytest.fixture(scope="session")
def gazetteer_file(shared, tmp_path_factory):
    return build(shared, tmp_path_factory.getbasetemp() / "matcher-gazetteer.sqlite")


def toponorm(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import cli; cli.main()", *args],
                          capture_output=True, text=True, timeout=60)


def test_one_line_per_name_in_order_and_exit_0_with_misses(gazetteer_file):
    p = toponorm("place", "Pokrovsk", "asdfgh", "Springfield", "м. Покровськ", "--gazetteer", str(gazetteer_file))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("Pokrovsk\tPokrovsk (") and "geonames:704422" in lines[0]
    assert "NOT FOUND" in lines[1]
    assert "AMBIGUOUS" in lines[2]
    assert "geonames:704422" in lines[3]


def test_json_lines_have_the_issue_fields(gazetteer_file):
    p = toponorm("place", "Krasnoarmeysk", "Kiew", "--json", "--country", "UA", "--as-of", "2015",
                 "--output-lang", "uk", "--gazetteer", str(gazetteer_file))
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["query"] for r in rows] == ["Krasnoarmeysk", "Kiew"]
    first = rows[0]
    assert first["id"] == "geonames:704422" and first["name"] == "Покровськ"
    assert first["matched"]["valid_to"] == "2016" and "historic" in first["matched"]["flags"]
    assert first["method"] == "exact" and 0 < first["score"] <= 1 and first["ambiguous"] is False
    assert isinstance(first["candidates"], list)
    assert rows[1]["name"] == "Київ"


def test_min_score_leaves_weak_answers_unresolved_with_the_place_as_first_candidate(gazetteer_file):
    p = toponorm("place", "Pokrovsk", "Pokrovks", "--json", "--country", "UA", "--gazetteer", str(gazetteer_file))
    exact, typo = [json.loads(line) for line in p.stdout.splitlines()]
    assert typo["id"] == "geonames:704422" and typo["score"] < exact["score"]
    cut = (typo["score"] + exact["score"]) / 2
    p = toponorm("place", "Pokrovsk", "Pokrovks", "--json", "--country", "UA", "--min-score", str(cut),
                 "--gazetteer", str(gazetteer_file))
    assert p.returncode == 0, p.stderr
    kept, dropped = [json.loads(line) for line in p.stdout.splitlines()]
    assert kept == exact
    assert (dropped["id"], dropped["method"], dropped["ambiguous"]) == (None, None, False)
    assert dropped["score"] == typo["score"]  # the honest score of the answer not given
    assert dropped["candidates"][0]["id"] == "geonames:704422"
    assert dropped["candidates"][0]["method"] == "fuzzy"
    assert dropped["candidates"][1:] == typo["candidates"]
    assert dropped["reason"].startswith("best match Pokrovsk (UA, geonames:704422, fuzzy) scores")
    assert f"below the minimum score {cut:g}" in dropped["reason"]


@pytest.mark.parametrize("args,message", [
    (["--as-of", "soon"], "as_of must be a year"),
    (["--as-of", "2015-02-30"], "as_of must be a year (1..9999) like 2015 or a real date like 2015-06-30, "
                                "not '2015-02-30'"),
    (["--as-of=-5"], "not '-5'"),
    (["--country", "Narnia"], "unknown country"),
    (["--min-score", "1.5"], "(--min-score) must be between 0 and 1"),
    (["--lang", "xx"], "unknown language 'xx' (--lang)"),
    (["--output-lang", "Elvish"], "unknown language 'Elvish' (--output-lang)"),
])
def test_bad_flags_give_one_line_errors(gazetteer_file, args, message):
    p = toponorm("place", "Pokrovsk", *args, "--gazetteer", str(gazetteer_file))
    assert p.returncode == 2
    assert p.stderr.startswith("toponorm: error:") and message in p.stderr
    assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_missing_or_foreign_gazetteer_is_a_one_line_error(tmp_path):
    p = toponorm("place", "Pokrovsk", "--gazetteer", str(tmp_path / "nope.sqlite"))
    assert p.returncode == 2 and "no gazetteer file" in p.stderr and "Traceback" not in p.stderr
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    p = toponorm("place", "Pokrovsk", "--gazetteer", str(junk))
    assert p.returncode == 2 and p.stderr.startswith("toponorm: error:") and "Traceback" not in p.stderr


def test_a_10mb_name_is_unresolved_with_a_reason_not_a_traceback(gazetteer_file):
    import cli

    result = CliRunner().invoke(cli.app, ["place", "x" * 10_000_000, "--json", "--gazetteer",
                                          str(gazetteer_file)])
    assert result.exit_code == 0, result.output[:500]
    row = json.loads(result.stdout)
    assert row["id"] is None and "too long" in row["reason"] and len(row["query"]) < 1000


def test_cli_module_does_not_import_heavy_libraries():
    code = ("import sys, cli; heavy = [m for m in ('pandas', 'pyarrow', 'stanza', 'torch', 'rapidfuzz',"
            " 'iuliia', 'normalise.matcher') if m in sys.modules]; print(heavy)")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.stdout.strip() == "[]", p.stdout + p.stderr


def test_dash_reads_names_from_stdin_one_a_line_in_order(gazetteer_file):
    names = "Krasnoarmeysk\r\n\nПокровськ\nasdfgh\n" * 1500  # over one batch: results stream
    p = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "place", "Kharkiv", "-", "Lviv",
                        "--json", "--country", "UA", "--gazetteer", str(gazetteer_file)],
                       input=names.encode(), capture_output=True, timeout=120)
    assert p.returncode == 0, p.stderr
    out = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert len(out) == 2 + 4 * 1500
    assert [r["query"] for r in out[:5]] == ["Kharkiv", "Krasnoarmeysk", "", "Покровськ", "asdfgh"]
    assert out[1]["id"] == out[3]["id"] == "geonames:704422" and out[2]["reason"] == "empty value"
    assert out[-1]["query"] == "Lviv" and out[-2]["query"] == "asdfgh"


def test_stdin_lines_may_end_in_a_lone_cr_and_stdin_is_read_once(gazetteer_file):
    """Names with old Mac line ends ("Kyiv\rLviv\rOdesa") had been one name, NOT FOUND; "- -" had read
    stdin for the first and answered one name for two."""
    def place(*args, stdin):
        return subprocess.run([sys.executable, "-c", "import cli; cli.main()", "place", *args, "--json",
                               "--gazetteer", str(gazetteer_file)], input=stdin, capture_output=True,
                              timeout=60)
    p = place("-", stdin=b"Kyiv\rLviv\rKharkiv\r")
    assert p.returncode == 0 and [json.loads(x)["query"] for x in p.stdout.decode().splitlines()] == [
        "Kyiv", "Lviv", "Kharkiv"]
    p = place("-", "-", stdin=b"Kyiv\n")
    assert p.returncode == 2 and p.stdout == b""
    assert p.stderr == b"toponorm: error: stdin (-) can be read only once\n"


def test_undecodable_stdin_is_one_line_error(gazetteer_file):
    p = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "place", "-",
                        "--gazetteer", str(gazetteer_file)],
                       input="Kyiv\nK\xf6ln\n".encode("latin-1"), capture_output=True, timeout=60)
    err = p.stderr.decode()
    assert p.returncode == 2 and err == "toponorm: error: stdin: line 2: not UTF-8 (invalid start byte at byte 1)\n"


def test_the_text_line_shows_a_hint_it_could_not_meet_and_no_empty_brackets():
    """"Kharkiv, Donetsk Oblast" printed Kharkiv as if the region hint held; the note that it did not
    (the JSON's reason) is on the line now. A place with no country or admin1 (a continent) printed
    "Europe ()". A former name's note is not repeated: "historic" in the matched column says it."""
    from normalise.place_command import format_line
    from normalise.resolution import Candidate, MatchedName, Resolution

    kharkiv = Resolution(query="Kharkiv, Donetsk Oblast", id="geonames:706483", name="Kharkiv", country="UA",
                         admin1="Kharkivska oblast", score=0.76, method="variant",
                         matched=MatchedName("Kharkiv", None, ["official"], None, None),
                         reason="no match in Donetsk Oblast; best match elsewhere")
    assert format_line(kharkiv).endswith("matched 'Kharkiv' (official)\tno match in Donetsk Oblast; "
                                         "best match elsewhere")
    europe = Resolution(query="Europa", id="geonames:6255148", name="Europe", score=1.0, method="exact")
    assert format_line(europe) == "Europa\tEurope\tgeonames:6255148\texact 1.00"
    old = Resolution(query="Bombay", id="geonames:1275339", name="Mumbai", country="IN", score=0.72,
                     method="exact", matched=MatchedName("Bombay", "en", ["historic"], None, None),
                     reason="matched a name not in use now")
    assert format_line(old).endswith("matched 'Bombay' (en, historic)")
    both = Resolution(query="Q", ambiguous=True, score=0.5, candidates=[
        Candidate(id="geonames:6255148", name="Europe", country=None, admin1=None, lat=None, lon=None,
                  population=0, feature_class="L", score=0.5, method="exact", matched=None),
        Candidate(id="test:1", name="Europa", country="ES", admin1="Madrid", lat=None, lon=None,
                  population=0, feature_class="P", score=0.5, method="exact", matched=None)])
    assert format_line(both) == "Q\tAMBIGUOUS\t0.50\tEurope geonames:6255148; Europa (ES, Madrid) test:1"


def test_output_language_names_a_city_as_that_language_does(ua_default):  # noqa: F811
    """The default's Cyrillic names carry no language; CLDR's exemplar cities tag the right ones
    (ru "Киев" was Kyrgyz-looking "Кыив", whose letters pass for Russian and romanise to Kyiv)."""
    shown = {}
    for lang in ("ru", "uk", "de", "pl"):
        p = toponorm("place", "Kyiv", "--output-lang", lang, "--gazetteer", str(ua_default))
        assert p.returncode == 0, p.stderr
        shown[lang] = p.stdout.split("\t")[1].split(" (")[0]
    assert shown == {"ru": "Киев", "uk": "Київ", "de": "Kiew", "pl": "Kijów"}


def test_ukraines_cities_in_russian_one_by_one_and_in_a_column(ua_default, tmp_path):  # noqa: F811
    """Their canonical names are Ukrainian romanisations, so Russian spellings were found for few:
    Kharkiv stayed "Kharkiv", Lutsk was Ukrainian "Луцьк". `place` and `table` (which fetches the
    winners' names in bulk) show the same."""
    cities = ["Kharkiv", "Zaporizhzhia", "Kryvyi Rih", "Lutsk", "Pokrovsk", "Kramatorsk"]
    want = ["Харьков", "Запорожье", "Кривой Рог", "Луцк", "Покровск", "Краматорск"]
    p = toponorm("place", *cities, "--output-lang", "ru", "--gazetteer", str(ua_default))
    assert p.returncode == 0, p.stderr
    assert [line.split("\t")[1].split(" (")[0] for line in p.stdout.splitlines()] == want
    src = tmp_path / "in.csv"
    src.write_text("place\n" + "\n".join(cities) + "\n", encoding="utf-8")
    p = toponorm("table", str(src), "--column", "place", "--output-lang", "ru", "--gazetteer",
                 str(ua_default), "-q")
    assert p.returncode == 0, p.stderr
    assert [row["place_name"] for row in csv.DictReader(io.StringIO(p.stdout))] == want


def test_control_characters_in_a_query_are_escaped_in_the_plain_rows(gazetteer_file):
    # a tab or newline typed or pasted into a query must not add a column or a row
    p = toponorm("place", "Ky\x01iv\tx\ny", "Pokrovsk\t", "Pokrovsk", "asdfgh", "--country", "UA",
                 "--gazetteer", str(gazetteer_file))
    assert p.returncode == 0, p.stderr
    odd, tabbed, found, missing = p.stdout.splitlines()
    assert odd.startswith("Ky\\x01iv\\tx\\ny\tNOT FOUND\t")
    assert len(odd.split("\t")) == len(missing.split("\t"))
    assert tabbed.startswith("Pokrovsk\\t\t") and len(tabbed.split("\t")) == len(found.split("\t"))
    p = toponorm("place", "Ky\x01iv\tx\ny", "--json", "--gazetteer", str(gazetteer_file))
    assert json.loads(p.stdout)["query"] == "Ky\x01iv\tx\ny"  # JSON keeps the query as given


def test_a_bom_before_the_first_stdin_name_is_not_part_of_it(gazetteer_file):
    p = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "place", "-", "Krasnoarmeysk",
                        "--json", "--country", "UA", "--gazetteer", str(gazetteer_file)],
                       input="\ufeffKrasnoarmeysk\r\nKrasnoarmeysk\n".encode(), capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    first, second, given = [json.loads(line) for line in p.stdout.decode().splitlines()]
    assert first["query"] == "Krasnoarmeysk" and first == second == given


@pytest.mark.parametrize("args, redirect, message", [
    (["place", "-"], "<&-", "standard input is closed; give the names as arguments"),
    (["place", "Kyiv"], ">&-", "standard output is closed; toponorm place writes its answers there"),
])
def test_closed_standard_streams_are_one_line_errors(gazetteer_file, args, redirect, message):
    """A closed stdin or stdout was 'internal error: AttributeError: 'NoneType' object has no
    attribute 'buffer'' (exit 70); then its advice named options place does not have (-o)."""
    import shlex

    command = " ".join(shlex.quote(a) for a in [sys.executable, "-c", "import cli; cli.main()", *args,
                                                "--gazetteer", str(gazetteer_file)])
    p = subprocess.run(f"{command} {redirect}", shell=True, capture_output=True, timeout=60)
    assert p.returncode == 2 and p.stderr.decode() == f"toponorm: error: {message}\n"


@pytest.mark.parametrize("as_of, current", [
    ("2016", {"Krasnoarmeysk", "Pokrovsk"}),  # both were in use in 2016, the rename on 12 May
    ("2016-05-11", {"Krasnoarmeysk"}), ("2016-05-13", {"Pokrovsk"}), ("2016-06", {"Pokrovsk"}),
    ("2016-04", {"Krasnoarmeysk"})])
def test_as_of_reads_the_day_of_a_date(ua_default, as_of, current):  # noqa: F811
    """--as-of took a date but read its year: in June 2016 Krasnoarmeysk (renamed 2016-05-12) had
    counted as in use, and on 11 May Pokrovsk had."""
    p = toponorm("place", "Krasnoarmeysk", "Pokrovsk", "--json", "--as-of", as_of, "--country", "UA",
                 "--gazetteer", str(ua_default))
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["geonames:704422"] * 2
    assert {r["query"] for r in rows if not r["reason"]} == current
    for r in rows:
        assert not r["reason"] or r["reason"].startswith(f"matched a name not in use in {as_of}")


def test_region_hint_places_each_name_in_that_region(gazetteer_file):
    """`--region` as `table --region-column` reads it, the name then its region ("Pervomaisk" alone is
    Luhansk Oblast's; with --region "Mykolaiv Oblast" Mykolaiv's); the query printed is the name as
    given, and a blank name stays blank. The option had been missing: the API took a region hint
    (``resolve(admin1=...)``) and the table a region column, the command line neither."""
    p = toponorm("place", "Pervomaisk", "Springfield", "--region", "Mykolaiv Oblast", "--json",
                 "--gazetteer", str(gazetteer_file))
    assert p.returncode == 0, p.stderr
    pervomaisk, springfield = [json.loads(line) for line in p.stdout.splitlines()]
    assert (pervomaisk["query"], pervomaisk["id"]) == ("Pervomaisk", "geonames:697593")
    assert springfield["query"] == "Springfield" and "Mykolaiv Oblast" in springfield["reason"]
    p = toponorm("place", "Springfield", " ", "--region", "IL", "--gazetteer", str(gazetteer_file))
    assert p.returncode == 0, p.stderr
    first, blank = p.stdout.splitlines()
    assert first.startswith("Springfield\tSpringfield (Illinois, US)") and "geonames:4250542" in first
    assert blank.startswith(" \t")
