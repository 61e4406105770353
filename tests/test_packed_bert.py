"""The packed BERT forward gives the padded forward's hidden states, without padding."""

from __future__ import annotations

from typing import Any

import pytest

from realpolitik.extract import causal_encoder as ce

from .extras_util import needs_embeddings

pytestmark = needs_embeddings

# Written for these tests: lengths from a few word pieces to a long sentence.
TEXTS = [
    "Talks resumed.",
    "The blockade of the port pushed fuel prices up across the region within a week.",
    "Ministers met in Hanoi on Tuesday.",
    "Because the two governments could not agree on the border, the commission that had "
    "been meeting since the spring was dissolved and its staff sent home.",
]


@pytest.fixture(scope="module")
def base() -> tuple[Any, Any]:
    return ce.load_base()


def test_pack_lays_sequences_end_to_end() -> None:
    from realpolitik.extract.packed_bert import pack

    ids, positions, lengths = pack([[101, 7, 102], [101, 102]])
    assert ids.tolist() == [101, 7, 102, 101, 102]
    assert positions.tolist() == [0, 1, 2, 0, 1]
    assert lengths.tolist() == [3, 2]
    with pytest.raises(ValueError, match="at least one"):
        pack([])
    with pytest.raises(ValueError, match="at least one"):
        pack([[101], []])


def test_packed_hidden_matches_the_padded_forward(base: tuple[Any, Any]) -> None:
    import torch

    from realpolitik.extract.packed_bert import mean_pool_packed, packed_hidden

    model, tokenizer = base
    padded = tokenizer(TEXTS, padding=True, return_tensors="pt")
    ids = tokenizer(TEXTS)["input_ids"]
    lengths = torch.tensor([len(x) for x in ids])
    assert len(set(lengths.tolist())) == len(TEXTS)  # padding is really exercised
    with torch.inference_mode():
        want = model(**padded).last_hidden_state
        got = packed_hidden(model, ids)
    real = torch.cat([want[i, :n] for i, n in enumerate(lengths.tolist())])
    assert got.shape == real.shape
    assert torch.allclose(got, real, atol=1e-4)
    pooled = mean_pool_packed(got, lengths)
    assert torch.allclose(pooled, ce.mean_pool(want, padded["attention_mask"]), atol=1e-5)


def test_a_sentence_depends_on_its_batch_only_through_float_rounding(base: tuple[Any, Any]) -> None:
    import torch

    from realpolitik.extract.packed_bert import packed_hidden

    model, tokenizer = base
    ids = tokenizer(TEXTS)["input_ids"]
    with torch.inference_mode():
        together = packed_hidden(model, ids)
        alone = torch.cat([packed_hidden(model, [x]) for x in ids])
    # fp32 linears round differently with the number of rows (the int8-row encoder's
    # integer products do not: test_causal_encoder checks it to 1e-6)
    assert torch.allclose(together, alone, rtol=0, atol=1e-4)


def test_fused_linears_compute_the_linears_side_by_side() -> None:
    import torch

    from realpolitik.extract.int8_linear import RowInt8Linear
    from realpolitik.extract.packed_bert import fuse_linears

    torch.manual_seed(0)
    linears = [torch.nn.Linear(16, 8), torch.nn.Linear(16, 8), torch.nn.Linear(16, 4)]
    x = torch.randn(5, 16)
    with torch.no_grad():
        fused = fuse_linears(linears)
        assert fused is not None
        assert torch.allclose(fused(x), torch.cat([m(x) for m in linears], dim=1), atol=1e-6)
        rows = [RowInt8Linear.from_linear(m) for m in linears]
        fused_rows = fuse_linears(rows)
        assert fused_rows is not None
        # the same int8 input, integer products: exactly the separate results
        assert torch.equal(fused_rows(x), torch.cat([m(x) for m in rows], dim=1))
    assert fuse_linears([linears[0], rows[1]]) is None  # mixed kinds: run one by one
