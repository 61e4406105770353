"""The local web workbench: ``realpolitik serve --db model.db``.

Every URL is either a page computed from the model, a small JSON API for the scenario
runner, or one of the package's static assets (served from an in-memory table built
at start-up: no URL names a file). With a token, every request must carry
``Authorization: Bearer TOKEN``, or the cookie that ``?token=TOKEN`` sets (for a
browser), else it gets 401.
"""

from __future__ import annotations

import mimetypes
import secrets
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from realpolitik.model.scenario import run_scenario
from realpolitik.store import StoreError, connect
from realpolitik.store.read import NotFound
from realpolitik.web.data import AUTHOR, ModelView, valid_code
from realpolitik.web.pages import Pages
from realpolitik.web.render import STATIC, Links

COOKIE = "realpolitik_token"
#: Scripts and styles from this origin only; data blocks are JSON, never executed.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def static_table(root: Path = STATIC) -> dict[str, tuple[bytes, str]]:
    """Every static asset, by its path under ``static/``, read once."""
    table: dict[str, tuple[bytes, str]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            rel = path.relative_to(root).as_posix()
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "text/javascript"):
                kind += "; charset=utf-8"
            table[rel] = (path.read_bytes(), kind)
    return table


class TokenMiddleware(BaseHTTPMiddleware):
    def __init__(self, app: Any, token: str) -> None:
        super().__init__(app)
        self.token = token

    def _ok(self, value: str | None) -> bool:
        return value is not None and secrets.compare_digest(
            value.encode("utf-8"), self.token.encode("utf-8")
        )

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        auth = request.headers.get("authorization", "")
        bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        if self._ok(bearer) or self._ok(request.cookies.get(COOKIE)):
            return await call_next(request)
        query = request.query_params.get("token")
        if self._ok(query):
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            url = request.url.replace(query=_encode(rest))
            response = RedirectResponse(str(url.path) + (f"?{url.query}" if url.query else ""), 303)
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict", path="/")
            return response
        return Response(
            "401: this workbench needs its token (Authorization: Bearer TOKEN, or ?token=TOKEN)",
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
            media_type="text/plain",
        )


def _encode(items: list[tuple[str, str]]) -> str:
    from urllib.parse import urlencode

    return urlencode(items)


class Shock(BaseModel):
    variable: str = Field(max_length=500)
    value: float = Field(ge=-1.0, le=1.0)


class ScenarioRequest(BaseModel):
    holder: str | None = Field(default=None, max_length=40)
    shocks: list[Shock] = Field(min_length=1, max_length=20)


def _holder(value: str | None) -> str | None:
    if not value:
        return None
    return AUTHOR if value.upper() == AUTHOR else valid_code(value)


