"""What-if scenarios: clamped fuzzy-cognitive-map inference over a causal map.

Update rule (Kosko's, with an optional memory term as in FCMpy's "modified Kosko")::

    A_i(t+1) = f( k1 · A_i(t) + k2 · Σ_j w_ji · A_j(t) )

``w_ji`` is the signed weight of the edge j → i (sign × belief, ``model.causal_map``;
parallel edges of opposite sign add up). The transfer function ``f`` is ``tanh(λx)``
by default, so that variables are signed, in −1..1 (0 = no change from the state the
corpus describes); ``sigmoid`` (1 / (1 + e^(−λx)), in 0..1) is available for unsigned
maps. Shocked variables are clamped: held at their shock value at every step.
Iteration runs from A(0) (zeros, or the clamped values) until max |A(t+1) − A(t)| <
``tol`` or ``max_iter`` steps (``converged`` tells which).

A scenario is two runs: the baseline (no shock) and the shocked run; each variable's
change is shocked − baseline, ranked by |change|. Explanations are the simple paths
from a shocked variable to an effect (at most ``max_depth`` edges), strength =
shock value × product of the edge weights, top-k by |strength|, each edge with its
sentences. Sensitivity: for an effect, the edges on its explanation paths removed one
at a time, and how much the effect's change moves.

Only numpy: the weight matrix is kept as edge arrays (source index, target index,
weight) and each step is one ``np.bincount``, so the cost is O(iterations × edges).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from realpolitik.model.map_types import CausalMap, Edge

Vector = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Params:
    """Inference settings (see the module docstring)."""

    k1: float = 0.0
    k2: float = 1.0
    lam: float = 1.0
    transfer: str = "tanh"  # tanh | sigmoid
    tol: float = 1e-5
    max_iter: int = 100


@dataclass
class Compiled:
    """A causal map as index arrays, for fast repeated runs."""

    ids: list[str]
    index: dict[str, int]
    src: npt.NDArray[np.int64]
    dst: npt.NDArray[np.int64]
    w: Vector
    edge_ids: list[str]


def compile_map(cmap: CausalMap) -> Compiled:
    """Index the map's variables and edges."""
    ids = sorted(cmap.variables)
    index = {v: i for i, v in enumerate(ids)}
    edges = [e for e in cmap.edges.values() if e.source in index and e.target in index]
    return Compiled(
        ids,
        index,
        np.fromiter((index[e.source] for e in edges), dtype=np.int64, count=len(edges)),
        np.fromiter((index[e.target] for e in edges), dtype=np.int64, count=len(edges)),
        np.fromiter((e.weight for e in edges), dtype=np.float64, count=len(edges)),
        [e.id for e in edges],
    )


def _transfer(x: Vector, params: Params) -> Vector:
    if params.transfer == "sigmoid":
        out: Vector = 1.0 / (1.0 + np.exp(-params.lam * x))
        return out
    if params.transfer == "tanh":
        return np.tanh(params.lam * x)
    raise ValueError(f"unknown transfer function {params.transfer!r}: use tanh or sigmoid")


def infer(
    comp: Compiled,
    clamp: dict[int, float],
    params: Params = Params(),
    initial: Vector | None = None,
) -> tuple[Vector, int, bool]:
    """Iterate the update rule to a fixed point; return (state, iterations, converged)."""
    n = len(comp.ids)
    state = np.zeros(n) if initial is None else initial.astype(np.float64).copy()
    idx = np.fromiter(clamp.keys(), dtype=np.int64, count=len(clamp))
    vals = np.fromiter(clamp.values(), dtype=np.float64, count=len(clamp))
    state[idx] = vals
    for it in range(1, params.max_iter + 1):
        inflow = np.bincount(comp.dst, weights=comp.w * state[comp.src], minlength=n)
        new = _transfer(params.k1 * state + params.k2 * inflow, params)
        new[idx] = vals
        delta = float(np.max(np.abs(new - state))) if n else 0.0
        state = new
        if delta < params.tol:
            return state, it, True
    return state, params.max_iter, False


@dataclass(frozen=True)
class PathStep:
    edge: str
    source: str
    target: str
    weight: float
    evidence: list[dict[str, Any]]


@dataclass(frozen=True)
class Path:
    """A chain of edges from a shocked variable to an effect."""

    nodes: list[str]
    strength: float
    steps: list[PathStep]

    def cited(self) -> bool:
        """Every causal edge has a source sentence, and at least one edge is causal.

        Instance-of steps (``model.generalise.add_instance_edges``) are the normaliser's
        and cite no sentence; they are shown as such.
        """
        causal = [s for s in self.steps if any(e.get("kind") != "instance" for e in s.evidence)]
        return bool(causal) and all(
            any(e.get("sentence_id") is not None for e in s.evidence) for s in causal
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "strength": round(self.strength, 6),
            "steps": [
                {
                    "edge": s.edge,
                    "source": s.source,
                    "target": s.target,
                    "weight": round(s.weight, 4),
                    "evidence": s.evidence,
                }
                for s in self.steps
            ],
        }


