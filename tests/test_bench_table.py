"""bench/bench_table.py's measurement: the peak RSS it reports is the measured command's own."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

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
