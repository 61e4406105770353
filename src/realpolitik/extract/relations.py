"""Standing relations stated in text: alliances, partnerships, rivalries, disputes, ties.

A relation is a tie the text names ("the U.S.-Japan alliance", "a territorial dispute
over the Kuril Islands", "Russia's military-technical ties with China"), not an act.
For each relation noun (``data/relations.yaml``) the extractor finds the pair of actors
it links, over the dependency parse and the mentions of
:func:`realpolitik.actors.resolver.resolve_doc`:

* actors inside the noun phrase: compounds and adjectives ("Moscow - Tokyo relations",
  "Russian-Japanese ties", "the U.S.-Japan alliance"), possessives ("Russia's ties");
* prepositional partners: "with Y", "between X and Y", "among ...", "of Y", "to Y";
* an apposition ("Japan's ally the United States");
* the clause around the noun: its subject ("Russia and Japan have a dispute",
  "X and Y are allies", "Russia is developing ties with China", "its ties" -> the
  subject), a direct object with "as" or an object predicate ("X sees Y as a partner");
* a noun without a pair of its own inside another relation's phrase inherits it
  ("ties with Turkey, which include yearly joint naval drills"); "bilateral ..." in a
  sentence naming exactly two states takes them.

Then polarity (the type's, set or lowered by modifiers such as "strained" or "good"),
trend (cues in the clause; growth of a cooperative tie is improvement, growth of a
conflictual one worsening; "prevented any breakthrough" blocks the cue), the object of
a dispute ("over Z", "the Z dispute", or a place named in the sentence), instrument
and hard/soft class, and a date. Negated and hypothetical relations ("would be an
alliance") give nothing; tentative ones ("the possibility of a quasi-alliance") have
their confidence lowered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from spacy.strings import get_string_id
from spacy.symbols import ADJ, NOUN, NUM, PROPN, X
from spacy.tokens import Doc, Span, Token

from realpolitik.actors.registry import country_level
from realpolitik.annotate import span_text
from realpolitik.extract.dates import sentence_dates
from realpolitik.extract.genre import is_sports_doc
from realpolitik.extract.mention_map import MentionMap
from realpolitik.extract.relation_lexicon import (
    RelationLexicon,
    load_relation_lexicon,
    power_of,
    scored_type,
)
from realpolitik.records import Mention
from realpolitik.token_view import token_view

_CLAUSE_DEPS = frozenset(
    {"ROOT", "ccomp", "advcl", "relcl", "parataxis", "conj", "xcomp", "acl", "pcomp", "csubj"}
)
_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_PARTNER_PREPS = frozenset({"with", "between", "among", "amongst", "to", "of", "against"})
_OBJECT_PREPS = frozenset({"over", "about", "on", "regarding", "concerning", "around"})
#: heads whose "on X" names the other side ("dependence on the Chinese market")
_RELIANCE = frozenset({"dependence", "dependency", "reliance", "interdependence"})
_COPULAS = frozenset({"be", "remain", "become", "stay", "constitute", "represent"})
_RELATIVES = frozenset({"that", "which", "who", "whom"})
_PRONOUNS = frozenset({"its", "their", "it", "they", "his", "her"})
_TERRITORIAL = frozenset(
    {"territorial", "maritime", "border", "boundary", "sovereignty", "frontier"}
)
#: parts of speech and tags (as string ids) a relation noun's head can have
_HEAD_POS = frozenset({NOUN, PROPN, NUM, X, ADJ})
_HEAD_TAG_IDS = frozenset(get_string_id(t) for t in ("NN", "NNS"))
_SKIP_ENTS = frozenset({"LAW", "EVENT", "WORK_OF_ART", "ORG", "FAC", "PRODUCT"})
_LEFT_OK_DEPS = frozenset(
    {
        "compound",
        "amod",
        "poss",
        "nmod",
        "det",
        "punct",
        "cc",
        "conj",
        "case",
        "npadvmod",
        "advmod",
        "nummod",
        "quantmod",
        "appos",
        "dep",
        "prep",
        "pobj",
    }
)


@dataclass(frozen=True)
class Relation:
    """A standing tie between two actors, stated in one sentence.

    Fields match the store's ``relations`` table. ``start``/``end`` index the cue (the
    relation noun phrase's head words) in the sentence text; ``sentence_start`` is that
    sentence's offset in the document given to the extractor. ``source``/``target``
    keep full actor codes (``RUSGOV``); a relation is symmetric, ``source`` is the side
    named first (or the possessor/subject).
    """

    source: str
    target: str
    type: str
    object: str | None
    polarity: int
    trend: str | None
    instrument: str
    power: str
    cue: str
    start: int
    end: int
    date: str | None = None
    confidence: float = 0.5
    sentence_start: int = 0

    @property
    def scored_type(self) -> str | None:
        """The type in the gold vocabulary (``quasi_alliance`` -> ``alliance``), or None."""
        return scored_type(self.type)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- helpers


@dataclass
class _Trigger:
    head: Token
    first: Token  # first token of the cue phrase
    type: str  # a relation type, or "generic"


def _locations(doc: Doc, mentions: Sequence[Mention]) -> list[tuple[Span, Mention]]:
    out: list[tuple[Span, Mention]] = []
    for m in mentions:
        if m.kind == "location":
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                out.append((span, m))
    return out


def _is_title_case_name(tok: Token, lex: RelationLexicon) -> bool:
    """A relation word inside a proper name ("the Trans-Pacific Partnership")."""
    return tok.ent_type_ in _SKIP_ENTS and tok.text[:1].isupper() and tok.i != _sent_bounds(tok)[0]


def _sent_bounds(tok: Token) -> tuple[int, int]:
    """``(tok.sent.start, tok.sent.end)`` from the doc's token view: ``Token.sent`` makes
    a Span and scans the doc at each call."""
    starts, ends = token_view(tok.doc).sentences
    return starts[tok.i], ends[tok.i]


#: lexicon id -> (the lexicon, every suffix of every relation noun phrase)
_NOUN_SUFFIXES: dict[int, tuple[RelationLexicon, frozenset[str]]] = {}
_STRIP = "“”\"' "


#: lexicon id -> (the lexicon, its trend cues with the first word of each phrase)
_TREND_CUES: dict[
    int, tuple[RelationLexicon, list[tuple[str, list[tuple[str, re.Pattern[str]]]]]]
] = {}


def _trend_cues(lex: RelationLexicon) -> list[tuple[str, list[tuple[str, re.Pattern[str]]]]]:
    """``lex.trend`` with each phrase replaced by its first word as :func:`_cue_pattern`
    spells it literally: text without that word cannot match the pattern."""
    cached = _TREND_CUES.get(id(lex))
    if cached is None or cached[0] is not lex:
        cues = [
            (kind, [(_first_part(phrase, pat), pat) for phrase, pat in items])
            for kind, items in lex.trend.items()
        ]
        cached = _TREND_CUES[id(lex)] = (lex, cues)
    return cached[1]


def _first_part(phrase: str, pat: re.Pattern[str]) -> str:
    """The literal the pattern starts with ("" when not :func:`_cue_pattern`'s form)."""
    parts = [p for p in re.split(r"[\s-]+", phrase.lower()) if p]
    if not parts or not pat.pattern.startswith(r"(?<![\w\-])" + re.escape(parts[0])):
        return ""
    return parts[0]


def _noun_suffixes(lex: RelationLexicon) -> frozenset[str]:
    cached = _NOUN_SUFFIXES.get(id(lex))
    if cached is None or cached[0] is not lex:
        suffixes = frozenset(key[i:] for key in lex.nouns for i in range(len(key)))
        cached = _NOUN_SUFFIXES[id(lex)] = (lex, suffixes)
    return cached[1]


def _cannot_end_noun(text: str, lemma: str, lower: str, suffixes: frozenset[str]) -> bool:
    """True when no relation noun phrase can end at a token of this text, lower-case
    lemma and lower form: the phrase keys tried in :func:`_find_triggers` (the span's
    normalised text, its lemmas, its lower-case words) all end with the token's
    lower-case text, lemma or lower form, and none of those ends any phrase. Tokens
    whose text normalisation could cut or merge (quotes, spaces, non-ASCII, empty
    forms) are never skipped."""
    if not text or not text.isascii() or text[0] in _STRIP or text[-1] in _STRIP:
        return False
    if text.split() != [text]:  # (it has white space)
        return False
    if not lemma or not lower:
        return False
    return text.lower() not in suffixes and lemma not in suffixes and lower not in suffixes


def _head_candidates(doc: Doc, lex: RelationLexicon) -> dict[int, bool]:
    """The tokens that can head a trigger in :func:`_find_triggers` (a noun-like part of
    speech, and a phrase that can end there or a joint head), each with whether a
    phrase can end there; no other token can. Read from the token arrays once a
    document: each string property of a token is a look-up, and most tokens are not."""
    strings = doc.vocab.strings
    suffixes = _noun_suffixes(lex)
    out: dict[int, bool] = {}
    view = token_view(doc)
    for i, (pos, tag) in enumerate(zip(view.pos_id, view.tag_id, strict=True)):
        if pos not in _HEAD_POS and tag not in _HEAD_TAG_IDS:
            continue
        lemma_low = view.lemma[i]
        ends = not _cannot_end_noun(strings[view.orth_id[i]], lemma_low, view.lower[i], suffixes)
        if ends or lemma_low in lex.joint_heads:
            out[i] = ends
    return out


def _find_triggers(
    sent: Span, lex: RelationLexicon, candidates: dict[int, bool] | None = None
) -> list[_Trigger]:
    """Relation nouns of ``sent``; ``candidates`` is :func:`_head_candidates` of its doc."""
    found: list[_Trigger] = []
    taken: set[int] = set()
    doc = sent.doc
    if candidates is None:
        candidates = _head_candidates(doc, lex)
    for i, ends in candidates.items():
        if not sent.start <= i < sent.end:
            continue
        tok = doc[i]
        best: tuple[int, str, Token] | None = None
        # the phrases of k tokens ending here, longest first (where one can end here);
        # each token's forms read once for all k
        k_max = min(lex.max_noun_len, tok.i - sent.start + 1) if ends else 0
        window = [doc[j] for j in range(tok.i - k_max + 1, tok.i + 1)]
        lemmas = [t.lemma_.lower() for t in window]
        lowers = [t.lower_ for t in window]
        with_ws = [t.text_with_ws for t in window]
        for k in range(k_max, 0, -1):
            text = "".join(with_ws[-k:-1]) + tok.text  # the span's text
            keys = {
                re.sub(r"\s+", " ", text.lower().strip("“”\"' ")),
                " ".join(lemmas[-k:]),
                " ".join(lowers[-k:]),
            }
            for key in keys:
                if key in lex.nouns:
                    best = (k, lex.nouns[key], window[-k])
                    break
            if best:
                break
        if (
            best is None
            and tok.lemma_.lower() in lex.joint_heads
            and any(t.lower_ in lex.joint_words for t in tok.lefts)
        ):
            best = (1, "security_cooperation", min(tok.lefts, key=lambda t: t.i))
        if best is None or tok.i in taken:
            continue
        if _is_title_case_name(tok, lex) and tok.ent_type_ != "" and not tok.is_sent_start:
            # a relation word in a name is only a relation when actors name it
            ent = next((e for e in sent.doc.ents if e.start <= tok.i < e.end), None)
            if (
                ent is not None
                and ent.label_ in _SKIP_ENTS
                and not any(t.ent_type_ in {"GPE", "NORP"} for t in ent)
            ):
                continue
        if tok.dep_ == "compound" and tok.head.lemma_.lower() in lex.office_nouns:
            continue  # "the international cooperation minister": an office's name
        # "joint exercises" as a relation only where it is the head of its phrase
        k, rtype, first = best
        # do not take an ADJ head unless it is a noun-like relation word (e.g. "2+2")
        if tok.pos_ == "ADJ" and rtype not in {"security_cooperation"}:
            continue
        found.append(_Trigger(head=tok, first=first, type=rtype))
        taken.update(range(first.i, tok.i + 1))
    # a trigger whose head is a modifier of another trigger ("trade" in "trade ties")
    heads = {t.head.i for t in found}
    out: list[_Trigger] = []
    for trig in found:
        if trig.head.dep_ in {"compound", "amod", "nmod"} and trig.head.head.i in heads:
            continue
        out.append(trig)
    return out


def _left_tokens(trig: _Trigger, by_tok: dict[int, list[str]]) -> list[Token]:
    """Tokens of the noun phrase before the head: its left subtree, plus a leftward
    scan over actor-ish material ("Moscow - Tokyo relations" parsed apart)."""
    head = trig.head
    doc = head.doc
    sent_start = _sent_bounds(head)[0]
    toks = [t for c in head.lefts if c.dep_ not in _SUBJ_DEPS for t in c.subtree]
    i = trig.first.i - 1
    while i >= sent_start:
        t = doc[i]
        if t.i in by_tok:
            toks.append(t)
            i -= 1
            continue
        if (
            t.pos_ in {"VERB", "AUX", "ADP", "PRON"}
            and t.lower_ not in {"'s", "’s"}
            or (t.pos_ == "SCONJ")
        ):
            break
        if t.lower_ in {",", ";", ":", "(", ")"}:
            break
        toks.append(t)
        i -= 1
    seen: set[int] = set()
    out = []
    for t in sorted(toks, key=lambda x: x.i):
        if t.i not in seen and t.i < trig.first.i:
            seen.add(t.i)
            out.append(t)
    return out


def _actors_in(tokens: Iterable[Token], by_tok: dict[int, list[str]]) -> list[str]:
    codes: list[str] = []
    for t in tokens:
        for code in by_tok.get(t.i, []):
            if code not in codes:
                codes.append(code)
    return codes


def _in_np(prep: Token) -> bool:
    """Whether a preposition's object still names the phrase's referents: "of", and
    examples ("countries like Iraq", "states such as Iran", "allies including Japan")."""
    low = prep.lower_
    if low == "as":
        return prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such"
    return low in {"of", "like", "including"}


def _np_actors(
    tok: Token, by_tok: dict[int, list[str]], skip: frozenset[str] | set[str] = frozenset()
) -> list[str]:
    """Actors of a noun phrase headed by ``tok`` and its conjuncts (no clauses)."""
    toks: list[Token] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        toks.append(t)
        for c in t.children:
            if c.dep_ in {"relcl", "acl", "advcl", "ccomp", "prep"} and not _in_np(c):
                continue
            if c.dep_ in skip:
                continue
            stack.append(c)
    return _actors_in(sorted(toks, key=lambda x: x.i), by_tok)


def _list_before(tok: Token, by_tok: dict[int, list[str]]) -> list[str]:
    """Actors of a coordinated list right before ``tok``'s phrase ("Japan, South Korea,
    and several other countries that ...")."""
    doc = tok.doc
    i = tok.left_edge.i - 1
    toks: list[Token] = []
    sent_start = _sent_bounds(tok)[0]
    while i >= sent_start:
        t = doc[i]
        if t.i in by_tok:
            toks.append(t)
        elif t.lower_ not in {",", "and", "or", "the", "as", "well"}:
            break
        i -= 1
    return _actors_in(sorted(toks, key=lambda x: x.i), by_tok)


def _clause_head(tok: Token) -> Token:
    t = tok
    for _ in range(12):
        if (
            t.pos_ in {"VERB", "AUX"}
            and t.dep_ in _CLAUSE_DEPS
            or t.dep_ == "ROOT"
            or t.head.i == t.i
        ):
            return t
        t = t.head
    return t


def _subject_actors(verb: Token, by_tok: dict[int, list[str]]) -> list[str]:
    v = verb
    for _ in range(4):
        for c in v.children:
            if c.dep_ in _SUBJ_DEPS:
                codes = _np_actors(c, by_tok)
                if codes:
                    return codes
        if v.dep_ in {"xcomp", "conj", "advcl", "ccomp"} and v.head.i != v.i:
            v = v.head
            continue
        break
    return []


def _prep_partners(tok: Token, by_tok: dict[int, list[str]]) -> tuple[list[str], bool]:
    """Actors of "with/between/among/of/to ..." attached to ``tok``; True when the
    preposition is one that names both sides (between, among, of)."""
    codes: list[str] = []
    both = False
    preps = _PARTNER_PREPS | ({"on", "upon"} if tok.lemma_.lower() in _RELIANCE else set())
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for pobj in prep.children:
            if pobj.dep_ in {"pobj", "pcomp"}:
                found = _np_actors(pobj, by_tok)
                codes.extend(c for c in found if c not in codes)
                if prep.lower_ in {"between", "among", "amongst", "of"}:
                    both = True  # "the alliance of X and Y" is theirs
    return codes, both


def _dedupe_country(codes: Iterable[str], level: Any) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for c in codes:
        key = level(c)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


# --------------------------------------------------------------------------- extraction


class _Extractor:
    def __init__(
        self, doc: Doc, mentions: Sequence[Mention], date: str | None, lex: RelationLexicon
    ) -> None:
        self.doc = doc
        self.lex = lex
        self.date = date
        self.by_tok = MentionMap(doc, mentions).codes
        self.locations = _locations(doc, mentions)
        self.candidates = _head_candidates(doc, lex)
        # a trigger's modifiers, by its head (asked for by several steps)
        self._modifiers: dict[int, list[Token]] = {}
        self._trend_cache: dict[tuple[int, int], list[tuple[str, Span | None]]] = {}
        self._date_cache: dict[tuple[int, int], list[tuple[int, int, str]]] = {}

    # ---- pairs
    def pair(self, trig: _Trigger) -> tuple[list[str], list[str], bool]:
        """Two sides of the relation: (first side, second side, one-sided); one side may
        hold both. One-sided: the second side came from "with/to X and Y" with no first
        side named ("a group with ties to Tehran and Baghdad"): X and Y are each the
        partner of someone unnamed, not each other's."""
        head = trig.head
        by_tok = self.by_tok
        for prep in head.children:
            # "a leading partner in the alliance": a member's role, not a tie of its own
            if (
                prep.dep_ == "prep"
                and prep.lower_ in {"in", "within", "inside"}
                and any(
                    c.dep_ == "pobj"
                    and (c.lemma_.lower() in self.lex.nouns or c.lower_ in self.lex.nouns)
                    for c in prep.children
                )
            ):
                return [], [], False
        left = _left_tokens(trig, by_tok)
        own = _actors_in(left, by_tok)
        # possessive pronoun -> the clause subject
        if not own and any(t.lower_ in _PRONOUNS and t.dep_ == "poss" for t in left):
            own = _subject_actors(_clause_head(head), by_tok)
        partners, between = _prep_partners(head, by_tok)
        one_sided = bool(partners) and not between
        for c in head.children:
            # a small clause: "X considers Y its allies" (Y is the noun's own subject)
            if c.dep_ in _SUBJ_DEPS and head.pos_ in {"NOUN", "PROPN"}:
                partners += [a for a in _np_actors(c, by_tok) if a not in partners]
        for c in head.children:
            if c.dep_ == "acl" and not partners:
                partners, between = _prep_partners(c, by_tok)
                one_sided = bool(partners) and not between
            if c.dep_ == "appos":
                partners += [a for a in _np_actors(c, by_tok) if a not in partners]
        if head.dep_ == "appos" and head.head.i in by_tok:
            own += [a for a in _np_actors(head.head, by_tok) if a not in own]
        if own and not partners:
            # "Greece's ally France": an actor right after the head
            nxt = head.i + 1
            sent_end = _sent_bounds(head)[1]
            if nxt < sent_end and head.doc[nxt].lower_ == "the":
                nxt += 1
            if nxt < sent_end and nxt in by_tok and head.doc[nxt].pos_ == "PROPN":
                partners = _actors_in([head.doc[nxt]], by_tok)
        verb = _clause_head(head)
        if head.dep_ in {"dobj", "attr", "oprd", "nsubj", "nsubjpass", "pobj", "conj"} or (
            head.head.i == verb.i
        ):
            # the verb's own "with/to Y" for a noun that is its argument, or the object
            # of one of its prepositions; not for a noun deeper in a phrase ("contractions
            # in a number of its trading partners")
            near = head.head.i == verb.i or (head.dep_ == "pobj" and head.head.head.i == verb.i)
            if not partners and verb.i != head.i and near:
                vp, between = _prep_partners(verb, by_tok)
                if vp:
                    partners = vp
                    one_sided = not between
            subj = _subject_actors(verb, by_tok) if head.dep_ not in _SUBJ_DEPS else []
            obj: list[str] = []
            if head.dep_ in {"oprd"} or (head.dep_ == "pobj" and head.head.lower_ == "as"):
                for c in verb.children:
                    if c.dep_ == "dobj":
                        obj = _np_actors(c, by_tok)
            if obj:
                own = own or subj
                partners = partners or obj
            elif subj and head.dep_ in {"attr", "dobj", "oprd"} or subj and not own:
                if not own:
                    own = subj
                elif not partners:
                    partners = subj
        if (
            not partners
            and verb.dep_ == "relcl"
            and head.dep_ in {"dobj", "oprd", "attr"}
            and any(c.lower_ in _RELATIVES for c in verb.children)
        ):
            # "countries that Washington considers allies": the antecedent is a side
            ante = verb.head
            while ante.dep_ == "conj" and ante.head.pos_ in {"NOUN", "PROPN"}:
                ante = ante.head
            partners = [a for a in _np_actors(ante, by_tok) if a not in own]
            if not partners:
                # a parse that hangs the antecedent elsewhere: the list before the head
                partners = [a for a in _list_before(verb.head, by_tok) if a not in own]
            if not own:
                own = _subject_actors(verb, by_tok)
        if partners and not own and head.dep_ in _SUBJ_DEPS and verb.lemma_ in _COPULAS:
            # "the containment of X remains the primary purpose of Y's policy"
            for c in verb.children:
                if c.dep_ in {"attr", "acomp", "oprd"}:
                    own = [a for a in _np_actors(c, by_tok, skip={"appos"}) if a not in partners]
        if partners and not own:
            own = self._governing_actors(head)
        return own, partners, one_sided

    def _governing_actors(self, head: Token) -> list[str]:
        """The possessor or subject of a phrase governing ``head`` ("the parliament's
        approval of a bill widening defence cooperation with Canada")."""
        t = head
        for _ in range(8):
            if t.head.i == t.i:
                break
            t = t.head
            for c in t.children:
                if c.dep_ == "poss" or c.dep_ in _SUBJ_DEPS:
                    codes = _np_actors(c, self.by_tok)
                    if codes:
                        return codes
        return []

    def pairs(self, trig: _Trigger) -> list[tuple[str, str]]:
        own, partners, one_sided = self.pair(trig)
        own = _dedupe_country(own, country_level)
        partners = _dedupe_country(
            [p for p in partners if country_level(p) not in {country_level(o) for o in own}]
            if own
            else partners,
            country_level,
        )
        out: list[tuple[str, str]] = []
        if own and partners:
            out = [(a, b) for a in own for b in partners]
        elif own or not one_sided:
            side = own or partners
            out = [(a, b) for i, a in enumerate(side) for b in side[i + 1 :]]
        return [(a, b) for a, b in out if country_level(a) != country_level(b)]

    # ---- type, polarity, object
    def modifiers(self, trig: _Trigger) -> list[Token]:
        """The tokens modifying the trigger (made once a trigger; not to be changed)."""
        toks = self._modifiers.get(trig.head.i)
        if toks is None:
            toks = [t for t in _left_tokens(trig, self.by_tok)]
            toks += [t for t in trig.head.doc[trig.first.i : trig.head.i]]
            if trig.head.lemma_.lower() in _RELIANCE:
                toks += [t for c in trig.head.children if c.dep_ == "prep" for t in c.subtree]
            # conjoined modifiers of a conjoined head: "political and economic ties"
            self._modifiers[trig.head.i] = toks
        return toks

    def typed(self, trig: _Trigger) -> list[str]:
        if trig.type not in {"generic", "partnership"}:
            return [trig.type]
        types: list[str] = []
        for t in self.modifiers(trig):
            for key in (t.lower_, t.lemma_.lower()):
                if key in self.lex.modifiers:
                    rtype = self.lex.modifiers[key]
                    if rtype not in types:
                        types.append(rtype)
                    break
        if trig.type == "partnership":
            # "trading partner" is an economic tie; "security partnership" both
            if "economic" in types:
                return ["economic"]
            return ["partnership"] + [t for t in types if t == "security_cooperation"]
        if types:
            return types
        lemma = trig.head.lemma_.lower()
        if (
            lemma in self.lex.cooperative_generic
            or trig.head.lower_ in self.lex.cooperative_generic
        ):
            return ["cooperation"]
        return ["relations"]

    def instrument(self, trig: _Trigger, rtype: str) -> str:
        if rtype in {"security_cooperation", "economic", "cultural"}:
            return str(self.lex.types[rtype]["instrument"])
        for t in self.modifiers(trig):
            inst = self.lex.instrument_modifiers.get(t.lower_)
            if inst in {"military", "economic", "informational"}:
                return inst
        return str(self.lex.types.get(rtype, {}).get("instrument", "diplomatic"))

    def polarity(self, trig: _Trigger, rtype: str) -> int:
        base = int(self.lex.types.get(rtype, {}).get("polarity", 0))
        words = {t.lower_ for t in self.modifiers(trig)}
        head = trig.head
        # predicates: "relations are strained", "relations poisoned by ..."
        for c in head.children:
            if c.dep_ in {"acl", "relcl", "amod"}:
                words.add(c.lower_)
                words.add(c.lemma_.lower())
                words.update(x.lower_ for x in c.children if x.dep_ in {"acomp", "advmod"})
                if c.lemma_.lower() in self.lex.negative_predicates:
                    words.add("strained")
        if head.dep_ == "pobj" and head.head.lower_ == "of":
            gov = head.head.head
            for c in gov.children:
                if c.dep_ in {"relcl", "acl"} and c.lemma_.lower() in self.lex.negative_predicates:
                    words.add("strained")
            if gov.dep_ in _SUBJ_DEPS and gov.head.lemma_.lower() in self.lex.negative_predicates:
                words.add("strained")
        if head.dep_ in _SUBJ_DEPS:
            verb = head.head
            words.update(x.lower_ for x in verb.children if x.dep_ in {"acomp", "attr"})
            if verb.lemma_.lower() in self.lex.negative_predicates:
                words.add("strained")
        clause = _clause_head(head)
        if clause.lemma_.lower() in self.lex.negative_predicates and head.i in {
            t.i for c in clause.children if c.dep_ in _SUBJ_DEPS | {"dobj"} for t in c.subtree
        }:
            words.add("strained")
        pos = bool(words & self.lex.positive)
        neg = bool(words & self.lex.negative)
        if neg and not pos:
            return -1 if base <= 0 else 0
        if pos and not neg and base == 0:
            return 1
        return base

    def poisoning_issue(self, trig: _Trigger) -> str | None:
        """The agent of a negative predicate on the tie ("relations poisoned by such
        issues as X" -> X), or None."""
        verbs: list[Token] = []
        g = trig.head
        for _ in range(3):  # "the state of relations that is poisoned by ..."
            verbs += [c for c in g.children if c.dep_ in {"relcl", "acl"}]
            if g.dep_ in _SUBJ_DEPS:
                verbs.append(g.head)
            if g.dep_ == "pobj" and g.head.lower_ == "of":
                g = g.head.head
            else:
                break
        for v in verbs:
            if v.lemma_.lower() not in self.lex.negative_predicates:
                continue
            for agent in v.children:
                if agent.dep_ != "agent":
                    continue
                for pobj in agent.children:
                    if pobj.dep_ != "pobj":
                        continue
                    target = pobj
                    for prep in pobj.children:  # "such issues as X"
                        if prep.dep_ == "prep" and prep.lower_ == "as":
                            target = next((c for c in prep.children if c.dep_ == "pobj"), pobj)
                    span = self.doc[target.left_edge.i : target.right_edge.i + 1]
                    return span.text.strip(" ,;:.")[:160] or target.text
        return None

    def dispute_object(self, trig: _Trigger) -> str | None:
        head = trig.head
        cands = [head]
        if head.head.pos_ in {"VERB", "AUX"}:
            cands.append(head.head)
        for tok in cands:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in _OBJECT_PREPS:
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            return self._np_text(pobj)
        # the Z dispute: a place, or non-actor compounds before the head
        for span, m in self.locations:
            if head.left_edge.i <= span.start < trig.first.i:
                return m.text
        left = [
            t
            for t in self.doc[trig.head.left_edge.i : trig.first.i]
            if t.dep_ in {"compound", "nmod"}
            and t.i not in self.by_tok
            and t.pos_ in {"PROPN", "NOUN"}
            and t.lower_ not in _TERRITORIAL
        ]
        if left:
            return " ".join(t.text for t in left)
        words = {t.lower_ for t in self.modifiers(trig)}
        if words & _TERRITORIAL or head.lower_ in {"claim", "claims"}:
            start, end = _sent_bounds(head)
            for span, m in self.locations:
                if start <= span.start < end:
                    return m.text
        return None

    def _np_text(self, tok: Token) -> str:
        toks = [t for t in tok.subtree if t.dep_ not in {"relcl", "acl"} or t.i == tok.i]
        toks = [t for t in tok.subtree]
        # keep the phrase up to a clause or a following preposition of its own
        start = min(t.i for t in toks)
        end = max(t.i for t in toks) + 1
        for c in tok.children:
            if c.dep_ in {"relcl", "acl"} or (c.dep_ == "punct" and c.i > tok.i):
                end = min(end, c.left_edge.i)
        span = self.doc[start:end]
        words = [t for t in span if not (t.dep_ == "det" and t.i == start)]
        return " ".join(t.text for t in words).strip(" ,;:") or tok.text

    # ---- modality, trend
    def modality(self, trig: _Trigger) -> float | None:
        """None: negated or hypothetical (drop); else a confidence factor."""
        head = trig.head
        if any(c.dep_ == "det" and c.lower_ in {"no", "neither"} for c in head.children):
            return None
        factor = 1.0
        t = head
        clause = _clause_head(head)
        chain = [head]
        while t.i != clause.i and t.head.i != t.i:
            t = t.head
            chain.append(t)
        for a in chain:
            for c in a.children:
                low = c.lower_
                if c.dep_ == "neg" and a.i == clause.i:
                    return None
                if c.dep_ in {"aux", "mark"} and low in self.lex.hypothetical:
                    return None
                if c.dep_ in {"aux", "amod", "advmod"} and low in self.lex.tentative:
                    factor = self.lex.tentative_factor
            if a.i != head.i and a.lemma_.lower() in self.lex.tentative:
                factor = self.lex.tentative_factor
        for c in clause.head.children if clause.dep_ in {"ccomp", "xcomp"} else []:
            if c.dep_ == "aux" and c.lower_ in self.lex.hypothetical:
                return None
        return factor

    def _trend_cues(self, start: int, end: int) -> list[tuple[str, Span | None]]:
        """Every trend cue match in the sentence of tokens ``start`` to ``end`` (kind,
        span), in lexicon then text order; the same for each trigger of the sentence,
        so found once per sentence."""
        key = (start, end)
        found = self._trend_cache.get(key)
        if found is None:
            sent = self.doc[start:end]
            text = span_text(sent).lower()
            found = [
                (kind, sent.char_span(m.start(), m.end(), alignment_mode="expand"))
                for kind, cues in _trend_cues(self.lex)
                for first, pat in cues
                if first in text  # each pattern starts with its phrase's first word
                for m in pat.finditer(text)
            ]
            self._trend_cache[key] = found
        return found

    def trend(self, trig: _Trigger, base_polarity: int) -> str | None:
        head = trig.head
        clause = _clause_head(head)
        scope = {t.i for t in clause.subtree} | {t.i for t in head.subtree}
        best: tuple[int, str] | None = None
        for kind, span in self._trend_cues(*_sent_bounds(head)):
            if span is None or span[0].i not in scope:
                continue
            if self._blocked(span):
                continue
            if kind in {"up", "down"}:
                up = kind == "up"
                if base_polarity < 0:
                    up = not up
                label = "improving" if up else "worsening"
            else:
                label = kind
            dist = min(abs(span[0].i - head.i), abs(span[-1].i - head.i))
            # a direction cue outranks a magnitude cue at the same distance
            rank = dist * 2 + (1 if kind in {"up", "down"} else 0)
            if best is None or rank < best[0]:
                best = (rank, label)
        return best[1] if best else None

    def _blocked(self, span: Span) -> bool:
        doc = self.doc
        start = max(_sent_bounds(span[0])[0], span.start - 3)
        for t in doc[start : span.start]:
            if t.lower_ in self.lex.blockers or t.lemma_.lower() in self.lex.blockers:
                return True
        first = span[0]
        return any(c.dep_ == "neg" for c in first.children) or (
            first.head.lemma_.lower() in self.lex.blockers and first.dep_ in {"dobj", "xcomp"}
        )

    def sentence_date(self, sent: Span, char: int) -> str | None:
        key = (sent.start, sent.end)
        spans = self._date_cache.get(key)
        if spans is None:
            spans = self._date_cache[key] = sentence_dates(span_text(sent), self.date)
        if not spans:
            return self.date
        return min(spans, key=lambda s: abs(s[0] - char))[2]

    # ---- all
    def run(self) -> list[Relation]:
        out: list[Relation] = []
        for sent in self.doc.sents:
            out.extend(self._sentence(sent))
        return out

    def _sentence(self, sent: Span) -> list[Relation]:
        triggers = _find_triggers(sent, self.lex, self.candidates)
        found: list[tuple[_Trigger, list[tuple[str, str]], float]] = []
        for trig in triggers:
            factor = self.modality(trig)
            if factor is None:
                continue
            found.append((trig, self.pairs(trig), factor))
        # inheritance: a trigger with no pair inside (or conjoined with) one that has one
        for i, (trig, pairs, factor) in enumerate(found):
            if pairs:
                continue
            for other, opairs, _ in found:
                if other is trig or not opairs:
                    continue
                if (
                    trig.head.i in {x.i for x in other.head.subtree}
                    or other.head.i in {x.i for x in trig.head.conjuncts}
                    or (trig.head.head.i == other.head.i)
                ):
                    found[i] = (trig, opairs, factor * 0.8)
                    break
            else:
                if any(t.lower_ in {"bilateral", "mutual"} for t in self.modifiers(trig)):
                    states = _dedupe_country(_actors_in(sent, self.by_tok), country_level)
                    if len(states) == 2:
                        found[i] = (trig, [(states[0], states[1])], factor * 0.6)
                        continue
                distinct = {
                    frozenset((country_level(a), country_level(b)))
                    for _, ps, _ in found
                    for a, b in ps
                }
                if len(distinct) == 1:
                    donor = next(ps for _, ps, _ in found if ps)
                    found[i] = (trig, donor[:1], factor * 0.75)
        out: list[Relation] = []
        seen: set[tuple[str, str, str, int]] = set()
        for trig, pairs, factor in found:
            if not pairs:
                continue
            start = trig.first.idx - sent.start_char
            end = trig.head.idx + len(trig.head) - sent.start_char
            cue = span_text(sent)[start:end]
            date = self.sentence_date(sent, start)
            issue = self.poisoning_issue(trig)
            for rtype in self.typed(trig) + (["dispute"] if issue else []):
                info = self.lex.types.get(rtype, {})
                polarity = self.polarity(trig, rtype)
                base = int(info.get("polarity", 0))
                trend = self.trend(trig, base if base != 0 else polarity)
                instrument = self.instrument(trig, rtype)
                conf = float(info.get("confidence", 0.5)) * factor
                obj = None
                if rtype == "dispute":
                    obj = self.dispute_object(trig) if trig.type == "dispute" else issue
                    if trig.type != "dispute":
                        # the issues said to poison or strain the tie are in dispute
                        conf = 0.5 * factor
                        polarity, trend = -1, trend or "worsening"
                        instrument = "diplomatic"
                if len(pairs) > 1:
                    conf *= 0.8
                for a, b in pairs:
                    key = (country_level(a), country_level(b), rtype, trig.head.i)
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append(
                        Relation(
                            source=a,
                            target=b,
                            type=rtype,
                            object=obj,
                            polarity=polarity,
                            trend=trend,
                            instrument=instrument,
                            power=power_of(instrument, polarity, self.lex),
                            cue=cue,
                            start=start,
                            end=end,
                            date=date,
                            confidence=round(conf, 3),
                            sentence_start=sent.start_char,
                        )
                    )
        return out


def extract_relations(
    doc: Doc,
    mentions: list[Mention],
    *,
    date: str | None = None,
    lexicon: RelationLexicon | None = None,
) -> list[Relation]:
    """Standing relations stated in ``doc`` (a sentence or a small document).

    ``mentions`` index ``doc.text`` (as :func:`realpolitik.actors.resolver.resolve_doc`
    returns them); ``date`` (ISO) is the document date, used where a sentence gives
    none. Offsets of each relation are relative to its sentence
    (``Relation.sentence_start`` gives the sentence's offset in ``doc.text``).
    """
    if is_sports_doc(doc):
        return []  # teams named as states (realpolitik.extract.genre)
    lex = lexicon or load_relation_lexicon()
    return _Extractor(doc, mentions, date, lex).run()


def relation_dict(r: Relation) -> dict[str, Any]:
    """The ``extract --jsonl`` form: country-level codes plus the full record."""
    d = r.to_dict()
    d["source_code"], d["target_code"] = r.source, r.target
    d["source"], d["target"] = country_level(r.source), country_level(r.target)
    return d


def shift(relations: Iterable[Relation], offset: int) -> list[Relation]:
    """Shift ``sentence_start`` (e.g. when a sentence was coded on its own)."""
    return [replace(r, sentence_start=r.sentence_start + offset) for r in relations]
