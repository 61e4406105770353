"""Readers: each format reads, encodings decode, every bad input gives a ReadError."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from realpolitik.ingest.readers import (
    SUPPORTED_SUFFIXES,
    ReadError,
    read_document,
    sha256_file,
)
from tests.pdf_util import make_pdf

BODY = (
    "New Delhi and Beijing resumed talks on the disputed border on 3 March 2024. "
    "Indian officials said the meeting was frank, and that New Delhi opposes any "
    "unilateral change to the status quo along the Line of Actual Control."
)

HTML_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Border talks resume</title>
<meta property="article:published_time" content="2024-03-04">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/regions">Regions</a></li></ul></nav>
<article>
<h1>Border talks resume</h1>
<p>{BODY}</p>
<h2>What comes next</h2>
<p>Diplomats expect a further round in the summer. If patrolling arrangements hold,
both sides will consider a reduction of troops in the eastern sector, a step that
Beijing has long asked for.</p>
</article>
<footer>&copy; 2024 Example Institute. Privacy Policy | Sitemap</footer>
</body></html>
"""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def reason_of(path: Path, **kwargs: int) -> str:
    with pytest.raises(ReadError) as info:
        read_document(path, **kwargs)
    assert info.value.reason == str(info.value)
    return info.value.reason


# ------------------------------------------------------------------ formats


def test_txt_reads_with_hash_size_and_encoding(tmp_path: Path) -> None:
    data = BODY.encode("utf-8")
    path = write(tmp_path, "note.txt", data)
    doc = read_document(path)
    assert doc.format == "txt"
    assert doc.text == BODY
    assert doc.encoding == "utf-8"
    assert doc.size == len(data)
    assert doc.sha256 == hashlib.sha256(data).hexdigest() == sha256_file(path)
    assert doc.path == str(path)
    assert doc.title is None and doc.date is None


def test_sha256_file_streams_large_files(tmp_path: Path) -> None:
    data = os.urandom(300_000)  # several 64 KiB chunks
    path = write(tmp_path, "blob.bin", data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_newlines_are_normalised(tmp_path: Path) -> None:
    path = write(tmp_path, "crlf.txt", b"first line\r\nsecond\rthird\nfourth\fpage two")
    assert read_document(path).text == "first line\nsecond\nthird\nfourth\fpage two"


@pytest.mark.parametrize("suffix", [".md", ".markdown"])
def test_markdown_reads_as_text_with_heading_title(tmp_path: Path, suffix: str) -> None:
    text = f"# India and China at the border\n\n{BODY}\n"
    doc = read_document(write(tmp_path, f"abstract{suffix}", text.encode()))
    assert doc.format == "md"
    assert doc.text == text
    assert doc.title == "India and China at the border"


@pytest.mark.parametrize("suffix", [".html", ".htm"])
def test_html_main_text_headings_and_metadata(tmp_path: Path, suffix: str) -> None:
    doc = read_document(write(tmp_path, f"page{suffix}", HTML_PAGE.encode()))
    assert doc.format == "html"
    assert doc.title == "Border talks resume"
    assert doc.date == "2024-03-04"
    paragraphs = doc.text.split("\n\n")
    assert "## What comes next" in paragraphs
    assert BODY in paragraphs
    assert any(p.startswith("Diplomats expect") and "\n" not in p for p in paragraphs)
    # trafilatura leaves navigation and the site footer out of the main text
    assert "Regions" not in doc.text
    assert "Privacy Policy" not in doc.text


def test_html_falls_back_to_body_text(tmp_path: Path) -> None:
    # Only an <aside>: trafilatura finds no main content; the lxml fallback keeps it.
    page = b"<html><head><title>Side</title><style>p{}</style></head><body><aside>"
    page += b"<p>Seoul\n objects.</p><p>Tokyo <b>agrees</b>.<script>x()</script></p>"
    page += b"<!-- a comment --></aside></body></html>"
    doc = read_document(write(tmp_path, "tiny.html", page))
    assert doc.text.split("\n\n") == ["Seoul objects.", "Tokyo agrees."]
    assert doc.title == "Side"


def test_html_inline_markup_does_not_break_lines(tmp_path: Path) -> None:
    page = b"<html><body><div>Seoul.</div><div>Tokyo <b>agrees</b>.</div></body></html>"
    doc = read_document(write(tmp_path, "inline.html", page))
    assert "Tokyo agrees" in doc.text
    assert "\n" not in doc.text.replace("\n\n", "")


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    page = b"<html><head><title>Nothing</title></head><body><script>var a = 1;</script>"
    page += b"<img src='x.png'></body></html>"
    assert reason_of(write(tmp_path, "empty.html", page)) == "no readable text in HTML"


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"></head><body><p>Ankara\u2019s '
        "\u201cstrategic\u201d caf\u00e9 diplomacy, seen from Moscow.</p></body></html>"
    ).encode("cp1252")
    doc = read_document(write(tmp_path, "legacy.html", page))
    assert "Ankara\u2019s \u201cstrategic\u201d caf\u00e9 diplomacy" in doc.text


