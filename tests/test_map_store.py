"""The assembled causal map kept in the model: same map, emptied by any change."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from realpolitik.model import map_store
from realpolitik.model.causal_map import build_causal_map
from realpolitik.store import connect, transaction
from tests.test_causal_map import ACTORS, Claim, Sent, make_model


@pytest.fixture()
def model(tmp_path: Path) -> Path:
    return make_model(
        tmp_path / "m.db",
        {
            "a.txt": [
                Sent(
                    "Trade improves Japan–Russia relations.",
                    ACTORS,
                    [Claim("Trade", "Japan–Russia relations")],
                ),
                Sent(
                    "Moscow says sanctions weaken Japan–Russia relations.",
                    ACTORS,
                    [Claim("sanctions", "Japan–Russia relations", "-", holder="RUS")],
                    perspectives=[("RUS", "JPN", "sanctions", -0.8)],
                ),
            ],
            "b.txt": [
                Sent(
                    "Japan–Russia relations may deteriorate if tensions over the islands rise.",
                    ACTORS,
                    [
                        Claim(
                            "tensions over the islands",
                            "Japan–Russia relations",
                            "-",
                            "possible",
                            True,
                        )
                    ],
                ),
            ],
        },
    )


def _rows(db: Path) -> list[tuple[str, str]]:
    conn = connect(db)
    try:
        return [(r[0], r[1]) for r in conn.execute("SELECT holder, fingerprint FROM map_cache")]
    finally:
        conn.close()


@pytest.mark.parametrize("holder", [None, "RUS", "AUTHOR"])
def test_a_stored_map_reads_back_equal_to_a_fresh_assembly(model: Path, holder: str | None) -> None:
    conn = connect(model)
    fresh = build_causal_map(conn, holder, reuse=False)
    assert conn.execute("SELECT COUNT(*) FROM map_cache").fetchone()[0] == 0
    first = build_causal_map(conn, holder)  # assembles and keeps it
    assert map_store.load_map(conn, holder) is not None
    again = build_causal_map(conn, holder)  # reads it back
    assert fresh == first == again
    assert fresh.edges and again.to_dict() == fresh.to_dict()
    conn.close()


def test_holders_are_stored_apart_and_overlays_never(model: Path, tmp_path: Path) -> None:
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        "reweight:\n  - {source: ':trade', target: 'JPN-RUS:relations', weight: 0.2, note: doubt}\n",
        encoding="utf-8",
    )
    conn = connect(model)
    whole = build_causal_map(conn)
    rus = build_causal_map(conn, "RUS")
    edited = build_causal_map(conn, overlay=overlay)
    assert edited.edges[":trade +> JPN-RUS:relations"].belief == pytest.approx(0.2)
    assert build_causal_map(conn).edges[":trade +> JPN-RUS:relations"].belief == pytest.approx(1.0)
    assert sorted(h for h, _ in _rows(model)) == ["", "RUS"]
    assert len(rus.edges) < len(whole.edges)
    conn.close()


def test_any_change_to_the_facts_empties_the_store(model: Path) -> None:
    conn = connect(model)
    before = build_causal_map(conn)
    build_causal_map(conn, "RUS")
    assert len(_rows(model)) == 2
    with transaction(conn):
        conn.execute("DELETE FROM claims WHERE cause = 'Trade'")
    assert _rows(model) == []
    after = build_causal_map(conn)
    assert ":trade +> JPN-RUS:relations" in before.edges
    assert ":trade +> JPN-RUS:relations" not in after.edges
    # a new mention, a document's status: every table the assembly reads counts
    for statement in (
        "UPDATE mentions SET code = 'CHN' WHERE id = (SELECT MIN(id) FROM mentions WHERE code = 'RUS')",
        "UPDATE documents SET status = 'failed' WHERE name = 'b.txt'",
    ):
        build_causal_map(conn)
        assert len(_rows(model)) == 1
        with transaction(conn):
            conn.execute(statement)
        assert _rows(model) == []
    conn.close()


def test_a_map_from_another_version_of_the_assembly_is_not_used(model: Path) -> None:
    conn = connect(model)
    build_causal_map(conn)
    assert map_store.load_map(conn, None) is not None
    conn.execute("UPDATE map_cache SET fingerprint = 'older-version'")
    assert map_store.load_map(conn, None) is None
    build_causal_map(conn)  # assembles again and replaces it
    assert _rows(model) == [("", map_store.fingerprint())]
    conn.close()


def test_the_stored_form_is_json_not_code(model: Path) -> None:
    conn = connect(model)
    build_causal_map(conn)
    blob = conn.execute("SELECT data FROM map_cache").fetchone()[0]
    data = json.loads(zlib.decompress(blob))
    assert data["format"] == map_store.FORMAT and data["edges"]
    conn.close()


def test_a_busy_model_is_not_waited_for(model: Path) -> None:
    reader, writer = connect(model), connect(model)
    writer.execute("BEGIN IMMEDIATE")  # a build holding the write lock
    try:
        cmap = build_causal_map(reader)  # still answers, just does not keep the map
        assert cmap.edges
        assert map_store.save_map(reader, cmap, wait=0.01) is False
        assert reader.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
    finally:
        writer.execute("ROLLBACK")
    assert map_store.save_map(reader, cmap) is True
    reader.close()
    writer.close()
