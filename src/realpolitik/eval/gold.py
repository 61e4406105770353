"""Reading gold files (``../shared/gold`` format) shared by the scorers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines file, skipping blank lines; errors name the line."""
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not valid JSON: {exc}") from exc
            if not isinstance(rec, dict) or "text" not in rec:
                raise ValueError(f"{path}:{n}: a record needs at least a 'text' field")
            yield rec


def record_input(rec: dict[str, Any]) -> tuple[str, int]:
    """The text to run (``context + " " + text``) and where ``text`` starts in it."""
    context = (rec.get("context") or "").strip()
    text = str(rec["text"])
    if not context:
        return text, 0
    return f"{context} {text}", len(context) + 1


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Micro precision, recall and F1 (1.0 for an empty-vs-empty comparison)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def figures(result: dict[str, Any]) -> str:
    """A scorer's figures on one line, as ``realpolitik eval`` prints them last: every
    top-level number, as name=value."""
    parts = []
    for key, value in result.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        parts.append(f"{key}={value:.3f}" if isinstance(value, float) else f"{key}={value}")
    return " ".join(parts)
