"""A response continued in the next sentence: claims carried across a sentence boundary.

Claims are extracted sentence by sentence, but an author often states a cause once and
lists the response over two sentences: "In response to the border clashes, Ruritania has
recalled its ambassador. Ruritania is also closing two consulates and suspending
flights." The second sentence names no cause; read alone it gives no claim, and the
map would not know that the clashes lie behind the closures.

This module finds such continuations, under rules kept narrow on purpose:

* the first sentence has a claim whose signal opens a *response frame* ("in response
  to", "in reaction to", "in retaliation for": ``response_signals`` of
  ``data/discourse.yaml``), and its effect names an actor first (the responding agent);
* the very next sentence of the same document has no claim of its own;
* it opens with that same actor as its subject (a mention at its start, after at most
  an article) — so "However, …", "Meanwhile, …" and a new subject end the frame;
* its predicate is an action: not a copula ("is a member of …") and not reported
  speech ("said that …"), the verbs of ``not_actions``.

The predicate (from the subject to the end) is split into the actions it lists
("modernise its fleet, deploy …, and strengthen …"), each a variable of the agent and the
actors named in it. Each joins the frame's causes with the frame's sign, at
``continuation_factor`` of the frame's strength; its evidence is the continuing sentence
(kind ``continuation``, the frame's claim as its ``record_id``), so every step of an
explanation still cites the sentence it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from realpolitik.actors.registry import country_level
from realpolitik.model.variables import Canonical, Mention, canonicalise, lexicon, tokens
from realpolitik.yamlfile import read_yaml


@dataclass(frozen=True)
class DiscourseRules:
    """The data of ``data/discourse.yaml``."""

    response_signals: frozenset[str]  # words of a signal that opens a response frame
    not_actions: frozenset[str]  # first predicate words that are no action
    perfect: frozenset[str]  # "has", "have", "had": an action only before a participle
    participle_endings: tuple[str, ...]  # how a past participle ends ("deployed", "begun")
    adverbs: frozenset[str]  # skipped between an auxiliary and its verb ("also", "now")
    bridging_modifiers: frozenset[str]  # words a repeated head may carry ("new systems")
    continuation_factor: float  # a continuation's strength, relative to its frame's


@lru_cache(maxsize=1)
def discourse_rules() -> DiscourseRules:
    """The packaged ``data/discourse.yaml``, loaded once."""
    data = read_yaml(resources.files("realpolitik.model").joinpath("data/discourse.yaml"))
    return DiscourseRules(
        response_signals=frozenset(str(w).lower() for w in data["response_signals"]),
        not_actions=frozenset(str(w).lower() for w in data["not_actions"]),
        perfect=frozenset(str(w).lower() for w in data["perfect"]),
        participle_endings=tuple(str(w).lower() for w in data["participle_endings"]),
        adverbs=frozenset(str(w).lower() for w in data["adverbs"]),
        bridging_modifiers=frozenset(str(w).lower() for w in data["bridging_modifiers"]),
        continuation_factor=float(data["continuation_factor"]),
    )


@lru_cache(maxsize=1024)
def opens_response_frame(signal: str) -> bool:
    """The claim's signal ("In response to", "in retaliation for") opens a response frame
    that the next sentence may continue. Cached: a corpus repeats a few hundred signals."""
    return bool(discourse_rules().response_signals.intersection(tokens(signal)))


@dataclass(frozen=True)
class Frame:
    """A claim that opens a response frame: its causes and the agent that responds."""

    doc: int
    seq: int
    document: str
    agent: str  # country-level code of the first actor named in the claim's effect
    causes: tuple[Canonical, ...]
    sign: int  # the claim's sign (+1/−1), before the spans' directions
    strength: float  # the claim's strength (modality, conditional)
    holder: str
    record_id: int


def effect_agent(mentions: Sequence[Mention], start: int, end: int) -> str | None:
    """The country-level code of the first actor mention inside ``[start, end)``."""
    inside = sorted(
        (m for m in mentions if m.start >= start and m.end <= end), key=lambda m: m.start
    )
    return country_level(inside[0].code) if inside else None


_ARTICLE = re.compile(r"\s*(?:the\s+)?", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b")
_FINAL = re.compile(r"[\s.!?;:\"'”’)]+$")
_LIST_BREAK = re.compile(r",\s*(?:and\s+|as well as\s+)?|\s+(?:and|as well as)\s+")


def subject_end(text: str, mentions: Sequence[Mention], agent: str) -> int | None:
    """Where the subject ends when ``text`` opens with a mention of ``agent`` (after at
    most "The"); ``None`` when it opens otherwise or the mention is a possessor ("The
    U.S.'s allies …": the allies are the subject)."""
    opening = _ARTICLE.match(text)
    at = opening.end() if opening else 0
    first = min((m for m in mentions if m.start >= at), key=lambda m: m.start, default=None)
    if first is None or first.start != at or country_level(first.code) != agent:
        return None
    if _POSSESSIVE.match(text, first.end):
        return None
    return first.end


def action_parts(text: str, start: int) -> list[tuple[int, int]]:
    """The actions the predicate ``text[start:]`` lists, as spans of ``text``: split at
    commas and "and", each part with words of its own; none when the predicate opens
    with a copula (not followed by a verb in -ing) or a verb of saying."""
    end = start + len(_FINAL.sub("", text[start:]))
    words = tokens(text[start:end])
    if not words:
        return []
    if not _is_action(words):
        return []
    parts: list[tuple[int, int]] = []
    pos = start
    for m in _LIST_BREAK.finditer(text, start, end):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, end))
    return [
        (a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in parts if tokens(text[a:b])
    ]


def _is_action(words: Sequence[str]) -> bool:
    """The predicate's words open with an action: not with a copula, unless a verb in
    -ing follows ("is also accelerating"); not with "has"/"have"/"had", unless a past
    participle follows ("has deployed", "has begun"); not with a verb of saying."""
    rules = discourse_rules()
    first = words[0]
    rest = [w for w in words[1:] if w not in rules.adverbs and not w.endswith("ly")]
    after = rest[0] if rest else ""
    if first in rules.perfect:
        return after.endswith(rules.participle_endings)
    if first in rules.not_actions:
        return after.endswith("ing")
    return True


def continued_effects(
    text: str, mentions: Sequence[Mention], frame: Frame
) -> list[tuple[tuple[int, int], Canonical]]:
    """The variables that ``text``, the sentence after ``frame``'s, adds to the agent's
    response (with their spans), or none when it does not continue the frame."""
    at = subject_end(text, mentions, frame.agent)
    if at is None:
        return []
    found = []
    for a, b in action_parts(text, at):
        inside = [m for m in mentions if m.start >= a and m.end <= b]
        canon = canonicalise(
            text[a:b], [frame.agent, *(m.code for m in inside)], [m.text for m in inside]
        )
        if canon.issues or canon.words:
            found.append(((a, b), canon))
    return found


# ---- bridging by a repeated head noun ------------------------------------------------

#: Words that end the head of a noun phrase ("systems | in Korea").
_PREPOSITIONS = frozenset(
    [
        "in",
        "of",
        "for",
        "on",
        "at",
        "by",
        "with",
        "to",
        "from",
        "between",
        "against",
        "over",
        "across",
        "into",
        "near",
        "around",
        "among",
        "under",
        "along",
    ]
)


def span_head(text: str) -> str | None:
    """The head noun of a noun-phrase span that repeats an earlier one: its last word
    before the first preposition ("new systems in Korea and Japan" → "systems"), when
    every word before it is a stop word, a direction word or one of
    ``bridging_modifiers`` ("new", "additional"). ``None`` otherwise: a modifier of
    content ("food prices") or a clause ("Sweden pushes ahead") names something new."""
    words = tokens(text)
    cut = next((i for i, w in enumerate(words) if w in _PREPOSITIONS), len(words))
    if cut == 0:
        return None
    head = words[cut - 1]
    lex = lexicon()
    if head in lex.stopwords or not head.isalpha() or len(head) < 3:
        return None
    allowed = discourse_rules().bridging_modifiers | lex.stopwords | lex.increase | lex.decrease
    if not allowed.issuperset(words[: cut - 1]):
        return None  # "food prices" is not "the prices" of "oil prices" before
    return head


def head_issue(head: str, text: str) -> tuple[str, int] | None:
    """(issue key, character offset) of the last issue phrase in ``text`` that ``head``
    closes or follows ("missile defense systems" for "systems"; "fighter jets" for "jets"
    when "fighter" names an issue): the earlier mention that a bare repetition of the head
    ("the systems", "new systems") points back to."""
    lex = lexicon()
    low = text.lower()
    for m in reversed(list(re.finditer(rf"\b{re.escape(head)}\b", low))):
        before = tokens(low[max(0, m.start() - 80) : m.start()])
        for n in range(min(lex.max_len, len(before) + 1), 1, -1):
            key = lex.phrases.get((*before[len(before) - n + 1 :], head))
            if key is not None:
                return key, m.start()
        for n in range(min(lex.max_len, len(before)), 0, -1):
            key = lex.phrases.get(tuple(before[len(before) - n :]))
            if key is not None:
                return key, m.start()
    return None


# ---- coordinated places ------------------------------------------------------------------

_PLACE_LINK = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)")
_PLACE_PREPOSITION = re.compile(r"\b(?:in|to|into|on|across|throughout)\s+(?:the\s+)?$", re.I)


def coordinated_places(
    text: str, mentions: Sequence[Mention], start: int, end: int
) -> list[Mention]:
    """The actor mentions that a locative preposition coordinates inside ``[start, end)``
    ("systems in Korea and Japan" → Korea, Japan): places over which a policy is
    distributed, each its own variable. Empty unless there are at least two."""
    inside = sorted(
        (m for m in mentions if m.start >= start and m.end <= end), key=lambda m: m.start
    )
    for i, first in enumerate(inside):
        if not _PLACE_PREPOSITION.search(text[max(start, first.start - 20) : first.start]):
            continue
        places = [first]
        for nxt in inside[i + 1 :]:
            gap = text[places[-1].end : nxt.start]
            if not _PLACE_LINK.fullmatch(gap):
                break
            places.append(nxt)
        if len(places) >= 2:
            return places
    return []
