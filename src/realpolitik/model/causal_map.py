"""The causal map: variables as nodes, signed weighted edges with their evidence.

Assembly rules (``build_causal_map``):

* **claims** — each claim joins the variable of its cause span to the variable of its
  effect span (``model.variables``). The edge sign is the claim's sign times the
  direction words of both spans ("weakening of X" → −1 relative to X).
* **continuations** — a claim that opens a response frame ("in response to X, A …"),
  or a view of concern held by A, also reaches the actions that the next sentence,
  opening with A as its subject, adds to the response (``model.discourse``), at half
  its strength, cited to that sentence (evidence of kind ``continuation``).
* **perspectives** — a holder H with stance s ≠ 0 on an issue/target X gives the edge
  X → "H opposition to X" (s < 0) or X → "H support for X" (s > 0), sign +: the more
  of X, the more H opposes (supports) it. Negated views flip the stance. Views with
  stance 0 give no edge. Strength: 0.7 × |s|.
* **relations** — only the clear case: a ``dispute`` between A and B (over an object)
  gives "A–B dispute" → "A–B relations", sign −, strength 0.4. Other relation types
  describe a state, not a cause, and give no edge.

Variables are then merged: a more specific wording of a variable into the general one
of the same actors (``merge_subsumed_variables``), and word-only variables of the same
actors that say the same in other words, by offline embeddings (``model.similar``).

Edges with the same (source, target, sign) are one edge. Each source sentence gives a
strength: modality (certain 1.0, likely 0.7, possible 0.4) × 0.8 if conditional; a
restatement (``sentences.duplicate_of``) counts as the sentence it restates, taking the
strongest of its strengths, so that an independent source counts once. The edge's
belief is the noisy-OR of its independent sources, 1 − Π(1 − strength), and its
weight is sign × belief. Edges of the same pair with opposite signs are both kept and
flagged ``contradicted``.

A holder's map keeps claims and perspectives of that holder (country level:
``RUSGOV`` is ``RUS``; ``AUTHOR`` for the authors' view); relation edges belong to the
authors. An overlay (``model.overlay``) is applied last, on top of the extracted facts.
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from realpolitik.extract.causal_patterns import load_patterns
from realpolitik.model.discourse import (
    ANAPHORA_FAR_WINDOW,
    Frame,
    continued_effects,
    discourse_rules,
    effect_agent,
    head_issue,
    kind_antecedent,
    names_a_kind,
    opens_response_frame,
    place_variables,
    span_head,
)
from realpolitik.model.generalise import (
    add_instance_edges,
    merge_subsumed_variables,
)
from realpolitik.model.map_types import (
    CausalMap,
    Evidence,
)
from realpolitik.model.variables import (
    ANAPHORS,
    Canonical,
    Mention,
    canonicalise,
    conjuncts,
    country_level,
    extend_light_noun,
    first_word,
    head_span,
    is_anaphoric,
    lexicon,
    span_actors,
    text_actors,
    tokens,
)

MODALITY_WEIGHT: dict[str, float] = {"certain": 1.0, "likely": 0.7, "possible": 0.4}
CONDITIONAL_FACTOR = 0.8
PERSPECTIVE_STRENGTH = 0.7
RELATION_STRENGTH = 0.4
#: A view of one other actor → the tie between holder and that actor (× |stance|).
VIEW_TIE_STRENGTH = 0.5


def _holder_ok(holder: str, wanted: str | None) -> bool:
    if wanted is None:
        return True
    if wanted.upper() == "AUTHOR":
        return holder.upper() == "AUTHOR"
    return country_level(holder) == country_level(wanted.upper())


def _mentions(conn: sqlite3.Connection, sentence_ids: Iterable[int]) -> dict[int, list[Mention]]:
    """The actor mentions of the sentences ``sentence_ids``, each sentence's in table
    order (as the scan of the whole table gave them).

    The sentences are those of claims and of :func:`_near_claims`, all in documents
    read (status ``ok``), so no join to ``documents`` is needed.
    """
    out: dict[int, list[Mention]] = defaultdict(list)
    rows = _rows(
        conn,
        'SELECT m.id, m.sentence_id, m.start, m."end", m.text, m.code FROM mentions m '
        "WHERE m.kind = 'actor' AND m.code IS NOT NULL "
        "AND m.sentence_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(sentence_ids)),),
    )
    rows.sort()  # by id (unique): table order
    for _, sid, start, end, text, code in rows:
        out[sid].append(Mention(start, end, text, code))
    return out


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` as plain tuples, to be unpacked by position.

    Thousands of facts are read, a dozen fields each: looking each field up by name in
    a ``sqlite3.Row`` (a scan of the column names) was a tenth of a map."""
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, params).fetchall()


