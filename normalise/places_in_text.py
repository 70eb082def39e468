"""Place mentions in running text, resolved to gazetteer places through the toponym normaliser.

Candidates come from two sources, because NER models (especially small or out-of-domain ones) miss
or mistype many places:

* ``ner``: every GPE/LOC entity of the parse (determiners and possessive 's trimmed), except one
  made only of adjectives ("Ukrainian": a demonym, NORP, that some models tag GPE). These are
  always reported, resolved or not (an unresolved one keeps its ``reason``).
* ``propn``: maximal runs of proper nouns (UPOS PROPN) that overlap no named entity of any type
  (so PERSON/ORG/NORP/MISC spans are never taken for places), that are not the name of a person or
  organisation of the document, and share no word with a person's name ("Clinton" after
  "Hillary Clinton").
  These are reported only when the normaliser resolves them confidently: not ambiguous, score >=
  ``PROPN_MIN_SCORE``, not by fuzzy matching, by the place's own name (its canonical name, a name in
  the document's language, or an official/preferred one: not "GOP", an alternate name of
  Gorakhpur), and to a place of at least ``PROPN_MIN_POPULATION`` people or an admin area.

Each distinct mention text is resolved twice: once alone, then with the ids of the document's
other resolved places (its CONTEXT_LIMIT most mentioned) as ``context_ids`` (so "Pokrovsk" next to
"Donetsk" picks the Ukrainian one).
Where the words' lemmas differ from the surface (inflected languages: "у Покровську"), the lemma
is resolved too and wins when it scores higher; the place then carries ``lemma``.
A name still ambiguous after that, one of whose candidates is a place the document names otherwise,
is taken to be that place (one place, two names: "Krasnoarmeysk" in a story about Pokrovsk).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from normalise.errors import ToponormError
from normalise.keys import fold_key, latin_key
from normalise.matcher import indel_similarity
from normalise.qualifiers import strip_admin_words, without_article

PLACE_TYPES = frozenset({"GPE", "LOC"})
"""NER types that denote places (OntoNotes GPE/LOC; CoNLL/WikiNER LOC)."""
PERSONISH_TYPES = frozenset({"PERSON", "PER", "ORG", "NORP"})
"""NER types whose words must not be re-read as places elsewhere in the document."""
PROPN_MIN_SCORE = 0.9
"""Lowest normaliser score at which an untagged proper noun is reported as a place."""
PROPN_MIN_POPULATION = 50_000
"""Smallest populated place an untagged proper noun may name (admin areas and countries always may).

Gazetteers hold tens of thousands of small places named like common words and party acronyms
("Federal", "Secretary", "GOP" as an alternate name of Gorakhpur); only NER-tagged mentions may
resolve to those."""
MAX_CANDIDATES = 5
LOOSE_MIN_SCORE = 0.85
"""Lowest score at which a transliteration or fuzzy match is trusted in running text.

Edited text writes names as they are: a loose match is far more often another word ("Bloomberg" ->
Blomberg, "Europe" -> Erpe, "Trump" -> Troup) than a variant spelling. Chosen on 200 PolNeAR train
articles, where translit/fuzzy resolutions under 0.85 were almost all wrong."""
CONTEXT_LIMIT = 20
"""Most context ids passed per resolution: the document's most-mentioned other places."""
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_TRIM_LEADING_UPOS = frozenset({"DET", "PUNCT", "ADP"})
_TRIM_TRAILING = frozenset({"'s", "’s", "'", "’"})


class Resolver(Protocol):
    """What we need from ``normalise.Normaliser``."""

    def resolve(self, name: str, **kwargs: Any) -> Any: ...


@dataclass(slots=True)
class PlaceMention:
    """A span of the text that may name a place, and where the guess came from (ner | propn)."""

    text: str
    start: int
    end: int
    source: str
    ner_type: str | None = None
    lemma: str | None = None  # the words' lemmas where they differ: "Покровськ" for "у Покровську"
    bare: "PlaceMention | None" = None  # for "Donetsk region": "Donetsk", if the region is no area
    article: str | None = None  # the definite article its head takes, as written: "the" White House


