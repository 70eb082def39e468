"""Pre-parsed input: CoNLL-U in stanza's conventions read into stanza Documents over their original text.

Parses from any UD parser can be attributed this way, and the attribution logic is tested offline.
The text the offsets index into comes from (first found): ``--text FILE``; ``--text-dir DIR``
(``DIR/<newdoc id>.txt`` or ``DIR/<file stem>.txt``); a sibling ``<newdoc id>.txt`` / ``NAME.txt``
next to ``NAME.conllu``; else it is rebuilt from the sentences (``# text`` or tokens placed at their
``start_char`` offsets). Tokens without offsets are aligned to the text in order. A document whose
offsets do not index into its text gets an ``error``; the other documents of the file still load.
"""
from __future__ import annotations

import re
import unicodedata
import warnings as warnings_module
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from normalise.errors import InputError

NEWDOC = re.compile(r"^#\s*newdoc(?:\s+id\s*=\s*(.*\S))?\s*$")


@dataclass(slots=True)
class ParsedDocument:
    """One document from a CoNLL-U input: its id, text and stanza Document, or the reason it failed."""

    doc_id: str
    text: str | None
    doc: Any | None  # stanza.Document
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


def _conll() -> Any:
    from normalise.nlp import _stanza  # noqa: PLC0415 - stanza stays a lazy, optional import
    _stanza()
    from stanza.utils import conll  # noqa: PLC0415
    return conll


def _misc_pairs(misc: str | None) -> list[tuple[str, str | None]]:
    if not misc or misc == "_":
        return []
    out = []
    for piece in misc.split("|"):
        key, sep, value = piece.partition("=")
        out.append((key, value if sep else None))
    return out


def _offsets(entry: dict) -> tuple[int, int] | None:
    vals = dict(_misc_pairs(entry.get("misc")))
    try:
        return int(vals["start_char"]), int(vals["end_char"])
    except (KeyError, TypeError, ValueError):
        return None


def _offsets_from_words(units_by_sentence: list[list]) -> None:
    """A multiword token without offsets whose words all have them spans its words. Why: stanza
    writes offsets on the token's range line, other tools on the words; one such token had made the
    document "without offsets", its text rebuilt from the tokens and every offset in it dropped."""
    for units in units_by_sentence:
        for tok, words in units:
            if words and _offsets(tok) is None:
                spans = [_offsets(w) for w in words]
                if all(spans):
                    _set_offsets(tok, spans[0][0], spans[-1][1])  # type: ignore[index]


def _set_offsets(entry: dict, start: int, end: int) -> None:
    """Write offsets into MISC (where stanza's Token reads them), replacing any stale ones."""
    pairs = [(k, v) for k, v in _misc_pairs(entry.get("misc")) if k not in ("start_char", "end_char")]
    pairs += [("start_char", str(start)), ("end_char", str(end))]
    entry["misc"] = "|".join(k if v is None else f"{k}={v}" for k, v in pairs)


def _split_documents(sentences: list, comments: list, empties: list,
                     stem: str) -> list[tuple[str, list, list, list]]:
    """Group sentences by ``# newdoc``; documents without an id are named after the file."""
    groups: list[tuple[str | None, list, list, list]] = []
    for sent, com, emp in zip(sentences, comments, empties):
        new_id: str | None = None
        starts = False
        for line in com:
            m = NEWDOC.match(line)
            if m:
                starts, new_id = True, m.group(1)
        if starts or not groups:
            groups.append((new_id, [], [], []))
        groups[-1][1].append(sent)
        groups[-1][2].append(com)
        groups[-1][3].append(emp)
    named = []
    unnamed = sum(1 for g in groups if not g[0])
    counter = 0
    for doc_id, s, c, e in groups:
        if not doc_id:
            counter += 1
            doc_id = stem if unnamed == 1 else f"{stem}-{counter}"
        named.append((doc_id, s, c, e))
    return named


