"""The cue lexicons of perspectives: ``data/perspectives/*.yaml`` as a typed record.

The package's files are merged in name order, then the user's own files (keys merged,
lists extended), into a :class:`Lexicon` that ``perspectives`` reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Token

from realpolitik.yamlfile import read_yaml

#: suffixes :func:`cue_key` strips from a word's form, with what replaces them
INFLECTIONS = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("d", ""),
    ("ing", ""),
    ("ing", "e"),
)


@dataclass
class Lexicon:
    """The cue tables (word -> stance in -1..+1) and word lists of the cue files, by the
    files' keys; ``extra`` keeps the merged file itself."""

    verbs: dict[str, float]
    volition: dict[str, float]
    adjectives: dict[str, float]
    nouns: dict[str, float]
    experiencer: dict[str, float]
    possessive_frames: frozenset[str]
    negative: frozenset[str]
    positive: frozenset[str]
    negators: frozenset[str]
    author_adverbs: dict[str, float]
    author_pronouns: frozenset[str]
    author_phrases: tuple[str, ...]
    non_assertive: frozenset[str]
    relational: frozenset[str]
    agent_heads: frozenset[str]
    presenting: frozenset[str]
    having: frozenset[str]
    meta: frozenset[str]
    locative: frozenset[str]
    goal_nouns: frozenset[str]
    null_target_nouns: frozenset[str]
    light_nouns: frozenset[str]
    singular_only: frozenset[str]
    stimulus_preps: frozenset[str] = frozenset()
    #: cue verb -> object lemmas that make it another verb ("recall" an ambassador)
    other_senses: dict[str, frozenset[str]] = field(default_factory=dict)
    #: cue verbs that state a view only with a that-clause ("held that ...")
    clause_only: frozenset[str] = frozenset()
    extra: dict[str, Any] = field(default_factory=dict)
    #: keys of the verb cue tables, and every form :func:`cue_key` maps to one of them
    verb_keys: frozenset[str] = field(init=False)
    verb_forms: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.verb_keys = (
            frozenset(self.verbs) | frozenset(self.volition) | frozenset(self.experiencer)
        )
        # cue_key turns a form ending in ``suffix`` into a key ending in ``repl``;
        # undoing that on each key gives every form that can reach a key
        self.verb_forms = self.verb_keys | frozenset(
            key[: len(key) - len(repl)] + suffix
            for key in self.verb_keys
            for suffix, repl in INFLECTIONS
            if key.endswith(repl)
        )


def _merge(base: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = list(out[key]) + [v for v in value if v not in out[key]]
        else:
            out[key] = value
    return out


def _read_cue_files(extra: tuple[str, ...]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    folder = resources.files("realpolitik.extract") / "data" / "perspectives"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith((".yaml", ".yml")):
            data = _merge(data, read_yaml(entry) or {})
    for path in extra:
        data = _merge(data, read_yaml(Path(path)) or {})
    return data


def _set(d: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(x).lower() for x in d.get(key) or [])


@lru_cache(maxsize=4)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The cue lexicons of the package, merged with the user's files in ``extra``."""
    d = _read_cue_files(extra)
    frames = d.get("frames", {})
    pol = d.get("polarity", {})
    markers = d.get("author_markers", {})

    def fl(key: str) -> dict[str, float]:
        return {str(k).lower(): float(v) for k, v in (d.get(key) or {}).items()}

    return Lexicon(
        verbs=fl("verbs"),
        volition=fl("volition"),
        adjectives=fl("adjectives"),
        nouns=fl("nouns"),
        experiencer=fl("experiencer_verbs"),
        possessive_frames=frozenset(str(x) for x in frames.get("possessive_nouns", [])),
        negative=frozenset(str(x).lower() for x in pol.get("negative", [])),
        positive=frozenset(str(x).lower() for x in pol.get("positive", [])),
        negators=frozenset(str(x).lower() for x in pol.get("negators", [])),
        author_adverbs=fl("author_adverbs"),
        author_pronouns=frozenset(str(x).lower() for x in markers.get("pronouns", [])),
        author_phrases=tuple(str(x).lower() for x in markers.get("phrases", [])),
        non_assertive=frozenset(
            str(x).lower() for x in (d.get("non_assertive") or {}).get("marks", [])
        ),
        relational=frozenset(str(x).lower() for x in d.get("relational_nouns", [])),
        agent_heads=frozenset(str(x).lower() for x in d.get("agent_heads", [])),
        presenting=_set(d, "presenting_verbs"),
        having=_set(d, "having_verbs"),
        meta=_set(d, "meta_verbs"),
        locative=_set(d, "locative_preps"),
        goal_nouns=_set(d, "goal_nouns"),
        null_target_nouns=_set(d, "null_target_nouns"),
        light_nouns=_set(d, "light_nouns"),
        singular_only=_set(d, "singular_only_nouns"),
        stimulus_preps=_set(d, "stimulus_preps"),
        clause_only=_set(d, "clause_only"),
        other_senses={
            str(verb).lower(): frozenset(str(x).lower() for x in objects or [])
            for verb, objects in (d.get("other_senses") or {}).items()
        },
        extra=d,
    )


def cue_key(tok: Token, *tables: dict[str, float]) -> str | None:
    """The lexicon key for ``tok``: its lemma, else its form with a regular inflection
    removed (the small English model sometimes mislemmatises: "hopes" → "hop")."""
    low = tok.lower_
    keys = [tok.lemma_.lower(), low]
    for suffix, repl in INFLECTIONS:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            keys.append(low[: -len(suffix)] + repl)
    for k in keys:
        if any(k in t for t in tables):
            return k
    return None
