"""The event coder: triggers (verbs and nouns from the lexicons) over a dependency parse.

For each trigger the coder finds a source (subject, passive agent, possessor, actor
adjective, "by X", or the subject of the verb governing an event noun) and a target
(direct object, "with/to/against/on/..." objects, "between X and Y"), then records
the CAMEO code, its PLOVER type, intensity, instrument, negation and modality.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from realpolitik.annotate import doc_text as annotated_text
from realpolitik.annotate import span_text
from realpolitik.extract.dates import sentence_dates
from realpolitik.extract.events.lexicon import Lexicon, NounPattern, VerbPattern, load_lexicon
from realpolitik.extract.genre import is_sports_doc
from realpolitik.extract.mention_map import MentionMap
from realpolitik.extract.types import Event, Instrument, Modality
from realpolitik.records import Mention
from realpolitik.token_view import token_view

#: dependency labels inside a noun phrase through which an actor still names the phrase
NP_DEPS = frozenset(
    {
        "compound",
        "amod",
        "poss",
        "nmod",
        "appos",
        "conj",
        "cc",
        "det",
        "flat",
        "nummod",
        "npadvmod",
        "case",
        "punct",
        "quantmod",
        "dep",
        "predet",
    }
)
SUBJ_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASS_SUBJ_DEPS = frozenset({"nsubjpass", "csubjpass"})
_ANY_SUBJ_DEPS = SUBJ_DEPS | PASS_SUBJ_DEPS
TARGET_PREPS = frozenset(
    {
        "with",
        "to",
        "against",
        "on",
        "toward",
        "towards",
        "into",
        "at",
        "over",
        "from",
        "upon",
        "onto",
        "of",
        "in",
        "between",
        "among",
        "inside",
        "across",
        "outside",
        "near",
        "along",
        "around",
        "off",
        "for",
    }
)
#: place nouns whose "with X" names the actor ("its border with Ukraine")
BORDER_NOUNS = frozenset(
    {
        "border",
        "borders",
        "frontier",
        "boundary",
        "coast",
        "waters",
        "airspace",
        "territory",
        "soil",
        "embassy",
        "consulate",
        "frontline",
    }
)
#: prepositions that give the reason for an act aimed at its object ("rebuked Russia
#: over X", "condemned Iran for X")
REASON_PREPS = frozenset({"over", "for"})
#: prepositions by which a use of force is aimed at its target
AIMED_PREPS = frozenset({"on", "against", "at", "into", "upon"})
#: prepositions of a place, no target where the verb has one ("shot children near the
#: border crossing with Egypt")
PLACE_PREPS = frozenset({"near", "around", "along", "off", "outside"})
#: prepositions by which a deployment lands on a host ("troops to Poland")
HOST_PREPS = frozenset({"to", "in", "into", "on"})
#: prepositions by which a military activity is aimed at an actor's vicinity
VICINITY_PREPS = frozenset({"near", "around", "along", "off", "outside", "against"})
#: roots for which "on/about/over X" names a topic rather than a target
TOPIC_ON_ROOTS = frozenset({"01", "02", "03", "04", "05", "06", "07"})
#: drills and patrols: a lone actor's near another state is a show of force
DRILL_WORDS = frozenset(
    {
        "exercise",
        "exercises",
        "drill",
        "drills",
        "maneuver",
        "maneuvers",
        "manoeuvres",
        "patrol",
        "patrols",
        "war-games",
        "wargames",
        "games",
    }
)
#: roots for which "in X" names a place rather than a target
NO_IN_TARGET_ROOTS = frozenset({"01", "02", "03", "04", "05", "09", "10", "11", "12", "13", "14"})
PRONOUNS = frozenset({"it", "its", "they", "their", "them", "itself", "themselves"})
#: roots whose governing verbs absorb an event complement (see codes.yaml complement_codes)
INTENT_ROOTS = frozenset({"03"})
REQUEST_ROOTS = frozenset({"02", "10"})
THREAT_ROOTS = frozenset({"13"})
REJECT_ROOTS = frozenset({"12"})
ACCUSE_ROOTS = frozenset({"11", "09"})
#: "X is expected/said/believed to strike": X is the striker
RAISING_VERBS = frozenset(
    {
        "expect",
        "say",
        "believe",
        "report",
        "set",
        "schedule",
        "due",
        "think",
        "understand",
        "know",
        "allege",
        "rumor",
        "rumour",
        "suppose",
        "plan",
        "slate",
        "poise",
        "see",
    }
)
#: "X praised / accused Y for / of doing Z": Y, the object, did Z
OBJECT_CONTROL_VERBS = frozenset(
    {
        "praise",
        "thank",
        "commend",
        "congratulate",
        "credit",
        "reward",
        "accuse",
        "blame",
        "criticise",
        "criticize",
        "condemn",
        "fault",
        "rebuke",
        "punish",
        "penalise",
        "penalize",
        "sanction",
        "suspect",
        "charge",
        "forgive",
    }
)
#: the prepositions of such a verb's reason: "for / of / over doing Z", "for its help"
CONTROL_PREPS = frozenset({"for", "of", "over"})
SPEECH_VERBS = frozenset(
    {
        "say",
        "announce",
        "tell",
        "state",
        "declare",
        "confirm",
        "add",
        "report",
        "promise",
        "pledge",
        "vow",
        "insist",
        "indicate",
        "write",
    }
)
FORCE_NOUNS = frozenset(
    {
        "troop",
        "troops",
        "force",
        "forces",
        "soldier",
        "soldiers",
        "army",
        "navy",
        "military",
        "unit",
        "units",
        "warship",
        "warships",
        "jet",
        "jets",
        "battalion",
        "battalions",
        "brigade",
        "brigades",
        "division",
    }
)
#: roots whose events often leave the target implicit (see _Coder.code)
IMPLICIT_TARGET_ROOTS = frozenset({"15"})
GOVERNOR_ROOTS = INTENT_ROOTS | REQUEST_ROOTS | THREAT_ROOTS | REJECT_ROOTS | ACCUSE_ROOTS
#: verbs whose "in X" object is an activity their subject takes part in
INVOLVE_VERBS = frozenset(
    {
        "engage",
        "participate",
        "take",
        "join",
        "involve",
        "partake",
        "embark",
        "enter",
        "succeed",
        "cooperate",
        "collaborate",
    }
)
CLAUSE_BOUNDARY = frozenset({"ccomp", "advcl", "relcl", "parataxis", "ROOT", "csubj"})


@dataclass
class _Trigger:
    token: Token
    code: str
    kind: str  # "verb" | "noun"
    consumed: set[int] = field(default_factory=set)  # object tokens the pattern used
    span: tuple[int, int] = (0, 0)  # token range of the trigger text
    words: tuple[str, ...] = ()  # prepositions/particles the verb pattern required


@dataclass
class _Coded:
    trig: _Trigger
    sources: list[str]
    targets: list[str]
    mutual_sources: bool
    mutual_targets: bool
    inherited: bool
    modality: Modality
    negated: bool
    instrument: Instrument
    code: str
    suppressed: bool = False
    implicit: bool = False


#: a doc's token index -> the token's children (see :func:`_children`)
Kids = dict[int, tuple[Token, ...]]


def _children(tok: Token, kids: Kids) -> tuple[Token, ...]:
    """``tok.children``, generated once per token: spaCy walks the parse at each call
    and the coder visits a trigger's neighbourhood many times."""
    got = kids.get(tok.i)
    if got is None:
        got = kids[tok.i] = tuple(tok.children)
    return got


