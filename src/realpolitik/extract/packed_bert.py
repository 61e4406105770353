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


class PackedBert:
    """The forward of ``model`` (a transformers ``BertModel`` in eval mode) over packed
    tokens. The weights are read when this is built and must not change after: each
    layer's query, key and value linears are fused into one (one quantisation of the
    input instead of three for int8-row linears, one larger matrix product; the same
    numbers for int8-row, float rounding for fp32)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self._qkv = [
            fuse_linears(
                [layer.attention.self.query, layer.attention.self.key, layer.attention.self.value]
            )
            for layer in model.encoder.layer
        ]

    def hidden(self, input_ids: Sequence[Sequence[int]]) -> torch.Tensor:
        """The last hidden states for the tokens of ``input_ids`` (one list of word-piece
        ids per sequence, special tokens included), packed: ``[sum of lengths, hidden]``,
        in sequence order."""
        ids, positions, lengths = pack(input_ids)
        emb = self.model.embeddings
        hidden = emb.word_embeddings(ids) + emb.position_embeddings(positions)
        hidden = hidden + emb.token_type_embeddings.weight[0]
        hidden = emb.LayerNorm(hidden)
        sizes = lengths.tolist()
        for layer, qkv in zip(self.model.encoder.layer, self._qkv, strict=True):
            hidden = _layer(layer, qkv, hidden, sizes)
        return hidden


def packed_hidden(model: Any, input_ids: Sequence[Sequence[int]]) -> torch.Tensor:
    """``PackedBert(model).hidden(input_ids)``: for one call; keep a :class:`PackedBert`
    for many (it fuses the attention linears once)."""
    return PackedBert(model).hidden(input_ids)


def fuse_linears(linears: Sequence[Any]) -> Any | None:
    """One linear computing ``linears`` side by side (their outputs concatenated), for
    ``nn.Linear`` or :class:`~realpolitik.extract.int8_linear.RowInt8Linear` of one
    input size (float linears with a bias); ``None`` for others (they are then run one
    by one)."""
    if all(type(m) is torch.nn.Linear and m.bias is not None for m in linears):
        fused = torch.nn.Linear(linears[0].in_features, sum(m.out_features for m in linears))
        with torch.no_grad():
            fused.weight.copy_(torch.cat([m.weight for m in linears]))
            fused.bias.copy_(torch.cat([m.bias for m in linears]))
        return fused.eval()
    from realpolitik.extract.int8_linear import RowInt8Linear

    if all(type(m) is RowInt8Linear for m in linears):
        return RowInt8Linear(
            torch.cat([m.weight_t for m in linears], dim=1).contiguous(),
            torch.cat([m.weight_scale for m in linears]),
            torch.cat([m.bias for m in linears]),
        )
    return None


def mean_pool_packed(hidden: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Each sequence's mean over its tokens: ``[sequences, hidden]``."""
    segment = torch.repeat_interleave(torch.arange(len(lengths)), lengths)
    sums = hidden.new_zeros(len(lengths), hidden.shape[-1]).index_add_(0, segment, hidden)
    return sums / lengths.unsqueeze(1).to(hidden.dtype)


def _layer(layer: Any, qkv: Any | None, hidden: torch.Tensor, sizes: list[int]) -> torch.Tensor:
    attention = layer.attention
    heads = attention.self.num_attention_heads
    if qkv is not None:
        q_all, k_all, v_all = qkv(hidden).chunk(3, dim=-1)
    else:
        q_all = attention.self.query(hidden)
        k_all = attention.self.key(hidden)
        v_all = attention.self.value(hidden)
    q, k, v = q_all.split(sizes), k_all.split(sizes), v_all.split(sizes)
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
