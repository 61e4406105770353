"""Leave a built model ready to question: its search index filled, its causal map kept.

A build writes facts. Without this step the first ``ask`` indexes every sentence and the
first ``map``, ``scenario``, ``report`` or workbench page assembles the causal map, while
the analyst waits (at 1,000 documents, 41,000 sentences: 3.5 s of indexing, 0.9 s of
assembly, measured 5 Dec 2026).
``realpolitik build`` runs :func:`prepare_model` at its end; ``--no-prepare`` skips it
(a script adding documents one at a time to a large model). Nothing here changes a fact:
the index and the kept map are derived, and emptied again by any later change
(``search.index``, ``model.map_store``). Sentence vectors (the ``embeddings`` extra)
are not made here: ``ask`` makes the missing ones (see docs/search.md).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from realpolitik.store import connect


@dataclass
class PrepareReport:
    """What :func:`prepare_model` did."""

    indexed: int = 0  # sentences written to the search index
    map_assembled: bool = False  # the whole causal map was assembled and kept
    seconds: float = 0.0


def prepare_model(db: Path, *, console: Console | None = None) -> PrepareReport:
    """Index the sentences waiting for the search index and assemble and keep the
    causal map of all holders, where either is not already done (a model unchanged
    since the last call costs two queries)."""
    started = time.perf_counter()
    console = console or Console(stderr=True)
    report = PrepareReport()
    conn = connect(db)
    try:
        report.indexed = _index(conn, console)
        report.map_assembled = _keep_map(conn, console)
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _index(conn: sqlite3.Connection, console: Console) -> int:
    from realpolitik.search.index import pending, refresh_index

    waiting = pending(conn)
    if not waiting:
        return 0
    progress = Progress(
        TextColumn("[bold]indexing for search[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    with progress:
        task = progress.add_task("index", total=waiting)
        stats = refresh_index(conn, progress=lambda n: progress.advance(task, n))
    return stats.indexed


def _keep_map(conn: sqlite3.Connection, console: Console) -> bool:
    from realpolitik.model import map_store
    from realpolitik.model.causal_map import build_causal_map

    if map_store.is_kept(conn, None):
        return False
    with console.status("[bold]assembling the causal map[/]"):
        build_causal_map(conn)  # keeps what it assembles (model.map_store)
    # not kept if another writer held the model meanwhile: then the first consumer keeps it
    return map_store.is_kept(conn, None)
