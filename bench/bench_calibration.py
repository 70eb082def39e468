"""What a score means: the share of answers that are right, by score, on labels toponorm did not write.

    python bench/bench_calibration.py [--gazetteer FILE] [--n 5000] [--seed 7]

A resolution's ``score`` is a ranking score, not a probability: the base of its method (exact 1.0,
variant 0.95, translit 0.9, fuzzy 0.85) times the similarity of a loose match, lowered where a runner-up
of similar standing was close, for a former name, or for a match outside the hinted region or country.
What users need to know is how far to trust an answer of a given score, and which ``--min-score``
keeps most right answers and drops most wrong ones. This bench measures it on three sources of labels:

- **world**: CLDR's exemplar city names in 30 languages, labelled by the tz database (see
  bench_world_cities.py): right = in the zone's country, within 60 km or an area. Famous places,
  written by people, in every script.
- **news**: PolNeAR dev's place mentions (bench_news_places.py), each labelled text weighted by its
  mentions: place names as news copy writes them. Needs ../shared (skipped where absent).
- **cities500 exact / variant / fuzzy**: bench_matcher.py's generated queries (a name as is; decorated,
  unaccented or romanised otherwise; one typo), labelled by the place each was drawn from. Most are
  villages, drawn uniformly, so a name shared with a bigger place ("San Jose") counts wrong when the
  bigger one is answered: a floor on precision, not a measure of it.

Only answered queries count (an ambiguous or unresolved one chose nothing). For each source: the
precision of the answers in each score band, and, for thresholds, the precision and the share of its
answers (and of its right answers) that ``--min-score`` would keep. Nothing here is tuned: it reports.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

BANDS = (0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.0)
"""Lower edges of the score bands, highest first (each band runs up to the one above it)."""
THRESHOLDS = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)

Answer = tuple[float, str, bool]
"""(score, method, right) of one answered query."""


def world_answers(norm) -> list[Answer]:
    import bench_world_cities as world

    zones = world.zone_table()
    todo = world.queries([*world.DEV_LANGS, *world.HELD_OUT_LANGS], zones)
    covered: dict[str, bool] = {}
    out = []
    for (_, _, zone), res in zip(todo, norm.resolve_many([city for _, city, _ in todo])):
        country, lat, lon = zones[zone]
        if zone not in covered:
            covered[zone] = world.covered(norm.store, country, lat, lon)
        if covered[zone] and res.id:
            out.append((res.score, res.method, world.is_right(res, country, lat, lon)))
    return out


def news_answers(norm) -> list[Answer] | None:
    import bench_news_places as news

    split = news.POLNEAR / "dev"
    if not (split / "conllu").is_dir():
        return None
    counts = news.place_mentions(split)
    labels = news.load_labels()
    texts = list(labels)
    out = []
    for text, res in zip(texts, norm.resolve_many(texts)):
        if res.id:
            out.extend([(res.score, res.method, news.is_right(labels[text], res))] * counts.get(text, 1))
    return out


def generated_answers(norm, n: int, seed: int) -> dict[str, list[Answer]]:
    import bench_matcher as matcher

    sets = matcher.make_queries(matcher._cities(), n, random.Random(seed))
    out = {}
    for name, pairs in sets.items():
        results = norm.resolve_many([query for query, _ in pairs])
        out[f"cities500 {name}"] = [(res.score, res.method, res.id == expected)
                                    for (_, expected), res in zip(pairs, results) if res.id]
    return out


def _precision(answers: list[Answer]) -> str:
    return f"{100 * sum(right for _, _, right in answers) / len(answers):5.1f}%" if answers else "    -"


def report(source: str, answers: list[Answer]) -> list[str]:
    """The lines for one source: precision by band and by method, then what each threshold keeps."""
    right = sum(r for _, _, r in answers)
    lines = [f"== {source}: {len(answers)} answers, {_precision(answers)} right"]
    lines.append(f"  {'score band':12} {'answers':>7} {'right':>6}  methods")
    upper = None
    for low in BANDS:
        band = [a for a in answers if a[0] >= low and (upper is None or a[0] < upper)]
        if band:
            methods = Counter(m for _, m, _ in band)
            label = f"{low:.2f}-{upper:.2f}" if upper is not None else f">= {low:.2f}"
            lines.append(f"  {label:12} {len(band):7d} {_precision(band)}  "
                         + ", ".join(f"{m} {k}" for m, k in methods.most_common()))
        upper = low
    for method in ("exact", "variant", "translit", "fuzzy"):
        some = [a for a in answers if a[1] == method]
        if some:
            mean = sum(s for s, _, _ in some) / len(some)
            lines.append(f"  method {method:8} {len(some):7d} {_precision(some)}  mean score {mean:.2f}")
    lines.append(f"  {'--min-score':12} {'kept':>7} {'right':>6}  {'right answers kept':>18}")
    for t in THRESHOLDS:
        kept = [a for a in answers if a[0] >= t]
        share = 100 * sum(r for _, _, r in kept) / right if right else 0.0
        lines.append(f"  {t:<12.2f} {100 * len(kept) / len(answers):6.1f}% {_precision(kept)}  {share:17.1f}%")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gazetteer", help="gazetteer file (default: the embedded default)")
    ap.add_argument("--n", type=int, default=5000, help="generated queries per cities500 set")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    from gazetteer.errors import GazetteerError
    from normalise import Normaliser

    try:
        norm = Normaliser(args.gazetteer)
    except GazetteerError as exc:
        print(f"bench_calibration: error: {exc}", file=sys.stderr)
        return 2
    print(f"gazetteer: {norm.store.path}")
    sources: dict[str, list[Answer]] = {"world (CLDR cities, 30 languages)": world_answers(norm)}
    news = news_answers(norm)
    if news is None:
        print("news: ../shared/data/polnear not found; skipped")
    else:
        sources["news (PolNeAR dev mentions)"] = news
    sources.update(generated_answers(norm, args.n, args.seed))
    for source, answers in sources.items():
        if answers:
            print("\n".join(report(source, answers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
