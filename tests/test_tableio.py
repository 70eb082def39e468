"""Table readers and writers: formats, encodings, chunking, bad input and atomic output."""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
from pathlib import Path

import pytest

from normalise import tableio
from normalise.errors import InputError
from normalise.table import rejected_result
from normalise.tableio import (RESULT_FIELDS, AtomicOutput, DecodedLines, create_writer,
                               detect_format, open_table)

TABLES = Path(__file__).parent / "fixtures" / "tables"


def read_all(path: Path | str, fmt: str, size: int = 4, **kw) -> tuple[list[str], list]:
    with open_table(path, fmt, **kw) as reader:
        if fmt == "jsonl":
            reader.open(size)
        rows = []
        for chunk in reader.chunks(size):
            assert len(chunk) <= size
            rows.extend(chunk.records())
        return reader.columns, rows


# ---- formats --------------------------------------------------------------------------------
@pytest.mark.parametrize("name,expected", [("a.csv", "csv"), ("A.TSV", "tsv"), ("x.tab", "tsv"),
                                           ("d.jsonl", "jsonl"), ("d.ndjson", "jsonl"),
                                           ("p.parquet", "parquet"), ("p.pq", "parquet")])
def test_format_from_extension(name, expected):
    assert detect_format(name) == expected


def test_explicit_format_wins_and_unknown_ones_are_refused():
    assert detect_format("data.txt", "TSV") == "tsv"
    assert detect_format("-", None, default="csv") == "csv"
    with pytest.raises(InputError, match="--format"):
        detect_format("data.txt")
    with pytest.raises(InputError, match="unknown table format 'xlsx'"):
        detect_format("a.csv", "xlsx")


# ---- decoding -------------------------------------------------------------------------------
def test_utf8_bom_is_skipped():
    columns, rows = read_all(TABLES / "places_bom.csv", "csv")
    assert columns == ["row", "place", "country"]
    assert [r["place"] for r in rows] == ["Харків", "Покровськ", "Київ"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_a_utf16_or_utf32_byte_order_mark_says_the_encoding(tmp_path, codec):
    """Excel's "Unicode Text" is UTF-16 with a byte-order mark; it had been refused as undecodable
    UTF-8 ("try --encoding cp1251")."""
    text = "row\tplace\r\n1\tХарків\r\n2\tКиїв 𝔸\r\n"
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-be": codecs.BOM_UTF32_BE}.get(codec, b"")
    path = tmp_path / "excel.tsv"
    path.write_bytes(bom + text.encode(codec))
    columns, rows = read_all(path, "tsv")
    assert columns == ["row", "place"] and [r["place"] for r in rows] == ["Харків", "Київ 𝔸"]


def test_a_byte_order_mark_overrides_no_encoding_asked_for(tmp_path):
    path = tmp_path / "u16.csv"
    path.write_bytes("place\nKyiv\n".encode("utf-16") + "\udc00".encode("utf-16-le", "surrogatepass"))
    with pytest.raises(InputError, match=r"line 3, byte 24: .* as utf-16 \(by its byte-order mark\)"):
        read_all(path, "csv")
    path.write_bytes(codecs.BOM_UTF16_LE + b"place\nKyiv\n")
    columns, _ = read_all(path, "csv", encoding="cp1251")  # asked for: those bytes are cp1251 letters
    assert columns == ["яюplace"]


def test_other_encodings_are_read_with_encoding():
    _, rows = read_all(TABLES / "places_cp1251.csv", "csv", encoding="cp1251")
    assert [r["place"] for r in rows] == ["Харків", "Покровськ", "Київ"]


def test_undecodable_bytes_are_reported_with_line_and_byte():
    data = (TABLES / "places_cp1251.csv").read_bytes()
    with pytest.raises(InputError) as err:
        read_all(TABLES / "places_cp1251.csv", "csv")
    msg = str(err.value)
    first_bad = next(i for i, b in enumerate(data) if b >= 0x80)
    assert "places_cp1251.csv: line 2, byte %d:" % first_bad in msg
    assert "--encoding" in msg and "\n" not in msg


def test_decode_error_position_is_exact_across_blocks(monkeypatch):
    monkeypatch.setattr(tableio, "_READ_BLOCK", 7)
    good = "place\n" + "Київ\n" * 50
    data = good.encode() + b"\xff\xfe" + b"\n"
    with pytest.raises(InputError, match=rf"line 52, byte {len(good.encode())}:"):
        list(DecodedLines(io.BytesIO(data), "utf-8", "x.csv"))


def test_unknown_encoding_is_one_line_error():
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_all(TABLES / "places.csv", "csv", encoding="klingon")


def test_lines_split_like_open_newline_empty_across_tiny_blocks(monkeypatch):
    text = 'a,b\r\n1,"x\r\ny"\r\n2,"q\rr"\n3,z\r4,w'
    expected = list(csv.reader(io.StringIO(text, newline="")))
    for block in (1, 2, 3, 5, 64):
        monkeypatch.setattr(tableio, "_READ_BLOCK", block)
        lines = DecodedLines(io.BytesIO(text.encode()), "utf-8", "t")
        assert list(csv.reader(lines)) == expected, block


# ---- CSV / TSV ------------------------------------------------------------------------------
def test_csv_chunks_keep_every_row_in_order_with_multiline_cells():
    columns, rows = read_all(TABLES / "places.csv", "csv", size=4)
    with open(TABLES / "places.csv", newline="", encoding="utf-8") as fh:
        expected = list(csv.DictReader(fh))
    assert columns == ["row", "place", "country", "note"]
    assert rows == expected
    assert rows[13]["place"] == "Lviv\n(Lemberg)"


def test_tsv_reader():
    columns, rows = read_all(TABLES / "places.tsv", "tsv")
    assert columns == ["row", "place", "country"]
    assert rows[2] == {"row": "3", "place": "Москва", "country": "RU"}


def test_ragged_rows_are_kept_and_flagged():
    with open_table(TABLES / "ragged.csv", "csv") as reader:
        (chunk,) = list(reader.chunks(100))
    assert [len(r) for r in chunk.rows] == [3, 2, 5, 3]
    assert chunk.problems() == [None, "ragged row: 2 fields, header has 3",
                                "ragged row: 5 fields, header has 3", None]
    assert chunk.values("country") == ["UA", None, "UA", "UA"]


def test_empty_file_and_header_only_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty.csv: empty file"):
        open_table(empty, "csv")
    header = tmp_path / "header.csv"
    header.write_text("a,b\n")
    columns, rows = read_all(header, "csv")
    assert (columns, rows) == (["a", "b"], [])


@pytest.mark.parametrize("data", [b"\ncity\nKyiv\n", b"\r\n", b"\n"])
def test_a_blank_first_line_is_said_to_be_blank(tmp_path, data):
    """It was "empty file", for a file with rows after it too."""
    path = tmp_path / "blank.csv"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"^.*blank.csv: line 1 is blank \(expected a header row\)$"):
        open_table(path, "csv")


