"""Causal-sentence classifier: does a sentence state a cause and an effect?

A logistic regression over sparse, interpretable features, run with numpy only:

* text features (always): lower-cased word 1-3-grams, 5-character word-prefix ("stem")
  1-2-grams and character 3-5-grams, computed on a normalised tokenisation that maps
  pre-tokenised text ("do n't", "farmworkers ' strike", "“ x ”") and ordinary text
  ("don't", "farmworkers' strike", "“x”") to the same tokens;
* parse features (when a spaCy ``Doc`` is passed): lemma 1-3-grams, fine POS 2-3-grams,
  dependency labels with the lemmas of head and child, clause types with their markers.

Two weight vectors ship in ``data/causal_model.npz``: one for text only, one for text
plus parse; ``predict_proba`` uses the second when it is given the ``Doc`` of each
sentence (the pipeline parses every sentence anyway). ``scripts/train_causal.py``
reproduces the file from the Causal News Corpus V2 training split (CC0); see
``docs/causal_classifier.md``.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "MODEL_FILE",
    "CausalClassifier",
    "doc_features",
    "holdout_split",
    "normalise_tokens",
    "text_features",
]

MODEL_FILE = "causal_model.npz"
FEATURE_VERSION = 1

_TRANS = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "`": "'",
        "—": "-",
        "–": "-",
        "\u00a0": " ",
    }
)
_NT = re.compile(r"(\w)(n't)\b")
_CLITIC = re.compile(r"(\w)'(s|re|ve|ll|d|m)\b")
_TOKEN = re.compile(r"n't|'(?:s|re|ve|ll|d|m)\b|\w+(?:[.\-]\w+)*|[^\w\s]")
_DIGIT = re.compile(r"\d")

# Dependency labels whose (label, lemma, head lemma) triple is a feature.
_LEXICAL_DEPS = frozenset(
    {
        "mark",
        "prep",
        "agent",
        "advmod",
        "aux",
        "cc",
        "npadvmod",
        "pcomp",
        "acomp",
        "dobj",
        "nsubj",
        "nsubjpass",
        "xcomp",
        "ccomp",
        "advcl",
        "acl",
        "relcl",
        "conj",
        "pobj",
    }
)
# Clause-level labels, described with their tag and their markers.
_CLAUSE_DEPS = frozenset({"advcl", "xcomp", "acl", "relcl", "ccomp", "conj", "pcomp"})
_MARKER_DEPS = frozenset({"mark", "aux", "advmod"})


def normalise_tokens(text: str) -> list[str]:
    """Lower-cased tokens, the same for pre-tokenised and ordinary text; digits -> 0."""
    t = text.translate(_TRANS).lower()
    t = _NT.sub(r"\1 \2", t)
    t = _CLITIC.sub(r"\1 '\2", t)
    return [_DIGIT.sub("0", w) for w in _TOKEN.findall(t)]


def _ngrams(prefix: str, seq: Sequence[str], sizes: Iterable[int], out: list[str]) -> None:
    for n in sizes:
        for i in range(len(seq) - n + 1):
            out.append(prefix + str(n) + ":" + " ".join(seq[i : i + n]))


def text_features(text: str, char_ngrams: tuple[int, int] = (3, 5)) -> list[str]:
    """Sparse feature names of one sentence from its text alone."""
    toks = normalise_tokens(text)
    out: list[str] = []
    _ngrams("w", ["<s>", *toks, "</s>"], (1, 2, 3), out)
    _ngrams("s", ["<s>", *(w[:5] for w in toks), "</s>"], (1, 2), out)
    lo, hi = char_ngrams
    if hi:
        s = " " + " ".join(toks) + " "
        for n in range(lo, hi + 1):
            for i in range(len(s) - n + 1):
                out.append("c:" + s[i : i + n])
    return out


def doc_features(doc: Doc) -> list[str]:
    """Sparse feature names from a spaCy parse of one sentence (lemmas, tags, deps)."""
    toks = [t for t in doc if not t.is_space]
    out: list[str] = []
    lemmas = ["0" if t.like_num else t.lemma_.lower() for t in toks]
    _ngrams("l", ["<s>", *lemmas, "</s>"], (1, 2, 3), out)
    _ngrams("p", ["<s>", *(t.tag_ for t in toks), "</s>"], (2, 3), out)
    n_verbs = 0
    for t, lemma in zip(toks, lemmas, strict=True):
        dep = t.dep_
        head = t.head
        if t.pos_ in ("VERB", "AUX"):
            n_verbs += 1
        out.append("d:" + dep)
        out.append("dh:" + dep + "|" + head.pos_ + "|" + t.pos_)
        if dep in _LEXICAL_DEPS:
            hl = head.lemma_.lower()
            out.append("dl:" + dep + "|" + lemma + "|" + hl)
            out.append("dc:" + dep + "|" + lemma)
            out.append("dhh:" + dep + "|" + hl)
        if dep in _CLAUSE_DEPS:
            kids = sorted(
                c.lemma_.lower() + "/" + c.dep_ for c in t.children if c.dep_ in _MARKER_DEPS
            )
            out.append("cl:" + dep + "|" + t.tag_ + "|" + ",".join(kids))
    out.append("nv:" + str(min(n_verbs, 8)))
    out.append("len:" + str(min(len(toks) // 8, 8)))
    return out


def holdout_split(
    ids: Sequence[str], labels: Sequence[int], seed: int = 2022, fraction: float = 0.2
) -> npt.NDArray[np.bool_]:
    """The fixed, seeded, stratified held-out part: a boolean mask over ``ids``.

    For each label, the ids of that label are sorted, permuted with
    ``numpy.random.default_rng(seed)`` (label 0 first, then label 1, one generator)
    and the first ``round(fraction * n)`` are held out.
    """
    ids_a = np.asarray(ids)
    y = np.asarray(labels)
    rng = np.random.default_rng(seed)
    order = np.argsort(ids_a, kind="stable")
    mask = np.zeros(len(ids_a), dtype=bool)
    for c in (0, 1):
        idx = order[y[order] == c]
        idx = idx[rng.permutation(len(idx))]
        mask[idx[: round(fraction * len(idx))]] = True
    return mask


class _Linear:
    """One logistic regression over L2-normalised binary features."""

    def __init__(self, vocab: Sequence[str], weights: npt.NDArray[np.float32], bias: float) -> None:
        self.index: dict[str, int] = {f: i for i, f in enumerate(vocab)}
        self.weights = weights
        self.bias = bias

    def score(self, feats: list[str]) -> float:
        index = self.index
        hit = {index[f] for f in feats if f in index}
        n = len(hit)
        if n == 0:
            return self.bias
        return float(self.weights[list(hit)].sum()) / float(np.sqrt(n)) + self.bias


class CausalClassifier:
    """Does a sentence state a cause and an effect? Weights ship in the package."""

    def __init__(
        self,
        text_model: _Linear,
        doc_model: _Linear | None,
        threshold: float,
        doc_threshold: float,
        meta: dict[str, Any],
    ) -> None:
        self._text = text_model
        self._doc = doc_model
        self.threshold = threshold
        self.doc_threshold = doc_threshold
        self.meta = meta

    @classmethod
    def load(cls) -> CausalClassifier:
        """The shipped model (read once, then cached)."""
        return _load_shipped()

    @classmethod
    def from_bytes(cls, data: bytes) -> CausalClassifier:
        """A model from the bytes of a ``causal_model.npz`` file."""
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            meta: dict[str, Any] = json.loads(str(z["meta"]))
            if meta.get("feature_version") != FEATURE_VERSION:
                raise ValueError(
                    f"causal model has feature version {meta.get('feature_version')}, "
                    f"this code reads {FEATURE_VERSION}: retrain with scripts/train_causal.py"
                )
            text_model = _Linear(
                z["text_vocab"].tolist(),
                z["text_weights"].astype(np.float32),
                float(meta["text_bias"]),
            )
            doc_model = None
            if "doc_vocab" in z.files:
                doc_model = _Linear(
                    z["doc_vocab"].tolist(),
                    z["doc_weights"].astype(np.float32),
                    float(meta["doc_bias"]),
                )
        return cls(
            text_model,
            doc_model,
            float(meta["text_threshold"]),
            float(meta.get("doc_threshold", meta["text_threshold"])),
            meta,
        )

    def _scores(self, texts: Sequence[str], docs: Sequence[Doc] | None) -> npt.NDArray[np.float64]:
        if docs is not None and len(docs) != len(texts):
            raise ValueError("docs must be as many as texts")
        out = np.empty(len(texts), dtype=np.float64)
        if docs is not None and self._doc is not None:
            for i, (text, doc) in enumerate(zip(texts, docs, strict=True)):
                out[i] = self._doc.score(text_features(text) + doc_features(doc))
        else:
            for i, text in enumerate(texts):
                out[i] = self._text.score(text_features(text))
        return out

    def predict_proba(
        self, texts: Sequence[str], docs: Sequence[Doc] | None = None
    ) -> npt.NDArray[np.float64]:
        """P(causal) for each sentence; pass each sentence's spaCy ``Doc`` to use the parse."""
        if isinstance(texts, str):
            raise TypeError("texts must be a sequence of sentences, not one string")
        return 1.0 / (1.0 + np.exp(-self._scores(texts, docs)))

    def predict(
        self,
        texts: Sequence[str],
        threshold: float | None = None,
        docs: Sequence[Doc] | None = None,
    ) -> list[bool]:
        """Causal or not, at ``threshold`` (default: the one chosen in training)."""
        if threshold is None:
            threshold = self.doc_threshold if docs is not None and self._doc else self.threshold
        return [bool(p >= threshold) for p in self.predict_proba(texts, docs)]


@lru_cache(maxsize=1)
def _load_shipped() -> CausalClassifier:
    data = resources.files("realpolitik.extract").joinpath("data", MODEL_FILE).read_bytes()
    return CausalClassifier.from_bytes(data)
