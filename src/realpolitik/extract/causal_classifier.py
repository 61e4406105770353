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
from itertools import chain, repeat
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
_TRANS_CHARS = tuple(chr(code) for code in _TRANS)
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
    # Each step only where it can change something (most sentences have no curly quote,
    # dash, "n't" or apostrophe; the scans for them are much cheaper than the steps).
    if any(ch in text for ch in _TRANS_CHARS):
        text = text.translate(_TRANS)
    t = text.lower()
    if "n't" in t:
        t = _NT.sub(r"\1 \2", t)
    if "'" in t:
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


# The token-sequence families of the features: (family, sizes). Word and stem n-grams
# come from the text; lemma and fine-tag n-grams from the parse.
_TEXT_SEQUENCES = (("w", (1, 2, 3)), ("s", (1, 2)))
_DOC_SEQUENCES = (("l", (1, 2, 3)), ("p", (2, 3)))
_CHAR_SIZES = (3, 4, 5)  # the character n-gram sizes of text_features
# An n-gram of characters below _CHAR_LIMIT is coded as one integer, _CHAR_BITS bits a
# character, first character highest: exact (one code, one n-gram) for n <= 5.
_CHAR_BITS = 12
_CHAR_LIMIT = 1 << _CHAR_BITS  # texts with a code point at or above this use strings


def _text_sequences(toks: list[str]) -> tuple[list[str], list[str]]:
    """The word and stem sequences of normalised tokens, with sentence bounds."""
    return ["<s>", *toks, "</s>"], ["<s>", *(w[:5] for w in toks), "</s>"]


def text_features(text: str, char_ngrams: tuple[int, int] = (3, 5)) -> list[str]:
    """Sparse feature names of one sentence from its text alone."""
    toks = normalise_tokens(text)
    out: list[str] = []
    for (family, sizes), seq in zip(_TEXT_SEQUENCES, _text_sequences(toks), strict=True):
        _ngrams(family, seq, sizes, out)
    lo, hi = char_ngrams
    if hi:
        s = " " + " ".join(toks) + " "
        for n in range(lo, hi + 1):
            out.extend(["c:" + k for k in _char_keys(s, n)])
    return out


def doc_features(doc: Doc) -> list[str]:
    """Sparse feature names from a spaCy parse of one sentence (lemmas, tags, deps)."""
    sequences, dependencies = _parse_features(doc)
    out: list[str] = []
    for (family, sizes), seq in zip(_DOC_SEQUENCES, sequences, strict=True):
        _ngrams(family, seq, sizes, out)
    return out + dependencies


