"""Blocks of a document and their layout features, for the clean stage.

A block is a paragraph (lines between blank lines) or, where a paragraph is a list
of short lines (a table of contents, a series list, footnotes as list items), one
line or list item of it. Offsets index the document text; each block's span has
its surrounding white space stripped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from realpolitik.ingest.cues import Cues, any_match, count_matches

_LINE = re.compile(r"[^\n]*\n?")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+\S")
_LIST_MARKER = re.compile(r"^\s*(?:[-*•+]\s+|\d{1,3}[.)]\s+|\[\d{1,3}\]\s*|\d{1,3}\s+(?=\S))")
_BULLET = re.compile(r"^\s*[-*•+]\s+")
_WORD = re.compile(r"[^\W\d_][\w'’\-.]*")
_EMPHASIS = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
# The stop comes first and the look-behinds (not after an initial, "Mr", "Dr", ...)
# include it, so that the regex engine only tries a match at stops.
_SENTENCE_BREAK = re.compile(
    r"[.!?](?<![A-Z][.!?])(?<!\b[A-Z][a-z][.!?])(?<!\bMr[.!?])(?<!\bMrs[.!?])(?<!\bDr[.!?])"
    r"[\"'”’)]*\s+[\"“‘(]?[A-Z]"
)
_QUOTED = re.compile(r"^[\"“‘'«].{8,}[\"”’'»]\s*(?:[—–-]+\s*[A-Z][\w .'’-]{0,60})?$", re.DOTALL)
#: Image alt text glued to a paragraph's first word: "lowercase alt textThe first ...".
GLUE = re.compile(r"^([a-z][a-z0-9'’\- ]{1,80}?[a-z])(?=[A-Z][a-z]+[\s,;:])")


@dataclass(frozen=True)
class Block:
    """A stripped span ``text[start:end]`` that gets one label."""

    start: int
    end: int
    text: str
    para: int  # index of the paragraph it comes from
    md_level: int = 0  # markdown heading level, 0 when not a ``#`` heading


@dataclass(frozen=True)
class Features:
    """Layout features of a block's text (markdown marks removed)."""

    plain: str
    words: int
    cap_share: float
    ends_sentence: bool
    ends_colon: bool
    sentences: int
    function_words: int
    verb_words: int
    verb_guesses: int  # lower-case words with a verb ending (-s, -ed), not function words
    footnote_start: bool
    quoted: bool
    has_tab: bool
    all_caps: bool
    citation_cues: tuple[re.Pattern[str], ...] = field(repr=False, compare=False)

    @cached_property
    def citation(self) -> int:
        """How many citation cues (a year, pages, a URL, ...) the text has.

        Counted on first use: it takes a scan of the text per cue, and most labels
        never ask for it.
        """
        return count_matches(self.citation_cues, self.plain)


def plain_text(text: str) -> str:
    """``text`` without markdown heading marks, list bullets, emphasis and escapes."""
    out = re.sub(r"^\s{0,3}#{1,6}\s+", "", text)
    out = re.sub(r"(?m)^\s{0,3}>\s?", "", out)  # block quotes
    out = _ESCAPE.sub(r"\1", out)
    if "*" in out or "_" in out:  # the emphasis regex is tried at every character
        out = _EMPHASIS.sub("", out)
    return " ".join(out.split())


def words_of(text: str) -> list[str]:
    """Alphabetic words of ``text`` (trailing full stops removed)."""
    return [w.rstrip(".") for w in _WORD.findall(text) if w.rstrip(".")]


