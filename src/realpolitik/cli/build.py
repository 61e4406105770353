"""`realpolitik build`: a corpus into a model."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import app, check_causal_encoder, console, err, fail
from realpolitik.engine.build import DEFAULT_MAX_BYTES, ENGINES, BuildReport, run_build
from realpolitik.engine.prepare import prepare_model
from realpolitik.engine.stages import BuildSettings
from realpolitik.store import StoreError


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The model file.")] = Path(
        "model.db"
    ),
    workers: Annotated[
        int, typer.Option("--workers", help="Processes for the per-document stages.")
    ] = 1,
    engine: Annotated[
        str, typer.Option("--engine", help="Where documents are processed: local or dask.")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (tcp://HOST:8786), or 'local'."),
    ] = None,
    actors: Annotated[
        Path | None,
        typer.Option("--actors", help="A YAML file that adds to or overrides the actor registry."),
    ] = None,
    extract: Annotated[
        bool,
        typer.Option("--extract/--no-extract", help="Run annotation and extraction (default on)."),
    ] = True,
    max_size: Annotated[
        float, typer.Option("--max-size", help="Largest file to read, in MB.")
    ] = DEFAULT_MAX_BYTES / 1024 / 1024,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 if any file failed.")] = False,
    prepare: Annotated[
        bool,
        typer.Option(
            "--prepare/--no-prepare",
            help="Then fill the search index and keep the causal map (default on).",
        ),
    ] = True,
    embed: Annotated[
        bool,
        typer.Option(
            "--embed",
            help="Also make the sentence vectors of semantic search now (needs "
            "realpolitik[embeddings]; minutes for a large corpus, else the first ask does).",
        ),
    ] = False,
) -> None:
    """Build or update a model from .txt, .md, .html and .pdf files (incremental)."""
    if engine not in ENGINES:
        fail(f"--engine {engine}: use one of {', '.join(ENGINES)}")
    if actors is not None and not actors.is_file():
        fail(f"--actors {actors}: no such file (the format is in docs/actors.md)")
    if extract:
        # a bad encoder setting is an error before the model file exists, not after
        check_causal_encoder()
    settings = BuildSettings(extract=extract, actors_file=str(actors.resolve()) if actors else None)
    embedder = None
    if embed:
        from realpolitik.embeddings import EmbeddingsUnavailable, load_embedder

        if not prepare:
            fail("--embed makes the vectors while preparing the model: drop --no-prepare")
        try:
            embedder = load_embedder("minilm")
        except EmbeddingsUnavailable as exc:
            fail(f"--embed: {exc}")
    try:
        report = run_build(
            paths,
            output,
            workers=workers,
            max_bytes=int(max_size * 1024 * 1024),
            console=err,
            engine=engine,
            scheduler=scheduler,
            settings=settings,
        )
    except (StoreError, ValueError) as exc:
        fail(str(exc))
    print_report(report)
    if prepare:
        try:
            prepared = prepare_model(output, console=err, embedder=embedder)
        except (StoreError, sqlite3.Error) as exc:
            # the build stands: what preparing does, the first question does instead
            err.print(
                f"[yellow]warning:[/] {output}: built, but not prepared ({exc}); the first "
                "ask, map or page will index and assemble instead (or run the build again)"
            )
            prepared = None
        if prepared is not None and (
            prepared.indexed or prepared.embedded or prepared.map_assembled
        ):
            console.print(
                f"[bold]prepared[/] {output}: {prepared.indexed} sentences indexed for search"
                + (f", {prepared.embedded} embedded" if prepared.embedded else "")
                + (", causal map assembled and kept" if prepared.map_assembled else "")
                + f" ({prepared.seconds:.2f} s)",
                soft_wrap=True,
                highlight=False,
            )
    if strict and report.failures:
        raise typer.Exit(1)


def print_report(report: BuildReport) -> None:
    """The summary a build ends with: one line of counts, then one line a failed file."""
    console.print(
        f"[bold]built[/] {report.db}: {report.read} read, {report.skipped} unchanged, "
        f"{report.failed} failed, {report.removed} removed; {report.sentences} sentences, "
        f"{report.duplicates} duplicate links ({report.seconds:.2f} s)",
        soft_wrap=True,
        highlight=False,
    )
    for path, reason in report.failures:
        console.print(f"[red]failed[/] {path}: {reason}", soft_wrap=True, highlight=False)
    for path, reason in report.still_failing:
        console.print(
            f"[yellow]still failing (unchanged)[/] {path}: {reason}",
            soft_wrap=True,
            highlight=False,
        )
