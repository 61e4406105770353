"""`realpolitik build`: bring a model up to date with the files of a corpus.

Each document is processed by a pure function (:func:`process_path`, or
:func:`process_paths` for a group of files sharing one spaCy pass), possibly
in worker processes, and written to the store in corpus order, a batch of whole
documents a transaction (about a second of processing). A build killed at any
moment therefore leaves a consistent store holding whole documents; the next build
skips those and completes the rest, to the same result as an uninterrupted build.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from realpolitik.engine.discover import CorpusFile, plan_build
from realpolitik.engine.stages import BuildSettings, Result, process_paths
from realpolitik.records import ReadFailure
from realpolitik.store import connect, transaction
from realpolitik.store import documents as store_documents
from realpolitik.store.facts import write_facts

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
ENGINES = ("local", "dask")


@dataclass
class BuildReport:
    """What a build did, for the summary printed at its end."""

    db: Path
    read: int = 0
    skipped: int = 0
    removed: int = 0
    sentences: int = 0
    duplicates: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    still_failing: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return len(self.failures)


#: Tasks in flight a worker in a process pool: enough to keep workers busy, few
#: enough that results never pile up in memory when the writer is slower than them.
POOL_WINDOW_PER_WORKER = 2
#: Files a pool task reads with one spaCy pass: fewer than in one process, so that
#: at the end of a corpus no worker waits long for the last task of another.
POOL_GROUP_DOCUMENTS = 4
#: Files a single-process build reads before one spaCy pass over all their sentences
#: (:func:`process_paths`): spaCy's batches stay full across short documents, which
#: saved ~2.5 % of a 200-document build; more files a group gained nothing further.
GROUP_DOCUMENTS = 16
#: Processed documents are written in batches, one transaction each: a commit costs
#: milliseconds (WAL pages, checkpoints), as much as the rest of a small document's
#: write. A batch closes after this many seconds of processing, or this many
#: documents, so a kill loses at most that much work and holds few in memory.
COMMIT_SECONDS = 1.0
COMMIT_MAX_DOCUMENTS = 64


def run_build(
    roots: list[Path],
    db: Path,
    *,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    console: Console | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    settings: BuildSettings | None = None,
) -> BuildReport:
    """Build or update the model at ``db`` from the files under ``roots``.

    ``engine="local"`` runs the per-document stages in this process, or in a pool
    of ``workers`` processes; ``engine="dask"`` runs them on the Dask cluster at
    ``scheduler`` (an address, or ``"local"``/``None`` for a LocalCluster of
    ``workers`` processes). Either way the results are written here, in corpus
    order, a batch of whole documents a transaction. ``settings`` say what to do to each
    document beyond reading it (extraction, a user actor file); a model built
    with other settings has all its files read again.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    started = time.perf_counter()
    console = console or Console(stderr=True)
    conn = connect(db, create=True)
    try:
        report = BuildReport(db=db)
        run_id = _start_run(conn, roots)
        settings = settings or BuildSettings()
        stored = store_documents.stored_files(conn)
        if _settings_changed(conn, settings):
            # Same files, other facts: read everything again (the rows are replaced).
            stored = {}
        plan = plan_build(roots, stored)
        report.skipped = len(plan.unchanged) + len(plan.touched)
        report.still_failing = [
            (str(f.path), stored[str(f.path)].reason or "")
            for f in plan.unchanged
            if stored[str(f.path)].status == "failed"
        ]
        for path in plan.unsupported:
            report.failures.append(
                (str(path), f"unsupported file type '{path.suffix}': use .txt, .md, .html or .pdf")
            )
        with transaction(conn):
            for corpus_file, digest in plan.touched:
                conn.execute(
                    "UPDATE documents SET mtime = ?, sha256 = ? WHERE path = ?",
                    (corpus_file.mtime, digest, str(corpus_file.path)),
                )
            for removed_path in plan.removed:
                store_documents.mark_removed(conn, removed_path, run_id=run_id)
        report.removed = len(plan.removed)
        results = _results(
            plan.to_read, workers, max_bytes, settings, engine=engine, scheduler=scheduler
        )
        _process_all(conn, plan.to_read, results, run_id, report, console)
        report.seconds = time.perf_counter() - started
        _finish_run(conn, run_id, report, len(plan.to_read) + report.skipped)
        return report
    finally:
        conn.close()


