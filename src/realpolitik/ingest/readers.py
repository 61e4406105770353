"""Readers: turn one file (txt, md, html, pdf) into a :class:`RawDocument`.

:func:`read_document` is the only entry point other stages need. It either
returns a :class:`RawDocument` or raises :class:`ReadError` whose ``reason`` a
user can act on; no other exception escapes, so the build can record the
failure and go on with the next file.

Offsets convention. ``RawDocument.text`` is the text *as read*: the decoded
file (txt, md) or the main text extracted from the page (html) or from the
PDF's text layer (pdf), with every line break normalised to ``\\n`` (``\\r\\n``,
lone ``\\r``, U+0085, U+2028 and U+2029 become ``\\n``; form feeds ``\\f``, often
page breaks in OCR output, are kept). Nothing else is changed: no Unicode
normalisation, no white-space folding, no OCR repair. Every offset later stages
compute indexes this normalised text, which the store keeps verbatim, so any
span can be shown again exactly.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import logging
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, cast

from realpolitik.records import RawDocument

Format = Literal["txt", "md", "html", "pdf"]

SUPPORTED_SUFFIXES: dict[str, Format] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}

#: Default size limit: larger files are refused (the CLI's ``--max-size`` lifts it).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: Share of control characters (other than tab, newline, carriage return and
#: form feed) above which decoded "text" is judged to be binary data.
MAX_CONTROL_SHARE = 0.01
#: Share of U+FFFD replacement characters above which text is judged damaged.
MAX_REPLACEMENT_SHARE = 0.05
#: Largest share of invalid bytes in an otherwise UTF-8 file that is read as
#: UTF-8 with the stray bytes taken as cp1252 (smart quotes pasted from Windows).
MAX_STRAY_BYTE_SHARE = 0.01

_CHUNK = 1 << 16
#: A complete PDF ends with ``%%EOF`` within its last bytes (the spec says 1024).
_EOF_WINDOW = 2048
_NEWLINES = re.compile("\r\n|[\r\x85\u2028\u2029]")
#: Unicode category Cc minus tab, newline, form feed and carriage return.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes kept by errors="surrogateescape"

# Signatures of common non-text files that users drop into a corpus folder.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file: rename it to .pdf"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.odt/.epub): export it as .txt or .pdf"),
    (b"\x89PNG", "a PNG image: run OCR and save the text as .txt"),
    (b"\xff\xd8\xff", "a JPEG image: run OCR and save the text as .txt"),
    (b"GIF8", "a GIF image: run OCR and save the text as .txt"),
    (b"{\\rtf", "an RTF document: export it as .txt or .pdf"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls): export it as .txt or .pdf"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A damaged PDF is reported once, as a ReadError; pypdf's own warnings are noise.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class ReadError(Exception):
    """A file could not be read; ``reason`` says why and what the user can do."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------- files


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of the file's bytes, read in 64 KiB chunks (flat memory)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _human_size(n_bytes: int) -> str:
    """``66_270_000`` -> ``"63.2 MB"``, ``52_428_800`` -> ``"50 MB"`` (binary units)."""
    if n_bytes < 1024:
        return f"{n_bytes} bytes"
    size, unit = (n_bytes / 1024, "KB") if n_bytes < 1024**2 else (n_bytes / 1024**2, "MB")
    return f"{size:.1f}".removesuffix(".0") + f" {unit}"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing missing, unreadable, empty and oversize files."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadError(f"file not found: {path}") from None
    except IsADirectoryError:
        raise ReadError(f"is a directory, not a file: {path}") from None
    except PermissionError as exc:
        raise ReadError(
            f"permission denied: {exc.strerror or exc}; make the file readable "
            f"(chmod u+r) or remove it"
        ) from None
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        actual = max(len(data), _stat_size(path))
        raise ReadError(
            f"file is {_human_size(actual)}, over the {_human_size(max_bytes)} limit: "
            f"split it or pass --max-size"
        )
    if not data:
        raise ReadError("empty file")
    return data


