"""Evidence search (realpolitik.search) on small models in real SQLite files."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from realpolitik.search import Hit, SearchError, ask, format_hit, rebuild_index, refresh_index
from realpolitik.search.index import analyse, pending
from realpolitik.search.retrieve import fts_query
from realpolitik.store import connect, transaction

# Our own sentences (no seed text): a small corpus on made-up events.
DOC_A = [
    ("heading", "Northern security"),
    ("body", "Russia protested the deployment of THAAD batteries near its border."),
    ("body", "The Kremlin called the move a threat to strategic stability."),
    ("body", "Trade between Norway and Finland grew last year."),
    ("body", "This cooperation will deepen after the summit."),
]
DOC_B = [
    ("body", "Japan and Australia signed an agreement on fisheries."),
    ("body", "Analysts expect the Finnish economy to slow."),
]


def _add_doc(
    conn: sqlite3.Connection,
    name: str,
    sentences: list[tuple[str, str]],
    *,
    date: str | None = None,
) -> list[int]:
    text = "\n".join(s for _, s in sentences)
    with transaction(conn):
        doc_id = conn.execute(
            "INSERT INTO documents (path, name, status, text, date, updated_at) "
            "VALUES (?, ?, 'ok', ?, ?, '2026-01-01')",
            (f"/corpus/{name}", name, text, date),
        ).lastrowid
        ids = []
        offset = 0
        for seq, (kind, sentence) in enumerate(sentences):
            cursor = conn.execute(
                'INSERT INTO sentences (doc_id, seq, kind, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)',
                (doc_id, seq, kind, offset, offset + len(sentence), sentence),
            )
            ids.append(int(cursor.lastrowid or 0))
            offset += len(sentence) + 1
    return ids


def _mention(conn: sqlite3.Connection, sid: int, text: str, code: str) -> None:
    sentence = conn.execute("SELECT text FROM sentences WHERE id = ?", (sid,)).fetchone()[0]
    start = sentence.index(text)
    with transaction(conn):
        conn.execute(
            'INSERT INTO mentions (sentence_id, start, "end", text, code, kind, via, confidence) '
            "VALUES (?, ?, ?, ?, ?, 'actor', 'name', 1.0)",
            (sid, start, start + len(text), text, code),
        )


@pytest.fixture
def model(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(tmp_path / "model.db", create=True)
    try:
        yield conn
    finally:
        conn.close()


def _texts(hits: list[Hit]) -> list[str]:
    return [h.text for h in hits]


class WordEmbedder:
    """A deterministic toy embedder: hashed bag of words, unit length (no model needed)."""

    name = "test-bag-of-words"

    def __init__(self) -> None:
        self.calls = 0
        self.encoded: list[str] = []

    def encode(self, texts: list[str]) -> npt.NDArray[np.float32]:
        self.calls += 1
        self.encoded.extend(texts)
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in analyse(text).words:
                out[row, sum(map(ord, word)) % 64] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


def test_first_ask_indexes_the_model_and_ranks_by_words(model: sqlite3.Connection) -> None:
    _add_doc(model, "a.txt", DOC_A)
    assert pending(model) == len(DOC_A)
    hits = ask(model, "Who protested the THAAD deployment?", embeddings="off")
    assert pending(model) == 0
    assert hits[0].text == DOC_A[1][1]
    assert hits[0].place.doc == "a.txt"
    assert hits[0].place.line == 2
    assert hits[0].place.section == "Northern security"
    assert hits[0].dense is None
    assert hits[0].rank == 1 and hits[0].bm25 == 1.0


def test_capital_and_institution_find_the_state(model: sqlite3.Connection) -> None:
    ids = _add_doc(model, "a.txt", DOC_A)
    _mention(model, ids[1], "Russia", "RUS")
    # "Moscow" is in no sentence: the question's capital meets the sentence's actor code
    hits = ask(model, "What does Moscow think?", k=3, embeddings="off")
    assert DOC_A[1][1] in _texts(hits)
    # without stored mentions (a model built without extraction) the registry finds them
    hits = ask(model, "What did Moscow say about strategic stability?", k=1, embeddings="off")
    assert hits[0].text == DOC_A[2][1]


def test_issue_synonyms_meet(model: sqlite3.Connection) -> None:
    _add_doc(model, "a.txt", DOC_A)
    hits = ask(model, "anti-missile systems", k=1, embeddings="off")
    assert hits[0].text == DOC_A[1][1]  # THAAD: the same issue in the lexicon


def test_the_sentence_before_gives_context(model: sqlite3.Connection) -> None:
    _add_doc(model, "a.txt", DOC_A)
    # "This cooperation" follows the sentence on Norway and Finland
    hits = ask(model, "Will Norway and Finland cooperate more?", k=2, embeddings="off")
    assert DOC_A[4][1] in _texts(hits)


def test_filters(model: sqlite3.Connection) -> None:
    a = _add_doc(model, "a.txt", DOC_A, date="2017-03-01")
    b = _add_doc(model, "b.txt", DOC_B, date="2019-06-30")
    with transaction(model):
        model.execute(
            "INSERT INTO events (sentence_id, source, target, plover, cameo, cameo_root, intensity, "
            'modality, negated, instrument, power, trigger, start, "end", confidence) VALUES '
            "(?, 'JPN', 'AUS', 'AGREE', '057', '05', 4.0, 'asserted', 0, 'economic', 'soft', "
            "'signed', 0, 5, 0.9)",
            (b[0],),
        )
    question = "agreement trade economy protest"
    assert {h.place.doc for h in ask(model, question, embeddings="off")} == {"a.txt", "b.txt"}
    assert {h.place.doc for h in ask(model, question, since="2018", embeddings="off")} == {"b.txt"}
    assert {h.place.doc for h in ask(model, question, until="2017", embeddings="off")} == {"a.txt"}
    assert {h.place.doc for h in ask(model, question, until="2017-02", embeddings="off")} == set()
    hits = ask(model, question, kind="event", embeddings="off")
    assert [h.sentence_id for h in hits] == [b[0]]
    assert hits[0].facts["events"][0]["plover"] == "AGREE"
    assert {h.sentence_id for h in ask(model, question, actor="FIN", embeddings="off")} == {
        a[3],
        b[1],
    }
    assert {h.sentence_id for h in ask(model, question, actor="Helsinki", embeddings="off")} == {
        a[3],
        b[1],
    }
    hits = ask(model, "Finland protest", issue="trade", embeddings="off")
    assert {h.sentence_id for h in hits} == {a[3], b[1]}  # "economy" is the trade issue
    with pytest.raises(SearchError):
        ask(model, question, kind="rumour", embeddings="off")
    with pytest.raises(SearchError):
        ask(model, question, actor="Atlantis", embeddings="off")


def test_headings_and_body_only_unless_asked(model: sqlite3.Connection) -> None:
    _add_doc(
        model,
        "a.txt",
        [
            ("boilerplate", "Subscribe to our newsletter on sanctions."),
            ("body", "Sanctions were lifted in May."),
        ],
    )
    assert _texts(ask(model, "sanctions newsletter", embeddings="off")) == [
        "Sanctions were lifted in May."
    ]
    hits = ask(
        model, "sanctions newsletter", sentence_kinds=("boilerplate", "body"), embeddings="off"
    )
    assert hits[0].kind == "boilerplate"


def test_restatements_show_the_canonical_sentence_once(model: sqlite3.Connection) -> None:
    a = _add_doc(model, "a.txt", DOC_A)
    b = _add_doc(
        model,
        "b.txt",
        [("body", "Russia protested the deployment of THAAD batteries near its borders.")],
    )
    with transaction(model):
        model.execute("UPDATE sentences SET duplicate_of = ? WHERE id = ?", (a[1], b[0]))
    hits = ask(model, "THAAD batteries near its borders", embeddings="off")
    assert hits[0].sentence_id == a[1]
    assert [c.sentence_id for c in hits[0].copies] == [b[0]]
    assert [c.doc for c in hits[0].copies] == ["b.txt"]
    assert b[0] not in [h.sentence_id for h in hits]


def test_incremental_refresh_and_reused_ids(model: sqlite3.Connection) -> None:
    a = _add_doc(model, "a.txt", DOC_A)
    assert refresh_index(model).indexed == len(DOC_A)
    assert refresh_index(model).indexed == 0
    _add_doc(model, "b.txt", DOC_B)
    assert refresh_index(model).indexed == len(DOC_B)
    # a mention added later re-indexes its sentence only
    _mention(model, a[3], "Norway", "NOR")
    assert refresh_index(model).indexed == 1
    # a changed document is deleted and written again: SQLite may reuse the ids
    with transaction(model):
        model.execute("DELETE FROM documents WHERE name = 'b.txt'")
    assert model.execute("SELECT COUNT(*) FROM search_fts").fetchone()[0] == len(DOC_A)
    new = _add_doc(model, "b.txt", [("body", "Fisheries talks collapsed in autumn.")])
    hits = ask(model, "fisheries agreement Australia", embeddings="off")
    assert hits[0].sentence_id == new[0]
    assert hits[0].text == "Fisheries talks collapsed in autumn."
    assert not any("Australia" in h.text for h in hits)


def test_updated_text_is_reindexed(model: sqlite3.Connection) -> None:
    a = _add_doc(model, "a.txt", DOC_A)
    ask(model, "warm", embeddings="off")
    with transaction(model):
        model.execute("UPDATE sentences SET text = 'Grain exports doubled.' WHERE id = ?", (a[3],))
    assert [h.sentence_id for h in ask(model, "grain exports", embeddings="off")] == [a[3]]


def test_vectors_are_made_once_and_again_when_the_text_changes(
    model: sqlite3.Connection,
) -> None:
    a = _add_doc(model, "a.txt", DOC_A)
    embedder = WordEmbedder()
    hits = ask(model, "summit cooperation", embeddings=embedder)
    assert hits[0].dense is not None
    stored = model.execute("SELECT COUNT(*) FROM search_vectors").fetchone()[0]
    assert stored == len(DOC_A)
    encoded = len(embedder.encoded)
    ask(model, "summit cooperation", embeddings=embedder)
    assert len(embedder.encoded) == encoded + 1  # only the question
    with transaction(model):
        model.execute("UPDATE sentences SET text = 'Grain exports doubled.' WHERE id = ?", (a[3],))
    ask(model, "grain", embeddings=embedder)
    assert "Grain exports doubled." in embedder.encoded
    assert model.execute("SELECT COUNT(*) FROM search_vectors").fetchone()[0] == len(DOC_A)


def test_vectors_alone_can_find_a_sentence(model: sqlite3.Connection) -> None:
    """A question sharing no indexed word still gets the nearest vectors."""
    _add_doc(model, "a.txt", DOC_A)

    class Fixed(WordEmbedder):
        name = "fixed"

        def encode(self, texts: list[str]) -> npt.NDArray[np.float32]:
            out = np.zeros((len(texts), 4), dtype=np.float32)
            for row, text in enumerate(texts):
                out[row, 0 if ("Kremlin" in text or "zzz" in text) else 1] = 1.0
            return out

    hits = ask(model, "zzz", k=1, embeddings=Fixed())
    assert hits[0].text == DOC_A[2][1]
    assert hits[0].bm25 == 0.0 and hits[0].dense == 1.0


def test_rebuild_gives_the_same_index(model: sqlite3.Connection) -> None:
    _add_doc(model, "a.txt", DOC_A)
    first = [(h.sentence_id, h.score) for h in ask(model, "THAAD threat", embeddings="off")]
    rebuild_index(model)
    assert [(h.sentence_id, h.score) for h in ask(model, "THAAD threat", embeddings="off")] == first


def test_hits_serialise_to_json(model: sqlite3.Connection) -> None:
    ids = _add_doc(model, "a.txt", DOC_A)
    _mention(model, ids[1], "Russia", "RUS")
    hit = ask(model, "Russia THAAD", k=1, embeddings="off")[0]
    data = json.loads(json.dumps(hit.to_dict()))
    assert data["place"]["doc"] == "a.txt"
    assert data["facts"]["actors"] == ["RUS"]
    assert set(data["facts"]) >= {"events", "relations", "perspectives", "claims"}


def test_questions_without_words(model: sqlite3.Connection) -> None:
    _add_doc(model, "a.txt", DOC_A)
    assert ask(model, "what is it?", embeddings="off") == []
    assert fts_query("?!") is None


def test_fts_operators_in_a_question_are_words(model: sqlite3.Connection) -> None:
    _add_doc(model, "a.txt", [("body", "Talks did NOT resume; near the border, AND nothing more.")])
    hits = ask(model, 'NOT "AND" OR near(x) column:text* ^start', embeddings="off")
    assert len(hits) == 1


def test_read_only_model_is_searched_as_it_is(tmp_path: Path) -> None:
    conn = connect(tmp_path / "m.db", create=True)
    _add_doc(conn, "a.txt", DOC_A)
    ask(conn, "warm", embeddings="off")
    _add_doc(conn, "b.txt", DOC_B)  # not indexed yet
    conn.close()
    ro = sqlite3.connect(f"file:{tmp_path / 'm.db'}?mode=ro", uri=True)
    ro.row_factory = sqlite3.Row
    try:
        hits = ask(ro, "THAAD", embeddings="off")
        assert hits and hits[0].place.doc == "a.txt"
    finally:
        ro.close()


def test_format_hit_and_limit(model: sqlite3.Connection) -> None:
    a = _add_doc(model, "a.txt", DOC_A)
    b = _add_doc(
        model,
        "b.txt",
        [("body", "Russia protested the deployment of THAAD batteries near its borders.")],
    )
    with transaction(model):
        model.execute("UPDATE sentences SET duplicate_of = ? WHERE id = ?", (a[1], b[0]))
    _mention(model, a[1], "Russia", "RUS")
    hits = ask(model, "THAAD protest", limit=1, embeddings="off")
    assert len(hits) == 1 and hits[0].doc == "a.txt" and hits[0].doc_id == hits[0].place.doc_id
    text = format_hit(hits[0])
    assert text.splitlines()[0].startswith("1. a.txt:2 [Northern security]")
    assert "also in: b.txt:1" in text
    assert "actors RUS" in text
