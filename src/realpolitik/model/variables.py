"""Causal-map variables: what a cause or effect span is *about*, in canonical form.

A span ("strengthening its security ties with Russia") becomes a :class:`Canonical`:
the actors it involves (country level: ``RUSMIL`` counts as ``RUS``), the issue keys
its words name (``data/variables.yaml`` maps synonyms to keys: "missile defense",
"THAAD", "BMD" → ``missile_defence``), the content words left over, and a direction
(+1/−1) set by direction words ("strengthening", "weaken"), which are stripped from
the variable: they give the sign of the edge relative to the variable, not a variable.

The canonical key is ``ACTORS:ISSUES`` (``JPN-RUS:relations+security``); where no issue
word is found, the leftover content words stand in for issues
(``RUS:~presence``). Spans with the same key are one variable; every original span
is kept with it. :func:`match_score` compares any plain-words text with a variable
(actor overlap, issue overlap and a rapidfuzz token-set similarity), for shocks and
for the scorer; it is offline and needs no model.

Actors come from the sentence's mentions (sentence-relative offsets) that lie inside
the span. A span that names no actor borrows those of the nearest mention before it in
the sentence and outside the other span of the claim ("Japan will respond by
strengthening its ties" → JPN): a cheap stand-in for "its"/"their" coreference.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz

from realpolitik.actors.registry import country_level
from realpolitik.yamlfile import read_yaml

_WORD = re.compile(r"[\w][\w'’\-]*", re.UNICODE)


@dataclass(frozen=True)
class Lexicon:
    """The normalisation data: issue phrases, direction words, stopwords."""

    phrases: dict[tuple[str, ...], str]  # token tuple -> issue key
    max_len: int
    labels: dict[str, str]
    dyadic: frozenset[str]
    increase: frozenset[str]
    decrease: frozenset[str]
    stopwords: frozenset[str]
    negative_stance: tuple[str, ...]
    positive_stance: tuple[str, ...]
    light_nouns: frozenset[str] = frozenset()
    #: First tokens of ``phrases``: a token not among them opens no issue phrase, so the
    #: phrase lookup (a tuple per length at every token) is skipped for most words.
    starts: frozenset[str] = frozenset()

    @cached_property
    def stance(self) -> frozenset[str]:
        """Every stance issue, negative or positive."""
        return frozenset(self.negative_stance) | frozenset(self.positive_stance)

    @cached_property
    def negative(self) -> frozenset[str]:
        """The negative-stance issues, as a set."""
        return frozenset(self.negative_stance)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged ``data/variables.yaml``, loaded once."""
    data: dict[str, Any] = read_yaml(
        resources.files("realpolitik.model").joinpath("data/variables.yaml")
    )
    phrases: dict[tuple[str, ...], str] = {}
    labels: dict[str, str] = {}
    for key, spec in data["issues"].items():
        labels[key] = str(spec.get("label", key))
        for phrase in spec["phrases"]:
            phrases[tuple(tokens(str(phrase)))] = key
    stance = data.get("stance", {})
    return Lexicon(
        phrases=phrases,
        max_len=max(len(p) for p in phrases),
        labels=labels,
        dyadic=frozenset(data.get("dyadic", [])),
        increase=frozenset(str(w) for w in data.get("increase", [])),
        decrease=frozenset(str(w) for w in data.get("decrease", [])),
        stopwords=frozenset(str(w) for w in data.get("stopwords", [])),
        negative_stance=tuple(stance.get("negative", [])),
        positive_stance=tuple(stance.get("positive", [])),
        light_nouns=frozenset(str(w) for w in data.get("light_nouns", [])),
        starts=frozenset(p[0] for p in phrases if p),
    )


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (hyphenated words stay whole; curly apostrophes folded)."""
    return list(_tokens(text))


@lru_cache(maxsize=1 << 16)
def _tokens(text: str) -> tuple[str, ...]:
    """``tokens``, cached: assembling a map tokenises each span several times (for its
    actors, its canonical form, its anaphora), and each holder's map the same spans again."""
    out = []
    # findall (the pattern has no groups, so it gives the whole matches): strings
    # without a match object each, on the tens of thousands of spans of a large map
    for word in _WORD.findall(text.lower().replace("’", "'")):
        word = word.strip("'-")
        if word.endswith("'s"):
            word = word[:-2]
        if word:
            out.append(word)
    return tuple(out)


