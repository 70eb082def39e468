"""Importer for GeoNames dumps that users download (allCountries.zip, XX.zip, citiesN.zip,
alternateNamesV2.zip or alternatenames/XX.zip, admin1CodesASCII.txt, countryInfo.txt).

Files are streamed straight from the zips, line by line, in two passes with bounded memory:
the geoname table first (places kept are remembered in a bitmap of geonameids, and GeoNames'
id is the row key, so names need no id map), then the alternate names. The key index is built
beside this process by a key stage (keystage.py). Bad rows are counted by reason and reported; a
missing or corrupt file is a one-line error naming it.
"""
from __future__ import annotations

import heapq
import io
import re
import time
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm

from gazetteer.admin1 import Admin1Linker, display_name
from gazetteer.codes import (CONTROL_CHARACTERS, FEATURE_CLASSES, MAX_POPULATION, check_feature_classes,
                             check_min_population, country_codes, date_problem, dates_inverted,
                             language_tag_problem)
from gazetteer.custom import MAX_FIELD_CHARS
from gazetteer.errors import GazetteerError
from gazetteer.keystage import KeyStage
from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.scripts import infer_language, infer_script
from gazetteer.sources import add_standard_source
from gazetteer.store import GazetteerWriter, IndexKeys, given_path

GEONAME_COLUMNS = 19
ALTNAME_COLUMNS = 10
# isolanguage values that are not languages: codes, links and ids (GeoNames' readme), skipped.
PSEUDO_LANGUAGES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "unlc",
                              "tcid", "phon", "piny", "wkgd", "uicn", "geoid", "osm"})
MAX_GEONAMEID = 2**31 - 1
"""GeoNames' ids are its database's 32-bit ints (13.5 M in 2025): a larger one is damage, and would
grow the bitmaps of ids to gigabytes (one bit per id up to the largest: 256 MB at this bound)."""
OLD_COUNTRY_CODES = frozenset({"AN", "CS", "YU"})
"""Withdrawn ISO codes GeoNames still uses (countryInfo.txt lists AN and CS) besides ISO's and XK."""
_CONTROL_IN_BLOCK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # but line ends too
_BOM = b"\xef\xbb\xbf"
_CITIES = re.compile(r"^cities(\d+)\.(zip|txt)$")
_COUNTRY_FILE = re.compile(r"^([A-Z]{2})\.(zip|txt)$")
BATCH = 20_000
_BLOCK = 1 << 20  # bytes read, decoded and split at a time
T = TypeVar("T")


@dataclass
class BuildReport:
    """What an import read, kept and rejected; bad rows by reason, with the first example of each."""

    path: Path
    files: list[str] = field(default_factory=list)
    places: int = 0
    names: int = 0
    rows_read: int = 0
    rows_filtered: int = 0
    pseudo_language_rows: int = 0
    alternate_names_for_other_places: int = 0
    alternate_names_for_unknown_ids: int = 0  # of those, ids no row of the table had
    bad_rows: Counter = field(default_factory=Counter)
    first_bad: dict[str, str] = field(default_factory=dict)
    admin1_linked: int = 0
    admin1_total: int = 0
    seconds: float = 0.0

    def bad(self, reason: str, where: str) -> None:
        self.bad_rows[reason] += 1
        self.first_bad.setdefault(reason, where)

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.seconds if self.seconds else 0.0

    def summary(self) -> str:
        lines = [f"built {self.path}: {self.places} places, {self.names} names "
                 f"from {self.rows_read} rows in {self.seconds:.1f} s ({self.rows_per_second:,.0f} rows/s)",
                 f"  filtered out: {self.rows_filtered} rows; pseudo-language alternate names skipped: "
                 f"{self.pseudo_language_rows}; admin1 linked to ISO 3166-2: "
                 f"{self.admin1_linked}/{self.admin1_total}",
                 f"  alternate names for places not kept: {self.alternate_names_for_other_places} "
                 f"({self.alternate_names_for_unknown_ids} for geonameids not in the table)"]
        for reason, n in sorted(self.bad_rows.items()):
            lines.append(f"  bad rows ({reason}): {n}, first at {self.first_bad[reason]}")
        return "\n".join(lines)


