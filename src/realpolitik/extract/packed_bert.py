"""A BERT encoder run over packed tokens: no padding through the linears.

A batch of sentences padded to its longest costs every linear of every layer the
padding too (29 % of the tokens in the causal encoder's batches of 32 sentences as the
pipeline sends them). Here the tokens of all sentences are packed into one
``[tokens, hidden]`` matrix for the embeddings, linears, layer norms and feed-forward
layers, which treat tokens one by one; attention, where the tokens of one sentence
meet, runs one sentence at a time.

The result is the model's own ``last_hidden_state`` for the real tokens, up to float
rounding (the tests compare it with the padded forward). Nothing in it depends on the
other sentences of a batch except through the rounding of batched float matmuls, so
with integer linears (``int8_linear``) a sentence scores the same alone or in any
batch. It reads the submodules of a transformers ``BertModel`` (absolute position
embeddings, post-layer-norm, token type 0), in inference only: no dropout.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from torch.nn import functional


def pack(input_ids: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """``(ids, positions, lengths)``: the token ids of all sequences end to end, each
    token's position in its own sequence, and each sequence's length."""
    if not input_ids or min(len(ids) for ids in input_ids) < 1:
        raise ValueError("give at least one sequence, each of at least one token")
    lengths = torch.tensor([len(ids) for ids in input_ids], dtype=torch.long)
    flat = torch.tensor([t for ids in input_ids for t in ids], dtype=torch.long)
    starts = torch.cumsum(lengths, 0) - lengths
    positions = torch.arange(len(flat)) - torch.repeat_interleave(starts, lengths)
    return flat, positions, lengths


def packed_hidden(model: Any, input_ids: Sequence[Sequence[int]]) -> torch.Tensor:
    """The last hidden states of ``model`` (a ``BertModel`` in eval mode) for the tokens
    of ``input_ids`` (one list of word-piece ids per sequence, special tokens included),
    packed: ``[sum of lengths, hidden]``, in sequence order."""
    ids, positions, lengths = pack(input_ids)
    emb = model.embeddings
    hidden = emb.word_embeddings(ids) + emb.position_embeddings(positions)
    hidden = hidden + emb.token_type_embeddings.weight[0]
    hidden = emb.LayerNorm(hidden)
    sizes = lengths.tolist()
    for layer in model.encoder.layer:
        hidden = _layer(layer, hidden, sizes)
    return hidden


def mean_pool_packed(hidden: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Each sequence's mean over its tokens: ``[sequences, hidden]``."""
    segment = torch.repeat_interleave(torch.arange(len(lengths)), lengths)
    sums = hidden.new_zeros(len(lengths), hidden.shape[-1]).index_add_(0, segment, hidden)
    return sums / lengths.unsqueeze(1).to(hidden.dtype)


def _layer(layer: Any, hidden: torch.Tensor, sizes: list[int]) -> torch.Tensor:
    attention = layer.attention
    heads = attention.self.num_attention_heads
    q = attention.self.query(hidden).split(sizes)
    k = attention.self.key(hidden).split(sizes)
    v = attention.self.value(hidden).split(sizes)
    # one sentence at a time: a token's result then never depends on the other
    # sentences of the batch, not even through the blocking of a padded matmul
    context = torch.cat([_attend(qi, ki, vi, heads) for qi, ki, vi in zip(q, k, v, strict=True)])
    out = attention.output
    attended = out.LayerNorm(out.dense(context) + hidden)
    inner = layer.intermediate.intermediate_act_fn(layer.intermediate.dense(attended))
    return layer.output.LayerNorm(layer.output.dense(inner) + attended)


def _attend(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, heads: int) -> torch.Tensor:
    """Self-attention of one sentence's ``[tokens, hidden]`` queries, keys and values."""
    n, size = q.shape[0], q.shape[1] // heads

    def split(x: torch.Tensor) -> torch.Tensor:
        return x.view(1, n, heads, size).transpose(1, 2)

    context = functional.scaled_dot_product_attention(split(q), split(k), split(v))
    return context.transpose(1, 2).reshape(n, heads * size)
