"""The labelled dev set of bench/bench_accuracy.py stays true to the data it names."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_expected_id_exists_with_its_name_and_country():
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "devset" / "verify_devset.py")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert proc.stdout.rstrip().endswith("0 problems")
