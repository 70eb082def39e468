"""Benchmark `toponorm table` end to end: rows/s and peak RSS, beside the plain-CSV I/O floor.

Each run is a fresh subprocess (so start-up, gazetteer opening and the per-distinct-value
resolution all count); its peak RSS comes from ``os.wait4``'s rusage of that very child. The
baseline, measured in the same run on the same file, is a plain ``csv`` read and write of the
rows with 11 empty columns appended: the I/O floor no resolver can beat. A third measure,
engine-only, runs the same table job with a matcher that answers instantly: the difference to
`toponorm` is the matcher's time on the distinct values.

    python bench/bench_table.py            # the 1,000,000-row file (generated once into bench/out/)
    python bench/bench_table.py --quick    # 100,000 rows, 1 repeat
    python bench/bench_table.py --jobs 4   # resolve in 4 worker processes (peak RSS: the parent's)
The answers of the last toponorm run are scored against the generator's labels (the place each
value was drawn from): top-1 of rows and of distinct (place, country) pairs.
Targets (issue 3): >= 200,000 rows/s end to end and peak RSS <= 500 MB on the 1M-row file.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_table import DEFAULT_DIR, generate, label_key, labels_path  # noqa: E402

IO_FLOOR = r"""
import csv, sys
csv.field_size_limit(64 << 20)
with open(sys.argv[1], newline="", encoding="utf-8") as src, \
        open(sys.argv[2], "w", newline="", encoding="utf-8") as dst:
    reader, writer = csv.reader(src), csv.writer(dst, lineterminator="\n")
    pad = [""] * 11
    for row in reader:
        writer.writerow(row + pad)
"""

# The table engine alone: the same job with a matcher that answers instantly, to split the
# end-to-end time into the engine's share (reading, caching, writing) and the matcher's.
ENGINE_ONLY = r"""
import sys
from normalise.resolution import Resolution
from normalise.table import normalise_table

class Instant:
    def resolve_many(self, names, *, countries=None, **kw):
        return [Resolution(n, id="bench:1", name=n, country=c, lat=0.0, lon=0.0, score=1.0,
                           method="exact") for n, c in zip(names, countries or [None] * len(names))]

normalise_table(sys.argv[1], sys.argv[2], column="place", country_column="country",
                normaliser=Instant())
"""

TARGET_ROWS_PER_S = 200_000
TARGET_RSS_MB = 500


# Runs the measured command and reports its rusage. Why a launcher: a child's peak RSS (ru_maxrss)
# counts what it held before exec, i.e. a copy of its forking parent; this small process forks the
# command instead of the bench, which may hold a large generated table or a gazetteer in memory.
LAUNCHER = r"""
import os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, usage.ru_utime + usage.ru_stime,
      time.perf_counter() - t0, file=sys.stderr)
