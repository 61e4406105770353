"""The web workbench over HTTP (FastAPI's test client) and the static report on disk.

Two models, built once: the example corpus, and a small hostile corpus whose text
carries markup (``<script>alert(1)</script>`` and friends) that must come out as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest
from fastapi.testclient import TestClient

from realpolitik.engine.build import run_build
from realpolitik.model.dyads import dyads
from realpolitik.store import connect
from realpolitik.web.app import create_app
from realpolitik.web.render import safe_json
from realpolitik.web.report import write_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"
HOSTILE = "<script>alert(1)</script>"
HOSTILE_TEXT = f"""Japan and Russia {HOSTILE} signed an economic cooperation agreement in Tokyo on 3 May 2021.

Moscow warned Tokyo that the deployment of US missile defense <img src=x onerror=alert(2)> in Japan threatens Russia.

Because of the sanctions </script><script>alert(3)</script>, relations between Russia and Japan worsened.

In Moscow's eyes, the US-Japan alliance "</script>" is a threat to Russian security.
"""


def write_hostile_corpus(folder: Path) -> Path:
    """A corpus of one document whose text carries markup, and a tame one."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile_note.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (folder / "tame_note.txt").write_text(
        "China and Russia held joint naval exercises in 2020. "
        "The United States criticised China over the exercises.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def example_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("web") / "example.db"
    run_build([EXAMPLES], db)
    return db


@pytest.fixture(scope="module")
def hostile_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    db = base / "hostile.db"
    run_build([write_hostile_corpus(base / "corpus")], db)
    return db


@pytest.fixture(scope="module")
def client(example_model: Path) -> Iterator[TestClient]:
    with TestClient(create_app(example_model)) as c:
        yield c


# --------------------------------------------------------------------------- helpers


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag in ("link", "script") and (a.get("href") or a.get("src")):
            self.hrefs.append(str(a.get("href") or a.get("src")))
        if tag == "script":
            self.scripts.append(a)


def parse(html: str) -> _Links:
    p = _Links()
    p.feed(html)
    return p


def crawl(client: TestClient, start: str = "/", limit: int = 2000) -> dict[str, str]:
    """Every page reachable from ``start`` by the pages' own links: url -> html.
    Asserts that each answers 200 and that each #anchor exists on its page."""
    seen: dict[str, str] = {}
    anchors: list[tuple[str, str, str]] = []
    todo = [start]
    while todo and len(seen) < limit:
        url = todo.pop()
        if url in seen:
            continue
        r = client.get(url)
        assert r.status_code == 200, f"{url}: {r.status_code}"
        if "text/html" not in r.headers["content-type"]:
            seen[url] = ""
            continue
        seen[url] = r.text
        for href in parse(r.text).hrefs:
            if href.startswith(("#", "data:")):
                continue
            target, frag = urldefrag(urljoin("http://testserver" + url, href))
            parts = urlparse(target)
            assert parts.netloc == "testserver", f"{url} links off the workbench: {href}"
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if frag:
                anchors.append((url, local, frag))
            if local not in seen:
                todo.append(local)
    for page, local, frag in anchors:
        if local in seen and seen[local]:
            assert frag in parse(seen[local]).ids, f"{page} links to {local}#{frag}: no such id"
    return seen


# --------------------------------------------------------------------------- pages


def test_every_page_answers_on_the_example_model(client: TestClient, example_model: Path) -> None:
    pages = crawl(client)
    conn = connect(example_model)
    pairs = [(d.a, d.b) for d in dyads(conn)]
    docs = [r[0] for r in conn.execute("SELECT id FROM documents WHERE status = 'ok'")]
    conn.close()
    assert pairs and docs
    for a, b in pairs:
        assert f"/dyad/{a}/{b}" in pages
    for doc in docs:
        assert f"/document/{doc}" in pages
    for path in ("/", "/network", "/causal", "/scenario", "/search"):
        assert path in pages
    assert any(p.startswith("/actor/") for p in pages)
    assert "/static/vendor/cytoscape.min.js" in pages


def test_overview_lists_documents_actors_and_dyads(client: TestClient) -> None:
    html = client.get("/").text
    for name in ("briefing_page.html", "chapter_ocr.txt", "trade_note.pdf"):
        assert name in html
    assert 'id="top-actors"' in html and 'id="top-dyads"' in html
    assert "What to look at first" in html


