"""Leave a built model ready to question: its search index filled, its causal map kept.

A build writes facts. Without this step the first ``ask`` indexes every sentence and the
first ``map``, ``scenario``, ``report`` or workbench page assembles the causal map, while
the analyst waits (at 1,000 documents, 41,000 sentences: 3.5 s of indexing, 0.9 s of
assembly, measured 5 Dec 2026).
``realpolitik build`` runs :func:`prepare_model` at its end; ``--no-prepare`` skips it
(a script adding documents one at a time to a large model). Nothing here changes a fact:
the index and the kept map are derived, and emptied again by any later change
(``search.index``, ``model.map_store``). Sentence vectors (the ``embeddings`` extra)
are made here only when asked (``build --embed``: minutes at 1,000 documents); else
the first ``ask`` makes them, with the same progress bar (see docs/search.md).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from realpolitik.store import connect

if TYPE_CHECKING:
    from realpolitik.embeddings import Embedder


@dataclass
class PrepareReport:
    """What :func:`prepare_model` did."""

    indexed: int = 0  # sentences written to the search index
    embedded: int = 0  # sentence vectors made (with ``embedder``)
    map_assembled: bool = False  # the whole causal map was assembled and kept
    seconds: float = 0.0


def prepare_model(
    db: Path, *, console: Console | None = None, embedder: Embedder | None = None
) -> PrepareReport:
    """Index the sentences waiting for the search index (and, with ``embedder``, make
    the sentence vectors it lacks) and assemble and keep the causal map of all holders,
    where either is not already done (a model unchanged since the last call costs a few
    queries)."""
    started = time.perf_counter()
    console = console or Console(stderr=True)
    report = PrepareReport()
    conn = connect(db)
    try:
        report.indexed, report.embedded = index_for_search(conn, console, embedder)
        report.map_assembled = _keep_map(conn, console)
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def index_for_search(
    conn: sqlite3.Connection, console: Console, embedder: Embedder | None = None
) -> tuple[int, int]:
    """Bring the search index up to date, with a progress bar (and, with ``embedder``,
    the sentence vectors: minutes for a large model, once); (indexed, embedded)."""
    from realpolitik.search.index import embed_missing, missing_vectors, pending, refresh_index

    indexed = embedded = 0
    waiting = pending(conn)
    if waiting:
        with _bar("indexing for search", waiting, console) as (progress, task):
            indexed = refresh_index(conn, progress=lambda n: progress.advance(task, n)).indexed
    if embedder is not None and (missing := missing_vectors(conn, embedder.name)):
        with _bar(f"embedding sentences ({embedder.name})", missing, console) as (progress, task):
            embedded = embed_missing(conn, embedder, progress=lambda n: progress.advance(task, n))
    return indexed, embedded


@contextmanager
def _bar(what: str, total: int, console: Console) -> Iterator[tuple[Progress, TaskID]]:
    progress = Progress(
        TextColumn(f"[bold]{what}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    with progress:
        yield progress, progress.add_task(what, total=total)


def _keep_map(conn: sqlite3.Connection, console: Console) -> bool:
    from realpolitik.model import map_store
    from realpolitik.model.causal_map import build_causal_map

    if map_store.is_kept(conn, None):
        return False
    with console.status("[bold]assembling the causal map[/]"):
        build_causal_map(conn)  # keeps what it assembles (model.map_store)
    # not kept if another writer held the model meanwhile: then the first consumer keeps it
    return map_store.is_kept(conn, None)
