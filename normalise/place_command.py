"""`toponorm place`: resolve names given on the command line (or, for ``-``, on stdin, one a line)
and print one result per name.

Kept out of cli.py (flags only) so the CLI module stays logic-free; output goes to stdout, one line
(or one JSON object) per name, in the order given. Unresolved names are results too: exit 0.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import islice
from typing import IO, TextIO

from normalise.errors import InputError
from normalise.qualifiers import with_regions
from normalise.resolution import HISTORIC_NOTE, Resolution


def format_line(res: Resolution) -> str:
    """A human-readable one-line summary: query -> place (admin1, country) [method score], then
    what matched and any note on the answer ("no match in Ohio; best match elsewhere").

    Every free-text field is passed through ``_plain``: one name is one line of tab-separated
    columns however it was typed."""
    query = _plain(res.query)
    if res.ambiguous:
        alts = "; ".join(f"{_with_where(c.name, c.country, c.admin1, country_first=True)} {c.id}"
                         for c in res.candidates[:5])
        return f"{query}\tAMBIGUOUS\t{res.score:.2f}\t{_plain(alts)}"
    if res.id is None:
        return f"{query}\tNOT FOUND\t{_plain(res.reason or '')}"
    matched = ""
    if res.matched is not None:
        extra = [res.matched.lang or ""] + res.matched.flags
        if res.matched.valid_to:
            extra.append(f"until {res.matched.valid_to}")
        extra = [e for e in extra if e]
        matched = f"\tmatched {res.matched.text!r}" + (f" ({', '.join(extra)})" if extra else "")
    # the reason's notes, but the one the matched name's "historic" says already
    notes = [n for n in (res.reason or "").split("; ") if n and not n.startswith(HISTORIC_NOTE)]
    note = f"\t{_plain('; '.join(notes))}" if notes else ""
    return (f"{query}\t{_plain(_with_where(res.name, res.country, res.admin1))}\t{res.id}\t"
            f"{res.method} {res.score:.2f}{matched}{note}")


_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters (C0, DEL, C1) and the line/paragraph separators: a tab would add a column,
and these all end a line for ``str.splitlines`` or a terminal."""


def _plain(text: str) -> str:
    """``text`` with each control character escaped as ``repr`` writes it (``\\t``, ``\\n``,
    ``\\x01``), so a query typed or pasted with one cannot break the tab-separated row."""
    return _BREAKING.sub(lambda m: repr(m.group())[1:-1], text)


def _with_where(name: str | None, country: str | None, admin1: str | None, *,
                country_first: bool = False) -> str:
    """``name (admin1, country)``, or ``(country, admin1)``; the name alone where it has neither (a
    continent)."""
    parts = (country, admin1) if country_first else (admin1, country)
    where = ", ".join(x for x in parts if x)
    return f"{name} ({where})" if where else f"{name}"


BATCH = 2000
"""Names resolved together (``Normaliser.resolve_many``) before their results are printed: a long
list read from stdin streams, in batches."""


def names_of(args: Sequence[str], stdin: IO[bytes] | None = None) -> Iterator[str]:
    """The names given, each ``-`` replaced by the lines of stdin (one name a line, UTF-8; lines end
    with \\n, \\r\\n or \\r). A BOM that Windows editors put before the first line is not part of the
    first name."""
    for arg in args:
        if arg != "-":
            yield arg
            continue
        if stdin is None:
            from normalise.tableio import stdin_buffer  # (not at import: tableio's imports cost 15 ms)
            stdin = stdin_buffer("give the names as arguments")
        raw = stdin
        for lineno, line in enumerate(raw, 1):
            try:
                text = line.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"stdin: line {lineno}: not UTF-8 ({exc.reason} at byte "
                                 f"{exc.start})") from None
            yield from text.rstrip("\r\n").split("\r")  # (old Mac line ends: "Kyiv\rLviv" is two)


def run_place(names: Sequence[str], *, lang: str | None = None, country: str | None = None,
              region: str | None = None, as_of: str | None = None, output_lang: str = "en",
              as_json: bool = False, gazetteer: str | None = None, out: TextIO | None = None,
              stdin: IO[bytes] | None = None, min_score: float = 0.0) -> int:
    """Resolve ``names`` (``-``: one name a line from stdin) and print them; returns the number
    of unresolved or ambiguous names. ``region``: read after each name ("Pervomaisk, Mykolaiv
    Oblast"), as ``table --region-column`` does (``qualifiers.with_regions``); each answer keeps the
    name as its query."""
    from normalise.matcher import Normaliser
    from normalise.jsonl import json_lines_safe

    if list(names).count("-") > 1:  # ("- -" had read stdin once and answered one name for two)
        raise InputError("stdin (-) can be read only once")
    if out is None:
        from normalise.tableio import stdout_buffer
        stdout_buffer("toponorm place writes its answers there")  # a one-line error where stdout is closed
        out = sys.stdout
    norm = Normaliser(gazetteer, lang=lang, country=country, as_of=as_of, output_lang=output_lang,
                      min_score=min_score)
    misses = 0
    queue = names_of(names, stdin)
    while batch := list(islice(queue, BATCH)):
        asked = with_regions(batch, [region] * len(batch)) if region else batch
        for name, query, res in zip(batch, asked, norm.resolve_many(asked)):
            if query is not name and res.query == query:  # (the name with the region: shown without)
                res = replace(res, query=name)
            misses += res.id is None
            if as_json:
                out.write(json_lines_safe(json.dumps(res.to_dict(), ensure_ascii=False)) + "\n")
            else:
                out.write(format_line(res) + "\n")
        out.flush()
    return misses
