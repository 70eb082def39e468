"""Quote attribution: each quotation's kind, cue and speaker, from a dependency-parsed document.

Why rules on the parse: attribution in news follows a few syntactic patterns (the subject of a
speech verb, "said Putin", "according to X", "X told reporters: ...", a quote continuing the
previous speaker's) that a UD parse exposes in every language; the lexicons that differ per
language are data (normalise/data/cues.json). Every quote records which rule fired and a
confidence, so users can filter and we can measure each rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from normalise.cues import Lexicon, lexicon
from normalise.docview import DocView, build_view, check_offsets
from normalise.entities import Entity, EntityIndex, Span, _Cluster
from normalise.quotes import LONG_DASHES

_DASHES = frozenset(("-", "--", *LONG_DASHES))  # what signs a quote: "“...” ― Ana Ruiz"

if TYPE_CHECKING:  # pragma: no cover
    from normalise.quotes import QuoteSpan

__all__ = ["Span", "Speaker", "Quote", "Entity", "Attribution", "attribute", "RULE_CONFIDENCE"]


@dataclass(slots=True)
class Speaker(Span):
    """The phrase that names a quote's source, and the entity it refers to (None when unresolved)."""
    entity: str | None = None


@dataclass(slots=True)
class Quote:
    """One quotation (outermost quotes only) with its kind, speaker and cue."""
    text: str
    start: int
    end: int
    kind: str                      # 'direct' | 'partial' | 'term'
    speaker: Speaker | None
    cue: Span | None
    confidence: float
    rule: str


@dataclass(slots=True)
class Attribution:
    """All quotes of a document and the entities their speakers (and the NER) refer to."""
    quotes: list[Quote]
    entities: list[Entity]


# Base confidence of each rule: the share of its speakers that are right on PolNeAR train (matched quotes
# with a gold source, gold Source as annotated: bench/bench_polnear.py --split train, 2026-11-25 21:17 UTC;
# passive-agent fired only 9 times, signature 7 (all right), nearest-subject 28 (15 right);
# paragraph-subject: 4 of 5 after the third round, 21:57 UTC; according-to 79/89 once it also overrides a
# connected cue, fourth round; nearest-name 9/20);
# lowered by 0.2 when the speaker stays unresolved to an entity.
RULE_CONFIDENCE = {
    "subject-of-cue": 0.95, "inverted-cue": 0.97, "passive-agent": 0.44, "according-to": 0.89,
    "colon-intro": 0.93, "signature": 0.9, "neighbour-sentence": 0.53, "continuation": 0.97,
    "paragraph-subject": 0.8,
    "sentence-subject": 0.76, "nearest-subject": 0.5, "nearest-name": 0.45, "none": 0.0,
}
TERM_MAX_WORDS = 4                 # quoted words at most, for a cue-less non-clause to be a term
_UNCONNECTED = 100                 # cue score offset when the cue is not on the quote's tree path
_ADVERBIAL_PENALTY = 3             # tree-distance added to a cue in an adverbial clause beside the quote
_PARAGRAPH_CONTINUATION = 3        # sentences back a paragraph's previous quote keeps its speaker
_ANCESTOR_HOPS = 5                 # how far up a quote without a listed cue looks for a verb with a speaking subject
_COMPLEMENT_DEPRELS = {"ccomp", "xcomp", "csubj"}   # clauses a speaker's verb governs ('worried that ...')
_SPEAKER_DEPRELS = {"det", "amod", "compound", "flat", "nmod", "nmod:poss", "case", "appos", "nummod",
                    "fixed", "conj", "cc", "punct", "goeswith", "det:poss", "det:predet", "obl:npmod",
                    "nmod:npmod", "advmod"}
_CLAUSE_DEPRELS = {"nsubj", "nsubj:pass", "csubj", "cop", "expl", "aux", "aux:pass"}
_SENT_END = ".?!…"
_CLOSING_MARKS = {"”", "’", "\"", "''", "»"}
_DEMONSTRATIVES = {"this", "that", "these", "those"}   # point at things or people only through what follows


def attribute(doc: Any, text: str, lang: str, quotes: Sequence["QuoteSpan"] | None = None) -> Attribution:
    """Attribute the quotes of `text` (parsed as `doc`) to speakers; quotes None -> find_quotes(text, lang).

    doc is a stanza Document whose words carry start_char/end_char into `text`, upos, lemma, head,
    deprel (and token NER). Nested quotes are part of their outer quote and are not reported apart.
    """
    lex = lexicon(lang)
    if quotes is None:
        from normalise.quotes import find_quotes
        quotes = find_quotes(text, lang)
    view = build_view(doc)
    check_offsets(view, text)
    entities = EntityIndex(view, lex, text)
    top = sorted((q for q in quotes if q.depth == 0), key=lambda q: q.open_start)
    worker = _Attributor(view, lex, text, entities, top)
    entities.resolve_subject_pronouns()
    found = [worker.quote(k) for k in range(len(top))]
    ents = entities.finalise()
    out = []
    for quote, cluster in found:
        if quote.speaker is not None and cluster is not None:
            quote.speaker.entity = cluster.id or None
        out.append(quote)
    return Attribution(out, ents)