def _with_admin_word(mention: PlaceMention, text: str) -> PlaceMention:
    """``mention`` and the admin word after it ("the Donetsk region", "Kharkiv oblast", "Rakhine
    state"), which makes it the area (``resolve_mentions`` keeps the name alone where the words name
    no area)."""
    after = _NEXT_WORD.match(text, mention.end)
    if after is None or strip_admin_words(fold_key(after.group(1))):
        return mention
    end = after.end()
    return PlaceMention(text[mention.start:end], mention.start, end, mention.source, mention.ner_type,
                        None, mention, mention.article)


_MODIFIED = frozenset({"NOUN", "ADJ", "PROPN", "NUM"})
"""Parts of speech of a word after a name that make the name a modifier ("the Denver media market",
"the New York primary", "the San Bernardino attacks"): the article before it is that noun's, though a
parser may hang it on the name (CoreNLP's tags made "primary" an adjective after "New York")."""


def _article_of(words: list[Any], text: str, start: int, end: int) -> str | None:
    """The definite article (one ``without_article`` reads: "the", "la", "die", ...) that is the
    determiner of one of ``words`` (in a text parsed without dependencies, `places-in`'s: any) and
    stands right before the mention at ``start``..``end``, as written; else None. Not where the mention
    modifies a noun after it: "the Kyiv office", "the Paris agreement", "the White House press
    secretary"."""
    sentence = getattr(words[0], "sent", None)
    if sentence is None:
        return None
    ids = {w.id for w in words}
    article = None
    for w in sentence.words:
        span = _word_span(w)
        if span is None:
            continue
        if span[0] >= end:  # the word after the mention
            return None if w.upos in _MODIFIED else article
        if (w.upos == "DET" and span[1] <= start and not text[span[1]:start].strip()
                and (w.deprel is None or w.deprel == "det" and w.head in ids)  # (unparsed: by its place)
                and without_article(f"{w.text} x")):
            article = w.text
    return article


def _word_span(word: Any) -> tuple[int, int] | None:
    """Offsets of a word; words inside a multi-word token take their token's offsets."""
    start, end = word.start_char, word.end_char
    if start is None or end is None:
        parent = getattr(word, "parent", None)
        if parent is None or parent.start_char is None:
            return None
        start, end = parent.start_char, parent.end_char
    return start, end


def _trimmed(words: list[Any], text: str) -> tuple[int, int, str | None] | None:
    """(start, end, lemma) of ``words`` without leading determiners/punctuation and a trailing possessive."""
    while words and (words[0].upos in _TRIM_LEADING_UPOS):
        words = words[1:]
    while words and (words[-1].upos == "PUNCT" or words[-1].text.lower() in _TRIM_TRAILING
                     or words[-1].upos == "PART" and words[-1].text.lower() in {"'s", "’s"}):
        words = words[:-1]
    spans = [s for s in (_word_span(w) for w in words) if s]
    if not spans:
        return None
    start, end = spans[0][0], spans[-1][1]
    for suffix in ("'s", "’s"):  # a possessive glued to the same token ("Moscow's" as one token)
        if text[start:end].endswith(suffix) and end - start > len(suffix):
            end -= len(suffix)
    lemmas = [w.lemma or w.text for w in words]
    lemma = " ".join(lemmas) if lemmas != [w.text for w in words] else None
    return start, end, lemma