@dataclass
class Effect:
    variable: str
    label: str
    baseline: float
    shocked: float
    change: float
    paths: list[Path] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "label": self.label,
            "baseline": round(self.baseline, 6),
            "shocked": round(self.shocked, 6),
            "change": round(self.change, 6),
            "paths": [p.to_dict() for p in self.paths],
        }


@dataclass
class ScenarioResult:
    shocks: list[tuple[str, float]]
    effects: list[Effect]  # ranked by |change|, shocked variables excluded
    iterations: int
    converged: bool
    baseline_converged: bool
    params: Params
    holder: str | None = None

    def lines(self, *, top: int = 10, explain: bool = False) -> list[str]:
        """Plain-text lines for ``realpolitik scenario``: shocks, ranked changes, paths."""
        out = [f"shock: {v} = {x:+.2f}" for v, x in self.shocks]
        if not self.converged:
            out.append(f"warning: no fixed point after {self.iterations} iterations")
        for eff in self.effects[:top]:
            out.append(f"{eff.change:+.3f}  {eff.label}  [{eff.variable}]")
            if not explain:
                continue
            for path in eff.paths:
                out.append(f"    path {path.strength:+.3f}: " + " -> ".join(path.nodes))
                for step in path.steps:
                    for ev in step.evidence[:1]:
                        where = (
                            f"{ev['document']}#{ev['sentence_id']}"
                            if ev["document"]
                            else ev["kind"]
                        )
                        if ev["kind"] == "continuation":
                            where += " (continues the response of the sentence before)"
                        out.append(f"      {step.weight:+.2f} {where}: {ev['text']}")
        return out

    def effect(self, vid: str) -> Effect | None:
        for e in self.effects:
            if e.variable == vid:
                return e
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "holder": self.holder,
            "shocks": [{"variable": v, "value": x} for v, x in self.shocks],
            "iterations": self.iterations,
            "converged": self.converged,
            "baseline_converged": self.baseline_converged,
            "params": self.params.__dict__,
            "effects": [e.to_dict() for e in self.effects],
        }


def _evidence(edge: Edge, limit: int = 3) -> list[dict[str, Any]]:
    return [
        {
            "kind": e.kind,
            "sentence_id": e.sentence_id,
            "document": e.document,
            "text": e.text,
            "cause_span": e.cause_span,
            "effect_span": e.effect_span,
            "holder": e.holder,
        }
        for e in edge.evidence[:limit]
    ]


Adjacency = dict[str, list[tuple[Edge, float]]]


def adjacency(cmap: CausalMap) -> Adjacency:
    """Out-edges of every variable with their weights, strongest first (computed once)."""
    out: Adjacency = defaultdict(list)
    for e in cmap.edges.values():
        out[e.source].append((e, e.weight))
    for edges in out.values():
        edges.sort(key=lambda pair: -abs(pair[1]))
    return out


def explain_paths(
    cmap: CausalMap,
    shocks: Sequence[tuple[str, float]],
    target: str,
    *,
    top_k: int = 3,
    max_depth: int = 4,
    max_visits: int = 20000,
    adj: Adjacency | None = None,
) -> list[Path]:
    """The strongest simple paths from a shocked variable to ``target``.

    Depth-first over out-edges in order of |weight|, at most ``max_depth`` edges and
    ``max_visits`` expansions per shock (a bound for dense maps). Strength = shock
    value × product of the weights along the path.
    """
    out = adj if adj is not None else adjacency(cmap)
    shocked = {v for v, _ in shocks}
    found: list[tuple[float, list[tuple[Edge, float]]]] = []
    for start, value in shocks:
        visits = 0
        stack: list[tuple[str, list[tuple[Edge, float]], float, frozenset[str]]] = [
            (start, [], value, frozenset({start}))
        ]
        while stack and visits < max_visits:
            node, trail, strength, seen = stack.pop()
            visits += 1
            if node == target and trail:
                found.append((strength, trail))
                continue
            if len(trail) >= max_depth:
                continue
            for e, w in reversed(out.get(node, [])):
                if e.target in seen or (e.target in shocked and e.target != target):
                    continue
                stack.append((e.target, [*trail, (e, w)], strength * w, seen | {e.target}))
    found.sort(key=lambda item: -abs(item[0]))
    paths = []
    for strength, trail in found[:top_k]:
        steps = [PathStep(e.id, e.source, e.target, w, _evidence(e)) for e, w in trail]
        paths.append(Path([trail[0][0].source, *[e.target for e, _ in trail]], strength, steps))
    return paths


