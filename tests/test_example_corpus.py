"""The example corpus: every file reads, the PDF matches its source, the mess is there."""

from __future__ import annotations

import difflib
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from realpolitik.ingest.readers import SUPPORTED_SUFFIXES, read_document

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CORPUS = EXAMPLES / "corpus"
DOCUMENTS = {
    "briefing_page.html": "html",
    "trade_note.pdf": "pdf",
    "chapter_ocr.txt": "txt",
    "abstract.md": "md",
    "policy_paper.txt": "txt",
    "oped_caption.txt": "txt",
    "wire_new_delhi.txt": "txt",
    "wire_hanoi.txt": "txt",
}


def fold(text: str) -> str:
    return " ".join(text.split())


def text_of(name: str) -> str:
    return read_document(CORPUS / name).text


def test_corpus_holds_the_documented_files() -> None:
    found = {p.name for p in CORPUS.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES}
    assert found == set(DOCUMENTS)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_file_reads(name: str) -> None:
    doc = read_document(CORPUS / name)
    assert doc.format == DOCUMENTS.get(name, "md")
    assert 200 < len(doc.text.split()) < 700


def test_pdf_text_matches_its_source() -> None:
    doc = read_document(CORPUS / "trade_note.pdf")
    source = (EXAMPLES / "sources" / "trade_note.txt").read_text(encoding="utf-8")
    ratio = difflib.SequenceMatcher(None, fold(doc.text), fold(source), autojunk=False).ratio()
    assert ratio > 0.98
    assert doc.title is not None and doc.title.startswith("EU-China Trade Note No. 9")
    assert doc.date == "2024-10-02"


def _make_pdf_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_pdf", EXAMPLES / "make_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_pdf_is_what_make_pdf_writes(tmp_path: Path) -> None:
    make_pdf = _make_pdf_module()
    out = tmp_path / "note.pdf"
    assert (
        make_pdf.main(["make_pdf.py", str(EXAMPLES / "sources" / "trade_note.txt"), str(out)]) == 0
    )
    assert out.read_bytes() == (CORPUS / "trade_note.pdf").read_bytes()


def test_html_main_text_and_metadata() -> None:
    doc = read_document(CORPUS / "briefing_page.html")
    assert doc.title == "ASEAN and the South China Sea: A Code of Conduct Running Out of Time"
    assert doc.date == "2024-05-14"
    assert "## Why it matters now" in doc.text.split("\n\n")
    assert "Manila sees the code as a shield" in doc.text
    assert "Privacy Policy" not in doc.text


def test_ocr_chapter_carries_its_mess() -> None:
    text = text_of("chapter_ocr.txt")
    for mark in ("ISBN 978-", "Contents", "govemment", "relatioris", "rnilitary", "coop-\neration"):
        assert mark in text
    assert re.search(r"^## 42 Rohan Mehta$", text, flags=re.MULTILINE)
    assert re.search(r"^1 On the 1988 visit", text, flags=re.MULTILINE)


def test_abstract_is_a_near_duplicate_of_the_chapter_opening() -> None:
    chapter = text_of("chapter_ocr.txt")
    opening = chapter[chapter.index("Since the border agreement") :].split("\n\n")[0]
    opening = fold(opening.replace("-\n", "").replace("govemments", "governments"))
    abstract = text_of("abstract.md").split("## Abstract")[1].strip().split("\n\n")[0]
    ratio = difflib.SequenceMatcher(None, opening, abstract, autojunk=False).ratio()
    assert 0.8 < ratio < 1.0


def test_op_ed_pull_quote_precedes_its_sentence() -> None:
    text = text_of("oped_caption.txt")
    sentence = "A partnership built by two leaders can be undone by the next two."
    quoted = f'"{sentence}"'
    assert quoted in text.split("\n")
    assert text.index(quoted) < text.index(sentence, text.index(quoted) + len(quoted))
    assert "Photo: Eastline Images" in text
    assert "\nAlso read: " in text
    assert "The views expressed are the author's own" in text


def test_policy_paper_has_markers_and_references() -> None:
    text = text_of("policy_paper.txt")
    body, references = text.split("\nReferences\n")
    assert re.findall(r"\[(\d)\]", body) == ["1", "2", "3", "4", "5", "6"]
    assert len(re.findall(r"^\d\. \w+, [A-Z]\..*\(\d{4}\)", references, flags=re.MULTILINE)) == 6


def test_wire_reports_have_datelines() -> None:
    assert "NEW DELHI, March 3 (Meridian Wire) - " in text_of("wire_new_delhi.txt")
    assert "HANOI, Sept 11 (Meridian Wire) - " in text_of("wire_hanoi.txt")