def _unique(codes: Iterable[str]) -> list[str]:
    out: list[str] = []
    for c in codes:
        if c not in out:
            out.append(c)
    return out


def _np_actors(
    tok: Token,
    actors: MentionMap,
    kids: Kids,
    *,
    allow_of: bool = True,
    skip: frozenset[int] = frozenset(),
) -> list[str]:
    """Actor codes naming the noun phrase headed by ``tok`` (conjuncts included)."""
    # Codes come only from tokens of tok's subtree, all within its edges: none there,
    # none found (most phrases), without walking the tree.
    if not actors.codes:
        return []
    first, last = tok.left_edge.i, tok.right_edge.i
    if not any(first <= i <= last for i in actors.codes):
        return []
    found: list[str] = list(actors.at(tok))
    stack = list(_children(tok, kids))
    while stack:
        child = stack.pop()
        if child.i in skip:
            continue
        ok = (
            child.dep_ in NP_DEPS
            or (allow_of and child.dep_ == "prep" and child.lower_ == "of")
            or (child.dep_ == "pobj" and child.head.lower_ == "of" and allow_of)
        )
        if not ok:
            continue
        found.extend(actors.at(child))
        stack.extend(_children(child, kids))
    return _unique(found)


#: a verb pattern's "=*": any direct object
_ANY_OBJECT = frozenset({"*"})


def _match_verb(tok: Token, lex: Lexicon, kids: Kids) -> tuple[VerbPattern, set[int]] | None:
    patterns = lex.verbs.get(tok.lemma_.lower()) or lex.verbs.get(tok.lower_)
    if not patterns:
        return None
    words: set[str] = set()
    objects: dict[str, Token] = {}
    for child in _children(tok, kids):
        dep = child.dep_  # each property read is a string-store look-up: read once
        if dep == "prep" and any(
            g.dep_ == "pobj" and g.ent_type_ in {"DATE", "TIME"} for g in _children(child, kids)
        ):
            continue  # "called ... on Monday" is not "call on"
        low = child.lower_
        words.add(low)
        if dep in {"dobj", "attr", "oprd", "dative", "nsubjpass", "xcomp"}:
            lemma = child.lemma_.lower()
            objects.setdefault(lemma, child)
            objects.setdefault(low, child)
            if low not in lex.nouns and lemma not in lex.nouns:
                # "deploy air defense systems": a modifier may carry the object sense,
                # unless the object is an event noun of its own ("military cooperation")
                for grand in _children(child, kids):
                    if grand.dep_ in {"compound", "amod"}:
                        objects.setdefault(grand.lower_, child)
        if dep in {"prep", "prt", "agent"}:
            for grand in _children(child, kids):
                glow = grand.lower_
                words.add(glow)
                if grand.dep_ in {"pobj", "pcomp"}:
                    objects.setdefault(grand.lemma_.lower(), grand)
                    objects.setdefault(glow, grand)
        elif dep == "xcomp":
            for grand in _children(child, kids):
                gdep = grand.dep_
                if gdep == "aux":
                    words.add(grand.lower_)
                elif gdep == "dobj":
                    objects.setdefault(grand.lemma_.lower(), grand)
    for p in patterns:
        if not words.issuperset(p.words):
            continue
        if p.objects == _ANY_OBJECT:
            if any(c.dep_ == "dobj" for c in _children(tok, kids)):
                return p, set()
            continue
        if p.objects:
            hit = [objects[o] for o in p.objects if o in objects]
            if not hit:
                continue
            return p, {t.i for t in hit}
        return p, set()
    return None


def _forms(t: Token) -> tuple[str, str, str, int]:
    """(lower, lower-cased lemma, POS, character offset) of a token."""
    return t.lower_, t.lemma_.lower(), t.pos_, t.idx


def _match_noun(tok: Token, lex: Lexicon) -> tuple[NounPattern, tuple[int, int]] | None:
    patterns = lex.nouns.get(tok.lower_) or lex.nouns.get(tok.lemma_.lower())
    if not patterns:
        return None
    doc = tok.doc
    doc_text: str | None = None  # ``doc.text`` joins every token: read it once, if needed
    # the patterns share their earlier words: read each token's forms once
    forms: dict[int, tuple[str, str, str, int]] = {}
    for p in patterns:
        if len(p.words) == 1:
            return p, (tok.i, tok.i + 1)
        # earlier words: match leftwards from the head, allowing up to two
        # modifier tokens in between ("joint naval exercises"); or rightwards
        # for "X of Y" patterns where the head is the first word.
        i = tok.i - 1
        ok = True
        start = tok.i
        for want in reversed(p.words[:-1]):
            gap = 0
            hyphenated = [w for w in want if "-" in w]
            while i >= 0 and gap <= 2:
                got = forms.get(i)
                if got is None:
                    got = forms[i] = _forms(doc[i])
                low, lemma, pos, idx = got
                if low in want or lemma in want:
                    break
                if hyphenated:
                    if doc_text is None:
                        doc_text = annotated_text(doc)
                    if any(doc_text[idx : idx + len(w)].lower() == w for w in hyphenated):
                        break
                if pos not in {"ADJ", "NOUN", "PROPN", "PUNCT", "ADP", "DET"}:
                    i = -1
                    break
                gap += 1
                i -= 1
            if i < 0 or gap > 2:
                ok = False
                break
            start = i
            i -= 1
        if ok:
            return p, (start, tok.i + 1)
    return None


