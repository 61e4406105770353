"""Event export: GDELT-like CSV and PLOVER-style JSON from a real SQLite model."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from realpolitik.cli import app
from realpolitik.model.event_export import CSV_COLUMNS, quad_class
from realpolitik.store import connect, transaction

runner = CliRunner()


def _model(path: Path) -> Path:
    conn = connect(path, create=True)
    with transaction(conn):
        conn.execute(
            "INSERT INTO documents (id, path, name, status, text, updated_at, date) "
            "VALUES (1, '/c/a.txt', 'a.txt', 'ok', 'x', 'now', '2024-03-02')"
        )
        conn.execute(
            "INSERT INTO documents (id, path, name, status, text, updated_at) "
            "VALUES (2, '/c/gone.txt', 'gone.txt', 'removed', NULL, 'now')"
        )
        sentences = [
            (1, 1, 0, "Brazil and Argentina signed a customs accord."),
            (2, 1, 1, "Brazil and Argentina signed a customs accord."),  # a restatement
            (3, 2, 0, "Chile protested."),
        ]
        for sid, doc, seq, text in sentences:
            conn.execute(
                'INSERT INTO sentences (id, doc_id, seq, kind, start, "end", text, duplicate_of) '
                "VALUES (?, ?, ?, 'body', 0, ?, ?, ?)",
                (sid, doc, seq, len(text), text, 1 if sid == 2 else None),
            )
        for sid in (1, 2, 3):
            conn.execute(
                "INSERT INTO events (sentence_id, source, target, plover, plover_mode, cameo, "
                "cameo_root, intensity, modality, negated, instrument, power, trigger, start, "
                "\"end\", date, confidence) VALUES (?, 'BRAGOV', 'ARG', 'AGREE', NULL, '057', "
                "'05', 8.0, 'actual', 0, 'diplomatic', 'soft', 'signed', 22, 28, NULL, 0.8)",
                (sid,),
            )
    conn.close()
    return path


def test_quad_classes_follow_the_cameo_roots() -> None:
    assert [quad_class(r) for r in ("01", "05", "06", "08", "09", "13", "14", "20")] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_events_csv_has_gdelt_like_columns_and_counts_a_restatement_once(tmp_path: Path) -> None:
    db = _model(tmp_path / "m.db")
    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["export", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert len(rows) == 1  # the restated sentence and the removed document are left out
    row = rows[0]
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor2Code"]) == (
        "BRAGOV",
        "BRA",
        "ARG",
    )
    assert (row["EventCode"], row["EventRootCode"], row["QuadClass"]) == ("057", "05", "1")
    assert row["SQLDATE"] == "20240302" and row["SourceDocument"] == "a.txt"


def test_events_plover_json_keeps_provenance(tmp_path: Path) -> None:
    db = _model(tmp_path / "m.db")
    out = tmp_path / "events.jsonl"
    result = runner.invoke(app, ["export", "events-json", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 1
    record = records[0]
    assert record["event_type"] == "AGREE" and record["source_actor"] == "BRAGOV"
    assert record["provenance"]["document"] == "a.txt" and record["provenance"]["sentence_id"] == 1


def test_an_unknown_export_target_is_a_clear_error(tmp_path: Path) -> None:
    db = _model(tmp_path / "m.db")
    result = runner.invoke(app, ["export", "events.xlsx", "--db", str(db)])
    assert result.exit_code == 2 and "name a format" in result.output
