"""Ranked evidence for a question, for the search page.

Uses the evidence search module (``realpolitik.search.ask``) when it is there;
otherwise a plain ranking of its own: the sentences (not
restatements, of readable documents) that contain the question's words, scored by
the rarity of the words they contain (an idf sum) and by whether the model found a
fact in them (events, relations, perspectives, causal claims).
"""

from __future__ import annotations

import importlib
import math
import os
import re
import sqlite3
from typing import Any

_WORD = re.compile(r"[\w’'-]+", re.UNICODE)
_STOP = frozenset(
    re.findall(
        r"\w+",
        "a an and are as at be by does do for from has have how in is it its of on or that "
        "the their this to was were what when where which who why will with",
    )
)
MAX_TERMS = 8
MAX_CANDIDATES = 5000


def terms(query: str) -> list[str]:
    words = [w.lower().strip("'’-") for w in _WORD.findall(query)]
    out: list[str] = []
    for w in words:
        if len(w) > 1 and w not in _STOP and w not in out:
            out.append(w)
    return out[:MAX_TERMS]


def search_evidence(
    conn: sqlite3.Connection, query: str, *, limit: int = 30
) -> list[dict[str, Any]]:
    """Ranked sentences for ``query``: dicts with sentence_id, doc_id, doc, text, score."""
    hits = _module_search(conn, query, limit)
    if hits is not None:
        return hits
    return fallback_search(conn, query, limit=limit)


def _module_search(conn: sqlite3.Connection, query: str, limit: int) -> list[dict[str, Any]] | None:
    """``realpolitik.search.ask`` when it is there: BM25 over its index (plus sentence
    embeddings when the model has them), restatements folded into their sentence."""
    try:
        module = importlib.import_module("realpolitik.search")
    except ImportError:
        return None
    ask = getattr(module, "ask", None)
    if not callable(ask):
        return None
    # Sentence embeddings only when asked for ($REALPOLITIK_EMBEDDINGS): embedding a
    # model's sentences on a page request would take minutes on a large model.
    embeddings = os.environ.get("REALPOLITIK_EMBEDDINGS") or "off"
    try:
        hits = ask(conn, query, k=limit, embeddings=embeddings)
    except ValueError:  # SearchError: nothing the search can do with this question
        return []
    out: list[dict[str, Any]] = []
    for hit in hits:
        facts = getattr(hit, "facts", None) or {}
        out.append(
            {
                "sentence_id": int(hit.sentence_id),
                "doc_id": int(hit.place.doc_id),
                "doc": str(hit.place.doc),
                "text": str(hit.text),
                "score": round(float(hit.score), 3),
                "facts": sum(len(v) for v in facts.values() if isinstance(v, list)),
                "copies": len(getattr(hit, "copies", []) or []),
            }
        )
    return out


def fallback_search(
    conn: sqlite3.Connection, query: str, *, limit: int = 30
) -> list[dict[str, Any]]:
    words = terms(query)
    if not words:
        return []
    total = conn.execute("SELECT COUNT(*) FROM sentences").fetchone()[0] or 1
    where = " OR ".join(["lower(s.text) LIKE ?"] * len(words))
    rows = conn.execute(
        f"""
        SELECT s.id AS sentence_id, s.doc_id, d.name AS doc, s.text,
               (SELECT COUNT(*) FROM events e WHERE e.sentence_id = s.id)
             + (SELECT COUNT(*) FROM relations r WHERE r.sentence_id = s.id)
             + (SELECT COUNT(*) FROM perspectives p WHERE p.sentence_id = s.id)
             + (SELECT COUNT(*) FROM claims c WHERE c.sentence_id = s.id) AS facts
        FROM sentences s JOIN documents d ON d.id = s.doc_id
        WHERE d.status = 'ok' AND s.duplicate_of IS NULL AND s.kind IN ('body', 'heading')
          AND ({where})
        LIMIT {MAX_CANDIDATES}
        """,
        tuple(f"%{w}%" for w in words),
    ).fetchall()
    tokenised = [(row, set(terms_all(row["text"]))) for row in rows]
    df = {w: sum(1 for _, toks in tokenised if w in toks) for w in words}
    scored = []
    for row, toks in tokenised:
        score = sum(math.log(1 + total / (1 + df[w])) for w in words if w in toks)
        if score <= 0:
            continue
        score *= 1.0 + 0.25 * min(int(row["facts"]), 4)
        scored.append(
            {
                "sentence_id": int(row["sentence_id"]),
                "doc_id": int(row["doc_id"]),
                "doc": row["doc"],
                "text": row["text"],
                "score": round(score, 3),
                "facts": int(row["facts"]),
            }
        )
    scored.sort(key=lambda h: (-h["score"], h["sentence_id"]))
    return scored[:limit]


def terms_all(text: str) -> list[str]:
    return [w.lower().strip("'’-") for w in _WORD.findall(text)]
