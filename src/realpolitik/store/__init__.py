"""The store: one SQLite file holding documents, their derived records and provenance."""

from realpolitik.store.db import SCHEMA_VERSION, StoreError, connect, transaction

__all__ = ["SCHEMA_VERSION", "StoreError", "connect", "transaction"]