def _stat_size(path: Path) -> int:
    """The file size from ``stat``, or 0 if it cannot be had."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


# ----------------------------------------------------------------------- decoding


def normalise_newlines(text: str) -> str:
    """Replace ``\\r\\n``, ``\\r``, U+0085, U+2028 and U+2029 with ``\\n``."""
    return _NEWLINES.sub("\n", text)


def _sniff_non_text(data: bytes) -> str | None:
    """What known non-text format ``data`` starts with, as advice; else None."""
    head = data[:16]
    for magic, advice in _MAGIC:
        if head.startswith(magic):
            return advice
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Codec name if ``data`` looks like BOM-less UTF-16 of mostly Latin text.

    That is: NUL bytes in most odd (little-endian) or most even (big-endian)
    positions and none in the others.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.6 * half and even_nuls == 0:
        return "utf-16-le"
    if even_nuls > 0.6 * half and odd_nuls == 0:
        return "utf-16-be"
    return None


def _strict(data: bytes, codec: str) -> str | None:
    """``data`` decoded with ``codec``, or None if it is not valid in it."""
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode one invalid UTF-8 byte as cp1252 (else latin-1)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    byte = error.object[error.start : error.start + 1]
    try:
        char = byte.decode("cp1252")
    except UnicodeDecodeError:
        char = byte.decode("latin-1")
    return char, error.start + 1


codecs.register_error("realpolitik-cp1252", _cp1252_fallback)


def _mostly_utf8(data: bytes) -> str | None:
    """Decode UTF-8 holding a few stray cp1252 bytes (at most 1% of the bytes).

    Returns None unless the file has at least one valid multi-byte UTF-8
    sequence and some, but few, invalid bytes.
    """
    escaped = data.decode("utf-8", errors="surrogateescape")
    stray = len(_ESCAPED.findall(escaped))
    has_multibyte = any(ord(c) > 0x7F for c in _ESCAPED.sub("", escaped))
    if stray == 0 or not has_multibyte or stray > MAX_STRAY_BYTE_SHARE * len(data):
        return None
    return data.decode("utf-8", errors="realpolitik-cp1252")


def _prefer_cp1252(matches: Any, best: Any) -> str:
    """Pick cp1252 over an equally good single-byte guess.

    charset-normalizer cannot tell cp1250, cp1252 or cp1257 apart on short
    English text (they agree on ASCII); cp1252 is by far the most common legacy
    encoding of English-language documents, so it wins a tie.
    """
    for match in matches:
        tied = match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.01
        names = {match.encoding, *match.could_be_from_charset}
        if tied and names & {"cp1252", "latin_1", "iso8859_15"}:
            return "cp1252" if "cp1252" in names else str(match.encoding)
    return str(best.encoding)


def _detect(data: bytes) -> tuple[str, str]:
    """Guess the encoding of BOM-less, non-UTF-8 bytes; return (text, codec)."""
    from charset_normalizer import from_bytes

    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8+cp1252"
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise ReadError(
            "not valid text in any known encoding (mis-encoded or binary data): re-save it as UTF-8"
        )
    codec = _prefer_cp1252(matches, best)
    text = _strict(data, codec)
    if text is None:
        codec, text = str(best.encoding), str(best)
    return text, codec


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text; return ``(text, codec)``.

    Order: a byte-order mark (UTF-8/16/32); BOM-less UTF-16; strict UTF-8;
    UTF-8 with a few stray cp1252 bytes; charset-normalizer's best guess (cp1252
    winning ties). Raises :class:`ReadError` for known binary formats, NUL
    bytes, undecodable bytes, and text with a high share of control characters
    or of U+FFFD replacement characters. Newlines are *not* normalised here.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                raise ReadError(f"starts with a {codec} byte-order mark but is not valid {codec}")
            return _check_text(text), codec
    advice = _sniff_non_text(data)
    if advice is not None:
        raise ReadError(f"not text: this is {advice}")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None and (text16 := _strict(data, utf16)) is not None:
        return _check_text(text16), utf16
    if b"\x00" in data:
        raise ReadError("binary file (NUL bytes), not text: convert it to .txt or remove it")
    text = _strict(data, "utf-8")
    if text is not None:
        return _check_text(text), "utf-8"
    text, codec = _detect(data)
    return _check_text(text), codec


def _check_text(text: str) -> str:
    """Refuse decoded text that is really binary data or already damaged."""
    if not text:
        raise ReadError("empty file")
    share = _control_share(text)
    if "\x00" in text or share > MAX_CONTROL_SHARE:
        raise ReadError(
            f"binary data ({100 * share:.0f}% control characters), not text: "
            f"convert it to .txt or remove it"
        )
    if text.count("\ufffd") > MAX_REPLACEMENT_SHARE * len(text):
        raise ReadError(
            "text is damaged: many U+FFFD replacement characters from an earlier "
            "lossy conversion; re-export it from the source as UTF-8"
        )
    return text


def _control_share(text: str) -> float:
    """Share of ``text`` that is control characters other than tab/newlines/form feed."""
    return len(_CONTROLS.findall(text)) / max(len(text), 1)


def _require_content(text: str, what: str) -> str:
    """``text`` unless it holds only white space, in which case refuse it."""
    if not text.strip():
        raise ReadError(f"no text: {what} holds only white space")
    return text


# ----------------------------------------------------------------------- formats


def _read_plain(data: bytes) -> tuple[str, str]:
    """txt/md: decoded text with newlines normalised; return ``(text, codec)``."""
    text, codec = decode_text(data)
    return _require_content(normalise_newlines(text), "the file"), codec


def _markdown_title(text: str) -> str | None:
    """The first level-1 ATX heading (``# Title``) of a Markdown text, if any."""
    match = re.search(r"^# +(.+?) *#* *$", text, flags=re.MULTILINE)
    return match.group(1).strip() if match else None


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.I)