class _Bitmap:
    """A growable set of small non-negative ints (geonameids) in one bit each."""

    def __init__(self) -> None:
        self.bits = bytearray(1 << 21)

    def add(self, n: int) -> None:
        if n >> 3 >= len(self.bits):
            self.bits.extend(bytes(max(len(self.bits), (n >> 3) + 1 - len(self.bits))))
        self.bits[n >> 3] |= 1 << (n & 7)

    def __contains__(self, n: int) -> bool:
        i = n >> 3
        return i < len(self.bits) and bool(self.bits[i] >> (n & 7) & 1)


@dataclass
class _Inputs:
    tables: list[Path]
    altnames: list[Path]
    admin1: Path | None
    country_info: Path | None


def _find_inputs(dir_or_files: str | Path | Sequence[str | Path], countries: set[str] | None) -> _Inputs:
    """Pick the geoname table(s) and companions from a folder or an explicit list of files."""
    items = [dir_or_files] if isinstance(dir_or_files, (str, Path)) else list(dir_or_files)
    # ("--geonames ''" had read the current folder)
    given = [given_path(p, "the --geonames path is empty (name the folder or file of GeoNames dumps)")
             for p in items]
    if isinstance(dir_or_files, (str, Path)) and given[0].is_dir():
        root = given[0]
        files = [p for p in root.iterdir() if p.is_file()]
        alt_dir = root / "alternatenames"
        if alt_dir.is_dir():
            files += [p for p in alt_dir.iterdir() if p.is_file()]
    else:
        files = given
        for p in files:
            if not p.exists():
                raise GazetteerError(f"{p}: no such file")
    by_name = {p.name: p for p in files}
    tables: list[Path] = []
    every_country: list[Path] = []
    if "allCountries.zip" in by_name or "allCountries.txt" in by_name:
        tables = [by_name.get("allCountries.zip") or by_name["allCountries.txt"]]
    else:
        every_country = [p for p in files if _COUNTRY_FILE.match(p.name) and p.parent.name != "alternatenames"]
        per_country = [p for p in every_country if not countries or p.name[:2] in countries]
        if per_country:
            tables = sorted(per_country)
        else:
            cities = sorted((int(m.group(1)), p) for p in files if (m := _CITIES.match(p.name)))
            if cities:
                tables = [cities[0][1]]  # the lowest population threshold has the most places
    if not tables:
        where = dir_or_files if isinstance(dir_or_files, (str, Path)) else ", ".join(map(str, files))
        if countries and every_country:  # (it had said "no GeoNames table" beside UA.zip and PL.zip)
            wanted = ", ".join(f"{c}.zip" for c in sorted(countries))
            held = ", ".join(sorted(p.name for p in every_country)[:10])
            raise GazetteerError(f"{where}: no GeoNames table for --countries: no {wanted} here "
                                 f"(found {held})")
        raise GazetteerError(f"{where}: no GeoNames table (allCountries.zip, XX.zip or citiesN.zip)")
    altnames = [p for p in files if p.name in ("alternateNamesV2.zip", "alternateNamesV2.txt",
                                               "alternateNames.zip", "alternateNames.txt")][:1]
    if not altnames:
        altnames = sorted(p for p in files if p.parent.name == "alternatenames" and _COUNTRY_FILE.match(p.name)
                          and (not countries or p.name[:2] in countries))
    admin1 = by_name.get("admin1CodesASCII.txt") or by_name.get("admin1Codes.txt")
    country_info = by_name.get("countryInfo.txt")
    return _Inputs(tables, altnames, admin1, country_info)