def features(text: str, cues: Cues) -> Features:
    """Compute a block's features."""
    plain = plain_text(text)
    words = words_of(plain)
    lowered = [w.lower() for w in words]
    n = len(words)
    caps = sum(1 for w in words if w[0].isupper())
    # Lazily: the first lower-case letter settles it, without listing all letters.
    letters = (c for c in plain if c.isalpha())
    first = next(letters, None)
    all_caps = first is not None and first.isupper() and all(c.isupper() for c in letters)
    stripped = plain.rstrip()
    return Features(
        plain=plain,
        words=n,
        cap_share=caps / n if n else 0.0,
        ends_sentence=bool(_SENTENCE_END.search(stripped)),
        ends_colon=stripped.endswith(":"),
        sentences=1 + len(_SENTENCE_BREAK.findall(plain)),
        function_words=sum(1 for w in lowered if w in cues.function_words),
        verb_words=sum(1 for w in words if w in cues.verb_words),
        verb_guesses=sum(
            1
            for w in words[1:]
            if w.islower()
            and len(w) >= 4
            and w not in cues.function_words
            and (w.endswith("ed") or (w.endswith("s") and not w.endswith(("ss", "us", "is"))))
        ),
        footnote_start=any_match(cues.footnote_start, text.lstrip()),
        quoted=bool(_QUOTED.match(plain)),
        has_tab="\t" in text,
        all_caps=all_caps,
        citation_cues=cues.citation_cues,
    )


def is_prose(f: Features) -> bool:
    """Does the block read as running prose (one or more real sentences)?"""
    if f.words < 2 or f.all_caps and f.words > 1 and f.verb_words == 0:
        return False
    lower_share = 1.0 - f.cap_share
    if f.ends_sentence and f.verb_words >= 1 and (f.words >= 2 and lower_share >= 0.25):
        return True
    if (
        f.ends_sentence
        and f.verb_guesses >= 1
        and 2 <= f.words < 5
        and lower_share >= 0.25
        and not re.search(r"\d", f.plain)
    ):
        return True
    if (
        f.ends_sentence
        and 2 <= f.words <= 4
        and f.plain[:1].isupper()
        and any(w.islower() for w in words_of(f.plain))
        and not re.search(r"\d", f.plain)
    ):
        return True  # "Not so."
    if f.words < 5 or lower_share < 0.3:
        return False
    if (f.ends_sentence or f.ends_colon) and f.function_words >= 1 and f.words >= 5:
        return True
    if f.sentences >= 2 and (f.verb_words >= 1 or f.function_words >= 3) and f.words >= 10:
        return True
    return f.words >= 20 and f.verb_words >= 1 and f.function_words >= 3


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stripped spans of the non-blank lines of ``text[start:end]``."""
    spans: list[tuple[int, int]] = []
    for match in _LINE.finditer(text, start, end):
        if not match.group(0):
            break
        a, b = match.start(), match.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))
    return spans


def _paragraphs(text: str) -> list[list[tuple[int, int]]]:
    """Runs of non-blank lines, each as its lines' stripped spans."""
    paragraphs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        if not match.group(0):
            break
        line = match.group(0)
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.extend(_line_spans(text, match.start(), match.end()))
    if current:
        paragraphs.append(current)
    return paragraphs


def ends_sentence(line: str, cues: Cues) -> bool:
    """Does ``line`` end a sentence (not an initial, ``U.S.`` or ``Dr.``)?"""
    line = line.rstrip()
    if not _SENTENCE_END.search(line):
        return False
    last = line.split()[-1] if line.split() else ""
    if re.fullmatch(r"\(?(?:[A-Z]\.){1,3}", last):
        return False
    return last.rstrip(".").lower() not in cues.abbreviations or not last.endswith(".")


def _continues(prev: str, nxt: str, cues: Cues) -> bool:
    """Does line ``nxt`` carry on the sentence of line ``prev`` (wrapped prose)?"""
    prev = prev.rstrip()
    nxt = nxt.lstrip()
    if not prev or not nxt:
        return False
    if prev.endswith("-") and not prev.endswith("--"):
        return True
    if ends_sentence(prev, cues) or GLUE.match(nxt):
        return False
    words = words_of(prev)
    last = words[-1].lower() if words else ""
    if nxt[0].islower():
        # A title-like line ("Download The Report Title") does not run on.
        lower = sum(1 for w in words if w[:1].islower())
        return lower >= 0.4 * len(words) or prev.endswith(",") or last in cues.function_words
    # A line that breaks after a comma or a function word ("... and") wraps.
    return prev.endswith(",") or last in cues.function_words


