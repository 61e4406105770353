"""What all extraction adds to the spaCy pass, on the same sentences (issue 5's budget).

    .venv/bin/python -m bench.bench_extract                 # 40 generated documents
    .venv/bin/python -m bench.bench_extract --docs 100
    REALPOLITIK_CAUSAL_ENCODER=borderline .venv/bin/python -m bench.bench_extract

Documents come from ``bench/generate.py`` and are ingested first (not timed). Then, for
each document, the build's spaCy pass alone (``load_nlp().pipe`` over the sentences the
build extracts from, at ``annotate.BATCH_SIZE``) and the build's whole per-document
extraction (``extract_document``: that same spaCy pass, then actors, dates, events,
relations, perspectives, causal claims and the causal-sentence classifier) are timed
back to back, ``--repeat`` times, keeping each document's fastest time of each, so that
the machine's load moves both sides alike. The encoder of
``$REALPOLITIK_CAUSAL_ENCODER`` (if any) is loaded before timing, as the spaCy model
is: both are once-per-process costs.

The last line is ``extraction=<x> spacy_s=<s> total_s=<s>``, where ``x`` is
(extraction − spaCy) / spaCy: the target is ``x <= 0.40``.
"""

from __future__ import annotations

import argparse
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory

from bench.generate import document
from realpolitik.annotate import BATCH_SIZE, load_nlp
from realpolitik.extract import causal_detect
from realpolitik.extract.causal_detect import encoder_available, encoder_mode
from realpolitik.extract.pipeline import extract_document
from realpolitik.ingest.pipeline import process_file
from realpolitik.records import EXTRACTED_KINDS, ProcessedDocument

BUDGET = 0.40


def corpus(n_docs: int, seed: int) -> list[ProcessedDocument]:
    """``n_docs`` generated documents, ingested (read, cleaned, segmented)."""
    recent: deque[str] = deque(maxlen=50)
    out: list[ProcessedDocument] = []
    with TemporaryDirectory() as tmp:
        for index in range(n_docs):
            suffix, text = document(index, seed, recent)
            path = Path(tmp) / f"doc_{index:05d}.{suffix}"
            path.write_text(text, encoding="utf-8")
            processed = process_file(path)
            if isinstance(processed, ProcessedDocument):
                out.append(processed)
    return out


def _spacy_pass(processed: ProcessedDocument) -> None:
    texts = [s.text for s in processed.sentences if s.kind in EXTRACTED_KINDS]
    for _ in load_nlp().pipe(texts, batch_size=BATCH_SIZE):
        pass


def _timed(call: Callable[[ProcessedDocument], object], processed: ProcessedDocument) -> float:
    started = time.perf_counter()
    call(processed)
    return time.perf_counter() - started


def measure(docs: list[ProcessedDocument], repeat: int) -> tuple[float, float]:
    """(spaCy seconds, extraction seconds): per document the best of ``repeat`` runs each."""
    spacy_best = [float("inf")] * len(docs)
    full_best = [float("inf")] * len(docs)
    for _ in range(repeat):
        for i, processed in enumerate(docs):
            spacy_best[i] = min(spacy_best[i], _timed(_spacy_pass, processed))
            full_best[i] = min(full_best[i], _timed(extract_document, processed))
    return sum(spacy_best), sum(full_best)


def _count_encoder_sentences() -> list[int]:
    """A one-item list counting, from now on, the sentences the loaded causal encoder
    scores (its ``predict_proba`` wrapped on the instance)."""
    encoder = causal_detect.loaded_encoder()
    assert encoder is not None, "count only where the encoder is on"
    count = [0]
    score = encoder.predict_proba

    def counted(texts: list[str]) -> object:
        count[0] += len(texts)
        return score(texts)

    encoder.predict_proba = counted
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40, help="generated documents")
    parser.add_argument("--seed", type=int, default=11, help="corpus seed")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each side per document")
    args = parser.parse_args(argv)

    docs = corpus(args.docs, args.seed)
    sentences = sum(1 for d in docs for s in d.sentences if s.kind in EXTRACTED_KINDS)
    encoder = encoder_available()  # loads the encoder when one is switched on
    extract_document(docs[0])  # warm-up: models, lexicons, caches
    sent = _count_encoder_sentences() if encoder else [0]
    spacy_s, full_s = measure(docs, args.repeat)
    overhead = (full_s - spacy_s) / spacy_s
    print(
        f"{len(docs)} documents, {sentences} sentences; causal encoder "
        f"{encoder_mode() if encoder else 'off'}; spaCy {sentences / spacy_s:.0f} sentences/s"
    )
    if encoder:
        share = sent[0] / (args.repeat * sentences)
        print(f"the causal encoder scored {share:.1%} of the sentences")
    print(f"all extraction adds {overhead:.1%} to the spaCy pass (target <= {BUDGET:.0%})")
    print(f"extraction={overhead:.3f} spacy_s={spacy_s:.2f} total_s={full_s:.2f}")


if __name__ == "__main__":
    main()
