"""The `realpolitik` command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from realpolitik import __version__
from realpolitik.engine.build import DEFAULT_MAX_BYTES, BuildReport, run_build
from realpolitik.store import StoreError, connect
from realpolitik.store.read import NotFound, document_detail, find_document, list_documents

app = typer.Typer(
    help="Build a cited model of the international system from a corpus, and question it.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True, soft_wrap=True, highlight=False)

DbOption = Annotated[Path, typer.Option("--db", help="The model to read.")]


def _open(db: Path):  # type: ignore[no-untyped-def]
    try:
        return connect(db)
    except StoreError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc


@app.callback(invoke_without_command=True)
def _main(
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    if version:
        console.print(f"realpolitik {__version__}")
        raise typer.Exit()


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The model file.")] = Path(
        "model.db"
    ),
    workers: Annotated[
        int, typer.Option("--workers", help="Processes for the per-document stages.")
    ] = 1,
    max_size: Annotated[
        float, typer.Option("--max-size", help="Largest file to read, in MB.")
    ] = DEFAULT_MAX_BYTES / 1024 / 1024,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 if any file failed.")] = False,
) -> None:
    """Build or update a model from .txt, .md, .html and .pdf files (incremental)."""
    try:
        report = run_build(
            paths, output, workers=workers, max_bytes=int(max_size * 1024 * 1024), console=err
        )
    except StoreError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
    _print_report(report)
    if strict and report.failures:
        raise typer.Exit(1)


def _print_report(report: BuildReport) -> None:
    console.print(
        f"[bold]built[/] {report.db}: {report.read} read, {report.skipped} unchanged, "
        f"{report.failed} failed, {report.removed} removed; {report.sentences} sentences, "
        f"{report.duplicates} duplicate links ({report.seconds:.2f} s)",
        soft_wrap=True,
        highlight=False,
    )
    # One line a file, never wrapped: users grep these.
    for path, reason in report.failures:
        console.print(f"[red]failed[/] {path}: {reason}", soft_wrap=True, highlight=False)
    for path, reason in report.still_failing:
        console.print(
            f"[yellow]still failing (unchanged)[/] {path}: {reason}", soft_wrap=True, highlight=False
        )


@app.command()
def docs(db: DbOption = Path("model.db")) -> None:
    """List the documents of a model and their status."""
    conn = _open(db)
    table = Table("id", "document", "format", "status", "sentences", "duplicates", "note")
    for row in list_documents(conn):
        style = {"failed": "red", "removed": "dim"}.get(row["status"], "")
        table.add_row(
            str(row["id"]),
            row["name"],
            row["format"] or "",
            f"[{style}]{row['status']}[/]" if style else row["status"],
            str(row["sentences"]),
            str(row["duplicates"]),
            row["reason"] or (row["title"] or ""),
        )
    console.print(table)


@app.command()
def show(
    doc: Annotated[str, typer.Argument(help="A document's file name, path or id.")],
    db: DbOption = Path("model.db"),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print a document's segments with their kinds (and sentences, repairs with --json)."""
    conn = _open(db)
    try:
        detail = document_detail(conn, find_document(conn, doc))
    except NotFound as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(2) from exc
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


if __name__ == "__main__":
    app()
