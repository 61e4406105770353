"""The evidence-search index, kept inside the model's SQLite file.

Three parts, all keyed by sentence id (schema migration 4):

* ``search_fts`` — an FTS5 table (Porter stemming) with one row per sentence
  (``rowid`` = sentence id) and three columns: the sentence text, the actors it
  names (country-level codes, from the stored mentions, or from the actor registry
  where a model was built without extraction) and the issues its words name (keys of
  the causal-map lexicon, ``realpolitik/model/data/variables.yaml``: "THAAD",
  "anti-missile" and "missile defense" all give ``missile_defence``). A question
  is analysed the same way, so "Moscow" meets "Russia" through ``RUS`` and
  "anti-missile" meets "THAAD" through the issue key.
* ``search_vectors`` — one sentence vector per sentence and model (optional, see
  :mod:`realpolitik.embeddings`), with the hash of the text it was made from.
* ``search_queue`` — sentences to (re)index. Triggers fill it whenever a sentence is
  added or its text changes and whenever its mentions change, and drop a sentence's
  index rows when it is deleted (a rebuilt document deletes its old sentences). So
  :func:`refresh_index` only ever touches what changed, and sentence ids that SQLite
  reuses after a delete never meet stale index rows.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from realpolitik.embeddings import Embedder

#: Sentence kinds that get vectors (and that ``ask`` searches unless told otherwise):
#: the ones extraction reads.
EMBEDDED_KINDS = ("body", "heading")

_BATCH = 512


@dataclass(frozen=True)
class Analysis:
    """What a text is about, for the index: its words, actors and issues."""

    words: tuple[str, ...]  # lower-case content words (stopwords dropped)
    actors: tuple[str, ...]  # country-level actor codes
    issues: tuple[str, ...]  # issue keys of the causal-map lexicon


@dataclass(frozen=True)
class RefreshStats:
    """What one :func:`refresh_index` did."""

    indexed: int  # sentences (re)written to the full-text index
    removed: int  # queue entries whose sentence no longer exists
    embedded: int  # sentence vectors computed
    model: str | None  # the embedding model used, if any


# ---- text analysis ---------------------------------------------------------------------

_WORD = re.compile(r"[^\W_][\w'’\-.]*", re.UNICODE)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The query stopword list (``search/data/stopwords.txt``)."""
    text = resources.files("realpolitik.search").joinpath("data/stopwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def words(text: str) -> list[str]:
    """Lower-case word tokens, hyphenated compounds split, possessives dropped."""
    out: list[str] = []
    for match in _WORD.finditer(text.replace("’", "'")):
        token = match.group().strip("'.-")
        if token.lower().endswith("'s"):
            token = token[:-2]
        for part in re.split(r"[-–—]+", token):
            part = part.strip("'.").lower()
            if part:
                out.append(part)
    return out


def content_words(text: str) -> list[str]:
    stop = stopwords()
    return [w for w in words(text) if w not in stop and (len(w) > 1 or w.isdigit())]


_TOKEN = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=1)
def _actor_forms() -> tuple[dict[tuple[str, ...], str], dict[str, tuple[int, ...]]]:
    """Every actor surface form of the registry and leaders' names, as token tuples
    (case-sensitive), with the lengths of the forms that start with each token."""
    from realpolitik.actors.registry import iter_actor_forms, load_registry
    from realpolitik.model.variables import country_level

    registry = load_registry()
    forms: dict[tuple[str, ...], str] = {}

    def add(form: str, code: str) -> None:
        key = tuple(_TOKEN.findall(form))
        if key and len(form) >= 2:
            forms.setdefault(key, code)

    for form, entry in iter_actor_forms(registry):
        add(form, country_level(entry.code))
    for form, leaders in registry.leader_forms.items():
        countries = {leader.country for leader in leaders}
        if len(countries) == 1 and len(form) >= 3:
            add(form, countries.pop())
    for form, code in registry.combining.items():
        add(form, country_level(code))
    lengths: dict[str, set[int]] = {}
    for key in forms:
        lengths.setdefault(key[0], set()).add(len(key))
    return forms, {first: tuple(sorted(n, reverse=True)) for first, n in lengths.items()}


def text_actors(text: str) -> list[str]:
    """Country-level actor codes named in plain text, by the registry's (case-sensitive)
    forms, longest first ("Japan-Russia", "U.S.-Japan", "Sino-Russian" give both)."""
    forms, lengths = _actor_forms()
    toks = _TOKEN.findall(text.replace("’", "'"))
    codes: list[str] = []
    i = 0
    while i < len(toks):
        for n in lengths.get(toks[i], ()):
            code = forms.get(tuple(toks[i : i + n]))
            if code is not None:
                if code not in codes:
                    codes.append(code)
                i += n
                break
        else:
            i += 1
    return codes


