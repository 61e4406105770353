"""The workbench in a real Chromium: every page on the seeds' model, the click paths an
analyst takes (network → dyad → evidence, a scenario, a search), the static report
from disk, and hostile document text shown as text. No console errors anywhere (the
``page`` fixture fails a test that has one)."""

from __future__ import annotations

import re
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import HOSTILE, Server, shot, start_server

pytestmark = pytest.mark.browser


def wait_js(page: Any, expression: str, timeout: float = 15.0) -> Any:
    """Poll a JavaScript expression until it is truthy. (Playwright's wait_for_function
    evaluates its string with eval, which the workbench's CSP rightly forbids.)"""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


def _pages(db: Path) -> list[tuple[str, str]]:
    """(name, path) of every page of the model."""
    from realpolitik.model.actors import actor_counts
    from realpolitik.model.dyads import dyads
    from realpolitik.store import connect

    conn = connect(db)
    out = [
        ("overview", "/"),
        ("network", "/network"),
        ("causal", "/causal"),
        ("scenario", "/scenario"),
        ("search", "/search?q=missile+defense"),
    ]
    out += [(f"dyad-{d.a}-{d.b}", f"/dyad/{d.a}/{d.b}") for d in dyads(conn)]
    out += [(f"actor-{a.code}", f"/actor/{a.code}") for a in actor_counts(conn)]
    out += [
        (f"doc-{r[0]}", f"/document/{r[0]}")
        for r in conn.execute("SELECT id FROM documents WHERE status = 'ok'")
    ]
    conn.close()
    return out


