"""Top-1 accuracy of the matcher on the labelled dev set, per category.

    python bench/bench_accuracy.py [--gazetteer FILE] [--quick] [--errors]

Runs on the embedded default gazetteer unless --gazetteer is given (built on first use). A row is
right when: expected_id is empty (a non-place) and nothing was chosen; expected_id is AMBIGUOUS and
the result is ambiguous; otherwise the chosen id equals expected_id. Country hints come from the
country_hint column, as_of from as_of; the query's language is NOT passed (users rarely know it).
Targets (issue 3): >= 95% overall, no category below 90%.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEVSET = ROOT / "bench" / "devset" / "toponyms.tsv"


def is_right(row: dict, res) -> bool:
    expected = row["expected_id"]
    if expected == "":
        return res.id is None
    if expected == "AMBIGUOUS":
        return res.ambiguous
    return res.id == expected


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gazetteer", help="gazetteer file (default: the embedded default)")
    ap.add_argument("--devset", default=str(DEVSET))
    ap.add_argument("--quick", action="store_true", help="same rows (the dev set is small); kept for symmetry")
    ap.add_argument("--errors", action="store_true", help="print every wrong row")
    args = ap.parse_args(argv)

    from gazetteer.errors import GazetteerError
    from normalise import Normaliser

    t0 = time.perf_counter()
    try:
        norm = Normaliser(args.gazetteer)
    except GazetteerError as exc:
        print(f"bench_accuracy: error: {exc}", file=sys.stderr)
        return 2
    rows = list(csv.DictReader(open(args.devset, encoding="utf-8"), delimiter="\t"))
    per_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong = []
    t1 = time.perf_counter()
    for row in rows:
        res = norm.resolve(row["query"], country=row["country_hint"] or None, as_of=row["as_of"] or None)
        ok = is_right(row, res)
        per_cat[row["category"]][0] += ok
        per_cat[row["category"]][1] += 1
        if not ok:
            got = "AMBIGUOUS" if res.ambiguous else (f"{res.id} {res.name} ({res.country})" if res.id else "-")
            wrong.append(f"  [{row['category']}] {row['query']!r} hint={row['country_hint'] or '-'}: "
                         f"expected {row['expected_id'] or '-'} {row['expected_name']}, got {got} "
                         f"{res.method or ''} {res.score:.2f} {res.reason or ''}")
    t2 = time.perf_counter()
    print(f"gazetteer: {norm.store.path}  (open {t1 - t0:.2f} s; {len(rows)} queries in {t2 - t1:.2f} s)")
    print(f"{'category':16} {'right':>5} {'total':>5} {'top-1':>7}")
    right = total = 0
    worst = 1.0
    for cat in sorted(per_cat):
        r, n = per_cat[cat]
        right, total = right + r, total + n
        worst = min(worst, r / n)
        print(f"{cat:16} {r:5d} {n:5d} {100 * r / n:6.1f}%")
    print(f"{'overall':16} {right:5d} {total:5d} {100 * right / total:6.1f}%   "
          f"(targets: >= 95% overall, every category >= 90%; worst category {100 * worst:.1f}%)")
    if args.errors and wrong:
        print("wrong rows:")
        print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
