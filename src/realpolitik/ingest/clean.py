"""The clean stage's labelling: which spans of a document are body text.

:func:`label_segments` splits a document into blocks (paragraphs, or the lines of a
paragraph that is a list), labels each from its layout features and the cue lists
in ``data/cleaning.yaml``, then smooths the labels by zones: a book's leading
front matter, a run of footnotes, a reference list, page furniture after the last
paragraph. Nothing is deleted: every non-blank block gets a label, and only
``body`` and ``heading`` go on to extraction. See ``docs/cleaning.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from realpolitik.ingest.blocks import (
    GLUE,
    Block,
    Features,
    features,
    is_bullet,
    is_prose,
    split_blocks,
    words_of,
)
from realpolitik.ingest.cues import Cues, any_match, load_cues
from realpolitik.records import Segment, SegmentKind

__all__ = ["label_segments", "label_blocks", "LabelledBlock"]

_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][a-zà-ÿ'’\-]+|[A-Z][A-Z'’\-]+|[A-Z]\.(?:[A-Z]\.)?|[A-Z][a-z]?\.)$"
)
_PAGE_END = re.compile(r"\s([0-9]{1,3}[:;.]?|[ivxlcdm]{1,7})$", re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^(\d{1,4})\s+(\S.*)$")
_TRAILING_NUMBER = re.compile(r"^(.*\S)\s+(\S+)$")
_CONTENT_WORD = re.compile(r"[a-z][a-z'’\-]{2,}")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?][\"”’)])\s+|(?<=[.!?])\s+(?=[\"“(]?[A-Z])")


@dataclass(frozen=True)
class LabelledBlock:
    """A block, its features and the label it was given."""

    block: Block
    feats: Features
    kind: SegmentKind
    forced: bool = False  # the label is final (no zone may change it)


def label_segments(text: str, fmt: str) -> list[Segment]:
    """Label every non-blank block of ``text`` (``fmt``: txt, md, html or pdf).

    Segments come back in text order, do not overlap, and cover each non-blank
    block with its surrounding white space stripped.
    """
    return [
        Segment(kind=item.kind, start=item.block.start, end=item.block.end)
        for item in label_blocks(text, fmt)
    ]


def label_blocks(text: str, fmt: str, cues: Cues | None = None) -> list[LabelledBlock]:
    """The blocks of ``text`` with their labels (see :func:`label_segments`)."""
    cues = cues or load_cues()
    blocks = _unglue(split_blocks(text, fmt, cues), cues)
    all_feats = [features(block.text, cues) for block, _ in blocks]
    others = _DocContext.of(all_feats)
    items: list[LabelledBlock] = []
    for index, ((block, forced_kind), feats) in enumerate(zip(blocks, all_feats, strict=True)):
        if forced_kind is not None:
            items.append(LabelledBlock(block, feats, forced_kind, forced=True))
            continue
        kind = _label(block, feats, cues, others, index, len(blocks))
        items.append(LabelledBlock(block, feats, kind))
    items = _contents_runs(items)
    items = _footnote_runs(items, cues)
    items = _citation_zones(items, cues)
    items = _front_matter_zone(items)
    items = _trailing_zone(items)
    items = _pull_quotes(items, cues)
    return items


# --------------------------------------------------------------------------- blocks


def _unglue(blocks: list[Block], cues: Cues) -> list[tuple[Block, SegmentKind | None]]:
    """Split image alt text glued to the first sentence of a paragraph.

    ``"lowercase alt textThe first sentence ..."``: a run of lower-case words with
    no punctuation whose last letter runs straight into a capitalised word. The
    run becomes its own boilerplate block when the rest reads as prose.
    """
    out: list[tuple[Block, SegmentKind | None]] = []
    for block in blocks:
        match = GLUE.match(block.text) if block.md_level == 0 else None
        if match and len(match.group(1).split()) <= 12:
            cut = block.start + match.end(1)
            rest = block.text[match.end(1) :]
            if is_prose(features(rest, cues)):
                out.append((replace(block, end=cut, text=match.group(1)), "boilerplate"))
                out.append((replace(block, start=cut, text=rest), None))
                continue
        out.append((block, None))
    return out


@dataclass(frozen=True)
class _DocContext:
    """What a block's label may depend on in the rest of the document."""

    texts: tuple[str, ...]  # folded, lower-cased text of every block

    @classmethod
    def of(cls, feats: list[Features]) -> _DocContext:
        return cls(tuple(_fold(f.plain) for f in feats))

    def elsewhere(self, needle: str, index: int, max_words: int = 25) -> bool:
        """Does ``needle`` occur in another short block (a heading, a contents
        line, a byline, another page header) than ``index``?"""
        needle = _fold(needle)
        return any(
            needle in t
            for i, t in enumerate(self.texts)
            if i != index and len(t.split()) <= max_words
        )

    def equals_other(self, needle: str, index: int) -> bool:
        """Is ``needle`` the whole text of a block other than ``index``?"""
        needle = _fold(needle)
        return any(needle == t for i, t in enumerate(self.texts) if i != index)


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


