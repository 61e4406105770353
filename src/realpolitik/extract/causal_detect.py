"""Whether a sentence is causal: the detection rule over patterns, classifier and encoder.

``causal`` finds the cause/effect pairs a sentence states; this module decides whether
the sentence states a cause at all (Causal News Corpus subtask 1):

* the CNC-trained logistic regression (``causal_classifier``) scores every sentence;
* where ``$REALPOLITIK_CAUSAL_ENCODER`` switches it on, the fine-tuned MiniLM
  (``causal_encoder``) rescores the sentences whose decision is open (``causal_scores``);
* ``decide_causal``: a sentence is causal when a pattern fires at or above the pattern
  file's ``high_confidence``, or the classifier's probability reaches its threshold.

See docs/causal_classifier.md and docs/perspectives_and_claims.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from realpolitik.extract.causal import extract_causal
from realpolitik.extract.causal_patterns import load_patterns
from realpolitik.extract.claim_types import CausalClaim


@lru_cache(maxsize=1)
def _classifier() -> Any | None:
    try:
        from realpolitik.extract.causal_classifier import CausalClassifier
    except Exception:  # the classifier is optional: patterns alone still work
        return None
    try:
        return CausalClassifier.load()
    except Exception:
        return None


def classifier_available() -> bool:
    """Whether the CNC-trained causal-sentence classifier can be loaded."""
    return _classifier() is not None


def classifier_proba(texts: Sequence[str], docs: Sequence[Doc] | None = None) -> list[float] | None:
    """The classifier's probability that each text is causal (``None`` without it).

    Pass each sentence's ``Doc`` as ``docs`` to let the classifier use the parse.
    """
    clf = _classifier()
    if clf is None:
        return None
    return [
        float(x)
        for x in clf.predict_proba(list(texts), docs=list(docs) if docs is not None else None)
    ]


#: ``$REALPOLITIK_CAUSAL_ENCODER``: ``off`` (the default), ``borderline`` (the encoder
#: scores the sentences in its ``borderline`` interval) or ``all`` (every sentence: the
#: most accurate detection, at several times the extraction budget; see
#: docs/causal_classifier.md). Needs the ``embeddings`` extra.
ENCODER_ENV = "REALPOLITIK_CAUSAL_ENCODER"
ENCODER_MODES = ("off", "borderline", "all")
#: ``$REALPOLITIK_CAUSAL_ENCODER_FILE``: an encoder file written by
#: ``scripts/train_causal_encoder.py --out`` to use instead of the shipped one.
ENCODER_FILE_ENV = "REALPOLITIK_CAUSAL_ENCODER_FILE"


def encoder_mode() -> str:
    """The second stage's mode from ``$REALPOLITIK_CAUSAL_ENCODER`` (a clear error for
    a value that is none of ``ENCODER_MODES``)."""
    mode = os.environ.get(ENCODER_ENV, "off").strip().lower() or "off"
    if mode not in ENCODER_MODES:
        raise ValueError(f"${ENCODER_ENV}={mode!r}: use one of {', '.join(ENCODER_MODES)}")
    return mode


@lru_cache(maxsize=1)
def _encoder() -> Any | None:
    """The fine-tuned MiniLM second stage (``causal_encoder``), or ``None`` where it is
    off, its optional dependencies are missing or no weights ship."""
    if encoder_mode() == "off":
        return None
    from realpolitik.extract import causal_encoder

    own = os.environ.get(ENCODER_FILE_ENV, "").strip()
    if own:
        encoder = _own_encoder(Path(own).expanduser())
    else:
        weights = resources.files("realpolitik.extract").joinpath("data", causal_encoder.MODEL_FILE)
        if not weights.is_file():
            return None
        encoder = causal_encoder.load_encoder()
    if encoder is not None:
        import torch

        # One thread: the build parallelises over documents (worker processes), and
        # torch's own threads then fight spaCy and each other (measured: the encoder
        # ran 5x slower on 2 threads than on 1 beside a second busy process).
        torch.set_num_threads(1)
    return encoder


def _own_encoder(path: Path) -> Any:
    """The encoder in ``path`` (``$REALPOLITIK_CAUSAL_ENCODER_FILE``); a ``ValueError``
    naming the file and the fix when it cannot be read."""
    from realpolitik.extract import causal_encoder

    if not path.is_file():
        raise ValueError(
            f"${ENCODER_FILE_ENV}={path}: no such file (write one with "
            "scripts/train_causal_encoder.py --out FILE, or unset it for the shipped encoder)"
        )
    try:
        return causal_encoder.CausalEncoder.from_bytes(path.read_bytes())
    except (OSError, EOFError, KeyError, ValueError) as exc:  # not an npz, no meta, version
        raise ValueError(f"${ENCODER_FILE_ENV}={path}: not a causal encoder file: {exc}") from exc


def loaded_encoder() -> Any | None:
    """The encoder ``$REALPOLITIK_CAUSAL_ENCODER`` switches on, loaded once per process
    (``None`` where it is off or not installed): for tools and benchmarks that measure it."""
    return _encoder()


def encoder_available() -> bool:
    """Whether borderline sentences go to the fine-tuned encoder (see ``causal_scores``)."""
    return _encoder() is not None


@dataclass(frozen=True)
class CausalScore:
    """A sentence's probability of being causal and the threshold it is decided at.

    ``stage`` says which model gave it: ``classifier`` (the logistic regression) or
    ``ensemble`` (regression and fine-tuned encoder combined, for a borderline sentence).
    """

    p: float
    threshold: float
    stage: str


def causal_scores(
    texts: Sequence[str],
    docs: Sequence[Doc] | None = None,
    *,
    pattern_conf: Sequence[float] | None = None,
) -> list[CausalScore] | None:
    """Each sentence's :class:`CausalScore` (``None`` without the classifier).

    The logistic regression scores every sentence, decided at the pattern file's
    ``classifier_threshold``. Where the fine-tuned MiniLM is switched on
    (``$REALPOLITIK_CAUSAL_ENCODER``) and installed, with each sentence's ``Doc`` given
    (the ensemble was fitted on the parse-aware regression), some sentences get the
    ensemble's probability instead (``CausalEncoder.combine`` of the regression's and
    the encoder's), decided at the ensemble's threshold:

    * ``all`` — every sentence;
    * ``borderline`` — the sentences whose decision is open: no pattern claim at or
      above ``high_confidence`` (``pattern_conf``, each sentence's strongest pattern
      confidence, as ``pattern_confidence`` gives it; such a sentence is causal
      whatever the classifier says), and either a regression probability inside the
      encoder's interval (``meta.cascade``: where the regression is unsure) or a
      pattern claim below ``high_confidence`` (the decision keeps or drops a claim).

    The encoder costs ~100 times the regression per sentence.
    """
    probs = classifier_proba(texts, docs)
    if probs is None:
        return None
    threshold = load_patterns().clf_threshold
    if threshold is None:
        threshold = classifier_threshold(with_docs=docs is not None)
    scores = [CausalScore(p, threshold, "classifier") for p in probs]
    encoder = _encoder()
    if encoder is None or docs is None:
        return scores
    if encoder_mode() == "all":
        chosen = list(range(len(probs)))
    else:
        confs = [0.0] * len(probs) if pattern_conf is None else list(pattern_conf)
        high = load_patterns().high
        inside = encoder.borderline(probs)
        chosen = [i for i, c in enumerate(confs) if c < high and (inside[i] or c > 0)]
    if chosen:
        second = encoder.predict_proba([texts[i] for i in chosen])
        combined = encoder.combine([probs[i] for i in chosen], second)
        ensemble_threshold = float(encoder.meta["ensemble"]["threshold"])
        for i, p in zip(chosen, combined, strict=True):
            scores[i] = CausalScore(float(p), ensemble_threshold, "ensemble")
    return scores


def classifier_threshold(with_docs: bool = False) -> float:
    """The decision threshold chosen when the classifier was trained (0.5 without one)."""
    clf = _classifier()
    if clf is None:
        return 0.5
    return float(clf.doc_threshold if with_docs else clf.threshold)


def pattern_confidence(claims: Iterable[CausalClaim]) -> float:
    """The strongest pattern confidence among ``claims`` (0 when none)."""
    return max((c.confidence for c in claims), default=0.0)


def decide_causal(
    classifier_p: float | None,
    pattern_conf: float,
    *,
    high: float | None = None,
    threshold: float | None = None,
    with_docs: bool = False,
) -> bool:
    """The detection rule: a pattern fires at or above ``high`` (the pattern file's
    ``high_confidence``), or the classifier gives p ≥ ``threshold`` (default: the pattern
    file's ``classifier_threshold``, else the threshold chosen in training)."""
    hi = load_patterns().high if high is None else high
    if pattern_conf >= hi:
        return True
    if threshold is None:
        threshold = load_patterns().clf_threshold
    thr = classifier_threshold(with_docs) if threshold is None else threshold
    return classifier_p is not None and classifier_p >= thr


def is_causal(
    sentence: str | Doc, *, use_classifier: bool = True, threshold: float | None = None
) -> bool:
    """Whether ``sentence`` states a cause and an effect.

    True when a causal pattern fires at or above the pattern file's ``high_confidence``
    or the CNC-trained classifier gives p ≥ ``threshold`` (default: the pattern file's
    ``classifier_threshold``, else the threshold chosen in training).
    """
    if isinstance(sentence, Doc):
        doc = sentence
    else:
        from realpolitik.annotate import load_nlp

        doc = load_nlp()(sentence)
    conf = pattern_confidence(extract_causal(doc))
    p = None
    if use_classifier and conf < load_patterns().high:
        scores = causal_scores([doc.text], [doc], pattern_conf=[conf])
        if scores:
            p = scores[0].p
            threshold = scores[0].threshold if threshold is None else threshold
    return decide_causal(p, conf, threshold=threshold, with_docs=True)
