"""The annotate, actors and extract stages over one processed document.

:func:`extract_document` is a pure function of a :class:`ProcessedDocument`: it
runs spaCy over the document's body and heading sentences (``nlp.pipe``), resolves
actors with the context of the preceding sentences, and runs every extractor on
each sentence. Offsets in the returned facts are relative to the sentence text.

:func:`parse_documents` runs the spaCy pass of several documents in one ``nlp.pipe``
call (spaCy's batches then stay full across short documents); its output goes to
:func:`extract_document` as ``docs``, with the same facts as a pass per document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from spacy.tokens import Doc

from realpolitik.actors.registry import Registry
from realpolitik.actors.resolver import actor_codes, resolve_doc
from realpolitik.annotate import BATCH_SIZE, TEXT_KEY, doc_text, load_nlp
from realpolitik.extract.causal import extract_causal
from realpolitik.extract.causal_detect import (
    CausalScore,
    causal_scores,
    decide_causal,
    pattern_confidence,
)
from realpolitik.extract.claim_types import CausalClaim, Perspective
from realpolitik.extract.dates import parse_doc_date, sentence_dates
from realpolitik.extract.events.coder import code_events
from realpolitik.extract.perspectives import extract_perspectives
from realpolitik.extract.relations import Relation, extract_relations
from realpolitik.extract.types import Event
from realpolitik.records import EXTRACTED_KINDS, Mention, ProcessedDocument

#: How many preceding sentences lend their actors to "both countries", "the two sides".
CONTEXT_SENTENCES = 3


@dataclass(frozen=True)
class SentenceFacts:
    """Everything extracted from one sentence (``seq`` in its document)."""

    seq: int
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    perspectives: list[Perspective] = field(default_factory=list)
    claims: list[CausalClaim] = field(default_factory=list)
    causal: float | None = None  # the causal-sentence classifier's probability
    date: str | None = None  # the first explicit date the sentence gives


def document_date(processed: ProcessedDocument) -> str | None:
    """The date a document speaks from: its metadata, else the first date near its top."""
    return parse_doc_date(processed.raw.text, processed.raw.date)


def extracted_texts(processed: ProcessedDocument) -> list[str]:
    """The texts of the sentences extraction reads: body and headings, in order."""
    return [s.text for s in processed.sentences if s.kind in EXTRACTED_KINDS]


def parse_documents(
    documents: Sequence[ProcessedDocument], *, batch_size: int = BATCH_SIZE
) -> list[list[Doc]]:
    """The spaCy docs of each document's :func:`extracted_texts`, in one ``nlp.pipe`` call."""
    texts_of = [extracted_texts(processed) for processed in documents]
    flat = [text for texts in texts_of for text in texts]
    parsed = iter(load_nlp().pipe(flat, batch_size=batch_size)) if flat else iter(())
    docs_of = []
    for texts in texts_of:
        docs = [next(parsed) for _ in texts]
        for text, doc in zip(texts, docs, strict=True):
            doc.user_data[TEXT_KEY] = text  # spaCy keeps the text verbatim: doc.text == text
        docs_of.append(docs)
    return docs_of


def extract_document(
    processed: ProcessedDocument,
    *,
    registry: Registry | None = None,
    batch_size: int = BATCH_SIZE,
    docs: list[Doc] | None = None,
) -> list[SentenceFacts]:
    """Facts of every body and heading sentence of ``processed``, in order.

    ``docs``, when given, are that document's spaCy docs from :func:`parse_documents`;
    otherwise they are parsed here.
    """
    chosen = [s for s in processed.sentences if s.kind in EXTRACTED_KINDS]
    if not chosen:
        return []
    doc_date = document_date(processed)
    texts = [s.text for s in chosen]
    if docs is None:
        docs = parse_documents([processed], batch_size=batch_size)[0]
    if len(docs) != len(texts):
        raise ValueError(f"{len(docs)} spaCy docs for {len(texts)} sentences")
    # Actors first, in order: each sentence lends its actors to the next few.
    recent: list[list[str]] = []
    mentions: list[list[Mention]] = []
    for doc in docs:
        context = [code for codes in recent[-CONTEXT_SENTENCES:] for code in codes]
        resolved = resolve_doc(doc, date=doc_date, context_actors=context, registry=registry)
        mentions.append(resolved)
        codes = actor_codes(resolved)
        if codes:
            recent.append(codes)
    found_all = _extract_sentences(docs, mentions, doc_date)
    confidences = [pattern_confidence(found.claims) for found in found_all]
    # after the patterns: their confidences tell the classifier which decisions are open
    scored = causal_scores(texts, docs, pattern_conf=confidences)
    scores: list[CausalScore | None] = list(scored) if scored else [None] * len(texts)
    facts = []
    for sentence, found, conf, score in zip(chosen, found_all, confidences, scores, strict=True):
        # Claims stand only in sentences judged causal, as `extract --jsonl` reports them.
        causal = decide_causal(
            score.p if score else None,
            conf,
            threshold=score.threshold if score else None,
            with_docs=True,
        )
        facts.append(
            replace(
                found,
                seq=sentence.seq,
                causal=score.p if score else None,
                claims=found.claims if causal else [],
            )
        )
    return facts


