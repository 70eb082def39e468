"""Values across formats: nothing changed silently, and what cannot be written is one line."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import test_table_cli
from test_table_cli import run_cli

from normalise.errors import InputError
from normalise.table import rejected_result
from normalise.tableio import AtomicOutput, create_writer, detect_format, open_table

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

gazetteer = test_table_cli.gazetteer  # the fixture: a small real gazetteer
EMPTY = rejected_result("empty cell")


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def convert(tmp_path: Path, src: str | Path, out_name: str, size: int = 1) -> Path:
    """``src`` (a file, or JSON Lines text) written to ``out_name`` as the table job writes it,
    ``size`` rows a chunk, every row with an empty result."""
    if isinstance(src, str):
        text, src = src, tmp_path / "in.jsonl"
        src.write_text(text, encoding="utf-8")
    target = tmp_path / out_name
    out_fmt = detect_format(target)
    with open_table(src, detect_format(src)) as reader:
        reader.open(size)
        with AtomicOutput(target, buffered=out_fmt == "parquet") as out:
            writer = create_writer(out, out_fmt, reader.columns, "place_",
                                   input_schema=getattr(reader, "schema", None))
            for chunk in reader.chunks(size):
                writer.write(chunk, [writer.encode(EMPTY)] * len(chunk))
            writer.close()
    return target


# ---- JSON Lines to Parquet: the first chunk's types, values unchanged -----------------------------
@pytest.mark.parametrize("later,shown,column_type", [
    ({"price": 19.99}, "19.99", "int64"),  # had become 19
    ({"price": {"a": 2.7, "b": "lost"}}, '{"a": 2.7, "b": "lost"}', "struct<a: int64>"),  # {"a": 2}
    ({"price": {"a": 2, "b": "lost"}}, '{"a": 2, "b": "lost"}', "struct<a: int64>"),  # "b" dropped
])
def test_a_later_value_that_the_first_chunks_type_would_change_is_an_error(tmp_path, later, shown,
                                                                            column_type):
    first = {"price": 1} if column_type == "int64" else {"price": {"a": 1}}
    text = jsonl({"city": "Kiev", **first}, {"city": "Lviv", **first}, {"city": "Lviv", **later})
    target = tmp_path / "out.parquet"
    target.write_bytes(b"previous")
    with pytest.raises(InputError) as err:
        convert(tmp_path, text, "out.parquet", size=2)
    assert str(err.value) == (f"record 3: 'price' is {shown}, which cannot be stored with the Parquet "
                              f"column types of the first records ({column_type}); write JSON Lines "
                              "or CSV instead")
    assert target.read_bytes() == b"previous"


def test_later_values_that_fit_the_first_chunks_types_are_kept(tmp_path):
    text = jsonl({"city": "Kiev", "n": 1.5, "s": {"a": 1}, "l": [1], "t": "x"},
                 {"city": "Lviv", "n": 2, "s": {"a": 2}, "l": [2, None], "t": None},
                 {"city": "Lviv", "n": None, "s": None, "l": None, "t": None},  # a chunk all null
                 {"city": "Lviv", "s": {}, "l": []})
    table = pq.read_table(convert(tmp_path, text, "out.parquet"))
    assert table.column("n").to_pylist() == [1.5, 2.0, None, None]
    assert table.column("s").to_pylist() == [{"a": 1}, {"a": 2}, None, {"a": None}]
    assert table.column("l").to_pylist() == [[1], [2, None], None, []]
    assert table.column("t").to_pylist() == ["x", None, None, None]


@pytest.mark.parametrize("first,later,message", [
    (None, 2, r"record 2: 'n' is 2, .* \(null\); raise --chunk-size \(the first records had no value there"),
    (True, 1, r"record 2: 'n' is 1, .* \(bool\); write JSON Lines or CSV instead"),
    (1, True, r"record 2: 'n' is true, .* \(int64\)"),
    (1, "12", r"record 2: 'n' is \"12\", .* \(int64\)"),
    (1.5, 2 ** 53 + 1, r"record 2: 'n' is 9007199254740993, .* \(double\)"),  # no double holds it
])
def test_a_later_value_of_another_kind_is_an_error(tmp_path, first, later, message):
    with pytest.raises(InputError, match=message):
        convert(tmp_path, jsonl({"city": "Kiev", "n": first}, {"city": "Lviv", "n": later}), "o.parquet")


# ---- result columns and input columns of the same name --------------------------------------------
def test_a_later_record_with_a_result_columns_name_is_an_error(tmp_path):
    """The first chunk's keys are checked before the run; a later record's place_id was replaced."""
    text = jsonl({"city": "Kiev"}, {"city": "Paris", "place_id": "MY-ID-42"})
    with pytest.raises(InputError, match=r"^record 2: already has key 'place_id', the name of a result "
                                         r"column; choose another --prefix$"):
        convert(tmp_path, text, "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("out_name", ["out.jsonl", "out.parquet"])
def test_a_column_named_twice_is_an_error_for_json_lines_and_parquet(tmp_path, out_name):
    """JSON Lines kept the last cell of the name ({"id": "999"}, the 1 lost); the Parquet file could
    not be read back ("Multiple matches for FieldRef")."""
    src = tmp_path / "dup.csv"
    src.write_text("id,city,id\n1,Kiev,999\n")
    fmt = "JSON Lines" if out_name.endswith("jsonl") else "Parquet"
    with pytest.raises(InputError, match=rf"^column 'id' appears 2 times in the header \(columns 1, 3\): "
                                         rf"{fmt} output needs each name once; rename all but one, or "
                                         "write CSV$"):
        convert(tmp_path, src, out_name)
    assert next(convert(tmp_path, src, "out.csv").open()).startswith("id,city,id,place_id,")


def test_a_long_row_of_a_table_with_an_extra_column_is_an_error_for_json_lines(tmp_path):
    """A long row's extra cells go under "_extra" in JSON Lines: they had replaced the cell of an
    input column of that name."""
    src = tmp_path / "extra.csv"
    src.write_text("city,_extra\nKiev,keepme\nParis,x,y\n")
    with pytest.raises(InputError, match=r"^row 2 has 3 fields, the header 2: its extra cells would go "
                                         r"under '_extra', which is a column already; write CSV instead$"):
        convert(tmp_path, src, "out.jsonl", size=5)
    assert not (tmp_path / "out.jsonl").exists()


# ---- compressed output ----------------------------------------------------------------------------
@pytest.mark.parametrize("name,module", [("out.csv.gz", "gzip"), ("out.jsonl.gz", "gzip"),
                                         ("out.tsv.bz2", "bz2"), ("out.csv.xz", "lzma")])
def test_an_output_named_gz_bz2_or_xz_is_compressed_so(tmp_path, name, module):
    """It was written as plain text under the compressed name."""
    import importlib
    src = Path(__file__).parent / "fixtures" / "tables" / "places.csv"
    plain = convert(tmp_path, src, name.rsplit(".", 1)[0], size=4).read_bytes()
    packed = convert(tmp_path, src, name, size=4).read_bytes()
    assert importlib.import_module(module).decompress(packed) == plain and packed != plain
    assert convert(tmp_path, src, name, size=4).read_bytes() == packed  # no time in the header


def test_parquet_output_with_a_compression_suffix_is_an_error(tmp_path):
    src = Path(__file__).parent / "fixtures" / "tables" / "places.csv"
    with pytest.raises(InputError, match=r"out.parquet.gz: Parquet compresses itself \(zstd\); name the "
                                         r"output without .gz$"):
        convert(tmp_path, src, "out.parquet.gz")
    assert list(tmp_path.iterdir()) == []


# ---- Parquet to JSON Lines ------------------------------------------------------------------------
def test_nan_and_infinity_are_written_to_json_lines_as_null(tmp_path):
    """Python's json wrote NaN and Infinity, which are no JSON (toponorm rejects them on input)."""
    nan, inf = float("nan"), float("inf")
    src = tmp_path / "n.parquet"
    pq.write_table(pa.table({"city": ["Kiev", "Lviv", "Rivne"], "f": [nan, 1.5, -inf],
                             "l": [[1.0, inf], None, [2.5]], "s": [{"x": nan, "y": "a"}, None, None],
                             "m": pa.array([[("k", nan)], None, None], pa.map_(pa.string(), pa.float64()))}),
                   src)
    lines = convert(tmp_path, src, "out.jsonl", size=2).read_text().splitlines()
    records = [json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} in {line}"))
               for line in lines]
    assert [(r["f"], r["l"], r["s"], r["m"]) for r in records] == [
        (None, [1.0, None], {"x": None, "y": "a"}, [["k", None]]), (1.5, None, None, None),
        (None, [2.5], None, None)]


