"""Evidence search (``realpolitik.search``): indexing and ``ask`` on a generated corpus.

    .venv/bin/python -m bench.bench_search [--docs 1000] [--queries 50] [--db MODEL]

Without ``--db``, documents from ``bench/generate.py`` are split into sentences and
stored in a fresh model (no extraction: the index finds actors with the registry),
so that the search is measured at a size a full build would take long to reach.
With ``--db``, an existing model is copied and used instead.

Each figure has its baseline from the same run:

* index: sentences/s of the first :func:`refresh_index` vs a bare FTS5 table
  (one column, same tokenizer) filled with the same texts;
* incremental: one new document's refresh vs the first full one;
* ask: median latency of :func:`ask` (lexical) vs a bare FTS5 ``MATCH`` of the same
  words, and with the ``embeddings`` extra when installed (its first ask embeds the
  corpus: sentences/s reported);
* size: bytes the index adds to the model vs the sentences table.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections import deque
from pathlib import Path

from bench.generate import document
from realpolitik.embeddings import available, load_embedder
from realpolitik.search import ask, refresh_index
from realpolitik.search.index import content_words
from realpolitik.store import connect, transaction

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def synthetic_model(db: Path, n_docs: int, seed: int = 1, first: int = 0) -> int:
    """Store ``n_docs`` generated documents as sentences; return how many sentences."""
    conn = connect(db, create=True)
    recent: deque[str] = deque(maxlen=32)
    total = 0
    try:
        with transaction(conn):
            for index in range(first, first + n_docs):
                _, text = document(index, seed, recent)
                doc_id = conn.execute(
                    "INSERT INTO documents (path, name, status, text, updated_at) "
                    "VALUES (?, ?, 'ok', ?, '2026-01-01')",
                    (f"/bench/doc_{index}.txt", f"doc_{index}.txt", text),
                ).lastrowid
                rows = []
                for seq, match in enumerate(_sentences(text)):
                    start, end, sentence = match
                    rows.append((doc_id, seq, "body", start, end, sentence))
                conn.executemany(
                    'INSERT INTO sentences (doc_id, seq, kind, start, "end", text) '
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
                total += len(rows)
    finally:
        conn.close()
    return total


def _sentences(text: str) -> list[tuple[int, int, str]]:
    out = []
    for para in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        pos = para.start()
        for piece in _SENTENCE.split(para.group()):
            start = text.index(piece, pos)
            folded = " ".join(piece.split())
            if len(folded.split()) >= 4 and "<" not in folded:
                out.append((start, start + len(piece), folded))
            pos = start + len(piece)
    return out


def _questions(conn: sqlite3.Connection, n: int, seed: int = 3) -> list[str]:
    """Questions made of a few content words of random stored sentences, shuffled."""
    rng = random.Random(seed)
    texts = [row[0] for row in conn.execute("SELECT text FROM sentences ORDER BY id")]
    questions = []
    for text in rng.sample(texts, min(n, len(texts))):
        words = content_words(text)
        rng.shuffle(words)
        questions.append("What about " + " ".join(words[:5]) + "?")
    return questions


def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--db", type=Path, default=None, help="an existing model (copied)")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="rp-search-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "model.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    if args.db:
        shutil.copy(args.db, db)
    else:
        synthetic_model(db, args.docs)
    conn = connect(db)
    n = int(conn.execute("SELECT COUNT(*) FROM sentences").fetchone()[0])
    texts = [row[0] for row in conn.execute("SELECT text FROM sentences")]
    print(f"model={db} sentences={n}")

    # index: our refresh vs a bare FTS5 table of the same texts
    start = time.perf_counter()
    stats = refresh_index(conn)
    ours = time.perf_counter() - start
    bare = sqlite3.connect(":memory:")
    start = time.perf_counter()
    bare.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='porter unicode61')")
    bare.executemany("INSERT INTO t (text) VALUES (?)", ((t,) for t in texts))
    baseline = time.perf_counter() - start
    print(
        f"index_sentences_per_s={stats.indexed / ours:.0f} bare_fts5_per_s={n / baseline:.0f} "
        f"ratio={ours / baseline:.2f}"
    )

    # incremental: one more document
    if not args.db:
        conn.close()
        synthetic_model(db, 1, first=args.docs)
        conn = connect(db)
        start = time.perf_counter()
        added = refresh_index(conn)
        seconds = time.perf_counter() - start
        print(
            f"incremental_sentences={added.indexed} incremental_s={seconds:.4f} "
            f"ratio_to_full={seconds / ours:.4f}"
        )

    # ask vs a bare MATCH of the same words
    questions = _questions(conn, args.queries)
    ask(conn, questions[0], embeddings="off")
    lexical = []
    raw = []
    for question in questions:
        start = time.perf_counter()
        ask(conn, question, k=10, embeddings="off")
        lexical.append(time.perf_counter() - start)
        words = " OR ".join(f'"{w}"' for w in content_words(question))
        start = time.perf_counter()
        bare.execute(
            "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10", (words,)
        ).fetchall()
        raw.append(time.perf_counter() - start)
    print(
        f"ask_lexical_median_ms={_median_ms(lexical):.2f} bare_match_median_ms={_median_ms(raw):.2f} "
        f"ratio={statistics.median(lexical) / statistics.median(raw):.1f}"
    )

    size = {
        row[0]: int(row[1])
        for row in conn.execute(
            "SELECT CASE WHEN name LIKE 'search%' THEN 'index' ELSE name END, SUM(pgsize) "
            "FROM dbstat GROUP BY 1"
        )
    }
    print(
        f"index_bytes={size.get('index', 0)} sentences_bytes={size.get('sentences', 0)} "
        f"ratio={size.get('index', 0) / max(size.get('sentences', 1), 1):.2f}"
    )

    if available():
        start = time.perf_counter()
        embedder = load_embedder("minilm")
        loaded = time.perf_counter() - start
        assert embedder is not None
        start = time.perf_counter()
        done = refresh_index(conn, embedder=embedder)
        seconds = time.perf_counter() - start
        print(
            f"model_load_s={loaded:.1f} embedded={done.embedded} "
            f"embed_sentences_per_s={done.embedded / max(seconds, 1e-9):.0f}"
        )
        hybrid = []
        for question in questions:
            start = time.perf_counter()
            ask(conn, question, k=10, embeddings=embedder)
            hybrid.append(time.perf_counter() - start)
        print(
            f"ask_hybrid_median_ms={_median_ms(hybrid):.1f} "
            f"ratio_to_lexical={statistics.median(hybrid) / statistics.median(lexical):.1f}"
        )
    else:
        print("embeddings: extra not installed, hybrid not measured")
    conn.close()


if __name__ == "__main__":
    main()
