"""The causal map's data: variables, signed edges with their evidence, the map.

``model.causal_map`` assembles a map from the store; ``model.generalise`` folds and
links its variables; the scenario, overlay, export and web stages read it. Every
stage meets the map through these dataclasses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from realpolitik.model.variables import (
    Canonical,
    VariableText,
    canonicalise_text,
    content_text,
)


@dataclass(frozen=True)
class Evidence:
    """One sentence behind an edge (or a note of the analyst's overlay)."""

    kind: str  # claim | continuation | perspective | relation | instance | overlay
    sentence_id: int | None
    document: str | None
    text: str
    cause_span: tuple[int, int] | None = None
    effect_span: tuple[int, int] | None = None
    holder: str = "AUTHOR"
    modality: str = "certain"
    conditional: bool = False
    strength: float = 1.0
    record_id: int | None = None
    canonical_id: int | None = None  # the sentence this one restates, or itself

    def to_dict(self) -> dict[str, Any]:
        """The fields, spans as lists: the same value after a JSON round trip."""
        data = asdict(self)
        for span in ("cause_span", "effect_span"):
            if data[span] is not None:
                data[span] = list(data[span])
        return data


@dataclass
class Variable:
    """A node: a dyad's state, an actor's policy or capability, or an issue."""

    id: str
    label: str
    kind: str
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    words: tuple[str, ...]
    spans: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: actors the variable is about without being its own (a view's object), for matching
    about: tuple[str, ...] = ()

    def matcher_text(self) -> VariableText:
        texts = [content_text(canonicalise_text(s)) for s in self.spans[:8]]
        texts.append(" ".join([*self.issues, *self.words]))
        return VariableText(
            frozenset(self.actors),
            frozenset(self.issues),
            frozenset(self.words),
            texts,
            frozenset(self.about),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "kind": self.kind,
            "actors": list(self.actors),
            "issues": list(self.issues),
            "words": list(self.words),
            "spans": self.spans,
            "notes": self.notes,
            "about": list(self.about),
        }


@dataclass
class Edge:
    """A signed, weighted causal link with the sentences behind it."""

    id: str
    source: str
    target: str
    sign: int
    evidence: list[Evidence] = field(default_factory=list)
    contradicted: bool = False
    weight_override: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def sources(self) -> int:
        """Independent sources: distinct canonical sentences (overlay notes count one)."""
        return len({e.canonical_id if e.canonical_id is not None else -1 for e in self.evidence})

    @property
    def documents(self) -> list[str]:
        return sorted({e.document for e in self.evidence if e.document})

    @property
    def belief(self) -> float:
        """Noisy-OR of the independent sources' strengths, in 0..1."""
        if self.weight_override is not None:
            return min(1.0, abs(self.weight_override))
        best: dict[int, float] = {}
        for e in self.evidence:
            key = e.canonical_id if e.canonical_id is not None else -1
            best[key] = max(best.get(key, 0.0), e.strength)
        miss = 1.0
        for strength in best.values():
            miss *= 1.0 - min(1.0, max(0.0, strength))
        return 1.0 - miss

    @property
    def weight(self) -> float:
        return self.sign * self.belief

    @property
    def holders(self) -> list[str]:
        return sorted({e.holder for e in self.evidence})

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "target": self.target,
            "sign": "+" if self.sign > 0 else "-",
            "weight": round(self.weight, 4),
            "belief": round(self.belief, 4),
            "sources": self.sources,
            "documents": self.documents,
            "holders": self.holders,
            "contradicted": self.contradicted,
            "notes": self.notes,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class CausalMap:
    """Variables and edges; ``holder`` is None for the whole map."""

    variables: dict[str, Variable] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)
    holder: str | None = None
    removed: list[dict[str, Any]] = field(default_factory=list)  # overlay removals, noted

    def add_variable(self, canon: Canonical, span: str) -> str:
        vid = canon.key
        var = self.variables.get(vid)
        if var is None:
            var = Variable(vid, canon.label(), canon.kind, canon.actors, canon.issues, canon.words)
            if canon.qualifier and ":" not in canon.qualifier:  # a view of these actors
                var.about = tuple(canon.qualifier.split("-"))
            self.variables[vid] = var
        if span and span not in var.spans:
            var.spans.append(span)
        return vid

    def add_evidence(self, source: str, target: str, sign: int, evidence: Evidence) -> Edge:
        eid = edge_id(source, target, sign)
        edge = self.edges.get(eid)
        if edge is None:
            edge = Edge(eid, source, target, sign)
            self.edges[eid] = edge
        edge.evidence.append(evidence)
        return edge

    def flag_contradictions(self) -> None:
        """Flag the edges of a (source, target) pair that has edges of different signs."""
        first: dict[tuple[str, str], int] = {}
        mixed: set[tuple[str, str]] = set()
        for e in self.edges.values():
            if first.setdefault((e.source, e.target), e.sign) != e.sign:
                mixed.add((e.source, e.target))
        for e in self.edges.values():
            e.contradicted = (e.source, e.target) in mixed

    def to_dict(self) -> dict[str, Any]:
        return {
            "holder": self.holder,
            "variables": [v.to_dict() for v in self.variables.values()],
            "edges": [e.to_dict() for e in self.edges.values()],
            "removed": self.removed,
        }


def describe(cmap: CausalMap, *, top: int = 30) -> list[str]:
    """Plain-text lines for ``realpolitik map``: counts, then the strongest edges."""
    contradicted = sum(1 for e in cmap.edges.values() if e.contradicted)
    lines = [
        f"causal map ({cmap.holder or 'all holders'}): {len(cmap.variables)} variables, "
        f"{len(cmap.edges)} edges, {contradicted} contradicted"
    ]
    ranked = sorted(cmap.edges.values(), key=lambda e: (-e.belief, e.id))[:top]
    for e in ranked:
        src, dst = cmap.variables[e.source].label, cmap.variables[e.target].label
        flag = "  [contradicted]" if e.contradicted else ""
        docs = ", ".join(e.documents) or e.evidence[0].kind if e.evidence else ""
        lines.append(f"{e.weight:+.2f}  {src} -> {dst}  ({e.sources} source(s): {docs}){flag}")
    return lines


def edge_id(source: str, target: str, sign: int) -> str:
    return f"{source} {'+' if sign > 0 else '-'}> {target}"


def match_variables(cmap: CausalMap, text: str, *, top: int = 5) -> list[tuple[Variable, float]]:
    """The variables that best match a plain-words phrase, best first, with scores in 0..1."""
    from realpolitik.model.variables import match_score

    query = canonicalise_text(text)
    scored = [(v, match_score(query, v.matcher_text())) for v in cmap.variables.values()]
    scored.sort(key=lambda pair: (-pair[1], pair[0].id))
    return scored[:top]


def variables_of(cmap: CausalMap, ids: Iterable[str]) -> list[Variable]:
    return [cmap.variables[i] for i in ids if i in cmap.variables]


def variable_degrees(cmap: CausalMap) -> dict[str, int]:
    """How many edges each variable has (either end); variables without any are absent."""
    degree: dict[str, int] = defaultdict(int)
    for e in cmap.edges.values():
        degree[e.source] += 1
        degree[e.target] += 1
    return degree
