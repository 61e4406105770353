"""The gold scenarios of ../shared/gold/scenarios.json on the seeds model.

Builds ../shared/seeds into a temporary model; skipped while the build stores no
causal claims (extraction not wired into `realpolitik build` yet).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from realpolitik.store import connect
from tests.gold_util import require_shared

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seeds_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = require_shared("seeds")
    require_shared("gold", "scenarios.json")
    from rich.console import Console

    from realpolitik.engine.build import run_build

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    run_build([seeds], db, console=Console(quiet=True))
    conn = connect(db)
    try:
        claims = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
    finally:
        conn.close()
    if claims == 0:
        pytest.skip("the seeds model has no causal claims: extraction is not wired into build yet")
    return db


#: Issue #6's target: 90% of expected effects with the right sign and a cited path
#: (25 of 27, 0.926, when this was written).
TARGET = 0.9


@pytest.fixture(scope="module")
def scored(seeds_model: Path) -> dict[str, Any]:
    from realpolitik.eval.scenarios import score_scenarios

    return score_scenarios(require_shared("gold", "scenarios.json"), seeds_model)


def test_gold_scenarios_cite_their_paths(scored: dict[str, Any]) -> None:
    result = scored
    assert result["lines"][-1].startswith("accuracy=")
    assert result["n"] > 0
    for row in result["effects"]:
        if row["correct"]:
            cited = [ev["sentence_id"] for st in row["path"]["steps"] for ev in st["evidence"]]
            assert row["cited_path"] and any(sid is not None for sid in cited)


def test_gold_scenarios_accuracy(scored: dict[str, Any]) -> None:
    misses = "\n".join(line for line in scored["lines"] if "\tMISS\t" in line)
    assert scored["accuracy"] >= TARGET, f"{scored['lines'][-1]}\n{misses}"
