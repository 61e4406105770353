"""OCR repair on synthetic text: layout, dehyphenation, words, acronyms, punctuation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from realpolitik.ingest.ocr import RepairedText, correct_acronym, correct_word, repair_span

FORMS = frozenset(
    {
        "us",
        "u.s.",
        "japan",
        "china",
        "russia",
        "russian",
        "american",
        "japanese",
        "moscow",
        "tokyo",
        "washington",
        "beijing",
        "south korea",
        "north korean",
        "india",
    }
)


def forms() -> frozenset[str]:
    return FORMS


def repaired(text: str) -> RepairedText:
    return repair_span(text, 0, len(text), surface_forms=forms)


def kinds(result: RepairedText) -> list[str]:
    return [r.kind for r in result.repairs]


def test_line_joins_fold_white_space_and_map_back() -> None:
    text = "  The talks\n  went   on\r\nfor days.  "
    result = repaired(text)
    assert result.text == "The talks went on for days."
    assert result.repairs == []
    assert len(result.offsets) == len(result.text) + 1
    assert result.offsets[-1] == len(text)
    start = result.text.index("went")
    a, b = result.to_original(start, start + len("went on"))
    assert text[a:b] == "went   on"


def test_span_offsets_are_absolute() -> None:
    text = "HEADER\n\nThe pradually growing ties.\n\nFOOTER"
    start = text.index("The")
    end = text.index("\n\nFOOTER")
    result = repair_span(text, start, end, surface_forms=forms)
    assert result.text == "The gradually growing ties."
    (repair,) = result.repairs
    assert text[repair.start : repair.end] == "pradually" == repair.before
    assert result.to_original(0, 3) == (start, start + 3)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("has been gradu-\nally growing", "has been gradually growing"),
        ("to pre-\nvent it", "to prevent it"),
        ("some-\nthing else", "something else"),
        ("the U.S.-\nChina rivalry", "the U.S.-China rivalry"),
        ("potentially anti-\nRussian moves", "potentially anti-Russian moves"),
        ("an anti-\nwar rally", "an anti-war rally"),
        ("a long-\nterm dispute", "a long-term dispute"),
        ("the F-\n35 jets", "the F-35 jets"),
        ("the war -\nwhich ended", "the war - which ended"),
        ("the war\u2014\nwhich ended", "the war\u2014which ended"),
    ],
)
def test_line_break_hyphens(source: str, expected: str) -> None:
    assert repaired(source).text == expected


def test_dehyphenation_is_recorded_with_original_span() -> None:
    text = "It grew gradu-\nally."
    result = repaired(text)
    (repair,) = result.repairs
    assert repair.kind == "dehyphenation"
    assert (repair.before, repair.after) == ("gradu-\nally", "gradually")
    start = result.text.index("gradually")
    assert result.to_original(start, start + 9) == (repair.start, repair.end)


@pytest.mark.parametrize(
    ("wrong", "right"),
    [
        ("pradually", "gradually"),  # p/g
        ("govemment", "government"),  # rn/m
        ("mi1itary", "military"),  # 1/l
        ("vvhich", "which"),  # vv/w
        ("tlie", "the"),  # li/h in a very common word
        ("bilaterai", "bilateral"),  # i/l
    ],
)
def test_word_fixes(wrong: str, right: str) -> None:
    result = repaired(f"and the {wrong} ties")
    assert result.text == f"and the {right} ties"
    assert kinds(result) == ["word"]


@pytest.mark.parametrize(
    "text",
    [
        "the anther of a flower",  # a rare but real word
        "the Guichard Anguis family",  # capitalised names
        "Jeong-chaek in Korean",  # part of a hyphenated name
        "see www.example.org/pradually for more",  # URL
        "model x1200 and b52 bombers",  # digits
        "the modem and the arid plain",  # known words
        "irredentism and revanchism",  # rare words, nothing near
        "Russia's stance",
    ],
)
def test_words_left_alone(text: str) -> None:
    assert repaired(text).text == text


def test_correct_word_is_conservative() -> None:
    assert correct_word("teh") is None  # too short to judge
    assert correct_word("gradually") is None
    assert correct_word("zzxqvw") is None


@pytest.mark.parametrize(
    ("wrong", "right"),
    [("JSDI", "JSDF"), ("NAT0", "NATO"), ("THAAO", "THAAD"), ("ICBN", "ICBM"), ("APFC", "APEC")],
)
def test_acronym_fixes(wrong: str, right: str) -> None:
    assert correct_acronym(wrong) == right
    assert repaired(f"the {wrong} plans").text == f"the {right} plans"


def test_acronyms_left_alone() -> None:
    assert correct_acronym("NATO") is None
    assert correct_acronym("PART") is None  # a word in capitals
    assert correct_acronym("XYZQ") is None
    assert repaired("PART I MAJOR POWERS").text == "PART I MAJOR POWERS"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('the so called "normal state"', 'the so-called "normal state"'),
        ("its right of self defense", "its right of self-defense"),
        ("it was so called because", "it was so called because"),
        ("the US Japan alliance", "the US\u2013Japan alliance"),
        ("Russian American relations", "Russian\u2013American relations"),
        ("a Moscow Tokyo compromise", "a Moscow\u2013Tokyo compromise"),
        ("the US China trade war", "the US\u2013China trade war"),
        ("the South Korea Japan security ties", "the South Korea\u2013Japan security ties"),
        ("the U.S. Japan alliance", "the U.S.\u2013Japan alliance"),
        ("the US\u2013Japan alliance", "the US\u2013Japan alliance"),
        ("Sino-Russian American ties", "Sino-Russian American ties"),
        ("Russian American scholars", "Russian American scholars"),
        ("the Japanese and American relations", "the Japanese and American relations"),
        ("in Japan. China relations", "in Japan. China relations"),
        ("gave us Japan relations", "gave us Japan relations"),
    ],
)
def test_lost_punctuation(source: str, expected: str) -> None:
    result = repaired(source)
    assert result.text == expected
    if source != expected:
        assert kinds(result) == ["punctuation"]


def test_punctuation_repair_across_a_line_break() -> None:
    text = "the US\nJapan alliance"
    result = repaired(text)
    assert result.text == "the US\u2013Japan alliance"
    (repair,) = result.repairs
    assert (repair.before, repair.after) == ("US\nJapan", "US\u2013Japan")


def test_default_surface_forms_are_available() -> None:
    text = "the US Japan alliance"
    assert repair_span(text, 0, len(text)).text == "the US\u2013Japan alliance"


def test_bad_span_is_rejected() -> None:
    with pytest.raises(ValueError):
        repair_span("abc", 2, 5)
    with pytest.raises(ValueError):
        repaired("abc").to_original(0, 9)


_ALPHABET = st.sampled_from(
    list("abcdefgilmnoprstuvw ABIJSDFUN\n\n-.,0123") + ["rn", "li", "US Japan alliance "]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.data())
def test_offsets_map_back(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    result = repair_span(text, start, end, surface_forms=forms)
    offsets = result.offsets
    assert len(offsets) == len(result.text) + 1
    assert offsets[-1] == end
    assert all(a <= b for a, b in zip(offsets, offsets[1:], strict=False))
    assert all(start <= o < end for o in offsets[:-1])
    for repair in result.repairs:
        assert start <= repair.start < repair.end <= end
        assert text[repair.start : repair.end] == repair.before
    repaired_spans = [(r.start, r.end) for r in result.repairs]
    for i, char in enumerate(result.text):
        original = text[offsets[i]]
        if any(a <= offsets[i] < b for a, b in repaired_spans):
            continue
        assert original == char or (char == " " and original.isspace())


_SHORT_WORDS = st.sampled_from(["abc", "xyz", "q.", "ok,", "the", "US", "so"])
_SPACES = st.sampled_from([" ", "  ", "\n", "\t", " \n ", "\r\n"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_SPACES, _SHORT_WORDS), max_size=20), _SPACES)
def test_no_repairs_means_identity_up_to_white_space(
    pieces: list[tuple[str, str]], tail: str
) -> None:
    text = "".join(space + word for space, word in pieces) + tail
    result = repair_span(text, 0, len(text), surface_forms=forms)
    assert result.repairs == []
    assert result.text == " ".join(text.split())
    for i, char in enumerate(result.text):
        original = text[result.offsets[i]]
        assert original == char or (char == " " and original.isspace())
