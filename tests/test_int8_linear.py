"""int8 linears quantised per row: close to fp32, and the same whatever the batch."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch", reason="needs the embeddings extra (torch)")

from realpolitik.extract.int8_linear import RowInt8Linear, quantize_rows  # noqa: E402


def _linear(seed: int, n_in: int = 48, n_out: int = 20) -> torch.nn.Linear:
    torch.manual_seed(seed)
    return torch.nn.Linear(n_in, n_out)


def test_close_to_the_float_linear() -> None:
    lin = _linear(0)
    q = RowInt8Linear.from_linear(lin)
    x = torch.randn(3, 7, 48) * torch.tensor([0.1, 1.0, 30.0])[:, None, None]
    with torch.no_grad():
        want, got = lin(x), q(x)
    assert got.shape == want.shape == (3, 7, 20)
    # int8 keeps ~2 significant digits of each row's range, whatever its scale
    err = (got - want).abs().amax(dim=-1) / want.abs().amax(dim=-1)
    assert float(err.max()) < 0.03
    assert q.weight_t.dtype == torch.int8


def test_a_row_gives_the_same_output_alone_or_in_any_batch() -> None:
    q = RowInt8Linear.from_linear(_linear(1))
    x = torch.randn(10, 48)
    x[3] *= 1000.0  # a row of large values must not change the scale of the others
    batch = q(x)
    for i in range(len(x)):
        assert torch.equal(q(x[i : i + 1])[0], batch[i])
    assert torch.equal(q(x[2:5]), batch[2:5])


def test_zero_rows_and_no_bias() -> None:
    lin = torch.nn.Linear(8, 4, bias=False)
    q = RowInt8Linear.from_linear(lin)
    out = q(torch.zeros(2, 8))
    assert torch.equal(out, torch.zeros(2, 4))


def test_quantize_rows_replaces_every_linear() -> None:
    model = torch.nn.Sequential(_linear(2), torch.nn.ReLU(), torch.nn.Sequential(_linear(3, 20, 5)))
    x = torch.randn(4, 48)
    with torch.no_grad():
        want = model(x)
    quantize_rows(model)
    assert not any(isinstance(m, torch.nn.Linear) for m in model.modules())
    assert sum(isinstance(m, RowInt8Linear) for m in model.modules()) == 2
    assert torch.allclose(model(x), want, atol=0.05)
