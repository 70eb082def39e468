"""Countries as data publishers list them: each name read as a place and as a country hint.

    python bench/bench_country_lists.py [--gazetteer FILE] [--errors]

bench/devset/country_lists.tsv holds the World Bank's 216 economies as its World Development
Indicators name them ("Congo, Dem. Rep.", "Korea, Rep.", "Lao PDR", "Gambia, The", "Venezuela, RB")
and the IMF World Economic Outlook's names where they differ ("Lao P.D.R.", "Taiwan Province of
China", "Congo, Democratic Republic of the"), written from the publishers' lists as of 2024, each with
its ISO 3166-1 code. A name is right as a place when the answer is an area (feature class A) of that
country; as a hint (``Normaliser.country_code``, what --country-column does with a cell) when it gives
that code. The World Bank's "Channel Islands" has no ISO code and is left out.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LISTS = ROOT / "bench" / "devset" / "country_lists.tsv"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gazetteer", help="gazetteer file (default: the embedded default)")
    ap.add_argument("--errors", action="store_true", help="print every name read wrong")
    args = ap.parse_args(argv)
    from normalise import Normaliser

    norm = Normaliser(args.gazetteer)
    with open(LISTS, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        name, want = row["name"], row["expected_country"]
        res = norm.resolve(name)
        as_place = res.id is not None and res.feature_class == "A" and res.country == want
        as_hint = norm.country_code(name) == want
        c = counts[row["list"]]
        c[0] += 1
        c[1] += as_place
        c[2] += as_hint
        if args.errors and not (as_place and as_hint):
            print(f"  {row['list']:<10} {name!r:<40} want {want}: place {res.id} {res.name} ({res.country}, "
                  f"{res.feature_class}) {res.reason or ''}; hint {norm.country_code(name)}")
    print(f"{'list':<12}{'names':>7}{'as a place':>14}{'as a hint':>14}")
    for name, (n, place, hint) in counts.items():
        print(f"{name:<12}{n:>7}{place:>7} {place / n:>5.1%}{hint:>7} {hint / n:>5.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
