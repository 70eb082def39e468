"""The names `--output-lang` shows for a country's places, biggest first, for reading by a speaker.

    python bench/bench_output_names.py --country UA --lang ru [--offset 1100] [--limit 400] [--gazetteer FILE]

Prints rank, id, canonical name and the name shown, and a summary: how many are shown in the
language's script, and how many fell back to the canonical name. Whether a shown name is right needs
a reader: docs/normaliser.md (output names) gives the counts read on 27 Nov 2026 (Russian names of
Ukraine's places, ranks 1-300 and 1,100-1,500).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--country", required=True, help="ISO 3166-1 alpha-2 code")
    ap.add_argument("--lang", required=True, help="output language")
    ap.add_argument("--offset", type=int, default=0, help="skip this many places (by population)")
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--gazetteer", help="gazetteer file (default: the built-in default)")
    args = ap.parse_args(argv)

    from normalise.gazetteer_access import open_gazetteer
    from normalise.outnames import OutputNames

    store = open_gazetteer(args.gazetteer)
    ids = [r[0] for r in store.execute(
        "SELECT id FROM places WHERE country = ? AND feature_class = 'P' ORDER BY population DESC, id "
        "LIMIT ? OFFSET ?", (args.country.upper(), args.limit, args.offset))]
    names = OutputNames(store)
    fallback = 0
    for rank, place_id in enumerate(ids, args.offset + 1):
        place = store.place(place_id)
        shown = names.name(place, args.lang)
        fallback += shown == place.name
        print(f"{rank}\t{place.id}\t{place.name}\t{shown}")
    print(f"{len(ids)} places of {args.country.upper()}, ranks {args.offset + 1}-{args.offset + len(ids)}: "
          f"{len(ids) - fallback} shown under another name than the canonical one, {fallback} under it",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
