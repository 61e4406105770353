"""The analyst's overlay: a YAML file of edits applied on top of the extracted map.

The overlay never touches the store: it edits a copy of the assembled map, and every
edit carries a note that stays with what it changed (a variable's or an edge's
``notes``; removed edges go to ``CausalMap.removed`` with their evidence). Format
(all sections optional; ``note`` required everywhere; variables by id or by plain
words, matched with the text matcher when no id fits)::

    rename:
      - variable: "JPN-RUS:relations"
        label: "Japan–Russia relations"
        note: "shorter label"
    merge:
      - into: "JPN-RUS:relations"
        variables: ["JPN-RUS:cooperation", "JPN-RUS:relations+security"]
        note: "the corpus uses these interchangeably"
    add_edges:
      - source: "CHN-RUS:cooperation"
        target: "JPN:opposition+threat"
        sign: "+"
        weight: 0.6
        note: "my reading of section 3"
    remove_edges:
      - source: ":~article"
        target: "JPN:alliance"
        sign: "+"          # optional: both signs when absent
        note: "extraction error"
    reweight:
      - source: "JPN-USA:alliance"
        target: "CHN-RUS:cooperation"
        weight: 0.3        # or factor: 0.5
        note: "overstated"

A variable named in ``add_edges`` that does not exist is created (kind ``overlay``).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from realpolitik.model.generalise import merge_pairs
from realpolitik.model.map_types import CausalMap, Evidence, Variable, edge_id
from realpolitik.yamlfile import read_yaml


class OverlayError(ValueError):
    """The overlay file is malformed or names something that is not in the map."""


def load_overlay(path: Path) -> dict[str, Any]:
    data = read_yaml(Path(path)) or {}
    if not isinstance(data, dict):
        raise OverlayError(f"{path}: an overlay is a mapping of sections")
    unknown = set(data) - {"rename", "merge", "add_edges", "remove_edges", "reweight"}
    if unknown:
        raise OverlayError(f"{path}: unknown sections: {', '.join(sorted(unknown))}")
    return data


def _note(item: dict[str, Any]) -> str:
    note = item.get("note")
    if not note:
        raise OverlayError(f"every overlay item needs a note: {item}")
    return str(note)


def _resolve(cmap: CausalMap, ref: str, *, create: bool = False) -> str:
    if ref in cmap.variables:
        return ref
    for v in cmap.variables.values():
        if v.label == ref:
            return v.id
    if create:
        cmap.variables[ref] = Variable(ref, ref, "overlay", (), (), tuple(ref.lower().split()))
        return ref
    raise OverlayError(f"no variable {ref!r} in the map")


def apply_overlay(cmap: CausalMap, overlay: Path | dict[str, Any]) -> CausalMap:
    """A new map: ``cmap`` with the overlay's edits (``cmap`` itself is left as it was)."""
    data = load_overlay(overlay) if isinstance(overlay, Path) else overlay
    out = copy.deepcopy(cmap)
    for item in data.get("rename", []) or []:
        vid = _resolve(out, str(item["variable"]))
        note = _note(item)
        var = out.variables[vid]
        var.notes.append(f"renamed from {var.label!r}: {note}")
        var.label = str(item["label"])
    for item in data.get("merge", []) or []:
        _merge(out, item)
    for item in data.get("remove_edges", []) or []:
        src, dst = _resolve(out, str(item["source"])), _resolve(out, str(item["target"]))
        signs = [_sign(item["sign"])] if "sign" in item else [1, -1]
        note = _note(item)
        hit = False
        for sign in signs:
            edge = out.edges.pop(edge_id(src, dst, sign), None)
            if edge is not None:
                hit = True
                out.removed.append({"edge": edge.to_dict(), "note": note})
        if not hit:
            raise OverlayError(f"no edge {src} -> {dst} to remove")
    for item in data.get("reweight", []) or []:
        src, dst = _resolve(out, str(item["source"])), _resolve(out, str(item["target"]))
        note = _note(item)
        edges = [e for e in out.edges.values() if e.source == src and e.target == dst]
        if "sign" in item:
            edges = [e for e in edges if e.sign == _sign(item["sign"])]
        if not edges:
            raise OverlayError(f"no edge {src} -> {dst} to re-weight")
        for e in edges:
            old = e.belief
            new = float(item["weight"]) if "weight" in item else old * float(item["factor"])
            e.weight_override = min(1.0, abs(new))
            e.notes.append(f"re-weighted {old:.2f} -> {e.belief:.2f}: {note}")
    for item in data.get("add_edges", []) or []:
        src = _resolve(out, str(item["source"]), create=True)
        dst = _resolve(out, str(item["target"]), create=True)
        sign = _sign(item.get("sign", "+"))
        note = _note(item)
        weight = float(item.get("weight", 1.0))
        edge = out.add_evidence(
            src, dst, sign, Evidence("overlay", None, None, note, strength=min(1.0, abs(weight)))
        )
        edge.notes.append(f"added by the overlay: {note}")
    out.flag_contradictions()
    return out


def _sign(value: Any) -> int:
    text = str(value).strip()
    if text in {"+", "+1", "1"}:
        return 1
    if text in {"-", "-1", "−"}:
        return -1
    raise OverlayError(f"a sign is '+' or '-', not {value!r}")


def _merge(cmap: CausalMap, item: dict[str, Any]) -> None:
    into = _resolve(cmap, str(item["into"]))
    note = _note(item)
    merge_variables(
        cmap, into, [_resolve(cmap, str(ref)) for ref in item.get("variables", [])], note
    )
    if "label" in item:
        cmap.variables[into].label = str(item["label"])


def merge_variables(cmap: CausalMap, into: str, others: list[str], note: str) -> None:
    """Fold ``others`` into ``into``: spans and edges move, loops are dropped (noted)."""
    if into not in cmap.variables:
        raise KeyError(into)
    merge_pairs(cmap, [(vid, into) for vid in others], note)
