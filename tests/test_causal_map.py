"""Causal map assembly from a real SQLite model filled by hand."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from realpolitik.model.causal_map import CausalMap, build_causal_map
from realpolitik.model.discourse import (
    action_parts,
    coordinated_places,
    head_issue,
    span_head,
    subject_end,
)
from realpolitik.model.variables import Mention
from realpolitik.store import connect, transaction


@dataclass
class Claim:
    cause: str
    effect: str
    sign: str = "+"
    modality: str = "certain"
    conditional: bool = False
    holder: str = "AUTHOR"
    signal: str = "x"


@dataclass
class Sent:
    text: str
    actors: dict[str, str] = field(default_factory=dict)  # surface form -> code
    claims: list[Claim] = field(default_factory=list)
    duplicate_of: int | None = None  # index of an earlier Sent in the same model
    perspectives: list[tuple[str, str | None, str | None, float]] = field(default_factory=list)
    relations: list[tuple[str, str, str, str | None]] = field(default_factory=list)


def make_model(path: Path, docs: dict[str, list[Sent]]) -> Path:
    """A model file with documents, sentences, actor mentions and claims, as a build
    would store them (offsets sentence-relative, duplicates linked)."""
    conn = connect(path, create=True)
    ids: list[int] = []
    with transaction(conn):
        for name, sents in docs.items():
            text = " ".join(s.text for s in sents)
            doc = conn.execute(
                "INSERT INTO documents (path, name, status, text, updated_at) "
                "VALUES (?, ?, 'ok', ?, '2024-01-01')",
                (f"/corpus/{name}", name, text),
            ).lastrowid
            offset = 0
            for seq, s in enumerate(sents):
                dup = ids[s.duplicate_of] if s.duplicate_of is not None else None
                sid = int(
                    conn.execute(
                        'INSERT INTO sentences (doc_id, seq, kind, start, "end", text, duplicate_of) '
                        "VALUES (?, ?, 'body', ?, ?, ?, ?)",
                        (doc, seq, offset, offset + len(s.text), s.text, dup),
                    ).lastrowid
                    or 0
                )
                ids.append(sid)
                offset += len(s.text) + 1
                _fill(conn, sid, s)
    conn.close()
    return path


def _fill(conn: sqlite3.Connection, sid: int, s: Sent) -> None:
    for form, code in s.actors.items():
        for m in re.finditer(re.escape(form), s.text):
            conn.execute(
                'INSERT INTO mentions (sentence_id, start, "end", text, code, kind, via, confidence) '
                "VALUES (?, ?, ?, ?, ?, 'actor', 'name', 1.0)",
                (sid, m.start(), m.end(), form, code),
            )
    for c in s.claims:
        cs, es = s.text.index(c.cause), s.text.index(c.effect)
        conn.execute(
            "INSERT INTO claims (sentence_id, cause, cause_start, cause_end, effect, effect_start, "
            "effect_end, signal, sign, modality, conditional, holder, pattern, confidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test', 0.9)",
            (
                sid,
                c.cause,
                cs,
                cs + len(c.cause),
                c.effect,
                es,
                es + len(c.effect),
                c.signal,
                c.sign,
                c.modality,
                int(c.conditional),
                c.holder,
            ),
        )
    for holder, target, issue, stance in s.perspectives:
        conn.execute(
            "INSERT INTO perspectives (sentence_id, holder, target, issue, stance, negated, cue, "
            'cue_start, cue_end, start, "end", confidence) VALUES (?, ?, ?, ?, ?, 0, ?, 0, 1, 0, ?, 0.8)',
            (sid, holder, target, issue, stance, "sees", len(s.text)),
        )
    for source, target, rtype, obj in s.relations:
        conn.execute(
            "INSERT INTO relations (sentence_id, source, target, type, object, polarity, cue, "
            'start, "end", confidence) VALUES (?, ?, ?, ?, ?, -1, ?, 0, 5, 1.0)',
            (sid, source, target, rtype, obj, rtype),
        )


def load(path: Path, holder: str | None = None) -> CausalMap:
    conn = connect(path)
    try:
        return build_causal_map(conn, holder=holder)
    finally:
        conn.close()


ACTORS = {
    "Japan": "JPN",
    "Russia": "RUS",
    "Tokyo": "JPN",
    "Moscow": "RUS",
    "Washington": "USA",
    "China": "CHN",
    "South Korea": "KOR",
    "U.S.": "USA",
}


def test_claims_become_edges_between_canonical_variables(tmp_path: Path) -> None:
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Washington's deployment of THAAD in South Korea will strengthen China and Russia's "
                    "military cooperation.",
                    ACTORS,
                    [
                        Claim(
                            "Washington's deployment of THAAD in South Korea",
                            "China and Russia's military cooperation",
                            modality="likely",
                        )
                    ],
                ),
            ]
        },
    )
    cmap = load(db)
    assert set(cmap.variables) == {
        "KOR-USA:deployment+missile_defence",
        "CHN-RUS:cooperation+security",
    }
    (edge,) = cmap.edges.values()
    assert edge.sign == 1 and edge.belief == pytest.approx(0.7)
    ev = edge.evidence[0]
    assert ev.document == "a.txt" and ev.text.startswith("Washington's deployment")
    assert (
        ev.text[ev.cause_span[0] : ev.cause_span[1]]
        == "Washington's deployment of THAAD in South Korea"
    )
    assert cmap.variables["KOR-USA:deployment+missile_defence"].spans == [
        "Washington's deployment of THAAD in South Korea"
    ]


def test_direction_words_set_the_sign_not_the_variable(tmp_path: Path) -> None:
    """ "weakening of ties" is the ties variable, with the edge's sign flipped."""
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "The dispute led to a weakening of Japan–Russia ties.",
                    ACTORS,
                    [Claim("The dispute", "a weakening of Japan–Russia ties")],
                ),
                Sent(
                    "Trade will lead to stronger Japan–Russia relations.",
                    ACTORS,
                    [Claim("Trade", "stronger Japan–Russia relations", modality="possible")],
                ),
            ]
        },
    )
    cmap = load(db)
    signs = {(e.source, e.target): e.sign for e in cmap.edges.values()}
    assert signs[(":territory", "JPN-RUS:relations")] == -1
    assert signs[(":trade", "JPN-RUS:relations")] == 1


