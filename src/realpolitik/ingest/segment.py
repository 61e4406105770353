"""Rule-based sentence boundaries: fast, deterministic, no model.

:func:`split_sentences` runs on every document before annotation, so it is a single
regular-expression scan over the candidate terminators (``.``, ``?``, ``!``, an
ellipsis, a blank line), each judged by the word before it and the character after
it. The abbreviations and the words that usually start a sentence are data files
(``data/abbreviations.tsv``, ``data/sentence_starters.txt``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_DATA = "realpolitik.ingest.data"

_CLOSERS = "\"'\u201d\u2019)\\]}\u00bb"
_OPENERS = "\"'\u201c\u2018([{\u00ab"
_CANDIDATE = re.compile(
    rf"(?P<term>\.{{3}}|\u2026|[.!?]+)[{_CLOSERS}]*(?=\s|$)"
    r"|(?P<para>\n[ \t\r\f\v]*\n)"
)
_INITIAL = re.compile(r"[A-Z]\.")
_DOTTED = re.compile(r"(?:[A-Za-z]\.){2,}")
_WORD = re.compile(r"\S+")


@cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(inner abbreviations, final abbreviations, sentence starters)."""
    root = resources.files(_DATA)
    inner: set[str] = set()
    final: set[str] = set()
    for line in root.joinpath("abbreviations.tsv").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        abbreviation, kind = line.split("\t")
        (inner if kind == "inner" else final).add(abbreviation)
    starters = {
        line.strip()
        for line in root.joinpath("sentence_starters.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    return frozenset(inner), frozenset(final), frozenset(starters)


def _word_before(text: str, period: int) -> str:
    """The word that ends with the period at ``period``, opening punctuation dropped."""
    start = period
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start : period + 1].lstrip(_OPENERS)


def _is_boundary(text: str, term: str, term_start: int, after: int) -> bool:
    """Whether the terminator ``term`` at ``term_start`` ends a sentence.

    ``after`` is the index after the terminator and any closing quotes or brackets.
    """
    following = after
    n = len(text)
    while following < n and text[following].isspace():
        following += 1
    if following >= n:
        return True
    nxt = text[following]
    starts_like_sentence = nxt.isupper() or nxt.isdigit() or nxt in _OPENERS
    if term != "." or after > term_start + 1:
        # "?", "!", "...", "…", or a period inside quotes or brackets ('"No." Then'):
        # a boundary unless the sentence goes on in lowercase
        return starts_like_sentence
    inner, final, starters = _lists()
    word = _word_before(text, term_start)
    if word in inner or (word.lower() in inner and word.lower() == word):
        return False
    if _INITIAL.fullmatch(word):
        return False  # "Daniel A. Pinkston"
    if word in final or word.lower() in final or _DOTTED.fullmatch(word):
        found = _WORD.match(text, following)
        next_word = found.group().strip(_OPENERS).rstrip(",;:") if found else ""
        return next_word in starters
    return starts_like_sentence


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``, stripped of surrounding white space.

    A sentence ends at ``.``, ``?``, ``!`` or an ellipsis (with any closing quotes or
    brackets after it) followed by white space and a word that can start a sentence,
    at a blank line, or at the end of the text. Periods of abbreviations ("Dr.",
    "e.g.", "vol."), initials ("A.") and decimals ("3.5") do not end one; "U.S." and
    the like end one only before a word that usually starts a sentence ("The").
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if match.group("para") is not None:
            end = match.start()
        else:
            term = match.group("term")
            if not _is_boundary(text, term, match.start(), match.end()):
                continue
            end = match.end()
        _append(text, start, end, spans)
        start = match.end()
    _append(text, start, len(text), spans)
    return spans


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Add ``text[start:end]`` stripped of white space, unless nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
