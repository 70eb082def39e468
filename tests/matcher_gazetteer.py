"""A small real gazetteer for the matcher tests, built once per session from ../shared GeoNames data.

cities15000.zip (19-column GeoNames rows, their alternatenames column included) for UA, RU, BY, GE,
GR, PL in full and every other country's places of 50,000+ people; GeoNames admin1 names; country
places named in several languages by babel (CLDR); plus the hand-written alternateNamesV2-format
rows in tests/fixtures/matcher (dated historic names such as Красноармейск, until 2016).
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from gazetteer.model import NameFlag, Place, PlaceName
from gazetteer.store import GazetteerWriter
from normalise.keys import KEY_VERSION, index_keys

FIXTURES = Path(__file__).parent / "fixtures" / "matcher"
FULL_COUNTRIES = {"UA", "RU", "BY", "GE", "GR", "PL"}
MIN_POPULATION_ELSEWHERE = 50_000
COUNTRY_NAME_LOCALES = ("en", "uk", "ru", "de", "fr", "pl")


def _alternate_names() -> dict[str, list[PlaceName]]:
    out: dict[str, list[PlaceName]] = {}
    for line in (FIXTURES / "alternate_names.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        _, gid, lang, text, pref, short, colloq, hist, start, end = line.split("\t")
        flags = NameFlag.NONE
        for value, flag in ((pref, NameFlag.PREFERRED), (short, NameFlag.SHORT),
                            (colloq, NameFlag.COLLOQUIAL), (hist, NameFlag.HISTORIC)):
            if value == "1":
                flags |= flag
        out.setdefault(gid, []).append(PlaceName(text, lang or None, None, flags, start or None,
                                                 end or None, "fixture"))
    return out


def build(shared: Path, path: Path) -> Path:
    """Write the test gazetteer to ``path`` (skipped when it is already there)."""
    if path.is_file():
        return path
    from babel import Locale

    geonames = shared / "data" / "geonames"
    admin1 = {}
    for line in (geonames / "admin1Codes.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name, *_ = line.split("\t")
            admin1[code] = name
    extra = _alternate_names()
    with GazetteerWriter(path, index_keys, KEY_VERSION, key_runs=True) as w:
        with zipfile.ZipFile(geonames / "cities15000.zip") as z:
            member = next(n for n in z.namelist() if n.endswith(".txt"))
            for line in io.TextIOWrapper(z.open(member), encoding="utf-8"):
                c = line.rstrip("\n").split("\t")
                pop = int(c[14] or 0)
                if c[8] not in FULL_COUNTRIES and pop < MIN_POPULATION_ELSEWHERE:
                    continue
                a1 = f"{c[8]}.{c[10]}"
                place = Place(id=f"geonames:{c[0]}", name=c[1], feature_class=c[6],
                              feature_code=c[7], country=c[8], admin1_code=a1,
                              admin1_name=admin1.get(a1), lat=float(c[4]), lon=float(c[5]),
                              population=pop, source="geonames")
                names = [PlaceName(c[1], flags=NameFlag.OFFICIAL)]
                names += [PlaceName(t) for t in c[3].split(",") if t]
                names += extra.get(c[0], [])
                w.add_place(place, names)
        for line in (geonames / "countryInfo.txt").read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            c = line.split("\t")
            iso, name, pop, gid = c[0], c[4], int(c[7] or 0), c[16]
            if iso not in FULL_COUNTRIES | {"US", "DE", "GB", "IN", "FR"} or not gid:
                continue
            names = [PlaceName(name, flags=NameFlag.OFFICIAL)]
            for loc in COUNTRY_NAME_LOCALES:
                local = Locale(loc).territories.get(iso)
                if local:
                    names.append(PlaceName(local, loc, None, NameFlag.PREFERRED))
            w.add_place(Place(id=f"geonames:{gid}", name=name, feature_class="A", feature_code="PCLI",
                              country=iso, population=pop, source="geonames"), names)
    return path
