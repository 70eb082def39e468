"""Entities of a document: named mentions clustered by name, plus pronouns and descriptions resolved to them.

Why a cluster per real-world referent: a quote's speaker is often "he" or "the newspaper"; users
want "Vladimir Putin" (one id for Vladimir Putin / President Putin / Putin / he / Путин). Names
meet through normalise.keys.latin_key so that scripts and transliterations meet too.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from normalise.cues import Lexicon
from normalise.docview import DocView
from normalise.keys import latin_key

# how far back (in sentences) a pronoun or a bare description looks for its antecedent first
_WINDOW_SENTENCES = 6
_FAR_SENTENCES = 40          # ... and never further back than this
_SUBJECT_DEPRELS = ("nsubj", "nsubj:pass", "csubj")
_BINDING_HOPS = 3            # clausal levels a reported-clause pronoun climbs to find the reporting subject
_REPORTED_CLAUSE = ("ccomp", "xcomp", "conj", "advcl")   # relations of a reported clause to its reporting verb
# dependents that make a description specific ("the company's CEO", "the head of the agency"): a new referent
_SPECIFYING = {"nmod", "nmod:poss", "appos", "acl", "acl:relcl", "flat", "flat:name", "nummod"}
_DEFINITE = {"the", "this", "that", "these", "those", "der", "die", "das", "le", "la", "les", "l'", "ce", "cette",
             "ces", "цей", "ця", "це", "ці", "этот", "эта", "это", "эти"}
_ARTICLELESS = {"uk", "ru"}
_POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")
_ANIMATE_TYPES = {"PERSON"}
_SPEAKING_GROUP_TYPES = {"ORG", "GPE", "NORP"}


@dataclass(slots=True)
class Span:
    """A piece of the document text: its characters and offsets into the document."""
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Entity:
    """A referent of the document with a canonical name and every mention of it."""
    id: str
    name: str
    type: str                     # PERSON | ORG | GPE | LOC | NORP | OTHER
    mentions: list[Span]


@dataclass(slots=True)
class _Mention:
    first: int                    # global word indices, inclusive
    last: int
    head: int
    proper: bool                  # a name (not a pronoun/description)
    subject: bool


@dataclass(slots=True)
class _Cluster:
    type: str
    mentions: list[_Mention] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)            # latin keys of name words
    keys: set[str] = field(default_factory=set)              # latin keys of whole names
    gender: str | None = None
    number: str | None = None
    description: str | None = None                           # head lemma when the entity is a description
    described: set[str] = field(default_factory=set)         # description lemmas seen ("president", "doctor")
    name_words: tuple[int, int] | None = None                # longest proper-name mention (first, last)
    type_votes: dict[str, int] = field(default_factory=dict)
    id: str = ""


class EntityIndex:
    """Clusters of mentions for one document; resolves speaker phrases to clusters as quotes are read."""

    def __init__(self, view: DocView, lex: Lexicon, text: str) -> None:
        self.view, self.lex, self.text = view, lex, text
        self.clusters: list[_Cluster] = []
        self._of_ner: dict[int, _Cluster] = {}
        self._timeline: list[tuple[int, _Cluster, _Mention]] = []   # (head word, cluster, mention), by head
        self._heads: list[int] = []                                  # the timeline's head words, for bisect
        self.quoted: list[int] | None = None    # per word: >= 0 inside a quotation (set by the attributor)
        self._pronoun_cache: dict[int, _Cluster | None] = {}
        self._description_cache: dict[int, _Cluster] = {}   # narration subjects "the president" already resolved
        self._of_word: dict[int, _Cluster] = {}             # untagged name heads -> their cluster
        for n_idx, ner in enumerate(view.ner):
            self._of_ner[n_idx] = self._add_name(ner.first, ner.last, ner.type)
        self._untagged_subjects()

    def _untagged_subjects(self) -> None:
        """Proper-noun subjects the NER missed ("Trump said ...") join or start name clusters, so pronouns find them."""
        v, lex = self.view, self.lex
        for i in range(len(v)):
            if v.upos[i] != "PROPN" or v.ner_of[i] >= 0 or v.deprel[i] not in _SUBJECT_DEPRELS \
                    or v.lemma[i] in lex.time_words:       # "Friday on CNN, Sen. X told ...": no one called Friday
                continue
            words = self._name_words(i, i - 3, i + 3)
            if any(v.ner_of[w] >= 0 or v.sent[w] != v.sent[i] for w in words):
                continue
            etype = "ORG" if any(v.lemma[w] in lex.org_words for w in words) else "PERSON"
            cluster = self._add_name(words[0], words[-1], etype)
            self._of_word[i] = cluster

    # ---- names -------------------------------------------------------------------------------
    def _name_tokens(self, first: int, last: int) -> list[int]:
        """Words of a name without leading determiners/titles and trailing possessive marks."""
        v, lex = self.view, self.lex
        words = list(range(first, last + 1))
        while words and (v.upos[words[0]] == "DET" or v.lower[words[0]] in lex.titles) and len(words) > 1:
            words.pop(0)
        while words and (v.upos[words[-1]] in ("PART", "PUNCT") or v.lower[words[-1]] in _POSSESSIVE_ENDINGS):
            words.pop()
        return words

    def _word_key(self, i: int) -> str:
        v = self.view
        form = v.text[i] if self.lex.lang == "en" else (v.lemma[i] or v.text[i])
        for ending in _POSSESSIVE_ENDINGS:
            if form.endswith(ending) and len(form) > len(ending):
                form = form[: -len(ending)]
                break
        return latin_key(form)

    def _add_name(self, first: int, last: int, etype: str) -> _Cluster:
        v = self.view
        words = self._name_tokens(first, last) or [last]
        toks = [k for k in (self._word_key(i) for i in words) if k]
        whole = "".join(toks)
        head = _phrase_head(v, first, last)
        while last > first and (v.upos[last] in ("PART", "PUNCT") or v.lower[last] in _POSSESSIVE_ENDINGS):
            last -= 1                          # "Moscow's" is a mention of "Moscow"
        mention = _Mention(first, last, head, True, v.deprel[head] in _SUBJECT_DEPRELS)
        cluster = self._match_name(toks, whole, etype)
        if cluster is None and len(words) == 1:
            cluster = self._match_acronym(v.text[words[0]], etype)
        if cluster is None:
            cluster = _Cluster(type=etype)
            self.clusters.append(cluster)
        cluster.type_votes[etype] = cluster.type_votes.get(etype, 0) + 1
        cluster.tokens.update(toks)
        if whole:
            cluster.keys.add(whole)
        if cluster.name_words is None or self._better_name(words, cluster.name_words):
            cluster.name_words = (words[0], words[-1])
        self._learn_gender(cluster, first, head)
        self._learn_descriptions(cluster, first, last, head)
        self._attach(cluster, mention)
        return cluster

    def _learn_descriptions(self, cluster: _Cluster, first: int, last: int, head: int) -> None:
        """Titles and appositions of a name ("President Putin", "Hugh Hill, a doctor") let "the president" find it."""
        v, lex = self.view, self.lex
        words = set(range(first, last + 1))
        for c in v.children[head]:
            if v.deprel[c] in ("compound", "appos", "flat", "nmod:desc") or c in words:
                words.add(c)
                for g in v.children[c]:
                    if v.deprel[g] == "compound":
                        words.add(g)
        if first > 0 and v.sent[first - 1] == v.sent[first]:
            words.add(first - 1)
        for i in words:
            lemma = v.lemma[i]
            if lemma in lex.person_words or lemma in lex.org_words or lemma in lex.titles:
                cluster.described.add(lemma)

    def _match_name(self, toks: list[str], whole: str, etype: str) -> _Cluster | None:
        if not toks:
            return None
        tokset = set(toks)
        for cluster in reversed(self.clusters):
            if whole in cluster.keys:
                return cluster
            if len(toks) == 1 and etype in _SPEAKING_GROUP_TYPES and cluster.type == "PERSON" \
                    and cluster.description is None and toks[0] in cluster.tokens:
                return cluster        # a person's surname alone tagged ORG/GPE ("Trump said"): the person
            if cluster.description is not None or not _types_compatible(cluster.type, etype):
                continue
            if tokset <= cluster.tokens:
                return cluster
            if cluster.tokens and cluster.tokens <= tokset and (etype != "PERSON" or toks[-1] in cluster.tokens):
                return cluster
        return None

    def _better_name(self, words: list[int], current: tuple[int, int]) -> bool:
        """Prefer a nominative name (inflecting languages), then the longest one."""
        v = self.view
        new_nom = v.feat(words[-1], "Case") in (None, "Nom")
        old_nom = v.feat(current[1], "Case") in (None, "Nom")
        if new_nom != old_nom:
            return new_nom
        return _longer(v, words, current)

    def _match_acronym(self, word: str, etype: str) -> _Cluster | None:
        """'ISW' after 'Institute for the Study of War': an all-capitals word spelling a cluster's initials."""
        if len(word) < 2 or not word.isupper() or not word.isalpha():
            return None
        v = self.view
        for cluster in reversed(self.clusters):
            if cluster.name_words is None or not _types_compatible(cluster.type, etype):
                continue
            a, b = cluster.name_words
            initials = "".join(v.text[i][0] for i in range(a, b + 1) if v.text[i][:1].isupper())
            if initials == word and b > a:
                return cluster
        return None

    def _learn_gender(self, cluster: _Cluster, first: int, head: int) -> None:
        v = self.view
        if first > 0 and v.sent[first - 1] == v.sent[first]:
            g = self.lex.gender_titles.get(v.lower[first - 1])
            if g:
                cluster.gender = cluster.gender or g
        g = self.lex.gender_titles.get(v.lower[first])
        if g:
            cluster.gender = cluster.gender or g
        if v.upos[head] == "PROPN" and cluster.type == "PERSON":
            g = v.feat(head, "Gender")
            if g in ("Masc", "Fem"):
                cluster.gender = cluster.gender or g

    def _attach(self, cluster: _Cluster, mention: _Mention) -> None:
        cluster.mentions.append(mention)
        at = bisect_right(self._heads, mention.head)
        self._heads.insert(at, mention.head)
        self._timeline.insert(at, (mention.head, cluster, mention))

    # ---- resolution ----------------------------------------------------------------------------
    def resolve(self, head: int, first: int, last: int) -> _Cluster | None:
        """The cluster a speaker phrase (words first..last, head word `head`) refers to, creating one if new.

        Names join their NER cluster (or a name cluster by key); pronouns and bare descriptions go to
        the most recent compatible cluster; specific descriptions ("the company's CEO") start a new one.
        """
        v, lex = self.view, self.lex
        n_idx = v.ner_of[head]
        if n_idx < 0:
            # a title or description heading a name ("President [Putin]", "речник [Дмитро Лиховій]")
            for c in v.children[head]:
                if v.deprel[c] in ("flat", "flat:name", "compound", "appos") and v.ner_of[c] >= 0 \
                        and v.ner[v.ner_of[c]].type in ("PERSON", "ORG"):
                    n_idx = v.ner_of[c]
                    if v.lemma[head] in lex.person_words or v.lemma[head] in lex.titles:
                        self._of_ner[n_idx].described.add(v.lemma[head])
                    break
        if n_idx >= 0:
            cluster = self._of_ner[n_idx]
            if v.ner_of[head] < 0:
                self._attach(cluster, _Mention(first, last, head, False, v.deprel[head] in _SUBJECT_DEPRELS))
            return cluster
        low = v.lower[head]
        if v.upos[head] == "PRON" or low in lex.pronouns:
            if low in lex.relative or v.feat(head, "PronType") == "Rel":
                return None
            if head in self._pronoun_cache:
                return self._pronoun_cache[head]
            return self._resolve_pronoun(head)
        if head in self._of_word:
            return self._of_word[head]
        if v.upos[head] == "PROPN":
            words = self._name_words(head, first, last)
            etype = "ORG" if any(v.lemma[i] in lex.org_words for i in words) else "PERSON"
            return self._add_name(words[0], words[-1], etype)
        if head in self._description_cache:
            return self._description_cache[head]
        return self._resolve_description(head, first, last)

    def _name_words(self, head: int, first: int, last: int) -> list[int]:
        v = self.view
        parts = [head] + [c for c in v.children[head] if v.deprel[c] in ("flat", "flat:name", "compound")
                          and v.upos[c] == "PROPN"]
        lo, hi = min(parts), max(parts)
        return list(range(max(lo, first), min(hi, last) + 1)) or [head]

    def resolve_subject_pronouns(self) -> None:
        """Resolve every third-person subject pronoun of the narration, in document order.

        Why all of them, not just speakers': each resolved "he" becomes a mention, so the next "he"
        finds its antecedent through it, and users see every mention of a speaker.
        """
        v, lex, quoted = self.view, self.lex, self.quoted
        for i in range(len(v)):
            if quoted is not None and quoted[i] >= 0:
                continue
            if v.deprel[i] == "nmod:poss" and v.upos[i] == "PRON" and v.lower[i] in lex.pronouns:
                # "his call for ...": a possessor is a mention too (not an antecedent the next "he" prefers);
                # persons only: "its"/"their" have no reliable antecedent ("the army made its biggest advance")
                info = lex.pronouns[v.lower[i]]
                if info.type == "PERSON" and v.feat(i, "Person") not in ("1", "2"):
                    self._pronoun_cache[i] = self._resolve_pronoun(i)
                continue
            if not v.deprel[i].startswith("nsubj"):
                continue
            if v.upos[i] == "NOUN" and v.ner_of[i] < 0 and (v.lemma[i] in lex.person_words or v.lemma[i] in lex.org_words):
                first = min([i] + [c for c in v.children[i] if v.deprel[c] in ("det", "amod", "compound", "nummod")])
                found = self._resolve_description(i, first, i, create=False)
                if found is not None:
                    self._description_cache[i] = found
                continue
            if v.upos[i] != "PRON":
                continue
            info = lex.pronouns.get(v.lower[i])
            if info is None or info.type == "SELF" or v.feat(i, "Person") in ("1", "2"):
                continue
            self._pronoun_cache[i] = self._resolve_pronoun(i)
        self._relative_mentions()

    def _relative_mentions(self) -> None:
        """A relative pronoun subject ("Aguilar, who said ...", "the group, which wrote ...") is a mention of
        the noun its clause modifies: that noun's cluster (through an apposition to the name it describes).

        Why: "who" corefers with its antecedent by grammar, and PolNeAR-style annotators name it as a source.
        """
        v, lex, quoted = self.view, self.lex, self.quoted
        for i in range(len(v)):
            if not v.deprel[i].startswith("nsubj") or (quoted is not None and quoted[i] >= 0) or \
                    (v.lower[i] not in lex.relative and v.feat(i, "PronType") != "Rel"):
                continue
            clause = v.head[i]
            if clause == -1 or not v.deprel[clause].startswith("acl") or v.head[clause] == -1:
                continue
            noun = v.head[clause]
            cluster = self._known_cluster(noun)
            hops = 0
            while cluster is None and hops < 2 and v.deprel[noun] in ("appos", "conj") and v.head[noun] != -1:
                noun, hops = v.head[noun], hops + 1            # "Sosa, a consultant and a Republican who said"
                cluster = self._known_cluster(noun)
            if cluster is not None:
                self.add_mention(cluster, i)

    def _pronoun_info(self, i: int) -> tuple[str | None, str | None, str | None]:
        v = self.view
        info = self.lex.pronouns.get(v.lower[i])
        etype, gender, number = (info.type, info.gender, info.number) if info else (None, None, None)
        gender = v.feat(i, "Gender") or gender
        number = v.feat(i, "Number") or number
        if etype is None and gender in ("Masc", "Fem") and number == "Sing":
            etype = "PERSON"
        return etype, gender, number

    def _resolve_pronoun(self, head: int) -> _Cluster | None:
        etype, gender, number = self._pronoun_info(head)
        if etype == "SELF":
            return None
        v = self.view

        def compatible(c: _Cluster) -> bool:
            ctype = c.type
            if etype == "PERSON" and ctype not in _ANIMATE_TYPES:
                return False
            if etype == "ORG" and ctype not in _SPEAKING_GROUP_TYPES:
                return False
            if etype is None and number == "Plur" and ctype == "PERSON" and c.number != "Plur":
                return False
            if etype is None and ctype not in _ANIMATE_TYPES | _SPEAKING_GROUP_TYPES:
                return False
            if gender in ("Masc", "Fem") and c.gender and c.gender != gender and ctype == "PERSON":
                return False
            return True

        cluster = self._reporting_subject(head, compatible)
        if cluster is None:
            cluster = self._recent(head, compatible)
        if cluster is not None:
            if etype == "PERSON" and gender in ("Masc", "Fem") and cluster.gender is None:
                cluster.gender = gender
            self._attach(cluster, _Mention(head, head, head, False, v.deprel[head] in _SUBJECT_DEPRELS))
        return cluster

    def _reporting_subject(self, pron: int, ok) -> _Cluster | None:
        """A subject pronoun in a reported clause refers to the reporting verb's subject ("Sanders said he
        was hoping ...", "Jahangir said she was angered"): the nearest compatible named or already-resolved
        subject up the chain of clausal complements, before any look-back over the text."""
        v = self.view
        if not v.deprel[pron].startswith("nsubj"):
            return None
        node, hops = v.head[pron], 0
        while node != -1 and hops < _BINDING_HOPS and v.deprel[node].split(":")[0] in _REPORTED_CLAUSE:
            node, hops = v.head[node], hops + 1
            if node == -1:
                break
            for c in v.children[node]:
                if c == pron or not v.deprel[c].startswith("nsubj") or \
                        (self.quoted is not None and self.quoted[c] >= 0):
                    continue
                cluster = self._known_cluster(c)
                if cluster is not None and ok(cluster):
                    return cluster
        return None

    def _known_cluster(self, i: int) -> _Cluster | None:
        """The cluster word i already belongs to: its NER mention, an untagged name, a resolved pronoun."""
        v = self.view
        if v.ner_of[i] >= 0:
            return self._of_ner[v.ner_of[i]]
        if i in self._of_word:
            return self._of_word[i]
        if v.upos[i] == "PRON":
            return self._pronoun_cache.get(i)
        return None

    def _recent(self, before: int, ok) -> _Cluster | None:
        """The most recent compatible cluster before word `before`: subjects in the window first, then anyone."""
        sent = self.view.sent[before]
        quoted = self.quoted
        outside_quote = quoted is None or quoted[before] < 0
        fallback = None
        timeline = self._timeline
        for k in range(bisect_left(self._heads, before) - 1, -1, -1):
            head, cluster, mention = timeline[k]
            if outside_quote and quoted is not None and quoted[head] >= 0:
                continue                      # names inside quoted speech are not antecedents of the narrator's "he"
            if self.view.sent[head] < sent - _FAR_SENTENCES:
                break                         # bounded look-back: documents can be megabytes long
            if not ok(cluster):
                continue
            if self.view.sent[head] < sent - _WINDOW_SENTENCES:
                return fallback or cluster
            if mention.subject:
                return cluster
            if fallback is None:
                fallback = cluster
        return fallback

    def _resolve_description(self, head: int, first: int, last: int, create: bool = True) -> _Cluster | None:
        """A description's cluster: a bare definite one ("the president") joins the recent entity so
        described; otherwise (or with none found) a new entity, unless `create` is False."""
        v, lex = self.view, self.lex
        lemma = v.lemma[head]
        etype = "PERSON" if lemma in lex.person_words else "ORG" if lemma in lex.org_words else None
        if etype is None:
            etype = "PERSON" if v.upos[head] in ("NOUN", "PROPN") else "OTHER"
        mention = _Mention(first, last, head, False, v.deprel[head] in _SUBJECT_DEPRELS)
        # "the company's CEO", "the head of X", "the Ukrainian army" name their own referent
        specific = any(v.deprel[c] in _SPECIFYING or (v.deprel[c] == "amod" and v.text[c][:1].isupper())
                       for c in v.children[head])
        dets = [c for c in v.children[head] if v.deprel[c] == "det"]
        definite = any(v.lower[d] in _DEFINITE for d in dets) or (lex.lang in _ARTICLELESS and not dets)
        plural = v.feat(head, "Number") == "Plur" or (lex.lang == "en" and v.lower[head].endswith("s")
                                                     and v.lower[head] != lemma)
        if definite and not specific and lemma in (lex.person_words | lex.org_words):
            def compatible(c: _Cluster) -> bool:
                if c.description is not None and c.description != lemma:
                    return False
                if etype == "PERSON":      # "the mayor" is the person once called mayor, not any person
                    return c.type == "PERSON" and (c.number == "Plur") == plural and \
                        (c.description == lemma or lemma in c.described)
                return c.type in _SPEAKING_GROUP_TYPES and c.type != "NORP"
            cluster = self._recent(head, compatible)
            if cluster is not None:
                self._attach(cluster, mention)
                return cluster
        if not create:
            return None
        cluster = _Cluster(type=etype, description=lemma, number="Plur" if plural else "Sing", described={lemma})
        g = lex.gender_titles.get(lemma) or (v.feat(head, "Gender") if etype == "PERSON" else None)
        cluster.gender = g if g in ("Masc", "Fem") else None
        cluster.type_votes[etype] = 1
        self.clusters.append(cluster)
        self._attach(cluster, mention)
        return cluster

    def add_mention(self, cluster: _Cluster, word: int) -> None:
        """Record one more word as a mention of `cluster` (a relative pronoun standing for a speaker)."""
        if all(m.first != word for m in cluster.mentions):
            self._attach(cluster, _Mention(word, word, word, False, False))

    # ---- output --------------------------------------------------------------------------------
    def finalise(self) -> list[Entity]:
        """Number the clusters E1, E2, ... in order of first mention and build the Entity list."""
        v, text = self.view, self.text
        live = [c for c in self.clusters if c.mentions]
        for c in live:
            c.mentions.sort(key=lambda m: m.first)
            if c.type_votes:
                c.type = max(c.type_votes.items(), key=lambda kv: (kv[1], kv[0] == c.type))[0]
        live.sort(key=lambda c: v.start[c.mentions[0].first])
        entities = []
        for n, c in enumerate(live, 1):
            c.id = f"E{n}"
            if c.name_words is not None:
                a, b = c.name_words
                if v.feat(b, "Case") in (None, "Nom"):
                    name = text[v.start[a]:v.end[b]]
                else:                          # only inflected forms seen ("Зеленського"): name it by lemmas
                    name = " ".join(v.lemma[i][:1].upper() + v.lemma[i][1:] for i in range(a, b + 1))
            else:
                m = c.mentions[0]
                name = text[v.start[m.first]:v.end[m.last]]
            mentions = [Span(text[v.start[m.first]:v.end[m.last]], v.start[m.first], v.end[m.last])
                        for m in c.mentions]
            entities.append(Entity(c.id, name, c.type, mentions))
        return entities


def _phrase_head(v: DocView, first: int, last: int) -> int:
    """The word of first..last whose head lies outside the span (the first such, else `last`)."""
    for i in range(first, last + 1):
        h = v.head[i]
        if h < first or h > last:
            return i
    return last


def _longer(v: DocView, words: list[int], current: tuple[int, int]) -> bool:
    new_len = (len(words), v.end[words[-1]] - v.start[words[0]])
    old_len = (current[1] - current[0] + 1, v.end[current[1]] - v.start[current[0]])
    return new_len > old_len


def _types_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    return {a, b} <= {"GPE", "LOC"} or "OTHER" in (a, b)
