"""The curated table of historical renames (gazetteer/data/renames.csv): data, not code.

Each row is one language's old name of a GeoNames place with the dates it was in use, the name
that replaced it, and a source (URL or citation) for the fact. Rows without a source are refused.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from gazetteer.errors import GazetteerError

COLUMNS = ("geonameid", "old_name", "lang", "valid_from", "valid_to", "new_name", "source")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True, slots=True)
class Rename:
    """``old_name`` (in ``lang``) was the place's name from ``valid_from`` until ``valid_to``."""

    geonameid: int
    old_name: str
    lang: str | None
    valid_from: str | None
    valid_to: str
    new_name: str
    source: str


def renames_path() -> Path:
    return Path(str(resources.files("gazetteer") / "data" / "renames.csv"))


def load_renames(path: str | Path | None = None) -> list[Rename]:
    """Parse and check the table; a bad row is an error naming the file and line."""
    path = Path(path) if path else renames_path()
    out: list[Rename] = []
    with open(path, encoding="utf-8", newline="") as fh:
        numbered = ((n, line) for n, line in enumerate(fh, start=1)
                    if line.strip() and not line.startswith("#"))
        header = next(numbered, None)
        if header is None or tuple(next(csv.reader([header[1]]))) != COLUMNS:
            raise GazetteerError(f"{path}: header must be {','.join(COLUMNS)}")
        for lineno, line in numbered:
            row = next(csv.reader([line]))
            if len(row) != len(COLUMNS):
                raise GazetteerError(f"{path}:{lineno}: {len(row)} columns, expected {len(COLUMNS)}")
            gid, old, lang, frm, to, new, source = (c.strip() for c in row)
            if not gid.isdigit() or not old or not new or not source:
                raise GazetteerError(f"{path}:{lineno}: geonameid, old_name, new_name and source are required")
            for d in (frm, to):
                if d and not _DATE.match(d):
                    raise GazetteerError(f"{path}:{lineno}: bad date {d!r} (use YYYY[-MM[-DD]])")
            if not to:
                raise GazetteerError(f"{path}:{lineno}: valid_to (the date of the rename) is required")
            out.append(Rename(int(gid), old, lang or None, frm or None, to, new, source))
    return out