REBUILD_SLACK = 100
"""Characters of whitespace a rebuilt text may hold before each sentence (blank lines, indentation).
PolNeAR's 83 dev files and the test fixtures have 0 to 3 between sentences and start at 0."""


def _rebuild_problem(units_by_sentence: list[list], comments: list, conll: Any, token_lines: dict[int, int],
                     where: str) -> str | None:
    """Why these offsets cannot have come from the text the sentences spell, or None.

    A rebuilt text holds the sentences' texts (``# text``, else the tokens with a space after each) and
    at most REBUILD_SLACK characters before each sentence; a token of a sentence whose ``# text`` fits
    its span lies inside that span. Checked before the text is allocated: one stray offset such as
    start_char=50000021 would otherwise make a 50 MB document of spaces (or a MemoryError).
    """
    budget = texts = 0
    for units, com in zip(units_by_sentence, comments):
        spans = [_offsets(tok) or (0, 0) for tok, _ in units]
        s_start, s_end = spans[0][0], spans[-1][1]
        sent_text = conll.sentence_text_comment(com)
        length = len(sent_text) if sent_text is not None else sum(len(tok["text"]) + 1 for tok, _ in units)
        fits = sent_text is not None and len(sent_text) == s_end - s_start
        budget += REBUILD_SLACK + length
        for (tok, _), (a, b) in zip(units, spans):
            if fits and not (s_start <= a and b <= s_end):  # (a > b: _check's out of range)
                problem = f"lie outside the text of the sentence ({length:,} characters, at {s_start}-{s_end})"
            elif b > budget:
                after = f", after {texts:,} in the sentences before it" if texts else ""
                problem = f"run far past the text of the sentence ({length:,} characters{after})"
            else:
                continue
            line = f"line {token_lines[id(tok)]}: " if id(tok) in token_lines else ""
            return (f"{where}: {line}start_char/end_char {a}-{b} of {tok['text']!r} {problem}; "
                    f"give the original text with --text")
        texts += length
    return None


def _rebuild_text(units_by_sentence: list[list], comments: list, conll: Any, end: int) -> str:
    """The document text of ``end`` characters (its last offset), rebuilt from the sentences'
    ``# text`` (or tokens) at their start offsets."""
    chars = [" "] * end
    prev_end = None
    for units, com in zip(units_by_sentence, comments):
        spans = [_offsets(tok) for tok, _ in units]
        s_start, s_end = spans[0][0], spans[-1][1]
        sent_text = conll.sentence_text_comment(com)
        if sent_text is not None and len(sent_text) == s_end - s_start:
            chars[s_start:s_end] = sent_text
        else:
            for (tok, _), (a, b) in zip(units, spans):
                if b - a == len(tok["text"]):
                    chars[a:b] = tok["text"]
        if prev_end is not None and s_start - prev_end >= 2:  # a gap of 2+ between sentences: a paragraph
            chars[prev_end:s_start] = "\n" * (s_start - prev_end)
        prev_end = s_end
    return "".join(chars)


def _align(units_by_sentence: list[list], text: str) -> str | None:
    """Give tokens without offsets the offsets of their forms in ``text``, in order; a reason on failure."""
    pos = 0
    for s_idx, units in enumerate(units_by_sentence, 1):
        for tok, _ in units:
            form = tok["text"]
            found = text.find(form, pos)
            if found < 0 or text[pos:found].strip():
                return (f"sentence {s_idx}: token {form!r} not found in the text after offset {pos} "
                        f"(the tokens do not spell this text)")
            _set_offsets(tok, found, found + len(form))
            pos = found + len(form)
    return None


_PTB_ESCAPES = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
                "``": '"', "''": '"'}


def _alnum(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s).casefold() if c.isalnum())


