"""Plain-string rules: the one name fold and the one acronym rule, shared by speakers and topics."""

import pytest

from claims.extraction.text import abbreviates, name_key
from claims.extraction.topics import find_entities


def test_name_key_folds_accents_possessives_articles_and_stops():
    assert name_key("Çelik's") == "celik"
    assert name_key("The U.S.") == "us"
    assert name_key("  Dana   Hollis ") == "dana hollis"


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("FDA", "Food and Drug Administration"),
        ("DOJ", "Department of Justice"),
        ("Nato", "North Atlantic Treaty Organisation"),
        ("IBS", "Income-Based Savings"),
        ("CDC", "Centers for Disease Control and Prevention"),
    ],
)
def test_an_acronym_abbreviates_a_name_by_its_initials(short, long):
    assert abbreviates(short, long)


@pytest.mark.parametrize(
    ("short", "long"),
    [("US", "United Steelworkers union"), ("FDA", "Food Administration"), ("Food", "Food and Drug Administration")],
)
def test_a_word_that_does_not_spell_the_whole_name_is_no_acronym_of_it(short, long):
    assert not abbreviates(short, long)


def test_topics_merge_an_acronym_with_the_hyphenated_name_it_abbreviates(nlp):
    text = (
        "Borrowers enrolled in Income-Contingent Relief can switch.\n\n"
        "The department said ICR borrowers would pay less."
    )
    (entity,) = find_entities(nlp(text)).entities
    assert entity.name == "Income-Contingent Relief"
    assert "ICR" in entity.aliases
