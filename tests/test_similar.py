"""Word-only variables that say the same in other words meet (realpolitik.model.similar)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from realpolitik.embeddings import available
from realpolitik.model.map_types import CausalMap, Evidence
from realpolitik.model.similar import (
    SIMILAR_COSINE,
    is_date_like,
    merge_similar_variables,
    phrase_vectors,
    plan_similar_merges,
)
from realpolitik.model.variables import Canonical
from realpolitik.store import connect


def unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_each_variable_joins_the_closest_leader_of_its_actors() -> None:
    variables = [
        ("a", ("CHN",), ["patrols will keep meeting"]),
        ("b", ("CHN",), ["patrols will continue to meet"]),
        ("c", ("CHN",), ["a new dam on the river"]),
        ("d", ("IND",), ["patrols go on meeting"]),  # other actors: never with a or b
    ]
    vectors = np.stack([unit(1, 0.1, 0), unit(1, 0.15, 0), unit(0, 1, 0), unit(1, 0.1, 0)])
    plan = plan_similar_merges(variables, vectors, degree={"b": 3, "a": 1})
    # b has more edges, so it stands for the group and a merges into it
    assert [(v, into) for v, into, _ in plan] == [("a", "b")]
    assert plan[0][2] >= SIMILAR_COSINE


def test_no_chain_of_near_neighbours_and_no_shared_span() -> None:
    # a ~ b and b ~ c, but a and c are far apart: c must not reach a through b
    variables = [("a", (), ["x one"]), ("b", (), ["x two"]), ("c", (), ["x three"])]
    angle = np.deg2rad(25)  # cos 25° = 0.906 each step, cos 50° = 0.64 end to end
    vectors = np.stack(
        [
            unit(1, 0, 0),
            unit(np.cos(angle), np.sin(angle), 0),
            unit(np.cos(2 * angle), np.sin(2 * angle), 0),
        ]
    )
    plan = plan_similar_merges(variables, vectors, degree={"a": 2, "b": 1, "c": 0})
    assert [(v, into) for v, into, _ in plan] == [("b", "a")]  # c stands alone
    # parts split from one phrase share its span: never merged, however close
    parts = [
        ("hard", ("USA",), ["hard power as well as soft power"]),
        ("soft", ("USA",), ["hard power as well as soft power"]),
    ]
    same = np.stack([unit(1, 0, 0), unit(1, 0, 0)])
    assert plan_similar_merges(parts, same, degree={}) == []


def test_dates_are_never_variables_to_merge() -> None:
    assert is_date_like("23 March 2024") and is_date_like("since the 1990s")
    assert not is_date_like("proposal over refugee flows in October 1992")


class FakeEmbedder:
    """Vectors from the words of a text: rewordings listed in SAME share a vector."""

    name = "fake"
    SAME = {"patrols will keep meeting": "patrols will continue to meet"}

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = []
        for text in texts:
            seed = sum(map(ord, self.SAME.get(text, text)))
            rows.append(unit(*np.random.default_rng(seed).normal(size=384)))
        return np.stack(rows).astype(np.float32)


def _map_with_rewording() -> CausalMap:
    cmap = CausalMap()
    cause = cmap.add_variable(Canonical(("CHN", "IND"), ("territory",), (), 1), "the border")
    for n, span in enumerate(["patrols will keep meeting", "patrols will continue to meet"]):
        effect = cmap.add_variable(Canonical((), (), tuple(span.split()[::2]), 1), span)
        cmap.add_evidence(cause, effect, 1, Evidence("claim", n, "doc.txt", span))
    return cmap


def test_rewordings_merge_with_their_edges_and_a_note(tmp_path: Path) -> None:
    conn = connect(tmp_path / "model.db", create=True)
    cmap = _map_with_rewording()
    embedder = FakeEmbedder()
    assert merge_similar_variables(cmap, conn, embedder) == 1
    merged = [v for v in cmap.variables.values() if len(v.spans) == 2]
    assert len(merged) == 1 and "embedding cosine 1.00" in merged[0].notes[0]
    (edge,) = cmap.edges.values()  # both claims now on one edge, evidence kept
    assert len(edge.evidence) == 2
    # the vectors are kept in the model: the next assembly embeds nothing
    assert conn.execute("SELECT COUNT(*) FROM phrase_vectors").fetchone()[0] == 2
    again = FakeEmbedder()
    assert merge_similar_variables(_map_with_rewording(), conn, again) == 1
    assert again.calls == []
    # without an embedder nothing merges
    assert merge_similar_variables(_map_with_rewording(), conn, None) == 0


def test_phrase_vectors_of_a_read_only_model_are_made_and_not_kept(tmp_path: Path) -> None:
    db = tmp_path / "model.db"
    connect(db, create=True).close()
    ro = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    embedder = FakeEmbedder()
    vectors = phrase_vectors(ro, ["a", "b", "a"], embedder)
    assert vectors.shape == (3, 384) and np.allclose(vectors[0], vectors[2])
    assert embedder.calls == [["a", "b"]]  # each text once


@pytest.mark.skipif(not available(), reason="needs the embeddings extra (MiniLM)")
def test_minilm_tells_a_rewording_from_another_clause() -> None:
    from realpolitik.embeddings import load_embedder

    embedder = load_embedder("minilm")
    assert embedder is not None
    a, b, c = embedder.encode(
        [
            "the two governments cannot agree on where the line runs",
            "the two governments do not agree on where the line runs",
            "the two sides will discuss reducing troops near the line",
        ]
    )
    assert float(a @ b) >= SIMILAR_COSINE > float(a @ c)
