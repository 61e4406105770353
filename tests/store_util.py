"""Comparing two models by content, independent of row ids."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def model_content(db: Path) -> dict[str, Any]:
    """Everything a build derives, keyed by (document path, position), not by row id."""
    conn = sqlite3.connect(db)
    try:
        docs = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT path, sha256, status, reason, format, text FROM documents ORDER BY path"
            )
        }
        segments = conn.execute(
            'SELECT d.path, s.seq, s.kind, s.start, s."end" FROM segments s '
            "JOIN documents d ON d.id = s.doc_id ORDER BY d.path, s.seq"
        ).fetchall()
        key = {
            row[0]: (row[1], row[2])
            for row in conn.execute(
                "SELECT s.id, d.path, s.seq FROM sentences s JOIN documents d ON d.id = s.doc_id"
            )
        }
        sentences = sorted(
            (key[row[0]], row[1], row[2], row[3], row[4], key.get(row[5]))
            for row in conn.execute(
                'SELECT id, kind, start, "end", text, duplicate_of FROM sentences'
            )
        )
        duplicates = sorted(
            (key[a], key[b], sim)
            for a, b, sim in conn.execute(
                "SELECT sentence_id, other_id, similarity FROM duplicates"
            )
        )
        repairs = conn.execute(
            'SELECT d.path, r.start, r."end", r.before, r.after FROM repairs r '
            "JOIN documents d ON d.id = r.doc_id ORDER BY d.path, r.start"
        ).fetchall()
        return {
            "documents": docs,
            "segments": segments,
            "sentences": sentences,
            "duplicates": duplicates,
            "repairs": repairs,
        }
    finally:
        conn.close()
