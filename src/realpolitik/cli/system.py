"""`realpolitik map`, `scenario` and `export`: the causal map and what-ifs."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from realpolitik.cli.common import DEFAULT_DB, DbOption, app, console, err, fail, open_model

if TYPE_CHECKING:
    import sqlite3

    from realpolitik.model.map_types import CausalMap

HolderOption = Annotated[
    str | None,
    typer.Option("--holder", help="Only this holder's view: an actor code (RUS) or AUTHOR."),
]
OverlayOption = Annotated[
    Path | None, typer.Option("--overlay", help="An analyst overlay YAML (docs/scenarios.md).")
]


@app.command("map")
def causal_map(
    db: DbOption = DEFAULT_DB,
    holder: HolderOption = None,
    overlay: OverlayOption = None,
    top: Annotated[int, typer.Option("--top", help="How many edges to list.")] = 30,
) -> None:
    """The causal map: variables and signed edges, strongest first."""
    from realpolitik.model.map_types import describe

    cmap = _causal_map(open_model(db), holder, overlay)
    for line in describe(cmap, top=top):
        console.print(line, markup=False, highlight=False)


@app.command()
def scenario(
    shock: Annotated[
        list[str],
        typer.Option("--shock", help='"TEXT:+1" (value in -1..1); a variable id also works.'),
    ],
    db: DbOption = DEFAULT_DB,
    holder: HolderOption = None,
    overlay: OverlayOption = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show paths and their sentences.")
    ] = False,
    top: Annotated[int, typer.Option("--top", help="How many effects to list.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What if: clamp the shocked variables, run the map to a fixed point, rank the changes."""
    from realpolitik.model.scenario import run_scenario, shocks_from_text

    cmap = _causal_map(open_model(db), holder, overlay)
    try:
        shocks, shown = shocks_from_text(cmap, shock)
    except (KeyError, ValueError) as exc:
        fail(str(exc).strip("'\""))
    result = run_scenario(cmap, shocks)
    if as_json:
        typer.echo(json.dumps({"matches": shown, **result.to_dict()}, ensure_ascii=False))
        return
    for match in shown:
        best, *others = match["candidates"]
        err.print(f"shock {match['text']!r} -> {best[1]} [{best[0]}] (score {best[2]})")
        for variable, label, score in others:
            err.print(f"   or: {label} [{variable}] (score {score}): pass the id as the shock text")
    for line in result.lines(top=top, explain=explain):
        console.print(line, markup=False, highlight=False)


class ExportFormat(StrEnum):
    graphml = "graphml"
    json = "json"
    events_csv = "events-csv"
    events_json = "events-json"


#: A file name alone picks its format: `realpolitik export events.csv`.
_BY_NAME = {
    ".graphml": ExportFormat.graphml,
    ".csv": ExportFormat.events_csv,
    ".jsonl": ExportFormat.events_json,
}


@app.command()
def export(
    target: Annotated[
        str,
        typer.Argument(
            help="graphml | json (the causal map) | events-csv | events-json, "
            "or a file name: events.csv, events.jsonl, map.graphml, map.json."
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="The file to write.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    holder: HolderOption = None,
    overlay: OverlayOption = None,
) -> None:
    """Export events (GDELT-like CSV, PLOVER-style JSON Lines) or the causal map."""
    kind, path = _export_target(target, output)
    conn = open_model(db)
    if kind in (ExportFormat.events_csv, ExportFormat.events_json):
        from realpolitik.model.event_export import write_events_csv, write_events_json

        write = write_events_csv if kind is ExportFormat.events_csv else write_events_json
        console.print(f"wrote {path}: {write(conn, path)} events")
        return
    from realpolitik.model.export import write_graphml, write_json

    cmap = _causal_map(conn, holder, overlay)
    if kind is ExportFormat.graphml:
        write_graphml(cmap, path)
    else:
        write_json(cmap, path, conn)
    console.print(f"wrote {path}: {len(cmap.variables)} variables, {len(cmap.edges)} edges")


def _export_target(target: str, output: Path | None) -> tuple[ExportFormat, Path]:
    """The format and file from `export TARGET [-o FILE]`."""
    if target in set(ExportFormat):
        kind = ExportFormat(target)
        if output is None:
            fail(f"export {target}: give the file with -o FILE")
        return kind, output
    path = Path(target)
    if path.suffix == ".json":
        kind = ExportFormat.events_json if path.stem.startswith("event") else ExportFormat.json
    elif path.suffix in _BY_NAME:
        kind = _BY_NAME[path.suffix]
    else:
        fail(
            f"export {target}: name a format ({', '.join(ExportFormat)}) or a .csv/.jsonl/.graphml/.json file"
        )
    return kind, output or path


def _causal_map(conn: sqlite3.Connection, holder: str | None, overlay: Path | None) -> CausalMap:
    """The model's causal map (of ``holder``), with the analyst overlay applied."""
    from realpolitik.model.causal_map import build_causal_map
    from realpolitik.model.overlay import OverlayError
    from realpolitik.yamlfile import YamlFileError

    if overlay is not None and not overlay.is_file():
        fail(f"--overlay {overlay}: no such file")
    try:
        return build_causal_map(conn, holder=holder, overlay=overlay)
    except (OverlayError, YamlFileError) as exc:
        fail(f"--overlay {exc}")
