"""Where the default gazetteer lives: the user's cache dir, so a fresh install works offline.

The file name carries the schema and key versions, so a toponorm with other keys builds its own
file next to the old one instead of reading an index it cannot use, and the default's content
version, so a fixed default builder replaces what an older one built.
"""
from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir

from gazetteer.errors import GazetteerError
from gazetteer.store import SCHEMA_VERSION, file_in_the_way, given_path

DEFAULT_CONTENT_VERSION = "32"
"""Bump when ``gazetteer.default`` builds different content from the same packages (2: GeoNames places
with small geonameids keep their rows instead of losing them to ISO subdivisions; 3: the fold keys
kept sorted in ``key_runs`` for the fuzzy stage; three more Ukrainian admin1 codes linked; 4:
Nikopol's former name Slov'iansk dated 1775-1782 by the renames table; GeoNames' admin1 names
(shipped admin1CodesASCII.txt) as link evidence, admin1 names and subdivision names; the list of
places with language-tagged names, tagged_places; 5: admin1 links also by an admin1's whole name, by
its several words, and by elimination: 2,433 -> 2,999; 6: an ISO subdivision's population is its
linked admin1's places' sum; 7: ISO's second level where the top one only groups GeoNames' admin1s:
Indonesia's provinces, the Dominican Republic's, ...; 8: whole names compared with compass words in
one language: East Java = Jawa Timur; 9: and, for a name with admin words, without them: Nghệ An
Province = Nghệ An; 10: compass adjectives and Arabic/Persian/Korean compass words; 11: an admin1
with no ISO link a place of its own (GeoNames' ADM1 by its geonameid), ISO name forms official, ISO
"country" subdivisions PCLIX; 12: countries' capitals PPLC; 13: countries' former names dated by the
renames table, a renamed country's own name kept official; 14: GeoNames' continents but Antarctica,
with their names in many languages; 15: US states' AP-style abbreviations, Calif., N.C.; 16: ISO
3166-1's English names of countries, "Federal Republic of Germany", "Korea, Republic of", and the
names their inverted forms put first, "Palestine", "Korea"; 17: ISO subdivisions shown without ISO's
notes and with their designators in front, "Wales", "Comunidad de Madrid", which is a name too; 18:
admin1s that evidence left unlinked linked by name alone, Saxony = Sachsen, Lower Austria =
Niederösterreich: one place each, not two; 19: no Russian tag on a name with a hard sign that Russian
rules out, Ossetian "Бетъырбух" had been Saint Petersburg's Russian name; 20: CLDR's exemplar cities
as the cities' display names per language, ru "Париж", not Bulgarian "Парис"; 21: regions,
gazetteer.regions: the curated Donbas, Siberia, Balkans, Middle East, ... and UN M49's, Eastern
Europe, Central Asia, ..., with CLDR's names; 22: an admin1's population counts a city's districts
once, gazetteer.populations: New York State 19.6M, not 31.4M; 23: names in use that no source gives,
"Britain", "Great Britain", "Republic of Ireland", "Falklands", ISO names without their note in
brackets, "Holy See", and the regions Darfur, Kivu, Katanga, Somaliland, Manchuria, Bengal, the Gulf
states and the Channel Islands; 24: "Holland", tagged English, for the Netherlands; 25: the regions
Bohemia, Moravia, Transylvania, Dalmatia, Bukovina, Volhynia and Anatolia; 26: US, Canadian and
Australian postal abbreviations that are no country's code, "TX", "ON", "NSW"; 27: and those that are
one too, "CA", "VA", "NL", which the matcher reads as the country's unless a hint says otherwise; 28:
AP's two-letter state abbreviations, "Pa.", "Ky.", "Va."; 29: indexes of the places by their admin1
codes, for the scan of a hinted region's names; 30: ISO's units below the admin1 level, France's
departments, Italy's and Spain's provinces, Ireland's counties ("Co. Cork"), Britain's council areas,
as areas of their own; 31: the United States' counties, parishes and boroughs, "Orange County"; 32:
the translations of ISO's units below the admin1 level, shown, not searched)."""

ENV_FILE = "TOPONORM_GAZETTEER"
ENV_CACHE_DIR = "TOPONORM_CACHE_DIR"


def cache_dir() -> Path:
    """The toponorm cache directory (TOPONORM_CACHE_DIR, else platformdirs' user cache dir)."""
    override = os.environ.get(ENV_CACHE_DIR)
    return Path(override).expanduser() if override else Path(user_cache_dir("toponorm"))


def default_gazetteer_path(key_version: str) -> Path:
    """The default gazetteer file: TOPONORM_GAZETTEER if set, else a versioned file in the cache dir."""
    override = os.environ.get(ENV_FILE)
    if override:
        return Path(override).expanduser()
    safe_keys = "".join(c if c.isalnum() or c in "-_." else "_" for c in str(key_version))
    return cache_dir() / f"gazetteer-s{SCHEMA_VERSION}-k{safe_keys}-d{DEFAULT_CONTENT_VERSION}.sqlite"


def build_output_path(output: str | None, key_version: str) -> Path:
    """Where ``gazetteer build -o OUTPUT`` writes: the default gazetteer when no ``-o`` is given.
    Checked before any work: an empty ``-o`` (an unset shell variable) had silently rebuilt the
    default, and a directory failed only when the finished build was moved into place."""
    if output is None:
        return default_gazetteer_path(key_version)
    if not output.strip():
        raise GazetteerError("-o: an empty path")
    path = given_path(output, "-o: an empty path").expanduser()
    if path.is_dir():
        raise GazetteerError(f"{output}: is a directory")
    above = file_in_the_way(path)
    if above is not None:  # (it had been "cannot write here (File exists)")
        raise GazetteerError(f"{output}: {above} is a file, not a directory")
    return path