def _same_token(form: str, span: str) -> bool:
    """The form a parser wrote for the text it covers: equal, or differing only in punctuation.

    Parsers normalise some forms (PTB escapes such as -LRB-; "p.m." for a sentence-final "p.m" whose
    period ends the sentence; three apostrophes for a closing single+double quote; "--" for "---");
    the offsets still index the text correctly. Letters and digits must agree.
    """
    if form == span or _PTB_ESCAPES.get(form) == span:
        return True
    a, b = _alnum(form), _alnum(span)
    return a == b and (bool(a) or (bool(form) and bool(span)))


def _check(units_by_sentence: list[list], text: str) -> tuple[str | None, list[str]]:
    """(a reason when some token's offsets do not index its form in ``text``, notes on tolerated forms)."""
    tolerated: list[str] = []
    for s_idx, units in enumerate(units_by_sentence, 1):
        for tok, _ in units:
            start, end = _offsets(tok)  # type: ignore[misc]
            form = tok["text"]
            if start > end:  # (it had been "out of range", with both in range)
                return (f"sentence {s_idx}: token {form!r} has start_char {start} after end_char {end}"), []
            if not (0 <= start <= end <= len(text)):
                return (f"sentence {s_idx}: token {form!r} at {start}-{end} is out of range of the text "
                        f"({len(text)} characters); the CoNLL-U offsets do not index into this text"), []
            span = text[start:end]
            if span == form:
                continue
            if not _same_token(form, span):
                return (f"sentence {s_idx}: token {form!r} at {start}-{end} does not match the text "
                        f"there ({span!r}); the CoNLL-U offsets do not index into this text"), []
            tolerated.append(f"{form!r} for {span!r}")
    notes = []
    if tolerated:
        notes.append(f"{len(tolerated)} token form(s) differ from the text only in punctuation "
                     f"(e.g. {tolerated[0]}); their offsets were used")
    return None, notes


def _find_text(doc_id: str, stem: str, source: Path | None, text: str | None,
               text_dir: Path | None) -> tuple[str | None, str | None]:
    """(text, None), (None, None) when no text exists, or (None, reason) when it cannot be read."""
    if text is not None:
        return text, None
    candidates: list[Path] = []
    by_id = Path(doc_id).name == doc_id and not doc_id.startswith(".")  # an id, never a path elsewhere
    if text_dir is not None:
        candidates += ([text_dir / f"{doc_id}.txt"] if by_id else []) + [text_dir / f"{stem}.txt"]
    elif source is not None:
        candidates += ([source.with_name(f"{doc_id}.txt")] if by_id else []) + [source.with_suffix(".txt")]
    for c in candidates:
        if c.is_file():
            try:
                return c.read_text(encoding="utf-8-sig"), None
            except (OSError, UnicodeDecodeError) as exc:
                return None, f"{c}: cannot read the text ({exc.__class__.__name__}: {exc})"
    if text_dir is not None:
        return None, f"no text for document {doc_id!r} in {text_dir} (looked for {doc_id}.txt, {stem}.txt)"
    return None, None


_WORD_ID = re.compile(r"[1-9][0-9]*")
_RANGE_ID = re.compile(r"[1-9][0-9]*-[1-9][0-9]*")  # a multi-word token
_EMPTY_ID = re.compile(r"[0-9]+\.[1-9][0-9]*")  # an empty node (enhanced graphs); stanza skips them
_NUMBER = re.compile(r"[0-9]+")


def _validate(data: str, where: str) -> list[list[int]]:
    """InputError naming the first line that is not CoNLL-U. stanza's reader would take it: it skips
    a line whose first field has a period (prose reads as an empty document), accepts any HEAD and
    leaves bad offsets to be ignored, and a bad ID fails without saying where.

    Returns the line numbers of the entries stanza reads (token lines but empty nodes), one list per
    sentence, so that later errors can name a line."""
    sentence: list[tuple[int, list[str]]] = []
    lines: list[list[int]] = []
    for lineno, raw in enumerate(data.split("\n"), 1):
        line = raw.lstrip().rstrip(" \r\t")  # as stanza reads it
        if line.startswith("#"):
            continue
        if not line:
            _check_sentence(sentence, where)
            _add_sentence_lines(lines, sentence)
            sentence = []
            continue
        fields = line.split("\t")
        problem = _line_problem(fields)
        if problem:
            raise _invalid(where, lineno, problem)
        sentence.append((lineno, fields))
    _check_sentence(sentence, where)
    _add_sentence_lines(lines, sentence)
    return lines


