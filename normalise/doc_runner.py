"""Running ``toponorm quotes`` / ``places-in`` over many inputs: read, parse in batches, analyse, write.

Every input becomes exactly one output object per document, in input order; a document that cannot
be processed (binary, not UTF-8, too large, unreadable, CoNLL-U offsets that do not match its text,
a parser failure) gets an ``error`` and is reported on stderr in one line, and the run goes on.
Whole-run problems (stanza or its models missing, a bad gazetteer) raise and stop the run at once.
"""
from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from normalise.errors import InputError, ToponormError

DEFAULT_MAX_CHARS = 1_000_000
"""Longest document parsed from raw text (stanza on CPU needs minutes per million characters)."""
DEFAULT_BATCH_SIZE = 16
_BATCH_CHARS = 200_000  # flush a batch before its texts exceed this many characters


@dataclass(slots=True)
class InputDoc:
    """A document read from an input, before parsing: its text, a parsed Document if pre-parsed, or an error."""

    doc_id: str
    text: str | None = None
    doc: Any | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def _doc_name(path: str) -> str:
    return "stdin" if path == "-" else Path(path).stem


def _read_bytes(path: str) -> bytes:
    if path == "-":
        from normalise.tableio import stdin_buffer
        return stdin_buffer().read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a text file") from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})") from None


