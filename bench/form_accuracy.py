"""Top-1 accuracy of labelled queries in several written forms: the table the form benches print
(bench_written_hints, bench_shortened)."""
from __future__ import annotations

import argparse
import random
import time


def report(norm, sets: dict[str, list[tuple]], errors: str | None = None) -> None:
    """Resolve each form's (query, expected id[, country hint]) and print one row per form: top-1 (the expected
    id is the answer; ambiguous counts as wrong), ambiguous, unresolved, "elsewhere" (answers that say
    "no match in <hint>; best match elsewhere", right or not), another place, seconds. The wrong
    answers of the form ``errors`` follow its row."""
    width = max(map(len, sets), default=4) + 1
    print(f"{'form':{width}} {'queries':>7} {'top-1':>7} {'ambiguous':>9} {'unresolved':>10} {'elsewhere':>9} "
          f"{'other place':>11} {'s':>6}")
    for form, queries in sets.items():
        t = time.perf_counter()
        answers = norm.resolve_many([q[0] for q in queries], countries=[q[2] if len(q) > 2 else None
                                                                      for q in queries])
        dt = time.perf_counter() - t
        right = sum(a.id == q[1] for a, q in zip(answers, queries))
        ambiguous = sum(a.ambiguous for a in answers)
        unresolved = sum(a.id is None and not a.ambiguous for a in answers)
        elsewhere = sum("best match elsewhere" in (a.reason or "") for a in answers)
        other = len(queries) - right - ambiguous - unresolved
        print(f"{form:{width}} {len(queries):7,d} {right / max(len(queries), 1):7.1%} {ambiguous:9,d} "
              f"{unresolved:10,d} {elsewhere:9,d} {other:11,d} {dt:6.2f}")
        if form == errors:
            for a, (q, gid, *_) in zip(answers, queries):
                if a.id != gid:
                    print(f"    {q!r}: want {gid}, got {a.id} ({a.name}, {a.country}; {a.reason or a.method})")


PER_FORM = ("--per-form", 1000, "queries per form at most (default 1,000)")


def form_bench_main(argv: list[str] | None, doc: str, forms: tuple[str, ...], make_queries, drawn: str,
                    count: tuple[str, int, str] = PER_FORM) -> int:
    """The command line of a form bench (``--gazetteer``, the ``count`` option (flag, default, help),
    ``--seed``, ``--errors``): ``make_queries(norm, rng, count)`` draws the {form: [(query, expected
    id)]} it reports; ``drawn`` says what was drawn, for the first line (``{count}``: how many)."""
    flag, default, help_text = count
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--gazetteer", help="gazetteer file (default: the embedded default)")
    ap.add_argument(flag, dest="count", metavar=flag.lstrip("-").replace("-", "_").upper(), type=int,
                    default=default, help=help_text)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--errors", choices=forms, help="print this form's wrong answers")
    args = ap.parse_args(argv)
    from normalise import Normaliser

    norm = Normaliser(args.gazetteer)
    sets = make_queries(norm, random.Random(args.seed), args.count)
    drawn = drawn.format(count=args.count)
    print(f"gazetteer {norm.store.path}; {drawn} drawn from cities500 (seed {args.seed})")
    report(norm, sets, args.errors)
    return 0
