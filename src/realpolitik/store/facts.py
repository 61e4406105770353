"""Repository functions for extracted facts: mentions, events, relations, views, claims."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the store does not load spaCy to write facts
    from realpolitik.extract.pipeline import SentenceFacts


def write_facts(
    conn: sqlite3.Connection, sentence_ids: Mapping[int, int], facts: Sequence[SentenceFacts]
) -> int:
    """Store the facts of a document's sentences (``sentence_ids``: seq -> id); count rows."""
    rows = 0
    for found in facts:
        sid = sentence_ids[found.seq]
        conn.execute(
            "INSERT OR REPLACE INTO sentence_facts (sentence_id, causal, date) VALUES (?, ?, ?)",
            (sid, found.causal, found.date),
        )
        conn.executemany(
            'INSERT INTO mentions (sentence_id, start, "end", text, code, kind, via, confidence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (sid, m.start, m.end, m.text, m.code, m.kind, m.via, m.confidence)
                for m in found.mentions
            ],
        )
        conn.executemany(
            "INSERT INTO events (sentence_id, source, target, plover, plover_mode, cameo, cameo_root, "
            'intensity, modality, negated, instrument, power, trigger, start, "end", date, confidence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    sid,
                    e.source,
                    e.target,
                    e.plover,
                    e.plover_mode,
                    e.cameo,
                    e.cameo_root,
                    e.intensity,
                    e.modality,
                    int(e.negated),
                    e.instrument,
                    e.power,
                    e.trigger,
                    e.start,
                    e.end,
                    e.date,
                    e.confidence,
                )
                for e in found.events
            ],
        )
        conn.executemany(
            "INSERT INTO relations (sentence_id, source, target, type, object, polarity, trend, "
            'instrument, power, cue, start, "end", date, confidence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    sid,
                    r.source,
                    r.target,
                    r.type,
                    r.object,
                    r.polarity,
                    r.trend,
                    r.instrument,
                    r.power,
                    r.cue,
                    r.start,
                    r.end,
                    r.date,
                    r.confidence,
                )
                for r in found.relations
            ],
        )
        conn.executemany(
            "INSERT INTO perspectives (sentence_id, holder, target, issue, stance, negated, cue, "
            'cue_start, cue_end, start, "end", confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [
                (
                    sid,
                    p.holder,
                    p.target,
                    p.issue,
                    p.stance,
                    int(p.negated),
                    p.cue,
                    p.cue_start,
                    p.cue_end,
                    p.span_start,
                    p.span_end,
                    p.confidence,
                )
                for p in found.perspectives
            ],
        )
        conn.executemany(
            "INSERT INTO claims (sentence_id, cause, cause_start, cause_end, effect, effect_start, "
            "effect_end, signal, sign, modality, conditional, holder, pattern, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    sid,
                    c.cause,
                    c.cause_start,
                    c.cause_end,
                    c.effect,
                    c.effect_start,
                    c.effect_end,
                    c.signal,
                    c.sign,
                    c.modality,
                    int(c.conditional),
                    c.holder,
                    c.pattern,
                    c.confidence,
                )
                for c in found.claims
            ],
        )
        rows += (
            len(found.mentions)
            + len(found.events)
            + len(found.relations)
            + len(found.perspectives)
            + len(found.claims)
        )
    return rows
