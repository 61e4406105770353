"""The causal pattern file (``data/causal_patterns.yaml``) as a typed record.

Kept apart from ``causal.py`` so that readers of the patterns that never parse text
(the causal map asks which signals are unsigned) do not import spaCy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from realpolitik.yamlfile import read_yaml


@dataclass(frozen=True)
class Patterns:
    """Connectives, verbs, frames and thresholds of the causal extractor; see the YAML file."""

    high: float
    clf_threshold: float | None
    min_conf: float
    control: frozenset[str]
    passive_exclude: frozenset[str]
    cause_markers: dict[tuple[str, ...], float]
    effect_markers: dict[tuple[str, ...], float]
    purpose_markers: dict[tuple[str, ...], float]
    purpose_infinitive: float
    purpose_verbs: frozenset[str]
    identity_nouns: frozenset[str]
    agent_nouns: frozenset[str]
    conditional: dict[tuple[str, ...], float]
    verbs: dict[str, dict[str, Any]]
    nouns: dict[str, tuple[dict[str, Any], ...]]
    adjectives: dict[str, dict[str, Any]]
    emotive: frozenset[str]
    attribution: frozenset[str]
    possible: frozenset[str]
    likely: frozenset[str]
    trim: frozenset[str]
    frame_verbs: frozenset[str]
    temporal: frozenset[str] = frozenset()
    temporal_change_conf: float = 0.75
    change_verbs: frozenset[str] = frozenset()
    unsigned: frozenset[str] = frozenset()
    reason_participles: frozenset[str] = frozenset()
    whether_hosts: frozenset[str] = frozenset()
    marker_idioms: tuple[tuple[str, ...], ...] = ()
    correlative_conf: float = 0.8
    correlative_up: frozenset[str] = frozenset()
    correlative_down: frozenset[str] = frozenset()
    reason_participle_conf: float = 0.75


def _phrases(d: dict[str, Any] | None) -> dict[tuple[str, ...], float]:
    return {tuple(str(k).lower().split()): float(v) for k, v in (d or {}).items()}


@lru_cache(maxsize=4)
def load_patterns(extra: tuple[str, ...] = ()) -> Patterns:
    """The package's causal patterns, merged with the user's YAML files in ``extra``."""
    ref = resources.files("realpolitik.extract") / "data" / "causal_patterns.yaml"
    d: dict[str, Any] = read_yaml(ref) or {}
    for path in extra:
        more = read_yaml(Path(path)) or {}
        for key, value in more.items():
            if isinstance(value, dict) and isinstance(d.get(key), dict):
                d[key] = {**d[key], **value}
            elif isinstance(value, list) and isinstance(d.get(key), list):
                d[key] = list(d[key]) + list(value)
            else:
                d[key] = value
    # a key's ``lemma`` lets one noun have several frames ("consequence" and
    # "consequence_of"), tried in file order
    nouns: dict[str, tuple[dict[str, Any], ...]] = {}
    for key, spec in (d.get("nouns") or {}).items():
        lemma = str(spec.get("lemma", key))
        nouns[lemma] = (*nouns.get(lemma, ()), spec)
    mod = d.get("modality") or {}
    return Patterns(
        high=float(d.get("high_confidence", 0.7)),
        min_conf=float(d.get("min_confidence", 0.3)),
        clf_threshold=(
            None if d.get("classifier_threshold") is None else float(d["classifier_threshold"])
        ),
        control=frozenset(d.get("control_verbs") or []),
        passive_exclude=frozenset(d.get("purpose_passive_exclude") or []),
        cause_markers=_phrases(d.get("cause_markers")),
        effect_markers=_phrases(d.get("effect_markers")),
        purpose_markers=_phrases(d.get("purpose_markers")),
        purpose_infinitive=float(d.get("purpose_infinitive", 0.75)),
        purpose_verbs=frozenset(d.get("purpose_verbs") or []),
        identity_nouns=frozenset(d.get("purpose_identity_nouns") or []),
        agent_nouns=frozenset(d.get("purpose_agent_nouns") or []),
        conditional=_phrases(d.get("conditional_markers")),
        verbs={str(k): dict(v) for k, v in (d.get("verbs") or {}).items()},
        nouns=nouns,
        adjectives={str(k): dict(v) for k, v in (d.get("adjectives") or {}).items()},
        emotive=frozenset(d.get("emotive_adjectives") or []),
        attribution=frozenset(d.get("attribution_verbs") or []),
        possible=frozenset(str(x) for x in mod.get("possible", [])),
        likely=frozenset(str(x) for x in mod.get("likely", [])),
        trim=frozenset(d.get("trim_words") or []),
        frame_verbs=frozenset(d.get("frame_verbs") or []),
        temporal=frozenset(str(x).lower() for x in (d.get("temporal_markers") or [])),
        temporal_change_conf=float(d.get("temporal_change_confidence", 0.75)),
        change_verbs=frozenset(d.get("change_verbs") or []),
        unsigned=frozenset(d.get("unsigned_signals") or []),
        reason_participles=frozenset(d.get("reason_participles") or []),
        whether_hosts=frozenset(d.get("whether_hosts") or []),
        marker_idioms=tuple(tuple(str(x).lower().split()) for x in d.get("marker_idioms") or []),
        correlative_conf=float(d.get("correlative_confidence", 0.8)),
        correlative_up=frozenset(str(x) for x in d.get("correlative_up") or []),
        correlative_down=frozenset(str(x) for x in d.get("correlative_down") or []),
        reason_participle_conf=float(d.get("reason_participle_confidence", 0.75)),
    )
