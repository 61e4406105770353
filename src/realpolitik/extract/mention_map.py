"""Actor mentions on tokens: where in a parsed sentence each actor is named.

The resolver gives actor mentions as character spans; the extractors (events,
relations, perspectives, causal claims) reason over tokens. :class:`MentionMap` is the
one alignment of the first to the second that they all use.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

from realpolitik.records import Mention

__all__ = ["MentionMap", "unique_codes"]


class MentionMap:
    """Actor mentions aligned to tokens: ``codes[i]`` lists the codes on token ``i``,
    in the order of ``mentions``, each once.

    A mention covers every token its character span touches ("U.S.-Japan" is one token
    carrying two codes). ``offset`` is added to the mentions' offsets when they index
    another text than ``doc.text`` (a sentence of a larger document). ``compound``
    holds the tokens of mentions the resolver found as compound modifiers.
    """

    def __init__(self, doc: Doc, mentions: Iterable[Mention], offset: int = 0) -> None:
        self.codes: dict[int, list[str]] = {}
        self.compound: set[int] = set()
        for m in mentions:
            if m.kind != "actor" or not m.code:
                continue
            span = doc.char_span(m.start + offset, m.end + offset, alignment_mode="expand")
            if span is None:
                continue
            for i in range(span.start, span.end):
                lst = self.codes.setdefault(i, [])
                if m.code not in lst:
                    lst.append(m.code)
                if m.via == "compound":
                    self.compound.add(i)

    def at(self, tok: Token) -> list[str]:
        """The codes on ``tok``."""
        return self.codes.get(tok.i, [])

    def in_tokens(self, toks: Iterable[Token]) -> list[str]:
        """The codes on any of ``toks``, in order, each once."""
        return unique_codes(self.codes.get(t.i, []) for t in toks)

    def states(self) -> set[str]:
        """The states named: the first three letters of every code on a token."""
        return {c[:3] for codes in self.codes.values() for c in codes}

    def in_range(self, start: int, end: int) -> list[str]:
        """``in_tokens`` of the tokens ``start`` to ``end``: the map is sparse, so its
        tokens are walked rather than the range's."""
        return unique_codes(self.codes[i] for i in sorted(self.codes) if start <= i < end)


def unique_codes(code_lists: Iterable[list[str]]) -> list[str]:
    """The codes of ``code_lists`` in order, each once."""
    out: list[str] = []
    for codes in code_lists:
        for c in codes:
            if c not in out:
                out.append(c)
    return out