def _near_claims(conn: sqlite3.Connection) -> list[tuple[int, int, int, str]]:
    """(id, doc, seq, text) of the sentences a claim is in, and of the ``ANAPHORA_WINDOW``
    before each (where anaphoric spans look): the only sentences ``_add_claims`` reads,
    a fraction of the model's (reading them all, and all their mentions, was a fifth of
    a map). In id order, so that a (doc, seq) place held twice keeps the later id, as
    the scan of the whole table did.

    The joins are ``CROSS JOIN`` to fix their order (SQLite keeps it as written): from
    the claims to their places, then by index to the sentences of each window, then the
    text of those only. Left to itself the planner scanned every sentence and its text,
    at twice the time.
    """
    return _rows(
        conn,
        "WITH c AS (SELECT DISTINCT s.doc_id AS doc, s.seq AS seq FROM claims x "
        "CROSS JOIN sentences s ON s.id = x.sentence_id "
        "CROSS JOIN documents d ON d.id = s.doc_id WHERE d.status = 'ok'), "
        "near AS (SELECT DISTINCT s.id AS id FROM c CROSS JOIN sentences s "
        "ON s.doc_id = c.doc AND s.seq BETWEEN c.seq - ? AND c.seq) "
        "SELECT s.id, s.doc_id, s.seq, s.text FROM sentences s WHERE s.id IN near "
        "ORDER BY s.id",
        (ANAPHORA_WINDOW,),
    )


_SENTENCE_COLS = "s.id AS sid, s.text AS stext, s.duplicate_of AS dup, d.name AS dname"
_SENTENCE_JOIN = (
    "JOIN sentences s ON s.id = x.sentence_id JOIN documents d ON d.id = s.doc_id "
    "WHERE d.status = 'ok'"
)


def build_causal_map(
    conn: sqlite3.Connection,
    holder: str | None = None,
    overlay: Path | None = None,
    *,
    merge_subsumed: bool = True,
    instance_edges: bool = True,
    reuse: bool = True,
    merge_similar: bool = True,
) -> CausalMap:
    """The causal map of the model at ``conn`` (one holder's, or the whole).

    With ``reuse`` (and the default assembly steps) a map already assembled for this
    state of the model is read back from the model, and a newly assembled one is kept
    there (``model.map_store``). The overlay is applied on top either way.
    """
    stored = reuse and merge_subsumed and instance_edges and merge_similar
    with _gc_paused():
        cmap = None
        if stored:
            from realpolitik.model import map_store

            cmap = map_store.load_map(conn, holder)
        if cmap is None:
            cmap = _build(conn, holder, merge_subsumed, instance_edges, merge_similar)
            if stored:
                map_store.save_map(conn, cmap)
        cmap.holder = holder
    if overlay is not None:
        from realpolitik.model.overlay import apply_overlay

        cmap = apply_overlay(cmap, overlay)
    return cmap


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a map is assembled.

    Assembly allocates some hundred thousand small objects that all live on: the
    collector runs every few hundred allocations and, as the heap grows, walks all of
    it again now and then; on a 1,000-document model that was about a quarter of the
    time, for no garbage (the map holds no cycles to free). Nothing is lost by the
    pause (reference counting still frees what is dropped, and cycles are collected
    after). The switch is process-wide: a concurrent build that finds it already off
    leaves it to the first.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(
    conn: sqlite3.Connection,
    holder: str | None,
    merge_subsumed: bool,
    instance_edges: bool,
    merge_similar: bool = True,
) -> CausalMap:
    """Assemble the map from the model's facts (the rules in the module docstring)."""
    cmap = CausalMap(holder=holder)
    frames, causes = _add_claims(conn, cmap, holder)
    frames += _add_perspectives(conn, cmap, holder, causes)
    _add_continuations(conn, cmap, frames)
    if holder is None or holder.upper() == "AUTHOR":
        _add_relations(conn, cmap)
    if merge_subsumed:
        merge_subsumed_variables(cmap)
    if merge_similar:
        from realpolitik.model.similar import map_embedder, merge_similar_variables

        merge_similar_variables(cmap, conn, map_embedder())
    if instance_edges:
        add_instance_edges(cmap)
    cmap.flag_contradictions()
    return cmap


