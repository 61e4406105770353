"""Causal claims: cause/effect pairs stated in a sentence, and whether a sentence is causal.

Patterns over the spaCy dependency parse, with the connectives, verbs and noun frames
as data in ``data/causal_patterns.yaml``:

* cause markers ("because X, Y", "Y due to X", "in response to X, Y");
* effect markers ("X, and thus Y", "X; as a result, Y");
* purpose ("A did X to achieve B", "in order to", "so that", "aimed at"): the purpose
  is the cause and the action the effect, as in the Causal News Corpus;
* conditionals ("if X, Y will"), marked ``conditional=True``;
* causal verbs (subject = cause, object = effect; passive: agent = cause), chains
  through relative clauses ("X leads to Y, which causes Z" gives two pairs);
* noun and adjective frames ("X is a factor in Y", "the reason for Y is X",
  "X is a result of Y", "X is harmful to Y", "X has an effect on Y").

Whether a sentence is causal at all (patterns, classifier and encoder together) is
decided in ``causal_detect``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from spacy.tokens import Doc, Span, Token

from realpolitik.extract.causal_patterns import Patterns, load_patterns
from realpolitik.extract.causal_sides import (
    Pair,
    dedupe,
    holder,
    modality,
    nearest_verb,
    span_offsets,
    whole_lists,
    without_asides,
    without_reports,
)
from realpolitik.extract.claim_types import CausalClaim, Sign
from realpolitik.extract.coordination import split_clause, stolen_subject
from realpolitik.extract.mention_context import Context
from realpolitik.extract.mention_map import MentionMap
from realpolitik.extract.perspective_lexicon import load_lexicon
from realpolitik.records import Mention
from realpolitik.token_view import token_view

SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
RELPRON = frozenset({"that", "which", "who", "whom"})
EFFECT_DEPS = frozenset({"dobj", "obj", "dative", "oprd", "xcomp", "ccomp", "attr"})
DIRECTIONAL = frozenset({"from", "toward", "towards", "into"})


# --------------------------------------------------------------------------- pairs


def _sub(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


def _with_such_as(noun: Token) -> set[int]:
    """``noun``'s subtree, with the examples of a "such N as X, Y and Z" that the parser
    hung on the verb instead ("weakened by such quarrels | as X, Y and Z")."""
    ids = _sub(noun)
    if not any(c.lower_ == "such" for c in noun.children):
        return ids
    after = noun.right_edge.i + 1
    if after < len(noun.doc):
        nxt = noun.doc[after]
        if nxt.lower_ == "as" and nxt.dep_ == "prep" and nxt.head.i == noun.head.head.i:
            ids |= _sub(nxt)
    return ids


def _subject(verb: Token, depth: int = 0) -> set[int]:
    """The subject's tokens of ``verb``, inherited through xcomp/conj/relcl/acl."""
    subs = [c for c in verb.children if c.dep_ in SUBJ]
    if subs:
        s = subs[0]
        if s.lower_ in RELPRON and verb.dep_ == "relcl":
            return _antecedent(verb)
        return _sub(s)
    # a parse that left the subject unlabelled: the first nominal dependent before the verb
    for c in verb.lefts:
        if c.dep_ in {"dep", "nmod"} and c.pos_ in {"NOUN", "PROPN"}:
            return _sub(c)
    if depth > 4 or verb.head == verb:
        return set()
    if verb.dep_ == "relcl":
        return _antecedent(verb)
    if verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN", "PRON"}:
        return _sub(verb.head) - _sub(verb)
    if verb.dep_ in {"xcomp", "conj", "advcl", "ccomp", "pcomp"}:
        return _subject(verb.head, depth + 1)
    return set()


def _antecedent(relcl: Token) -> set[int]:
    """A relative clause's antecedent NP ("X as a factor that affects Y": the X)."""
    head = relcl.head
    if head.dep_ == "pobj" and head.head.lower_ == "as":
        host = head.head.head
        if host.pos_ in {"NOUN", "PROPN", "PRON"}:
            return _sub(host) - _sub(head.head)
        objs = [c for c in host.children if c.dep_ in {"dobj", "obj"}]
        if objs:
            return _sub(objs[0])
    return _sub(head) - _sub(relcl)


_KINDS = ("purpose", "cause_marker", "conditional", "effect_marker")


_INDEX: dict[
    int, tuple[Patterns, dict[str, list[tuple[int, int, tuple[str, ...], str, float]]]]
] = {}


