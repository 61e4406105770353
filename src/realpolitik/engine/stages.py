"""The per-document stages, composed: ingest, then annotate, actors and extract.

:func:`process_path` is the one function an executor (this process, a process pool,
a Dask worker) runs for a file. It is pure: it reads the file and returns plain
dataclasses, which the client writes to the store.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from realpolitik import __version__
from realpolitik.ingest.pipeline import process_file
from realpolitik.records import ProcessedDocument, ReadFailure

if TYPE_CHECKING:
    from realpolitik.extract.pipeline import SentenceFacts

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


def process_path(
    path: Path, *, max_bytes: int, settings: BuildSettings = BuildSettings()
) -> DocumentResult | ReadFailure:
    """One file through every per-document stage."""
    processed = process_file(path, max_bytes=max_bytes)
    if isinstance(processed, ReadFailure):
        return processed
    if not settings.extract:
        return DocumentResult(processed=processed)
    # Imported here: a build without extraction never loads spaCy.
    from realpolitik.actors.registry import load_registry
    from realpolitik.extract.pipeline import extract_document

    registry = load_registry(Path(settings.actors_file) if settings.actors_file else None)
    return DocumentResult(processed=processed, facts=extract_document(processed, registry=registry))
