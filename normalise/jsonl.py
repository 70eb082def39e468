"""JSON Lines text that every line reader splits where the records end."""
from __future__ import annotations

_LINE_BREAKS = "\u2028\u2029\x85"
_ESCAPED_BREAKS = str.maketrans({c: f"\\u{ord(c):04x}" for c in _LINE_BREAKS})


def json_lines_safe(text: str) -> str:
    """JSON Lines text with U+2028, U+2029 and U+0085 escaped (``\\u2028``). Why: they are valid in
    JSON strings, and ``ensure_ascii=False`` writes them raw, but ``str.splitlines()`` and
    JavaScript's line readers end a line there, in the middle of a record."""
    if any(c in text for c in _LINE_BREAKS):
        return text.translate(_ESCAPED_BREAKS)
    return text
