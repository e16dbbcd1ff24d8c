"""Tensions: figures for the same thing and event that differ between claims."""

from dataclasses import dataclass

import pytest

from claims.extraction.tensions import Tension, figures, find_tensions


def test_earthquake_death_tolls_that_differ_are_one_tension():
    items = [
        ("p2", "The earthquake killed at least 1,200 people in the mountain villages, officials said."),
        ("p7", "By Friday the death toll from the earthquake had risen to 1,540."),
    ]
    assert find_tensions(items) == [
        Tension("p2", "p7", "casualty figures differ: 'at least 1,200 people' vs '1,540'"),
    ]


def test_vague_and_precise_figures_for_the_same_disaster_are_a_tension_but_equal_injuries_are_not():
    items = [
        ("a", "The ferry disaster left hundreds dead and more than 2,000 injured."),
        ("b", "The March 3 ferry disaster left more than 250 people dead with over 2,000 injured."),
    ]
    (tension,) = find_tensions(items)
    assert (tension.a, tension.b) == ("a", "b")
    assert tension.what == "casualty figures differ: 'hundreds dead' vs 'more than 250 people dead'"
    assert "injured" not in tension.what


def test_protest_crowd_sizes_that_differ_are_a_tension():
    items = [
        ("police", "Police said about 3,000 protesters joined the march through the capital."),
        ("organisers", "Organisers of the march put the crowd at more than 20,000 protesters."),
    ]
    (tension,) = find_tensions(items)
    assert "about 3,000 protesters" in tension.what and "more than 20,000 protesters" in tension.what


def test_budget_figures_that_agree_are_no_tension():
    items = [
        ("s1", "The council will spend £3.2m on road repairs in its budget this year."),
        ("s5", "The £3.2 million budget for road repairs was approved on Tuesday."),
    ]
    assert find_tensions(items) == []


def test_identical_figures_are_no_tension():
    items = [
        ("x", "The storm left more than 2,000 injured across the region."),
        ("y", "More than 2,000 injured were treated after the storm, doctors said."),
    ]
    assert find_tensions(items) == []


def test_figures_for_different_events_are_no_tension():
    items = [
        ("quake", "The earthquake killed 300 people."),
        ("flood", "The flood killed 45 people."),
    ]
    assert find_tensions(items) == []


def test_figures_about_different_countries_are_no_tension():
    @dataclass
    class Item:
        key: str
        text: str
        about: tuple[str, ...]

    items = [
        Item("k1", "The earthquake killed 300 people.", ("Turkey",)),
        Item("k2", "The earthquake killed 120 people.", ("Greece",)),
        Item("k3", "The earthquake killed 310 people.", ("Turkey",)),
    ]
    assert [(t.a, t.b) for t in find_tensions(items)] == [("k1", "k3")]


def test_different_things_counted_are_no_tension():
    items = [
        ("a", "The trial enrolled 2,000 patients in the vaccine study."),
        ("b", "The vaccine study was run by 40 doctors."),
    ]
    assert find_tensions(items) == []


def test_a_claim_is_never_in_tension_with_itself():
    assert find_tensions([("a", "The coup left 200 dead, or perhaps 300 dead.")]) == []


@pytest.mark.parametrize(
    ("text", "low", "high", "thing"),
    [
        ("two out of three people agree", 2 / 3, 2 / 3, "share"),
        ("about 1.5 million voters", 1_350_000, 1_650_000, "voter"),
        ("30% of patients", 0.3, 0.3, "percent"),
        ("two hundred and fifty soldiers", 250, 250, "soldier"),
        ("dozens of homes", 24, 99, "home"),
        ("more than 250 people dead", 250, float("inf"), "dead"),
        ("nearly 90 troops", 0, 90, "troop"),
    ],
)
def test_figures_read_number_qualifier_and_counted_thing(text, low, high, thing):
    (figure,) = figures(text)
    assert figure.low == pytest.approx(low)
    assert figure.high == pytest.approx(high)
    assert figure.thing == thing


def test_years_and_dates_are_not_figures():
    assert figures("In 2016, on March 3, the strike began.") == ()
