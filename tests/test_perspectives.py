"""Perspectives: unit cases of our own sentences, then the gold file (skipped when absent)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.language import Language

from realpolitik.extract.claim_types import AUTHOR, Perspective
from realpolitik.extract.perspective_lexicon import load_lexicon
from realpolitik.extract.perspectives import extract_perspectives
from realpolitik.records import Mention

from .gold_util import require_shared

NAMES = {
    "Berlin": "DEU",
    "Germany": "DEU",
    "German": "DEU",
    "Paris": "FRA",
    "France": "FRA",
    "French": "FRA",
    "Brazil": "BRA",
    "Brasilia": "BRA",
    "Argentina": "ARG",
    "India": "IND",
    "New Delhi": "IND",
    "Indian": "IND",
    "Pakistan": "PAK",
    "Pakistani": "PAK",
    "Islamabad": "PAK",
    "Canada": "CAN",
    "Ottawa": "CAN",
}


def mentions_for(text: str) -> list[Mention]:
    """Hand-made actor mentions: every listed name, longest first."""
    out: list[Mention] = []
    taken: set[int] = set()
    for name in sorted(NAMES, key=len, reverse=True):
        for m in re.finditer(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", text):
            if taken & set(range(m.start(), m.end())):
                continue
            taken |= set(range(m.start(), m.end()))
            out.append(Mention(m.start(), m.end(), m.group(0), NAMES[name]))
    return sorted(out, key=lambda m: m.start)


@pytest.fixture(scope="module")
def nlp() -> Language:
    from realpolitik.annotate import load_nlp

    return load_nlp()


def views(nlp: Language, text: str) -> set[tuple[str, str | None, int]]:
    doc = nlp(text)
    return {
        (p.holder, p.target, p.stance_sign) for p in extract_perspectives(doc, mentions_for(text))
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # verbs of opposition, fear, support
        ("Berlin strongly opposes the French plan for a common army.", ("DEU", "FRA", -1)),
        ("Brazil fears Argentina's growing naval power.", ("BRA", "ARG", -1)),
        ("Ottawa welcomed India's decision to join the talks.", ("CAN", "IND", 1)),
        ("New Delhi hopes for closer cooperation with Canada.", ("IND", "CAN", 1)),
        # see ... as: the head of the as-phrase decides
        ("Islamabad continues to see India's new missiles as a threat.", ("PAK", "IND", -1)),
        ("Germany regards France as its closest partner.", ("DEU", "FRA", 1)),
        # adjectives
        ("Canada is deeply concerned about Pakistan's nuclear tests.", ("CAN", "PAK", -1)),
        ("Argentina is interested in trade with Brazil.", ("ARG", "BRA", 1)),
        # frames naming the holder
        (
            "In Berlin's eyes, the French proposal threatens the stability of the union.",
            ("DEU", "FRA", -1),
        ),
        (
            "From India's point of view, Pakistani support for militants is a danger.",
            ("IND", "PAK", -1),
        ),
        ("For Brasilia, Argentina is a valuable partner.", ("BRA", "ARG", 1)),
        # noun cues: "a nightmare for X", "X's concerns about Y"
        (
            "An alliance between France and Pakistan would be a nightmare for India.",
            ("IND", "PAK", -1),
        ),
        ("India's concerns about Pakistan have grown.", ("IND", "PAK", -1)),
        # volition is transparent: "seeks to limit Y" is a view against Y
        ("Germany seeks to limit French influence in the region.", ("DEU", "FRA", -1)),
        # ... and an event verb in the complement gives its own sign
        ("India hopes to expel Pakistani forces from the region.", ("IND", "PAK", -1)),
        ("Berlin wants to meet French officials.", ("DEU", "FRA", 1)),
        # experiencer verbs: the object holds the view
        ("The German decision has irritated the French government.", ("FRA", "DEU", -1)),
        # ... and in the passive the subject holds it, about the agent
        ("Berlin was alarmed by the Pakistani missile tests.", ("DEU", "PAK", -1)),
        ("Brasilia was pleased with Argentina's offer.", ("BRA", "ARG", 1)),
        # a participle complement is an adjective cue, the demonym its target
        ("Paris is concerned about the Indian naval build-up.", ("FRA", "IND", -1)),
        # reported belief: the view is about the clause's subject
        ("Ottawa believes that India is a reliable partner.", ("CAN", "IND", 1)),
    ],
)
def test_cue_families(nlp: Language, text: str, expected: tuple[str, str | None, int]) -> None:
    assert expected in views(nlp, text)


def test_negation_flips_stance(nlp: Language) -> None:
    got = views(nlp, "Brazil does not oppose Argentina's bid for the seat.")
    assert ("BRA", "ARG", 1) in got
    assert ("BRA", "ARG", -1) not in got


def test_author_rule(nlp: Language) -> None:
    # a first-person / "this author" frame makes the author the holder
    got = views(nlp, "From this author's point of view, Germany's policy toward France is harmful.")
    assert any(h == AUTHOR for h, _t, _s in got)
    # an author-stance adverb evaluates the actor's belief
    got = views(nlp, "Canada rightly believes that India holds the key to the talks.")
    assert (AUTHOR, "CAN", 1) in got
    # a plain statement of fact names no holder: no perspective at all
    assert views(nlp, "Relations between Brazil and Argentina are improving.") == set()


def test_no_view_in_conditionals_or_topic_sentences(nlp: Language) -> None:
    assert views(nlp, "If Berlin sees Paris as a rival, the union will suffer.") == set()
    assert views(nlp, "This chapter examines India's perspectives on Pakistan.") == set()


def test_places_are_not_targets(nlp: Language) -> None:
    got = views(
        nlp,
        "In Pakistan's eyes, new bases in Canada destabilize the balance because India controls them.",
    )
    assert ("PAK", "IND", -1) in got
    assert not any(t == "CAN" for _h, t, _s in got)


def test_pronoun_holder_from_previous_sentence(nlp: Language) -> None:
    text = "Germany is worried about its energy supply. It would like to deepen cooperation with Canada."
    assert ("DEU", "CAN", 1) in views(nlp, text)


def test_spans_are_sentence_relative_and_verbatim(nlp: Language) -> None:
    text = "Trade grew. Berlin strongly opposes the French plan."
    doc = nlp(text)
    ps: list[Perspective] = extract_perspectives(doc, mentions_for(text))
    p = next(p for p in ps if p.holder == "DEU")
    sent = text[p.sent_start :]
    assert sent[p.cue_start : p.cue_end] == p.cue == "opposes"
    assert "French plan" in sent[p.span_start : p.span_end]
    assert p.issue and "plan" in p.issue
    assert -1.0 <= p.stance <= 1.0 and 0.0 < p.confidence <= 1.0


def test_a_long_issue_is_cut_between_phrases(nlp: Language) -> None:
    text = (
        "Berlin is worried about Ottawa's decision to cut gas deliveries through the "
        "pipeline that runs under the sea to the north."
    )
    ps = extract_perspectives(nlp(text), mentions_for(text))
    issue = next(p.issue for p in ps if p.holder == "DEU")
    # twelve tokens would end at "that runs": the relative clause goes whole
    assert issue == "Ottawa's decision to cut gas deliveries through the pipeline"


def test_lexicon_is_data_and_extensible(tmp_path: Path) -> None:
    lex = load_lexicon()
    assert lex.verbs["oppose"] < 0 and lex.verbs["welcome"] > 0
    extra = tmp_path / "mine.yaml"
    extra.write_text("verbs:\n  loathe: -1\n", encoding="utf-8")
    assert load_lexicon((str(extra),)).verbs["loathe"] == -1


def test_gold_perspectives_f1() -> None:
    path = require_shared("gold", "perspectives.jsonl")
    from realpolitik.eval.perspectives import score_perspectives

    result = score_perspectives(path)
    assert result["f1"] >= 0.7, result


def test_a_cue_verb_in_another_sense_states_no_view(nlp: Language) -> None:
    # "recall" an ambassador withdraws him; "recall" how something happened remembers
    assert views(nlp, "Paris recalled its ambassador from Brasilia.") == set()
    assert ("IND", "PAK", -1) in views(nlp, "India recalls how Pakistan broke the ceasefire.")
    # "see" a person meets them; "see" a situation as something is a view
    assert views(nlp, "The Indian prime minister will see the Pakistani president.") == set()
    assert ("CAN", "IND", 1) in views(nlp, "Ottawa sees India as a reliable partner.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the stance of a holder frame comes from the evaluative words of its content
        (
            "In Brasilia's eyes, Argentina's naval patrols are a direct challenge.",
            ("BRA", "ARG", -1),
        ),
        (
            "From Berlin's point of view, the French veto was a strategic mistake.",
            ("DEU", "FRA", -1),
        ),
        ("Pakistan says that Indian interference in Kabul is unjust.", ("PAK", "IND", -1)),
        ("Ottawa sees Paris as a counterweight in the alliance.", ("CAN", "FRA", 1)),
        ("India suspects that Pakistan's army is behind the raids.", ("IND", "PAK", 0)),
    ],
)
def test_evaluative_words_and_more_cues(
    nlp: Language, text: str, expected: tuple[str, str, int]
) -> None:
    assert expected in views(nlp, text)


def test_reported_speech_and_quotes(nlp: Language) -> None:
    # "X says it V": the reported "it" is X, and the signed view replaces the neutral report
    assert views(nlp, "India says it opposes any Pakistani role in the talks.") == {
        ("IND", "PAK", -1)
    }
    # a "we" inside a quotation is the speaker's, not the author's
    quoted = '"We oppose any Pakistani role in the talks," India\'s foreign minister said.'
    assert views(nlp, quoted) == {("IND", "PAK", -1)}
    # a speaker is not named inside what they say; no speaker, no view
    assert views(nlp, '"We will never accept Pakistani bases," he said.') == set()
    assert ("FRA", "DEU", 1) not in views(
        nlp, "Germany will defend France and its allies, he said."
    )


def test_a_pronoun_that_leads_back_to_itself_ends(nlp: Language) -> None:
    # "he" -> Canada, whose conjunct "its allies" -> Canada -> ...: once ran out of stack
    found = views(nlp, "Germany will defend Canada and its allies, he said.")
    assert ("DEU", "CAN", 1) in found


def test_for_their_part_is_no_holder_frame_and_held_that_is_a_view(nlp: Language) -> None:
    # "X, for its part, ..." means "as for X": the frame "For X, ..." needs an actor;
    # "held that" states the view, with the that-clause as its issue
    text = "Canada, for its part, held that Pakistan was a threat."
    (view,) = extract_perspectives(nlp(text), mentions_for(text))
    assert (view.holder, view.target, view.stance_sign) == ("CAN", "PAK", -1)
    assert view.cue == "held" and view.issue == "Pakistan was a threat"
    assert views(nlp, "India held talks with Pakistan on Monday.") == set()
    assert ("BRA", "ARG", -1) in views(nlp, "For Brasilia, Argentina is a threat.")
