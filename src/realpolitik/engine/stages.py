"""The per-document stages, composed: ingest, then annotate, actors and extract.

:func:`process_path` is the one function an executor (this process, a process pool,
a Dask worker) runs for a file. It is pure: it reads the file and returns plain
dataclasses, which the client writes to the store. :func:`process_paths` does the
same for a group of files, with one spaCy pass over the group: the same results,
faster where documents are short.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from realpolitik import __version__
from realpolitik.ingest.pipeline import process_file
from realpolitik.records import ProcessedDocument, ReadFailure, extraction_error

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from realpolitik.actors.registry import Registry
    from realpolitik.extract.pipeline import SentenceFacts

#: A group's spaCy pass holds the docs of at most this many sentences at once (a
#: longer document is parsed alone): it bounds memory, not the gain, which comes
#: from spaCy's batches staying full across short documents.
GROUP_SENTENCES = 2048

#: Bump when extraction changes in a way that should re-read unchanged files.
EXTRACTION_VERSION = 1


@dataclass(frozen=True)
class BuildSettings:
    """What a build does to each document, beyond reading it."""

    extract: bool = True
    actors_file: str | None = None  # a user YAML that adds to the actor registry

    def fingerprint(self) -> str:
        """Changes whenever the same file would give other facts."""
        actors = ""
        if self.actors_file:
            actors = hashlib.sha256(Path(self.actors_file).read_bytes()).hexdigest()
        return json.dumps(
            {
                "version": __version__,
                "extraction": EXTRACTION_VERSION if self.extract else None,
                "actors": actors,
            },
            sort_keys=True,
        )


@dataclass(frozen=True)
class DocumentResult:
    """A processed document and the facts extracted from its sentences."""

    processed: ProcessedDocument
    facts: list[SentenceFacts] = field(default_factory=list)


Result: TypeAlias = DocumentResult | ReadFailure


def process_path(
    path: Path, *, max_bytes: int, settings: BuildSettings = BuildSettings()
) -> Result:
    """One file through every per-document stage."""
    return process_paths([path], max_bytes=max_bytes, settings=settings)[0]


def process_paths(
    paths: list[Path], *, max_bytes: int, settings: BuildSettings = BuildSettings()
) -> list[Result]:
    """Each file of ``paths`` through every per-document stage, one result a file in order.

    The spaCy pass runs over the group's sentences together (at most
    :data:`GROUP_SENTENCES` at once); every other stage runs document by document, so
    each result is what :func:`process_path` gives for its file.
    """
    read = [process_file(path, max_bytes=max_bytes) for path in paths]
    if not settings.extract:
        return [r if isinstance(r, ReadFailure) else DocumentResult(processed=r) for r in read]
    # Imported here: a build without extraction never loads spaCy.
    from realpolitik.actors.registry import load_registry
    from realpolitik.extract.pipeline import extracted_texts, parse_documents

    registry = load_registry(Path(settings.actors_file) if settings.actors_file else None)
    results: list[Result] = []
    sizes = [0 if isinstance(r, ReadFailure) else len(extracted_texts(r)) for r in read]
    for group in _sentence_groups(read, sizes):
        documents = [r for r in group if not isinstance(r, ReadFailure)]
        docs_of = iter(parse_documents(documents))
        for r in group:
            if isinstance(r, ReadFailure):
                results.append(r)
            else:
                results.append(_extracted(r, registry, next(docs_of)))
    return results


def _extracted(processed: ProcessedDocument, registry: Registry, docs: list[Doc]) -> Result:
    """``processed`` with its facts; a failure naming the file and the error where an
    extractor breaks on it (a bug of ours: the rest of the build must go on)."""
    from realpolitik.extract.pipeline import extract_document

    try:
        return DocumentResult(
            processed=processed, facts=extract_document(processed, registry=registry, docs=docs)
        )
    except Exception as exc:  # noqa: BLE001 - any extractor error, reported per file
        return ReadFailure(
            path=processed.raw.path,
            reason=extraction_error(exc, "file")
            + " (the rest of the build went on; the next build tries the file again)",
        )


def _sentence_groups(
    read: list[ProcessedDocument | ReadFailure], sizes: list[int]
) -> Iterator[list[ProcessedDocument | ReadFailure]]:
    """``read`` cut into runs of at most :data:`GROUP_SENTENCES` sentences (``sizes``)."""
    group: list[ProcessedDocument | ReadFailure] = []
    size = 0
    for r, n in zip(read, sizes, strict=True):
        if group and size + n > GROUP_SENTENCES:
            yield group
            group, size = [], 0
        group.append(r)
        size += n
    if group:
        yield group
