"""Discourse across sentences, for the causal map: what one sentence owes another.

* a response continued in the next sentence (below, :func:`continued_effects`);
* a repeated head noun that takes the issue of an earlier phrase ("the new systems"
  after "missile defense systems": :func:`span_head`, :func:`head_issue`);
* a policy over coordinated places, one variable a place (:func:`place_variables`);
* "such a step by A", naming an event of A's said before (:func:`kind_antecedent`).

Claims are extracted sentence by sentence, but an author often states a cause once and
lists the response over two sentences: "In response to the border clashes, Ruritania has
recalled its ambassador. Ruritania is also closing two consulates and suspending
flights." Or states a concern, then what the worried actor does about it: "Ruritania is
alarmed by the border clashes. It plans to close two consulates." The second sentence
names no cause; read alone it gives no link, and the map would not know that the
clashes lie behind the closures.

This module finds such continuations, under rules kept narrow on purpose. A *frame* is:

* a claim whose signal opens a response ("in response to", "in retaliation for"), a
  concern ("X alarmed Poland") or a push to act ("X prompted Japan to"):
  ``response_signals`` of ``data/discourse.yaml``; and whose effect names an actor
  first (the responding agent); or
* a view of concern (a perspective of negative stance: "is concerned about", "sees … as
  a threat") held by an actor (the agent), about what it is concerned with.

The very next sentence of the same document continues the frame when:

* it opens with the agent as its subject: a mention of it at its start (after at most
  "The"), or a subject pronoun ("It", "They") — so "However, …", "Meanwhile, …" and a
  new subject end the frame;
* its predicate is an action: not a copula ("is a member of …") and not reported
  speech ("said that …"), the verbs of ``not_actions``.

The predicate (from the subject to the end) is split into the actions it lists
("modernise its fleet, deploy …, and strengthen …"), each cut before a purpose
infinitive ("… with Russia | to resolve …": the goal is not the action), each a
variable of the agent and the actors named in it. An action that holds a cause of a
claim of its own sentence is left out ("… because of X": that sentence gives its own
cause). Each action joins the frame's causes with the frame's sign, at
``continuation_factor`` of the frame's strength; its evidence is the continuing sentence
(kind ``continuation``; its ``record_id`` is the frame's claim, or none for a view), so
every step of an explanation still cites the sentence it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
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
    not_actions: frozenset[str]  # a copula first, or a main verb of saying or thinking
    perfect: frozenset[str]  # "has", "have", "had": an action only before a participle
    participle_endings: tuple[str, ...]  # how a past participle ends ("deployed", "begun")
    adverbs: frozenset[str]  # skipped between an auxiliary and its verb ("also", "now")
    bridging_modifiers: frozenset[str]  # words a repeated head may carry ("new systems")
    intent_words: frozenset[str]  # words before an infinitive that is the action itself
    non_action_openers: frozenset[str]  # first words of an adjunct or apposition, not an action
    head_ends: frozenset[str]  # prepositions: where the head of a noun phrase ends
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
        intent_words=frozenset(str(w).lower() for w in data["intent_words"]),
        non_action_openers=frozenset(str(w).lower() for w in data["non_action_openers"]),
        head_ends=frozenset(str(w).lower() for w in data["head_ends"]),
        continuation_factor=float(data["continuation_factor"]),
    )


@lru_cache(maxsize=1024)
def opens_response_frame(signal: str) -> bool:
    """The claim's signal ("In response to", "in retaliation for") opens a response frame
    that the next sentence may continue. Cached: a corpus repeats a few hundred signals."""
    return bool(discourse_rules().response_signals.intersection(tokens(signal)))


@dataclass(frozen=True)
class Frame:
    """A claim or a view that opens a response frame: its causes and the agent."""

    sentence_id: int  # the sentence of the claim or view
    document: str
    agent: str  # country-level code of the actor that responds
    causes: tuple[Canonical, ...]
    sign: int  # the link's sign (+1/−1), before the spans' directions
    strength: float  # the claim's or view's strength
    holder: str
    record_id: int | None  # the claim's id (none for a view)


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


_PRONOUN = re.compile(r"\s*(?:It|They)\b(?!['’])")


def subject_end(
    text: str, mentions: Sequence[Mention], agent: str, modifiers: Collection[int] = ()
) -> int | None:
    """Where the subject ends when ``text`` opens with a mention of ``agent`` (after at
    most "The") or with a subject pronoun ("It", "They") that no mention claims for
    another actor; ``None`` when it opens otherwise, or when the mention only modifies
    the subject: a possessor ("The U.S.'s allies …"), the first part of a compound
    ("The Canadian-Spanish relationship …") or an adjective (``modifiers``: the starts
    of demonym mentions, "Japanese officers …")."""
    opening = _ARTICLE.match(text)
    at = opening.end() if opening else 0
    first = min((m for m in mentions if m.start >= at), key=lambda m: m.start, default=None)
    pronoun = _PRONOUN.match(text)
    if pronoun and (first is None or first.start >= pronoun.end()):
        return pronoun.end()
    if first is None or first.start != at or country_level(first.code) != agent:
        return None
    if first.start in modifiers or _POSSESSIVE.match(text, first.end):
        return None
    if text[first.end :].lstrip().startswith(","):
        return None  # "Tokyo, which …, will": an aside or apposition, not a plain subject
    if text[first.end : first.end + 1] in ("-", "–", "—", "/"):
        return None
    return first.end


def action_parts(text: str, start: int) -> list[tuple[int, int]]:
    """The actions the predicate ``text[start:]`` lists, as spans of ``text``: split at
    "and", and at commas where "and" closes the list; each part with words of its own,
    cut before a purpose infinitive; none when the predicate states no action
    (``_is_action``)."""
    end = start + len(_FINAL.sub("", text[start:]))
    words = tokens(text[start:end])
    if not words:
        return []
    if not _is_action(words):
        return []
    aside = _RELATIVE_ASIDE.search(text, start, end)
    if aside:  # ", which include …,": about the object, not an action
        end = aside.start()
    # commas list actions only where "and" closes the list ("A, B and C"); else the
    # first comma sets off an adjunct (", ahead of a summit", ", raising questions …")
    breaks = _LIST_BREAK
    if not _CLOSED_LIST.search(text, start, end):
        comma = text.find(",", start, end)
        end = comma if comma >= 0 else end
        breaks = _AND_BREAK
    parts: list[tuple[int, int]] = []
    pos = start
    for m in breaks.finditer(text, start, end):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, end))
    openers = discourse_rules().non_action_openers
    actions = []
    for a, b in parts:
        a += len(text[a:b]) - len(text[a:b].lstrip())
        part = tokens(text[a:b])
        # a part opening with a preposition or an article is an adjunct or an
        # apposition (", as a warning", ", a decision welcomed in …"), not an action
        if part and part[0] not in openers:
            actions.append((a, _purpose_cut(text, a, b)))
    return actions


_RELATIVE_ASIDE = re.compile(r",\s*(?:which|who|whom|whose|where)\b", re.IGNORECASE)
_CLOSED_LIST = re.compile(r",[^,]*?(?:,\s*|\s+)(?:and|as well as)\s")
_AND_BREAK = re.compile(r"\s+(?:and|as well as)\s+")

_INFINITIVE = re.compile(r"\s+(?:in order |so as )?to\s+([a-z]+)\b")


def _purpose_cut(text: str, start: int, end: int) -> int:
    """Where the action ``text[start:end]`` ends: before a purpose infinitive, one that
    follows a verb and its object ("buy jets from France | to deter attacks"). An
    infinitive after a single verb ("offered to mediate", "would like to buy": the
    ``intent_words`` and adverbs aside) or after a light noun ("plans to close") is the
    action itself, and "to" before a stop word ("to the region") is no infinitive."""
    rules = discourse_rules()
    stop = lexicon().stopwords
    light = lexicon().light_nouns
    for m in _INFINITIVE.finditer(text, start, end):
        if m.group(1) in stop:
            continue
        before = tokens(text[start : m.start()])
        if before and before[-1] in light:
            continue  # "plans to modernise": the complement of a light noun
        content = [
            w
            for w in before
            if w not in rules.intent_words and w not in rules.adverbs and not w.endswith("ly")
        ]
        if len(content) < 2:
            continue  # "offered to mediate": the verb's own complement, not a purpose
        return m.start()
    return end


def _is_action(words: Sequence[str]) -> bool:
    """The predicate's words open with an action: not with a copula, unless a verb in
    -ing follows ("is also accelerating"); not with "has"/"have"/"had", unless a past
    participle follows ("has deployed", "has begun"); and its main verb (after verbs of
    intent: "will continue to see") is no verb of saying, thinking or perceiving."""
    rules = discourse_rules()
    first = words[0]
    rest = [w for w in words[1:] if w not in rules.adverbs and not w.endswith("ly")]
    after = rest[0] if rest else ""
    if first in rules.perfect and not after.endswith(rules.participle_endings):
        return False
    if first in rules.not_actions and not after.endswith("ing"):
        return False
    # the main verb, past auxiliaries and verbs of intent: "will continue to see X as a
    # threat" states a view, not an action
    main = next(
        (
            w
            for w in words
            if w not in rules.intent_words
            and w not in rules.adverbs
            and w != "to"
            and not w.endswith("ly")
        ),
        "",
    )
    return main not in rules.not_actions


def continued_effects(
    text: str,
    mentions: Sequence[Mention],
    frame: Frame,
    causes: Sequence[tuple[int, int]] = (),
    modifiers: Collection[int] = (),
) -> list[tuple[tuple[int, int], Canonical]]:
    """The variables that ``text``, the sentence after ``frame``'s, adds to the agent's
    response (with their spans), or none when it does not continue the frame.
    ``causes``: the cause spans of the sentence's own claims (an action holding one is
    left out); ``modifiers``: where its demonym mentions start (see ``subject_end``)."""
    at = subject_end(text, mentions, frame.agent, modifiers)
    if at is None:
        return []
    found = []
    for a, b in action_parts(text, at):
        if any(c0 < b and a < c1 for c0, c1 in causes):
            continue
        inside = [m for m in mentions if m.start >= a and m.end <= b]
        canon = canonicalise(
            text[a:b], [frame.agent, *(m.code for m in inside)], [m.text for m in inside]
        )
        if canon.issues or canon.words:
            found.append(((a, b), canon))
    return found


# ---- bridging by a repeated head noun ------------------------------------------------


@lru_cache(maxsize=1 << 14)
def span_head(text: str) -> str | None:
    """The head noun of a noun-phrase span that repeats an earlier one: its last word
    before the first preposition ("new systems in Poland and Romania" → "systems"), when
    every word before it is a stop word, a direction word or one of
    ``bridging_modifiers`` ("new", "additional"). ``None`` otherwise: a modifier of
    content ("food prices") or a clause ("Sweden pushes ahead") names something new."""
    words = tokens(text)
    ends = discourse_rules().head_ends
    cut = next((i for i, w in enumerate(words) if w in ends), len(words))
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


@lru_cache(maxsize=1 << 14)
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
    ("systems in Poland and Romania" → Poland, Romania): places over which a policy is
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


def place_variables(
    text: str, mentions: Sequence[Mention], span: tuple[int, int], canon: Canonical
) -> list[Canonical]:
    """The variable ``canon`` of ``text[span]`` as one variable a place when the span
    spreads a policy over coordinated places ("systems in Poland and Romania"): the rest
    of its actors (its owner) with each place in turn. Else ``[canon]``."""
    places = coordinated_places(text, mentions, *span)
    if not places or not canon.issues:
        return [canon]
    codes = {country_level(m.code) for m in places}
    owners = set(canon.actors) - codes
    return [
        Canonical(tuple(sorted(owners | {code})), canon.issues, canon.words, canon.direction)
        for code in sorted(codes)
    ]


# ---- "such a step by A": a kind of event said before -------------------------------------

#: How many sentences back a span naming a kind of event of some actor's ("such a step
#: by Washington", "this move by Tokyo") may look for the event it names: about a
#: paragraph. Only a claim cause naming an issue and involving all its actors is taken.
ANAPHORA_FAR_WINDOW = 6
_KIND_DETERMINER = re.compile(
    r"\b(?:such an?|such|this|that|these|those)\s*[\"“”'‘’]?\s*$", re.IGNORECASE
)


def names_a_kind(sentence: str, phrase: str) -> bool:
    """``phrase`` stands in ``sentence`` after "such a", "this", "these" …: it names a
    kind of thing said before ("such a step")."""
    at = sentence.find(phrase)
    return at > 0 and _KIND_DETERMINER.search(sentence, 0, at) is not None


def kind_antecedent(canon: Canonical, earlier: Iterable[Sequence[Canonical]]) -> Canonical | None:
    """For a span naming its actors, no issue and at most one other word ("such a step
    by A"), the nearest earlier claim cause (``earlier``: the causes of each sentence
    before, nearest first) that names an issue and involves all of those actors;
    ``None`` if there is none."""
    wanted = set(canon.actors)
    if not wanted or canon.issues or len(canon.words) > 1:
        return None  # "this Russian goal of multipolarity" says what it is
    for causes in earlier:
        for cause in reversed(causes):
            if cause.issues and wanted <= set(cause.actors):
                return Canonical(
                    cause.actors, cause.issues, cause.words, canon.direction * cause.direction
                )
    return None