def first_word(text: str) -> str:
    """The first token of ``text`` ("" if it has none)."""
    toks = _tokens(text)
    return toks[0] if toks else ""


@dataclass(frozen=True)
class Canonical:
    """A span reduced to what it is about."""

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    words: tuple[str, ...]  # content words that are neither actors, issues nor directions
    direction: int  # +1, or −1 where a decrease word is found (an odd number of them)
    qualifier: str = ""  # what a view is about (the key of its object), kept in the key

    @cached_property
    def key(self) -> str:
        """``ACTORS:ISSUES[|QUALIFIER]``. Cached on the instance (a frozen dataclass has a
        ``__dict__``; its fields, equality and hash are untouched): assembling a map asks
        each canonical form for its key several times, and cached forms are shared."""
        topics = self.issues or tuple("~" + w for w in self.words[:3])
        key = f"{'-'.join(self.actors)}:{'+'.join(topics)}"
        return f"{key}|{self.qualifier}" if self.qualifier else key

    @property
    def kind(self) -> str:
        if len(self.actors) >= 2 and set(self.issues) & lexicon().dyadic:
            return "dyad"
        if self.actors:
            return "actor"
        return "issue"

    def label(self) -> str:
        lex = lexicon()
        names = [lex.labels.get(i, i) for i in self.issues] or list(self.words[:3])
        who = "–".join(self.actors)
        label = f"{who} {' '.join(names)}".strip() or "(unnamed)"
        return f"{label} (of {self.qualifier})" if self.qualifier else label


def canonicalise(
    text: str, actors: Iterable[str] = (), actor_words: Iterable[str] = ()
) -> Canonical:
    """Reduce ``text`` given the actor codes it involves and the words naming them.

    ``actor_words`` (the mentions' surface text) are removed from the content words.
    """
    return _canonicalise(text, tuple(actors), tuple(actor_words))


@lru_cache(maxsize=1 << 16)
def _canonicalise(text: str, actors: tuple[str, ...], actor_words: tuple[str, ...]) -> Canonical:
    """``canonicalise``, cached (a :class:`Canonical` is immutable): a map reduces the
    same spans again for every holder's map, and the web workbench builds several."""
    issues, words, direction = _reduce(text, actor_words)
    codes = sorted({country_level(a) for a in actors if a})
    return Canonical(tuple(codes), issues, words, direction)


@lru_cache(maxsize=1 << 16)
def _reduce(
    text: str, actor_words: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], int]:
    """The issues (sorted), content words and direction of ``text`` without the words
    naming its actors: what :func:`canonicalise` finds in the words. Cached apart from
    the actors: a span is often reduced with the actors of different mentions."""
    lex = lexicon()
    # the words naming actors go, except issue words inside them ("Russia's military"
    # resolves to RUSMIL, and "military" is still the issue)
    skip = {w for phrase in actor_words for w in _actor_words(phrase)}
    toks = [t for t in _tokens(text) if t not in skip]
    issues: list[str] = []
    words: list[str] = []
    direction = 1
    i = 0
    while i < len(toks):
        found = _phrase_at(toks, i, lex) if toks[i] in lex.starts else None
        if found is not None:
            key, n = found
            if key not in issues:
                issues.append(key)
            i += n
            continue
        stem = _word_role(toks[i])
        if stem is None:
            direction = -direction
        elif stem and stem not in words:
            words.append(stem)
        i += 1
    return tuple(sorted(issues)), tuple(words), direction


def _phrase_at(toks: Sequence[str], i: int, lex: Lexicon) -> tuple[str, int] | None:
    """(issue key, length) of the longest issue phrase at ``toks[i]``, if any."""
    for n in range(min(lex.max_len, len(toks) - i), 0, -1):
        key = lex.phrases.get(tuple(toks[i : i + n]))
        if key is not None:
            return key, n
    return None


