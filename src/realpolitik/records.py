"""The dataclasses that stages exchange.

Stages never reach into each other's internals: ingest produces a
:class:`ProcessedDocument`, the store persists it, later stages read sentences
back. Every offset is a character offset into :attr:`RawDocument.text`, the
document's text as read (decoded file, or the main text extracted from HTML/PDF),
which the store keeps verbatim so that every span can be shown again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SegmentKind = Literal[
    "body",
    "heading",
    "front_matter",
    "footnote",
    "reference",
    "caption",
    "pull_quote",
    "boilerplate",
]
SEGMENT_KINDS: tuple[SegmentKind, ...] = (
    "body",
    "heading",
    "front_matter",
    "footnote",
    "reference",
    "caption",
    "pull_quote",
    "boilerplate",
)
#: Only these kinds feed extraction; the others are kept, labelled, for provenance.
EXTRACTED_KINDS: frozenset[str] = frozenset({"body", "heading"})


@dataclass(frozen=True)
class RawDocument:
    """A file as read: its text and what we know about where it came from."""

    path: str
    format: Literal["txt", "md", "html", "pdf"]
    text: str
    sha256: str
    size: int
    encoding: str | None = None
    title: str | None = None
    date: str | None = None  # ISO 8601 date when the file's metadata gives one


@dataclass(frozen=True)
class Segment:
    """A labelled span of the document text: ``text[start:end]`` is of ``kind``."""

    kind: SegmentKind
    start: int
    end: int


@dataclass(frozen=True)
class Repair:
    """An OCR repair: ``text[start:end]`` (``before``) is read as ``after``."""

    start: int
    end: int
    before: str
    after: str
    kind: str = "word"  # dehyphenation | line_join | word | punctuation


@dataclass(frozen=True)
class Sentence:
    """A sentence of a body or heading segment.

    ``start``/``end`` index the original document text; ``text`` is the sentence
    with OCR repairs applied and white space folded, the form later stages read.
    """

    seq: int
    start: int
    end: int
    text: str
    kind: SegmentKind


@dataclass(frozen=True)
class ProcessedDocument:
    """Everything ingest derives from one file, ready to be stored."""

    raw: RawDocument
    segments: list[Segment]
    sentences: list[Sentence]
    repairs: list[Repair] = field(default_factory=list)
    #: MinHash LSH band keys per sentence (empty where too short to match).
    sentence_bands: list[tuple[int, ...]] = field(default_factory=list)


#: How the reason of a file an extractor broke on begins: such a file is read again on
#: the next build (the bug may be fixed), unlike a file that is bad in itself.
EXTRACTION_FAILED = "extraction failed"


def extraction_error(exc: BaseException, what: str) -> str:
    """The reason given for ``what`` (a file, a record) an extractor broke on with ``exc``."""
    return (
        f"{EXTRACTION_FAILED} ({type(exc).__name__}: {str(exc)[:200]}); this is a bug in "
        f"realpolitik: please report it with this {what}"
    )


@dataclass(frozen=True)
class ReadFailure:
    """A file that could not be read, with a reason a user can act on."""

    path: str
    reason: str


MentionKind = Literal["actor", "location", "unresolved"]


@dataclass(frozen=True)
class Mention:
    """A reference to an actor (or a place) in one sentence.

    ``start``/``end`` index the sentence's (repaired) text. ``code`` is the actor
    code (``RUS``, ``JPNGOV``, ``NATO``) for actors, a location name for locations,
    and ``None`` for unresolved candidates. ``via`` says how it was resolved
    (``name``, ``capital``, ``institution``, ``leader``, ``demonym``, ``compound``,
    ``title``, ``context``, ``user``), so a reader can judge it.
    """

    start: int
    end: int
    text: str
    code: str | None
    kind: MentionKind = "actor"
    via: str = "name"
    confidence: float = 1.0
