"""Find quotations in raw text, for every quoting convention, in one linear pass.

Why a hand-written scanner: quote marks are ambiguous (’ is an apostrophe and a closing mark, “ opens
in English and closes in German, » opens in German and closes in French, " opens and closes), so each
mark is classified by what is on each side of it (letter, space, punctuation -- the "flanking" rules
CommonMark uses for emphasis) and then paired with a stack per paragraph. Unbalanced marks never spread
past their paragraph: an unclosed quote ends at its paragraph's end (or at the next opening of the same
mark) unless the next paragraph opens with the same mark -- the convention for a quotation running over
paragraphs. Dialogue dashes (— Text, — said he. — More.) are found per paragraph. docs/quote-marks.md
lists the rules.

Offsets: ``text[q.start:q.end]`` is the quoted content, without the marks and without the whitespace
just inside them (French « Bonjour »). For a dash quote ``open_start`` is the dash, ``start`` the first
character after it and its spaces; ``close_mark`` is the dash that introduces the author's words (None
when the speech runs to the end of its paragraph); dash quotes are always ``closed``.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["QuoteSpan", "find_quotes", "STYLES"]

STYLES = ("double", "single", "straight-double", "straight-single", "guillemets", "guillemets-reversed",
          "single-guillemets", "low-high", "low-high-single", "cjk", "cjk-white", "dash")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quotation: content offsets, mark offsets, the convention, nesting depth and recovery flags."""

    start: int
    end: int
    open_start: int
    close_end: int
    open_mark: str
    close_mark: str | None
    style: str
    depth: int
    closed: bool
    paragraphs: int


# ---- the marks ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Opener:
    """How a mark opens a quote: its style and the marks that may close it."""

    style: str
    closers: frozenset[str]
    directional: bool  # the glyph itself says "opening" (“ „ « 「) -- symmetric ones (" ' ” ’ ») do not


def _op(style: str, closers: str | tuple[str, ...], directional: bool) -> _Opener:
    return _Opener(style, frozenset(closers), directional)


_OPENERS: dict[str, _Opener] = {
    "“": _op("double", ("”", '"', "’’", "''"), True),
    "‟": _op("double", "”", True),
    "”": _op("double", "”\"", False),                        # Swedish/Finnish ”…”
    "‘‘": _op("double", ("’’", "”", "''"), True),            # ‘‘…’’ typed with single marks
    "‘": _op("single", "’", True),
    "‛": _op("single", "’", True),
    "’": _op("single", "’", False),                          # Swedish/Finnish ’…’
    '"': _op("straight-double", ('"', "”", "''", "“"), False),  # "…“ (a curly closer mistyped) closes too
    "''": _op("straight-double", ("''", '"', "”"), False),   # ''…'' (NYT archive style)
    "``": _op("straight-double", ("''", '"', "”", "’’"), True),  # ``…'' (TeX, Penn Treebank)
    "'": _op("straight-single", "'’", False),
    "«": _op("guillemets", "»", True),
    "»": _op("guillemets-reversed", "«»", False),            # German/Danish »…«, Swedish/Finnish »…»
    "‹": _op("single-guillemets", "›", True),
    "›": _op("single-guillemets", "‹›", False),
    "„": _op("low-high", ("“", "”", '"', "’’", "''"), True),  # German „…“, Polish/Hungarian/Romanian „…”
    "‚": _op("low-high-single", "‘’", True),
    "「": _op("cjk", "」", True),
    "﹁": _op("cjk", "﹂", True),
    "〝": _op("cjk", "〞〟", True),
    "『": _op("cjk-white", "』", True),
    "﹃": _op("cjk-white", "﹄", True),
}
_CJK_CLOSERS = frozenset("」﹂〞〟』﹄")
_ONE_CHAR_MARKS = frozenset(m for m in _OPENERS if len(m) == 1) | _CJK_CLOSERS
# One character (a set, so the regex engine scans fast), extended to a doubled mark or a run of three '
# (one ' and one ''); a lone ` is not a mark and is skipped.
_MARK_RE = re.compile("[" + re.escape("".join(sorted(_ONE_CHAR_MARKS | {"`"}))) +
                      "](?:(?<=')'{1,2}|(?<=`)`|(?<=‘)‘|(?<=’)’)?")
