"""Who thinks what, and which causes the authors see: perspectives and causal claims
read back with their evidence (`realpolitik perspectives`, `realpolitik claims`).

Every record keeps its place: the document, the sentence's character span in it, its
line and section, and the spans of the cue (a perspective) or of the cause and effect
(a claim) inside the sentence. Nothing is merged: a view held twice is listed twice,
and a sentence restated in another document is listed with ``restated_in`` naming the
copies (it is counted once, at the sentence the others restate). Views of one target
with stances of both signs are flagged ``contested``.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from realpolitik.actors.registry import country_level
from realpolitik.model.causal_map import CausalMap, build_causal_map
from realpolitik.model.variables import Canonical, canonicalise_text, lexicon, text_actors
from realpolitik.store.read import NotFound, Place, code_match, counted_join, sentence_place

AUTHOR = "AUTHOR"
#: A claim is about a phrase when its cause or effect covers at least this much of the
#: phrase (``_Side.about``: 1 when every actor, issue and word of the phrase is there)...
MIN_ABOUT_SCORE = 0.5
#: ...and comes within this of the best-scoring claim: the list stays on the subject
#: the phrase names rather than trailing into claims that share one actor with it.
ABOUT_BAND = 0.3


@dataclass(frozen=True)
class Source:
    """Where a record was found: the sentence's place, its text, and its restatements."""

    place: Place
    text: str
    restated_in: tuple[str, ...] = ()  # documents whose sentence restates this one
    restates: str | None = None  # the document this sentence restates (counted there)

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self.place),
            "text": self.text,
            "restated_in": list(self.restated_in),
            "restates": self.restates,
        }


def _with_source(record: Any, source: Source) -> dict[str, Any]:
    """``record`` as a dict, its source flattened as :meth:`Source.to_dict` gives it."""
    return {**asdict(record), "source": source.to_dict()}


@dataclass(frozen=True)
class HeldView:
    """One perspective: ``holder`` thinks of ``target`` (and/or ``issue``) at ``stance``."""

    id: int
    holder: str
    target: str | None
    issue: str | None
    stance: float  # −1 (hostile, opposed) … +1 (favourable)
    negated: bool
    cue: str
    cue_span: tuple[int, int]  # in the sentence's text
    span: tuple[int, int]  # the target/issue phrase, in the sentence's text
    confidence: float
    source: Source

    def to_dict(self) -> dict[str, Any]:
        return _with_source(self, self.source)


@dataclass(frozen=True)
class StanceSummary:
    """The views of one holder on one target (or on an issue with no target actor)."""

    holder: str
    target: str | None
    issue: str | None  # set when the views have no target: the issue phrase itself
    views: int
    mean: float
    positive: int
    negative: int
    neutral: int

    @property
    def contested(self) -> bool:
        """The holder is recorded on both sides: the sources disagree, or it changed."""
        return self.positive > 0 and self.negative > 0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "contested": self.contested}


@dataclass(frozen=True)
class ClaimRecord:
    """One causal claim: ``cause`` → ``effect`` with its sign, held by ``holder``."""

    id: int
    cause: str
    effect: str
    cause_span: tuple[int, int]  # in the sentence's text
    effect_span: tuple[int, int]
    signal: str
    sign: str  # "+" more cause, more effect; "-" more cause, less effect
    modality: str  # certain | likely | possible
    conditional: bool
    holder: str
    pattern: str
    confidence: float
    source: Source
    score: float | None = None  # how well it matches the phrase asked about (0..1)
    matched: str | None = None  # which side matched it: cause | effect
    cause_variables: tuple[str, ...] = ()  # the causal map's variables of each side
    effect_variables: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _with_source(self, self.source)


@dataclass(frozen=True)
class ClaimList:
    """Claims found: the first ones in full, and how many there are."""

    claims: list[ClaimRecord]
    total: int


# ---- actors as the user names them ---------------------------------------------------


def resolve_actor(name: str) -> str:
    """An actor code from what a user typed: a code ("RUS", "JPNGOV"), ``AUTHOR``, or a
    name the registry knows ("Russia", "Moscow", "the Kremlin")."""
    stripped = name.strip()
    if stripped.upper() == AUTHOR:
        return AUTHOR
    if stripped.isupper() and stripped.isalpha():
        return stripped
    codes, _ = text_actors(stripped)
    if not codes:
        raise NotFound(
            f"'{name}' is neither an actor code nor a name the registry knows: "
            "`realpolitik actors` lists the codes"
        )
    return codes[0]


