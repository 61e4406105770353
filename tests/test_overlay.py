"""The analyst's overlay: edits on top of the extracted map, each with a note."""

from __future__ import annotations

from pathlib import Path

import pytest

from realpolitik.model.overlay import OverlayError, apply_overlay
from realpolitik.store import connect
from tests.test_causal_map import ACTORS, Claim, Sent, load, make_model
from tests.test_scenario import small_map


def test_overlay_operations_and_original_untouched(tmp_path: Path) -> None:
    cmap = small_map([("X", "Y", 1.0), ("Y", "Z", 0.5), ("W", "Z", 0.3), ("V", "Z", 0.4)])
    path = tmp_path / "overlay.yaml"
    path.write_text(
        """
rename:
  - variable: X
    label: "the shock"
    note: clearer
merge:
  - into: W
    variables: [V]
    note: same thing
add_edges:
  - source: Z
    target: "a new variable"
    sign: "-"
    weight: 0.6
    note: my reading
remove_edges:
  - source: Y
    target: Z
    note: extraction error
reweight:
  - source: X
    target: Y
    factor: 0.5
    note: overstated
""",
        encoding="utf-8",
    )
    out = apply_overlay(cmap, path)
    assert out.variables["X"].label == "the shock" and "clearer" in out.variables["X"].notes[0]
    assert "V" not in out.variables and "same thing" in out.variables["W"].notes[0]
    merged = out.edges["W +> Z"]
    assert merged.sources == 2 and merged.belief == pytest.approx(1 - 0.7 * 0.6)
    assert "Y +> Z" not in out.edges
    assert out.removed[0]["note"] == "extraction error"
    assert out.removed[0]["edge"]["evidence"][0]["text"] == "sentence 1"
    assert out.edges["X +> Y"].belief == pytest.approx(0.5)
    assert "overstated" in out.edges["X +> Y"].notes[0]
    added = out.edges["Z -> a new variable"]
    assert added.weight == pytest.approx(-0.6) and added.evidence[0].kind == "overlay"
    # the map it was applied to is unchanged
    assert cmap.variables["X"].label == "X" and "Y +> Z" in cmap.edges and "V" in cmap.variables
    assert cmap.edges["X +> Y"].belief == pytest.approx(1.0)


def test_overlay_needs_notes_and_known_names(tmp_path: Path) -> None:
    cmap = small_map([("X", "Y", 1.0)])
    with pytest.raises(OverlayError):
        apply_overlay(cmap, {"rename": [{"variable": "X", "label": "x"}]})
    with pytest.raises(OverlayError):
        apply_overlay(cmap, {"remove_edges": [{"source": "Q", "target": "Y", "note": "n"}]})
    bad = tmp_path / "bad.yaml"
    bad.write_text("colour: red\n", encoding="utf-8")
    with pytest.raises(OverlayError):
        apply_overlay(cmap, bad)


def test_overlay_through_build_never_touches_the_store(tmp_path: Path) -> None:
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Trade improves Japan–Russia relations.",
                    ACTORS,
                    [Claim("Trade", "Japan–Russia relations")],
                ),
            ]
        },
    )
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        "reweight:\n  - {source: ':trade', target: 'JPN-RUS:relations', weight: 0.2, note: doubtful}\n",
        encoding="utf-8",
    )
    conn = connect(db)
    try:
        from realpolitik.model.causal_map import build_causal_map

        edited = build_causal_map(conn, overlay=overlay)
        assert edited.edges[":trade +> JPN-RUS:relations"].belief == pytest.approx(0.2)
        assert conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0] == 1
    finally:
        conn.close()
    assert load(db).edges[":trade +> JPN-RUS:relations"].belief == pytest.approx(1.0)
