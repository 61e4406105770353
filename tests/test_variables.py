"""Variable canonicalisation: different wordings of one variable meet."""

from __future__ import annotations

from realpolitik.model.variables import (
    Mention,
    canonicalise,
    canonicalise_text,
    conjuncts,
    country_level,
    head_span,
    is_anaphoric,
    span_actors,
    text_actors,
)


def test_missile_defence_synonyms_meet() -> None:
    keys = {
        canonicalise_text(t).key
        for t in (
            "the US deploys THAAD in South Korea",
            "U.S. deployment of missile defense systems in South Korea",
            "American missile defence deployments in South Korea",
            "the United States deploying BMD to South Korea",
        )
    }
    assert keys == {"KOR-USA:deployment+missile_defence"}


def test_ties_wordings_meet_and_direction_words_are_stripped() -> None:
    rising = [
        canonicalise_text("Japan strengthens its ties with Russia"),
        canonicalise_text("a Russia–Japan rapprochement"),
        canonicalise_text("closer Japanese-Russian relations"),
    ]
    falling = canonicalise_text("a weakening of Moscow–Tokyo relations")
    assert {c.key for c in rising} == {falling.key} == {"JPN-RUS:relations"}
    assert [c.direction for c in rising] == [1, 1, 1]
    assert falling.direction == -1
    assert canonicalise_text("weaker Japan–Russia ties").direction == -1
    assert canonicalise_text("ties that will not weaken or worsen").direction == 1  # two flips


def test_inflections_of_a_leftover_word_meet() -> None:
    # words no issue phrase covers still meet across plural, past and progressive
    keys = {
        canonicalise_text(t).key
        for t in ("border clashes", "a border clash", "the border clashing")
    }
    assert keys == {":~border+~clash"}
    assert canonicalise_text("planned patrols").key == canonicalise_text("planning patrol").key


def test_dyad_actor_and_issue_kinds() -> None:
    assert canonicalise_text("Japan–Russia security cooperation").kind == "dyad"
    assert canonicalise_text("Russia's military build-up").kind == "actor"
    assert canonicalise_text("the nuclear programme").kind == "issue"
    assert canonicalise_text("a peace treaty").key == ":territory"


def test_leftover_words_stand_in_for_issues() -> None:
    c = canonicalise_text("Russia's excessive presence")
    assert c.key == "RUS:deployment"
    d = canonicalise_text("the multipolarity goal of Russia")
    assert d.key == "RUS:~multipolarity+~goal"


def test_actors_from_mentions_and_sector_words_kept() -> None:
    text = "Russia's military build-up near Japan"
    mentions = [Mention(0, 17, "Russia's military", "RUSMIL"), Mention(32, 37, "Japan", "JPN")]
    codes, words = span_actors(mentions, 0, 26)
    c = canonicalise(text[:26], codes, words)
    assert c.actors == ("RUS",)
    assert c.issues == ("deployment",)  # "military build-up" is one phrase of the data
    codes, words = span_actors(mentions, 0, 17)
    assert canonicalise(text[:17], codes, words).key == "RUS:security"
    assert country_level("NATO") == "NATO" and country_level("USAGOV") == "USA"


def test_pronoun_span_borrows_nearest_actor_and_plural_two() -> None:
    text = "Russia and America see that their cooperation suffers."
    mentions = [Mention(0, 6, "Russia", "RUS"), Mention(11, 18, "America", "USA")]
    start = text.index("their")
    codes, _ = span_actors(mentions, start, start + 17, span_text="their cooperation")
    assert sorted(codes) == ["RUS", "USA"]
    codes, _ = span_actors(mentions, start, start + 17, span_text="its cooperation")
    assert codes == ["USA"]


def test_plain_text_actors_split_compounds() -> None:
    codes, _ = text_actors("U.S.-Japan alliance and Sino-Russian ties in Moscow")
    assert set(codes) >= {"USA", "JPN", "RUS"}


def test_span_helpers() -> None:
    text = "ties with countries in the region that Washington considers allies"
    assert text[slice(*head_span(text, 0, len(text)))] == "ties with countries in the region"
    both = "China's growing navy and the nuclear threat"
    assert [both[a:b] for a, b in conjuncts(both, 0, len(both))] == [
        "China's growing navy",
        "the nuclear threat",
    ]
    assert is_anaphoric("This cooperation") and is_anaphoric("it")
    assert not is_anaphoric("Japan's cooperation")


