"""A minimal PDF writer for tests: pages of text in a standard Type 1 font.

pypdf can assemble and edit PDFs but has no API that draws text, so the tests
build the few objects a valid PDF needs by hand: a catalog, a page tree, one
Helvetica font (WinAnsiEncoding, one of the 14 standard fonts, so nothing is
embedded), and one content stream per page that shows each line with ``Tj``
and moves down with ``T*``. The cross-reference table holds real byte offsets,
so strict readers accept the file.
"""

from __future__ import annotations


def _escape(line: str) -> bytes:
    """Encode ``line`` as the body of a PDF literal string in WinAnsiEncoding."""
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content_stream(lines: list[str], font_size: int = 11) -> bytes:
    """A content stream that draws ``lines`` top-down from the top-left margin."""
    leading = font_size + 3
    out = [b"BT", f"/F1 {font_size} Tf {leading} TL 72 750 Td".encode()]
    for line in lines:
        out.append(b"(" + _escape(line) + b") Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


def _pdf_date(iso_date: str) -> str:
    """``2024-03-15`` -> ``D:20240315000000Z``, the PDF date syntax."""
    return "D:" + iso_date.replace("-", "") + "000000Z"


def make_pdf(
    pages: list[list[str]],
    *,
    title: str | None = None,
    date: str | None = None,
) -> bytes:
    """Build a PDF whose page *i* shows the lines ``pages[i]``, one per text line.

    ``title`` and ``date`` (ISO ``YYYY-MM-DD``) go into the document information
    dictionary as ``/Title`` and ``/CreationDate``.
    """
    n_pages = len(pages)
    font_id = 3
    first_page_id = 4
    info_id = first_page_id + 2 * n_pages
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        font_id: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
    }
    kids = []
    for i, lines in enumerate(pages):
        page_id = first_page_id + 2 * i
        content_id = page_id + 1
        kids.append(f"{page_id} 0 R")
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>"
        ).encode()
        stream = _content_stream(lines)
        objects[content_id] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
        )
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n_pages} >>".encode()
    info = []
    if title is not None:
        info.append(b"/Title (" + _escape(title) + b")")
    if date is not None:
        info.append(f"/CreationDate ({_pdf_date(date)})".encode())
    objects[info_id] = b"<< " + b" ".join(info) + b" >>"
    return _serialise(objects, info_id)


def _serialise(objects: dict[int, bytes], info_id: int) -> bytes:
    """Write header, numbered objects, cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
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