def _marker_index(pats: Patterns) -> dict[str, list[tuple[int, int, tuple[str, ...], str, float]]]:
    """Marker phrases by their first word: (group rank, -length, phrase, kind, conf)."""
    cached = _INDEX.get(id(pats))
    if cached is not None and cached[0] is pats:
        return cached[1]
    tables = (pats.purpose_markers, pats.cause_markers, pats.conditional, pats.effect_markers)
    index: dict[str, list[tuple[int, int, tuple[str, ...], str, float]]] = {}
    for rank, (kind, table) in enumerate(zip(_KINDS, tables, strict=True)):
        for phrase, conf in table.items():
            if phrase:
                index.setdefault(phrase[0], []).append((rank, -len(phrase), phrase, kind, conf))
    _INDEX[id(pats)] = (pats, index)
    return index


@dataclass(frozen=True)
class _Words:
    """A sentence's tokens with the attributes every pattern family reads, read once
    (each is a string look-up in spaCy, and five families scan every token)."""

    toks: list[Token]
    pos: list[str]
    lemmas: list[str]  # lower-cased
    lows: list[str]


def _words(sent: Span) -> _Words:
    view, a, b = token_view(sent.doc), sent.start, sent.end
    return _Words(list(sent), view.pos[a:b], view.lemma[a:b], view.lower[a:b])


def _matches(words: _Words, pats: Patterns) -> list[tuple[int, int, str, float, list[Token]]]:
    """Every marker occurrence in the sentence: (rank, -length, kind, conf, tokens), in
    the order they are tried (group, then longest phrase first)."""
    index = _marker_index(pats)
    toks, lows = words.toks, words.lows
    found: list[tuple[int, int, int, str, float, list[Token]]] = []
    for i, low in enumerate(lows):
        for rank, neg_len, phrase, kind, conf in index.get(low, ()):
            n = -neg_len
            if tuple(lows[i : i + n]) == phrase:
                found.append((rank, neg_len, i, kind, conf, toks[i : i + n]))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    return [(r, nl, k, c, m) for r, nl, _i, k, c, m in found]


def _top(marker: list[Token]) -> Token:
    ids = {t.i for t in marker}
    tops = [t for t in marker if t.head.i not in ids or t.head == t]
    return tops[0] if tops else marker[0]


def _governed(marker: list[Token]) -> tuple[set[int], Token | None]:
    """The phrase a marker introduces, and the clause head it attaches to."""
    top = _top(marker)
    ids = {t.i for t in marker}
    if (
        top.dep_ in {"mark", "aux", "advmod"}
        and top.head.pos_ in {"VERB", "AUX"}
        and top.head.i not in ids
    ):
        clause = top.head
        return _sub(clause) - ids, nearest_verb(clause.head) if clause.head != clause else None
    phrase = _sub(top) - ids
    host = nearest_verb(top.head) if top.head != top else None
    return phrase, host


def _marker_pairs(sent: Span, words: _Words, pats: Patterns) -> list[Pair]:
    out: list[Pair] = []
    used: set[int] = set()
    for _rank, _neg_len, kind, conf, marker in _matches(words, pats):
        ids = {t.i for t in marker}
        if ids & used or _idiom(marker, pats):
            continue
        found = _marker_pair(kind, marker, conf, sent, pats)
        if found:
            used |= ids
            out += found
    return out


def _parenthetical_report(verb: Token, pats: Patterns) -> bool:
    """``verb`` is a reporting verb set off by commas with its subject (", officials
    warned,"), not a verb of the claim itself ("the club would not expect him to")."""
    if verb.lemma_.lower() not in pats.attribution:
        return False
    subjects = [c for c in verb.children if c.dep_ in SUBJ]
    doc = verb.doc
    start = min([verb.i, *(s.left_edge.i for s in subjects)])
    return (
        bool(subjects)
        and start > 0
        and doc[start - 1].text == ","
        and verb.i + 1 < len(doc)
        and doc[verb.i + 1].text == ","
    )


def _idiom(marker: list[Token], pats: Patterns) -> bool:
    """``marker`` opens one of the pattern file's ``marker_idioms`` ("after the fact")."""
    doc = marker[0].doc
    start = marker[0].i
    for idiom in pats.marker_idioms:
        end = start + len(idiom)
        if end <= len(doc) and tuple(t.lower_ for t in doc[start:end]) == idiom:
            return True
    return False


