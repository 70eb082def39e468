"""Merging a user's own names and places (an organisation's spellings, places GeoNames lacks)
into a gazetteer, from a TSV file with a header row. See docs/gazetteer.md for the columns.

A row whose ``id`` is already in the gazetteer adds a name to that place; a row with a new
``custom:`` id (or a bare id, which gets the ``custom:`` prefix) creates the place, its first
row's name becoming the canonical one. The merge is written atomically: a bad row anywhere
leaves the gazetteer as it was, and the error names the file and line.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from gazetteer.codes import (CONTROL_CHARACTERS, FEATURE_CLASSES, MAX_POPULATION, canonical_tag,
                             country_codes, date_problem, dates_inverted, language_tag_problem)
from gazetteer.errors import GazetteerError
from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.scripts import infer_script
from gazetteer.sources import add_standard_source
from gazetteer.store import GazetteerWriter, IndexKeys, given_path

COLUMNS = ("id", "name", "lang", "flags", "valid_from", "valid_to", "country", "admin1",
           "lat", "lon", "population", "feature_class", "feature_code")
REQUIRED = ("id", "name")
MAX_FIELD_CHARS = 300
"""The longest name (or any field) a row may have: the normaliser looks up no longer query
(normalise.matcher.MAX_QUERY_CHARS), so a longer name could never be found."""
_FLAG_NAMES = {f.name.lower(): f for f in NameFlag if f}


@dataclass
class AddReport:
    """What a merge changed."""

    path: Path
    rows: int = 0
    places_added: int = 0
    names_added: int = 0
    dates_changed: int = 0

    def summary(self) -> str:
        # (dates given for a name already there replace its dates: said, as they had been replaced silently)
        return (f"merged {_count(self.rows, 'row')} into {self.path}: "
                f"{_count(self.places_added, 'new place')}, {_count(self.names_added, 'new name')}, "
                f"{_count(self.dates_changed, 'existing name')} with changed dates")


def _count(n: int, what: str) -> str:
    """"1 row", "2 rows": the summary had said "merged 1 rows: 1 new places"."""
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def _parse_flags(text: str, where: str) -> NameFlag:
    flags = NameFlag.NONE
    for label in re.split(r"[,|; ]+", text.strip().lower()):
        if not label:
            continue
        if label not in _FLAG_NAMES:
            raise GazetteerError(f"{where}: unknown flag {label!r} (use {', '.join(_FLAG_NAMES)})")
        flags |= _FLAG_NAMES[label]
    return flags


def _number(text: str, kind: type, where: str, column: str):
    try:
        return kind(text) if text.strip() else None
    except ValueError:
        raise GazetteerError(f"{where}: {column} {text!r} is not a number") from None


def _read_text(path: Path) -> str:
    """The whole file as text; a missing, unreadable or undecodable file is an error naming it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GazetteerError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise GazetteerError(f"{path}: is a directory, not a names file") from None
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read it ({exc.strerror})") from None
    if data.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")):  # (it had been "x.tsv.gz:1: not UTF-8 text")
        raise GazetteerError(f"{path}: a compressed file (gzip, bzip2 or xz), not text: decompress it first")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GazetteerError(f"{path}:{line}: not UTF-8 text") from None


def _check_field_lengths(line: str, where: str) -> None:
    """Refuse a field longer than any name (before the csv module's own, cryptic, field limit)."""
    if len(line) <= MAX_FIELD_CHARS:
        return
    longest = max(len(cell) for cell in line.split("\t"))
    if longest > MAX_FIELD_CHARS:
        raise GazetteerError(f"{where}: a field of {longest:,} characters is too long for a name "
                             f"(at most {MAX_FIELD_CHARS:,})")


def _check_characters(header: list[str], line: str, where: str) -> None:
    """Refuse a control character (a NUL, a stray carriage return) in any field: no name holds one,
    the normaliser would never match it, and the csv module fails on some of them."""
    found = CONTROL_CHARACTERS.search(line)
    if found:
        column = line.count("\t", 0, found.start())
        name = header[column] if column < len(header) else f"field {column + 1}"
        raise GazetteerError(f"{where}: {name} has a control character (U+{ord(found.group()):04X})")