def _add_sentence_lines(lines: list[list[int]], sentence: list[tuple[int, list[str]]]) -> None:
    """Append the lines of a sentence's entries as stanza keeps them: no empty nodes, no empty sentence."""
    kept = [lineno for lineno, fields in sentence if "." not in fields[0]]
    if kept:
        lines.append(kept)


def _invalid(where: str, lineno: int, problem: str) -> InputError:
    return InputError(f"{where}: line {lineno}: not valid CoNLL-U ({problem})")


def _line_problem(fields: list[str]) -> str | None:
    """What is wrong with one token line on its own: the number of fields, ID, HEAD, MISC offsets."""
    if len(fields) != 10:
        shown = "\t".join(fields)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        plural = "s" if len(fields) > 1 else ""
        return f"{len(fields)} tab-separated field{plural} where a token line has 10: {shown!r}"
    wid, head = fields[0], fields[6]
    if not (_WORD_ID.fullmatch(wid) or _RANGE_ID.fullmatch(wid) or _EMPTY_ID.fullmatch(wid)):
        return f"ID {wid!r} is not a word number (N), a range (N-M) or an empty node (N.M)"
    if not _EMPTY_ID.fullmatch(wid) and head != "_" and not _NUMBER.fullmatch(head):
        return f"HEAD {head!r} of word {wid} is not a word number"
    for key, value in _misc_pairs(fields[9]):
        if key in ("start_char", "end_char") and not _NUMBER.fullmatch(value or ""):
            return f"MISC {key}={value or ''} of word {wid} is not a character offset"
    return None


def _check_sentence(lines: list[tuple[int, list[str]]], where: str) -> None:
    """Words numbered 1, 2, ... in order, each HEAD 0 (the root) or another word of the sentence; a
    multiword range N-M (N < M) just before word N. A reversed range (7-6) had been taken as a token
    without words, and made the document lose its offsets."""
    words = [(lineno, fields) for lineno, fields in lines if _WORD_ID.fullmatch(fields[0])]
    for at, (lineno, fields) in enumerate(lines):
        if _RANGE_ID.fullmatch(fields[0]):
            first, last = (int(n) for n in fields[0].split("-"))
            after = next((f[0] for _, f in lines[at + 1:] if _WORD_ID.fullmatch(f[0])), None)
            if not first < last <= len(words) or after != str(first):
                raise _invalid(where, lineno, f"multiword range {fields[0]} is not words N to M (N < M) "
                                              f"of the sentence, given just before word N")
    for expected, (lineno, fields) in enumerate(words, 1):
        if int(fields[0]) != expected:
            raise _invalid(where, lineno, f"word ID {fields[0]} where {expected} comes next")
    for lineno, fields in words:
        head = fields[6]
        if head != "_" and int(head) > len(words):
            raise _invalid(where, lineno, f"HEAD {head} of word {fields[0]} is beyond the sentence's "
                                          f"{len(words)} words")
        if head != "_" and int(head) == int(fields[0]):
            raise _invalid(where, lineno, f"word {fields[0]} is its own HEAD")


