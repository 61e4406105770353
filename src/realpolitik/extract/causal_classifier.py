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
    # Digits -> 0 over the whole text, not token by token: a digit and "0" are both
    # word characters, so the tokens are the same and only their digits change.
    return _TOKEN.findall(_DIGIT.sub("0", t))


def _ngrams(prefix: str, seq: Sequence[str], sizes: Iterable[int], out: list[str]) -> None:
    for n in sizes:
        head = prefix + str(n) + ":"
        out.extend([head + k for k in _ngram_keys(seq, n)])


def _ngram_keys(seq: Sequence[str], n: int) -> list[str]:
    """The ``n``-grams of ``seq``, each joined by spaces, in order."""
    if n == 1:
        return list(seq)
    return [" ".join(seq[i : i + n]) for i in range(len(seq) - n + 1)]


def _char_keys(s: str, n: int) -> list[str]:
    return [s[i : i + n] for i in range(len(s) - n + 1)]


_CHAR_SIZES = (3, 4, 5)  # the character n-gram sizes of text_features
_TEXT_FAMILIES = ("w1", "w2", "w3", "s1", "s2")  # its word and stem n-grams
# An n-gram of characters below _CHAR_LIMIT is coded as one integer, _CHAR_BITS bits a
# character, first character highest: exact (one code, one n-gram) for n <= 5.
_CHAR_BITS = 12
_CHAR_LIMIT = 1 << _CHAR_BITS  # texts with a code point at or above this use strings


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
            out.extend(["c:" + k for k in _char_keys(s, n)])
    return out


