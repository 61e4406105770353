"""The clean stage's labels against the gold cleaning file of the seed corpus.

The seed documents and the gold belong to their authors and are read from
``/work/shared`` at run time (never copied here); the tests skip without them.
For each seed: every ``exclude`` string must lie outside body and heading
segments, every ``keep`` sentence inside a body segment.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from realpolitik.ingest.clean import label_segments
from realpolitik.records import EXTRACTED_KINDS, Segment

SHARED = Path(os.environ.get("REALPOLITIK_SHARED", "/work/shared"))
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "cleaning.json"

pytestmark = pytest.mark.skipif(
    not (SEEDS.is_dir() and GOLD.is_file()), reason=f"seed corpus or gold absent under {SHARED}"
)


def _load_gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if isinstance(v, dict) and "exclude" in v}


def _read(name: str) -> str:
    raw = (SEEDS / name).read_text(encoding="utf-8")
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` with white space runs folded to one space, and each char's origin."""
    out: list[str] = []
    origin: list[int] = []
    for match in re.finditer(r"\s+|\S+", text):
        if match.group(0)[0].isspace():
            if out:
                out.append(" ")
                origin.append(match.start())
        else:
            out.extend(match.group(0))
            origin.extend(range(match.start(), match.end()))
    return "".join(out), origin


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of ``needle`` in ``text``, white space folded, as original spans."""
    folded, origin = _folded(text)
    target = " ".join(needle.split())
    spans: list[tuple[int, int]] = []
    start = folded.find(target)
    while target and start >= 0:
        end = start + len(target)
        spans.append((origin[start], origin[end - 1] + 1))
        start = folded.find(target, start + 1)
    return spans


def _overlaps(span: tuple[int, int], segments: list[Segment], kinds: frozenset[str]) -> bool:
    return any(s.kind in kinds and s.start < span[1] and span[0] < s.end for s in segments)


def _inside(span: tuple[int, int], segments: list[Segment], kind: str) -> bool:
    return any(s.kind == kind and s.start <= span[0] and span[1] <= s.end for s in segments)


def measure(name: str, entry: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """(excludes leaked, keeps lost, gold strings not found in the text) for one seed."""
    text = _read(name)
    segments = label_segments(text, "txt")
    leaked: list[str] = []
    lost: list[str] = []
    missing: list[str] = []
    for needle in entry.get("exclude", []):
        spans = _spans(text, needle)
        if not spans:
            missing.append(needle)
        elif any(_overlaps(span, segments, EXTRACTED_KINDS) for span in spans):
            leaked.append(needle)
    for needle in entry.get("keep", []):
        spans = _spans(text, needle)
        if not spans:
            missing.append(needle)
        elif not any(_inside(span, segments, "body") for span in spans):
            lost.append(needle)
    return leaked, lost, missing


def _names() -> list[str]:
    if not GOLD.is_file():
        return []
    return sorted(_load_gold())


@pytest.mark.parametrize("name", _names())
def test_seed_cleaning(name: str) -> None:
    entry = _load_gold()[name]
    leaked, lost, missing = measure(name, entry)
    print(
        f"{name}: excludes leaked {len(leaked)}/{len(entry.get('exclude', []))}, "
        f"keeps lost {len(lost)}/{len(entry.get('keep', []))}"
    )
    assert not missing, f"gold strings not found in the seed text: {missing}"
    assert not leaked, f"excluded text reaches extraction: {leaked}"
    assert not lost, f"body sentences lost: {lost}"


def test_segments_cover_seed_text() -> None:
    for name in _names():
        text = _read(name)
        segments = label_segments(text, "txt")
        covered = [False] * len(text)
        last = 0
        for segment in segments:
            assert segment.start >= last, "segments overlap or are out of order"
            assert text[segment.start : segment.end] == text[segment.start : segment.end].strip()
            for i in range(segment.start, segment.end):
                covered[i] = True
            last = segment.end
        assert all(covered[i] or c.isspace() for i, c in enumerate(text)), name