def extract_sentence(
    doc: Doc,
    *,
    doc_date: str | None = None,
    context_actors: Sequence[str] = (),
    registry: Registry | None = None,
) -> SentenceFacts:
    """Facts of one annotated sentence (or a small document: gold records)."""
    mentions = resolve_doc(doc, date=doc_date, context_actors=context_actors, registry=registry)
    return _extract_sentences([doc], [mentions], doc_date)[0]


def _extract_sentences(
    docs: Sequence[Doc], mentions: Sequence[list[Mention]], doc_date: str | None
) -> list[SentenceFacts]:
    """Every extractor over ``docs`` (one sentence each, its actors resolved), one
    extractor at a time over all of them: each stage's code and data stay hot in the
    processor's caches, which sentence-by-sentence interleaving keeps evicting."""
    dates = [_first_date(doc, doc_date) for doc in docs]
    # Extractors index spaCy's sentences; facts index the whole text given (one of
    # our sentences, which spaCy may split further).
    events = [
        [_located_to_doc(e) for e in code_events(doc, found, doc_date=date or doc_date)]
        for doc, found, date in zip(docs, mentions, dates, strict=True)
    ]
    relations = [
        [_located_to_doc(r) for r in extract_relations(doc, found, date=date or doc_date)]
        for doc, found, date in zip(docs, mentions, dates, strict=True)
    ]
    perspectives = [
        [_perspective_to_doc(p) for p in extract_perspectives(doc, found)]
        for doc, found in zip(docs, mentions, strict=True)
    ]
    claims = [
        [_claim_to_doc(c) for c in extract_causal(doc, found)]
        for doc, found in zip(docs, mentions, strict=True)
    ]
    return [
        SentenceFacts(
            seq=0,
            mentions=found,
            events=ev,
            relations=rel,
            perspectives=per,
            claims=cl,
            date=date,
        )
        for found, ev, rel, per, cl, date in zip(
            mentions, events, relations, perspectives, claims, dates, strict=True
        )
    ]


def _first_date(doc: Doc, doc_date: str | None) -> str | None:
    """The first explicit date of a sentence (see :func:`sentence_dates`)."""
    dates = sentence_dates(doc_text(doc), doc_date)
    return dates[0][2] if dates else None


# The records are frozen, so one that already indexes the doc text (its spaCy sentence
# starts the doc: most of our sentences are one spaCy sentence) is kept as it is, not
# copied by ``dataclasses.replace`` (slow) with the same values.


_Located = TypeVar("_Located", Event, Relation)


def _located_to_doc(record: _Located) -> _Located:
    """Events and relations index their spaCy sentence; make them index the doc text."""
    shift = record.sentence_start
    if not shift:
        return record
    return replace(record, start=record.start + shift, end=record.end + shift, sentence_start=0)


def _perspective_to_doc(record: Perspective) -> Perspective:
    """Perspectives index their spaCy sentence; make them index the doc text."""
    shift = record.sent_start
    if not shift:
        return record
    return replace(
        record,
        cue_start=record.cue_start + shift,
        cue_end=record.cue_end + shift,
        span_start=record.span_start + shift,
        span_end=record.span_end + shift,
        sent_start=0,
    )


def _claim_to_doc(record: CausalClaim) -> CausalClaim:
    """Claims index their spaCy sentence; make them index the doc text."""
    shift = record.sent_start
    if not shift:
        return record
    return replace(
        record,
        cause_start=record.cause_start + shift,
        cause_end=record.cause_end + shift,
        effect_start=record.effect_start + shift,
        effect_end=record.effect_end + shift,
        sent_start=0,
    )