@lru_cache(maxsize=1 << 10)
def _actor_words(phrase: str) -> tuple[str, ...]:
    """The tokens of an actor mention's text that ``canonicalise`` drops from a span:
    all but the issue words ("Russia's military": "russia"). Cached: a corpus names its
    actors with a few hundred phrases over thousands of spans."""
    phrases = lexicon().phrases
    return tuple(w for w in _tokens(phrase) if (w,) not in phrases)


@lru_cache(maxsize=1 << 14)
def _word_role(token: str) -> str | None:
    """What ``token`` (one that opens no issue phrase) does to a variable: ``None`` for
    a decrease word (it flips the direction); else the stem it adds to the content
    words, or "" for an increase word, a stop word, a number or a single letter.
    Cached: the spans of a map repeat a thousand distinct words a hundred thousand
    times."""
    lex = lexicon()
    if token in lex.increase:
        return ""
    if token in lex.decrease:
        return None
    if token in lex.stopwords or token.isdigit() or len(token) <= 1:
        return ""
    return _stem(token)


def _stem(word: str) -> str:
    """A light suffix stripper, so that wordings of one thing meet ("clashes" and
    "clash", "planned" and "planning" and "plan"); not a linguistic stem."""
    if len(word) > 6 and word.endswith("ing"):
        return _undouble(word[:-3])
    if len(word) > 4 and word.endswith("ied"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ed") and not word.endswith("eed"):
        return _undouble(word[:-2])
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _undouble(stem: str) -> str:
    """ "plann" -> "plan", "stopp" -> "stop"; "ll", "ss" and "zz" stay ("fall", "pass")."""
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz" and stem[-1].isalpha():
        return stem[:-1]
    return stem


@dataclass(frozen=True)
class Mention:
    """An actor mention with sentence-relative offsets (a row of the mentions table)."""

    start: int
    end: int
    text: str
    code: str


def span_actors(
    mentions: Sequence[Mention],
    start: int,
    end: int,
    *,
    other: tuple[int, int] | None = None,
    span_text: str = "",
    sentence: str = "",
) -> tuple[list[str], list[str]]:
    """Codes and surface words of the actors inside ``[start, end)``.

    When none lies inside, the nearest mention before ``start`` that is outside
    ``other`` (the claim's other span) lends its actor (possessive/pronoun stand-in);
    a span opening with a plural ("their", "both", "bilateral") takes the two nearest
    distinct actors, and a coordinated subject ("Japan and Russia ...", seen when
    ``sentence`` is given) lends all its actors.
    """
    inside = [m for m in mentions if m.start >= start and m.end <= end]
    if inside and first_word(span_text) in ("its", "their"):
        # "its relations with China", "their concerns about China": the possessor
        # (found as for a span with no actor) and the actors named inside
        owner, _ = span_actors(
            mentions, start, start, other=other, span_text=span_text, sentence=sentence
        )
        owned = [*owner, *(m.code for m in inside if country_level(m.code) not in owner)]
        return owned, [m.text for m in inside]
    if inside:
        return [m.code for m in inside], [m.text for m in inside]
    before = sorted(
        (
            m
            for m in mentions
            if m.end <= start and not (other and m.start >= other[0] and m.end <= other[1])
        ),
        key=lambda m: -m.end,
    )
    wanted = 2 if first_word(span_text) in ("their", "both", "bilateral") else 1
    codes: list[str] = []
    for n, m in enumerate(before):
        code = country_level(m.code)
        if code not in codes:
            codes.append(code)
        # "Japan and Russia ... a coordinated response": a coordinated subject lends both
        nxt = before[n + 1] if n + 1 < len(before) else None
        if nxt is not None and re.fullmatch(r"\s+(?:and|&)\s+", sentence[nxt.end : m.start]):
            wanted = max(wanted, len(codes) + 1)
        if len(codes) >= wanted:
            break
    return codes, []


#: Words that open a span referring back to something said before ("this cooperation").
ANAPHORS = frozenset({"it", "this", "these", "that", "those", "such", "they"})
_RELATIVE = re.compile(r",?\s+(?:that|which|who|whom|whose)\s", re.IGNORECASE)
_CONJUNCTION = re.compile(r"\s+(?:and|as well as)\s+", re.IGNORECASE)


def is_anaphoric(text: str) -> bool:
    """The span opens with a pronoun or demonstrative ("it", "this policy")."""
    return first_word(text) in ANAPHORS


def head_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without a trailing relative clause ("countries that X considers
    allies" → "countries"), where at least three words come before it."""
    m = _RELATIVE.search(text, start, end)
    if m and len(_tokens(text[start : m.start()])) >= 3:
        return start, m.start()
    return start, end


_COMPLEMENT = re.compile(r"\s+to\s+[^,;:.()]+")
_CLAUSE_END = re.compile(r"\s+(?:is|are|was|were|has|have|had|will|would)\s")


def extend_light_noun(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` extended over a "to VERB ..." complement when the span ends in a
    light noun ("Japan's desires" + " to shore up ties" → the whole), up to the next
    punctuation or finite verb."""
    words = _tokens(text[start:end])
    if not words or words[-1] not in lexicon().light_nouns:
        return start, end
    m = _COMPLEMENT.match(text, end)
    if not m:
        return start, end
    stop = _CLAUSE_END.search(text, end, m.end())
    return start, stop.start() if stop else m.end()


def conjuncts(
    text: str, start: int, end: int, mentions: Sequence[Mention] = ()
) -> list[tuple[int, int]]:
    """Split ``[start, end)`` at "and"/"as well as" into parts (sentence offsets).

    An "and" between two actor ``mentions`` ("Brazil and Argentina sign a pact") joins
    the actors of one part, not two parts, and is not split at."""
    ends = {m.end for m in mentions}
    starts = {m.start for m in mentions}
    parts = []
    pos = start
    for m in _CONJUNCTION.finditer(text, start, end):
        if m.start() in ends and m.end() in starts:
            continue  # "A and B": actors of one part
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, end))
    return parts


# ---- actors in plain text (shock and effect phrases) ------------------------------


@lru_cache(maxsize=1)
def _actor_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    from realpolitik.actors.registry import iter_actor_forms

    forms: dict[str, str] = {}
    for form, entry in iter_actor_forms():
        if len(form) >= 2:
            forms.setdefault(form.lower(), entry.code)
    pattern = re.compile(r"(?<![\w.])(" + _trie_alternation(forms) + r")(?![\w])", re.IGNORECASE)
    return pattern, forms


def _trie_alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, written as a trie of its letters.

    At a given position it matches what the plain alternation of ``words`` sorted
    longest first would: the longest word that fits (and, when what follows rejects
    it, the next longest), since a longer continuation is always tried before ending a
    word. But it tests each letter of the text once instead of trying every word in
    turn, so with the registry's ~1,500 actor forms it is over ten times faster.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def render(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + render(node[char]) for char in sorted(node) if char]
        if "" in node:
            branches.append("")  # ending the word here comes last: longer words first
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return render(trie)


def text_actors(text: str) -> tuple[list[str], list[str]]:
    """Actor codes and the words naming them in plain text, by the actor registry's forms.

    Compounds ("Japan-Russia", "U.S.-Japan") are split at hyphens and dashes first.
    """
    codes, words = _text_actors(text)
    return list(codes), list(words)  # fresh lists: callers extend them


@lru_cache(maxsize=1 << 14)
def _text_actors(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``text_actors``, cached: a map reads the actors of each perspective's issue, and
    a corpus repeats its issue phrases over thousands of perspectives (and every holder's
    map reads them again)."""
    pattern, forms = _actor_pattern()
    spaced = _split_compounds(text)
    codes: list[str] = []
    words: list[str] = []
    for m in pattern.finditer(spaced):
        code = forms.get(m.group(1).lower())
        if code:
            codes.append(code)
            words.append(m.group(1))
    return tuple(codes), tuple(words)


def canonicalise_text(text: str) -> Canonical:
    """A plain-words phrase ("Japan strengthens its security ties with Russia") reduced.

    A view ("Japan's irritation with Russia", "Russian opposition to U.S. missile
    defence") keeps its roles as a view variable does: the actors named before its
    stance word hold it (``actors``), those after are what it is about (``qualifier``).
    """
    codes, words = text_actors(text)
    canon = canonicalise(text, codes, words)
    roles = view_roles(text)
    if roles is None:
        return canon
    holders, about = roles
    return Canonical(holders, canon.issues, canon.words, canon.direction, "-".join(about))


_WORDS = re.compile(r"[\w']+")
_COMPOUND_DASH = re.compile(r"(?<=\w)[-–—](?=[A-Z])")


def _split_compounds(text: str) -> str:
    """``text`` with compounds of names split ("Japan-Russia" → "Japan - Russia") and
    curly apostrophes folded, as the actor pattern reads it (offsets move)."""
    return _COMPOUND_DASH.sub(" - ", text.replace("’", "'"))


def view_roles(text: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(holders, object actors) of a phrase stating a view, by position around its
    first stance word (an issue of the data file's ``stance`` classes); ``None`` when
    the phrase has no stance word or lacks actors on either side of it."""
    lex = lexicon()
    stance = lex.stance
    spaced = _split_compounds(text)
    at = next(
        (
            m.start()
            for m in _WORDS.finditer(spaced.lower())
            if lex.phrases.get((m.group().removesuffix("'s"),)) in stance
        ),
        None,
    )
    if at is None:
        return None
    pattern, forms = _actor_pattern()
    before: set[str] = set()
    after: set[str] = set()
    for m in pattern.finditer(spaced):
        code = forms.get(m.group(1).lower())
        if code:
            (before if m.end() <= at else after).add(country_level(code))
    after -= before
    if not before or not after:
        return None
    return tuple(sorted(before)), tuple(sorted(after))


# ---- similarity --------------------------------------------------------------------


@dataclass
class VariableText:
    """What a variable offers to the text matcher: its canonical parts and its spans."""

    actors: frozenset[str]
    issues: frozenset[str]
    words: frozenset[str]
    texts: list[str] = field(default_factory=list)
    about: frozenset[str] = frozenset()  # actors a view is about (see ``Variable.about``)


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def match_score(query: Canonical, var: VariableText) -> float:
    """Similarity in 0..1 of a canonicalised phrase and a variable.

    0.4 × actor Jaccard + 0.35 × issue Jaccard (content words stand in where a side
    has no issue) + 0.25 × the best rapidfuzz token-set ratio between the phrase's
    content and the variable's label and spans. For a view, the actor overlap is the
    better of its holder alone and its holder with the actors the view is about; a
    phrase that states a view (``view_roles``) is compared role by role with a view. The
    negative-stance issues (opposition, threat) count as one class.
    """
    qa = frozenset(query.actors)
    q_about = frozenset(query.qualifier.split("-")) if query.qualifier else frozenset()
    if q_about and var.about:
        # a view against a view: holders against holders, objects against objects
        actor = 0.5 * _jaccard(qa, var.actors) + 0.5 * _jaccard(q_about, var.about)
    else:
        qa |= q_about
        actor = _jaccard(qa, var.actors) if (qa or var.actors) else 0.5
        if var.about:
            actor = max(actor, _jaccard(qa, var.actors | var.about))
    qi = _stance_class(frozenset(query.issues))
    if qi or var.issues:
        issue = _jaccard(qi, _stance_class(var.issues))
        if query.words and var.words:
            issue = 0.8 * issue + 0.2 * _jaccard(frozenset(query.words), var.words)
    else:
        issue = _jaccard(frozenset(query.words), var.words)
    qtext = " ".join([*query.issues, *query.words])
    text = 0.0
    for candidate in var.texts:
        text = max(text, fuzz.token_set_ratio(qtext, candidate) / 100.0)
    return 0.4 * actor + 0.35 * issue + 0.25 * text


def _stance_class(issues: frozenset[str]) -> frozenset[str]:
    """``issues`` with any negative-stance issue standing for all of them.

    A view variable carries the whole negative class ("opposition" and "threat", as
    ``stance_variable`` makes it), while a phrase names one of its words ("Japan's
    irritation with Russia"): compared as classes, they are the same issue.
    """
    negative = lexicon().negative
    return issues | negative if issues & negative else issues


def content_text(canon: Canonical) -> str:
    """The issue keys and content words of a canonical form, as one string."""
    return " ".join([*canon.issues, *canon.words])
