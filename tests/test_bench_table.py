"""bench/bench_table.py's measurement: the peak RSS it reports is the measured command's own."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench_table():
    spec = importlib.util.spec_from_file_location("bench_table", ROOT / "bench" / "bench_table.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "bench"))  # bench_table imports gen_table beside it
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return module


def test_peak_rss_is_the_commands_not_the_bench_process():
    """A child forked by a big bench process counted the bench's pages as its own peak (the
    I/O floor of a run that had just generated its table read 384 MB, not 15)."""
    measure = _bench_table().measure
    held = bytearray(300 << 20)
    held[::4096] = b"\1" * len(held[::4096])  # touched, so resident
    wall, rss_mb, code, err, cpu = measure([sys.executable, "-c", "pass"])
    assert code == 0 and err == ""
    assert rss_mb < 150, rss_mb
    del held


def test_exit_code_and_stderr_come_back():
    measure = _bench_table().measure
    _, _, code, err, _ = measure([sys.executable, "-c", "import sys; sys.exit('bad input')"])
    assert code == 1 and err.strip() == "bad input"


def test_generated_table_has_labels_and_answers_are_scored(tmp_path):
    """gen_table writes beside the table the places each (place, country) value was drawn from, and
    bench_table's top1 scores an output by them (row-weighted and by distinct pair)."""
    import csv
    import json

    module = _bench_table()
    table = tmp_path / "t.csv"
    module.generate(table, 400, distinct=40, seed=3)
    labels = json.loads(module.labels_path(table).read_text(encoding="utf-8"))
    with open(table, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert all(f"{r['place']}\t{r['country']}" in labels for r in rows)
    out = tmp_path / "out.csv"
    first = f"{rows[0]['place']}\t{rows[0]['country']}"
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "place", "country", "value", "place_id"])
        for r in rows:  # every row right but those of the first value, answered with nothing
            key = f"{r['place']}\t{r['country']}"
            writer.writerow([r["id"], r["place"], r["country"], r["value"],
                             "" if key == first else labels[key][0]])
    wrong_rows = sum(f"{r['place']}\t{r['country']}" == first for r in rows)
    pairs = {f"{r['place']}\t{r['country']}" for r in rows}
    assert module.top1(out, labels) == {"rows": pytest.approx((len(rows) - wrong_rows) / len(rows)),
                                        "distinct": pytest.approx((len(pairs) - 1) / len(pairs))}
