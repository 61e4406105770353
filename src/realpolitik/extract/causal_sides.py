"""The sides of a causal claim: from the token sets a pattern matched to spans.

``causal`` matches patterns and gives each match as a :class:`Pair` of token sets
(cause, effect, signal). Here those sets are mended where the parse broke them (lists
and clauses, asides, parenthetical reports), turned into verbatim character spans, and
given a modality and a holder; near-duplicate pairs are merged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from realpolitik.extract.causal_patterns import Patterns
from realpolitik.extract.claim_types import AUTHOR, CausalModality, Sign
from realpolitik.extract.coordination import list_tail
from realpolitik.extract.mention_context import Context
from realpolitik.extract.perspective_lexicon import cue_key


def _sub(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


@dataclass
class Pair:
    """One pattern match: the token indices of its cause and effect, its signal words,
    sign, confidence and pattern name; ``anchor`` is the token the match hangs on and
    ``effect_head`` the effect clause's head where one is known."""

    cause: set[int]
    effect: set[int]
    signal: list[Token]
    sign: Sign
    conf: float
    pattern: str
    anchor: Token
    conditional: bool = False
    effect_head: int | None = None


def nearest_verb(tok: Token) -> Token | None:
    """``tok`` or the nearest verb above it (up to 12 steps), else ``None``."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in {"VERB", "AUX"}:
            return cur
        if cur.head == cur:
            return None
        cur = cur.head
    return None


def span_offsets(
    sent: Span, ids: set[int], pats: Patterns, drop: set[int], prefer: int | None = None
) -> tuple[int, int] | None:
    """Sentence-relative character offsets of a side: the longest contiguous run of
    ``ids`` without ``drop`` (the run holding ``prefer`` where given), trimmed of
    punctuation and the pattern file's ``trim_words``; ``None`` if nothing is left."""
    ids = {i for i in ids if sent.start <= i < sent.end} - drop
    if not ids:
        return None
    runs: list[list[int]] = []
    for i in sorted(ids):
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    # join runs separated only by punctuation or dropped words
    doc = sent.doc
    preferred = [r for r in runs if prefer is not None and prefer in r]
    best = (
        preferred[0]
        if preferred
        else max(runs, key=lambda r: sum(1 for i in r if not doc[i].is_punct))
    )
    toks = [doc[i] for i in best]

    def trimmable(t: Token) -> bool:
        return t.is_punct or t.lower_ in pats.trim or t.is_space

    while toks and trimmable(toks[0]):
        toks = toks[1:]
    while toks and trimmable(toks[-1]):
        toks = toks[:-1]
    if not toks:
        return None
    start = toks[0].idx - sent.start_char
    end = toks[-1].idx + len(toks[-1].text) - sent.start_char
    return start, end


def modality(pair: Pair, doc: Doc, pats: Patterns) -> CausalModality:
    """``possible`` or ``likely`` when a hedge of the pattern file modifies the signal,
    its verb or the effect's verbs ("may hamper", "would probably"), else ``certain``."""
    words: list[str] = []
    anchors = [pair.anchor]
    v = nearest_verb(pair.anchor)
    if v is not None:
        anchors.append(v)
    for i in pair.effect:
        t = doc[i]
        if t.pos_ in {"VERB", "AUX"} and (t.head.i not in pair.effect or t.head == t):
            anchors.append(t)
    for a in anchors:
        words += [c.lower_ for c in a.children if c.dep_ in {"aux", "advmod", "amod"}]
        words.append(a.lower_)
    if any(w in pats.possible for w in words):
        return "possible"
    if any(w in pats.likely for w in words):
        return "likely"
    return "certain"


def holder(pair: Pair, sent: Span, ctx: Context, pats: Patterns) -> str:
    """The actor whose belief the sentence reports, else the author."""
    attribution = dict.fromkeys(pats.attribution, 0.0)
    if pair.effect_head is not None:
        effect = sent.doc[pair.effect_head]
        if effect.dep_ == "ccomp" and cue_key(effect.head, attribution):
            codes, _tok = ctx.subject_of(effect.head)
            if codes:
                return codes[0]
    cur = pair.anchor
    for _ in range(10):
        # "X, they said, Y": a reporting verb set in the clause
        for report in _reports(cur, pats):
            codes, _tok = ctx.subject_of(report)
            if codes:
                return codes[0]
        if cur.head == cur:
            break
        if cur.dep_ == "ccomp" and cue_key(cur.head, attribution):
            codes, _tok = ctx.subject_of(cur.head)
            if codes:
                return codes[0]
        cur = cur.head
    lex = ctx.lex
    for tok in sent:
        if tok.dep_ == "prep" and tok.lower_ in {"in", "from"} and tok.head == sent.root:
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if pobj.lemma_.lower() in lex.possessive_frames or pobj.lower_ == "point":
                poss = next((c for c in pobj.subtree if c.dep_ == "poss"), None)
                if poss is not None:
                    if "author" in sent.doc[poss.left_edge.i : pobj.i + 1].text.lower():
                        return AUTHOR
                    codes = ctx.actors_of_np(poss)
                    if codes:
                        return codes[0]
        if (
            tok.lower_ == "according"
            and tok.i + 1 < sent.end
            and sent.doc[tok.i + 1].lower_ == "to"
        ):
            for t in sent.doc[tok.i + 1].subtree:
                if ctx.mm.at(t):
                    return ctx.mm.at(t)[0]
    return AUTHOR