def test_pdf_pages_joined_with_blank_line_and_metadata(tmp_path: Path) -> None:
    data = make_pdf(
        [["Ankara sees TurkStream as leverage.", "Moscow sees a partner."], ["Page two (end)."]],
        title="Energy note",
        date="2024-03-15",
    )
    doc = read_document(write(tmp_path, "note.pdf", data))
    assert doc.format == "pdf"
    assert doc.encoding is None
    expected = "Ankara sees TurkStream as leverage.\nMoscow sees a partner.\n\nPage two (end)."
    assert doc.text == expected
    assert doc.title == "Energy note"
    assert doc.date == "2024-03-15"


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    reason = reason_of(write(tmp_path, "scan.pdf", buffer.getvalue()))
    assert reason == "no text layer (scanned PDF?): run OCR first"


def _encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Secret cable."]]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_encrypted_pdf_with_password_is_refused(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path, "locked.pdf", _encrypted_pdf("secret")))
    assert reason.startswith("encrypted PDF") and "password" in reason


def test_encrypted_pdf_with_empty_password_reads(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "open.pdf", _encrypted_pdf("")))
    assert doc.text.strip() == "Secret cable."


# ---------------------------------------------------------------- encodings


TEXT_1252 = "Caf\u00e9 diplomacy \u2014 Ankara\u2019s \u201cbalancing\u201d na\u00efvet\u00e9?\n"


def test_cp1252_decodes(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "win.txt", TEXT_1252.encode("cp1252")))
    assert doc.text == TEXT_1252
    assert doc.encoding == "cp1252"


def test_latin1_decodes(tmp_path: Path) -> None:
    text = "Gr\u00fc\u00dfe aus M\u00fcnchen: caf\u00e9, na\u00efve, \u00e0 bient\u00f4t.\n"
    assert read_document(write(tmp_path, "latin.txt", text.encode("latin-1"))).text == text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_unicode_encodings_decode(tmp_path: Path, codec: str) -> None:
    doc = read_document(write(tmp_path, "u.txt", TEXT_1252.encode(codec)))
    assert doc.text == TEXT_1252
    assert "\ufeff" not in doc.text


def test_cyrillic_legacy_encoding_decodes(tmp_path: Path) -> None:
    text = "Москва и Токио: спор о Курильских островах продолжается.\n"
    assert read_document(write(tmp_path, "ru.txt", text.encode("cp1251"))).text == text


def test_utf8_with_stray_windows_bytes(tmp_path: Path) -> None:
    data = ("Caf\u00e9 talks. " * 20).encode() + b"Seoul\x92s view. " + b"More text. " * 20
    doc = read_document(write(tmp_path, "mixed.txt", data))
    assert "Seoul\u2019s view." in doc.text
    assert doc.text.startswith("Caf\u00e9 talks.")


# ---------------------------------------------------------------- bad input


def test_binary_file_is_refused(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path, "image.txt", b"abc\x00\x01\x02" * 50))
    assert reason == "binary file (NUL bytes), not text: convert it to .txt or remove it"


def test_control_characters_are_refused(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path, "ctrl.md", b"abc\x01\x02\x03def\x04\x05" * 20))
    assert reason.startswith("binary data (") and "control characters" in reason


