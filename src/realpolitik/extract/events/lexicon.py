"""Load the event lexicons (verb and noun patterns, code table, cues) from data files."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from realpolitik.yamlfile import read_yaml

DATA_PACKAGE = "realpolitik.extract"


@dataclass(frozen=True)
class CodeInfo:
    """What a CAMEO code means: PLOVER type and mode, instrument, intensity."""

    code: str
    root: str
    plover: str | None
    mode: str | None
    instrument: str
    intensity: float
    label: str


@dataclass(frozen=True)
class VerbPattern:
    """``lemma [word ...] [=obj|obj]`` -> code."""

    lemma: str
    words: tuple[str, ...]
    objects: frozenset[str]
    code: str
    order: int

    @property
    def specificity(self) -> tuple[int, int]:
        return (len(self.words) + (2 if self.objects else 0), self.order)


@dataclass(frozen=True)
class NounPattern:
    """A sequence of words (alternatives per position); the last is the head noun."""

    words: tuple[frozenset[str], ...]
    code: str
    order: int

    @property
    def specificity(self) -> tuple[int, int]:
        return (len(self.words), self.order)


@dataclass(frozen=True)
class Cues:
    neg_words: frozenset[str]
    neg_verbs: frozenset[str]
    neg_preps: frozenset[str]
    neg_dets: frozenset[str]
    neg_nouns: frozenset[str]
    planned_aux: frozenset[str]
    hypothetical_aux: frozenset[str]
    planned_verbs: frozenset[str]
    planned_nouns: frozenset[str]
    threatened_verbs: frozenset[str]
    threatened_nouns: frozenset[str]
    hypothetical_verbs: frozenset[str]
    hypothetical_nouns: frozenset[str]
    hypothetical_adjs: frozenset[str]
    conditional_marks: frozenset[str]
    reported_advs: frozenset[str]
    reported_verbs: frozenset[str]
    reported_phrases: tuple[str, ...]
    light_verbs: frozenset[str]
    weak_nouns: frozenset[str]
    non_event_verbs: frozenset[str]
    topic_verbs: frozenset[str]
    transparent_nouns: frozenset[str]
    inclusion_verbs: frozenset[str]
    appellation_verbs: frozenset[str] = frozenset()
    praise_nouns: frozenset[str] = frozenset()
    accusation_nouns: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Lexicon:
    codes: dict[str, CodeInfo]
    verbs: dict[str, list[VerbPattern]]
    nouns: dict[str, list[NounPattern]]  # keyed by each head form
    cues: Cues
    power: dict[str, str]
    modifiers: dict[str, frozenset[str]]
    cooperation_codes: dict[str, str]
    symmetric_roots: frozenset[str]
    symmetric_codes: frozenset[str]
    complement_codes: dict[str, dict[str, str]]
    object_codes: dict[str, dict[str, str]] = field(default_factory=dict)
    noun_first_words: frozenset[str] = field(default_factory=frozenset)

    def info(self, code: str) -> CodeInfo:
        found = self.codes.get(code)
        if found is not None:
            return found
        return self.codes[code[:2]]

    def is_symmetric(self, code: str) -> bool:
        return code in self.symmetric_codes or (
            code[:2] in self.symmetric_roots
            and code not in {"042", "043", "051", "052", "053", "055", "056"}
        )


def _read_yaml(name: str, directory: Path | None) -> Any:
    if directory is not None:
        return read_yaml(directory / name)
    ref = resources.files(DATA_PACKAGE).joinpath("data", "events", name)
    return read_yaml(ref)


def _plural_forms(word: str) -> set[str]:
    forms = {word}
    if word.endswith("s") or "-" in word or " " in word or not word.isalpha():
        return forms
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        forms.add(word[:-1] + "ies")
    elif word.endswith(("ch", "sh", "x", "z")):
        forms.add(word + "es")
    else:
        forms.add(word + "s")
    return forms


def _codes(raw: dict[str, Any]) -> dict[str, CodeInfo]:
    out: dict[str, CodeInfo] = {}
    roots: dict[str, dict[str, Any]] = raw["roots"]
    for root, spec in roots.items():
        out[root] = CodeInfo(
            code=root,
            root=root,
            plover=spec.get("plover"),
            mode=spec.get("mode"),
            instrument=spec["instrument"],
            intensity=float(spec["intensity"]),
            label=spec["label"],
        )
    specific: dict[str, dict[str, Any]] = raw["codes"]
    for code in sorted(specific, key=len):
        spec = specific[code]
        parent = out.get(code[:3]) if len(code) > 3 else out[code[:2]]
        base = parent if parent is not None else out[code[:2]]
        out[code] = CodeInfo(
            code=code,
            root=code[:2],
            plover=spec.get("plover", base.plover),
            mode=spec.get("mode", base.mode if base.code != base.root else base.mode),
            instrument=spec.get("instrument", base.instrument),
            intensity=float(spec.get("intensity", base.intensity)),
            label=spec.get("label", base.label),
        )
    return out


def _verbs(raw: dict[str, list[str]]) -> dict[str, list[VerbPattern]]:
    out: dict[str, list[VerbPattern]] = {}
    order = 0
    for code, pattern_list in raw.items():
        for pattern in pattern_list:
            order += 1
            parts = str(pattern).lower().split()
            objects: set[str] = set()
            words: list[str] = []
            for part in parts[1:]:
                if part.startswith("="):
                    for alt in part[1:].split("|"):
                        objects |= _plural_forms(alt)
                else:
                    words.append(part)
            vp = VerbPattern(parts[0], tuple(words), frozenset(objects), str(code), order)
            out.setdefault(vp.lemma, []).append(vp)
    for patterns in out.values():
        patterns.sort(key=lambda p: p.specificity, reverse=True)
    return out


def _split_words(pattern: str) -> list[str]:
    return pattern.lower().split()


def _nouns(raw: dict[str, list[str]]) -> dict[str, list[NounPattern]]:
    out: dict[str, list[NounPattern]] = {}
    order = 0
    for code, pattern_list in raw.items():
        for pattern in pattern_list:
            order += 1
            words = _split_words(str(pattern))
            alts: list[frozenset[str]] = []
            for i, word in enumerate(words):
                forms: set[str] = set()
                for alt in word.split("|"):
                    forms |= _plural_forms(alt) if i == len(words) - 1 else {alt}
                alts.append(frozenset(forms))
            np_ = NounPattern(tuple(alts), str(code), order)
            for head in alts[-1]:
                out.setdefault(head, []).append(np_)
    for patterns in out.values():
        patterns.sort(key=lambda p: p.specificity, reverse=True)
    return out


def _fs(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in (values or []))


@lru_cache(maxsize=4)
def load_lexicon(directory: str | None = None) -> Lexicon:
    """Load the lexicons from the package data (or from ``directory``)."""
    path = Path(directory) if directory else None
    codes_raw = _read_yaml("codes.yaml", path)
    cues_raw = _read_yaml("cues.yaml", path)
    instruments = _read_yaml("instruments.yaml", path)
    neg = cues_raw["negation"]
    mod = cues_raw["modality"]
    cues = Cues(
        neg_words=_fs(neg["dep_words"]),
        neg_verbs=_fs(neg["verbs"]),
        neg_preps=_fs(neg["preps"]),
        neg_dets=_fs(neg["dets"]),
        neg_nouns=_fs(neg["nouns"]),
        planned_aux=_fs(mod["planned_aux"]),
        hypothetical_aux=_fs(mod["hypothetical_aux"]),
        planned_verbs=_fs(mod["planned_verbs"]),
        planned_nouns=_fs(mod["planned_nouns"]),
        threatened_verbs=_fs(mod["threatened_verbs"]),
        threatened_nouns=_fs(mod["threatened_nouns"]),
        hypothetical_verbs=_fs(mod["hypothetical_verbs"]),
        hypothetical_nouns=_fs(mod["hypothetical_nouns"]),
        hypothetical_adjs=_fs(mod["hypothetical_adjs"]),
        conditional_marks=_fs(mod["conditional_marks"]),
        reported_advs=_fs(mod["reported_advs"]),
        reported_verbs=_fs(mod["reported_verbs"]),
        reported_phrases=tuple(str(p).lower() for p in mod["reported_phrases"]),
        light_verbs=_fs(cues_raw["light_verbs"]),
        weak_nouns=_fs(cues_raw["weak_nouns"]),
        non_event_verbs=_fs(cues_raw.get("non_event_verbs")),
        topic_verbs=_fs(cues_raw.get("topic_verbs")),
        transparent_nouns=_fs(cues_raw.get("transparent_nouns")),
        inclusion_verbs=_fs(cues_raw.get("inclusion_verbs")),
        appellation_verbs=_fs((cues_raw.get("appellation") or {}).get("verbs")),
        praise_nouns=_fs((cues_raw.get("appellation") or {}).get("praise")),
        accusation_nouns=_fs((cues_raw.get("appellation") or {}).get("accusation")),
    )
    nouns = _nouns(_read_yaml("nouns.yaml", path))
    first = {w for pats in nouns.values() for p in pats for w in p.words[0]}
    return Lexicon(
        codes=_codes(codes_raw),
        verbs=_verbs(_read_yaml("verbs.yaml", path)),
        nouns=nouns,
        cues=cues,
        power={str(k): str(v) for k, v in instruments["power"].items()},
        modifiers={str(k): _fs(v) for k, v in instruments["modifiers"].items()},
        cooperation_codes={str(k): str(v) for k, v in instruments["cooperation_codes"].items()},
        symmetric_roots=_fs(codes_raw.get("symmetric_roots")),
        symmetric_codes=_fs(codes_raw.get("symmetric_codes")),
        complement_codes={
            str(k): {str(a): str(b) for a, b in v.items()}
            for k, v in codes_raw.get("complement_codes", {}).items()
        },
        object_codes={
            str(k): {str(a).lower(): str(b) for a, b in v.items()}
            for k, v in codes_raw.get("object_codes", {}).items()
        },
        noun_first_words=frozenset(first),
    )