def _header(line: str, path: Path) -> list[str]:
    """The header row's column names. A carriage return in it means the file's lines end in CR alone
    (old Mac): the whole file is one line, and the message had held the raw CR; a blank name is a
    stray tab ("unknown column(s)  (known: ...)" had named nothing)."""
    if "\r" in line:
        raise GazetteerError(f"{path}: its lines end in a carriage return alone (old Mac line ends, CR): "
                             "save it with LF or CRLF line ends")
    header = [h.strip().lower() for h in line.split("\t")]
    if "" in header:
        raise GazetteerError(f"{path}:1: an empty column name (column {header.index('') + 1}; "
                             "a trailing tab?)")
    return header


def read_tsv(tsv_path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row by column) for every data row; any malformed row is an error."""
    path = given_path(tsv_path, "the names file's path is empty (name a TSV file)")  # (it had read ".")
    # split at line feeds only: splitlines also splits at U+001C, U+0085, U+2028, ..., inside a field
    lines = [line.removesuffix("\r") for line in _read_text(path).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        raise GazetteerError(f"{path}: empty file (expected a header row: {chr(9).join(COLUMNS)})")
    _check_field_lengths(lines[0], f"{path}:1")
    header = _header(lines[0], path)
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise GazetteerError(f"{path}:1: unknown column(s) {', '.join(unknown)} "
                             f"(known: {', '.join(COLUMNS)})")
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise GazetteerError(f"{path}:1: column(s) {', '.join(twice)} given more than once")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise GazetteerError(f"{path}:1: missing column(s) {', '.join(missing)}")
    rows = []
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        _check_field_lengths(line, f"{path}:{lineno}")
        _check_characters(header, line, f"{path}:{lineno}")
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) != len(header):
            raise GazetteerError(f"{path}:{lineno}: {len(cells)} tab-separated columns, "
                                 f"expected {len(header)} as in the header")
        rows.append((lineno, {h: c.strip() for h, c in zip(header, cells)}))
    return rows


def _checked_codes(row: dict[str, str], where: str) -> tuple[str | None, str | None]:
    """The row's language tag and country code, each a real one (or None where not given)."""
    lang = canonical_tag(row["lang"]) if row.get("lang") else None  # ("EN" had been "not a BCP 47 tag")
    problem = lang and language_tag_problem(lang)
    if problem:
        raise GazetteerError(f"{where}: lang {row['lang']!r} is not an ISO 639 code or BCP 47 tag ({problem}; "
                             "e.g. uk, ru, en, zh-Hant)")
    for col in ("valid_from", "valid_to"):
        problem = row.get(col) and date_problem(row[col])
        if problem:
            raise GazetteerError(f"{where}: {col} {row[col]!r} is {problem}")
    if dates_inverted(row.get("valid_from"), row.get("valid_to")):  # (it had been stored so)
        raise GazetteerError(f"{where}: valid_from {row['valid_from']!r} is after valid_to {row['valid_to']!r}")
    country = (row.get("country") or "").upper() or None
    if country and country not in country_codes():
        raise GazetteerError(f"{where}: country {country!r} is not an ISO 3166-1 alpha-2 code")
    return lang, country


def _checked_numbers(row: dict[str, str], where: str) -> tuple[float | None, float | None, int]:
    """Latitude, longitude and population, each in its range (the GeoNames importer's bound on a
    population: a larger one had reached SQLite and ended as an internal OverflowError)."""
    lat = _number(row.get("lat", ""), float, where, "lat")
    lon = _number(row.get("lon", ""), float, where, "lon")
    if (lat is not None and not -90 <= lat <= 90) or (lon is not None and not -180 <= lon <= 180):
        raise GazetteerError(f"{where}: lat/lon out of range")
    population = _number(row.get("population", ""), int, where, "population") or 0
    if population < 0:
        raise GazetteerError(f"{where}: population {population} is negative")
    if population > MAX_POPULATION:
        raise GazetteerError(f"{where}: population {population} is more than the world's "
                             f"(at most {MAX_POPULATION:,})")
    return lat, lon, population