# --------------------------------------------------------------------------- single blocks


def _label(
    block: Block, f: Features, cues: Cues, ctx: _DocContext, index: int, total: int
) -> SegmentKind:
    """The label of one block on its own (before zones)."""
    plain = f.plain
    prose = is_prose(f)
    near_edge = index < 3 or index >= total - 4
    if near_edge and f.words <= 80 and any_match(cues.boilerplate_anywhere, plain):
        return "boilerplate"
    if _running_header(plain, f, ctx, index):
        return "boilerplate"
    if block.md_level:
        if any_match(cues.contents_headings, plain):
            return "front_matter"
        if f.words <= 30 and _is_furniture(plain, f, cues, ctx, index, prose):
            return "boilerplate"
        return "heading"
    if f.words <= 80 and any_match(cues.front_matter_strong, plain):
        return "front_matter"
    if _is_caption(plain, f, cues):
        return "caption"
    if f.words <= 30 and _is_furniture(plain, f, cues, ctx, index, prose):
        return "boilerplate"
    if _is_footnote(plain, f, cues):
        return "footnote"
    if any_match(cues.reference_entry, plain) and f.citation >= 2:
        return "reference"
    if not prose and (f.has_tab or any_match(cues.toc_line, block.text)):
        return "front_matter"
    if any_match(cues.contents_headings, plain) and f.words <= 6:
        return "front_matter"
    if not prose and any_match(cues.front_matter_weak, plain):
        return "front_matter"
    if _is_bio(plain, f, cues, index, total):
        return "boilerplate"
    if prose:
        return "body"
    return _short_line(plain, f, cues)


def _short_line(plain: str, f: Features, cues: Cues) -> SegmentKind:
    """A line that is not prose: a heading, or debris."""
    letters = sum(1 for c in plain if c.isalpha())
    if f.words == 0 or letters < 0.5 * len(plain.replace(" ", "")):
        return "boilerplate"  # page numbers, rules, stray symbols
    if f.words == 1 and f.all_caps and plain.lower().strip(" .:") not in cues.heading_words:
        return "boilerplate"  # a lone capitalised non-word: OCR debris
    if any_match(cues.chapter_heading, plain):
        return "heading"
    first = plain.lstrip("\"“‘'(")[:1]
    if (
        f.words <= 15
        and (first.isupper() or first.isdigit())
        and not plain.rstrip().endswith((".", ",", ";"))
        and (f.cap_share >= 0.5 or f.words <= 10)
    ):
        return "heading"
    if f.words >= 8 and f.function_words >= 2 and f.cap_share <= 0.5:
        return "body"  # prose-like though unfinished: never lose a sentence
    return "boilerplate"


def _is_name(tokens: list[str]) -> bool:
    return 2 <= len(tokens) <= 5 and all(_NAME_TOKEN.match(t) for t in tokens)