def read_conllu(data: str, *, source: str | Path | None = None, name: str | None = None,
                text: str | None = None, text_dir: str | Path | None = None,
                max_chars: int | None = None) -> list[ParsedDocument]:
    """Every document of one CoNLL-U input (``data``), as stanza Documents whose offsets index their text.

    ``source`` is the file the data came from (for sibling .txt files), ``name`` the fallback document
    id (default: the file's stem), ``max_chars`` the longest text rebuilt from offsets (--max-chars).
    A malformed file raises InputError naming its first bad line; per-document problems (offsets that
    do not match the text or cannot be from it, a missing --text-dir file) come back as
    ``ParsedDocument.error``.
    """
    conll = _conll()
    from stanza.models.common.doc import Document  # noqa: PLC0415

    src = Path(source) if source is not None else None
    stem = name or (src.stem if src is not None else "stdin")
    tdir = Path(text_dir) if text_dir is not None else None
    if not data.strip():  # (stanza would say "either use input file or input string")
        return [ParsedDocument(stem, "", None, error=None, warnings=["no sentences in the CoNLL-U input"])]
    where = str(src or stem)
    entry_lines = _validate(data, where)
    try:
        sentences, comments, empties = conll.CoNLL.conll2dict(input_str=data)
    except Exception as exc:  # stanza's CoNLLError, ValueError on a bad column
        cause = exc.__cause__ or exc
        raise InputError(f"{src or stem}: not valid CoNLL-U ({' '.join(str(cause).split())[:160]})") from None
    token_lines: dict[int, int] = {}  # id() of an entry -> its line, where stanza read what _validate saw
    if [len(s) for s in sentences if s] == [len(n) for n in entry_lines]:
        token_lines = {id(entry): n for s, ns in zip((s for s in sentences if s), entry_lines)
                       for entry, n in zip(s, ns)}
    sentences_empties = [(s, c, e) for s, c, e in zip(sentences, comments, empties) if s]
    if not sentences_empties:
        return [ParsedDocument(stem, "", None, error=None, warnings=["no sentences in the CoNLL-U input"])]
    out: list[ParsedDocument] = []
    for doc_id, sents, coms, emps in _split_documents(*map(list, zip(*sentences_empties)), stem=stem):
        units_by_sentence = [conll.group_sentence_units(s) for s in sents]
        _offsets_from_words(units_by_sentence)
        doc_text, reason = _find_text(doc_id, stem, src, text, tdir)
        if reason:
            out.append(ParsedDocument(doc_id, None, None, error=reason))
            continue
        has_offsets = all(_offsets(tok) is not None for units in units_by_sentence for tok, _ in units)
        warnings: list[str] = []
        if doc_text is None and has_offsets:
            problem = _rebuild_problem(units_by_sentence, coms, conll, token_lines, where)
            length = max((_offsets(tok) or (0, 0))[1] for units in units_by_sentence for tok, _ in units)
            if problem is None and max_chars is not None and length > max_chars:
                problem = (f"{where}: document too large ({length:,} characters rebuilt from the offsets > "
                           f"--max-chars {max_chars:,}); split it or raise --max-chars")
            if problem:
                out.append(ParsedDocument(doc_id, None, None, error=problem))
                continue
            doc_text = _rebuild_text(units_by_sentence, coms, conll, length)
            warnings.append("no text given: rebuilt from the sentences (whitespace between them is approximate)")
        elif doc_text is None:
            with warnings_module.catch_warnings(record=True) as caught:
                warnings_module.simplefilter("always")
                doc_text = conll.CoNLL.add_char_offsets(sents, coms)
            warnings += [str(w.message) for w in caught]
            for units in units_by_sentence:
                for tok, _ in units:
                    _set_offsets(tok, tok.pop("start_char"), tok.pop("end_char"))
                    for w in _:
                        w.pop("start_char", None), w.pop("end_char", None)
            warnings.append("no text and no offsets given: text rebuilt from the tokens")
        elif not has_offsets:
            problem = _align(units_by_sentence, doc_text)
            if problem:
                out.append(ParsedDocument(doc_id, doc_text, None, error=problem))
                continue
        problem, notes = _check(units_by_sentence, doc_text)
        warnings += notes
        if problem:
            out.append(ParsedDocument(doc_id, doc_text, None, error=problem))
            continue
        try:
            doc = Document(sents, text=None, comments=coms, empty_sentences=emps)
        except Exception as exc:  # stanza's ValueError/IndexError on inconsistent ids or heads
            out.append(ParsedDocument(doc_id, doc_text, None,
                                      error=f"cannot build the document: {' '.join(str(exc).split())[:160]}"))
            continue
        doc.text = doc_text
        for sentence in doc.sentences:
            if sentence.tokens:
                sentence.text = doc_text[sentence.tokens[0].start_char:sentence.tokens[-1].end_char]
            sentence.doc_id = doc_id
        warnings += _bioes_tags(doc)
        doc.build_ents()  # Document(text=None) leaves doc.ents empty even though tokens carry ner tags
        out.append(ParsedDocument(doc_id, doc_text, doc, warnings=warnings))
    return out