# ---- errors the CLI reports in one line -----------------------------------------------------------
def _big_timestamps(path: Path) -> Path:
    pq.write_table(pa.table({"city": ["Kiev", "Lviv"], "ts": pa.array([0, 253402300800 * 10 ** 6],
                                                                      pa.timestamp("us"))}), path)
    return path


def test_a_place_column_of_timestamps_python_cannot_hold_is_no_text(gazetteer, tmp_path):
    """Its cells had been an internal error (OverflowError); they are kept with a reason."""
    out = tmp_path / "out.parquet"
    proc = run_cli(str(_big_timestamps(tmp_path / "ts.parquet")), "-c", "ts", "-q", "-o", str(out),
                   "--gazetteer", str(gazetteer))
    assert proc.returncode == 0, proc.stderr
    table = pq.read_table(out)
    assert table.column("place_reason").to_pylist() == ["not a text value"] * 2
    assert table.column("ts").cast(pa.int64()).to_pylist() == [0, 253402300800 * 10 ** 6]


TO_PARQUET = ["-o", "{tmp}/o.parquet", "--chunk-size", "1"]


def _jsonl_file(text: str):
    return lambda d: (d / "in.jsonl", (d / "in.jsonl").write_text(text))[0]


@pytest.mark.parametrize("make_input,args,message", [
    # a Parquet writer left open was closed when collected: "Exception ignored in: ... __del__"
    (_jsonl_file('{"city":"Kiev","n":[]}\n{"city":"Kiev","n":[1]}\n'), TO_PARQUET,
     r"record 2: 'n' is \[1\], .* \(list<item: null>\); raise --chunk-size"),
    (_jsonl_file('{"city":"Kiev","n":true}\n{"city":"Kiev","n":2}\n'), TO_PARQUET,
     r"record 2: 'n' is 2, .* \(bool\); write JSON Lines or CSV instead"),
    (_jsonl_file('{"city":"Kiev","n":true}\n{"city":"Kiev",\n'), TO_PARQUET,
     r"in.jsonl: line 2: not valid JSON"),
    # a timestamp after year 9999: pyarrow's OverflowError had been an internal error, the header out
    (lambda d: _big_timestamps(d / "ts.parquet"), ["--output-format", "csv"],
     r"row 2: column 'ts' holds a timestamp\[us\] value that Python cannot represent \(date value out "
     r"of range\); write Parquet instead"),
    (lambda d: _big_timestamps(d / "ts.parquet"), ["--output-format", "jsonl"], r"row 2: column 'ts'"),
    (lambda d: _big_timestamps(d / "ts.parquet"), ["--output-format", "csv", "-c", "ts"],
     r"row 2: column 'ts'"),
    # internal errors: ArrowNotImplementedError, OverflowError
    (_jsonl_file('{"city":"Kiev","n":{}}\n'), TO_PARQUET,
     r"column 'n' \(struct<>\) cannot be stored in Parquet \(Cannot write struct type 'n' with no child "
     r"field to Parquet\); write JSON Lines or CSV instead"),
    (_jsonl_file('{"city":"Kiev","n":1}\n{"city":"Kiev","n":12345678901234567890123}\n'),
     ["-o", "{tmp}/o.parquet"], r"record 2: 'n' is 12345678901234567890123, which Parquet cannot store "
                                r"\(.*\); write JSON Lines or CSV instead"),
    # half a UTF-16 pair: "'utf-8' codec can't encode character", no record named, the header out
    (_jsonl_file('{"city":"Kyiv","note":"ok"}\n{"city":"Kyiv","note":["a", "\\udc00x"]}\n'),
     ["--output-format", "csv"], r"record 2, column 'note': half a UTF-16 surrogate pair \(\\udc00\), "
                                 r"which CSV output cannot hold .*; write JSON Lines instead"),
    (_jsonl_file('{"city":"Kyiv","note":"\\ud800x"}\n'), ["-o", "{tmp}/o.parquet"],
     r"record 1, column 'note': half a UTF-16 surrogate pair \(\\ud800\), which Parquet output"),
])
def test_errors_are_one_line_with_nothing_on_stdout(gazetteer, tmp_path, make_input, args, message):
    import re
    src = make_input(tmp_path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    proc = run_cli(str(src), "-c", "city", "-q", "--gazetteer", str(gazetteer), *args)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.count("\n") == 1 and err.startswith("toponorm: error: "), err
    assert re.search(message, err), err
    assert proc.stdout == b"" and sorted(os.listdir(tmp_path)) == [src.name]


# ---- compressed inputs that cannot be read say what they are ------------------------------------
def test_compressed_inputs_that_cannot_be_read_say_what_they_are(tmp_path):
    """A gzip cut off in its first MiB of text had been "damaged compressed data after 0 bytes of text";
    a gzip of a gzip "cannot decode bytes 8b 08 ... try --encoding cp1251"; a zip "cannot tell the table
    format from the name"; a gzipped Parquet file "Parquet magic bytes not found in footer"."""
    import gzip

    import pyarrow as pa
    import pyarrow.parquet as pq

    text = "id,city\n" + "".join(f"{i},Kyiv\n" for i in range(50_000))
    packed = gzip.compress(text.encode())
    (tmp_path / "cut.csv.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "twice.csv.gz").write_bytes(gzip.compress(packed))
    (tmp_path / "t.csv.zip").write_bytes(b"PK\x03\x04")
    pq.write_table(pa.table({"city": ["Kyiv"]}), tmp_path / "t.parquet")
    (tmp_path / "t.parquet.gz").write_bytes(gzip.compress((tmp_path / "t.parquet").read_bytes()))
    for name, message in (
            ("cut.csv.gz", r"cut.csv.gz: damaged or truncated compressed data \(Compressed file ended"),
            ("twice.csv.gz", "twice.csv.gz: compressed twice: its text is a gzip-compressed file: decompress"),
            ("t.csv.zip", r"t.csv.zip: a zip archive: unzip it first"),
            ("t.parquet.gz", "t.parquet.gz: a gzip-compressed file, not Parquet: Parquet compresses itself")):
        with pytest.raises(InputError, match=message):
            path = tmp_path / name
            with open_table(path, detect_format(path)) as reader:
                reader.open(1000)
                for _ in reader.chunks(1000):
                    pass


def test_gazetteer_add_of_a_compressed_file_says_so(tmp_path):
    """It had been "x.tsv.gz:1: not UTF-8 text"."""
    import gzip

    from gazetteer.custom import _read_text
    from gazetteer.errors import GazetteerError

    (tmp_path / "x.tsv.gz").write_bytes(gzip.compress(b"id\tname\n"))
    with pytest.raises(GazetteerError, match=r"x.tsv.gz: a compressed file \(gzip, bzip2 or xz\), not text"):
        _read_text(tmp_path / "x.tsv.gz")