_SINGLE_MARKS = frozenset("'’‘‛")          # the ones that double as apostrophes
_TYPO_SELF_CLOSE = frozenset("“‘")          # “Hello,“ he said: an opening glyph typed as the closer
_SELF_NESTING = frozenset("«")              # Russian/Ukrainian «…«…»…» nests the same mark
# “…“…”…”: the same mark nested (sloppy) -- nested when enough closing marks follow in the paragraph.
_NEST_IF_CLOSED_LATER = {"“": "”", "„": "“”", "‹": "›"}
_MAX_DEPTH = 32
_DROP_IF_UNCLOSED = frozenset({"single", "straight-single"})  # a lone ' or ‘ is an apostrophe, not a quote

# Languages whose guillemets point outwards «…» only: there » never opens and « never closes.
_OUTWARD_GUILLEMETS = frozenset("fr ru uk be bg it es pt ca el no nb nn tr fa ar et lv lt sq hy az kk uz ky ka "
                                "mn ro gl eu oc br wa co".split())
# English-style apostrophe heuristics (elisions, plural possessives) only where they hold.
_ENGLISH_APOSTROPHES = frozenset({None, "en", "nl", "sco", "ga", "cy"})
# Languages with no dialogue-dash convention: a leading dash there is a list bullet or a byline.
_NO_DASH_DIALOGUE = frozenset({"en", "ja", "zh", "ko"})
_HYPHEN_DIALOGUE = frozenset("ru uk be bg sr mk es pt it ca pl fr el tr hr sl cs sk ro hu fi sv da no nb nn "
                             "lt lv et gl eu".split())
_CYRILLIC_DIALOGUE = frozenset("ru uk be bg sr mk kk ky tg mn".split())
# Em dash, en dash and U+2015 HORIZONTAL BAR, Unicode's "quotation dash" (dialogue, "― Author" signatures).
LONG_DASHES = "—–―"

_ELISION_RE = re.compile(r"(?:em|tis|twas|til|cause|bout|nuff|cept|n)(?![\w'’‘])", re.IGNORECASE)
_YEAR_ELISION_RE = re.compile(r"\d\d(?!\d)(?!['’‘])")

# Character classes for the flanking rules.
_WS, _PUNCT, _ALNUM = 0, 1, 2
_KIND_CACHE: dict[str, int] = {}


def _kind(c: str) -> int:
    """Whitespace (incl. controls and unassigned: binary junk separates words), punctuation, or word."""
    k = _KIND_CACHE.get(c)
    if k is None:
        cat = unicodedata.category(c)
        if c.isspace() or cat[0] in "CZ":
            k = _WS
        elif cat[0] in "PS":
            k = _PUNCT
        else:
            k = _ALNUM
        if len(_KIND_CACHE) < 65536:
            _KIND_CACHE[c] = k
    return k


def _lang_code(lang: str | None) -> str | None:
    """'de-CH' / 'pt_BR' / 'UK' -> 'de' / 'pt' / 'uk'; empty or odd values mean "unknown"."""
    if not lang or not isinstance(lang, str):
        return None
    code = re.split(r"[-_.@\s]", lang.strip().lower(), maxsplit=1)[0]
    return code or None


# ---- paragraphs --------------------------------------------------------------------------------------

_NEWLINE = r"(?:\r\n|\r(?!\n)|[\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85])"  # what str.splitlines splits on
_BLANK_LINE_RE = re.compile(_NEWLINE + r"[^\S\n\r\u2028\u2029\x0b\x0c\x1c-\x1e\x85]*" + _NEWLINE)


def _starts_dialogue(text: str, i: int) -> bool:
    """A line opening with a dash (— – or "- " or "-- ") may be a spoken line."""
    c = text[i]
    if c in LONG_DASHES:
        return True
    return c == "-" and (text[i + 1:i + 2].isspace() or text[i + 1:i + 3] in ("- ", "-\t"))


