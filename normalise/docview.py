"""A flat, index-based view of a parsed stanza Document, built once per document.

Why: attribution walks heads, children and character offsets many times per quote; stanza's Word
objects are slow to query (properties, nested sentences, 1-based per-sentence heads). Flattening
every word once into plain lists makes the rule code simple (global word indices everywhere) and
fast enough for thousands of sentences per second.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from normalise.errors import InputError

# OntoNotes-style NER types kept as entities; numeric/temporal types are not entities.
_ENTITY_TYPES = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC",
                 "NORP": "NORP", "FAC": "OTHER", "EVENT": "OTHER", "PRODUCT": "OTHER",
                 "WORK_OF_ART": "OTHER", "LAW": "OTHER", "LANGUAGE": "OTHER", "MISC": "OTHER"}


@dataclass(slots=True)
class NerMention:
    """A named-entity mention: words [first, last] (global indices, inclusive) and its type."""
    first: int
    last: int
    type: str


@dataclass(slots=True)
class DocView:
    """Parallel lists, one entry per word of the document (global word index)."""
    text: list[str] = field(default_factory=list)
    lower: list[str] = field(default_factory=list)
    lemma: list[str] = field(default_factory=list)
    upos: list[str] = field(default_factory=list)
    feats: list[str] = field(default_factory=list)
    deprel: list[str] = field(default_factory=list)
    head: list[int] = field(default_factory=list)        # global index of the head, -1 for the root
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)        # sentence number of each word
    children: list[list[int]] = field(default_factory=list)
    sent_bounds: list[tuple[int, int]] = field(default_factory=list)   # [first, last + 1) per sentence
    ner: list[NerMention] = field(default_factory=list)
    ner_of: list[int] = field(default_factory=list)      # index into ner, -1 when the word is in none

    def __len__(self) -> int:
        return len(self.text)

    def words_in(self, start: int, end: int) -> range:
        """Global indices of the words lying wholly inside the character span [start, end)."""
        first = bisect_left(self.start, start)
        last = bisect_right(self.end, end, lo=first)
        return range(first, max(first, last))

    def word_at(self, offset: int) -> int:
        """The index of the last word starting at or before `offset` (-1 before the first word)."""
        return bisect_right(self.start, offset) - 1

    def feat(self, i: int, name: str) -> str | None:
        """One UD feature value of word i (e.g. feat(i, 'Gender') -> 'Masc'), None when absent."""
        feats = self.feats[i]
        if not feats or name not in feats:
            return None
        for pair in feats.split("|"):
            key, _, value = pair.partition("=")
            if key == name:
                return value
        return None

    def dependents(self, i: int, *deprels: str) -> list[int]:
        """Children of word i whose relation (or its base before ':') is one of `deprels`."""
        return [c for c in self.children[i]
                if self.deprel[c] in deprels or self.deprel[c].split(":", 1)[0] in deprels]


def build_view(doc: Any) -> DocView:
    """Flatten a stanza Document (from a pipeline or CoNLL.conll2doc) into a DocView.

    Word offsets come from the word, else from its (multi-word) token; a document whose tokens
    carry no character offsets cannot be tied back to the text and raises InputError.
    """
    view = DocView()
    text, lower, lemma, upos, feats = view.text, view.lower, view.lemma, view.upos, view.feats
    deprel, head, start, end, sent = view.deprel, view.head, view.start, view.end, view.sent
    ner_tags: list[str] = []
    for s_idx, sentence in enumerate(doc.sentences):
        base = len(text)
        for token in sentence.tokens:
            t_start, t_end, t_ner = token.start_char, token.end_char, token.ner or "O"
            words = token.words
            for k, word in enumerate(words):
                w_start, w_end = word.start_char, word.end_char
                if w_start is None or w_end is None:
                    w_start, w_end = t_start, t_end
                if w_start is None or w_end is None:
                    raise InputError(f"sentence {s_idx + 1}: token {token.text!r} has no character offsets "
                                     "(start_char/end_char) into the text")
                w_text = word.text or ""
                text.append(w_text)
                lower.append(w_text.lower())
                lemma.append((word.lemma or w_text).lower())
                upos.append(word.upos or "X")
                feats.append(word.feats or "")
                deprel.append(word.deprel or "dep")
                w_head = word.head
                head.append(base + w_head - 1 if w_head else -1)
                start.append(w_start)
                end.append(w_end)
                sent.append(s_idx)
                # the NER tag belongs to the token; only its first word opens a B- span
                ner_tags.append(_word_tag(t_ner, k, len(words)))
        view.sent_bounds.append((base, len(text)))
    n = len(text)
    children: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(head):
        if 0 <= h < n:
            children[h].append(i)
        else:
            head[i] = -1
    view.children = children
    _build_ner(view, ner_tags)
    return view


def _word_tag(tag: str, k: int, n_words: int) -> str:
    """The BIOES tag of word k of a token of n_words words tagged `tag` (NER tags tokens, not words)."""
    if n_words == 1 or tag == "O" or len(tag) < 3:
        return tag
    prefix, label = tag[0], tag[2:]
    opens = prefix in ("B", "S") and k == 0
    closes = prefix in ("E", "S") and k == n_words - 1
    return ("S-" if opens and closes else "B-" if opens else "E-" if closes else "I-") + label


def _build_ner(view: DocView, tags: list[str]) -> None:
    """Read BIOES/BIO tags into NerMention spans (only entity-like types; see _ENTITY_TYPES)."""
    ner_of = [-1] * len(tags)
    current: NerMention | None = None
    for i, tag in enumerate(tags):
        prefix, _, label = tag.partition("-")
        if tag == "O" or not label:
            current = None
            continue
        kind = _ENTITY_TYPES.get(label)
        continues = (prefix in ("I", "E") and current is not None and current.type == kind
                     and current.last == i - 1 and view.sent[current.first] == view.sent[i])
        if kind is None:
            current = None
            continue
        if continues:
            current.last = i
        else:
            current = NerMention(i, i, kind)
            view.ner.append(current)
        ner_of[i] = len(view.ner) - 1
        if prefix in ("E", "S"):
            current = None
    view.ner_of = ner_of


def check_offsets(view: DocView, text: str) -> None:
    """Refuse a parse whose offsets do not point at its words in `text` (a wrong text/CoNLL-U pair)."""
    n = len(view)
    if n == 0:
        return
    if view.end[-1] > len(text):
        raise InputError(f"parse offsets run past the end of the text ({view.end[-1]} > {len(text)} "
                         "characters)")
    step = max(1, n // 50)
    bad = sum(1 for i in range(0, n, step) if text[view.start[i]:view.end[i]] != view.text[i]
              and text[view.start[i]:view.end[i]].replace(" ", "") != view.text[i].replace(" ", ""))
    checked = len(range(0, n, step))
    if bad > max(2, checked // 5):
        raise InputError(f"parse offsets do not match the text ({bad} of {checked} sampled words differ)")
