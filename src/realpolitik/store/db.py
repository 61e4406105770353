"""Opening the store: WAL, foreign keys, schema version and migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from realpolitik.store.schema import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(Exception):
    """The store cannot be opened or is not a realpolitik model."""


def connect(path: Path | str, *, create: bool = False) -> sqlite3.Connection:
    """Open the model at ``path``, migrating it to :data:`SCHEMA_VERSION`.

    With ``create=False`` a missing file is an error (commands that read a model
    must not silently make an empty one). The connection is in autocommit mode:
    writers group their statements with :func:`transaction`.
    """
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(
            f"{path}: no such model; build one with `realpolitik build CORPUS -o {path}`"
        )
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        _migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a realpolitik model ({exc})") from exc
    return conn


def is_read_only(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` is SQLite refusing a write to a read-only model (a file or a
    folder without write permission): then a reader searches what is there."""
    return "readonly" in str(exc).replace(" ", "").lower()


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run a block as one write transaction: all of it lands, or none of it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_version(conn: sqlite3.Connection) -> int:
    """The version the store is at (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _migrate(conn: sqlite3.Connection) -> None:
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the model is at schema version {version}, newer than this realpolitik "
            f"({SCHEMA_VERSION}): upgrade realpolitik"
        )
    for number in range(version + 1, SCHEMA_VERSION + 1):
        with transaction(conn):
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into statements (executescript would commit)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