#: Labels that browsers (WHATWG Encoding Standard) read as windows-1252.
_WINDOWS_1252_LABELS = frozenset(
    {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252"}
)


def _decode_html(data: bytes) -> tuple[str, str]:
    """Decode an HTML file: BOM, UTF-8, then the ``<meta charset>`` it declares."""
    if not any(data.startswith(bom) for bom, _ in _BOMS) and _strict(data, "utf-8") is None:
        declared = _META_CHARSET.search(data[:4096])
        if declared is not None:
            codec = declared.group(1).decode("ascii").lower()
            used = "cp1252" if codec in _WINDOWS_1252_LABELS else codec
            text = _strict(data, used)
            if text is not None and b"\x00" not in data:
                return _check_text(text), used
    return decode_text(data)


_BLOCK_RENDER = {"p", "quote", "code", "list", "table", "head"}
_LINE_TAGS = {"lb", "p", "item", "head", "row", "list", "quote"}


def _inline_text(element: Any) -> str:
    """Text of a trafilatura element with white space folded as a browser does.

    Line breaks in the markup are spaces; ``<lb/>`` and nested block elements
    (a ``<p>`` inside a ``<quote>``) start a new line.
    """
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text.replace("\n", " "))
        for child in node:
            if child.tag in _LINE_TAGS:
                parts.append("\n")
            if child.tag != "lb":
                walk(child)
            if child.tail:
                parts.append(child.tail.replace("\n", " "))

    walk(element)
    lines = ("".join(parts)).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip()


def _render_block(element: Any) -> Iterator[str]:
    """Paragraph strings for one trafilatura block element."""
    tag = element.tag
    if tag == "head":
        level = (element.get("rend") or "h2").lstrip("h")
        hashes = "#" * (int(level) if level.isdigit() and 1 <= int(level) <= 6 else 2)
        text = " ".join(_inline_text(element).split())
        if text:
            yield f"{hashes} {text}"
    elif tag == "list":
        items = [" ".join(_inline_text(item).split()) for item in element.iter("item")]
        bullet_list = "\n".join(f"- {item}" for item in items if item)
        if bullet_list:
            yield bullet_list
    elif tag == "table":
        rows = []
        for row in element.iter("row"):
            cells = [" ".join(_inline_text(cell).split()) for cell in row.iter("cell")]
            if any(cells):
                rows.append(" | ".join(cells))
        if rows:
            yield "\n".join(rows)
    elif tag in _BLOCK_RENDER or len(element) == 0 or not _has_blocks(element):
        text = _inline_text(element)
        if text:
            yield text
    else:
        for child in element:
            yield from _render_block(child)


