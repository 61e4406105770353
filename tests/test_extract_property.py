"""Extraction over word salad: it never breaks, and every span it reports is verbatim.

The sentences are strung together from actor names, pronouns, cue verbs, connectives,
nouns and punctuation (quotes, dashes, parentheses), the material of the bugs found so
far (a pronoun whose antecedent led back to itself ran out of stack).
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from realpolitik.cli.extract import extract_record

FRAGMENTS = [
    *["Japan", "Russia", "China", "the United States", "Seoul", "Moscow", "Washington"],
    *["India", "Pakistan", "NATO", "the EU"],
    *["he", "she", "it", "they", "we", "its allies", "their partners", "both", "its", "I"],
    *["the two countries", "them", "itself"],
    *["opposes", "fears", "welcomes", "sees", "said", "believes", "warned", "caused"],
    *["led to", "prevented", "made", "forced", "weakened", "recalled", "remembers"],
    *["accused", "blamed", "will defend", "would hurt", "stopped"],
    *["because", "because of", "if", "after", "since", "so", "as a result,", "which"],
    *["in response to", "due to", "unless", "fearing", "in order to", "that", "and"],
    *["the sanctions", "the missile tests", "tensions", "the alliance", "their ties"],
    *["the deal", "a threat", "relations", "the war", "a partner"],
    *[",", ".", ";", '"', "“", "”", "—", "(", ")", "'s", "-"],
]


def _sentence(words: list[str]) -> str:
    text = " ".join(words).replace(" ,", ",").replace(" .", ".")
    text = text if text.endswith(".") else text + "."
    return text[0].upper() + text[1:]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(
    st.lists(st.sampled_from(FRAGMENTS), min_size=3, max_size=28),
    st.lists(st.sampled_from(FRAGMENTS), max_size=10),
)
@example(
    ["Japan", "will defend", "Russia", "and", "its allies", "because", "he", "fears", "China"], []
)
def test_extraction_never_breaks_and_spans_are_verbatim(
    words: list[str], context: list[str]
) -> None:
    record = {"id": "x", "text": _sentence(words)}
    if context:
        record["context"] = _sentence(context)
    found = extract_record(record)
    assert found["id"] == "x" and isinstance(found["causal"], bool)
    for pair in found["pairs"]:
        assert pair["cause"] in record["text"] and pair["effect"] in record["text"]
        assert pair["sign"] in {"+", "-"}
    for view in found["perspectives"]:
        assert -1 <= view["stance"] <= 1
