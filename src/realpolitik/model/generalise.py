"""Variables folded into, or linked to, their more general forms.

* ``merge_subsumed_variables``: a more specific wording of a variable of the same
  actors merges into the general one ("JPN-RUS relations+security" into "JPN-RUS
  relations");
* ``merge_pairs``: the fold itself (spans and edges move, loops are noted), also used
  by ``model.similar`` and ``model.overlay``;
* ``add_instance_edges``: a policy of several actors is an instance of the same policy
  of fewer ("US missile defence in South Korea" → "US missile defence"), and a view of
  something an instance of the holder's plain view: an edge, not a merge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import combinations, count

from realpolitik.model.map_types import (
    CausalMap,
    Edge,
    Evidence,
    Variable,
    edge_id,
    variable_degrees,
)
from realpolitik.model.variables import lexicon


def merge_subsumed_variables(cmap: CausalMap) -> int:
    """Merge each variable into a more general one of the same actors.

    B merges into A when both involve the same (non-empty) actors and A's issues are a
    proper, non-empty subset of B's ("JPN-RUS relations+security" is an instance of
    "JPN-RUS relations"); among several such A, the one with the most issues (the
    closest), then the most edges. Spans and edges move to A, with a note. Returns
    how many variables were merged.
    """
    degree = variable_degrees(cmap)
    by_actors: dict[tuple[str, ...], list[Variable]] = defaultdict(list)
    for v in cmap.variables.values():
        # a view is qualified by what it is about ("|CHN-RUS"): views of different
        # objects stay apart, and never merge into an unqualified variable
        if v.actors and v.issues and "|" not in v.id:
            by_actors[v.actors].append(v)
    plan: dict[str, str] = {}
    for group in by_actors.values():
        if len(group) < 2:
            continue  # nothing to merge into
        index = _SubsetIndex(group, _issue_set)
        for b in group:
            wanted = _issue_set(b)
            if len(wanted) < 2:
                continue  # a single issue has no proper, non-empty subset
            general = [a for a in index.within(wanted) if _issue_set(a) != wanted]  # proper
            if general:
                plan[b.id] = min(general, key=lambda a: (-len(a.issues), -degree[a.id], a.id)).id

    def final(vid: str) -> str:
        while vid in plan:
            vid = plan[vid]
        return vid

    note = "a more specific wording of the same variable"
    merge_pairs(
        cmap, [(specific, final(general)) for specific, general in sorted(plan.items())], note
    )
    return len(plan)


def _nonempty_subsets(items: frozenset[str]) -> Iterator[frozenset[str]]:
    """Every non-empty subset of ``items`` (``items`` itself included)."""
    ordered = sorted(items)
    for size in range(1, len(ordered) + 1):
        for combo in combinations(ordered, size):
            yield frozenset(combo)


class _SubsetIndex:
    """Variables found by a set-valued key: those whose key is a non-empty subset of a
    given set, in the order of the pool they came from.

    The pool is kept in a table by key (a bucket per distinct key, in pool order). The
    subsets of the given set are looked up in it (a variable names a few actors and
    issues, so there are few); the keys of the table are tested instead when they are
    fewer. Either way the answer is that of comparing every member of the pool, which
    is what made large maps slow (all pairs).
    """

    def __init__(self, pool: Iterable[Variable], key: Callable[[Variable], frozenset[str]]):
        self.rank: dict[str, int] = {}
        self.buckets: dict[frozenset[str], list[Variable]] = defaultdict(list)
        for n, v in enumerate(pool):
            self.rank[v.id] = n
            if k := key(v):  # an empty key is a subset of nothing asked
                self.buckets[k].append(v)

    def within(self, wanted: frozenset[str]) -> list[Variable]:
        """The pool's variables whose key is a non-empty subset of ``wanted``."""
        if 2 ** len(wanted) > len(self.buckets):
            found = [v for key, bucket in self.buckets.items() if key <= wanted for v in bucket]
        else:
            found = [v for sub in _nonempty_subsets(wanted) for v in self.buckets.get(sub, ())]
        return self.in_pool_order(found)

    def lookup(self, keys: Iterable[frozenset[str]]) -> list[Variable]:
        """The pool's variables whose key is one of ``keys`` (distinct)."""
        return self.in_pool_order([v for k in keys for v in self.buckets.get(k, ())])

    def in_pool_order(self, found: list[Variable]) -> list[Variable]:
        if len(found) > 1:
            found.sort(key=lambda v: self.rank[v.id])
        return found


