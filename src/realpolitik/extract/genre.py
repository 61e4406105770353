"""What kind of sentence this is, where the kind changes what its actor names mean.

Sports reports name national teams as states ("Australia has beaten South Africa by
246 runs"); an event coder that reads them codes an assault. :func:`is_sports` tells
such sentences from the vocabulary in ``data/genre.yaml``; the event, relation and
perspective extractors then return nothing for them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

_ORDINALS = r"(?:first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)"


@lru_cache(maxsize=1)
def _sports_pattern() -> re.Pattern[str]:
    raw = yaml.safe_load(
        resources.files("realpolitik.extract").joinpath("data", "genre.yaml").read_text("utf-8")
    )
    words = sorted((str(w).lower() for w in raw.get("sports") or []), key=len, reverse=True)
    matches = [str(w) for w in raw.get("numbered_matches") or []]
    alternatives = [re.escape(w).replace(r"\ ", r"\s+") for w in words]
    if matches:
        # "the second Test": any ordinal, then the match word as written
        numbered = "|".join(re.escape(m) for m in matches)
        alternatives.append(rf"{_ORDINALS}\s+(?-i:{numbered})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


def is_sports(text: str) -> bool:
    """Whether ``text`` is about sport (see the module docstring)."""
    return _sports_pattern().search(text) is not None
