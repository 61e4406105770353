"""Score event coding against a gold file (``events.jsonl`` format).

Each record is coded as one small document, ``context + " " + text``; only events
whose trigger lies in the ``text`` part count. Two micro-F1 figures: over
(record, source[:3], target[:3], CAMEO root) and over (record, source[:3],
target[:3], PLOVER type).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from realpolitik.extract.types import Event

Record = Mapping[str, Any]
Predict = Callable[[Record], Iterable[Mapping[str, Any]]]


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON Lines gold file."""
    out: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
    return out


def _prf(gold: set[tuple[str, ...]], pred: set[tuple[str, ...]]) -> dict[str, float]:
    tp = len(gold & pred)
    p = tp / len(pred) if pred else (1.0 if not gold else 0.0)
    r = tp / len(gold) if gold else (1.0 if not pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "p": round(p, 4),
        "r": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "n_gold": len(gold),
        "n_pred": len(pred),
    }


def _keys(
    rid: str, events: Iterable[Mapping[str, Any]]
) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    by_root: set[tuple[str, ...]] = set()
    by_plover: set[tuple[str, ...]] = set()
    for e in events:
        src, tgt = str(e["source"])[:3], str(e["target"])[:3]
        cameo = str(e.get("cameo") or "")[:2]
        if cameo:
            by_root.add((rid, src, tgt, cameo))
        if e.get("plover"):
            by_plover.add((rid, src, tgt, str(e["plover"])))
    return by_root, by_plover


def score_events(records: Sequence[Record], predict: Predict) -> dict[str, Any]:
    """Micro P/R/F1 of ``predict(record)`` against each record's ``events``.

    ``predict`` gets the whole record and returns event dicts with at least
    ``source``, ``target``, ``cameo`` and ``plover``.
    """
    g_root: set[tuple[str, ...]] = set()
    g_plo: set[tuple[str, ...]] = set()
    p_root: set[tuple[str, ...]] = set()
    p_plo: set[tuple[str, ...]] = set()
    errors: list[dict[str, Any]] = []
    for rec in records:
        rid = str(rec["id"])
        gr, gp = _keys(rid, rec.get("events") or [])
        pred = list(predict(rec))
        pr, pp = _keys(rid, pred)
        g_root |= gr
        g_plo |= gp
        p_root |= pr
        p_plo |= pp
        if gr != pr or gp != pp:
            errors.append({"id": rid, "missed": sorted(gp - pp), "extra": sorted(pp - gp)})
    return {
        "cameo": _prf(g_root, p_root),
        "plover": _prf(g_plo, p_plo),
        "n": len(records),
        "errors": errors,
    }


def event_dict(e: Event) -> dict[str, Any]:
    """The gold-format view of an event (see :meth:`Event.to_record`)."""
    return e.to_record()


def pipeline_predict(record: Record) -> list[dict[str, Any]]:
    """Code a gold record with the real pipeline (spaCy + actor resolver + coder)."""
    from realpolitik.actors.resolver import resolve_doc
    from realpolitik.annotate import load_nlp
    from realpolitik.extract.events import code_events, counted_events

    context = str(record.get("context") or "").strip()
    text = str(record["text"])
    full = f"{context} {text}" if context else text
    offset = len(context) + 1 if context else 0
    doc = load_nlp()(full)
    mentions = resolve_doc(doc, date=record.get("date"))
    events = counted_events(code_events(doc, mentions, doc_date=record.get("date")))
    return [event_dict(e) for e in events if e.doc_start >= offset]


def format_scores(scores: Mapping[str, Any]) -> str:
    """``name=value`` pairs on one line, as ``realpolitik eval`` prints them."""
    c, p = scores["cameo"], scores["plover"]
    return (
        f"f1_cameo={c['f1']:.3f} p_cameo={c['p']:.3f} r_cameo={c['r']:.3f} "
        f"f1_plover={p['f1']:.3f} p_plover={p['p']:.3f} r_plover={p['r']:.3f} "
        f"f1={(c['f1'] + p['f1']) / 2:.3f} n={scores['n']}"
    )
