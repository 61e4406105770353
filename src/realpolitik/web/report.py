"""The static report: ``realpolitik report --db model.db -o site/``.

The workbench's pages written as HTML files in one folder, with relative links, so
that ``site/index.html`` opens from disk (``file://``) with no server:

* ``index.html`` (overview), ``network.html``, ``dyad-A-B.html`` (every dyad),
  ``actor-X.html`` (every actor), ``doc-N.html`` (every readable document),
  ``causal.html`` and ``causal-H.html`` (the whole map and each holder's),
  ``scenario.html``, ``search.html``;
* ``static/`` — the stylesheet, the scripts and the vendored Cytoscape.js;
* ``scenario-data.js`` — every holder's causal map (variables, edges, their sentences):
  the scenario runs in the browser over it, with the same update rule as
  ``realpolitik.model.scenario``;
* ``search-data.js`` — the sentences that carry a fact (an event, relation,
  perspective or causal claim), which the search page ranks in the browser.

Data for a page is inlined in it (a JSON block) or in a ``.js`` file next to it.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from realpolitik.store import connect
from realpolitik.store.read import NotFound
from realpolitik.web.data import ModelView
from realpolitik.web.pages import Pages, add_hrefs
from realpolitik.web.render import STATIC, StaticLinks, safe_json

#: sentences of the static search index at most (those with the most facts first)
SEARCH_SENTENCES = 50_000
#: holders whose own causal map the report includes (AUTHOR, then those holding most
#: edges): each is a build of the map, and the server offers them all
REPORT_HOLDERS = 12


@dataclass
class ReportSummary:
    out_dir: Path
    pages: int
    seconds: float

    def __str__(self) -> str:
        return f"wrote {self.pages} pages to {self.out_dir} ({self.seconds:.1f} s)"


def write_report(db: Path | str, out_dir: Path | str) -> ReportSummary:
    """Write the static report of the model at ``db`` into ``out_dir`` (created; the
    pages it writes are replaced, other files are left alone)."""
    started = time.perf_counter()
    db, out = Path(db), Path(out_dir)
    connect(db).close()  # a missing or foreign model is an error now
    out.mkdir(parents=True, exist_ok=True)
    view = ModelView(db, max_holders=REPORT_HOLDERS)
    links = StaticLinks()
    pages = Pages(view, links)
    count = 0

    def write(name: str, html: str) -> None:
        nonlocal count
        (out / name).write_text(html, encoding="utf-8")
        count += 1

    write(links.home(), pages.overview())
    write(links.network(), pages.network())
    for d in view.dyad_list():
        write(links.dyad(d.a, d.b), pages.dyad(d.a, d.b))
    for a in view.actors():
        try:
            write(links.actor(a["code"]), pages.actor(a["code"]))
        except NotFound:
            continue
    for doc in view.documents():
        if doc["status"] == "ok":
            write(links.document(doc["id"]), pages.document(doc["id"]))
    write(links.causal(), pages.causal(None))
    holders = view.holders()
    for holder in holders:
        write(links.causal(holder), pages.causal(holder))
    write("scenario.html", pages.scenario(None))
    write("search.html", pages.search(""))
    _write_js(out / "scenario-data.js", "RP_SCENARIO", _scenario_data(view, links, holders))
    _write_js(out / "search-data.js", "RP_SEARCH", _search_data(view, links))
    static = out / "static"
    if static.exists():
        shutil.rmtree(static)
    shutil.copytree(STATIC, static)
    return ReportSummary(out, count, time.perf_counter() - started)


def _write_js(path: Path, name: str, value: Any) -> None:
    path.write_text(f"window.{name} = {safe_json(value)};\n", encoding="utf-8")


def _scenario_data(view: ModelView, links: StaticLinks, holders: list[str]) -> dict[str, Any]:
    maps: dict[str, Any] = {}
    for holder in [None, *holders]:
        m = view.scenario_map(holder)
        add_hrefs(links, m["edges"])
        maps[holder or ""] = m
    return {"holders": holders, "maps": maps}


def _search_data(view: ModelView, links: StaticLinks) -> dict[str, Any]:
    with view.connect() as conn:
        total = conn.execute(
            "SELECT COUNT(*) FROM sentences s JOIN documents d ON d.id = s.doc_id "
            "WHERE d.status = 'ok' AND s.duplicate_of IS NULL"
        ).fetchone()[0]
        rows = conn.execute(
            f"""
            SELECT s.id, s.doc_id, d.name, s.text, f.n AS facts FROM (
                SELECT sentence_id, COUNT(*) AS n FROM (
                    SELECT sentence_id FROM events UNION ALL SELECT sentence_id FROM relations
                    UNION ALL SELECT sentence_id FROM perspectives
                    UNION ALL SELECT sentence_id FROM claims)
                GROUP BY sentence_id) f
            JOIN sentences s ON s.id = f.sentence_id JOIN documents d ON d.id = s.doc_id
            WHERE d.status = 'ok' AND s.duplicate_of IS NULL
            ORDER BY f.n DESC, s.id LIMIT {SEARCH_SENTENCES}
            """
        ).fetchall()
    return {
        "total": int(total),
        "sentences": [
            {
                "sentence_id": int(r["id"]),
                "doc": r["name"],
                "text": r["text"],
                "facts": int(r["facts"]),
                "href": links.document(int(r["doc_id"]), int(r["id"])),
            }
            for r in rows
        ],
    }
