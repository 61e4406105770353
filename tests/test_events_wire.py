"""The event coder on the wire-news test set written for this project."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from realpolitik.eval.events import format_scores, load_records, pipeline_predict, score_events

WIRE = Path(__file__).parent / "data" / "wire_events.jsonl"
PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


def test_wire_set_shape() -> None:
    records = load_records(WIRE)
    assert len(records) >= 150
    assert len({r["id"] for r in records}) == len(records)
    counts = Counter(e["plover"] for r in records for e in r["events"])
    assert set(counts) == PLOVER_TYPES
    assert min(counts.values()) >= 6
    assert sum(1 for r in records if not r["events"]) >= 15
    for r in records:
        for e in r["events"]:
            assert len(e["cameo"]) == 2 and e["source"] != e["target"]


@pytest.mark.slow
def test_wire_f1() -> None:
    scores = score_events(load_records(WIRE), pipeline_predict)
    print(format_scores(scores))
    assert scores["cameo"]["f1"] >= 0.7
    assert scores["plover"]["f1"] >= 0.7