def place_mentions(doc: Any, text: str, *, exclude_names: Iterable[str] = ()) -> list[PlaceMention]:
    """Every candidate place mention in a parsed document, in text order (see the module docstring)."""
    mentions: list[PlaceMention] = []
    entity_spans: list[tuple[int, int]] = []
    blocked = {latin_key(n) for n in exclude_names if n}
    for ent in doc.ents:
        entity_spans.append((ent.start_char, ent.end_char))
        if ent.type in PERSONISH_TYPES:
            blocked.add(latin_key(ent.text))
            if ent.type in ("PERSON", "PER"):  # "Clinton" alone after "Hillary Clinton"; but an
                for w in ent.words:             # organisation's words ("Kyiv" Post) stay free
                    if w.upos in (None, "PROPN", "X") or w.text[:1].isupper():
                        blocked.add(latin_key(w.text))
        if ent.type in PLACE_TYPES and not all(w.upos == "ADJ" for w in ent.words):
            # (an all-adjective "place" is a demonym, "Ukrainian": NORP, not a place mention)
            span = _trimmed(list(ent.words), text)
            if span:
                mentions.append(_with_admin_word(PlaceMention(
                    text[span[0]:span[1]], span[0], span[1], "ner", ent.type, span[2],
                    article=_article_of(list(ent.words), text, span[0], span[1])), text))
    entity_spans.sort()
    starts = [s for s, _ in entity_spans]
    blocked.discard("")

    def overlaps_entity(a: int, b: int) -> bool:
        i = bisect_left(starts, b)  # entities starting before b; entities do not overlap each other
        return i > 0 and entity_spans[i - 1][1] > a

    for sentence in doc.sentences:
        run: list[Any] = []
        for w in list(sentence.words) + [None]:
            if w is not None and w.upos == "PROPN":
                run.append(w)
                continue
            if run:
                span = _trimmed(run, text)
                if span and not overlaps_entity(span[0], span[1]):
                    surface = text[span[0]:span[1]]
                    keys = {latin_key(x.text) for x in run} | {latin_key(surface)}
                    if not (keys & blocked):
                        mentions.append(_with_admin_word(PlaceMention(
                            surface, span[0], span[1], "propn", None, span[2],
                            article=_article_of(run, text, span[0], span[1])), text))
                run = []
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def _resolve(normaliser: Resolver, name: str, lang: str | None, context: Sequence[str]) -> dict:
    try:
        res = normaliser.resolve(name, lang=lang, context_ids=list(context))
    except ToponormError as exc:
        return {"id": None, "score": 0.0, "method": None, "ambiguous": False, "candidates": [],
                "reason": str(exc)}
    d = res.to_dict()
    d.pop("query", None)
    return d


def _confident(d: dict) -> bool:
    return (d.get("id") is not None and not d.get("ambiguous")
            and d.get("method") not in (None, "fuzzy") and d.get("score", 0.0) >= PROPN_MIN_SCORE)


def _distrust_loose(res: dict) -> dict:
    """A translit/fuzzy resolution under LOOSE_MIN_SCORE becomes unresolved; the place stays a candidate."""
    if res.get("id") is None or res.get("method") not in ("translit", "fuzzy") \
            or res.get("score", 0.0) >= LOOSE_MIN_SCORE:
        return res
    return _unresolved(res, f"only a loose {res['method']} match ({res['name']}, {res['id']}, score "
                            f"{res['score']}): not trusted in running text")


