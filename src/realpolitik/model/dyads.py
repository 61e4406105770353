"""The dyad model: how each pair of actors stands, and which way it is moving.

Pure functions over a store connection. What counts (see docs/dyads.md):

* events: not negated, of a counted modality (actual, planned, reported), PLOVER-typed;
* relations: every standing relation record;
* both only from sentences that are not restatements (``sentences.duplicate_of IS
  NULL``: a passage restated in another document counts once) of documents whose
  status is ``ok`` (removed and failed files are ignored).

Codes are compared at country level by default (``RUSGOV`` -> ``RUS``; organisation
codes such as ``NATO`` stay whole); ``full_codes=True`` compares them as stored.
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from realpolitik.actors.registry import country_level
from realpolitik.extract.relation_lexicon import scored_type
from realpolitik.extract.types import COUNTED_MODALITIES
from realpolitik.store.read import codes_condition, pair_condition

#: below this share of the weaker side over the stronger one a dyad is one-sided
MIXED_RATIO = 0.5
#: a relation's weight against an event's (|intensity| / 10)
RELATION_WEIGHT = 1.0
#: slope of the net score per period under which a series is "stable"
STABLE_SLOPE = 0.5
MAX_EVIDENCE = 5
#: a stated view's weight (times |stance| and confidence) against an event's
PERSPECTIVE_WEIGHT = 0.5
#: standing relations at this confidence or above decide a "mixed" dyad (rule 1)
STANDING_CONFIDENCE = 0.6
COOPERATIVE_TYPES = frozenset({"alliance", "partnership", "security_cooperation", "economic"})
CONFLICTUAL_TYPES = frozenset({"rivalry", "dispute"})
#: counted cooperative events that show a standing tie: PLOVER types, and the relation
#: type their instrument implies ("joint exercises", "deploys its system to X" -> security
#: cooperation; signing a trade pact -> economic ties)
IMPLYING_PLOVER = frozenset({"COOPERATE", "AID", "AGREE", "CONSULT"})
IMPLIED_TYPES = {"military": "security_cooperation", "economic": "economic"}
IMPLIED_FACTOR = 0.8
#: ties that align two actors with a third: two actors with no evidence of their own
#: that are both aligned with the same third party are "cooperative" (shared alignment)
ALIGNING_TYPES = frozenset({"alliance", "quasi_alliance", "security_cooperation"})

_COUNTED = tuple(sorted(COUNTED_MODALITIES))
# CROSS JOIN keeps the tables in this order (SQLite's rule): from the facts, found by
# their index on source or target when a code is asked for, to their sentences. Left
# free, the planner started from every sentence not a duplicate and read a dyad's
# facts in 20–30 ms on a 1,000-document model, where the index takes a few.
_BASE = (
    "FROM {table} x CROSS JOIN sentences s ON s.id = x.sentence_id "
    "CROSS JOIN documents d ON d.id = s.doc_id "
    "LEFT JOIN sentence_facts f ON f.sentence_id = s.id "
    "WHERE d.status = 'ok' AND s.duplicate_of IS NULL"
)
_EVENT_SQL = (
    "SELECT x.id, x.source, x.target, x.plover, x.cameo, x.intensity, x.confidence, "
    "x.instrument, x.power, x.trigger, COALESCE(x.date, f.date, d.date) AS date, "
    's.id AS sentence_id, s.text, s.start, s."end", d.name '
    + _BASE.format(table="events")
    + " AND x.negated = 0 AND x.plover IS NOT NULL AND x.modality IN ("
    + ",".join("?" * len(_COUNTED))
    + ")"
)
_RELATION_SQL = (
    "SELECT x.id, x.source, x.target, x.type, x.object, x.polarity, x.trend, x.confidence, "
    "x.instrument, x.power, x.cue, COALESCE(x.date, f.date, d.date) AS date, "
    's.id AS sentence_id, s.text, s.start, s."end", d.name ' + _BASE.format(table="relations")
)
_VIEW_SQL = (
    "SELECT x.id, x.holder AS source, x.target AS target, x.stance, x.confidence, x.cue, "
    "COALESCE(f.date, d.date) AS date, "
    's.id AS sentence_id, s.text, s.start, s."end", d.name '
    + _BASE.format(table="perspectives")
    + " AND x.negated = 0 AND x.target IS NOT NULL AND x.stance != 0"
)


@dataclass
class Evidence:
    """A sentence behind the dyad: document name, sentence id, text, offsets in the
    document, what it gives (``event`` or ``relation``) and its cue."""

    doc: str
    sentence_id: int
    text: str
    start: int
    end: int
    kind: str
    cue: str
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Totals:
    """Cooperation (sum of positive intensities), conflict (sum of |negative|), net."""

    cooperation: float = 0.0
    conflict: float = 0.0
    events: int = 0
    by_plover: dict[str, int] = field(default_factory=dict)

    @property
    def net(self) -> float:
        return round(self.cooperation - self.conflict, 3)

    def add(self, intensity: float, plover: str) -> None:
        if intensity > 0:
            self.cooperation = round(self.cooperation + intensity, 3)
        elif intensity < 0:
            self.conflict = round(self.conflict - intensity, 3)
        self.events += 1
        self.by_plover[plover] = self.by_plover.get(plover, 0) + 1

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["net"] = self.net
        return d


@dataclass
class StandingRelation:
    """One relation type between the pair, with every object, trend and sentence."""

    type: str
    scored_type: str | None
    polarity: int
    objects: list[str]
    trends: dict[str, int]
    count: int
    confidence: float
    evidence: list[Evidence]
    #: "stated" (relation records) or "events" (implied by cooperative events)
    basis: str = "stated"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["evidence"] = [e.to_dict() for e in self.evidence]
        return d


@dataclass
class SeriesPoint:
    period: str
    cooperation: float = 0.0
    conflict: float = 0.0
    events: int = 0
    relations: int = 0

    @property
    def net(self) -> float:
        return round(self.cooperation - self.conflict, 3)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["net"] = self.net
        return d


@dataclass
class Dyad:
    """How ``a`` and ``b`` stand: directed and unordered totals, relations, verdicts."""

    a: str
    b: str
    a_to_b: Totals
    b_to_a: Totals
    total: Totals
    relations: list[StandingRelation]
    polarity: str
    polarity_basis: dict[str, float]
    trend: str
    trend_basis: str
    evidence: list[Evidence]
    series: list[SeriesPoint]
    #: third parties both are aligned with, when that alone decided the polarity
    aligned_through: list[str] = field(default_factory=list)

    @property
    def net(self) -> float:
        return self.total.net

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "a_to_b": self.a_to_b.to_dict(),
            "b_to_a": self.b_to_a.to_dict(),
            "total": self.total.to_dict(),
            "net": self.net,
            "relations": [r.to_dict() for r in self.relations],
            "polarity": self.polarity,
            "polarity_basis": self.polarity_basis,
            "aligned_through": self.aligned_through,
            "trend": self.trend,
            "trend_basis": self.trend_basis,
            "evidence": [e.to_dict() for e in self.evidence],
            "series": [p.to_dict() for p in self.series],
        }


@dataclass
class DyadSummary:
    """One cell of the dyad matrix."""

    a: str
    b: str
    events: int
    relations: int
    cooperation: float
    conflict: float
    net: float
    polarity: str
    trend: str
    relation_types: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- loading


def _level(full_codes: bool) -> Callable[[str], str]:
    return (lambda c: c) if full_codes else country_level


def _rows(
    conn: sqlite3.Connection,
    sql: str,
    params: tuple[Any, ...],
    codes: tuple[str, ...] | None,
    source: str = "source",
) -> list[sqlite3.Row]:
    """The rows of ``sql`` (one of the queries above), of ``codes`` only if given, in
    sentence and then record order."""
    if codes:
        condition, bounds = codes_condition((f"x.{source}", "x.target"), codes)
        sql += " AND " + condition
        params += bounds
    return list(conn.execute(sql + " ORDER BY s.id, x.id", params).fetchall())


def _load(
    conn: sqlite3.Connection, codes: tuple[str, ...] | None
) -> tuple[list[sqlite3.Row], list[sqlite3.Row], list[sqlite3.Row]]:
    events = _rows(conn, _EVENT_SQL, tuple(_COUNTED), codes)
    relations = _rows(conn, _RELATION_SQL, (), codes)
    views = _rows(conn, _VIEW_SQL, (), codes, source="holder")
    return events, relations, views


def _load_pair(
    conn: sqlite3.Connection, a: str, b: str
) -> tuple[list[sqlite3.Row], list[sqlite3.Row], list[sqlite3.Row]]:
    """The rows of :func:`_load` between ``a`` and ``b`` (either way round, each code
    covering the codes it begins), in the same order: a dyad needs only these, and
    the two actors' other facts are most of what ``_load`` reads."""
    out = []
    for sql, params, source in (
        (_EVENT_SQL, tuple(_COUNTED), "x.source"),
        (_RELATION_SQL, (), "x.source"),
        (_VIEW_SQL, (), "x.holder"),
    ):
        condition, bounds = pair_condition(source, "x.target", a, b)
        out.append(
            list(conn.execute(f"{sql} AND {condition} ORDER BY s.id, x.id", params + bounds))
        )
    return out[0], out[1], out[2]


