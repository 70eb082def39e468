"""A small real gazetteer for the document/quotes tests, built once per session from ../shared GeoNames.

cities15000 rows (their alternatenames included: Pokrovsk carries Krasnoarmeysk, Красноармійськ) of
Ukraine and Russia in full, and of France and the US from 100,000 people, plus those four countries
(feature class A) named in English, Ukrainian, Russian and French by babel (CLDR).
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.store import GazetteerWriter
from normalise.keys import KEY_VERSION, index_keys

FULL = {"UA", "RU"}
LARGE_ONLY = {"FR", "US"}


def build(shared: Path, path: Path) -> Path:
    """Write the gazetteer to ``path`` unless it is there already."""
    if path.is_file():
        return path
    from babel import Locale

    geonames = shared / "data" / "geonames"
    with GazetteerWriter(path, index_keys, KEY_VERSION) as w:
        w.add_source("geonames", licence="CC BY 4.0")
        with zipfile.ZipFile(geonames / "cities15000.zip") as z:
            member = next(n for n in z.namelist() if n.endswith(".txt"))
            for line in io.TextIOWrapper(z.open(member), encoding="utf-8"):
                c = line.rstrip("\n").split("\t")
                pop = int(c[14] or 0)
                if not (c[8] in FULL or (c[8] in LARGE_ONLY and pop >= 100_000)):
                    continue
                place = Place(f"geonames:{c[0]}", c[1], c[6], c[7], c[8], f"{c[8]}.{c[10]}", None, None,
                              float(c[4]), float(c[5]), pop, "geonames")
                names = [PlaceName(c[1], flags=NameFlag.OFFICIAL, source="geonames")]
                names += [PlaceName(t, source="geonames") for t in c[3].split(",") if t]
                w.add_place(place, names)
        for line in (geonames / "countryInfo.txt").read_text(encoding="utf-8").splitlines():
            c = line.split("\t")
            if line.startswith("#") or len(c) < 17 or c[0] not in FULL | LARGE_ONLY:
                continue
            names = [PlaceName(c[4], flags=NameFlag.OFFICIAL, source="geonames")]
            names += [PlaceName(Locale(loc).territories[c[0]], loc, source="cldr")
                      for loc in ("en", "uk", "ru", "fr")]
            w.add_place(Place(f"geonames:{c[16]}", c[4], "A", "PCLI", c[0], None, None, None, None, None,
                              int(c[7] or 0), "geonames"), names)
    return path


@pytest.fixture(scope="session")
def docs_gazetteer(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gazetteer file (shared by every test file that imports this fixture)."""
    return build(shared, tmp_path_factory.getbasetemp() / "docs-gazetteer.sqlite")
