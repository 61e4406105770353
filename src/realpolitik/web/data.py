"""What each page shows, computed from a model: plain dicts and lists for the templates.

One :class:`ModelView` per model file. The costly parts of the model (the dyad list,
the actor counts, each holder's causal map) are computed once and kept until a build
changes the model (its last build run or its documents change; the search index's
own writes do not count). Connections are
opened per call (:meth:`ModelView.connect`), so that the view can serve several
threads; the cached results are plain Python objects.

Everything that counts follows the model's rules (``model.dyads``): sentences that are
not restatements (``duplicate_of IS NULL``) of documents whose status is ``ok``.
"""

from __future__ import annotations

import gc
import heapq
import re
import sqlite3
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from realpolitik.actors.registry import country_level
from realpolitik.model.actors import actor_counts, actor_detail, unresolved_mentions
from realpolitik.model.causal_map import CausalMap, build_causal_map
from realpolitik.model.dyads import DyadSummary, dyad, dyads
from realpolitik.model.profiles import power_profile
from realpolitik.store import connect
from realpolitik.store.read import (
    NotFound,
    code_match,
    code_prefix,
    counted_join,
    document_detail,
    duplicate_links,
    list_documents,
    pair_condition,
)

T = TypeVar("T")

#: an actor code as a URL may carry it: letters and digits, nothing a path could use
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,15}$")
#: a holder of a causal map: an actor code or AUTHOR
AUTHOR = "AUTHOR"
#: at most this many edges in the causal map's graph and table (strongest first)
MAP_EDGES = 300
#: rows a long list shows before it says how many more there are
LIST_ROWS = 200
#: how often (seconds) the view checks whether a build changed the model
STAMP_SECONDS = 1.0
#: a search request indexes at most this many queued sentences while the visitor waits
#: (about 0.1 s); a bigger backlog (a model never searched before: a 1,000-document
#: model queues 41,000 sentences, 4 s of indexing) is indexed in a background thread
#: and, meanwhile, the search page answers with the plain word match
#: (:func:`realpolitik.web.evidence.fallback_search`), saying so
SYNC_INDEX_LIMIT = 2000


def _frozen(value: T) -> T:
    """``value`` (a just-built causal map), after moving every object alive to the
    cyclic garbage collector's permanent generation (``gc.freeze``).

    A cached map of a 1,000-document model is a few hundred thousand objects that live
    as long as the server: left in the collected generations, the collector walks all of
    them again as they age (the first page after a build paid ~0.25 s for it, and any
    later page could pay a full collection). Frozen, they are never walked. Nothing
    acyclic is kept longer: reference counting still frees a map when the cache drops
    it (a map holds no cycles); only a cycle already unreachable at this moment would
    stay uncollected.
    """
    gc.freeze()
    return value


def valid_code(code: str) -> str:
    """``code`` upper-cased if it looks like an actor code, else :class:`NotFound`."""
    code = code.upper()
    if not CODE_RE.match(code):
        raise NotFound(f"'{code}' is not an actor code")
    return code


@dataclass
class _Stamp:
    values: tuple[Any, ...] = ()  # the model state the cache holds
    latest: tuple[Any, ...] = ()  # the state last read from the model
    checked: float = 0.0  # when it was read