def _running_header(plain: str, f: Features, ctx: _DocContext, index: int) -> bool:
    """A page header: "30 Firstname A. Lastname" or "Chapter title 131"."""
    if f.words == 0 or f.words > 12 or f.ends_sentence and not plain.endswith("."):
        return False
    lead = _LEADING_NUMBER.match(plain)
    if lead and int(lead.group(1)) > 0:
        tail = lead.group(2).strip()
        tokens = tail.replace(",", " ").split()
        if _is_name(tokens) and (
            any(re.fullmatch(r"[A-Z]\.", t) for t in tokens) or ctx.elsewhere(tail, index)
        ):
            return True
    trail = _TRAILING_NUMBER.match(plain)
    if trail and trail.group(2).isdigit() and int(trail.group(2)) <= 999:
        head = trail.group(1)
        head_words = words_of(head)
        if len(head_words) >= 2 and f.all_caps and not re.search(r"\d", head):
            return True  # "CHAPTER TITLE IN CAPITALS 133"
        if (
            len(head_words) >= 2
            and not re.search(r"[.!?:;,]$", head)
            and not head.lower().startswith(("chapter", "part", "section", "volume", "book"))
            and not re.search(r"\d", head)
            and ctx.elsewhere(head, index)
        ):
            return True
    return False


def _is_caption(plain: str, f: Features, cues: Cues) -> bool:
    if f.words > 80:
        return False
    if any_match(cues.caption_prefix, plain):
        return True
    credit = any_match(cues.caption_credit, plain) or cues.caption_agency_end.search(plain)
    if credit and (not f.ends_sentence or plain.endswith(")")):
        return f.words >= 2
    if not cues.caption_position.search(plain) or f.sentences > 2 or f.words > 60:
        return False
    return any(w.lower() in cues.caption_verbs for w in words_of(plain))


def _is_footnote(plain: str, f: Features, cues: Cues) -> bool:
    if not f.footnote_start:
        return False
    body = re.sub(r"^(?:[-*•]\s+)?\[?\(?\d{1,3}[\].)]?\s+", "", plain)
    if any_match(cues.citation_openers, body):
        return True
    return f.citation >= 2 and any_match(cues.citation_shape, body)


def _is_furniture(
    plain: str, f: Features, cues: Cues, ctx: _DocContext, index: int, prose: bool
) -> bool:
    """Web page furniture: links, share buttons, breadcrumbs, bylines, footers."""
    if any_match(cues.boilerplate_exact, plain.strip(" .:|")):
        return True
    if any_match(cues.boilerplate_always, plain):
        return True
    if not prose and any_match(cues.boilerplate_start, plain):
        return True
    if not prose and _is_breadcrumb(plain, cues, ctx, index):
        return True
    if not prose and _is_name_list(plain):
        return True
    if re.match(r"^by\s+[A-Z]", plain, re.IGNORECASE) and f.verb_words == 0 and f.words <= 12:
        return True  # a byline
    if not f.ends_sentence and any_match(cues.boilerplate_footer, plain):
        return True
    return not prose and (plain.count("|") >= 2 or " | " in plain)


def _is_breadcrumb(plain: str, cues: Cues, ctx: _DocContext, index: int) -> bool:
    for sep in cues.breadcrumb_separators:
        parts = [p.strip() for p in plain.split(sep)]
        if len(parts) >= 3 and all(0 < len(words_of(p)) <= 8 for p in parts):
            return True
        if len(parts) == 2 and parts[0].lower() in cues.breadcrumb_words:
            return True
    words = plain.split()
    for n in (1, 2):
        head = " ".join(words[:n]).lower().strip(":")
        rest = " ".join(words[n:])
        if head in cues.breadcrumb_words and rest and ctx.equals_other(rest, index):
            return True
    return False


def _is_name_list(plain: str) -> bool:
    """Several people's names separated by commas (a byline list)."""
    chunks = [c.strip() for c in re.split(r",|;|\band\b|&", plain) if c.strip()]
    if len(chunks) < 3:
        return False
    names = sum(1 for c in chunks if _is_name(c.split()))
    return names >= 3 and names >= 0.8 * len(chunks)


