"""Score the dyad model against a ``dyads.json`` gold file (``../shared/gold`` format).

For each gold pair ("JPN-RUS"): the model's ``polarity`` and ``trend`` verdicts are
right or wrong (accuracy over pairs); each gold relation is recalled when the model
holds a standing relation of the same type between the pair (the scorer's vocabulary:
``quasi_alliance`` counts as ``alliance``); a dispute with a gold object also scores
an object match when one of the model's objects shares a content word with it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from realpolitik.model.dyads import dyad
from realpolitik.store import connect

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "and",
        "or",
        "to",
        "for",
        "with",
        "by",
        "from",
        "at",
        "as",
        "over",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "between",
        "among",
        "into",
        "east",
        "west",
        "north",
        "south",
    ]
)


def content_words(text: str | None) -> set[str]:
    """Lower-cased content words, a trailing plural s dropped."""
    if not text:
        return set()
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z\-]+", text)}
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in _STOP}


def _pair(key: str) -> tuple[str, str]:
    parts = [p for p in re.split(r"[-–/ ]+", key.strip()) if p]
    if len(parts) != 2:
        raise ValueError(f"dyads gold: {key!r} is not a pair of codes like 'JPN-RUS'")
    return parts[0].upper(), parts[1].upper()


def score_dyads(gold_path: Path, db: Path, *, verbose: bool = False) -> dict[str, Any]:
    """Compare the model at ``db`` with ``gold_path`` and return the figures
    (:func:`format_scores` writes them as one line; ``verbose``: print each pair)."""
    gold: dict[str, Any] = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    conn = connect(db)
    pol_ok = trend_ok = rel_tp = rel_n = obj_tp = obj_n = 0
    pairs: dict[str, Any] = {}
    try:
        for key, g in gold.items():
            a, b = _pair(key)
            d = dyad(conn, a, b)
            types = {r.scored_type for r in d.relations if r.scored_type}
            objects = [o for r in d.relations if r.scored_type == "dispute" for o in r.objects]
            missed: list[str] = []
            for rel in g.get("relations", []):
                rel_n += 1
                if rel["type"] in types:
                    rel_tp += 1
                else:
                    missed.append(rel["type"])
                if rel["type"] == "dispute" and rel.get("object"):
                    obj_n += 1
                    gw = content_words(rel["object"])
                    if any(gw & content_words(o) for o in objects):
                        obj_tp += 1
            pol_ok += d.polarity == g.get("polarity")
            trend_ok += d.trend == g.get("trend")
            pairs[key] = {
                "polarity": [g.get("polarity"), d.polarity],
                "trend": [g.get("trend"), d.trend, d.trend_basis],
                "basis": d.polarity_basis,
                "relations": sorted(types),
                "missed": missed,
                "objects": objects,
            }
    finally:
        conn.close()
    n = len(gold)
    result: dict[str, Any] = {
        "polarity": round(pol_ok / n, 3) if n else 0.0,
        "trend": round(trend_ok / n, 3) if n else 0.0,
        "relations": round(rel_tp / rel_n, 3) if rel_n else 1.0,
        "objects": round(obj_tp / obj_n, 3) if obj_n else 1.0,
        "n": n,
        "pairs": pairs,
    }
    if verbose:
        for key, p in pairs.items():
            flag_p = "" if p["polarity"][0] == p["polarity"][1] else "  <-- polarity"
            flag_t = "" if p["trend"][0] == p["trend"][1] else "  <-- trend"
            print(
                f"{key}: polarity {p['polarity'][0]}/{p['polarity'][1]}{flag_p}; "
                f"trend {p['trend'][0]}/{p['trend'][1]} ({p['trend'][2]}){flag_t}; "
                f"relations {p['relations']} missed {p['missed']} objects {p['objects']} "
                f"basis {p['basis']}"
            )
    return result


def format_scores(result: dict[str, Any]) -> str:
    """The figures as the last line of ``realpolitik eval dyads``."""
    return (
        f"polarity={result['polarity']:.3f} trend={result['trend']:.3f} "
        f"relations={result['relations']:.3f} objects={result['objects']:.3f} n={result['n']}"
    )