def _distrust_bare_alias(res: dict) -> dict:
    """An answer by a bare alternate name (no language, no flag) of several words, unlike the place's
    own name, where another town bears that name as its own, becomes unresolved, both kept as
    candidates: GeoNames' bare aliases include literal translations ("White House" for Casablanca, Dar
    al-Bayda; 9 of PolNeAR dev's 26 wrong place mentions were "a White House official" and the like;
    "Central Park" for Bethpage), while White House, Tennessee, is the name's own place. One word or a
    name like the place's own is an exonym or a spelling, trusted as before ("Cologne" is Köln,
    "Odessa" Odesa, "St. Petersburg" Saint Petersburg)."""
    matched = res.get("matched") or {}
    if res.get("id") is None or matched.get("lang") or matched.get("flags"):
        return res
    text = fold_key(matched.get("text") or "")
    if " " not in text or indel_similarity()(text, fold_key(res.get("name") or "")) >= BARE_ALIAS_SIMILAR:
        return res
    owner = next((c for c in res.get("candidates", []) if fold_key(c.get("name") or "") == text
                  and c.get("feature_class") == "P"  # (not New York State, which the city shares its name with)
                  and "official" in ((c.get("matched") or {}).get("flags") or [])), None)
    if owner is None:
        return res
    return _unresolved(res, f"'{matched.get('text')}' is a bare alias of {res['name']} ({res['id']}) and "
                            f"the name of {owner['name']} ({owner['id']}): not trusted in running text")


BARE_ALIAS_SIMILAR = 0.5
"""Indel similarity of a bare alias to the place's own name from which it is a spelling, not a
translation: Cologne / Köln 0.55, Odessa / Odesa 0.91; White House / Casablanca 0.10."""


def _unresolved(res: dict, reason: str) -> dict:
    """``res`` without its answer, which leads its candidates, and with ``reason``."""
    top = {k: res.get(k) for k in ("id", "name", "country", "admin1", "lat", "lon", "population",
                                   "feature_class", "score", "method", "matched")}
    return {**res, **dict.fromkeys(("id", "name", "country", "admin1", "lat", "lon", "feature_class",
                                    "population")),
            "candidates": [top] + list(res.get("candidates", [])), "reason": reason}


def _no_town_after_article(res: dict, text: str, article: str | None, normaliser: "Resolver",
                           lang: str | None, context: Sequence[str]) -> dict:
    """A mention whose head takes a definite article names no town: English, French, Spanish, Italian,
    German and Dutch put one before countries and regions, not towns (``qualifiers.without_article``),
    so "the White House" is a building, not Casablanca (GeoNames' literal translation of it, 27 of
    PolNeAR dev's 46 wrong place mentions), and "the Mall" no Mal in Belgium. A populated place so
    answered becomes a candidate, unless the article and the name are a name together ("the Hague",
    Spanish "el Cairo"): then that answer."""
    if not article or res.get("id") is None or res.get("feature_class") != "P":
        return res
    whole = _resolve(normaliser, f"{article} {text}", lang, context)
    if whole.get("id") is not None and whole.get("method") == "exact":
        return whole
    return _unresolved(res, f"'{article} {text}': a town takes no article; no place of this name here")


def _prefer_document_place(res: dict, document_ids: set[str]) -> dict:
    """An ambiguous name one of whose candidates the document names otherwise is that place.

    One place, two names in one story ("Krasnoarmeysk" in a story about Pokrovsk, its name until
    2016): the document's own geography settles what the gazetteer alone cannot.
    """
    if res.get("id") is not None or not res.get("ambiguous"):
        return res
    hits = [c for c in res.get("candidates", []) if c["id"] in document_ids]
    if len(hits) != 1:
        return res
    best = hits[0]
    return {**{k: best.get(k) for k in ("id", "name", "country", "admin1", "lat", "lon")},
            "score": best["score"], "method": best["method"], "matched": best["matched"],
            "ambiguous": False, "candidates": [c for c in res["candidates"] if c is not best],
            "reason": f"ambiguous name; the document also names {best['name']} ({best['id']})",
            "feature_class": best.get("feature_class"), "population": best.get("population")}


def _area_or_bare(mention: PlaceMention, normaliser: Resolver, lang: str | None) -> PlaceMention:
    """A name with an admin word after it is the area it names, else the name alone: "the Pokrovsk
    region" names no area the gazetteer has, so it is Pokrovsk."""
    if mention.bare is None:
        return mention
    res = _resolve(normaliser, mention.text, lang, ())
    return mention if res.get("id") and res.get("feature_class") == "A" else mention.bare


