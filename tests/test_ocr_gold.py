"""OCR repair against the gold file's body fixes, read from ../shared at run time.

For each ``ocr_fixes`` entry with ``where == "body"``: find every occurrence of
``wrong`` in the seed (white space runs matching any white space), repair the
paragraph that holds it and check that the repaired characters mapped to that
occurrence read ``right``. Nothing of the seeds is copied into the repository.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from realpolitik.ingest.ocr import repair_span


def _shared() -> Path:
    configured = os.environ.get("REALPOLITIK_SHARED")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "shared"


SHARED = _shared()
CLEANING = SHARED / "gold" / "cleaning.json"


def _body_fixes() -> list[tuple[str, dict[str, Any]]]:
    if not CLEANING.is_file():
        return []
    gold = json.loads(CLEANING.read_text(encoding="utf-8"))
    fixes = []
    for doc, entry in gold.items():
        if doc == "duplicates" or not isinstance(entry, dict):
            continue
        for fix in entry.get("ocr_fixes", []):
            if fix.get("where") == "body":
                fixes.append((doc, fix))
    return fixes


FIXES = _body_fixes()


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The blank-line-delimited paragraph around ``text[start:end]``."""
    breaks = [m.end() for m in re.finditer(r"\n[ \t]*\n", text[:start])]
    first = breaks[-1] if breaks else 0
    after = re.search(r"\n[ \t]*\n", text[end:])
    last = end + after.start() if after else len(text)
    return first, last


def _pattern(wrong: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in wrong.split()]
    # a space in the folded gold text is any white space run in the seed
    return re.compile(r"\s+".join(parts).replace(r"\-\s+", r"\-\s*"))


@pytest.mark.skipif(not FIXES, reason=f"gold file absent: {CLEANING}")
@pytest.mark.parametrize(
    ("doc", "fix"), FIXES, ids=[f"{doc[:3]}:{fix['wrong']}" for doc, fix in FIXES] or None
)
def test_body_fix_is_repaired(doc: str, fix: dict[str, Any]) -> None:
    seed = (SHARED / "seeds" / doc).read_text(encoding="utf-8")
    matches = list(_pattern(fix["wrong"]).finditer(seed))
    assert matches, f"{fix['wrong']!r} not found in {doc}"
    for match in matches:
        first, last = _paragraph(seed, match.start(), match.end())
        repaired = repair_span(seed, first, last)
        inside = [
            i
            for i, offset in enumerate(repaired.offsets[:-1])
            if match.start() <= offset < match.end()
        ]
        assert inside, f"{fix['wrong']!r} at {match.start()} lost in repair"
        got = repaired.text[inside[0] : inside[-1] + 1]
        assert got == fix["right"], f"{fix['wrong']!r} at {match.start()}: got {got!r}"
        start, end = repaired.to_original(inside[0], inside[-1] + 1)
        assert (start, end) == match.span()
