"""Normalise a column of place names in a table, at speed: the engine of ``toponorm table``.

Why it is fast: real columns repeat the same few thousand spellings over and over, so each
distinct (value, country hint) is resolved once, in batches per chunk through
``Normaliser.resolve_many``, and its already-formatted result columns are cached (bounded, so
memory stays flat however long the file). Rows only cost C-level set/dict/Counter passes.
Why it is safe: rows are streamed in chunks and written in input order, each with a result or a
reason; the output appears only when complete (``tableio.AtomicOutput``).
"""
from __future__ import annotations

import json
import math
import numbers
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from normalise.errors import InputError, ToponormError
from normalise.gcpause import few_gc_passes
from normalise.progress import progress
from normalise.qualifiers import with_regions
from normalise.tableio import (OTHER_DELIMITERS, RESULT_FIELDS, STDIO, AtomicOutput, Chunk, RecordChunk, Result,
                               TextChunk, create_writer, delimiter_option, detect_format, display_name,
                               open_table, result_arrow_types, utf8_text)
from normalise.values import is_missing, is_missing_hint

DEFAULT_PREFIX = "place_"
DEFAULT_CHUNK_SIZE = 20_000
DEFAULT_CACHE_SIZE = 200_000
MAX_CHUNK_SIZE = 10_000_000  # rows: a chunk is held in memory (the default, 20,000, is plenty)
MAX_JOBS_PER_CPU = 4  # worker processes: more only contend (--jobs 100000 ran out of file handles)
MAX_NAME_CHARS = 300
"""Longer cells are not looked up: no place name is that long, and fuzzy matching on a 10 MB
cell would stall the job. They get a reason instead."""
MAX_CANDIDATES = 5
MAX_COUNTED_DISTINCT = 1_000_000
"""Distinct values are counted exactly up to this many (a set of hashes, ~70 MB at the cap);
beyond it the summary says "at least"."""


# ---- results ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Rejected:
    """A cell that is not looked up, with the reason it gets in the output."""

    reason: str


def reject_reason(value: Any) -> str | None:
    """Why a cell cannot be a place name (empty, NUL bytes, too long, not text), or None."""
    if value is None:
        return "empty cell"
    if not isinstance(value, str):
        return "not a text value"
    if not value.strip():
        return "empty cell"
    if "\x00" in value:
        return "NUL byte in cell"
    if len(value) > MAX_NAME_CHARS:
        return f"cell too long for a place name ({len(value)} characters)"
    return None


def _as_key(value: Any) -> Hashable:
    """A cell as a cache key: text stays text, numbers become text, the rest is rejected. A float NaN
    (or infinity) is an empty cell, as pandas and Parquet write one: made text it was the Thai town
    of Nan."""
    if value is None or isinstance(value, str):
        return value
    if is_missing(value) or isinstance(value, float) and math.isinf(value):
        return None
    if isinstance(value, (numbers.Integral, float)) and not isinstance(value, bool):
        return str(value)  # (numpy's integers too: np.int64(42) had been "not a text value")
    if isinstance(value, bytes):  # a Parquet binary column holding text ("not a text value" before)
        text = utf8_text(value)
        return text if text is not None else _Rejected("bytes that are no UTF-8 text")
    return _Rejected("not a text value")


def candidates_text(candidates: Iterable[Any], limit: int = MAX_CANDIDATES) -> str:
    """Runners-up as ``id:score|id:score`` (compact enough for a CSV cell)."""
    if not candidates:
        return ""
    parts = []
    for c in list(candidates)[:limit]:
        cid = c.get("id") if isinstance(c, dict) else getattr(c, "id", None)
        score = c.get("score") if isinstance(c, dict) else getattr(c, "score", None)
        if cid is None:
            continue
        parts.append(f"{cid}:{score:.3f}" if isinstance(score, (int, float)) else str(cid))
    return "|".join(parts)


def result_of(resolution: Any) -> Result:
    """The result-column values (see ``tableio.RESULT_FIELDS``) of one ``Resolution``."""
    r = resolution
    unresolved = r.id is None and not r.ambiguous
    reason = r.reason or ("not found" if unresolved else None)
    return (r.id, r.name, r.country, r.admin1, r.lat, r.lon,
            None if unresolved else r.score, r.method, bool(r.ambiguous),
            candidates_text(r.candidates) or None, reason)


def rejected_result(reason: str) -> Result:
    """The result of a cell that is not looked up. Not ambiguous (False, not None: a bool column,
    as for any row the matcher answered), and no candidates (null, as every empty value)."""
    return (None, None, None, None, None, None, None, None, False, None, reason)


