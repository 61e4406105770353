"""The store: a real SQLite file, WAL, schema version, migrations, clear errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from realpolitik.store import SCHEMA_VERSION, StoreError, connect, transaction
from realpolitik.store.db import schema_version


def test_new_store_is_wal_at_current_version(tmp_path: Path) -> None:
    conn = connect(tmp_path / "m.db", create=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert schema_version(conn) == SCHEMA_VERSION
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "segments", "sentences", "repairs", "duplicates", "build_runs"} <= tables


def test_reading_a_missing_model_is_an_error_not_an_empty_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such model"):
        connect(tmp_path / "absent.db")
    assert not (tmp_path / "absent.db").exists()


def test_a_file_that_is_not_sqlite_is_reported(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="not a realpolitik model"):
        connect(bogus)


def test_a_newer_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    connect(path, create=True).close()
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="newer"):
        connect(path)


def test_transaction_rolls_back_as_a_whole(tmp_path: Path) -> None:
    conn = connect(tmp_path / "m.db", create=True)
    with pytest.raises(RuntimeError), transaction(conn):
        conn.execute(
            "INSERT INTO documents (path, name, status, updated_at) VALUES ('a', 'a', 'ok', 'now')"
        )
        raise RuntimeError("crash in the middle")
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


def test_reopening_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    conn = connect(path, create=True)
    conn.execute(
        "INSERT INTO documents (path, name, status, updated_at) VALUES ('a', 'a', 'ok', 'now')"
    )
    conn.close()
    again = connect(path)
    assert again.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1
