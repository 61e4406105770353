"""Reading ../shared at test time: the seeds and the gold are not ours to copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"


def require_shared(*parts: str) -> Path:
    """The path under ../shared, or skip the test saying why."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the seed corpus and gold live in ../shared beside the repo")
    return path


def locate(text: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    """Where ``needle`` occurs in ``text``, white space differences ignored."""
    chars = [re.escape(c) for c in needle if not c.isspace()]
    if not chars:
        return None
    match = re.compile(r"\s*".join(chars)).search(text, start)
    return (match.start(), match.end()) if match else None
