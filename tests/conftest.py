"""Shared test fixtures: where ../shared is (tests skip cleanly without it)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TOPONORM_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only ../shared folder of offline data and models; skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared (offline test data) is not available")
    return SHARED
