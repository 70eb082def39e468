"""Top-1 accuracy on famous places named in many languages: an independent check of the matcher.

    python bench/bench_world_cities.py [--gazetteer FILE] [--langs en,de,...] [--errors LANGS]

The queries are CLDR's exemplar cities of the time zones (babel: "Kiew", "Kijów", "Київ", "キーウ" for
Europe/Kiev), in every language listed; each is labelled by the tz database's own coordinates and
country for its zone (zone.tab, from the ``tzdata`` package or /usr/share/zoneinfo). Neither the names
nor the labels come from toponorm's dev set or its gazetteer builder, so this measures what the dev set
cannot: how the ranking does on names chosen by someone else.

A query is right when the answer is in the zone's country and either within 60 km of the zone's point
or an area (the zone is named after an island, state or territory: "Bahia", "Aruba"). Each distinct
(name, zone) pair counts once. A label is "absent" when the gazetteer holds no place of that country
within 60 km (Antarctic stations, small islands): those are reported apart, as coverage, not ranking.

The languages are split in two. DEV_LANGS are the ones whose errors were read while tuning the ranking
(26 Nov 2026); the rest are held out: their figure is the blind one. No query language is passed, as
users rarely know it.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEV_LANGS = ("en", "de", "fr", "es", "it", "pl", "uk", "ru")
HELD_OUT_LANGS = ("pt", "nl", "sv", "fi", "cs", "tr", "be", "bg", "sr", "el", "ka", "hy", "kk",
                  "ar", "he", "fa", "hi", "th", "ja", "zh", "ko", "vi")
NEAR_KM = 60.0


def zone_table() -> dict[str, tuple[str, float, float]]:
    """{zone: (country, lat, lon)} from zone.tab (the tzdata package's, else the system's)."""
    text = None
    try:
        from importlib.resources import files
        text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        path = Path("/usr/share/zoneinfo/zone.tab")
        if path.is_file():
            text = path.read_text(encoding="utf-8")
    if text is None:
        raise SystemExit("bench_world_cities: no zone.tab (pip install tzdata)")
    zones = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, where, zone = line.split("\t")[:3]
        m = re.fullmatch(r"([+-]\d+)([+-]\d+)", where)
        if m:
            zones[zone] = (country, _iso6709(m.group(1), 2), _iso6709(m.group(2), 3))
    return zones


def _iso6709(part: str, degree_digits: int) -> float:
    """+DDMM[SS] / +DDDMM[SS] as decimal degrees."""
    sign, digits = (-1 if part[0] == "-" else 1), part[1:]
    value = int(digits[:degree_digits]) + int(digits[degree_digits:degree_digits + 2]) / 60
    if len(digits) > degree_digits + 2:
        value += int(digits[degree_digits + 2:]) / 3600
    return sign * value


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(h))


def queries(langs: list[str], zones: dict) -> list[tuple[str, str, str]]:
    """(language, exemplar city name, zone), each distinct (name, zone) once, first language kept."""
    from babel import Locale

    seen, out = set(), []
    for lang in langs:
        names = Locale.parse(lang).time_zones
        for zone in zones:
            city = names.get(zone, {}).get("city")
            if city is None and lang == "en":  # English names most zones by the zone id itself
                city = zone.rsplit("/", 1)[-1].replace("_", " ")
            if city and (city, zone) not in seen:
                seen.add((city, zone))
                out.append((lang, city, zone))
    return out


def covered(store, country: str, lat: float, lon: float) -> bool:
    """Whether the gazetteer holds a place of ``country`` within NEAR_KM of the point."""
    d = NEAR_KM / 111.0
    rows = store.execute("SELECT lat, lon FROM places WHERE country = ? AND lat BETWEEN ? AND ? "
                         "AND lon BETWEEN ? AND ?", (country, lat - d, lat + d,
                                                     lon - d / max(math.cos(lat * math.pi / 180), 0.05),
                                                     lon + d / max(math.cos(lat * math.pi / 180), 0.05)))
    return any(km(lat, lon, a, b) <= NEAR_KM for a, b in rows if a is not None)


def is_right(res, country: str, lat: float, lon: float) -> bool:
    if res.id is None or res.country != country:
        return False
    if res.feature_class == "A":
        return True
    return res.lat is not None and km(lat, lon, res.lat, res.lon) <= NEAR_KM


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gazetteer", help="gazetteer file (default: the embedded default)")
    ap.add_argument("--langs", help="comma-separated CLDR languages (default: the dev and held-out lists)")
    ap.add_argument("--errors", default="", help="print the wrong answers of these languages "
                    "(comma-separated, or 'dev'); reading the held-out ones spoils their figure")
    args = ap.parse_args(argv)

    from gazetteer.errors import GazetteerError
    from normalise import Normaliser

    langs = args.langs.split(",") if args.langs else [*DEV_LANGS, *HELD_OUT_LANGS]
    show = set(DEV_LANGS) if args.errors == "dev" else set(filter(None, args.errors.split(",")))
    zones = zone_table()
    try:
        norm = Normaliser(args.gazetteer)
    except GazetteerError as exc:
        print(f"bench_world_cities: error: {exc}", file=sys.stderr)
        return 2
    todo = queries(langs, zones)
    t0 = time.perf_counter()
    results = norm.resolve_many([city for _, city, _ in todo])
    elapsed = time.perf_counter() - t0
    total, right, ambiguous, absent = Counter(), Counter(), Counter(), Counter()
    coverage: dict[str, bool] = {}
    wrong = []
    for (lang, city, zone), res in zip(todo, results):
        country, lat, lon = zones[zone]
        if zone not in coverage:
            coverage[zone] = covered(norm.store, country, lat, lon)
        if not coverage[zone]:
            absent[lang] += 1
            continue
        total[lang] += 1
        ok = is_right(res, country, lat, lon)
        right[lang] += ok
        ambiguous[lang] += res.ambiguous
        if not ok and lang in show:
            got = ("AMBIGUOUS " + ", ".join(f"{c.name} ({c.country})" for c in res.candidates[:3])
                   if res.ambiguous else f"{res.name} ({res.country}, {res.id})" if res.id else "-")
            wrong.append(f"  [{lang}] {city!r} ({zone}, {country}): got {got} {res.method or ''} "
                         f"{res.score:.2f}")
    print(f"gazetteer: {norm.store.path}; {len(todo)} distinct (name, zone) queries in {elapsed:.2f} s")
    print(f"{'language':10} {'right':>5} {'total':>5} {'top-1':>7} {'ambiguous':>9} {'absent':>6}")
    for lang in langs:
        if total[lang]:
            print(f"{lang:10} {right[lang]:5d} {total[lang]:5d} {100 * right[lang] / total[lang]:6.1f}% "
                  f"{ambiguous[lang]:9d} {absent[lang]:6d}")
    for label, group in (("dev", DEV_LANGS), ("held-out", HELD_OUT_LANGS), ("all", langs)):
        r = sum(right[g] for g in group if g in langs)
        n = sum(total[g] for g in group if g in langs)
        if n:
            a = sum(ambiguous[g] for g in group if g in langs)
            print(f"{label:10} {r:5d} {n:5d} {100 * r / n:6.1f}% {a:9d} "
                  f"{sum(absent[g] for g in group if g in langs):6d}")
    if wrong:
        print("wrong answers:")
        print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