class _MentionReader:
    """The actor mentions of sentences (:func:`_mentions`), read as they are needed:
    those of the sentences given up front in one query, any other's on first use.

    A claim reads the mentions of its own sentence, and those of the sentence before
    only for an anaphora that nothing nearer resolves: reading them up front for every
    sentence of every claim's window read nearly three times as many rows, most never
    used."""

    def __init__(self, conn: sqlite3.Connection, sentence_ids: set[int]) -> None:
        self.conn = conn
        self.read: dict[int, list[Mention]] = {sid: [] for sid in sentence_ids}
        self.read.update(_mentions(conn, sentence_ids))

    def of(self, sentence_id: int) -> list[Mention]:
        """The mentions of sentence ``sentence_id``, in table order."""
        found = self.read.get(sentence_id)
        if found is None:
            found = _mentions(self.conn, [sentence_id]).get(sentence_id, [])
            self.read[sentence_id] = found
        return found


@dataclass
class _Sentence:
    id: int
    doc: int
    seq: int
    text: str
    reader: _MentionReader
    causes: list[Canonical] = field(default_factory=list)  # resolved claim causes

    @cached_property
    def mentions(self) -> list[Mention]:
        """The sentence's actor mentions, in table order (read on first use)."""
        return self.reader.of(self.id)


#: How many sentences back an anaphoric span ("this cooperation", "it") may look.
ANAPHORA_WINDOW = 2
#: Characters around a repeated issue word within which a previous sentence's actor
#: mentions are taken as the antecedent's actors.
ANAPHORA_CHARS = 35