def status_of(result: Result) -> str:
    """``resolved``, ``ambiguous`` or ``unresolved``: three disjoint outcomes per row."""
    if result[8]:
        return "ambiguous"
    return "resolved" if result[0] is not None else "unresolved"


# ---- summary ---------------------------------------------------------------------------------
_REASON_DETAILS = (
    (re.compile(r"best match .*? scores \S+, below the minimum score [^;]*"),
     "best match below the minimum score"),
    (re.compile(r" \(\d[\d,]* characters\)"), ""),
    (re.compile(r"ragged row: \d+ fields, header has \d+"), "ragged row"),
    (re.compile(r"""unknown country hint (?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""), "unknown country hint"),
    (re.compile(r"no match in [^;]*; best match elsewhere"),
     "no match in the hinted country or region; best match elsewhere"),
    (re.compile(r"; a place of that name is the first candidate"), ""),  # (a missing-value marker)
    (re.compile(r"several places in one cell: .*"), "several places in one cell"),
)
"""Parts of reasons that name a value (a place, a hint, a count), and what the summary says instead.
(Ambiguous rows are counted apart, without their reasons: their notes need no category.)"""


def reason_category(reason: str) -> str:
    """A reason without the value it names, for the summary's ``by_reason``: with ``--min-score`` every
    place's "best match Shanghai (CN, ...) scores 0.90, ..." had been a count of its own."""
    for pattern, general in _REASON_DETAILS:
        reason = pattern.sub(general, reason)
    return reason


@dataclass
class TableSummary:
    """What a run did, for the stderr summary and ``--summary-json``."""

    input: str = ""
    output: str = ""
    format: str = ""
    output_format: str = ""
    column: str = ""
    rows: int = 0
    distinct: int = 0
    lookups: int = 0  # distinct values sent to the matcher (more than ``distinct`` if the cache evicted)
    resolved: int = 0
    ambiguous: int = 0
    unresolved: int = 0
    by_method: dict[str, int] = field(default_factory=dict)
    by_reason: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # how the input was read, where it was guessed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def text(self) -> str:
        """A short human summary (several lines) for stderr."""
        def pct(n: int) -> str:
            return f"{n:,} ({100 * n / self.rows:.1f}%)" if self.rows else f"{n:,}"
        speed = f", {self.rows / self.seconds:,.0f} rows/s" if self.seconds > 0 else ""
        methods = ", ".join(f"{m} {n:,}" for m, n in sorted(self.by_method.items(),
                                                             key=lambda kv: -kv[1]))
        reasons = "; ".join(f"{r} {n:,}" for r, n in sorted(self.by_reason.items(),
                                                            key=lambda kv: -kv[1])[:6])
        at_least = "at least " if self.distinct >= MAX_COUNTED_DISTINCT else ""
        lines = [f"{self.rows:,} rows, {at_least}{self.distinct:,} distinct values in "
                 f"{self.seconds:.1f} s{speed}",
                 f"  resolved   {pct(self.resolved)}" + (f": {methods}" if methods else ""),
                 f"  ambiguous  {pct(self.ambiguous)}",
                 f"  unresolved {pct(self.unresolved)}" + (f": {reasons}" if reasons else "")]
        return "\n".join(lines + [f"  note: {note}" for note in self.notes])


# ---- country hints ---------------------------------------------------------------------------
def country_hint(cell: Any) -> str | None:
    """A country cell as a hint for the matcher ("UA", "ukr", "Ukraine", "Україна"), or None.

    The matcher interprets it (ISO codes and country names in the gazetteer's languages) and
    says "unknown country hint" in the reason when it cannot.
    """
    if isinstance(cell, str):  # ("nan", "None": no hint, values.is_missing_hint; "NA" is Namibia)
        return None if is_missing_hint(cell) else cell.strip() or None
    if isinstance(cell, numbers.Integral) and not isinstance(cell, bool):
        return str(cell)  # an ISO numeric code (840): it had been no hint at all, silently
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # ... in a pandas column with empty cells, a float (840.0)
    return None


def _hint_texts(cells: list[Any]) -> list[Any]:
    """Hint cells (a country's, a region's) with numbers made text as ``country_hint`` reads them: a
    JSON or Parquet 17 is the CSV cell "17" (a region number had been ignored in silence)."""
    if all(c is None or type(c) is str for c in cells):
        return cells
    return [c if c is None or type(c) is str else country_hint(c) for c in cells]


# ---- the job ---------------------------------------------------------------------------------
Resolver = Callable[[list[str], list["str | None"]], Sequence[Any]]
"""Resolves a batch of names with their country hints: one ``Resolution`` (or a ready ``Result``
tuple, or a ``_Rejected``) per name, in order."""


def normaliser_resolver(normaliser: Any, *, lang: str | None = None, as_of: Any = None,
                        output_lang: str | None = None) -> Resolver:
    """A batch resolver over ``Normaliser.resolve_many``; one bad value cannot sink a batch."""
    def resolve(names: list[str], countries: list[str | None]) -> Sequence[Any]:
        try:
            return normaliser.resolve_many(names, countries=countries, lang=lang, as_of=as_of,
                                           output_lang=output_lang)
        except ToponormError:
            out = []
            for name, cc in zip(names, countries):
                try:
                    out.append(normaliser.resolve(name, lang=lang, country=cc, as_of=as_of,
                                                  output_lang=output_lang))
                except ToponormError as exc:
                    out.append(_Rejected(str(exc)))
            return out
    return resolve


_KEY_SEP = "\x1f"  # joins a value and its country hint into one cache key


class ColumnJob:
    """Resolves one column chunk by chunk, caching each distinct (value, country hint).

    Per row the work is C-level passes only (set, map over dict lookups, Counter); Python code
    runs once per value new to the cache, and the matcher once per distinct value. The cache
    is bounded: when it outgrows ``cache_size`` it keeps just the current chunk's values (the
    frequent ones come back at once; rare ones are looked up again if they recur).
    """

    def __init__(self, resolve: Resolver, encode: Callable[[Result], Any], *,
                 country: str | None = None, cache_size: int = DEFAULT_CACHE_SIZE) -> None:
        self.resolve = resolve
        self.encode = encode
        self.country = country
        self.cache_size = max(1, cache_size)
        self._encoded: dict[Hashable, Any] = {}  # key -> the writer's encoding of its result
        self._outcome: dict[Hashable, int] = {}  # key -> index into self._outcomes
        self._outcomes: list[tuple[str, str | None]] = []  # (status, method or reason)
        self._outcome_ids: dict[tuple[str, str | None], int] = {}
        self._counts: Counter[int] = Counter()  # rows per outcome index
        self._interned: dict[Result, Any] = {}
        self._countries: dict[Any, str | None] = {}
        self._seen: set[int] = set()  # hashes of the distinct keys, for the summary's count
        self._in_flight: set[Hashable] = set()  # keys submitted to the resolver, not yet stored
        self._unfinished: deque[set[Hashable]] = deque()  # distinct keys of submitted chunks
        self.evictions = 0
        self.summary = TableSummary()

    def _store(self, key: Hashable, result: Result) -> None:
        encoded = self._interned.get(result)
        if encoded is None:
            if len(self._interned) >= self.cache_size:
                self._interned.clear()
            encoded = self._interned[result] = self.encode(result)
        status = status_of(result)
        if status == "ambiguous":
            outcome: tuple[str, str | None] = (status, None)
        elif status == "resolved":
            outcome = (status, result[7] or "?")
        else:
            outcome = (status, reason_category(result[10] or "") or "?")
        index = self._outcome_ids.get(outcome)
        if index is None:
            index = self._outcome_ids[outcome] = len(self._outcomes)
            self._outcomes.append(outcome)
        self._encoded[key] = encoded
        self._outcome[key] = index

    def _country_hints(self, cells: list[Any]) -> list[str]:
        """Each row's country hint ("" for none), for joining into the row's cache key."""
        memo = self._countries
        if len(memo) > 10_000:
            memo.clear()
        cells = _hint_texts(cells)
        for cell in set(cells).difference(memo):
            memo[cell] = (country_hint(cell) or self.country or "").replace(_KEY_SEP, "")
        return list(map(memo.__getitem__, cells))

    def run(self, chunk: Chunk, column: str, country_column: str | None = None,
            region_column: str | None = None) -> list[Any]:
        """The encoded results of ``chunk``'s rows, in order; updates the counts."""
        return self.complete(self.submit(chunk, column, country_column, region_column))

    def submit(self, chunk: Chunk, column: str, country_column: str | None = None,
               region_column: str | None = None) -> _Submitted:
        """Send ``chunk``'s values new to the cache to the resolver; ``complete`` collects them.

        Why two steps: with a resolver that works in other processes (``--jobs``), the next chunk
        is read and submitted while the workers resolve this one. Chunks must be completed in the
        order they were submitted."""
        values = chunk.values(column)
        if not isinstance(chunk, TextChunk) and not all(v is None or type(v) is str for v in values):
            values = [_as_key(v) for v in values]
        if region_column is not None:  # "Springfield" in "IL": the matcher reads "Springfield, IL"
            regions = chunk.values(region_column)
            if not isinstance(chunk, TextChunk):
                regions = _hint_texts(regions)
            values = with_regions(values, regions)
        keys: list[Hashable]
        if country_column is not None:
            # "value<US>hint" strings, not (value, hint) tuples: a str caches its hash, a tuple
            # is re-hashed at each of the passes below (measured: those passes ran 2x faster).
            hints = self._country_hints(chunk.values(country_column))
            keys = [v + _KEY_SEP + h if type(v) is str else v for v, h in zip(values, hints)]
        else:
            keys = values
        problems = chunk.problems()
        if problems is not None:
            keys = [k if p is None else _Rejected(p) for k, p in zip(keys, problems)]

        distinct = set(keys)
        self._unfinished.append(distinct)
        missing = distinct.difference(self._encoded)
        if self._in_flight:
            missing.difference_update(self._in_flight)
        queued: list[Hashable] = []
        handle = None
        if missing:
            if len(self._seen) < MAX_COUNTED_DISTINCT:  # a key misses the cache on first sight
                self._seen.update(map(hash, missing))
            queued, handle = self._resolve_missing(list(missing), country_column is not None)
            self._in_flight.update(queued)
        return _Submitted(keys, queued, handle)

    def complete(self, submitted: _Submitted) -> list[Any]:
        """The encoded results of a submitted chunk's rows, in order; updates the counts."""
        if submitted.queued:
            for key, res in zip(submitted.queued, submitted.handle.result()):
                if isinstance(res, _Rejected):
                    res = rejected_result(res.reason)
                self._store(key, res if isinstance(res, tuple) else result_of(res))
            self._in_flight.difference_update(submitted.queued)
        keys = submitted.keys
        results = list(map(self._encoded.__getitem__, keys))
        self._counts.update(map(self._outcome.__getitem__, keys))
        self.summary.rows += len(keys)
        distinct = self._unfinished.popleft()  # this chunk's: chunks complete in submission order
        if len(self._encoded) > self.cache_size:
            # keep this chunk's values and those of the chunks submitted after it
            keep = distinct.union(*self._unfinished)
            self.evictions += len(self._encoded) - len(keep & self._encoded.keys())
            self._encoded = {k: v for k, v in self._encoded.items() if k in keep}
            self._outcome = {k: v for k, v in self._outcome.items() if k in keep}
        return results

    def finish(self) -> TableSummary:
        """The summary so far (rows by outcome, distinct values)."""
        s = self.summary
        s.distinct = len(self._seen)
        s.resolved = s.ambiguous = s.unresolved = 0
        s.by_method, s.by_reason = {}, {}
        for index, n in self._counts.items():
            status, detail = self._outcomes[index]
            setattr(s, status, getattr(s, status) + n)
            if status == "resolved":
                s.by_method[detail] = s.by_method.get(detail, 0) + n
            elif status == "unresolved":
                s.by_reason[detail] = s.by_reason.get(detail, 0) + n
        return s

    def _resolve_missing(self, missing: list[Hashable], paired: bool) -> tuple[list[Hashable], Any]:
        """Store the results of values that are not looked up; send the others to the resolver:
        (their keys, a handle whose ``result()`` is their resolutions in order)."""
        names: list[str] = []
        countries: list[str | None] = []
        queued: list[Hashable] = []
        for key in missing:
            if isinstance(key, _Rejected):
                value, reason = None, key.reason
            else:
                if paired and isinstance(key, str):
                    value, _, hint = key.rpartition(_KEY_SEP)
                    cc = hint or None
                else:
                    value, cc = key, self.country
                reason = value.reason if isinstance(value, _Rejected) else reject_reason(value)
            if reason is not None:
                self._store(key, rejected_result(reason))
                continue
            names.append(value)
            countries.append(cc)
            queued.append(key)
        if not names:
            return [], None
        self.summary.lookups += len(names)
        submit = getattr(self.resolve, "submit", None)
        handle = submit(names, countries) if submit is not None else _Done(self.resolve(names, countries))
        return queued, handle


@dataclass(slots=True)
class _Submitted:
    """A chunk on its way through ``ColumnJob``: its row keys and the values being resolved."""

    keys: list[Hashable]
    queued: list[Hashable]
    handle: Any


@dataclass(slots=True)
class _Done:
    """The handle of a batch resolved at once (a resolver without ``submit``)."""

    results: Sequence[Any]

    def result(self) -> Sequence[Any]:
        return self.results


def _check_columns(columns: list[str], source: str, column: str, country_column: str | None,
                   prefix: str, region_column: str | None = None) -> None:
    for name, flag in ((column, "--column"), (country_column, "--country-column"),
                       (region_column, "--region-column")):
        if name is not None and name not in columns:
            available = ", ".join(repr(c) for c in columns[:40])
            more = f" (and {len(columns) - 40} more)" if len(columns) > 40 else ""
            raise InputError(f"{source}: no column {name!r} ({flag}); available: {available}{more}"
                             f"{_separator_hint(columns, name)}")
        if name is not None and columns.count(name) > 1:  # which one was meant? never a guess
            where = ", ".join(str(i + 1) for i, c in enumerate(columns) if c == name)
            raise InputError(f"{source}: column {name!r} ({flag}) appears {columns.count(name)} times in "
                             f"the header (columns {where}); rename all but one")
    clash = [prefix + f for f in RESULT_FIELDS if prefix + f in columns]
    if clash:
        raise InputError(f"{source}: already has column {clash[0]!r}; choose another --prefix")


def _separator_hint(columns: list[str], wanted: str) -> str:
    """Where the header was read as one column that another separator would part into the wanted
    one ("id;Stadt;Land" read with --delimiter tab), the --delimiter that reads it so."""
    if len(columns) != 1:
        return ""
    for char in (",", *OTHER_DELIMITERS):
        option = "tab" if char == "\t" else char
        if wanted in columns[0].split(char):
            return f" (one column: is the file separated by {option!r}? --delimiter {option!r} reads it so)"
    return ""


MATCHER_CACHE_SIZE = 4096
"""The table asks for each distinct value once and caches the answers itself, so the matcher's
own result cache (tens of thousands of entries by default, a few KB each) would only double the
memory."""


def make_normaliser(gazetteer: Any = None, *, lang: str | None = None, country: str | None = None,
                    as_of: Any = None, output_lang: str = "en", min_score: float = 0.0) -> Any:
    """A ``Normaliser`` for a table job (imported lazily: it loads the gazetteer)."""
    from normalise import Normaliser  # type: ignore[attr-defined]
    return Normaliser(gazetteer=gazetteer, lang=lang, country=country, as_of=as_of,
                      output_lang=output_lang, cache_size=MATCHER_CACHE_SIZE, min_score=min_score)


def _worker_count(jobs: int) -> int:
    """``jobs`` (``--jobs``) checked; 0 read as one worker per CPU this process may use."""
    from normalise.parallel import available_cpus

    if not isinstance(jobs, numbers.Integral) or isinstance(jobs, bool):
        raise InputError(f"jobs: a number of worker processes, not {type(jobs).__name__}")
    jobs = int(jobs)
    if jobs < 0:
        raise InputError(f"--jobs must be 0 (one worker per CPU) or more, not {jobs}")
    if jobs > MAX_JOBS_PER_CPU * available_cpus():
        raise InputError(f"--jobs {jobs}: more than {MAX_JOBS_PER_CPU} workers per CPU (this process may "
                         f"use {available_cpus()}; 0 starts one per CPU)")
    return jobs or available_cpus()


def _check_given_normaliser(normaliser: Any, *, gazetteer: Any, min_score: float, lang: str | None,
                            as_of: Any, output_lang: str | None) -> None:
    """A ``normaliser=`` given to a job: something with ``resolve_many``, whose gazetteer and
    ``min_score`` are its own (one given beside it had been ignored in silence), with the job's
    hints checked once (a bad ``as_of`` or ``lang`` had become every row's reason, the file written)."""
    if not hasattr(normaliser, "resolve_many"):
        raise InputError(f"normaliser: a Normaliser, not {type(normaliser).__name__}")
    if gazetteer is not None:
        raise InputError("gazetteer and normaliser given together: the normaliser has its own "
                         "gazetteer; give one of them")
    if min_score:
        raise InputError("min_score and normaliser given together: give min_score to the "
                         "Normaliser (Normaliser(min_score=...))")
    normaliser.resolve_many([], lang=lang, as_of=as_of, output_lang=output_lang)


def _check_counts(chunk_size: Any, cache_size: Any) -> None:
    """``chunk_size`` and ``cache_size``: whole numbers in range (1.5 rows had been a ValueError from
    deep inside the reader, None a TypeError)."""
    for value, what, most, unit in ((chunk_size, "--chunk-size", MAX_CHUNK_SIZE,
                                     "rows (a chunk is held in memory)"),
                                    (cache_size, "cache_size", None, "distinct values")):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1 \
                or most is not None and value > most:
            limit = f"1 to {most:,}" if most is not None else "1 or more"
            raise InputError(f"{what} must be {limit} {unit}, not {value!r}")


def _resolver(normaliser: Any, jobs: int, *, gazetteer: Any, lang: str | None, country: str | None,
              as_of: Any, output_lang: str, min_score: float) -> Resolver:
    """The batch resolver of a job: ``normaliser`` itself, or with ``jobs`` > 1 a ``ProcessResolver``
    (close it) whose workers each open a ``Normaliser`` like ``normaliser``: on its gazetteer file
    where no ``gazetteer`` is named, with its defaults (a given one's own country, as_of, ...)."""
    resolve = normaliser_resolver(normaliser, lang=lang, as_of=as_of, output_lang=output_lang)
    if jobs <= 1:
        return resolve
    from normalise.parallel import ProcessResolver

    store_path = getattr(getattr(normaliser, "store", None), "path", None)
    defaults = {k: getattr(normaliser, k, v) for k, v in (
        ("lang", lang), ("country", country), ("as_of", as_of), ("output_lang", output_lang),
        ("min_score", min_score))}
    return ProcessResolver(jobs, resolve, dict(gazetteer=gazetteer or store_path, **defaults),
                           dict(lang=lang, as_of=as_of, output_lang=output_lang))


def normalise_table(input: str = STDIO, output: str = STDIO, *, column: str,
                    country_column: str | None = None, country: str | None = None,
                    region_column: str | None = None,
                    lang: str | None = None, output_lang: str = "en", as_of: Any = None,
                    prefix: str = DEFAULT_PREFIX, format: str | None = None,
                    output_format: str | None = None, encoding: str = "utf-8",
                    delimiter: str | None = None,
                    chunk_size: int = DEFAULT_CHUNK_SIZE, gazetteer: Any = None,
                    normaliser: Any = None, cache_size: int = DEFAULT_CACHE_SIZE,
                    jobs: int = 1, quiet: bool = True, min_score: float = 0.0,
                    summary_json: str | None = None) -> TableSummary:
    """Add place-resolution columns to a table; the Python twin of ``toponorm table``.

    ``input``/``output`` are paths or ``-`` (stdin/stdout). Every row and column is kept in
    order, with ``{prefix}id``, ``name``, ``country``, ``admin1``, ``lat``, ``lon``, ``score``,
    ``method``, ``ambiguous``, ``candidates`` and ``reason`` added. Raises ``InputError`` (one
    line) on unusable input; the output file is then left as it was. ``jobs`` > 1 resolves the
    distinct values in that many worker processes (each opens its own ``Normaliser`` with these
    options, on the given ``normaliser``'s gazetteer file if no ``gazetteer`` is named); 0, one
    per CPU this process may use (``parallel.available_cpus``: 1 runs in this process alone).
    ``min_score``: answers scoring below it are left unresolved, the place kept as first candidate
    (a given ``normaliser`` has its own: ``min_score`` or ``gazetteer`` beside it is an InputError).
    ``region_column``: a state, province or region per row ("TX", "Ontario", "Donetsk Oblast"), read
    as the value's decoration ("Springfield, TX").
    ``summary_json``: also write the summary there as JSON (``-``: stdout, where the table is not);
    its path is checked before the table is read, and it is written after the table.
    ``delimiter``: a CSV's separator (";", "|", "tab"); without it a .csv file whose header line has
    no comma but one of those is read so, and the summary notes it. A CSV written from a CSV keeps
    the input's separator (a semicolon file opens in the same spreadsheet as it came from).
    """
    started = time.perf_counter()
    _check_counts(chunk_size, cache_size)
    jobs = _worker_count(jobs)
    if normaliser is not None:
        _check_given_normaliser(normaliser, gazetteer=gazetteer, min_score=min_score, lang=lang,
                                as_of=as_of, output_lang=output_lang)
    in_fmt = detect_format(input, format, default="csv" if str(input) == STDIO else None)
    out_fmt = detect_format(output, output_format, default=in_fmt)
    delimiter = delimiter_option(delimiter, in_fmt)
    source = display_name(input)

    summary_out = _summary_output(summary_json, input, output) if summary_json is not None else None
    try:
        with open_table(input, in_fmt, encoding=encoding, delimiter=delimiter) as reader:
            reader.open(chunk_size)
            _check_columns(reader.columns, source, column, country_column, prefix, region_column)
            if normaliser is None:
                normaliser = make_normaliser(gazetteer, lang=lang, country=country, as_of=as_of,
                                             output_lang=output_lang, min_score=min_score)
            resolve = _resolver(normaliser, jobs, gazetteer=gazetteer, lang=lang, country=country,
                                as_of=as_of, output_lang=output_lang, min_score=min_score)
            pool = resolve if hasattr(resolve, "close") else None
            try:
                with AtomicOutput(output, buffered=out_fmt == "parquet") as out:
                    kept = getattr(reader, "delimiter", None) if out_fmt == in_fmt else None  # (a CSV's ";")
                    writer = create_writer(out, out_fmt, reader.columns, prefix,
                                           input_schema=getattr(reader, "schema", None), delimiter=kept)
                    job = ColumnJob(resolve, writer.encode, country=country, cache_size=cache_size)
                    with progress(reader.total, desc="table", unit=reader.unit,
                                  unit_scale=reader.unit == "B", quiet=quiet) as bar, few_gc_passes():
                        # With workers, the next chunk is read and submitted before this one is
                        # collected, so they resolve while this process reads and writes.
                        ahead: deque[tuple[Chunk, _Submitted]] = deque()
                        depth = 1 if pool is not None else 0

                        def write_oldest() -> None:
                            ready, submitted = ahead.popleft()
                            writer.write(ready, job.complete(submitted))

                        done = 0
                        for chunk in reader.chunks(chunk_size):
                            ahead.append((chunk, job.submit(chunk, column, country_column, region_column)))
                            if len(ahead) > depth:
                                write_oldest()
                            now = reader.done()
                            bar.update(now - done)
                            done = now
                        while ahead:
                            write_oldest()
                    writer.close()
            finally:
                if pool is not None:
                    pool.close()
    except BaseException:
        if summary_out is not None:
            summary_out.abort()
        raise

    summary = job.finish()
    summary.input, summary.output = source, display_name(output)
    summary.format, summary.output_format, summary.column = in_fmt, out_fmt, column
    summary.seconds = time.perf_counter() - started
    if getattr(reader, "delimiter_found", False):
        named = _delimiter_name(reader.delimiter)
        summary.notes.append(f"{source} read as separated by {named}: its header line has no comma but "
                             f"{named} (--delimiter to say otherwise)")
    if summary_out is not None:
        with summary_out:
            summary_out.file.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1).encode()
                                   + b"\n")
    return summary


def _delimiter_name(char: str) -> str:
    return {";": "semicolons", "\t": "tabs", "|": "bars"}.get(char, repr(char))


def _summary_output(path: str, input: str, output: str) -> AtomicOutput:
    """``--summary-json``'s output, opened before the table is read: a folder that did not exist
    failed only after the table had been written; the summary on the table's own path replaced it,
    and on stdout beside the table ran into its rows."""
    import os

    if path == STDIO and output == STDIO:
        raise InputError("--summary-json - and the table would both go to stdout; name a file for one")
    for other, what in ((output, "output"), (input, "input")):
        if path != STDIO and other != STDIO and os.path.realpath(path) == os.path.realpath(other):
            raise InputError(f"--summary-json {path}: that is the {what} table's path")
    return AtomicOutput(path)


# ---- in-memory columns (Python API) -----------------------------------------------------------
def normalise_values(values: Iterable[Any], *, normaliser: Any = None,
                     countries: Iterable[Any] | None = None, country: str | None = None,
                     regions: Iterable[Any] | None = None,
                     lang: str | None = None, output_lang: str = "en", as_of: Any = None,
                     gazetteer: Any = None, min_score: float = 0.0, jobs: int = 1) -> list[Result]:
    """Result tuples (``RESULT_FIELDS``) for a list of cells, each distinct value resolved once;
    ``countries`` and ``regions``: a hint per cell (``--country-column``, ``--region-column``).
    ``jobs`` as ``normalise_table``'s: worth it for tens of thousands of distinct values (each worker
    takes ~0.3 s to start)."""
    jobs = _worker_count(jobs)
    rows = [{"v": v} for v in _values(values, "values")]
    for hints, key, what in ((countries, "c", "countries"), (regions, "r", "regions")):
        if hints is not None:
            hints = _values(hints, what)
            if len(hints) != len(rows):
                raise InputError(f"{len(rows)} values but {len(hints)} {what}")
            for row, hint in zip(rows, hints):
                row[key] = hint
    if normaliser is None:
        normaliser = make_normaliser(gazetteer, lang=lang, country=country, as_of=as_of,
                                     output_lang=output_lang, min_score=min_score)
    else:
        _check_given_normaliser(normaliser, gazetteer=gazetteer, min_score=min_score, lang=lang,
                                as_of=as_of, output_lang=output_lang)
    resolve = _resolver(normaliser, jobs, gazetteer=gazetteer, lang=lang, country=country, as_of=as_of,
                        output_lang=output_lang, min_score=min_score)
    try:
        job = ColumnJob(resolve, lambda r: r, country=country, cache_size=10 ** 9)
        return job.run(RecordChunk(["v", "c", "r"], rows, 1), "v", "c" if countries is not None else None,
                       "r" if regions is not None else None)
    finally:
        if hasattr(resolve, "close"):
            resolve.close()


def _values(values: Any, what: str) -> list[Any]:
    """A column given to the API as a list: a pyarrow array or a pandas Series as their values; one
    string is an error (iterated, "Kyiv" was four values, one a letter each)."""
    if hasattr(values, "to_pylist"):  # pyarrow (Chunked)Array
        return values.to_pylist()
    if hasattr(values, "columns") and hasattr(values, "iloc"):  # (iterated: its column names)
        raise InputError(f"{what}: a column (a list, a Series, an array), not a DataFrame: "
                         "pick one, df['city']")
    if isinstance(values, (str, bytes)) or values is None or not isinstance(values, Iterable):
        shown = repr(values[:40]) if isinstance(values, (str, bytes)) else type(values).__name__
        raise InputError(f"{what}: a list of values, not {shown}")
    return list(values)


def normalise_series(series: Any, *, prefix: str = DEFAULT_PREFIX, countries: Any = None,
                     regions: Any = None, **kwargs: Any) -> Any:
    """A pandas DataFrame of result columns for a pandas Series, on the Series' index.

    pandas is not a toponorm dependency: this works when it is installed.
    """
    import pandas as pd
    if not isinstance(series, pd.Series):
        raise InputError(f"normalise_series: a pandas Series, not {type(series).__name__} "
                         "(normalise_values takes a list)")
    _check_prefix(prefix)
    countries, regions = (_aligned(hints, series, what) for hints, what in
                          ((countries, "countries"), (regions, "regions")))
    results = normalise_values(list(series), countries=countries, regions=regions, **kwargs)
    return pd.DataFrame(results, index=series.index, columns=[prefix + f for f in RESULT_FIELDS])


def _aligned(hints: Any, series: Any, what: str) -> Any:
    """A Series of hints put in ``series``' order by index label, as pandas pairs two Series; the
    hints had been paired by position, so a Series in another order gave each row another's country.
    Labels that do not match one to one are an error (pass ``.to_numpy()`` to pair by position)."""
    import pandas as pd
    if not isinstance(hints, pd.Series) or hints.index.equals(series.index):
        return hints
    if (hints.index.is_unique and series.index.is_unique and len(hints) == len(series)
            and hints.index.isin(series.index).all()):
        return hints.reindex(series.index)
    raise InputError(f"{what}: a Series on other index labels than the names'; align them "
                     f"(.reindex) or pass .to_numpy() to pair them by position")


def _check_prefix(prefix: Any) -> None:
    """The result columns' prefix is text: None had made columns named "Noneid"."""
    if not isinstance(prefix, str):
        raise InputError(f"prefix: text for the result columns' names, not {type(prefix).__name__}")


def normalise_arrow(array: Any, *, prefix: str = DEFAULT_PREFIX, countries: Any = None,
                    regions: Any = None, **kwargs: Any) -> Any:
    """A ``pyarrow.Table`` of typed result columns for a pyarrow (Chunked)Array of names."""
    import pyarrow as pa
    _check_prefix(prefix)
    results = normalise_values(array, countries=countries, regions=regions, **kwargs)
    types = result_arrow_types(pa)
    cols = list(zip(*results)) if results else [()] * len(RESULT_FIELDS)
    return pa.table({prefix + f: pa.array(c, t) for f, c, t in zip(RESULT_FIELDS, cols, types)})