"""


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, float, int, str, float]:
    """(wall seconds, peak RSS in MB, exit code, stderr, CPU seconds) of one child process.

    CPU seconds (user + system, from the same rusage) are printed beside wall time: on a shared
    machine the wall time of one run can double with other people's jobs, its CPU time much less.
    The child is started and timed by LAUNCHER, so its peak RSS is its own, whatever the bench holds.
    """
    proc = subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env)
    err, _, last = proc.stderr.decode(errors="replace").rstrip("\n").rpartition("\n")
    code, maxrss_kb, cpu, wall = last.split()
    return float(wall), int(maxrss_kb) / 1024, int(code), err, float(cpu)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100,000 rows, one repeat")
    ap.add_argument("--rows", type=int, help="rows in the generated file (default 1,000,000)")
    ap.add_argument("--repeat", type=int, help="runs per measurement (median reported)")
    ap.add_argument("--gazetteer", help="gazetteer file (default: the built-in default)")
    ap.add_argument("--chunk-size", type=int, default=None)
    ap.add_argument("--jobs", type=int, default=1, help="toponorm table --jobs (worker processes)")
    args = ap.parse_args(argv)
    rows = args.rows or (100_000 if args.quick else 1_000_000)
    repeat = args.repeat or (1 if args.quick else 3)

    table = DEFAULT_DIR / f"table-{rows}.csv"
    if not (table.is_file() and labels_path(table).is_file()):  # (tables generated before 29 Nov 2026
        # had no labels beside them: generated again, the same rows)
        print(f"generating {table} ...", file=sys.stderr)
        generate(table, rows)
    size_mb = table.stat().st_size / 1e6
    toponorm = [sys.executable, "-c", "import cli; cli.main()", "table"]
    gaz = ["--gazetteer", args.gazetteer] if args.gazetteer else []
    chunk = ["--chunk-size", str(args.chunk_size)] if args.chunk_size else []
    chunk += ["--jobs", str(args.jobs)] if args.jobs > 1 else []

    # Build (or check) the gazetteer first: a one-off cost, not the job's.
    warm = subprocess.run([sys.executable, "-c", "import sys; from normalise.gazetteer_access import "
                           "open_gazetteer; open_gazetteer(sys.argv[1] if len(sys.argv) > 1 else "
                           "None, progress=True)", *([args.gazetteer] if args.gazetteer else [])],
                          stdout=subprocess.DEVNULL)
    if warm.returncode != 0:
        return 1

    print(f"bench_table: {rows:,} rows ({size_mb:.1f} MB), {repeat} run(s) each, --jobs {args.jobs}, "
          f"{os.cpu_count()} CPUs; the machine may be shared, so timings are under load")
    results: dict[str, list[tuple[float, float, float]]] = {"io-floor": [], "engine-only": [],
                                                            "toponorm": []}
    summary = {}
    with tempfile.TemporaryDirectory(prefix="bench-table-") as tmp:
        out, summary_path = Path(tmp) / "out.csv", Path(tmp) / "summary.json"
        for _ in range(repeat):
            wall, rss, rc, err, cpu = measure([sys.executable, "-c", IO_FLOOR, str(table), str(out)])
            assert rc == 0, err
            results["io-floor"].append((wall, rss, cpu))
            wall, rss, rc, err, cpu = measure([sys.executable, "-c", ENGINE_ONLY, str(table),
                                               str(out)])
            assert rc == 0, err
            results["engine-only"].append((wall, rss, cpu))
            wall, rss, rc, err, cpu = measure([*toponorm, str(table), "-c", "place", "--country-column",
                                          "country", "-o", str(out), "-q", "--summary-json",
                                          str(summary_path), *gaz, *chunk])
            if rc != 0:
                print(f"toponorm table failed: {err.strip()}", file=sys.stderr)
                return 1
            results["toponorm"].append((wall, rss, cpu))
            summary = json.loads(summary_path.read_text())
        right = top1(out, json.loads(labels_path(table).read_text(encoding="utf-8")))

    med = {k: (statistics.median(w for w, _, _ in v), max(r for _, r, _ in v),
               statistics.median(c for _, _, c in v)) for k, v in results.items()}
    floor_s, floor_cpu = med["io-floor"][0], med["io-floor"][2]
    print(f"{'measure':<12}{'median s':>10}{'rows/s':>12}{'peak RSS MB':>13}{'x floor':>9}"
          f"{'CPU s':>8}{'rows/CPU s':>12}{'x floor CPU':>13}")
    for name, (wall, rss, cpu) in med.items():
        print(f"{name:<12}{wall:>10.2f}{rows / wall:>12,.0f}{rss:>13.0f}{wall / floor_s:>9.2f}"
              f"{cpu:>8.2f}{rows / cpu:>12,.0f}{cpu / floor_cpu:>13.2f}")
    s = summary
    print(f"distinct values {s['distinct']:,}, matcher lookups {s['lookups']:,}; "
          f"resolved {s['resolved'] / s['rows']:.1%}, ambiguous {s['ambiguous'] / s['rows']:.1%}, "
          f"unresolved {s['unresolved'] / s['rows']:.1%}; by method {s['by_method']}")
    print(f"top-1 right (the place each row was drawn from; ambiguous and unresolved count as wrong): "
          f"{right['rows']:.1%} of rows, {right['distinct']:.1%} of distinct (place, country) pairs")
    rate, rss = rows / med["toponorm"][0], med["toponorm"][1]
    print(f"targets: {rate:,.0f} rows/s vs >= {TARGET_ROWS_PER_S:,}: "
          f"{'met' if rate >= TARGET_ROWS_PER_S else 'NOT met'}; peak RSS {rss:.0f} MB vs <= "
          f"{TARGET_RSS_MB}: {'met' if rss <= TARGET_RSS_MB else 'NOT met'}"
          + ("" if rows >= 1_000_000 else " (targets are for the 1M-row file)"))
    return 0


def top1(output: Path, labels: dict[str, list[str]]) -> dict[str, float]:
    """The share of rows, and of distinct (place, country) pairs, whose place_id is a place the
    generator drew that value from (gen_table's labels)."""
    import csv

    csv.field_size_limit(64 << 20)
    rows = right_rows = 0
    pairs: dict[str, bool] = {}
    with open(output, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = label_key(row["place"], row["country"])
            ok = row["place_id"] in labels.get(key, ())
            rows += 1
            right_rows += ok
            pairs[key] = ok
    return {"rows": right_rows / max(rows, 1), "distinct": sum(pairs.values()) / max(len(pairs), 1)}


if __name__ == "__main__":
    sys.exit(main())
