"""Streaming readers and writers for tables: CSV, TSV, JSON Lines and Parquet.

Why its own module: the column job (``normalise.table``) must not care which format a table is
in, must never hold a whole file in memory, and must fail on bad input with one line that names
the file and the line or byte. Readers yield ``Chunk`` objects of at most ``chunk_size`` rows;
writers take a chunk plus one result tuple per row and write to a temporary file that replaces
the target only when the whole table was written (``AtomicOutput``).

pyarrow is imported only when a Parquet file is read or written.
"""
from __future__ import annotations

import base64
import codecs
import csv
import io
import json
import lzma
import math
import os
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

from normalise.errors import InputError
from normalise.jsonl import json_lines_safe

FORMATS = ("csv", "tsv", "jsonl", "parquet")
_EXTENSIONS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
               ".parquet": "parquet", ".pq": "parquet"}
STDIO = "-"

# Largest CSV cell accepted. Python's default (128 KiB) rejects real files with long cells; no
# limit at all lets one unclosed quote swallow a whole file into memory. 64 MiB is both.
CSV_FIELD_LIMIT = 64 * 1024 * 1024
_READ_BLOCK = 1 << 20


def _pyarrow() -> Any:
    """pyarrow, or a one-line error saying how to install it (it is an optional extra)."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise InputError("Parquet needs pyarrow: pip install 'toponorm[parquet]'") from None
    return pyarrow


# ---- formats -------------------------------------------------------------------------------------
def detect_format(path: str | os.PathLike, explicit: str | None = None, *,
                  default: str | None = None) -> str:
    """The table format: ``explicit`` if given, else from the file extension, else ``default``."""
    if explicit:
        fmt = explicit.lower().lstrip(".")
        fmt = {"ndjson": "jsonl", "tab": "tsv", "pq": "parquet"}.get(fmt, fmt)
        if fmt not in FORMATS:
            raise InputError(f"unknown table format {explicit!r}; use one of {', '.join(FORMATS)}")
        return fmt
    text = str(path)
    if text != STDIO:
        name = Path(text)
        if name.suffix.lower() in _COMPRESSED_SUFFIXES:  # data.csv.gz: the format before it
            name = name.with_suffix("")
        fmt = _EXTENSIONS.get(name.suffix.lower())
        if fmt:
            return fmt
    if default:
        return default
    if text.lower().endswith(".zip"):  # (it had been "cannot tell the table format from the name")
        raise InputError(f"{text}: a zip archive: unzip it first (unzip -p FILE | toponorm table - ...); "
                         "gzip, bzip2 and xz are read as they are")
    raise InputError(f"{text}: cannot tell the table format from the name; "
                     f"pass --format ({', '.join(FORMATS)})")


def display_name(path: str | os.PathLike) -> str:
    return "<stdin>" if str(path) == STDIO else str(path)


# ---- decoding ----------------------------------------------------------------------------------
_BINARY_MAGIC = [(b"PAR1", "Parquet"), (b"\x28\xb5\x2f\xfd", "zstd"), (b"PK\x03\x04", "zip")]
_DECOMPRESS = {"zstd": "zstd -dc", "zip": "unzip -p"}
_COMPRESSED_MAGIC = [(b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz")]
"""Compressions the standard library reads: a text table compressed so is read as it streams."""


def _compression(head: bytes) -> str | None:
    """The compression (``_COMPRESSED_MAGIC``) that bytes beginning so are in, if any."""
    return next((name for magic, name in _COMPRESSED_MAGIC if head.startswith(magic)), None)
_COMPRESSED_SUFFIXES = {".gz", ".bz2", ".xz"}

_UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                 (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
"""Byte-order marks and the codec that reads them (UTF-32 LE's begins as UTF-16 LE's: first)."""


class DecodedLines:
    """Text lines of a byte stream, decoded strictly, with the byte count for progress bars.

    Decoding ourselves (instead of ``open(encoding=...)``) lets an undecodable byte be reported
    with its line and byte offset, for files and stdin alike. Lines end at ``\\n``, ``\\r\\n`` or
    ``\\r`` and keep their ending, as ``open(newline="")`` gives them to the csv module.
    A UTF-8 byte-order mark is skipped when the encoding is UTF-8, and a UTF-16 or UTF-32 one says
    the text is in that encoding instead: Excel saves "Unicode Text" so, and such a file had been
    refused as undecodable UTF-8, with advice to try cp1251.
    """

    def __init__(self, raw: IO[bytes], encoding: str, source: str, *, compressed: bool = False) -> None:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r} (try utf-8, utf-8-sig, cp1251, "
                             "latin-1)") from None
        if not getattr(info, "_is_text_encoding", True):  # rot13, hex, base64, zlib: codecs too
            raise InputError(f"{encoding!r} is no text encoding (try utf-8, utf-8-sig, cp1251, "
                             "latin-1)")
        codec = info.name
        self._by_bom = codec == "utf-8"  # (no other encoding can begin with such bytes: see _sniff_bom)
        if codec == "utf-8":
            codec = "utf-8-sig"
        self._raw = raw
        self._read = _block_reader(raw)
        self._compressed = compressed
        self._decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        self.encoding = encoding
        self.source = source
        self.bytes_read = 0
        self._newlines = 0  # newline bytes seen before the current block, for error positions
        self.captured: list[str] | None = None  # when a list: every line yielded is also kept here

    def __iter__(self) -> Iterator[str]:
        carry = ""
        while True:
            try:
                data = self._read(_READ_BLOCK)
            except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:  # a damaged compressed file
                what = "damaged or truncated compressed data" if self._compressed else "cannot read"
                # (text comes in 1 MiB blocks: a break inside the first had read "after 0 bytes")
                where = f" after {self.bytes_read:,} bytes of text" if self.bytes_read else ""
                raise InputError(f"{self.source}: {what}{where} ({exc or type(exc).__name__})") from None
            if not self.bytes_read:
                self._check_not_binary(data)
                self._sniff_bom(data)
            final = not data
            text = self._decode(data, final)
            self.bytes_read += len(data)
            self._newlines += data.count(b"\n")
            if text:
                lines = io.StringIO(carry + text, newline="").readlines()
                # A last line without "\n" may continue in the next block ("\r" may be half of "\r\n").
                carry = lines.pop() if not lines[-1].endswith("\n") else ""
                if self.captured is not None:
                    self.captured.extend(lines)
                yield from lines
            if final:
                if carry:
                    if self.captured is not None:
                        self.captured.append(carry)
                    yield carry
                return

    def _sniff_bom(self, head: bytes) -> None:
        """Read UTF-16 or UTF-32 text, byte order and all, from its byte-order mark, where UTF-8 was
        asked for (the default): bytes FF FE or FE FF cannot begin UTF-8 text."""
        if not self._by_bom:
            return
        for bom, codec in _UNICODE_BOMS:
            if head.startswith(bom):
                self._decoder = codecs.getincrementaldecoder(codec)(errors="strict")
                self.encoding = f"{codec} (by its byte-order mark)"
                return

    def _check_not_binary(self, head: bytes) -> None:
        """A Parquet, zstd or zip file read as text would fail at some byte with advice about
        encodings; name what the file is instead."""
        twice = _compression(head)
        if twice:  # (its bytes had been decoded as text: "cannot decode ... try --encoding cp1251")
            raise InputError(f"{self.source}: {'compressed twice: ' if self._compressed else ''}its text is a "
                             f"{twice}-compressed file: decompress it first")
        what = next((name for magic, name in _BINARY_MAGIC if head.startswith(magic)), None)
        if what == "Parquet":
            raise InputError(f"{self.source}: a Parquet file (it begins with PAR1), not text: read it "
                             "with --format parquet (--output-format sets the output's format)")
        if what:
            raise InputError(f"{self.source}: a {what}-compressed file, not text: decompress it first "
                             f"(e.g. {_DECOMPRESS[what]} FILE | toponorm table - ...); gzip, bzip2 "
                             "and xz are read as they are")

    def _decode(self, data: bytes, final: bool) -> str:
        pending = self._decoder.getstate()[0]
        try:
            return self._decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            seen = pending + data
            offset = self.bytes_read - len(pending) + exc.start
            line = self._newlines - pending.count(b"\n") + seen[:exc.start].count(b"\n") + 1
            bad = seen[exc.start:exc.start + 4].hex(" ")
            raise InputError(
                f"{self.source}: line {line}, byte {offset}: cannot decode bytes {bad} as "
                f"{self.encoding} ({exc.reason}); pass the file's real encoding with --encoding, "
                "e.g. --encoding cp1251 or --encoding latin-1") from None
        except UnicodeError as exc:  # UTF-16 or UTF-32 without a byte-order mark to say which
            raise InputError(f"{self.source}: cannot decode as {self.encoding} ({exc}); name the "
                             "byte order, e.g. --encoding utf-16-le") from None


def _block_reader(raw: IO[bytes]) -> Callable[[int], bytes]:
    """How to read a block of ``raw``: ``read``, but a terminal's ``read1`` (one read of the line
    typed). A terminal's end of input (Ctrl-D) is not lasting: ``read`` gathered lines up to it and
    returned them, and the next read waited for a second Ctrl-D."""
    try:
        interactive = raw.isatty()
    except (AttributeError, ValueError, OSError):
        interactive = False
    return getattr(raw, "read1", raw.read) if interactive else raw.read


# ---- chunks ------------------------------------------------------------------------------------
class Chunk:
    """Up to ``chunk_size`` rows of a table, in input order, in the reader's native form."""

    columns: list[str]
    first_row: int  # 1-based number of this chunk's first data row in the file

    def __len__(self) -> int:
        raise NotImplementedError

    def values(self, column: str) -> list[Any]:
        """One cell per row (``None`` where the row has no such cell)."""
        raise NotImplementedError

    def problems(self) -> list[str | None] | None:
        """A reason per row that cannot be read as a record (ragged CSV), or None if all can."""
        return None

    def text_rows(self) -> list[list[str]]:
        """Rows as lists of text cells (CSV/TSV output)."""
        raise NotImplementedError

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts (JSON Lines output)."""
        raise NotImplementedError

    def arrow(self, schema: Any = None) -> Any:
        """Rows as a ``pyarrow.RecordBatch`` (Parquet output)."""
        import pyarrow as pa
        try:
            return pa.RecordBatch.from_pylist(self.records(), schema=schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise InputError(f"rows {self.first_row}-{self.first_row + len(self) - 1}: cannot be "
                             f"stored with the Parquet column types of the first rows ({exc}); "
                             "write JSON Lines or CSV instead") from None


class TextChunk(Chunk):
    """CSV/TSV rows: lists of strings. Rows may be ragged; they are kept as they are."""

    def __init__(self, columns: list[str], rows: list[list[str]], first_row: int,
                 lines: list[str] | None = None, delimiter: str = ",") -> None:
        self.columns = columns
        self.rows = rows
        self.first_row = first_row
        width = len(columns)
        self.ragged = bool(rows) and set(map(len, rows)) != {width}
        # The rows' source text, one line per row, when no row spans lines: lets a writer of the
        # same format copy the input cells verbatim instead of re-quoting them (much faster).
        self.lines = lines if lines is not None and len(lines) == len(rows) and not self.ragged \
            else None
        self.delimiter = delimiter

    def __len__(self) -> int:
        return len(self.rows)

    def values(self, column: str) -> list[str | None]:
        i = self.columns.index(column)
        if not self.ragged:
            return [r[i] for r in self.rows]
        return [r[i] if len(r) > i else None for r in self.rows]

    def problems(self) -> list[str | None] | None:
        if not self.ragged:
            return None
        width = len(self.columns)
        return [None if len(r) == width else f"ragged row: {len(r)} fields, header has {width}"
                for r in self.rows]

    def text_rows(self) -> list[list[str]]:
        return self.rows

    def records(self) -> list[dict[str, Any]]:
        cols = self.columns
        if not self.ragged:
            return [dict(zip(cols, r)) for r in self.rows]
        return [_ragged_record(cols, r, n) for n, r in enumerate(self.rows, self.first_row)]


def _ragged_record(cols: list[str], row: list[str], number: int) -> dict[str, Any]:
    """A short row's missing cells become null; a long row's extra cells go under ``_extra``
    (an error where a column has that name: either its cell or the extra ones would be lost)."""
    rec: dict[str, Any] = dict(zip(cols, row))
    for c in cols[len(row):]:
        rec[c] = None
    if len(row) > len(cols):
        if "_extra" in rec:
            raise InputError(f"row {number} has {len(row)} fields, the header {len(cols)}: its extra "
                             "cells would go under '_extra', which is a column already; write CSV instead")
        rec["_extra"] = row[len(cols):]
    return rec


class RecordChunk(Chunk):
    """JSON Lines rows: dicts, as parsed."""

    def __init__(self, columns: list[str], rows: list[dict[str, Any]], first_row: int) -> None:
        self.columns = columns
        self.rows = rows
        self.first_row = first_row

    def __len__(self) -> int:
        return len(self.rows)

    def values(self, column: str) -> list[Any]:
        return [r.get(column) for r in self.rows]

    def _check_keys(self) -> None:
        """Columnar outputs have the first chunk's columns; a later new key would be lost."""
        extra = set().union(*self.rows) - set(self.columns)
        if extra:
            key = sorted(extra)[0]
            row = next(n for n, r in enumerate(self.rows, self.first_row) if key in r)
            raise InputError(f"record {row}: key {key!r} is not in the first records' columns "
                             f"({', '.join(self.columns[:20])}); write JSON Lines, or raise "
                             "--chunk-size so the first chunk shows every key")

    def text_rows(self) -> list[list[str]]:
        self._check_keys()
        cols = self.columns
        return [[_cell_text(r.get(c)) for c in cols] for r in self.rows]

    def records(self) -> list[dict[str, Any]]:
        return self.rows

    def arrow(self, schema: Any = None) -> Any:
        """Each column's values as Arrow infers them, or, after the first chunk, in the first
        chunk's type: only where every value fits it unchanged (pyarrow's own conversion made a
        later 19.99 in an int64 column 19 and dropped a struct's unknown fields, silently)."""
        import pyarrow as pa
        self._check_keys()
        columns = [[r.get(c) for r in self.rows] for c in self.columns]
        try:
            if schema is None:
                return pa.RecordBatch.from_arrays([self._inferred_array(v, c) for v, c in
                                                   zip(columns, self.columns)], names=self.columns)
            return pa.RecordBatch.from_arrays(
                [self._typed_array(v, f) for v, f in zip(columns, schema)], schema=schema)
        except UnicodeEncodeError as exc:  # "\ud800" in JSON: Arrow's strings are UTF-8
            raise _unencodable(self, self.columns, exc, "Parquet") from None

    def _inferred_array(self, values: list[Any], name: str) -> Any:
        """``values`` in the type Arrow infers, or an error naming the column and the record (an
        integer over 64 bits had been an internal OverflowError)."""
        import pyarrow as pa
        try:
            return pa.array(values)
        except (pa.ArrowException, OverflowError) as exc:
            for n, value in enumerate(values, self.first_row):
                try:
                    pa.array([value])
                except (pa.ArrowException, OverflowError) as one:
                    raise InputError(f"record {n}: {name!r} is {_shown(value)}, which Parquet cannot store "
                                     f"({one}); write JSON Lines or CSV instead") from None
            raise InputError(f"records {self.first_row}-{self.first_row + len(self) - 1}: {name!r} holds "
                             f"values that no one Parquet column type stores ({exc}); write JSON Lines "
                             "or CSV instead") from None

    def _typed_array(self, values: list[Any], field: Any) -> Any:
        """``values`` as an array of ``field``'s type, or an error naming the first that does not
        fit it unchanged."""
        import pyarrow as pa
        try:
            inferred = pa.array(values)
        except (pa.ArrowException, OverflowError):
            inferred = None  # mixed kinds in this chunk: may still fit the column's type
        if inferred is not None and inferred.type == field.type:
            return inferred
        if inferred is not None and inferred.null_count == len(inferred):
            return pa.nulls(len(values), field.type)
        try:
            stored = pa.array(values, field.type)
        except (pa.ArrowException, OverflowError):
            stored = None
        if stored is not None and all(map(_same_value, values, stored.to_pylist())):
            return stored
        raise self._misfit(values, field)

    def _misfit(self, values: list[Any], field: Any) -> InputError:
        """The error for the first of ``values`` that the column's type cannot hold unchanged."""
        import pyarrow as pa
        for n, value in enumerate(values):
            try:
                if _same_value(value, pa.array([value], field.type)[0].as_py()):
                    continue
            except (pa.ArrowException, OverflowError):
                pass
            advice = "write JSON Lines or CSV instead"
            if "null" in str(field.type):  # null, list<item: null>: the first records had no value
                advice = "raise --chunk-size (the first records had no value there to type it by), or " + advice
            return InputError(f"record {self.first_row + n}: {field.name!r} is {_shown(value)}, which "
                              f"cannot be stored with the Parquet column types of the first records "
                              f"({field.type}); {advice}")
        return InputError(f"records {self.first_row}-{self.first_row + len(self) - 1}: "
                          f"{field.name!r} cannot be stored with the Parquet column types of the first "
                          f"records ({field.type}); write JSON Lines or CSV instead")


