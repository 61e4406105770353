"""Score actor resolution against a gold ``actors.jsonl`` (see ../shared/gold/README.md).

Each record is run as one small document, ``context + " " + text``; only mentions
inside the ``text`` part count, while the context still feeds references such as
"both countries". Micro P/R/F1 over (record, code[:3]) pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from realpolitik.actors.registry import Registry, load_registry
from realpolitik.actors.resolver import resolve_doc
from realpolitik.annotate import load_nlp
from realpolitik.eval.gold import prf, read_jsonl, record_input
from realpolitik.records import Mention


def record_mentions(rec: dict[str, Any], registry: Registry | None = None) -> list[Mention]:
    """Mentions in the ``text`` part of a record, offsets relative to ``text``."""
    full, offset = record_input(rec)
    doc = load_nlp()(full)
    date = rec.get("date")
    mentions = resolve_doc(doc, date=str(date) if date else None, registry=registry)
    from realpolitik.actors.resolver import with_offset

    return with_offset((m for m in mentions if m.start >= offset), offset)


def extract_actors_records(
    records: Iterable[dict[str, Any]], registry: Registry | None = None, *, batch_size: int = 64
) -> Iterator[list[str]]:
    """:func:`extract_actors_record` over many records, annotated in batches (``nlp.pipe``)."""
    from realpolitik.actors.resolver import actor_codes

    def inputs() -> Iterator[tuple[str, tuple[int, str | None]]]:
        for rec in records:
            full, offset = record_input(rec)
            date = rec.get("date")
            yield full, (offset, str(date) if date else None)

    nlp = load_nlp()
    for doc, (offset, date) in nlp.pipe(inputs(), as_tuples=True, batch_size=batch_size):
        mentions = resolve_doc(doc, date=date, registry=registry)
        yield actor_codes(m for m in mentions if m.start >= offset)


def extract_actors_record(rec: dict[str, Any], registry: Registry | None = None) -> list[str]:
    """Actor codes of a record's ``text`` (context resolves references), in order, once."""
    seen: dict[str, None] = {}
    for m in record_mentions(rec, registry):
        if m.kind == "actor" and m.code:
            seen.setdefault(m.code, None)
    return list(seen)


def _level(code: str) -> str:
    return code[:3]


def score_actors(path: Path, *, extra: Path | None = None) -> dict[str, Any]:
    """Score a gold file; returns figures and the records with errors."""
    registry = load_registry(extra)
    tp = fp = fn = 0
    errors: list[dict[str, Any]] = []
    n = 0
    records = list(read_jsonl(Path(path)))
    for rec, codes in zip(records, extract_actors_records(records, registry), strict=True):
        n += 1
        gold = {_level(str(c)) for c in rec.get("actors", [])}
        pred = {_level(c) for c in codes}
        tp += len(gold & pred)
        fp += len(pred - gold)
        fn += len(gold - pred)
        if gold != pred:
            errors.append(
                {
                    "id": rec.get("id"),
                    "text": rec["text"],
                    "missing": sorted(gold - pred),
                    "extra": sorted(pred - gold),
                    "predicted": codes,
                }
            )
    p, r, f = prf(tp, fp, fn)
    return {"f1": f, "p": p, "r": r, "n": n, "tp": tp, "fp": fp, "fn": fn, "errors": errors}


def format_scores(result: dict[str, Any], *, show_errors: bool = True) -> str:
    """Human-readable report; the last line is ``f1=0.xxx p=0.xxx r=0.xxx n=N``."""
    lines: list[str] = []
    if show_errors:
        for err in result["errors"]:
            lines.append(
                f"{err['id']}: missing={','.join(err['missing']) or '-'} "
                f"extra={','.join(err['extra']) or '-'} | {err['text'][:100]}"
            )
        lines.append(f"tp={result['tp']} fp={result['fp']} fn={result['fn']}")
    lines.append(f"f1={result['f1']:.3f} p={result['p']:.3f} r={result['r']:.3f} n={result['n']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m realpolitik.eval.actors GOLD.jsonl [--actors USER.yaml]``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--actors", type=Path, default=None)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    print(format_scores(score_actors(args.gold, extra=args.actors), show_errors=not args.quiet))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