def _marker_pair(
    kind: str, marker: list[Token], conf: float, sent: Span, pats: Patterns | None = None
) -> list[Pair]:
    pats = pats or load_patterns()
    ids = {t.i for t in marker}
    top = _top(marker)
    if kind == "effect_marker":
        verb = nearest_verb(top.head if top.head != top else top)
        if verb is None:
            return []
        if top.dep_ == "cc" or top.lower_ == "so" and top.dep_ not in {"advmod"}:
            # "X, so Y": the clause after "so" is the conj of the one before
            nxt = [c for c in verb.children if c.dep_ == "conj" and c.i > top.i]
            if not nxt:
                return []
            effect = _sub(nxt[0])
            cause = _sub(verb) - effect - ids
        elif verb.dep_ == "conj":
            effect = _sub(verb) - ids
            cause = _sub(verb.head) - _sub(verb)
        elif verb.dep_ in {"advcl", "relcl"} and verb.head != verb:
            effect = _sub(verb) - ids
            cause = _antecedent(verb) if verb.dep_ == "relcl" else _sub(verb.head) - _sub(verb)
        else:
            # "X; as a result, Y" inside one sentence
            before = {t.i for t in sent if t.i < marker[0].i and not t.is_punct}
            if not before or not any(
                t.text in {";", ":", "—", "–"} for t in sent if t.i < marker[0].i
            ):
                return []
            effect = {t.i for t in sent if t.i > marker[-1].i}
            cause = before
        if not cause or not effect:
            return []
        return [Pair(cause, effect, marker, "+", conf, "effect_marker", top)]
    phrase, host = _governed(marker)
    if not phrase or host is None:
        return []
    if " ".join(t.lower_ for t in marker) in pats.temporal and _only_time(phrase, sent.doc):
        return []  # "since 2020", "after May": a time, not a cause
    if kind == "conditional" and marker[0].lower_ == "if" and _whether(marker, host, pats):
        return []  # "it is not known if X", "asked if X": whether, not a condition
    if kind != "purpose" and _parenthetical_report(host, pats):
        # "If X, officials warned, Y will ...": the effect is what they warned of
        reported = [
            c
            for c in host.children
            if c.dep_ == "ccomp" and c.i > marker[-1].i and not _sub(c) & ids
        ]
        if reported:
            host = reported[0]
        elif host.dep_ == "parataxis" and host.head != host:
            host = host.head  # "Because X, Seoul said, it will Y": the parse hangs X on "said"
    if kind == "conditional" and any(
        t.lower_ in {"as", "even"} for t in sent if t.i == marker[0].i - 1
    ):
        conf *= 0.6
    if (
        kind == "cause_marker"
        and " ".join(t.lower_ for t in marker) in pats.temporal
        and host is not None
        and _changes(host, pats)
    ):
        # "Y will intensify after X", "ties soured following X": a change of state
        # timed by an event reads as caused by it
        conf = max(conf, pats.temporal_change_conf)
    conjuncts = [
        c
        for c in host.children
        if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and not (_sub(c) & ids)
    ]
    for c in [c for c in conjuncts if c.i > marker[-1].i and split_clause(phrase, c)]:
        # "Y after A did X and B did Z": the parser's conjunct of the host is the
        # marked clause's second half
        phrase = phrase | _sub(c)
        conjuncts.remove(c)
    # the host clause minus the marked phrase and minus clauses coordinated with it
    # (each with its subject, where the parser hung it on the host's object)
    rest = _sub(_clause_of(host)) - phrase - ids
    subjects = {c.i: stolen_subject(c) for c in conjuncts}  # each with its "and"
    for c in conjuncts:
        rest -= _sub(c) | subjects[c.i]
    pattern = "cause_marker" if kind not in {"purpose", "conditional"} else kind
    pairs = [Pair(phrase, rest, marker, "+", conf, pattern, top, kind == "conditional", host.i)]
    if marker[0].i < host.i:
        # a fronted "If X, A and B" / "Because X, A and B" scopes over every conjunct
        for c in conjuncts:
            clause = _sub(c) | set(sorted(subjects[c.i])[1:])
            pairs.append(
                Pair(phrase, clause, marker, "+", conf, pattern, top, kind == "conditional", c.i)
            )
    return pairs


def _clause_of(host: Token) -> Token:
    """The head of the phrase ``host`` predicates: ``host`` itself, or the noun a
    reduced relative describes, so that the effect keeps what the participle is said
    of: "the royal commission set up to investigate X" (effect "the royal commission
    set up", not "set up"); "Relations soured after X", which the parser reads as the
    ROOT noun *Relations* with *soured* its reduced relative (effect "Relations
    soured")."""
    head = host.head
    if (
        host.dep_ == "acl"
        and host.tag_ in {"VBN", "VBD"}
        and head.pos_ in {"NOUN", "PROPN"}
        and head.i < host.i
        # a reduced relative has no subject and no finite auxiliary of its own ("a sign
        # that the situation had improved" is a content clause)
        and not any(c.dep_ in SUBJ or (c.dep_ == "aux" and c.tag_ != "TO") for c in host.children)
    ):
        return head
    return host


