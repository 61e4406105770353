"""Relations of a gold-format record (for `extract --jsonl`)."""

from __future__ import annotations

from typing import Any

from realpolitik.actors.resolver import resolve_doc
from realpolitik.annotate import load_nlp
from realpolitik.eval.gold import record_input
from realpolitik.extract.relations import extract_relations


def relations_record(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """Standing relations stated in the ``text`` part of a record (the context resolves)."""
    full, offset = record_input(rec)
    doc = load_nlp()(full)
    mentions = resolve_doc(doc, date=rec.get("date"))
    return [
        {
            "source": r.source,
            "target": r.target,
            "type": r.scored_type or r.type,
            "object": r.object,
            "polarity": r.polarity,
            "trend": r.trend,
            "instrument": r.instrument,
            "power": r.power,
        }
        for r in extract_relations(doc, mentions)
        if r.sentence_start + r.start >= offset
    ]
