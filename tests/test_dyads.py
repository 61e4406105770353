"""The dyad model and power profiles over a real SQLite model filled by hand."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from realpolitik.model.dyads import dyad, dyads, polarity_rule, trend_rule
from realpolitik.model.profiles import power_profile
from realpolitik.store import connect, transaction


class Model:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.seq = 0

    def doc(self, name: str, *, status: str = "ok", date: str | None = "2016-06-01") -> int:
        cur = self.conn.execute(
            "INSERT INTO documents(path, name, status, date, text, updated_at) "
            "VALUES (?, ?, ?, ?, '', '2020-01-01')",
            (f"/c/{name}", name, status, date),
        )
        return int(cur.lastrowid or 0)

    def sentence(self, doc_id: int, text: str, duplicate_of: int | None = None) -> int:
        self.seq += 1
        cur = self.conn.execute(
            'INSERT INTO sentences(doc_id, seq, kind, start, "end", text, duplicate_of) '
            "VALUES (?, ?, 'body', ?, ?, ?, ?)",
            (doc_id, self.seq, self.seq * 100, self.seq * 100 + len(text), text, duplicate_of),
        )
        return int(cur.lastrowid or 0)

    def event(
        self, sid: int, source: str, target: str, plover: str, intensity: float, **kw: Any
    ) -> None:
        row = {
            "modality": "actual",
            "negated": 0,
            "instrument": "diplomatic",
            "power": "soft",
            "date": None,
            "cameo": "040",
            **kw,
        }
        self.conn.execute(
            "INSERT INTO events(sentence_id, source, target, plover, cameo, cameo_root, "
            'intensity, modality, negated, instrument, power, trigger, start, "end", date, '
            "confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'x', 0, 1, ?, 0.8)",
            (
                sid,
                source,
                target,
                plover,
                row["cameo"],
                row["cameo"][:2],
                intensity,
                row["modality"],
                row["negated"],
                row["instrument"],
                row["power"],
                row["date"],
            ),
        )

    def relation(
        self,
        sid: int,
        source: str,
        target: str,
        rtype: str,
        polarity: int,
        trend: str | None = None,
        obj: str | None = None,
        confidence: float = 0.8,
        instrument: str = "diplomatic",
        power: str = "soft",
        date: str | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO relations(sentence_id, source, target, type, object, polarity, trend, "
            'instrument, power, cue, start, "end", date, confidence) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'cue', 0, 3, ?, ?)",
            (sid, source, target, rtype, obj, polarity, trend, instrument, power, date, confidence),
        )


@pytest.fixture()
def model(tmp_path: Path) -> Model:
    conn = connect(tmp_path / "m.db", create=True)
    return Model(conn)


def fill(m: Model) -> None:
    with transaction(m.conn):
        d1 = m.doc("a.txt", date="2015-03-01")
        d2 = m.doc("b.txt", date="2017-03-01")
        gone = m.doc("gone.txt", status="removed")
        s1 = m.sentence(d1, "Freedonia and Sylvania signed a trade pact.")
        s2 = m.sentence(d1, "Freedonia's army shelled Sylvanian towns.")
        s3 = m.sentence(d2, "Freedonia and Sylvania signed a trade pact.", duplicate_of=s1)
        s4 = m.sentence(d2, "Relations between the two are improving.")
        s5 = m.sentence(gone, "Sylvania declared war.")
        m.event(s1, "FRE", "SYL", "COOPERATE", 6.0, instrument="economic", date="2015-02")
        m.event(s1, "SYL", "FRE", "COOPERATE", 6.0, instrument="economic", date="2015-02")
        m.event(
            s2,
            "FREMIL",
            "SYL",
            "ASSAULT",
            -9.0,
            instrument="military",
            power="hard",
            date="2015-03",
        )
        m.event(s3, "FRE", "SYL", "COOPERATE", 6.0)  # a restatement: not counted
        m.event(s4, "FRE", "SYL", "CONSULT", 1.0, negated=1)  # negated: not counted
        m.event(s4, "FRE", "SYL", "CONSULT", 1.0, modality="hypothetical")  # not counted
        m.event(s4, "SYL", "FRE", "CONSULT", 2.0, date="2017-03")
        m.event(s5, "SYL", "FRE", "FIGHT", -10.0)  # removed document
        m.relation(s1, "FRE", "SYL", "economic", 1, instrument="economic")
        m.relation(s4, "FRE", "SYL", "relations", 0, trend="improving")
        m.relation(s3, "FRE", "SYL", "dispute", -1, obj="the river")  # restatement
        m.relation(s5, "FRE", "SYL", "rivalry", -1)  # removed document


def test_totals_count_each_sentence_once_and_skip_removed(model: Model) -> None:
    fill(model)
    d = dyad(model.conn, "FRE", "SYL")
    assert d.total.events == 4
    assert d.total.cooperation == 14.0
    assert d.total.conflict == 9.0
    assert d.net == 5.0
    assert d.a_to_b.events == 2 and d.a_to_b.conflict == 9.0  # FREMIL counted as FRE
    assert d.b_to_a.cooperation == 8.0
    assert d.total.by_plover == {"COOPERATE": 2, "ASSAULT": 1, "CONSULT": 1}
    types = {r.type for r in d.relations}
    assert "economic" in types and "rivalry" not in types and "dispute" not in types


def test_order_of_codes_does_not_matter_for_the_unordered_view(model: Model) -> None:
    fill(model)
    ab, ba = dyad(model.conn, "FRE", "SYL"), dyad(model.conn, "syl", "fre")
    assert ab.total.to_dict() == ba.total.to_dict()
    assert ab.a_to_b.to_dict() == ba.b_to_a.to_dict()


def test_full_codes_option_keeps_sectors_apart(model: Model) -> None:
    fill(model)
    d = dyad(model.conn, "FREMIL", "SYL", full_codes=True)
    assert d.total.events == 1 and d.total.conflict == 9.0


def test_trend_from_stated_cue_first(model: Model) -> None:
    fill(model)
    d = dyad(model.conn, "FRE", "SYL")
    assert d.trend == "improving" and d.trend_basis == "stated"


def test_series_by_year_and_month(model: Model) -> None:
    fill(model)
    d = dyad(model.conn, "FRE", "SYL")
    years = {p.period: p for p in d.series}
    assert set(years) == {"2015", "2017"}
    assert years["2015"].events == 3 and years["2015"].net == 3.0
    assert years["2017"].relations == 1
    months = [p.period for p in dyad(model.conn, "FRE", "SYL", by="month").series]
    assert "2015-02" in months and "2017-03" in months


def test_evidence_names_document_sentence_and_offsets(model: Model) -> None:
    fill(model)
    d = dyad(model.conn, "FRE", "SYL")
    assert d.evidence
    e = d.evidence[0]
    assert e.doc in {"a.txt", "b.txt"} and e.end > e.start and e.text
    assert len({x.sentence_id for x in d.evidence}) == len(d.evidence)
    assert d.to_dict()["evidence"][0]["doc"] == e.doc


def test_matrix_lists_pairs_with_enough_records(model: Model) -> None:
    fill(model)
    with transaction(model.conn):
        d = model.doc("c.txt")
        s = model.sentence(d, "Arstotzka and Kolechia are rivals.")
        model.relation(s, "ARS", "KOL", "rivalry", -1)
    cells = dyads(model.conn)
    assert [(c.a, c.b) for c in cells] == [("FRE", "SYL"), ("ARS", "KOL")]
    assert cells[1].polarity == "conflictual"
    assert [(c.a, c.b) for c in dyads(model.conn, min_count=2)] == [("FRE", "SYL")]


def test_polarity_rule() -> None:
    assert polarity_rule(0, 0) == "unknown"
    assert polarity_rule(10, 1) == "cooperative"
    assert polarity_rule(1, 10) == "conflictual"
    assert polarity_rule(10, 6) == "mixed"
    # standing ties of both kinds make a mixed dyad whatever the balance of events
    assert polarity_rule(30, 1, {"economic", "dispute"}) == "mixed"
    assert polarity_rule(30, 1, {"economic", "alliance"}) == "cooperative"


def test_trend_rule_falls_back_to_the_slope_of_the_net_score() -> None:
    from realpolitik.model.dyads import SeriesPoint

    up = [SeriesPoint("2014", 1, 5, 2), SeriesPoint("2015", 4, 1, 2), SeriesPoint("2016", 9, 0, 3)]
    assert trend_rule({}, {}, up) == ("improving", "series")
    down = list(reversed([SeriesPoint(p.period, p.cooperation, p.conflict, p.events) for p in up]))
    assert trend_rule({}, {}, down)[0] == "worsening"
    flat = [SeriesPoint(str(2010 + i), 2, 1, 1) for i in range(3)]
    assert trend_rule({}, {}, flat) == ("stable", "series")
    assert trend_rule({}, {}, []) == ("unknown", "none")
    assert trend_rule({"improving": 1.0, "worsening": 2.0}, {}, up)[0] == "worsening"
    tie = trend_rule(
        {"improving": 1.0, "worsening": 1.0}, {"improving": "2014", "worsening": "2018"}, []
    )
    assert tie == ("worsening", "stated")


def test_events_imply_standing_ties(model: Model) -> None:
    with transaction(model.conn):
        d = model.doc("d.txt")
        s = model.sentence(d, "Arstotzka and Kolechia held joint drills.")
        model.event(s, "ARS", "KOL", "COOPERATE", 6.0, instrument="military", power="hard")
    rels = {r.type: r for r in dyad(model.conn, "ARS", "KOL").relations}
    assert rels["security_cooperation"].basis == "events"


def test_power_profile(model: Model) -> None:
    fill(model)
    p = power_profile(model.conn, "FRE")
    # FRE as source: the trade pact (soft, economic) and the shelling (hard, military);
    # relations on either side: economic (soft) and relations (soft)
    assert p.events == 2 and p.relations == 2
    assert p.hard == pytest.approx(0.8)
    assert p.soft == pytest.approx(0.8 + 0.8 + 0.8)
    assert p.hard_share == pytest.approx(0.25)
    assert p.by_instrument["military"] == pytest.approx(0.8)
    assert [y.year for y in p.by_year] == ["2015", "2017"]
    assert p.to_dict()["soft_share"] == pytest.approx(0.75)


def test_score_dyads_against_a_gold_file(model: Model, tmp_path: Path) -> None:
    import json

    from realpolitik.eval.dyads import format_scores, score_dyads

    fill(model)
    with transaction(model.conn):
        d = model.doc("e.txt")
        s = model.sentence(d, "Freedonia and Sylvania quarrel over the river islands.")
        model.relation(s, "FRE", "SYL", "dispute", -1, obj="river islands", confidence=0.4)
    gold = {
        "FRE-SYL": {
            "polarity": "mixed",
            "trend": "improving",
            "relations": [
                {"type": "economic"},
                {"type": "dispute", "object": "the Islands of the River"},
                {"type": "alliance"},
            ],
        },
        "ARS-KOL": {"polarity": "conflictual", "trend": "unknown", "relations": []},
    }
    path = tmp_path / "dyads.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    db = Path(model.conn.execute("PRAGMA database_list").fetchone()[2])
    result = score_dyads(path, db)
    assert result["n"] == 2
    assert result["polarity"] == 0.5  # ARS-KOL has no evidence here: unknown
    assert result["trend"] == 1.0
    assert result["relations"] == pytest.approx(2 / 3, abs=1e-3)
    assert result["objects"] == 1.0
    line = format_scores(result)
    assert line.startswith("polarity=0.500 trend=1.000") and line.endswith("n=2")