def _process_all(
    conn: sqlite3.Connection,
    files: list[CorpusFile],
    results: Iterator[tuple[CorpusFile, Result]],
    run_id: int,
    report: BuildReport,
    console: Console,
) -> None:
    progress = Progress(
        TextColumn("[bold]building[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[name]}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not files,
    )
    with progress:
        task = progress.add_task("build", total=len(files), name="")
        batch: list[tuple[CorpusFile, Result]] = []
        batch_started = time.perf_counter()
        for corpus_file, result in results:
            progress.update(task, name=corpus_file.path.name)
            batch.append((corpus_file, result))
            if (
                len(batch) >= COMMIT_MAX_DOCUMENTS
                or time.perf_counter() - batch_started >= COMMIT_SECONDS
            ):
                _write_batch(conn, batch, run_id, report)
                batch = []
                batch_started = time.perf_counter()
            progress.advance(task)
        _write_batch(conn, batch, run_id, report)


def _write_batch(
    conn: sqlite3.Connection,
    batch: list[tuple[CorpusFile, Result]],
    run_id: int,
    report: BuildReport,
) -> None:
    """Write processed documents in one transaction: all of them land, or none."""
    if not batch:
        return
    with transaction(conn):
        for corpus_file, result in batch:
            if isinstance(result, ReadFailure):
                report.failures.append((result.path, result.reason))
                store_documents.write_failure(
                    conn,
                    str(corpus_file.path),
                    result.reason,
                    sha256=None,
                    size=corpus_file.size,
                    mtime=corpus_file.mtime,
                    run_id=run_id,
                )
            else:
                stats = store_documents.write_document(
                    conn, result.processed, mtime=corpus_file.mtime, run_id=run_id
                )
                write_facts(conn, stats.sentence_ids, result.facts)
                report.read += 1
                report.sentences += stats.sentences
                report.duplicates += stats.duplicates


def _results(
    files: list[CorpusFile],
    workers: int,
    max_bytes: int,
    settings: BuildSettings,
    *,
    engine: str = "local",
    scheduler: str | None = None,
) -> Iterator[tuple[CorpusFile, Result]]:
    """Process files in corpus order: here, in a pool of ``workers``, or on Dask."""
    if engine == "dask" and files:
        from realpolitik.engine.dask_engine import dask_results

        yield from dask_results(
            files,
            scheduler=scheduler or "local",
            workers=workers,
            max_bytes=max_bytes,
            settings=settings,
        )
        return
    if workers <= 1 or len(files) < 2:
        # Groups of files share one spaCy pass; results still come a file at a time.
        for start in range(0, len(files), GROUP_DOCUMENTS):
            group = files[start : start + GROUP_DOCUMENTS]
            processed = process_paths(
                [corpus_file.path for corpus_file in group], max_bytes=max_bytes, settings=settings
            )
            yield from zip(group, processed, strict=True)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        window: deque[tuple[list[CorpusFile], Future[list[Result]]]] = deque()
        for start in range(0, len(files), POOL_GROUP_DOCUMENTS):
            group = files[start : start + POOL_GROUP_DOCUMENTS]
            future = pool.submit(
                process_paths,
                [corpus_file.path for corpus_file in group],
                max_bytes=max_bytes,
                settings=settings,
            )
            window.append((group, future))
            if len(window) >= workers * POOL_WINDOW_PER_WORKER:
                done_group, done = window.popleft()
                yield from zip(done_group, done.result(), strict=True)
        while window:
            done_group, done = window.popleft()
            yield from zip(done_group, done.result(), strict=True)


def _settings_changed(conn: sqlite3.Connection, settings: BuildSettings) -> bool:
    """Record ``settings``; whether the model was built with others before."""
    fingerprint = settings.fingerprint()
    row = conn.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('settings', ?)", (fingerprint,)
        )
    return row is not None and row[0] != fingerprint


def _start_run(conn: sqlite3.Connection, roots: list[Path]) -> int:
    with transaction(conn):
        conn.execute("UPDATE build_runs SET status = 'interrupted' WHERE status = 'running'")
        cursor = conn.execute(
            "INSERT INTO build_runs (started_at, roots) VALUES (?, ?)",
            (store_documents.now(), json.dumps([str(r) for r in roots])),
        )
    return int(cursor.lastrowid or 0)


def _finish_run(conn: sqlite3.Connection, run_id: int, report: BuildReport, seen: int) -> None:
    with transaction(conn):
        conn.execute(
            "UPDATE build_runs SET finished_at = ?, status = 'done', files_seen = ?, files_read = ?, "
            "files_skipped = ?, files_failed = ?, files_removed = ?, sentences = ?, duplicates = ? "
            "WHERE id = ?",
            (
                store_documents.now(),
                seen,
                report.read,
                report.skipped,
                report.failed,
                report.removed,
                report.sentences,
                report.duplicates,
                run_id,
            ),
        )
