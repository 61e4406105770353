"""Events for other tools: a GDELT-like CSV and PLOVER-style JSON records.

Both hold every stored event with its provenance; restated sentences are exported
once (their canonical copy), events of removed or failed documents not at all.
Negated and hypothetical events are kept and flagged (``Negated``, ``Modality``):
a user decides what counts, as the dyad model does (it counts actual, planned,
threatened and reported events that are not negated).
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: The CSV columns, in order: GDELT 2.0 event names where one fits, ours after.
CSV_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1Code",
    "Actor1CountryCode",
    "Actor2Code",
    "Actor2CountryCode",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "PloverType",
    "PloverMode",
    "Modality",
    "Negated",
    "Instrument",
    "Power",
    "Trigger",
    "Confidence",
    "SourceDocument",
    "SentenceID",
    "SentenceStart",
    "SentenceEnd",
    "Sentence",
)

_EVENTS = """
SELECT e.*, s.id AS sentence_id, s.start AS sentence_start, s."end" AS sentence_end,
       s.text AS sentence, d.name AS document, d.date AS document_date, f.date AS sentence_date
FROM events e
JOIN sentences s ON s.id = e.sentence_id
JOIN documents d ON d.id = s.doc_id
LEFT JOIN sentence_facts f ON f.sentence_id = s.id
WHERE d.status = 'ok' AND s.duplicate_of IS NULL
ORDER BY d.path, s.seq, e.id
"""


def quad_class(cameo_root: str) -> int:
    """CAMEO's four classes: verbal cooperation (01–05), material cooperation (06–08),
    verbal conflict (09–13), material conflict (14–20)."""
    root = int(cameo_root)
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def _rows(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    conn.row_factory = sqlite3.Row
    yield from conn.execute(_EVENTS)


def _date(row: sqlite3.Row) -> str | None:
    return row["date"] or row["sentence_date"] or row["document_date"]


def write_events_csv(conn: sqlite3.Connection, path: Path) -> int:
    """Write every event as one CSV row (columns :data:`CSV_COLUMNS`); return the count."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for row in _rows(conn):
            date = _date(row)
            writer.writerow(
                (
                    row["id"],
                    date.replace("-", "") if date else "",
                    row["source"],
                    row["source"][:3],
                    row["target"],
                    row["target"][:3],
                    row["cameo"],
                    row["cameo"][:3],
                    row["cameo_root"],
                    quad_class(row["cameo_root"]),
                    row["intensity"],
                    row["plover"] or "",
                    row["plover_mode"] or "",
                    row["modality"],
                    int(row["negated"]),
                    row["instrument"],
                    row["power"],
                    row["trigger"],
                    round(row["confidence"], 3),
                    row["document"],
                    row["sentence_id"],
                    row["sentence_start"],
                    row["sentence_end"],
                    row["sentence"],
                )
            )
            count += 1
    return count


def plover_record(row: sqlite3.Row) -> dict[str, Any]:
    """One event in the shape of a PLOVER record (event type, mode, actors, text, source)."""
    return {
        "id": f"realpolitik-{row['id']}",
        "date": _date(row),
        "event_type": row["plover"],
        "mode": row["plover_mode"],
        "context": [row["instrument"]],
        "source_actor": row["source"],
        "target_actor": row["target"],
        "intensity": row["intensity"],
        "modality": row["modality"],
        "negated": bool(row["negated"]),
        "cameo": row["cameo"],
        "event_text": row["sentence"],
        "trigger": row["trigger"],
        "provenance": {
            "document": row["document"],
            "sentence_id": row["sentence_id"],
            "start": row["sentence_start"],
            "end": row["sentence_end"],
        },
    }


def write_events_json(conn: sqlite3.Connection, path: Path) -> int:
    """Write every event as PLOVER-style JSON Lines; return the count."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in _rows(conn):
            out.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
            count += 1
    return count