def _add_claims(
    conn: sqlite3.Connection,
    cmap: CausalMap,
    holder: str | None,
) -> tuple[list[Frame], dict[tuple[int, int], list[Canonical]]]:
    """The claims' edges. Returns the claims that open a response frame, and the
    resolved causes of each (document, sentence number) that has claims."""
    claims = _rows(
        conn,
        "SELECT x.id, x.cause, x.cause_start, x.cause_end, x.effect, x.effect_start, "
        "x.effect_end, x.signal, x.sign, x.modality, x.conditional, x.holder, "
        "s.id, s.duplicate_of, d.name "  # the sentence's text is read with its window
        f"FROM claims x {_SENTENCE_JOIN} ORDER BY s.doc_id, s.seq, x.id",
    )
    reader = _MentionReader(conn, {sid for *_, sid, _, _ in claims})  # claims' sentences
    sentences: dict[int, _Sentence] = {}
    by_place: dict[tuple[int, int], int] = {}
    for sid, doc, seq, text in _near_claims(conn):
        sentences[sid] = _Sentence(sid, doc, seq, text, reader)
        by_place[(doc, seq)] = sid
    frames: list[Frame] = []  # claims that open a response frame (model.discourse)
    for (
        record_id,
        cause_text,
        cause_start,
        cause_end,
        effect_text,
        effect_start,
        effect_end,
        signal,
        claim_sign,
        modality,
        conditional,
        claim_holder,
        sid,
        dup,
        dname,
    ) in claims:
        sent = sentences[sid]
        cspan = _locate(sent.text, cause_text, cause_start, cause_end)
        espan = _locate(sent.text, effect_text, effect_start, effect_end)
        farther = [  # nearest first; the nearest ANAPHORA_WINDOW of them are `previous`
            sentences[by_place[(sent.doc, sent.seq - k)]]
            for k in range(1, ANAPHORA_FAR_WINDOW + 1)
            if (sent.doc, sent.seq - k) in by_place
        ]
        previous = [p for p in farther if sent.seq - p.seq <= ANAPHORA_WINDOW]
        lead = sent.text[cspan[0] : cspan[1]]
        causes = [
            place
            for part in _cause_parts(sent, cspan, espan)
            for place in place_variables(
                sent.text, sent.mentions, part, _resolve(sent, part, espan, previous, lead, farther)
            )
        ]
        sent.causes.extend(causes)  # every claim's: later anaphoras look back at them
        if not _holder_ok(claim_holder, holder) or unsigned_signal(signal):
            continue  # (its effect is resolved only for an edge: another holder's is not)
        effect = _resolve(
            sent,
            head_span(sent.text, *extend_light_noun(sent.text, *espan)),
            cspan,
            previous,
            farther=farther,
        )
        strength = MODALITY_WEIGHT.get(modality, 0.4)
        if conditional:
            strength *= CONDITIONAL_FACTOR
        if opens_response_frame(signal):
            agent = effect_agent(sent.mentions, *espan)
            if agent is not None:
                frames.append(
                    Frame(
                        sid,
                        dname,
                        agent,
                        tuple(causes),
                        1 if claim_sign == "+" else -1,
                        strength,
                        claim_holder,
                        record_id,
                    )
                )
        for cause in causes:
            if cause.key == effect.key or _says_nothing(cause) or _says_nothing(effect):
                continue  # a claim about one variable, or about nothing named, is no link
            src = cmap.add_variable(cause, cause_text)
            dst = cmap.add_variable(effect, effect_text)
            sign = (1 if claim_sign == "+" else -1) * cause.direction * effect.direction
            cmap.add_evidence(
                src,
                dst,
                sign,
                Evidence(
                    kind="claim",
                    sentence_id=sid,
                    document=dname,
                    text=sent.text,
                    cause_span=(cause_start, cause_end),
                    effect_span=(effect_start, effect_end),
                    holder=claim_holder,
                    modality=modality,
                    conditional=bool(conditional),
                    strength=strength,
                    record_id=record_id,
                    canonical_id=dup if dup is not None else sid,
                ),
            )

    by_sentence = {(st.doc, st.seq): st.causes for st in sentences.values() if st.causes}
    return frames, by_sentence


