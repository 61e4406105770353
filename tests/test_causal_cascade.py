"""The two-stage causal-sentence decision: the regression, then the encoder on borderline
sentences. The encoder here is a stand-in with the real one's interface, so that the
routing is tested exactly; the real encoder has tests of its own."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from realpolitik.annotate import load_nlp
from realpolitik.extract import causal_detect as causal
from realpolitik.extract import causal_encoder

from .extras_util import needs_embeddings

SENTENCES = [
    "The drought destroyed the harvest, so grain prices rose across the region.",
    "The foreign minister arrived in Oslo on Tuesday.",
    "Talks resumed after the border incident.",
]


class StandIn:
    """Routes regression probabilities in [lo, hi]; says 0.9 for every sentence."""

    def __init__(self, lo: float, hi: float) -> None:
        self.meta: dict[str, Any] = {
            "ensemble": {"threshold": 0.42},
            "cascade": {"lo": lo, "hi": hi},
        }
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


def test_only_open_decisions_reach_the_encoder(
    docs: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = causal.classifier_proba(SENTENCES, docs)
    assert plain is not None
    middle = sorted(plain)[1]  # the middle sentence is inside the interval
    stand_in = StandIn(middle - 1e-9, middle + 1e-9)
    monkeypatch.setattr(causal, "_encoder", lambda: stand_in)
    monkeypatch.setenv(causal.ENCODER_ENV, "borderline")
    base = causal.load_patterns().clf_threshold

    def routed_with(conf: list[float]) -> list[int]:
        stand_in.seen.clear()
        scores = causal.causal_scores(SENTENCES, docs, pattern_conf=conf)
        assert scores is not None
        routed = [i for i, s in enumerate(scores) if s.stage == "ensemble"]
        assert stand_in.seen == [SENTENCES[i] for i in routed]  # nothing else is encoded
        for i, s in enumerate(scores):
            if i in routed:
                assert s.p == pytest.approx((plain[i] + 0.9) / 2) and s.threshold == 0.42
            else:  # the regression at the pattern file's threshold, as without an encoder
                assert s.p == pytest.approx(plain[i]) and s.threshold == base
        return routed

    inside = plain.index(middle)
    high = causal.load_patterns().high
    others = [i for i in range(len(SENTENCES)) if i != inside]
    # no pattern claim anywhere: only the sentence the regression is unsure of
    assert routed_with([0.0, 0.0, 0.0]) == [inside]
    # a pattern claim below high_confidence opens the decision outside the interval too
    below = [0.0, 0.0, 0.0]
    below[others[0]] = high / 2
    assert routed_with(below) == sorted([inside, others[0]])
    # a pattern claim at or above it settles the sentence: no encoder, even inside
    settled = [0.0, 0.0, 0.0]
    settled[inside] = high
    assert routed_with(settled) == []


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


@needs_embeddings
def test_the_switched_on_encoder_runs_on_one_torch_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import torch

    before = torch.get_num_threads()
    monkeypatch.setenv(causal.ENCODER_ENV, "borderline")
    causal._encoder.cache_clear()
    try:
        torch.set_num_threads(2)
        assert causal.encoder_available()
        # the build's worker processes share the cores; torch's threads would fight them
        assert torch.get_num_threads() == 1
    finally:
        causal._encoder.cache_clear()
        torch.set_num_threads(before)


def test_an_own_encoder_file_that_cannot_be_read_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(causal.ENCODER_ENV, "borderline")
    missing = tmp_path / "nowhere.npz"
    monkeypatch.setenv(causal.ENCODER_FILE_ENV, str(missing))
    causal._encoder.cache_clear()
    try:
        with pytest.raises(ValueError, match="nowhere.npz: no such file"):
            causal.encoder_available()
        if causal_encoder.available():
            broken = tmp_path / "broken.npz"
            broken.write_bytes(b"not an npz")
            monkeypatch.setenv(causal.ENCODER_FILE_ENV, str(broken))
            causal._encoder.cache_clear()
            with pytest.raises(ValueError, match="broken.npz: not a causal encoder file"):
                causal.encoder_available()
    finally:
        causal._encoder.cache_clear()


@needs_embeddings
def test_an_own_encoder_file_replaces_the_shipped_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import io
    import json

    shipped = resources.files("realpolitik.extract").joinpath("data", causal_encoder.MODEL_FILE)
    with np.load(io.BytesIO(shipped.read_bytes()), allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays["meta"]))
    meta["threshold"] = 0.77  # marks this copy as ours
    arrays["meta"] = np.array(json.dumps(meta))
    own = tmp_path / "own.npz"
    np.savez(own, **arrays)
    monkeypatch.setenv(causal.ENCODER_ENV, "borderline")
    monkeypatch.setenv(causal.ENCODER_FILE_ENV, str(own))
    causal._encoder.cache_clear()
    try:
        encoder = causal._encoder()
        assert encoder is not None and encoder.threshold == 0.77
    finally:
        causal._encoder.cache_clear()
