"""Regions that are no country or admin area, defined by their members: data, not code.

Two tables in ``gazetteer/data``: ``regions.csv``, curated by this project (Donbas, Siberia, the
Balkans, the Middle East, Kashmir: names in the languages of the news, each row with what its
membership follows), and ``m49.csv``, the UN M49 geographic regions' member countries (Eastern
Europe, Central Asia, Latin America), named by CLDR in every language official somewhere.
A region's members are ISO 3166-1 alpha-2 codes (and GeoNames' XK) or ISO 3166-2 codes: the default
build derives its population and centre from them, so it is weighed against the villages of its name
as an area is ("Siberia" is Siberia, not Siberia, Chiapas).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from gazetteer.errors import GazetteerError

REGION_COLUMNS = ("id", "members", "names", "source")
M49_COLUMNS = ("code", "members")


@dataclass(frozen=True, slots=True)
class Region:
    """A region: a stable id, its member countries or subdivisions, its (lang, name) pairs, the first
    its canonical name; ``from_cldr``: its names are CLDR's for the M49 code after the colon."""

    id: str
    members: tuple[str, ...]
    names: tuple[tuple[str | None, str], ...]
    source: str
    from_cldr: bool = False


def _data(name: str) -> Path:
    return Path(str(resources.files("gazetteer") / "data" / name))


def _rows(path: Path, columns: tuple[str, ...]):
    """(line number, row) of a CSV table with ``columns`` and ``#`` comment lines; errors name the line."""
    with open(path, encoding="utf-8", newline="") as fh:
        numbered = [(n, line) for n, line in enumerate(fh, start=1)
                    if line.strip() and not line.startswith("#")]
    if not numbered or tuple(next(csv.reader([numbered[0][1]]))) != columns:
        raise GazetteerError(f"{path}: header must be {','.join(columns)}")
    for lineno, line in numbered[1:]:
        row = [c.strip() for c in next(csv.reader([line]))]
        if len(row) != len(columns) or not all(row):
            raise GazetteerError(f"{path}:{lineno}: {len(columns)} non-empty columns expected")
        yield lineno, row


def _members(text: str, where: str) -> tuple[str, ...]:
    members = tuple(text.split())
    for m in members:
        country, _, sub = m.partition("-")
        if not (len(country) == 2 and country.isupper() and (not sub or sub.isalnum())):
            raise GazetteerError(f"{where}: member {m!r} is no ISO 3166-1 or 3166-2 code")
    return members


def load_regions(regions: str | Path | None = None, m49: str | Path | None = None) -> list[Region]:
    """Both tables, checked: the curated regions, then the M49 ones (names to be filled from CLDR)."""
    out: list[Region] = []
    path = Path(regions) if regions else _data("regions.csv")
    for lineno, (rid, members, names, source) in _rows(path, REGION_COLUMNS):
        where = f"{path}:{lineno}"
        if not rid.startswith("toponorm:"):
            raise GazetteerError(f"{where}: a curated region's id starts with 'toponorm:'")
        pairs = []
        for item in names.split(";"):
            lang, sep, text = item.partition(":")
            if not sep or not text.strip() or not lang.isalpha():
                raise GazetteerError(f"{where}: names are lang:text separated by ';', not {item!r}")
            pairs.append((lang, text.strip()))
        if pairs[0][0] != "en":
            raise GazetteerError(f"{where}: the first (canonical) name must be the English one")
        out.append(Region(rid, _members(members, where), tuple(pairs), source))
    path = Path(m49) if m49 else _data("m49.csv")
    for lineno, (code, members) in _rows(path, M49_COLUMNS):
        if not (len(code) == 3 and code.isdigit()):
            raise GazetteerError(f"{path}:{lineno}: {code!r} is no M49 code")
        out.append(Region(f"un-m49:{code}", _members(members, f"{path}:{lineno}"), (), "UN M49",
                          from_cldr=True))
    if len({r.id for r in out}) != len(out):
        raise GazetteerError("regions: an id is listed twice")
    return out


def official_languages() -> frozenset[str]:
    """The languages official somewhere, nationally or regionally (CLDR, babel): those whose names of
    the M49 regions are taken. CLDR names them in ~290 languages; a name in a small one ("Aghem")
    matches words that mean something else far more often than it is written."""
    from babel.core import get_global

    return frozenset(tag.split("_")[0] for languages in get_global("territory_languages").values()
                     for tag, info in languages.items()
                     if info.get("official_status") in ("official", "de_facto_official", "official_regional"))


def cldr_region_names(code: str, locales: list[tuple[str, dict]], languages: frozenset[str]
                      ) -> list[tuple[str, str]]:
    """(lang tag, name) of M49 region ``code`` in the locales of ``languages``, English first. A name
    the locale also gives another territory is left out: Russian "Микронезия" is the country too, and
    the region would make it ambiguous."""
    out: list[tuple[str, str]] = []
    for tag, territories in sorted(locales, key=lambda lt: lt[0] != "en"):
        text = territories.get(code)
        if not text or tag.split("-")[0] not in languages:
            continue
        if any(other != code and name == text for other, name in territories.items()):
            continue
        if (tag, text) not in out:
            out.append((tag, text))
    return out
