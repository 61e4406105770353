"""Read-side queries over documents, segments and sentences."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


class NotFound(LookupError):
    """No document, actor or record matches what the user asked for."""


# ---- actor codes in conditions --------------------------------------------------------
# A fact's actor columns (source, target, holder, a mention's code) hold upper-case codes;
# a state's code covers its sectors ("RUS": "RUSGOV", "RUSMIL"). These conditions state
# that as ranges of strings, which the columns' indexes answer: ``LIKE 'RUS%'`` is
# case-insensitive and ``substr(code, 1, 3)`` a function of the column, and for either
# SQLite reads every row.


def code_prefix(column: str, code: str) -> tuple[str, tuple[str, str]]:
    """A condition that ``column`` holds ``code`` or a code beginning with it ("USA":
    "USA", "USAGOV"), and its parameters (the range ["USA", "USB")). ``code`` is given
    upper-case, as codes are stored."""
    return f"({column} >= ? AND {column} < ?)", (code, code[:-1] + chr(ord(code[-1]) + 1))


def codes_condition(columns: Iterable[str], codes: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    """A condition that one of ``columns`` begins with one of ``codes`` (see
    :func:`code_prefix`), and its parameters."""
    terms: list[str] = []
    params: tuple[str, ...] = ()
    for code in codes:
        for column in columns:
            term, bounds = code_prefix(column, code)
            terms.append(term)
            params += bounds
    return "(" + " OR ".join(terms) + ")", params


def pair_condition(source: str, target: str, a: str, b: str) -> tuple[str, tuple[str, ...]]:
    """A condition that a row goes from ``a`` to ``b`` or from ``b`` to ``a`` (its
    ``source`` and ``target`` columns beginning with the codes, see :func:`code_prefix`),
    and its parameters."""
    a_from, a_bounds = code_prefix(source, a)
    a_to, _ = code_prefix(target, a)
    b_from, b_bounds = code_prefix(source, b)
    b_to, _ = code_prefix(target, b)
    return (
        f"(({a_from} AND {b_to}) OR ({b_from} AND {a_to}))",
        (*a_bounds, *b_bounds, *b_bounds, *a_bounds),
    )


def counted_join(alias: str) -> str:
    """The join of the fact rows ``alias`` to their sentences and documents, with the
    condition that they count (a canonical sentence of a live document), to follow
    ``FROM table alias``. CROSS JOIN keeps the order (SQLite's rule): the facts first,
    found by the index on their codes, then their sentences; left free, the planner
    started from every sentence that is not a duplicate."""
    return (
        f"CROSS JOIN sentences s ON s.id = {alias}.sentence_id "
        "CROSS JOIN documents d ON d.id = s.doc_id "
        "WHERE d.status = 'ok' AND s.duplicate_of IS NULL"
    )


def code_match(column: str, code: str) -> tuple[str, tuple[str, ...]]:
    """A condition that ``column`` holds ``code`` or, for a state's three-letter code,
    one of its sectors ("RUS": "RUS", "RUSGOV"; "NATO": "NATO" only), and its
    parameters."""
    if len(code) == 3:
        return code_prefix(column, code)
    return f"{column} = ?", (code,)


@dataclass(frozen=True)
class Place:
    """Where a sentence is: its document and offsets into the document's text."""

    sentence_id: int
    doc_id: int
    doc: str  # file name
    path: str
    seq: int  # the sentence's position in the document
    start: int
    end: int
    line: int  # 1-based line of ``start`` in the document text
    section: str | None  # the nearest heading before it, if any


def sentence_place(conn: sqlite3.Connection, sid: int) -> tuple[Place, sqlite3.Row]:
    """Where sentence ``sid`` is, and its row (with its text, kind, the document's date
    and the date the sentence speaks of, ``fact_date``)."""
    row = conn.execute(
        """
        SELECT s.id, s.doc_id, s.seq, s.kind, s.start, s."end", s.text, d.name, d.path, d.date,
               (SELECT f.date FROM sentence_facts f WHERE f.sentence_id = s.id) AS fact_date,
               length(substr(d.text, 1, s.start))
                 - length(replace(substr(d.text, 1, s.start), char(10), '')) + 1 AS line,
               (SELECT h.text FROM sentences h WHERE h.doc_id = s.doc_id AND h.kind = 'heading'
                  AND h.seq < s.seq ORDER BY h.seq DESC LIMIT 1) AS section
        FROM sentences s JOIN documents d ON d.id = s.doc_id WHERE s.id = ?
        """,
        (sid,),
    ).fetchone()
    place = Place(
        sentence_id=sid,
        doc_id=int(row["doc_id"]),
        doc=str(row["name"]),
        path=str(row["path"]),
        seq=int(row["seq"]),
        start=int(row["start"]),
        end=int(row["end"]),
        line=int(row["line"] or 1),
        section=row["section"],
    )
    return place, row


def list_documents(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every document with its status and counts, in path order."""
    rows = conn.execute(
        """
        SELECT d.id, d.name, d.path, d.format, d.status, d.reason, d.title, d.date,
               (SELECT COUNT(*) FROM sentences s WHERE s.doc_id = d.id) AS sentences,
               (SELECT COUNT(*) FROM sentences s WHERE s.doc_id = d.id
                  AND s.duplicate_of IS NOT NULL) AS duplicates
        FROM documents d ORDER BY d.path
        """
    ).fetchall()
    return [dict(row) for row in rows]


def find_document(conn: sqlite3.Connection, ref: str) -> int:
    """A document's id from its id, file name or path (a unique suffix will do)."""
    if ref.isdigit():
        row = conn.execute("SELECT id FROM documents WHERE id = ?", (int(ref),)).fetchone()
        if row:
            return int(row["id"])
    rows = conn.execute(
        "SELECT id, path FROM documents WHERE name = ? OR path = ? OR path LIKE ? ORDER BY path",
        (ref, ref, "%/" + ref.lstrip("/")),
    ).fetchall()
    if len(rows) == 1:
        return int(rows[0]["id"])
    if not rows:
        raise NotFound(f"no document '{ref}': `realpolitik docs` lists them")
    paths = ", ".join(row["path"] for row in rows[:5])
    raise NotFound(
        f"'{ref}' names {len(rows)} documents ({paths}): give more of the path or the id"
    )


def document_detail(conn: sqlite3.Connection, doc_id: int) -> dict[str, Any]:
    """A document with its segments, sentences and repairs, as `show --json` prints it."""
    doc = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if doc is None:
        raise NotFound(f"no document with id {doc_id}")
    text = doc["text"] or ""
    segments = [
        {
            "kind": row["kind"],
            "start": row["start"],
            "end": row["end"],
            "text": text[row["start"] : row["end"]],
        }
        for row in conn.execute(
            'SELECT kind, start, "end" FROM segments WHERE doc_id = ? ORDER BY seq', (doc_id,)
        )
    ]
    sentences = [
        {
            "id": row["id"],
            "kind": row["kind"],
            "start": row["start"],
            "end": row["end"],
            "text": row["text"],
            "duplicate_of": row["duplicate_of"],
        }
        for row in conn.execute(
            'SELECT id, kind, start, "end", text, duplicate_of FROM sentences '
            "WHERE doc_id = ? ORDER BY seq",
            (doc_id,),
        )
    ]
    repairs = [
        {
            "start": row["start"],
            "end": row["end"],
            "before": row["before"],
            "after": row["after"],
            "kind": row["kind"],
        }
        for row in conn.execute(
            'SELECT start, "end", before, after, kind FROM repairs WHERE doc_id = ? ORDER BY start',
            (doc_id,),
        )
    ]
    return {
        "doc": {
            key: doc[key]
            for key in (
                "id",
                "name",
                "path",
                "format",
                "encoding",
                "sha256",
                "status",
                "reason",
                "title",
                "date",
            )
        },
        "segments": segments,
        "sentences": sentences,
        "repairs": repairs,
    }


def duplicate_links(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every near-duplicate link, with both sentences and their documents."""
    rows = conn.execute(
        """
        SELECT d.similarity, a.id AS a_id, a.text AS a_text, da.name AS a_doc,
               b.id AS b_id, b.text AS b_text, db.name AS b_doc
        FROM duplicates d
        JOIN sentences a ON a.id = d.sentence_id JOIN documents da ON da.id = a.doc_id
        JOIN sentences b ON b.id = d.other_id JOIN documents db ON db.id = b.doc_id
        ORDER BY a.id, b.id
        """
    ).fetchall()
    return [dict(row) for row in rows]