def _parse_features(doc: Doc) -> tuple[tuple[list[str], list[str]], list[str]]:
    """A parse's lemma and fine-tag sequences (with sentence bounds), and its other
    features: dependency labels, lexical dependencies, clause types, counts."""
    from realpolitik.token_view import token_view

    # Token attributes from the Doc's shared view (read once), not token by token.
    view = token_view(doc)
    lemma_low, pos, deps, tags = view.lemma, view.pos, view.dep, view.tag
    heads, number = view.head, view.like_num
    keep = [i for i, s in enumerate(view.is_space) if not s]
    lemmas = ["0" if number[i] else lemma_low[i] for i in keep]
    sequences = (["<s>", *lemmas, "</s>"], ["<s>", *(tags[i] for i in keep), "</s>"])
    out: list[str] = []
    n_verbs = 0
    for i, lemma in zip(keep, lemmas, strict=True):
        dep = deps[i]
        head = heads[i]
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
                lemma_low[c] + "/" + deps[c]
                for c in (k.i for k in doc[i].children)
                if deps[c] in _MARKER_DEPS
            )
            out.append("cl:" + dep + "|" + tags[i] + "|" + ",".join(kids))
    out.append("nv:" + str(min(n_verbs, 8)))
    out.append("len:" + str(min(len(keep) // 8, 8)))
    return sequences, out


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


IntArray = npt.NDArray[np.int64]
#: Feature hits of a batch of sentences: (sentence row, feature index) pairs.
Hits = tuple[IntArray, IntArray]


def _no_hits() -> Hits:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)


def _concat(parts: list[Hits]) -> Hits:
    if not parts:
        return _no_hits()
    return np.concatenate([r for r, _ in parts]), np.concatenate([f for _, f in parts])


class _NgramTable:
    """The n-gram features of one token-sequence family ("w", "s", "l" or "p") as
    integer codes, so that a batch's n-grams are found with numpy, not joined strings.

    Each token of the family's n-grams gets an id; an n-gram's code is its ids written
    in base ``radix``. A sentence's n-grams with a token outside the table cannot be
    features, and are skipped.
    """

    def __init__(self, grams: dict[int, dict[str, int]]) -> None:
        ids: dict[str, int] = {}
        for n in sorted(grams):
            for key in grams[n]:
                for tok in key.split(" "):
                    ids.setdefault(tok, len(ids))
        self.ids = ids
        self.radix = max(len(ids), 1)
        if self.radix ** max(grams, default=1) >= 1 << 62:
            raise ValueError("too many distinct tokens for n-gram codes")
        self.tables: dict[int, tuple[IntArray, IntArray]] = {}
        for n, entries in grams.items():
            codes = np.array([self._code(key) for key in entries], dtype=np.int64)
            order = np.argsort(codes, kind="stable")
            self.tables[n] = (codes[order], np.fromiter(entries.values(), np.int64)[order])

    def _code(self, key: str) -> int:
        code = 0
        for tok in key.split(" "):
            code = code * self.radix + self.ids[tok]
        return code

    def hits(self, seqs: Sequence[Sequence[str]]) -> Hits:
        """The (row, feature) pairs of the n-grams of each sequence (row = its position)."""
        lengths = np.fromiter(map(len, seqs), dtype=np.int64, count=len(seqs))
        ids = _ids(self.ids, seqs)
        if not len(ids):
            return _no_hits()
        rows = np.repeat(np.arange(len(seqs), dtype=np.int64), lengths)
        ends = np.repeat(np.cumsum(lengths), lengths)  # where each position's sequence ends
        positions = np.arange(len(ids), dtype=np.int64)
        parts: list[Hits] = []
        for n, (keys, values) in self.tables.items():
            m = len(ids) - n + 1
            if m <= 0 or not len(keys):
                continue
            usable = positions[:m] + n <= ends[:m]  # the n-gram stays inside its sequence
            code = np.zeros(m, dtype=np.int64)
            for j in range(n):
                part = ids[j : j + m]
                usable &= part >= 0
                code = code * self.radix + part
            where = np.flatnonzero(usable)
            parts.append(_lookup(keys, values, code[where], rows[where]))
        return _concat(parts)


def _ids(table: dict[str, int], seqs: Sequence[Sequence[str]]) -> IntArray:
    """The ids of the items of ``seqs`` end to end, -1 for an item not in ``table``."""
    flat = list(chain.from_iterable(seqs))
    return np.fromiter(map(table.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))


def _lookup(keys: IntArray, values: IntArray, codes: IntArray, rows: IntArray) -> Hits:
    """The (row, feature) pairs of the ``codes`` found among the sorted ``keys``."""
    if not len(codes):
        return _no_hits()
    at = np.searchsorted(keys, codes)
    at[at == len(keys)] = 0
    found = keys[at] == codes
    return rows[found], values[at[found]]


class _Linear:
    """One logistic regression over L2-normalised binary features."""

    def __init__(self, vocab: Sequence[str], weights: npt.NDArray[np.float32], bias: float) -> None:
        self.index: dict[str, int] = {f: i for i, f in enumerate(vocab)}
        self.weights = weights.astype(np.float64)
        self.bias = bias
        # Sequence n-grams ("w2:a b") and character n-grams ("c:abc"), the most
        # numerous features, are matched as integer codes (see _NgramTable and
        # _CHAR_BITS); the rest by name.
        grams: dict[str, dict[int, dict[str, int]]] = {}
        chars: dict[int, tuple[list[str], list[int]]] = {n: ([], []) for n in _CHAR_SIZES}
        for f, i in self.index.items():
            family, _, rest = f.partition(":")
            if family == "c":
                if len(rest) in chars:
                    chars[len(rest)][0].append(rest)
                    chars[len(rest)][1].append(i)
            elif len(family) == 2 and family[0] in "wslp" and family[1] in "123":
                grams.setdefault(family[0], {}).setdefault(int(family[1]), {})[rest] = i
        self.sequences = {family: _NgramTable(g) for family, g in grams.items()}
        self.char_codes: dict[int, tuple[IntArray, IntArray]] = {}
        for n, (texts, ids) in chars.items():
            points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
            points = points.reshape(len(texts), n).astype(np.int64)
            code = np.zeros(len(texts), dtype=np.int64)
            for j in range(n):
                code |= points[:, j] << (_CHAR_BITS * (n - 1 - j))
            # n-grams with a character at or above the limit never match (see _char_hits)
            usable = points.max(axis=1, initial=0) < _CHAR_LIMIT
            order = np.argsort(code[usable], kind="stable")
            self.char_codes[n] = (
                code[usable][order],
                np.asarray(ids, dtype=np.int64)[usable][order],
            )

    def scores(self, hits: Hits, n_rows: int) -> npt.NDArray[np.float64]:
        """Each row's score: the weights of its distinct features, summed, over the
        square root of their number (the L2-normalised binary vector), plus the bias."""
        rows, feats = hits
        pairs = np.sort(rows * len(self.weights) + feats)
        # distinct pairs (np.unique hashes, and is slower on these short arrays)
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
        rows, feats = np.divmod(pairs, len(self.weights))
        total = np.bincount(rows, weights=self.weights[feats], minlength=n_rows)
        count = np.bincount(rows, minlength=n_rows)
        return np.where(count > 0, total / np.sqrt(np.maximum(count, 1)), 0.0) + self.bias

    def named_hits(self, features: Sequence[Sequence[str]]) -> Hits:
        """The (row, feature) pairs of features given by name, one list a row."""
        feats = _ids(self.index, features)
        lengths = np.fromiter(map(len, features), dtype=np.int64, count=len(features))
        rows = np.repeat(np.arange(len(features), dtype=np.int64), lengths)
        found = feats >= 0
        return rows[found], feats[found]

    def sequence_hits(
        self, families: Iterable[str], seqs: Sequence[Sequence[Sequence[str]]]
    ) -> Hits:
        """The n-gram hits of each family's sequences (``seqs[k]`` for the k-th family)."""
        parts = [
            self.sequences[family].hits(family_seqs)
            for family, family_seqs in zip(families, seqs, strict=True)
            if family in self.sequences
        ]
        return _concat(parts)

    def text_hits(self, texts: Sequence[str]) -> Hits:
        """The hits of :func:`text_features` of each text."""
        token_lists = [normalise_tokens(text) for text in texts]
        sequences = [_text_sequences(toks) for toks in token_lists]
        families = [family for family, _ in _TEXT_SEQUENCES]
        words = self.sequence_hits(families, list(zip(*sequences, strict=True)))
        spaced = [" " + " ".join(toks) + " " for toks in token_lists]
        return _concat([words, self._char_hits(spaced)])

    def _char_hits(self, spaced: list[str]) -> Hits:
        """Each text's character n-gram hits: all texts at once, their code points end
        to end, the code of the n-gram at each position searched among the vocabulary's
        codes, keeping the positions inside one text (not across two). A text with a
        character at or above ``_CHAR_LIMIT`` is looked up by name."""
        if not spaced:
            return _no_hits()
        lengths = np.array([len(x) for x in spaced], dtype=np.int64)
        ends = np.cumsum(lengths)
        points = np.frombuffer("".join(spaced).encode("utf-32-le"), dtype=np.uint32)
        wide = np.maximum.reduceat(points, ends - lengths) >= _CHAR_LIMIT
        codes = points.astype(np.int64)
        rows = np.repeat(np.arange(len(spaced), dtype=np.int64), lengths)
        positions = np.arange(len(codes), dtype=np.int64)
        parts: list[Hits] = []
        for n in _CHAR_SIZES:
            keys, values = self.char_codes[n]
            m = len(codes) - n + 1
            if m <= 0 or not len(keys):
                continue
            code = codes[:m] << (_CHAR_BITS * (n - 1))
            for j in range(1, n):
                code |= codes[j : j + m] << (_CHAR_BITS * (n - 1 - j))
            inside = positions[:m] + n <= ends[rows[:m]]
            where = np.flatnonzero(inside & ~wide[rows[:m]])
            parts.append(_lookup(keys, values, code[where], rows[where]))
        for row in np.flatnonzero(wide).tolist():
            names = [["c:" + k for n in _CHAR_SIZES for k in _char_keys(spaced[row], n)]]
            found_rows, found = self.named_hits(names)
            parts.append((found_rows + row, found))
        return _concat(parts)


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
        """The regression's scores (log-odds) of all ``texts``, features found for the
        whole batch at once (the same features as :func:`text_features` and, with
        ``docs``, :func:`doc_features`)."""
        if docs is not None and len(docs) != len(texts):
            raise ValueError("docs must be as many as texts")
        if not len(texts):
            return np.empty(0, dtype=np.float64)
        if docs is None or self._doc is None:
            return self._text.scores(self._text.text_hits(texts), len(texts))
        model = self._doc
        parsed = [_parse_features(doc) for doc in docs]
        families = [family for family, _ in _DOC_SEQUENCES]
        sequences = list(zip(*(seqs for seqs, _ in parsed), strict=True))
        hits = _concat(
            [
                model.text_hits(texts),
                model.sequence_hits(families, sequences),
                model.named_hits([named for _, named in parsed]),
            ]
        )
        return model.scores(hits, len(texts))

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