def create_app(
    db: Path | str, token: str | None = None, *, view: ModelView | None = None
) -> FastAPI:
    """The workbench for the model at ``db`` (checked now: a missing model is an error).

    ``view``: a :class:`ModelView` of ``db`` to share (and its caches); a new one by default.
    """
    db = Path(db)
    connect(db).close()  # raises StoreError early for a missing or foreign file
    view = view if view is not None and view.db == db else ModelView(db)
    pages = Pages(view, Links())
    assets = static_table()
    app = FastAPI(title="realpolitik", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.view = view
    if token:
        app.add_middleware(TokenMiddleware, token=token)

    @app.middleware("http")
    async def headers(request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> HTMLResponse:
        return HTMLResponse(pages.error(404, str(exc)), status_code=404)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> HTMLResponse:
        return HTMLResponse(pages.error(500, str(exc)), status_code=500)

    @app.get("/", response_class=HTMLResponse)
    def overview() -> str:
        return pages.overview()

    @app.get("/network", response_class=HTMLResponse)
    def network() -> str:
        return pages.network()

    @app.get("/dyad/{a}/{b}", response_class=HTMLResponse)
    def dyad_page(a: str, b: str) -> str:
        return pages.dyad(a, b)

    @app.get("/actor/{code}", response_class=HTMLResponse)
    def actor_page(code: str) -> str:
        return pages.actor(code)

    @app.get("/document/{doc_id}", response_class=HTMLResponse)
    def document_page(doc_id: int) -> str:
        return pages.document(doc_id)

    @app.get("/causal", response_class=HTMLResponse)
    def causal_page(holder: str | None = None) -> str:
        return pages.causal(_holder(holder))

    @app.get("/scenario", response_class=HTMLResponse)
    def scenario_page(holder: str | None = None) -> str:
        return pages.scenario(_holder(holder))

    @app.get("/search", response_class=HTMLResponse)
    def search_page(q: str = "") -> str:
        return pages.search(q[:500])

    @app.get("/api/variables")
    def api_variables(holder: str | None = None) -> JSONResponse:
        cmap = view.causal_map(_holder(holder))
        rows = sorted(
            ({"id": v.id, "label": v.label} for v in cmap.variables.values()),
            key=lambda r: (r["label"].lower(), r["id"]),
        )
        return JSONResponse(rows)

    @app.get("/api/match")
    def api_match(q: str, holder: str | None = None) -> JSONResponse:
        cmap = view.causal_map(_holder(holder))
        if not q.strip():
            return JSONResponse([])
        found = view.match(_holder(holder), q[:500], top=8)
        return JSONResponse(
            [
                {"id": vid, "label": cmap.variables[vid].label, "score": round(score, 3)}
                for vid, score in found
                if score > 0
            ]
        )

    @app.post("/api/scenario")
    def api_scenario(req: ScenarioRequest) -> JSONResponse:
        holder = _holder(req.holder)
        cmap = view.causal_map(holder)
        unknown = [s.variable for s in req.shocks if s.variable not in cmap.variables]
        if unknown:
            raise HTTPException(422, f"no such variable in this map: {', '.join(unknown)}")
        result = run_scenario(cmap, [(s.variable, s.value) for s in req.shocks]).to_dict()
        return JSONResponse(scenario_json(view, pages.links, cmap.variables, result))

    @app.get("/static/{name:path}")
    def static(name: str) -> Response:
        found = assets.get(name)
        if found is None:
            raise HTTPException(404, "no such asset")
        body, kind = found
        return Response(body, media_type=kind, headers={"Cache-Control": "max-age=3600"})

    return app


def scenario_json(
    view: ModelView, links: Links, variables: dict[str, Any], result: dict[str, Any]
) -> dict[str, Any]:
    """A scenario result for the page: labels of path nodes, links of sentences."""
    for effect in result["effects"]:
        for path in effect["paths"]:
            path["labels"] = [variables[n].label if n in variables else n for n in path["nodes"]]
            for step in path["steps"]:
                for ev in step["evidence"]:
                    sid = ev.get("sentence_id")
                    doc = view.sentence_doc(int(sid)) if sid is not None else None
                    ev["href"] = links.document(doc, sid) if doc is not None else None
    for shock in result["shocks"]:
        v = variables.get(shock["variable"])
        shock["label"] = v.label if v is not None else shock["variable"]
    result["effects"] = result["effects"][:50]
    return result


def warm(view: ModelView, *, holders: bool = True) -> None:
    """Compute what the pages cache (documents, actors, dyads, the causal map of all
    holders with its variables' matcher texts, the search index, then each holder's
    map), so that visitors do not wait. The whole map comes before the search index:
    it is the one page whose first view after a build costs over a second (the map is
    then kept in the model), while indexing takes longer and search answers meanwhile."""
    view.documents()
    view.actors()
    view.dyad_list()
    view.sentence_doc(0)
    view.match(None, "warm up the matcher")
    view.index_search()
    view.search("warm up the index")
    if holders:
        for holder in view.holders():
            view.match(holder, "warm up the matcher")


#: How often ``serve`` looks for a finished build that changed the model (seconds).
WATCH_SECONDS = 5.0


def keep_warm(view: ModelView, stop: threading.Event, every: float = WATCH_SECONDS) -> None:
    """:func:`warm`, then again each time a build that changed the model has finished
    (looked for every ``every`` seconds, until ``stop`` is set).

    A build beside a running ``serve`` empties the maps kept in the model; without
    this, the first visitor after it would wait for the map to be assembled again
    (over a second at 1,000 documents). While a build is still running nothing is
    computed: each document it writes would undo the work."""
    warm(view)
    warmed = view.model_state()
    while not stop.wait(every):
        state = view.model_state()
        run = state[0]
        if state != warmed and not (run and run[1] == "running"):
            warm(view)
            warmed = state


def serve(
    db: Path | str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None
) -> None:
    """Run the workbench with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db, token)
    stop = threading.Event()
    threading.Thread(
        target=keep_warm, args=(app.state.view, stop), name="realpolitik-warm", daemon=True
    ).start()
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        stop.set()
