"""Each page rendered from a model view and a link style (served or static)."""

from __future__ import annotations

from typing import Any

from realpolitik.web.data import ModelView
from realpolitik.web.render import Links, render


class Pages:
    """The workbench's pages for one model; ``links`` decides served or static URLs."""

    def __init__(self, view: ModelView, links: Links) -> None:
        self.view = view
        self.links = links

    def _render(self, template: str, **context: Any) -> str:
        return render(
            template,
            self.links,
            model_name=self.view.db.name,
            doc_of=self.view.sentence_doc,
            **context,
        )

    def overview(self) -> str:
        return self._render("overview.html", o=self.view.overview())

    def network(self) -> str:
        data = self.view.network()
        for node in data["nodes"]:
            node["href"] = self.links.actor(node["id"])
        for edge in data["edges"]:
            edge["href"] = self.links.dyad(edge["source"], edge["target"])
        return self._render("network.html", data=data)

    def dyad(self, a: str, b: str) -> str:
        return self._render("dyad.html", p=self.view.dyad(a, b))

    def actor(self, code: str) -> str:
        return self._render("actor.html", p=self.view.actor(code))

    def document(self, doc_id: int) -> str:
        return self._render("document.html", p=self.view.document(doc_id))

    def causal(self, holder: str | None = None) -> str:
        p = self.view.causal(holder)
        labels = {v["id"]: v["label"] for v in p["graph"]["variables"]}
        add_hrefs(self.links, p["graph"]["edges"])
        return self._render("causal.html", p=p, labels=labels)

    def scenario(self, holder: str | None = None) -> str:
        if holder:
            holder = self.view.causal(holder)["holder"]
        return self._render(
            "scenario.html", p={"holders": self.view.holders(), "holder": holder or None}
        )

    def search(self, query: str = "") -> str:
        hits, provisional = self.view.search_results(query) if query else ([], False)
        return self._render(
            "search.html", p={"query": query, "hits": hits, "provisional": provisional}
        )

    def error(self, status: int, message: str) -> str:
        return self._render("error.html", status=status, message=message)


def add_hrefs(links: Links, edges: list[dict[str, Any]]) -> None:
    """Each evidence sentence of each edge gets the URL of its place in its document."""
    for edge in edges:
        for ev in edge["evidence"]:
            ev["href"] = (
                links.document(ev["doc_id"], ev["sentence_id"])
                if ev.get("doc_id") is not None
                else None
            )
