"""``ask``: ranked evidence sentences for a question, each with its place and facts.

Ranking is hybrid. Lexical: SQLite FTS5 BM25 over the sentence text (Porter stems),
plus the actors and issues the question names, matched against the actors and issues
indexed for each sentence (:mod:`realpolitik.search.index`: "Moscow" finds "Russia",
"anti-missile" finds "THAAD"). Semantic, when the ``embeddings`` extra is installed:
cosine similarity of MiniLM sentence vectors. The two are fused as a weighted sum
of the BM25 score scaled to the best one (0…1) and the cosine. Without vectors the
ranking is the lexical one alone.

Near-duplicates count once: a sentence that restates another (``duplicate_of``)
lends its score to the canonical sentence, which is shown, with the copies listed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from realpolitik.embeddings import Embedder, load_embedder
from realpolitik.search.index import (
    EMBEDDED_KINDS,
    actor_token,
    analyse,
    content_words,
    issue_token,
    refresh_index,
    text_actors,
    text_issues,
)
from realpolitik.store.db import is_read_only
from realpolitik.store.read import Place, sentence_place

#: Record kinds ``kind=`` filters on, and their tables.
RECORD_KINDS = {
    "event": "events",
    "relation": "relations",
    "perspective": "perspectives",
    "claim": "claims",
}

#: Weights of the full-text columns (text, context, actors, issues) in BM25.
COLUMN_WEIGHTS = (1.0, 0.5, 1.0, 1.0)
#: Share of the fused score given to the cosine when vectors exist.
DENSE_WEIGHT = 0.5
#: Above this many vectors, only the lexical candidates are scored by cosine.
DENSE_SCAN_LIMIT = 200_000


@dataclass
class Hit:
    """One ranked evidence sentence."""

    rank: int
    sentence_id: int
    text: str
    kind: str
    score: float
    bm25: float  # the lexical score, scaled so that the best candidate is 1
    dense: float | None  # cosine similarity, None without vectors
    place: Place
    date: str | None
    copies: list[Place] = field(default_factory=list)  # the same sentence elsewhere
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def doc(self) -> str:
        return self.place.doc

    @property
    def doc_id(self) -> int:
        return self.place.doc_id

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class SearchError(ValueError):
    """A filter the search cannot apply (an unknown record kind, actor or issue)."""


def ask(
    conn: sqlite3.Connection,
    question: str,
    *,
    k: int = 10,
    actor: str | None = None,
    issue: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    sentence_kinds: Sequence[str] = EMBEDDED_KINDS,
    embeddings: str | Embedder | None = None,
    refresh: bool = True,
    limit: int | None = None,
) -> list[Hit]:
    """The ``k`` best evidence sentences for ``question``.

    Filters: ``actor`` (a code such as ``RUS`` or a name such as ``Moscow``: sentences
    naming it, country level), ``issue`` (plain words: sentences on that issue),
    ``since``/``until`` (ISO dates, any precision: the sentence's own date, else its
    document's), ``kind`` (``event``, ``relation``, ``perspective`` or ``claim``,
    comma-separated for several: sentences with such a record). ``sentence_kinds``:
    the sentence kinds searched (body and headings by default). ``embeddings``:
    ``auto`` | ``off`` | ``minilm`` (default ``$REALPOLITIK_EMBEDDINGS`` or ``auto``), or
    an :class:`~realpolitik.embeddings.Embedder` object.

    With ``refresh`` the index is brought up to date first (the first ask on a model
    indexes it; later ones index only what changed since). ``limit`` is another name
    for ``k``.
    """
    if limit is not None:
        k = limit
    embedder: Embedder | None
    if embeddings is None or isinstance(embeddings, str):
        embedder = load_embedder(embeddings)
    else:
        embedder = embeddings
    if refresh:
        try:
            refresh_index(conn, embedder=embedder)
        except sqlite3.OperationalError as exc:  # a read-only model: search what is there
            if not is_read_only(exc):
                raise
    where, params = _filters(actor, issue, since, until, kind, sentence_kinds)
    pool = max(50, 5 * k)
    lexical: dict[int, float] = {}
    raw = _bm25(conn, question, where, params, pool)
    roots = _roots(conn, set(raw))
    for sid, score in raw.items():  # a restatement scores for its canonical sentence
        root = roots[sid]
        lexical[root] = max(lexical.get(root, 0.0), score)
    dense: dict[int, float] | None = None
    if embedder is not None:
        dense = _dense(conn, embedder, question, where, params, pool, list(lexical))
    return [
        _hit(conn, rank, sid, round(score, 4), bm, cos)
        for rank, (sid, score, bm, cos) in enumerate(fuse(lexical, dense)[:k], start=1)
    ]


def fuse(
    lexical: dict[int, float], dense: dict[int, float] | None
) -> list[tuple[int, float, float, float | None]]:
    """Candidates ranked by the fused score: (sentence id, score, scaled BM25, cosine).

    BM25 is scaled by the best candidate's (so 1 is the best lexical match); the
    cosine is taken as it is (0 where negative or missing). Without vectors
    (``dense`` None) the score is the scaled BM25.
    """
    best = max(lexical.values(), default=0.0) or 1.0
    out: list[tuple[int, float, float, float | None]] = []
    for sid in set(lexical) | set(dense or ()):
        bm = lexical.get(sid, 0.0) / best
        if dense is None:
            out.append((sid, bm, bm, None))
            continue
        cos = dense.get(sid, 0.0)
        score = (1 - DENSE_WEIGHT) * bm + DENSE_WEIGHT * max(cos, 0.0)
        out.append((sid, score, bm, cos))
    out.sort(key=lambda row: (-row[1], row[0]))
    return out


# ---- filters -----------------------------------------------------------------------


def _filters(
    actor: str | None,
    issue: str | None,
    since: str | None,
    until: str | None,
    kind: str | None,
    sentence_kinds: Sequence[str],
) -> tuple[str, list[Any]]:
    clauses = [f"s.kind IN ({','.join('?' * len(sentence_kinds))})"]
    params: list[Any] = list(sentence_kinds)
    if actor:
        codes = _actor_codes(actor)
        match = " OR ".join(f'"{actor_token(c)}"' for c in codes)
        clauses.append("s.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)")
        params.append(f"actors : ({match})")
    if issue:
        keys = text_issues(issue)
        terms = [f'issues : "{issue_token(key)}"' for key in keys]
        phrase = " ".join(content_words(issue))
        if phrase:
            terms.append(f'text : "{phrase}"')
        if not terms:
            raise SearchError(f"issue {issue!r} has no words to search for")
        clauses.append("s.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)")
        params.append(" OR ".join(terms))
    date = "COALESCE((SELECT f.date FROM sentence_facts f WHERE f.sentence_id = s.id), d.date)"
    if since:
        clauses.append(f"{date} >= ?")
        params.append(since)
    if until:
        clauses.append(f"substr({date}, 1, ?) <= ?")
        params.extend([len(until), until])
    if kind:
        for name in [part.strip().lower().rstrip("s") for part in kind.split(",") if part.strip()]:
            table = RECORD_KINDS.get(name)
            if table is None:
                raise SearchError(
                    f"record kind {name!r}: expected one of {', '.join(RECORD_KINDS)}"
                )
            clauses.append(f"EXISTS (SELECT 1 FROM {table} r WHERE r.sentence_id = s.id)")
    return " AND ".join(clauses), params


def _actor_codes(actor: str) -> list[str]:
    from realpolitik.model.variables import country_level

    text = actor.strip()
    if text.isalpha() and text.isupper() and len(text) >= 2:
        return [country_level(text)]
    codes = text_actors(text) or text_actors(text.title())
    if not codes:
        raise SearchError(f"actor {actor!r}: not a code, and no name the registry knows")
    return codes


# ---- scoring --------------------------------------------------------------------------


def fts_query(question: str) -> str | None:
    """The FTS5 query for a question: its words OR its actors OR its issues."""
    found = analyse(question)
    parts = []
    if found.words:
        parts.append(
            "{text context} : (" + " OR ".join(f'"{w}"' for w in dict.fromkeys(found.words)) + ")"
        )
    if found.actors:
        parts.append(
            "{actors context} : (" + " OR ".join(f'"{actor_token(c)}"' for c in found.actors) + ")"
        )
    if found.issues:
        parts.append("issues : (" + " OR ".join(f'"{issue_token(i)}"' for i in found.issues) + ")")
    return " OR ".join(parts) if parts else None


def _bm25(
    conn: sqlite3.Connection, question: str, where: str, params: list[Any], pool: int
) -> dict[int, float]:
    query = fts_query(question)
    if query is None:
        return {}
    weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
    rows = conn.execute(
        f"""
        SELECT s.id, -bm25(search_fts, {weights}) AS score
        FROM search_fts JOIN sentences s ON s.id = search_fts.rowid
        JOIN documents d ON d.id = s.doc_id
        WHERE search_fts MATCH ? AND {where}
        ORDER BY bm25(search_fts, {weights}) LIMIT ?
        """,
        [query, *params, pool],
    ).fetchall()
    return {int(sid): float(score) for sid, score in rows}


def _dense(
    conn: sqlite3.Connection,
    embedder: Embedder,
    question: str,
    where: str,
    params: list[Any],
    pool: int,
    lexical: list[int],
) -> dict[int, float]:
    total = int(
        conn.execute(
            "SELECT COUNT(*) FROM search_vectors WHERE model = ?", (embedder.name,)
        ).fetchone()[0]
    )
    sql = (
        "SELECT s.id, v.vector FROM search_vectors v JOIN sentences s ON s.id = v.sentence_id "
        f"JOIN documents d ON d.id = s.doc_id WHERE v.model = ? AND {where}"
    )
    args: list[Any] = [embedder.name, *params]
    if total > DENSE_SCAN_LIMIT:
        if not lexical:
            return {}
        sql += f" AND s.id IN ({','.join('?' * len(lexical))})"
        args.extend(lexical)
    rows = conn.execute(sql, args).fetchall()
    if not rows:
        return {}
    ids = [int(row[0]) for row in rows]
    matrix = np.frombuffer(b"".join(row[1] for row in rows), dtype="<f2").reshape(len(rows), -1)
    query = embedder.encode([question])[0]
    scores = matrix.astype(np.float32) @ query
    keep = set(np.argsort(-scores)[:pool].tolist())
    wanted = set(lexical)
    keep.update(i for i, sid in enumerate(ids) if sid in wanted)
    return {ids[i]: float(scores[i]) for i in keep}


def _roots(conn: sqlite3.Connection, ids: set[int]) -> dict[int, int]:
    """Each sentence's canonical sentence (following ``duplicate_of`` to its end)."""
    roots = {sid: sid for sid in ids}
    frontier = set(ids)
    for _ in range(8):  # chains are short; a cycle (never written) stops here
        if not frontier:
            break
        marks = ",".join("?" * len(frontier))
        parent = {
            int(row[0]): int(row[1])
            for row in conn.execute(
                f"SELECT id, duplicate_of FROM sentences WHERE id IN ({marks}) "
                "AND duplicate_of IS NOT NULL",
                list(frontier),
            )
        }
        for sid, root in roots.items():
            if root in parent:
                roots[sid] = parent[root]
        frontier = {parent[r] for r in parent}
    return roots