def _period(date: str | None, by: str) -> str | None:
    if not date or len(date) < 4 or not date[:4].isdigit():
        return None
    if by == "month":
        return date[:7] if len(date) >= 7 else None
    return date[:4]


def _evidence(row: sqlite3.Row, kind: str, cue: str, weight: float) -> Evidence:
    return Evidence(
        doc=row["name"],
        sentence_id=int(row["sentence_id"]),
        text=row["text"],
        start=int(row["start"]),
        end=int(row["end"]),
        kind=kind,
        cue=cue,
        weight=round(weight, 3),
    )


# --------------------------------------------------------------------------- rules


def polarity_rule(cooperative: float, conflictual: float, standing: Iterable[str] = ()) -> str:
    """Rule 1: a pair holding standing ties of both kinds (``standing``: the scored
    types of its relations at :data:`STANDING_CONFIDENCE` or above; a cooperative one of
    alliance/partnership/security_cooperation/economic and a rivalry or dispute) is
    ``mixed``. Rule 2: ``cooperative``/``conflictual`` weigh events (|intensity| / 10) and relations
    (confidence, times :data:`RELATION_WEIGHT`) on each side. Nothing on either side:
    ``unknown``; the weaker side at least :data:`MIXED_RATIO` of the stronger:
    ``mixed``; else the stronger side's name."""
    types = set(standing)
    if types & COOPERATIVE_TYPES and types & CONFLICTUAL_TYPES:
        return "mixed"
    if cooperative <= 0 and conflictual <= 0:
        return "unknown"
    hi, lo = max(cooperative, conflictual), min(cooperative, conflictual)
    if lo / hi >= MIXED_RATIO:
        return "mixed"
    return "cooperative" if cooperative > conflictual else "conflictual"


