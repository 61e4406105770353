"""`realpolitik serve` and `report`: the workbench, live or as static HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import DEFAULT_DB, DbOption, app, console, fail
from realpolitik.store import StoreError


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help="Require this bearer token on every request.",
            envvar="REALPOLITIK_TOKEN",
        ),
    ] = None,
) -> None:
    """Open the web workbench: network, dyads, timeline, perspectives, causal map, scenarios, search."""
    from realpolitik.web.app import serve as run_server

    if not db.is_file():
        fail(f"{db}: no such model; build one with `realpolitik build CORPUS -o {db}`")
    console.print(f"serving {db} on http://{host}:{port}/" + (" (token required)" if token else ""))
    try:
        run_server(db, host=host, port=port, token=token)
    except StoreError as exc:
        fail(str(exc))


@app.command()
def report(
    db: DbOption = DEFAULT_DB,
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write.")] = Path(
        "site"
    ),
) -> None:
    """Write the workbench's pages as static HTML that opens from disk."""
    from realpolitik.web.report import write_report

    try:
        summary = write_report(db, output)
    except StoreError as exc:
        fail(str(exc))
    console.print(str(summary), highlight=False)
    console.print(f"open {output / 'index.html'}", highlight=False)
