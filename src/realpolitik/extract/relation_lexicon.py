"""The relation lexicon (``data/relations.yaml``) as a typed record, and the small
functions over it that readers of stored relations need (``scored_type``, ``power_of``).

Kept apart from ``relations.py`` so that those readers (the dyad summaries, the web
workbench) do not import spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from realpolitik.yamlfile import read_yaml

DATA_PACKAGE = "realpolitik.extract"
#: the gold README's relation vocabulary
SCORED_TYPES = ("alliance", "partnership", "rivalry", "dispute", "economic", "security_cooperation")


@dataclass(frozen=True)
class RelationLexicon:
    types: dict[str, dict[str, Any]]
    score_as: dict[str, str]
    nouns: dict[str, str]  # phrase (lower case) -> type or "generic"
    max_noun_len: int
    cooperative_generic: frozenset[str]
    modifiers: dict[str, str]  # word -> type
    positive: frozenset[str]
    negative: frozenset[str]
    negative_predicates: frozenset[str]
    negation: frozenset[str]
    hypothetical: frozenset[str]
    tentative: frozenset[str]
    tentative_factor: float
    trend: dict[str, list[tuple[str, re.Pattern[str]]]]
    blockers: frozenset[str]
    power: dict[str, str]
    joint_heads: frozenset[str]
    joint_words: frozenset[str]
    office_nouns: frozenset[str]
    instrument_modifiers: dict[str, str]  # word -> instrument


def _words(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values)


def _cue_pattern(phrase: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in re.split(r"[\s-]+", phrase.lower()) if p]
    body = r"[\s\-–]+".join(parts)
    return re.compile(r"(?<![\w\-])" + body + r"(?:s|es)?(?![\w\-])")


@lru_cache(maxsize=4)
def load_relation_lexicon(path: str | None = None) -> RelationLexicon:
    """Read ``data/relations.yaml`` (or ``path``) and the events' instrument table."""
    if path is None:
        raw = read_yaml(resources.files(DATA_PACKAGE).joinpath("data", "relations.yaml"))
    else:
        raw = read_yaml(Path(path))
    inst_raw: dict[str, Any] = read_yaml(
        resources.files(DATA_PACKAGE).joinpath("data", "events", "instruments.yaml")
    )
    nouns: dict[str, str] = {}
    for rtype, phrases in raw["nouns"].items():
        for phrase in phrases:
            nouns[str(phrase).lower()] = str(rtype)
    modifiers = {str(w).lower(): str(t) for t, ws in raw["modifiers"].items() for w in ws}
    trend = {str(k): [(str(p), _cue_pattern(str(p))) for p in v] for k, v in raw["trend"].items()}
    inst_mods = {
        str(w).lower(): str(inst) for inst, ws in inst_raw.get("modifiers", {}).items() for w in ws
    }
    return RelationLexicon(
        types={str(k): dict(v) for k, v in raw["types"].items()},
        score_as={str(k): str(v) for k, v in raw.get("score_as", {}).items()},
        nouns=nouns,
        max_noun_len=max(len(p.split()) for p in nouns),
        cooperative_generic=_words(raw.get("cooperative_generic", [])),
        modifiers=modifiers,
        positive=_words(raw["positive_modifiers"]),
        negative=_words(raw["negative_modifiers"]),
        negative_predicates=_words(raw["negative_predicates"]),
        negation=_words(raw["negation_words"]),
        hypothetical=_words(raw["hypothetical_words"]),
        tentative=_words(raw["tentative_words"]),
        tentative_factor=float(raw.get("tentative_factor", 0.5)),
        trend=trend,
        blockers=_words(raw["trend_blockers"]),
        power={str(k): str(v) for k, v in inst_raw.get("power", {}).items()},
        joint_heads=_words(raw.get("joint_heads", [])),
        joint_words=_words(raw.get("joint_words", [])),
        office_nouns=_words(raw.get("office_nouns", [])),
        instrument_modifiers=inst_mods,
    )


def scored_type(rtype: str, lexicon: RelationLexicon | None = None) -> str | None:
    """Map a relation type to the gold vocabulary, or None where it has no counterpart."""
    lex = lexicon or load_relation_lexicon()
    mapped = lex.score_as.get(rtype, rtype)
    return mapped if mapped in SCORED_TYPES else None


def power_of(instrument: str, polarity: int, lexicon: RelationLexicon | None = None) -> str:
    """Hard or soft: military is hard, coercive economic ties (negative) are hard."""
    lex = lexicon or load_relation_lexicon()
    if instrument == "economic" and polarity < 0:
        return lex.power.get("economic_coercive", "hard")
    return lex.power.get(instrument, "soft")