def test_ten_megabyte_cell_is_read(tmp_path):
    big = "x" * (10 * 1024 * 1024)
    path = tmp_path / "big.csv"
    path.write_text(f"id,place\n1,\"{big}\"\n2,Kyiv\n")
    _, rows = read_all(path, "csv")
    assert len(rows[0]["place"]) == len(big) and rows[1]["place"] == "Kyiv"


def test_runaway_quote_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(tableio, "CSV_FIELD_LIMIT", 1000)
    previous = csv.field_size_limit(1000)
    try:
        path = tmp_path / "q.csv"
        path.write_text("id,place\n1,\"Kyiv\n" + "2,Lviv\n" * 400)
        with pytest.raises(InputError, match=r"q.csv: line \d+: .*1,000 characters: an unclosed"):
            read_all(path, "csv")
    finally:
        csv.field_size_limit(previous)


def test_nul_bytes_are_read_as_cell_content():
    _, rows = read_all(TABLES / "nul.csv", "csv")
    assert rows[0]["place"] == "Kyi\x00v" and rows[1]["place"] == "Odesa"


def test_missing_input_file():
    with pytest.raises(InputError, match="nope.csv: no such file"):
        open_table(TABLES / "nope.csv", "csv")


# ---- JSON Lines -----------------------------------------------------------------------------
def test_jsonl_reader_keeps_values_as_parsed():
    columns, rows = read_all(TABLES / "places.jsonl", "jsonl", size=2)
    assert columns == ["row", "place", "country", "meta"]
    assert rows[0]["meta"] == {"src": "afp"} and rows[3]["place"] == ["not", "text"]


def test_malformed_jsonl_line_names_the_line():
    with pytest.raises(InputError, match=r"malformed.jsonl: line 3: not valid JSON"):
        read_all(TABLES / "malformed.jsonl", "jsonl", size=1)


