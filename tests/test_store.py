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


def test_code_conditions_match_what_a_prefix_like_matched(tmp_path: Path) -> None:
    """``code_prefix``/``code_match`` select by index what ``LIKE 'RUS%'`` and the old
    ``substr`` test selected by reading every row, and a migrated model has the indexes."""
    from realpolitik.store.read import code_match, code_prefix, codes_condition

    conn = connect(tmp_path / "m.db", create=True)
    conn.execute("CREATE TEMP TABLE t (id INTEGER PRIMARY KEY, code TEXT, other TEXT)")
    codes = ["RUS", "RUSGOV", "RUSMIL", "RUT", "RU", "NATO", "NATOX", "AU", "AUS", "CHN"]
    conn.executemany("INSERT INTO t (code, other) VALUES (?, ?)", [(c, "CHN") for c in codes])

    def select(condition: str, params: tuple[str, ...]) -> list[str]:
        return [
            r[0] for r in conn.execute(f"SELECT code FROM t WHERE {condition} ORDER BY id", params)
        ]

    for code in ("RUS", "AU", "NATO", "RU", "ZZZ"):
        assert select(*code_prefix("code", code)) == select("code LIKE ?", (code + "%",))
        old = "(code = ? OR (length(?) = 3 AND substr(code, 1, 3) = ?))"
        assert select(*code_match("code", code)) == select(old, (code, code, code))
    assert select(*code_prefix("code", "RUS")) == ["RUS", "RUSGOV", "RUSMIL"]
    assert select(*code_match("code", "NATO")) == ["NATO"]
    assert select(*codes_condition(("code", "other"), ("AU",))) == ["AU", "AUS"]
    assert select(*codes_condition(("code", "other"), ("CHN",))) == codes  # ``other``
    plans = " ".join(
        str(tuple(r))
        for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM events WHERE target >= ? AND target < ?",
            code_prefix("target", "RUS")[1],
        )
    )
    assert "events_target" in plans