def _whether(marker: list[Token], host: Token, pats: Patterns) -> bool:
    """The "if" of ``marker`` means "whether": its clause is the complement of a verb
    or adjective of knowing or asking that comes before it (``whether_hosts``: "asked
    if", "not known if", "unclear if")."""
    clause = _top(marker).head
    if clause.dep_ in {"ccomp", "csubj"}:
        return True
    if marker[0].i < host.i:
        return False  # a fronted "If X, Y will see ..." is a condition
    words = {host.lemma_.lower()} | {
        c.lemma_.lower() for c in host.children if c.dep_ in {"acomp", "attr"}
    }
    return bool(words & pats.whether_hosts)


def _only_time(ids: set[int], doc: Doc) -> bool:
    """The phrase ``ids`` names a date or time and nothing else (its words other than
    determiners, prepositions and punctuation are all in DATE or TIME entities)."""
    words = [doc[i] for i in ids if not doc[i].is_punct and doc[i].pos_ not in {"DET", "ADP"}]
    return bool(words) and all(t.ent_type_ in {"DATE", "TIME"} for t in words)


def _changes(verb: Token, pats: Patterns) -> bool:
    """``verb`` (or a verb it coordinates with) names a change of state ("intensify",
    "deteriorate", "grow"): a change verb of the pattern file or a signed causal verb
    used intransitively."""
    for v in (verb, *[c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]):
        lemma = v.lemma_.lower()
        if lemma in pats.change_verbs:
            return True
        spec = pats.verbs.get(lemma)
        if (
            spec is not None
            and spec.get("sign")
            and not spec.get("needs_prep")
            and not spec.get("complement")  # "left after a week" is no change of state
            and not any(c.dep_ in {"dobj", "obj"} for c in v.children)
        ):
            return True
    return False


def _purpose_infinitives(words: _Words, pats: Patterns, skip: set[int]) -> list[Pair]:
    out: list[Pair] = []
    for v, pos in zip(words.toks, words.pos, strict=True):
        if pos != "VERB" or v.i in skip:
            continue
        to = [c for c in v.children if c.dep_ == "aux" and c.tag_ == "TO"]
        if not to or any(c.dep_ in SUBJ or c.dep_ == "mark" for c in v.children):
            continue
        head = v.head
        if v.dep_ == "advcl" and head.pos_ in {"VERB", "AUX"} and head != v:
            if head.lemma_ == "be" and not [c for c in head.children if c.dep_ in SUBJ]:
                continue
            if head.lemma_ == "be" and any(c.dep_ == "acomp" for c in head.children):
                continue  # "it is important to clarify": the infinitive completes the adjective
            cause = _sub(v)
            effect = _sub(_clause_of(head)) - cause
            out.append(Pair(cause, effect, to, "+", pats.purpose_infinitive, "purpose", v))
        elif (
            v.dep_ == "xcomp"
            and head.pos_ == "VERB"
            and _is_passive(head)
            and head.lemma_.lower() not in pats.passive_exclude
            # "X is meant / designed to Y" is the purpose-verb rule's, with X as effect
            and head.lemma_.lower() not in pats.purpose_verbs
        ):
            cause = _sub(v)
            effect = _sub(head) - cause
            out.append(Pair(cause, effect, to, "+", pats.purpose_infinitive, "purpose", v))
        elif v.dep_ in {"xcomp", "advcl"} and head.lemma_ == "be":
            subs = [c for c in head.children if c.dep_ in SUBJ]
            if not subs or subs[0].lemma_.lower() in pats.identity_nouns or subs[0].lower_ == "it":
                continue
            if any(c.dep_ == "auxpass" for c in v.children) or _agentive(subs[0], pats):
                continue  # "detainees are to be moved", "the minister is to visit": plans
            if any(c.dep_ == "acomp" for c in head.children):
                continue
            if any(t.lemma_.lower() in pats.identity_nouns for t in subs[0].subtree):
                continue
            out.append(Pair(_sub(v), _sub(subs[0]), to, "+", pats.purpose_infinitive, "purpose", v))
    return out


