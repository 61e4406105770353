"""Score causal claims against a gold file in the format of ``../shared/gold/README.md``.

* detection: F1 over records (``"causal": true|false``), as in Causal News Corpus task 1;
* pairs: a system pair matches a gold pair when its cause overlaps the gold cause, and
  its effect the gold effect, each by at least half of the shorter span's tokens
  (one-to-one, greedy). Pairs count only for records the system calls causal.

Each record runs as ``context + " " + text``; only pairs inside ``text`` are kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from realpolitik.eval.gold import read_jsonl
from realpolitik.eval.perspectives import Resolver, record_doc
from realpolitik.extract.causal import extract_causal
from realpolitik.extract.causal_detect import causal_scores, decide_causal, pattern_confidence
from realpolitik.extract.claim_types import CausalClaim

_TOKEN = re.compile(r"\w+", re.UNICODE)


def claim_dict(c: CausalClaim) -> dict[str, Any]:
    """The ``extract --jsonl`` form of a causal claim."""
    return {
        "cause": c.cause,
        "effect": c.effect,
        "sign": c.sign,
        "signal": c.signal,
        "modality": c.modality,
        "conditional": c.conditional,
        "holder": c.holder,
        "confidence": c.confidence,
    }


def causal_record(
    rec: dict[str, Any], resolver: Resolver | None = None, *, use_classifier: bool = True
) -> dict[str, Any]:
    """``{"causal": bool, "pairs": [...], "p": classifier probability | None, "pattern": conf}``
    for the ``text`` part of one gold-format record."""
    doc, mentions, offset = record_doc(rec, resolver)
    claims = [
        c
        for c in extract_causal(doc, mentions)
        if c.sent_start + c.effect_end > offset
        and c.sent_start + c.cause_end > offset
        and c.sent_start + min(c.cause_start, c.effect_start) >= offset
    ]
    conf = pattern_confidence(claims)
    p: float | None = None
    threshold: float | None = None
    if use_classifier:
        from realpolitik.annotate import load_nlp

        # the classifier sees the sentence alone, with its parse
        scores = causal_scores([rec["text"]], [load_nlp()(rec["text"])], pattern_conf=[conf])
        if scores:
            p, threshold = scores[0].p, scores[0].threshold
    causal = decide_causal(p, conf, threshold=threshold, with_docs=True)
    pairs = [claim_dict(c) for c in claims] if causal else []
    return {"causal": causal, "pairs": pairs, "p": p, "pattern": conf}


def _tokens(text: str, start: int, end: int) -> set[int]:
    return {m.start() for m in _TOKEN.finditer(text) if start <= m.start() < end}


def _locate(text: str, needle: str) -> tuple[int, int] | None:
    chars = [re.escape(c) for c in needle if not c.isspace()]
    if not chars:
        return None
    m = re.compile(r"\s*".join(chars)).search(text)
    return (m.start(), m.end()) if m else None


def spans_match(text: str, sys_span: str, gold_span: str) -> bool:
    """Whether two spans of ``text`` overlap by at least half of the shorter's tokens."""
    a = _locate(text, sys_span)
    b = _locate(text, gold_span)
    if a is None or b is None:
        return False
    ta, tb = _tokens(text, *a), _tokens(text, *b)
    if not ta or not tb:
        return False
    return len(ta & tb) >= 0.5 * min(len(ta), len(tb))


def match_pairs(text: str, system: list[dict[str, Any]], gold: list[dict[str, Any]]) -> int:
    """Greedy one-to-one matches between system and gold pairs."""
    used: set[int] = set()
    hits = 0
    for s in system:
        for j, g in enumerate(gold):
            if j in used:
                continue
            if spans_match(text, s["cause"], g["cause"]) and spans_match(
                text, s["effect"], g["effect"]
            ):
                used.add(j)
                hits += 1
                break
    return hits


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def score_causal(
    path: str | Path,
    resolver: Resolver | None = None,
    *,
    use_classifier: bool = True,
    verbose: bool = False,
) -> dict[str, Any]:
    """Detection F1 and pair F1 (``verbose``: print each record that misses)."""
    dtp = dfp = dfn = 0
    ptp = pfp = pfn = 0
    n = 0
    for rec in read_jsonl(path):
        n += 1
        out = causal_record(rec, resolver, use_classifier=use_classifier)
        gold_causal = bool(rec.get("causal"))
        gold_pairs = rec.get("pairs") or []
        if out["causal"] and gold_causal:
            dtp += 1
        elif out["causal"]:
            dfp += 1
        elif gold_causal:
            dfn += 1
        hits = match_pairs(rec["text"], out["pairs"], gold_pairs)
        ptp += hits
        pfp += len(out["pairs"]) - hits
        pfn += len(gold_pairs) - hits
        if verbose and (
            out["causal"] != gold_causal or hits < max(len(gold_pairs), len(out["pairs"]))
        ):
            print(
                rec.get("id"),
                "gold",
                gold_causal,
                "sys",
                out["causal"],
                f"p={out['p']}",
                f"pat={out['pattern']}",
                f"hits={hits}/{len(gold_pairs)}",
            )
            for s in out["pairs"]:
                print("   SYS  C:", s["cause"], " || E:", s["effect"])
    df1, dp, dr = _f1(dtp, dfp, dfn)
    pf1, pp, pr = _f1(ptp, pfp, pfn)
    result = {
        "detect_f1": df1,
        "detect_p": dp,
        "detect_r": dr,
        "pair_f1": pf1,
        "pair_p": pp,
        "pair_r": pr,
        "n": n,
    }
    return result


if __name__ == "__main__":  # pragma: no cover
    import sys

    from realpolitik.eval.gold import figures

    scores = score_causal(
        sys.argv[1], verbose="-v" in sys.argv, use_classifier="--no-clf" not in sys.argv
    )
    print(figures(scores))
