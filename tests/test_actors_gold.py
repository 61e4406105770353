"""The shared gold file: country-level precision and recall of at least 0.95.

The gold sentences belong to the seed documents' authors: they are read from
``../shared/gold`` at run time, never copied into the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.eval.actors import format_scores, score_actors

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "actors.jsonl"


@pytest.mark.skipif(not GOLD.exists(), reason=f"gold file absent: {GOLD}")
def test_gold_actors_precision_and_recall() -> None:
    result = score_actors(GOLD)
    report = format_scores(result)
    assert result["n"] >= 50, report
    assert result["p"] >= 0.95, report
    assert result["r"] >= 0.95, report
    assert report.splitlines()[-1].startswith("f1=")
