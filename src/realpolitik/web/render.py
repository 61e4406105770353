"""Templates and links, shared by the server (``web.app``) and the static report
(``web.report``): the same pages, only the links differ.

Autoescape is on for every template; document text is never marked safe. Data for a
page's scripts goes through :func:`safe_json`, which escapes ``<``, ``>``, ``&`` and
the line separators, so that no text can close the ``<script type="application/json">``
element it is put in.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def safe_json(value: Any) -> Markup:
    """JSON that is safe inside an HTML ``<script>`` element and in a ``.js`` file."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    text = (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    return Markup(text)  # noqa: S704 - every character that could end the element is escaped


class Links:
    """URLs of the served workbench (absolute paths)."""

    static_mode = False

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def home(self) -> str:
        return self.prefix + "/"

    def network(self) -> str:
        return self.prefix + "/network"

    def dyad(self, a: str, b: str) -> str:
        a, b = sorted((a, b))
        return f"{self.prefix}/dyad/{quote(a)}/{quote(b)}"

    def actor(self, code: str) -> str:
        return f"{self.prefix}/actor/{quote(code)}"

    def document(self, doc_id: int | None, sentence_id: int | None = None) -> str:
        if doc_id is None:
            return "#"
        anchor = f"#s{int(sentence_id)}" if sentence_id is not None else ""
        return f"{self.prefix}/document/{int(doc_id)}{anchor}"

    def causal(self, holder: str | None = None) -> str:
        return self.prefix + "/causal" + (f"?{urlencode({'holder': holder})}" if holder else "")

    def scenario(self, holder: str | None = None) -> str:
        return self.prefix + "/scenario" + (f"?{urlencode({'holder': holder})}" if holder else "")

    def search(self, query: str | None = None) -> str:
        return self.prefix + "/search" + (f"?{urlencode({'q': query})}" if query else "")

    def static(self, name: str) -> str:
        return f"{self.prefix}/static/{name}"


class StaticLinks(Links):
    """URLs of the static report: relative file names, all pages in one folder."""

    static_mode = True

    def home(self) -> str:
        return "index.html"

    def network(self) -> str:
        return "network.html"

    def dyad(self, a: str, b: str) -> str:
        a, b = sorted((a, b))
        return f"dyad-{quote(a)}-{quote(b)}.html"

    def actor(self, code: str) -> str:
        return f"actor-{quote(code)}.html"

    def document(self, doc_id: int | None, sentence_id: int | None = None) -> str:
        if doc_id is None:
            return "#"
        anchor = f"#s{int(sentence_id)}" if sentence_id is not None else ""
        return f"doc-{int(doc_id)}.html{anchor}"

    def causal(self, holder: str | None = None) -> str:
        return f"causal-{quote(holder)}.html" if holder else "causal.html"

    def scenario(self, holder: str | None = None) -> str:
        return "scenario.html" + (f"#holder={quote(holder)}" if holder else "")

    def search(self, query: str | None = None) -> str:
        return "search.html" + (f"#q={quote(query)}" if query else "")

    def static(self, name: str) -> str:
        return f"static/{name}"


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_json"] = safe_json
    env.filters["signed"] = lambda x, digits=1: f"{float(x):+.{digits}f}"
    return env


_ENV: Environment | None = None


def render(template: str, links: Links, **context: Any) -> str:
    global _ENV
    if _ENV is None:
        _ENV = environment()
    return _ENV.get_template(template).render(links=links, **context)
