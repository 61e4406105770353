"""`realpolitik ask`: ranked, cited evidence for a question."""

from __future__ import annotations

import json
import sqlite3
from typing import Annotated

import typer

from realpolitik.cli.common import DEFAULT_DB, DbOption, app, console, err, fail, open_model


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help='A question in plain words ("How does Moscow see ...?").')
    ],
    db: DbOption = DEFAULT_DB,
    k: Annotated[int, typer.Option("-k", "--top", help="How many sentences.")] = 10,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Only sentences naming this actor (RUS, Moscow).")
    ] = None,
    issue: Annotated[
        str | None, typer.Option("--issue", help="Only sentences about this issue.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="From this date (ISO, any precision).")
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="Up to this date.")] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="Only sentences with these facts: event, relation, perspective, claim."
        ),
    ] = None,
    embeddings: Annotated[
        str | None,
        typer.Option(
            "--embeddings", help="auto (default), off, or minilm (needs realpolitik[embeddings])."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Ranked evidence: hybrid BM25 (SQLite FTS5) and offline embeddings, each hit cited."""
    from realpolitik.embeddings import EmbeddingsUnavailable, load_embedder
    from realpolitik.engine.prepare import index_for_search
    from realpolitik.search import SearchError, format_hit
    from realpolitik.search import ask as search
    from realpolitik.store.db import is_read_only

    conn = open_model(db)
    try:
        embedder = load_embedder(embeddings)
    except (ValueError, EmbeddingsUnavailable) as exc:
        fail(f"--embeddings: {exc}")
    try:
        # what a build left to index (and to embed), with progress bars: once per model
        index_for_search(conn, err, embedder)
    except sqlite3.OperationalError as exc:  # a read-only model: search what is there
        if not is_read_only(exc):
            raise
    try:
        hits = search(
            conn,
            question,
            k=k,
            actor=actor,
            issue=issue,
            since=since,
            until=until,
            kind=kind,
            embeddings=embedder or "off",
            refresh=False,
        )
    except SearchError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps([hit.to_dict() for hit in hits], ensure_ascii=False))
        return
    if not hits:
        console.print("no evidence found: try other words, or fewer filters")
    for hit in hits:
        console.print(format_hit(hit), markup=False, highlight=False)
        console.print()
