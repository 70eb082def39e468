"""End-to-end time per document of `toponorm quotes` on raw text, against attribution alone (the baseline).

    python bench/bench_quotes_e2e.py [--quick] [--docs N] [--repeat R] [--threads T] [--models-dir D ...] [--gazetteer FILE]

On the first N PolNeAR dev texts (by name), with the offline stanza pipeline (default: the model sets
in ../shared/models/stanza-small + ../shared/models/stanza, i.e. the official English tokenizer/MWT
and the small self-trained pos/lemma/depparse/ner), each run times:

* parse      stanza on all N texts in one batched call (what the CLI does)
* parse-1by1 stanza on the same texts one call each (what batching saves)
* attribute  find_quotes + attribute on the parsed documents (the baseline: no stanza, no places)
* analyse    analyse_document: attribution + place mentions resolved through the normaliser
* e2e        parse + analyse, i.e. one document's cost in `toponorm quotes`

Medians over R runs; ratios are against `attribute` measured in the same run. The pipeline load
time is reported once. The machine may be shared: the load average is printed with the figures.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from normalise import nlp  # noqa: E402

SHARED = ROOT.parent / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 documents, 2 runs")
    ap.add_argument("--docs", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--models-dir", action="append",
                    default=None, help="model directories (default: ../shared model sets)")
    ap.add_argument("--gazetteer", default=None, help="gazetteer file (default: toponorm's default)")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--threads", type=int, default=None,
                    help="torch CPU threads (default: torch's own; 1 avoids oversubscription on a busy machine)")
    args = ap.parse_args()
    if args.quick:
        args.docs, args.repeat = 3, 2
    models = args.models_dir or [str(SHARED / "models" / "stanza-small"), str(SHARED / "models" / "stanza")]
    paths = sorted(POLNEAR_DEV.glob("text/*.txt"))[: args.docs]
    if not paths:
        sys.exit(f"no PolNeAR dev texts in {POLNEAR_DEV}")
    texts = [p.read_text(encoding="utf-8") for p in paths]

    from normalise import Normaliser
    from normalise.attribution import attribute
    from normalise.documents import analyse_document

    import torch
    if args.threads:
        torch.set_num_threads(args.threads)
    load_s, pipe = _timed(lambda: nlp.get_pipeline(args.lang, models))
    normaliser = Normaliser(args.gazetteer)
    nlp.parse_texts(texts[:1], pipe)  # warm-up (first call allocates)
    rows: dict[str, list[float]] = {k: [] for k in ("parse", "parse-1by1", "attribute", "analyse", "e2e")}
    sentences = words = 0
    for _ in range(args.repeat):
        t_parse, docs = _timed(lambda: nlp.parse_texts(texts, pipe))
        t_one, _ = _timed(lambda: [nlp.parse_texts([t], pipe) for t in texts])
        t_att, _ = _timed(lambda: [attribute(d, t, args.lang) for d, t in zip(docs, texts)])
        t_an, _ = _timed(lambda: [analyse_document(t, d, args.lang, doc_id=p.stem, normaliser=normaliser)
                                  for d, t, p in zip(docs, texts, paths)])
        for k, v in (("parse", t_parse), ("parse-1by1", t_one), ("attribute", t_att),
                     ("analyse", t_an), ("e2e", t_parse + t_an)):
            rows[k].append(v)
        sentences = sum(len(d.sentences) for d in docs)
        words = sum(len(s.words) for d in docs for s in d.sentences)
    n = len(texts)
    base = statistics.median(rows["attribute"])
    load = os.getloadavg()
    print(f"bench_quotes_e2e: {n} PolNeAR dev documents ({sentences} sentences, {words} words), "
          f"{args.repeat} runs, lang {args.lang}, torch threads {torch.get_num_threads()}")
    print(f"models: {', '.join(models)}")
    print(f"pipeline load: {load_s:.2f} s (once per process); load average {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f} on {os.cpu_count()} CPUs (timings under load are noisy)")
    print(f"{'stage':<11} {'median s':>9} {'ms/doc':>8} {'sent/s':>9} {'x attribute':>12}")
    for k, v in rows.items():
        m = statistics.median(v)
        print(f"{k:<11} {m:9.3f} {1000 * m / n:8.1f} {sentences / m if m else float('inf'):9.0f} "
              f"{m / base if base else float('inf'):12.1f}")


if __name__ == "__main__":
    main()
