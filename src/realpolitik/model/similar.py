"""Variables that say the same thing in other words, merged by offline embeddings.

Actors, issue keywords and direction canonicalise most spans (``model.variables``):
"Japan–Russia security ties" and "closer defence relations between Tokyo and Moscow"
meet at ``JPN-RUS:relations+security``. A span with no issue keyword keeps its content
words instead ("patrols will keep meeting" → ``:~patrol+~keep+~meet``), and another
wording of it ("patrols will continue to meet") becomes another variable. Here such
word-only variables meet when their wordings mean the same:

* two word-only variables of the same actors merge when the cosine of their
  embeddings is at least :data:`SIMILAR_COSINE`; a variable's embedding is the mean of
  its first :data:`SPANS_EMBEDDED` spans' (all-MiniLM-L6-v2, ``realpolitik.embeddings``);
* variables are taken in order of degree (then id); each joins the closest variable
  that already stands for a group, if that one is close enough, else it stands for a
  group of its own. Every merge is therefore with the variable that stands for the
  group, never through a chain of near neighbours;
* two variables that share a span never merge: they are the parts of one phrase the
  assembly split on purpose ("hard power as well as soft power");
* a variable with a span that only names a time ("23 March 2024") is left alone;
* spans and edges move as in every merge (``generalise.merge_pairs``), and the
  variable kept notes each merge with its cosine.

The vectors are kept in the model (``phrase_vectors``), so a map is embedded once and
later assemblies read them back. Without the ``embeddings`` extra nothing is merged
here; the map's fingerprint records which embedder assembled it.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from realpolitik.embeddings import Embedder
from realpolitik.model.generalise import merge_pairs
from realpolitik.model.map_types import CausalMap, variable_degrees
from realpolitik.store.db import transaction

#: The cosine at or above which two word-only variables of the same actors are one.
#: Rewordings of one clause ("cannot agree" / "do not agree on where the line runs")
#: score 0.93–0.97 with MiniLM; different clauses of one topic stay below 0.7.
SIMILAR_COSINE = 0.85
#: How many of a variable's spans its embedding averages.
SPANS_EMBEDDED = 3

Matrix = npt.NDArray[np.float32]


def embedder_name() -> str:
    """The embedder a map would be merged with, without loading it ("off" if none)."""
    from realpolitik.embeddings import chosen_embedder

    return chosen_embedder() or "off"


class MapEmbedder:
    """The embedder named by :func:`embedder_name`, loaded at its first ``encode``: a map
    whose phrases are all kept in the model never imports torch."""

    def __init__(self, name: str) -> None:
        self.name = name

    def encode(self, texts: list[str]) -> Matrix:
        from realpolitik.embeddings import load_embedder

        embedder = load_embedder(self.name)
        assert embedder is not None  # (``name`` came from embedder_name: it is installed)
        return embedder.encode(texts)


def map_embedder() -> MapEmbedder | None:
    """The embedder of the causal map's merges, or ``None`` without the extra."""
    name = embedder_name()
    return None if name == "off" else MapEmbedder(name)


def phrase_vectors(
    conn: sqlite3.Connection | None, texts: Sequence[str], embedder: Embedder
) -> Matrix:
    """Unit vectors of ``texts`` (one row each): read from the model's ``phrase_vectors``
    where kept, the rest embedded and kept (when the model can be written)."""
    wanted = list(dict.fromkeys(texts))
    found: dict[str, Matrix] = {}
    if conn is not None:
        found = _read_vectors(conn, embedder.name, wanted)
    missing = [t for t in wanted if t not in found]
    if missing:
        made = embedder.encode(missing)
        for text, row in zip(missing, made, strict=True):
            found[text] = row
        if conn is not None:
            _keep_vectors(conn, embedder.name, missing, made)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([found[text] for text in texts]).astype(np.float32, copy=False)


def _read_vectors(conn: sqlite3.Connection, model: str, texts: list[str]) -> dict[str, Matrix]:
    found: dict[str, Matrix] = {}
    try:
        for at in range(0, len(texts), 500):
            chunk = texts[at : at + 500]
            marks = ",".join("?" * len(chunk))
            for text, blob in conn.execute(
                f"SELECT text, vector FROM phrase_vectors WHERE model = ? AND text IN ({marks})",
                (model, *chunk),
            ):
                found[text] = np.frombuffer(blob, dtype=np.float32)
    except sqlite3.OperationalError:  # a model older than the table, opened read-only
        return {}
    return found