def _add_continuations(conn: sqlite3.Connection, cmap: CausalMap, frames: list[Frame]) -> None:
    """Edges from each response frame's causes to the actions that the next sentence
    adds to the response (``model.discourse``), cited to that sentence.

    The next sentences, their claims' cause spans and their mentions are read in one
    query each (a query a frame was a third of a map on a 1,000-document model)."""
    factor = discourse_rules().continuation_factor
    frame_ids = json.dumps(sorted({f.sentence_id for f in frames}))
    following: dict[int, tuple[int, str, int | None]] = {}
    for sid, nid, text, dup in _rows(
        conn,
        "SELECT s.id, n.id, n.text, n.duplicate_of FROM sentences s "
        "JOIN sentences n ON n.doc_id = s.doc_id AND n.seq = s.seq + 1 "
        "WHERE s.id IN (SELECT value FROM json_each(?)) ORDER BY n.id",
        (frame_ids,),
    ):
        following[sid] = (nid, text, dup)  # a place held twice keeps the later id
    next_ids = json.dumps(sorted({nid for nid, _, _ in following.values()}))
    causes: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for nid, start, end in _rows(
        conn,
        "SELECT sentence_id, cause_start, cause_end FROM claims "
        "WHERE sentence_id IN (SELECT value FROM json_each(?))",
        (next_ids,),
    ):
        causes[nid].append((int(start), int(end)))
    modifiers: dict[int, set[int]] = defaultdict(set)
    for nid, start in _rows(
        conn,
        "SELECT sentence_id, start FROM mentions WHERE kind = 'actor' "
        "AND via IN ('demonym', 'ner:NORP') AND sentence_id IN (SELECT value FROM json_each(?))",
        (next_ids,),
    ):
        modifiers[nid].add(int(start))
    reader = _MentionReader(conn, {nid for nid, _, _ in following.values()})
    for frame in frames:
        if frame.sentence_id not in following:
            continue
        sid, text, dup = following[frame.sentence_id]
        mentions = reader.of(sid)
        spans, mods = causes.get(sid, []), modifiers.get(sid, set())
        for (start, end), effect in continued_effects(text, mentions, frame, spans, mods):
            for cause in frame.causes:
                if cause.key == effect.key or _says_nothing(cause):
                    continue
                src = cmap.add_variable(cause, "")  # its spans came with its claim
                dst = cmap.add_variable(effect, text[start:end])
                cmap.add_evidence(
                    src,
                    dst,
                    frame.sign * cause.direction * effect.direction,
                    Evidence(
                        kind="continuation",
                        sentence_id=sid,
                        document=frame.document,
                        text=text,
                        effect_span=(start, end),
                        holder=frame.holder,
                        modality="possible",
                        strength=frame.strength * factor,
                        record_id=frame.record_id,
                        canonical_id=dup if dup is not None else sid,
                    ),
                )


@lru_cache(maxsize=4096)
def unsigned_signal(signal: str) -> bool:
    """The claim's signal states an influence but not its direction ("impacts", "a
    factor in", "the effect of"): ``unsigned_signals`` of the causal pattern file. Such
    a claim gives no edge; it still serves as an antecedent for later sentences.

    Cached: a corpus repeats a few hundred signals over thousands of claims."""
    unsigned = load_patterns().unsigned
    for word in tokens(signal):
        if (
            word in unsigned
            or (word.endswith("s") and word[:-1] in unsigned)
            or (word.endswith("ed") and (word[:-2] in unsigned or word[:-1] in unsigned))
            or (word.endswith("ing") and (word[:-3] in unsigned or word[:-3] + "e" in unsigned))
        ):
            return True
    return False


def _locate(text: str, span: str, start: int, end: int) -> tuple[int, int]:
    if text[start:end] == span:
        return start, end
    found = text.find(span)
    return (found, found + len(span)) if found >= 0 else (start, min(end, len(text)))


def _cause_parts(
    sent: _Sentence, span: tuple[int, int], other: tuple[int, int]
) -> list[tuple[int, int]]:
    """A coordinated cause ("X's expansion and the threat from Y") as separate causes,
    where every part has content of its own beyond actor names; else the whole span."""
    parts = conjuncts(sent.text, *span, sent.mentions)
    if len(parts) < 2:
        return [span]
    canons = [_canonical(sent, p, other) for p in parts]
    if all(c.issues or c.words for c in canons):
        return parts
    return [span]


def _says_nothing(canon: Canonical) -> bool:
    """No actor, issue or content word is left of the span ("response", an unresolved
    "it"): as a variable it would join every such span of the corpus into one node, a
    hub that links unrelated claims."""
    return not (canon.actors or canon.issues or canon.words)


