"""Near-duplicate fingerprints of sentences (MinHash over content words).

A sentence restated elsewhere ("This chapter examines ..." / "This article
examines ...") shares most of its content words with the original, whatever
the function words, punctuation, dashes or small OCR errors. We compare the
sets of content words: MinHash with LSH bands finds candidates in the store
cheaply; :func:`similarity` then decides on the exact sets.

MinHash is computed here in a few lines of numpy (the affine scheme datasketch
uses) rather than with datasketch itself, whose import pulls in SciPy and cost
every command two to three seconds of start-up.
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

#: 20 bands of 4 rows: a pair at Jaccard 0.6 shares a band 93 % of the time, a pair at
#: 0.3 only 15 %, so few unrelated sentences are compared.
BANDS = 20
ROWS = 4
NUM_PERM = BANDS * ROWS
#: Fewer content words than this and a sentence is too short to call a duplicate.
MIN_WORDS = 4
#: Both bounds must hold: the overlap over the smaller set, and the Jaccard index.
MIN_CONTAINMENT = 0.75
MIN_JACCARD = 0.45

_WORD = re.compile(r"[^\W_]+(?:[.'’][^\W_]+)*", re.UNICODE)
_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    text = (
        resources.files("realpolitik.ingest")
        .joinpath("data/dedupe_stopwords.txt")
        .read_text("utf-8")
    )
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@dataclass(frozen=True)
class Fingerprint:
    """What the store keeps of a sentence to find its near-duplicates."""

    words: frozenset[str]
    bands: tuple[int, ...]


# Bounded so that memory stays flat as the corpus grows: each entry (a sentence and
# its word set) is ~1 KB, and a document's comparisons need a few thousand at most.
_CACHE_SIZE = 16384


@lru_cache(maxsize=_CACHE_SIZE)
def content_words(text: str) -> frozenset[str]:
    """Lowercased content words, possessives and dots stripped ("U.S." -> "us").

    Cached: a build compares each new sentence with stored ones, often the same.
    """
    stopwords = _stopwords()
    words = set()
    for match in _WORD.finditer(text.lower()):
        word = match.group(0).replace(".", "").replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if word and word not in stopwords:
            words.add(word)
    return frozenset(words)


def fingerprint(text: str) -> Fingerprint | None:
    """The fingerprint of a sentence, or ``None`` if it is too short to match."""
    words = content_words(text)
    if len(words) < MIN_WORDS:
        return None
    hashes = np.array([_hash_word(w.encode()) for w in words], dtype=np.uint64)
    a, b = _permutations()
    with np.errstate(over="ignore"):  # the affine scheme wraps around 64 bits on purpose
        # ((h * a + b) % prime) & max, in place: the arrays are small, the calls dominate
        permuted = hashes[:, None] * a
        permuted += b
        permuted %= _PRIME
        permuted &= _MAX_HASH
    return Fingerprint(words=words, bands=_band_keys(permuted.min(axis=0)))


@lru_cache(maxsize=_CACHE_SIZE)
def names(text: str) -> frozenset[str]:
    """Capitalised content words after the first word: the names a sentence is about."""
    found: set[str] = set()
    for index, match in enumerate(_WORD.finditer(text)):
        word = match.group(0)
        if index and word[0].isupper():
            found |= content_words(word)
    return frozenset(found)


def similarity(text_a: str, text_b: str) -> float:
    """A score in 0..1 if two sentences are near-duplicates, else 0.0.

    The score is the share of content words of the shorter sentence that the
    other has; the pair must also share a fair Jaccard index, so that a short
    sentence is not a duplicate of every long one that contains its words. A
    restatement keeps its figures and years ("in 2001" vs "in 2003" are two
    events) and names no one the other does not ("Japan warned Vietnam" is not
    "Japan warned China").
    """
    a, b = content_words(text_a), content_words(text_b)
    if len(a) < MIN_WORDS or len(b) < MIN_WORDS:
        return 0.0
    # the overlap first: most candidates a build compares fail it, and it needs only
    # the cached word sets (the figures and names below cost a pass over the words)
    shared = len(a & b)
    containment = shared / min(len(a), len(b))
    jaccard = shared / (len(a) + len(b) - shared)
    if containment < MIN_CONTAINMENT or jaccard < MIN_JACCARD:
        return 0.0
    numbers_a = {w for w in a if w[0].isdigit()}
    numbers_b = {w for w in b if w[0].isdigit()}
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return 0.0
    names_a, names_b = names(text_a), names(text_b)
    if not (names_a <= names_b or names_b <= names_a):
        return 0.0
    return round(containment, 4)


@lru_cache(maxsize=65536)
def _hash_word(data: bytes) -> int:
    # Stable across processes (Python's hash() is salted). Cached: words recur.
    return int(struct.unpack("<I", hashlib.blake2b(data, digest_size=4).digest())[0])


def _band_keys(values: np.ndarray) -> tuple[int, ...]:
    data = values.tobytes()
    step = ROWS * values.itemsize
    digests = []
    for band, hasher in enumerate(_band_hashers()):
        band_hasher = hasher.copy()  # cheaper than a new hasher with its person string
        band_hasher.update(data[band * step : (band + 1) * step])
        digests.append(band_hasher.digest())
    # SQLite integers are signed 64-bit.
    return _BAND_KEYS.unpack(b"".join(digests))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The fixed random affine maps (a, b) of the MinHash, drawn once from seed 1."""
    generator = np.random.RandomState(1)
    a = generator.randint(1, int(_PRIME), size=NUM_PERM, dtype=np.uint64)
    b = generator.randint(0, int(_PRIME), size=NUM_PERM, dtype=np.uint64)
    return a, b


_BAND_KEYS = struct.Struct(f"<{BANDS}q")


@lru_cache(maxsize=1)
def _band_hashers() -> tuple[hashlib.blake2b, ...]:
    """One empty 8-byte BLAKE2b per band, personalised ``band<i>``, to copy from."""
    return tuple(
        hashlib.blake2b(digest_size=8, person=f"band{band}".encode()) for band in range(BANDS)
    )
