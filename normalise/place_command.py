"""`toponorm place`: resolve names given on the command line and print one result per name.

Kept out of cli.py (flags only) so the CLI module stays logic-free; output goes to stdout, one line
(or one JSON object) per name, in the order given. Unresolved names are results too: exit 0.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TextIO

from normalise.resolution import Resolution


def format_line(res: Resolution) -> str:
    """A human-readable one-line summary: query -> place (country, admin1) [method score]."""
    if res.ambiguous:
        alts = "; ".join(f"{c.name} ({c.country}{', ' + c.admin1 if c.admin1 else ''}) {c.id}"
                         for c in res.candidates[:5])
        return f"{res.query}\tAMBIGUOUS\t{res.score:.2f}\t{alts}"
    if res.id is None:
        return f"{res.query}\tNOT FOUND\t{res.reason or ''}"
    where = ", ".join(x for x in (res.admin1, res.country) if x)
    matched = ""
    if res.matched is not None:
        extra = [res.matched.lang or ""] + res.matched.flags
        if res.matched.valid_to:
            extra.append(f"until {res.matched.valid_to}")
        extra = [e for e in extra if e]
        matched = f"\tmatched {res.matched.text!r}" + (f" ({', '.join(extra)})" if extra else "")
    return f"{res.query}\t{res.name} ({where})\t{res.id}\t{res.method} {res.score:.2f}{matched}"


def run_place(names: Sequence[str], *, lang: str | None = None, country: str | None = None,
              as_of: str | None = None, output_lang: str = "en", as_json: bool = False,
              gazetteer: str | None = None, out: TextIO | None = None) -> int:
    """Resolve ``names`` and print them; returns the number of unresolved or ambiguous names."""
    from normalise.matcher import Normaliser

    out = out or sys.stdout
    norm = Normaliser(gazetteer, lang=lang, country=country, as_of=as_of, output_lang=output_lang)
    misses = 0
    for res in norm.resolve_many(names):
        misses += res.id is None
        if as_json:
            out.write(json.dumps(res.to_dict(), ensure_ascii=False) + "\n")
        else:
            out.write(format_line(res) + "\n")
    out.flush()
    return misses
