"""Unit cases for the event coder, the lexicons and sentence dates."""

from __future__ import annotations

import pytest

from realpolitik.extract.dates import parse_doc_date, sentence_dates
from realpolitik.extract.events import code_events, counted_events, load_lexicon
from realpolitik.extract.types import Event
from realpolitik.records import Mention

PLOVER_TYPES = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
}


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from realpolitik.annotate import load_nlp

    return load_nlp()


def _code(nlp, text: str, doc_date: str | None = None) -> list[Event]:  # type: ignore[no-untyped-def]
    from realpolitik.actors.resolver import resolve_doc

    doc = nlp(text)
    return code_events(doc, resolve_doc(doc), doc_date=doc_date)


def _keys(events: list[Event]) -> set[tuple[str, str, str | None, str]]:
    return {(e.source[:3], e.target[:3], e.plover, e.cameo_root) for e in counted_events(events)}


# -- lexicon coverage ---------------------------------------------------------------


def test_lexicon_covers_every_cameo_root_and_plover_type() -> None:
    lex = load_lexicon()
    verb_roots = {p.code[:2] for pats in lex.verbs.values() for p in pats}
    noun_roots = {p.code[:2] for pats in lex.nouns.values() for p in pats}
    assert verb_roots == {f"{i:02d}" for i in range(1, 21)}
    assert {f"{i:02d}" for i in range(1, 21)} - {"01"} <= noun_roots
    plovers = {lex.info(p.code).plover for pats in lex.verbs.values() for p in pats}
    assert plovers >= PLOVER_TYPES
    assert sum(len(p) for p in lex.verbs.values()) >= 300


def test_code_table_intensity_and_instrument() -> None:
    lex = load_lexicon()
    assert lex.info("057").plover == "SUPPORT" and lex.info("057").intensity > 5
    assert lex.info("163").plover == "SANCTION" and lex.info("163").instrument == "economic"
    assert lex.info("0871").plover == "RETREAT"
    assert lex.info("192").plover == "COERCE"
    assert lex.info("195").plover == "ASSAULT" and lex.info("195").intensity == -10.0
    assert lex.info("10").mode == "demand" and lex.info("111").mode == "disapprove"
    for code in lex.codes:
        assert -10.0 <= lex.info(code).intensity <= 10.0


# -- hand-made mentions (no resolver needed) ---------------------------------------