def _shown(value: Any) -> str:
    """A JSON value for an error message, cut short."""
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _same_value(value: Any, stored: Any) -> bool:
    """Whether ``stored`` (read back from Arrow) is ``value`` (parsed JSON) unchanged: the same
    kind (``True`` is no 1, nor "12" 12), numbers equal (3 may come back 3.0), objects with every
    key (Arrow's struct may add others as null, as for the first chunk's records)."""
    if value is None or stored is None:
        return value is stored
    if isinstance(value, bool) or isinstance(stored, bool):
        return value is stored
    if isinstance(value, (int, float)):
        return isinstance(stored, (int, float)) and value == stored
    if isinstance(value, dict):
        return isinstance(stored, dict) and all(k in stored and _same_value(v, stored[k])
                                                for k, v in value.items()) \
            and all(stored[k] is None for k in stored.keys() - value.keys())
    if isinstance(value, list):
        return isinstance(stored, list) and len(value) == len(stored) \
            and all(map(_same_value, value, stored))
    return type(value) is type(stored) and value == stored


class ArrowChunk(Chunk):
    """Parquet rows: a pyarrow RecordBatch."""

    def __init__(self, batch: Any, first_row: int) -> None:
        self.batch = batch
        self.columns = list(batch.schema.names)
        self.first_row = first_row

    def __len__(self) -> int:
        return self.batch.num_rows

    def values(self, column: str) -> list[Any]:
        """The cells as Python values; one that Python cannot hold (a timestamp after year 9999)
        stays an Arrow scalar, which is no text: the row keeps a reason."""
        col = self.batch.column(self.columns.index(column))
        try:
            return col.to_pylist()
        except (OverflowError, ValueError):
            return [_python_or_scalar(cell) for cell in col]

    def _pylist(self, index: int) -> list[Any]:
        """A column as Python values, or an error naming it and its first cell Python cannot hold
        (pyarrow's OverflowError had been an internal error, after the CSV header was written)."""
        col = self.batch.column(index)
        try:
            return _shortest_floats(col.to_pylist(), col.type)
        except (OverflowError, ValueError) as exc:
            row = next((n for n, cell in enumerate(col, self.first_row)
                        if _python_or_scalar(cell) is cell), self.first_row)
            raise InputError(f"row {row}: column {self.columns[index]!r} holds a {col.type} value that "
                             f"Python cannot represent ({exc}); write Parquet instead") from None

    def text_rows(self) -> list[list[str]]:
        cols = [[_cell_text(v) for v in self._pylist(i)] for i in range(len(self.columns))]
        return [list(r) for r in zip(*cols)] if cols else [[] for _ in range(len(self))]

    def records(self) -> list[dict[str, Any]]:
        try:
            rows = self.batch.to_pylist()
        except (OverflowError, ValueError):
            for i in range(len(self.columns)):
                self._pylist(i)  # raises for the column at fault
            raise
        for name, arrow_type in zip(self.columns, self.batch.schema.types):
            if str(arrow_type) in _NARROW_FLOATS:
                for row, value in zip(rows, _shortest_floats([row[name] for row in rows], arrow_type)):
                    row[name] = value
        return rows

    def arrow(self, schema: Any = None) -> Any:
        return self.batch


