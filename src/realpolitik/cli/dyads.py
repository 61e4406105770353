"""`realpolitik dyad A B` and `dyads`: how each pair stands and which way it moves."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from realpolitik.cli.common import DEFAULT_DB, DbOption, app, console, open_model

FullCodes = Annotated[
    bool, typer.Option("--sectors", help="Keep sector codes apart (RUSGOV, RUSMIL).")
]
By = Annotated[str, typer.Option("--by", help="Series period: year or month.")]


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="An actor code (RUS).")],
    b: Annotated[str, typer.Argument(help="Another actor code (JPN).")],
    db: DbOption = DEFAULT_DB,
    sectors: FullCodes = False,
    by: By = "year",
    evidence: Annotated[int, typer.Option("--evidence", help="How many sentences to show.")] = 8,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One pair: totals each way, standing relations, polarity, trend, series, evidence."""
    from realpolitik.model.dyads import dyad as dyad_model

    found = dyad_model(open_model(db), a.upper(), b.upper(), full_codes=sectors, by=by)
    if as_json:
        typer.echo(json.dumps(found.to_dict(), ensure_ascii=False))
        return
    console.print(
        f"[bold]{found.a}–{found.b}[/]: {found.polarity}, {found.trend} "
        f"(net {found.net:+.1f}; {found.trend_basis})",
        highlight=False,
    )
    for label, totals in (
        (f"{found.a}→{found.b}", found.a_to_b),
        (f"{found.b}→{found.a}", found.b_to_a),
    ):
        types = ", ".join(f"{k} {v}" for k, v in sorted(totals.by_plover.items()))
        console.print(
            f"  {label}: {totals.events} events, cooperation {totals.cooperation:+.1f}, "
            f"conflict {-abs(totals.conflict):+.1f}" + (f" ({types})" if types else ""),
            highlight=False,
        )
    for relation in found.relations:
        objects = f" over {', '.join(relation.objects)}" if relation.objects else ""
        trends = ", ".join(f"{k} {v}" for k, v in relation.trends.items())
        console.print(
            f"  relation: {relation.type}{objects} ({relation.count}×, {relation.basis}"
            + (f"; trend {trends}" if trends else "")
            + ")",
            highlight=False,
        )
    if found.series:
        console.print(
            "  series: "
            + "  ".join(f"{p.period} {p.cooperation - abs(p.conflict):+.1f}" for p in found.series),
            highlight=False,
        )
    for item in found.evidence[:evidence]:
        console.print(f"  [dim]{item.doc}#{item.sentence_id} {item.kind}[/] ", end="")
        console.print(item.text, markup=False, highlight=False)


@app.command()
def dyads(
    db: DbOption = DEFAULT_DB,
    sectors: FullCodes = False,
    min_count: Annotated[
        int, typer.Option("--min", help="Fewest events and relations to list a pair.")
    ] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The dyad matrix: every pair the corpus discusses, with its verdicts."""
    from realpolitik.model.dyads import dyads as dyad_matrix

    rows = dyad_matrix(open_model(db), min_count, full_codes=sectors)
    if as_json:
        typer.echo(json.dumps([row.to_dict() for row in rows], ensure_ascii=False))
        return
    table = Table(
        "pair", "events", "relations", "coop", "conflict", "net", "polarity", "trend", "ties"
    )
    for row in rows:
        table.add_row(
            f"{row.a}–{row.b}",
            str(row.events),
            str(row.relations),
            f"{row.cooperation:.1f}",
            f"{row.conflict:.1f}",
            f"{row.net:+.1f}",
            row.polarity,
            row.trend,
            ", ".join(row.relation_types),
        )
    console.print(table)
