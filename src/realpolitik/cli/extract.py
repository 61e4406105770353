"""`realpolitik extract --jsonl`: the extraction interface that scoring uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import track

from realpolitik.cli.common import app, check_causal_encoder, console, err, fail
from realpolitik.eval.gold import read_jsonl
from realpolitik.records import extraction_error


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
    failed: list[str] = []
    with output.open("w", encoding="utf-8") as out:
        for record in track(records, description="extracting", console=console, transient=True):
            try:
                found = extract_record(record)
            except Exception as exc:  # noqa: BLE001 - a bug of ours: keep the other records
                found = failed_record(record, exc)
                failed.append(str(record.get("id")))
                err.print(
                    f"[yellow]warning:[/] record {record.get('id')!r}: {found['error']}",
                    soft_wrap=True,
                )
            out.write(json.dumps(found, ensure_ascii=False) + "\n")
    console.print(
        f"wrote {len(records)} records to {output}"
        + (
            f" ({len(failed)} failed, written empty with an error: {', '.join(failed)})"
            if failed
            else ""
        ),
        soft_wrap=True,
    )


def failed_record(record: dict[str, Any], exc: Exception) -> dict[str, Any]:
    """The output line of a record extraction broke on: empty, with the error."""
    return {
        "id": record.get("id"),
        "actors": [],
        "events": [],
        "relations": [],
        "perspectives": [],
        "causal": False,
        "pairs": [],
        "error": extraction_error(exc, "record"),
    }


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
