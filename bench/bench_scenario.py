"""Time a what-if scenario on a random sparse causal map of 2,000 variables.

    .venv/bin/python -m bench.bench_scenario [--variables 2000] [--degree 3] [--repeat 5]

Prints the best time of a full ``run_scenario`` (baseline run, shocked run, ranking,
explanation paths for the 10 largest effects) and its ratio to the 0.5 s budget.
"""

from __future__ import annotations

import argparse
import random
import time

from realpolitik.model.map_types import CausalMap, Evidence, Variable
from realpolitik.model.scenario import run_scenario, sensitivity

BUDGET = 0.5


def random_map(n: int, degree: float, seed: int = 7, scale: float = 1.0) -> CausalMap:
    rng = random.Random(seed)
    cmap = CausalMap()
    ids = [f"v{i}" for i in range(n)]
    for vid in ids:
        cmap.variables[vid] = Variable(vid, vid, "issue", (), (), (vid,))
    for k in range(int(n * degree)):
        a, b = rng.sample(ids, 2)
        sign = rng.choice((1, -1))
        ev = Evidence(
            "claim",
            k,
            "bench.txt",
            f"sentence {k}",
            strength=scale * rng.uniform(0.2, 1.0),
            canonical_id=k,
        )
        cmap.add_evidence(a, b, sign, ev)
    cmap.flag_contradictions()
    return cmap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variables", type=int, default=2000)
    parser.add_argument("--degree", type=float, default=3.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for scale in (1.0, 0.3):
        run(random_map(args.variables, args.degree, scale=scale), args.repeat, scale)


def run(cmap: CausalMap, repeat: int, scale: float) -> None:
    shocks = [("v0", 1.0), ("v1", -1.0)]
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run_scenario(cmap, shocks)
        times.append(time.perf_counter() - start)
    assert result is not None
    best = min(times)
    print(
        f"weights_scale={scale} variables={len(cmap.variables)} edges={len(cmap.edges)} "
        f"iterations={result.iterations} converged={result.converged} "
        f"effects={len(result.effects)}"
    )
    print(
        f"scenario_s={best:.4f} median_s={sorted(times)[len(times) // 2]:.4f} "
        f"budget_s={BUDGET} ratio={best / BUDGET:.3f}"
    )
    explained = [e for e in result.effects if e.paths]
    if explained:
        start = time.perf_counter()
        rows = sensitivity(cmap, shocks, explained[0].variable)
        print(f"sensitivity_s={time.perf_counter() - start:.4f} edges_tested={len(rows)}")


if __name__ == "__main__":
    main()
