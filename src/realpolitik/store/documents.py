"""Repository functions for documents and what ingest derives from them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from realpolitik.ingest.dedupe import fingerprint, similarity
from realpolitik.records import EXTRACTED_KINDS, ProcessedDocument


@dataclass(frozen=True)
class StoredFile:
    """What the store remembers of a file, to decide whether to read it again."""

    id: int
    path: str
    sha256: str | None
    size: int | None
    mtime: float | None
    status: str
    reason: str | None


@dataclass(frozen=True)
class WriteStats:
    sentences: int
    duplicates: int
    sentence_ids: dict[int, int]  # seq -> row id


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stored_files(conn: sqlite3.Connection) -> dict[str, StoredFile]:
    """Every document the store knows, by path."""
    rows = conn.execute(
        "SELECT id, path, sha256, size, mtime, status, reason FROM documents"
    ).fetchall()
    return {row["path"]: StoredFile(*row) for row in rows}


def write_document(
    conn: sqlite3.Connection, processed: ProcessedDocument, *, mtime: float, run_id: int
) -> WriteStats:
    """Store a processed document, replacing any earlier version of the file.

    Call inside a transaction: a document lands whole or not at all.
    """
    raw = processed.raw
    doc_id = _upsert_document(
        conn,
        raw.path,
        format=raw.format,
        encoding=raw.encoding,
        sha256=raw.sha256,
        size=raw.size,
        mtime=mtime,
        status="ok",
        reason=None,
        title=raw.title,
        date=raw.date,
        text=raw.text,
        build_run_id=run_id,
    )
    conn.executemany(
        'INSERT INTO segments (doc_id, seq, kind, start, "end") VALUES (?, ?, ?, ?, ?)',
        [(doc_id, seq, s.kind, s.start, s.end) for seq, s in enumerate(processed.segments)],
    )
    conn.executemany(
        'INSERT INTO repairs (doc_id, start, "end", before, after, kind) VALUES (?, ?, ?, ?, ?, ?)',
        [(doc_id, r.start, r.end, r.before, r.after, r.kind) for r in processed.repairs],
    )
    sentence_ids = []
    for sentence in processed.sentences:
        cursor = conn.execute(
            'INSERT INTO sentences (doc_id, seq, kind, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)',
            (doc_id, sentence.seq, sentence.kind, sentence.start, sentence.end, sentence.text),
        )
        sentence_ids.append(int(cursor.lastrowid or 0))
    duplicates = _link_duplicates(conn, doc_id, processed, sentence_ids)
    return WriteStats(
        sentences=len(sentence_ids),
        duplicates=duplicates,
        sentence_ids={s.seq: sid for s, sid in zip(processed.sentences, sentence_ids, strict=True)},
    )


def write_failure(
    conn: sqlite3.Connection,
    path: str,
    reason: str,
    *,
    sha256: str | None,
    size: int | None,
    mtime: float | None,
    run_id: int,
) -> None:
    """Record a file that could not be read, dropping what an earlier version gave."""
    _upsert_document(
        conn,
        path,
        sha256=sha256,
        size=size,
        mtime=mtime,
        status="failed",
        reason=reason,
        text=None,
        build_run_id=run_id,
    )


def mark_removed(conn: sqlite3.Connection, path: str, *, run_id: int) -> None:
    """A file gone from the corpus: keep its row, drop what it contributed."""
    _upsert_document(
        conn,
        path,
        status="removed",
        reason="file no longer in the corpus",
        text=None,
        build_run_id=run_id,
    )


def _upsert_document(conn: sqlite3.Connection, path: str, **fields: Any) -> int:
    row = conn.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
    fields = {**fields, "updated_at": now()}
    if row is None:
        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        columns = ["path", "name", *fields]
        cursor = conn.execute(
            f"INSERT INTO documents ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            (path, name, *fields.values()),
        )
        return int(cursor.lastrowid or 0)
    doc_id = int(row["id"])
    _drop_derived(conn, doc_id)
    assignments = ", ".join(f"{column} = ?" for column in fields)
    conn.execute(f"UPDATE documents SET {assignments} WHERE id = ?", (*fields.values(), doc_id))
    return doc_id


def _drop_derived(conn: sqlite3.Connection, doc_id: int) -> None:
    """Delete a document's segments, sentences and links; re-elect canonical copies."""
    orphans = [
        int(row[0])
        for row in conn.execute(
            "SELECT s.id FROM sentences s JOIN sentences o ON o.id = s.duplicate_of "
            "WHERE o.doc_id = ? AND s.doc_id != ?",
            (doc_id, doc_id),
        )
    ]
    for table in ("passages", "repairs", "segments"):
        conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM passages WHERE other_doc_id = ?", (doc_id,))
    conn.execute("DELETE FROM sentences WHERE doc_id = ?", (doc_id,))
    for sentence_id in _elect_canonical(conn, orphans):
        # It repeated a sentence that is gone; it now stands for itself, so index it.
        text = conn.execute("SELECT text FROM sentences WHERE id = ?", (sentence_id,)).fetchone()[0]
        found = fingerprint(text)
        if found is not None:
            _index_bands(conn, sentence_id, found.bands)


