"""Schema migrations, applied in order. Migration N brings the store to version N.

Never edit a migration that has shipped: add a new one. Each runs in one
transaction together with the version bump, so a store is always at a
well-defined version, even after a crash.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: documents, segments, sentences, repairs, duplicates, build runs.
    """
    CREATE TABLE build_runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL DEFAULT 'running',   -- running | done | interrupted
        roots TEXT NOT NULL,                      -- JSON list of paths given
        files_seen INTEGER NOT NULL DEFAULT 0,
        files_read INTEGER NOT NULL DEFAULT 0,
        files_skipped INTEGER NOT NULL DEFAULT 0,
        files_failed INTEGER NOT NULL DEFAULT 0,
        files_removed INTEGER NOT NULL DEFAULT 0,
        sentences INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,                -- absolute, resolved
        name TEXT NOT NULL,                       -- file name, for display and lookup
        format TEXT,
        encoding TEXT,
        sha256 TEXT,
        size INTEGER,
        mtime REAL,
        status TEXT NOT NULL,                     -- ok | failed | removed
        reason TEXT,                              -- why it failed
        title TEXT,
        date TEXT,
        text TEXT,                                -- the text every offset indexes
        build_run_id INTEGER REFERENCES build_runs(id),
        updated_at TEXT NOT NULL
    );
    CREATE INDEX documents_name ON documents(name);
    CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL
    );
    CREATE INDEX segments_doc ON segments(doc_id, seq);
    CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,                       -- repaired, white space folded
        duplicate_of INTEGER REFERENCES sentences(id) ON DELETE SET NULL
    );
    CREATE INDEX sentences_doc ON sentences(doc_id, seq);
    CREATE INDEX sentences_duplicate_of ON sentences(duplicate_of);
    CREATE TABLE repairs (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        kind TEXT NOT NULL
    );
    CREATE INDEX repairs_doc ON repairs(doc_id);
    -- Every near-duplicate link found, both kept: sentence_id repeats other_id.
    CREATE TABLE duplicates (
        sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        other_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        similarity REAL NOT NULL,
        PRIMARY KEY (sentence_id, other_id)
    );
    CREATE INDEX duplicates_other ON duplicates(other_id);
    -- Runs of consecutive duplicate sentences: a passage restated elsewhere.
    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        first_sentence INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        last_sentence INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        other_doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        sentences INTEGER NOT NULL
    );
    -- MinHash LSH bands of each sentence, for near-duplicate candidates.
    CREATE TABLE sentence_bands (
        key INTEGER NOT NULL,
        sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE
    );
    CREATE INDEX sentence_bands_key ON sentence_bands(key);
    CREATE INDEX sentence_bands_sentence ON sentence_bands(sentence_id);
    """,
]