def _keep_vectors(conn: sqlite3.Connection, model: str, texts: list[str], rows: Matrix) -> None:
    sql = "INSERT OR REPLACE INTO phrase_vectors (model, text, vector) VALUES (?, ?, ?)"
    params = [(model, t, r.astype(np.float32).tobytes()) for t, r in zip(texts, rows, strict=True)]
    try:
        if conn.in_transaction:
            conn.executemany(sql, params)
        else:
            with transaction(conn):  # one commit, not one a phrase
                conn.executemany(sql, params)
    except sqlite3.OperationalError:  # read-only, or busy: the next assembly embeds again
        pass


_DATE_WORDS = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th|s)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|"
    r"june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|in|on|since|by|until|of|"
    r"the|early|late|mid|year|years|month|months|week|weeks|day|days)\b|[^\w]+",
    re.IGNORECASE,
)


def is_date_like(text: str) -> bool:
    """The span only names a time ("23 March 2024", "since the 1990s"): embeddings tell
    one date from another poorly, and two dates are never one variable."""
    if text.count(" ") > 5:  # (a time is said in a few words: spare the longer spans)
        return False
    return not _DATE_WORDS.sub("", text).strip()


def plan_similar_merges(
    variables: Sequence[tuple[str, tuple[str, ...], Sequence[str]]],
    vectors: Matrix,
    degree: dict[str, int],
    threshold: float = SIMILAR_COSINE,
) -> list[tuple[str, str, float]]:
    """(variable, the one it merges into, cosine) for ``variables`` given as (id, actors,
    spans) with one unit vector each (``vectors``), by the rules of the module docstring."""
    groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for n, (_, actors, _) in enumerate(variables):
        groups[actors].append(n)
    plan: list[tuple[str, str, float]] = []
    for members in groups.values():
        members.sort(key=lambda n: (-degree.get(variables[n][0], 0), variables[n][0]))
        leaders: list[int] = []
        for n in members:
            into = _closest_leader(n, leaders, variables, vectors, threshold)
            if into is None:
                leaders.append(n)
            else:
                plan.append((variables[n][0], variables[into[0]][0], into[1]))
    return plan


def _closest_leader(
    n: int,
    leaders: list[int],
    variables: Sequence[tuple[str, tuple[str, ...], Sequence[str]]],
    vectors: Matrix,
    threshold: float,
) -> tuple[int, float] | None:
    """The leader closest to variable ``n`` at or above ``threshold`` that shares no span
    with it, and the cosine; ``None`` if there is none."""
    if not leaders:
        return None
    cosines = vectors[leaders] @ vectors[n]
    spans = set(variables[n][2])
    for k in np.argsort(-cosines, kind="stable"):
        cosine = float(cosines[k])
        if cosine < threshold:
            return None
        leader = leaders[int(k)]
        if spans.isdisjoint(variables[leader][2]):
            return leader, cosine
    return None


def merge_similar_variables(
    cmap: CausalMap, conn: sqlite3.Connection | None, embedder: Embedder | None
) -> int:
    """Merge the word-only variables of ``cmap`` that say the same in other words (the
    module docstring); returns how many were merged. Nothing without an embedder."""
    if embedder is None:
        return 0
    candidates = [
        (v.id, v.actors, v.spans[:SPANS_EMBEDDED])
        for v in cmap.variables.values()
        if not v.issues
        and v.words
        and v.spans
        and "|" not in v.id
        and not any(is_date_like(s) for s in v.spans)
    ]
    by_actors: dict[tuple[str, ...], int] = defaultdict(int)
    for _, actors, _ in candidates:
        by_actors[actors] += 1
    candidates = [c for c in candidates if by_actors[c[1]] > 1]  # alone: nothing to meet
    if not candidates:
        return 0
    texts = list(dict.fromkeys(s for _, _, spans in candidates for s in spans))
    vectors = phrase_vectors(conn, texts, embedder)
    plan = plan_similar_merges(
        candidates,
        mean_vectors([spans for _, _, spans in candidates], texts, vectors),
        variable_degrees(cmap),
    )
    merge_pairs(
        cmap,
        [(vid, into) for vid, into, _ in plan],
        {vid: f"the same in other words (embedding cosine {cos:.2f})" for vid, _, cos in plan},
    )
    return len(plan)


def mean_vectors(span_lists: Sequence[Sequence[str]], texts: list[str], vectors: Matrix) -> Matrix:
    """One unit vector per list of spans: the normalised mean of theirs (``vectors``
    holds a row for each of ``texts``)."""
    if not span_lists:
        return np.zeros((0, vectors.shape[1]), dtype=np.float32)
    row = {text: n for n, text in enumerate(texts)}
    flat = [row[s] for spans in span_lists for s in spans]
    starts = np.cumsum([0, *(len(spans) for spans in span_lists[:-1])])
    sums = np.add.reduceat(vectors[flat], starts, axis=0)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return (sums / np.where(norms > 0, norms, 1.0)).astype(np.float32)