class _Coder:
    def __init__(self, doc: Doc, actors: MentionMap, lex: Lexicon, doc_date: str | None) -> None:
        self.doc = doc
        self.lex = lex
        self.actors = actors
        self.kids: Kids = {}
        #: (token, allow_of) -> _np_actors (half the calls repeat one)
        self._phrases: dict[tuple[int, bool], list[str]] = {}
        self.doc_date = doc_date
        self.subject_history: list[tuple[int, list[str]]] = []
        #: (trigger token, actor code) -> the preposition that brought the target
        self.via: dict[tuple[int, str], str] = {}
        self.verb_triggers: set[int] = set()
        self.noun_triggers: set[int] = set()
        #: sentences found so far (``Token.sent`` scans the doc at each call)
        self._sents: list[Span] = []
        #: sentence start -> whether the sentence has a reported-speech phrase
        self._reported_sents: dict[int, bool] = {}
        #: verbs, nouns and proper nouns with their POS, in doc order: what may trigger
        self.candidates: list[tuple[Token, str]] = []
        view = token_view(doc)
        for tok, pos, dep in zip(doc, view.pos, view.dep, strict=True):  # the one pass
            if pos in {"VERB", "NOUN", "PROPN"}:
                self.candidates.append((tok, pos))
            if dep in _ANY_SUBJ_DEPS:
                codes = self._phrase_actors(tok)
                if codes:
                    self.subject_history.append((tok.i, codes))

    def _children(self, tok: Token) -> tuple[Token, ...]:
        return _children(tok, self.kids)

    def _sent(self, tok: Token) -> Span:
        """``tok.sent``, computed once per sentence (sentences do not overlap)."""
        for sent in self._sents:
            if sent.start <= tok.i < sent.end:
                return sent
        sent = tok.sent
        self._sents.append(sent)
        return sent

    def _has_reported_phrase(self, sent: Span) -> bool:
        found = self._reported_sents.get(sent.start)
        if found is None:
            low = span_text(sent).lower()
            found = any(p in low for p in self.lex.cues.reported_phrases)
            self._reported_sents[sent.start] = found
        return found

    # -- actors -------------------------------------------------------------
    def _pronoun(self, tok: Token) -> list[str]:
        """A pronoun's antecedent: for "its"/"their" the nearest earlier possessor in the
        sentence; else the nearest earlier subject with actors; else the nearest mention."""
        if tok.lower_ in {"its", "their"}:
            owner = self._reason_object(tok)
            if owner:
                return owner[:1] if tok.lower_ == "its" else owner
            for i in range(tok.i - 1, self._sent(tok).start - 1, -1):
                t = self.doc[i]
                if t.dep_ == "poss" and self.actors.at(t):
                    return self.actors.at(t)[:1] if tok.lower_ == "its" else self.actors.at(t)
        for i, codes in reversed(self.subject_history):
            if i < tok.i:
                return codes[:1] if tok.lower_ in {"it", "its", "itself"} else codes
        for i in range(tok.i - 1, -1, -1):
            codes = self.actors.at(self.doc[i])
            if codes:
                return codes[:1]
        return []

    def _reason_object(self, possessive: Token) -> list[str]:
        """The object's actors where ``possessive`` sits in the reason of an
        object-control verb: "praised Kenya for its help", "criticised Japan over its
        treatment of workers" (Kenya's help, Japan's treatment; not the subject's)."""
        noun = possessive.head
        if not (possessive.dep_ == "poss" and noun.dep_ == "pobj" and noun.head.dep_ == "prep"):
            return []
        controller = self._controlling_object(noun.head)
        return self._phrase_actors(controller) if controller is not None else []

    def _controlling_object(self, prep: Token) -> Token | None:
        """The object of the object-control verb whose reason ``prep`` opens ("praised
        *Kenya* for", "accused *Japan* of"), or ``None``."""
        verb = prep.head
        if prep.lower_ not in CONTROL_PREPS or verb.lemma_.lower() not in OBJECT_CONTROL_VERBS:
            return None
        return next((c for c in self._children(verb) if c.dep_ in {"dobj", "obj"}), None)

    def _phrase_actors(self, tok: Token, *, allow_of: bool = True) -> list[str]:
        """:func:`_np_actors`, computed once per phrase (a fresh list: callers extend it)."""
        key = (tok.i, allow_of)
        codes = self._phrases.get(key)
        if codes is None:
            codes = self._phrases[key] = _np_actors(tok, self.actors, self.kids, allow_of=allow_of)
        return list(codes)

    def _has_conj_actors(self, tok: Token) -> bool:
        """Whether the phrase names two or more actors ("Russia and China", "U.S.-Japan")."""
        return len({c[:3] for c in self._phrase_actors(tok)}) > 1

    def _np(self, tok: Token, *, allow_of: bool = True) -> list[str]:
        codes = self._phrase_actors(tok, allow_of=allow_of)
        if not codes and tok.lower_ in PRONOUNS:
            return self._pronoun(tok)
        if not codes:
            for child in self._children(tok):
                if child.dep_ == "poss" and child.lower_ in PRONOUNS:
                    return self._pronoun(child)  # "into its air defense zone"
        return codes

    def _subject(self, verb: Token, depth: int = 0) -> tuple[list[str], bool, bool]:
        """(codes, coordinated, inherited) of the verb's agent."""
        for child in self._children(verb):
            if child.dep_ in SUBJ_DEPS or (
                depth > 0 and child.dep_ == "nsubjpass" and verb.lemma_.lower() in RAISING_VERBS
            ):
                codes = self._np(child)
                if codes:
                    return codes, self._has_conj_actors(child), False
                if child.dep_ == "nsubj" and child.pos_ in {"NOUN", "PROPN"}:
                    # a non-actor subject ("the talks", "experts"): no inheritance
                    return [], False, False
            if child.dep_ == "agent":
                for pobj in self._children(child):
                    if pobj.dep_ == "pobj":
                        codes = self._np(pobj)
                        if codes:
                            return codes, self._has_conj_actors(pobj), False
        if depth > 4:
            return [], False, False
        head = verb.head
        if head is verb:
            return [], False, False
        if verb.dep_ == "xcomp" and head.lemma_.lower() in RAISING_VERBS:
            codes, coord, _ = self._subject(head, depth + 1)
            return codes, coord, True
        if verb.dep_ in {"xcomp", "conj", "advcl", "pcomp", "acomp"} and head.pos_ in {
            "VERB",
            "AUX",
            "ADJ",
        }:
            codes, coord, _ = self._subject(head, depth + 1)
            return codes, coord, True
        controller = self._controlling_object(head) if verb.dep_ == "pcomp" else None
        if controller is not None:
            codes = self._np(controller)
            if codes:
                return codes, self._has_conj_actors(controller), True
        if verb.dep_ == "pcomp" or (verb.dep_ == "pobj" and head.dep_ == "prep"):
            gov = head.head
            if gov.pos_ in {"VERB", "AUX"}:
                codes, coord, _ = self._subject(gov, depth + 1)
                return codes, coord, True
            if gov.pos_ in {"NOUN", "PROPN"}:
                codes = self._noun_source(gov)
                return codes, len(codes) > 1, True
        if verb.dep_ == "relcl" and head.pos_ in {"NOUN", "PROPN", "PRON"}:
            codes = self._np(head, allow_of=True)
            return codes, False, True
        if verb.dep_ in {"acl"} and head.pos_ in {"NOUN", "PROPN"}:
            codes = self._noun_source(head)
            return codes, len(codes) > 1, True
        return [], False, False

    def _noun_anchor(self, tok: Token) -> Token:
        """Climb from an event noun through conjuncts and transparent heads
        ("a new level of trust and cooperation" -> "level")."""
        cues = self.lex.cues
        for _ in range(4):
            if tok.dep_ == "conj" and tok.head.pos_ in {"NOUN", "PROPN"}:
                tok = tok.head
            elif (
                tok.dep_ == "pobj"
                and tok.head.lower_ == "of"
                and tok.head.head.lemma_.lower() in cues.transparent_nouns
            ):
                tok = tok.head.head
            else:
                break
        return tok

    def _noun_context(
        self, tok: Token, root: str
    ) -> tuple[list[str] | None, list[str], bool, bool]:
        """Source, targets, coordination and "between" of an event noun from the verb
        (or noun) that governs it; ``None`` as source when the noun is no event here."""
        cues = self.lex.cues
        anchor = self._noun_anchor(tok)
        if anchor is not tok:
            own = self._noun_source(anchor)
            if own:
                return own, [], len(own) > 1, False
        gov = anchor.head
        dep = anchor.dep_
        verb: Token | None = None
        if dep in {"dobj", "nsubjpass", "attr", "appos", "oprd"}:
            verb = gov
        elif (
            dep == "pobj"
            and gov.dep_ == "prep"
            and gov.lower_ in {"in", "into", "on"}
            and (gov.head.lemma_.lower() in INVOLVE_VERBS)
        ):
            verb = gov.head
        elif dep == "pobj" and gov.dep_ == "prep" and gov.head.pos_ in {"NOUN", "PROPN"}:
            got = self._noun_source(gov.head)
            return got, [], len(got) > 1, False
        if verb is None or verb.pos_ not in {"VERB", "AUX"}:
            return [], [], False, False
        lemma = verb.lemma_.lower()
        if lemma in cues.non_event_verbs or lemma in cues.topic_verbs:
            return None, [], False, False
        if verb.i in self.verb_triggers and lemma not in cues.light_verbs:
            # "Japan welcomed the signing of ...": the welcomer did not sign
            return [], [], False, False
        if verb.dep_ == "relcl" and lemma in cues.inclusion_verbs:
            head = verb.head
            if (
                head.dep_ == "pobj"
                and head.head.dep_ == "prep"
                and head.head.head.pos_ in {"NOUN", "PROPN"}
            ):
                head = head.head.head  # "ties with India, which include ..."
            src = self._noun_source(head)
            tg, _, _, btw = self._prep_targets(head, root, frozenset())
            both = _unique(src + tg)
            return both, [], len(both) > 1, btw
        s_, c_, _ = self._subject(verb)
        if not s_ and verb.dep_ == "acl" and verb.head.pos_ in {"NOUN", "PROPN"}:
            # "found a chance to stage a joint response"
            holder = verb.head
            if holder.dep_ in {"dobj", "attr"} and holder.head.pos_ in {"VERB", "AUX"}:
                s_, c_, _ = self._subject(holder.head)
        tg, _, _, b3 = self._prep_targets(verb, root, frozenset())
        return s_, tg, c_, b3

    def _from_actors(self, noun: Token) -> list[str]:
        out: list[str] = []
        for child in self._children(noun):
            if child.dep_ == "prep" and child.lower_ == "from":
                for pobj in self._children(child):
                    if pobj.dep_ == "pobj":
                        out.extend(self._np(pobj))
        return out

    def _noun_source(self, noun: Token) -> list[str]:
        codes: list[str] = []
        for child in self._children(noun):
            if child.dep_ in {"poss", "amod", "compound", "nmod"}:
                got = self._np(child, allow_of=False)
                codes.extend(got)
        return _unique(codes)

    def _prep_targets(
        self,
        tok: Token,
        root: str,
        skip: frozenset[int],
        required: tuple[str, ...] = (),
        *,
        has_target: bool = False,
    ) -> tuple[list[str], list[str], list[str], bool]:
        """(targets, of_actors, by_actors, between) from a token's prepositions.

        ``has_target`` (the verb has its target already) leaves out the actors of a
        reason ("criticised Japan over its treatment of Korean workers": not Korea) and
        of a place (``PLACE_PREPS``)."""
        targets: list[str] = []
        of_actors: list[str] = []
        by_actors: list[str] = []
        between = False
        for child in self._children(tok):
            dep = child.dep_
            if dep not in {"prep", "agent", "dative"} or child.i in skip:
                continue
            word = child.lower_
            for pobj in self._children(child):
                if pobj.dep_ not in {"pobj", "pcomp"}:
                    continue
                codes = self._np(pobj)
                border = pobj.lower_ in BORDER_NOUNS
                via = word
                if not codes and root >= "08" and word not in {"of", "by"}:
                    # "an offensive against Kurdish militias in northern Syria",
                    # "bowed to pressure from Brussels"
                    nested = {"from", "of", "by", "to", "with", "against"} | (
                        {"in", "inside"} if root >= "14" else set()
                    )
                    for g in self._children(pobj):
                        if g.dep_ == "prep" and g.lower_ in nested:
                            for gg in self._children(g):
                                if gg.dep_ == "pobj" and not codes:
                                    codes = self._np(gg)
                if not codes and border:
                    for g in self._children(pobj):
                        if g.dep_ == "prep" and g.lower_ in {"with", "of"}:
                            for gg in self._children(g):
                                if gg.dep_ == "pobj":
                                    codes = self._np(gg)
                                    via = "border"
                if not codes:
                    continue
                if via == word and word in HOST_PREPS and self.actors.at(pobj) and not border:
                    via = "host"
                elif via == word and border:
                    via = "border"
                if dep == "agent" or word == "by":
                    by_actors.extend(codes)
                elif word == "of":
                    of_actors.extend(codes)
                elif word in {"between", "among"}:
                    targets.extend(codes)
                    between = True
                elif word in required:
                    targets.extend(codes)  # the pattern's own preposition ("call on")
                elif has_target and word in REASON_PREPS | PLACE_PREPS:
                    continue
                elif word == "against" and root <= "08":
                    continue  # "sided with Washington against Beijing": an opponent
                elif word == "for" and root >= "17":
                    continue  # "fighting for the Taliban": the side, not the target
                elif word == "in" and root in NO_IN_TARGET_ROOTS:
                    continue
                elif word in {"on", "about", "over"} and root in TOPIC_ON_ROOTS:
                    continue  # "cooperate on ...", "talks on ...": a topic
                elif word in TARGET_PREPS:
                    targets.extend(codes)
                else:
                    continue
                for c in codes:
                    self.via.setdefault((tok.i, c), via if word not in {"of", "by"} else word)
        return _unique(targets), _unique(of_actors), _unique(by_actors), between

    # -- triggers -----------------------------------------------------------
    def triggers(self) -> list[_Trigger]:
        """Verb triggers in token order, then noun triggers (nouns a verb pattern
        consumed as its object excepted), in one pass over the candidates."""
        out: list[_Trigger] = []
        consumed: set[int] = set()
        nouns: list[Token] = []  # nouns and gerunds that are no verb trigger
        for tok, pos in self.candidates:
            if pos == "NOUN" or pos == "PROPN":
                nouns.append(tok)
            elif pos == "VERB":
                trig = None
                if tok.dep_ not in {"amod", "compound"}:
                    named = self._appellation(tok)
                    if named is not None:
                        trig = _Trigger(tok, named[0], "verb", {named[1]}, (tok.i, tok.i + 1))
                    elif hit := _match_verb(tok, self.lex, self.kids):
                        pattern, objs = hit
                        trig = _Trigger(
                            tok, pattern.code, "verb", objs, (tok.i, tok.i + 1), pattern.words
                        )
                        consumed |= objs
                if trig is not None:
                    out.append(trig)
                elif tok.tag_ == "VBG":
                    nouns.append(tok)
        for tok in nouns:
            if tok.i in consumed:
                continue
            nhit = _match_noun(tok, self.lex)
            if nhit:
                npat, span = nhit
                out.append(_Trigger(tok, npat.code, "noun", set(), span))
        self.verb_triggers = {t.token.i for t in out if t.kind == "verb"}
        self.noun_triggers = {t.token.i for t in out if t.kind == "noun"}
        return out

    def _appellation(self, verb: Token) -> tuple[str, int] | None:
        """ "describes Canada as a trusted friend" -> ("051", noun index); "called Russia a
        terrorist state" -> ("112", ...)."""
        cues = self.lex.cues
        if verb.lemma_.lower() not in cues.appellation_verbs:
            return None
        names: list[Token] = []
        for child in self._children(verb):
            if child.dep_ in {"oprd", "xcomp", "attr"} and child.pos_ in {"NOUN", "PROPN"}:
                names.append(child)
            if child.dep_ == "prep" and child.lower_ == "as":
                names.extend(g for g in self._children(child) if g.dep_ == "pobj")
            if child.dep_ == "dobj":
                for g in self._children(child):
                    if g.dep_ == "prep" and g.lower_ == "as":
                        names.extend(x for x in self._children(g) if x.dep_ == "pobj")
            if child.dep_ == "prep" and child.lower_ == "to":
                for g in self._children(child):
                    for x in self._children(g):
                        if x.dep_ == "prep" and x.lower_ == "as":
                            names.extend(y for y in self._children(x) if y.dep_ == "pobj")
        for name in names:
            words = {name.lemma_.lower(), name.lower_}
            words |= {
                c.lemma_.lower() for c in self._children(name) if c.dep_ in {"compound", "amod"}
            }
            for c in self._children(name):
                if c.dep_ == "conj":
                    words |= {c.lemma_.lower(), c.lower_}
            if {name.lemma_.lower(), name.lower_} & cues.accusation_nouns or (
                words & cues.accusation_nouns and not words & cues.praise_nouns
            ):
                return "112", name.i
            if words & cues.praise_nouns:
                return "051", name.i
        return None

    # -- modality and negation ----------------------------------------------
    def _chain(self, tok: Token) -> list[Token]:
        """The trigger and the tokens above it within its clause (plus governors)."""
        chain = [tok]
        cur = tok
        for _ in range(8):
            if cur.dep_ in CLAUSE_BOUNDARY or cur.head is cur:
                break
            cur = cur.head
            chain.append(cur)
        return chain

    def _reported_future(self, chain: list[Token]) -> bool:
        """Whether a "would" sits in the complement clause of a speech verb, with no
        condition attached ("said it would", "announced that it would")."""
        top = chain[-1]
        if top.dep_ != "ccomp" or top.head.lemma_.lower() not in SPEECH_VERBS:
            return False
        cond = self.lex.cues.conditional_marks
        return not any(
            ch.dep_ == "advcl"
            and any(g.dep_ == "mark" and g.lower_ in cond for g in self._children(ch))
            for t in chain
            for ch in self._children(t)
        )

    def modality_and_negation(self, trig: _Trigger) -> tuple[Modality, bool]:
        cues = self.lex.cues
        threat = trig.code[:2] == "13"
        tok = trig.token
        chain = self._chain(tok)
        negated = False
        modality: Modality = "actual"
        hypothetical = planned = threatened = reported = False
        for i, t in enumerate(chain):
            pos = t.pos_  # each property read is a string-store look-up: read once
            for child in self._children(t):
                dep = child.dep_
                low = child.lower_
                if dep == "neg" or (
                    dep == "det" and low in cues.neg_dets and pos in {"NOUN", "PROPN"}
                ):
                    negated = True
                elif dep in {"aux", "auxpass"}:
                    if low in cues.planned_aux:
                        planned = True
                    elif low in {"would", "'d"} and self._reported_future(chain):
                        planned = True  # "Russia said it would deploy": future in the past
                    elif low in cues.hypothetical_aux:
                        hypothetical = True
                elif dep == "amod" and i == 0:
                    if low in cues.hypothetical_adjs:
                        hypothetical = True
                    if low in {"planned", "proposed", "scheduled", "upcoming", "forthcoming"}:
                        planned = True
                elif dep == "advmod" and low in cues.reported_advs:
                    reported = True
                elif dep == "advcl" and not (threat and i == 0):
                    marks = {g.lower_ for g in self._children(child) if g.dep_ == "mark"}
                    if marks & cues.conditional_marks:
                        hypothetical = True
            if i == 0:
                continue
            lemma = t.lemma_.lower()
            low = t.lower_
            if low in cues.neg_preps:
                negated = True
            if pos in {"VERB", "AUX"}:
                if lemma in cues.neg_verbs:
                    negated = True
                elif lemma in cues.threatened_verbs:
                    threatened = True
                elif lemma in cues.planned_verbs:
                    planned = True
                elif lemma in cues.hypothetical_verbs:
                    hypothetical = True
                elif lemma in cues.reported_verbs:
                    reported = True
            elif pos in {"NOUN", "PROPN"}:
                if low in cues.hypothetical_nouns or lemma in cues.hypothetical_nouns:
                    hypothetical = True
                elif low in cues.neg_nouns:
                    negated = True
                elif low in cues.planned_nouns:
                    planned = True
                elif low in cues.threatened_nouns:
                    threatened = True
            elif pos == "ADJ" and lemma in {"able", "likely", "possible", "ready"}:
                hypothetical = True
        # the clause boundary itself: an if-clause, or a clause reported with a hedge
        top = chain[-1]
        if (
            top.dep_ == "ROOT"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in self._children(top))
            and not any(
                c.dep_ in {"aux", "auxpass"} and c.lower_ != "to" for c in self._children(top)
            )
        ):
            planned = True  # headline future: "Putin to visit India next month"
        if (
            top is tok
            and top.dep_ == "advcl"
            and any(c.dep_ == "aux" and c.tag_ == "TO" for c in self._children(top))
            and not any(c.dep_ in SUBJ_DEPS for c in self._children(top))
        ):
            planned = True  # a purpose: "sent troops to attack Ukraine" (the aim, not a fact)
        if top.dep_ == "advcl":
            marks = {g.lower_ for g in self._children(top) if g.dep_ == "mark"}
            if marks & cues.conditional_marks:
                hypothetical = True
        if self._has_reported_phrase(self._sent(tok)):
            reported = True
        if hypothetical:
            modality = "hypothetical"
        elif threatened:
            modality = "threatened"
        elif planned:
            modality = "planned"
        elif reported:
            modality = "reported"
        return modality, negated

    # -- instrument ---------------------------------------------------------
    def instrument(self, trig: _Trigger, code: str) -> tuple[Instrument, str]:
        """Instrument from modifiers of the trigger or its object; may refine the code."""
        info = self.lex.info(code)
        words: set[str] = set()
        toks: list[Token] = [trig.token] + [self.doc[i] for i in trig.consumed]
        for t in toks:
            for child in self._children(t):
                if child.dep_ in {"amod", "compound", "nmod"}:
                    words.add(child.lower_)
                    words.update(
                        g.lower_ for g in self._children(child) if g.dep_ in {"conj", "amod"}
                    )
        words.update(self.doc[i].lower_ for i in range(*trig.span))
        words.discard(trig.token.lower_)
        found: str | None = None
        for name in ("military", "economic", "informational", "diplomatic"):
            if words & self.lex.modifiers.get(name, frozenset()):
                found = name
                break
        new_code = code
        if (
            found
            and code in {"050", "060", "040"}
            and found in self.lex.cooperation_codes
            and (code != "040" or trig.token.lower_ in {"exchange", "exchanges"})
        ):
            new_code = self.lex.cooperation_codes[found]
        if found == "economic" and code == "081":
            new_code = "085"
        instrument = found or info.instrument
        if instrument not in {"military", "economic", "diplomatic", "informational"}:
            instrument = "diplomatic"
        return instrument, new_code  # type: ignore[return-value]

    # -- one trigger ---------------------------------------------------------
    def code(self, trig: _Trigger) -> _Coded | None:
        tok = trig.token
        root = trig.code[:2]
        sources: list[str] = []
        targets: list[str] = []
        coord_src = coord_tgt = inherited = False
        if trig.kind == "verb":
            # a participle with a subject and no auxiliary reads as a passive the parser
            # missed: "the Australian arrested in Afghanistan", "Five killed in blast"
            bare = tok.tag_ == "VBN" and not any(
                c.dep_ in {"aux", "auxpass"} for c in self._children(tok)
            )
            subject_deps = PASS_SUBJ_DEPS | {"nsubj"} if bare else PASS_SUBJ_DEPS
            passive = any(c.dep_ in subject_deps for c in self._children(tok))
            if passive:
                for child in self._children(tok):
                    if child.dep_ in subject_deps and child.i not in trig.consumed:
                        got = self._np(child)
                        own_forces = root in {"15", "08"} and (
                            child.lemma_.lower() in FORCE_NOUNS
                            or any(c.endswith("MIL") for c in got)
                        )
                        if own_forces:
                            # "Serbian troops were put on high alert": the forces'
                            # state acts; the target is whatever else is named
                            sources = got
                        else:
                            targets = got
                            coord_tgt = self._has_conj_actors(child)
                    if child.dep_ == "agent":
                        for pobj in self._children(child):
                            if pobj.dep_ == "pobj":
                                sources = self._np(pobj)
                                coord_src = self._has_conj_actors(pobj)
            else:
                sources, coord_src, inherited = self._subject(tok)
                if not sources and tok.dep_ == "acl" and tok.head.pos_ in {"NOUN", "PROPN"}:
                    # "violations ... committed by X" handled by agent; reduced relative
                    targets = self._np(tok.head)
                for child in self._children(tok):
                    if child.dep_ in {"dobj", "dative", "iobj", "attr"}:
                        if child.i in trig.consumed:
                            # "imposed sanctions on Russia": the object's own preps
                            t2, of2, _, btw = self._prep_targets(child, root, frozenset())
                            targets.extend(t2)
                            targets.extend(of2)
                            coord_tgt = coord_tgt or btw
                            targets.extend(self._noun_source(child))
                        else:
                            got = self._np(child)
                            if (
                                tok.lemma_.lower() in self.lex.cues.topic_verbs
                                and not self.actors.at(child)
                            ):
                                got = []  # "to discuss North Korea's nuclear program"
                            targets.extend(got)
                            coord_tgt = coord_tgt or self._has_conj_actors(child)
                            if not got and root >= "14" and child.i not in self.noun_triggers:
                                # "struck an oil refinery in Russia's Krasnodar region"
                                t2, _, _, _ = self._prep_targets(child, root, frozenset())
                                targets.extend(t2)
                            if not got and child.i in self.noun_triggers:
                                t2, _, _, btw = self._prep_targets(child, root, frozenset())
                                targets.extend(t2)
                                coord_tgt = coord_tgt or btw
            t2, of_a, by_a, btw = self._prep_targets(
                tok, root, frozenset(), required=trig.words, has_target=bool(targets)
            )
            targets.extend(t2)
            if btw:
                coord_tgt = True
            if not sources and by_a:
                sources = by_a
            if of_a:
                targets.extend(of_a)
            # the complement of an xcomp verb with its own object ("urged Russia to X")
        else:
            anchor = self._noun_anchor(tok)
            if anchor.dep_ in {"dobj", "pobj"} and (
                anchor.head.lemma_.lower() in self.lex.cues.topic_verbs
                or anchor.head.head.lemma_.lower() in self.lex.cues.topic_verbs
                and anchor.dep_ == "pobj"
                and anchor.head.lower_ in {"about", "on"}
            ):
                return None
            own = self._noun_source(tok)
            t2, of_a, by_a, btw = self._prep_targets(tok, root, frozenset())
            from_a = [c for c in self._from_actors(tok)]
            if from_a and root not in {"08", "16"}:
                t2 = [t for t in t2 if t not in from_a]
                if not by_a and not own:
                    by_a = from_a
            if by_a:
                sources = by_a
                targets = _unique(own + t2 + of_a)
            elif own:
                sources = own
                coord_src = len(own) > 1
                targets = _unique(t2 + of_a)
                if not targets and anchor.dep_ == "dobj" and anchor.head.pos_ == "VERB":
                    # "pledged to double its development aid to Ethiopia"
                    targets, _, _, _ = self._prep_targets(anchor.head, root, frozenset())
            else:
                if of_a and (t2 or root in {"04", "08", "15", "07"}):
                    sources = of_a
                    targets = t2
                else:
                    targets = _unique(t2 + of_a)
                if not sources:
                    s_in, t_in, c_in, btw_in = self._noun_context(tok, root)
                    if s_in is None:
                        return None
                    sources, coord_src, inherited = s_in, c_in, True
                    if not targets:
                        targets = t_in
                        btw = btw or btw_in
            coord_tgt = btw
        sources = _unique(sources)
        source_states = {x[:3] for x in sources}
        targets = [t for t in _unique(targets) if t[:3] not in source_states]
        implicit = False
        if sources and not targets and root in IMPLICIT_TARGET_ROOTS:
            # a show of force with no stated target: the one other state the
            # sentence names ("Poland is alarmed by Russia's build-up in Kaliningrad")
            others = _unique(
                c
                for t in self._sent(tok)
                for c in self.actors.at(t)
                if c[:3] not in {x[:3] for x in sources} and len(c) >= 3
            )
            if len({c[:3] for c in others}) == 1:
                targets = others[:1]
                implicit = True
        if not sources and not targets:
            return None
        if coord_src and root >= "17" and self._aimed(trig):
            # "US jets and Afghan forces launched attacks on the caves": allies attacking
            # something, not each other ("Indian and Pakistani troops clashed": each other)
            coord_src = False
        modality, negated = self.modality_and_negation(trig)
        instrument, code = self.instrument(trig, trig.code)
        code = self._refine(trig, code, sources, targets, coord_src)
        return _Coded(
            implicit=implicit,
            trig=trig,
            sources=sources,
            targets=targets,
            mutual_sources=coord_src,
            mutual_targets=coord_tgt,
            inherited=inherited,
            modality=modality,
            negated=negated,
            instrument=instrument,
            code=code,
        )

    def _aimed(self, trig: _Trigger) -> bool:
        """Whether the trigger or its object is aimed at something ("attacks on X",
        "fought against X"), actor or not."""
        heads = [trig.token, *(self.doc[i] for i in trig.consumed)]
        return any(
            c.dep_ == "prep" and c.lower_ in AIMED_PREPS
            for head in heads
            for c in self._children(head)
        )

    def _via(self, trig: _Trigger, target: str) -> str | None:
        for i in [trig.token.i, *trig.consumed]:
            v = self.via.get((i, target))
            if v is not None:
                return v
        return None

    def _refine(
        self, trig: _Trigger, code: str, sources: list[str], targets: list[str], coordinated: bool
    ) -> str:
        """Deployments hosted by a state are cooperation with it; a lone actor's drills
        near another's territory are a show of force."""
        objs = self.lex.object_codes.get(code)
        if objs:
            words = {self.doc[i].lower_ for i in trig.consumed}
            for child in self._children(trig.token):
                if child.dep_ in {"dobj", "prep"}:
                    words.add(child.lower_)
                    words.update(g.lower_ for g in self._children(child) if g.dep_ == "pobj")
            for w in words:
                if w in objs:
                    return objs[w]
        if not targets:
            return code
        vias = {self._via(trig, t) for t in targets}
        if code in {"154", "150"} and vias == {"host"}:
            return "062"
        drill = {trig.token.lower_, *(self.doc[i].lower_ for i in trig.consumed)} & DRILL_WORDS
        if (
            drill
            and code == "062"
            and not coordinated
            and len(sources) == 1
            and vias
            and (vias <= VICINITY_PREPS | {"border", "host", "in", "into"})
        ):
            return "150"
        return code

    # -- governors and complements -------------------------------------------
    def absorb_complements(self, coded: list[_Coded]) -> None:
        """A governor verb with its own code absorbs an event complement.

        "pledged to provide aid" is one AGREE event, "refused to attend the summit" one
        REJECT event, "demanded that Washington stop arms sales" one demand aimed at
        Washington; the complement is not counted on its own (a threatened complement
        is kept, marked "threatened").
        """
        by_tok = {c.trig.token.i: c for c in coded}
        for c in coded:
            tok = c.trig.token
            if c.trig.kind != "verb":
                continue
            groot = c.code[:2]
            if groot not in GOVERNOR_ROOTS:
                continue
            for comp_tok, _depth in self._complement_tokens(tok):
                comp = by_tok.get(comp_tok.i)
                if comp is not None and comp is not c:
                    self._absorb(c, comp, groot)
            if not [t for t in c.targets if t not in c.sources]:
                for child in self._children(tok):
                    if child.dep_ == "ccomp":
                        subj, _, _ = self._subject(child)
                        got = [t for t in subj if t not in c.sources]
                        if got:
                            c.targets = got
                            break

    def _complement_tokens(self, tok: Token) -> list[tuple[Token, int]]:
        out: list[tuple[Token, int]] = []
        stack: list[tuple[Token, int]] = [
            (ch, 1)
            for ch in self._children(tok)
            if ch.dep_ in {"xcomp", "ccomp", "dobj", "prep", "pcomp", "advcl"}
            and not (ch.dep_ == "advcl" and any(g.dep_ == "mark" for g in self._children(ch)))
        ]
        while stack:
            t, d = stack.pop()
            if t.dep_ != "prep":
                out.append((t, d))
            if d >= 5:
                continue
            for ch in self._children(t):
                if ch.dep_ in {"xcomp", "ccomp", "dobj", "prep", "pobj", "pcomp", "conj", "acl"}:
                    stack.append((ch, d + 1))
        return out

    def _absorb(self, gov: _Coded, comp: _Coded, groot: str) -> None:
        croot = comp.code[:2]
        table = self.lex.complement_codes.get(groot, {})
        if groot in INTENT_ROOTS and croot >= "09":
            # "agreed to extend sanctions": the sanction is planned, not an intent
            # to cooperate
            gov.suppressed = True
            if comp.modality == "actual":
                comp.modality = "planned"
            return
        if groot in GOVERNOR_ROOTS:
            if croot in table and comp.trig.kind == "verb" or croot in table and groot != "03":
                gov.code = table[croot]
            if not gov.targets or (gov.targets and set(gov.targets) <= set(gov.sources)):
                addressees = [t for t in comp.sources if t not in gov.sources]
                if addressees and groot not in INTENT_ROOTS:
                    gov.targets = addressees
                else:
                    gov.targets = [t for t in comp.targets if t not in gov.sources]
                    gov.mutual_targets = comp.mutual_targets
            if groot in THREAT_ROOTS and comp.sources and not set(comp.sources) & set(gov.sources):
                # "Russia could invade Finland, a Finnish general warned": a warning
                # about another actor's act is a statement, not a threat
                gov.suppressed = True
            elif groot in THREAT_ROOTS:
                comp.modality = "threatened"
            else:
                comp.suppressed = True

    # -- events ---------------------------------------------------------------
    def events(self) -> list[Event]:
        coded = [c for t in self.triggers() if (c := self.code(t)) is not None]
        self.absorb_complements(coded)
        out: list[Event] = []
        seen: set[tuple[str, str, str, int]] = set()
        dates_cache: dict[int, list[tuple[int, int, str]]] = {}
        for c in coded:
            if c.suppressed:
                continue
            tok = c.trig.token
            info = self.lex.info(c.code)
            if (
                c.trig.kind == "noun"
                and tok.lower_ in self.lex.cues.weak_nouns
                and (not c.sources or not c.targets)
                and not (c.mutual_sources and self.lex.is_symmetric(c.code))
            ):
                continue
            pairs: list[tuple[str, str, bool]] = []
            symmetric = self.lex.is_symmetric(c.code)
            if c.sources and c.targets:
                # "A and B worked with C": each of A and B with C, as PETRARCH codes
                # compound actors; A and B are partners only where no one else is
                pairs = [(s, t, False) for s in c.sources for t in c.targets]
            elif symmetric and len(c.sources) > 1 and c.mutual_sources:
                pairs = [(s, t, True) for s in c.sources for t in c.sources if s != t]
            elif symmetric and len(c.targets) > 1 and c.mutual_targets:
                pairs = [(s, t, True) for s in c.targets for t in c.targets if s != t]
            elif symmetric and len(c.sources) > 1 and c.trig.kind == "noun":
                pairs = [(s, t, True) for s in c.sources for t in c.sources if s != t]
            sent = self._sent(tok)
            start_tok, end_tok = c.trig.span
            start = self.doc[start_tok].idx - sent.start_char
            end = self.doc[end_tok - 1].idx + len(self.doc[end_tok - 1]) - sent.start_char
            date = self._date(sent, start, dates_cache)
            power = self.lex.power.get(c.instrument, "soft")
            if c.instrument == "economic" and info.intensity < 0:
                power = self.lex.power.get("economic_coercive", "hard")
            conf = 0.7 if c.trig.kind == "verb" else 0.55
            if c.inherited:
                conf -= 0.1
            if c.trig.consumed:
                conf += 0.1
            if c.implicit:
                conf = 0.35
            for s, t, mutual in pairs:
                if s[:3] == t[:3]:
                    continue
                key = (s, t, c.code[:2], tok.i)
                if key in seen:
                    continue
                seen.add(key)
                out.append(
                    Event(
                        source=s,
                        target=t,
                        plover=info.plover,
                        plover_mode=info.mode,
                        cameo=c.code,
                        cameo_root=c.code[:2],
                        intensity=info.intensity,
                        modality=c.modality,
                        negated=c.negated,
                        instrument=c.instrument,
                        power="hard" if power == "hard" else "soft",
                        trigger=self.doc[start_tok:end_tok].text,
                        start=start,
                        end=end,
                        sentence_start=sent.start_char,
                        date=date,
                        confidence=round(min(conf, 0.95), 2),
                        mutual=mutual,
                    )
                )
        return out

    def _date(
        self, sent: Span, start: int, cache: dict[int, list[tuple[int, int, str]]]
    ) -> str | None:
        if sent.start not in cache:
            cache[sent.start] = sentence_dates(span_text(sent), self.doc_date)
        spans = cache[sent.start]
        if not spans:
            return self.doc_date
        best = min(spans, key=lambda s: abs(s[0] - start))
        return best[2]


