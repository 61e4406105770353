"""Export of the causal map (GraphML, JSON) and of the actor graph."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from realpolitik.model.export import actor_graph, write_graphml, write_json
from realpolitik.store import connect
from tests.test_causal_map import ACTORS, Claim, Sent, load, make_model


def _model(tmp_path: Path) -> Path:
    return make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Trade improves Japan–Russia relations.",
                    ACTORS,
                    [Claim("Trade", "Japan–Russia relations")],
                    relations=[("JPN", "RUSGOV", "dispute", "islands")],
                ),
                Sent(
                    "Trade worsens Japan–Russia relations.",
                    ACTORS,
                    [Claim("Trade", "Japan–Russia relations", sign="-")],
                ),
            ]
        },
    )


def test_graphml_round_trip_keeps_both_signs(tmp_path: Path) -> None:
    db = _model(tmp_path)
    cmap = load(db)
    out = tmp_path / "map.graphml"
    write_graphml(cmap, out)
    g = nx.read_graphml(out, force_multigraph=True)
    assert set(g.nodes) == set(cmap.variables)
    pairs = [
        (u, v, d["sign"], d["contradicted"]) for u, v, d in g.edges(data=True) if u == ":trade"
    ]
    assert sorted(p[2] for p in pairs) == [-1, 1] and all(p[3] for p in pairs)
    first = next(d for u, v, d in g.edges(data=True) if u == ":trade")
    assert first["documents"] == "a.txt" and "Trade" in first["sentence"]


def test_json_with_actor_graph(tmp_path: Path) -> None:
    db = _model(tmp_path)
    conn = connect(db)
    try:
        out = tmp_path / "map.json"
        write_json(load(db), out, conn)
        data = json.loads(out.read_text(encoding="utf-8"))
        assert {v["id"] for v in data["causal_map"]["variables"]} >= {":trade", "JPN-RUS:relations"}
        assert data["causal_map"]["edges"][0]["evidence"][0]["document"] == "a.txt"
        links = data["actor_graph"]["links"]
        assert len(links) == 1 and links[0]["types"] == "dispute" and links[0]["relations"] == 1
        assert actor_graph(conn).has_edge("JPN", "RUS")
    finally:
        conn.close()
