"""What kind of sentence this is, where the kind changes what its actor names mean.

Sports reports name national teams as states ("Australia has beaten South Africa by
246 runs"); an event coder that reads them codes an assault. :func:`is_sports` tells
such sentences from the vocabulary in ``data/genre.yaml``; the event, relation and
perspective extractors then return nothing for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc

from realpolitik.annotate import doc_text

_ORDINALS = r"(?:first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)"
#: a word, hyphenated compounds whole ("semi-final", "all-rounder")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class _Vocabulary:
    words: frozenset[str]  # one-word terms, lower case
    phrases: tuple[tuple[str, re.Pattern[str]], ...]  # several words: (first, pattern)
    numbered: tuple[str, ...]  # match words as written ("Test", "ODI")
    numbered_pattern: re.Pattern[str] | None


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    raw = yaml.safe_load(
        resources.files("realpolitik.extract").joinpath("data", "genre.yaml").read_text("utf-8")
    )
    terms = [str(w).lower() for w in raw.get("sports") or []]
    phrases = tuple(
        (
            t.split()[0],
            re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, t.split())) + r"(?![\w-])"),
        )
        for t in terms
        if " " in t
    )
    numbered = tuple(str(w) for w in raw.get("numbered_matches") or [])
    pattern = None
    if numbered:
        # "the second Test": any ordinal, then the match word as written
        words = "|".join(re.escape(m) for m in numbered)
        pattern = re.compile(rf"(?i:{_ORDINALS})\s+(?:{words})(?![\w-])")
    return _Vocabulary(frozenset(t for t in terms if " " not in t), phrases, numbered, pattern)


def is_sports(text: str) -> bool:
    """Whether ``text`` is about sport (see the module docstring)."""
    vocab = _vocabulary()
    lower = text.lower()
    if not vocab.words.isdisjoint(_WORD.findall(lower)):
        return True
    # a substring test first: the pattern runs only where its first word occurs
    if any(first in lower and p.search(lower) for first, p in vocab.phrases):
        return True
    pattern = vocab.numbered_pattern
    return (
        pattern is not None
        and any(m in text for m in vocab.numbered)
        and bool(pattern.search(text))
    )


_SPORTS_KEY = "realpolitik.sports"


def is_sports_doc(doc: Doc) -> bool:
    """:func:`is_sports` of a parsed sentence's text, computed once per ``Doc`` (the
    event, relation and perspective extractors each ask)."""
    known = doc.user_data.get(_SPORTS_KEY)
    if known is None:
        known = doc.user_data[_SPORTS_KEY] = is_sports(doc_text(doc))
    return bool(known)
