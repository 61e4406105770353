"""Causal pairs: unit cases of our own sentences, then the gold file (skipped when absent)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from realpolitik.extract.causal import extract_causal, load_patterns
from realpolitik.extract.causal_detect import decide_causal, is_causal, pattern_confidence
from realpolitik.extract.claim_types import AUTHOR, CausalClaim
from realpolitik.records import Mention

from .gold_util import require_shared


@pytest.fixture(scope="module")
def nlp() -> Language:
    from realpolitik.annotate import load_nlp

    return load_nlp()


def claims(nlp: Language, text: str, mentions: list[Mention] | None = None) -> list[CausalClaim]:
    return extract_causal(nlp(text), mentions or [])


def has_pair(cs: list[CausalClaim], cause: str, effect: str) -> CausalClaim | None:
    for c in cs:
        if cause in c.cause and effect in c.effect and cause not in c.effect:
            return c
    return None


@pytest.mark.parametrize(
    ("text", "cause", "effect", "sign"),
    [
        # explicit connectives
        (
            "The talks collapsed because the two delegations disagreed on tariffs.",
            "delegations disagreed",
            "talks collapsed",
            "+",
        ),
        (
            "Because the harvest failed, grain prices rose sharply.",
            "harvest failed",
            "prices rose",
            "+",
        ),
        ("As a result of the embargo, exports fell by half.", "the embargo", "exports fell", "+"),
        (
            "In response to the border clash, the government recalled its ambassador.",
            "the border clash",
            "recalled its ambassador",
            "+",
        ),
        (
            "Flights were cancelled due to the volcanic ash cloud.",
            "the volcanic ash cloud",
            "Flights were cancelled",
            "+",
        ),
        (
            "The currency collapsed, and thus the central bank raised interest rates.",
            "currency collapsed",
            "raised interest rates",
            "+",
        ),
        # causal verbs, with sign
        (
            "The sanctions led to a sharp fall in oil exports.",
            "The sanctions",
            "a sharp fall in oil exports",
            "+",
        ),
        (
            "The long drought has impeded economic recovery in the south.",
            "The long drought",
            "economic recovery",
            "-",
        ),
        (
            "Rising public debt undermines the confidence of investors.",
            "Rising public debt",
            "the confidence of investors",
            "-",
        ),
        ("Cheap credit strengthens consumer demand.", "Cheap credit", "consumer demand", "+"),
        (
            "The scandal prevented any agreement on the budget.",
            "The scandal",
            "any agreement on the budget",
            "-",
        ),
        (
            "Shared economic interests will push both governments toward a settlement.",
            "Shared economic interests",
            "toward a settlement",
            "+",
        ),
        # "X stems from Y": the prepositional object is the cause
        (
            "The tension stems from the dispute over the islands.",
            "the dispute over the islands",
            "The tension",
            "+",
        ),
        ("Mass arrests resulted from the unrest.", "the unrest", "Mass arrests", "+"),
        # passive: the agent is the cause
        (
            "The negotiations were hampered by mutual distrust.",
            "mutual distrust",
            "The negotiations",
            "-",
        ),
        # noun and adjective frames
        (
            "The water dispute is the main obstacle to a peace deal.",
            "The water dispute",
            "a peace deal",
            "-",
        ),
        (
            "This report is a result of the conference held last spring.",
            "the conference held last spring",
            "This report",
            "+",
        ),
        (
            "The new tariffs have had a serious effect on farm incomes.",
            "The new tariffs",
            "farm incomes",
            "+",
        ),
        ("The blockade has been harmful to regional trade.", "The blockade", "regional trade", "-"),
    ],
)
def test_pairs(nlp: Language, text: str, cause: str, effect: str, sign: str) -> None:
    cs = claims(nlp, text)
    found = has_pair(cs, cause, effect)
    assert found is not None, [(c.cause, c.effect, c.pattern) for c in cs]
    assert found.sign == sign
    # spans are verbatim, sentence-relative and trimmed
    assert text[found.cause_start : found.cause_end] == found.cause
    assert text[found.effect_start : found.effect_end] == found.effect
    for span in (found.cause, found.effect):
        assert span == span.strip(" ,.;")
        assert not span.lower().startswith(("because ", "and ", "if "))


def test_such_n_as_keeps_its_examples_in_the_cause(nlp: Language) -> None:
    from spacy.tokens import Doc

    # A parse as the parser sometimes makes it: "as ..." hung on the verb, not on
    # "quarrels" (built by hand so that the test does not depend on the model's mood).
    rows = [
        ("Ties", 17, "nsubj", "NOUN", "NNS", "tie"),
        ("that", 3, "nsubjpass", "PRON", "WDT", "that"),
        ("were", 3, "auxpass", "AUX", "VBD", "be"),
        ("poisoned", 0, "relcl", "VERB", "VBN", "poison"),
        ("by", 3, "agent", "ADP", "IN", "by"),
        ("such", 6, "amod", "ADJ", "JJ", "such"),
        ("quarrels", 4, "pobj", "NOUN", "NNS", "quarrel"),
        ("as", 3, "prep", "ADP", "IN", "as"),
        ("the", 9, "det", "DET", "DT", "the"),
        ("row", 7, "pobj", "NOUN", "NN", "row"),
        ("over", 9, "prep", "ADP", "IN", "over"),
        ("bases", 10, "pobj", "NOUN", "NNS", "basis"),
        ("and", 9, "cc", "CCONJ", "CC", "and"),
        ("the", 14, "det", "DET", "DT", "the"),
        ("dispute", 9, "conj", "NOUN", "NN", "dispute"),
        ("about", 14, "prep", "ADP", "IN", "about"),
        ("costs", 15, "pobj", "NOUN", "NNS", "cost"),
        ("need", 17, "ROOT", "VERB", "VBP", "need"),
        ("repair", 17, "dobj", "NOUN", "NN", "repair"),
        (".", 17, "punct", "PUNCT", ".", "."),
    ]
    words, heads, deps, pos, tags, lemmas = (list(col) for col in zip(*rows, strict=True))
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        tags=tags,
        lemmas=lemmas,
        sent_starts=[True] + [False] * (len(rows) - 1),
    )
    poisoned = next(c for c in extract_causal(doc, []) if c.signal == "poisoned")
    assert poisoned.cause == "such quarrels as the row over bases and the dispute about costs"
    assert poisoned.effect == "Ties" and poisoned.sign == "-"


def test_purpose_is_the_cause(nlp: Language) -> None:
    cs = claims(nlp, "The minister flew to Geneva to negotiate a ceasefire.")
    c = has_pair(cs, "negotiate a ceasefire", "minister flew to Geneva")
    assert c is not None and c.pattern == "purpose"
    cs = claims(nlp, "In order to reduce inflation, the bank raised rates.")
    assert has_pair(cs, "reduce inflation", "the bank raised rates") is not None
    # an identity "our aim is to ..." is not a purpose
    assert claims(nlp, "Our aim is to describe the negotiations.") == []


def test_resultative_make_and_render(nlp: Language) -> None:
    # "make X Y": the complement (with its subject) is the effect
    cs = claims(nlp, "Rising debt has made Laos more dependent on Chinese lenders.")
    c = has_pair(cs, "Rising debt", "Laos more dependent on Chinese lenders")
    assert c is not None and c.sign == "+"
    # "force" likewise needs "to V" or "into Y": "forced a strike" imposed it
    cs = claims(nlp, "The sanctions forced Tehran to return to the talks.")
    assert has_pair(cs, "The sanctions", "Tehran to return to the talks") is not None
    cs = claims(nlp, "The crisis forced Tokyo into painful concessions.")
    assert has_pair(cs, "The crisis", "Tokyo into painful concessions") is not None
    assert claims(nlp, "Policemen forced a strike in the town.") == []
    cs = claims(nlp, "The new missiles rendered the old treaty obsolete.")
    assert has_pair(cs, "The new missiles", "the old treaty obsolete") is not None
    # a plain object, an idiom, a passive, or a clause with a subordinator is no result
    assert claims(nlp, "Russia made a proposal to hold talks in Geneva.") == []
    assert claims(nlp, "Tokyo made it clear that it would not yield on the islands.") == []
    assert claims(nlp, "The decision was made by the cabinet on Friday.") == []
    # "left" is no change of state that would make the temporal "after" causal
    left = claims(nlp, "The envoy left after three days of talks.")
    assert all(c.signal != "left" and c.confidence < 0.7 for c in left)


def test_a_marker_noun_gives_no_frame_pair_of_its_own(nlp: Language) -> None:
    cs = claims(nlp, "In response to the drills, Beijing suspended military talks.")
    assert [(c.cause, c.effect) for c in cs] == [("the drills", "Beijing suspended military talks")]
    # the noun frame itself still stands where no marker holds it
    cs = claims(nlp, "The embargo was a response to the invasion.")
    assert has_pair(cs, "the invasion", "The embargo") is not None


def test_a_chain_through_asides_splits_into_its_links(nlp: Language) -> None:
    cs = claims(
        nlp,
        "The embargo weakened the currency, which pushed up prices, which in turn eroded "
        "support for the cabinet.",
    )
    pairs = {(c.cause, c.effect) for c in cs}
    assert ("The embargo", "the currency") in pairs
    assert ("the currency", "prices") in pairs
    assert ("prices", "support for the cabinet") in pairs
    # an aside inside a side stays, so that the side is not cut in two
    cs = claims(nlp, "Because the port fell, the rebels, who had few supplies, surrendered.")
    assert has_pair(cs, "the port fell", "the rebels, who had few supplies, surrendered")


def test_a_fronted_participle_of_fear_or_hope_gives_the_reason(nlp: Language) -> None:
    cs = claims(nlp, "Fearing a new wave of refugees, the government closed the border.")
    c = has_pair(cs, "Fearing a new wave of refugees", "the government closed the border")
    assert c is not None and c.pattern == "reason"
    # a participle of another verb gives none
    cs = claims(nlp, "Crossing the river at dawn, the patrol reached the village.")
    assert all(c.pattern != "reason" for c in cs)


@pytest.mark.parametrize(
    ("text", "cause", "effect", "sign"),
    [
        ("Low turnout was blamed on fears of violence.", "fears of violence", "Low turnout", "+"),
        ("The fall in exports is attributed to the strong yen.", "the strong yen", "exports", "+"),
        ("The new rules stop foreign firms from bidding.", "The new rules", "foreign firms", "-"),
        ("The withdrawal emboldened the insurgents.", "The withdrawal", "the insurgents", "+"),
    ],
)
def test_blame_attribute_stop_embolden(
    nlp: Language, text: str, cause: str, effect: str, sign: str
) -> None:
    c = has_pair(claims(nlp, text), cause, effect)
    assert c is not None and c.sign == sign


def test_blame_in_the_active_names_who_blames_not_a_cause(nlp: Language) -> None:
    cs = claims(nlp, "Opposition leaders blamed the government for the low turnout.")
    assert all(c.cause != "Opposition leaders" for c in cs)
    assert claims(nlp, "The talks stopped in March.") == []


def test_a_temporal_marker_before_a_bare_date_gives_no_cause(nlp: Language) -> None:
    assert claims(nlp, "Prices rose after May.") == []
    cs = claims(nlp, "Trade has fallen sharply since 2019.")
    assert all(c.signal != "since" for c in cs)
    # an event after the marker still can be one
    cs = claims(nlp, "Relations deteriorated after the summit in May.")
    assert has_pair(cs, "the summit in May", "Relations deteriorated") is not None


def test_a_sentence_parsed_as_a_noun_phrase_keeps_its_subject(nlp: Language) -> None:
    # the parser reads "Relations soured after X" as the noun "Relations" with a
    # reduced relative: the effect is still the clause, not the bare participle
    text = "Relations between the two countries soured after the election."
    assert nlp(text)[0].dep_ == "ROOT"  # the parse this test is about
    cs = claims(nlp, text)
    pair = has_pair(cs, "the election", "Relations between the two countries soured")
    assert pair is not None
    assert pair.effect == "Relations between the two countries soured"


def test_a_reduced_relative_keeps_its_noun_in_the_effect(nlp: Language) -> None:
    cs = claims(
        nlp, "Unions criticised the commission set up to investigate fraud in the industry."
    )
    assert has_pair(cs, "investigate fraud in the industry", "the commission set up") is not None
    # a content clause with its own subject and auxiliary is no reduced relative
    cs = claims(nlp, "It was a sign that the situation had improved after the ceasefire.")
    pair = has_pair(cs, "the ceasefire", "the situation had improved")
    assert pair is not None and not pair.effect.startswith("a sign")


def test_if_meaning_whether_and_be_to_of_plans_give_no_pair(nlp: Language) -> None:
    assert claims(nlp, "It is not known if the rebels withdrew from the town.") == []
    assert claims(nlp, "Officials asked if the border would reopen before the vote.") == []
    assert claims(nlp, "The prisoners are to be moved to another camp next month.") == []
    assert claims(nlp, "Japan is to host the summit in May.") == []
    assert claims(nlp, "The government was to discuss its policy on trade.") == []
    # a fronted "If" before such a verb is a condition, and "X is to V" a purpose
    cs = claims(nlp, "If the talks fail, Seoul will see whether Washington backs the deal.")
    assert has_pair(cs, "the talks fail", "Seoul will see") is not None
    cs = claims(nlp, "The deployment is to deter an attack on the islands.")
    assert has_pair(cs, "deter an attack", "The deployment") is not None


def test_idioms_and_identities_give_no_pair(nlp: Language) -> None:
    assert claims(nlp, "After all, the talks failed.") == []
    cs = claims(nlp, "The code would bind them to rules written after the fact.")
    assert all(c.signal != "after" for c in cs)
    assert claims(nlp, "The answer is not to slow the cooperation but to widen it.") == []
    # a purpose verb gives one pair, with its subject as the effect
    cs = claims(nlp, "The sanctions were meant to deter Moscow.")
    assert [c.effect for c in cs if c.pattern == "purpose"] == ["The sanctions"]


@pytest.mark.parametrize(
    ("text", "cause", "effect", "holder"),
    [
        (
            "If Hanoi buys American jets, Russian officials warned, Moscow will lose a customer.",
            "Hanoi buys American jets",
            "Moscow will lose a customer",
            "RUS",
        ),
        (
            "Because the talks failed, Seoul said, it will resume its drills.",
            "the talks failed",
            "it will resume its drills",
            "KOR",
        ),
    ],
)
def test_a_parenthetical_report_names_the_holder_and_leaves_the_spans(
    nlp: Language, text: str, cause: str, effect: str, holder: str
) -> None:
    from realpolitik.actors.resolver import resolve_doc

    doc = nlp(text)
    (claim,) = extract_causal(doc, resolve_doc(doc))
    assert (claim.cause, claim.effect) == (cause, effect)
    assert claim.holder.startswith(holder)


def test_correlatives_second_noun_frames_and_paving_the_way(nlp: Language) -> None:
    cs = claims(
        nlp, "The more Washington presses Manila, the more Manila will lean toward Beijing."
    )
    c = has_pair(cs, "Washington presses Manila", "Manila will lean toward Beijing")
    assert c is not None and c.sign == "+" and c.pattern == "correlative"
    cs = claims(nlp, "The higher the tariffs, the fewer cars Japan will sell in Europe.")
    c = has_pair(cs, "the tariffs", "cars Japan will sell in Europe")
    assert c is not None and c.sign == "-"
    assert claims(nlp, "The more, the merrier.") == []
    # a noun with two frames: "a consequence of X" (X the cause) beside "consequences for Y"
    cs = claims(nlp, "Tokyo's rearmament is a direct consequence of the missile tests.")
    assert has_pair(cs, "the missile tests", "Tokyo's rearmament") is not None
    cs = claims(nlp, "The thaw has paved the way for a new gas deal.")
    assert has_pair(cs, "The thaw", "a new gas deal") is not None
    # an enabling noun's to-infinitive is what it enables
    cs = claims(nlp, "The deal gives Moscow an incentive to keep the conflict frozen.")
    assert has_pair(cs, "The deal", "to keep the conflict frozen") is not None


def test_conditional(nlp: Language) -> None:
    cs = claims(nlp, "If the rains fail again, the government will have to import rice.")
    c = has_pair(cs, "rains fail again", "import rice")
    assert c is not None
    assert c.conditional
    assert c.modality == "likely"


def test_modality(nlp: Language) -> None:
    c = has_pair(
        claims(nlp, "The strike may hamper production at the port."), "The strike", "production"
    )
    assert c is not None and c.modality == "possible"
    c = has_pair(
        claims(nlp, "The strike hampered production at the port."), "The strike", "production"
    )
    assert c is not None and c.modality == "certain"


def test_negation_flips_sign(nlp: Language) -> None:
    c = has_pair(claims(nlp, "The reform did not weaken the unions."), "The reform", "the unions")
    assert c is not None and c.sign == "+"


def test_several_pairs_and_chains(nlp: Language) -> None:
    cs = claims(nlp, "The drought led to crop failures, which caused a sharp rise in food prices.")
    assert has_pair(cs, "The drought", "crop failures") is not None
    assert has_pair(cs, "crop failures", "a sharp rise in food prices") is not None
    cs = claims(
        nlp,
        "The floods destroyed the bridges because the dams failed, and the damage hampered the relief effort.",
    )
    assert len(cs) >= 2


def test_holder(nlp: Language) -> None:
    text = "Ottawa believes that the new pipeline will weaken regional stability."
    mentions = [Mention(0, 6, "Ottawa", "CAN")]
    c = has_pair(claims(nlp, text, mentions), "the new pipeline", "regional stability")
    assert c is not None and c.holder == "CAN" and c.sign == "-"
    c = has_pair(
        claims(nlp, "Cheap credit strengthens consumer demand."), "Cheap credit", "consumer demand"
    )
    assert c is not None and c.holder == AUTHOR


def test_actor_actions_are_not_causal_claims(nlp: Language) -> None:
    # an agent acting on an object is an event, not a claim that one thing causes another
    cs = claims(
        nlp, "Brazil has increased its troops on the border.", [Mention(0, 6, "Brazil", "BRA")]
    )
    assert pattern_confidence(cs) < load_patterns().high


def test_detection_rule(nlp: Language) -> None:
    assert decide_causal(None, 0.9)
    assert not decide_causal(None, 0.2)
    assert decide_causal(0.99, 0.0, threshold=0.5)
    # the classifier's bar comes from the pattern file (classifier_threshold)
    bar = load_patterns().clf_threshold
    if bar is not None:
        assert decide_causal(bar + 0.01, 0.0)
        assert not decide_causal(bar - 0.01, 0.0)
    assert is_causal(
        nlp("The talks collapsed because the delegations disagreed."), use_classifier=False
    )
    assert not is_causal(nlp("The delegations met in Vienna on Tuesday."), use_classifier=False)


def test_gold_causal() -> None:
    path = require_shared("gold", "causal.jsonl")
    from realpolitik.eval.causal import score_causal

    result = score_causal(path)
    assert result["detect_f1"] >= 0.85, result
    assert result["pair_f1"] >= 0.6, result


def test_temporal_marker_with_change_of_state_is_causal(nlp: Language) -> None:
    """ "after"/"following" timing a change of state ("tensions will escalate after X")
    reads as causal; timing a plain action does not."""
    cs = claims(nlp, "Tensions will surely escalate after the army moves its tanks to the border.")
    pair = has_pair(cs, "the army moves its tanks", "Tensions")
    assert pair is not None and pair.confidence >= load_patterns().high
    plain = claims(nlp, "The ministers had dinner after the summit ended.")
    assert all(c.confidence < load_patterns().high for c in plain)


def test_emotive_effect_keeps_its_adjective(nlp: Language) -> None:
    cs = claims(nlp, "Seoul finds Beijing's naval drills in the strait deeply alarming.")
    pair = has_pair(cs, "naval drills", "alarming")
    assert pair is not None and pair.effect.endswith("alarming")


def test_enabling_noun_frame(nlp: Language) -> None:
    cs = claims(
        nlp, "A shared fear of terrorism offers an opportunity for closer ties between the two."
    )
    assert has_pair(cs, "shared fear of terrorism", "closer ties") is not None
