"""`realpolitik perspectives [HOLDER]` and `claims [--about TEXT]`: who thinks what, and
which causes the authors see, each record with its sentence."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from realpolitik.cli.common import DEFAULT_DB, DbOption, app, console, fail, open_model
from realpolitik.model.beliefs import (
    ClaimRecord,
    HeldView,
    Source,
    all_claims,
    claims_about,
    held_views,
    holder_counts,
    resolve_actor,
)
from realpolitik.store.read import NotFound

Limit = Annotated[int, typer.Option("--limit", help="How many records to show (0: all).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@app.command()
def perspectives(
    holder: Annotated[
        str | None,
        typer.Argument(
            help="Whose views: a code (RUS), a name (Moscow) or AUTHOR; none lists holders."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    target: Annotated[
        str | None, typer.Option("--target", help="Only views of this actor (code or name).")
    ] = None,
    issue: Annotated[
        str | None, typer.Option("--issue", help="Only views whose issue phrase contains this.")
    ] = None,
    limit: Limit = 30,
    as_json: AsJson = False,
) -> None:
    """Who thinks what: an actor's views with their stance, cue and sentence."""
    conn = open_model(db)
    if holder is None:
        rows = holder_counts(conn)
        if as_json:
            typer.echo(
                json.dumps([{"holder": h, "perspectives": v, "claims": c} for h, v, c in rows])
            )
            return
        table = Table("holder", "perspectives held", "claims attributed")
        for name, n_views, n_claims in rows:
            table.add_row(name, str(n_views), str(n_claims))
        console.print(table)
        return
    try:
        code = resolve_actor(holder)
        target_code = resolve_actor(target) if target else None
    except NotFound as exc:
        fail(str(exc))
    found = held_views(conn, code, target=target_code, issue=issue, limit=limit or None)
    if as_json:
        payload = {
            "holder": code,
            "summary": [s.to_dict() for s in found.summary],
            "perspectives": [v.to_dict() for v in found.views],
            "total": found.total,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    if not found.total:
        console.print(
            f"no perspectives held by {code} in this model "
            "(`realpolitik perspectives` lists the holders)"
        )
        return
    table = Table("on", "views", "mean stance", "+", "−", "0", title=f"{code}: views by target")
    for s in found.summary:
        on = s.target or f"“{s.issue}”"
        mark = "  [yellow]contested[/]" if s.contested else ""
        table.add_row(
            on + mark,
            str(s.views),
            f"{s.mean:+.2f}",
            str(s.positive),
            str(s.negative),
            str(s.neutral),
        )
    console.print(table)
    for view in found.views:
        _print_view(view)
    _more(len(found.views), found.total)


@app.command()
def claims(
    about: Annotated[
        str | None,
        typer.Option("--about", help="Only claims whose cause or effect is about this phrase."),
    ] = None,
    db: DbOption = DEFAULT_DB,
    holder: Annotated[
        str | None,
        typer.Option("--holder", help="Only claims this actor holds (code, name or AUTHOR)."),
    ] = None,
    limit: Limit = 20,
    as_json: AsJson = False,
) -> None:
    """Causal claims: cause, effect, sign, modality and holder, with the sentence."""
    conn = open_model(db)
    try:
        code = resolve_actor(holder) if holder else None
    except NotFound as exc:
        fail(str(exc))
    limit_or_all = limit or None
    found = (
        claims_about(conn, about, holder=code, limit=limit_or_all)
        if about
        else all_claims(conn, holder=code, limit=limit_or_all)
    )
    if as_json:
        payload = {
            "about": about,
            "claims": [c.to_dict() for c in found.claims],
            "total": found.total,
        }
        typer.echo(json.dumps(payload, ensure_ascii=False))
        return
    if not found.total:
        console.print(
            "no causal claims " + (f"about “{about}”" if about else "") + " in this model",
            highlight=False,
        )
        return
    for claim in found.claims:
        _print_claim(claim)
    _more(len(found.claims), found.total)


# ---- printing ----------------------------------------------------------------------------


def _more(shown: int, total: int) -> None:
    if shown < total:
        console.print(f"[dim]{total - shown} more: --limit 0 shows all[/]")


def _where(source: Source) -> str:
    place = source.place
    where = f"{place.doc}:{place.line}"
    if source.restates:
        where += f", restates {source.restates}"
    elif source.restated_in:
        where += f", restated in {', '.join(source.restated_in)}"
    return where


def _sentence(source: Source, spans: list[tuple[tuple[int, int], str]]) -> Text:
    text = Text("    " + source.text)
    for (start, end), style in spans:
        if 0 <= start < end <= len(source.text):
            text.stylize(style, start + 4, end + 4)
    return text


def _print_view(view: HeldView) -> None:
    on = view.target or "—"
    issue = f" on “{view.issue}”" if view.issue else ""
    negated = " (negated)" if view.negated else ""
    console.print(
        Text.assemble(
            (
                f"{view.stance:+.1f} ",
                "bold green" if view.stance > 0 else "bold red" if view.stance < 0 else "bold",
            ),
            f"{view.holder} → {on}{issue} ",
            (f"cue “{view.cue}”{negated} ", "cyan"),
            (_where(view.source), "dim"),
        )
    )
    console.print(_sentence(view.source, [(view.span, "underline"), (view.cue_span, "bold cyan")]))


def _print_claim(claim: ClaimRecord) -> None:
    flags = [claim.modality] + (["conditional"] if claim.conditional else [])
    head = Text.assemble(
        (f"{claim.score:.2f} ", "dim") if claim.score is not None else "",
        (f"{claim.holder}: ", "bold"),
        (claim.cause, "magenta"),
        f" →{claim.sign} ",
        (claim.effect, "green"),
        f"  ({claim.signal}; {', '.join(flags)}) ",
        (_where(claim.source), "dim"),
    )
    console.print(head)
    if claim.cause_variables or claim.effect_variables:
        console.print(
            Text(
                f"    map: {', '.join(claim.cause_variables) or '—'} → "
                f"{', '.join(claim.effect_variables) or '—'}",
                style="dim",
            )
        )
    console.print(
        _sentence(claim.source, [(claim.cause_span, "magenta"), (claim.effect_span, "green")])
    )
