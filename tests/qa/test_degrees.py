import pytest

from summariser.qa.degrees import degree_verdict, levels_in
from summariser.qa.polarity import verdict

MASTERS = "Applicants must hold a master's degree in computer science or mathematics."
BY_DECEMBER = (
    "You must have obtained a master's degree in mathematics or applied mathematics, or expect to complete "
    "such a degree by December 1, 2020."
)
NO_PHD_HOLDERS = "If you already hold a PhD or have equivalent competence, we will not appoint you to this position."


@pytest.mark.parametrize(
    "question, sentence, expected",
    [
        ("Can I apply with only a bachelor's degree?", MASTERS, "no"),
        ("I have a BSc in physics. Am I eligible?", MASTERS, "no"),
        ("I have a master's in mathematics. Can I apply?", MASTERS, "yes"),
        ("I have a master's in biology. Can I apply?", MASTERS, None),  # another field
        ("I expect to finish my master's in mathematics in November 2020. Can I apply?", BY_DECEMBER, "yes"),
        ("I'm still finishing my master's. Can I apply?", MASTERS, None),  # the sentence allows no pending degree
        ("I already have a PhD in statistics. Am I eligible for this position?", NO_PHD_HOLDERS, "no"),
        ("I'm finishing my PhD. Am I eligible?", NO_PHD_HOLDERS, None),
        ("I have a PhD. Can I apply?", MASTERS, None),  # more than asked for is not always welcome
        ("I don't have a master's. Can I apply?", MASTERS, None),  # the general reading takes lacking
        ("Do I need a master's or a PhD?", MASTERS, None),  # a comparison, not the applicant's degree
        ("Jeg har en bachelorgrad. Kan jeg søke?", "Det kreves mastergrad innen informatikk.", "no"),
        ("I have a master's. Can I apply?", "The group has two PhD students and a master's student.", None),
    ],
)
def test_degree_verdict(question, sentence, expected):
    assert degree_verdict(question, sentence) == expected


def test_levels_are_ordered_and_read_in_both_languages():
    assert levels_in("a BSc, an MSc or a Ph.D.") == [0, 1, 2]
    assert levels_in("mastergrad eller doktorgrad") == [1, 2]
    assert levels_in("a degree in a relevant field") == []


def test_the_general_reading_takes_the_degree_verdict_first():
    assert verdict("Can I apply with only a bachelor's degree?", MASTERS) == "no"
    assert verdict("I already have a PhD in statistics. Am I eligible?", NO_PHD_HOLDERS) == "no"