def _bridged(
    sent: _Sentence, span: tuple[int, int], canon: Canonical, previous: list[_Sentence]
) -> Canonical:
    """A span naming no issue whose head noun repeats the head of an issue phrase of the
    previous sentences ("the new systems" after "bought missile defense systems")
    takes that issue, and the actors named within ``ANAPHORA_CHARS`` of the phrase (the
    earlier mention's owner). Else ``canon`` itself."""
    if canon.issues or not canon.words:
        return canon
    head = span_head(sent.text[span[0] : span[1]])
    if head is None:
        return canon
    for prev in previous:
        found = head_issue(head, prev.text)
        if found is None:
            continue
        issue, at = found
        owners = {
            country_level(m.code)
            for m in prev.mentions
            if m.end >= at - ANAPHORA_CHARS and m.start <= at + len(head) + ANAPHORA_CHARS
        }
        actors = tuple(sorted(set(canon.actors) | owners))
        return Canonical(actors, (issue,), canon.words, canon.direction)
    return canon


def _canonical(
    sent: _Sentence, span: tuple[int, int], other: tuple[int, int], lead: str | None = None
) -> Canonical:
    """``lead``: the text whose first word decides singular/plural fallback actors."""
    text = sent.text[span[0] : span[1]]
    codes, words = span_actors(
        sent.mentions,
        span[0],
        span[1],
        other=other,
        span_text=lead if lead is not None else text,
        sentence=sent.text,
    )
    canon = canonicalise(text, codes, words)
    if words and first_word(text) in ("its", "their") and _is_stance(canon.issues):
        # "their concerns about China": a view of its possessor(s) about the actors
        # named inside, keyed as perspective views are ("JPN-RUS:threat|CHN")
        named = sorted(
            {country_level(m.code) for m in sent.mentions if span[0] <= m.start < span[1]}
        )
        owners = tuple(a for a in canon.actors if a not in named)
        if owners and canon.issues:
            return Canonical(owners, canon.issues, canon.words, canon.direction, "-".join(named))
    return canon


def _is_stance(issues: tuple[str, ...]) -> bool:
    """Every one of ``issues`` is a stance (an issue of the data file's ``stance``)."""
    return lexicon().stance.issuperset(issues)


def _resolve(
    sent: _Sentence,
    span: tuple[int, int],
    other: tuple[int, int],
    previous: list[_Sentence],
    lead: str | None = None,
    farther: Sequence[_Sentence] = (),
) -> Canonical:
    """The span's variable; an anaphoric span naming no actor ("this cooperation",
    "it") takes its antecedent from the previous sentences: a claim cause there whose
    issues include the span's (any cause, for a bare pronoun), else the actors named
    within ``ANAPHORA_CHARS`` of the span's issue word in the previous sentence."""
    text = sent.text[span[0] : span[1]]
    if not is_anaphoric(text) or any(
        m.start >= span[0] and m.end <= span[1] for m in sent.mentions
    ):
        canon = _canonical(sent, span, other, lead)
        if is_anaphoric(text) and not canon.issues:
            found = kind_antecedent(canon, [p.causes for p in farther])
            if found is not None:
                return found
        return _bridged(sent, span, canon, previous)
    own = canonicalise(text)
    for prev in previous:
        for cause in reversed(prev.causes):
            if set(own.issues) <= set(cause.issues) and (cause.issues or cause.words):
                return Canonical(
                    cause.actors, cause.issues, cause.words, own.direction * cause.direction
                )
    keys = [w for w in tokens(text) if w not in lexicon().stopwords and w not in ANAPHORS]
    for prev in previous[:1]:
        low = prev.text.lower()
        for word in keys:
            at = low.find(word)
            if at < 0:
                continue
            codes = [
                m.code
                for m in prev.mentions
                if m.end >= at - ANAPHORA_CHARS and m.start <= at + len(word) + ANAPHORA_CHARS
            ]
            if codes:
                return canonicalise(text, codes)
    return _canonical(sent, span, other, lead)