@dataclass
class ModelView:
    """The pages' data for the model at ``db``, with the costly parts cached."""

    db: Path
    #: offer at most this many holders' maps (the static report bounds its size so)
    max_holders: int | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)
    _stamp: _Stamp = field(default_factory=_Stamp, repr=False)
    #: guards the two below (not ``_lock``, which a cached computation holds for seconds)
    _index_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _indexer: threading.Thread | None = field(default=None, repr=False)
    _index_failed: bool = field(default=False, repr=False)

    # ------------------------------------------------------------------ plumbing

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        conn = connect(self.db)
        try:
            yield conn
        finally:
            conn.close()

    def model_state(self) -> tuple[Any, ...]:
        """What changes when a build changes the model (and not when the search index
        is refreshed): the last build run and the documents' count and latest update.
        Checked at most once a second."""
        now = time.monotonic()
        if self._stamp.checked and now - self._stamp.checked < STAMP_SECONDS:
            return self._stamp.latest
        with self.connect() as conn:
            run = conn.execute(
                "SELECT id, status, finished_at FROM build_runs ORDER BY id DESC LIMIT 1"
            ).fetchone()
            docs = conn.execute("SELECT COUNT(*), MAX(updated_at) FROM documents").fetchone()
        self._stamp.checked = now
        self._stamp.latest = (tuple(run) if run else None, tuple(docs))
        return self._stamp.latest

    def cached(self, key: Any, compute: Callable[[sqlite3.Connection], T]) -> T:
        """``compute(conn)`` once per model state."""
        with self._lock:
            stamp = self.model_state()
            if stamp != self._stamp.values:
                self._cache.clear()
                self._stamp.values = stamp
            if key not in self._cache:
                with self.connect() as conn:
                    self._cache[key] = compute(conn)
            result: T = self._cache[key]
            return result

    # ------------------------------------------------------------------ shared parts

    def documents(self) -> list[dict[str, Any]]:
        return self.cached("documents", list_documents)

    def doc_ids_by_name(self) -> dict[str, int]:
        """Document name -> id, for names that are unique in the model."""

        def compute(conn: sqlite3.Connection) -> dict[str, int]:
            names = Counter(d["name"] for d in self.documents())
            return {d["name"]: d["id"] for d in self.documents() if names[d["name"]] == 1}

        return self.cached("doc_ids_by_name", compute)

    def actors(self) -> list[dict[str, Any]]:
        def compute(conn: sqlite3.Connection) -> list[dict[str, Any]]:
            return [
                {
                    "code": a.code,
                    "name": a.name,
                    "mentions": a.mentions,
                    "documents": a.documents,
                    "sentences": a.sentences,
                }
                for a in actor_counts(conn)
            ]

        return self.cached("actors", compute)

    def actor_names(self) -> dict[str, str]:
        return {a["code"]: a["name"] for a in self.actors()}

    def dyad_list(self) -> list[DyadSummary]:
        return self.cached("dyads", dyads)

    def causal_map(self, holder: str | None) -> CausalMap:
        return self.cached(("causal", holder), lambda conn: _frozen(build_causal_map(conn, holder)))

    def match(self, holder: str | None, text: str, top: int = 8) -> list[tuple[str, float]]:
        """``model.scenario.match_variables(cmap, text, top=top)``, with each variable's
        matcher text computed once per map rather than once per query (on a map of
        10,000 variables that is most of a query's seconds)."""
        from realpolitik.model.variables import canonicalise_text, match_score

        cmap = self.causal_map(holder)
        texts = self.cached(
            ("matchers", holder),
            lambda conn: [(v.id, v.matcher_text()) for v in cmap.variables.values()],
        )
        query = canonicalise_text(text)
        scored = [(vid, match_score(query, t)) for vid, t in texts]
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        return scored[:top]

    def holders(self) -> list[str]:
        """Holders with edges of their own in the whole map: AUTHOR first, then the
        others by how many edges they hold (at most ``max_holders`` in all, if set)."""

        def compute(conn: sqlite3.Connection) -> list[str]:
            count: Counter[str] = Counter()
            for edge in self.causal_map(None).edges.values():
                held = set()
                for ev in edge.evidence:
                    if ev.kind in ("claim", "continuation", "perspective") and ev.holder:
                        h = ev.holder.upper()
                        held.add(AUTHOR if h == AUTHOR else country_level(h))
                count.update(held)
            rest = sorted(set(count) - {AUTHOR}, key=lambda h: (-count[h], h))
            return ([AUTHOR] if AUTHOR in count else []) + rest

        found = self.cached("holders", compute)
        return found if self.max_holders is None else found[: self.max_holders]

    def sentence_doc(self, sentence_id: int) -> int | None:
        """The document a sentence belongs to (for links to it)."""

        def compute(conn: sqlite3.Connection) -> dict[int, int]:
            return {
                int(sid): int(doc) for sid, doc in conn.execute("SELECT id, doc_id FROM sentences")
            }

        return self.cached("sentence_doc", compute).get(int(sentence_id))

    # ------------------------------------------------------------------ pages

    def overview(self) -> dict[str, Any]:
        docs = self.documents()
        status = Counter(d["status"] for d in docs)
        failures = [d for d in docs if d["status"] == "failed"]
        with self.connect() as conn:
            links = len(duplicate_links(conn))
            passages = [
                dict(r)
                for r in conn.execute(
                    "SELECT p.doc_id, a.name AS doc, p.other_doc_id, b.name AS other, "
                    "p.sentences FROM passages p JOIN documents a ON a.id = p.doc_id "
                    "JOIN documents b ON b.id = p.other_doc_id "
                    "ORDER BY p.sentences DESC, p.id LIMIT 20"
                )
            ]
            unresolved = unresolved_mentions(conn)[:10]
            counts = {
                table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("sentences", "events", "relations", "perspectives", "claims")
            }
        dyad_rows = self.dyad_list()
        return {
            "documents": docs[:LIST_ROWS],
            "documents_total": len(docs),
            "status": dict(status),
            "failures": failures,
            "duplicate_links": links,
            "duplicate_sentences": sum(d["duplicates"] for d in docs),
            "passages": passages,
            "actors": self.actors()[:15],
            "actors_total": len(self.actors()),
            "dyads": [d.to_dict() for d in dyad_rows[:15]],
            "dyads_total": len(dyad_rows),
            "counts": counts,
            "unresolved": unresolved,
            "first": self._look_first(dyad_rows, failures),
        }

    def _look_first(
        self, dyad_rows: list[DyadSummary], failures: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """A few pointers: where the corpus says most, where it is most hostile,
        what is changing, what failed."""
        out: list[dict[str, Any]] = []
        if dyad_rows:
            d = dyad_rows[0]
            out.append(
                {
                    "text": f"The most documented pair: {d.a}–{d.b} ({d.polarity}, {d.trend})",
                    "dyad": (d.a, d.b),
                }
            )
        hostile = sorted((d for d in dyad_rows if d.net < 0), key=lambda d: d.net)
        if hostile:
            d = hostile[0]
            out.append(
                {
                    "text": f"The most conflictual pair: {d.a}–{d.b} (net {d.net:+.1f})",
                    "dyad": (d.a, d.b),
                }
            )
        close = sorted((d for d in dyad_rows if d.net > 0), key=lambda d: -d.net)
        if close and (not dyad_rows or close[0] is not dyad_rows[0]):
            d = close[0]
            out.append(
                {
                    "text": f"The most cooperative pair: {d.a}–{d.b} (net {d.net:+.1f})",
                    "dyad": (d.a, d.b),
                }
            )
        for d in [d for d in dyad_rows if d.trend == "worsening"][:2]:
            out.append({"text": f"Worsening: {d.a}–{d.b}", "dyad": (d.a, d.b)})
        for d in [d for d in dyad_rows if d.polarity == "mixed"][:2]:
            out.append({"text": f"Mixed signals: {d.a}–{d.b}", "dyad": (d.a, d.b)})
        if failures:
            out.append({"text": f"{len(failures)} document(s) could not be read", "dyad": None})
        seen: set[str] = set()
        unique = []
        for item in out:
            if item["text"] not in seen:
                seen.add(item["text"])
                unique.append(item)
        return unique

    def network(self) -> dict[str, Any]:
        actors = {a["code"]: a for a in self.actors()}
        edges = []
        involved: set[str] = set()
        for d in self.dyad_list():
            involved |= {d.a, d.b}
            edges.append(
                {
                    "id": f"{d.a}-{d.b}",
                    "source": d.a,
                    "target": d.b,
                    "net": d.net,
                    "volume": d.events + d.relations,
                    "polarity": d.polarity,
                    "trend": d.trend,
                    "events": d.events,
                    "relations": d.relations,
                }
            )
        codes = [a["code"] for a in self.actors()[:40]]
        codes += sorted(involved - set(codes))
        nodes = [
            {
                "id": c,
                "name": actors[c]["name"] if c in actors else c,
                "mentions": actors[c]["mentions"] if c in actors else 0,
            }
            for c in codes
        ]
        return {"nodes": nodes, "edges": edges}

    def dyad(self, a: str, b: str) -> dict[str, Any]:
        a, b = valid_code(a), valid_code(b)
        if a == b:
            raise NotFound("a dyad needs two different actors")
        with self.connect() as conn:
            d = dyad(conn, a, b)
            a, b = d.a, d.b
            views = {
                "a_on_b": self._views(conn, a, b),
                "b_on_a": self._views(conn, b, a),
            }
            records = self._pair_records(conn, a, b)
        by_type = sorted(d.total.by_plover.items(), key=lambda kv: (-kv[1], kv[0]))
        directed = {
            p: (d.a_to_b.by_plover.get(p, 0), d.b_to_a.by_plover.get(p, 0)) for p, _ in by_type
        }
        names = self.actor_names()
        return {
            "a": a,
            "b": b,
            "a_name": names.get(a, a),
            "b_name": names.get(b, b),
            "d": d.to_dict(),
            "by_type": by_type,
            "directed": directed,
            "views": views,
            "records": records[:LIST_ROWS],
            "records_total": len(records),
            "chart": trend_chart(d.to_dict()["series"]),
        }

    @staticmethod
    def _views(conn: sqlite3.Connection, holder: str, target: str) -> list[dict[str, Any]]:
        held, held_by = code_prefix("p.holder", holder)
        about, about_whom = code_prefix("p.target", target)
        rows = conn.execute(
            f"""
            SELECT p.holder, p.target, p.issue, p.stance, p.negated, p.cue, p.confidence,
                   s.id AS sentence_id, s.text, d.name AS doc, d.id AS doc_id
            FROM perspectives p {counted_join("p")} AND {held} AND {about}
            ORDER BY p.confidence DESC, p.id
            """,
            (*held_by, *about_whom),
        ).fetchall()
        return [
            dict(r)
            for r in rows
            if country_level(r["holder"]) == holder and country_level(r["target"]) == target
        ]

    @staticmethod
    def _pair_records(conn: sqlite3.Connection, a: str, b: str) -> list[dict[str, Any]]:
        """Every event and relation record of the pair, with its sentence."""
        pair, bounds = pair_condition("x.source", "x.target", a, b)
        out: list[dict[str, Any]] = []
        for kind, sql in (
            (
                "event",
                "SELECT x.source, x.target, x.plover AS type, x.trigger AS cue, x.intensity, "
                "x.modality, x.negated, x.date, s.id AS sentence_id, s.text, d.name AS doc, "
                "d.id AS doc_id FROM events x",
            ),
            (
                "relation",
                "SELECT x.source, x.target, x.type, x.cue, x.polarity AS intensity, "
                "x.trend AS modality, 0 AS negated, x.date, s.id AS sentence_id, s.text, "
                "d.name AS doc, d.id AS doc_id FROM relations x",
            ),
        ):
            rows = conn.execute(
                f"{sql} {counted_join('x')} AND {pair} ORDER BY s.doc_id, s.seq, x.id", bounds
            ).fetchall()
            for r in rows:
                if {country_level(r["source"]), country_level(r["target"])} == {a, b}:
                    out.append({"kind": kind, **dict(r)})
        return out

    def actor(self, code: str) -> dict[str, Any]:
        code = valid_code(code)
        with self.connect() as conn:
            detail = actor_detail(conn, code)
            if not detail.mentions and code not in self.actor_names():
                held_by, bounds = code_prefix("holder", code)
                held = conn.execute(
                    f"SELECT 1 FROM perspectives WHERE {held_by} LIMIT 1", bounds
                ).fetchone()
                if not held:
                    raise NotFound(f"no actor '{code}' in this model")
            profile = power_profile(conn, code).to_dict()
            match, like = code_match("x.holder", code)
            held_rows = [
                dict(r)
                for r in conn.execute(
                    f"SELECT x.target, x.issue, x.stance, x.negated, x.cue, x.confidence, "
                    f"s.id AS sentence_id, s.text, d.name AS doc, d.id AS doc_id "
                    f"FROM perspectives x {counted_join('x')} AND {match} "
                    f"ORDER BY x.confidence DESC, x.id LIMIT {LIST_ROWS}",
                    like,
                )
            ]
            claim_rows = [
                dict(r)
                for r in conn.execute(
                    f"SELECT x.cause, x.effect, x.sign, x.modality, x.conditional, x.holder, "
                    f"s.id AS sentence_id, s.text, d.name AS doc, d.id AS doc_id "
                    f"FROM claims x {counted_join('x')} AND {match} "
                    f"ORDER BY x.confidence DESC, x.id LIMIT {LIST_ROWS}",
                    like,
                )
            ]
        ids = self.doc_ids_by_name()
        dyad_rows = [d.to_dict() for d in self.dyad_list() if code in (d.a, d.b)]
        return {
            "code": code,
            "detail": detail.to_dict(),
            "documents": [(name, n, ids.get(name)) for name, n in detail.documents],
            "profile": profile,
            "profile_chart": profile_chart(profile),
            "held": held_rows,
            "claims": claim_rows,
            "dyads": dyad_rows,
        }

    def document(self, doc_id: int) -> dict[str, Any]:
        with self.connect() as conn:
            detail = document_detail(conn, doc_id)
            facts: dict[int, list[str]] = defaultdict(list)
            for sql, fmt in (
                (
                    "SELECT x.sentence_id, x.source, x.target, x.plover, x.trigger FROM events x",
                    lambda r: (
                        f"event {r['source']}→{r['target']} {r['plover'] or ''} ({r['trigger']})"
                    ),
                ),
                (
                    "SELECT x.sentence_id, x.source, x.target, x.type FROM relations x",
                    lambda r: f"relation {r['source']}–{r['target']} {r['type']}",
                ),
                (
                    "SELECT x.sentence_id, x.holder, x.target, x.stance FROM perspectives x",
                    lambda r: (
                        f"view of {r['holder']} on {r['target'] or 'an issue'} ({r['stance']:+.1f})"
                    ),
                ),
                (
                    "SELECT x.sentence_id, x.sign, x.holder FROM claims x",
                    lambda r: f"causal claim ({r['sign']}, {r['holder']})",
                ),
            ):
                for r in conn.execute(
                    sql + " JOIN sentences s ON s.id = x.sentence_id WHERE s.doc_id = ?",
                    (doc_id,),
                ):
                    facts[int(r["sentence_id"])].append(fmt(r))
            dup_docs = {
                int(r[0]): (int(r[1]), r[2])
                for r in conn.execute(
                    "SELECT s.id, o.doc_id, d.name FROM sentences s "
                    "JOIN sentences o ON o.id = s.duplicate_of JOIN documents d ON d.id = o.doc_id "
                    "WHERE s.doc_id = ?",
                    (doc_id,),
                )
            }
        sentences = detail["sentences"]
        segments = []
        pos = 0
        for seg in detail["segments"]:
            inside = []
            while pos < len(sentences) and sentences[pos]["start"] < seg["end"]:
                if sentences[pos]["end"] > seg["start"]:
                    inside.append(sentences[pos])
                pos += 1
            segments.append({**seg, "sentences": inside})
        rest = sentences[pos:]
        if rest:
            segments.append(
                {"kind": "unsegmented", "start": 0, "end": 0, "text": "", "sentences": rest}
            )
        return {
            "doc": detail["doc"],
            "segments": segments,
            "repairs": detail["repairs"],
            "facts": dict(facts),
            "dup_docs": dup_docs,
            "kinds": Counter(s["kind"] for s in detail["segments"]),
        }

    def causal(self, holder: str | None) -> dict[str, Any]:
        if holder is not None:
            holder = AUTHOR if holder.upper() == AUTHOR else valid_code(holder)
        return self.cached(("causal_page", holder), lambda conn: self._causal(holder))

    def _causal(self, holder: str | None) -> dict[str, Any]:
        cmap = self.causal_map(holder)
        # only the strongest MAP_EDGES are shown: a bounded heap, not a sort of every
        # edge (the same edges in the same order as ``sorted(...)[:MAP_EDGES]``)
        shown = heapq.nsmallest(MAP_EDGES, cmap.edges.values(), key=lambda e: (-e.belief, e.id))
        ids = {e.source for e in shown} | {e.target for e in shown}
        variables = [cmap.variables[v].to_dict() for v in sorted(ids) if v in cmap.variables]
        edges = [self.edge_json(e.to_dict()) for e in shown]
        return {
            "holder": holder,
            "holders": self.holders(),
            "variables_total": len(cmap.variables),
            "edges_total": len(cmap.edges),
            "graph": {
                "variables": [
                    {"id": v["id"], "label": v["label"], "kind": v["kind"]} for v in variables
                ],
                "edges": edges,
            },
        }

    def edge_json(self, edge: dict[str, Any], evidence_limit: int = 10) -> dict[str, Any]:
        """An edge as the pages use it: its evidence with the document each sentence is in."""
        evidence = []
        for ev in edge["evidence"][:evidence_limit]:
            sid = ev.get("sentence_id")
            evidence.append(
                {
                    "kind": ev["kind"],
                    "sentence_id": sid,
                    "doc_id": self.sentence_doc(int(sid)) if sid is not None else None,
                    "document": ev.get("document"),
                    "text": ev["text"],
                    "holder": ev.get("holder"),
                    "modality": ev.get("modality"),
                }
            )
        return {
            "id": edge["id"],
            "source": edge["source"],
            "target": edge["target"],
            "sign": edge["sign"],
            "weight": edge["weight"],
            "belief": edge["belief"],
            "sources": edge["sources"],
            "holders": edge["holders"],
            "contradicted": edge["contradicted"],
            "evidence": evidence,
            "evidence_total": len(edge["evidence"]),
        }

    def scenario_map(self, holder: str | None) -> dict[str, Any]:
        """A holder's whole map as the scenario page runs it (JSON, in map order)."""
        if holder is not None:
            holder = AUTHOR if holder.upper() == AUTHOR else valid_code(holder)
        cmap = self.causal_map(holder)
        return {
            "holder": holder,
            "variables": [
                {"id": v.id, "label": v.label, "kind": v.kind}
                for v in sorted(cmap.variables.values(), key=lambda v: v.id)
            ],
            # the scenario shows the first three sentences of each step (as run_scenario)
            "edges": [self.edge_json(e.to_dict(), 3) for e in cmap.edges.values()],
        }

    def search(self, query: str, limit: int = 30) -> list[dict[str, Any]]:
        """Ranked evidence sentences for ``query`` (see :meth:`search_results`)."""
        return self.search_results(query, limit)[0]

    def search_results(self, query: str, limit: int = 30) -> tuple[list[dict[str, Any]], bool]:
        """Ranked evidence sentences for ``query``, and whether they are provisional.

        The ranking is ``realpolitik.search.ask``'s (:func:`search_evidence`), which
        first indexes what a build queued. When more than ``SYNC_INDEX_LIMIT`` sentences
        wait, they are indexed in a background thread instead, and until it is done the
        answer is the plain word match (:func:`fallback_search`), flagged provisional.
        """
        from realpolitik.web.evidence import fallback_search, search_evidence

        if not query.strip():
            return [], False
        with self.connect() as conn:
            provisional = self._index_behind(conn)
            if provisional:
                hits = fallback_search(conn, query, limit=limit)
            else:
                hits = search_evidence(conn, query, limit=limit)
        for hit in hits:
            if hit.get("doc_id") is None and hit.get("sentence_id") is not None:
                hit["doc_id"] = self.sentence_doc(int(hit["sentence_id"]))
        return hits, provisional

    def index_search(self) -> None:
        """Bring the search index up to date in this thread (for :func:`warm`): waits for
        a background indexing under way, then indexes what is still queued."""
        with self._index_lock:
            thread = self._indexer
        if thread is not None:
            thread.join()
        self._refresh_index()

    def _index_behind(self, conn: sqlite3.Connection) -> bool:
        """Whether the search index is being built in the background (starting that
        when more than ``SYNC_INDEX_LIMIT`` sentences wait to be indexed)."""
        with self._index_lock:
            if self._indexer is not None and self._indexer.is_alive():
                return True
            if self._index_failed:
                return False
            try:
                from realpolitik.search.index import pending
            except ImportError:
                return False
            try:
                waiting = pending(conn)
            except sqlite3.Error:  # a model without the search tables
                return False
            if waiting <= SYNC_INDEX_LIMIT:
                return False
            self._indexer = threading.Thread(
                target=self._refresh_index, name="realpolitik-search-index", daemon=True
            )
            self._indexer.start()
            return True

    def _refresh_index(self) -> None:
        """Index the queued sentences (full text only: sentence vectors, when asked for,
        are added by the search itself). A model that cannot be written is searched as
        it is (``ask`` does so), and not indexed again."""
        try:
            from realpolitik.search.index import refresh_index
        except ImportError:
            return
        try:
            with self.connect() as conn:
                refresh_index(conn)
        except sqlite3.Error:
            with self._index_lock:
                self._index_failed = True


# ---------------------------------------------------------------------- charts (SVG data)


def trend_chart(
    series: list[dict[str, Any]], width: int = 560, height: int = 180
) -> dict[str, Any]:
    """Bars of cooperation (up) and conflict (down) per period, and the net as a line.

    Returns coordinates for the template's inline SVG (no text from documents in it).
    """
    if not series:
        return {"empty": True}
    pad_l, pad_r, pad_t, pad_b = 40, 10, 10, 24
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b
    top = max(max(p["cooperation"], p["conflict"], abs(p["net"])) for p in series) or 1.0
    mid = pad_t + inner_h / 2
    scale = (inner_h / 2) / top
    step = inner_w / len(series)
    bar = max(2.0, min(24.0, step * 0.35))
    bars, points, labels = [], [], []
    every = max(1, len(series) // 10)
    for i, p in enumerate(series):
        x = pad_l + step * (i + 0.5)
        coop, conf = p["cooperation"] * scale, p["conflict"] * scale
        bars.append(
            {
                "x": round(x - bar, 1),
                "y": round(mid - coop, 1),
                "w": round(bar, 1),
                "h": round(coop, 1),
                "cls": "coop",
                "title": f"{p['period']}: cooperation {p['cooperation']}",
            }
        )
        bars.append(
            {
                "x": round(x, 1),
                "y": round(mid, 1),
                "w": round(bar, 1),
                "h": round(conf, 1),
                "cls": "conf",
                "title": f"{p['period']}: conflict {p['conflict']}",
            }
        )
        points.append(f"{x:.1f},{mid - p['net'] * scale:.1f}")
        if i % every == 0:
            labels.append({"x": round(x, 1), "text": p["period"]})
    return {
        "empty": False,
        "width": width,
        "height": height,
        "mid": round(mid, 1),
        "left": pad_l,
        "right": width - pad_r,
        "top_label": f"+{top:g}",
        "bottom_label": f"-{top:g}",
        "top_y": pad_t + 8,
        "bottom_y": pad_t + inner_h,
        "label_y": height - 6,
        "bars": bars,
        "line": " ".join(points),
        "labels": labels,
    }


def profile_chart(profile: dict[str, Any], width: int = 560, height: int = 150) -> dict[str, Any]:
    """Stacked hard/soft bars per year, for the actor page's inline SVG."""
    years = profile.get("by_year") or []
    if not years:
        return {"empty": True}
    pad_l, pad_b, pad_t = 40, 22, 8
    inner_h = height - pad_b - pad_t
    top = max(y["hard"] + y["soft"] for y in years) or 1.0
    step = (width - pad_l - 10) / len(years)
    bar = max(2.0, min(30.0, step * 0.6))
    bars, labels = [], []
    every = max(1, len(years) // 10)
    for i, y in enumerate(years):
        x = pad_l + step * i + (step - bar) / 2
        hard_h = y["hard"] / top * inner_h
        soft_h = y["soft"] / top * inner_h
        base = pad_t + inner_h
        bars.append(
            {
                "x": round(x, 1),
                "y": round(base - hard_h, 1),
                "w": round(bar, 1),
                "h": round(hard_h, 1),
                "cls": "hard",
                "title": f"{y['year']}: hard {y['hard']}",
            }
        )
        bars.append(
            {
                "x": round(x, 1),
                "y": round(base - hard_h - soft_h, 1),
                "w": round(bar, 1),
                "h": round(soft_h, 1),
                "cls": "soft",
                "title": f"{y['year']}: soft {y['soft']}",
            }
        )
        if i % every == 0:
            labels.append({"x": round(x + bar / 2, 1), "text": y["year"]})
    return {
        "empty": False,
        "width": width,
        "height": height,
        "bars": bars,
        "labels": labels,
        "label_y": height - 6,
        "base": pad_t + inner_h,
        "left": pad_l,
        "top_label": f"{top:g}",
    }