def test_modality_conditional_and_independent_sources(tmp_path: Path) -> None:
    """Two documents state the link (likely 0.7; conditional possible 0.4 × 0.8 = 0.32):
    belief = 1 − (1 − 0.7)(1 − 0.32) = 0.796; a restatement of the first adds nothing."""
    text = "If trade grows, Japan–Russia relations will improve."
    claim = Claim("trade grows", "Japan–Russia relations will improve", modality="likely")
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [Sent(text, ACTORS, [claim])],
            "b.txt": [
                Sent(text, ACTORS, [claim], duplicate_of=0),
                Sent(
                    "If trade grows, Japan–Russia relations might improve.",
                    ACTORS,
                    [
                        Claim(
                            "trade grows",
                            "Japan–Russia relations might improve",
                            modality="possible",
                            conditional=True,
                        )
                    ],
                ),
            ],
        },
    )
    (edge,) = load(db).edges.values()
    assert len(edge.evidence) == 3
    assert edge.sources == 2
    assert edge.documents == ["a.txt", "b.txt"]
    assert edge.belief == pytest.approx(1 - 0.3 * 0.68)


def test_contradicting_edges_are_both_kept_and_flagged(tmp_path: Path) -> None:
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Sanctions strengthen Russia–China ties.",
                    ACTORS | {"Russia–China": "RUS"},
                    [Claim("Sanctions", "Russia–China ties")],
                ),
                Sent(
                    "Sanctions weaken Russia–China ties.",
                    ACTORS,
                    [Claim("Sanctions", "Russia–China ties", sign="-")],
                ),
            ]
        },
    )
    cmap = load(db)
    edges = sorted(cmap.edges.values(), key=lambda e: e.sign)
    assert [e.sign for e in edges] == [-1, 1]
    assert all(e.contradicted for e in edges)
    assert edges[0].source == edges[1].source and edges[0].target == edges[1].target


def test_holder_maps(tmp_path: Path) -> None:
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Moscow believes missile defense in Japan undermines the military balance.",
                    ACTORS,
                    [
                        Claim(
                            "missile defense in Japan",
                            "the military balance",
                            sign="-",
                            holder="RUSGOV",
                        )
                    ],
                ),
                Sent(
                    "Trade improves Japan–Russia relations.",
                    ACTORS,
                    [Claim("Trade", "Japan–Russia relations")],
                ),
            ]
        },
    )
    assert len(load(db, "RUS").edges) == 1
    assert {e.holders[0] for e in load(db, "AUTHOR").edges.values()} == {"AUTHOR"}
    assert len(load(db).edges) == 2
    assert load(db, "CHN").edges == {}