def _has_blocks(element: Any) -> bool:
    """Whether ``element`` holds block-level children (so recurse into it)."""
    return any(child.tag in _BLOCK_RENDER or child.tag in {"div", "item"} for child in element)


def _trafilatura_extract(html: str) -> tuple[str, str | None, str | None]:
    """Main text (headings as ``#`` lines, blank-line paragraphs), title, date."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        include_links=False,
        include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or isinstance(document, dict):
        return "", None, None
    body = getattr(document, "body", None)
    paragraphs = [p for child in (body if body is not None else []) for p in _render_block(child)]
    title = _clean_meta(getattr(document, "title", None))
    return "\n\n".join(paragraphs), title, _iso_date(getattr(document, "date", None))


_FALLBACK_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})  # fmt: skip


def _lxml_body_text(html: str) -> tuple[str, str | None]:
    """Plain text of ``<body>`` (block elements as paragraphs) and ``<title>``."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # lxml refuses empty or hopeless documents
        return "", None
    for junk in root.xpath("//script|//style|//noscript|//template|//head//*[not(self::title)]"):
        junk.drop_tree()
    body = root.find("body")
    chunks: list[str] = []
    _collect_text(body if body is not None else root, chunks)
    title_el = root.find(".//title")
    title = _clean_meta(title_el.text_content() if title_el is not None else None)
    return _fold_paragraphs("".join(chunks)), title


def _collect_text(node: Any, chunks: list[str]) -> None:
    """Append the text under ``node`` to ``chunks``, block elements set apart.

    Iterative (an explicit stack), so deeply nested markup cannot exhaust the
    recursion limit.
    """
    stack: list[tuple[Any, bool]] = [(node, False)]
    while stack:
        current, closing = stack.pop()
        is_element = isinstance(current.tag, str)  # not a comment or PI
        block = is_element and current.tag in _FALLBACK_BLOCKS
        if closing:
            if block:
                chunks.append("\n\n")
            if current is not node and current.tail:
                chunks.append(current.tail)
            continue
        if block:
            chunks.append("\n\n")
        if is_element and current.text:
            chunks.append(current.text)
        stack.append((current, True))
        stack.extend((child, False) for child in reversed(current))


def _fold_paragraphs(text: str) -> str:
    """Fold white space within paragraphs; separate paragraphs by one blank line."""
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _read_html(data: bytes) -> tuple[str, str, str | None, str | None]:
    """html: ``(text, codec, title, date)`` via trafilatura, else lxml ``<body>`` text."""
    html, codec = _decode_html(data)
    _require_content(html, "the file")
    text, title, when = _trafilatura_extract(html)
    if not text.strip():
        text, fallback_title = _lxml_body_text(html)
        title = title or fallback_title
    if not text.strip():
        raise ReadError("no readable text in HTML")
    return normalise_newlines(text), codec, title, when


def _pdf_reader(data: bytes) -> Any:
    """A pypdf reader over ``data``, decrypted if it opens with an empty password."""
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        if re.match(rb"\s*<(!doctype html|html)", data[:512], flags=re.I):
            raise ReadError(
                "not a PDF: it is an HTML page (a failed download?); rename it to .html"
            )
        raise ReadError("not a PDF (no %PDF- header): check the file, or re-export the PDF")
    truncated = b"%%EOF" not in data[-_EOF_WINDOW:]
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(reader)
        _ = len(reader.pages)
    except ReadError:
        raise
    except Exception as exc:
        raise _pdf_error(exc, truncated) from exc
    if truncated:
        raise _pdf_error(None, truncated)
    return reader


def _decrypt(reader: Any) -> None:
    """Open an encrypted PDF with the empty user password, or refuse it."""
    try:
        opened = reader.decrypt("")
    except Exception as exc:
        raise ReadError(
            f"encrypted PDF that cannot be opened ({type(exc).__name__}: {exc}); "
            f"save an unencrypted copy"
        ) from exc
    if not opened:
        raise ReadError("encrypted PDF: it needs a password; save an unencrypted copy")


