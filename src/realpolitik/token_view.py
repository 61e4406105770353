"""The per-token strings the extractors read, read once per Doc and shared.

Each string property of a spaCy token (``lower_``, ``lemma_``, ``pos_``, ``dep_``,
``tag_``) is a ``StringStore`` look-up (~130 ns), and the resolver, the event coder,
the causal patterns and the causal classifier each read them for every token.
:func:`token_view` reads the ids of all tokens in one ``Doc.to_array`` call, turns each
distinct id into its string once (hash ids name the same string in every vocabulary,
so the table is shared), and keeps the result in ``Doc.user_data`` as :func:`doc_text`
keeps the text. The view holds strings only (no ``Token``, so no reference back to the
Doc). It assumes, as the extractors do, that the Doc is not changed after parsing.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import DEP, LEMMA, LOWER, POS, TAG
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


def token_view(doc: Doc) -> TokenView:
    """The :class:`TokenView` of ``doc``, made at the first call and then kept."""
    view = doc.user_data.get(VIEW_KEY)
    if isinstance(view, TokenView):
        return view
    if len(doc):
        lowers, lemmas, pos, deps, tags = doc.to_array([LOWER, LEMMA, POS, DEP, TAG]).T.tolist()
    else:
        lowers = lemmas = pos = deps = tags = []
    store = doc.vocab.strings
    view = TokenView(
        lower=_strings(lowers, store),
        lemma=_lowered(lemmas, store),
        pos=[POS_NAMES[p] for p in pos],
        dep=_strings(deps, store),
        tag=_strings(tags, store),
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
