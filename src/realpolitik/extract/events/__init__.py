"""Event coding: CAMEO/PLOVER events from a parsed sentence and its actor mentions."""

from __future__ import annotations

from realpolitik.extract.events.coder import (
    code_events,
    code_text,
    counted_events,
    verb_intensity,
)
from realpolitik.extract.events.lexicon import CodeInfo, Lexicon, load_lexicon

__all__ = [
    "CodeInfo",
    "Lexicon",
    "code_events",
    "code_text",
    "counted_events",
    "load_lexicon",
    "verb_intensity",
]
