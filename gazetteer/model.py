"""The gazetteer's data model: a place, and the names it is known by."""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntFlag


class NameFlag(IntFlag):
    """Flags of a name, stored as one integer (GeoNames' isPreferredName, isShortName, ...)."""

    NONE = 0
    PREFERRED = 1
    SHORT = 2
    COLLOQUIAL = 4
    HISTORIC = 8
    ABBR = 16
    OFFICIAL = 32  # the place's canonical/official name in its source

    def labels(self) -> list[str]:
        return [f.name.lower() for f in NameFlag if f and f in self and f.name]


@dataclass(frozen=True, slots=True)
class Place:
    """A canonical place with a stable namespaced id (``geonames:704422``, ``custom:acme-1``)."""

    id: str
    name: str
    feature_class: str = "P"  # GeoNames feature class: P populated place, A admin area, ...
    feature_code: str = "PPL"
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1_code: str | None = None  # GeoNames' own code, e.g. "UA.05"
    admin1_name: str | None = None
    admin1_iso: str | None = None  # ISO 3166-2, e.g. "UA-14", where known
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    source: str = ""


SUBDIVISION_ID_PREFIX = "iso3166-2:"
"""The id prefix of a place that is an ISO 3166-2 subdivision, its code after it (the default
gazetteer's regions: ``iso3166-2:US-CA``)."""


FIPS_ID_PREFIX = "fips:"
"""The id prefix of a US county, its FIPS code after it (the default gazetteer's: ``fips:06059``)."""


def subdivision_code(place: Place) -> str | None:
    """The ISO 3166-2 code ``place`` is, by its id, else None (a GeoNames place, a custom one)."""
    return place.id[len(SUBDIVISION_ID_PREFIX):] if place.id.startswith(SUBDIVISION_ID_PREFIX) else None


def unit_code(place: Place) -> str | None:
    """The code of an area below the admin1 level that hints name it by: its ISO 3166-2 code
    (``iso3166-2:FR-13``: FR-13), or a US county's in GeoNames' admin2 form, its state's admin1 code
    and its own FIPS number (``fips:06059`` in US.CA: US.CA.059); else None."""
    if place.feature_code != "ADM2":
        return None
    if place.id.startswith(FIPS_ID_PREFIX) and place.admin1_code:
        return f"{place.admin1_code}.{place.id[len(FIPS_ID_PREFIX) + 2:]}"
    return subdivision_code(place)


@dataclass(frozen=True, slots=True)
class PlaceName:
    """One name of a place: text, language (ISO 639, None if unknown), script (ISO 15924), flags."""

    text: str
    lang: str | None = None
    script: str | None = None
    flags: NameFlag = NameFlag.NONE
    valid_from: str | None = None  # ISO date or year, where known
    valid_to: str | None = None
    source: str = ""
