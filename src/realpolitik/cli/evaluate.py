"""`realpolitik eval KIND GOLD`: score the pipeline against gold files.

Sentence-level kinds (actors, events, perspectives, causal) read a JSON Lines gold
file; corpus-level kinds (dyads, scenarios) build ``--corpus`` into a temporary
model (or read ``--db``) and score it. The figures come last, as one line of
``name=value`` pairs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from realpolitik.cli.common import app as root
from realpolitik.cli.common import check_causal_encoder, console, err, fail
from realpolitik.eval.gold import figures

app = typer.Typer(help="Score the pipeline against gold files (../shared/gold/README.md).")
root.add_typer(app, name="eval")

GoldArg = Annotated[Path, typer.Argument(help="The gold file.")]
CorpusOption = Annotated[
    Path | None, typer.Option("--corpus", help="Build this folder into a temporary model.")
]
DbOption = Annotated[Path | None, typer.Option("--db", help="Score this model instead.")]


def _gold(path: Path) -> Path:
    if not path.is_file():
        fail(f"{path}: no such gold file")
    return path


def _show(text: str) -> None:
    """Print the scores as they are: no markup, no colour, and no wrapping (a script
    reads the last line, however narrow the terminal or pipe)."""
    console.print(text, markup=False, highlight=False, soft_wrap=True)


@app.command("actors")
def eval_actors(gold: GoldArg) -> None:
    """Actors: micro P/R/F1 over (record, country code)."""
    from realpolitik.eval.actors import format_scores, score_actors

    _show(format_scores(score_actors(_gold(gold))))


@app.command("events")
def eval_events(gold: GoldArg) -> None:
    """Events: F1 over (record, source, target, CAMEO root) and over PLOVER type."""
    from realpolitik.eval.events import format_scores, load_records, pipeline_predict, score_events

    result = score_events(load_records(_gold(gold)), pipeline_predict)
    _show(format_scores(result))


@app.command("perspectives")
def eval_perspectives(gold: GoldArg) -> None:
    """Perspectives: F1 over (record, holder, target, stance sign)."""
    from realpolitik.eval.perspectives import score_perspectives

    _show(figures(score_perspectives(_gold(gold))))


@app.command("causal")
def eval_causal(gold: GoldArg) -> None:
    """Causal claims: detection F1 over records, and pair F1."""
    from realpolitik.eval.causal import score_causal

    check_causal_encoder()
    _show(figures(score_causal(_gold(gold))))


@app.command("dyads")
def eval_dyads(gold: GoldArg, corpus: CorpusOption = None, db: DbOption = None) -> None:
    """Dyads: accuracy of polarity and trend, recall of standing relations."""
    from realpolitik.eval.dyads import format_scores, score_dyads

    with _model(corpus, db) as model:
        _show(format_scores(score_dyads(_gold(gold), model)))


@app.command("scenarios")
def eval_scenarios(gold: GoldArg, corpus: CorpusOption = None, db: DbOption = None) -> None:
    """Scenarios: the share of expected effects with the right sign and a cited path."""
    from realpolitik.eval.scenarios import score_scenarios

    with _model(corpus, db) as model:
        _show(figures(score_scenarios(_gold(gold), model)))


@contextmanager
def _model(corpus: Path | None, db: Path | None) -> Iterator[Path]:
    """The model to score: ``--db`` as it is, or ``--corpus`` built into a temporary one."""
    if db is not None:
        if not db.is_file():
            fail(f"--db {db}: no such model")
        yield db
        return
    if corpus is None or not corpus.is_dir():
        fail("give --corpus DIR (the documents the gold file describes) or --db MODEL")
    from realpolitik.engine.build import run_build

    with tempfile.TemporaryDirectory(prefix="realpolitik-eval-") as folder:
        model = Path(folder) / "model.db"
        report = run_build([corpus], model, console=err)
        for path, reason in report.failures:
            err.print(f"failed {path}: {reason}")
        yield model