def stance_variable(holder: str, stance: int, about: Canonical) -> Canonical:
    """The variable "H opposition to X" / "H support for X" of a perspective.

    Its issues are the stance's (``opposition``/``threat`` or ``support``, from the
    data file); what it is about (X's actors, issues and words) becomes its words. The
    key is qualified by the actors the view is about (``JPN:opposition+threat|CHN-RUS``,
    "Japan's threat perception of China and Russia"), or by X's key when X names no
    other actor, so that a holder's views of different actors stay apart.
    """
    lex = lexicon()
    issues = lex.negative_stance if stance < 0 else lex.positive_stance
    about_words = [*about.actors, *about.issues, *about.words[:3]]
    who = country_level(holder) if holder.upper() != "AUTHOR" else "AUTHOR"
    qualifier = "-".join(a for a in about.actors if a != who) or about.key
    return Canonical(
        (who,), tuple(sorted(issues)), tuple(w.lower() for w in about_words), 1, qualifier
    )


class _ViewRow(NamedTuple):
    """A perspective and its sentence: a row of ``_add_perspectives``'s query.

    A tuple with named fields (and not a ``sqlite3.Row``, whose fields are looked up by
    a scan of the column names): thousands of rows are read, a dozen fields each."""

    id: int
    holder: str
    target: str | None
    issue: str | None
    stance: float
    negated: int
    cue: str
    cue_start: int
    cue_end: int
    start: int
    end: int
    sid: int
    stext: str
    dup: int | None
    dname: str


@lru_cache(maxsize=1 << 14)
def _view_variables(
    holder: str, sign: int, issue: str, targets: tuple[str, ...]
) -> tuple[Canonical, Canonical, Canonical | None]:
    """The variables of a view of ``holder``, of stance ``sign``, on ``issue`` and
    ``targets`` (the rows of one perspective): what it is about (X), the view itself
    (``stance_variable``), and the tie between the holder and X's actor when X involves
    exactly one actor other than the holder (else ``None``): a view of one other actor's
    conduct bears on the tie between the two (Japan irritated by Russia's build-up →
    Japan–Russia relations fall; welcomed → rise).

    Cached: a corpus states the same few thousand views over many more perspectives,
    and every holder's map reads them again."""
    codes, words = text_actors(issue)
    return _view_of(holder, sign, canonicalise(issue, [*codes, *targets], words))


def _view_of(
    holder: str, sign: int, about: Canonical
) -> tuple[Canonical, Canonical, Canonical | None]:
    """``_view_variables`` once what the view is about is known."""
    view = stance_variable(holder, sign, about)
    who = country_level(holder)
    others = sorted({country_level(a) for a in about.actors} - {who})
    if holder.upper() != "AUTHOR" and len(others) == 1:
        return about, view, canonicalise("relations", [who, others[0]])
    return about, view, None