_NARROW_FLOATS = {"float": "float32", "halffloat": "float16"}
"""Arrow's names of the float types narrower than Python's float, and numpy's."""


def _shortest_floats(values: list[Any], arrow_type: Any) -> list[Any]:
    """A float32 or float16 column's values as the shortest decimals that read back as the same
    number, as numpy and pandas' ``to_csv`` write them: Python's float is 64 bits, so 0.1 in a
    float32 column had been written 0.10000000149011612. Other columns' values as they are."""
    narrow = _NARROW_FLOATS.get(str(arrow_type))
    if narrow is None:
        return values
    import numpy as np
    kind = getattr(np, narrow)
    return [v if v is None else float(str(kind(v))) for v in values]


def _python_or_scalar(cell: Any) -> Any:
    """An Arrow scalar as its Python value, or the scalar itself where Python has none for it."""
    try:
        return cell.as_py()
    except (OverflowError, ValueError):
        return cell


def _cell_text(value: Any) -> str:
    """A value as a CSV cell: null is empty, lists and dicts are JSON, bytes (a Parquet binary
    column) their UTF-8 text or else base64, the rest ``str``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_json_value)
    if isinstance(value, bytes):
        text = utf8_text(value)
        return text if text is not None else base64.b64encode(value).decode("ascii")
    return str(value)


def utf8_text(value: bytes) -> str | None:
    """Bytes as the UTF-8 text they hold, None where they are no UTF-8. Parquet writers store text
    as binary columns often enough (no UTF8 annotation); a cell written as ``b'Kyiv'`` (Python's
    repr, what ``str`` gives) was neither the text nor the bytes."""
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _json_value(value: Any) -> Any:
    """What JSON output writes for a value JSON has no type for: bytes as their UTF-8 text, else as
    ``{"$base64": true, "encoded": ...}`` (sqlite-utils' form); the rest (dates, decimals) as text."""
    if isinstance(value, bytes):
        text = utf8_text(value)
        return text if text is not None else {"$base64": True,
                                              "encoded": base64.b64encode(value).decode("ascii")}
    return str(value)


# ---- readers -------------------------------------------------------------------------------------
class TableReader:
    """Opens one table and yields its rows in chunks; ``columns`` is known before the first chunk."""

    columns: list[str]
    total: int | None  # progress total, in ``unit``s (None if unknown, e.g. stdin)
    unit: str

    def __init__(self, path: str | os.PathLike, fmt: str, *, encoding: str = "utf-8") -> None:
        self.path = str(path)
        self.source = display_name(path)
        self.format = fmt
        self.encoding = encoding

    def open(self, size: int) -> None:
        """Make ``columns`` known, reading ahead ``size`` rows where the format needs to."""

    def chunks(self, size: int) -> Iterator[Chunk]:
        raise NotImplementedError

    def done(self) -> int:
        """Progress so far, in ``unit``s."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> "TableReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def stdin_buffer(instead: str = "name an input file") -> IO[bytes]:
    """Standard input's binary buffer; an error saying what to do ``instead``, not an
    AttributeError, where it is closed."""
    if sys.stdin is None:
        raise InputError(f"standard input is closed; {instead}")
    return sys.stdin.buffer


def _open_binary(path: str, source: str) -> tuple[IO[bytes], int | None]:
    if path == STDIO:
        return stdin_buffer(), None
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{source}: is a directory, not a table") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot open ({exc.strerror})") from None
    return fh, os.fstat(fh.fileno()).st_size


class _TextStreamReader(TableReader):
    """A text table decoded from a byte stream (file or stdin); progress in bytes read."""

    unit = "B"

    def __init__(self, path: str | os.PathLike, fmt: str, *, encoding: str = "utf-8") -> None:
        super().__init__(path, fmt, encoding=encoding)
        self._fh, self.total = _open_binary(self.path, self.source)
        self._text = _decompressing(self._fh)  # the stream itself unless gzip, bzip2 or xz
        self._lines = DecodedLines(self._text, encoding, self.source, compressed=self._text is not self._fh)

    def done(self) -> int:
        if self._text is self._fh:
            return self._lines.bytes_read
        try:  # the compressed bytes read, as the progress bar counts the file's size
            return self._fh.tell()
        except OSError:  # a pipe
            return 0

    def close(self) -> None:
        if self._text is not self._fh:
            self._text.close()
        if sys.stdin is None or self._fh is not sys.stdin.buffer:
            self._fh.close()


def _decompressing(raw: IO[bytes]) -> IO[bytes]:
    """``raw``, or a stream decompressing it when it begins as gzip, bzip2 or xz data does."""
    peek = getattr(raw, "peek", None)
    head = peek(8)[:8] if peek is not None else b""
    what = _compression(head)
    if what == "gzip":
        import gzip
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if what == "bzip2":
        import bz2
        return bz2.BZ2File(raw, mode="rb")
    if what == "xz":
        return lzma.LZMAFile(raw, mode="rb")
    return raw


OTHER_DELIMITERS = (";", "\t", "|")
"""What a file named .csv may be separated by instead of commas: Excel writes semicolons where the
decimal mark is a comma (most of Europe), and tabs and bars are common in exports."""


def delimiter_option(value: str | None, fmt: str) -> str | None:
    """``--delimiter`` checked: one character ("tab" or "\\t" for a tab), for CSV or TSV input."""
    if value is None:
        return None
    if fmt not in ("csv", "tsv"):
        raise InputError(f"--delimiter is for CSV and TSV input, not {fmt}")
    char = "\t" if value in ("tab", "\\t") else value
    if not isinstance(char, str) or len(char) != 1 or char in '"\r\n':
        raise InputError(f"--delimiter must be one character other than a quote or a line break (such "
                         f"as ';', '|' or 'tab'), not {value!r}")
    return char


def _header_delimiter(first_line: str | None, fmt: str) -> str | None:
    """The delimiter a .csv file's first line shows where it is not a comma, else None: the line
    has no comma, and exactly one of ``OTHER_DELIMITERS`` parts it into two or more columns (a
    one-column file whose header says "name; alias" in quotes is still one column)."""
    if fmt != "csv" or not first_line or "," in first_line:
        return None
    found = [d for d in OTHER_DELIMITERS if d in first_line
             and len(next(csv.reader([first_line], delimiter=d), [])) > 1]
    return found[0] if len(found) == 1 else None


class DelimitedReader(_TextStreamReader):
    """CSV (comma) or TSV (tab) with a header row; cells are text and are never re-typed.

    ``delimiter``: another separator (";", "|"); where none is given, a .csv file whose header line
    has no comma but semicolons, tabs or bars is read so (``delimiter_found`` says it was), not as
    one column named "id;city;country"."""

    def __init__(self, path: str | os.PathLike, fmt: str, *, encoding: str = "utf-8",
                 delimiter: str | None = None) -> None:
        if csv.field_size_limit() < CSV_FIELD_LIMIT:
            csv.field_size_limit(CSV_FIELD_LIMIT)
        super().__init__(path, fmt, encoding=encoding)
        self._lines.captured = []
        lines = iter(self._lines)
        first = next(lines, None)
        found = None if delimiter else _header_delimiter(first, fmt)
        self.delimiter = delimiter or found or ("\t" if fmt == "tsv" else ",")
        self.delimiter_found = found is not None
        self._reader = csv.reader(lines if first is None else chain([first], lines),
                                  delimiter=self.delimiter, strict=False)
        header = self._next_row()
        if header is None:
            raise InputError(f"{self.source}: empty file (expected a header row)")
        if header == []:  # not skipped: a table's first line is its header, never guessed at
            raise InputError(f"{self.source}: line 1 is blank (expected a header row)")
        self.columns = header
        self._consumed = self._reader.line_num  # lines before captured[0]
        del self._lines.captured[:self._consumed]

    def _next_row(self) -> list[str] | None:
        try:
            return next(self._reader)
        except StopIteration:
            return None
        except csv.Error as exc:
            raise self._csv_error(exc) from None

    def _csv_error(self, exc: csv.Error) -> InputError:
        hint = ""
        if "field larger" in str(exc):
            hint = f" (a cell over {CSV_FIELD_LIMIT:,} characters: an unclosed quote?)"
        return InputError(f"{self.source}: line {self._reader.line_num}: {exc}{hint}")

    def _quote_problem(self, lines: list[str]) -> str | None:
        """What is wrong with the quotes of ``lines``, read strictly, where a lenient reader would
        silently merge rows: a quote the end of the data leaves open (it takes everything after it
        as one cell), or one that a stray quote lines later closes in the middle of a cell (a TSV's
        '2\t"Lviv' ... '4\tPa"ris' made rows 2 to 4 one). None if nothing; a quote closed inside a
        one-line cell ('"Big" Apple') is forgiven, as the lenient reader reads it."""
        reader = csv.reader(lines, delimiter=self.delimiter, strict=True)
        start = 1
        while True:
            try:
                next(reader)
            except StopIteration:
                return None
            except csv.Error as exc:
                if "unexpected end of data" in str(exc):
                    return f"line {self._consumed + start}: a quote opened here is never closed " \
                           "(it runs to the end of the file)"
                if reader.line_num > start:
                    return (f"line {self._consumed + start}: a quote opened here closes in the middle of "
                            f"a cell on line {self._consumed + reader.line_num}, taking the lines between "
                            "into one cell (a stray quote?)")
            start = reader.line_num + 1

    def chunks(self, size: int) -> Iterator[TextChunk]:
        reader = self._reader
        first = 1
        while True:
            try:
                rows = list(islice(reader, size))
            except csv.Error as exc:
                raise self._csv_error(exc) from None
            if not rows:
                return
            captured = self._lines.captured
            used = reader.line_num - self._consumed
            last, last_line = rows[-1], captured[used - 1] if used else "\n"
            # A quote left open at the end of the data took the last line break into its cell, or
            # the data has none; or some row took several lines: only then is the chunk parsed
            # again strictly to find out.
            if used != len(rows) or last and (
                    "\n" in last[-1] or "\r" in last[-1] or last_line[-1:] not in ("\n", "\r")):
                problem = self._quote_problem(captured[:used])
                if problem is not None:
                    raise InputError(f"{self.source}: {problem}")
            if len(self.columns) == 1 and [] in rows:
                rows = [r or [""] for r in rows]  # a blank line is its one empty cell, not a ragged row
            lines = captured[:used] if used == len(rows) else None
            del captured[:used]
            self._consumed = reader.line_num
            yield TextChunk(self.columns, rows, first, lines, self.delimiter)
            first += len(rows)
            if len(rows) < size:
                return


def _no_constant(name: str) -> Any:
    """NaN, Infinity and -Infinity are no JSON (RFC 8259), though Python reads them: a NaN cell was
    the Thai town of Nan, and the output carried the non-standard constant on."""
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    """A JSON number as Python reads it, but one too large for a float (1e400) is an error: read as
    infinity, it was written back as the non-standard Infinity."""
    value = float(text)
    if value in (math.inf, -math.inf):
        raise ValueError(f"{text} is too large for a number (infinite)")
    return value


class JsonLinesReader(_TextStreamReader):
    """One JSON object per line. Blank lines are not records and are skipped.

    The columns are the keys of the first object, plus keys first seen later in the first chunk.
    """

    def __init__(self, path: str | os.PathLike, fmt: str = "jsonl", *,
                 encoding: str = "utf-8") -> None:
        super().__init__(path, fmt, encoding=encoding)
        self._line_no = 0
        self._pending: list[dict[str, Any]] = []
        self.columns = []

    def _records(self) -> Iterator[dict[str, Any]]:
        loads = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float).decode
        for line in self._lines:
            self._line_no += 1
            if not line.strip():
                continue
            try:
                obj = loads(line)
            except ValueError as exc:
                raise InputError(f"{self.source}: line {self._line_no}: not valid JSON "
                                 f"({exc})") from None
            if not isinstance(obj, dict):
                raise InputError(f"{self.source}: line {self._line_no}: expected a JSON object "
                                 f"per line, got {type(obj).__name__}")
            yield obj

    def open(self, size: int) -> None:
        """Read the first chunk now, so ``columns`` is known before processing starts."""
        self._iter = self._records()
        self._pending = list(islice(self._iter, size))
        if not self._pending:
            raise InputError(f"{self.source}: empty file (no JSON objects)")
        seen: dict[str, None] = {}
        for rec in self._pending:
            seen.update(dict.fromkeys(rec))
        self.columns = list(seen)

    def chunks(self, size: int) -> Iterator[RecordChunk]:
        if not hasattr(self, "_iter"):
            self.open(size)
        first = 1
        rows, self._pending = self._pending, []
        while rows:
            yield RecordChunk(self.columns, rows, first)
            first += len(rows)
            if len(rows) < size:
                return
            rows = list(islice(self._iter, size))


class ParquetReader(TableReader):
    """A Parquet file read batch by batch (``ParquetFile.iter_batches``); progress in rows."""

    unit = "rows"

    def __init__(self, path: str | os.PathLike, fmt: str = "parquet", *,
                 encoding: str = "utf-8") -> None:
        super().__init__(path, fmt, encoding=encoding)
        pa = _pyarrow()
        import pyarrow.parquet as pq
        source: Any = self.path
        if self.path == STDIO or not Path(self.path).is_file():
            source = pa.BufferReader(self._read_whole())
        try:
            self._file = pq.ParquetFile(source)
        except (pa.ArrowException, OSError) as exc:
            packed = _compression_of(source)
            if packed:  # ("Parquet magic bytes not found in footer" had not said why)
                raise InputError(f"{self.source}: a {packed}-compressed file, not Parquet: Parquet compresses "
                                 "itself; decompress it first") from None
            raise InputError(f"{self.source}: not a readable Parquet file ({exc})") from None
        self.schema = self._file.schema_arrow
        self.columns = list(self.schema.names)
        self.total = self._file.metadata.num_rows
        self._rows = 0

    def _read_whole(self) -> bytes:
        """Stdin, a named pipe or ``<(cat x.parquet)`` (``/dev/fd/N``), read once into memory, as
        Parquet needs seeking. A pipe had been opened, dropped (its writer with it) and opened again
        by pyarrow, which waited forever, deaf to Ctrl-C; ``/dev/fd/N`` was "lseek failed". A
        missing path or a folder is its one-line error."""
        fh, _ = _open_binary(self.path, self.source)
        try:
            return fh.read()
        except OSError as exc:
            raise InputError(f"{self.source}: cannot read ({exc.strerror or exc})") from None
        finally:
            if self.path != STDIO:
                fh.close()

    def chunks(self, size: int) -> Iterator[ArrowChunk]:
        import pyarrow as pa
        try:
            for batch in self._file.iter_batches(batch_size=size):
                yield ArrowChunk(batch, self._rows + 1)
                self._rows += batch.num_rows
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{self.source}: corrupt Parquet data after row {self._rows} "
                             f"({exc})") from None

    def done(self) -> int:
        return self._rows

    def close(self) -> None:
        self._file.close()


def _compression_of(source: Any) -> str | None:
    """The compression (gzip, bzip2, xz) a file's first bytes say it is in, if any."""
    try:
        if isinstance(source, (str, os.PathLike)):
            with open(source, "rb") as fh:
                head = fh.read(8)
        else:
            head = bytes(source.read_at(8, 0))
    except (OSError, AttributeError):
        return None
    return _compression(head)


def open_table(path: str | os.PathLike, fmt: str, *, encoding: str = "utf-8",
               delimiter: str | None = None) -> TableReader:
    """A reader for ``path`` (``-`` is stdin) in format ``fmt``; ``delimiter``: a CSV's separator
    (``delimiter_option``), else a comma (a tab for TSV) or what a .csv file's header shows."""
    if fmt in ("csv", "tsv"):
        return DelimitedReader(path, fmt, encoding=encoding, delimiter=delimiter)
    if fmt == "jsonl":
        return JsonLinesReader(path, fmt, encoding=encoding)
    if fmt == "parquet":
        return ParquetReader(path, fmt, encoding=encoding)
    raise InputError(f"unknown table format {fmt!r}")


# ---- output ------------------------------------------------------------------------------------
class AtomicOutput:
    """A binary output that appears at ``path`` only when complete (temp file + ``os.replace``).
    As a context manager: committed when the block ends, aborted when it raises.

    ``-`` is stdout, and a path that is no regular file (``/dev/null``, ``/dev/stdout``, a named
    pipe) a stream of the same kind: written as it goes, except Parquet (``buffered``), which needs
    a seekable file and is written to a temp file first, then copied (replacing a device with a file
    of the output had turned ``-o /dev/null`` into a regular file). A symbolic link keeps being one:
    the file it points to is replaced. A file replaced keeps its permissions. A path ending ``.gz``,
    ``.bz2`` or ``.xz`` gets its bytes compressed so (``compressed``; stdout never is).
    """

    def __init__(self, path: str | os.PathLike, *, buffered: bool = False) -> None:
        self.path = str(path)
        if not self.path:
            raise InputError("the output path is empty (use - for stdout)")
        self.stdout = self.path == STDIO
        self._tmp: str | None = None
        self._stream: IO[bytes] | None = None  # a device or pipe named by path, opened by us
        self._mode: int | None = None  # the permissions of the regular file replaced
        self._on_abort: list[Callable[[], None]] = []
        target = self.path
        if not self.stdout:
            target, self._mode, is_stream = _output_target(self.path)
            if is_stream:
                self._stream = _open_stream(self.path)
        if (self.stdout or self._stream is not None) and not buffered:
            self.file: IO[bytes] = self._stream or stdout_buffer()
            self._compress()
            return
        self._target = target
        directory = None if self.stdout or self._stream is not None else os.path.dirname(target)
        if directory is not None and not os.path.isdir(directory):
            raise InputError(f"{self.path}: the output folder {directory} does not exist")
        name = "stdout" if directory is None else os.path.basename(target)
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=directory)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write here ({exc.strerror})") from None
        self.file = os.fdopen(fd, "wb")
        self._compress()

    def _compress(self) -> None:
        """Have ``file`` compress its bytes where the name asks for it; ``_raw`` takes them."""
        self._raw = self.file
        self.compressed = not self.stdout and Path(self.path).suffix.lower() in _COMPRESSED_SUFFIXES
        if self.compressed:
            self.file = _compressor(Path(self.path).suffix.lower(), self._raw)

    def _finish_compression(self) -> None:
        """Write the compressed stream's trailer (``close`` leaves the file under it open)."""
        if self.file is not self._raw:
            compressor, self.file = self.file, self._raw
            compressor.close()

    def __enter__(self) -> "AtomicOutput":
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        """Commit when the block finished, abort when it raised (the target is left as it was)."""
        if exc_type is None:
            self.commit()
        else:
            self.abort()

    def commit(self) -> None:
        """Move the finished temp file into place (or copy it to the stream)."""
        if self._tmp is None:
            self._finish_compression()
            self.file.flush()
            self._close_stream()
            return
        self._finish_compression()
        self.file.close()
        try:
            if self.stdout or self._stream is not None:
                out = self._stream or stdout_buffer()
                with open(self._tmp, "rb") as fh:
                    import shutil
                    shutil.copyfileobj(fh, out)
                out.flush()
                os.unlink(self._tmp)
            else:
                if self._mode is None:
                    umask = os.umask(0)
                    os.umask(umask)
                    self._mode = 0o666 & ~umask
                os.chmod(self._tmp, self._mode)
                os.replace(self._tmp, self._target)
        except OSError as exc:
            if os.path.exists(self._tmp):
                os.unlink(self._tmp)
            raise InputError(f"{self.path}: cannot write the output ({exc.strerror or exc})") from None
        finally:
            self._tmp = None
            self._close_stream()

    def on_abort(self, callback: Callable[[], None]) -> None:
        """Have ``callback`` run first when the output is aborted: a writer of ``file`` abandons
        its work there while the file is still open."""
        self._on_abort.append(callback)

    def abort(self) -> None:
        """Drop the temp file: the target keeps whatever it held before."""
        callbacks, self._on_abort = self._on_abort, []
        for callback in callbacks:
            callback()
        try:
            self._finish_compression()
        except (OSError, ValueError):  # the stream under it gone (a pipe's reader left)
            pass
        self._close_stream()
        if self._tmp is None:
            return
        try:
            self.file.close()
        finally:
            os.unlink(self._tmp)
            self._tmp = None

    def _close_stream(self) -> None:
        if self._stream is not None:
            stream, self._stream = self._stream, None
            stream.close()