def text_issues(text: str) -> list[str]:
    """Issue keys whose phrases occur in ``text`` (longest phrase first)."""
    from realpolitik.model.variables import lexicon, tokens

    lex = lexicon()
    toks = tokens(text)
    found: list[str] = []
    i = 0
    while i < len(toks):
        for n in range(min(lex.max_len, len(toks) - i), 0, -1):
            key = lex.phrases.get(tuple(toks[i : i + n]))
            if key is not None:
                if key not in found:
                    found.append(key)
                i += n
                break
        else:
            i += 1
    return found


def text_directions(text: str) -> list[str]:
    """``up`` and/or ``down`` where the text has a direction word of the lexicon
    ("strengthen", "closer" / "harmful", "undermine"): a coarse synonym class."""
    from realpolitik.model.variables import lexicon, tokens

    lex = lexicon()
    toks = set(tokens(text))
    return [name for name, vocab in (("up", lex.increase), ("down", lex.decrease)) if toks & vocab]


def analyse(text: str, actors: Iterable[str] | None = None) -> Analysis:
    """A text's words, actors (``actors`` when given, else found by the registry) and issues
    (with the direction classes ``up``/``down``)."""
    codes = list(dict.fromkeys(actors)) if actors is not None else text_actors(text)
    issues = text_issues(text) + text_directions(text)
    return Analysis(tuple(content_words(text)), tuple(codes), tuple(issues))


def issue_token(key: str) -> str:
    """An issue key as one index token (``missile_defence`` → ``issuemissiledefence``)."""
    return "issue" + re.sub(r"[^a-z0-9]", "", key.lower())


def actor_token(code: str) -> str:
    return "actor" + code.lower()


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# ---- refreshing ----------------------------------------------------------------------


def pending(conn: sqlite3.Connection) -> int:
    """How many sentences wait to be (re)indexed."""
    return int(conn.execute("SELECT COUNT(*) FROM search_queue").fetchone()[0])


def refresh_index(
    conn: sqlite3.Connection,
    *,
    embedder: Embedder | None = None,
    progress: Callable[[int], object] | None = None,
) -> RefreshStats:
    """Index what changed since the last refresh; with ``embedder``, add missing vectors.
    ``progress`` is called with the number of queued sentences each batch took.

    Safe to call at any time and idempotent: the queue is filled by triggers, so a
    refresh after a build touches only the sentences that build added or changed.
    Vectors are keyed by sentence id, model and text hash: a sentence whose text is
    unchanged keeps its vector, one whose text changed gets a new one.
    """
    from realpolitik.store import transaction

    indexed = removed = 0
    while True:
        ids = [
            int(row[0])
            for row in conn.execute(
                "SELECT sentence_id FROM search_queue ORDER BY sentence_id LIMIT ?", (_BATCH,)
            )
        ]
        if not ids:
            break
        with transaction(conn):
            done, gone = _index_batch(conn, ids)
        indexed += done
        removed += gone
        if progress is not None:
            progress(len(ids))
    embedded = 0
    if embedder is not None:
        embedded = embed_missing(conn, embedder)
    return RefreshStats(indexed, removed, embedded, embedder.name if embedder else None)


