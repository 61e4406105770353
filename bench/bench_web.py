"""Time every page of the web workbench on a 1,000-document model.

    .venv/bin/python -m bench.bench_web                      # generate + build 1,000 docs
    .venv/bin/python -m bench.bench_web --db model.db        # an existing model
    .venv/bin/python -m bench.bench_web --workdir /tmp/rp-web --docs 1000 --workers 2

The model is built from a corpus of ``bench/generate.py`` (kept in ``--workdir``, and
reused when the model is already there). Each page is requested through the app
(FastAPI's test client, so HTTP routing, templates and escaping are all counted):

* **first** — the first request of each page on a fresh app in a fresh process, on a
  model whose causal maps have not been assembled since it last changed (the
  ``map_cache`` table emptied, as ``run_build`` or ``build --no-prepare`` leaves it;
  ``realpolitik build`` keeps the whole map at its end, see engine/prepare.py), pages in
  the order below, so that a page pays for what it is the first to need (the overview
  the dyad list, the causal map page the whole map, the holder's page that holder's
  map). The phrase vectors of the map's rewording merges (``model.similar``) are kept
  from the assemblies before: a cache that any assembly of the model fills once;
* **cold** — the same on another fresh app: the in-process caches are empty again, but
  the maps the first pass assembled are kept in the model (``model.map_store``), as
  they are for every later start of ``serve``, ``map`` or ``scenario``;
* **warm** — the same requests again, with what the first ones cached (the state a
  served workbench reaches after :func:`realpolitik.web.app.warm`, which ``serve``
  runs in a background thread at start-up);

The model computations the pages cache are also timed on their own.

and the target is every page under 1 s (``BUDGET``). The last line is
``pages=N worst_warm=X.XXXs worst_cold=Y.YYYs worst_first=Z.ZZZs``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BUDGET = 1.0


def build_model(workdir: Path, docs: int, workers: int) -> Path:
    from bench.generate import generate
    from realpolitik.engine.build import run_build

    corpus = workdir / f"corpus-{docs}"
    db = workdir / f"model-{docs}.db"
    if db.exists():
        return db
    if not corpus.exists() or sum(1 for _ in corpus.rglob("*.*")) < docs:
        generate(corpus, docs, seed=1)
    start = time.perf_counter()
    run_build([corpus], db, workers=workers)
    print(f"built {db} from {docs} documents in {time.perf_counter() - start:.0f} s")
    return db


def pages_of(db: Path) -> list[tuple[str, str, str, dict[str, object] | None]]:
    """(name, method, url, json body) of a representative set of every page kind."""
    from realpolitik.model.actors import actor_counts
    from realpolitik.model.causal_map import build_causal_map
    from realpolitik.model.dyads import dyads
    from realpolitik.model.scenario import match_variables
    from realpolitik.store import connect

    conn = connect(db)
    pairs = dyads(conn)
    actors = actor_counts(conn)
    biggest = conn.execute(
        "SELECT doc_id FROM sentences GROUP BY doc_id ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    holders = sorted(
        {h for (h,) in conn.execute("SELECT DISTINCT substr(holder, 1, 3) FROM claims")} - {"AUT"}
    )
    cmap = build_causal_map(conn)
    shock = match_variables(cmap, "relations", top=1)
    conn.close()
    out: list[tuple[str, str, str, dict[str, object] | None]] = [
        ("overview", "GET", "/", None),
        ("network", "GET", "/network", None),
    ]
    if pairs:
        top, mid = pairs[0], pairs[len(pairs) // 2]
        out += [
            ("dyad (most documented)", "GET", f"/dyad/{top.a}/{top.b}", None),
            ("dyad (median)", "GET", f"/dyad/{mid.a}/{mid.b}", None),
        ]
    if actors:
        out.append(("actor (most mentioned)", "GET", f"/actor/{actors[0].code}", None))
    out += [
        ("document (longest)", "GET", f"/document/{biggest}", None),
        ("causal map (all holders)", "GET", "/causal", None),
    ]
    if holders:
        out.append((f"causal map ({holders[0]})", "GET", f"/causal?holder={holders[0]}", None))
    out += [
        ("scenario page", "GET", "/scenario", None),
        ("variables (api)", "GET", "/api/variables", None),
        ("match (api)", "GET", "/api/match?q=Russia+Japan+relations", None),
        ("search", "GET", "/search?q=How+does+Moscow+see+missile+defense+in+Japan", None),
    ]
    if shock:
        body: dict[str, object] = {"shocks": [{"variable": shock[0][0], "value": 1.0}]}
        out.append(("scenario run (api)", "POST", "/api/scenario", body))
    return out


def _forget_maps(db: Path) -> None:
    """Empty the model's stored causal maps, as any change to the model does."""
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM map_cache")
    conn.commit()
    conn.close()


