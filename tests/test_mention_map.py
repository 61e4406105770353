"""MentionMap: the one alignment of actor mentions to tokens that every extractor uses."""

from __future__ import annotations

import pytest
from spacy.language import Language

from realpolitik.extract.mention_map import MentionMap, unique_codes
from realpolitik.records import Mention


@pytest.fixture(scope="module")
def nlp() -> Language:
    from realpolitik.annotate import load_nlp

    return load_nlp()


def _mention(text: str, name: str, code: str, **kw: str) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name, code, **kw)


def test_codes_land_on_every_token_a_mention_touches(nlp: Language) -> None:
    text = "The U.S.-Japan alliance worries Russia and North Korea."
    doc = nlp(text)
    mentions = [
        _mention(text, "U.S.", "USA"),
        _mention(text, "Japan", "JPN"),
        _mention(text, "Russia", "RUS"),
        _mention(text, "North Korea", "PRK"),
    ]
    mm = MentionMap(doc, mentions)
    shared = doc[1]
    assert shared.text == "U.S.-Japan"  # one token, two mentions
    assert mm.at(shared) == ["USA", "JPN"]
    assert mm.at(doc[2]) == []
    north, korea = (t for t in doc if t.text in {"North", "Korea"})
    assert mm.at(north) == mm.at(korea) == ["PRK"]
    assert mm.states() == {"USA", "JPN", "RUS", "PRK"}
    assert mm.in_range(0, len(doc)) == ["USA", "JPN", "RUS", "PRK"]
    assert mm.in_tokens([korea, north]) == ["PRK"]


def test_offset_unresolved_and_location_mentions(nlp: Language) -> None:
    text = "Tokyo protested in Vladivostok."
    doc = nlp(text)
    prefix = "Earlier text. "
    shifted = Mention(len(prefix), len(prefix) + 5, "Tokyo", "JPNGOV")
    unresolved = Mention(19, 30, "Vladivostok", None)
    place = Mention(19, 30, "Vladivostok", "Vladivostok", kind="location")
    mm = MentionMap(doc, [shifted, unresolved, place], offset=-len(prefix))
    assert mm.codes == {0: ["JPNGOV"]}
    assert mm.states() == {"JPN"}


def test_unique_codes_keeps_first_order() -> None:
    assert unique_codes([["RUS", "CHN"], ["CHN", "JPN"], []]) == ["RUS", "CHN", "JPN"]