def _link_duplicates(
    conn: sqlite3.Connection,
    doc_id: int,
    processed: ProcessedDocument,
    sentence_ids: Sequence[int],
) -> int:
    """Link each new sentence to the near-duplicates already stored (and earlier in it).

    Extracted kinds go first, so that a body sentence, not its pull-quote copy
    placed above it, becomes the canonical one.
    """
    order = sorted(
        range(len(sentence_ids)),
        key=lambda i: (processed.sentences[i].kind not in EXTRACTED_KINDS, i),
    )
    links = 0
    for i in order:
        bands = processed.sentence_bands[i] if i < len(processed.sentence_bands) else ()
        if not bands:
            continue
        sentence_id = sentence_ids[i]
        candidates = _candidates(conn, bands, exclude=sentence_id)
        text = processed.sentences[i].text
        found = []
        for other_id, other_text in candidates:
            score = similarity(text, other_text)
            if score > 0:
                found.append((other_id, score))
        conn.executemany(
            "INSERT OR IGNORE INTO duplicates (sentence_id, other_id, similarity) VALUES (?, ?, ?)",
            [(sentence_id, other_id, score) for other_id, score in found],
        )
        canonical = True
        if found:
            links += len(found)
            canonical = _elect_canonical(conn, [sentence_id]) == [sentence_id]
        if canonical:
            # Only canonical sentences are indexed: a sentence repeated a thousand
            # times (boilerplate, a wire story reprinted) fills one bucket entry, and
            # new copies find it through that one.
            _index_bands(conn, sentence_id, bands)
    _record_passages(conn, doc_id, sentence_ids)
    return links


def _index_bands(conn: sqlite3.Connection, sentence_id: int, bands: Iterable[int]) -> None:
    conn.executemany(
        "INSERT INTO sentence_bands (key, sentence_id) VALUES (?, ?)",
        [(key, sentence_id) for key in bands],
    )


#: Candidates compared per sentence at most: bounds the work of a sentence whose
#: words are everywhere (the earliest, canonical ones are kept).
MAX_CANDIDATES = 200


def _candidates(
    conn: sqlite3.Connection, bands: Iterable[int], *, exclude: int
) -> list[tuple[int, str]]:
    keys = list(bands)
    rows = conn.execute(
        f"SELECT DISTINCT s.id, s.text FROM sentence_bands b JOIN sentences s ON s.id = b.sentence_id "
        f"WHERE b.key IN ({', '.join('?' * len(keys))}) AND s.id != ? ORDER BY s.id LIMIT ?",
        (*keys, exclude, MAX_CANDIDATES),
    ).fetchall()
    return [(int(row[0]), str(row[1])) for row in rows]


def _elect_canonical(conn: sqlite3.Connection, sentence_ids: Iterable[int]) -> list[int]:
    """Set ``duplicate_of`` of each sentence from its links; return those left canonical.

    A sentence repeats the earliest stored sentence it is linked to, provided that
    one is canonical itself and no less extractable (a body sentence never points
    to a footnote or a pull quote: it would then be skipped by extraction).
    """
    canonical = []
    for sentence_id in sentence_ids:
        row = conn.execute(
            "SELECT kind, text FROM sentences WHERE id = ?", (sentence_id,)
        ).fetchone()
        if row is None:
            continue
        extracted = row["kind"] in EXTRACTED_KINDS
        best = None
        for other in conn.execute(
            "SELECT s.id, s.kind, s.duplicate_of FROM duplicates d JOIN sentences s ON s.id = d.other_id "
            "WHERE d.sentence_id = ? UNION "
            "SELECT s.id, s.kind, s.duplicate_of FROM duplicates d JOIN sentences s ON s.id = d.sentence_id "
            "WHERE d.other_id = ? ORDER BY 1",
            (sentence_id, sentence_id),
        ):
            if other["duplicate_of"] is not None or other["id"] == sentence_id:
                continue
            if extracted and other["kind"] not in EXTRACTED_KINDS:
                continue
            best = int(other["id"])
            break
        conn.execute("UPDATE sentences SET duplicate_of = ? WHERE id = ?", (best, sentence_id))
        if best is None:
            canonical.append(sentence_id)
    return canonical


def _record_passages(conn: sqlite3.Connection, doc_id: int, sentence_ids: Sequence[int]) -> None:
    """Group runs of consecutive sentences that repeat one other document: passages."""
    if not sentence_ids:
        return
    rows = conn.execute(
        "SELECT s.id, s.seq, o.doc_id AS other_doc FROM duplicates d "
        "JOIN sentences s ON s.id = d.sentence_id JOIN sentences o ON o.id = d.other_id "
        "WHERE s.doc_id = ? ORDER BY o.doc_id, s.seq",
        (doc_id,),
    ).fetchall()
    runs: dict[int, list[tuple[int, int]]] = {}
    for row in rows:
        runs.setdefault(int(row["other_doc"]), []).append((int(row["seq"]), int(row["id"])))
    for other_doc, members in runs.items():
        members = sorted(set(members))
        start = 0
        for index in range(1, len(members) + 1):
            # A gap of one sentence (a reworded or dropped one) does not break a passage.
            if index == len(members) or members[index][0] - members[index - 1][0] > 2:
                run = members[start:index]
                if len(run) >= 2:
                    conn.execute(
                        "INSERT INTO passages (doc_id, first_sentence, last_sentence, other_doc_id, sentences) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (doc_id, run[0][1], run[-1][1], other_doc, len(run)),
                    )
                start = index
