"""Result types of the matcher: what a query resolved to, how, how sure, and the runners-up.

Plain dataclasses so the table engineer can turn them into columns and the CLI into JSON lines.
"""
from __future__ import annotations

from dataclasses import dataclass, field


HISTORIC_NOTE = "matched a name not in use"
"""How a reason begins when the answer was matched by a former name (then "now" or "in YEAR")."""

@dataclass(slots=True)
class MatchedName:
    """The gazetteer name that matched the query, e.g. Красноармейск (ru, historic until 2016)."""

    text: str
    lang: str | None
    flags: list[str]
    valid_from: str | None
    valid_to: str | None

    def to_dict(self) -> dict:
        return {"text": self.text, "lang": self.lang, "flags": list(self.flags),
                "valid_from": self.valid_from, "valid_to": self.valid_to}


@dataclass(slots=True)
class Candidate:
    """One place the query could mean, with its own score: the runners-up of a resolution."""

    id: str
    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    feature_class: str | None
    score: float
    method: str
    matched: MatchedName

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "country": self.country, "admin1": self.admin1,
                "lat": self.lat, "lon": self.lon, "population": self.population,
                "feature_class": self.feature_class, "score": round(self.score, 4),
                "method": self.method, "matched": self.matched.to_dict()}


@dataclass(slots=True)
class Resolution:
    """The answer for one query. ``id`` is None when unresolved or ambiguous; ``reason`` says why."""

    query: str
    id: str | None = None
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    score: float = 0.0
    method: str | None = None  # exact | variant | translit | fuzzy; None when unresolved
    matched: MatchedName | None = None
    ambiguous: bool = False
    candidates: list[Candidate] = field(default_factory=list)
    reason: str | None = None
    feature_class: str | None = None
    population: int | None = None

    @property
    def resolved(self) -> bool:
        return self.id is not None

    def to_dict(self) -> dict:
        """JSON-ready dict with the keys the issue lists (query, id, name, ..., candidates)."""
        return {"query": self.query, "id": self.id, "name": self.name, "country": self.country,
                "admin1": self.admin1, "lat": self.lat, "lon": self.lon,
                "score": round(self.score, 4), "method": self.method,
                "matched": self.matched.to_dict() if self.matched else None,
                "ambiguous": self.ambiguous,
                "candidates": [c.to_dict() for c in self.candidates],
                "reason": self.reason, "feature_class": self.feature_class,
                "population": self.population}
