"""Lists and clauses the parser broke off: found again, and kept whole in causal spans.

The broken parses are built by hand (as the small parser makes them), so that the
tests do not depend on the model's mood; the last test runs the real parser.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from realpolitik.extract.causal import extract_causal
from realpolitik.extract.coordination import list_tail, split_clause

Row = tuple[str, int, str, str]  # word, head, dep, pos


@pytest.fixture(scope="module")
def nlp() -> Language:
    from realpolitik.annotate import load_nlp

    return load_nlp()


def parsed(nlp: Language, rows: list[Row]) -> Doc:
    words, heads, deps, pos = (list(col) for col in zip(*rows, strict=True))
    return Doc(
        nlp.vocab,
        words=words,
        spaces=[i + 1 < len(words) and words[i + 1] not in {",", "."} for i in range(len(words))],
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=[w.lower() for w in words],
        sent_starts=[True] + [False] * (len(rows) - 1),
    )


# "because of A, B, and C": B hung on the verb as its object, C as its conjunct
BROKEN_LIST: list[Row] = [
    ("Trade", 1, "nsubj", "NOUN"),
    ("fell", 1, "ROOT", "VERB"),
    ("because", 1, "prep", "SCONJ"),
    ("of", 2, "pcomp", "ADP"),
    ("the", 5, "det", "DET"),
    ("drought", 2, "pobj", "NOUN"),
    (",", 1, "punct", "PUNCT"),
    ("the", 9, "det", "DET"),
    ("new", 9, "amod", "ADJ"),
    ("tariffs", 1, "dobj", "NOUN"),
    (",", 1, "punct", "PUNCT"),
    ("and", 1, "cc", "CCONJ"),
    ("plans", 1, "conj", "VERB"),
    ("to", 14, "aux", "PART"),
    ("tax", 12, "xcomp", "VERB"),
    ("grain", 14, "dobj", "NOUN"),
    (".", 1, "punct", "PUNCT"),
]

# "after A did X and B did Z": B made a conjunct of X, "did Z" one of the main verb
STOLEN_SUBJECT: list[Row] = [
    ("Talks", 1, "nsubj", "NOUN"),
    ("stalled", 1, "ROOT", "VERB"),
    ("after", 4, "mark", "SCONJ"),
    ("Hanoi", 4, "nsubj", "PROPN"),
    ("recalled", 1, "advcl", "VERB"),
    ("its", 6, "poss", "PRON"),
    ("envoy", 4, "dobj", "NOUN"),
    ("and", 6, "cc", "CCONJ"),
    ("Beijing", 6, "conj", "PROPN"),
    ("closed", 1, "conj", "VERB"),
    ("a", 11, "det", "DET"),
    ("port", 9, "dobj", "NOUN"),
    (".", 1, "punct", "PUNCT"),
]


def test_a_list_the_parser_broke_off_is_found_from_its_commas(nlp: Language) -> None:
    doc = parsed(nlp, BROKEN_LIST)
    tail = list_tail({4, 5}, doc[:])
    assert doc[min(tail) : max(tail) + 1].text == ", the new tariffs, and plans to tax grain"
    # a phrase that does not end the list's first item, or a lone item, starts none
    assert list_tail({0}, doc[:]) == set()
    assert list_tail({7, 8, 9}, doc[:]) == set()


def test_the_whole_list_is_the_cause_and_leaves_the_effect(nlp: Language) -> None:
    doc = parsed(nlp, BROKEN_LIST)
    (claim,) = [c for c in extract_causal(doc, []) if c.signal == "because of"]
    assert claim.cause == "the drought, the new tariffs, and plans to tax grain"
    assert claim.effect == "Trade fell"


@pytest.mark.parametrize(
    ("replace", "why"),
    [
        # ", the minister said, and ...": a clause between the commas is no list item
        ({7: ("the", 8, "det", "DET"), 8: ("minister", 9, "nsubj", "NOUN")}, "verb inside"),
        # "..., and Beijing protested": the last item has a subject of its own
        ({12: ("Beijing", 14, "nsubj", "PROPN"), 14: ("protested", 1, "conj", "VERB")}, "clause"),
    ],
)
def test_no_list_where_the_words_are_not_one(
    nlp: Language, replace: dict[int, Row], why: str
) -> None:
    rows = list(BROKEN_LIST)
    for i, row in replace.items():
        rows[i] = row
    if why == "verb inside":
        rows[9] = ("said", 1, "parataxis", "VERB")
    doc = parsed(nlp, rows)
    assert list_tail({4, 5}, doc[:]) == set(), why


def test_a_second_clause_whose_subject_the_parser_stole_joins_the_first(nlp: Language) -> None:
    doc = parsed(nlp, STOLEN_SUBJECT)
    assert split_clause(set(range(3, 9)), doc[9])
    # a conjunct with its own subject, or one not right after the phrase, is not one
    assert not split_clause(set(range(3, 8)), doc[9])
    (claim,) = [c for c in extract_causal(doc, []) if c.signal == "after"]
    assert claim.cause == "Hanoi recalled its envoy and Beijing closed a port"
    assert claim.effect == "Talks stalled"


@pytest.mark.parametrize(
    ("text", "cause", "effect"),
    [
        (
            "The sanctions were driven by the missile tests, the cyberattacks on banks, "
            "and plans to expand the enrichment programme.",
            "the missile tests, the cyberattacks on banks, and plans to expand the "
            "enrichment programme",
            "The sanctions",
        ),
        (
            "The strike was caused by low wages, long shifts, and the closure of two mines.",
            "low wages, long shifts, and the closure of two mines",
            "The strike",
        ),
        (
            "The talks collapsed after Seoul expelled two diplomats and Pyongyang fired a "
            "missile over Japan.",
            "Seoul expelled two diplomats and Pyongyang fired a missile over Japan",
            "The talks collapsed",
        ),
        # not lists: the first item stands alone
        ("Exports fell after the war, and imports rose.", "the war", "Exports fell"),
        (
            "Prices rose because of the drought, the minister said, and aid was promised.",
            "the drought",
            "Prices rose",
        ),
    ],
)
def test_through_the_parser(nlp: Language, text: str, cause: str, effect: str) -> None:
    pairs = [(c.cause, c.effect) for c in extract_causal(nlp(text), [])]
    assert (cause, effect) in pairs


# "Because A did X, B did Y and C did Z": C hung on Y's object, "did Z" on "did Y"
FRONTED: list[Row] = [
    ("Because", 2, "mark", "SCONJ"),
    ("Hanoi", 2, "nsubj", "PROPN"),
    ("closed", 7, "advcl", "VERB"),
    ("the", 4, "det", "DET"),
    ("port", 2, "dobj", "NOUN"),
    (",", 7, "punct", "PUNCT"),
    ("Manila", 7, "nsubj", "PROPN"),
    ("recalled", 7, "ROOT", "VERB"),
    ("its", 9, "poss", "PRON"),
    ("envoy", 7, "dobj", "NOUN"),
    ("and", 9, "cc", "CCONJ"),
    ("Beijing", 9, "conj", "PROPN"),
    ("cut", 7, "conj", "VERB"),
    ("imports", 12, "dobj", "NOUN"),
    (".", 7, "punct", "PUNCT"),
]


def test_each_clause_after_a_fronted_cause_keeps_its_own_subject(nlp: Language) -> None:
    from realpolitik.extract.coordination import stolen_subject

    doc = parsed(nlp, FRONTED)
    assert stolen_subject(doc[12]) == {10, 11}
    assert stolen_subject(doc[7]) == set()  # has its subject
    effects = {c.effect for c in extract_causal(doc, []) if c.signal == "Because"}
    assert effects == {"Manila recalled its envoy", "Beijing cut imports"}
