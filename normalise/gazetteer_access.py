"""Opening the gazetteer the normaliser reads: a given file, or the default built on first use.

The default is indexed with *this* module's keys (normalise.keys), so its path carries KEY_VERSION
and a toponorm with new keys builds a fresh file instead of misreading an old index.
"""
from __future__ import annotations

import sys
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer.store import GazetteerStore
from normalise.keys import KEY_VERSION, index_keys


def open_gazetteer(path: str | Path | None = None, *, progress: bool | None = None) -> GazetteerStore:
    """Open ``path`` (checked against KEY_VERSION), or the default gazetteer, building it if missing.

    ``progress`` None means: show a build bar only when stderr is a terminal.
    """
    if path is not None:
        return GazetteerStore(path, key_version=KEY_VERSION)
    from gazetteer.paths import default_gazetteer_path

    default = default_gazetteer_path(KEY_VERSION)
    if not default.is_file():
        try:
            from gazetteer.default import build_default
        except ImportError:
            raise GazetteerError(
                f"{default}: no default gazetteer and this toponorm cannot build one; "
                "pass --gazetteer FILE") from None
        if progress is None:
            progress = sys.stderr.isatty()
        if progress:
            print(f"toponorm: building the default gazetteer at {default} (once)...", file=sys.stderr)
        build_default(default, index_keys, KEY_VERSION, progress=progress)
    return GazetteerStore(default, key_version=KEY_VERSION)
