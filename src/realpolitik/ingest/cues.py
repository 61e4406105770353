"""Layout cues for the clean stage, loaded from ``data/cleaning.yaml``.

The cues are general knowledge of how documents are laid out (copyright pages,
tables of contents, footnotes, photo credits, web page furniture); they live in a
data file so that they can be read, reviewed and extended without touching code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from realpolitik.yamlfile import read_yaml

_FLAGS = re.IGNORECASE


def _patterns(raw: Any, *, flags: int = _FLAGS) -> tuple[re.Pattern[str], ...]:
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else list(raw)
    return tuple(re.compile(str(item), flags) for item in items)


def _words(raw: Any) -> frozenset[str]:
    return frozenset(str(item).lower() for item in (raw or []))


@dataclass(frozen=True)
class Cues:
    """Compiled cue lists; see ``data/cleaning.yaml`` for what each one means."""

    function_words: frozenset[str]
    verb_words: frozenset[str]
    heading_words: frozenset[str]
    abbreviations: frozenset[str]
    reference_headings: tuple[re.Pattern[str], ...]
    note_headings: tuple[re.Pattern[str], ...]
    chapter_heading: tuple[re.Pattern[str], ...]
    front_matter_strong: tuple[re.Pattern[str], ...]
    front_matter_weak: tuple[re.Pattern[str], ...]
    toc_line: tuple[re.Pattern[str], ...]
    contents_headings: tuple[re.Pattern[str], ...]
    footnote_start: tuple[re.Pattern[str], ...]
    citation_cues: tuple[re.Pattern[str], ...]
    citation_openers: tuple[re.Pattern[str], ...]
    reference_entry: tuple[re.Pattern[str], ...]
    caption_prefix: tuple[re.Pattern[str], ...]
    caption_credit: tuple[re.Pattern[str], ...]
    caption_agency_end: re.Pattern[str]
    caption_position: re.Pattern[str]
    caption_verbs: frozenset[str]
    citation_shape: tuple[re.Pattern[str], ...]
    boilerplate_start: tuple[re.Pattern[str], ...]
    boilerplate_always: tuple[re.Pattern[str], ...]
    boilerplate_exact: tuple[re.Pattern[str], ...]
    boilerplate_anywhere: tuple[re.Pattern[str], ...]
    boilerplate_footer: tuple[re.Pattern[str], ...]
    breadcrumb_words: frozenset[str]
    breadcrumb_separators: tuple[str, ...]
    bio_roles: frozenset[str]


@lru_cache(maxsize=256)
def _combined(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """One alternation of ``patterns`` (a single scan of the text), when their flags agree."""
    if not patterns or len({p.flags for p in patterns}) != 1:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)


def any_match(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    """True when one of ``patterns`` is found in ``text``."""
    combined = _combined(patterns)
    if combined is not None:
        return combined.search(text) is not None
    return any(pattern.search(text) for pattern in patterns)


def count_matches(patterns: tuple[re.Pattern[str], ...], text: str) -> int:
    """How many of ``patterns`` are found in ``text`` (each counted once)."""
    return sum(1 for pattern in patterns if pattern.search(text))


def cues_from_mapping(data: dict[str, Any]) -> Cues:
    """Compile a cue mapping (the parsed YAML file)."""
    agencies = sorted((str(a) for a in data.get("caption_agencies") or []), key=len, reverse=True)
    agency_alt = "|".join(re.escape(a) for a in agencies) or r"(?!x)x"
    agency_end = re.compile(
        r"(?:^|[\s/|—–-])\(?(?:" + agency_alt + r")\)?(?:\s*(?:photo|images?|pool))?\s*$"
    )
    position = re.compile(str(data.get("caption_position") or r"(?!x)x"))
    return Cues(
        function_words=_words(data.get("function_words")),
        verb_words=_words(data.get("verb_words")),
        heading_words=_words(data.get("heading_words")),
        abbreviations=_words(data.get("abbreviations")),
        reference_headings=_patterns(data.get("reference_headings")),
        note_headings=_patterns(data.get("note_headings")),
        chapter_heading=_patterns(data.get("chapter_heading")),
        front_matter_strong=_patterns(data.get("front_matter_strong")),
        front_matter_weak=_patterns(data.get("front_matter_weak")),
        toc_line=_patterns(data.get("toc_line")),
        contents_headings=_patterns(data.get("contents_headings")),
        footnote_start=_patterns(data.get("footnote_start")),
        citation_cues=_patterns(data.get("citation_cues")),
        citation_openers=_patterns(data.get("citation_openers")),
        reference_entry=_patterns(data.get("reference_entry"), flags=0),
        caption_prefix=_patterns(data.get("caption_prefix")),
        caption_credit=_patterns(data.get("caption_credit"), flags=0),
        caption_agency_end=agency_end,
        caption_position=position,
        caption_verbs=_words(data.get("caption_verbs")),
        citation_shape=_patterns(data.get("citation_shape"), flags=0),
        boilerplate_start=_patterns(data.get("boilerplate_start")),
        boilerplate_always=_patterns(data.get("boilerplate_always")),
        boilerplate_exact=_patterns(data.get("boilerplate_exact")),
        boilerplate_anywhere=_patterns(data.get("boilerplate_anywhere")),
        boilerplate_footer=_patterns(data.get("boilerplate_footer")),
        breadcrumb_words=_words(data.get("breadcrumb_words")),
        breadcrumb_separators=tuple(str(s) for s in data.get("breadcrumb_separators") or []),
        bio_roles=_words(data.get("bio_roles")),
    )


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The package's cue file, compiled once."""
    source = Path(__file__).with_name("data") / "cleaning.yaml"
    data = read_yaml(source) or {}
    if not isinstance(data, dict):
        raise ValueError("cleaning.yaml must hold a mapping")
    return cues_from_mapping(data)
