"""The codes a gazetteer's places and names may carry (countries, feature classes, languages, dates),
checked where users supply them: ``--countries``, ``--feature-classes``, a ``gazetteer add`` row.

Why here and not normalise.languages: gazetteer/ never imports the normaliser (data flows cli ->
normalise -> gazetteer), and a check that is looser than the data (a regex) let ``ZZ``, ``xx-invalid``
and ``2015-02-30`` into gazetteers.
"""
from __future__ import annotations

import datetime
import numbers
import re
from collections.abc import Sequence
from functools import lru_cache

from gazetteer.errors import GazetteerError

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
"""C0 and C1 controls but the tab: no name holds one (a field of `gazetteer add`'s TSV, a GeoNames row)."""

FEATURE_CLASSES = frozenset("AHLPRSTUV")
"""GeoNames' feature classes: A country, state, region; H water; L parks, area; P populated place;
R road, railroad; S spot, building, farm; T mountain, hill, rock; U undersea; V forest, heath."""

MAX_POPULATION = 10**10
"""More than the world's: a larger population is damage (and overflows SQLite's INTEGER past 2**63),
in a GeoNames row and a ``gazetteer add`` row alike."""

_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
"""ASCII digits only: ``\\d`` took any script's (Arabic-Indic "٢٠١٦", fullwidth "２０１６"), and those
dates were stored as typed, which no reader compares with "2016"."""
_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def check_feature_classes(classes: Sequence[str] | None) -> set[str] | None:
    """``--feature-classes`` upper-cased; one that is no GeoNames class is a one-line error (it would
    have kept nothing of its class, silently)."""
    if not classes:
        return None
    wanted = {c.strip().upper() for c in classes if c.strip()}
    unknown = sorted(wanted - FEATURE_CLASSES)
    if unknown:
        raise GazetteerError(f"--feature-classes: unknown feature class(es) {', '.join(unknown)} "
                             f"(GeoNames' are {', '.join(sorted(FEATURE_CLASSES))})")
    return wanted


def check_min_population(min_population: int) -> None:
    """A negative ``--min-population`` is a mistake (it would keep every place, as 0 does); one that is
    no whole number (``"5"``, None from Python) had been a bare TypeError."""
    if isinstance(min_population, bool) or not isinstance(min_population, numbers.Integral):  # (numpy's too)
        raise GazetteerError(f"--min-population {min_population!r}: a whole number of people, 0 or more")
    if min_population < 0:
        raise GazetteerError(f"--min-population {min_population}: a population cannot be negative")


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (pycountry), and GeoNames' XK for Kosovo, which ISO has not assigned."""
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries) | {"XK"}


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD (a real one), or None."""
    if _DATE.match(text) is None:
        return "not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    return None if real_date(text) else "not a real date"


def dates_inverted(valid_from: str | None, valid_to: str | None) -> bool:
    """Whether a name's from/to dates (each YYYY[-MM[-DD]] or empty) are the wrong way round, compared
    at the shorter precision: 2016-05 to 2016 is within 2016 ("until 9999999" had been shown as it was)."""
    if not valid_from or not valid_to:
        return False
    width = min(len(valid_from), len(valid_to))
    return valid_from[:width] > valid_to[:width]


def real_date(text: str, form: re.Pattern[str] = _DATE) -> datetime.date | None:
    """The date ``text`` writes in ``form`` (groups: year, month, day; the last two optional, read
    as 1), if it exists (datetime checks month and day: 2015-02-30 does not); else None."""
    m = form.match(text)
    if m is None:
        return None
    year, month, day = (int(g) if g else 1 for g in m.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def canonical_tag(tag: str) -> str:
    """A language tag in BCP 47's usual case: language and variants lower, script title, region upper
    ("EN" -> "en", "ZH-HANT-tw" -> "zh-Hant-TW"). Tags are case-insensitive; the names store one case,
    the one the normaliser's ``--lang`` gives, so that they compare equal."""
    language, *subtags = tag.split("-")
    return "-".join([language.lower()] + [p.title() if len(p) == 4 else p.upper() if len(p) == 2
                                          else p.lower() for p in subtags])


def language_tag_problem(tag: str) -> str | None:
    """Why ``tag`` is not a language tag a name may carry, or None: an ISO 639 language (pycountry,
    so also the languages CLDR lacks, Rusyn "rue"), then optionally an ISO 15924 script ("Hant"),
    an ISO 3166-1 region or UN M49 area ("BR", "419"), and variants CLDR knows ("be-tarask")."""
    if not _TAG.match(tag):
        return "not a language tag"
    language, *subtags = tag.split("-")
    import pycountry

    if pycountry.languages.get(**{"alpha_2" if len(language) == 2 else "alpha_3": language}) is None:
        return f"no ISO 639 language {language!r}"
    if subtags and len(subtags[0]) == 4 and subtags[0].isalpha():
        script = subtags.pop(0)
        if pycountry.scripts.get(alpha_4=script.title()) is None:
            return f"no ISO 15924 script {script!r}"
    if subtags and (len(subtags[0]) == 2 and subtags[0].isalpha() or len(subtags[0]) == 3
                    and subtags[0].isdigit()):
        region = subtags.pop(0)
        if region.isalpha() and region.upper() not in country_codes():
            return f"no ISO 3166-1 region {region!r}"
    if subtags and not _known_variants(tag, subtags):
        return f"no known subtag {'-'.join(subtags)!r}"
    return None


def _known_variants(tag: str, variants: list[str]) -> bool:
    """Whether CLDR (babel) knows ``tag`` with its variant subtags: babel drops one it does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        known = Locale.parse(tag, sep="-").variant
    except (UnknownLocaleError, ValueError):
        return False
    return len(variants) == 1 and (known or "").lower() == variants[0].lower()
