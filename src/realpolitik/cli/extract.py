"""`realpolitik extract --jsonl`: the extraction interface that scoring uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import track

from realpolitik.cli.common import app, check_causal_encoder, console, fail
from realpolitik.eval.gold import read_jsonl


@app.command()
def extract(
    jsonl: Annotated[
        Path, typer.Option("--jsonl", help='Records {"id", "text", "context"?} one a line.')
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the results.")],
) -> None:
    """Extract from single sentences: one output line a record.

    Each record is read as one small document, ``context + " " + text``; only what
    lies in ``text`` is written (the context resolves "the two countries", "it").
    """
    if not jsonl.is_file():
        fail(f"--jsonl {jsonl}: no such file")
    try:
        records = list(read_jsonl(jsonl))
    except ValueError as exc:
        fail(f"{jsonl}: {exc}")
    check_causal_encoder()
    with output.open("w", encoding="utf-8") as out:
        for record in track(records, description="extracting", console=console, transient=True):
            out.write(json.dumps(extract_record(record), ensure_ascii=False) + "\n")
    console.print(f"wrote {len(records)} records to {output}")


def extract_record(record: dict[str, Any]) -> dict[str, Any]:
    """Everything extraction finds in one record, in the gold files' vocabulary."""
    from realpolitik.eval.actors import extract_actors_record
    from realpolitik.eval.causal import causal_record
    from realpolitik.eval.events import pipeline_predict
    from realpolitik.eval.perspectives import perspectives_record
    from realpolitik.eval.relations import relations_record

    causal = causal_record(record)
    return {
        "id": record.get("id"),
        "actors": extract_actors_record(record),
        "events": pipeline_predict(record),
        "relations": relations_record(record),
        "perspectives": perspectives_record(record),
        "causal": causal["causal"],
        "pairs": causal["pairs"],
    }
