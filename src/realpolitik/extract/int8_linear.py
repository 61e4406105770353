"""int8 linears whose activations are quantised one row (one token) at a time.

torch's dynamic quantisation (``quantize_dynamic``) scales a linear's whole input tensor
at once, so a sentence's int8 activations, and its probability, depend on the other
sentences of its batch (up to |Δp| 0.2 between a batch of 32 and one sentence at a time
for the causal encoder). :class:`RowInt8Linear` gives each row of the input its own
scale instead: a token's activations are quantised from its own values alone, so the
result is the same whatever the batch (up to float rounding), and closer to fp32.

* weights: symmetric int8, one scale per output channel, quantised once;
* activations: symmetric int8, one scale per row (``max |x| / 127``), at run time;
* the product in int32 (``torch._int_mm``; a float matmul of the same integers where
  this torch lacks it), then scaled back and the bias added in fp32.

This module imports torch: it is loaded only by ``causal_encoder.prepare``.
"""

from __future__ import annotations

import torch

__all__ = ["RowInt8Linear", "quantize_rows"]

_INT8_MAX = 127.0
_HAS_INT_MM = hasattr(torch, "_int_mm")


def _int8_matmul(xq: torch.Tensor, wq_t: torch.Tensor) -> torch.Tensor:
    """``xq @ wq_t`` of int8 matrices, as fp32 (exact in int32 where torch can)."""
    if _HAS_INT_MM:
        return torch._int_mm(xq, wq_t).float()
    return xq.float() @ wq_t.float()


class RowInt8Linear(torch.nn.Module):
    """An ``nn.Linear`` run in int8, its input quantised row by row (see the module
    docstring). Built from a float linear with :meth:`from_linear`."""

    weight_t: torch.Tensor  # (in, out) int8, contiguous
    weight_scale: torch.Tensor  # (out,) fp32
    bias: torch.Tensor  # (out,) fp32, zeros where the linear had none

    def __init__(
        self, weight_t: torch.Tensor, weight_scale: torch.Tensor, bias: torch.Tensor | None
    ) -> None:
        super().__init__()
        self.in_features, self.out_features = weight_t.shape
        self.register_buffer("weight_t", weight_t)
        self.register_buffer("weight_scale", weight_scale)
        zeros = torch.zeros(self.out_features, dtype=torch.float32)
        self.register_buffer("bias", zeros if bias is None else bias)

    @classmethod
    def from_linear(cls, linear: torch.nn.Linear) -> RowInt8Linear:
        """``linear``'s weights quantised to int8, a scale per output channel."""
        w = linear.weight.detach().float()
        scale = w.abs().amax(dim=1).clamp(min=1e-12) / _INT8_MAX
        wq = torch.round(w / scale[:, None]).clamp(-_INT8_MAX, _INT8_MAX).to(torch.int8)
        bias = None if linear.bias is None else linear.bias.detach().float().clone()
        return cls(wq.t().contiguous(), scale, bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = x.reshape(-1, self.in_features)
        # (abs().amax() is some ten times faster here than vector_norm(ord=inf))
        top = rows.abs().amax(dim=1, keepdim=True).clamp_(min=1e-12)
        xq = (rows * (_INT8_MAX / top)).round_().to(torch.int8)
        acc = _int8_matmul(xq, self.weight_t).mul_(top / _INT8_MAX)
        out = torch.addcmul(self.bias, acc, self.weight_scale)
        return out.reshape(*x.shape[:-1], self.out_features)


def quantize_rows(model: torch.nn.Module) -> torch.nn.Module:
    """``model`` with every ``nn.Linear`` replaced, in place, by a :class:`RowInt8Linear`."""
    for module in list(model.modules()):
        for name, child in list(module.named_children()):
            if isinstance(child, torch.nn.Linear):
                setattr(module, name, RowInt8Linear.from_linear(child))
    return model