def _overlap(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def dedupe(pairs: list[Pair]) -> list[Pair]:
    """``pairs`` without near-duplicates (cause and effect each ≥ 80 % shared with a
    more confident pair)."""
    kept: list[Pair] = []
    for p in sorted(pairs, key=lambda p: -p.conf):
        if any(
            _overlap(p.cause, q.cause) >= 0.8 and _overlap(p.effect, q.effect) >= 0.8 for q in kept
        ):
            continue
        kept.append(p)
    return kept


def _reports(tok: Token, pats: Patterns) -> list[Token]:
    """Reporting verbs set into ``tok``'s clause as parentheticals (", they said,")."""
    return [
        c
        for c in tok.children
        if c.dep_ == "parataxis" and c.pos_ == "VERB" and c.lemma_.lower() in pats.attribution
    ]


def without_reports(pair: Pair, pats: Patterns) -> Pair:
    """``pair`` without the parenthetical reporting clauses (", they said,") in its cause
    and effect: they say whose claim it is (``holder``), not what it claims. Where the
    parse hangs the other side on the reporting verb ("Because X, Seoul said, Y"), only
    the verb and its own words go."""
    signal = {t.i for t in pair.signal}
    doc = pair.anchor.doc
    reports = {r.i: r for i in pair.cause | pair.effect for r in _reports(doc[i], pats)}
    cause, effect = set(pair.cause), set(pair.effect)
    for r in reports.values():
        clauses = {
            t.i for c in r.children if c.dep_ in {"advcl", "ccomp", "xcomp"} for t in c.subtree
        }
        own = {t.i for t in r.subtree} - clauses - signal
        # only at a side's edge: a report inside it ("..., you know, ...") would cut it
        cause -= own if not _inside(own, cause) else set()
        effect -= own if not _inside(own, effect) else set()
    if not cause or not effect or (cause == pair.cause and effect == pair.effect):
        return pair
    return replace(pair, cause=cause, effect=effect)


def _inside(words: set[int], side: set[int]) -> bool:
    """``words`` lie strictly within ``side``'s stretch, with side tokens on both sides."""
    rest = side - words
    return (
        bool(words & side)
        and any(i < min(words) for i in rest)
        and any(i > max(words) for i in rest)
    )


def without_asides(pair: Pair) -> Pair:
    """``pair`` without the non-restrictive relative clauses of its cause and effect
    (", which pushed up inflation"): an aside adds a link of its own, its own pair, so
    that "A weakened B, which raised C" gives A -> B and B -> C, not A -> "B, which
    raised C". Only an aside that ends its side goes; one holding the pair's own
    signal stays."""
    keep = {t.i for t in pair.signal} | {pair.anchor.i}
    doc = pair.anchor.doc

    def asides(ids: set[int]) -> set[int]:
        out: set[int] = set()
        for i in ids:
            t = doc[i]
            left = t.left_edge.i
            if (
                t.dep_ == "relcl"
                and left > 0
                and doc[left - 1].text == ","
                and doc[left].lower_ in {"which", "who", "whom", "whose"}
            ):
                clause = _sub(t) | {left - 1}
                after = [j for j in ids - clause if j > left and not doc[j].is_punct]
                # only an aside that ends the side: one inside it ("The detainees,
                # who ..., are engaging") would split the span
                if not clause & keep and not after:
                    out |= clause
        return out

    cause_asides, effect_asides = asides(pair.cause), asides(pair.effect)
    if not cause_asides and not effect_asides:
        return pair
    cause, effect = pair.cause - cause_asides, pair.effect - effect_asides
    if not cause or not effect:
        return pair
    return replace(pair, cause=cause, effect=effect)


def whole_lists(pair: Pair, sent: Span) -> Pair:
    """``pair`` with a cause or effect list that the parser broke off after its first
    item made whole (``coordination.list_tail``); the rest of the list leaves the other
    side. A tail holding the signal or the effect's head is not a list item."""
    keep = {t.i for t in pair.signal} | {pair.anchor.i}
    if pair.effect_head is not None:
        keep.add(pair.effect_head)
    cause, effect = pair.cause, pair.effect
    tail = list_tail(cause, sent)
    if tail and not tail & keep:
        cause, effect = cause | tail, effect - tail
    tail = list_tail(effect, sent)
    if tail and not tail & keep:
        cause, effect = cause - tail, effect | tail
    if cause is pair.cause and effect is pair.effect:
        return pair
    return replace(pair, cause=cause, effect=effect)