def _local_groups(
    spans: list[tuple[int, int]], lines: list[str], cues: Cues, fmt: str
) -> list[tuple[int, int]]:
    """Lines joined where one visibly runs on into the next, split elsewhere.

    A line runs on when :func:`_continues` says so, or (outside HTML, whose lines are
    paragraphs) when it is "full": about as long as the paragraph's longest line, at a
    typical wrapping width. A short line ends a paragraph, which is how paragraphs
    are found in PDF pages that have no blank lines between them.
    """
    longest = max(len(line) for line in lines)

    def full(line: str) -> bool:
        return fmt != "html" and longest <= 130 and len(line) >= max(40, 0.75 * longest)

    groups: list[tuple[int, int]] = [spans[0]]
    for i in range(1, len(lines)):
        prev = lines[i - 1].rstrip()
        nxt = lines[i].lstrip()
        if _LIST_MARKER.match(nxt) and not prev.endswith(("-", ",")):
            runs_on = prev.split()[-1].lower() in cues.function_words
        else:
            runs_on = _continues(prev, nxt, cues) or (full(prev) and not GLUE.match(nxt))
        if runs_on:
            groups[-1] = (groups[-1][0], spans[i][1])
        else:
            groups.append(spans[i])
    return groups


def _split_paragraph(
    text: str, spans: list[tuple[int, int]], fmt: str, cues: Cues
) -> list[tuple[int, int, int]]:
    """Sub-spans ``(start, end, md_level)`` of one paragraph."""
    lines = [text[a:b] for a, b in spans]
    out: list[tuple[int, int, int]] = []
    # Markdown heading lines always stand alone; the runs between them are split again.
    if len(spans) > 1 and any(_MD_HEADING.match(line) for line in lines):
        run: list[tuple[int, int]] = []
        for span, line in zip(spans, lines, strict=True):
            heading = _MD_HEADING.match(line)
            if heading:
                if run:
                    out.extend(_split_paragraph(text, run, fmt, cues))
                    run = []
                out.append((span[0], span[1], len(heading.group(1))))
            else:
                run.append(span)
        if run:
            out.extend(_split_paragraph(text, run, fmt, cues))
        return out
    if len(spans) == 1:
        heading = _MD_HEADING.match(lines[0])
        return [(spans[0][0], spans[0][1], len(heading.group(1)) if heading else 0)]
    if any("\t" in line for line in lines):
        return [(a, b, 0) for a, b in spans]
    whole = (spans[0][0], spans[-1][1], 0)
    groups = _local_groups(spans, lines, cues, fmt)
    if len(groups) > 1:
        return [(a, b, 0) for a, b in groups]
    # A short first line over wrapped prose is a heading run into its paragraph.
    first = features(lines[0], cues)
    rest = features(" ".join(lines[1:]), cues)
    longest = max(len(line) for line in lines[1:])
    last_word = lines[0].split()[-1].lower()
    if (
        not first.ends_sentence
        and not lines[0].rstrip().endswith((",", ";", "-", "–", "—"))
        and last_word not in cues.function_words
        and first.words <= 12
        and len(lines[0]) < 0.6 * longest
        and lines[0][:1].isupper()
        and not _continues(lines[0], lines[1], cues)
        and is_prose(rest)
    ):
        return [(spans[0][0], spans[0][1], 0), (spans[1][0], spans[-1][1], 0)]
    return [whole]


def split_blocks(text: str, fmt: str, cues: Cues) -> list[Block]:
    """Split ``text`` into blocks, in order."""
    blocks: list[Block] = []
    for index, spans in enumerate(_paragraphs(text)):
        for a, b, level in _split_paragraph(text, spans, fmt, cues):
            blocks.append(Block(start=a, end=b, text=text[a:b], para=index, md_level=level))
    return blocks


def is_bullet(text: str) -> bool:
    """Does the line start with a list bullet?"""
    return bool(_BULLET.match(text))
