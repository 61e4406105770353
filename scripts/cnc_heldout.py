"""Write the project's held-out part of the CNC training split as a gold-format file.

The held-out part is ``holdout_split(ids, labels)`` (seed 2022, 20 %, stratified), the
part no model in the package was trained or tuned on (docs/causal_classifier.md). Each
line is ``{"id", "text", "causal", "pairs": []}`` (text detokenised as the models see
it), so that ``realpolitik eval causal`` scores detection on it exactly as the
pipeline decides (patterns and classifier; pair figures are meaningless here: CNC
subtask 1 has no pairs)::

    .venv/bin/python scripts/cnc_heldout.py /tmp/cnc_heldout.jsonl
    .venv/bin/realpolitik eval causal /tmp/cnc_heldout.jsonl
    REALPOLITIK_CAUSAL_ENCODER=borderline .venv/bin/realpolitik eval causal /tmp/cnc_heldout.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_causal import DEFAULT_DATA, detokenise, load_rows  # noqa: E402

from realpolitik.extract.causal_classifier import holdout_split  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the gold-format JSONL to write")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the CNC training split")
    args = parser.parse_args(argv)
    ids, texts, labels = load_rows(args.data)
    held = holdout_split(ids, list(labels))
    with args.out.open("w", encoding="utf-8") as fh:
        for id_, text, label, keep in zip(ids, texts, labels, held, strict=True):
            if keep:
                row = {"id": id_, "text": detokenise(text), "causal": bool(label), "pairs": []}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{int(held.sum())} held-out sentences -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
