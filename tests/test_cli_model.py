"""The commands that question a model, end to end on a real build of our own corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from realpolitik.cli import app

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout  # progress and notes go to stderr


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("model") / "model.db"
    run("build", str(CORPUS), "-o", str(db))
    return db


def test_actors_lists_states_with_counts(model: Path) -> None:
    rows = json.loads(run("actors", "--db", str(model), "--json"))
    codes = {row["code"]: row for row in rows}
    assert {"CHN", "IND", "USA", "VNM"} <= set(codes)
    assert codes["CHN"]["mentions"] >= codes["CHN"]["sentences"] >= 1


def test_actor_shows_aliases_documents_and_power_profile(model: Path) -> None:
    detail = json.loads(run("actor", "IND", "--db", str(model), "--json"))
    aliases = {alias for alias, _ in detail["aliases"]}
    assert "India" in aliases and "New Delhi" in aliases
    assert detail["documents"] and detail["sentences"]
    profile = detail["power_profile"]
    assert abs(profile["hard_share"] + profile["soft_share"] - 1.0) < 1e-6


def _prepared(db: Path) -> tuple[int, bool, int]:
    """(sentences waiting for the search index, whole map kept, sentences indexed)."""
    import sqlite3

    from realpolitik.model.map_store import is_kept

    conn = sqlite3.connect(db)
    try:
        waiting = conn.execute("SELECT COUNT(*) FROM search_queue").fetchone()[0]
        indexed = conn.execute("SELECT COUNT(*) FROM search_fts").fetchone()[0]
        return waiting, is_kept(conn, None), indexed
    finally:
        conn.close()


def test_build_leaves_the_model_prepared(model: Path, tmp_path: Path) -> None:
    # the module's model: built with the default --prepare
    waiting, kept, indexed = _prepared(model)
    assert waiting == 0 and kept and indexed > 0
    # --no-prepare leaves both to the first question
    db = tmp_path / "raw.db"
    result = runner.invoke(app, ["build", str(CORPUS), "-o", str(db), "--no-prepare"])
    assert result.exit_code == 0, result.output
    assert "prepared" not in result.stdout
    waiting, kept, indexed = _prepared(db)
    assert waiting > 0 and not kept and indexed == 0
    # a later build (nothing changed) prepares it, and says what it did
    out = run("build", str(CORPUS), "-o", str(db))
    assert f"{waiting} sentences indexed for search, causal map assembled and kept" in out
    assert _prepared(db)[:2] == (0, True)
    # and once prepared, a re-run has nothing to do and says nothing of it
    assert "prepared" not in run("build", str(CORPUS), "-o", str(db))


def test_a_user_actor_file_maps_a_new_name(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "note.txt").write_text(
        "The Blue Lagoon Pact criticised Ruritania on Monday. Ruritania rejected the charge.\n"
    )
    extra = tmp_path / "actors.yaml"
    extra.write_text("actors:\n  - code: RUR\n    name: Ruritania\n    forms: [Ruritania]\n")
    db = tmp_path / "m.db"
    run("build", str(corpus), "-o", str(db), "--actors", str(extra))
    codes = {row["code"] for row in json.loads(run("actors", "--db", str(db), "--json"))}
    assert "RUR" in codes


def test_dyads_and_dyad(model: Path) -> None:
    matrix = json.loads(run("dyads", "--db", str(model), "--json"))
    pairs = {(row["a"], row["b"]) for row in matrix}
    assert ("CHN", "IND") in pairs or ("IND", "CHN") in pairs
    dyad = json.loads(run("dyad", "IND", "CHN", "--db", str(model), "--json"))
    assert dyad["polarity"] in {"cooperative", "conflictual", "mixed"}
    assert dyad["evidence"] and all(item["doc"] for item in dyad["evidence"])


def test_ask_returns_cited_sentences(model: Path) -> None:
    hits = json.loads(
        run("ask", "border talks between India and China", "--db", str(model), "--json", "-k", "3")
    )
    assert hits and hits[0]["place"]["doc"].endswith((".txt", ".md", ".html", ".pdf"))
    assert any("border" in hit["text"].lower() for hit in hits)


def test_a_response_continued_in_the_next_sentence_is_explained(model: Path) -> None:
    """The policy paper states Moscow's response over two sentences; the second one's
    actions are effects of the shock too, cited to that sentence and marked so."""
    out = run(
        "scenario", "--shock", "the loss of European customers:+1", "--explain", "--db", str(model)
    )
    assert "(continues the response of the sentence" in out
    assert "Moscow is also expanding the TurkStream pipeline" in " ".join(out.split())


def test_map_scenario_and_exports(model: Path, tmp_path: Path) -> None:
    assert run("map", "--db", str(model)).strip()
    result = json.loads(
        run("scenario", "--shock", "border dispute:+1", "--db", str(model), "--json")
    )
    assert result["matches"][0]["candidates"]
    for name in ("events.csv", "events.jsonl", "map.graphml", "map.json"):
        out = tmp_path / name
        run("export", str(out), "--db", str(model))
        assert out.stat().st_size > 0


def test_extract_jsonl_keeps_the_other_records_when_one_breaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from realpolitik.cli import extract as extract_cli

    records = [{"id": i, "text": f"Talks resumed in round {i}."} for i in ("a", "b", "c")]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    real = extract_cli.extract_record

    def breaks_on_b(record: dict[str, Any]) -> dict[str, Any]:
        if record["id"] == "b":
            raise RecursionError("maximum recursion depth exceeded")
        return real(record)

    monkeypatch.setattr(extract_cli, "extract_record", breaks_on_b)
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["extract", "--jsonl", str(source), "-o", str(out)])
    assert res.exit_code == 0
    assert "record 'b'" in res.output and "1 failed" in res.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c"]
    assert "RecursionError" in lines[1]["error"] and lines[1]["pairs"] == []
    assert "error" not in lines[2]


def test_extract_jsonl_and_eval_actors(tmp_path: Path) -> None:
    records = [
        {"id": "a", "text": "Moscow and Tokyo signed a fisheries agreement on Tuesday."},
        {
            "id": "b",
            "context": "India and China met in Delhi.",
            "text": "The two sides agreed to talk again.",
        },
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    out = tmp_path / "out.jsonl"
    run("extract", "--jsonl", str(source), "-o", str(out))
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert set(lines[0]["actors"]) >= {"RUS", "JPN"}
    assert {e["plover"] for e in lines[0]["events"]} & {"AGREE", "COOPERATE", "SUPPORT"}
    assert set(lines[1]["actors"]) >= {"IND", "CHN"}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps({**r, "actors": a})
            for r, a in zip(records, [["RUS", "JPN"], ["IND", "CHN"]], strict=True)
        )
        + "\n"
    )
    scored = run("eval", "actors", str(gold)).strip().splitlines()[-1]
    assert scored.startswith("f1=1.000")


def test_a_broken_overlay_is_an_error_naming_file_and_line(model: Path, tmp_path: Path) -> None:
    broken = tmp_path / "overlay.yaml"
    broken.write_text("rename:\n  - {from: a\n", encoding="utf-8")
    res = runner.invoke(
        app, ["scenario", "--db", str(model), "--shock", "sanctions:+1", "--overlay", str(broken)]
    )
    assert res.exit_code == 2
    assert str(broken) in res.output and "line 3" in res.output and "not valid YAML" in res.output
    wrong = tmp_path / "list.yaml"
    wrong.write_text("[1, 2]\n", encoding="utf-8")
    res = runner.invoke(app, ["map", "--db", str(model), "--overlay", str(wrong)])
    assert res.exit_code == 2 and "a mapping of sections" in res.output


def test_a_build_whose_preparing_fails_still_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import realpolitik.cli.build as build_cli

    def locked(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(build_cli, "prepare_model", locked)
    db = tmp_path / "m.db"
    result = runner.invoke(app, ["build", str(CORPUS), "-o", str(db)])
    assert result.exit_code == 0, result.output
    assert "built" in result.stdout
    assert "not prepared (database is locked)" in " ".join(result.stderr.split())
    waiting, kept, _ = _prepared(db)
    assert waiting > 0 and not kept  # left to the first question


def test_embed_makes_the_vectors_at_build_time_and_ask_makes_what_is_missing(
    tmp_path: Path,
) -> None:
    import sqlite3

    from realpolitik.embeddings import MINILM, available
    from realpolitik.search.index import missing_vectors

    def missing(db: Path) -> int:
        conn = sqlite3.connect(db)
        try:
            return missing_vectors(conn, MINILM)
        finally:
            conn.close()

    result = runner.invoke(
        app, ["build", str(CORPUS), "-o", str(tmp_path / "x.db"), "--embed", "--no-prepare"]
    )
    assert result.exit_code == 2 and "drop --no-prepare" in " ".join(result.output.split())
    if not available():
        pytest.skip("the embeddings extra is not installed")
    db = tmp_path / "embedded.db"
    out = run("build", str(CORPUS), "-o", str(db), "--embed")
    assert " embedded" in out and missing(db) == 0
    # without --embed the vectors are left to the first ask, which makes them all
    plain = tmp_path / "plain.db"
    run("build", str(CORPUS), "-o", str(plain))
    assert missing(plain) > 0
    hits = json.loads(run("ask", "border talks", "--db", str(plain), "--json", "-k", "3"))
    assert hits and missing(plain) == 0


# ---- perspectives and claims ------------------------------------------------------------


def test_perspectives_lists_holders_with_counts(model: Path) -> None:
    rows = {r["holder"]: r for r in json.loads(run("perspectives", "--db", str(model), "--json"))}
    # sectors fold into their state; the author holds most of the causal claims
    assert "CHNGOV" not in rows and rows["CHN"]["perspectives"] >= 3
    assert rows["AUTHOR"]["claims"] > rows["CHN"]["claims"]


def test_perspectives_of_a_holder_cite_their_cue_and_summarise_by_target(model: Path) -> None:
    found = json.loads(run("perspectives", "CHN", "--db", str(model), "--json", "--limit", "0"))
    views = found["perspectives"]
    assert found["holder"] == "CHN" and len(views) == found["total"] >= 3
    for view in views:
        assert view["holder"].startswith("CHN")  # its sectors count as the state
        start, end = view["cue_span"]
        assert view["source"]["text"][start:end].lower() == view["cue"].lower()
        assert view["source"]["doc"] and view["source"]["line"] >= 1
    # a name the registry knows is the same holder
    by_name = json.loads(
        run("perspectives", "Beijing", "--db", str(model), "--json", "--limit", "0")
    )
    assert by_name["perspectives"] == views
    # opposing a trilateral alliance with Washington, needing its market: both kept, flagged
    on_usa = {s["target"]: s for s in found["summary"]}["USA"]
    assert on_usa["positive"] >= 1 and on_usa["negative"] >= 1 and on_usa["contested"]
    counted = sum(s["views"] for s in found["summary"])
    assert counted == sum(1 for v in views if not v["source"]["restates"])


def test_perspectives_filter_by_target_and_refuse_an_unknown_holder(model: Path) -> None:
    found = json.loads(
        run("perspectives", "CHN", "--target", "India", "--db", str(model), "--json")
    )
    assert found["perspectives"] and {v["target"][:3] for v in found["perspectives"]} == {"IND"}
    result = runner.invoke(app, ["perspectives", "Atlantis", "--db", str(model)])
    assert result.exit_code == 2 and "Atlantis" in result.output
    text = run("perspectives", "CHN", "--db", str(model))
    assert "contested" in text and "cue" in text


def test_claims_about_a_topic_are_ranked_and_cited(model: Path) -> None:
    found = json.loads(
        run("claims", "--about", "gas", "--db", str(model), "--json", "--limit", "0")
    )
    claims = found["claims"]
    assert claims and found["total"] == len(claims)
    scores = [c["score"] for c in claims]
    assert scores == sorted(scores, reverse=True) and scores[-1] >= 0.5
    assert "gas" in claims[0]["source"]["text"].lower()
    for claim in claims:
        text = claim["source"]["text"]
        for side in ("cause", "effect"):
            start, end = claim[f"{side}_span"]
            assert text[start:end] == claim[side]
        assert claim["matched"] in ("cause", "effect")
    # a topic the corpus never raises finds nothing, and says so
    assert "no causal claims" in run("claims", "--about", "lunar mining", "--db", str(model))


def test_claims_filter_by_holder_and_list_all_without_a_topic(model: Path) -> None:
    every = json.loads(run("claims", "--db", str(model), "--json", "--limit", "0"))["claims"]
    held = json.loads(
        run("claims", "--holder", "INDGOV", "--db", str(model), "--json", "--limit", "0")
    )["claims"]
    assert held and all(c["holder"] == "INDGOV" for c in held)
    assert {c["id"] for c in held} < {c["id"] for c in every}
    assert all(c["score"] is None for c in every)
    # claims the causal map uses name its variables, to pass to `scenario --shock`
    assert any(c["cause_variables"] and c["effect_variables"] for c in every)


def test_eval_causal_prints_its_figures_once_on_one_line(tmp_path: Path) -> None:
    gold = tmp_path / "causal.jsonl"
    records = [
        {"id": "c", "text": "The port closed because the storm hit the coast.", "causal": True},
        {"id": "n", "text": "The delegation arrived in Hanoi on Tuesday.", "causal": False},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    lines = run("eval", "causal", str(gold)).strip().splitlines()
    # one line of name=value pairs, never wrapped at the (80-column) test terminal
    assert len(lines) == 1
    names = [pair.split("=")[0] for pair in lines[0].split()]
    assert names == ["detect_f1", "detect_p", "detect_r", "pair_f1", "pair_p", "pair_r", "n"]
    assert lines[0].endswith("n=2")


def test_a_bad_causal_encoder_setting_is_an_error_before_any_work(tmp_path: Path) -> None:
    from realpolitik.extract import causal_detect as causal

    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "Talks resumed."}) + "\n")
    out = tmp_path / "out.jsonl"
    missing = tmp_path / "own.npz"
    env = {causal.ENCODER_ENV: "borderline", causal.ENCODER_FILE_ENV: str(missing)}
    causal._encoder.cache_clear()
    try:
        res = runner.invoke(app, ["extract", "--jsonl", str(source), "-o", str(out)], env=env)
        assert res.exit_code == 2
        assert f"{missing}: no such file" in res.output
        assert not out.exists()
        causal._encoder.cache_clear()
        res = runner.invoke(app, ["eval", "causal", str(source)], env={causal.ENCODER_ENV: "often"})
        assert res.exit_code == 2 and "use one of off, borderline, all" in res.output
        # build: the error comes before the model file is made (a re-run starts clean)
        causal._encoder.cache_clear()
        (tmp_path / "corpus").mkdir()
        (tmp_path / "corpus" / "a.txt").write_text("Talks resumed in Geneva.\n")
        model = tmp_path / "model.db"
        res = runner.invoke(
            app,
            ["build", str(tmp_path / "corpus"), "-o", str(model)],
            env={causal.ENCODER_ENV: "often"},
        )
        assert res.exit_code == 2 and "use one of off, borderline, all" in res.output
        assert not model.exists()
    finally:
        causal._encoder.cache_clear()
