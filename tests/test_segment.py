"""Rule-based sentence splitting on synthetic text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.ingest.segment import split_sentences


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_simple_sentences() -> None:
    text = "Tokyo protested. Moscow replied! Was it enough? Nobody knows"
    assert sentences(text) == [
        "Tokyo protested.",
        "Moscow replied!",
        "Was it enough?",
        "Nobody knows",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Abe met Dr. Lavrov and Gen. Smith in St. Petersburg.",
        "Sen. Jones and Rep. Lee disagreed on No. 5 of the list.",
        "The deal was signed on Mar. 3 and ratified on Jan. 9 of the next year.",
        "See vol. 3, pp. 12-15, and cf. ch. 2 for details.",
        "Some exchanges (e.g. cultural ones, i.e. student visits) grew.",
        "Political ties, military exchanges, etc. have grown.",
        "A report by Daniel A. Pinkston and J. R. Smith appeared.",
        "Growth was 3.5 percent, up from 2.75 percent.",
        "The U.S. and Japan signed the treaty.",
        'He asked "why?" and left.',
        "It went on... and on.",
    ],
)
def test_no_false_boundaries(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "No." Then he left.', ['He said "No."', "Then he left."]),
        ("It ended (finally.) The next began.", ["It ended (finally.)", "The next began."]),
        (
            "\u201cWe disagree.\u201d The minister left.",
            ["\u201cWe disagree.\u201d", "The minister left."],
        ),
        ("They waited... Then it came.", ["They waited...", "Then it came."]),
        ("They waited\u2026 Then it came.", ["They waited\u2026", "Then it came."]),
        ("Ties with the U.S. The talks failed.", ["Ties with the U.S.", "The talks failed."]),
        ("Ties with the U.S. Navy improved.", ["Ties with the U.S. Navy improved."]),
        ("Trade grew, etc. However, ties cooled.", ["Trade grew, etc.", "However, ties cooled."]),
        ("Really?! Yes.", ["Really?!", "Yes."]),
        ("It rose in 2019. 2020 was worse.", ["It rose in 2019.", "2020 was worse."]),
        (
            "A heading without a stop\n\nThe body text.",
            ["A heading without a stop", "The body text."],
        ),
        ("Line one\ncontinues here. Next.", ["Line one\ncontinues here.", "Next."]),
    ],
)
def test_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_spans_are_stripped_and_empty_text_gives_nothing() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\n  ") == []
    text = "  First one.   Second one.  \n"
    assert sentences(text) == ["First one.", "Second one."]


_PIECES = st.sampled_from(
    [
        "Tokyo",
        "said",
        "U.S.",
        "Dr.",
        "3.5",
        "A.",
        "etc.",
        "it.",
        "why?",
        "no!",
        "...",
        '"Yes."',
        "(ok.)",
        " ",
        "  ",
        "\n",
        "\n\n",
        "The",
        "and",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(" ".join))
def test_spans_are_ordered_stripped_and_cover_all_words(text: str) -> None:
    spans = split_sentences(text)
    assert spans == split_sentences(text)  # deterministic
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous = end
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(covered.split()) == "".join(text.split())
