"""Score perspectives against a gold file in the format of ``../shared/gold/README.md``.

Each record is run as one small document, ``context + " " + text``; only what is
extracted from the ``text`` part is kept. Score: micro F1 over (record, holder,
target, stance sign), holders and targets cut to country level (first three
letters); an issue matches where the system's issue shares a content word with the
gold one (reported as ``issue_acc`` over the matched tuples).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from realpolitik.eval.gold import read_jsonl, record_input
from realpolitik.extract.claim_types import AUTHOR, Perspective
from realpolitik.extract.perspectives import extract_perspectives
from realpolitik.records import Mention

Resolver = Callable[[Doc], list[Mention]]

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "to",
        "for",
        "and",
        "or",
        "with",
        "by",
        "as",
        "at",
        "from",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "be",
        "was",
        "were",
        "will",
        "would",
        "s",
        "about",
        "over",
        "into",
        "than",
        "between",
    ]
)


def default_resolver(doc: Doc) -> list[Mention]:
    """Actor mentions of ``doc`` from the project's resolver."""
    from realpolitik.actors.resolver import resolve_doc

    return resolve_doc(doc)


def record_doc(
    rec: dict[str, Any], resolver: Resolver | None = None
) -> tuple[Doc, list[Mention], int]:
    """Annotate and resolve one record: (doc, mentions, offset of the text part)."""
    from realpolitik.annotate import load_nlp

    full, offset = record_input(rec)
    doc = load_nlp()(full)
    mentions = (resolver or default_resolver)(doc)
    return doc, mentions, offset


def country(code: str | None) -> str | None:
    if code is None:
        return None
    return code if code == AUTHOR else code[:3]


def content_words(text: str | None) -> set[str]:
    """Lower-cased content words (a crude stem: a trailing plural s dropped)."""
    if not text:
        return set()
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z\-]+", text)}
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in _STOP}


def perspective_dict(p: Perspective) -> dict[str, Any]:
    """The ``extract --jsonl`` form of a perspective."""
    return {
        "holder": country(p.holder),
        "target": country(p.target),
        "issue": p.issue,
        "stance": p.stance_sign,
        "holder_code": p.holder,
        "target_code": p.target,
        "score": p.stance,
        "cue": p.cue,
        "confidence": p.confidence,
    }


def perspectives_record(
    rec: dict[str, Any], resolver: Resolver | None = None
) -> list[dict[str, Any]]:
    """Perspectives found in the ``text`` part of one gold-format record."""
    doc, mentions, offset = record_doc(rec, resolver)
    out: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for p in extract_perspectives(doc, mentions):
        if p.sent_start + p.cue_end <= offset:
            continue
        d = perspective_dict(p)
        key = (d["holder"], d["target"], d["stance"])
        if key in seen:
            continue
        seen.add(key)
        out.append(d)
    return out


def score_perspectives(
    path: str | Path, resolver: Resolver | None = None, *, verbose: bool = False
) -> dict[str, Any]:
    """Micro P/R/F1 over (record, holder, target, stance sign); ``verbose`` prints each
    record whose views differ from the gold ones."""
    tp = fp = fn = 0
    issue_hits = issue_total = 0
    n = 0
    for rec in read_jsonl(path):
        n += 1
        got = perspectives_record(rec, resolver)
        gold = rec.get("perspectives") or []
        gset = {
            (country(g.get("holder")), country(g.get("target")), _sign(g.get("stance", 0)))
            for g in gold
        }
        sset = {(d["holder"], d["target"], d["stance"]) for d in got}
        tp += len(gset & sset)
        fp += len(sset - gset)
        fn += len(gset - sset)
        for key in gset & sset:
            gi = [
                g.get("issue")
                for g in gold
                if (country(g.get("holder")), country(g.get("target")), _sign(g.get("stance", 0)))
                == key
            ]
            si = [d["issue"] for d in got if (d["holder"], d["target"], d["stance"]) == key]
            issue_total += 1
            if any(content_words(a) & content_words(b) for a in gi for b in si):
                issue_hits += 1
        if verbose and gset != sset:
            print(
                rec.get("id"),
                "missed",
                sorted(gset - sset, key=str),
                "extra",
                sorted(sset - gset, key=str),
            )
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    issue_acc = issue_hits / issue_total if issue_total else 0.0
    result = {
        "f1": f1,
        "p": p,
        "r": r,
        "n": n,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "issue_acc": issue_acc,
    }
    return result


def _sign(x: Any) -> int:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return 0
    return (v > 0) - (v < 0)


if __name__ == "__main__":  # pragma: no cover
    import sys

    from realpolitik.eval.gold import figures

    print(figures(score_perspectives(sys.argv[1], verbose="-v" in sys.argv)))
