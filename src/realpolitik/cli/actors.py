"""`realpolitik actors` and `actor CODE`: who the corpus is about."""

from __future__ import annotations

import json
import sqlite3
from typing import Annotated, Any

import typer
from rich.table import Table

from realpolitik.cli.common import DEFAULT_DB, DbOption, app, console, open_model
from realpolitik.model.actors import actor_counts, actor_detail, unresolved_mentions


@app.command()
def actors(
    db: DbOption = DEFAULT_DB,
    unresolved: Annotated[
        bool, typer.Option("--unresolved", help="List names the registry does not know.")
    ] = False,
    sectors: Annotated[
        bool, typer.Option("--sectors", help="Keep sector codes apart (RUSGOV, RUSMIL).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Actors with their mention counts (restated sentences counted once)."""
    conn = open_model(db)
    if unresolved:
        rows = unresolved_mentions(conn)
        if as_json:
            typer.echo(json.dumps([{"text": t, "mentions": n, "documents": d} for t, n, d in rows]))
            return
        table = Table(
            "name", "mentions", "documents", title="Unresolved: map them with --actors FILE.yaml"
        )
        for text, n, docs in rows:
            table.add_row(text, str(n), str(docs))
        console.print(table)
        return
    counts = actor_counts(conn, country_level=not sectors)
    if as_json:
        typer.echo(json.dumps([c.__dict__ for c in counts], ensure_ascii=False))
        return
    table = Table("code", "name", "mentions", "sentences", "documents")
    for count in counts:
        table.add_row(
            count.code, count.name, str(count.mentions), str(count.sentences), str(count.documents)
        )
    console.print(table)


@app.command()
def actor(
    code: Annotated[str, typer.Argument(help="An actor code: RUS, JPNGOV, NATO ...")],
    db: DbOption = DEFAULT_DB,
    top: Annotated[int, typer.Option("--top", help="How many sentences to show.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One actor: aliases seen, documents, power profile, and its top sentences."""
    conn = open_model(db)
    detail = actor_detail(conn, code, top=top)
    profile = _power_profile(conn, detail.code)
    if as_json:
        typer.echo(json.dumps({**detail.to_dict(), "power_profile": profile}, ensure_ascii=False))
        return
    console.print(f"[bold]{detail.code}[/] {detail.name}: {detail.mentions} mentions")
    if not detail.mentions:
        console.print("no mentions in this model (`realpolitik actors` lists who is there)")
        return
    console.print(
        "aliases: " + ", ".join(f"{text} ({n})" for text, n in detail.aliases), markup=False
    )
    console.print(
        "documents: " + ", ".join(f"{name} ({n})" for name, n in detail.documents), markup=False
    )
    console.print(
        f"perspectives held: {detail.perspectives_held}; claims attributed: {detail.claims_attributed}"
    )
    if profile.get("events") or profile.get("relations"):
        instruments = ", ".join(f"{k} {v:.1f}" for k, v in dict(profile["by_instrument"]).items())
        years = ", ".join(
            f"{y['year']} {y['hard_share']:.0%} hard" for y in list(profile["by_year"])
        )
        console.print(
            f"power profile: {profile['hard_share']:.0%} hard, {profile['soft_share']:.0%} soft "
            f"({instruments})" + (f"; by year: {years}" if years else ""),
            markup=False,
            highlight=False,
        )
    for row in detail.sentences:
        console.print(f"[dim]{row['doc']}:{row['start']}[/] ", end="")
        console.print(row["text"], markup=False, highlight=False)


def _power_profile(conn: sqlite3.Connection, code: str) -> dict[str, Any]:
    """The actor's hard/soft power profile: what share of what it does is hard or soft."""
    from realpolitik.model.profiles import power_profile

    return power_profile(conn, code).to_dict()