def _reason_participles(words: _Words, pats: Patterns) -> list[Pair]:
    """A fronted participle of a mental state and its clause: "Fearing X, A did B"
    (cause "Fearing X", effect "A did B")."""
    out: list[Pair] = []
    for v, lemma in zip(words.toks, words.lemmas, strict=True):
        if (
            lemma in pats.reason_participles
            and v.tag_ == "VBG"
            and v.dep_ == "advcl"
            and v.i < v.head.i
            and v.head.pos_ in {"VERB", "AUX"}
            and not any(c.dep_ in SUBJ or c.dep_ == "mark" for c in v.children)
        ):
            cause = _sub(v)
            out.append(
                Pair(
                    cause, _sub(v.head) - cause, [v], "+", pats.reason_participle_conf, "reason", v
                )
            )
    return out


def _correlative(sent: Span, pats: Patterns) -> list[Pair]:
    """ "The more X, the more Y" (comparative correlative): X causes Y, with sign + when
    both comparatives point the same way and - when they differ ("the more X, the less
    Y")."""
    toks = [t for t in sent if not t.is_space]
    if len(toks) < 6 or toks[0].lower_ != "the":
        return []
    first = toks[1].lower_
    up, down = pats.correlative_up, pats.correlative_down
    if first not in up | down:
        return []
    for k in range(2, len(toks) - 2):
        second = toks[k + 2].lower_
        if toks[k].text == "," and toks[k + 1].lower_ == "the" and second in up | down:
            cause = {t.i for t in toks[2:k]}
            effect = {t.i for t in toks[k + 3 :]}  # the final stop is trimmed off the span
            if not cause or not effect:
                return []
            sign: Sign = "+" if (first in up) == (second in up) else "-"
            signal = [toks[k + 1], toks[k + 2]]  # "the more" of the effect clause
            return [
                Pair(cause, effect, signal, sign, pats.correlative_conf, "correlative", toks[1])
            ]
    return []


def _agentive(subject: Token, pats: Patterns) -> bool:
    """``subject`` names someone who acts (a personal pronoun, a person, a people, a
    state, an organisation, or a noun of ``agent_nouns``: "the government"): "X is to
    V" then states a plan, not a purpose."""
    return (
        (subject.pos_ == "PRON" and subject.lower_ not in {"this", "that", "which"})
        or subject.ent_type_ in {"PERSON", "NORP", "GPE", "ORG"}
        or subject.lemma_.lower() in pats.agent_nouns
    )


def _is_passive(v: Token) -> bool:
    return any(c.dep_ in {"nsubjpass", "auxpass", "agent"} for c in v.children)


def _actor_only(ids: set[int], doc: Doc, mm: MentionMap) -> bool:
    """The cause is just an actor (an agent acting), not an event or a state."""
    if not ids:
        return False
    toks = [doc[i] for i in sorted(ids)]
    roots = [t for t in toks if t.head.i not in ids or t.head == t]
    return all(
        bool(mm.at(r))
        or r.lower_ in {"it", "they", "we", "i", "he", "she", "you"}
        or r.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
        for r in roots
    )


def _controlled(v: Token, pats: Patterns) -> bool:
    """``v`` is the complement of a control verb ("seeks to enhance")."""
    cur = v
    for _ in range(3):
        if cur.dep_ not in {"xcomp", "pcomp", "conj"} or cur.head == cur:
            return False
        cur = cur.head
        if cur.lemma_.lower() in pats.control:
            return True
    return False


def _resultative(c: Token, spec: dict[str, Any]) -> bool:
    """``c`` is the resultative complement of a verb like "make" ("made [Y dependent]",
    "made [Y reconsider]"): a clause or predicate, not an object, and no idiom of
    ``spec["not_complements"]`` ("made [it clear] that")."""
    return (
        c.dep_ in {"ccomp", "xcomp", "oprd"}
        and (c.pos_ in {"ADJ", "ADV"} or c.tag_ in {"VB", "VBN"})  # "made Y [reconsider]"
        and not any(m.dep_ == "mark" for m in c.children)  # "leaving [when X ends]"
        and c.lemma_.lower() not in set(spec.get("not_complements") or ())
    )