def test_every_page_opens_without_errors(
    page: Any, seeds_server: Server, seeds_model: Path
) -> None:
    pages = _pages(seeds_model)
    assert len(pages) > 10
    holders = []
    for name, path in pages:
        response = page.goto(seeds_server.url + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.locator("main h1").count() == 1
        if name in ("network", "causal"):
            wait_js(page, "document.querySelector('#cy canvas') !== null")
        if name == "causal":
            holders = page.eval_on_selector_all(
                "[data-holder]", "els => els.map(e => e.dataset.holder)"
            )
        shot(page, name)
    for h in holders:
        page.goto(f"{seeds_server.url}/causal?holder={h}")
        page.wait_for_load_state("networkidle")
        shot(page, f"causal-{h}")


def _click_edge(page: Any, var: str, selector: str) -> None:
    """Click the edge ``selector`` of the Cytoscape instance ``var``, at the point of it
    farthest from every other edge and node (so that the click cannot land on them)."""
    wait_js(page, f"window.{var} !== undefined")
    pos = page.evaluate(
        """([name, selector]) => {
            const cy = window[name];
            const e = cy.edges(selector).first();
            if (e.empty()) return null;
            cy.fit(e.connectedNodes().union(e.connectedNodes().neighborhood()), 60);
            const seg = (p, a, b) => {
                const dx = b.x - a.x, dy = b.y - a.y, len = dx * dx + dy * dy || 1;
                const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len));
                return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
            };
            const a = e.source().renderedPosition(), b = e.target().renderedPosition();
            let best = null, bestGap = -1;
            for (let i = 1; i < 40; i++) {
                const t = i / 40, p = {x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)};
                let gap = Infinity;
                cy.edges().forEach(o => {
                    if (o.id() !== e.id()) gap = Math.min(gap, seg(p, o.source().renderedPosition(), o.target().renderedPosition()));
                });
                cy.nodes().forEach(n => {
                    gap = Math.min(gap, Math.hypot(p.x - n.renderedPosition().x, p.y - n.renderedPosition().y) - n.renderedWidth() / 2);
                });
                if (gap > bestGap) { bestGap = gap; best = p; }
            }
            const box = cy.container().getBoundingClientRect();
            return {x: box.left + best.x, y: box.top + best.y, gap: bestGap};
        }""",
        [var, selector],
    )
    assert pos is not None, f"no edge {selector}"
    assert pos["gap"] > 4, f"edge {selector} has no clear point to click ({pos})"
    page.mouse.click(pos["x"], pos["y"])


def test_network_to_dyad_to_evidence(page: Any, seeds_server: Server) -> None:
    page.goto(seeds_server.url + "/network")
    wait_js(page, "window.rpNetwork !== undefined")
    n_edges = page.evaluate("window.rpNetwork.edges().length")
    assert n_edges > 0
    shot(page, "click-1-network")
    _click_edge(page, "rpNetwork", '[id = "e-JPN-RUS"]')
    page.wait_for_url(re.compile(r"/dyad/JPN/RUS$"))
    assert (
        "Japan" in page.locator("h1").inner_text() and "Russia" in page.locator("h1").inner_text()
    )
    assert page.locator("#trend-chart, #relations").count() >= 1
    shot(page, "click-2-dyad")
    first = page.locator("#best-evidence li").first
    quoted = first.locator("blockquote").inner_text().strip()
    first.locator("a.cite").click()
    page.wait_for_url(re.compile(r"/document/\d+#s\d+$"))
    target = page.locator(".sent:target")
    assert target.count() == 1
    assert quoted[:60] in target.inner_text()
    shot(page, "click-3-evidence")


def test_causal_edge_shows_its_sentences(page: Any, seeds_server: Server) -> None:
    page.goto(seeds_server.url + "/causal")
    wait_js(page, "window.rpCausal !== undefined")
    key = page.evaluate(
        "window.rpCausal.edges().filter(e => true).sort((a, b) => b.data('width') - a.data('width'))[0].data('key')"
    )
    _click_edge(page, "rpCausal", f'[key = "{key}"]')
    page.wait_for_selector("#edge-panel:not([hidden])")
    assert page.locator("#edge-evidence li").count() >= 1
    shot(page, "causal-edge")


def _run_scenario(page: Any, words: str) -> list[str]:
    wait_js(page, "document.querySelectorAll('#variable-select option').length > 1")
    page.fill("#match-text", words)
    page.click("#match-button")
    page.wait_for_selector("#candidates li")
    page.locator("button.add-candidate").first.click()
    page.wait_for_selector("#shocks li.shock")
    page.click("#run-button")
    page.wait_for_selector("#scenario-result:not([hidden])")
    labels: list[str] = page.eval_on_selector_all(
        "#effects > li.effect > b", "els => els.map(e => e.textContent)"
    )
    return labels


def test_run_a_scenario(page: Any, seeds_server: Server) -> None:
    page.goto(seeds_server.url + "/scenario")
    labels = _run_scenario(page, "US China deal on North Korea")
    assert labels, "the shock moves something"
    assert page.locator("#effects .path").count() >= 1
    cite = page.locator("#effects a.cite").first
    shot(page, "scenario")
    cite.click()
    page.wait_for_url(re.compile(r"/document/\d+#s\d+$"))
    assert page.locator(".sent:target").count() == 1


def test_search(page: Any, seeds_server: Server) -> None:
    page.goto(seeds_server.url + "/search")
    page.fill("#q", "How does Moscow see missile defense in Japan?")
    page.click("#search-button")
    page.wait_for_selector("#results li")
    assert page.locator("#results li").count() >= 3
    text = page.locator("#results li").first.inner_text().lower()
    assert "missile" in text or "defense" in text or "defence" in text
    shot(page, "search")
    page.locator("#results a.cite").first.click()
    assert page.locator(".sent:target").count() == 1


def test_static_report_from_disk(page: Any, seeds_report: Path, seeds_server: Server) -> None:
    index = (seeds_report / "index.html").as_uri()
    page.goto(index)
    shot(page, "static-overview")
    page.goto((seeds_report / "network.html").as_uri())
    _click_edge(page, "rpNetwork", '[id = "e-JPN-RUS"]')
    page.wait_for_url(re.compile(r"dyad-JPN-RUS\.html$"))
    page.locator("#best-evidence a.cite").first.click()
    page.wait_for_url(re.compile(r"doc-\d+\.html#s\d+$"))
    assert page.locator(".sent:target").count() == 1
    shot(page, "static-evidence")
    # the scenario runs in the browser, and ranks the effects as the server does
    page.goto((seeds_report / "scenario.html").as_uri())
    words = "relations between Japan and Russia"
    static_labels = _run_scenario(page, words)
    shot(page, "static-scenario")
    static_shock = page.locator("#shocks li.shock b").first.inner_text()
    page.goto(seeds_server.url + "/scenario")
    wait_js(page, "document.querySelectorAll('#variable-select option').length > 1")
    value = page.evaluate(
        "(label) => [...document.querySelectorAll('#variable-select option')].find(o => o.textContent === label).value",
        static_shock,
    )
    page.select_option("#variable-select", value)
    page.click("#add-selected")
    page.click("#run-button")
    page.wait_for_selector("#scenario-result:not([hidden])")
    served = page.eval_on_selector_all(
        "#effects > li.effect > b", "els => els.map(e => e.textContent)"
    )
    assert static_labels[:5] == served[:5]
    # search from disk
    page.goto((seeds_report / "search.html").as_uri())
    page.fill("#q", "missile defense")
    page.click("#search-button")
    page.wait_for_selector("#results li")
    assert page.locator("#results a.cite").count() >= 1
    shot(page, "static-search")
    # every page of the report opens without an error
    for html in sorted(seeds_report.glob("*.html")):
        page.goto(html.as_uri())
        page.wait_for_load_state("load")


def test_hostile_text_is_shown_as_text(page: Any, hostile_model: Path, tmp_path: Path) -> None:
    from realpolitik.web.report import write_report

    srv = start_server(hostile_model)
    try:
        conn = sqlite3.connect(hostile_model)
        doc = conn.execute("SELECT id FROM documents WHERE name = 'hostile_note.txt'").fetchone()[0]
        conn.close()
        for path in (
            "/",
            f"/document/{doc}",
            "/search?q=signed+economic+agreement",
            "/causal",
            "/network",
        ):
            page.goto(srv.url + path)
            page.wait_for_load_state("networkidle")
        page.goto(f"{srv.url}/document/{doc}")
        body = page.locator("#doc-body").inner_text()
        assert HOSTILE in body, "the markup is visible as text"
        assert page.locator("#doc-body script, #doc-body img").count() == 0
        shot(page, "hostile-document")
        out = tmp_path / "site"
        write_report(hostile_model, out)
        page.goto((out / f"doc-{doc}.html").as_uri())
        assert HOSTILE in page.locator("#doc-body").inner_text()
        for html in sorted(out.glob("*.html")):
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
    finally:
        srv.stop()
    assert not page.watch.dialogs


def test_token_in_the_browser(page: Any, seeds_model: Path) -> None:
    srv = start_server(seeds_model, token="browser-t0ken")
    try:
        r = page.request.get(srv.url + "/")
        assert r.status == 401
        page.goto(srv.url + "/network?token=browser-t0ken")
        assert page.url == srv.url + "/network"
        wait_js(page, "window.rpNetwork !== undefined")
        page.goto(srv.url + "/scenario")
        _run_scenario(page, "Japan Russia relations")
    finally:
        srv.stop()