def _propn_ok(res: dict, mention: PlaceMention, lang: str | None) -> bool:
    """A confident resolution of an untagged proper noun, by the place's own name, of a sizeable place."""
    if not _confident(res):
        return False
    if (res.get("population") or 0) < PROPN_MIN_POPULATION and res.get("feature_class") != "A":
        return False
    matched = res.get("matched") or {}
    forms = {fold_key(mention.text), fold_key(mention.lemma or mention.text)}
    return (fold_key(res.get("name") or "") in forms
            or bool(lang) and matched.get("lang") == lang
            or bool({"official", "preferred"} & set(matched.get("flags") or [])))


def resolve_mentions(mentions: Sequence[PlaceMention], normaliser: Resolver,
                     lang: str | None) -> list[dict]:
    """The output ``places`` list: each mention with its resolution; unconfident propn guesses dropped.
    Mentions are resolved per (text, article): "the White House" and "a White House official" differ."""
    mentions = [_area_or_bare(m, normaliser, lang) for m in mentions]
    names = list(dict.fromkeys(m.text for m in mentions))
    keys = list(dict.fromkeys((m.text, m.article) for m in mentions))
    lemmas = {m.text: m.lemma for m in mentions if m.lemma}
    alone = {n: _resolve(normaliser, n, lang, ()) for n in names}
    for n in names:  # an inflected form: its lemma may match better ("у Покровську" -> Покровськ)
        if lemmas.get(n):
            by_lemma = _resolve(normaliser, lemmas[n], lang, ())
            if by_lemma.get("score", 0.0) > alone[n].get("score", 0.0):
                alone[n] = {**by_lemma, "lemma": lemmas[n]}
    from_ner = {m.text for m in mentions if m.source == "ner"}
    first_mention = {}
    for m in mentions:
        first_mention.setdefault((m.text, m.article), m)
    asked = {n: alone[n].get("lemma", n) for n in names}  # (the lemma where it answered better)
    first = {(n, a): _distrust_loose(_no_town_after_article(alone[n], asked[n], a, normaliser, lang, ()))
             for n, a in keys}  # (a loose match is no context either)
    keep = {k for k in keys if k[0] in from_ner or _propn_ok(first[k], first_mention[k], lang)}
    ids = {k: first[k]["id"] for k in keep if first[k].get("id")}
    mentions_per_id = Counter(ids[(m.text, m.article)] for m in mentions if (m.text, m.article) in ids)
    ranked = [i for i, _ in mentions_per_id.most_common()]  # ties keep first-mention order
    final: dict[tuple, dict] = {}
    for k in keep:
        n, article = k
        context = [i for i in ranked if i != ids.get(k)][:CONTEXT_LIMIT]
        query = asked[n]
        final[k] = first[k]
        if context:
            final[k] = _no_town_after_article(_resolve(normaliser, query, lang, context), query, article,
                                              normaliser, lang, context)
            if query != n:
                final[k]["lemma"] = query
    for k in keep:
        final[k] = _distrust_bare_alias(_distrust_loose(final[k]))
    for k in keep:
        final[k] = _prefer_document_place(final[k], {final[o]["id"] for o in keep if o != k} - {None})
    out = []
    for m in mentions:
        k = (m.text, m.article)
        if k not in keep:
            continue
        res = final[k]
        if m.source == "propn" and not _propn_ok(res, m, lang):
            continue
        out.append({"text": m.text, "start": m.start, "end": m.end, "source": m.source, **res,
                    "candidates": res.get("candidates", [])[:MAX_CANDIDATES]})
    return out


def places_in_document(doc: Any, text: str, lang: str | None, normaliser: Resolver, *,
                       exclude_names: Iterable[str] = ()) -> list[dict]:
    """Place mentions of a parsed document, resolved with the document's other places as context."""
    return resolve_mentions(place_mentions(doc, text, exclude_names=exclude_names), normaliser, lang)
