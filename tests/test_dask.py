"""The Dask engine: a LocalCluster of two workers builds the same model as a local build."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from realpolitik.engine.build import run_build
from realpolitik.records import ReadFailure
from tests.corpus_util import write_corpus
from tests.store_util import model_content

distributed = pytest.importorskip("distributed")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus"


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=None, host="127.0.0.1"
    ) as local:
        yield str(local.scheduler_address)


def _corpus(folder: Path) -> Path:
    """The example corpus (with a few synthetic files, so that windows refill)."""
    if EXAMPLES.is_dir() and any(EXAMPLES.iterdir()):
        shutil.copytree(EXAMPLES, folder)
    write_corpus(folder / "synthetic", 12)
    return folder


def test_dask_build_equals_local_build(tmp_path: Path, cluster: str) -> None:
    corpus = _corpus(tmp_path / "corpus")
    local = run_build([corpus], tmp_path / "local.db")
    dask = run_build([corpus], tmp_path / "dask.db", engine="dask", scheduler=cluster)
    assert (dask.read, dask.sentences, dask.duplicates) == (
        local.read,
        local.sentences,
        local.duplicates,
    )
    assert dask.failures == local.failures
    assert local.read >= 12
    assert model_content(tmp_path / "dask.db") == model_content(tmp_path / "local.db")
    facts = _facts(tmp_path / "local.db")
    assert _facts(tmp_path / "dask.db") == facts
    if "mentions" in facts:
        assert facts["mentions"], "the example corpus names actors: extraction ran"


FACT_TABLES = ("mentions", "events", "relations", "perspectives", "claims", "sentence_facts")


def _facts(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every extracted fact, its sentence named by (document path, position), not row id."""
    conn = sqlite3.connect(db)
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        where = {
            row[0]: (row[1], row[2])
            for row in conn.execute(
                "SELECT s.id, d.path, s.seq FROM sentences s JOIN documents d ON d.id = s.doc_id"
            )
        }
        facts: dict[str, list[tuple[object, ...]]] = {}
        for table in FACT_TABLES:
            if table not in tables:
                continue
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()
            facts[table] = sorted(
                (
                    tuple(
                        where.get(value) if column == "sentence_id" else value  # type: ignore[arg-type]
                        for column, value in zip(columns, row, strict=True)
                        if column != "id"
                    )
                    for row in rows
                ),
                key=repr,
            )
        return facts
    finally:
        conn.close()


def test_dask_results_come_in_corpus_order_with_a_small_window(
    tmp_path: Path, cluster: str
) -> None:
    from realpolitik.engine.dask_engine import dask_results
    from realpolitik.engine.discover import CorpusFile, discover

    write_corpus(tmp_path / "c", 9)
    (tmp_path / "c" / "empty.txt").write_text("")
    files = [f for f in discover([tmp_path / "c"]) if isinstance(f, CorpusFile)]
    results = list(dask_results(files, scheduler=cluster, window=2))
    assert [f for f, _ in results] == files
    paths = [r.path if isinstance(r, ReadFailure) else r.processed.raw.path for _, r in results]
    assert paths == [str(f.path) for f in files]


def test_incremental_dask_build_reads_only_new_files(tmp_path: Path, cluster: str) -> None:
    write_corpus(tmp_path / "c", 4)
    db = tmp_path / "m.db"
    run_build([tmp_path / "c"], db, engine="dask", scheduler=cluster)
    (tmp_path / "c" / "new.txt").write_text("Chile and Peru signed a fisheries accord on Monday.\n")
    report = run_build([tmp_path / "c"], db, engine="dask", scheduler=cluster)
    assert (report.read, report.skipped) == (1, 4)


def test_unknown_engine_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        run_build([tmp_path], tmp_path / "m.db", engine="spark")
