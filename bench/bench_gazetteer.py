"""Benchmark of the gazetteer builds: the GeoNames importer on a synthetic dump, and the default.

    python bench/bench_gazetteer.py [--quick] [--places N] [--altnames N] [--repeats R] [--skip-default]

Generates, in a temporary folder, a GeoNames dump of the real files' shape (allCountries.zip with
19 columns, alternateNamesV2.zip with 10, admin1CodesASCII.txt, countryInfo.txt; names of realistic
lengths in Latin, Cyrillic, Arabic, CJK and kana; pseudo-language rows; flags and dates), then
times, each build in a child process (peak RSS of the largest process from
getrusage(RUSAGE_CHILDREN), and the peak PSS of the child and its key worker together, sampled
from /proc every 0.2 s: the memory target is for all of an import's processes):
  - baseline: reading the same zips line by line and splitting the columns (the I/O floor);
  - import with a trivial key function (the importer and store alone);
  - import with the normaliser's real keys (what users run);
  - the embedded default build (time, CPU time, size on disk).
Prints medians over --repeats and ratios against the baseline of the same run. Targets:
>= 100k input rows/s, peak RSS <= 1 GB, default build <= 60 s on 2 cores, <= 200 MB.
Timings on a shared machine include other people's load: compare ratios, and CPU seconds.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COUNTRIES = ["UA", "RU", "US", "DE", "FR", "CN", "JP", "IN", "BR", "EG", "PL", "IT", "ES", "TR",
             "IR", "MX", "NG", "ID", "PK", "KZ", "BY", "GB", "CA", "AU", "AR", "ZA", "KE", "SE"]
LATIN = ["ka", "ra", "no", "vo", "ski", "pol", "grad", "mir", "sk", "burg", "ton", "ville", "ber",
         "lin", "dor", "an", "el", "ma", "ri", "to", "sha", "kh", "iv", "ov", "ek", "ino", "ye", "za"]
CYR = str.maketrans("abcdeghiklmnoprstuvyz", "абцдегхіклмнопрстувиз")
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
CJK = [chr(c) for c in range(0x4E00, 0x4E00 + 800)]
KANA = [chr(c) for c in range(0x30A2, 0x30F3)]
LANGS = (["en"] * 12 + ["ru"] * 8 + ["uk"] * 4 + ["de"] * 5 + ["fr"] * 5 + ["es"] * 3 + ["zh"] * 3
         + ["ja"] * 3 + ["ar"] * 3 + [""] * 20 + ["link"] * 10 + ["wkdt"] * 4 + ["post"] * 3
         + ["iata", "icao", "unlc", "abbr", "fr_1793"])
FCLASS = ["P"] * 12 + ["A", "H", "H", "T", "T", "S", "S", "L", "V", "R"]


def _latin(rng: random.Random) -> str:
    word = "".join(rng.choice(LATIN) for _ in range(rng.choice((2, 3, 3, 4))))
    name = word.capitalize()
    if rng.random() < 0.15:
        name += " " + "".join(rng.choice(LATIN) for _ in range(2)).capitalize()
    return name


def _in_script(rng: random.Random, lang: str, base: str) -> str:
    if lang in ("ru", "uk"):
        return base.lower().translate(CYR).capitalize()
    if lang == "ar":
        return "".join(rng.choice(ARABIC) for _ in range(rng.randint(4, 10)))
    if lang == "zh":
        return "".join(rng.choice(CJK) for _ in range(rng.randint(2, 4)))
    if lang == "ja":
        return "".join(rng.choice(KANA) for _ in range(rng.randint(3, 8)))
    if lang == "link":
        return f"https://en.wikipedia.org/wiki/{base.replace(' ', '_')}"
    if lang == "wkdt":
        return f"Q{rng.randint(1, 99_999_999)}"
    if lang in ("post", "iata", "icao", "unlc", "abbr"):
        return base[:3].upper() + str(rng.randint(0, 999))
    return base + rng.choice(("", "", "a", "e", "o", "en"))


def make_dump(folder: Path, places: int, altnames: int, seed: int = 7) -> None:
    """Write the synthetic dump (streamed into the zips, no big strings in memory)."""
    rng = random.Random(seed)
    bases: list[str] = []
    with zipfile.ZipFile(folder / "allCountries.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("allCountries.txt", "w") as raw:
            buf = []
            for gid in range(1, places + 1):
                name = _latin(rng)
                if len(bases) < 200_000:
                    bases.append(name)
                cc = rng.choice(COUNTRIES)
                fclass = rng.choice(FCLASS)
                pop = int(rng.paretovariate(1.2) * 200) if fclass == "P" and rng.random() < 0.6 else 0
                alts = ",".join(_latin(rng) for _ in range(rng.choice((0, 0, 1, 2, 5))))
                buf.append("\t".join((str(gid), name, name, alts, f"{rng.uniform(-60, 70):.5f}",
                                      f"{rng.uniform(-180, 180):.5f}", fclass, "PPL" if fclass == "P" else "X",
                                      cc, "", f"{rng.randint(1, 30):02d}", "", "", "", str(pop), "",
                                      str(rng.randint(0, 900)), "Europe/Kyiv", "2025-11-19")))
                if len(buf) >= 10_000:
                    raw.write(("\n".join(buf) + "\n").encode("utf-8"))
                    buf.clear()
            raw.write(("\n".join(buf) + "\n").encode("utf-8") if buf else b"")
    with zipfile.ZipFile(folder / "alternateNamesV2.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("alternateNamesV2.txt", "w") as raw:
            buf = []
            for aid in range(1, altnames + 1):
                gid = rng.randint(1, places)
                lang = rng.choice(LANGS)
                text = _in_script(rng, lang, bases[gid % len(bases)])
                historic = rng.random() < 0.05
                buf.append("\t".join((str(aid), str(gid), lang, text, "1" if rng.random() < 0.1 else "",
                                      "1" if rng.random() < 0.05 else "", "1" if rng.random() < 0.02 else "",
                                      "1" if historic else "", "", str(rng.randint(1900, 2024)) if historic else "")))
                if len(buf) >= 10_000:
                    raw.write(("\n".join(buf) + "\n").encode("utf-8"))
                    buf.clear()
            raw.write(("\n".join(buf) + "\n").encode("utf-8") if buf else b"")
    with open(folder / "admin1CodesASCII.txt", "w", encoding="utf-8") as fh:
        for cc in COUNTRIES:
            for a in range(1, 31):
                fh.write(f"{cc}.{a:02d}\tRegion {a}\tRegion {a}\t{a}\n")
    with open(folder / "countryInfo.txt", "w", encoding="utf-8") as fh:
        fh.write("#ISO\tISO3\tISO-Numeric\tfips\tCountry\n")
        for i, cc in enumerate(COUNTRIES):
            fh.write("\t".join([cc, cc + "X", str(i), cc, f"Country {cc}", "", "0", "0", "EU", "", "", "",
                                "", "", "", "", str(10_000_000 + i), "", ""]) + "\n")


CHILD_IMPORT = """
import sys, time
from gazetteer.geonames import build_from_geonames
if sys.argv[3] == "trivial":
    keys, version = (lambda t, l=None: [("f", t.casefold())]), "bench"