def _verb_pairs(sent: Span, words: _Words, pats: Patterns, mm: MentionMap) -> list[Pair]:
    out: list[Pair] = []
    for v, pos, lemma, low in zip(words.toks, words.pos, words.lemmas, words.lows, strict=True):
        if pos != "VERB":
            continue
        spec = pats.verbs.get(lemma) or pats.verbs.get(low)
        if spec is None:
            continue
        reverse = set(spec.get("reverse_preps") or [])
        if reverse and spec.get("passive_only") and not _is_passive(v):
            continue
        if reverse:
            # "X stems from Y", "X died of Y": the prepositional object is the cause
            src = [
                p
                for c in v.children
                if c.dep_ == "prep" and c.lower_ in reverse
                for p in c.children
                if p.dep_ in {"pobj", "pcomp"}
            ]
            if src:
                subj = _subject(v)
                if subj:
                    out.append(
                        Pair(_sub(src[0]), subj, [v], "+", float(spec.get("conf", 0.8)), "verb", v)
                    )
                continue
        if v.dep_ == "amod" or (v.dep_ == "acl" and v.i < v.head.i):
            continue  # a participle used as an adjective ("the changing alliance")
        passive = _is_passive(v)
        if spec.get("passive_only") and not passive:
            continue
        preps = set(spec.get("preps") or [])
        if passive and (spec.get("needs_prep") or spec.get("complement")):
            continue  # "led by X" is not "lead to"
        if passive:
            agents = [
                p
                for c in v.children
                if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
                for p in c.children
                if p.dep_ in {"pobj", "pcomp"}
            ]
            if not agents:
                continue
            cause = _with_such_as(agents[0])
            subs = [c for c in v.children if c.dep_ in {"nsubjpass", "nsubj"}]
            if subs and not (subs[0].lower_ in RELPRON and v.dep_ == "relcl"):
                effect = _sub(subs[0])
            elif v.dep_ in {"relcl", "acl"}:
                effect = _antecedent(v) if v.dep_ == "relcl" else _sub(v.head) - _sub(v)
            else:
                effect = _subject(v)
        else:
            effect = set()
            has_prep = False
            needs = set(spec.get("needs_object") or [])
            resultative = bool(spec.get("complement"))
            into = [c for c in v.children if c.dep_ == "prep" and c.lower_ in preps]
            if resultative and (into or any(_resultative(c, spec) for c in v.children)):
                # "left [South Korea] [exposed]", "forced [Tokyo] [into talks]": the
                # object is the complement's subject
                effect = {
                    i
                    for c in v.children
                    if _resultative(c, spec) or c in into or c.dep_ in {"dobj", "obj"}
                    for i in _sub(c)
                }
            for c in v.children:
                if resultative:
                    continue
                if c.dep_ in EFFECT_DEPS:
                    if needs and c.dep_ in {"dobj", "obj"}:
                        if c.lemma_.lower() not in needs:
                            effect = set()
                            break
                        continue
                    effect |= _sub(c)
                elif c.dep_ == "prep" and (c.lower_ in preps or c.lower_ in DIRECTIONAL):
                    effect |= (
                        _sub(c)
                        if c.lower_ in DIRECTIONAL
                        else {t.i for p in c.children for t in p.subtree}
                    )
                    has_prep = has_prep or c.lower_ in preps
                elif c.dep_ == "prt" and c.lower_ in preps:
                    has_prep = True
            if spec.get("needs_prep") and not has_prep:
                continue
            if needs and not effect:
                continue
            if (
                v.tag_ == "VBG"
                and v.dep_ in {"advcl", "xcomp"}
                and not any(c.dep_ in SUBJ for c in v.children)
                and v.i > v.head.i
                and (
                    sent.doc[v.i - 1].text in {",", ";", "—", "–"}
                    or any(c.lower_ in {"thus", "thereby", "so", "therefore"} for c in v.children)
                )
            ):
                # "..., thus causing Y": the main clause is the cause
                cause = _sub(v.head) - _sub(v)
            else:
                cause = _subject(v)
        if not cause or not effect:
            continue
        if all(sent.doc[i].lower_ in {"what", "which", "who", "whatever"} for i in cause):
            continue
        conf = float(spec.get("conf", 0.7))
        if not spec.get("any_subject"):
            if _actor_only(cause, sent.doc, mm):
                conf *= 0.4
            elif _controlled(v, pats):
                conf *= 0.5
        sign = cast(Sign, spec.get("sign", "+"))
        if any(c.dep_ == "neg" for c in v.children):
            sign = "-" if sign == "+" else "+"
        out.append(Pair(cause, effect - cause, [v], sign, conf, "verb", v))
    return out


def _pp_object(
    noun: Token, preps: Iterable[str], *, infinitive: bool = False
) -> tuple[set[int], Token | None]:
    """The object of the first of ``preps`` on ``noun`` and that preposition (or the
    clause standing for it); with ``infinitive``, a to-infinitive stands for "to"."""
    wanted = set(preps)
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in wanted:
            objs = [p for p in c.children if p.dep_ in {"pobj", "pcomp"}]
            if objs:
                return {t.i for o in objs for t in o.subtree}, c
            return _sub(c) - {c.i}, c
    # "for Russia to shore up ..." parsed as a clause on the noun
    for c in noun.children:
        if c.dep_ in {"acl", "relcl"} and any(
            g.dep_ == "mark" and g.lower_ in wanted for g in c.children
        ):
            return _sub(c), c
    # "an incentive to keep the conflict frozen": a to-infinitive where "to" is wanted
    if infinitive and "to" in wanted:
        for c in noun.children:
            if c.dep_ in {"acl", "relcl"} and any(
                g.dep_ == "aux" and g.tag_ == "TO" for g in c.children
            ):
                return _sub(c), c
    return set(), None


