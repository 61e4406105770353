"""`realpolitik docs` and `show`: the documents of a model."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from realpolitik.cli.common import DEFAULT_DB, DbOption, app, console, fail, open_model
from realpolitik.store.read import NotFound, document_detail, find_document, list_documents


@app.command()
def docs(db: DbOption = DEFAULT_DB) -> None:
    """List the documents of a model and their status."""
    conn = open_model(db)
    table = Table("id", "format", "status", "sentences", "dups")
    table.add_column("document", no_wrap=True)
    table.add_column("note", overflow="fold", ratio=1)
    for row in list_documents(conn):
        style = {"failed": "red", "removed": "dim"}.get(row["status"], "")
        table.add_row(
            str(row["id"]),
            row["format"] or "",
            f"[{style}]{row['status']}[/]" if style else row["status"],
            str(row["sentences"]),
            str(row["duplicates"]),
            row["name"],
            row["reason"] or (row["title"] or ""),
        )
    console.print(table)


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="A document's file name, path or id.")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print a document's segments with their kinds (and sentences, repairs with --json)."""
    conn = open_model(db)
    try:
        detail = document_detail(conn, find_document(conn, doc))
    except NotFound as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps(detail, ensure_ascii=False, indent=1))
        return
    meta = detail["doc"]
    console.print(f"[bold]{meta['name']}[/] ({meta['format']}, {meta['status']}) {meta['path']}")
    colours = {"body": "green", "heading": "bold cyan"}
    for segment in detail["segments"]:
        colour = colours.get(segment["kind"], "dim")
        text = " ".join(segment["text"].split())
        console.print(f"[{colour}]{segment['kind']:>12}[/] {segment['start']:>6}  ", end="")
        console.print(text, markup=False, highlight=False)
    if detail["repairs"]:
        console.print(f"[bold]{len(detail['repairs'])} repairs[/]")
        for repair in detail["repairs"]:
            console.print(
                f"  {repair['start']:>6} {repair['before']!r} -> {repair['after']!r}", markup=False
            )