def _paragraphs(text: str, dash_lines: bool = True) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, trimmed of surrounding whitespace.

    Where the text separates paragraphs by blank lines, a single newline is a soft wrap (except before a
    dialogue dash, where `dash_lines`: the language writes dialogue so); otherwise every line is a paragraph.
    """
    blank_mode = _BLANK_LINE_RE.search(text) is not None
    paras: list[tuple[int, int]] = []
    cur_s = cur_e = -1
    pos = 0
    for line in text.splitlines(keepends=True):
        ls, pos = pos, pos + len(line)
        body = line.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        stripped = body.lstrip()
        if not stripped.strip():
            if cur_s >= 0:
                paras.append((cur_s, cur_e))
                cur_s = -1
            continue
        s = ls + len(body) - len(stripped)
        e = ls + len(body.rstrip())
        if cur_s < 0:
            cur_s, cur_e = s, e
        elif not blank_mode or (dash_lines and _starts_dialogue(text, s)):
            paras.append((cur_s, cur_e))
            cur_s, cur_e = s, e
        else:
            cur_e = e
    if cur_s >= 0:
        paras.append((cur_s, cur_e))
    return paras


def _at_line_start(text: str, i: int) -> bool:
    """Only horizontal whitespace between the previous line break and offset i."""
    j = i - 1
    while j >= 0 and text[j] in " \t\u00a0\u2009\u202f\u3000":
        j -= 1
    return j >= 0 and text[j] in "\n\r\u2028\u2029\x0b\x0c\x85"


# ---- pairing quote marks -----------------------------------------------------------------------------
# A quote before its depth is known: start, end, open_start, close_end, open_mark, close_mark, style,
# closed, paragraphs (plain tuples: cheap to make, one QuoteSpan each at the end).
_Raw = tuple[int, int, int, int, str, "str | None", str, bool, int]


@dataclass(slots=True)
class _Open:
    mark: str
    pos: int
    opener: _Opener
    paragraphs: int = 1


@dataclass(slots=True)
class _Pairer:
    """Pairs the quote marks of one text; see the module docstring for the rules."""

    text: str
    lang: str | None
    out: list[_Raw] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    skip_at: int = -1   # the repeated opening mark of a continued paragraph, or the second ' of 'n'
    ahead: dict[str, object] = field(default_factory=dict)  # look-ahead facts about the current paragraph
    english: bool = False  # English apostrophe habits apply

    def run(self, paras: list[tuple[int, int]]) -> list[_Raw]:
        text = self.text
        self.english = self.lang in _ENGLISH_APOSTROPHES
        for pi, (ps, pe) in enumerate(paras):
            self.ahead = {}
            for m in _MARK_RE.finditer(text, ps, pe):
                i, tok = m.start(), m.group()
                if i == self.skip_at or tok == "`":
                    continue
                if tok == "'''":
                    top = self.stack[-1] if self.stack else None
                    if top is not None and top.mark == "'" and i > 0 and not text[i - 1].isspace():
                        self._step("'", i, ps, pe)       # ...it,''' -- the inner ' closes first
                        self._step("''", i + 1, ps, pe)
                    else:
                        self._step("''", i, ps, pe)      # '''Tis -- '' opens, then '
                        self._step("'", i + 2, ps, pe)
                else:
                    self._step(tok, i, ps, pe)
            if self.stack:
                self._paragraph_end(paras, pi, pe)
        return self.out

    def _step(self, tok: str, i: int, ps: int, pe: int) -> None:
        """Classify one mark by its two sides, then close an open quote with it, open one, or skip it."""
        text, n = self.text, len(self.text)
        j = i + len(tok)
        prev = text[i - 1] if i > 0 else " "
        nxt = text[j] if j < n else " "
        kp = _KIND_CACHE.get(prev)
        if kp is None:
            kp = _kind(prev)
        kn = _KIND_CACHE.get(nxt)
        if kn is None:
            kn = _kind(nxt)
        weak = False
        if tok in _SINGLE_MARKS:
            english = self.english
            if kp == _ALNUM and kn == _ALNUM:
                return  # don't, п'ять, l’homme, O’Brien, 90's
            if kp != _ALNUM:
                if _YEAR_ELISION_RE.match(text, j):
                    return  # the '90s, in ’05
                if english and nxt in "nN" and text[j + 1:j + 2] in ("'", "’") and \
                        _kind(text[j + 2] if j + 2 < n else " ") == _WS:
                    self.skip_at = j + 1  # rock 'n' roll: both marks are apostrophes
                    return
                if english and _ELISION_RE.match(text, j):
                    return  # 'em, 'tis, ’cause
            elif kn == _WS and self._possessive(prev, text[j + 1:j + 2]):
                weak = True  # students’ union, Hans' Auto: a possessive unless nothing else closes
        ws_before, ws_after = kp == _WS, kn == _WS
        left = not ws_after and (kn != _PUNCT or kp != _ALNUM)
        right = not ws_before and (kp != _PUNCT or kn != _ALNUM)
        at_end = j >= pe  # nothing after it in the paragraph: it cannot open
        opener = None if at_end else self._opener(tok, left, right, ws_before, ws_after, i == ps)
        idx = self._closable(tok, right or at_end) if self.stack else -1
        if idx >= 0 and (tok in _CJK_CLOSERS or not ws_before or ws_after or opener is None):
            if weak and i < self._last_strong(tok, ps, pe):
                return
            self._close(idx, i, tok)
            return
        if opener is None or weak:
            return  # a stray closing mark or an apostrophe
        stack = self.stack
        top = stack[-1] if stack else None
        if top is not None and top.mark == tok:
            if len(stack) == 1 and _at_line_start(text, i):
                top.paragraphs += 1  # a quote over paragraphs separated by single newlines
                return
            if not (tok in _SELF_NESTING or (tok in _NEST_IF_CLOSED_LATER and self._closed_later(tok, i, ps, pe))):
                self._close_unclosed(len(stack) - 1, i)  # recovered at the next opening
        if len(stack) >= _MAX_DEPTH:
            return  # no text nests quotes this deep: keep the pass linear on junk
        stack.append(_Open(tok, i, opener))

    def _opener(self, c: str, left: bool, right: bool, ws_before: bool, ws_after: bool,
                para_start: bool) -> _Opener | None:
        """The opener this mark can be here, judged by its sides; None when it cannot open."""
        op = _OPENERS.get(c)
        if op is None:
            return None
        if op.style in ("cjk", "cjk-white"):
            return op
        if op.directional:
            if right and not left:
                return None  # word“ -- a closing position
            if ws_after and c not in ("«", "“", "‹", "``"):
                return None  # ‘ or „ or ‚ followed by a space is not an opening
            return op
        if c in ('"', "''"):
            return op if left or (ws_before and ws_after) else None
        if c in "»›" and self.lang in _OUTWARD_GUILLEMETS:
            return None
        if para_start and c in "”»›":
            return op  # nothing to close at a paragraph's start: ” … he said,” opens
        return op if left and not right else None

    def _closable(self, c: str, right: bool) -> int:
        """Index of the innermost open quote this mark can close, or -1."""
        stack = self.stack
        for k in range(len(stack) - 1, -1, -1):
            o = stack[k]
            if c in o.opener.closers or (right and c == o.mark and c in _TYPO_SELF_CLOSE):
                return k
        return -1

    def _closed_later(self, tok: str, i: int, ps: int, pe: int) -> bool:
        """Do enough closing marks follow in the paragraph to close every open quote of this mark, and one more?"""
        surplus = sum(self._count_after(c, i, ps, pe) for c in _NEST_IF_CLOSED_LATER[tok])
        surplus -= self._count_after(tok, i, ps, pe)
        return surplus > sum(1 for o in self.stack if o.mark == tok)

    def _count_after(self, c: str, i: int, ps: int, pe: int) -> int:
        key = "at" + c
        where = self.ahead.get(key)
        if where is None:
            where = [ps + m.start() for m in re.finditer(re.escape(c), self.text[ps:pe])]
            self.ahead[key] = where
        return len(where) - bisect.bisect_right(where, i)  # type: ignore[arg-type]

    def _last_strong(self, c: str, ps: int, pe: int) -> int:
        """Offset of the last mark c in the paragraph that can only be a closing mark (or -1)."""
        key = "strong" + c
        if key not in self.ahead:
            text, j, found = self.text, pe, -1
            while True:
                j = text.rfind(c, ps, j)
                if j <= ps:
                    break
                prev, nxt = text[j - 1], text[j + 1] if j + 1 < len(text) else " "
                kp, kn = _kind(prev), _kind(nxt)
                if kp != _WS and not (kp == _ALNUM and kn == _ALNUM) and not (
                        kn == _WS and self._possessive(prev, text[j + 2:j + 3])):
                    found = j
                    break
            self.ahead[key] = found
        return self.ahead[key]  # type: ignore[return-value]

    def _possessive(self, prev: str, word: str) -> bool:
        """Does a mark after `prev`, then a space, then `word`'s first letter read as a possessive?"""
        if self.english:
            return prev in "sS" and word.islower()
        if self.lang == "de":
            return prev in "sSxXzZß" and word.isalpha()  # Hans' Auto, Marx' Werke
        return False

    def _close(self, idx: int, i: int, mark: str) -> None:
        """Close stack[idx] with the mark at i; quotes opened inside it and left open end there too."""
        while len(self.stack) - 1 > idx:
            self._close_unclosed(len(self.stack) - 1, i)
        o = self.stack.pop()
        start, end = self._trim(o.pos + len(o.mark), i)
        if end > start:
            self.out.append((start, end, o.pos, i + len(mark), o.mark, mark, o.opener.style, True, o.paragraphs))

    def _close_unclosed(self, idx: int, at: int) -> None:
        """Pop stack[idx] (the top) as a quote whose closing mark is missing, ending just before `at`."""
        o = self.stack.pop(idx)
        if o.opener.style in _DROP_IF_UNCLOSED and o.paragraphs == 1:
            return
        start, end = self._trim(o.pos + len(o.mark), at)
        if end > start:
            self.out.append((start, end, o.pos, end, o.mark, None, o.opener.style, False, o.paragraphs))

    def _paragraph_end(self, paras: list[tuple[int, int]], pi: int, pe: int) -> None:
        """Continue the outermost open quote into the next paragraph if that opens with the same mark."""
        text, bottom = self.text, self.stack[0]
        if pi + 1 < len(paras):
            ns, ne = paras[pi + 1]
            k = ns + len(bottom.mark)
            if text.startswith(bottom.mark, ns) and (bottom.opener.directional or (
                    k < ne and _kind(text[k]) != _WS)) and not text.startswith(bottom.mark, k):
                while len(self.stack) > 1:
                    self._close_unclosed(len(self.stack) - 1, pe)
                bottom.paragraphs += 1
                self.skip_at = ns
                return
        while self.stack:
            self._close_unclosed(len(self.stack) - 1, pe)

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end


