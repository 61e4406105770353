"""The per-token strings the extractors read, read once per Doc and shared.

Each string property of a spaCy token (``lower_``, ``lemma_``, ``pos_``, ``dep_``,
``tag_``) is a ``StringStore`` look-up (~130 ns), and the resolver, the event coder,
the causal patterns and the causal classifier each read them for every token.
:func:`token_view` reads the ids of all tokens in one ``Doc.to_array`` call, turns each
distinct id into its string once (hash ids name the same string in every vocabulary,
so the table is shared), and keeps the result in ``Doc.user_data`` as :func:`doc_text`
keeps the text. The same call gives the id columns that extractors test against
id sets, so a Doc's token arrays are read once, not once an extractor. The view holds
strings and ints only (no ``Token``, so no reference back to the Doc). It assumes, as
the extractors do, that the Doc is not changed after parsing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from spacy.attrs import (
    DEP,
    HEAD,
    IDX,
    IS_SPACE,
    LEMMA,
    LENGTH,
    LIKE_NUM,
    LOWER,
    ORTH,
    POS,
    SENT_START,
    TAG,
)
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc

#: The key under which :func:`token_view` keeps a Doc's view in ``Doc.user_data``.
VIEW_KEY = "realpolitik.token_view"

# hash id -> its string, and hash id -> its string lower-cased (lemmas are compared
# lower-cased); filled as ids are met, as spaCy's own StringStore is.
_STRINGS: dict[int, str] = {}
_LOWERED: dict[int, str] = {}


@dataclass(frozen=True)
class TokenView:
    """A Doc's token strings, indexed like the Doc's tokens. Shared: do not mutate."""

    lower: list[str]  # Token.lower_
    lemma: list[str]  # Token.lemma_.lower()
    pos: list[str]  # Token.pos_
    dep: list[str]  # Token.dep_
    tag: list[str]  # Token.tag_
    pos_id: list[int]  # Token.pos
    tag_id: list[int]  # Token.tag
    orth_id: list[int]  # Token.orth
    lower_id: list[int]  # Token.lower
    lemma_id: list[int]  # Token.lemma
    head: list[int]  # Token.head.i
    idx: list[int]  # Token.idx
    length: list[int]  # len(Token)
    opens_sentence: list[bool]  # Token.sent_start == 1
    is_space: list[int]  # Token.is_space (0 or 1)
    like_num: list[int]  # Token.like_num (0 or 1)

    @cached_property
    def sentences(self) -> tuple[list[int], list[int]]:
        """Each token's sentence bounds, ``(Token.sent.start, Token.sent.end)`` as lists,
        found as spaCy does (back to the last token that opens a sentence, forward to
        the next), once for all tokens; ``Token.sent`` makes a Span and scans at each call."""
        n = len(self.opens_sentence)
        starts: list[int] = []
        start = 0
        for i, opens in enumerate(self.opens_sentence):
            if opens:
                start = i
            starts.append(start)
        ends: list[int] = [n] * n
        end = n
        for i in range(n - 1, -1, -1):
            ends[i] = end
            if self.opens_sentence[i]:
                end = i
        return starts, ends


def token_view(doc: Doc) -> TokenView:
    """The :class:`TokenView` of ``doc``, made at the first call and then kept."""
    view = doc.user_data.get(VIEW_KEY)
    if isinstance(view, TokenView):
        return view
    table = doc.to_array(
        [LOWER, LEMMA, POS, DEP, TAG, ORTH, HEAD, IS_SPACE, LIKE_NUM, IDX, LENGTH, SENT_START]
    )
    columns = table.T.tolist()
    lowers, lemmas, pos, deps, tags, orths, _, space, number, starts, lengths, opens = columns
    heads = (np.arange(len(table)) + table[:, 6].view(np.int64)).tolist()  # offsets -> index
    store = doc.vocab.strings
    view = TokenView(
        lower=_strings(lowers, store),
        lemma=_lowered(lemmas, store),
        pos=[POS_NAMES[p] for p in pos],
        dep=_strings(deps, store),
        tag=_strings(tags, store),
        pos_id=pos,
        tag_id=tags,
        orth_id=orths,
        lower_id=lowers,
        lemma_id=lemmas,
        head=heads,
        idx=starts,
        length=lengths,
        opens_sentence=[flag == 1 for flag in opens],
        is_space=space,
        like_num=number,
    )
    doc.user_data[VIEW_KEY] = view
    return view


def _strings(ids: list[int], store: StringStore) -> list[str]:
    """The strings of ``ids``: each id not met before looked up once in ``store``."""
    return _looked_up(ids, _STRINGS, store, lower=False)


def _lowered(ids: list[int], store: StringStore) -> list[str]:
    """The lower-cased strings of ``ids`` (see :func:`_strings`)."""
    return _looked_up(ids, _LOWERED, store, lower=True)


def _looked_up(
    ids: list[int], known: dict[int, str], store: StringStore, *, lower: bool
) -> list[str]:
    try:  # most sentences use only words met before
        return list(map(known.__getitem__, ids))
    except KeyError:
        for h in ids:
            if h not in known:
                known[h] = store[h].lower() if lower else store[h]
        return list(map(known.__getitem__, ids))
