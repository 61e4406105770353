"""What every command shares: the app, the consoles, opening a model."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from realpolitik.store import StoreError, connect

app = typer.Typer(
    help="Build a cited model of the international system from a corpus, and question it.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
# Messages are never wrapped: users grep them and paths must stay whole.
err = Console(stderr=True, soft_wrap=True, highlight=False)

DbOption = Annotated[Path, typer.Option("--db", help="The model to read.")]
DEFAULT_DB = Path("model.db")


def fail(message: str, code: int = 2) -> NoReturn:
    """Print an error that says what to do, and exit."""
    err.print(f"[red]error:[/] {message}")
    raise typer.Exit(code)


def check_causal_encoder() -> None:
    """Load the causal encoder ``$REALPOLITIK_CAUSAL_ENCODER`` asks for, now: a bad
    setting or encoder file is an error naming it, before any work is done."""
    from realpolitik.extract.causal_detect import encoder_available

    try:
        encoder_available()
    except ValueError as exc:
        fail(str(exc))


def open_model(db: Path) -> sqlite3.Connection:
    """The model at ``db``, or a clear error if there is none."""
    try:
        return connect(db)
    except StoreError as exc:
        fail(str(exc))


@app.callback(invoke_without_command=True)
def _main(
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    if version:
        from realpolitik import __version__

        console.print(f"realpolitik {__version__}")
        raise typer.Exit()
