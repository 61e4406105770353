"""Actors as the model sees them: mention counts, aliases, documents, best sentences."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from realpolitik.actors.registry import load_registry
from realpolitik.store.read import code_match, counted_join

#: Rows that count: canonical sentences (a restatement counts once) of live documents.
_COUNTED = (
    "JOIN sentences s ON s.id = m.sentence_id JOIN documents d ON d.id = s.doc_id "
    "WHERE d.status = 'ok' AND s.duplicate_of IS NULL"
)


@dataclass(frozen=True)
class ActorCount:
    code: str
    name: str
    mentions: int
    documents: int
    sentences: int


@dataclass(frozen=True)
class ActorDetail:
    code: str
    name: str
    mentions: int
    aliases: list[tuple[str, int]] = field(default_factory=list)
    documents: list[tuple[str, int]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)
    perspectives_held: int = 0
    claims_attributed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def actor_counts(conn: sqlite3.Connection, *, country_level: bool = True) -> list[ActorCount]:
    """Every resolved actor with its mention, document and sentence counts, most mentioned first.

    At country level a state's sectors count as the state (``RUSGOV`` as ``RUS``);
    organisations keep their codes.
    """
    key = "actor_key(m.code)" if country_level else "m.code"
    conn.create_function("actor_key", 1, country_key, deterministic=True)
    rows = conn.execute(
        f"SELECT {key} AS actor, COUNT(*) AS n, COUNT(DISTINCT s.doc_id) AS docs, "
        f"COUNT(DISTINCT s.id) AS sents FROM mentions m {_COUNTED} AND m.kind = 'actor' "
        "GROUP BY actor ORDER BY n DESC, actor"
    ).fetchall()
    registry = load_registry()
    return [
        ActorCount(
            row["actor"], registry.state_name(row["actor"]), row["n"], row["docs"], row["sents"]
        )
        for row in rows
    ]


def country_key(code: str | None) -> str | None:
    """The state a code belongs to (``JPNMIL`` -> ``JPN``); other codes unchanged."""
    if code and len(code) > 3 and code[:3] in load_registry().states:
        return code[:3]
    return code


def unresolved_mentions(conn: sqlite3.Connection) -> list[tuple[str, int, int]]:
    """Names that look like actors but that the registry does not know: (text, mentions, docs)."""
    rows = conn.execute(
        f"SELECT m.text, COUNT(*) AS n, COUNT(DISTINCT s.doc_id) AS docs FROM mentions m {_COUNTED} "
        "AND m.kind = 'unresolved' GROUP BY m.text ORDER BY n DESC, m.text"
    ).fetchall()
    return [(row["text"], row["n"], row["docs"]) for row in rows]


def actor_detail(conn: sqlite3.Connection, code: str, *, top: int = 10) -> ActorDetail:
    """Aliases seen, documents and the sentences richest in facts about ``code``.

    A three-letter code covers its sectors (``RUS`` includes ``RUSGOV``, ``RUSMIL``).
    """
    code = code.upper()
    match, args = code_match("m.code", code)
    where = f"{counted_join('m')} AND m.kind = 'actor' AND {match}"
    aliases = conn.execute(
        f"SELECT m.text, COUNT(*) AS n FROM mentions m {where} GROUP BY m.text ORDER BY n DESC, m.text",
        args,
    ).fetchall()
    documents = conn.execute(
        f"SELECT d.name, COUNT(*) AS n FROM mentions m {where} GROUP BY d.name ORDER BY n DESC, d.name",
        args,
    ).fetchall()
    sentences = conn.execute(
        f"""
        SELECT s.id, d.name AS doc, s.start, s."end", s.text,
               (SELECT COUNT(*) FROM events e WHERE e.sentence_id = s.id)
             + (SELECT COUNT(*) FROM relations r WHERE r.sentence_id = s.id)
             + (SELECT COUNT(*) FROM perspectives p WHERE p.sentence_id = s.id)
             + (SELECT COUNT(*) FROM claims c WHERE c.sentence_id = s.id) AS facts
        FROM mentions m {where}
        GROUP BY s.id ORDER BY facts DESC, s.id LIMIT ?
        """,
        (*args, top),
    ).fetchall()
    holder, holder_args = code_match("x.holder", code)
    held = conn.execute(
        f"SELECT COUNT(*) FROM perspectives x {counted_join('x')} AND {holder}", holder_args
    ).fetchone()[0]
    attributed = conn.execute(
        f"SELECT COUNT(*) FROM claims x {counted_join('x')} AND {holder}", holder_args
    ).fetchone()[0]
    return ActorDetail(
        code=code,
        name=load_registry().state_name(code),
        mentions=sum(row["n"] for row in aliases),
        aliases=[(row["text"], row["n"]) for row in aliases],
        documents=[(row["name"], row["n"]) for row in documents],
        sentences=[dict(row) for row in sentences],
        perspectives_held=int(held),
        claims_attributed=int(attributed),
    )
