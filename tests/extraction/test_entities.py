"""Entities an article is about: canonical names, aliases, and references by pronoun or description."""

import pytest

from claims.extraction.nlp import build_nlp
from claims.extraction.topics import EntityIndex, find_entities
from claims.extraction.types import COUNTRY, ORGANISATION, PERSON


def _nlp():
    """The pipeline every extraction test uses: the one ``build_nlp`` returns (cached, as the ``nlp`` fixture)."""
    return build_nlp()


def _index(text: str) -> tuple[str, EntityIndex]:
    return text, find_entities(_nlp()(text))


def _about(text: str, index: EntityIndex, part: str) -> tuple[str, ...]:
    start = text.index(part)
    return index.about(start, start + len(part))


def _entity(index: EntityIndex, name: str):
    return next(e for e in index.entities if e.name == name)


def test_demonyms_capitals_and_metonyms_name_their_country():
    text, index = _index(
        "Turkish officials flew to Moscow on Monday. The Kremlin said the talks with Ankara went well."
    )
    assert _about(text, index, "Turkish officials flew to Moscow on Monday.") == ("Turkey", "Russia")
    assert _about(text, index, "The Kremlin said the talks with Ankara went well.") == ("Russia", "Turkey")
    assert index.canonical("Ankara") == "Turkey"
    assert index.canonical("the Kremlin") == "Russia"
    assert index.canonical("Türkiye") == "Turkey"


def test_every_form_of_the_united_states_is_one_entity_with_the_usual_aliases():
    text, index = _index(
        "The US imposed tariffs. Officials in Washington said U.S. exports fell, and America will respond."
    )
    countries = [e for e in index.entities if e.kind == COUNTRY]
    assert [e.name for e in countries] == ["United States"]
    aliases = set(countries[0].aliases)
    assert {"US", "U.S.", "USA", "America"} <= aliases
    assert index.canonical("USA") == "United States"
    assert index.canonical("United States of America") == "United States"


def test_news_names_win_over_iso_names():
    text, index = _index("Syria and the Russian Federation signed a deal with Iran and South Korea.")
    names = [e.name for e in index.entities if e.kind == COUNTRY]
    assert names == ["Syria", "Russia", "Iran", "South Korea"]


def test_a_person_is_one_entity_across_full_name_surname_and_title():
    text, index = _index(
        "Health Minister Maria Kovacs opened the clinic. Kovacs said it cost little. "
        "Later, Minister Kovacs toured the wards."
    )
    people = [e for e in index.entities if e.kind == PERSON]
    assert [p.name for p in people] == ["Maria Kovacs"]
    assert "Kovacs" in people[0].aliases
    assert index.canonical("Ms Kovacs") == "Maria Kovacs"
    assert _about(text, index, "Later, Minister Kovacs toured the wards.") == ("Maria Kovacs",)


def test_people_sharing_a_surname_stay_apart():
    text, index = _index("Anna Berg met Thomas Berg in Oslo. Thomas Berg is her cousin.")
    people = sorted(e.name for e in index.entities if e.kind == PERSON)
    assert people == ["Anna Berg", "Thomas Berg"]


def test_the_alliance_refers_to_the_alliance_last_named():
    text, index = _index("Poland asked NATO for more troops last week. The alliance said it would send two battalions.")
    assert "NATO" in _about(text, index, "The alliance said it would send two battalions.")
    assert "the alliance" in _entity(index, "NATO").aliases


def test_the_alliance_is_not_nato_when_no_alliance_was_named():
    text, index = _index("Two opposition parties formed an alliance in May. The alliance won 40 seats.")
    assert "NATO" not in _about(text, index, "The alliance won 40 seats.")


def test_the_country_and_it_refer_back_to_the_country_named_before():
    text, index = _index("Brazil has banned the pesticide. The country said it would review the ban next year.")
    assert _about(text, index, "The country said it would review the ban next year.") == ("Brazil",)


