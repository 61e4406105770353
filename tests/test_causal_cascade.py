"""The two-stage causal-sentence decision: the regression, then the encoder on borderline
sentences. The encoder here is a stand-in with the real one's interface, so that the
routing is tested exactly; the real encoder has tests of its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from realpolitik.annotate import load_nlp
from realpolitik.extract import causal

SENTENCES = [
    "The drought destroyed the harvest, so grain prices rose across the region.",
    "The foreign minister arrived in Oslo on Tuesday.",
    "Talks resumed after the border incident.",
]


class StandIn:
    """Routes regression probabilities in [lo, hi]; says 0.9 for every sentence."""

    def __init__(self, lo: float, hi: float) -> None:
        self.meta: dict[str, Any] = {"ensemble": {"threshold": 0.42}, "cascade": {"lo": lo, "hi": hi}}
        self.seen: list[str] = []

    def borderline(self, lr: Sequence[float]) -> np.ndarray:
        p = np.asarray(lr)
        return (p >= self.meta["cascade"]["lo"]) & (p <= self.meta["cascade"]["hi"])

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.full(len(texts), 0.9)

    def combine(self, lr: Sequence[float], enc: Sequence[float]) -> np.ndarray:
        return (np.asarray(lr) + np.asarray(enc)) / 2


@pytest.fixture()
def docs() -> list[Any]:
    if not causal.classifier_available():
        pytest.skip("the causal classifier's weights are not installed")
    return list(load_nlp().pipe(SENTENCES))


def test_only_borderline_sentences_reach_the_encoder(
    docs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = causal.classifier_proba(SENTENCES, docs)
    assert plain is not None
    middle = sorted(plain)[1]  # route exactly the middle sentence
    stand_in = StandIn(middle - 1e-9, middle + 1e-9)
    monkeypatch.setattr(causal, "_encoder", lambda: stand_in)
    monkeypatch.setenv(causal.ENCODER_ENV, "borderline")
    scores = causal.causal_scores(SENTENCES, docs)
    assert scores is not None
    routed = [i for i, s in enumerate(scores) if s.stage == "ensemble"]
    assert routed == [plain.index(middle)]
    assert stand_in.seen == [SENTENCES[routed[0]]]
    assert scores[routed[0]].p == pytest.approx((middle + 0.9) / 2)
    assert scores[routed[0]].threshold == 0.42
    for i, s in enumerate(scores):
        if i not in routed:
            assert s.stage == "classifier" and s.p == pytest.approx(plain[i])
            assert s.threshold == causal.load_patterns().clf_threshold


def test_without_parses_or_when_switched_off_the_regression_decides(
    docs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    stand_in = StandIn(0.0, 1.0)  # would route everything
    monkeypatch.setattr(causal, "_encoder", lambda: stand_in)
    scores = causal.causal_scores(SENTENCES)  # the ensemble was fitted with parses
    assert scores is not None and all(s.stage == "classifier" for s in scores)
    assert stand_in.seen == []
    monkeypatch.setenv(causal.ENCODER_ENV, "all")
    every = causal.causal_scores(SENTENCES, docs)
    assert every is not None and all(s.stage == "ensemble" for s in every)
    monkeypatch.undo()
    monkeypatch.setenv(causal.ENCODER_ENV, "off")  # the default
    causal._encoder.cache_clear()
    try:
        assert not causal.encoder_available()
        assert all(s.stage == "classifier" for s in causal.causal_scores(SENTENCES, docs) or [])
        monkeypatch.setenv(causal.ENCODER_ENV, "sometimes")
        with pytest.raises(ValueError, match="off, borderline, all"):
            causal.encoder_mode()
    finally:
        causal._encoder.cache_clear()