else:
    from normalise.keys import index_keys as keys, KEY_VERSION as version
t = time.perf_counter()
r = build_from_geonames(sys.argv[1], sys.argv[2], keys, version)
print(r.rows_read, r.places, r.names, time.perf_counter() - t)
"""

CHILD_BASELINE = """
import sys, time, zipfile, io
t = time.perf_counter(); rows = 0
for name in ("allCountries", "alternateNamesV2"):
    with zipfile.ZipFile(f"{sys.argv[1]}/{name}.zip") as zf, zf.open(name + ".txt") as fh:
        for line in io.TextIOWrapper(fh, encoding="utf-8"):
            line.rstrip("\\n").split("\\t"); rows += 1
print(rows, 0, 0, time.perf_counter() - t)
"""

CHILD_DEFAULT = """
import sys, time
from gazetteer.default import build_default
from normalise.keys import index_keys, KEY_VERSION
t = time.perf_counter()
build_default(sys.argv[1], index_keys, KEY_VERSION)
print(0, 0, 0, time.perf_counter() - t)
"""


def _tree_pss_kb(root: int) -> int:
    """Proportional set size (kB) of ``root`` and all its descendants (Linux /proc; 0 elsewhere).
    PSS, not RSS: a forked worker shares its parent's pages, and RSS would count them twice."""
    try:
        parents = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        tree, grew = {root}, True
        while grew:
            grew = False
            for pid, ppid in parents.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    grew = True
        total = 0
        for pid in tree:
            try:
                with open(f"/proc/{pid}/smaps_rollup") as fh:
                    total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
            except (OSError, StopIteration, ValueError):
                continue
        return total
    except OSError:
        return 0