# ---- dialogue dashes ---------------------------------------------------------------------------------

_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DASH_RE = re.compile(f"[{LONG_DASHES}]|--?")
_SPEECH_END_PUNCT = ",.!?…;:"


def _dialogue_allowed(text: str, s: int, e: int, lang: str | None) -> bool:
    if lang in _NO_DASH_DIALOGUE:
        return False
    if text[s] in LONG_DASHES:
        return True
    if lang in _HYPHEN_DIALOGUE:
        return True
    if lang is None:  # "- " is a list bullet unless the line reads as dialogue
        return bool(_CYRILLIC_RE.search(text, s, min(e, s + 200))) or bool(
            re.search(r"[,!?…]\s*--?\s", text[s:e]))
    return False


def _dialogue(text: str, s: int, e: int, lang: str | None) -> list[_Raw]:
    """The spoken parts of one paragraph that opens with a dialogue dash."""
    if lang is None:
        cyr = _CYRILLIC_RE.search(text, s, min(e, s + 300))
        lat = _LATIN_RE.search(text, s, min(e, s + 300))
        cyrillic = cyr is not None and (lat is None or cyr.start() < lat.start())
    else:
        cyrillic = lang in _CYRILLIC_DIALOGUE
    lead = _DASH_RE.match(text, s)
    if lead is None:
        return []
    out: list[_Raw] = []
    open_pos, open_mark = s, lead.group()
    content = lead.end()
    speaking = True
    for m in _DASH_RE.finditer(text, lead.end(), e):
        d, de = m.start(), m.end()
        prev = text[d - 1]
        nxt = text[de] if de < e else " "
        if prev.isalnum() and nxt.isalnum():
            continue  # well-known, Ростов-на-Дону
        j = d
        while j > content and text[j - 1].isspace():
            j -= 1
        spaced_before = j < d
        punct_before = j > content and text[j - 1] in _SPEECH_END_PUNCT
        hyphen = m.group()[0] == "-"
        if speaking:
            if hyphen and not (spaced_before and nxt.isspace()):
                continue
            if punct_before or (spaced_before and not cyrillic and (nxt.isspace() or nxt.isalpha())):
                start, end = content, d
                while start < end and text[start].isspace():
                    start += 1
                while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
                    end -= 1
                if end > start:
                    out.append((start, end, open_pos, de, open_mark, m.group(), "dash", True, 1))
                speaking = False
        else:
            resumes = (spaced_before or punct_before) and nxt.isspace()
            spanish_close = not spaced_before and not hyphen and not prev.isspace() and (
                nxt.isspace() or nxt in ".,;:")
            if resumes or spanish_close:
                content = de
                while content < e and (text[content].isspace() or (spanish_close and text[content] in ".,;:")):
                    content += 1
                open_pos, open_mark = d, m.group()
                speaking = True
    if speaking:
        start, end = content, e
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end, open_pos, end, open_mark, None, "dash", True, 1))
    return out


