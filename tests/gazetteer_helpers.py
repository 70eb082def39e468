"""Helpers for the gazetteer tests: fixture GeoNames dumps zipped at test time."""
from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "geonames"


def zip_one(src: Path, dest: Path, member: str) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(src, member)
    return dest


def make_dump(folder: Path, *, table: str = "allCountries", altnames: bool = True,
              places_text: str | None = None, altnames_text: str | None = None) -> Path:
    """A GeoNames download folder from the hand-written fixtures (optionally with edited text)."""
    folder.mkdir(parents=True, exist_ok=True)
    places = folder / "_places.txt"
    places.write_bytes((places_text.encode("utf-8") if places_text is not None
                        else (FIXTURES / "places.txt").read_bytes()))
    zip_one(places, folder / f"{table}.zip", f"{table}.txt")
    places.unlink()
    if altnames:
        alt = folder / "_alt.txt"
        alt.write_bytes(altnames_text.encode("utf-8") if altnames_text is not None
                        else (FIXTURES / "alternateNamesV2.txt").read_bytes())
        zip_one(alt, folder / "alternateNamesV2.zip", "alternateNamesV2.txt")
        alt.unlink()
    for name in ("admin1CodesASCII.txt", "countryInfo.txt"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def fake_keys(text: str, lang: str | None = None) -> set[tuple[str, str]]:
    """A simple stand-in key function for store-level tests (the real ones are normalise's)."""
    return {("f", text.casefold())}


_UA_DEFAULT: list[Path] = []


@pytest.fixture(scope="session")
def ua_default(tmp_path_factory) -> Path:
    """The embedded default limited to Ukraine (same code path as the full one, ~5 s), built once
    per test session even though several test modules import this fixture."""
    if not _UA_DEFAULT:
        from gazetteer.default import build_default
        from normalise.keys import KEY_VERSION, index_keys

        path = tmp_path_factory.mktemp("default") / "ua.sqlite"
        _UA_DEFAULT.append(build_default(path, index_keys, KEY_VERSION, countries=["UA"]))
    return _UA_DEFAULT[0]


def spoil_page(path: Path, table: str, *, last_leaf: bool = False) -> None:
    """Overwrite the header of ``table``'s root page (every read of the table fails), or of its last
    leaf page (a scan reads the rows before it, then fails): a gazetteer damaged on disk."""
    with sqlite3.connect(path) as db:
        root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * size)
        if last_leaf:
            header = f.read(12)
            assert header[0] == 0x05, "the table should span several pages"
            f.seek((int.from_bytes(header[8:12], "big") - 1) * size)  # the right-most child
        f.write(b"\xff" * 64)