def run_child(code: str, *args: str) -> tuple[float, float, float, int, list[str], float]:
    """(wall s, CPU s, peak RSS MB of the largest process, exit code, printed fields, peak PSS MB
    of the child and its workers together, sampled every 0.2 s) of one child process."""
    import threading

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_pss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode:
        print(stderr[-2000:], file=sys.stderr)
    # ru_maxrss of RUSAGE_CHILDREN is the largest process so far (KB on Linux): run the
    # smallest jobs first, so each figure is the job's own unless an earlier one was larger.
    return wall, cpu, after.ru_maxrss / 1024, proc.returncode, stdout.split(), peak[0] / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100k places, 150k alternate names, 1 repeat")
    ap.add_argument("--places", type=int)
    ap.add_argument("--altnames", type=int)
    ap.add_argument("--repeats", type=int)
    ap.add_argument("--skip-default", action="store_true")
    ap.add_argument("--skip-import", action="store_true")
    args = ap.parse_args()
    places = args.places or (100_000 if args.quick else 2_000_000)
    altnames = args.altnames or (150_000 if args.quick else 3_000_000)
    repeats = args.repeats or (1 if args.quick or places > 500_000 else 3)
    print(f"# bench_gazetteer: {places:,} places + {altnames:,} alternate names, {repeats} repeat(s), "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (shared machine: timings "
          "include others' load)", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-gazetteer-") as tmp:
        folder = Path(tmp)
        if not args.skip_import:
            t = time.perf_counter()
            make_dump(folder, places, altnames)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            print(f"generated dump: {size:.0f} MB zipped in {time.perf_counter() - t:.0f} s", flush=True)
            results = {}
            jobs = [("baseline (read+split zips)", CHILD_BASELINE, (str(folder),)),
                    ("import, trivial keys", CHILD_IMPORT, (str(folder), str(folder / "t.sqlite"), "trivial")),
                    ("import, normaliser keys", CHILD_IMPORT, (str(folder), str(folder / "n.sqlite"), "real"))]
            for label, code, cargs in jobs:
                runs = [run_child(code, *cargs) for _ in range(repeats)]
                wall = statistics.median(r[0] for r in runs)
                cpu = statistics.median(r[1] for r in runs)
                rows = int(runs[0][4][0]) if runs[0][4] else 0
                results[label] = wall
                out = folder / ("t.sqlite" if "trivial" in label else "n.sqlite")
                extra = f", file {out.stat().st_size / 1e6:.0f} MB" if "import" in label and out.exists() else ""
                print(f"{label:28s} median {wall:7.1f} s (CPU {cpu:6.1f} s)  {rows / wall:>10,.0f} rows/s  "
                      f"x{wall / results['baseline (read+split zips)']:.1f} baseline  "
                      f"peak RSS {max(r[2] for r in runs):6.0f} MB (largest process), "
                      f"{max(r[5] for r in runs):6.0f} MB PSS all processes{extra}", flush=True)
                if "import" in label and out.exists():
                    out.unlink()
        if not args.skip_default:
            out = folder / "default.sqlite"
            runs = [run_child(CHILD_DEFAULT, str(out)) for _ in range(1 if places > 500_000 or args.quick else repeats)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(f"{'default build':28s} median {wall:7.1f} s (CPU {cpu:6.1f} s)  "
                  f"size {out.stat().st_size / 1e6:.0f} MB  peak RSS {max(r[2] for r in runs):.0f} MB "
                  f"(PSS all processes {max(r[5] for r in runs):.0f} MB) "
                  f"(targets: <= 60 s on 2 idle cores, <= 200 MB)", flush=True)


if __name__ == "__main__":
    main()