# ---- hits ------------------------------------------------------------------------------


def _hit(
    conn: sqlite3.Connection, rank: int, sid: int, score: float, bm: float, cos: float | None
) -> Hit:
    place, row = sentence_place(conn, sid)
    copies = [
        sentence_place(conn, int(other[0]))[0]
        for other in conn.execute(
            "SELECT id FROM sentences WHERE duplicate_of = ? ORDER BY doc_id, seq", (sid,)
        )
    ]
    return Hit(
        rank=rank,
        sentence_id=sid,
        text=str(row["text"]),
        kind=str(row["kind"]),
        score=round(score, 4),
        bm25=round(bm, 4),
        dense=None if cos is None else round(cos, 4),
        place=place,
        date=row["fact_date"] or row["date"],
        copies=copies,
        facts=sentence_facts(conn, sid),
    )


def sentence_facts(conn: sqlite3.Connection, sid: int) -> dict[str, Any]:
    """What extraction stored for a sentence: actors, events, relations, views, claims."""

    def rows(sql: str) -> list[dict[str, Any]]:
        return [dict(r) for r in conn.execute(sql, (sid,))]

    actors = [
        str(r[0])
        for r in conn.execute(
            "SELECT DISTINCT code FROM mentions WHERE sentence_id = ? AND kind = 'actor' "
            "AND code IS NOT NULL ORDER BY code",
            (sid,),
        )
    ]
    flags = conn.execute(
        "SELECT causal FROM sentence_facts WHERE sentence_id = ?", (sid,)
    ).fetchone()
    return {
        "actors": actors,
        "events": rows(
            "SELECT source, target, plover, cameo, intensity, modality, negated, instrument, "
            "trigger, date FROM events WHERE sentence_id = ? ORDER BY id"
        ),
        "relations": rows(
            "SELECT source, target, type, object, polarity, trend, cue FROM relations "
            "WHERE sentence_id = ? ORDER BY id"
        ),
        "perspectives": rows(
            "SELECT holder, target, issue, stance, negated, cue FROM perspectives "
            "WHERE sentence_id = ? ORDER BY id"
        ),
        "claims": rows(
            "SELECT cause, effect, sign, modality, conditional, holder FROM claims "
            "WHERE sentence_id = ? ORDER BY id"
        ),
        "causal": None if flags is None or flags[0] is None else round(float(flags[0]), 3),
    }


def format_hit(hit: Hit) -> str:
    """A hit as plain text lines, for a terminal: rank, score, place, text, copies, facts."""
    place = hit.place
    where = f"{place.doc}:{place.line}" + (f" [{place.section}]" if place.section else "")
    scores = f"{hit.score:.3f}" + (
        f" (bm25 {hit.bm25:.2f}, cos {hit.dense:.2f})" if hit.dense is not None else ""
    )
    lines = [f"{hit.rank}. {where}  {scores}", f"   {hit.text}"]
    if hit.copies:
        lines.append("   also in: " + ", ".join(f"{c.doc}:{c.line}" for c in hit.copies))
    facts = hit.facts
    found = []
    if facts.get("actors"):
        found.append("actors " + " ".join(facts["actors"]))
    for name in ("events", "relations", "perspectives", "claims"):
        if facts.get(name):
            found.append(f"{len(facts[name])} {name if len(facts[name]) > 1 else name[:-1]}")
    if found:
        lines.append("   " + "; ".join(found))
    return "\n".join(lines)
