"""Ingest on the seed corpus against ../shared/gold/cleaning.json (read at run time)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from realpolitik.engine.build import run_build
from tests.gold_util import locate, require_shared


@pytest.fixture(scope="module")
def seeds_model(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[sqlite3.Connection, dict[str, Any]]:
    seeds = require_shared("seeds")
    gold = json.loads(require_shared("gold", "cleaning.json").read_text(encoding="utf-8"))
    db = tmp_path_factory.mktemp("seeds") / "model.db"
    report = run_build([seeds], db)
    assert report.failed == 0
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn, gold


def _doc(conn: sqlite3.Connection, name: str) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM documents WHERE name = ?", (name,)).fetchone()
    assert row is not None, f"{name} was not built"
    return row


def _spans(
    conn: sqlite3.Connection, doc_id: int, table: str, kinds: tuple[str, ...]
) -> list[tuple[int, int]]:
    marks = ", ".join("?" * len(kinds))
    return [
        (row[0], row[1])
        for row in conn.execute(
            f'SELECT start, "end" FROM {table} WHERE doc_id = ? AND kind IN ({marks})',
            (doc_id, *kinds),
        )
    ]


def _documents(gold: dict[str, Any]) -> list[str]:
    return [name for name, value in gold.items() if isinstance(value, dict)]


def test_excluded_strings_stay_out_of_extraction(
    seeds_model: tuple[sqlite3.Connection, dict[str, Any]],
) -> None:
    conn, gold = seeds_model
    leaked = []
    for name in _documents(gold):
        doc = _doc(conn, name)
        extracted = _spans(conn, doc["id"], "segments", ("body", "heading"))
        for needle in gold[name]["exclude"]:
            found = locate(doc["text"], needle)
            assert found, f"{name}: exclude string not found in the text: {needle[:60]!r}"
            start, end = found
            if any(s < end and start < e for s, e in extracted):
                leaked.append(f"{name}: {needle[:70]!r}")
    assert not leaked, f"{len(leaked)} excluded strings reach extraction:\n" + "\n".join(leaked)


def test_kept_sentences_are_body_sentences(
    seeds_model: tuple[sqlite3.Connection, dict[str, Any]],
) -> None:
    conn, gold = seeds_model
    lost = []
    for name in _documents(gold):
        doc = _doc(conn, name)
        body = set(_spans(conn, doc["id"], "sentences", ("body",)))
        for needle in gold[name]["keep"]:
            found = locate(doc["text"], needle)
            assert found, f"{name}: keep sentence not found in the text: {needle[:60]!r}"
            if found not in body:
                lost.append(f"{name}: {needle[:70]!r}")
    assert not lost, f"{len(lost)} kept sentences are not body sentences:\n" + "\n".join(lost)


def test_body_ocr_errors_are_repaired(
    seeds_model: tuple[sqlite3.Connection, dict[str, Any]],
) -> None:
    conn, gold = seeds_model
    missed = []
    for name in _documents(gold):
        doc = _doc(conn, name)
        fixes = [f for f in gold[name]["ocr_fixes"] if f.get("where") == "body"]
        sentences = [
            (row["start"], row["end"], row["text"])
            for row in conn.execute(
                'SELECT start, "end", text FROM sentences WHERE doc_id = ? AND kind = ?',
                (doc["id"], "body"),
            )
        ]
        for fix in fixes:
            position = 0
            while (found := locate(doc["text"], fix["wrong"], position)) is not None:
                position = found[1]
                holder = next((s for s in sentences if s[0] <= found[0] < s[1]), None)
                if holder is None:
                    continue
                right = "".join(fix["right"].split())
                if right not in "".join(holder[2].split()):
                    missed.append(
                        f"{name}: {fix['wrong']!r} -> {fix['right']!r} in {holder[2][:60]!r}"
                    )
    assert not missed, f"{len(missed)} OCR errors left in body text:\n" + "\n".join(missed)


def test_gold_duplicate_pairs_are_linked(
    seeds_model: tuple[sqlite3.Connection, dict[str, Any]],
) -> None:
    conn, gold = seeds_model
    unlinked = []
    for pair in gold["duplicates"]:
        sides = []
        for side in (pair["a"], pair["b"]):
            doc = _doc(conn, side["doc"])
            found = locate(doc["text"], side["text"])
            assert found, f"duplicate text not found in {side['doc']}: {side['text'][:60]!r}"
            ids = {
                row[0]
                for row in conn.execute(
                    'SELECT id FROM sentences WHERE doc_id = ? AND start < ? AND "end" > ?',
                    (doc["id"], found[1], found[0]),
                )
            }
            sides.append(ids)
        a, b = sides
        linked = (
            conn.execute(
                f"SELECT COUNT(*) FROM duplicates WHERE (sentence_id IN ({','.join(map(str, a))}) "
                f"AND other_id IN ({','.join(map(str, b))})) OR (sentence_id IN ({','.join(map(str, b))}) "
                f"AND other_id IN ({','.join(map(str, a))}))"
            ).fetchone()[0]
            if a and b
            else 0
        )
        if not linked:
            unlinked.append(f"{pair['a']['text'][:50]!r} ~ {pair['b']['text'][:50]!r}")
    assert not unlinked, f"{len(unlinked)} duplicate pairs not linked:\n" + "\n".join(unlinked)


def test_a_restated_sentence_is_counted_once(
    seeds_model: tuple[sqlite3.Connection, dict[str, Any]],
) -> None:
    conn, gold = seeds_model
    twice = []
    for pair in gold["duplicates"]:
        canonical_sides = 0
        for side in (pair["a"], pair["b"]):
            doc = _doc(conn, side["doc"])
            start, end = locate(doc["text"], side["text"]) or (0, 0)
            rows = conn.execute(
                'SELECT duplicate_of FROM sentences WHERE doc_id = ? AND start < ? AND "end" > ? '
                "AND kind IN ('body', 'heading')",
                (doc["id"], end, start),
            ).fetchall()
            canonical_sides += bool(rows) and all(row[0] is None for row in rows)
        if canonical_sides == 2:
            twice.append(pair["a"]["text"][:60])
    assert not twice, "restated sentences counted twice:\n" + "\n".join(twice)


def test_second_build_of_the_seeds_parses_nothing(tmp_path: Path) -> None:
    seeds = require_shared("seeds")
    db = tmp_path / "m.db"
    run_build([seeds], db)
    again = run_build([seeds], db)
    # How long it takes is measured in bench/, not here.
    assert again.read == 0 and again.skipped == len(list(seeds.iterdir()))
