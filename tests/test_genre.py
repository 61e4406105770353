"""Sports reports: teams named as states give no events, relations or views."""

from __future__ import annotations

import pytest
from spacy.language import Language

from realpolitik.extract.genre import is_sports
from realpolitik.extract.pipeline import extract_sentence


@pytest.fixture(scope="module")
def nlp() -> Language:
    from realpolitik.annotate import load_nlp

    return load_nlp()


@pytest.mark.parametrize(
    ("text", "sports"),
    [
        ("Australia has beaten South Africa by 246 runs in the first Test.", True),
        ("India's spinner took five wickets on the final day.", True),
        ("France's team captain named his Davis Cup side.", True),
        ("Brazil won the semi-final against Argentina.", True),
        # sport-like words in politics
        ("The second test of the missile failed.", False),
        ("North Korea carried out a nuclear test.", False),
        ("The United States boycotted the Moscow Olympics.", False),
        ("The minister began the second leg of his Asian tour.", False),
        ("Russia and China held talks in Beijing.", False),
    ],
)
def test_is_sports(text: str, sports: bool) -> None:
    assert is_sports(text) is sports


def test_a_sports_report_gives_no_event_between_states(nlp: Language) -> None:
    match = extract_sentence(nlp("Australia has beaten South Africa in the second Test."))
    assert [m.code for m in match.mentions if m.kind == "actor"] == ["AUS", "ZAF"]
    assert match.events == [] and match.relations == [] and match.perspectives == []
    attack = extract_sentence(nlp("Australia attacked South Africa."))
    assert [(e.source, e.target) for e in attack.events] == [("AUS", "ZAF")]
