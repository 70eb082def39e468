"""One progress-bar helper for every long job, so they all behave alike.

Bars go to stderr (stdout carries data), and stay silent when stderr is not a terminal
(pipes, CI logs, tests) or when the user asked for ``--quiet``.
"""
from __future__ import annotations

import sys
from typing import Any


def progress_enabled(quiet: bool = False) -> bool:
    """True when a bar would be seen: not --quiet and stderr is an interactive terminal."""
    if quiet:
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # stderr replaced or closed
        return False


def progress(total: float | None = None, *, desc: str | None = None, unit: str = "it",
             unit_scale: bool = False, quiet: bool = False, **kwargs: Any):
    """A ``tqdm`` bar on stderr, disabled where nobody can see it.

    Use as a context manager and call ``.update(n)``; a disabled bar costs next to nothing.
    ``unit="B", unit_scale=True`` gives a byte bar (kB/MB per second).
    """
    from tqdm import tqdm  # imported lazily: `toponorm place` must start fast

    return tqdm(total=total, desc=desc, unit=unit, unit_scale=unit_scale, file=sys.stderr,
                disable=not progress_enabled(quiet), dynamic_ncols=True, leave=False,
                mininterval=0.25, **kwargs)