def test_known_binary_format_with_text_suffix(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path, "report.txt", make_pdf([["x"]])))
    assert reason == "not text: this is a PDF file: rename it to .pdf"
    reason = reason_of(write(tmp_path, "doc.md", b"PK\x03\x04" + b"rest"))
    assert "ZIP archive" in reason


def test_empty_file_is_refused(tmp_path: Path) -> None:
    for name in ("e.txt", "e.md", "e.html", "e.pdf"):
        assert reason_of(write(tmp_path, name, b"")) == "empty file"


def test_white_space_only_is_refused(tmp_path: Path) -> None:
    assert "only white space" in reason_of(write(tmp_path, "ws.txt", b" \r\n\t\n "))


def test_truncated_pdf_is_refused(tmp_path: Path) -> None:
    data = make_pdf([["Tokyo and Seoul agreed to resume shuttle diplomacy."]])
    for cut in (len(data) // 2, len(data) - 8):
        reason = reason_of(write(tmp_path, f"cut{cut}.pdf", data[:cut]))
        assert reason.startswith("truncated or damaged PDF")
        assert "re-export" in reason


def test_pdf_that_is_not_a_pdf(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path, "download.pdf", b"<!DOCTYPE html><html>404</html>"))
    assert reason.startswith("not a PDF: it is an HTML page")
    reason = reason_of(write(tmp_path, "junk.pdf", b"just some words"))
    assert reason.startswith("not a PDF (no %PDF- header)")


def test_damaged_pdf_is_refused(tmp_path: Path) -> None:
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n"
    data += b"trailer << /Root 1 0 R >>\n%%EOF\n"
    reason = reason_of(write(tmp_path, "broken.pdf", data))
    assert "PDF" in reason


def test_oversize_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"a" * 3000)
    reason = reason_of(path, max_bytes=2048)
    assert reason == "file is 2.9 KB, over the 2 KB limit: split it or pass --max-size"
    assert read_document(path, max_bytes=3000).size == 3000


def test_oversize_message_in_megabytes(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"a" * (3 * 1024 * 1024 + 200_000))
    reason = reason_of(path, max_bytes=1024 * 1024)
    assert reason == "file is 3.2 MB, over the 1 MB limit: split it or pass --max-size"


def test_garbage_encoding_is_refused(tmp_path: Path) -> None:
    garbage = bytes(range(0x80, 0x100)) * 4
    reason = reason_of(write(tmp_path, "garbage.txt", garbage))
    assert reason.startswith("not valid text in any known encoding")


def test_replacement_characters_are_refused(tmp_path: Path) -> None:
    reason = reason_of(write(tmp_path, "lossy.txt", ("Tok\ufffd\ufffdo " * 30).encode()))
    assert reason.startswith("text is damaged")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", b"text")
    path.chmod(0)
    try:
        assert reason_of(path).startswith("permission denied")
    finally:
        path.chmod(0o600)


def test_permission_error_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path as chmod 000, reachable when the tests run as root."""
    import realpolitik.ingest.readers as readers

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    path = write(tmp_path, "secret.txt", b"text")
    monkeypatch.setattr(readers, "open", denied, raising=False)
    reason = reason_of(path)
    assert reason.startswith("permission denied: Permission denied; make the file readable")


def test_missing_file_directory_and_unsupported_suffix(tmp_path: Path) -> None:
    assert reason_of(tmp_path / "missing.txt").startswith("file not found")
    (tmp_path / "folder.txt").mkdir()
    assert reason_of(tmp_path / "folder.txt").startswith("is a directory")
    reason = reason_of(write(tmp_path, "letter.docx", b"x"))
    assert reason.startswith("unsupported file type .docx: supported are ")
    assert all(suffix in reason for suffix in SUPPORTED_SUFFIXES)


def test_unexpected_library_errors_are_wrapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import realpolitik.ingest.readers as readers

    def boom(html: str) -> tuple[str, str | None, str | None]:
        raise ValueError("parser exploded")

    monkeypatch.setattr(readers, "_trafilatura_extract", boom)
    reason = reason_of(write(tmp_path, "page.html", HTML_PAGE.encode()))
    assert reason == "unexpected error while reading: ValueError: parser exploded"