def _predicate(noun: Token) -> bool:
    """``noun`` is predicated of something else: "X was [a response to Y]", "X came
    [as a response to Y]" (then X, not the noun phrase, is what the frame is about)."""
    return noun.dep_ in {"attr", "oprd"} or (noun.dep_ == "pobj" and noun.head.lower_ == "as")


def _noun_pairs(words: _Words, pats: Patterns) -> list[Pair]:
    out: list[Pair] = []
    for n, pos, lemma in zip(words.toks, words.pos, words.lemmas, strict=True):
        if pos not in {"NOUN", "PROPN"}:
            continue
        # a noun may have several frames ("a consequence for Y" / "a consequence of X")
        for spec in pats.nouns.get(lemma, ()):
            pair = _noun_pair(n, spec, pats)
            if pair is not None:
                out.append(pair)
                break
    return out


def _noun_pair(n: Token, spec: dict[str, Any], pats: Patterns) -> Pair | None:
    """The pair of frame ``spec`` around the noun ``n``, if its parts are there."""
    # what the noun enables may be a to-infinitive ("an incentive to V"); what it
    # answers may not ("a response ... to request" is a parse of "to a request")
    infinitive = spec.get("role", "subject_cause") == "subject_cause"
    obj, prep = _pp_object(n, spec.get("preps") or [], infinitive=infinitive)
    if (not obj or prep is None) and spec.get("with_noun") and n.dep_ in {"dobj", "obj"}:
        obj, prep = _pp_object(n.head, spec.get("preps") or [])
        if prep is not None:
            obj = obj | _sub(n)
    if not obj or prep is None:
        return None
    conf = float(spec.get("conf", 0.7))
    sign = cast(Sign, spec.get("sign", "+"))
    role = spec.get("role", "subject_cause")
    np_ids = _sub(n)
    verb = nearest_verb(n)
    other: set[int] = set()
    if n.dep_ == "pobj" and n.head.lower_ == "as" and n.head.head.pos_ in {"NOUN", "PROPN"}:
        other = _sub(n.head.head) - _sub(n.head)
    elif verb is not None:
        subs = [c for c in verb.children if c.dep_ in SUBJ]
        in_subject = any(n.i in _sub(s) for s in subs)
        if in_subject:
            other = {
                t.i
                for c in verb.children
                if c.dep_ in {"attr", "acomp", "oprd", "ccomp", "xcomp"}
                for t in c.subtree
            }
        elif (
            n.dep_ == "pobj"
            and n.head.lower_ == "as"
            and verb.lemma_ not in {"serve", "act", "function"}
        ):
            objs = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
            other = _sub(objs[0]) if objs else _subject(verb)
        elif verb.lemma_.lower() in pats.frame_verbs:
            other = _subject(verb)
    other -= np_ids
    if not other and not spec.get("np_effect"):
        return None
    if spec.get("with_noun") or spec.get("np_effect"):
        effect_side = (np_ids | obj) - (obj if spec.get("np_effect") else set())
    else:
        effect_side = obj
    if role == "subject_effect":
        if spec.get("np_effect") and not (other and _predicate(n)):
            cause, effect = obj, np_ids - _sub(prep)
        else:
            cause, effect = obj, other
    else:
        cause, effect = other, effect_side
    if not cause or not effect:
        return None
    return Pair(cause, effect, [n], sign, conf, "noun", n)


def _adjective_pairs(words: _Words, pats: Patterns) -> list[Pair]:
    out: list[Pair] = []
    for a, pos, lemma, low in zip(words.toks, words.pos, words.lemmas, words.lows, strict=True):
        if pos == "ADJ" and lemma in pats.adjectives:
            spec = pats.adjectives[lemma]
            obj: set[int] = set()
            for c in a.children:
                if c.dep_ == "prep" and c.lower_ in set(spec.get("preps") or []):
                    obj = {t.i for p in c.children for t in p.subtree}
            verb = nearest_verb(a)
            if not obj or verb is None:
                continue
            cause = _subject(verb) - _sub(a)
            if cause:
                out.append(
                    Pair(
                        cause,
                        obj,
                        [a],
                        cast(Sign, spec.get("sign", "+")),
                        float(spec.get("conf", 0.7)),
                        "adjective",
                        a,
                    )
                )
        elif (
            low in pats.emotive
            and a.dep_ in {"acomp", "oprd", "xcomp", "ccomp", "amod"}
            and a.head != a
        ):
            verb = a.head
            if a.dep_ == "amod":
                continue
            own = [c for c in a.children if c.dep_ in SUBJ]
            objs = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
            cause = _sub(own[0]) if own else _sub(objs[0]) if objs else _subject(verb)
            effect = _sub(a) - cause
            if cause and effect:
                out.append(Pair(cause, effect, [a], "+", 0.7, "emotive", a))
    return out