def _pdf_error(exc: Exception | None, truncated: bool) -> ReadError:
    """The :class:`ReadError` for a PDF pypdf cannot parse (or that lacks its end)."""
    says = "pypdf read it only partly" if exc is None else f"pypdf says {type(exc).__name__}: {exc}"
    if truncated:
        return ReadError(
            f"truncated or damaged PDF (no %%EOF marker, the file was cut short): "
            f"{says}; re-export or download the PDF again"
        )
    return ReadError(f"damaged PDF: {says}; re-export the PDF")


def _read_pdf(data: bytes) -> tuple[str, str | None, str | None]:
    """pdf: ``(text, title, date)``; page texts joined by a blank line."""
    reader = _pdf_reader(data)
    if len(reader.pages) == 0:
        raise ReadError("PDF has no pages")
    texts = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            texts.append(normalise_newlines(page.extract_text() or "").strip("\n"))
        except Exception as exc:
            raise ReadError(
                f"damaged PDF: page {number} cannot be read (pypdf says "
                f"{type(exc).__name__}: {exc}); re-export the PDF"
            ) from exc
    text = "\n\n".join(t for t in texts if t.strip())
    if not text.strip():
        raise ReadError("no text layer (scanned PDF?): run OCR first")
    if "\x00" in text or _control_share(text) > MAX_CONTROL_SHARE:
        raise ReadError(
            "PDF text layer is unreadable (control characters: fonts without a "
            "Unicode map): run OCR on the PDF"
        )
    title, when = _pdf_metadata(reader)
    return text, title, when


def _pdf_metadata(reader: Any) -> tuple[str | None, str | None]:
    """Title and creation date from the PDF's information dictionary, if usable."""
    try:
        meta = reader.metadata
        if meta is None:
            return None, None
        title = _clean_meta(meta.title)
    except Exception:
        return None, None
    try:
        when = _iso_date(meta.creation_date)
    except Exception:  # malformed /CreationDate: pypdf raises on parsing it
        when = None
    return title, when


def _clean_meta(value: object) -> str | None:
    """A metadata string with white space folded, or None if empty or not text."""
    if not isinstance(value, str):
        return None
    folded = " ".join(value.split())
    return folded or None


def _iso_date(value: object) -> str | None:
    """An ISO ``YYYY-MM-DD`` date from a datetime, date or date-like string."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


# -------------------------------------------------------------------- entry point


def detect_format(path: Path) -> Format:
    """The format named by ``path``'s suffix, or :class:`ReadError` if unsupported."""
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        shown = path.suffix or "(no suffix)"
        raise ReadError(f"unsupported file type {shown}: supported are {supported}")
    return fmt


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one file into a :class:`RawDocument`.

    The format comes from the suffix (:data:`SUPPORTED_SUFFIXES`). ``text`` has
    its newlines normalised to ``\\n`` and is the text every later offset
    indexes (see the module docstring). ``sha256`` and ``size`` are of the
    file's bytes. ``encoding`` is the codec used for txt/md/html and None for
    PDF. ``title``/``date`` come from HTML or PDF metadata (for Markdown, the
    first ``# `` heading is the title).

    Raises :class:`ReadError`, and only that, for every failure: missing,
    unreadable, empty, oversize (over ``max_bytes``) or binary files,
    undecodable text, HTML without readable text, and truncated, encrypted,
    damaged or image-only PDFs. Unexpected errors from the parsing libraries are
    wrapped with their class name and message.
    """
    try:
        return _read(Path(path), max_bytes)
    except ReadError:
        raise
    except Exception as exc:  # never let a library error stop the build
        raise ReadError(f"unexpected error while reading: {type(exc).__name__}: {exc}") from exc


def _read(path: Path, max_bytes: int) -> RawDocument:
    """:func:`read_document` without the catch-all."""
    fmt = detect_format(path)
    data = _read_bytes(path, max_bytes)
    title: str | None = None
    when: str | None = None
    encoding: str | None = None
    if fmt == "pdf":
        text, title, when = _read_pdf(data)
    elif fmt == "html":
        text, encoding, title, when = _read_html(data)
    else:
        text, encoding = _read_plain(data)
        if fmt == "md":
            title = _markdown_title(text)
    return RawDocument(
        path=str(path),
        format=cast(Format, fmt),
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=encoding,
        title=title,
        date=when,
    )
