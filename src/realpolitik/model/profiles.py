"""Each actor's power profile: how much of what it does is hard or soft power, by
instrument and by year, as the corpus describes it.

Counted from the store under the dyad model's rules (events not negated, of a counted
modality, PLOVER-typed; sentences that are not restatements; documents with status
``ok``). Events count where the actor is the source; standing relations count for
both sides, since a relation is symmetric (an alliance is held by each ally).
Each event or relation counts once, weighted by its confidence.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from realpolitik.actors.registry import country_level
from realpolitik.model.dyads import _COUNTED, _EVENT_SQL, _RELATION_SQL
from realpolitik.store.read import code_prefix, codes_condition


@dataclass
class YearProfile:
    year: str
    hard: float = 0.0
    soft: float = 0.0

    @property
    def hard_share(self) -> float | None:
        total = self.hard + self.soft
        return round(self.hard / total, 3) if total else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["hard_share"] = self.hard_share
        return d


@dataclass
class PowerProfile:
    """Hard and soft totals (confidence-weighted), by instrument and by year."""

    code: str
    hard: float = 0.0
    soft: float = 0.0
    events: int = 0
    relations: int = 0
    by_instrument: dict[str, float] = field(default_factory=dict)
    by_year: list[YearProfile] = field(default_factory=list)

    @property
    def hard_share(self) -> float | None:
        total = self.hard + self.soft
        return round(self.hard / total, 3) if total else None

    @property
    def soft_share(self) -> float | None:
        share = self.hard_share
        return None if share is None else round(1 - share, 3)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "hard": self.hard,
            "soft": self.soft,
            "hard_share": self.hard_share,
            "soft_share": self.soft_share,
            "events": self.events,
            "relations": self.relations,
            "by_instrument": self.by_instrument,
            "by_year": [y.to_dict() for y in self.by_year],
        }


def power_profile(conn: sqlite3.Connection, code: str, *, full_codes: bool = False) -> PowerProfile:
    """The power profile of ``code`` (country level unless ``full_codes``)."""
    level = (lambda c: c) if full_codes else country_level
    code = level(code.upper())
    source, bounds = code_prefix("x.source", code)
    either, both = codes_condition(("x.source", "x.target"), (code,))
    order = " ORDER BY s.id, x.id"
    events = conn.execute(_EVENT_SQL + " AND " + source + order, (*_COUNTED, *bounds)).fetchall()
    relations = conn.execute(_RELATION_SQL + " AND " + either + order, both).fetchall()
    prof = PowerProfile(code=code)
    years: dict[str, YearProfile] = {}
    inst: dict[str, float] = defaultdict(float)

    def add(power: str | None, instrument: str | None, weight: float, date: str | None) -> None:
        hard = power == "hard"
        if hard:
            prof.hard = round(prof.hard + weight, 3)
        else:
            prof.soft = round(prof.soft + weight, 3)
        inst[instrument or "unknown"] += weight
        if date and date[:4].isdigit():
            y = years.setdefault(date[:4], YearProfile(date[:4]))
            if hard:
                y.hard = round(y.hard + weight, 3)
            else:
                y.soft = round(y.soft + weight, 3)

    for row in events:
        if level(row["source"]) != code:
            continue
        prof.events += 1
        add(row["power"], row["instrument"], float(row["confidence"]), row["date"])
    for row in relations:
        if code not in (level(row["source"]), level(row["target"])):
            continue
        prof.relations += 1
        add(row["power"], row["instrument"], float(row["confidence"]), row["date"])
    prof.by_instrument = {k: round(v, 3) for k, v in sorted(inst.items())}
    prof.by_year = [years[k] for k in sorted(years)]
    return prof