def doc_features(doc: Doc) -> list[str]:
    """Sparse feature names from a spaCy parse of one sentence (lemmas, tags, deps)."""
    from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, LIKE_NUM, POS, TAG
    from spacy.parts_of_speech import NAMES as POS_NAMES

    # Token attributes read in one call (``Doc.to_array``), not token by token.
    strings = doc.vocab.strings
    rows = doc.to_array([LEMMA, POS, DEP, TAG, HEAD, IS_SPACE, LIKE_NUM]).tolist()
    lemma_low = [strings[r[0]].lower() for r in rows]
    pos = [POS_NAMES[r[1]] for r in rows]
    keep = [i for i, r in enumerate(rows) if not r[5]]
    out: list[str] = []
    lemmas = ["0" if rows[i][6] else lemma_low[i] for i in keep]
    _ngrams("l", ["<s>", *lemmas, "</s>"], (1, 2, 3), out)
    _ngrams("p", ["<s>", *(strings[rows[i][3]] for i in keep), "</s>"], (2, 3), out)
    n_verbs = 0
    for i, lemma in zip(keep, lemmas, strict=True):
        row = rows[i]
        dep = strings[row[2]]
        head = i + _signed(row[4])  # HEAD is the offset to the head, as unsigned
        if pos[i] in ("VERB", "AUX"):
            n_verbs += 1
        out.append("d:" + dep)
        out.append("dh:" + dep + "|" + pos[head] + "|" + pos[i])
        if dep in _LEXICAL_DEPS:
            hl = lemma_low[head]
            out.append("dl:" + dep + "|" + lemma + "|" + hl)
            out.append("dc:" + dep + "|" + lemma)
            out.append("dhh:" + dep + "|" + hl)
        if dep in _CLAUSE_DEPS:
            kids = sorted(
                c.lemma_.lower() + "/" + c.dep_ for c in doc[i].children if c.dep_ in _MARKER_DEPS
            )
            out.append("cl:" + dep + "|" + strings[row[3]] + "|" + ",".join(kids))
    out.append("nv:" + str(min(n_verbs, 8)))
    out.append("len:" + str(min(len(keep) // 8, 8)))
    return out


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


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
        # The text features' part of the index split by feature family ("w1", ...),
        # keyed by the rest of the name: they are looked up without building "w1:..."
        # strings; character n-grams, the most numerous, as sorted integer codes (see
        # _CHAR_BITS) with their indices, matched with numpy.
        self.tables: dict[str, dict[str, int]] = {family: {} for family in _TEXT_FAMILIES}
        grams: dict[int, tuple[list[str], list[int]]] = {n: ([], []) for n in _CHAR_SIZES}
        tables = self.tables
        for f, i in self.index.items():
            if f[:1] not in "wsc":
                continue
            family, _, rest = f.partition(":")
            if family == "c":
                if len(rest) in grams:
                    grams[len(rest)][0].append(rest)
                    grams[len(rest)][1].append(i)
            elif family in tables:
                tables[family][rest] = i
        self.char_codes: dict[int, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = {}
        for n, (texts, ids) in grams.items():
            points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
            points = points.reshape(len(texts), n).astype(np.int64)
            code = np.zeros(len(texts), dtype=np.int64)
            for j in range(n):
                code |= points[:, j] << (_CHAR_BITS * (n - 1 - j))
            # n-grams with a character at or above the limit never match (see text_hits)
            usable = points.max(axis=1, initial=0) < _CHAR_LIMIT
            order = np.argsort(code[usable], kind="stable")
            self.char_codes[n] = (
                code[usable][order],
                np.asarray(ids, dtype=np.int64)[usable][order],
            )

    def score(self, feats: list[str]) -> float:
        get = self.index.get
        return self.score_hits([i for i in map(get, feats) if i is not None])

    def score_hits(self, hits: list[int]) -> float:
        """The score of the features whose indices are ``hits``, in feature order.

        The indices go into a set in that order and are summed in the set's order, as
        :meth:`score` always did: float32 sums depend on the order, and the
        probabilities must not move in their last bits.
        """
        hit = set(hits)
        n = len(hit)
        if n == 0:
            return self.bias
        return float(self.weights[list(hit)].sum()) / float(np.sqrt(n)) + self.bias

    def _look_up(self, family: str, keys: list[str], out: list[int]) -> None:
        get = self.tables[family].get if family in self.tables else self.index.get
        if family not in self.tables:  # (not a text family: look up whole names)
            keys = [family + ":" + k for k in keys]
        out.extend([i for i in map(get, keys) if i is not None])

    def text_hits(self, texts: Sequence[str]) -> list[list[int]]:
        """The indices of :func:`text_features` of each text, in that function's order."""
        token_lists = [normalise_tokens(text) for text in texts]
        spaced = [" " + " ".join(toks) + " " for toks in token_lists]
        chars = self._char_hits(spaced)
        out: list[list[int]] = []
        for k, toks in enumerate(token_lists):
            hits: list[int] = []
            words = ["<s>", *toks, "</s>"]
            for n in (1, 2, 3):
                self._look_up("w" + str(n), _ngram_keys(words, n), hits)
            stems = ["<s>", *(w[:5] for w in toks), "</s>"]
            for n in (1, 2):
                self._look_up("s" + str(n), _ngram_keys(stems, n), hits)
            for n in _CHAR_SIZES:
                found = chars[n][k]
                if found is None:  # a character beyond the codes: look the strings up
                    self._look_up("c", _char_keys(spaced[k], n), hits)
                else:
                    hits.extend(found)
            out.append(hits)
        return out

    def _char_hits(self, spaced: list[str]) -> dict[int, list[list[int] | None]]:
        """For each n-gram size, each text's character n-gram indices in text order (the
        same indices, in the same order, as a look-up of each "c:" feature), or None
        for a text with a character at or above ``_CHAR_LIMIT``.

        All texts at once: their code points end to end; the code of the n-gram at each
        position searched among the vocabulary's codes; the hits at positions inside
        one text (not across two) are that text's."""
        if not spaced:
            return {n: [] for n in _CHAR_SIZES}
        lengths = np.array([len(x) for x in spaced], dtype=np.int64)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
        points = np.frombuffer("".join(spaced).encode("utf-32-le"), dtype=np.uint32)
        wide = (np.maximum.reduceat(points, starts) >= _CHAR_LIMIT).tolist()
        codes = points.astype(np.int64)
        out: dict[int, list[list[int] | None]] = {}
        for n in _CHAR_SIZES:
            keys, values = self.char_codes[n]
            m = len(codes) - n + 1
            if m <= 0 or not len(keys):
                out[n] = [None if w else [] for w in wide]
                continue
            code = codes[:m] << (_CHAR_BITS * (n - 1))
            for j in range(1, n):
                code |= codes[j : j + m] << (_CHAR_BITS * (n - 1 - j))
            at = np.searchsorted(keys, code)
            at[at == len(keys)] = 0
            where = np.flatnonzero(keys[at] == code)
            found = values[at[where]].tolist()
            first = np.searchsorted(where, starts).tolist()
            last = np.searchsorted(where, starts + lengths - n + 1).tolist()
            out[n] = [None if w else found[a:b] for w, a, b in zip(wide, first, last, strict=True)]
        return out


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
        # (the same features as text_features(text) [+ doc_features(doc)], looked up
        # family by family: see _Linear.text_hits)
        if not len(texts):
            return out
        if docs is not None and self._doc is not None:
            model = self._doc
            get = model.index.get
            for i, (hits, doc) in enumerate(zip(model.text_hits(texts), docs, strict=True)):
                hits.extend([k for k in map(get, doc_features(doc)) if k is not None])
                out[i] = model.score_hits(hits)
        else:
            for i, hits in enumerate(self._text.text_hits(texts)):
                out[i] = self._text.score_hits(hits)
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
