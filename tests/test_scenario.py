"""Scenario inference against fixed points worked out by hand on small maps."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from realpolitik.model.map_types import CausalMap, Evidence, Variable
from realpolitik.model.scenario import (
    Params,
    compile_map,
    explain_paths,
    infer,
    match_variables,
    run_scenario,
    sensitivity,
)
from realpolitik.model.variables import canonicalise_text
from tests.test_causal_map import ACTORS, Claim, Sent, load, make_model


def small_map(edges: list[tuple[str, str, float]]) -> CausalMap:
    """Variables X, Y, Z, ...; each edge one certain source sentence of strength |w|."""
    cmap = CausalMap()
    for src, dst, _ in edges:
        for v in (src, dst):
            cmap.variables.setdefault(v, Variable(v, v, "issue", (), (), (v.lower(),)))
    for n, (src, dst, w) in enumerate(edges):
        cmap.add_evidence(
            src,
            dst,
            1 if w > 0 else -1,
            Evidence("claim", n, "doc.txt", f"sentence {n}", strength=abs(w), canonical_id=n),
        )
    return cmap


def test_chain_fixed_point() -> None:
    """X → Y (w = 1), Y → Z (w = 0.5), X clamped at 1, tanh, k1 = 0, k2 = 1.

    Y = tanh(1 · 1) = 0.761594; Z = tanh(0.5 · 0.761594) = tanh(0.380797) = 0.363399.
    The baseline is 0 everywhere (tanh(0) = 0), so the changes equal the states.
    """
    result = run_scenario(small_map([("X", "Y", 1.0), ("Y", "Z", 0.5)]), [("X", 1.0)])
    assert result.converged
    changes = {e.variable: e.change for e in result.effects}
    assert changes["Y"] == pytest.approx(0.761594, abs=1e-5)
    assert changes["Z"] == pytest.approx(0.363399, abs=1e-5)
    assert [e.variable for e in result.effects] == ["Y", "Z"]  # ranked by |change|


def test_negative_edge_and_cancelling_parents() -> None:
    """X → Z (+0.8), Y → Z (−0.8), Z → W (−0.8).

    Only X clamped at 1: Z = tanh(0.8) = 0.664037, W = tanh(−0.8 · 0.664037) = −0.486320.
    X and Y both clamped at 1: Z = tanh(0.8 − 0.8) = 0, and W = tanh(0) = 0.
    """
    cmap = small_map([("X", "Z", 0.8), ("Y", "Z", -0.8), ("Z", "W", -0.8)])
    one = run_scenario(cmap, [("X", 1.0)])
    assert one.effect("Z").change == pytest.approx(0.664037, abs=1e-5)  # type: ignore[union-attr]
    assert one.effect("W").change == pytest.approx(-0.486320, abs=1e-5)  # type: ignore[union-attr]
    both = run_scenario(cmap, [("X", 1.0), ("Y", 1.0)])
    assert both.effect("Z") is None and both.effect("W") is None  # no change at all


def test_clamped_variable_is_held_inside_a_cycle() -> None:
    """X ⇄ Y with w = −1 both ways; X clamped at 1.

    Unclamped, X would be pushed to tanh(−Y); clamped, it stays 1, and
    Y = tanh(−1 · 1) = −0.761594.
    """
    cmap = small_map([("X", "Y", -1.0), ("Y", "X", -1.0)])
    comp = compile_map(cmap)
    state, _, ok = infer(comp, {comp.index["X"]: 1.0})
    assert ok
    assert state[comp.index["X"]] == 1.0
    assert state[comp.index["Y"]] == pytest.approx(-math.tanh(1.0), abs=1e-6)


def test_sigmoid_transfer() -> None:
    """Sigmoid, X → Y (w = 1), X clamped at 1: Y = 1 / (1 + e^(−1)) = 0.731059.

    The baseline (X free) is its own fixed point: X = s(0) = 0.5, Y = s(0.5) = 0.622459,
    so the change of Y is 0.731059 − 0.622459 = 0.108600.
    """
    params = Params(transfer="sigmoid")
    result = run_scenario(small_map([("X", "Y", 1.0)]), [("X", 1.0)], params=params)
    eff = result.effect("Y")
    assert eff is not None
    assert eff.shocked == pytest.approx(0.731059, abs=1e-5)
    assert eff.baseline == pytest.approx(0.622459, abs=1e-5)
    assert eff.change == pytest.approx(0.108600, abs=1e-5)


def test_unknown_transfer_and_variable_are_refused() -> None:
    cmap = small_map([("X", "Y", 1.0)])
    with pytest.raises(ValueError):
        run_scenario(cmap, [("X", 1.0)], params=Params(transfer="relu"))
    with pytest.raises(KeyError):
        run_scenario(cmap, [("Q", 1.0)])


def test_explanation_paths_ranked_by_strength_with_sentences() -> None:
    """X → Y → Z (1 × 0.5 = 0.5) and X → Z (0.2): the two-step path is the stronger."""
    cmap = small_map([("X", "Y", 1.0), ("Y", "Z", 0.5), ("X", "Z", 0.2)])
    paths = explain_paths(cmap, [("X", 1.0)], "Z")
    assert [p.nodes for p in paths] == [["X", "Y", "Z"], ["X", "Z"]]
    assert paths[0].strength == pytest.approx(0.5)
    assert paths[1].strength == pytest.approx(0.2)
    assert paths[0].cited()
    assert paths[0].steps[1].evidence[0]["text"] == "sentence 1"


def test_sensitivity_names_the_edge_an_effect_depends_on() -> None:
    """Without X → Y the change of Z drops to 0 (Δ = −0.3634); without Y → Z too."""
    cmap = small_map([("X", "Y", 1.0), ("Y", "Z", 0.5), ("W", "Z", 0.3)])
    rows = sensitivity(cmap, [("X", 1.0)], "Z")
    assert {r.edge for r in rows} == {"X +> Y", "Y +> Z"}
    for r in rows:
        assert r.change_without == pytest.approx(0.0, abs=1e-9)
        assert r.delta == pytest.approx(-0.363399, abs=1e-5)


def test_result_serialises_to_json() -> None:
    result = run_scenario(small_map([("X", "Y", 1.0)]), [("X", 1.0)])
    data = json.loads(json.dumps(result.to_dict()))
    assert data["effects"][0]["variable"] == "Y"
    assert data["effects"][0]["paths"][0]["steps"][0]["evidence"][0]["document"] == "doc.txt"


def test_plain_words_shock_matches_the_variable(tmp_path: Path) -> None:
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Washington's deployment of THAAD in South Korea will strengthen military "
                    "cooperation between China and Russia.",
                    ACTORS,
                    [
                        Claim(
                            "Washington's deployment of THAAD in South Korea",
                            "military cooperation between China and Russia",
                        )
                    ],
                ),
            ]
        },
    )
    cmap = load(db)
    matches = match_variables(cmap, "The U.S. puts missile defence systems in South Korea")
    assert matches[0][0] == "KOR-USA:deployment+missile_defence"
    assert matches[0][1] > matches[1][1]
    shock = matches[0][0]
    effect = match_variables(cmap, "Russia–China military-technical cooperation")[0][0]
    result = run_scenario(cmap, [(shock, 1.0)])
    eff = result.effect(effect)
    assert eff is not None and eff.change > 0
    assert eff.paths and eff.paths[0].steps[0].evidence[0]["document"] == "a.txt"
    assert canonicalise_text("weaker Japan–Russia ties").direction == -1


def test_shock_specs_are_parsed_and_matched(tmp_path: Path) -> None:
    from realpolitik.model.scenario import parse_shock, shocks_from_text

    assert parse_shock("US-China deal on North Korea:+1") == ("US-China deal on North Korea", 1.0)
    assert parse_shock("sanctions: -0.5") == ("sanctions", -0.5)
    assert parse_shock("no value given") == ("no value given", 1.0)
    with pytest.raises(ValueError):
        parse_shock("too much:2")
    cmap = small_map([("X", "Y", 1.0)])
    shocks, shown = shocks_from_text(cmap, ["X:-1"])
    assert shocks == [("X", -1.0)] and shown[0]["candidates"][0][0] == "X"


def test_instance_edges_generalise_policies_not_ties(tmp_path: Path) -> None:
    """ "THAAD in South Korea" (KOR-USA) is an instance of US missile defence (USA), whose
    own edge then carries the shock: X = 1, general = tanh(0.9) = 0.716298,
    opposition = tanh(0.7 × 0.716298) = tanh(0.501409) = 0.463207."""
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Washington's deployment of THAAD in South Korea will strengthen China–Russia "
                    "cooperation.",
                    ACTORS,
                    [
                        Claim(
                            "Washington's deployment of THAAD in South Korea",
                            "China–Russia cooperation",
                        )
                    ],
                ),
                Sent(
                    "Russia opposes Washington's missile defense deployment.",
                    ACTORS,
                    perspectives=[("RUS", "USA", "Washington's missile defense deployment", -1.0)],
                ),
            ]
        },
    )
    cmap = load(db)
    inst = cmap.edges["KOR-USA:deployment+missile_defence +> USA:deployment+missile_defence"]
    assert inst.evidence[0].kind == "instance" and inst.belief == pytest.approx(0.9)
    # a tie is never generalised to one actor's variable
    assert not any(e.source == "CHN-RUS:cooperation" for e in cmap.edges.values())
    result = run_scenario(cmap, [("KOR-USA:deployment+missile_defence", 1.0)])
    view = result.effect("RUS:opposition+threat|USA")
    assert view is not None
    assert view.change == pytest.approx(math.tanh(0.7 * math.tanh(0.9)), abs=1e-5)
    assert view.paths[0].cited()
    assert [s.evidence[0]["kind"] for s in view.paths[0].steps] == ["instance", "perspective"]


def test_text_lines_for_the_cli() -> None:
    from realpolitik.model.map_types import describe

    cmap = small_map([("X", "Y", 1.0), ("Y", "Z", 0.5)])
    lines = run_scenario(cmap, [("X", 1.0)]).lines(explain=True)
    assert lines[0] == "shock: X = +1.00"
    assert lines[1].startswith("+0.762  Y")
    assert any("doc.txt#0: sentence 0" in line for line in lines)
    summary = describe(cmap)
    assert summary[0].startswith("causal map (all holders): 3 variables, 2 edges")
    assert summary[1].startswith("+1.00  X -> Y")