def merge_pairs(
    cmap: CausalMap, pairs: Iterable[tuple[str, str]], note: str | Mapping[str, str]
) -> None:
    """Fold variable ``vid`` into ``into`` for each ``(vid, into)`` of ``pairs``, in order:
    spans and edges move, loops are dropped to ``cmap.removed`` (noted). ``note`` says
    why, for all pairs or (a mapping) for each ``vid``.

    The result (edges, their order in ``cmap.edges``, evidence and removals) is that of
    merging the pairs one at a time, each scanning every edge in map order; an index
    of each variable's edges and of each edge's place in the map finds the same edges
    in the same order without the scan. A pair whose ``vid`` is ``into`` or no longer
    in the map is skipped.
    """
    pairs = list(pairs)
    # the edges of each variable to be folded: the only ones ever looked up
    incident: dict[str, set[str]] = {vid: set() for vid, _ in pairs}
    for e in cmap.edges.values():
        for end in (e.source, e.target):
            if end in incident:
                incident[end].add(e.id)
    # an edge's place in the map: dicts keep insertion order, and a new edge goes last
    place = {eid: n for n, eid in enumerate(cmap.edges)}
    last = count(len(place))
    for vid, into in pairs:
        target = cmap.variables[into]
        if vid == into or vid not in cmap.variables:
            continue
        why = note if isinstance(note, str) else note[vid]
        gone = cmap.variables.pop(vid)
        target.spans.extend(s for s in gone.spans if s not in target.spans)
        target.notes.append(f"merged {vid!r} into this: {why}")
        for eid in sorted(incident.pop(vid, ()), key=place.__getitem__):
            edge = cmap.edges.pop(eid)
            del place[eid]
            for end in (edge.source, edge.target):
                if end != vid and end in incident:
                    incident[end].discard(eid)
            src = into if edge.source == vid else edge.source
            dst = into if edge.target == vid else edge.target
            if src == dst:
                cmap.removed.append({"edge": edge.to_dict(), "note": f"a loop after merge: {why}"})
                continue
            kept = cmap.edges.get(edge_id(src, dst, edge.sign))
            if kept is None:
                kept = Edge(edge_id(src, dst, edge.sign), src, dst, edge.sign)
                cmap.edges[kept.id] = kept
                place[kept.id] = next(last)
                for end in (src, dst):
                    if end in incident:
                        incident[end].add(kept.id)
            kept.evidence.extend(edge.evidence)
            kept.notes.extend(edge.notes)


#: Belief of an instance-of edge: a specific variable feeds its general form.
INSTANCE_STRENGTH = 0.9


def add_instance_edges(cmap: CausalMap) -> int:
    """Link each variable to the more general variables it is an instance of.

    A is more general than B when A's actors and issues (both non-empty) are subsets of
    B's and A involves fewer actors ("US missile defence in South Korea" → "US missile
    defence"). Only policies and capabilities generalise so: A names no tie issue
    (``dyadic`` in the data file), since a tie of several actors is no instance of one
    actor's. Edge B → A, sign +, belief ``INSTANCE_STRENGTH``, evidence of kind
    ``instance`` (no sentence: it is the normaliser's step, shown as such in paths).
    Only general variables that have edges of their own are linked. Returns the count.
    """
    degree: set[str] = {e.source for e in cmap.edges.values()} | {
        e.target for e in cmap.edges.values()
    }
    dyadic = lexicon().dyadic
    general = [
        v
        for v in cmap.variables.values()
        if v.actors and v.issues and v.id in degree and dyadic.isdisjoint(v.issues)
    ]
    links: list[tuple[Variable, Variable]] = []
    # a view of something ("JPN:opposition+threat|CHN-RUS") is an instance of the
    # holder's unqualified view ("JPN:threat", Japan's sense of threat)
    plain: dict[tuple[str, ...], list[Variable]] = defaultdict(list)
    for a in general:
        if "|" not in a.id:
            plain[a.actors].append(a)
    views: dict[tuple[str, ...], _SubsetIndex] = {}  # indexed when a view asks
    for b in list(cmap.variables.values()):
        if "|" in b.id and b.issues and b.actors in plain:
            if b.actors not in views:
                views[b.actors] = _SubsetIndex(plain[b.actors], _issue_set)
            links.extend((b, a) for a in views[b.actors].within(_issue_set(b)))
    # a policy of several actors is an instance of the same policy of fewer of them
    index = _SubsetIndex(general, _actor_issue_set)
    for b in list(cmap.variables.values()):
        if len(b.actors) < 2 or not b.issues:
            continue
        for a in _more_general(index, b):
            if a.id != b.id and (
                a.words == b.words or not a.words or not b.words or a.kind == b.kind
            ):
                links.append((b, a))
    for b, a in links:
        note = f"{b.label} is an instance of {a.label}"
        cmap.add_evidence(
            b.id, a.id, 1, Evidence("instance", None, None, note, strength=INSTANCE_STRENGTH)
        )
    return len(links)


def _issue_set(v: Variable) -> frozenset[str]:
    return frozenset(v.issues)


def _actor_issue_set(v: Variable) -> frozenset[str]:
    """Actors and issues in one set, kept apart by a prefix (an issue key is lower case
    and an actor code upper case, but the prefix does not rely on it)."""
    return frozenset([*("a:" + a for a in v.actors), *("i:" + i for i in v.issues)])


def _more_general(index: _SubsetIndex, b: Variable) -> list[Variable]:
    """The variables of ``index`` (keyed by ``_actor_issue_set``) whose actors are a
    proper subset of ``b``'s and whose issues a subset of ``b``'s, in pool order.

    As the pool's variables all have actors and issues, those are the keys of a proper,
    non-empty subset of ``b``'s actors and a non-empty subset of its issues: only these
    are looked up, not every subset of ``b``'s key."""
    actors = frozenset("a:" + a for a in b.actors)  # as ``_actor_issue_set`` has them
    issues = list(_nonempty_subsets(frozenset("i:" + i for i in b.issues)))
    return index.lookup(
        a | i for a in _nonempty_subsets(actors) if len(a) < len(actors) for i in issues
    )