def _open_lines(path: Path, member_hint: str | None = None) -> Iterator[tuple[int, bytes]]:
    """(line number, raw bytes) of a .txt, or of the data member of a GeoNames zip, streamed."""
    return _read_data(path, member_hint, lambda fh: enumerate(fh, start=1))


def _open_blocks(path: Path, member_hint: str | None = None) -> Iterator[bytes]:
    """The bytes of a .txt, or of a GeoNames zip's data member, in big blocks of whole lines (the
    last newline of each cut off), streamed: one decode and one split per block, not per line."""
    return _read_data(path, member_hint, _whole_lines)


def _read_data(path: Path, member_hint: str | None,
               read: Callable[[io.BufferedIOBase], Iterator[T]]) -> Iterator[T]:
    """``read`` over a .txt, or over the data member of a GeoNames zip (the member named
    ``member_hint...`` if there is one), with every failure to open or read it one GazetteerError."""
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                names = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()
                         and "iso-languagecodes" not in n]
                if not names:
                    raise GazetteerError(f"{path}: zip holds no .txt data file")
                member = next((n for n in names if member_hint and n.startswith(member_hint)), names[0])
                with zf.open(member) as fh:
                    yield from read(io.BufferedReader(fh, _BLOCK))
        else:
            with open(path, "rb") as fh:
                yield from read(fh)
    except FileNotFoundError:
        raise GazetteerError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, zlib.error) as exc:
        raise GazetteerError(f"{path}: corrupt or unreadable zip ({exc})") from None


def _whole_lines(fh: io.RawIOBase | io.BufferedIOBase) -> Iterator[bytes]:
    rest = b""
    while chunk := fh.read(_BLOCK):
        chunk = rest + chunk if rest else chunk
        cut = chunk.rfind(b"\n")
        if cut < 0:
            rest = chunk
            continue
        rest = chunk[cut + 1:]
        yield chunk[:cut]
    if rest:
        yield rest  # a last line without a newline


def _lines(path: Path, report: BuildReport, bar: tqdm | None,
           member_hint: str | None = None) -> Iterator[tuple[Sequence[int], list[str], bool]]:
    """Blocks of (line numbers, lines, whether any line may hold a control character) of a file,
    every line counted in ``report.rows_read``; a UTF-8 byte order mark at the start is skipped.

    UTF-8: a block that does not decode is decoded line by line, its few bad lines counted and
    left out (so the numbers then skip them); a file that is mostly not UTF-8 is an error. The
    control-character flag is one search per block, so clean blocks cost no search per line.
    """
    lineno = bad = 0
    for block in _open_blocks(path, member_hint):
        if lineno == 0 and block.startswith(_BOM):
            block = block[len(_BOM):]
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError:
            numbers: Sequence[int] = []
            lines = []
            suspect = True  # a rare block: its lines are searched one by one
            for raw in block.split(b"\n"):
                lineno += 1
                report.rows_read += 1
                try:
                    lines.append(raw.decode("utf-8").rstrip("\r"))
                    numbers.append(lineno)
                except UnicodeDecodeError:
                    bad += 1
                    report.bad("encoding", f"{path}:{lineno}")
                    if bad >= 20 and bad > (lineno - bad) / 100:  # > 1% of lines so far
                        raise GazetteerError(f"{path}:{lineno}: not UTF-8 ({bad} undecodable lines "
                                             f"so far); GeoNames files are UTF-8") from None
        else:
            lines = text.split("\n")
            suspect = _CONTROL_IN_BLOCK.search(text) is not None
            if "\r" in text:
                lines = [line.rstrip("\r") for line in lines]
                suspect = suspect or any("\r" in line for line in lines)  # one inside a line
            numbers = range(lineno + 1, lineno + 1 + len(lines))
            lineno += len(lines)
            report.rows_read += len(lines)
        if bar is not None:
            bar.update(len(numbers))
        yield numbers, lines, suspect