def test_dyad_page_cites_sentences_that_exist(client: TestClient, example_model: Path) -> None:
    conn = connect(example_model)
    top = dyads(conn)[0]
    html = client.get(f"/dyad/{top.a}/{top.b}").text
    cites = re.findall(r'href="/document/(\d+)#s(\d+)"', html)
    assert cites, "a dyad page cites its sentences"
    for doc, sid in cites[:20]:
        row = conn.execute(
            "SELECT doc_id, text FROM sentences WHERE id = ?", (int(sid),)
        ).fetchone()
        assert row is not None and row[0] == int(doc)
        page = client.get(f"/document/{doc}").text
        assert f'id="s{sid}"' in page
    conn.close()
    assert 'id="best-evidence"' in html and 'id="records"' in html
    # the order of the codes in the URL does not matter
    assert client.get(f"/dyad/{top.b}/{top.a}").status_code == 200


def test_document_page_shows_segment_kinds_and_sentence_anchors(
    client: TestClient, example_model: Path
) -> None:
    conn = connect(example_model)
    doc = conn.execute("SELECT id FROM documents WHERE name = 'briefing_page.html'").fetchone()[0]
    kinds = {r[0] for r in conn.execute("SELECT kind FROM segments WHERE doc_id = ?", (doc,))}
    sids = [r[0] for r in conn.execute("SELECT id FROM sentences WHERE doc_id = ?", (doc,))]
    conn.close()
    html = client.get(f"/document/{doc}").text
    for kind in kinds:
        assert f'data-kind="{kind}"' in html
    for sid in sids:
        assert f'id="s{sid}"' in html


def test_causal_map_and_holder_filter(client: TestClient) -> None:
    html = client.get("/causal").text
    assert 'id="causal-data"' in html
    holders = re.findall(r'data-holder="([A-Z]+)"', html)
    for h in holders:
        r = client.get("/causal", params={"holder": h})
        assert r.status_code == 200
        assert f"{h}'s view" in r.text
    assert client.get("/causal", params={"holder": "../etc"}).status_code == 404


def test_scenario_api_runs_and_cites(client: TestClient) -> None:
    variables = client.get("/api/variables").json()
    assert variables
    matches = client.get("/api/match", params={"q": "relations between Russia and Japan"}).json()
    assert matches and all("label" in m for m in matches)
    # shock every variable in turn until one moves something: results are cited
    moved = None
    for v in [m["id"] for m in matches] + [v["id"] for v in variables]:
        r = client.post("/api/scenario", json={"shocks": [{"variable": v, "value": 1.0}]})
        assert r.status_code == 200
        if r.json()["effects"]:
            moved = r.json()
            break
    assert moved is not None
    path = moved["effects"][0]["paths"][0]
    assert path["labels"] and path["steps"]
    cited = [ev for step in path["steps"] for ev in step["evidence"] if ev.get("sentence_id")]
    assert cited and all(ev["href"].startswith("/document/") for ev in cited)
    bad = client.post("/api/scenario", json={"shocks": [{"variable": "nope", "value": 1}]})
    assert bad.status_code == 422
    too_big = client.post("/api/scenario", json={"shocks": [{"variable": "x", "value": 3}]})
    assert too_big.status_code == 422


