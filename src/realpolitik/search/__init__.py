"""Evidence search: ``ask`` a question, get ranked, cited sentences (docs/search.md)."""

from realpolitik.search.index import RefreshStats, rebuild_index, refresh_index
from realpolitik.search.retrieve import RECORD_KINDS, Hit, Place, SearchError, ask, format_hit

__all__ = [
    "RECORD_KINDS",
    "Hit",
    "Place",
    "RefreshStats",
    "SearchError",
    "ask",
    "format_hit",
    "rebuild_index",
    "refresh_index",
]
