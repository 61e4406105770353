"""The event coder on the shared gold file (read at run time, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.eval.events import format_scores, load_records, pipeline_predict, score_events

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "events.jsonl"


@pytest.mark.slow
def test_gold_events_f1() -> None:
    if not GOLD.exists():
        pytest.skip(f"gold file not available: {GOLD}")
    scores = score_events(load_records(GOLD), pipeline_predict)
    print(format_scores(scores))
    assert scores["cameo"]["f1"] >= 0.7
    assert scores["plover"]["f1"] >= 0.7
