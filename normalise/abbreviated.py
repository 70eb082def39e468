"""Names written with shortened words: "Frankfurt a.M.", "Freiburg i. Br.", "Mülheim a.d. Ruhr",
"Weiden i.d.OPf.", "Cd. Juárez", "Nizh. Novgorod".

Why: German addresses and lists shorten the river or region that tells two towns apart ("am Main",
"im Breisgau", "in der Oberpfalz"), Spanish and Slavic ones the first word ("Ciudad", "Nizhniy"), and
no table of abbreviations can list them all. A word cut short with a dot stands for a word of the name
that begins with its first letter and holds its other letters in order (a prefix, "Br.": Breisgau, or
a contraction, "OPf.": Oberpfalz), or, the first word, one it begins ("Nizh.": Nizhniy); the words
written out must be the name's own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from normalise.keys import fold_key

_WORD = re.compile(r"([^\s\-‐‑‒–—―_./,:;()\[\]]+)(\.?)")
MIN_ANCHOR = 3  # letters a block of keys is named by at least (the words before the first shortening)
MIN_SUFFIX = 3  # ... or letters of the last word written out, when the first word is shortened


@dataclass(frozen=True)
class Shortened:
    """A name's words, folded as keys fold them, each with whether it was cut short with a dot."""

    words: tuple[str, ...]
    short: tuple[bool, ...]

    @property
    def prefix(self) -> str:
        """The keys' common beginning: the words written out before the first shortened one, then
        that one's first letter; or, where the first word is shortened, its letters (a block named by
        one letter, an initial, is a twentieth of the keys: ~10 ms by SQL, with the last word's filter)."""
        first = self.short.index(True)
        return " ".join((*self.words[:first], self.words[first][0])) if first else self.words[0]

    @property
    def suffix(self) -> str:
        """The keys' common ending: the last word, where it is written out ("" where it is not)."""
        return "" if self.short[-1] or len(self.words) < 2 else " " + self.words[-1]

    @property
    def initial(self) -> bool:
        """Whether the name begins with an initial ("N. Novgorod"): it says less than a word cut
        short ("Nizh. Novgorod"), as many words begin with one letter."""
        return self.short[0] and len(self.words[0]) == 1

    @property
    def rest(self) -> str:
        """The key of the words after the first ("novgorod" of "N. Novgorod")."""
        return " ".join(self.words[1:])

    def shortest(self) -> int:
        return sum(map(len, self.words)) + len(self.words) - 1

    def fits(self, key: str) -> bool:
        """Whether the fold key ``key`` of a name is these words, the shortened ones written out."""
        words = key.split(" ")
        return len(words) == len(self.words) and all(
            stands_for(w, k) if s else w == k for w, k, s in zip(self.words, words, self.short))

    def cut_off(self, key: str) -> bool:
        """Whether each shortened word is the beginning of its word in ``key`` (a key that ``fits``):
        such keys come before those that take a shortened word for a contraction ("Neustadt a.d. Wa."
        is Neustadt an der Waldnaab, not an der Weinstraße)."""
        return all(k.startswith(w) for w, k, s in zip(self.words, key.split(" "), self.short) if s)


def shortened_words(text: str) -> Shortened | None:
    """``text``'s words where one at least is shortened with a dot and the keys they may stand for
    can be found in a block (``MIN_ANCHOR``, ``MIN_SUFFIX``); else None. Not a text of initials only
    ("U.S.A."). A shortened first word stands for a word it begins ("Nizh. Novgorod", and an initial:
    "N. Novgorod", "Н. Новгород", "В. Луки", as Russian lists write them); a contraction there ("Cd.
    Juárez") is written out by ``qualifiers.expanded_abbreviations``. An initial names a block only with
    the last word written out ("J. Li" names none)."""
    if "." not in text:
        return None
    words: list[str] = []
    short: list[bool] = []
    for m in _WORD.finditer(text):
        folded = fold_key(m.group(1))
        if not folded or " " in folded:
            return None
        words.append(folded)
        short.append(bool(m.group(2)) and folded.isalpha())
    if len(words) < 2 or not any(short) or all(short):
        return None
    found = Shortened(tuple(words), tuple(short))
    if len(found.prefix) < MIN_ANCHOR and len(found.suffix) - 1 < MIN_SUFFIX:
        return None
    return found


KIND_INITIALS = frozenset("гмспдхаро" "mgspdhwo")
"""Letters Slavic lists write, with a dot and a space, before a name for the kind of place it is: "с.
Петрівка", "s. Petrivka" (село), "д. Ивановка" (деревня), "п. Восход" (посёлок), "х. Ключи" (хутор),
"р. Дніпро" (річка), "о. Хортиця" (острів), "m." and "g." (місто, город). Cyrillic and romanised."""
_SPACED_INITIAL = re.compile(r"\w\.\s")


def initial_may_be_a_kind(text: str) -> bool:
    """Whether ``text`` begins with an initial that may say the kind of place the rest names ("s.
    Petrivka": the village Petrivka, not Slobodo-Petrivka). One joined by a hyphen never does: "С.-
    Петербург", "Ю.-Сахалинск" are Sankt-Peterburg and Yuzhno-Sakhalinsk."""
    return bool(_SPACED_INITIAL.match(text)) and text[0].lower() in KIND_INITIALS


def stands_for(short: str, word: str) -> bool:
    """Whether ``short`` (a shortened word, folded, without its dot) may stand for ``word``: the same
    first letter, then its other letters in the same order ("br": breisgau, "opf": oberpfalz)."""
    if len(short) > len(word) or word[0] != short[0]:
        return False
    rest = iter(word[1:])
    return all(c in rest for c in short[1:])