def test_an_and_between_two_actors_is_not_a_split() -> None:
    # "Brazil and Argentina sign a pact" is one cause of two actors, not a cause
    # "Brazil" and a cause "Argentina sign a pact"; an "and" between two causes still
    # splits, actors named in them or not
    text = "the chance that Brazil and Argentina sign a customs pact and Chile's drought"
    brazil, argentina = text.index("Brazil"), text.index("Argentina")
    chile = text.index("Chile")
    mentions = [
        Mention(brazil, brazil + 6, "Brazil", "BRA"),
        Mention(argentina, argentina + 9, "Argentina", "ARG"),
        Mention(chile, chile + 7, "Chile's", "CHL"),
    ]
    parts = [text[a:b] for a, b in conjuncts(text, 0, len(text), mentions)]
    assert parts == ["the chance that Brazil and Argentina sign a customs pact", "Chile's drought"]
    # without the mentions, every "and" splits (the old reading)
    assert len(conjuncts(text, 0, len(text))) == 3


def test_light_noun_complement_and_coordinated_subject() -> None:
    from realpolitik.model.variables import extend_light_noun

    text = "Tokyo's efforts to improve ties with Moscow are hampered by the dispute."
    start, end = extend_light_noun(text, 0, len("Tokyo's efforts"))
    assert text[start:end] == "Tokyo's efforts to improve ties with Moscow"
    assert extend_light_noun(text, 0, 5) == (0, 5)
    sentence = "Japan and Russia agreed on a joint response."
    mentions = [Mention(0, 5, "Japan", "JPN"), Mention(10, 16, "Russia", "RUS")]
    at = sentence.index("a joint")
    codes, _ = span_actors(mentions, at, at + 16, sentence=sentence)
    assert sorted(codes) == ["JPN", "RUS"]
    codes, _ = span_actors(mentions, at, at + 16)
    assert codes == ["RUS"]


def test_possessive_span_keeps_its_owner_and_the_actors_inside() -> None:
    """ "their concerns about China": the owners (Japan and Russia) and China."""
    text = "Japan and Russia say that their concerns about China grow."
    mentions = [
        Mention(0, 5, "Japan", "JPN"),
        Mention(10, 16, "Russia", "RUS"),
        Mention(text.index("China"), text.index("China") + 5, "China", "CHN"),
    ]
    start = text.index("their")
    end = text.index(" grow")
    codes, _ = span_actors(mentions, start, end, span_text=text[start:end], sentence=text)
    assert sorted(codes) == ["CHN", "JPN", "RUS"]
    # without a possessive opening only the actors inside count
    start = text.index("concerns")
    codes, _ = span_actors(mentions, start, end, span_text=text[start:end], sentence=text)
    assert codes == ["CHN"]


def test_unsigned_signals_give_no_direction() -> None:
    from realpolitik.model.causal_map import unsigned_signal

    assert (
        unsigned_signal("impacts") and unsigned_signal("a factor") and unsigned_signal("affected")
    )
    assert not unsigned_signal("weakens") and not unsigned_signal("because")


def test_a_view_phrase_keeps_who_holds_it_and_what_it_is_about() -> None:
    from realpolitik.model.variables import view_roles

    assert view_roles("India's worries about Pakistan") == (("IND",), ("PAK",))
    assert view_roles("Brazilian and Argentine opposition to the British base") == (
        ("ARG", "BRA"),
        ("GBR",),
    )
    assert view_roles("India–Pakistan relations") is None  # no stance word
    assert view_roles("fears of a wider war") is None  # no actors
    assert canonicalise_text("Germany's concerns about Poland").key == "DEU:threat|POL"


def test_views_are_matched_role_by_role() -> None:
    from realpolitik.model.variables import VariableText, match_score

    def view(holders: set[str], about: set[str]) -> VariableText:
        return VariableText(
            frozenset(holders),
            frozenset({"opposition", "threat"}),
            frozenset(),
            [],
            frozenset(about),
        )

    india_of_pakistan = view({"IND"}, {"PAK"})
    pakistan_of_india = view({"PAK"}, {"IND"})
    both_of_china = view({"IND", "PAK"}, {"CHN"})
    query = canonicalise_text("India's irritation with Pakistan")
    assert match_score(query, india_of_pakistan) > match_score(query, pakistan_of_india)
    assert match_score(query, india_of_pakistan) > match_score(query, both_of_china)
    joint = canonicalise_text("India's and Pakistan's concerns about China")
    assert match_score(joint, both_of_china) > match_score(joint, india_of_pakistan)
    # one word of the negative-stance class meets a view's whole class: full actor and
    # issue parts (0.4 + 0.35; the text part is 0 for a variable without spans)
    assert abs(match_score(query, india_of_pakistan) - 0.75) < 1e-9


def test_country_level_keeps_every_organisation_whole() -> None:
    # one function for the whole package, from the registry's organisations
    from realpolitik.actors.registry import load_registry

    for code in load_registry().organisations:
        assert country_level(code) == code
        assert country_level(code + "MIL") == code
    assert country_level("RUSGOV") == "RUS" and country_level("USA") == "USA"