def sentence_pairs(sent: Span, mm: MentionMap, pats: Patterns) -> list[Pair]:
    """All pattern matches of one sentence, near-duplicates merged."""
    words = _words(sent)
    pairs = _marker_pairs(sent, words, pats)
    skip = {p.anchor.head.i for p in pairs if p.pattern == "purpose"} | {
        i for p in pairs if p.pattern == "purpose" for i in p.cause
    }
    pairs += _purpose_infinitives(words, pats, skip)
    pairs += _reason_participles(words, pats)
    pairs += _correlative(sent, pats)
    pairs += _verb_pairs(sent, words, pats, mm)
    # a frame noun inside a marker that already gave its pair ("in response to X")
    # is that marker, not a frame of its own ("X -> response")
    in_markers = {t.i for p in pairs for t in p.signal}
    pairs += [p for p in _noun_pairs(words, pats) if p.anchor.i not in in_markers]
    pairs += _adjective_pairs(words, pats)
    # purpose verbs: "X is aimed at Y", "X is designed to Y"
    for v, pos, lemma in zip(words.toks, words.pos, words.lemmas, strict=True):
        if pos == "VERB" and lemma in pats.purpose_verbs and _is_passive(v):
            goal = {
                t.i
                for c in v.children
                if (c.dep_ == "prep" and c.lower_ in {"at", "toward", "towards"})
                or c.dep_ == "xcomp"
                for t in c.subtree
            }
            subj = _subject(v)
            if goal and subj:
                pairs.append(Pair(goal, subj, [v], "+", 0.85, "purpose", v))
    return dedupe([without_reports(without_asides(whole_lists(p, sent)), pats) for p in pairs])


def extract_causal(
    doc: Doc,
    mentions: Sequence[Mention] = (),
    *,
    mention_offset: int = 0,
    extra_patterns: tuple[str, ...] = (),
) -> list[CausalClaim]:
    """Cause/effect pairs stated in ``doc`` (sentence-relative, verbatim spans)."""
    pats = load_patterns(tuple(extra_patterns))
    mm = MentionMap(doc, mentions, mention_offset)
    ctx = Context(doc, mm, load_lexicon())
    out: list[CausalClaim] = []
    for si, sent in enumerate(doc.sents):
        for pair in sentence_pairs(sent, mm, pats):
            if pair.conf < pats.min_conf:
                continue
            signal_ids = {t.i for t in pair.signal}
            # a reason participle is its own cause's head ("Fearing X": the fear)
            c = span_offsets(
                sent, pair.cause, pats, set() if pair.pattern == "reason" else signal_ids
            )
            # an emotive adjective or a reaction noun is the head of its own effect
            # ("finds X very irritating": the effect is "very irritating")
            keep = pair.pattern == "emotive" or (
                pair.pattern == "noun" and pair.anchor.i in pair.effect
            )
            e = span_offsets(
                sent,
                pair.effect - pair.cause,
                pats,
                set() if keep else signal_ids,
                pair.effect_head,
            )
            if c is None or e is None or c == e:
                continue
            s0 = min(t.idx for t in pair.signal) - sent.start_char
            s1 = max(t.idx + len(t.text) for t in pair.signal) - sent.start_char
            text = sent.text
            out.append(
                CausalClaim(
                    cause=text[c[0] : c[1]],
                    cause_start=c[0],
                    cause_end=c[1],
                    effect=text[e[0] : e[1]],
                    effect_start=e[0],
                    effect_end=e[1],
                    signal=text[s0:s1],
                    sign=pair.sign,
                    modality=modality(pair, doc, pats),
                    conditional=pair.conditional,
                    holder=holder(pair, sent, ctx, pats),
                    confidence=round(pair.conf, 3),
                    pattern=pair.pattern,
                    sent_index=si,
                    sent_start=sent.start_char,
                )
            )
        ctx.prev_actors = mm.in_tokens(sent)
    return out