def verb_intensity(verb: Token, lexicon: Lexicon | None = None) -> float | None:
    """The CAMEO intensity (−10 … +10) of the event ``verb`` names, as the coder would
    match it (particles and object included: "blow up", "impose sanctions"); ``None``
    where it names none. Lets other extractors read a verb's valence from the event
    lexicon ("tried to blow up a bus station" is hostile; "wants to meet" friendly)."""
    lex = lexicon or load_lexicon()
    hit = _match_verb(verb, lex, {})
    return lex.info(hit[0].code).intensity if hit else None


def code_events(
    doc: Doc,
    mentions: list[Mention],
    *,
    doc_date: str | None = None,
    lexicon: Lexicon | None = None,
) -> list[Event]:
    """Code the events of ``doc`` (a sentence or a small document) from its mentions.

    ``mentions`` index ``doc.text`` (as :func:`realpolitik.actors.resolver.resolve_doc`
    returns them). Every event is returned, negated and hypothetical ones included;
    use :func:`counted_events` for the ones a gold file counts.
    """
    lex = lexicon or load_lexicon()
    actors = MentionMap(doc, mentions)
    if len(actors.states()) < 2:
        # every code the coder assigns is a mention's, and an event never links
        # two actors of one state: no event to find
        return []
    if is_sports_doc(doc):
        return []  # teams named as states: "Australia has beaten South Africa"
    return _Coder(doc, actors, lex, doc_date).events()


def counted_events(events: Iterable[Event]) -> list[Event]:
    """Only events stated as happening, planned or reported: not negated, not
    hypothetical, not a threatened complement (its THREATEN event counts), PLOVER-typed."""
    return [e for e in events if e.counted]


def code_text(text: str, *, doc_date: str | None = None) -> list[Event]:
    """Convenience: parse ``text`` with the shared pipeline, resolve its actors and code
    its events (all of them; filter with :func:`counted_events`)."""
    from realpolitik.actors.resolver import resolve_doc
    from realpolitik.annotate import load_nlp

    doc = load_nlp()(text)
    return code_events(doc, resolve_doc(doc, date=doc_date), doc_date=doc_date)