def test_search_ranks_evidence(client: TestClient) -> None:
    html = client.get("/search", params={"q": "India trade agreement"}).text
    hits = re.findall(r'<li><span class="score">([\d.]+)</span>', html)
    assert hits, "the search finds sentences"
    scores = [float(h) for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert "Nothing matches" in client.get("/search", params={"q": "zzzqqq"}).text


def test_a_large_index_backlog_is_built_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More queued sentences than a request indexes: the first search answers at once
    with the plain word match (said to be provisional) while a thread indexes; then the
    full ranking, the same as ``realpolitik.search.ask``'s."""
    import realpolitik.web.data as data
    from realpolitik.web.evidence import search_evidence

    monkeypatch.setattr(data, "SYNC_INDEX_LIMIT", 0)
    db = tmp_path / "m.db"
    run_build([EXAMPLES], db)
    app = create_app(db)
    view = app.state.view
    with TestClient(app) as c:
        first = c.get("/search", params={"q": "India trade agreement"}).text
        assert 'id="search-indexing"' in first
        assert re.findall(r'<li><span class="score">', first), "provisional hits are shown"
        view.index_search()  # waits for the background thread
        later = c.get("/search", params={"q": "India trade agreement"}).text
        assert 'id="search-indexing"' not in later
    conn = connect(db)
    try:
        assert conn.execute("SELECT COUNT(*) FROM search_queue").fetchone()[0] == 0
        expected = search_evidence(conn, "India trade agreement", limit=30)
    finally:
        conn.close()
    hits, provisional = view.search_results("India trade agreement")
    assert not provisional
    assert [h["sentence_id"] for h in hits] == [h["sentence_id"] for h in expected]


def test_unknown_things_are_404_and_no_url_reaches_files(client: TestClient) -> None:
    for url in (
        "/document/999999",
        "/actor/ZZZZ",
        "/dyad/JPN/JPN",
        "/dyad/JPN/..%2F..",
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/vendor/../../app.py",
        "/static/nothing.js",
        "/etc/passwd",
        "/document/..%2F..%2Fetc%2Fpasswd",
    ):
        r = client.get(url)
        assert r.status_code in (404, 422), f"{url}: {r.status_code}"
        assert "import " not in r.text and "root:" not in r.text


def test_pages_carry_a_content_security_policy(client: TestClient) -> None:
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


# --------------------------------------------------------------------------- escaping


def test_safe_json_cannot_close_its_script_element() -> None:
    text = str(safe_json({"t": "</script><script>alert(1)</script>&\u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    import json

    assert json.loads(text)["t"] == "</script><script>alert(1)</script>&\u2028"


def _only_our_scripts(html: str, url: str) -> None:
    for script in parse(html).scripts:
        src, kind = script.get("src"), script.get("type")
        assert (
            kind == "application/json"
            or (src and "static/" in src)
            or (src in ("scenario-data.js", "search-data.js"))
        ), f"{url}: unexpected script {script}"


def test_document_text_is_escaped_on_every_page(hostile_model: Path) -> None:
    with TestClient(create_app(hostile_model)) as c:
        pages = crawl(c)
        doc_pages = [u for u in pages if u.startswith("/document/")]
        assert doc_pages
        shown = False
        for url, html in pages.items():
            if not html:
                continue
            assert HOSTILE not in html, f"{url} carries the document's markup unescaped"
            assert "<img src=x" not in html
            assert "</script><script>alert(3)" not in html
            _only_our_scripts(html, url)
            shown = shown or "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert shown, "the markup is shown as text"
        search = c.get("/search", params={"q": "signed economic cooperation agreement"}).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in search and HOSTILE not in search


def test_static_report_escapes_and_links(hostile_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_report(hostile_model, out)
    htmls = sorted(out.glob("*.html"))
    assert {p.name for p in htmls} >= {
        "index.html",
        "network.html",
        "causal.html",
        "scenario.html",
        "search.html",
    }
    ids = {p.name: parse(p.read_text(encoding="utf-8")).ids for p in htmls}
    escaped = False
    for p in htmls:
        html = p.read_text(encoding="utf-8")
        assert HOSTILE not in html and "<img src=x" not in html
        _only_our_scripts(html, p.name)
        escaped = escaped or "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        for href in parse(html).hrefs:
            if href.startswith("data:"):
                continue
            assert not urlparse(href).scheme and not href.startswith("/"), f"{p.name}: {href}"
            target, frag = urldefrag(unquote(href))
            if not target:
                continue
            assert (out / target).is_file(), f"{p.name} links to missing {target}"
            if frag and target.endswith(".html"):
                assert frag in ids[target], f"{p.name} links to {target}#{frag}: no such id"
    assert escaped
    for js in ("scenario-data.js", "search-data.js"):
        text = (out / js).read_text(encoding="utf-8")
        assert "</script" not in text and "<script" not in text
    assert (out / "static" / "vendor" / "cytoscape.min.js").is_file()
    assert (out / "static" / "vendor" / "cytoscape.LICENSE.txt").is_file()


def test_static_report_of_the_example_model(example_model: Path, tmp_path: Path) -> None:
    summary = write_report(example_model, tmp_path / "site")
    conn = connect(example_model)
    n_dyads = len(dyads(conn))
    n_docs = conn.execute("SELECT COUNT(*) FROM documents WHERE status = 'ok'").fetchone()[0]
    conn.close()
    assert len(list((tmp_path / "site").glob("dyad-*.html"))) == n_dyads
    assert len(list((tmp_path / "site").glob("doc-*.html"))) == n_docs
    assert summary.pages >= n_dyads + n_docs + 5


# --------------------------------------------------------------------------- token


def test_token_is_required_on_every_request(example_model: Path) -> None:
    with TestClient(create_app(example_model, token="s3cret-t0ken")) as c:
        for url in ("/", "/network", "/static/style.css", "/api/variables", "/document/1"):
            assert c.get(url).status_code == 401, url
            assert c.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
            ok = c.get(url, headers={"Authorization": "Bearer s3cret-t0ken"})
            assert ok.status_code == 200, url
        assert c.post("/api/scenario", json={"shocks": []}).status_code == 401
        r = c.get("/network?token=wrong", follow_redirects=False)
        assert r.status_code == 401
        r = c.get("/network?token=s3cret-t0ken", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/network"
        assert "httponly" in r.headers["set-cookie"].lower()
        # the cookie now opens every page (the test client keeps it)
        assert c.get("/").status_code == 200
        assert c.get("/static/common.js").status_code == 200
    with TestClient(create_app(example_model)) as open_client:
        assert open_client.get("/").status_code == 200


def test_a_rebuild_refreshes_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import realpolitik.web.data as data

    monkeypatch.setattr(data, "STAMP_SECONDS", 0.0)
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "first.txt").write_text("Japan and Russia held talks in 2020.\n", encoding="utf-8")
    db = tmp_path / "m.db"
    run_build([corpus], db)
    with TestClient(create_app(db)) as c:
        assert "first.txt" in c.get("/").text
        c.get("/search", params={"q": "talks"})  # the search index's writes change nothing
        (corpus / "second.txt").write_text(
            "China criticised India over the border in 2021.\n", encoding="utf-8"
        )
        run_build([corpus], db)
        assert "second.txt" in c.get("/").text


def test_cached_matching_is_match_variables(example_model: Path) -> None:
    from realpolitik.model.causal_map import build_causal_map
    from realpolitik.model.scenario import match_variables
    from realpolitik.web.data import ModelView

    view = ModelView(example_model)
    conn = connect(example_model)
    cmap = build_causal_map(conn)
    conn.close()
    for text in ("relations between Russia and Japan", "trade deal", "missile defense"):
        assert view.match(None, text, top=8) == match_variables(cmap, text, top=8)


def test_warm_fills_the_caches(example_model: Path) -> None:
    from realpolitik.web.app import warm
    from realpolitik.web.data import ModelView

    view = ModelView(example_model)
    warm(view)
    keys = set(view._cache)
    assert {"documents", "actors", "dyads", "holders", ("causal", None)} <= keys
    assert all(("causal", h) in keys for h in view.holders())


def test_keep_warm_warms_again_after_a_build(example_model: Path, tmp_path: Path) -> None:
    """A build beside ``serve`` empties the maps kept in the model; the watcher
    assembles and keeps them again once the build has finished, with no visitor."""
    import shutil
    import threading
    import time

    from realpolitik.web.app import keep_warm
    from realpolitik.web.data import ModelView

    db = tmp_path / "model.db"
    shutil.copy(example_model, db)
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    view = ModelView(db)
    stop = threading.Event()
    watcher = threading.Thread(target=keep_warm, args=(view, stop, 0.05), daemon=True)
    watcher.start()

    def kept_maps() -> set[str]:
        conn = connect(db)
        try:
            return {h for (h,) in conn.execute("SELECT holder FROM map_cache")}
        finally:
            conn.close()

    def wait_for(condition: Callable[[], bool]) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.05)
        return False

    try:
        assert wait_for(lambda: "" in kept_maps())  # the first warm-up kept the whole map
        before = view.causal_map(None)
        (corpus / "zz_added.txt").write_text(
            "Tokyo and Moscow agreed on Tuesday to resume talks on a peace treaty. "
            "The agreement will strengthen economic ties between Japan and Russia.\n",
            encoding="utf-8",
        )
        run_build([corpus], db)
        assert wait_for(lambda: "" in kept_maps())  # emptied by the build, kept again
        # and the view's own cache holds the new state's map, before any visitor asks
        assert wait_for(
            lambda: ("causal", None) in view._cache and view._cache[("causal", None)] is not before
        )
        assert "zz_added.txt" in {d["name"] for d in view.documents()}
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()


def test_serve_answers_with_its_token(example_model: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = (
        "from realpolitik.web.app import serve; "
        f"serve({str(example_model)!r}, '127.0.0.1', {port}, 'tok')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/", headers={"Authorization": "Bearer tok"})
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and "Overview" in r.text
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=20)
