"""The ingest stage as one pure function of a file: read, clean, repair, segment.

:func:`process_file` touches nothing but the file it reads, so the same code runs
in-process, in a process pool or on a Dask worker; the store links duplicates
across documents afterwards.
"""

from __future__ import annotations

import re
from pathlib import Path

from realpolitik.ingest.clean import label_segments
from realpolitik.ingest.dedupe import fingerprint
from realpolitik.ingest.ocr import RepairedText, repair_span
from realpolitik.ingest.readers import ReadError, read_document
from realpolitik.ingest.segment import split_sentences
from realpolitik.records import (
    EXTRACTED_KINDS,
    ProcessedDocument,
    RawDocument,
    ReadFailure,
    Repair,
    Segment,
    Sentence,
)

_SPACE = re.compile(r"\s+")
_MARKUP = "#*_>"


def process_file(
    path: Path, *, max_bytes: int = 50 * 1024 * 1024
) -> ProcessedDocument | ReadFailure:
    """Read and process one file; a file that cannot be read gives its reason."""
    try:
        raw = read_document(path, max_bytes=max_bytes)
    except ReadError as exc:
        return ReadFailure(path=str(path), reason=exc.reason)
    return process_document(raw)


def process_document(raw: RawDocument) -> ProcessedDocument:
    """Label the segments of a read document and split them into sentences.

    Body and heading segments are OCR-repaired; the other kinds only have their
    white space folded (they never reach extraction, but duplicates are still
    linked through them: a pull quote is the copy of a body sentence).
    """
    segments = label_segments(raw.text, raw.format)
    sentences: list[Sentence] = []
    repairs: list[Repair] = []
    for segment in segments:
        if segment.kind in EXTRACTED_KINDS:
            repaired = repair_span(raw.text, segment.start, segment.end)
            repairs.extend(repaired.repairs)
        else:
            repaired = fold_whitespace(raw.text, segment.start, segment.end)
        sentences.extend(_sentences_of(segment, repaired, first_seq=len(sentences)))
    bands = [_bands(sentence.text) for sentence in sentences]
    return ProcessedDocument(
        raw=raw, segments=segments, sentences=sentences, repairs=repairs, sentence_bands=bands
    )


def fold_whitespace(text: str, start: int, end: int) -> RepairedText:
    """``text[start:end]`` with white space runs folded to one space, mapped back."""
    out: list[str] = []
    offsets: list[int] = []
    position = start
    for match in _SPACE.finditer(text, start, end):
        out.append(text[position : match.start()])
        offsets.extend(range(position, match.start()))
        if match.start() > start and match.end() < end:
            out.append(" ")
            offsets.append(match.start())
        position = match.end()
    out.append(text[position:end])
    offsets.extend(range(position, end))
    offsets.append(end)
    return RepairedText(text="".join(out), offsets=offsets, repairs=[])


def _sentences_of(segment: Segment, repaired: RepairedText, *, first_seq: int) -> list[Sentence]:
    result: list[Sentence] = []
    for start, end in split_sentences(repaired.text):
        start, end = _strip_markup(repaired.text, start, end)
        if start >= end:
            continue
        original_start, original_end = repaired.to_original(start, end)
        result.append(
            Sentence(
                seq=first_seq + len(result),
                start=original_start,
                end=original_end,
                text=repaired.text[start:end],
                kind=segment.kind,
            )
        )
    return result


def _strip_markup(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim Markdown heading marks and emphasis from a sentence's ends ("## Title", "**x**")."""
    while start < end and (text[start] in _MARKUP or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in "*_" or text[end - 1].isspace()):
        end -= 1
    return start, end


def _bands(text: str) -> tuple[int, ...]:
    found = fingerprint(text)
    return found.bands if found else ()