def run_scenario(
    cmap: CausalMap,
    shocks: list[tuple[str, float]],
    *,
    params: Params = Params(),
    explain_top: int = 10,
    top_k: int = 3,
    max_depth: int = 4,
    min_change: float = 1e-6,
    explain: Sequence[str] = (),
) -> ScenarioResult:
    """Run the baseline and the shocked map; rank the changes; explain the top effects.

    ``shocks``: (variable id, value in −1..1) pairs. Paths are found for the
    ``explain_top`` largest changes and for every variable in ``explain``.
    """
    comp = compile_map(cmap)
    unknown = [v for v, _ in shocks if v not in comp.index]
    if unknown:
        raise KeyError(f"no such variable: {', '.join(unknown)}")
    base, _, base_ok = infer(comp, {}, params)
    clamp = {comp.index[v]: float(x) for v, x in shocks}
    state, iters, ok = infer(comp, clamp, params, initial=base)
    change = state - base
    order = np.argsort(-np.abs(change), kind="stable")
    effects: list[Effect] = []
    for i in order:
        vid = comp.ids[int(i)]
        if int(i) in clamp or abs(change[i]) < min_change:
            continue
        effects.append(
            Effect(
                vid, cmap.variables[vid].label, float(base[i]), float(state[i]), float(change[i])
            )
        )
    wanted = {e.variable for e in effects[:explain_top]} | set(explain)
    adj = adjacency(cmap) if wanted else None
    for eff in effects:
        if eff.variable in wanted:
            eff.paths = explain_paths(
                cmap, shocks, eff.variable, top_k=top_k, max_depth=max_depth, adj=adj
            )
    return ScenarioResult(list(shocks), effects, iters, ok, base_ok, params, cmap.holder)


@dataclass(frozen=True)
class Sensitivity:
    edge: str
    change_without: float
    delta: float  # change_without − change with every edge


def sensitivity(
    cmap: CausalMap,
    shocks: list[tuple[str, float]],
    target: str,
    *,
    params: Params = Params(),
    candidates: Sequence[str] | None = None,
    max_depth: int = 4,
) -> list[Sensitivity]:
    """Which edges ``target``'s change depends on: each removed in turn, largest move first.

    Candidates default to the edges of the target's explanation paths (top 10); pass
    ``candidates`` (edge ids) to test others.
    """
    comp = compile_map(cmap)
    clamp = {comp.index[v]: float(x) for v, x in shocks}
    t = comp.index[target]
    base, _, _ = infer(comp, {}, params)
    full, _, _ = infer(comp, clamp, params, initial=base)
    reference = float(full[t] - base[t])
    if candidates is None:
        paths = explain_paths(cmap, shocks, target, top_k=10, max_depth=max_depth)
        candidates = list(dict.fromkeys(s.edge for p in paths for s in p.steps))
    out = []
    for eid in candidates:
        pos = comp.edge_ids.index(eid)
        keep = np.ones(len(comp.edge_ids), dtype=bool)
        keep[pos] = False
        sub = Compiled(comp.ids, comp.index, comp.src[keep], comp.dst[keep], comp.w[keep], [])
        b, _, _ = infer(sub, {}, params)
        s, _, _ = infer(sub, clamp, params, initial=b)
        without = float(s[t] - b[t])
        out.append(Sensitivity(eid, without, without - reference))
    out.sort(key=lambda x: -abs(x.delta))
    return out


def match_variables(cmap: CausalMap, text: str, *, top: int = 5) -> list[tuple[str, float]]:
    """Variables matching a plain-words shock or effect, best first: (variable id, score).

    Show these to the user and let them choose; see ``model.variables.match_score``.
    """
    from realpolitik.model.map_types import match_variables as _match

    return [(v.id, score) for v, score in _match(cmap, text, top=top)]


def parse_shock(spec: str) -> tuple[str, float]:
    """``"TEXT:+1"`` → ("TEXT", 1.0); the value is in −1..1 and defaults to +1."""
    text, sep, value = spec.rpartition(":")
    if not sep:
        return spec.strip(), 1.0
    try:
        number = float(value.strip().replace("−", "-"))
    except ValueError:
        return spec.strip(), 1.0  # a colon inside the text, no value
    if not -1.0 <= number <= 1.0:
        raise ValueError(f"a shock value is in -1..1, not {number}")
    return text.strip(), number


def shocks_from_text(
    cmap: CausalMap, specs: Sequence[str], *, top: int = 5
) -> tuple[list[tuple[str, float]], list[dict[str, Any]]]:
    """Each ``"TEXT:VALUE"`` matched to its best variable; also every candidate shown.

    Returns the shocks to run (best match of each) and, per spec, its text, value and
    candidates ``[(variable id, label, score)]`` so that a caller can show the match and
    let the user pick another (by passing the variable id as the text).
    """
    shocks: list[tuple[str, float]] = []
    shown: list[dict[str, Any]] = []
    for spec in specs:
        text, value = parse_shock(spec)
        known = text in cmap.variables
        matches = [(text, 1.0)] if known else match_variables(cmap, text, top=top)
        if not matches:
            raise KeyError(f"no variable matches {text!r}: the map is empty")
        shocks.append((matches[0][0], value))
        shown.append(
            {
                "text": text,
                "value": value,
                "candidates": [(v, cmap.variables[v].label, round(s, 3)) for v, s in matches],
            }
        )
    return shocks, shown
