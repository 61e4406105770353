"""The assembled causal map kept in the model, so that it is assembled once per model state.

Assembling the map reads every claim, perspective and relation and canonicalises each
span (about 1.3 s on a 1,000-document model, ten times that at 10,000). Every consumer
(``realpolitik map`` and ``scenario``, each page of the workbench, the static report)
needs the same map, so the first one to assemble it stores it in the ``map_cache``
table and the others read it back (about 0.25 s at 1,000 documents).

A stored map is the map as assembled, before any analyst overlay (an overlay is
applied on top each time, as it may change between runs). It is valid as long as:

* **the model is unchanged** — triggers on every table the assembly reads
  (documents, sentences, mentions, claims, perspectives, relations) empty
  ``map_cache`` in the same transaction as any insert, update or delete, so a build,
  a re-run or an added document can never leave a stale map behind;
* **the assembly is unchanged** — each stored map carries a fingerprint of the
  package version and of the code and data files assembly depends on (the map and
  variable modules, the variable lexicon, the causal patterns, the actor registry);
  a map stored by another version is assembled again.

The format is JSON (zlib-compressed), never pickle: a model file is something analysts
pass around, and reading one must not run code.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from dataclasses import fields
from functools import lru_cache
from importlib import resources
from operator import attrgetter
from typing import Any

from realpolitik.model.map_types import CausalMap, Edge, Evidence, Variable

#: Bumped when the stored layout below changes.
FORMAT = 1

_EVIDENCE_FIELDS = tuple(f.name for f in fields(Evidence))
#: An evidence's field values, in field order (one C call for the dozen ``getattr``).
_evidence_values = attrgetter(*_EVIDENCE_FIELDS)
#: Where the spans are among them (a JSON list each, a tuple in an :class:`Evidence`).
_SPANS = tuple(_EVIDENCE_FIELDS.index(name) for name in ("cause_span", "effect_span"))
#: The JSON encoder of ``save_map``: compact, and without the check for circular
#: references (a map is a tree of lists and strings, and the check costs a tenth).
_ENCODER = json.JSONEncoder(separators=(",", ":"), check_circular=False)
#: (package, folder or file) whose bytes the fingerprint covers.
_INPUTS: tuple[tuple[str, str], ...] = (
    ("realpolitik.model", "causal_map.py"),
    ("realpolitik.model", "variables.py"),
    ("realpolitik.model", "discourse.py"),
    ("realpolitik.model", "map_store.py"),
    ("realpolitik.model", "similar.py"),
    ("realpolitik.model", "data"),
    ("realpolitik.extract", "causal_patterns.py"),
    ("realpolitik.extract", "data/causal_patterns.yaml"),
    ("realpolitik.actors", "registry.py"),
    ("realpolitik.actors", "data"),
)


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A digest of the package version and of every file the map assembly depends on."""
    from realpolitik import __version__
    from realpolitik.model.similar import embedder_name

    # the embedder too: a map merged with one is not the map assembled without it
    digest = hashlib.sha256(f"{__version__}:{FORMAT}:{embedder_name()}".encode())
    for package, name in _INPUTS:
        node = resources.files(package).joinpath(name)
        files = sorted(node.iterdir(), key=lambda n: n.name) if node.is_dir() else [node]
        for item in files:
            if item.is_file():
                digest.update(item.name.encode())
                digest.update(item.read_bytes())
    return digest.hexdigest()[:24]


def _key(holder: str | None) -> str:
    return holder.upper() if holder else ""


def is_kept(conn: sqlite3.Connection, holder: str | None) -> bool:
    """Whether the map of ``holder`` (``None``: the whole) is kept for this model state
    and this version of the assembly (without reading it)."""
    row = conn.execute(
        "SELECT 1 FROM map_cache WHERE holder = ? AND fingerprint = ?",
        (_key(holder), fingerprint()),
    ).fetchone()
    return row is not None


def load_map(conn: sqlite3.Connection, holder: str | None) -> CausalMap | None:
    """The stored map of ``holder`` (``None`` for the whole), or ``None`` if there is
    none for this model state and this version of the assembly."""
    row = conn.execute(
        "SELECT data FROM map_cache WHERE holder = ? AND fingerprint = ?",
        (_key(holder), fingerprint()),
    ).fetchone()
    if row is None:
        return None
    return from_compact(json.loads(zlib.decompress(row[0])))


def save_map(conn: sqlite3.Connection, cmap: CausalMap, *, wait: float = 0.1) -> bool:
    """Store ``cmap`` (as assembled, no overlay); ``False`` if the model is busy.

    A build holds the write lock for a document at a time; rather than queue behind
    it (and be emptied by its triggers anyway), give up after ``wait`` seconds.
    """
    blob = zlib.compress(_ENCODER.encode(to_compact(cmap)).encode(), 1)
    previous = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
    try:
        conn.execute(
            "INSERT OR REPLACE INTO map_cache (holder, fingerprint, data) VALUES (?, ?, ?)",
            (_key(cmap.holder), fingerprint(), blob),
        )
    except sqlite3.OperationalError:  # locked by a writer, or a read-only file
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(previous)}")
    return True


def to_compact(cmap: CausalMap) -> dict[str, Any]:
    """``cmap`` as JSON-ready lists and tuples (field order as in the dataclasses)."""
    return {
        "format": FORMAT,
        "holder": cmap.holder,
        "variables": [
            [v.id, v.label, v.kind, v.actors, v.issues, v.words, v.spans, v.notes, v.about]
            for v in cmap.variables.values()
        ],
        "edges": [
            [
                e.id,
                e.source,
                e.target,
                e.sign,
                e.contradicted,
                e.weight_override,
                e.notes,
                [_evidence_values(ev) for ev in e.evidence],
            ]
            for e in cmap.edges.values()
        ],
        "removed": cmap.removed,
    }


def from_compact(data: dict[str, Any]) -> CausalMap:
    """The map ``to_compact`` gave ``data`` for (equal to it, field for field)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"stored causal map format {data.get('format')!r}, expected {FORMAT}")
    cmap = CausalMap(holder=data["holder"], removed=data["removed"])
    for vid, label, kind, actors, issues, words, spans, notes, about in data["variables"]:
        cmap.variables[vid] = Variable(
            vid, label, kind, tuple(actors), tuple(issues), tuple(words), spans, notes, tuple(about)
        )
    for eid, source, target, sign, contradicted, override, notes, evidence in data["edges"]:
        cmap.edges[eid] = Edge(
            eid,
            source,
            target,
            sign,
            [_evidence(row) for row in evidence],
            contradicted,
            override,
            notes,
        )
    return cmap


def _evidence(row: list[Any]) -> Evidence:
    """The evidence of a stored row of field values (in field order)."""
    if len(row) != len(_EVIDENCE_FIELDS):
        raise ValueError(f"stored evidence has {len(row)} fields, expected {len(_EVIDENCE_FIELDS)}")
    values = list(row)
    for n in _SPANS:
        if values[n] is not None:
            values[n] = tuple(values[n])
    return Evidence(*values)