def test_perspective_and_dispute_edges(tmp_path: Path) -> None:
    """Opposition rises with what is opposed; a dispute lowers the pair's relations."""
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Russia opposes missile defense in Japan.",
                    ACTORS,
                    perspectives=[("RUS", "JPN", "missile defense in Japan", -1.0)],
                ),
                Sent(
                    "The Kuril dispute divides Japan and Russia.",
                    ACTORS,
                    relations=[("JPN", "RUS", "dispute", "Kuril Islands")],
                ),
            ]
        },
    )
    cmap = load(db)
    by_kind = {e.evidence[0].kind: e for e in cmap.edges.values()}
    view = cmap.edges["JPN:missile_defence +> RUS:opposition+threat|JPN"]
    assert view.evidence[0].kind == "perspective" and view.sign == 1
    assert cmap.variables[view.target].issues == ("opposition", "threat")
    assert cmap.variables[view.target].actors == ("RUS",)
    # a hostile view of one other actor's conduct strains the tie between the two,
    # cited by the same sentence
    tie = cmap.edges["RUS:opposition+threat|JPN -> JPN-RUS:relations"]
    assert tie.evidence[0].sentence_id == view.evidence[0].sentence_id
    assert tie.belief == pytest.approx(0.5)
    dispute = by_kind["relation"]
    assert dispute.target == "JPN-RUS:relations" and dispute.sign == -1
    assert dispute.belief == pytest.approx(0.4)


def test_anaphoric_span_takes_its_antecedent(tmp_path: Path) -> None:
    """ "This cooperation" names no actor: the previous sentence's Russia and China."""
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Meanwhile, Tokyo will keep a close eye on the growing cooperation of Russia with China.",
                    ACTORS,
                ),
                Sent(
                    "This cooperation will intensify after the U.S. deploys missile defense.",
                    ACTORS,
                    [Claim("the U.S. deploys missile defense", "This cooperation will intensify")],
                ),
            ]
        },
    )
    (edge,) = load(db).edges.values()
    assert edge.target == "CHN-RUS:cooperation"
    assert edge.source == "USA:deployment+missile_defence"


GULF = {"Iran": "IRN", "Saudi Arabia": "SAU", "Riyadh": "SAU", "the U.S.": "USA", "Qatar": "QAT"}
RESPONSE = Sent(
    "In response to Iran's missile tests, Saudi Arabia has bought air defence systems from the U.S.",
    GULF,
    [
        Claim(
            "Iran's missile tests",
            "Saudi Arabia has bought air defence systems from the U.S.",
            signal="In response to",
        )
    ],
)


def _continuations(cmap: CausalMap) -> dict[str, list[str]]:
    """Target → the continuing spans of every edge that a continuation gives."""
    found: dict[str, list[str]] = {}
    for edge in cmap.edges.values():
        for ev in edge.evidence:
            if ev.kind == "continuation":
                assert ev.effect_span is not None and ev.sentence_id is not None
                found.setdefault(edge.target, []).append(ev.text[slice(*ev.effect_span)])
    return found


def test_a_response_continued_in_the_next_sentence(tmp_path: Path) -> None:
    """The next sentence, opening with the responding actor, lists more of the response:
    each action is an effect of the same cause, cited to that sentence, at half weight."""
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                RESPONSE,
                Sent("Riyadh is also expanding its navy and training more pilots.", GULF),
            ]
        },
    )
    cmap = load(db)
    found = _continuations(cmap)
    assert found == {
        "SAU:power": ["is also expanding its navy"],
        "SAU:~train+~pilot": ["training more pilots"],
    }
    stated = cmap.edges["IRN:missiles +> SAU-USA:security"]
    continued = cmap.edges["IRN:missiles +> SAU:power"]
    assert continued.evidence[0].sentence_id != stated.evidence[0].sentence_id
    assert continued.evidence[0].record_id == stated.evidence[0].record_id
    assert continued.belief == pytest.approx(stated.belief / 2)