def _is_bio(plain: str, f: Features, cues: Cues, index: int, total: int) -> bool:
    """An author's biography, "<Name> is a <role> at ...", at a document's end."""
    if f.sentences > 3 or f.words > 80 or index < total - 3:
        return False
    match = re.match(r"^((?:[A-Z][\w.'’\-]*\s+){1,4}?)(?:is|was|has been|serves as)\s+(.*)$", plain)
    if not match or not _is_name(match.group(1).split()):
        return False
    head = [w.lower() for w in words_of(match.group(2))[:8]]
    return any(w in cues.bio_roles for w in head)


# --------------------------------------------------------------------------- zones


def _relabel(item: LabelledBlock, kind: SegmentKind) -> LabelledBlock:
    return item if item.forced else replace(item, kind=kind)


def _ends_in_page(item: LabelledBlock) -> bool:
    f = item.feats
    return f.words <= 25 and not is_prose(f) and bool(_PAGE_END.search(f.plain))


def _contents_runs(items: list[LabelledBlock]) -> list[LabelledBlock]:
    """Three or more nearby short lines ending in page numbers: a table of contents
    (with the part titles and author lines between its entries)."""
    out = list(items)
    entries = [i for i, item in enumerate(items) if _ends_in_page(item)]
    runs: list[list[int]] = []
    for i in entries:
        if runs and i - runs[-1][-1] <= 3:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        if len(run) < 3:
            continue
        for i in range(run[0], run[-1] + 1):
            item = out[i]
            if item.kind in ("heading", "body", "boilerplate") and not is_prose(item.feats):
                out[i] = _relabel(item, "front_matter")
    return out


def _footnote_runs(items: list[LabelledBlock], cues: Cues) -> list[LabelledBlock]:
    """Continuation lines of a footnote, numbered lines inside a footnote run, and
    citation-like entries next to a reference entry."""
    out = list(items)
    # Backwards: a numbered, citation-like line just before a footnote is one too;
    # a citation-like line just before a reference entry is one too.
    for i in range(len(out) - 2, -1, -1):
        item, nxt = out[i], out[i + 1]
        f = item.feats
        if item.forced or item.block.md_level or item.kind in ("footnote", "reference"):
            continue
        if nxt.kind == "footnote" and f.footnote_start and f.citation >= 1:
            out[i] = _relabel(item, "footnote")
        elif nxt.kind == "reference" and _entry_like(item):
            out[i] = _relabel(item, "reference")
    for i in range(1, len(out)):
        if out[i - 1].kind == "reference" and out[i].kind != "reference" and _entry_like(out[i]):
            out[i] = _relabel(out[i], "reference")
        prev, item = out[i - 1], out[i]
        if prev.kind != "footnote" or item.kind == "footnote" or item.forced:
            continue
        f = item.feats
        if item.block.md_level:
            continue
        numbered = f.footnote_start and (f.citation >= 1 or not is_prose(f))
        continued = (
            not f.footnote_start
            and f.citation >= 1
            and (f.words <= 25 or item.block.text[:1].islower())
            and f.sentences <= 2
        )
        if numbered or continued:
            out[i] = _relabel(item, "footnote")
    return out


def _entry_like(item: LabelledBlock) -> bool:
    """A reference-list entry: "Surname, ..." with citation cues, not prose."""
    f = item.feats
    return (
        not item.block.md_level
        and f.citation >= 2
        and bool(re.match(r"^[A-Z][\w'’-]+,\s+[A-Z]", f.plain))
        and f.verb_words == 0
    )


def _citation_zones(items: list[LabelledBlock], cues: Cues) -> list[LabelledBlock]:
    """A "References" / "Notes" heading starts a zone of citations."""
    out = list(items)
    zone: SegmentKind | None = None
    for i, item in enumerate(out):
        plain = item.feats.plain.strip()
        if item.kind == "heading" or item.block.md_level:
            if any_match(cues.reference_headings, plain):
                zone = "reference"
                continue
            if any_match(cues.note_headings, plain):
                zone = "footnote"
                continue
            if zone and (item.block.md_level or item.feats.citation == 0):
                zone = None
        if zone and item.kind in ("body", "heading", "boilerplate", "reference", "footnote"):
            out[i] = _relabel(item, zone)
    return out