def trend_rule(
    stated: dict[str, float], latest: dict[str, str], series: list[SeriesPoint]
) -> tuple[str, str]:
    """Stated trend cues first (confidence-weighted; a tie goes to the most recently
    dated cue), then the slope of the net score over the periods that have events
    (two periods at least; ``stable`` needs three and a slope under
    :data:`STABLE_SLOPE`). Returns (trend, basis)."""
    if stated:
        ranked = sorted(stated.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(ranked) > 1 and math.isclose(ranked[0][1], ranked[1][1]):
            tied = [k for k, v in ranked if math.isclose(v, ranked[0][1])]
            best = max(tied, key=lambda k: latest.get(k, ""))
            return best, "stated"
        return ranked[0][0], "stated"
    points = [p for p in series if p.events > 0]
    if len(points) >= 2:
        xs = list(range(len(points)))
        ys = [p.net for p in points]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        den = sum((x - mx) ** 2 for x in xs)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den
        if abs(slope) < STABLE_SLOPE:
            return ("stable", "series") if len(points) >= 3 else ("unknown", "series")
        return ("improving" if slope > 0 else "worsening"), "series"
    return "unknown", "none"


# --------------------------------------------------------------------------- building


def _build(
    a: str,
    b: str,
    events: Iterable[sqlite3.Row],
    relations: Iterable[sqlite3.Row],
    views: Iterable[sqlite3.Row],
    level: Callable[[str], str],
    by: str,
    *,
    cite: bool = True,
) -> Dyad:
    """The dyad of ``a`` and ``b`` from its rows; without ``cite``, without its evidence
    (the sentences of the dyad and of each standing relation): the dyad matrix needs
    only the verdicts, and citing every row of every pair was half its time."""
    events = list(events)
    a_to_b, b_to_a, total = Totals(), Totals(), Totals()
    series: dict[str, SeriesPoint] = {}
    scored: list[Evidence] = []
    pos_w = neg_w = 0.0
    for row in events:
        src = level(row["source"])
        intensity = float(row["intensity"])
        plover = str(row["plover"])
        (a_to_b if src == a else b_to_a).add(intensity, plover)
        total.add(intensity, plover)
        w = abs(intensity) / 10.0
        if intensity > 0:
            pos_w += w
        elif intensity < 0:
            neg_w += w
        per = _period(row["date"], by)
        if per:
            p = series.setdefault(per, SeriesPoint(per))
            p.events += 1
            if intensity > 0:
                p.cooperation = round(p.cooperation + intensity, 3)
            else:
                p.conflict = round(p.conflict - intensity, 3)
        if cite:
            scored.append(
                _evidence(
                    row, "event", f"{row['plover']}: {row['trigger']}", w * float(row["confidence"])
                )
            )
    groups: dict[str, list[sqlite3.Row]] = defaultdict(list)
    stated: dict[str, float] = defaultdict(float)
    latest: dict[str, str] = {}
    for row in relations:
        groups[row["type"]].append(row)
        conf = float(row["confidence"])
        pol = int(row["polarity"])
        if pol > 0:
            pos_w += conf * RELATION_WEIGHT
        elif pol < 0:
            neg_w += conf * RELATION_WEIGHT
        if row["trend"]:
            stated[row["trend"]] += conf
            latest[row["trend"]] = max(latest.get(row["trend"], ""), row["date"] or "")
        per = _period(row["date"], by)
        if per:
            series.setdefault(per, SeriesPoint(per)).relations += 1
        weight = conf + (0.5 if row["trend"] else 0.0) + (0.3 if scored_type(row["type"]) else 0)
        if cite:
            scored.append(_evidence(row, "relation", row["cue"], weight))
    for row in views:
        w = PERSPECTIVE_WEIGHT * abs(float(row["stance"])) * float(row["confidence"])
        if float(row["stance"]) > 0:
            pos_w += w
        else:
            neg_w += w
        if cite:
            scored.append(_evidence(row, "perspective", row["cue"], w))
    implied: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for row in events:
        rtype = IMPLIED_TYPES.get(str(row["instrument"]))
        if rtype and row["plover"] in IMPLYING_PLOVER and float(row["intensity"]) > 0:
            implied[rtype].append(row)
    standing: list[StandingRelation] = []
    for rtype, rows in groups.items():
        pols = Counter(int(r["polarity"]) for r in rows)
        objects = sorted({str(r["object"]) for r in rows if r["object"]})
        ev = sorted(
            (_evidence(r, "relation", r["cue"], float(r["confidence"])) for r in rows if cite),
            key=lambda e: -e.weight,
        )
        standing.append(
            StandingRelation(
                type=rtype,
                scored_type=scored_type(rtype),
                polarity=pols.most_common(1)[0][0],
                objects=objects,
                trends=dict(Counter(str(r["trend"]) for r in rows if r["trend"])),
                count=len(rows),
                confidence=round(max(float(r["confidence"]) for r in rows), 3),
                evidence=ev[:3],
            )
        )
    for rtype, rows in implied.items():
        if rtype in groups:
            continue
        ev = sorted(
            (
                _evidence(r, "event", f"{r['plover']}: {r['trigger']}", float(r["confidence"]))
                for r in rows
                if cite
            ),
            key=lambda e: -e.weight,
        )
        standing.append(
            StandingRelation(
                type=rtype,
                scored_type=scored_type(rtype),
                polarity=1,
                objects=[],
                trends={},
                count=len(rows),
                confidence=round(IMPLIED_FACTOR * max(float(r["confidence"]) for r in rows), 3),
                evidence=ev[:3],
                basis="events",
            )
        )
    standing.sort(key=lambda r: (-r.count, r.type))
    points = [series[k] for k in sorted(series)]
    trend, basis = trend_rule(dict(stated), latest, points)
    best: list[Evidence] = []
    seen: set[int] = set()
    for e in sorted(scored, key=lambda e: (-e.weight, e.sentence_id)):
        if e.sentence_id not in seen:
            seen.add(e.sentence_id)
            best.append(e)
        if len(best) >= MAX_EVIDENCE:
            break
    return Dyad(
        a=a,
        b=b,
        a_to_b=a_to_b,
        b_to_a=b_to_a,
        total=total,
        relations=standing,
        polarity=polarity_rule(
            pos_w,
            neg_w,
            {
                r.scored_type
                for r in standing
                if r.scored_type and r.confidence >= STANDING_CONFIDENCE
            },
        ),
        polarity_basis={"cooperative": round(pos_w, 3), "conflictual": round(neg_w, 3)},
        trend=trend,
        trend_basis=basis,
        evidence=best,
        series=points,
    )


def _pair_of(row: sqlite3.Row, level: Callable[[str], str]) -> tuple[str, str] | None:
    s, t = level(row["source"]), level(row["target"])
    if s == t:
        return None
    a, b = sorted((s, t))
    return a, b


def dyad(
    conn: sqlite3.Connection, a: str, b: str, *, full_codes: bool = False, by: str = "year"
) -> Dyad:
    """The dyad of ``a`` and ``b`` (``a_to_b`` holds events with ``a`` as source).

    ``by`` is ``year`` or ``month`` for the series.
    """
    level = _level(full_codes)
    a, b = level(a.upper()), level(b.upper())
    key = tuple(sorted((a, b)))
    ev, rel, vw = (
        [r for r in rows if _pair_of(r, level) == key] for rows in _load_pair(conn, a, b)
    )
    d = _build(a, b, ev, rel, vw, level, by)
    if d.polarity == "unknown":
        # every fact of either side, for the third parties both are aligned with
        events, relations, _ = _load(conn, (a, b))
        common = sorted(
            _aligned(a, events, relations, level) & _aligned(b, events, relations, level) - {a, b}
        )
        if common:
            d.polarity = "cooperative"
            d.aligned_through = common
    return d


def _aligned(
    code: str,
    events: Iterable[sqlite3.Row],
    relations: Iterable[sqlite3.Row],
    level: Callable[[str], str],
) -> set[str]:
    """Third parties ``code`` is allied with or cooperates with militarily."""
    out: set[str] = set()
    rows = [r for r in relations if r["type"] in ALIGNING_TYPES and int(r["polarity"]) > 0]
    rows += [
        r
        for r in events
        if r["instrument"] == "military"
        and r["plover"] in IMPLYING_PLOVER
        and float(r["intensity"]) > 0
    ]
    for r in rows:
        s, t = level(r["source"]), level(r["target"])
        if s == code and t != code:
            out.add(t)
        elif t == code and s != code:
            out.add(s)
    return out


def dyads(
    conn: sqlite3.Connection, min_count: int = 1, *, full_codes: bool = False, by: str = "year"
) -> list[DyadSummary]:
    """Every pair with at least ``min_count`` counted events plus relations, most
    documented first: the dyad matrix."""
    level = _level(full_codes)
    events, relations, views = _load(conn, None)
    ev: dict[tuple[str, str], list[sqlite3.Row]] = defaultdict(list)
    rel: dict[tuple[str, str], list[sqlite3.Row]] = defaultdict(list)
    for r in events:
        k = _pair_of(r, level)
        if k:
            ev[k].append(r)
    for r in relations:
        k = _pair_of(r, level)
        if k:
            rel[k].append(r)
    vw: dict[tuple[str, str], list[sqlite3.Row]] = defaultdict(list)
    for r in views:
        k = _pair_of(r, level)
        if k:
            vw[k].append(r)
    out: list[DyadSummary] = []
    for key in sorted(set(ev) | set(rel)):
        n = len(ev[key]) + len(rel[key])
        if n < min_count:
            continue
        d = _build(key[0], key[1], ev[key], rel[key], vw[key], level, by, cite=False)
        out.append(
            DyadSummary(
                a=d.a,
                b=d.b,
                events=d.total.events,
                relations=len(rel[key]),
                cooperation=d.total.cooperation,
                conflict=d.total.conflict,
                net=d.net,
                polarity=d.polarity,
                trend=d.trend,
                relation_types=[r.type for r in d.relations],
            )
        )
    out.sort(key=lambda s: (-(s.events + s.relations), s.a, s.b))
    return out