def _row_to_name_and_place(row: dict[str, str], where: str) -> tuple[str, PlaceName, Place]:
    raw_id, text = row.get("id", ""), row.get("name", "")
    if not raw_id or not text:
        raise GazetteerError(f"{where}: id and name are required")
    if not any(c.isalpha() for c in text):  # ("!!!", "12345", zero-width joiners had been added)
        raise GazetteerError(f"{where}: name {text!r} has no letters: no query could find it (the "
                             "normaliser answers a name without letters as no place)")
    place_id = raw_id if ":" in raw_id else f"custom:{raw_id}"
    if not place_id.partition(":")[2].strip():  # ("custom:" had made a place of that id)
        raise GazetteerError(f"{where}: id {raw_id!r} is empty after its prefix (e.g. custom:acme-7)")
    lang, country = _checked_codes(row, where)
    lat, lon, population = _checked_numbers(row, where)
    feature_class = (row.get("feature_class") or "P").upper()
    if feature_class not in FEATURE_CLASSES:
        raise GazetteerError(f"{where}: feature_class {feature_class!r} is not a GeoNames feature class "
                             f"({', '.join(sorted(FEATURE_CLASSES))})")
    name = PlaceName(text, lang, infer_script(text), _parse_flags(row.get("flags", ""), where),
                     row.get("valid_from") or None, row.get("valid_to") or None, "custom")
    admin1 = row.get("admin1") or None
    place = Place(place_id, text, feature_class, (row.get("feature_code") or "PPL").upper(), country,
                  admin1 if not admin1 or "." in admin1 or not country else f"{country}.{admin1}",
                  None, None, lat, lon, population, "custom")
    return place_id, name, place


_PLACE_FIELDS = {"country": "country", "lat": "lat", "lon": "lon", "population": "population",
                 "feature_class": "feature_class", "feature_code": "feature_code", "admin1": "admin1_code"}
"""The TSV's place columns, by the places table's column each sets."""


def _check_same_place(writer: GazetteerWriter, pk: int, row: dict[str, str], place: Place,
                      where: str) -> None:
    """A row naming a place already there (a GeoNames id, or a custom one of an earlier row) adds a
    name; its place columns must then say what the place already says. They had been ignored in
    silence: a row's other country, or another row's for one new place, was simply not stored."""
    given = [column for column in _PLACE_FIELDS if row.get(column)]
    if not given:
        return
    stored = dict(zip(given, writer.place_values(pk, [_PLACE_FIELDS[c] for c in given])))
    wanted = {"country": place.country, "lat": place.lat, "lon": place.lon, "population": place.population,
              "feature_class": place.feature_class, "feature_code": place.feature_code,
              "admin1": place.admin1_code}
    for column in given:
        old, new = stored[column], wanted[column]
        same = (old is not None and abs(old - new) < 1e-6) if column in ("lat", "lon") else old == new
        if not same:
            raise GazetteerError(f"{where}: {place.id} is already there with {column} {old!r}, not {new!r}: "
                                 "a row may add a name to a place, not change it (leave the place's "
                                 "columns empty, or give its values)")


def add_tsv(tsv_path: str | Path, gazetteer_path: str | Path, index_keys: IndexKeys,
            key_version: str) -> AddReport:
    """Merge the TSV's names and places into the gazetteer at ``gazetteer_path``, atomically."""
    rows = read_tsv(tsv_path)
    report = AddReport(Path(gazetteer_path), rows=len(rows))
    with GazetteerWriter(gazetteer_path, index_keys, key_version, base=gazetteer_path) as writer:
        add_standard_source(writer, "custom")
        names_before = writer.names_added
        for lineno, row in rows:
            where = f"{tsv_path}:{lineno}"
            place_id, name, place = _row_to_name_and_place(row, where)
            pk = writer.place_pk(place_id)
            if pk is None:
                if not place_id.startswith("custom:"):
                    raise GazetteerError(f"{where}: {place_id} is not in {gazetteer_path} "
                                         "(new places need a custom: id)")
                writer.add_place(place, [name])
            else:
                _check_same_place(writer, pk, row, place, where)
                try:
                    writer.add_names(pk, [name])
                except GazetteerError as exc:  # (its dates and the stored ones, from after to)
                    raise GazetteerError(f"{where}: {exc}") from None
        report.places_added = writer.places_added
        report.names_added = writer.names_added - names_before
        report.dates_changed = writer.dates_changed
    return report