def _holder_condition(column: str, holder: str) -> tuple[str, tuple[str, ...]]:
    if holder == AUTHOR:
        return f"{column} = ?", (AUTHOR,)
    return code_match(column, holder)


# ---- sources ---------------------------------------------------------------------------


def _sources(conn: sqlite3.Connection, sentence_ids: Iterable[int]) -> dict[int, Source]:
    out: dict[int, Source] = {}
    for sid in dict.fromkeys(sentence_ids):
        place, row = sentence_place(conn, sid)
        copies = tuple(
            str(r[0])
            for r in conn.execute(
                "SELECT d.name FROM sentences s JOIN documents d ON d.id = s.doc_id "
                "WHERE s.duplicate_of = ? ORDER BY s.doc_id, s.seq",
                (sid,),
            )
        )
        original = conn.execute(
            "SELECT d.name FROM sentences s JOIN sentences o ON o.id = s.duplicate_of "
            "JOIN documents d ON d.id = o.doc_id WHERE s.id = ?",
            (sid,),
        ).fetchone()
        out[sid] = Source(
            place=place,
            text=str(row["text"]),
            restated_in=copies,
            restates=str(original[0]) if original else None,
        )
    return out


def _live_rows(
    conn: sqlite3.Connection,
    select: str,
    conditions: Sequence[str],
    params: Sequence[str],
) -> list[sqlite3.Row]:
    """``select`` (columns ``FROM table x``) joined to the sentences and documents, of
    live documents only, under ``conditions``, in corpus order. Restated sentences are
    kept: the records of both places are listed (``Source.restates`` tells them)."""
    where = " AND ".join(["d.status = 'ok'", *conditions])
    return conn.execute(
        f"{select} JOIN sentences s ON s.id = x.sentence_id "
        f"JOIN documents d ON d.id = s.doc_id WHERE {where} ORDER BY s.doc_id, s.seq, x.id",
        tuple(params),
    ).fetchall()


# ---- perspectives ---------------------------------------------------------------------


@dataclass(frozen=True)
class HeldViews:
    """A holder's views: the summary of all of them, and the first ones in full."""

    holder: str
    summary: list[StanceSummary]
    views: list[HeldView]  # in corpus order, the first ``limit`` of them
    total: int  # how many there are (restatements included)


def held_views(
    conn: sqlite3.Connection,
    holder: str,
    *,
    target: str | None = None,
    issue: str | None = None,
    limit: int | None = None,
) -> HeldViews:
    """The perspectives ``holder`` holds (a state's code covers its sectors), in corpus
    order; with ``target`` only those on that actor, with ``issue`` only those whose
    issue phrase contains it (case-insensitive). The summary covers them all; only the
    first ``limit`` (all, if None) are read with their sources."""
    held, params = _holder_condition("x.holder", holder)
    where = [held]
    if target:
        about, bounds = code_match("x.target", target)
        where.append(about)
        params = (*params, *bounds)
    if issue:
        where.append("instr(lower(coalesce(x.issue, '')), ?) > 0")
        params = (*params, issue.lower())
    rows = _live_rows(
        conn,
        "SELECT x.id, x.sentence_id, x.holder, x.target, x.issue, x.stance, x.negated, x.cue, "
        'x.cue_start, x.cue_end, x.start, x."end", x.confidence, '
        "s.duplicate_of IS NOT NULL AS restated FROM perspectives x",
        where,
        params,
    )
    shown = rows if limit is None else rows[:limit]
    sources = _sources(conn, (int(r["sentence_id"]) for r in shown))
    views = [
        HeldView(
            id=int(r["id"]),
            holder=str(r["holder"]),
            target=r["target"],
            issue=r["issue"],
            stance=float(r["stance"]),
            negated=bool(r["negated"]),
            cue=str(r["cue"]),
            cue_span=(int(r["cue_start"]), int(r["cue_end"])),
            span=(int(r["start"]), int(r["end"])),
            confidence=float(r["confidence"]),
            source=sources[int(r["sentence_id"])],
        )
        for r in shown
    ]
    summary = summarise_views(
        (str(r["holder"]), r["target"], r["issue"], float(r["stance"]))
        for r in rows
        if not r["restated"]
    )
    return HeldViews(holder=holder, summary=summary, views=views, total=len(rows))