def test_expletive_it_refers_to_nothing():
    text, index = _index("Brazil has banned the pesticide. It is hard to say whether farmers will comply.")
    assert _about(text, index, "It is hard to say whether farmers will comply.") == ()


def test_the_countries_refer_to_both_countries_named_together():
    text, index = _index("Leaders of Kenya and Uganda met in Nairobi on Friday. The countries plan to build a railway.")
    assert set(_about(text, index, "The countries plan to build a railway.")) == {"Kenya", "Uganda"}


def test_a_ministers_we_means_the_country_just_named():
    text, index = _index('Egypt\'s foreign minister spoke to reporters. He said: "We have signed the agreement."')
    assert "Egypt" in _about(text, index, "We have signed the agreement.")


def test_he_refers_back_to_the_last_person():
    text, index = _index('Dr Lena Okafor led the study. "He was not involved," she said of a colleague.')
    assert _about(text, index, "she said of a colleague") == ("Lena Okafor",)


def test_an_abbreviation_in_brackets_joins_its_organisation():
    text, index = _index(
        "The Marine Conservation Society (MCS) counted the litter. MCS said plastic bottles topped the list."
    )
    org = _entity(index, "Marine Conservation Society")
    assert org.kind == ORGANISATION
    assert "MCS" in org.aliases
    assert _about(text, index, "MCS said plastic bottles topped the list.") == ("Marine Conservation Society",)


def test_acronyms_in_capitals_only_match_capitals():
    text, index = _index("Doctors who treated the patients told the WHO that it is spreading.")
    assert [e.name for e in index.entities if e.kind == ORGANISATION] == ["WHO"]
    assert index.canonical("World Health Organization") == "WHO"
    assert _about(text, index, "Doctors who treated the patients") == ()


def test_us_as_a_pronoun_is_not_the_united_states():
    text, index = _index("They told us the clinic would stay open.")
    assert "United States" not in [e.name for e in index.entities]


def test_a_country_inside_a_longer_place_name_is_not_that_country():
    text, index = _index("Flooding hit New Jersey and New Mexico on Tuesday.")
    assert index.entities == ()


@pytest.mark.parametrize("surface", ["European Union", "EU", "the European Union"])
def test_organisation_names_and_abbreviations_share_one_canonical_name(surface):
    _text, index = _index("The EU fined the company.")
    assert index.canonical(surface) == "EU"


def test_about_lists_each_entity_once_in_order_of_first_mention():
    text, index = _index("France and Germany backed the plan, but French farmers and Germany's unions did not.")
    assert index.about(0, len(text)) == ("France", "Germany")


def test_unknown_surfaces_have_no_canonical_name():
    _text, index = _index("The council met on Tuesday.")
    assert index.canonical("Atlantis") is None


@pytest.mark.parametrize(
    ("headline", "body"),
    [
        (
            'Delgado Claims "The Vote Was Stolen" in Fiery Speech',
            'Former state senator Rosa Delgado spoke to supporters. "The vote was stolen," Delgado said.',
        ),
        (
            "Report: Lindqvist Said 'The Deal Is Dead' Before Talks Collapsed",
            "Trade Minister Axel Lindqvist told colleagues that the agreement could not be saved.",
        ),
        (
            'Senators Rip Karen Molloy Over "Reckless" Tax Plan',
            'Senator Karen Molloy defended her plan. "It is fair," Molloy said.',
        ),
    ],
)
def test_a_title_case_headline_adds_no_entity_the_body_does_not_name(headline, body):
    """A headline quote's topics come from names the body gives; title-case runs ("Fiery Speech", "Lindqvist
    Said", "Rip Karen Molloy") are never entities of their own."""
    from claims.extraction.pipeline import extract

    result = extract(body, _nlp(), headline=headline)
    words = {w.strip(".,'\"").lower() for w in body.split()}
    for e in result.entities:
        assert all(w.lower() in words for w in e.name.split()), (e.name, [x.name for x in result.entities])
