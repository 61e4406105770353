"""Who the words of a sentence stand for: actor mentions on tokens, and the context
that resolves subjects, pronouns and speakers (shared by perspectives and claims).

:class:`MentionMap` aligns the resolver's actor mentions to a ``Doc``'s tokens;
:class:`Context` keeps what a document's earlier sentences tell later ones (the last
subject's actors, for pronouns) and finds the actors an NP, a verb's subject or a
quotation's speaker stands for.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from realpolitik.extract.claim_types import AUTHOR
from realpolitik.extract.mention_map import MentionMap
from realpolitik.extract.perspective_lexicon import Lexicon

SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
PRONOUNS = frozenset(
    {"it", "they", "its", "their", "itself", "themselves", "he", "she", "his", "her"}
)


def lemma(tok: Token) -> str:
    """``tok``'s lemma, lower case."""
    return tok.lemma_.lower()


def country(code: str) -> str:
    """The first three letters of an actor code (``RUSGOV`` → ``RUS``)."""
    return code if code == AUTHOR else code[:3]


class Context:
    """Per-document state: lexicon, mentions, the last subject actors (for pronouns)."""

    def __init__(self, doc: Doc, mm: MentionMap, lex: Lexicon) -> None:
        self.doc = doc
        self.mm = mm
        self.lex = lex
        self.prev_subject: list[str] = []
        self.prev_actors: list[str] = []
        self._quoted: dict[int, set[int]] = {}
        # pronouns whose antecedent is being looked for: "America and its allies, he
        # said" would otherwise send "he" to America, America's conjunct "its allies"
        # back to America, and so on without end
        self._resolving: set[int] = set()

    def actors_of_np(self, head: Token, depth: int = 0) -> list[str]:
        """Actors an NP headed by ``head`` stands for (head, modifiers, agent heads' PPs)."""
        lex = self.lex
        codes = list(self.mm.at(head))
        if not codes and head.pos_ == "PRON" and head.lower_ in PRONOUNS | {"both"}:
            codes = (
                self.antecedent(head)
                if head.lower_ not in {"it", "its", "itself"}
                else list(self.prev_subject)
            )
            if head.lower_ in {"it", "its"}:
                local = self.antecedent(head)
                codes = local if local and (head.lower_ == "its" or _reported(head)) else codes
        if not codes and head.lower_ in {"both", "two"}:
            codes = list(self.prev_actors) if len(self.prev_actors) >= 2 else []
        if not codes:
            for c in head.children:
                if c.dep_ in {"poss", "compound", "amod", "nmod", "npadvmod"}:
                    found = self.mm.at(c)
                    if not found and c.pos_ == "PRON":
                        found = self.antecedent(c)
                    codes += [x for x in found if x not in codes]
        if (
            not codes
            and depth < 2
            and (lemma(head) in lex.agent_heads or head.lower_ in lex.agent_heads)
        ):
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in {"in", "of"}:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            codes += [x for x in self.actors_of_np(p, depth + 1) if x not in codes]
        if depth < 3:
            for c in head.children:
                if c.dep_ == "conj":
                    codes += [x for x in self.actors_of_np(c, depth + 1) if x not in codes]
        return codes

    def subject_of(self, verb: Token) -> tuple[list[str], Token | None]:
        """Actors of the subject of ``verb``, inherited up the tree when it has none.

        Climbs through xcomp/advcl/conj/acl/pcomp heads to the nearest verb with a
        subject (a passive's ``by`` agent stands for the subject of a purpose clause
        under it), or to a noun whose possessor names the agent ("Japan's desire to
        ...", "the U.S.'s policy of containing ...").
        """
        cur = verb
        for step in range(8):
            subs = [c for c in cur.children if c.dep_ in SUBJ_DEPS]
            if step > 0:
                agents = [
                    p
                    for c in cur.children
                    if c.dep_ == "agent"
                    for p in c.children
                    if p.dep_ == "pobj"
                ]
                if agents:
                    subs = agents
            if subs and not (
                len(subs) == 1 and subs[0].tag_ in {"WDT", "WP"} and cur.dep_ == "relcl"
            ):
                codes: list[str] = []
                for s in subs:
                    if s.lower_ in self.lex.author_pronouns:
                        if s.i in self.quoted(s.sent):
                            # '"We oppose X," the minister said': the speaker's "we"
                            return self.speaker(s.sent), s
                        return [AUTHOR], s
                    codes += [x for x in self.actors_of_np(s) if x not in codes]
                return codes, subs[0]
            if subs and cur.dep_ == "relcl":
                return self.actors_of_np(cur.head), cur.head
            if step > 0 and cur.pos_ in {"NOUN", "PROPN"}:
                owners = [c for c in cur.children if c.dep_ in {"poss", "compound", "amod"}]
                codes = [x for o in owners for x in self.actors_of_np(o)]
                if codes:
                    return codes, owners[0]
                if lemma(cur) not in self.lex.light_nouns:
                    return [], None  # "an opportunity to X": whose, the sentence does not say
            infinitival = cur.dep_ == "relcl" and any(c.tag_ == "TO" for c in cur.children)
            if cur.head == cur or (cur.dep_ in {"ccomp", "relcl"} and not infinitival):
                return [], None
            cur = cur.head
        return [], None

    def speaker(self, sent: Span) -> list[str]:
        """Actors of whoever speaks the quotation in ``sent``: the subject of its main
        verb, outside the quotation marks ('"...," India's foreign minister said');
        none where the sentence names no speaker."""
        root = sent.root
        quoted = self.quoted(sent)
        if root.i in quoted:
            return []
        subs = [c for c in root.children if c.dep_ in SUBJ_DEPS]
        return self.actors_of_np(subs[0]) if subs and subs[0].i not in quoted else []

    def quoted(self, sent: Span) -> set[int]:
        """``quoted_ids(sent)``, found once a sentence."""
        if sent.start not in self._quoted:
            self._quoted[sent.start] = quoted_ids(sent)
        return self._quoted[sent.start]

    def antecedent(self, pron: Token) -> list[str]:
        """A pronoun's actors: the nearest actor NP before it in the sentence, else the
        previous sentence's subject (plural pronouns and "both" take coordinations).
        A pronoun met again while its own antecedent is looked for stands for nothing."""
        if pron.i in self._resolving:
            return []
        self._resolving.add(pron.i)
        try:
            return self._antecedent(pron)
        finally:
            self._resolving.discard(pron.i)

    def _antecedent(self, pron: Token) -> list[str]:
        sent = pron.sent
        quoted = self.quoted(sent)
        # the speaker of '"... Taliban forces ...," he said' or "X did Y, they said" is
        # not named inside what they say
        reported = {
            t.i
            for c in pron.head.children
            if pron.dep_ in SUBJ_DEPS and c.dep_ == "ccomp" and c.i < pron.i
            for t in c.subtree
        }
        if pron.dep_ in SUBJ_DEPS and pron.head.dep_ == "parataxis":
            # "If X, they said, Y": all around the parenthetical is what they say
            inside = {t.i for t in pron.head.subtree}
            reported |= {t.i for t in sent if t.i not in inside}
        for t in reversed(list(sent[: pron.i - sent.start])):
            if (t.i in quoted and pron.i not in quoted) or t.i in reported:
                continue
            if self.mm.at(t):
                head = t
                while head.dep_ in {"compound", "flat"} and head.head != head:
                    head = head.head
                root = head
                while root.dep_ == "conj" and root.head != root:
                    root = root.head
                codes = self.actors_of_np(root, 1)
                return codes or list(self.mm.at(t))
        if pron.lower_ in {"both", "they", "their", "them"} and len(self.prev_actors) >= 2:
            return list(self.prev_actors)
        return list(self.prev_subject)


def _reported(pron: Token) -> bool:
    """``pron`` is the subject of a clause reported by a verb of its own sentence ("Russia
    says it will ...": then "it" is the reporting subject, found as its antecedent)."""
    clause = pron.head
    return pron.dep_ in {"nsubj", "nsubjpass"} and clause.dep_ == "ccomp" and clause.head != clause


_OPEN_QUOTES = frozenset({"“", "‘"})
_CLOSE_QUOTES = frozenset({"”", "’"})


def quoted_ids(sent: Span) -> set[int]:
    """Indices of the tokens of ``sent`` inside quotation marks (straight quotes toggle;
    curly ones open and close; a quote left open runs to the end of the sentence)."""
    inside: set[int] = set()
    depth = 0
    for t in sent:
        text = t.text
        if text == '"' or text == "''" or text == "``":
            depth = 0 if depth else 1
            continue
        if text in _OPEN_QUOTES:
            depth += 1
            continue
        if text in _CLOSE_QUOTES and depth:
            depth -= 1
            continue
        if depth:
            inside.add(t.i)
    return inside
