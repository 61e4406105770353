"""Standing relations from sentences written for these tests (wire-news register)."""

from __future__ import annotations

import pytest

from realpolitik.actors.resolver import resolve_doc
from realpolitik.annotate import load_nlp
from realpolitik.extract.relations import (
    Relation,
    country_level,
    extract_relations,
    scored_type,
)


def rels(text: str, date: str | None = None) -> list[Relation]:
    doc = load_nlp()(text)
    return extract_relations(doc, resolve_doc(doc, date=date), date=date)


def keyset(text: str) -> set[tuple[str, str, str]]:
    out = set()
    for r in rels(text):
        a, b = sorted((country_level(r.source), country_level(r.target)))
        out.add((a, b, r.type))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S.-Japan alliance remains the cornerstone of regional security.",
            ("JPN", "USA", "alliance"),
        ),
        ("Germany and France are close allies.", ("DEU", "FRA", "alliance")),
        ("Greece's ally France sent warships.", ("FRA", "GRC", "alliance")),
        ("Moscow now refers to Tokyo as a promising partner.", ("JPN", "RUS", "partnership")),
        ("The U.S.-China great power rivalry is intensifying.", ("CHN", "USA", "rivalry")),
        (
            "India and Pakistan have a long-running territorial dispute over Kashmir.",
            ("IND", "PAK", "dispute"),
        ),
        (
            "Kazakhstan is steadily expanding its defence and arms-industry ties with China.",
            ("CHN", "KAZ", "security_cooperation"),
        ),
        (
            "Brazil and Argentina want to deepen their trade and investment ties.",
            ("ARG", "BRA", "economic"),
        ),
        (
            "Vietnam and China held joint naval exercises in the South China Sea.",
            ("CHN", "VNM", "security_cooperation"),
        ),
        ("Tensions between Iran and Saudi Arabia are growing.", ("IRN", "SAU", "tension")),
        (
            "Trade between Canada and Mexico reached a record high in 2019.",
            ("CAN", "MEX", "economic"),
        ),
        (
            "Seoul can use its good relations with Washington, which include regular 2+2 talks.",
            ("KOR", "USA", "security_cooperation"),
        ),
        (
            "Beijing and Manila remain locked in a maritime dispute in the South China Sea.",
            ("CHN", "PHL", "dispute"),
        ),
        ("Russia remains Kazakhstan's largest trading partner.", ("KAZ", "RUS", "economic")),
        (
            "Egypt and Israel maintain security cooperation in Sinai.",
            ("EGY", "ISR", "security_cooperation"),
        ),
        ("Israel and Iran are bitter enemies.", ("IRN", "ISR", "rivalry")),
        ("Washington considers Seoul and Tokyo its closest allies.", ("KOR", "USA", "alliance")),
        (
            "Washington has strengthened relations with Poland, Romania, and several other "
            "European countries that it considers allies.",
            ("POL", "USA", "alliance"),
        ),
        (
            "The containment of Iran remains the primary purpose of the U.S.-Saudi partnership.",
            ("IRN", "USA", "rivalry"),
        ),
    ],
)
def test_each_type_and_pair(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in keyset(text)


def test_dispute_object_from_over_phrase_and_compound() -> None:
    (r,) = [
        r
        for r in rels("India and Pakistan have a territorial dispute over Kashmir.")
        if r.type == "dispute"
    ]
    assert r.object == "Kashmir"
    assert r.polarity == -1
    found = [
        r
        for r in rels("The Spratly Islands dispute divides Vietnam and China.")
        if r.type == "dispute"
    ]
    assert all("Spratly" in (r.object or "") for r in found)


def test_polarity_of_generic_ties_follows_modifiers() -> None:
    (r,) = rels("Ties between Ankara and Athens have been strained by the migrant crisis.")[:1]
    assert r.type == "relations" and r.polarity == -1 and r.trend == "worsening"
    good = [
        r
        for r in rels("Seoul can use its good relations with Washington.")
        if r.type == "relations"
    ]
    assert good and good[0].polarity == 1


def test_trend_cues_and_their_direction() -> None:
    (r,) = rels("Relations between Moscow and Tokyo are moving in a positive direction.")
    assert r.trend == "improving"
    # growth of a conflictual tie is worsening
    (t,) = rels("Tensions between Iran and Saudi Arabia are growing.")
    assert t.trend == "worsening" and t.polarity == -1
    (low,) = rels("Relations between Ankara and Moscow are at a low after the incident.")
    assert low.trend == "worsening"
    # a blocked cue is no trend
    for r in rels(
        "A territorial dispute has prevented any breakthrough in relations "
        "between Russia and Japan."
    ):
        assert r.trend != "improving"


def test_negated_and_hypothetical_relations_give_nothing() -> None:
    assert rels("Turkey and Greece are not allies.") == []
    assert rels("A full military alliance between Russia and China would be a disaster.") == []


def test_tentative_relation_has_lower_confidence_and_maps_to_alliance() -> None:
    (r,) = rels(
        "Analysts see the possibility of a quasi-alliance emerging between Ankara and Baku."
    )
    assert r.type == "quasi_alliance" and r.confidence < 0.5
    assert scored_type(r.type) == "alliance"


def test_a_relation_word_in_a_proper_name_is_not_a_relation() -> None:
    assert not [
        r
        for r in rels("Kenya and Uganda signed the Trans-African Partnership.")
        if r.type == "partnership"
    ]


def test_instrument_and_power_class() -> None:
    by_type = {
        r.type: r
        for r in rels(
            "Russia is developing military ties with China, and Brazil and Argentina "
            "expanded their trade ties."
        )
    }
    assert by_type["security_cooperation"].instrument == "military"
    assert by_type["security_cooperation"].power == "hard"
    assert by_type["economic"].instrument == "economic"
    assert by_type["economic"].power == "soft"


def test_offsets_are_sentence_relative_and_dates_found() -> None:
    text = "Markets were calm. Vietnam and China held joint naval exercises in 2016."
    (r,) = rels(text, date="2017-05-01")
    sent = text[r.sentence_start :]
    assert sent[r.start : r.end] == r.cue
    assert r.date == "2016"
    assert r.to_dict()["type"] == "security_cooperation"


def test_issues_said_to_poison_a_tie_are_in_dispute() -> None:
    found = rels(
        "The state of Russian-American relations is poisoned by such issues as NATO enlargement."
    )
    disputes = [r for r in found if r.type == "dispute"]
    assert disputes and "enlargement" in (disputes[0].object or "")
    assert any(r.type == "relations" and r.polarity == -1 for r in found)


def test_sentences_without_two_actors_give_nothing() -> None:
    assert rels("Canada's competition bureau fined the company.") == []
    assert rels("The dispute between the two airlines was settled.") == []


def test_partners_of_an_unnamed_side_are_not_each_others() -> None:
    # "ties to X and Y" of a group that is no actor: X and Y are not tied to each other
    assert rels("A radical group with ties to Tehran and Baghdad helped al-Qaida.") == []
    # ... while "between X and Y" and "the alliance of X and Y" are theirs
    assert keyset("The alliance of France and Germany held.") == {("DEU", "FRA", "alliance")}
    assert keyset("Tensions between India and Pakistan rose.") == {("IND", "PAK", "tension")}
    # examples in the partner's phrase are the partners
    assert keyset("China is deepening ties with states such as Iran.") == {
        ("CHN", "IRN", "relations")
    }
    assert keyset("Russia expanded economic ties with countries like Iraq.") == {
        ("IRQ", "RUS", "economic")
    }


def test_an_office_name_and_a_far_verb_give_no_relation() -> None:
    # a relation word naming an office
    text = "The EU held talks with Israeli and Palestinian cooperation ministers."
    assert ("ISR", "PSE", "cooperation") not in keyset(text)
    # a verb's "with X" is no partner of a noun deep inside another phrase
    text = (
        "Conditions remain weak, with the US and Japanese economies in recession and "
        "contractions in a number of Australia's trading partners."
    )
    assert rels(text) == []


def test_more_trend_cues() -> None:
    (r,) = rels("Relations between Seoul and Tokyo remain unchanged.")
    assert r.trend == "stable"
    (c,) = rels("France and Germany pledged to deepen their defense cooperation.")
    assert c.type == "security_cooperation" and c.trend == "improving"
    (w,) = rels("Ankara's ties with Washington are at their lowest point in decades.")
    assert w.trend == "worsening"
    assert ("KOR", "JPN") not in {
        (r.source, r.target) for r in rels("Washington considers Seoul and Tokyo its allies.")
    }
