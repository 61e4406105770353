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
    # 2: what extraction finds in each sentence, every row tied to its sentence.
    """
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,                   -- offsets into the sentence text
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        code TEXT,                                -- NULL for unresolved candidates
        kind TEXT NOT NULL,                       -- actor | location | unresolved
        via TEXT NOT NULL,
        confidence REAL NOT NULL
    );
    CREATE INDEX mentions_sentence ON mentions(sentence_id);
    CREATE INDEX mentions_code ON mentions(code);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        plover TEXT,
        plover_mode TEXT,
        cameo TEXT NOT NULL,
        cameo_root TEXT NOT NULL,
        intensity REAL NOT NULL,
        modality TEXT NOT NULL,
        negated INTEGER NOT NULL,
        instrument TEXT NOT NULL,
        power TEXT NOT NULL,
        trigger TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        date TEXT,
        confidence REAL NOT NULL
    );
    CREATE INDEX events_sentence ON events(sentence_id);
    CREATE INDEX events_pair ON events(source, target);
    CREATE TABLE relations (
        id INTEGER PRIMARY KEY,
        sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        type TEXT NOT NULL,                       -- alliance | partnership | rivalry | dispute | ...
        object TEXT,                              -- what a dispute is over
        polarity INTEGER NOT NULL,                -- -1, 0, +1
        trend TEXT,                               -- improving | worsening | stable | NULL
        instrument TEXT,
        power TEXT,
        cue TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        date TEXT,
        confidence REAL NOT NULL
    );
    CREATE INDEX relations_sentence ON relations(sentence_id);
    CREATE INDEX relations_pair ON relations(source, target);
    CREATE TABLE perspectives (
        id INTEGER PRIMARY KEY,
        sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        holder TEXT NOT NULL,                     -- an actor code or AUTHOR
        target TEXT,
        issue TEXT,
        stance REAL NOT NULL,
        negated INTEGER NOT NULL,
        cue TEXT NOT NULL,
        cue_start INTEGER NOT NULL,
        cue_end INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        confidence REAL NOT NULL
    );
    CREATE INDEX perspectives_sentence ON perspectives(sentence_id);
    CREATE INDEX perspectives_holder ON perspectives(holder);
    CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        cause TEXT NOT NULL,
        cause_start INTEGER NOT NULL,
        cause_end INTEGER NOT NULL,
        effect TEXT NOT NULL,
        effect_start INTEGER NOT NULL,
        effect_end INTEGER NOT NULL,
        signal TEXT NOT NULL,
        sign TEXT NOT NULL,
        modality TEXT NOT NULL,
        conditional INTEGER NOT NULL,
        holder TEXT NOT NULL,
        pattern TEXT NOT NULL,
        confidence REAL NOT NULL
    );
    CREATE INDEX claims_sentence ON claims(sentence_id);
    -- Per-sentence flags from extraction (the causal-sentence classifier's verdict).
    CREATE TABLE sentence_facts (
        sentence_id INTEGER PRIMARY KEY REFERENCES sentences(id) ON DELETE CASCADE,
        causal REAL,                              -- probability the sentence is causal
        date TEXT                                 -- the date the sentence speaks of, if any
    );
    """,
    # 3: settings a model was built with (the actor file, extraction on or off), so that
    # a build with other settings re-reads what they change.
    """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 4: the evidence-search index (realpolitik.search): a full-text index of every
    # sentence (its text, the sentence before it, the actors and issues it names) and sentence
    # vectors, both keyed by sentence id. Triggers queue a sentence whenever it or its
    # mentions change, and drop its index rows when it goes; `ask` indexes the queue.
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(
        text, context, actors, issues, tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TABLE search_queue (
        sentence_id INTEGER PRIMARY KEY
    );
    CREATE TABLE search_vectors (
        sentence_id INTEGER PRIMARY KEY REFERENCES sentences(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        vector BLOB NOT NULL
    );
    CREATE INDEX search_vectors_model ON search_vectors(model);
    CREATE TRIGGER search_sentence_added AFTER INSERT ON sentences BEGIN
        INSERT OR IGNORE INTO search_queue (sentence_id) VALUES (new.id);
    END;
    CREATE TRIGGER search_sentence_changed AFTER UPDATE OF text, kind ON sentences BEGIN
        INSERT OR IGNORE INTO search_queue (sentence_id) VALUES (new.id);
    END;
    CREATE TRIGGER search_sentence_removed AFTER DELETE ON sentences BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
        DELETE FROM search_vectors WHERE sentence_id = old.id;
        DELETE FROM search_queue WHERE sentence_id = old.id;
    END;
    CREATE TRIGGER search_mention_added AFTER INSERT ON mentions BEGIN
        INSERT OR IGNORE INTO search_queue (sentence_id) VALUES (new.sentence_id);
    END;
    CREATE TRIGGER search_mention_removed AFTER DELETE ON mentions BEGIN
        INSERT OR IGNORE INTO search_queue (sentence_id) VALUES (old.sentence_id);
    END;
    INSERT INTO search_queue (sentence_id) SELECT id FROM sentences;
    """,
    # 5: the assembled causal map, kept so that it is assembled once per model state
    # (realpolitik.model.map_store). Any change to a table the assembly reads empties it
    # in the same transaction; the WHEN clause keeps that to one cheap check per row
    # while the cache is empty, as it is throughout a build.
    """
    CREATE TABLE map_cache (
        holder TEXT PRIMARY KEY,                  -- '' for the whole map
        fingerprint TEXT NOT NULL,                -- version of the assembly that made it
        data BLOB NOT NULL                        -- zlib-compressed JSON
    );
    CREATE TRIGGER map_cache_documents_insert AFTER INSERT ON documents
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_documents_update AFTER UPDATE ON documents
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_documents_delete AFTER DELETE ON documents
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_sentences_insert AFTER INSERT ON sentences
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_sentences_update AFTER UPDATE ON sentences
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_sentences_delete AFTER DELETE ON sentences
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_mentions_insert AFTER INSERT ON mentions
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_mentions_update AFTER UPDATE ON mentions
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_mentions_delete AFTER DELETE ON mentions
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_claims_insert AFTER INSERT ON claims
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_claims_update AFTER UPDATE ON claims
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_claims_delete AFTER DELETE ON claims
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_perspectives_insert AFTER INSERT ON perspectives
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_perspectives_update AFTER UPDATE ON perspectives
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_perspectives_delete AFTER DELETE ON perspectives
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_relations_insert AFTER INSERT ON relations
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_relations_update AFTER UPDATE ON relations
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    CREATE TRIGGER map_cache_relations_delete AFTER DELETE ON relations
    WHEN EXISTS (SELECT 1 FROM map_cache) BEGIN DELETE FROM map_cache; END;
    """,
    # 6: the facts of one actor, found by index from either side: a dyad or actor page
    # asks for the rows whose source or target (holder or target) starts with a code,
    # and without an index on the target SQLite read every sentence to find them.
    """
    CREATE INDEX events_target ON events(target);
    CREATE INDEX relations_target ON relations(target);
    CREATE INDEX perspectives_target ON perspectives(target);
    """,
    # 7: embeddings of the causal map's phrases (realpolitik.model.similar), by model and
    # text: a cache, so that assembling a map embeds only the wordings it has not seen.
    # Nothing depends on it being full; no trigger touches it.
    """
    CREATE TABLE phrase_vectors (
        model TEXT NOT NULL,
        text TEXT NOT NULL,
        vector BLOB NOT NULL,                     -- float32, unit length
        PRIMARY KEY (model, text)
    ) WITHOUT ROWID;
    """,
]
