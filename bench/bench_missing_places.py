"""What the matcher answers for places the gazetteer lacks: held out of a copy, then asked for.

    python bench/bench_missing_places.py [--gazetteer FILE] [--n 2000] [--seed 3] [--max-people 5000]
                                         [--errors FORM]

A gazetteer covers a country's towns, not each of its hamlets, and a data column or a news story names
both. The honest answer for a place the gazetteer lacks is none ("no place of this name"), an
ambiguous one, or the best match said to be elsewhere ("no match in <region>; best match elsewhere");
another place of its region, answered as if it were the one, is a wrong answer no reader can tell.
This bench copies the gazetteer into a temporary folder, deletes ``--n`` populated places of fewer
than ``--max-people`` people there (their rows, names and keys; drawn with ``--seed``), and asks for
each as "name, region", "name region" (the gazetteer's own admin1 name) and "name" alone. Every
answer with a place is wrong by construction; they are counted apart by where they lie: in the
region written ("in region": the silent wrong answers the matcher must keep few), elsewhere and said
so, elsewhere without a word (for "name" alone, any place). Before the deletion the same queries are
answered from the full gazetteer, to show that they are answerable (top-1 of the held-out place).
"""
from __future__ import annotations

import argparse
import math
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMS = ("name, region", "name region", "name")
OUTCOMES = ("none", "ambiguous", "elsewhere, said", "in region", "a place")


def draw(path: Path, n: int, max_people: int, rng: random.Random) -> list[tuple]:
    """(row number, id, name, admin1 code, admin1 name, lat, lon) of ``n`` populated places with a
    region."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT pk, id, name, admin1_code, admin1_name, lat, lon FROM places "
                          "WHERE feature_class = 'P' "
                          "AND admin1_name IS NOT NULL AND population < ? ORDER BY pk",
                          (max_people,)).fetchall()
    rng.shuffle(rows)
    return rows[:n]


def hold_out(path: Path, places: list[tuple]) -> None:
    """Delete ``places`` with their names and key rows from the gazetteer file at ``path``. (Its
    sorted fold keys for the fuzzy stage still hold their keys: a block may offer a key that then finds
    nothing, as for a key whose names are all abbreviations.)"""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TEMP TABLE gone(pk INTEGER PRIMARY KEY)")
        db.executemany("INSERT INTO gone VALUES (?)", [(p[0],) for p in places])
        db.execute("CREATE TEMP TABLE gone_names(pk INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO gone_names SELECT pk FROM names WHERE place IN (SELECT pk FROM gone)")
        db.execute("DELETE FROM keys WHERE name IN (SELECT pk FROM gone_names)")
        db.execute("DELETE FROM names WHERE pk IN (SELECT pk FROM gone_names)")
        db.execute("DELETE FROM places WHERE pk IN (SELECT pk FROM gone)")


def queries(places: list[tuple]) -> dict[str, list[str]]:
    return {"name, region": [f"{p[2]}, {p[4]}" for p in places],
            "name region": [f"{p[2]} {p[4]}" for p in places],
            "name": [p[2] for p in places]}


def outcome(res, admin1_code: str, form: str, store) -> str:
    if res.ambiguous:
        return "ambiguous"
    if res.id is None:
        return "none"
    if form == "name":
        return "a place"
    if "best match elsewhere" in (res.reason or ""):
        return "elsewhere, said"
    place = store.place(res.id)
    return "in region" if place is not None and place.admin1_code == admin1_code else "a place"


def _km(lat1: float, lon1: float, lat2: float | None, lon2: float | None) -> float:
    """Great-circle distance (haversine, mean Earth radius); NaN for an answer without coordinates
    (a region: the default's admin areas have none)."""
    if lat2 is None or lon2 is None:
        return math.nan
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gazetteer", help="gazetteer file (default: the embedded default)")
    ap.add_argument("--n", type=int, default=2000, help="places held out")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--max-people", type=int, default=5000, help="hold out places of fewer people")
    ap.add_argument("--errors", choices=FORMS, help="print the wrong answers of a form")
    args = ap.parse_args(argv)

    from gazetteer.errors import GazetteerError
    from normalise import Normaliser, clear_caches
    from normalise.gazetteer_access import open_gazetteer

    try:
        source = open_gazetteer(args.gazetteer).path
    except GazetteerError as exc:
        print(f"bench_missing_places: error: {exc}", file=sys.stderr)
        return 2
    places = draw(source, args.n, args.max_people, random.Random(args.seed))
    asked = queries(places)
    present = Normaliser(str(source))
    print(f"gazetteer {source}; {len(places):,} places of fewer than {args.max_people:,} people held out "
          f"(seed {args.seed})")
    print(f"{'form':<14}{'present':>9} | held out: " + "".join(f"{o:>17}" for o in OUTCOMES)
          + f"{'median score':>14}")
    with tempfile.TemporaryDirectory(prefix="bench-missing-") as tmp:
        copy = Path(tmp) / "held-out.sqlite"
        shutil.copyfile(source, copy)
        hold_out(copy, places)
        clear_caches()
        lacking = Normaliser(str(copy))
        for form in FORMS:
            right = sum(r.id == p[1] for r, p in zip(present.resolve_many(asked[form]), places))
            got = lacking.resolve_many(asked[form])
            seen = [outcome(r, p[3], form, lacking.store) for r, p in zip(got, places)]
            counts = Counter(seen)
            wrong = [r.score for r, o in zip(got, seen) if o in ("in region", "a place")]
            print(f"{form:<14}{right / len(places):>8.1%} | held out: "
                  + "".join(f"{counts[o]:>17,}" for o in OUTCOMES)
                  + f"{statistics.median(wrong) if wrong else 0:>14.2f}")
            if form == args.errors:
                for q, r, p, o in zip(asked[form], got, places, seen):
                    if o in ("in region", "a place"):
                        km = _km(p[5], p[6], r.lat, r.lon)
                        print(f"    {o:9} {q!r}: {r.name} ({r.country}, {r.admin1}) {r.method} {r.score:.2f}, "
                              f"{km:,.0f} km away")
    print("present: top-1 with the place in the gazetteer; held out: every answer with a place is wrong; "
          "'in region': another place of the region written, answered without a word")
    return 0


if __name__ == "__main__":
    sys.exit(main())