def _tab_rows(path: Path, min_cols: int, what: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, columns) of a GeoNames side file, blank and ``#`` comment lines skipped;
    a line with fewer than ``min_cols`` columns, or not UTF-8 text, is a one-line GazetteerError."""
    for lineno, raw in _open_lines(path):
        line = _side_line(path, lineno, raw[len(_BOM):] if lineno == 1 and raw.startswith(_BOM) else raw)
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < min_cols:
            raise GazetteerError(f"{path}:{lineno}: {len(cols)} columns, expected {what}")
        yield lineno, cols


def _side_line(path: Path, lineno: int, raw: bytes) -> str:
    """A side file's line as text: replacement characters would have been stored as names, and a
    binary file read as text (a NUL byte is in no text file)."""
    try:
        line = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise GazetteerError(f"{path}:{lineno}: not UTF-8; GeoNames files are UTF-8") from None
    if "\x00" in line:
        raise GazetteerError(f"{path}:{lineno}: a NUL byte: not a text file") from None
    return line


def read_country_info(path: Path | None) -> dict[str, tuple[str, int, int]]:
    """ISO code -> (name, geonameid, population) from countryInfo.txt (``#`` lines are comments)."""
    out: dict[str, tuple[str, int, int]] = {}
    if path is None:
        return out
    for lineno, cols in _tab_rows(path, 17, "19 (countryInfo.txt)"):
        try:
            gid, population = int(cols[16] or 0), int(cols[7] or 0)
        except ValueError:
            raise GazetteerError(f"{path}:{lineno}: bad number in countryInfo.txt") from None
        if not (0 <= gid <= MAX_GEONAMEID and 0 <= population <= MAX_POPULATION):
            raise GazetteerError(f"{path}:{lineno}: geonameid {gid} or population {population} out of range "
                                 "in countryInfo.txt")
        out[cols[0]] = (cols[4], gid, population)
    return out


def read_admin1(path: Path | None) -> dict[str, tuple[str, str]]:
    """``UA.05`` -> (name, ascii name) from admin1CodesASCII.txt."""
    out: dict[str, tuple[str, str]] = {}
    if path is None:
        return out
    for _, cols in _tab_rows(path, 3, "4 (admin1CodesASCII)"):
        out[cols[0]] = (cols[1], cols[2])
    return out


def check_countries(countries: str | Sequence[str] | None, known: set[str]) -> set[str] | None:
    """Upper-cased codes; an unknown one is a one-line error, and so is a list with none (an empty
    ``--countries`` is a slip, not a request for every country: leaving it out is). One string is a
    comma-separated list, as ``--countries`` is: ``countries="UA"`` had been read letter by letter
    ("unknown country code(s) A, U")."""
    if countries is None:
        return None
    if isinstance(countries, str):
        countries = countries.split(",")
    if not all(isinstance(c, str) for c in countries):
        raise GazetteerError(f"--countries: country codes as text, not {countries!r:.60}")
    codes = {c.strip().upper() for c in countries if c.strip()}
    if not codes:
        raise GazetteerError("--countries: no country codes given (leave --countries out for all countries)")
    if not known:
        known = country_codes()
    unknown = sorted(codes - known)
    if unknown:
        raise GazetteerError(f"unknown country code(s) {', '.join(unknown)} in --countries "
                             "(use ISO 3166-1 alpha-2, e.g. UA,RU)")
    return codes


def build_from_geonames(dir_or_files: str | Path | Sequence[str | Path], path: str | Path,
                        index_keys: IndexKeys, key_version: str, *,
                        countries: Sequence[str] | None = None, min_population: int = 0,
                        feature_classes: Sequence[str] | None = None,
                        progress: bool = False) -> BuildReport:
    """Import a GeoNames dump into a new gazetteer at ``path`` (atomically) and report on it."""
    import sys
    check_min_population(min_population)
    classes = check_feature_classes(feature_classes)
    show = progress and sys.stderr.isatty()
    started = time.perf_counter()
    country_info_path = _find_inputs(dir_or_files, None).country_info
    info = read_country_info(country_info_path)
    wanted = check_countries(countries, set(info))
    inputs = _find_inputs(dir_or_files, wanted)
    admin1_names = read_admin1(inputs.admin1)
    report = BuildReport(Path(path), [str(p) for p in [*inputs.tables, *inputs.altnames,
                                                        inputs.admin1, inputs.country_info] if p])
    kept = _Bitmap()
    linker = Admin1Linker()
    largest: dict[tuple[str, str], list[tuple[int, int, str, list[str]]]] = defaultdict(list)
    use_column_names = not inputs.altnames  # no alternate names file: the table's own column
    seen_countries: set[str] = set()

    # The stage outlives the writer: the writer's finish takes the stage's keys.
    with KeyStage(index_keys, Path(path).parent) as stage, \
            GazetteerWriter(path, index_keys, key_version) as writer:
        writer.take_keys_from(stage.keys_paths)
        add_standard_source(writer, "geonames", version="dump", date=_dump_date(inputs.tables[0]))
        writer.set_meta("kind", "geonames")
        writer.set_meta("geonames_files", report.files)
        place_rows: list[tuple] = []
        name_rows: list[tuple] = []  # (place_pk, text, lang, script, flags, from, to, source)

        def flush() -> None:
            nonlocal place_rows, name_rows
            _write(writer, stage, report, place_rows, name_rows)
            place_rows, name_rows = [], []

        official = int(NameFlag.OFFICIAL)
        bar = tqdm(desc="places", unit=" rows", disable=not show, mininterval=0.5)
        known = known_countries(info)
        seen = _Bitmap()  # ids of every row that passed the checks, kept or filtered out
        for table in inputs.tables:
            rows_before = report.rows_read
            for numbers, lines, suspect in _lines(table, report, bar if show else None):
                for lineno, line in zip(numbers, lines):
                    cols = line.split("\t")
                    if len(cols) != GEONAME_COLUMNS:
                        if lineno == 1 and table == inputs.tables[0]:
                            raise GazetteerError(f"{table}:{lineno}: {len(cols)} tab-separated columns, "
                                                 f"expected {GEONAME_COLUMNS} (the GeoNames geoname table)")
                        report.bad("columns", f"{table}:{lineno}")
                        continue
                    checked = _check_place(cols, known)
                    if isinstance(checked, str):
                        report.bad(checked, f"{table}:{lineno}")
                        continue
                    gid, lat, lon, population = checked
                    if gid in seen:  # the first row with the id is kept, as GeoNames has one per id
                        report.bad("duplicate id", f"{table}:{lineno}")
                        continue
                    seen.add(gid)
                    fclass, cc = cols[6], cols[8]
                    if ((wanted and cc not in wanted) or (classes and fclass not in classes)
                            or (min_population and fclass == "P" and population < min_population)):
                        report.rows_filtered += 1
                        continue
                    problem = _names_problem(cols, suspect)
                    if problem:
                        report.bad(problem, f"{table}:{lineno}")
                        continue
                    alternates = cols[3]
                    if suspect or len(alternates) > MAX_FIELD_CHARS:
                        alternates, dropped = _good_alternates(alternates)
                        if dropped:
                            report.bad(f"alternate name dropped: {dropped}", f"{table}:{lineno}")
                    kept.add(gid)
                    seen_countries.add(cc)
                    a1 = cols[10]
                    admin1 = f"{cc}.{a1}" if cc and a1 else None
                    a1_name = admin1_names.get(admin1, (None, None))[0] if admin1 else None
                    name = cols[1].strip()  # (stored with its spaces, as no query has them)
                    place_rows.append((gid, f"geonames:{gid}", name, fclass, cols[7], cc, admin1, a1_name,
                                       None, lat, lon, population, "geonames"))
                    name_rows.append((gid, name, None, infer_script(name), official, None, None, "geonames"))
                    if use_column_names and alternates:
                        for alt in dict.fromkeys(_alternate_names(alternates)):
                            if alt != name:
                                script = infer_script(alt)
                                name_rows.append((gid, alt, infer_language(alt, script), script, 0,
                                                  None, None, "geonames"))
                    if a1 and fclass == "P":
                        heap = largest[(cc, a1)]
                        if len(heap) < 3 or population > heap[0][0]:
                            item = (population, gid, name, _alternate_names(alternates)[:200])
                            heapq.heappush(heap, item) if len(heap) < 3 else heapq.heappushpop(heap, item)
                    if len(place_rows) >= BATCH:
                        flush()
            if report.rows_read == rows_before:
                raise GazetteerError(f"no rows in {table} (an empty GeoNames table)")
        flush()
        bar.close()

        # Countries from countryInfo that the table does not hold itself (citiesN files).
        for iso, (cname, cgid, cpop) in info.items():
            if (wanted and iso not in wanted) or (classes and "A" not in classes) or not cgid:
                continue
            if cgid not in kept:
                kept.add(cgid)
                names = [PlaceName(cname, None, infer_script(cname), NameFlag.OFFICIAL, source="geonames")]
                writer.add_place(Place(f"geonames:{cgid}", cname, "A", "PCLI", iso, population=cpop,
                                       source="geonames"), names, pk=cgid)
                report.names += 1

        _import_alternate_names(inputs.altnames, writer, stage, (kept, seen), report, show)
        stage.end_input()  # the worker catches up while this process links admin1
        _link(writer, linker, largest, admin1_names, seen_countries, report)
        report.places = writer.places_added
    report.seconds = time.perf_counter() - started
    return report


def known_countries(info: dict[str, tuple[str, int, int]]) -> frozenset[str]:
    """The country codes a table row may carry: ISO's and XK, GeoNames' withdrawn ones, those of
    countryInfo.txt, and none ("": GeoNames' features in no country, oceans and undersea ones, its
    no-country.zip). Case counts: a "ua" row would be missed by every ``--country UA``."""
    return country_codes() | OLD_COUNTRY_CODES | frozenset(info) | {""}


def _check_place(cols: list[str], known: frozenset[str]) -> tuple[int, float, float, int] | str:
    """A table row's id, coordinates and population, or the reason it is a bad row: values no
    place has would be stored and shown (a longitude of inf is not even JSON)."""
    try:
        gid = int(cols[0])
        lat, lon = float(cols[4]), float(cols[5])
        population = int(cols[14] or 0)
    except ValueError:
        return "number"
    if not 0 < gid <= MAX_GEONAMEID:
        return "geonameid"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also NaN, which fails every comparison
        return "coordinates"
    if not 0 <= population <= MAX_POPULATION:
        return "population"
    if cols[6] not in FEATURE_CLASSES and cols[6]:
        return "feature class"
    if cols[8] not in known:
        return "country code"
    return gid, lat, lon, population


def _names_problem(cols: list[str], suspect: bool) -> str | None:
    """Why a kept table row cannot be stored for its name, asciiname or codes, or None: a name no
    query could match (longer than ``gazetteer add`` allows, or with a control character, which
    would be displayed). ``suspect``: its block has a control character somewhere (else no search).
    The alternatenames column is checked name by name (``_good_alternates``): GeoNames' own has
    one with a C1 control (Ottawa's), which must not cost the place."""
    name = cols[1]
    if not name.strip():
        return "empty name"
    if suspect and any(CONTROL_CHARACTERS.search(col) for i, col in enumerate(cols) if i != 3):
        return "control character"
    if len(name) > MAX_FIELD_CHARS or len(cols[2]) > MAX_FIELD_CHARS:
        return "name too long"
    return None


def _alternate_names(alternates: str) -> list[str]:
    """The names of a table row's alternatenames column, without the spaces around them (as the
    alternate names file's are read; " Alt1 , Alt2" had stored " Alt1 "), empty ones left out."""
    return [alt for alt in (a.strip() for a in alternates.split(",")) if alt]


def _good_alternates(alternates: str) -> tuple[str, str | None]:
    """The alternatenames column without the names that cannot be stored (too long, or with a
    control character), and why some were left out (None where none were)."""
    good, dropped = [], None
    for alt in alternates.split(","):
        if len(alt) > MAX_FIELD_CHARS:
            dropped = "too long"
        elif CONTROL_CHARACTERS.search(alt):
            dropped = "control character"
        else:
            good.append(alt)
    return ",".join(good), dropped


def _write(writer: GazetteerWriter, stage: KeyStage, report: BuildReport, places: list[tuple],
           names: list[tuple]) -> None:
    """A batch into the store, and its names' texts to the key stage under the pks they got."""
    first = writer.add_rows(places, names, keys_staged=True)
    stage.submit(first, [r[1] for r in names], [r[2] for r in names])
    report.names += len(names)


def _import_alternate_names(files: list[Path], writer: GazetteerWriter, stage: KeyStage,
                            ids: tuple[_Bitmap, _Bitmap], report: BuildReport, show: bool) -> None:
    """Second pass: alternate names of kept places, with languages, flags and from/to. ``ids``:
    the ids kept, and those of every good table row (to count names for ids the table lacks)."""
    kept, seen = ids
    pending: list[tuple] = []  # (place_pk, text, lang, script, flags, from, to, source)

    def flush() -> None:
        nonlocal pending
        _write(writer, stage, report, (), pending)
        pending = []

    preferred, short, colloquial, historic, abbr = (int(NameFlag.PREFERRED), int(NameFlag.SHORT),
                                                    int(NameFlag.COLLOQUIAL), int(NameFlag.HISTORIC),
                                                    int(NameFlag.ABBR))
    lang_ok: dict[str, bool] = {}
    bar = tqdm(desc="alternate names", unit=" rows", disable=not show, mininterval=0.5)
    for f in files:
        bits = kept.bits
        rows_before = report.rows_read
        for numbers, lines, suspect in _lines(f, report, bar if show else None, member_hint="alternateNames"):
            for lineno, line in zip(numbers, lines):
                cols = line.split("\t")
                if len(cols) != ALTNAME_COLUMNS:
                    if lineno == 1 and len(cols) not in (8, ALTNAME_COLUMNS):
                        raise GazetteerError(f"{f}:{lineno}: {len(cols)} tab-separated columns, expected "
                                             f"{ALTNAME_COLUMNS} (alternateNamesV2)")
                    if len(cols) != 8:  # the older alternateNames format has no from/to
                        report.bad("columns", f"{f}:{lineno}")
                        continue
                    cols += ["", ""]
                try:
                    gid = int(cols[1])
                except ValueError:
                    report.bad("number", f"{f}:{lineno}")
                    continue
                if not 0 < gid <= MAX_GEONAMEID:  # a negative one would index the bitmap from its end
                    report.bad("geonameid", f"{f}:{lineno}")
                    continue
                if (gid >> 3) >= len(bits) or not bits[gid >> 3] >> (gid & 7) & 1:  # gid not in kept
                    report.alternate_names_for_other_places += 1
                    report.alternate_names_for_unknown_ids += gid not in seen
                    continue
                lang, text = cols[2], cols[3].strip()
                if not text:
                    report.bad("empty name", f"{f}:{lineno}")
                    continue
                flags = 0
                if lang:
                    ok = lang_ok.get(lang)
                    if ok is None:
                        ok = lang_ok[lang] = lang == "abbr" or (lang not in PSEUDO_LANGUAGES
                                                                and language_tag_problem(lang) is None)
                    if not ok:
                        report.pseudo_language_rows += 1
                        continue
                    if lang == "abbr":
                        lang, flags = "", abbr
                valid_from, valid_to = cols[8].strip(), cols[9].strip()
                problem = _altname_problem(text, line if suspect else None)
                if problem:
                    report.bad(problem, f"{f}:{lineno}")
                    continue
                problem = _dates_problem(valid_from, valid_to)
                if problem:  # the name is kept: it was in use, only when is unreadable
                    report.bad(f"{problem}: name kept without its dates", f"{f}:{lineno}")
                    valid_from = valid_to = ""
                if cols[4] == "1":
                    flags |= preferred
                if cols[5] == "1":
                    flags |= short
                if cols[6] == "1":
                    flags |= colloquial
                if cols[7] == "1":
                    flags |= historic
                pending.append((gid, text, lang or None, infer_script(text), flags, valid_from or None,
                                valid_to or None, "geonames"))
                if len(pending) >= BATCH:
                    flush()
        if report.rows_read == rows_before:  # (it had stood in for the table's column: no alternate names)
            raise GazetteerError(f"no rows in {f} (an empty alternate names file: remove it to use the "
                                 "table's own alternatenames column)")
    flush()
    bar.close()


def _altname_problem(text: str, line: str | None) -> str | None:
    """Why an alternate name cannot be stored, or None: a name no query could match (longer than
    ``gazetteer add`` allows, or with a control character; ``line`` is None where its block has
    none)."""
    if len(text) > MAX_FIELD_CHARS:
        return "name too long"
    if line is not None and CONTROL_CHARACTERS.search(line):
        return "control character"
    return None


def _dates_problem(valid_from: str, valid_to: str) -> str | None:
    """Why an alternate name's from/to cannot be stored, or None: no real YYYY[-MM[-DD]] dates, or
    the wrong way round (codes.dates_inverted)."""
    if (valid_from and date_problem(valid_from)) or (valid_to and date_problem(valid_to)):
        return "date"
    return "date from after to" if dates_inverted(valid_from, valid_to) else None


def _link(writer: GazetteerWriter, linker: Admin1Linker,
          largest: dict[tuple[str, str], list[tuple[int, int, str, list[str]]]],
          admin1_names: dict[str, tuple[str, str]], countries: set[str], report: BuildReport) -> None:
    """admin1 names from admin1CodesASCII for every place, and ISO 3166-2 codes where linked."""
    codes: dict[str, set[str]] = defaultdict(set)
    for code, (name, ascii_name) in admin1_names.items():
        cc, _, a1 = code.partition(".")
        if cc in countries:
            codes[cc].add(a1)
            linker.observe(cc, a1, ascii_name or name, [name], 2.0, own_name=True)
    for (cc, a1), heap in largest.items():
        codes[cc].add(a1)
        for rank, (_, _, name, alts) in enumerate(sorted(heap, reverse=True)):
            linker.observe(cc, a1, name, alts, 1.0 / (rank + 1))
    mapping: dict[str, tuple[str | None, str | None]] = {}
    for cc, a1s in codes.items():
        for a1 in a1s:
            linker.note_admin1(cc, a1)
        links = linker.final_links(cc)
        for a1 in a1s:
            sub = links.get(a1)
            name = admin1_names.get(f"{cc}.{a1}", (None, None))[0]
            shown = display_name(sub.name) if sub else None
            mapping[f"{cc}.{a1}"] = (name or shown, sub.code if sub else None)
        report.admin1_total += len(a1s)
        report.admin1_linked += sum(1 for a1 in a1s if a1 in links)
    writer.update_admin1(mapping)


def _dump_date(path: Path) -> str:
    """The dump's date: the zip member's timestamp (GeoNames writes them daily), else the file's."""
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = zf.infolist()
                if not members:  # (it had been "corrupt or unreadable zip")
                    raise GazetteerError(f"{path}: an empty zip: it holds no GeoNames table")
                y, m, d, *_ = members[0].date_time
                return f"{y:04d}-{m:02d}-{d:02d}"
        return time.strftime("%Y-%m-%d", time.gmtime(path.stat().st_mtime))
    except (OSError, zipfile.BadZipFile):
        raise GazetteerError(f"{path}: corrupt or unreadable zip") from None
