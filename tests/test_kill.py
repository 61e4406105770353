"""A build killed with SIGKILL at any moment leaves a store that opens, and the
next build completes it to the same result as a clean build."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from realpolitik.engine.build import run_build
from tests.corpus_util import write_corpus
from tests.store_util import model_content


def _documents_in(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("kill_after_documents", [0, 4, 11])
def test_killed_build_resumes_to_the_clean_result(
    tmp_path: Path, kill_after_documents: int
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 16, paragraphs=6)
    clean_db = tmp_path / "clean.db"
    run_build([corpus], clean_db)

    db = tmp_path / "killed.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "realpolitik.cli", "build", str(corpus), "-o", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 600  # generous: CI machines are slow and shared
    while _documents_in(db) < kill_after_documents and process.poll() is None:
        assert time.monotonic() < deadline, "the build never got that far"
        time.sleep(0.005)
    if kill_after_documents == 0:
        time.sleep(0.3)  # mid start-up or mid first document
    process.send_signal(signal.SIGKILL)
    process.wait()

    # The killed store opens and is sound.
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    report = run_build([corpus], db)
    assert report.failed == 0
    assert model_content(db) == model_content(clean_db)