def _index_batch(conn: sqlite3.Connection, ids: Sequence[int]) -> tuple[int, int]:
    marks = ",".join("?" * len(ids))
    kinds = ",".join(f"'{k}'" for k in EMBEDDED_KINDS)
    rows = conn.execute(
        f"""
        SELECT s.id, s.text, p.id AS prev_id, p.text AS prev_text
        FROM sentences s LEFT JOIN sentences p ON p.id = (
            SELECT q.id FROM sentences q WHERE q.doc_id = s.doc_id AND q.seq < s.seq
              AND q.kind IN ({kinds}) ORDER BY q.seq DESC LIMIT 1)
        WHERE s.id IN ({marks})
        """,
        ids,
    ).fetchall()
    wanted = list(ids) + [int(r["prev_id"]) for r in rows if r["prev_id"] is not None]
    codes = _actors_of(
        conn,
        {int(r["id"]): str(r["text"]) for r in rows}
        | {int(r["prev_id"]): str(r["prev_text"]) for r in rows if r["prev_id"] is not None},
        wanted,
    )
    conn.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)
    records = []
    for row in rows:
        sid, text = int(row["id"]), str(row["text"])
        found = analyse(text, codes[sid])
        context = ""
        if row["prev_id"] is not None:
            prev_actors = codes[int(row["prev_id"])]
            context = " ".join([str(row["prev_text"]), *(actor_token(c) for c in prev_actors)])
        records.append(
            (
                sid,
                text,
                context,
                " ".join(actor_token(c) for c in found.actors),
                " ".join(issue_token(i) for i in found.issues),
            )
        )
    conn.executemany(
        "INSERT INTO search_fts (rowid, text, context, actors, issues) VALUES (?, ?, ?, ?, ?)",
        records,
    )
    # a vector made from an earlier text of the sentence goes (it is made again lazily)
    for row in rows:
        conn.execute(
            "DELETE FROM search_vectors WHERE sentence_id = ? AND text_hash != ?",
            (int(row["id"]), text_hash(str(row["text"]))),
        )
    conn.execute(f"DELETE FROM search_queue WHERE sentence_id IN ({marks})", ids)
    return len(records), len(ids) - len(records)


def _actors_of(
    conn: sqlite3.Connection, texts: dict[int, str], ids: Sequence[int]
) -> dict[int, list[str]]:
    """Country-level actor codes of each sentence: its stored mentions where extraction
    ran on it (it has a ``sentence_facts`` row), else the registry's forms in its text."""
    from realpolitik.model.variables import country_level

    mentioned: dict[int, list[str]] = {sid: [] for sid in texts}
    marks = ",".join("?" * len(ids))
    extracted = {
        int(row[0])
        for row in conn.execute(
            f"SELECT sentence_id FROM sentence_facts WHERE sentence_id IN ({marks})", list(ids)
        )
    }
    for sid, code, kind in conn.execute(
        f"SELECT sentence_id, code, kind FROM mentions WHERE sentence_id IN ({marks}) ORDER BY id",
        list(ids),
    ):
        if kind == "actor" and code and int(sid) in mentioned:
            mentioned[int(sid)].append(country_level(str(code)))
    return {
        sid: list(dict.fromkeys(mentioned[sid])) if sid in extracted else text_actors(text)
        for sid, text in texts.items()
    }


_MISSING_VECTORS = f"""
    FROM sentences s LEFT JOIN search_vectors v ON v.sentence_id = s.id AND v.model = ?
    WHERE s.kind IN ({",".join("?" * len(EMBEDDED_KINDS))}) AND s.duplicate_of IS NULL
      AND v.sentence_id IS NULL
"""


def missing_vectors(conn: sqlite3.Connection, model: str) -> int:
    """How many searchable sentences lack a vector of the embedding ``model``."""
    return int(
        conn.execute(f"SELECT COUNT(*) {_MISSING_VECTORS}", (model, *EMBEDDED_KINDS)).fetchone()[0]
    )


def embed_missing(
    conn: sqlite3.Connection,
    embedder: Embedder,
    *,
    batch: int = 256,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Compute the vectors ``embedder`` lacks for searchable sentences; return how many.
    ``progress`` is called with the number of sentences each batch embedded."""
    from realpolitik.store import transaction

    rows = conn.execute(
        f"SELECT s.id, s.text {_MISSING_VECTORS}", (embedder.name, *EMBEDDED_KINDS)
    ).fetchall()
    todo = [(int(sid), str(text)) for sid, text in rows]
    count = 0
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        vectors = embedder.encode([text for _, text in chunk])
        with transaction(conn):
            conn.executemany(
                "INSERT OR REPLACE INTO search_vectors (sentence_id, model, text_hash, vector) "
                "VALUES (?, ?, ?, ?)",
                [
                    (sid, embedder.name, text_hash(text), vectors[i].astype("<f2").tobytes())
                    for i, (sid, text) in enumerate(chunk)
                ],
            )
        count += len(chunk)
        if progress is not None:
            progress(len(chunk))
    return count


def rebuild_index(conn: sqlite3.Connection, *, embedder: Embedder | None = None) -> RefreshStats:
    """Drop the whole index and make it again (for a damaged index; never needed otherwise)."""
    from realpolitik.store import transaction

    with transaction(conn):
        conn.execute("DELETE FROM search_fts")
        conn.execute("DELETE FROM search_vectors")
        conn.execute("INSERT OR IGNORE INTO search_queue (sentence_id) SELECT id FROM sentences")
    return refresh_index(conn, embedder=embedder)