def test_hand_made_mentions(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russia imposed sanctions on Japan."
    doc = nlp(text)
    mentions = [Mention(0, 6, "Russia", "RUSGOV"), Mention(28, 33, "Japan", "JPN")]
    events = code_events(doc, mentions, doc_date="2020-05-01")
    assert [(e.source, e.target, e.plover, e.cameo) for e in events] == [
        ("RUSGOV", "JPN", "SANCTION", "163")
    ]
    e = events[0]
    assert e.trigger == "imposed" and text[e.start : e.end] == "imposed"
    assert e.instrument == "economic" and e.power == "hard" and e.intensity < 0
    assert e.modality == "actual" and not e.negated and e.date == "2020-05-01"


# -- the real resolver -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russia and China held talks in Beijing.",
            {("RUS", "CHN", "CONSULT", "04"), ("CHN", "RUS", "CONSULT", "04")},
        ),
        ("Japan was attacked by North Korea.", {("PRK", "JPN", "ASSAULT", "19")}),
        (
            "The meeting between Russia and Japan was cordial.",
            {("RUS", "JPN", "CONSULT", "04"), ("JPN", "RUS", "CONSULT", "04")},
        ),
        ("Russia's invasion of Ukraine shocked Europe.", {("RUS", "UKR", "ASSAULT", "19")}),
        ("The European Union imposed sanctions on Russia.", {("EU", "RUS", "SANCTION", "16")}),
        (
            "The U.S.-Japan alliance conducted joint exercises near Okinawa.",
            {("USA", "JPN", "COOPERATE", "06"), ("JPN", "USA", "COOPERATE", "06")},
        ),
        (
            "Russia threatened to cut off gas supplies to Ukraine.",
            {("RUS", "UKR", "THREATEN", "13")},
        ),
        (
            "China demanded that the United States stop arms sales to Taiwan.",
            {("CHN", "USA", "REQUEST", "10")},
        ),
        ("Japan pledged to provide economic aid to Ukraine.", {("JPN", "UKR", "AGREE", "03")}),
        ("Russia withdrew its troops from Georgia.", {("RUS", "GEO", "RETREAT", "08")}),
        ("Relations between Japan and South Korea remain tense.", set()),
        # a reason's actors are no targets where the verb has its object; a possessive
        # in the reason of an object-control verb is the object's
        (
            "China criticised Japan over its treatment of Korean workers.",
            {("CHN", "JPN", "ACCUSE", "11")},
        ),
        (
            "Britain praised Kenya for its help with Somali refugees.",
            {("GBR", "KEN", "SUPPORT", "05"), ("KEN", "SOM", "AID", "07")},
        ),
        # a place is no second target; "against X" of cooperation is an opponent
        (
            "Israeli troops shot eight Palestinian children near the border crossing with Egypt.",
            {("ISR", "PSE", "ASSAULT", "19")},
        ),
        ("Japan sided with the United States against China.", {("JPN", "USA", "SUPPORT", "05")}),
        ("Russia defended itself against Chinese criticism.", set()),
        # a participle with a subject and no auxiliary is a passive the parser missed
        ("It is thought the Australian arrested in Afghanistan is from Adelaide.", set()),
        ("Military installations in Poland were expanded.", set()),
        # allies attacking something are not attacking each other; clashing sides are
        ("US warplanes and Afghan forces launched attacks on the caves.", set()),
        (
            "Indian and Pakistani troops clashed in Kashmir.",
            {("IND", "PAK", "ASSAULT", "19"), ("PAK", "IND", "ASSAULT", "19")},
        ),
        # "return" gives something back only with an object: travel home is no event
        ("The Israeli Prime Minister returns from the United States today.", set()),
        ("Japan returned two Chinese fishermen to China.", {("JPN", "CHN", "RETREAT", "08")}),
        # "fighting for X" is on X's side
        ("One American was captured after fighting for the Taliban.", set()),
        # compound actors: each with the partner named, and with each other only
        # where no one else is
        (
            "France and Germany are working with Poland on a new border treaty.",
            {("FRA", "POL", "SUPPORT", "05"), ("DEU", "POL", "SUPPORT", "05")},
        ),
        (
            "France and Germany signed a treaty.",
            {("FRA", "DEU", "SUPPORT", "05"), ("DEU", "FRA", "SUPPORT", "05")},
        ),
        # "praised Y for doing Z": Y did Z
        (
            "Russia praised Hungary for blocking new EU sanctions.",
            {("RUS", "HUN", "SUPPORT", "05"), ("HUN", "EU", "REJECT", "12")},
        ),
    ],
)
def test_code_sentences(nlp, text: str, expected: set[tuple[str, str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert _keys(_code(nlp, text)) == expected


def test_negation(nlp) -> None:  # type: ignore[no-untyped-def]
    events = _code(nlp, "Turkey did not meet Greece during the summit.")
    assert events and all(e.negated for e in events if e.plover == "CONSULT")
    assert not _keys(events)
    events = _code(nlp, "Washington sent envoys to Beijing without first consulting Tokyo.")
    assert ("USA", "JPN", "CONSULT", "04") not in _keys(events)
    assert any(e.target[:3] == "JPN" and e.negated for e in events)


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Russia plans to deploy missiles on the border with Japan.", "planned"),
        ("Germany will send tanks to Ukraine.", "planned"),
        ("Russia could invade Finland.", "hypothetical"),
        (
            "If Washington recognizes Taiwan, Beijing would sever relations with Washington.",
            "hypothetical",
        ),
        ("Saudi Arabia reportedly bought Russian air defense systems.", "reported"),
        ("Russia threatened to invade Ukraine.", "threatened"),
    ],
)
def test_modality(nlp, text: str, modality: str) -> None:  # type: ignore[no-untyped-def]
    events = _code(nlp, text)
    assert modality in {e.modality for e in events}, events


def test_a_purpose_is_planned_not_actual(nlp) -> None:  # type: ignore[no-untyped-def]
    events = _code(nlp, "Russia massed troops on the border to invade Ukraine.")
    modality = {e.plover: e.modality for e in events}
    assert modality == {"MOBILIZE": "actual", "ASSAULT": "planned"}


def test_hypothetical_not_counted(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not _keys(_code(nlp, "Russia could invade Finland, a Finnish general warned."))


def test_instruments(nlp) -> None:  # type: ignore[no-untyped-def]
    mil = _code(nlp, "Russia and China are expanding military cooperation.")
    assert mil and all(e.instrument == "military" and e.power == "hard" for e in mil)
    eco = _code(nlp, "Japan and India expanded economic cooperation.")
    assert eco and all(e.instrument == "economic" and e.power == "soft" for e in eco)
    dip = _code(nlp, "France praised Germany.")
    assert dip and dip[0].instrument == "diplomatic" and dip[0].power == "soft"


def test_event_date_from_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    events = _code(nlp, "Russia and China conducted joint exercises in 2016.", "2017-04-01")
    assert events and {e.date for e in events} == {"2016"}


# -- dates -------------------------------------------------------------------------


def test_sentence_dates() -> None:
    text = "Japan said on Mar. 25 that it would send envoys."
    assert sentence_dates(text, "2016-04-02") == [(14, 21, "2016-03-25")]
    spans = sentence_dates("In March 2014 and in 2016, and last year.", "2017-05-01")
    assert [s[2] for s in spans] == ["2014-03", "2016", "2016"]
    assert sentence_dates("Kissinger flew to Beijing in 1971.", None) == [(29, 33, "1971")]
    assert sentence_dates("since the end of World War II", "2017-01-01") == []
    assert sentence_dates("Talks may resume soon.", "2017-01-01") == []
    assert sentence_dates("On Mar. 25 they met.", None) == []  # no year known
    # case-insensitive matching folds Unicode ("ſ" is an "s", "ı" an "i"): such a
    # match is no date, and no error
    assert sentence_dates("They met last ſunday or frıday.", "2026-03-11") == []
    assert sentence_dates("They met last\u00a0Sunday.", "2026-03-11") == [(9, 20, "2026-03-08")]


def test_parse_doc_date() -> None:
    assert parse_doc_date("anything", "2016-05-01T10:00:00") == "2016-05-01"
    assert parse_doc_date("MOSCOW, March 3, 2015 (Reuters) - Russia said ...", None) == "2015-03-03"
    assert parse_doc_date("no date here", None) is None


@pytest.mark.parametrize(
    "text",
    [
        "Russia's army held drills near the border and Moscow threatened to retaliate.",
        "Russia said it would deploy troops.",
        "The summit ended without an agreement.",
        "China imposed sanctions on Japan after talks in Beijing collapsed.",
    ],
)
def test_skip_matches_full_coder(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    """A sentence naming fewer than two states is skipped: the full coder finds nothing."""
    from realpolitik.actors.resolver import resolve_doc
    from realpolitik.extract.events.coder import _Coder
    from realpolitik.extract.mention_map import MentionMap

    doc = nlp(text)
    mentions = resolve_doc(doc)
    full = _Coder(doc, MentionMap(doc, mentions), load_lexicon(), None).events()
    assert code_events(doc, mentions) == full