def _compressor(suffix: str, raw: IO[bytes]) -> IO[bytes]:
    """A gzip (level 6, as the gzip tool; no name or time in the header: the same table gives the
    same bytes), bzip2 or xz stream writing into ``raw``."""
    if suffix == ".gz":
        import gzip
        return gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0)
    if suffix == ".bz2":
        import bz2
        return bz2.BZ2File(raw, mode="wb")
    return lzma.LZMAFile(raw, mode="wb")


def _output_target(path: str) -> tuple[str, int | None, bool]:
    """Where an output path's bytes go: (the regular file to replace, the permissions it has now or
    None if there is none yet, whether the path is a stream: a device, a pipe or a socket). A link
    resolves to the file it points to; a folder is an error, and so is a name ending in a slash,
    which names one (``-o out/`` had written a file named ``out``)."""
    import stat

    if path.endswith(("/", os.sep)) and not os.path.isdir(path):
        raise InputError(f"{path}: a folder name (it ends with {path[-1]}); name an output file")
    target = os.path.realpath(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return target, None, False
    except OSError as exc:
        raise InputError(f"{path}: cannot write here ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a folder; name an output file")
    if not stat.S_ISREG(info.st_mode):
        return path, None, True
    return target, stat.S_IMODE(info.st_mode), False


def _open_stream(path: str) -> IO[bytes]:
    try:
        return open(path, "wb")
    except OSError as exc:
        raise InputError(f"{path}: cannot write here ({exc.strerror})") from None


def stdout_buffer(instead: str = "name an output file with -o") -> IO[bytes]:
    """Standard output's binary buffer; an error saying what to do ``instead``, not an
    AttributeError, where it is closed."""
    if sys.stdout is None:
        raise InputError(f"standard output is closed; {instead}")
    return sys.stdout.buffer


RESULT_FIELDS = ("id", "name", "country", "admin1", "lat", "lon", "score", "method", "ambiguous",
                 "candidates", "reason")
"""The result columns added to every row, in order (each prefixed, e.g. ``place_id``)."""

Result = tuple  # (id, name, country, admin1, lat, lon, score, method, ambiguous, candidates, reason)


def result_arrow_types(pa: Any) -> list[Any]:
    """The Arrow type of each result column, in ``RESULT_FIELDS`` order (Parquet, Arrow)."""
    return [pa.string()] * 4 + [pa.float64()] * 3 + [pa.string(), pa.bool_(), pa.string(),
                                                     pa.string()]


class TableWriter:
    """Writes chunks plus their result columns; ``encode`` turns a typed ``Result`` into the
    writer's own form once per distinct value (the job caches it), so rows cost no formatting."""

    def __init__(self, out: AtomicOutput, columns: list[str], prefix: str) -> None:
        self.out = out
        self.columns = columns
        self.result_columns = [prefix + f for f in RESULT_FIELDS]

    def encode(self, result: Result) -> Any:
        return result

    def write(self, chunk: Chunk, results: Sequence[Any]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Finish the format's trailer; the caller then commits the output."""


def _float_text(x: float | None, digits: int) -> str:
    return "" if x is None else f"{x:.{digits}f}".rstrip("0").rstrip(".")


class DelimitedWriter(TableWriter):
    """CSV/TSV, UTF-8, ``\\n`` line ends, minimal quoting.

    A ragged input row is kept whole: a short one is padded with empty cells to the header's
    width; a long one keeps its extra cells after the result columns.
    """

    def __init__(self, out: AtomicOutput, columns: list[str], prefix: str, fmt: str,
                 delimiter: str | None = None) -> None:
        super().__init__(out, columns, prefix)
        self._format = fmt.upper()
        self._text = io.StringIO()  # a chunk's text, encoded whole: a cell UTF-8 cannot hold is
        # an error before any of the chunk is written (a TextIOWrapper had written the rows before)
        self._delimiter = delimiter or ("\t" if fmt == "tsv" else ",")
        self._csv = csv.writer(self._text, delimiter=self._delimiter, lineterminator="\n")
        self._header_written = False  # written with the first rows: an error reading the first
        # chunk (a stray quote) left a header alone on stdout

    def _write_header(self) -> None:
        if not self._header_written:
            self._csv.writerow(self.columns + self.result_columns)

    def _flush(self, chunk: Chunk | None, text: str = "") -> None:
        """Write the text gathered for ``chunk`` (None: the header alone), then ``text``, as UTF-8."""
        gathered = self._text.getvalue()
        self._text.seek(0)
        self._text.truncate()
        try:
            data = [gathered.encode("utf-8"), text.encode("utf-8")]
        except UnicodeEncodeError as exc:
            raise _unencodable(chunk, self.columns, exc, self._format) from None
        self.out.file.write(data[0])
        self.out.file.write(data[1])
        self._header_written = True

    def encode(self, result: Result) -> tuple[list[str], str]:
        """The result cells, and the same as delimited text (for rows copied verbatim)."""
        (pid, name, country, admin1, lat, lon, score, method, ambiguous, candidates,
         reason) = result
        cells = [pid or "", name or "", country or "", admin1 or "", _float_text(lat, 5),
                 _float_text(lon, 5), _float_text(score, 4), method or "",
                 "" if ambiguous is None else ("true" if ambiguous else "false"),
                 candidates or "", reason or ""]
        d = self._delimiter
        text = d.join(cells)
        if '"' in text or "\n" in text or "\r" in text or text.count(d) != len(cells) - 1:
            text = d.join([_quoted(c, d) for c in cells])
        return cells, d + text + "\n"

    def write(self, chunk: Chunk, results: Sequence[tuple[list[str], str]]) -> None:
        if isinstance(chunk, TextChunk) and chunk.lines is not None \
                and chunk.delimiter == self._delimiter:
            self._write_header()
            self._flush(chunk, "".join([line.rstrip("\r\n") + res[1]
                                        for line, res in zip(chunk.lines, results)]))
            return
        rows = chunk.text_rows()  # before the header: an error here leaves stdout empty
        self._write_header()
        if isinstance(chunk, TextChunk) and chunk.ragged:
            width = len(self.columns)
            out = [_ragged_row(r, res[0], width) for r, res in zip(rows, results)]
        else:
            out = [r + res[0] for r, res in zip(rows, results)]
        self._csv.writerows(out)
        self._flush(chunk)

    def close(self) -> None:
        self._write_header()
        self._flush(None)


def _unencodable(chunk: Chunk | None, columns: list[str], exc: UnicodeEncodeError,
                 fmt: str) -> InputError:
    """The error for text UTF-8 cannot hold, half a UTF-16 pair ("\\ud800" in JSON), naming the
    record and the column that hold it (it had named neither)."""
    bad = "\\u%04x" % ord(exc.object[exc.start])
    where = _unencodable_cell(chunk, columns)
    return InputError(f"{where}: half a UTF-16 surrogate pair ({bad}), which {fmt} output cannot hold "
                      "(UTF-8 has no such character); write JSON Lines instead, which keeps it escaped "
                      "as it came")


def _unencodable_cell(chunk: Chunk | None, columns: list[str]) -> str:
    """Where a chunk holds text that UTF-8 cannot: "record N, column 'c'" (the header if no cell)."""
    if chunk is not None:
        for n, record in enumerate(chunk.records(), chunk.first_row):
            for key, value in record.items():
                if not _utf8_safe(key) or not _utf8_safe(value):
                    return f"record {n}, column {ascii(key)}"
    name = next((c for c in columns if not _utf8_safe(c)), None)
    return "the header" if name is None else f"the header's column {ascii(name)}"


def _utf8_safe(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _quoted(cell: str, delimiter: str) -> str:
    """A cell as the csv module's minimal quoting writes it."""
    if delimiter in cell or '"' in cell or "\n" in cell or "\r" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _ragged_row(row: list[str], res: list[str], width: int) -> list[str]:
    if len(row) == width:
        return row + res
    if len(row) < width:
        return row + [""] * (width - len(row)) + res
    return row[:width] + res + row[width:]


def _check_unique(columns: list[str], fmt: str) -> None:
    """Columns named twice cannot both be keys of a JSON object (the last cell won, silently) nor
    fields of a Parquet file that readers can read; CSV and TSV are positional and keep both."""
    seen: set[str] = set()
    for name in columns:
        if name not in seen:
            seen.add(name)
            continue
        where = ", ".join(str(i + 1) for i, c in enumerate(columns) if c == name)
        raise InputError(f"column {name!r} appears {columns.count(name)} times in the header (columns "
                         f"{where}): {fmt} output needs each name once; rename all but one, or write CSV")


class JsonLinesWriter(TableWriter):
    """One JSON object per line: the input object with the result keys added (typed values)."""

    def __init__(self, out: AtomicOutput, columns: list[str], prefix: str) -> None:
        _check_unique(columns, "JSON Lines")
        super().__init__(out, columns, prefix)
        self._dumps = json.JSONEncoder(ensure_ascii=False, default=_json_value, allow_nan=False).encode

    def encode(self, result: Result) -> dict[str, Any]:
        return dict(zip(self.result_columns, result))

    def write(self, chunk: Chunk, results: Sequence[dict[str, Any]]) -> None:
        dumps = self._dumps
        records = chunk.records()
        merged = [{**rec, **res} for rec, res in zip(records, results)]
        if isinstance(chunk, RecordChunk) and sum(map(len, merged)) != \
                sum(map(len, records)) + len(self.result_columns) * len(merged):  # a header is checked upfront
            raise self._clash(chunk, records)
        try:
            lines = [dumps(rec) + "\n" for rec in merged]
        except ValueError:  # NaN or infinity (a Parquet float): no JSON, null as pandas writes it
            lines = [self._line(rec) for rec in merged]
        try:
            data = json_lines_safe("".join(lines)).encode("utf-8")
        except UnicodeEncodeError:  # half a UTF-16 pair ("\ud800" in the input): no UTF-8 for it,
            # so such a record is written with JSON's escapes, as it came (it had failed the table)
            data = "".join([_escaped_if_unencodable(json_lines_safe(line)) for line in lines]).encode("utf-8")
        self.out.file.write(data)

    def _line(self, record: dict[str, Any]) -> str:
        try:
            return self._dumps(record) + "\n"
        except ValueError:
            return self._dumps(_finite(record)) + "\n"

    def _clash(self, chunk: Chunk, records: list[dict[str, Any]]) -> InputError:
        """A record with a key named as a result column, whose value the result would replace: the
        columns are checked before the run, but a later JSON Lines record may bring new keys."""
        names = set(self.result_columns)
        n, key = next((n, k) for n, rec in enumerate(records, chunk.first_row) for k in rec if k in names)
        return InputError(f"record {n}: already has key {key!r}, the name of a result column; choose "
                          "another --prefix")


def _finite(value: Any) -> Any:
    """``value`` with NaN and infinities made null, in lists and objects too: JSON has no such
    numbers (Python writes ``NaN``, which JSON readers, toponorm's own included, reject)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):  # a tuple: a Parquet map's (key, value)
        return [_finite(v) for v in value]
    return value


def _escaped_if_unencodable(line: str) -> str:
    """A JSON line as is, or with every non-ASCII character escaped where UTF-8 cannot hold it."""
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(json.loads(line), ensure_ascii=True) + "\n"
    return line


class ParquetTableWriter(TableWriter):
    """Parquet via ``pyarrow.parquet.ParquetWriter``: one row group per chunk, typed results.

    Input columns keep their types (CSV/TSV columns are strings; JSON Lines columns take the
    types of the first chunk).
    """

    def __init__(self, out: AtomicOutput, columns: list[str], prefix: str,
                 input_schema: Any = None) -> None:
        _check_unique(columns, "Parquet")
        super().__init__(out, columns, prefix)
        pa = self._pa = _pyarrow()
        self._result_types = result_arrow_types(pa)
        self._input_schema = input_schema
        # the input file's schema metadata, kept: pandas' index and dtypes (b'pandas') and GeoParquet's
        # b'geo' live there, and were dropped (a named index came back as a column)
        self._metadata = input_schema.metadata if input_schema is not None else None
        self._writer: Any = None

    def _open(self, input_schema: Any) -> None:
        import pyarrow.parquet as pq
        pa = self._pa
        fields = list(input_schema) + [pa.field(n, t) for n, t in
                                       zip(self.result_columns, self._result_types)]
        self._input_schema = input_schema
        self._schema = pa.schema(fields, metadata=self._metadata)
        try:
            self._writer = pq.ParquetWriter(self.out.file, self._schema, compression="zstd")
        except pa.ArrowException as exc:  # an object that had no keys: struct<>
            raise _unwritable(input_schema, exc) from None
        self.out.on_abort(self._abandon)

    def _abandon(self) -> None:
        """Close the Parquet writer before the output drops its file: left open, it was closed
        when collected, and wrote to the closed file ("Exception ignored in: ... __del__")."""
        writer, self._writer = self._writer, None
        try:
            writer.close()
        except (self._pa.ArrowException, OSError, ValueError):
            pass  # the output is dropped: its footer does not matter

    def _input_batch(self, chunk: Chunk) -> Any:
        pa = self._pa
        if isinstance(chunk, TextChunk):
            width = len(self.columns)
            rows = chunk.rows
            if chunk.ragged:
                for n, r in enumerate(rows):
                    if len(r) > width:
                        raise InputError(
                            f"row {chunk.first_row + n} has {len(r)} fields, the header {width}: "
                            "its extra cells have no Parquet column; write CSV instead")
                rows = [r + [None] * (width - len(r)) for r in rows]
            cols = list(zip(*rows)) if rows else [()] * width
            schema = self._input_schema or pa.schema([pa.field(c, pa.string())
                                                      for c in self.columns])
            return pa.RecordBatch.from_arrays([pa.array(c, pa.string()) for c in cols],
                                              schema=schema)
        return chunk.arrow(self._input_schema)

    def write(self, chunk: Chunk, results: Sequence[Result]) -> None:
        pa = self._pa
        batch = self._input_batch(chunk)
        if self._writer is None:
            self._open(batch.schema)
        elif batch.schema != self._input_schema:
            try:
                batch = batch.cast(self._input_schema)
            except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as exc:
                raise InputError(f"rows from {chunk.first_row}: column types differ from the "
                                 f"first rows ({exc})") from None
        cols = list(zip(*results)) if results else [()] * len(RESULT_FIELDS)
        arrays = batch.columns + [pa.array(c, t) for c, t in zip(cols, self._result_types)]
        try:
            self._writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self._schema))
        except pa.ArrowException as exc:
            raise InputError(f"rows {chunk.first_row}-{chunk.first_row + len(chunk) - 1}: cannot be "
                             f"stored in Parquet ({exc}); write JSON Lines or CSV instead") from None

    def close(self) -> None:
        if self._writer is None:  # no rows: still write a valid, empty file with the schema
            pa = self._pa
            self._open(self._input_schema or pa.schema([pa.field(c, pa.string())
                                                        for c in self.columns]))
        self._writer.close()


def _unwritable(schema: Any, exc: Exception) -> InputError:
    """The error for a schema that Parquet cannot store, naming the first column at fault."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    for field in schema:
        try:
            pq.ParquetWriter(pa.BufferOutputStream(), pa.schema([field])).close()
        except pa.ArrowException as one:
            exc = one
            break
    else:
        return InputError(f"cannot be stored in Parquet ({exc}); write JSON Lines or CSV instead")
    reason = str(exc).split(". ")[0]  # Arrow's advice after it (a dummy field) is not for users
    return InputError(f"column {field.name!r} ({field.type}) cannot be stored in Parquet ({reason}); "
                      "write JSON Lines or CSV instead")


def create_writer(out: AtomicOutput, fmt: str, columns: list[str], prefix: str, *,
                  input_schema: Any = None, delimiter: str | None = None) -> TableWriter:
    """A writer of ``fmt`` onto ``out`` for a table of ``columns`` (CSV or TSV separated by
    ``delimiter`` where given)."""
    if fmt in ("csv", "tsv"):
        return DelimitedWriter(out, columns, prefix, fmt, delimiter)
    if fmt == "jsonl":
        return JsonLinesWriter(out, columns, prefix)
    if fmt == "parquet":
        if out.compressed:
            raise InputError(f"{out.path}: Parquet compresses itself (zstd); name the output without "
                             f"{Path(out.path).suffix}")
        return ParquetTableWriter(out, columns, prefix, input_schema)
    raise InputError(f"unknown table format {fmt!r}")