def _substantial(item: LabelledBlock) -> bool:
    f = item.feats
    return item.kind == "body" and (f.ends_sentence or f.sentences >= 2) and f.words >= 12


def _front_matter_zone(items: list[LabelledBlock]) -> list[LabelledBlock]:
    """A book's leading non-prose zone (series list, title page, copyright page,
    contents) is front matter, up to the headings right before the first prose."""
    first = next((i for i, item in enumerate(items) if _substantial(item)), len(items))
    cues_seen = [item for item in items[:first] if item.kind == "front_matter"]
    if not cues_seen or len(cues_seen) < 2 and first < len(items) // 2:
        return items
    start = first
    while start > 0 and items[start - 1].kind == "heading":
        start -= 1
    out = list(items)
    for i in range(start):
        if out[i].kind in ("body", "heading"):
            out[i] = _relabel(out[i], "front_matter")
    return out


def _trailing_zone(items: list[LabelledBlock]) -> list[LabelledBlock]:
    """Headings after the last paragraph of prose head nothing: page furniture."""
    last = max((i for i, item in enumerate(items) if item.kind == "body"), default=-1)
    if last < 0:
        return items
    out = list(items)
    for i in range(last + 1, len(out)):
        item = out[i]
        if item.kind == "heading" and not item.block.md_level:
            out[i] = _relabel(item, "boilerplate")
        elif item.kind == "front_matter" and re.search(
            r"©|\(c\)|all rights reserved", item.feats.plain, re.IGNORECASE
        ):
            out[i] = _relabel(item, "boilerplate")  # a site footer's copyright line
    return out


def _content(text: str, cues: Cues) -> set[str]:
    return {
        w
        for w in _CONTENT_WORD.findall(text.lower())
        if w not in cues.function_words and w not in cues.verb_words
    }


def _pull_quotes(items: list[LabelledBlock], cues: Cues) -> list[LabelledBlock]:
    """A standalone line that restates a sentence of another paragraph.

    A quoted line (quote marks round it, an attribution dash allowed) is a pull
    quote when most of its content words occur in one sentence elsewhere; an
    unquoted one-sentence paragraph only when it is a near-exact copy of a
    sentence inside a longer paragraph.
    """
    out = list(items)
    sentences: list[tuple[int, set[str]]] = []
    postings: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if item.kind != "body":
            continue
        for sentence in _SENTENCE_SPLIT.split(item.feats.plain):
            tokens = _content(sentence, cues)
            if len(tokens) >= 3:
                for token in tokens:
                    postings.setdefault(token, []).append(len(sentences))
                sentences.append((i, tokens))
    for i, item in enumerate(items):
        if item.kind not in ("body", "heading") or item.forced:
            continue
        f = item.feats
        if f.words > 60 or f.words < 5:
            continue
        tokens = _content(f.plain, cues)
        if len(tokens) < 4 or not (f.quoted or f.sentences == 1):
            continue
        # A sentence sharing 80% of the tokens shares one of the rarest 20% + 1.
        rare = sorted(tokens, key=lambda t: len(postings.get(t, ())))
        probe = rare[: len(tokens) // 5 + 1]
        seen = sorted({k for t in probe for k in postings.get(t, ())})
        for k in seen:
            j, other = sentences[k]
            if j == i:
                continue
            overlap = len(tokens & other)
            if f.quoted and overlap >= 0.8 * len(tokens):
                out[i] = _relabel(item, "pull_quote")
                break
            jaccard = overlap / len(tokens | other)
            if (
                not f.quoted
                and f.sentences == 1
                and items[j].feats.sentences >= 2
                and jaccard >= 0.9
                and not is_bullet(item.block.text)
            ):
                out[i] = _relabel(item, "pull_quote")
                break
    return out