def _add_perspectives(
    conn: sqlite3.Connection,
    cmap: CausalMap,
    holder: str | None,
    causes: Mapping[tuple[int, int], list[Canonical]] | None = None,
) -> list[Frame]:
    """The views' edges; returns the views of concern, which open a response frame.
    ``causes``: the resolved claim causes of each (document, sentence number), where an
    anaphoric object ("such a step by A") looks for the event it names."""

    def earlier(sentence_id: int) -> list[list[Canonical]]:
        if not causes:
            return []
        doc, seq = _rows(conn, "SELECT doc_id, seq FROM sentences WHERE id = ?", (sentence_id,))[0]
        return [causes.get((doc, seq - k), []) for k in range(1, ANAPHORA_FAR_WINDOW + 1)]

    rows = _rows(
        conn,
        "SELECT x.id, x.holder, x.target, x.issue, x.stance, x.negated, x.cue, x.cue_start, "
        f'x.cue_end, x.start, x."end", {_SENTENCE_COLS} '
        f"FROM perspectives x {_SENTENCE_JOIN} ORDER BY x.id",
    )
    # One view of several targets ("Russia's cooperation with China": RUS and CHN) is
    # stored as a row per target: group them back.
    groups: dict[tuple[Any, ...], list[_ViewRow]] = defaultdict(list)
    frames: list[Frame] = []
    for row in map(_ViewRow._make, rows):
        if not _holder_ok(row.holder, holder):
            continue
        key = (row.sid, row.holder, row.issue, row.stance, row.negated, row.cue)
        groups[key].append(row)
    for group in groups.values():
        row = group[0]
        stance = float(row.stance) * (-1.0 if row.negated else 1.0)
        targets = [r.target for r in group if r.target]
        if abs(stance) < 0.1 or (not row.issue and not targets):
            continue
        issue = row.issue or ""
        sign = 1 if stance > 0 else -1
        about, view, tie = _view_variables(row.holder, sign, issue, tuple(targets))
        if not about.issues and names_a_kind(row.stext, issue):
            # "would see such a step by A as …": the event of A's named earlier
            found = kind_antecedent(about, earlier(row.sid))
            if found is not None:
                about, view, tie = _view_of(row.holder, sign, found)
        if _says_nothing(about):
            continue  # a view of "it", unresolved: of nothing the map can name
        src = cmap.add_variable(about, issue or " ".join(targets))
        dst = cmap.add_variable(view, f"{row.cue} {issue}".strip())
        cmap.variables[dst].about = tuple(
            sorted(set(cmap.variables[dst].about) | set(about.actors))
        )
        sentence: dict[str, Any] = {
            "kind": "perspective",
            "sentence_id": row.sid,
            "document": row.dname,
            "text": row.stext,
            "cause_span": (row.start, row.end),
            "effect_span": (row.cue_start, row.cue_end),
            "holder": row.holder,
            "record_id": row.id,
            "canonical_id": row.dup if row.dup is not None else row.sid,
        }
        strength = PERSPECTIVE_STRENGTH * min(1.0, abs(stance))
        cmap.add_evidence(src, dst, 1, Evidence(**sentence, strength=strength))
        if sign < 0 and row.holder.upper() != "AUTHOR":
            # a concern: what its holder does next may be the response (model.discourse)
            agent = country_level(row.holder)
            frames.append(Frame(row.sid, row.dname, agent, (about,), 1, strength, row.holder, None))
        if tie is not None:
            rel = cmap.add_variable(tie, "relations")
            strength = VIEW_TIE_STRENGTH * min(1.0, abs(stance))
            cmap.add_evidence(dst, rel, sign, Evidence(**sentence, strength=strength))
    return frames


def _add_relations(conn: sqlite3.Connection, cmap: CausalMap) -> None:
    rows = conn.execute(
        f"SELECT x.*, {_SENTENCE_COLS} FROM relations x {_SENTENCE_JOIN} "
        "AND x.type = 'dispute' ORDER BY x.id"
    ).fetchall()
    for row in rows:
        pair = sorted({country_level(row["source"]), country_level(row["target"])})
        if len(pair) < 2:
            continue
        obj = row["object"] or ""
        dispute = canonicalise(f"dispute {obj}", pair)
        relations = canonicalise("relations", pair)
        src = cmap.add_variable(dispute, f"{row['cue']} {obj}".strip())
        dst = cmap.add_variable(relations, "relations")
        cmap.add_evidence(
            src,
            dst,
            -1,
            Evidence(
                kind="relation",
                sentence_id=row["sid"],
                document=row["dname"],
                text=row["stext"],
                cause_span=(row["start"], row["end"]),
                holder="AUTHOR",
                strength=RELATION_STRENGTH * float(row["confidence"] or 1.0),
                record_id=row["id"],
                canonical_id=row["dup"] if row["dup"] is not None else row["sid"],
            ),
        )