@pytest.mark.parametrize(
    "after",
    [
        Sent("However, Riyadh is also expanding its navy.", GULF),  # the frame is left
        Sent("Qatar is expanding its navy.", GULF),  # another subject
        Sent("Saudi Arabia is a large buyer of arms.", GULF),  # a state, not an action
        Sent("Saudi Arabia said the tests were a threat.", GULF),  # reported speech
        Sent("Saudi Arabia has a navy.", GULF),  # possession
        Sent("Saudi Arabia's navy is expanding.", GULF),  # the navy is the subject
        Sent(  # a claim of its own
            "Riyadh is expanding its navy because of Qatar's fleet.",
            GULF,
            [Claim("Qatar's fleet", "Riyadh is expanding its navy")],
        ),
    ],
)
def test_no_continuation_past_the_frame(tmp_path: Path, after: Sent) -> None:
    db = make_model(tmp_path / "m.db", {"a.txt": [RESPONSE, after]})
    assert _continuations(load(db)) == {}


def test_a_concern_and_what_its_holder_does_next(tmp_path: Path) -> None:
    """A view of concern opens a frame: the holder's next action ("It plans to …") is its
    response, cut before its purpose ("to deter …") and apart from a relative aside."""
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Saudi Arabia is alarmed by Iran's missile tests.",
                    GULF,
                    perspectives=[("SAU", "IRN", "Iran's missile tests", -1.0)],
                ),
                Sent(
                    "It plans to buy air defence systems from the U.S., which sells them "
                    "widely, to deter further tests.",
                    GULF,
                ),
            ]
        },
    )
    assert _continuations(load(db)) == {
        "SAU-USA:security": ["plans to buy air defence systems from the U.S."]
    }


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        # a list splits at its commas and "and"
        (
            "Riyadh will recall its envoy, close a consulate and suspend flights.",
            ["will recall its envoy", "close a consulate", "suspend flights"],
        ),
        # an adjunct or an apposition is no action
        ("Riyadh recalled its envoy, as a warning.", ["recalled its envoy"]),
        ("Riyadh recalled its envoy, a rare step.", ["recalled its envoy"]),
        ("Riyadh recalled its envoy, raising tensions.", ["recalled its envoy"]),
        (
            "Riyadh recalled its envoy, as a warning, and closed a consulate.",
            ["recalled its envoy", "closed a consulate"],
        ),
        # a verb's own infinitive is the action; a purpose after an object is cut
        ("Riyadh offered to mediate.", ["offered to mediate"]),
        ("Riyadh bought jets to deter attacks.", ["bought jets"]),
        ("Riyadh is also expanding its navy.", ["is also expanding its navy"]),
        ("Riyadh has sent ships.", ["has sent ships"]),
        ("Riyadh will continue to see the tests as a threat.", []),  # a view
        ("Riyadh, which has a large navy, will send ships.", []),  # an aside
    ],
)
def test_action_parts(text: str, actions: list[str]) -> None:
    at = len("Riyadh")
    parts = (
        action_parts(text, at)
        if subject_end(text, [Mention(0, at, "Riyadh", "SAU")], "SAU")
        else []
    )
    assert [text[a:b] for a, b in parts] == actions


def test_a_demonym_opening_is_no_subject() -> None:
    text = "Saudi officials closed the border."
    mention = Mention(0, 5, "Saudi", "SAU")
    assert subject_end(text, [mention], "SAU") == 5
    assert subject_end(text, [mention], "SAU", modifiers={0}) is None
    assert subject_end("It closed the border.", [], "SAU") == 2


def test_such_a_move_names_the_event_said_before(tmp_path: Path) -> None:
    """ "Such a step by Riyadh", naming no issue, is the earlier claim cause of Riyadh's,
    within a paragraph; "this Saudi plan for reform" says what it is and stays itself."""
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "A Saudi arms deal with Qatar would anger Iran.",
                    {**GULF, "Saudi": "SAU"},
                    [Claim("A Saudi arms deal with Qatar", "would anger Iran")],
                ),
                Sent("Oil prices were flat.", GULF),
                Sent("Markets were calm.", GULF),
                Sent(
                    "Iran would see such a step by Riyadh as hostile.",
                    GULF,
                    perspectives=[("IRN", "SAU", "step", -1.0)],
                ),
                Sent(
                    "Such a step by Riyadh would also worry Qatar.",
                    GULF,
                    [Claim("Such a step by Riyadh", "would also worry Qatar")],
                ),
                Sent(
                    "This Saudi plan for reform would weaken Qatar.",
                    {**GULF, "Saudi": "SAU"},
                    [Claim("This Saudi plan for reform", "would weaken Qatar")],
                ),
            ]
        },
    )
    edges = {(e.source, e.target, e.evidence[0].kind) for e in load(db).edges.values()}
    deal = "QAT-SAU:agreement+security"
    assert edges == {
        (deal, "IRN:~anger", "claim"),
        (deal, "IRN:opposition+threat|QAT-SAU", "perspective"),  # "such a step" 3 back
        (deal, "QAT:threat", "claim"),  # "such a step" 4 back
        ("SAU:~plan+~reform", "QAT:", "claim"),
    }