def test_jsonl_line_that_is_not_an_object(tmp_path):
    path = tmp_path / "l.jsonl"
    path.write_text('{"place": "Kyiv"}\n\n[1, 2]\n')
    with pytest.raises(InputError, match="line 3: expected a JSON object"):
        read_all(path, "jsonl")


# ---- Parquet --------------------------------------------------------------------------------
def test_not_a_parquet_file_is_one_line_error():
    with pytest.raises(InputError, match="not_parquet.parquet: not a readable Parquet file"):
        open_table(TABLES / "not_parquet.parquet", "parquet")


def test_parquet_batches(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq
    table = pa.table({"id": list(range(10)), "place": [f"p{i}" for i in range(10)]})
    pq.write_table(table, tmp_path / "t.parquet", row_group_size=3)
    with open_table(tmp_path / "t.parquet", "parquet") as reader:
        chunks = list(reader.chunks(4))
        assert reader.total == 10 and reader.done() == 10
    assert [len(c) for c in chunks] == [4, 4, 2]
    assert [c.first_row for c in chunks] == [1, 5, 9]
    assert sum((c.values("place") for c in chunks), []) == table.column("place").to_pylist()


# ---- output ---------------------------------------------------------------------------------
def test_atomic_output_leaves_the_target_alone_on_abort(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("previous\n")
    out = AtomicOutput(target)
    out.file.write(b"half a fi")
    out.abort()
    assert target.read_text() == "previous\n"
    assert os.listdir(tmp_path) == ["out.csv"]
    out = AtomicOutput(target)
    out.file.write(b"new\n")
    assert target.read_text() == "previous\n"
    out.commit()
    assert target.read_text() == "new\n" and os.listdir(tmp_path) == ["out.csv"]


def test_atomic_output_as_a_block_commits_or_aborts(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("previous\n")
    with pytest.raises(KeyboardInterrupt):
        with AtomicOutput(target) as out:
            out.file.write(b"half a fi")
            raise KeyboardInterrupt
    assert target.read_text() == "previous\n" and os.listdir(tmp_path) == ["out.csv"]
    with AtomicOutput(target) as out:
        out.file.write(b"new\n")
    assert target.read_text() == "new\n" and os.listdir(tmp_path) == ["out.csv"]


def test_output_folder_must_exist(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        AtomicOutput(tmp_path / "no" / "out.csv")


RESULT = ("geonames:704422", "Pokrovsk", "UA", "Donetsk", 48.28198, 37.18207, 0.95, "variant",
          False, "geonames:704422:0.950", None)
EMPTY = rejected_result("empty cell")


def _write(tmp_path, src: Path, src_fmt: str, out_fmt: str) -> Path:
    target = tmp_path / f"out.{out_fmt}"
    with open_table(src, src_fmt) as reader:
        if src_fmt == "jsonl":
            reader.open(100)
        out = AtomicOutput(target)
        writer = create_writer(out, out_fmt, reader.columns, "place_",
                               input_schema=getattr(reader, "schema", None))
        for chunk in reader.chunks(2):
            results = [RESULT if i % 2 == 0 else EMPTY for i in range(len(chunk))]
            writer.write(chunk, [writer.encode(r) for r in results])
        writer.close()
        out.commit()
    return target


def test_csv_writer_adds_result_columns_and_keeps_ragged_cells(tmp_path):
    path = _write(tmp_path, TABLES / "ragged.csv", "csv", "csv")
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    assert rows[0] == ["row", "place", "country"] + [f"place_{f}" for f in RESULT_FIELDS]
    assert rows[1][:9] == ["1", "Kyiv", "UA", "geonames:704422", "Pokrovsk", "UA", "Donetsk",
                           "48.28198", "37.18207"]
    assert rows[1][9:] == ["0.95", "variant", "false", "geonames:704422:0.950", ""]
    assert rows[2][:3] == ["2", "Odesa", ""] and rows[2][-1] == "empty cell"
    assert rows[3][:3] == ["3", "Lviv", "UA"] and rows[3][-2:] == ["extra", "cells"]
    assert len(rows[3]) == 3 + len(RESULT_FIELDS) + 2


def test_csv_to_parquet_to_jsonl_keeps_rows_and_types(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    parquet = _write(tmp_path, TABLES / "places.csv", "csv", "parquet")
    table = pq.read_table(parquet)
    assert table.num_rows == 15
    assert table.column("place").to_pylist()[13] == "Lviv\n(Lemberg)"
    assert str(table.schema.field("place_lat").type) == "double"
    assert table.column("place_ambiguous").to_pylist()[:2] == [False, False]  # None before 27 Nov 2026
    jsonl = _write(tmp_path, parquet, "parquet", "jsonl")
    recs = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(recs) == 15 and recs[0]["row"] == "1" and recs[0]["place_lat"] == 48.28198


def test_jsonl_to_csv_serialises_nested_values(tmp_path):
    path = _write(tmp_path, TABLES / "places.jsonl", "jsonl", "csv")
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    assert rows[0]["meta"] == '{"src": "afp"}' and rows[2]["place"] == ""
    assert rows[3]["place"] == '["not", "text"]'


def test_header_only_csv_gives_an_empty_parquet_file_with_schema(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    (tmp_path / "h.csv").write_text("a,place\n")
    target = tmp_path / "h.parquet"
    with open_table(tmp_path / "h.csv", "csv") as reader:
        out = AtomicOutput(target)
        writer = create_writer(out, "parquet", reader.columns, "p_")
        writer.close()
        out.commit()
    table = pq.read_table(target)
    assert table.num_rows == 0 and table.schema.names[:3] == ["a", "place", "p_id"]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_encoded_result_text_is_what_the_csv_module_writes(tmp_path, fmt):
    out = AtomicOutput(tmp_path / f"o.{fmt}")
    writer = create_writer(out, fmt, ["place"], "p_")
    tricky = ("x:1", 'Kyiv, "city"', "UA", "a\tb", 1.5, None, 0.25, "exact", True, "c|d",
              "line\nbreak\r")
    for result in (RESULT, EMPTY, tricky):
        cells, text = writer.encode(result)
        buf = io.StringIO()
        csv.writer(buf, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n").writerow(
            ["v"] + cells)
        assert "v" + text == buf.getvalue()
    out.abort()


# ---- separators -----------------------------------------------------------------------------
@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_a_csv_header_without_commas_shows_its_separator(tmp_path, sep):
    """Excel writes semicolons where the decimal mark is a comma: such a file had been one column
    named "id;Stadt;Land"."""
    path = tmp_path / "export.csv"
    path.write_text(sep.join(["id", "Stadt", "Land"]) + "\n" + sep.join(["1", "Köln, Porz", "DE"]) + "\n",
                    encoding="utf-8")
    with open_table(path, "csv") as reader:
        assert reader.columns == ["id", "Stadt", "Land"]
        assert (reader.delimiter, reader.delimiter_found) == (sep, True)
        assert [r for c in reader.chunks(4) for r in c.text_rows()] == [["1", "Köln, Porz", "DE"]]


@pytest.mark.parametrize("header", ['"name; alias"', "name", "id;name|alias", "id,Stadt;Land"])
def test_a_header_no_other_separator_parts_alone_stays_comma_separated(tmp_path, header):
    """A quoted cell, no separator at all, two kinds of separator, or a comma: no guess."""
    path = tmp_path / "t.csv"
    path.write_text(header + "\nx\n", encoding="utf-8")
    with open_table(path, "csv") as reader:
        assert (reader.delimiter, reader.delimiter_found) == (",", False)


def test_a_given_delimiter_is_taken_and_a_tsv_is_not_sniffed(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("a;b\tc\n1;2\t3\n", encoding="utf-8")
    assert read_all(path, "tsv")[0] == ["a;b", "c"]
    assert read_all(path, "tsv", delimiter=";")[0] == ["a", "b\tc"]
    path.write_text("a|b\n1|2\n", encoding="utf-8")
    assert read_all(path, "tsv")[0] == ["a|b"]  # (a TSV is tab-separated, whatever its header shows)
    path = tmp_path / "t.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    with open_table(path, "csv", delimiter="|") as reader:
        assert (reader.columns, reader.delimiter_found) == (["a;b"], False)


@pytest.mark.parametrize("value,expected", [(";", ";"), ("tab", "\t"), ("\\t", "\t"), ("\t", "\t"), ("|", "|"),
                                            (None, None)])
def test_delimiter_option_reads_tab_by_name(value, expected):
    assert tableio.delimiter_option(value, "csv") == expected


@pytest.mark.parametrize("value,fmt,message", [(";;", "csv", "one character"), ('"', "csv", "one character"),
                                               ("\n", "tsv", "one character"), ("", "csv", "one character"),
                                               (";", "jsonl", "for CSV and TSV input, not jsonl")])
def test_delimiter_option_refuses(value, fmt, message):
    with pytest.raises(InputError, match=message):
        tableio.delimiter_option(value, fmt)