def summarise_views(
    views: Iterable[tuple[str, str | None, str | None, float]],
) -> list[StanceSummary]:
    """One line a (holder state, target state), or a (holder, issue) for views without a
    target, from (holder, target, issue, stance) of each view. Most views first."""
    groups: dict[tuple[str, str | None, str | None], list[float]] = defaultdict(list)
    for holder, target, issue, stance in views:
        holder = holder if holder == AUTHOR else country_level(holder)
        target = country_level(target) if target else None
        issue = None if target else ((issue or "").strip().lower() or None)
        groups[(holder, target, issue)].append(stance)
    out = [
        StanceSummary(
            holder=holder,
            target=target,
            issue=issue,
            views=len(stances),
            mean=round(sum(stances) / len(stances), 3),
            positive=sum(1 for s in stances if s > 0),
            negative=sum(1 for s in stances if s < 0),
            neutral=sum(1 for s in stances if s == 0),
        )
        for (holder, target, issue), stances in groups.items()
    ]
    out.sort(key=lambda s: (-s.views, s.target or "~", s.issue or ""))
    return out


def holder_counts(conn: sqlite3.Connection) -> list[tuple[str, int, int]]:
    """(holder, perspectives held, claims attributed) for every holder, states with their
    sectors folded in; restated sentences count once. Most views first."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for table, slot in (("perspectives", 0), ("claims", 1)):
        for holder, n in conn.execute(
            f"SELECT x.holder, COUNT(*) FROM {table} x {counted_join('x')} GROUP BY x.holder"
        ):
            key = holder if holder == AUTHOR else country_level(holder)
            counts[key][slot] += int(n)
    return sorted(
        ((h, views, claims) for h, (views, claims) in counts.items()),
        key=lambda row: (-row[1], -row[2], row[0]),
    )


# ---- claims ----------------------------------------------------------------------------


def claims_about(
    conn: sqlite3.Connection,
    text: str,
    *,
    holder: str | None = None,
    cmap: CausalMap | None = None,
    min_score: float = MIN_ABOUT_SCORE,
    limit: int | None = None,
) -> ClaimList:
    """The causal claims whose cause or effect is about ``text``, best match first.

    The phrase and each side are reduced as the causal map reduces text (actors at state
    level, issue keys, content words; ``model.variables.canonicalise_text``). A side is
    its words as written together with the map's variables for it (an anaphor's actors
    resolved), and scores how much of the phrase it covers (``_Side.about``); the better
    side counts. A claim stays when its score is at least ``min_score`` and within
    ``ABOUT_BAND`` of the best claim's. ``holder`` keeps only the claims it holds. Only
    the first ``limit`` (all, if None) are read with their sources.
    """
    query = _Side.of_query(text)
    rows = _claim_rows(conn, holder)
    if not rows:
        return ClaimList([], 0)
    cmap = cmap if cmap is not None else build_causal_map(conn)
    sides = _claim_variables(cmap)
    scored: list[tuple[float, str, sqlite3.Row]] = []
    for row in rows:
        causes, effects = sides.get(int(row["id"]), ((), ()))
        cause = query.about(_Side.of_claim(str(row["cause"]), causes, cmap))
        effect = query.about(_Side.of_claim(str(row["effect"]), effects, cmap))
        best, side = (cause, "cause") if cause >= effect else (effect, "effect")
        scored.append((best, side, row))
    top = max(score for score, _, _ in scored)
    floor = max(min_score, top - ABOUT_BAND)
    kept = [item for item in scored if item[0] >= floor]
    kept.sort(key=lambda item: (-round(item[0], 6), -float(item[2]["confidence"]), item[2]["id"]))
    shown = kept if limit is None else kept[:limit]
    return ClaimList(_claim_records(conn, shown, sides), len(kept))


def all_claims(
    conn: sqlite3.Connection,
    *,
    holder: str | None = None,
    cmap: CausalMap | None = None,
    limit: int | None = None,
) -> ClaimList:
    """Every causal claim (``holder``'s only, if given), in corpus order; the first
    ``limit`` (all, if None) read with their sources."""
    rows = _claim_rows(conn, holder)
    if not rows:
        return ClaimList([], 0)
    cmap = cmap if cmap is not None else build_causal_map(conn)
    shown = rows if limit is None else rows[:limit]
    claims = _claim_records(conn, [(None, None, row) for row in shown], _claim_variables(cmap))
    return ClaimList(claims, len(rows))


def _claim_records(
    conn: sqlite3.Connection,
    scored: Sequence[tuple[float | None, str | None, sqlite3.Row]],
    sides: dict[int, tuple[tuple[str, ...], tuple[str, ...]]],
) -> list[ClaimRecord]:
    sources = _sources(conn, (int(row["sentence_id"]) for _, _, row in scored))
    out = []
    for score, side, row in scored:
        causes, effects = sides.get(int(row["id"]), ((), ()))
        out.append(
            ClaimRecord(
                id=int(row["id"]),
                cause=str(row["cause"]),
                effect=str(row["effect"]),
                cause_span=(int(row["cause_start"]), int(row["cause_end"])),
                effect_span=(int(row["effect_start"]), int(row["effect_end"])),
                signal=str(row["signal"]),
                sign=str(row["sign"]),
                modality=str(row["modality"]),
                conditional=bool(row["conditional"]),
                holder=str(row["holder"]),
                pattern=str(row["pattern"]),
                confidence=float(row["confidence"]),
                source=sources[int(row["sentence_id"])],
                score=None if score is None else round(score, 3),
                matched=side,
                cause_variables=causes,
                effect_variables=effects,
            )
        )
    return out


def _claim_rows(conn: sqlite3.Connection, holder: str | None) -> list[sqlite3.Row]:
    held, params = _holder_condition("x.holder", holder) if holder else ("", ())
    return _live_rows(
        conn,
        "SELECT x.id, x.sentence_id, x.cause, x.cause_start, x.cause_end, x.effect, "
        "x.effect_start, x.effect_end, x.signal, x.sign, x.modality, x.conditional, "
        "x.holder, x.pattern, x.confidence FROM claims x",
        [held] if held else [],
        params,
    )


def _claim_variables(cmap: CausalMap) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Claim id → (its cause variables, its effect variables) in ``cmap``; a claim
    split into conjuncts has several."""
    causes: dict[int, dict[str, None]] = defaultdict(dict)
    effects: dict[int, dict[str, None]] = defaultdict(dict)
    for edge in cmap.edges.values():
        for ev in edge.evidence:
            if ev.kind == "claim" and ev.record_id is not None:
                causes[ev.record_id][edge.source] = None
                effects[ev.record_id][edge.target] = None
    return {rid: (tuple(causes[rid]), tuple(effects[rid])) for rid in causes}


#: The weight of each part of a phrase in how much of it a claim's side covers.
_PART_WEIGHTS = {"actors": 0.4, "issues": 0.35, "words": 0.25}


@dataclass(frozen=True)
class _Side:
    """A phrase reduced to what ``claims_about`` compares: state-level actors, issue
    keys (the negative-stance issues as one class) and content words (stemmed)."""

    actors: frozenset[str]
    issues: frozenset[str]
    words: frozenset[str]

    @classmethod
    def of_query(cls, text: str) -> _Side:
        canon = canonicalise_text(text)
        about = canon.qualifier.split("-") if canon.qualifier else []
        return cls.of(canon, [*canon.actors, *about])

    @classmethod
    def of_claim(cls, phrase: str, variables: Sequence[str], cmap: CausalMap) -> _Side:
        """A claim's cause or effect as written, with what the causal map made of it
        (its variables: actors of an anaphor resolved, issues of its sentence)."""
        own = cls.of(canonicalise_text(phrase), text_actors(phrase)[0])
        for vid in variables:
            var = cmap.variables.get(vid)
            if var is not None:
                own = own | cls(
                    frozenset(country_level(a) for a in (*var.actors, *var.about)),
                    _issue_classes(var.issues),
                    frozenset(var.words),
                )
        return own

    @classmethod
    def of(cls, canon: Canonical, actors: Iterable[str]) -> _Side:
        return cls(
            frozenset(country_level(a) for a in actors if a),
            _issue_classes(canon.issues),
            frozenset(canon.words),
        )

    def __or__(self, other: _Side) -> _Side:
        return _Side(
            self.actors | other.actors, self.issues | other.issues, self.words | other.words
        )

    def about(self, side: _Side) -> float:
        """How much of this phrase ``side`` covers (0..1): for each part the phrase has,
        the share of it found in ``side``, weighted (``_PART_WEIGHTS``); plus a tenth for
        how little else ``side`` holds, so that the closer of two covering sides ranks
        first."""
        parts = {"actors": self.actors, "issues": self.issues, "words": self.words}
        theirs = {"actors": side.actors, "issues": side.issues, "words": side.words}
        total = sum(_PART_WEIGHTS[k] for k, v in parts.items() if v)
        if not total:
            return 0.0
        covered = sum(_PART_WEIGHTS[k] * len(v & theirs[k]) / len(v) for k, v in parts.items() if v)
        found = sum(len(v & theirs[k]) for k, v in parts.items())
        held = sum(len(v) for v in theirs.values())
        return 0.9 * covered / total + 0.1 * (found / held if held else 0.0)


def _issue_classes(issues: Iterable[str]) -> frozenset[str]:
    """Issue keys with the negative-stance issues (opposition, threat...) as one."""
    negative = lexicon().negative
    return frozenset("negative-stance" if i in negative else i for i in issues)