def test_a_concern_stated_as_a_claim_opens_a_frame(tmp_path: Path) -> None:
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Iran's missile tests alarmed Saudi Arabia.",
                    GULF,
                    [Claim("Iran's missile tests", "Saudi Arabia", signal="alarmed")],
                ),
                Sent("It plans to expand its navy.", GULF),
            ]
        },
    )
    assert _continuations(load(db)) == {"SAU:power": ["plans to expand its navy"]}


def test_only_a_response_frame_is_continued(tmp_path: Path) -> None:
    because = Sent(
        RESPONSE.text,
        GULF,
        [Claim("Iran's missile tests", "Saudi Arabia has bought air defence systems", signal="x")],
    )
    after = Sent("Riyadh is also expanding its navy.", GULF)
    db = make_model(tmp_path / "m.db", {"a.txt": [because, after]})
    assert _continuations(load(db)) == {}


def test_a_repeated_head_noun_takes_the_earlier_issue_and_places_split(tmp_path: Path) -> None:
    """ "New systems" after "missile defense systems" are missile defence; a policy in
    "Poland and Romania" is one variable a place (here no owner is named)."""
    actors = {"Russia": "RUS", "Russian": "RUS", "Poland": "POL", "Romania": "ROU"}
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Russia objects to plans to deploy missile defense systems in Europe.", actors
                ),
                Sent(
                    "New systems in Poland and Romania would weaken Russian security.",
                    actors,
                    [Claim("New systems in Poland and Romania", "would weaken Russian security")],
                ),
            ]
        },
    )
    assert set(load(db).edges) == {
        "POL:missile_defence -> RUS:security",
        "ROU:missile_defence -> RUS:security",
    }


def test_a_head_noun_with_a_modifier_of_its_own_names_something_new(tmp_path: Path) -> None:
    actors = {"Chile": "CHL"}
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent("Chile bought missile defense systems last year.", actors),
                Sent(
                    "Radar systems strained the budget of Chile.",
                    actors,
                    [Claim("Radar systems", "strained the budget of Chile")],
                ),
            ]
        },
    )
    (edge,) = load(db).edges.values()
    assert edge.source == ":~radar+~system"


@pytest.mark.parametrize(
    ("span", "head"),
    [
        ("new systems in Poland and Romania", "systems"),
        ("the rising prices", "prices"),
        ("rising food prices", None),  # a modifier of content
        ("Sweden pushes ahead with reforms", None),  # a clause
        ("them", None),
    ],
)
def test_span_head(span: str, head: str | None) -> None:
    assert span_head(span) == head


def test_head_issue_and_coordinated_places() -> None:
    text = "Turkey bought missile defense systems last spring and plans more."
    assert head_issue("systems", text) == ("missile_defence", text.index("systems"))
    assert head_issue("prices", text) is None
    sentence = "Radars in Poland, Romania and Turkey and in Spain"
    mentions = [
        Mention(m.start(), m.end(), m.group(), m.group()[:3].upper())
        for m in re.finditer(r"Poland|Romania|Turkey|Spain", sentence)
    ]
    places = coordinated_places(sentence, mentions, 0, len(sentence))
    assert [m.text for m in places] == ["Poland", "Romania", "Turkey"]
    assert coordinated_places(sentence, mentions[:1], 0, len(sentence)) == []


def test_a_span_that_names_nothing_is_no_variable(tmp_path: Path) -> None:
    """ "response" (and an unresolved "it") leaves no actor, issue or word: as a variable
    it would join unrelated claims through one unnamed node."""
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Iran's missile tests drew a response.",
                    GULF,
                    [Claim("Iran's missile tests", "a response")],
                ),
                Sent(
                    "It worried Qatar.",
                    GULF,
                    [Claim("It", "worried Qatar")],
                ),
            ]
        },
    )
    cmap = load(db)
    assert all(v.actors or v.issues or v.words for v in cmap.variables.values())
    assert all(e.source != ":" and e.target != ":" for e in cmap.edges.values())