_NER_PREFIXES = {"B": "B", "I": "I", "E": "E", "S": "S", "L": "E", "U": "S"}  # BIOES, BIO, BILOU
_BARE_NER = re.compile(r"[A-Za-z][A-Za-z_]*\Z")  # the IO scheme (CoreNLP): "PERSON" on each token
_CORENLP_TYPES = {"LOCATION": "LOC", "ORGANIZATION": "ORG", "NATIONALITY": "NORP", "CITY": "GPE",
                  "COUNTRY": "GPE", "STATE_OR_PROVINCE": "GPE"}
"""CoreNLP's entity types as the OntoNotes types stanza's models tag, which the attribution reads."""


def _bioes_tags(doc: Any) -> list[str]:
    """Rewrite each sentence's NER tags as BIOES with OntoNotes types, which is all stanza and the
    attribution read, and say which tags could not be read. Why: other taggers write BIO, BILOU
    or bare types (CoreNLP's "PERSON" on every token of a name); stanza dropped bare tags without
    a word, so a document tagged that way had no entities and no speakers by name."""
    unread: list[str] = []
    for sentence in doc.sentences:
        tokens = sentence.tokens
        spans: list[list] = []  # [type, first, last, open]
        for i, token in enumerate(tokens):
            tag = token.ner
            if tag is None or tag in ("O", "_", ""):
                continue
            prefix, dash, label = tag.partition("-")
            if not dash and _BARE_NER.match(tag) and tag not in _NER_PREFIXES:  # ("B" alone: no type)
                prefix, label = "I", tag
            prefix = _NER_PREFIXES.get(prefix, "")
            if not prefix or not label:
                unread.append(tag)
                continue
            label = _CORENLP_TYPES.get(label, label)
            last = spans[-1] if spans else None
            if prefix in ("I", "E") and last and last[3] and last[0] == label and last[2] == i - 1:
                last[2] = i
            else:
                last = [label, i, i, True]
                spans.append(last)
            if prefix in ("E", "S"):
                last[3] = False
        tags = ["O"] * len(tokens)
        for label, first, last, _ in spans:
            if first == last:
                tags[first] = "S-" + label
            else:
                tags[first], tags[last] = "B-" + label, "E-" + label
                for j in range(first + 1, last):
                    tags[j] = "I-" + label
        for token, tag in zip(tokens, tags):
            if (token.ner or "O") != tag:
                token.ner = tag
    if not unread:
        return []
    more = f" (and {len(unread) - 1} more)" if len(unread) > 1 else ""
    return [f"NER tag {unread[0]!r} is not BIOES, BIO, BILOU or a bare type: read as O{more}"]


def read_conllu_file(path: str | Path, *, text_path: str | Path | None = None,
                     text_dir: str | Path | None = None, max_chars: int | None = None) -> list[ParsedDocument]:
    """``read_conllu`` on a file; ``text_path`` is the --text FILE for it."""
    p = Path(path)
    try:
        data = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not UTF-8 text (byte {exc.start}); CoNLL-U must be UTF-8") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    text = None
    if text_path is not None:
        try:
            text = Path(text_path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{text_path}: cannot read the text ({exc.__class__.__name__})") from None
    return read_conllu(data, source=p, text=text, text_dir=text_dir, max_chars=max_chars)
