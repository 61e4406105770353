"""Score what-if scenarios against a gold ``scenarios.json`` (``../shared/gold/README.md``).

For each scenario the shock phrase is matched to the model's variables with the text
matcher (``model.scenario.match_variables``); every candidate within ``TIE`` of the
best score (at most ``MAX_SHOCKED``) is clamped at the shock's direction — the
matcher's near-ties are the candidates a user is shown and would pick among. Each
expected effect phrase is matched the same way; among its near-tied candidates the
one that moves most is read. An effect counts as right when the sign of that change
equals the expected direction and an explanation path from a shocked variable to it
exists whose every edge cites a sentence.

Direction words in a phrase are part of its direction: "weaker ties" with direction
"+" expects the ties variable to fall; the shock likewise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from realpolitik.model.causal_map import build_causal_map
from realpolitik.model.scenario import explain_paths, match_variables, run_scenario
from realpolitik.model.variables import canonicalise_text
from realpolitik.store import connect

TIE = 0.05
MIN_SCORE = 0.3
MAX_SHOCKED = 3
MAX_EFFECT_CANDIDATES = 3


def _near_ties(matches: list[tuple[str, float]], limit: int) -> list[tuple[str, float]]:
    if not matches or matches[0][1] < MIN_SCORE:
        return []
    best = matches[0][1]
    return [m for m in matches if m[1] >= best - TIE][:limit]


def _direction(value: str) -> int:
    return -1 if value.strip() in {"-", "−", "-1"} else 1


def score_scenarios(gold_path: Path, db: Path, *, holder: str | None = None) -> dict[str, Any]:
    """Score every expected effect of ``gold_path`` on the model at ``db``.

    Returns ``{"accuracy", "n", "correct", "effects": [...], "lines": [...]}``; the
    last of ``lines`` is ``accuracy=… n=…``.
    """
    scenarios = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    conn = connect(db)
    try:
        cmap = build_causal_map(conn, holder=holder)
    finally:
        conn.close()
    rows: list[dict[str, Any]] = []
    for sc in scenarios:
        shock_dir = (
            _direction(sc.get("shock_direction", "+")) * canonicalise_text(sc["shock"]).direction
        )
        shocked = _near_ties(match_variables(cmap, sc["shock"], top=10), MAX_SHOCKED)
        shocks = [(vid, float(shock_dir)) for vid, _ in shocked]
        result = run_scenario(cmap, shocks, explain_top=0) if shocks else None
        for eff in sc.get("effects", []):
            expected = (
                _direction(eff.get("direction", "+")) * canonicalise_text(eff["effect"]).direction
            )
            row: dict[str, Any] = {
                "scenario": sc.get("id"),
                "effect": eff["effect"],
                "expected": expected,
                "shock_variables": [v for v, _ in shocks],
                "variable": None,
                "change": 0.0,
                "cited_path": False,
                "correct": False,
            }
            if result is not None:
                cands = [
                    m
                    for m in match_variables(cmap, eff["effect"], top=10)
                    if m[0] not in {v for v, _ in shocks}
                ]
                options = _near_ties(cands, MAX_EFFECT_CANDIDATES)
                best: tuple[str, float] | None = None
                for vid, _ in options:
                    moved = result.effect(vid)
                    change = moved.change if moved else 0.0
                    if best is None or abs(change) > abs(best[1]):
                        best = (vid, change)
                if best is not None:
                    vid, change = best
                    paths = explain_paths(cmap, shocks, vid, top_k=1)
                    row.update(
                        variable=vid,
                        change=round(change, 6),
                        cited_path=bool(paths) and paths[0].cited(),
                        path=paths[0].to_dict() if paths else None,
                    )
                    row["correct"] = (
                        change != 0.0 and (change > 0) == (expected > 0) and row["cited_path"]
                    )
            rows.append(row)
    n = len(rows)
    correct = sum(1 for r in rows if r["correct"])
    accuracy = correct / n if n else 0.0
    lines = [
        f"{r['scenario']}\t{'ok ' if r['correct'] else 'MISS'}\t{r['change']:+.3f}\t"
        f"{r['variable']}\t{r['effect']}"
        for r in rows
    ]
    lines.append(f"accuracy={accuracy:.3f} n={n}")
    return {"accuracy": accuracy, "n": n, "correct": correct, "effects": rows, "lines": lines}