def _pass(db: Path, pages: list[tuple[str, str, str, dict[str, object] | None]]) -> list[float]:
    """Each page's first request on a fresh app, in order."""
    from fastapi.testclient import TestClient

    from realpolitik.web.app import create_app

    times = []
    with TestClient(create_app(db)) as client:
        for _name, method, url, body in pages:
            start = time.perf_counter()
            r = client.request(method, url, json=body)
            times.append(time.perf_counter() - start)
            assert r.status_code == 200, f"{url}: {r.status_code} {r.text[:200]}"
    return times


def _first_pass(
    db: Path, pages: list[tuple[str, str, str, dict[str, object] | None]]
) -> list[float]:
    """:func:`_pass` in a fresh interpreter, so that nothing this one computed (the
    canonicalisation caches :func:`pages_of` warmed) helps the first views."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(pages, f)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_web", "--db", str(db), "--first-pass", f.name],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        ).stdout
    finally:
        os.unlink(f.name)
    times: list[float] = json.loads(out.strip().splitlines()[-1])
    return times


def measure(db: Path) -> list[tuple[str, float, float, float, int]]:
    """Each page first (fresh app, no stored maps), cold (fresh app, stored maps) and
    warm (median of three more requests after the cold one)."""
    from fastapi.testclient import TestClient

    from realpolitik.web.app import create_app

    pages = pages_of(db)
    _forget_maps(db)
    first = _first_pass(db, pages)
    # the first search on a never-indexed model indexes it in a background thread; let
    # it finish, so that it does not compete with the next pass for the interpreter
    for thread in threading.enumerate():
        if thread.name == "realpolitik-search-index":
            thread.join()
    rows = []
    with TestClient(create_app(db)) as client:
        for (name, method, url, body), first_t in zip(pages, first, strict=True):
            start = time.perf_counter()
            r = client.request(method, url, json=body)
            cold = time.perf_counter() - start
            assert r.status_code == 200, f"{url}: {r.status_code} {r.text[:200]}"
            warm_times = []
            for _ in range(3):
                start = time.perf_counter()
                r = client.request(method, url, json=body)
                warm_times.append(time.perf_counter() - start)
            rows.append((name, first_t, cold, statistics.median(warm_times), len(r.content)))
    return rows


def measure_model(db: Path) -> list[tuple[str, float]]:
    """The model computations the pages cache, each timed on its own."""
    from realpolitik.model.actors import actor_counts
    from realpolitik.model.causal_map import build_causal_map
    from realpolitik.model.dyads import dyads
    from realpolitik.store import connect

    conn = connect(db)
    conn.execute("DELETE FROM map_cache")
    out = []
    for name, fn in (
        ("actor_counts", lambda: actor_counts(conn)),
        ("dyads", lambda: dyads(conn)),
        ("build_causal_map (all holders), assembled", lambda: build_causal_map(conn, reuse=False)),
        ("build_causal_map (all holders), assembled and kept", lambda: build_causal_map(conn)),
        ("build_causal_map (all holders), read back", lambda: build_causal_map(conn)),
    ):
        start = time.perf_counter()
        fn()
        out.append((name, time.perf_counter() - start))
    conn.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, help="an existing model (skips generation)")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--first-pass", type=Path, help=argparse.SUPPRESS)  # pages (JSON)
    args = parser.parse_args()
    if args.first_pass:  # the child of ``_first_pass``: its times as one line of JSON
        pages = [tuple(p) for p in json.loads(args.first_pass.read_text())]
        print(json.dumps(_pass(args.db, pages)))
        return
    if args.db:
        db = args.db
    else:
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="rp-bench-web-"))
        workdir.mkdir(parents=True, exist_ok=True)
        db = build_model(workdir, args.docs, args.workers)
    conn = sqlite3.connect(db)
    docs, sentences = conn.execute(
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM sentences)"
    ).fetchone()
    facts = sum(
        conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("events", "relations", "perspectives", "claims")
    )
    conn.close()
    print(f"model {db}: {docs} documents, {sentences} sentences, {facts} facts")
    for name, seconds in measure_model(db):
        print(f"model: {name}: {seconds:.2f} s")
    rows = measure(db)
    width = max(len(r[0]) for r in rows)
    print(f"{'page':<{width}}  {'first':>8}  {'cold':>8}  {'warm':>8}  {'bytes':>9}")
    for name, first, cold, warm_t, size in rows:
        flag = "" if max(cold, warm_t) < BUDGET else "  OVER BUDGET"
        print(f"{name:<{width}}  {first:8.3f}  {cold:8.3f}  {warm_t:8.3f}  {size:9d}{flag}")
    worst_warm = max(r[3] for r in rows)
    worst_cold = max(r[2] for r in rows)
    worst_first = max(r[1] for r in rows)
    print(
        f"pages={len(rows)} worst_warm={worst_warm:.3f}s worst_cold={worst_cold:.3f}s "
        f"worst_first={worst_first:.3f}s"
    )


if __name__ == "__main__":
    main()
