"""Benchmark find_quotes: speed (chars/s, 5 MB document) and a quick recall check on PolNeAR dev.

    python bench/bench_quotemarks.py [--quick] [--shared ../shared]

Speed is the median of several runs, reported with the ratio to a naive regex baseline (“…” and "…"
only) timed in the same run. Recall: of the gold Content spans (one annotator per article, the first
.ann by name) that contain a double quotation mark, how many a found quote overlaps by at least half
of the shorter of the two (the issue's matching rule) -- for find_quotes and for the baseline.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from normalise.quotes import find_quotes  # noqa: E402

NAIVE_RE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")
DOUBLE_MARKS = re.compile("[\"“”«»„]")


def naive_quotes(text: str) -> list[tuple[int, int]]:
    """The baseline: curly and straight double quotes paired by a regex, within a line."""
    return [(m.start(), m.end()) for m in NAIVE_RE.finditer(text)]


def found_spans(text: str) -> list[tuple[int, int]]:
    return [(q.open_start, q.close_end) for q in find_quotes(text, "en")]


def gold_contents(ann_dir: Path, name: str) -> list[tuple[int, int]]:
    """Content spans of the first annotator's .ann for an article (discontinuous spans: outer bounds)."""
    anns = sorted(ann_dir.glob(f"{name}_*.ann"))
    spans = []
    if not anns:
        return spans
    for line in anns[0].read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("T") and parts[1].startswith("Content "):
            nums = [int(x) for x in re.findall(r"\d+", parts[1][len("Content "):])]
            if nums:
                spans.append((min(nums), max(nums)))
    return spans


def overlaps_enough(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and inter * 2 >= shorter


def recall(docs: list[tuple[str, list[tuple[int, int]]]], finder) -> tuple[int, int, int]:
    """(covered, gold with a double quote mark, found spans overlapping no gold Content at all)."""
    covered = total = stray = 0
    for text, gold in docs:
        found = finder(text)
        quoted = [g for g in gold if DOUBLE_MARKS.search(text, g[0], g[1])]
        total += len(quoted)
        covered += sum(any(overlaps_enough(g, f) for f in found) for g in quoted)
        stray += sum(not any(min(f[1], g[1]) > max(f[0], g[0]) for g in gold) for f in found)
    return covered, total, stray


def timed(fn, arg, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats, 1 MB instead of 5 MB")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    dev = args.shared / "data" / "polnear" / "dev"
    if not (dev / "text").is_dir():
        sys.exit(f"bench_quotemarks: error: no PolNeAR dev texts under {dev}")
    repeats = 3 if args.quick else 7
    names = sorted(p.stem for p in (dev / "text").glob("*.txt"))
    docs = [((dev / "text" / f"{n}.txt").read_text(encoding="utf-8"), gold_contents(dev / "attributions", n))
            for n in names]
    corpus_chars = sum(len(t) for t, _ in docs)
    print(f"PolNeAR dev: {len(docs)} articles, {corpus_chars:,} chars (timings on a shared, loaded machine)")

    def run_all(finder):
        return lambda _: [finder(t) for t, _g in docs]

    t_fq = timed(run_all(found_spans), None, repeats)
    t_naive = timed(run_all(naive_quotes), None, repeats)
    print(f"speed  find_quotes {corpus_chars / t_fq / 1e6:7.2f} M chars/s  median {t_fq * 1000:7.1f} ms"
          f"  | naive regex {corpus_chars / t_naive / 1e6:7.2f} M chars/s  ratio {t_fq / t_naive:5.1f}x slower")

    size = (1 if args.quick else 5) * 1_000_000
    big = "\n\n".join(t for t, _ in docs)
    big = (big * (size // len(big) + 1))[:size]
    t_big = timed(lambda s: find_quotes(s, "en"), big, max(1, repeats // 2))
    t_big_naive = timed(naive_quotes, big, max(1, repeats // 2))
    print(f"big    {len(big) / 1e6:.0f} MB news text: find_quotes median {t_big:6.3f} s  "
          f"| naive regex {t_big_naive:6.3f} s  ratio {t_big / t_big_naive:5.1f}x")
    marks = ("“”\"'«» „‚‘’a\n" * (size // 20 + 1))[: size // 5]
    t_marks = timed(lambda s: find_quotes(s), marks, 1)
    print(f"worst  {len(marks) / 1e6:.1f} MB of nothing but marks: find_quotes {t_marks:6.3f} s")

    for label, finder in (("find_quotes", found_spans), ("naive regex", naive_quotes)):
        covered, total, stray = recall(docs, finder)
        print(f"recall {label:12s} {covered}/{total} gold Content spans with a double quote mark covered "
              f"= {covered / max(total, 1):.1%}; found spans overlapping no gold Content: {stray}")


if __name__ == "__main__":
    main()
