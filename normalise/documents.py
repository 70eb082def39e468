"""One parsed document -> the output JSON object of ``toponorm quotes`` / ``toponorm places-in``.

The quotes, speakers and entities come from ``normalise.attribution.attribute``; the places from
``normalise.places_in_text`` (resolved through the toponym normaliser, with the document's other
places as context); each quote lists the places inside its span. The schema is in docs/quotes.md.
"""
from __future__ import annotations

from typing import Any

from normalise.places_in_text import Resolver, places_in_document

NAME_ENTITY_TYPES = frozenset({"PERSON", "ORG", "NORP"})
"""Entity types whose names are never re-read as places (a speaker called "Clinton")."""


def _span(s: Any) -> dict | None:
    return None if s is None else {"text": s.text, "start": s.start, "end": s.end}


def _speaker(s: Any) -> dict | None:
    if s is None:
        return None
    return {"text": s.text, "start": s.start, "end": s.end, "entity": getattr(s, "entity", None)}


def _blank(doc_id: str, lang: str, places_only: bool, **why: str) -> dict:
    """An object with every list empty (only ``places`` for places-in), then ``why`` (error or reason)."""
    out: dict = {"doc": doc_id, "lang": lang}
    if not places_only:
        out.update(quotes=[], entities=[])
    out.update(places=[], **why)
    return out


def error_result(doc_id: str, lang: str, error: str, *, places_only: bool = False) -> dict:
    """The object of a document that could not be processed: empty lists and the error, one line."""
    return _blank(doc_id, lang, places_only, error=" ".join(error.split()))


def empty_result(doc_id: str, lang: str, reason: str, *, places_only: bool = False) -> dict:
    """The object of a valid document with nothing in it (empty text): empty lists and a reason."""
    return _blank(doc_id, lang, places_only, reason=reason)


def analyse_document(text: str, doc: Any, lang: str, *, doc_id: str, normaliser: Resolver) -> dict:
    """Quotes with speakers, cues and places; entities; and every resolved place mention of one document.

    ``doc`` is a stanza Document whose tokens carry offsets into ``text``. ``reason`` is added when
    the document has no quotation (the result is still valid, just empty).
    """
    from normalise.attribution import attribute  # noqa: PLC0415 - pulls in the cue lexicons

    att = attribute(doc, text, lang)
    names = [m.text for e in att.entities if e.type in NAME_ENTITY_TYPES for m in e.mentions]
    names += [e.name for e in att.entities if e.type in NAME_ENTITY_TYPES]
    places = places_in_document(doc, text, lang, normaliser, exclude_names=names)
    quotes = []
    for q in att.quotes:
        inside = [p for p in places if q.start <= p["start"] and p["end"] <= q.end]
        quotes.append({"text": q.text, "start": q.start, "end": q.end, "kind": q.kind,
                       "speaker": _speaker(q.speaker), "cue": _span(q.cue), "places": inside,
                       "confidence": round(float(q.confidence), 3), "rule": q.rule})
    entities = [{"id": e.id, "name": e.name, "type": e.type,
                 "mentions": [_span(m) for m in e.mentions]} for e in att.entities]
    out = {"doc": doc_id, "lang": lang, "quotes": quotes, "entities": entities, "places": places}
    if not quotes:
        out["reason"] = "no quotations found"
    return out


def analyse_places(text: str, doc: Any, lang: str, *, doc_id: str, normaliser: Resolver) -> dict:
    """The ``places-in`` object: only the document's place mentions, resolved (no attribution). The
    parse is checked against ``text`` as ``analyse_document``'s is (a parse of another text gave
    places whose "text" was empty, resolved all the same)."""
    from normalise.docview import build_view, check_offsets  # noqa: PLC0415

    check_offsets(build_view(doc), text)
    places = places_in_document(doc, text, lang, normaliser)
    out = {"doc": doc_id, "lang": lang, "places": places}
    if not places:
        out["reason"] = "no place mentions found"
    return out