# ---- depth and the entry point -----------------------------------------------------------------------

def _with_depths(raw: list[_Raw]) -> list[QuoteSpan]:
    """Depth = how many other quotes enclose a quote's marks; sorted by (open_start, depth)."""
    raw.sort(key=lambda r: (r[2], -r[3]))
    out: list[QuoteSpan] = []
    enclosing: list[int] = []  # close_end of the open enclosing quotes
    for start, end, open_start, close_end, open_mark, close_mark, style, closed, paragraphs in raw:
        while enclosing and enclosing[-1] < close_end:
            enclosing.pop()
        out.append(QuoteSpan(start, end, open_start, close_end, open_mark, close_mark, style, len(enclosing),
                             closed, paragraphs))
        enclosing.append(close_end)
    return out


def find_quotes(text: str, lang: str | None = None) -> list[QuoteSpan]:
    """Every quotation in `text` (marks of any convention and dialogue dashes), sorted by (open_start, depth).

    `lang` (ISO 639-1, optional) settles what the marks cannot: whether » may open (not in French or
    Russian), English apostrophe habits ('em, students’ union), and whether a leading dash is dialogue.
    Linear in len(text); never raises on odd text.
    """
    if not isinstance(text, str):
        raise TypeError(f"find_quotes() needs str, not {type(text).__name__}")
    if not text:
        return []
    code = _lang_code(lang)
    paras = _paragraphs(text, code not in _NO_DASH_DIALOGUE)
    spans = _Pairer(text, code).run(paras)
    for run in _dash_runs(text, paras):
        if any(text[e - 1] == ";" for _s, e in run):
            continue  # – first item;\n– second item. -- a list, not dialogue
        for s, e in run:
            if _dialogue_allowed(text, s, e, code):
                spans.extend(_dialogue(text, s, e, code))
    return _with_depths(spans)


def _dash_runs(text: str, paras: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Paragraphs that open with a dash, grouped where only single newlines part them (a dialogue, or a list)."""
    runs: list[list[tuple[int, int]]] = []
    prev = -2
    for k, (s, e) in enumerate(paras):
        if _starts_dialogue(text, s):
            if k == prev + 1 and not _BLANK_LINE_RE.search(text, paras[k - 1][1], s):
                runs[-1].append((s, e))
            else:
                runs.append([(s, e)])
            prev = k
    return runs