class _Attributor:
    """Per-document state: the parse view, which words are quoted, the quotes attributed so far."""

    def __init__(self, view: DocView, lex: Lexicon, text: str, entities: EntityIndex,
                 quotes: list["QuoteSpan"]) -> None:
        self.v, self.lex, self.text, self.entities, self.quotes = view, lex, text, entities, quotes
        self.quoted = [-1] * len(view)            # which top quote (marks included) covers each word
        self.inner: list[range] = []
        for k, q in enumerate(quotes):
            for i in view.words_in(q.open_start, q.close_end):
                self.quoted[i] = k
            self.inner.append(view.words_in(q.start, q.end))
        self.results: list[tuple[Quote, _Cluster | None]] = []
        self.relative_mention: int | None = None
        entities.quoted = self.quoted

    # ---- one quote ---------------------------------------------------------------------------
    def quote(self, k: int) -> tuple[Quote, _Cluster | None]:
        q, v = self.quotes[k], self.v
        self.relative_mention = None
        inside = [i for i in self.inner[k] if v.upos[i] != "PUNCT"]
        content = self.text[q.start:q.end]
        if not inside:
            return self._done(Quote(content, q.start, q.end, "term", None, None, 0.0, "none"), None)
        s_first, s_last = v.sent[inside[0]], v.sent[inside[-1]]
        s_last = self._split_after_quote(q, s_last)
        lo, hi = v.sent_bounds[s_first][0], v.sent_bounds[s_last][1]
        outside = [i for i in range(lo, hi) if self.quoted[i] < 0 and v.upos[i] != "PUNCT"]
        qhead = self._quote_head(inside, {v.sent[i] for i in outside})
        clause = self._is_clause(inside, qhead, content)
        self._span_of_head = (inside[0], inside[-1])
        cues = self._rank_cues(outside, qhead)
        if not cues:
            cues = self._governing_verb(outside, qhead, inside)
        if not cues and any(i < inside[0] for i in outside):
            cues = self._ancestor_verb(qhead)
        cue, cue_score = cues[0] if cues else (None, 1 << 30)
        connected = cue is not None and cue_score < _UNCONNECTED
        according = self._according_to(outside)
        if according is None and not connected:
            according = self._name_colon(s_first)
        elif according is None:
            # digest 'Pollsters agree - Carl Bialik: “...”': the name after the dash introduces the quote, not the
            # cue of the item's headline before the dash
            s_lo, s_hi = v.sent_bounds[s_first]
            after = self._after_dash(s_lo, s_hi)
            if after > s_lo and cue < after:
                according = self._name_colon(s_first)
        colon = self._colon_before(q.open_start)

        kind = self._kind(q, inside, outside, clause, connected or according is not None, colon, lo)
        if kind == "term":
            return self._done(Quote(content, q.start, q.end, "term", None, None, 0.0, "none"), None)

        speaker = rule = None
        cue_word = None
        if according is not None:
            # 'according to X' names the source even beside a connected cue ('“...,” Obama said, according to a
            # pool report'): X reports the speaker's words and vouches for them, the nested attribution that news
            # corpora (PolNeAR) name as the source; measured on train (+37, 42 fixed, 5 lost)
            speaker, cue_word = according, None
            rule = "according-to" if self._name_colon_head != according else "colon-intro"
        elif cue is not None:
            # a partial quote, or a whole clause quoted inside the narrator's reported clause ('Ryan said it is
            # unrealistic to think that “our oceans are going to save us.”', also after a colon: 'Goldberg imagined
            # Christie was thinking: “My God, what have I done?”'): the outermost reporter
            if connected and (kind == "partial" or (cue < inside[0] and any(i < inside[0] for i in outside))):
                cue = self._outer_cue(cue)
            outlet = self._outlet_report(cues, cue)
            if outlet is not None:
                cue = outlet                 # '“...,” Trump said, the Times reported': the outlet relays the words
            speaker = None
            if cue > inside[-1] and not any(v.deprel[c].startswith("nsubj") and c < cue for c in v.children[cue]):
                # '- “...,” Mr. Elkins said -' with the name hung on the quote and the cue elsewhere: the name
                # alone between the quote and its cue speaks, before any climb to a governor's subject
                speaker, rule = self._name_between(inside[-1], cue)
            if speaker is None and kind == "direct" and cue > inside[-1] and not any(v.deprel[c].startswith("nsubj") for c in v.children[cue]):
                speaker, rule = self._inverted_object(cue, inside[-1])
            if speaker is None:
                speaker, rule = self._subject(cue)
            cue_word = cue
            if speaker is not None and (not self._can_speak(speaker) or v.lower[speaker] in ("i", "we")):
                # "the poll shows ...": try the other connected cues for someone who can speak; so does a narrator's
                # first person ("Trump said, and I quote, “...”": the writer frames the words, Trump said them)
                for other, score in cues[1:]:
                    if score >= _UNCONNECTED and cue_score < _UNCONNECTED:
                        break
                    sp2, rule2 = self._subject(other)
                    if sp2 is not None and self._can_speak(sp2) and v.lower[sp2] not in ("i", "we"):
                        speaker, rule, cue_word = sp2, rule2, other
                        break
            if speaker is not None and speaker > cue and (not self._can_speak(speaker) or v.upos[speaker] == "NOUN"):
                # "said Jon Meacham, author of a biography ...", parsed with the biography as subject; a description
                # in apposition right after the name ("said Jon Meacham, a biographer") gives way to the name too
                named = next((i for i in range(cue + 1, speaker) if self.quoted[i] < 0 and v.upos[i] == "PROPN"
                              and self._can_speak(i)), None)
                if named is not None and self._can_speak(speaker) and not (
                        "," in [v.text[i] for i in range(named, speaker)]
                        and all(v.upos[i] in ("PUNCT", "DET", "ADJ", "NOUN", "PROPN") for i in range(named, speaker))):
                    named = None
                if named is not None:
                    while v.deprel[named] in ("compound", "flat", "flat:name") and cue < v.head[named] < speaker:
                        named = v.head[named]
                    speaker = named
            if speaker is None and cue > inside[-1]:
                speaker, rule = self._inverted_object(cue, inside[-1])
            if speaker is None:
                speaker, rule = self._adjacent_subject(cue)
            if speaker is None and cue > inside[-1]:
                speaker, rule = self._name_between(inside[-1], cue)
            if rule == "subject-of-cue" and colon and cue < inside[0]:
                rule = "colon-intro"
        if speaker is None and according is None and connected:
            # headline style 'Bernie Sanders: ‘It Is Not A Radical Idea’ To Ask ...': a cue after the quote
            # without a subject leaves the verbless name before the colon
            named = self._name_colon(s_first)
            if named is not None:
                speaker, rule, cue_word = named, "colon-intro", None
        if speaker is None and colon:
            speaker, rule, cue_word = self._colon_intro(q.open_start, inside[0])
        if speaker is None and cue is None:
            speaker = self._signature(q.close_end)
            rule = "signature" if speaker is not None else None
        if speaker is None and (kind == "direct" or not outside or cue is None):
            speaker, rule, cue_word, cluster = self._neighbours(k, s_first, s_last)
            if speaker is not None:
                return self._finish(q, content, kind, speaker, cue_word, rule, cluster)
        if speaker is None:
            speaker, cue_word = self._sentence_subject(inside[0])
            rule = "sentence-subject"
        if speaker is None:
            speaker = self._nearest_subject(inside, lo, hi)
            rule = "nearest-subject"
        if speaker is None:
            start = lo
            if s_first > 0 and v.text[lo][:1].islower():
                start = v.sent_bounds[s_first - 1][0]   # a sentence opening in lower case was cut off the previous one
            speaker = self._nearest_name(inside, start, hi)
            rule = "nearest-name"
        if speaker is None:
            return self._finish(q, content, kind, None, cue_word if connected else None, "none", None)
        first, last = self._phrase(speaker)
        cluster = self.entities.resolve(speaker, first, last)
        if cluster is not None and self.relative_mention is not None:
            self.entities.add_mention(cluster, self.relative_mention)
        return self._finish(q, content, kind, (speaker, first, last), cue_word, rule, cluster)

    def _split_after_quote(self, q: "QuoteSpan", s_last: int) -> int:
        """Take in the sentence a splitter cut off after '?”' / '!”' ('“Really?” Trump said.'): it holds the cue;
        not when that cue introduces the next quote after a colon ('“A.” | Mr. Zahed said: “B.”')."""
        v = self.v
        nxt = s_last + 1
        if nxt >= len(v.sent_bounds):
            return s_last
        lo, hi = v.sent_bounds[nxt]
        first = next((i for i in range(lo, hi) if self.quoted[i] < 0 and v.upos[i] != "PUNCT"), None)
        if first is None:
            return s_last
        own = self.quoted[v.word_at(q.close_end - 1)]
        if any(v.text[i] == ":" and self.quoted[i] < 0 and i + 1 < hi and self.quoted[i + 1] not in (-1, own)
               for i in range(first, min(hi, first + 8))):
            return s_last                        # '“A.” | Mr. Zahed said: “B.”': the cue introduces the next quote
        if v.start[first] > q.close_end + 2 or self.text[q.close_end:v.start[first]].strip(" ,—–-"):
            # '“...,” Sen. Marco Rubio (R-Fla.) | said Saturday': a verbless name between quote and split
            rest = [i for i in range(v.word_at(q.close_end - 1) + 1, lo) if v.upos[i] != "PUNCT"]
            if rest and len(rest) <= 8 and all(self.quoted[i] < 0 and v.upos[i] not in ("VERB", "AUX") for i in rest) \
                    and any(v.lemma[i] in self.lex.verbs and v.upos[i] == "VERB" for i in range(first, min(hi, first + 3))):
                return nxt
            return s_last
        if any(v.lemma[i] in self.lex.verbs and v.upos[i] == "VERB" and (i < first + 4 or v.head[i] == -1)
               for i in range(first, hi)):
            return nxt                           # "... Trump said Friday." -- a cue opening it, or its root
        if v.upos[first] == "VERB" and first + 1 < hi and v.upos[first + 1] in ("PROPN", "DET", "PRON"):
            return nxt                           # '“Fantastic!” | beamed Donald Hartley.'
        root = next((i for i in range(first, min(hi, first + 5)) if v.head[i] == -1 and v.upos[i] == "VERB"), None)
        if root is not None and any(v.deprel[c] == "nsubj" and c < root and self._can_speak(c) for c in v.children[root]):
            return nxt                           # '“Really?” | Silverman interjected.'
        return s_last

    def _finish(self, q, content, kind, speaker, cue, rule, cluster) -> tuple[Quote, _Cluster | None]:
        v, text = self.v, self.text
        sp = None
        if speaker is not None:
            _, first, last = speaker
            sp = Speaker(text[v.start[first]:v.end[last]], v.start[first], v.end[last])
        cue_span = self._cue_span(cue) if cue is not None else None
        conf = RULE_CONFIDENCE.get(rule, 0.5)
        if sp is not None and cluster is None:
            conf -= 0.2
        if kind == "partial" and sp is None:
            conf = 0.0
        return self._done(Quote(content, q.start, q.end, kind, sp, cue_span, round(max(conf, 0.0), 2), rule),
                          cluster)

    def _done(self, quote: Quote, cluster: _Cluster | None) -> tuple[Quote, _Cluster | None]:
        self.results.append((quote, cluster))
        return quote, cluster

    # ---- kind ----------------------------------------------------------------------------------
    def _quote_head(self, inside: list[int], narrated: set[int]) -> int:
        """The quoted word nearest its sentence root whose head lies outside the quote. A quote running over
        several sentences hangs on the narration in a sentence the narrator shares ('X emphasized, “A. B.”'):
        a head there goes before the root of a wholly quoted sentence, which has no cue to connect to."""
        v = self.v
        lo, hi = inside[0], inside[-1]
        best = inside[0]
        best_key = (True, 1 << 30)
        for i in inside:
            h = v.head[i]
            if h < lo or h > hi or h == -1:
                depth = 0
                while h != -1 and depth < 50:
                    h = v.head[h]
                    depth += 1
                key = (v.sent[i] not in narrated, depth)
                if key < best_key:
                    best, best_key = i, key
        return best

    def _is_clause(self, inside: list[int], qhead: int, content: str) -> bool:
        """Does the quote hold a whole clause (direct), not words of the narrator's clause (partial)?"""
        v = self.v
        lo, hi = inside[0], inside[-1]
        core = [c for c in v.children[qhead] if v.deprel[c] in _CLAUSE_DEPRELS]
        if any(not lo <= c <= hi for c in core):
            return False                      # its subject/copula/auxiliary are the narrator's words
        if core or v.upos[qhead] in ("VERB", "AUX"):
            return True
        stripped = content.rstrip()
        return len(inside) >= 4 and bool(stripped) and stripped[-1] in _SENT_END + "," and stripped[:1].isupper()

    def _kind(self, q, inside, outside, clause, has_cue, colon, sent_start) -> str:
        if not outside:
            return "direct"
        starts_sentence = not any(i < inside[0] for i in outside)
        if (clause and (has_cue or colon or starts_sentence)) or (starts_sentence and has_cue):
            return "direct"
        if not has_cue and not clause and len(inside) <= TERM_MAX_WORDS:
            return "term"
        if clause and self.text[q.start:q.start + 1].isupper() and has_cue:
            return "direct"
        return "partial"

    # ---- cues ----------------------------------------------------------------------------------
    def _outer_cue(self, cue: int) -> int:
        """A partial quote inside a reported clause ('Rubio said Democrats called the plan “a hammock”'): the
        outermost verb above `cue` (through complement clauses, ccomp/xcomp/csubj, at most 3 levels) whose subject
        can speak, a listed cue or not ('Mr. Bush wants voters to know he called it “a fairy tale”': the holder of
        the reported attitude). Why: the reporter at the top vouches for the words quoted in the clause he reports,
        which is how news attribution corpora (PolNeAR) name the source of nested quoted words. An adverbial
        clause is a speech event of its own ('While Comey said it was “careless,” he said ...'): no climb."""
        v = self.v
        node, hops, best = cue, 0, cue
        while node != -1 and hops < 3 and v.deprel[node].split(":")[0] in ("ccomp", "xcomp", "csubj"):
            node, hops = v.head[node], hops + 1
            if node != -1 and self.quoted[node] < 0 and v.upos[node] == "VERB":
                subj = next((c for c in v.children[node] if v.deprel[c] == "nsubj" and self.quoted[c] < 0), None)
                if subj is not None and self._can_speak(subj):
                    best = node
        return best

    def _outlet_report(self, cues: list[tuple[int, int]], cue: int) -> int | None:
        """Another cue of the quote's sentences that is an organisation's active 'report' ('..., the Times reported',
        'As Breitbart News reported, ...'): like 'according to X', the outlet relaying the words is the nested
        source news corpora (PolNeAR) name; not a passive one ('first reported by MSNBC') or one in a relative clause."""
        v = self.v
        for c, _ in cues:
            if c == cue or v.lemma[c] != "report" or v.upos[c] != "VERB" or v.deprel[c].startswith("acl") \
                    or any(v.deprel[x] in ("aux:pass", "nsubj:pass") for x in v.children[c]):
                continue
            source, _ = self._subject(c)
            if source is None:               # 'reported the Washington Examiner', parsed as an object
                source = next((x for x in v.children[c] if x > c and v.deprel[x].split(":")[0] in ("obj", "nsubj", "dep")), None)
            if source is not None and v.ner_of[source] >= 0 and v.ner[v.ner_of[source]].type == "ORG":
                return c
        return None

    def _governing_verb(self, outside: list[int], qhead: int, inside: list[int]) -> list[tuple[int, int]]:
        """No listed cue: a quote opening its sentence takes the verb it hangs on ('“Fantastic!” beamed Hartley')."""
        v = self.v
        if any(i < inside[0] for i in outside):
            return []
        h = v.head[qhead]
        if h != -1 and self.quoted[h] < 0 and v.upos[h] == "VERB":
            return [(h, 1)]
        for c in v.children[qhead]:          # the narrator's verb attached to the quote (parataxis)
            if self.quoted[c] < 0 and v.upos[c] == "VERB" and c > inside[-1] and \
                    any(v.deprel[g].startswith("nsubj") for g in v.children[c]):
                return [(c, 1)]
        after = [i for i in outside if i > inside[-1] and v.sent[i] != v.sent[qhead]]
        for i in after[:5]:                  # the quote's own sentence was split off before its verb
            if v.upos[i] == "VERB":
                return [(i, 1)]

        return []

    def _ancestor_verb(self, qhead: int) -> list[tuple[int, int]]:
        """Quoted words with no listed cue ('Moore thanked him for “stepping up”'): the verb they depend on,
        when its subject can speak; the caller's term test still applies."""
        v = self.v
        h, d = v.head[qhead], 1
        while h != -1 and d <= _ANCESTOR_HOPS:
            if self.quoted[h] < 0 and v.upos[h] == "VERB":
                subj = [c for c in v.children[h] if v.deprel[c] == "nsubj" and self.quoted[c] < 0]
                if subj and self._can_speak(subj[0]):
                    return [(h, _UNCONNECTED)]
                if v.deprel[h].split(":")[0] not in _COMPLEMENT_DEPRELS:
                    return []
                # "Ryan worried that the net was becoming “a hammock ...”": the thing is not the speaker;
                # the clause is a complement, so the verb that governs it may have one
            h, d = v.head[h], d + 1
        return []

    def _adverbial(self, c: int, top: int) -> bool:
        """Is cue `c` inside an adverbial clause (advcl with a subordinator: after, when, while, as ...) whose
        top node is `top` or below it? Such a clause reports another speech event than the quote's."""
        v = self.v
        node, hops = c, 0
        while node != -1 and hops < 30:
            if v.deprel[node].split(":")[0] == "advcl" and any(v.deprel[m] == "mark" for m in v.children[node]):
                return True
            if node == top:
                return False
            node, hops = v.head[node], hops + 1
        return False

    def _rank_cues(self, outside: list[int], qhead: int) -> list[tuple[int, int]]:
        """Cue words among `outside`, nearest the quote's head in the tree first (score = path length)."""
        v, verbs = self.v, self.lex.verbs
        ranked: list[tuple[int, int]] = []
        up = {}
        h, d = qhead, 0
        while h != -1 and d < 30:
            up[h] = d
            h, d = v.head[h], d + 1
        for c in outside:
            if v.lemma[c] not in verbs or v.upos[c] not in ("VERB", "AUX", "NOUN") or \
                    (v.upos[c] == "NOUN" and v.lemma[c] not in self.lex.nouns):
                continue
            if c in up:                                   # the cue governs the quote
                score = up[c]
            else:
                score = None
                h, d = v.head[c], 1                        # the quote governs the cue ("..., he said")
                side = c                                   # the node of the cue's branch just under h
                while h != -1 and d < 30:
                    if h in up:
                        score = d + up[h] + (1 if h != qhead else 0)
                        break
                    side, h, d = h, v.head[h], d + 1
                if score is not None and self._adverbial(c, side):
                    score += _ADVERBIAL_PENALTY            # "After Brown criticized ..., Hillary shot back, “...”"
                if score is None or v.sent[c] != v.sent[qhead]:
                    score = _UNCONNECTED + abs(c - qhead)
            ranked.append((c, score + (3 if v.upos[c] == "NOUN" else 0)))
        # equally near in the tree: the cue nearest the quote in the text ("After Beck asked ..., D'Souza
        # replied, “...”" parsed with both clauses under the quote's root)
        lo, hi = self._span_of_head
        ranked.sort(key=lambda cs: (cs[1], lo - cs[0] if cs[0] < lo else cs[0] - hi))
        return ranked

    def _subject(self, cue: int) -> tuple[int | None, str | None]:
        """The speaker of a cue verb: its subject, its passive agent, or its governor's subject."""
        v, lex = self.v, self.lex
        node, climbed = cue, 0
        if v.upos[cue] == "NOUN":                     # "Trump's comments", "an email from Abedin", "in a statement"
            for c in v.children[cue]:
                rel = v.deprel[c]
                if rel == "nmod:poss" and self.quoted[c] < 0:
                    return c, "subject-of-cue"
                if rel.startswith("nmod") and any(v.deprel[g] == "case" and v.lower[g] in ("by", "from", "of", "von", "de", "від", "от")
                                                  for g in v.children[c]) and v.upos[c] in ("PROPN", "NOUN", "PRON"):
                    return c, "subject-of-cue"
            node = v.head[cue]
            if node == -1:
                return None, None
        while node != -1 and climbed <= 3:
            passive = climb_to = None
            subjects = []
            for c in v.children[node]:
                rel = v.deprel[c]
                if rel == "nsubj" or rel == "csubj":
                    if v.lower[c] in lex.relative and v.deprel[node].startswith("acl") and v.head[node] != -1:
                        h = v.head[node]
                        if self._can_speak(h) or v.head[h] == -1 or (v.upos[h] == "NOUN" and v.lower[c] == "who"):
                            self.relative_mention = c           # "Sanders, who said": "who" is Sanders too
                            return h, "subject-of-cue"
                        climb_to = v.head[h]                    # "Trump released a video that said": Trump
                        break
                    if self.quoted[c] < 0 and v.lemma[c] not in lex.time_words \
                            and not (v.lower[c] == "it" and node != cue
                                     and any(v.deprel[g] == "cop" for g in v.children[node])):
                        subjects.append(c)   # not "X last week said"; not "it was “premature”" above the cue
                if rel == "nsubj:pass":
                    passive = c
            if subjects and climb_to is None:
                # several subjects (a parser's mistake): the one that can speak, nearest the cue
                c = min(subjects, key=lambda x: (not self._can_speak(x), abs(x - node)))
                if v.upos[c] == "NUM":
                    # a numbered list item, '4. Gina Rodriguez Questioned ...', parsed with the number as subject
                    c = next((g for g in v.children[c] if v.deprel[g] in ("dep", "appos", "flat", "compound")
                              and self._can_speak(g) and v.ner_of[g] >= 0), c)
                return c, ("inverted-cue" if c > node else "subject-of-cue")
            if climb_to is not None:
                node, climbed = climb_to, climbed + 1
                continue
            if passive is not None:
                if climbed and node != cue and self.quoted[passive] < 0 and self._can_speak(passive):
                    return passive, "subject-of-cue"     # "X was booed after telling ...": X tells
                agent = self._agent(node)
                if agent is not None:
                    return agent, "passive-agent"
                if v.lemma[node] in ("quote", "cite") and self.quoted[passive] < 0:
                    return passive, "passive-agent"
                return None, None
            rel = v.deprel[node]
            base = rel.split(":")[0]
            if base == "acl" and v.head[node] != -1:
                h = v.head[node]
                # "a statement saying ..." -> who made it; "responded on Twitter, calling ...": a noun in a
                # prepositional phrase is where or to whom it was said, not who said it
                in_pp = v.deprel[h].split(":")[0] in ("obl", "nmod") and any(v.deprel[g] == "case" for g in v.children[h])
                # "Sanders endorsed Mrs. Clinton, saying ...": a participle set off by a comma after the object
                # is a free adjunct of the clause (the subject speaks), which parsers hang on the object
                before = node - 1
                while before > h and v.text[before] in _CLOSING_MARKS:
                    before -= 1               # 'needled the CNN “reporter,” saying'
                adjunct = v.deprel[h] in ("obj", "iobj") and node > h and v.text[before] == "," \
                    and v.lower[node].endswith("ing")
                if (not self._can_speak(h) or in_pp or adjunct) and v.head[h] != -1:
                    node, climbed = v.head[h], climbed + 1
                    continue
                return h, "subject-of-cue"
            if base in ("xcomp", "conj", "advcl", "ccomp", "parataxis", "dep") and v.head[node] != -1:
                node, climbed = v.head[node], climbed + 1
                continue
            if v.head[node] == -1:
                return self._subject_split_off(node)
            break
        return None, None

    def _subject_split_off(self, root: int) -> tuple[int | None, str | None]:
        """A subjectless sentence whose subject a splitter cut off ('Sen. Pat Toomey (R-Pa.) | refused ...'):
        the previous sentence is a verbless name that can speak."""
        v = self.v
        s = v.sent[root]
        if s == 0 or root - v.sent_bounds[s][0] > 3:
            return None, None
        lo, hi = v.sent_bounds[s - 1]
        last_quoted = max((i for i in range(lo, hi) if self.quoted[i] >= 0), default=lo - 1)
        start = last_quoted + 1
        for i in range(hi - 1, start - 1, -1):        # "In a fiery takedown, Sen. X (I-Vt.)": after the last comma
            if v.text[i] in (",", ";", ":", "—", "–"):
                start = i + 1
                break
        words = [i for i in range(start, hi) if v.upos[i] != "PUNCT"]   # after any quote
        if not words or len(words) > 8 or any(v.upos[i] in ("VERB", "AUX") for i in words) or \
                any(self.quoted[i] >= 0 for i in words):
            return None, None
        head = next((i for i in words if v.head[i] == -1 or not words[0] <= v.head[i] <= words[-1]), words[0])
        if self._can_speak(head) and v.upos[head] in ("PROPN", "NOUN"):
            return head, "subject-of-cue"
        return None, None

    def _inverted_object(self, cue: int, last_inside: int) -> tuple[int | None, str | None]:
        """'“...” said the businessman' parsed with the speaker as object: a speaking dependent after the cue."""
        v = self.v
        between = [i for i in range(last_inside + 1, cue) if self.quoted[i] < 0 and v.upos[i] != "PUNCT"]
        if between:
            return None, None
        for c in v.children[cue]:
            if c > cue and v.deprel[c].split(":")[0] in ("obj", "iobj", "dep", "nsubj", "appos", "obl", "xcomp") \
                    and self.quoted[c] < 0 and (self._can_speak(c) or (c == cue + 1 and v.text[c][:1].isupper()
                                                                        and v.upos[c] in ("ADJ", "NOUN", "X"))):
                return c, "inverted-cue"             # (a name the tagger took for an adjective: "said Devine")
        return None, None

    def _sentence_subject(self, word: int) -> tuple[int | None, int | None]:
        """Last resort: the speaking subject of the main verb of the quote's sentence ('Congress laid out ...')."""
        v = self.v
        lo, hi = v.sent_bounds[v.sent[word]]
        root = next((i for i in range(lo, hi) if v.head[i] == -1), None)
        if root is None or self.quoted[root] >= 0:
            return None, None
        for c in v.children[root]:
            if v.deprel[c] == "nsubj" and self.quoted[c] < 0 and self._can_speak(c) and \
                    v.lower[c] not in self.lex.relative:
                return c, root
        return None, None

    def _nearest_subject(self, inside: list[int], lo: int, hi: int) -> int | None:
        """Last resort before giving up: the speaking subject of any clause of the quote's sentence, the one
        nearest the quote (before it first); quoted words are usually some participant's."""
        v = self.v
        return self._nearest(inside, (
            i for i in range(lo, hi)
            if self.quoted[i] < 0 and v.deprel[i].startswith("nsubj") and v.lower[i] not in self.lex.relative
            and self._can_speak(i) and v.upos[i] in ("PROPN", "NOUN", "PRON")))

    def _nearest_name(self, inside: list[int], lo: int, hi: int) -> int | None:
        """Last resort before giving up: the named person or organisation (NER) of the quote's sentences nearest
        the quote, before it first; a quote with no speaker at all is always wrong, a participant often right."""
        v = self.v

        def is_name_head(i: int) -> bool:  # one candidate per PERSON/ORG mention: its head word
            n = v.ner_of[i]
            if self.quoted[i] >= 0 or n < 0 or v.ner[n].type not in ("PERSON", "ORG"):
                return False
            m = v.ner[n]
            return i == next((w for w in range(m.first, m.last + 1) if not m.first <= v.head[w] <= m.last), m.last)

        return self._nearest(inside, filter(is_name_head, range(lo, hi)))

    @staticmethod
    def _nearest(inside: list[int], candidates: Iterable[int]) -> int | None:
        """The candidate word nearest the quote, those before it first (ties: the first in the text)."""
        return min(candidates, key=lambda i: (i > inside[0], abs(i - inside[0])), default=None)

    def _adjacent_subject(self, cue: int) -> tuple[int | None, str | None]:
        """A parenthetical ', Xi said,' the parser left without nsubj: the speaking name just before the cue."""
        v = self.v
        i = cue - 1
        while i >= 0 and v.sent[i] == v.sent[cue] and v.upos[i] in ("AUX", "ADV", "PART"):
            i -= 1
        if i < 0 or v.sent[i] != v.sent[cue] or self.quoted[i] >= 0:
            return None, None
        if v.upos[i] in ("PROPN", "PRON", "NOUN") and self._can_speak(i) and v.lower[i] not in self.lex.relative:
            while v.head[i] > i and v.head[i] < cue and v.deprel[i] in ("compound", "flat", "flat:name"):
                i = v.head[i]
            return i, "subject-of-cue"
        j = cue - 1
        if j >= 1 and v.sent[j] == v.sent[cue] and v.text[j][:1].isupper() and v.text[j].isalpha() \
                and self.quoted[j] < 0 and (self.quoted[j - 1] >= 0 or v.text[j - 1] in (",", "—", "–")) \
                and v.lower[j] not in self.lex.relative and v.lemma[j] not in self.lex.time_words \
                and v.upos[j] not in ("PRON", "DET") and v.text[cue][:1].islower():   # (not title case)
            return j, "subject-of-cue"        # '“...,” From said': a capitalised word the tagger took for a preposition
        return None, None

    def _name_between(self, last_inside: int, cue: int) -> tuple[int | None, str | None]:
        """'“...,” Robert Shrum, a veteran strategist, said' with the name attached to the quote by the parser:
        the words between the quote and its cue are only a name (with an apposition), so the name speaks."""
        v = self.v
        between = [i for i in range(last_inside + 1, cue) if v.upos[i] != "PUNCT"]
        if not between or len(between) > 12 or any(self.quoted[i] >= 0 or v.upos[i] in ("VERB", "AUX", "SCONJ")
                                                   for i in between):
            return None, None
        first = between[0]
        if v.lower[first] in self.lex.titles and len(between) > 1:
            first = between[1]                # "Mr. Elkins": the title is outside the NER mention
        n = v.ner_of[first]
        if n < 0 or v.ner[n].type not in ("PERSON", "ORG", "GPE", "NORP"):
            last = between[-1]
            if len(between) <= 4 and v.upos[between[0]] == "DET" and \
                    all(v.upos[i] in ("DET", "ADJ", "NUM", "NOUN") for i in between) and \
                    (v.upos[last] == "NUM" or (v.upos[last] == "NOUN" and self._can_speak(last))):
                return last, "subject-of-cue"     # '“...,” the two write', '“...,” the person added'
            return None, None
        mention = v.ner[n]
        head = next((w for w in range(mention.first, mention.last + 1)
                     if not mention.first <= v.head[w] <= mention.last), mention.last)
        return head, "subject-of-cue"

    def _can_speak(self, i: int) -> bool:
        """A person or organisation (by NER, name, pronoun or description word), not a thing ('a video')."""
        v, lex = self.v, self.lex
        n = v.ner_of[i]
        if n >= 0:
            return v.ner[n].type in ("PERSON", "ORG", "GPE", "NORP")
        if v.lemma[i] in lex.time_words:
            return False                      # "on Wednesday", "last week": a PROPN or a subject by mistake
        if v.lower[i] in _DEMONSTRATIVES:
            return False                      # "urging those calling for ...", "that is the textbook definition"
        if v.lower[i] == "another" and v.deprel[i].startswith("nsubj"):
            return True                       # "Another said he hoped ...": a person of a group named before
        if v.upos[i] in ("PROPN",) or (v.upos[i] == "PRON" and v.lower[i] not in lex.relative):
            return True
        if v.lemma[i] in lex.person_words or v.lemma[i] in lex.org_words:
            return True
        # "the novelist Mario Vargas Llosa", "the group, Human Rights Watch": a noun naming a person or organisation
        return v.upos[i] == "NOUN" and any(
            v.deprel[c] in ("appos", "flat", "dep") and v.ner_of[c] >= 0
            and v.ner[v.ner_of[c]].type in ("PERSON", "ORG") for c in v.children[i])

    def _agent(self, verb: int) -> int | None:
        v = self.v
        for c in v.children[verb]:
            rel = v.deprel[c]
            if rel in ("obl:agent", "nmod:agent"):
                return c
            if rel == "obl" and any(v.deprel[g] == "case" and v.lower[g] in ("by", "von", "par", "durch")
                                    for g in v.children[c]):
                return c
        return None

    def _according_to(self, outside: list[int]) -> int | None:
        """The source named by an 'according to X' phrase among the words outside the quote."""
        v = self.v
        if not outside:
            return None
        for pattern in self.lex.according_to:
            n = len(pattern)
            for pos in range(len(outside) - n + 1):
                if v.lower[outside[pos]] != pattern[0] and pattern[0] != "*":
                    continue
                if all(p == "*" or v.lower[outside[pos + j]] == p for j, p in enumerate(pattern)):
                    words = outside[pos:pos + n]
                    found = self._according_source(words)
                    if found is not None:
                        return found
        return None

    def _according_source(self, words: list[int]) -> int | None:
        v = self.v
        phrase = set(words)
        nominal = ("NOUN", "PROPN", "PRON")
        last = words[-1]
        for i in range(last + 1, min(len(v), last + 4)):           # a name right after the phrase
            if v.sent[i] != v.sent[last] or self.quoted[i] >= 0 or v.upos[i] == "PUNCT":
                break
            n = v.ner_of[i]
            if n >= 0 and v.ner[n].type in ("PERSON", "ORG", "GPE", "NORP"):
                mention = v.ner[n]
                return next((w for w in range(mention.first, mention.last + 1)
                             if not mention.first <= v.head[w] <= mention.last), mention.last)
        h = v.head[words[0]]
        if h != -1 and h not in phrase and v.upos[h] in nominal:  # "according to X": case -> X
            return h
        for c in v.children[words[-1]]:                           # "за словами X": X nmod of словами
            if c not in phrase and v.upos[c] in nominal and v.deprel[c].split(":")[0] in ("nmod", "obl", "obj"):
                return c
        for c in v.children[words[0]]:
            if c not in phrase and v.upos[c] in nominal and v.deprel[c].split(":")[0] in ("nmod", "obl", "obj", "nsubj"):
                return c
        last = words[-1]                                          # fall back on the next nominal
        for i in range(last + 1, min(len(v), last + 6)):
            if v.sent[i] != v.sent[last] or self.quoted[i] >= 0:
                break
            if v.upos[i] in nominal:
                while v.head[i] != -1 and v.deprel[i] in ("compound", "flat", "amod", "det") and v.head[i] > i:
                    i = v.head[i]
                return i
        return None

    # ---- colon introductions and neighbours ----------------------------------------------------------
    _name_colon_head: int | None = None

    def _name_colon(self, s: int) -> int | None:
        """A sentence opening with a verbless name and a colon (headline style 'Putin: ...') names the speaker."""
        v = self.v
        lo, hi = v.sent_bounds[s]
        lo = self._after_dash(lo, hi)
        for i in range(lo, min(hi, lo + 8)):
            if v.text[i] == ":" and i > lo:
                words = [w for w in range(lo, i) if v.upos[w] != "PUNCT"]
                if not words or self.quoted[words[0]] >= 0 or any(v.upos[w] in ("VERB", "AUX") for w in words) \
                        or not any(v.upos[w] in ("PROPN", "NOUN") for w in words):
                    return None
                head = max(words, key=lambda w: (v.upos[w] in ("PROPN", "NOUN"), not (lo <= v.head[w] < i), w))
                self._name_colon_head = head
                return head
            if self.quoted[i] >= 0:
                return None
        return None

    def _after_dash(self, lo: int, hi: int) -> int:
        """'HEADLINE OF THE ITEM - Jane Roe: “...”' (digests): the name after the last dash before a colon."""
        v = self.v
        colon = next((i for i in range(lo, hi) if v.text[i] == ":" or self.quoted[i] >= 0), None)
        if colon is None or v.text[colon] != ":":
            return lo
        dash = max((i for i in range(lo, colon) if v.text[i] in ("-", "–", "—", "--")), default=None)
        return dash + 1 if dash is not None and colon - dash > 1 else lo

    def _colon_before(self, offset: int) -> bool:
        i = offset - 1
        text = self.text
        while i >= 0 and text[i] in " \t\r\n\u00a0":
            i -= 1
        return i >= 0 and text[i] == ":"

    def _colon_intro(self, open_start: int, first_inside: int) -> tuple[int | None, str | None, int | None]:
        """'X told reporters: «...»' where the verb before the colon is no listed cue: its subject speaks."""
        v = self.v
        i = v.word_at(open_start - 1)
        while i >= 0 and (v.upos[i] == "PUNCT" or self.quoted[i] >= 0) and i > first_inside - 200:
            i -= 1
        if i < 0:
            return None, None, None
        lo = v.sent_bounds[v.sent[i]][0]
        for w in range(i, lo - 1, -1):
            if self.quoted[w] < 0 and v.upos[w] in ("VERB", "AUX") and v.deprel[w] in ("root", "parataxis", "conj"):
                speaker, _ = self._subject(w)
                if speaker is not None:
                    return speaker, "colon-intro", w
        # the clause before the colon hangs oddly ('The board was conclusive in its findings: “...”' with the
        # quote as the root): the nearest predicate before the colon with a nominal subject of its own
        for w in range(i, lo - 1, -1):
            if self.quoted[w] >= 0:
                break
            subj = next((c for c in v.children[w] if v.deprel[c] in ("nsubj", "nsubj:pass") and self.quoted[c] < 0
                         and c < i and v.upos[c] in ("NOUN", "PROPN", "PRON") and v.lower[c] not in self.lex.relative
                         and v.lemma[c] not in self.lex.time_words), None)
            if subj is not None:              # (an adjective or noun predicate is no cue word)
                return subj, "colon-intro", w if v.upos[w] == "VERB" else None
        return None, None, None

    def _neighbours(self, k: int, s_first: int, s_last: int):
        """A cue-less quote: the previous quote's speaker when adjacent, else a cue in a neighbouring sentence."""
        v = self.v
        prev = self._previous_attributed(k)
        if prev is not None:
            quote, cluster, prev_sent = prev
            if s_first - prev_sent <= 1:
                named = None if self._same_paragraph(quote.end, self.quotes[k].start) else self._named_subject(s_first, s_last)
                if named is not None:
                    first, last = self._phrase(named)
                    c2 = self.entities.resolve(named, first, last)
                    if c2 is not cluster:
                        # '“A.” ⏎ Or, as Tom Ridge put it: “B.”': a new paragraph whose narration names its own
                        # subject has changed the speaker
                        verb = v.head[named] if v.upos[v.head[named]] == "VERB" else None
                        return (named, first, last), "paragraph-subject", verb, c2
                return self._reuse(quote, cluster, "continuation")
        q = self.quotes[k]
        same_paragraph_prev = prev is not None and s_first - prev[2] <= _PARAGRAPH_CONTINUATION and \
            self._same_paragraph(prev[0].end, q.start)
        for s in (s_first - 1, s_last + 1):
            if s < 0 or s >= len(v.sent_bounds):
                continue
            lo, hi = v.sent_bounds[s]
            if s > s_last and same_paragraph_prev and not self._same_paragraph(q.end, v.start[lo]):
                continue        # a cue in the next paragraph does not override this paragraph's running
                                # speaker ('“A,” said X. He holds ... “B.” | Y noted ...')
            words = [i for i in range(lo, hi) if self.quoted[i] < 0 and v.upos[i] != "PUNCT"]
            for c in words:
                if v.lemma[c] in self.lex.verbs and v.upos[c] == "VERB":
                    speaker, _ = self._subject(c)
                    if speaker is not None and self._can_speak(speaker):
                        first, last = self._phrase(speaker)
                        cluster = self.entities.resolve(speaker, first, last)
                        return (speaker, first, last), "neighbour-sentence", c, cluster
        if prev is not None and s_first - prev[2] <= 3:
            return self._reuse(prev[0], prev[1], "continuation")
        return None, None, None, None

    def _named_subject(self, s_first: int, s_last: int) -> int | None:
        """A named person or organisation that is the subject of a narrated clause of the quote's sentences."""
        v = self.v
        lo, hi = v.sent_bounds[s_first][0], v.sent_bounds[s_last][1]
        for i in range(lo, hi):
            if self.quoted[i] < 0 and v.deprel[i] == "nsubj" and v.upos[i] == "PROPN" and v.ner_of[i] >= 0 \
                    and v.ner[v.ner_of[i]].type in ("PERSON", "ORG") and self.quoted[v.head[i]] < 0:
                return i
        return None

    def _signature(self, close_end: int) -> int | None:
        """A quote signed on its own line or after a dash: '“...” | - Sanders.' / '“...” — Mark Twain'.
        The name (only proper nouns, at most 6 words) is the speaker; returns its head word."""
        v, text = self.v, self.text
        i = close_end
        while i < len(text) and text[i] in " \t\r\n\u00a0":
            i += 1
        if i >= len(text) or text[i] not in _DASHES:
            return None
        first = v.word_at(i)
        if first < 0 or v.start[first] < i:
            first += 1
        if first < len(v) and v.start[first] == i and v.text[first] in _DASHES:
            first += 1                        # the dash is a word of its own
        words = []
        for w in range(first, min(len(v), first + 10)):
            if v.upos[w] == "PUNCT" and v.text[w] in ".,":
                break
            if "\n" in text[v.end[w - 1] if w > first else i:v.start[w]] or self.quoted[w] >= 0:
                break
            words.append(w)
        names = [w for w in words if v.upos[w] != "PUNCT"]
        if not names or len(names) > 6 or any(v.upos[w] != "PROPN" and v.ner_of[w] < 0 for w in names):
            return None
        end = words[-1] + 1
        if end < len(v) and v.upos[end] != "PUNCT" and "\n" not in text[v.end[words[-1]]:v.start[end]]:
            return None                       # the name runs on into a sentence: not a signature
        head = next((w for w in names if not names[0] <= v.head[w] <= names[-1]), names[-1])
        return head if self._can_speak(head) else None

    def _same_paragraph(self, a: int, b: int) -> bool:
        """No line break between offsets a and b (news paragraphs are lines)."""
        return "\n" not in self.text[min(a, b):max(a, b)]

    def _previous_attributed(self, k: int):
        for quote, cluster in reversed(self.results):
            if quote.kind == "term":
                continue
            if quote.speaker is None:
                return None
            w = self.v.word_at(quote.end - 1)
            # a speaker after the quote ('“...?” | said X, ... .') extends the previous quote's reach
            # to the sentence that names it
            sp = self.v.word_at(quote.speaker.end - 1) if quote.speaker.start > quote.end else w
            return quote, cluster, self.v.sent[max(w, sp, 0)]
        return None

    def _reuse(self, quote: Quote, cluster, rule):
        v = self.v
        sp = quote.speaker
        first, last = v.word_at(sp.start), v.word_at(sp.end - 1)
        return (first, first, last), rule, None, cluster

    # ---- spans ---------------------------------------------------------------------------------
    def _phrase(self, head: int) -> tuple[int, int]:
        """The words of the speaker phrase: the head with its name, modifier and apposition parts."""
        v = self.v
        lo = hi = head
        stack = [head]
        sent = v.sent[head]
        while stack:
            node = stack.pop()
            for c in v.children[node]:
                rel = v.deprel[c]
                if node == head and rel in ("case", "fixed", "mark"):
                    continue                  # "according to", "за" belong to the cue, not to the speaker
                if (rel in _SPEAKER_DEPRELS or rel.split(":")[0] in ("nmod", "compound", "flat", "det")) \
                        and self.quoted[c] < 0 and v.sent[c] == sent:
                    stack.append(c)
                    lo, hi = min(lo, c), max(hi, c)
        # a phrase is contiguous and never swallows a quote; trim edge punctuation and case markers
        while lo < head and (self.quoted[lo] >= 0 or v.upos[lo] in ("PUNCT", "ADP", "CCONJ")):
            lo += 1
        while hi > head and (v.upos[hi] == "PUNCT" or v.upos[hi] == "CCONJ"):
            hi -= 1
        opened = sum(v.text[i] == "(" for i in range(lo, hi + 1)) - sum(v.text[i] == ")" for i in range(lo, hi + 1))
        j = hi + 1
        while opened > 0 and j < len(v) and v.sent[j] == sent and v.upos[j] == "PUNCT" and j <= hi + 2:
            if v.text[j] == ")":              # "Sen. X (D-Ohio.)": keep the bracket the phrase opened
                hi, opened = j, opened - 1
            j += 1
        for i in range(lo, hi + 1):
            if self.quoted[i] >= 0:
                if i < head:
                    lo = i + 1
                else:
                    hi = i - 1
                    break
        while hi > head and v.upos[hi] == "PUNCT" and v.text[hi] != ")":
            hi -= 1                           # 'Bernie Sanders: ‘...’': not the colon before the cut quote
        return lo, hi

    def _cue_span(self, cue: int) -> Span:
        v = self.v
        lo = hi = cue
        for c in v.children[cue]:
            if v.deprel[c] == "compound:prt" and abs(c - cue) <= 2:
                lo, hi = min(lo, c), max(hi, c)
        return Span(self.text[v.start[lo]:v.end[hi]], v.start[lo], v.end[hi])
