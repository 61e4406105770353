"""Build ``examples/corpus/trade_note.pdf`` from ``examples/sources/trade_note.txt``.

Pure Python, no external tools: the script lays the text out in Helvetica (one
of the 14 standard PDF fonts, so nothing is embedded), wraps each paragraph to
the page width, breaks pages, and writes the few objects a valid PDF needs
(catalog, page tree, font, one content stream per page, information dictionary
with title, author and creation date, cross-reference table with real byte
offsets). The output is deterministic: the same source gives the same bytes.

Usage::

    python examples/make_pdf.py [SOURCE.txt [OUTPUT.pdf]]

The first line of the source is taken as the PDF's title; a ``Title:``-free
plain text is all it needs. Blank lines separate paragraphs.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE / "sources" / "trade_note.txt"
DEFAULT_OUTPUT = HERE / "corpus" / "trade_note.pdf"

PAGE_WIDTH, PAGE_HEIGHT = 612, 792  # US Letter, in points
MARGIN = 72
FONT_SIZE = 11
LEADING = 15
WRAP_AT = 88  # characters per line: Helvetica 11 pt averages ~5.3 pt a character
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING

TITLE = "EU-China Trade Note No. 9: Electric Vehicles, Brandy and the Limits of Retaliation"
AUTHOR = "Harbourside Centre for Economic Diplomacy"
CREATION_DATE = "D:20241002090000Z"


def wrap(text: str) -> list[str]:
    """Lines of ``text``: each paragraph wrapped, a blank line between paragraphs.

    Single newlines inside a paragraph (headings, the list of key dates) are
    kept as line breaks.
    """
    lines: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        for source_line in paragraph.split("\n"):
            lines.extend(textwrap.wrap(source_line, WRAP_AT) or [""])
        lines.append("")
    return lines[:-1]


def paginate(lines: list[str]) -> list[list[str]]:
    """Split lines into pages, never starting a page with a blank line."""
    pages: list[list[str]] = [[]]
    for line in lines:
        if len(pages[-1]) >= LINES_PER_PAGE:
            pages.append([])
        if line or pages[-1]:
            pages[-1].append(line)
    return pages


def escape(line: str) -> bytes:
    """A PDF literal string body in WinAnsiEncoding (cp1252)."""
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def content_stream(lines: list[str]) -> bytes:
    """Draw ``lines`` from the top margin down, one ``Tj`` per line."""
    top = PAGE_HEIGHT - MARGIN
    ops = [b"BT", f"/F1 {FONT_SIZE} Tf {LEADING} TL {MARGIN} {top} Td".encode()]
    for line in lines:
        ops.append(b"(" + escape(line) + b") Tj T*" if line else b"T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def build_pdf(pages: list[list[str]]) -> bytes:
    """Serialise a PDF whose pages show ``pages`` (lists of lines)."""
    font_id, first_page_id = 3, 4
    info_id = first_page_id + 2 * len(pages)
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        font_id: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
    }
    kids = []
    for index, lines in enumerate(pages):
        page_id = first_page_id + 2 * index
        kids.append(f"{page_id} 0 R")
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {page_id + 1} 0 R >>"
        ).encode()
        stream = content_stream(lines)
        objects[page_id + 1] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
        )
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    objects[info_id] = (
        b"<< /Title (" + escape(TITLE) + b") /Author (" + escape(AUTHOR) + b") "
        b"/Producer (realpolitik examples/make_pdf.py) "
        b"/CreationDate (" + CREATION_DATE.encode() + b") >>"
    )
    return serialise(objects, info_id)


def serialise(objects: dict[int, bytes], info_id: int) -> bytes:
    """Header, objects in order, cross-reference table, trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for obj_id in sorted(objects):
        offsets[obj_id] = len(out)
        out += f"{obj_id} 0 obj\n".encode() + objects[obj_id] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for obj_id in range(1, size):
        out += f"{offsets[obj_id]:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {size} /Root 1 0 R /Info {info_id} 0 R >>\n"
        f"startxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(out)


def main(argv: list[str]) -> int:
    """Write the PDF; print where and how many pages."""
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    pages = paginate(wrap(source.read_text(encoding="utf-8")))
    output.write_bytes(build_pdf(pages))
    print(f"wrote {output} ({len(pages)} page(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