def test_subsumed_variables_merge(tmp_path: Path) -> None:
    db = make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Trade improves Japan–Russia relations.",
                    ACTORS,
                    [Claim("Trade", "Japan–Russia relations")],
                ),
                Sent(
                    "Fear of China deepens Japan–Russia security relations.",
                    ACTORS,
                    [Claim("Fear of China", "Japan–Russia security relations")],
                ),
            ]
        },
    )
    cmap = load(db)
    assert "JPN-RUS:relations+security" not in cmap.variables
    merged = cmap.variables["JPN-RUS:relations"]
    assert "Japan–Russia security relations" in merged.spans and merged.notes
    assert {e.target for e in cmap.edges.values()} == {"JPN-RUS:relations"}


# ---- the indexed merge, the subset index and the trie regex keep the plain results ----


def _merge_one_at_a_time(cmap: CausalMap, into: str, others: list[str], note: str) -> None:
    """The plain merge (every edge scanned per variable), as the reference."""
    from realpolitik.model.map_types import Edge, edge_id

    target = cmap.variables[into]
    for vid in others:
        if vid == into or vid not in cmap.variables:
            continue
        gone = cmap.variables.pop(vid)
        target.spans.extend(s for s in gone.spans if s not in target.spans)
        target.notes.append(f"merged {vid!r} into this: {note}")
        for edge in list(cmap.edges.values()):
            if vid not in (edge.source, edge.target):
                continue
            del cmap.edges[edge.id]
            src = into if edge.source == vid else edge.source
            dst = into if edge.target == vid else edge.target
            if src == dst:
                cmap.removed.append({"edge": edge.to_dict(), "note": f"a loop after merge: {note}"})
                continue
            kept = cmap.edges.get(edge_id(src, dst, edge.sign))
            if kept is None:
                kept = Edge(edge_id(src, dst, edge.sign), src, dst, edge.sign)
                cmap.edges[kept.id] = kept
            kept.evidence.extend(edge.evidence)
            kept.notes.extend(edge.notes)


def test_indexed_merge_matches_the_plain_one() -> None:
    """Same edges in the same map order, same evidence order, same loops removed."""
    import copy

    from realpolitik.model.generalise import merge_pairs
    from tests.test_scenario import small_map

    cmap = small_map(
        [
            ("A", "B", 1.0), ("B", "C", -0.5), ("C", "A", 0.3), ("D", "B", 0.4),
            ("A", "D", 0.2), ("E", "C", 0.7), ("B", "A", -0.6), ("C", "B", 0.9),
            ("D", "E", 0.5), ("E", "A", 0.1), ("B", "E", -0.2), ("A", "C", 0.8),
        ]
    )  # fmt: skip
    plan = [("B", "A"), ("D", "C"), ("E", "A"), ("B", "C"), ("X", "A"), ("C", "C")]
    plain = copy.deepcopy(cmap)
    for vid, into in plan:
        _merge_one_at_a_time(plain, into, [vid], "n")
    merge_pairs(cmap, plan, "n")
    assert cmap.to_dict() == plain.to_dict()
    assert list(cmap.edges) == list(plain.edges) and cmap.removed


def test_actor_trie_regex_matches_the_longest_first_alternation() -> None:
    from realpolitik.model.variables import _trie_alternation

    forms = ["us", "u.s.", "united states", "united", "states", "un", "union", "eu", "e"]
    plain = re.compile(
        r"(?<![\w.])("
        + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?![\w])",
        re.IGNORECASE,
    )
    trie = re.compile(r"(?<![\w.])(" + _trie_alternation(forms) + r")(?![\w])", re.IGNORECASE)
    for text in [
        "The United States and the U.S. and US-EU ties",
        "united statesman, UNION, Un, e",
        "the union of states",
        "U.S.A. unite, eu.",
        "",
    ]:
        assert [m.span(1) for m in trie.finditer(text)] == [m.span(1) for m in plain.finditer(text)]


@pytest.mark.parametrize(
    "code",
    [
        # the unsigned-signal words come from the pattern file, not the spaCy extractor
        "from realpolitik.model.causal_map import unsigned_signal; "
        "assert unsigned_signal('impacts') and not unsigned_signal('weakens')",
        # the web workbench and the model readers start without it
        "import realpolitik.web.app, realpolitik.model.dyads, "
        "realpolitik.model.profiles, realpolitik.model.scenario",
    ],
    ids=["map-assembly", "web-and-readers"],
)
def test_model_readers_do_not_load_spacy(code: str) -> None:
    import subprocess
    import sys

    check = f"import sys; {code}; assert 'spacy' not in sys.modules, 'spaCy was imported'"
    subprocess.run([sys.executable, "-c", check], check=True)
