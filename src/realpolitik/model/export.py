"""Export the causal map and the actor graph as GraphML (networkx) or JSON."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import networkx as nx

from realpolitik.model.map_types import CausalMap
from realpolitik.model.variables import country_level


def causal_graph(cmap: CausalMap) -> nx.MultiDiGraph:
    """The map as a networkx multigraph (opposite-sign edges of a pair are both kept).

    GraphML takes scalars only: lists become "; "-joined strings, and each edge keeps
    its first source sentence and document.
    """
    g = nx.MultiDiGraph(holder=cmap.holder or "ALL")
    for v in cmap.variables.values():
        g.add_node(
            v.id,
            label=v.label,
            kind=v.kind,
            actors=" ".join(v.actors),
            issues=" ".join(v.issues),
            spans=" | ".join(v.spans[:5]),
        )
    for e in cmap.edges.values():
        first = e.evidence[0] if e.evidence else None
        g.add_edge(
            e.source,
            e.target,
            key=e.id,
            sign=e.sign,
            weight=float(e.weight),
            belief=float(e.belief),
            sources=e.sources,
            contradicted=e.contradicted,
            holders=" ".join(e.holders),
            documents="; ".join(e.documents),
            sentence=first.text if first else "",
            sentence_id=first.sentence_id if first and first.sentence_id is not None else -1,
            notes="; ".join(e.notes),
        )
    return g


def actor_graph(conn: sqlite3.Connection) -> nx.Graph:
    """Actors (country level) as nodes, dyads as edges, from events and relations.

    Edge attributes: event count, the sum of event intensities (Goldstein-like), the
    standing relation types named, and the number of relation records.
    """
    g = nx.Graph()
    counted = (
        "JOIN sentences s ON s.id = x.sentence_id JOIN documents d ON d.id = s.doc_id "
        "WHERE d.status = 'ok' AND s.duplicate_of IS NULL"
    )
    for row in conn.execute(f"SELECT x.source, x.target, x.intensity FROM events x {counted}"):
        _tie(g, row[0], row[1])["events"] += 1
        _tie(g, row[0], row[1])["intensity"] += float(row[2])
    for row in conn.execute(f"SELECT x.source, x.target, x.type FROM relations x {counted}"):
        data = _tie(g, row[0], row[1])
        data["relations"] += 1
        types = set(filter(None, str(data["types"]).split(" "))) | {row[2]}
        data["types"] = " ".join(sorted(types))
    return g


def _tie(g: nx.Graph, a: str, b: str) -> dict[str, Any]:
    a, b = country_level(a), country_level(b)
    for node in (a, b):
        if node not in g:
            g.add_node(node, label=node)
    if not g.has_edge(a, b):
        g.add_edge(a, b, events=0, intensity=0.0, relations=0, types="")
    data: dict[str, Any] = g.edges[a, b]
    return data


def write_graphml(cmap: CausalMap, path: Path) -> None:
    nx.write_graphml(causal_graph(cmap), str(path))


def write_json(cmap: CausalMap, path: Path, conn: sqlite3.Connection | None = None) -> None:
    """The map (``to_dict``) and, given a store, the actor graph (node-link form)."""
    Path(path).write_text(
        json.dumps(export_dict(cmap, conn), ensure_ascii=False, indent=1), "utf-8"
    )


def export_dict(cmap: CausalMap, conn: sqlite3.Connection | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"causal_map": cmap.to_dict()}
    if conn is not None:
        data["actor_graph"] = nx.node_link_data(actor_graph(conn), edges="links")
    return data
