"""Which places may hold a repeated name: so a build merges repeats where they can be, not everywhere.

A fresh build removes repeated (place, text, lang) names once, at the end. Grouping every name
to find them sorts millions of rows while the rest of the build waits; instead each name's hash
sets a bit as it is added, and a name whose bit is already set marks its place as a candidate.
Every real repeat is caught (its first copy set the bit); a few per cent of places are false
candidates, which the merge then checks and leaves alone. 32 MB whatever the dump's size.
"""
from __future__ import annotations

from collections.abc import Iterable

_BITS = 1 << 28


class RepeatFilter:
    """``add(rows)`` with rows starting (place, text, lang); ``places``: those that may repeat a name."""

    def __init__(self) -> None:
        self._bits: bytearray | None = None  # allocated with the first names
        self.places: set[int] = set()

    def add(self, rows: Iterable[tuple]) -> None:
        """Note names; the merge treats a missing language and an empty one as the same."""
        if self._bits is None:
            self._bits = bytearray(_BITS >> 3)
        bits, places, mask = self._bits, self.places, _BITS - 1
        for row in rows:
            h = hash((row[0], row[1], row[2] or "")) & mask
            bit = 1 << (h & 7)
            h >>= 3
            if bits[h] & bit:
                places.add(row[0])
            else:
                bits[h] |= bit
