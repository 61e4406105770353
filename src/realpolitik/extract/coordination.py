"""Coordinations the small parser breaks apart, found again from the word order.

spaCy's small English parser often loses the later items of a list of three or more
noun phrases and the second clause of "after A did X and B did Y": it hangs them on
the main verb, on the subject, or on the first clause's object. A cause or effect
taken as a parse subtree then stops after the first item. These functions look at the
words after a phrase and say which tokens belong to it after all, so that spans keep
the whole list (the parse itself is left as it is).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

# where a noun phrase of a list may start (a possessive pronoun is PRON)
_NP_START = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
_COORD = frozenset({"and", "or"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


def list_tail(ids: set[int], sent: Span) -> set[int]:
    """The rest of a list that begins with the phrase ``ids`` and that the parser hung
    elsewhere: for "by A, B, and C" with ``ids`` the tokens of A, the tokens of
    ", B, and C"; an empty set where no such list follows.

    The phrase must end with a nominal token and be followed by at least one more
    noun phrase between commas (verbless, starting like a noun phrase), then "and" or
    "or" and a last item. The last item runs to the end of the subtree of its highest
    token to the right of the "and" (for "plans to cut X", the whole of it), and must
    not be a clause with its own subject ("..., and Tokyo protested" ends no list).
    Two-item lists ("A and B") are left to the parser, which handles them.
    """
    if not ids:
        return set()
    doc = sent.doc
    last = max(ids)
    if doc[last].pos_ not in _NOMINAL or last + 1 >= sent.end or doc[last + 1].text != ",":
        return set()
    i = last + 1  # at a comma
    middle_items = 0
    while True:
        start = i + 1
        if start < sent.end and doc[start].lower_ in _COORD:
            final = start + 1
            break
        end = _noun_phrase_end(sent, start)
        if end is None:
            return set()
        middle_items += 1
        if end + 1 < sent.end and doc[end + 1].text == ",":
            i = end + 1
            continue
        if end + 1 < sent.end and doc[end + 1].lower_ in _COORD:
            final = end + 2
            break
        return set()
    if middle_items < 1 or final >= sent.end:
        return set()
    extent = _last_item(sent, final)
    if extent is None:
        return set()
    return set(range(last + 1, extent + 1)) - ids


def _noun_phrase_end(sent: Span, start: int) -> int | None:
    """The last token of a verbless noun phrase starting at ``start`` and ending before
    the next comma or "and"/"or"; ``None`` if the words there are not one."""
    doc = sent.doc
    if start >= sent.end or doc[start].pos_ not in _NP_START:
        return None
    i = start
    has_noun = False
    while i < sent.end and doc[i].text != "," and doc[i].lower_ not in _COORD:
        tok = doc[i]
        if tok.pos_ in {"VERB", "AUX", "SCONJ"} and tok.dep_ not in {"amod", "compound"}:
            return None
        if tok.is_punct and tok.text not in {"-", "'", "’"}:
            return None
        has_noun = has_noun or tok.pos_ in _NOMINAL
        i += 1
    return i - 1 if has_noun and i > start else None


def _last_item(sent: Span, first: int) -> int | None:
    """The index of the last token of the list's last item, which starts at ``first``:
    the right edge of its highest token that lies at or after ``first``; ``None`` when
    that item is a clause with a subject of its own."""
    doc = sent.doc
    if doc[first].pos_ not in _NP_START and doc[first].pos_ != "VERB":
        return None
    top = doc[first]
    while top.head != top and first <= top.head.i < sent.end:
        top = top.head
    if any(c.dep_ in _SUBJECTS for c in top.children):
        return None
    end = top.right_edge.i
    while end > first and doc[end].is_punct:
        end -= 1
    return end


def stolen_subject(conjunct: Token) -> set[int]:
    """The tokens of "and B" when B is the subject of ``conjunct`` that the parser took
    for the last item of the object before it: in "Paris recalled its envoy and Beijing
    cut imports", the parser can make "Beijing" a conjunct of "envoy" and "cut" a
    subjectless conjunct of "recalled". Empty unless ``conjunct`` has no subject and the
    words right before it are a noun phrase coordinated by "and"/"or"."""
    doc = conjunct.doc
    if any(c.dep_ in _SUBJECTS for c in conjunct.children) or conjunct.i < 2:
        return set()
    noun = doc[conjunct.i - 1]
    coord = noun.left_edge.i - 1
    if (
        noun.pos_ not in {"NOUN", "PROPN", "PRON"}
        or noun.dep_ != "conj"
        or noun.right_edge.i != noun.i
        or coord < 0
        or doc[coord].lower_ not in _COORD
    ):
        return set()
    return set(range(coord, noun.i + 1))


def split_clause(phrase: set[int], conjunct: Token) -> bool:
    """Whether ``conjunct``, a verb the parser coordinated with the verb a clause
    ``phrase`` hangs on, is really the second half of ``phrase``: in "Y happened after
    A did X and B did Z", the parser can make B a conjunct of X's object (inside the
    phrase) and "did Z" a conjunct of "happened" (see :func:`stolen_subject`); the
    phrase must end right before ``conjunct``."""
    stolen = stolen_subject(conjunct)
    return bool(stolen) and stolen <= phrase and max(phrase) == conjunct.i - 1
