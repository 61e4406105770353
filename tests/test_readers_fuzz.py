"""Fuzzing the readers: whatever the bytes, a RawDocument or a ReadError, nothing else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from realpolitik.ingest.readers import ReadError, read_document
from realpolitik.records import RawDocument
from tests.pdf_util import make_pdf

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def outcome(name: str, data: bytes) -> RawDocument | ReadError:
    """Write ``data`` as ``name`` in a fresh folder and read it back."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            doc = read_document(path)
        except ReadError as exc:
            assert isinstance(exc.reason, str) and exc.reason
            return exc
    assert isinstance(doc, RawDocument)
    assert isinstance(doc.text, str) and doc.text.strip()
    assert "\r" not in doc.text
    assert doc.size == len(data)
    return doc


SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".htm", ".pdf"])


@SETTINGS
@given(suffix=SUFFIXES, data=st.binary(max_size=2000))
def test_random_bytes(suffix: str, data: bytes) -> None:
    outcome("fuzz" + suffix, data)


@SETTINGS
@given(
    suffix=SUFFIXES,
    text=st.text(max_size=500),
    codec=st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "utf-8-sig"]),
)
def test_random_text_in_random_encodings(suffix: str, text: str, codec: str) -> None:
    data = text.encode(codec, errors="replace")
    outcome("fuzz" + suffix, data)


@SETTINGS
@given(
    data=st.binary(max_size=600),
    cut=st.integers(min_value=0, max_value=2000),
    lines=st.lists(st.text(max_size=60), max_size=6),
)
def test_mutilated_pdfs(data: bytes, cut: int, lines: list[str]) -> None:
    """A valid PDF, cut short or with random bytes spliced in."""
    pdf = make_pdf([lines or [""]], title="t")
    at = cut % (len(pdf) + 1)
    outcome("spliced.pdf", pdf[:at] + data + pdf[at + len(data) :])
    outcome("cut.pdf", pdf[:at])


TAGS = st.sampled_from(
    [
        "p", "div", "span", "b", "i", "a", "h1", "h2", "h3", "ul", "ol", "li", "table",
        "tr", "td", "nav", "footer", "header", "article", "section", "aside", "main",
        "blockquote", "pre", "code", "br", "script", "style", "figure", "figcaption", "title",
    ]
)  # fmt: skip
WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40
) | st.sampled_from(["Ankara sees", "New Delhi opposes", "&amp;", "&#0;", "<", ">", "\r\n"])


def html_tree() -> st.SearchStrategy[str]:
    """Random (not always well-formed) HTML built from tags and text."""

    def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, inner, closed: f"<{tag}>{''.join(inner)}" + (f"</{tag}>" if closed else ""),
            TAGS,
            st.lists(children, max_size=4),
            st.booleans(),
        )

    return st.recursive(WORDS, element, max_leaves=25)


@SETTINGS
@given(body=html_tree(), wrap=st.booleans(), title=WORDS)
def test_random_html(body: str, wrap: bool, title: str) -> None:
    page = f"<html><head><title>{title}</title></head><body>{body}</body></html>" if wrap else body
    outcome("page.html", page.encode("utf-8"))