def decode_text(data: bytes) -> str:
    """Decode an input document; InputError for binary data or text that is not UTF-8/UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("not valid UTF-16 text") from None
    else:
        if b"\x00" in data[:8192]:
            raise InputError("binary file (NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                             "convert it to UTF-8 first") from None
    nul = text.find("\x00")  # (past the first 8 KB too: a NUL there had been parsed, once as a speaker)
    if nul >= 0:
        raise InputError(f"binary data (a NUL character at character {nul:,}), not text")
    return text


def read_text_inputs(paths: Sequence[str], *, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[InputDoc]:
    """One InputDoc per raw-text input (``-`` is stdin), named after the file without extension."""
    for path in paths:
        name = _doc_name(path)
        try:  # (a folder's size is no document's: it is reported by the read below)
            size = Path(path).stat().st_size if path != "-" and not Path(path).is_dir() else 0
        except OSError:
            size = 0  # reported by the read below
        if size > 4 * max_chars:  # UTF-8 needs at most 4 bytes a character: too large unread
            yield InputDoc(name, error=f"{path}: document too large ({size:,} bytes > 4 x --max-chars "
                                        f"{max_chars:,}); split it or raise --max-chars")
            continue
        try:
            text = decode_text(_read_bytes(path))
        except InputError as exc:
            yield InputDoc(name, error=f"{path}: {exc}")
            continue
        if len(text) > max_chars:
            yield InputDoc(name, error=f"{path}: document too large ({len(text):,} characters > "
                                        f"--max-chars {max_chars:,}); split it or raise --max-chars")
            continue
        yield InputDoc(name, text=text)


def read_conllu_inputs(paths: Sequence[str], *, text_path: str | None = None, text_dir: str | None = None,
                       max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[InputDoc]:
    """One InputDoc per CoNLL-U document (a file with several ``# newdoc id`` gives several);
    ``max_chars`` bounds a text rebuilt from offsets, as it bounds a raw text."""
    from normalise.conllu import read_conllu  # noqa: PLC0415 - imports stanza

    text = None
    if text_path is not None:
        try:
            text = decode_text(_read_bytes(text_path))
        except InputError as exc:
            raise InputError(f"--text {text_path}: {exc}") from None
    for path in paths:
        name = _doc_name(path)
        try:
            data = decode_text(_read_bytes(path))
            parsed = read_conllu(data, source=None if path == "-" else path, name=name,
                                 text=text, text_dir=text_dir, max_chars=max_chars)
        except InputError as exc:
            msg = str(exc)
            yield InputDoc(name, error=msg if msg.startswith(path) else f"{path}: {msg}")
            continue
        for p in parsed:
            yield InputDoc(p.doc_id, text=p.text, doc=p.doc, error=p.error, warnings=p.warnings)


def unique_ids(docs: Iterable[InputDoc], on_repeat: Callable[[str, str], None] | None = None
               ) -> Iterator[InputDoc]:
    """The documents with ids made unique: a repeated one (two inputs named ``report.txt`` in two
    folders, a ``# newdoc id`` used twice) becomes ``ID~2``, ``ID~3``, ... with a warning in its
    output object, so output objects can be told apart and joined back by id. They had shared one."""
    seen: set[str] = set()
    for d in docs:
        if d.doc_id in seen:
            n = 2
            while f"{d.doc_id}~{n}" in seen:
                n += 1
            new = f"{d.doc_id}~{n}"
            d.warnings = [*d.warnings, f"document id {d.doc_id!r} repeats an earlier document's; "
                                       f"written as {new!r}"]
            if on_repeat is not None:
                on_repeat(d.doc_id, new)
            d.doc_id = new
        seen.add(d.doc_id)
        yield d


def _batches(docs: Iterable[InputDoc], size: int) -> Iterator[list[InputDoc]]:
    batch: list[InputDoc] = []
    chars = 0
    for d in docs:
        batch.append(d)
        chars += len(d.text or "")
        if len(batch) >= size or chars >= _BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _parse_batch(batch: list[InputDoc], nlp: Any) -> None:
    """Parse the batch's non-empty texts in one stanza call; isolate a failing document on error."""
    from normalise.nlp import parse_texts  # noqa: PLC0415

    todo = [d for d in batch if d.error is None and d.doc is None and d.text and d.text.strip()]
    if not todo:
        return
    try:
        for d, parsed in zip(todo, parse_texts([d.text for d in todo], nlp)):
            d.doc = parsed
        return
    except (KeyboardInterrupt, MemoryError):
        raise
    except Exception:  # one bad document must not sink the batch: retry one by one
        pass
    for d in todo:
        try:
            d.doc = parse_texts([d.text], nlp)[0]
        except (KeyboardInterrupt, MemoryError):
            raise
        except Exception as exc:
            d.error = f"stanza failed on this document: {' '.join(str(exc).split())[:160]}"


def analyse_inputs(inputs: Iterable[InputDoc], *, lang: str, normaliser: Any, nlp: Any | None,
                   places_only: bool = False, batch_size: int = DEFAULT_BATCH_SIZE,
                   on_error: Callable[[str, str], None] | None = None) -> Iterator[dict]:
    """The output objects, one per document, in input order (raw texts parsed with ``nlp`` in batches)."""
    from normalise.documents import analyse_document, analyse_places, empty_result, error_result  # noqa: PLC0415

    analyse = analyse_places if places_only else analyse_document
    for batch in _batches(inputs, max(1, batch_size)):
        if nlp is not None:
            _parse_batch(batch, nlp)
        for d in batch:
            if d.error is None and (d.text is None or not d.text.strip()):
                yield empty_result(d.doc_id, lang, "empty document", places_only=places_only)
                continue
            if d.error is None and d.doc is None:
                d.error = "not parsed"
            if d.error is None:
                try:
                    obj = analyse(d.text, d.doc, lang, doc_id=d.doc_id, normaliser=normaliser)
                    if d.warnings:
                        obj["warnings"] = d.warnings
                    yield obj
                    continue
                except ToponormError as exc:
                    d.error = str(exc)
                except (KeyboardInterrupt, MemoryError):
                    raise
                except Exception as exc:  # a bug must cost one document, not the run (and say what it was)
                    d.error = f"internal error ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})"
            if on_error is not None:
                on_error(d.doc_id, d.error)
            yield error_result(d.doc_id, lang, d.error, places_only=places_only)


def write_results(results: Iterable[dict], output: str | None, fmt: str = "json") -> int:
    """Write the objects as a JSON list or JSON lines to stdout or atomically to ``output``; count errors."""
    from normalise.jsonl import json_lines_safe

    if fmt not in ("json", "jsonl"):
        raise InputError(f"--format {fmt!r}: use json or jsonl")
    failed = 0

    def emit(stream: TextIO) -> None:
        """Write as the objects come. The list's "[" goes with the first object: a whole-run error
        raised while reading the inputs (``--text`` missing) then leaves stdout empty, not a lone "[".
        """
        nonlocal failed
        first = True
        for obj in results:
            failed += 1 if obj.get("error") else 0
            if fmt == "jsonl":
                stream.write(json_lines_safe(json.dumps(obj, ensure_ascii=False)) + "\n")
            else:
                stream.write(("[\n" if first else ",\n") + json.dumps(obj, ensure_ascii=False, indent=1))
                first = False
            stream.flush() if output is None else None
        if fmt == "json":
            stream.write("[]\n" if first else "\n]\n")

    if output is None or output == "-":
        from normalise.tableio import stdout_buffer
        stdout_buffer()  # a one-line error where stdout is closed
        try:
            emit(sys.stdout)
        except BrokenPipeError:  # `toponorm quotes ... | head`: the reader has gone; stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return failed
    if Path(output).is_dir():
        raise InputError(f"-o {output}: is a directory")
    from normalise.tableio import AtomicOutput  # one atomic writer for every command

    with AtomicOutput(output) as out:
        text = io.TextIOWrapper(out.file, encoding="utf-8")
        emit(text)
        text.flush()
        text.detach()  # AtomicOutput owns (and closes) the binary file
    return failed


def _same_file(output: str, path: str | None) -> bool:
    """Is ``path`` (an input) the file ``output`` names?"""
    if path in (None, "-"):
        return False
    try:
        return os.path.samefile(output, path)
    except OSError:  # either is not there (yet): not the same file
        return False


def _may_be_read(path: str) -> bool:
    """Whether an input may give a text to parse: stdin, or anything there that is not a folder (a
    file, a named pipe, ``<(...)``: a pipe alone had been "not parsed", as no models were loaded for
    it). A missing file is an error for its document, and must not be hidden behind missing models
    (``quotes typo.txt``)."""
    if path == "-":
        return True
    try:
        return os.path.exists(path) and not os.path.isdir(path)
    except (OSError, ValueError):
        return False


def _text_pipeline(lang: str, models_dir: Sequence[str] | None, places_only: bool, threads: int | None,
                   model_paths: Sequence[str] | None) -> Any:
    """The stanza pipeline for raw text; fails fast, in one line, when models are missing."""
    from normalise.nlp import PLACE_PROCESSORS, QUOTE_PROCESSORS, get_pipeline, set_threads  # noqa: PLC0415

    if threads:
        set_threads(threads)
    nlp = get_pipeline(lang, models_dir, processors=PLACE_PROCESSORS if places_only else QUOTE_PROCESSORS,
                       model_paths=model_paths)
    if "ner" not in nlp.processors:
        print(f"toponorm: note: no NER model for '{lang}': places come from proper nouns only", file=sys.stderr)
    return nlp


def _check_output(output: str | None, inputs: Sequence[str | None]) -> None:
    """``-o`` checked before anything is read or parsed (``AtomicOutput`` would say so only at the
    end). Its folder must be there. A name ending in a slash names a folder, not a file; a link loop
    is one line (it had been an internal error); a dangling link names its target's folder (it had
    named the link's); an input is no output ("places-in story.txt -o story.txt" had replaced it)."""
    if output in (None, "-"):
        return
    if output == "":  # (Path("") is the current folder: it had been "-o : is a directory")
        raise InputError("the output path is empty (use - for stdout)")
    if output.endswith(("/", os.sep)):
        raise InputError(f"-o {output}: a folder name; name the output file")
    try:
        target = Path(output).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a link loop (Python 3.11's resolve)
        raise InputError(f"-o {output}: cannot be written ({exc})") from None
    if not target.parent.is_dir():
        raise InputError(f"-o {output}: no such directory {target.parent}")
    if any(map(partial(_same_file, output), inputs)):
        raise InputError(f"-o {output}: that is an input file (it would be replaced by the output)")


def run(inputs: Sequence[str], *, places_only: bool = False, lang: str = "en", conllu: bool = False,
        text_path: str | None = None, text_dir: str | None = None, fmt: str = "json",
        output: str | None = None, models_dir: Sequence[str] | None = None,
        gazetteer: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
        max_chars: int = DEFAULT_MAX_CHARS, threads: int | None = None,
        model_paths: Sequence[str] | None = None, quiet: bool = False) -> int:
    """The whole ``quotes`` / ``places-in`` command; returns the number of documents that failed."""
    from normalise import Normaliser  # noqa: PLC0415
    from normalise.nlp import require_stanza, stanza_language  # noqa: PLC0415
    from normalise.progress import progress  # noqa: PLC0415

    if not inputs:
        raise InputError("no INPUT given (a file, several, or - for stdin)")
    lang = stanza_language(lang)
    if fmt not in ("json", "jsonl"):
        raise InputError(f"--format {fmt!r}: use json or jsonl")
    if (text_path or text_dir) and not conllu:
        raise InputError("--text/--text-dir only apply with --conllu")
    if text_path and text_dir:
        raise InputError("give --text or --text-dir, not both")
    if text_dir and not Path(text_dir).is_dir():
        raise InputError(f"--text-dir {text_dir}: no such directory")
    _check_output(output, [*inputs, text_path])
    if inputs.count("-") > 1:
        raise InputError("stdin (-) can be read only once")
    require_stanza()
    nlp = None
    if conllu:
        docs: Iterable[InputDoc] = read_conllu_inputs(inputs, text_path=text_path, text_dir=text_dir,
                                                      max_chars=max_chars)
    else:
        if any(map(_may_be_read, inputs)):  # else every input fails alone: no models to load (or miss)
            nlp = _text_pipeline(lang, models_dir, places_only, threads, model_paths)
        docs = read_text_inputs(inputs, max_chars=max_chars)
    normaliser = Normaliser(gazetteer, lang=lang)

    def say(line: str) -> None:  # on stderr, under the progress bar
        bar.clear() if not quiet else None
        print(f"toponorm: {line}", file=sys.stderr)

    def on_error(doc_id: str, message: str) -> None:
        say(f"error: {doc_id}: {message}")

    def on_repeat(doc_id: str, new: str) -> None:
        say(f"warning: document id {doc_id!r} repeats; written as {new!r}")

    docs = unique_ids(docs, on_repeat)

    with progress(total=None if conllu else len(inputs), desc="documents", unit="doc", quiet=quiet) as bar:
        def counted() -> Iterator[dict]:
            for obj in analyse_inputs(docs, lang=lang, normaliser=normaliser, nlp=nlp,
                                      places_only=places_only, batch_size=batch_size, on_error=on_error):
                bar.update(1)
                yield obj
        return write_results(counted(), output, fmt)
