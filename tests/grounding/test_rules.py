import pytest

from summariser.grounding.rules import check, coverage, months, negated, numbers

QUOTE = "PhD Fellows are normally given a salary of 550 800 NOK/year with a 3% yearly increase"


def test_numbers_are_normalised():
    assert numbers("NOK 550,000 - 634,000") == {"550000", "634000"}
    assert "550800" in numbers("550 800 NOK/year") and "550800" in numbers("550.800") and "550800" in numbers("550,800")
    assert "4" in numbers("a period of four years") and "4" in numbers("fire år")


def test_paraphrase_with_same_facts_is_supported():
    result = check("The salary is 550,800 NOK per year, rising 3% yearly.", QUOTE)
    assert result.supported and result.score > 0.5, result


@pytest.mark.parametrize(
    "claim, reason",
    [
        ("The salary is 600,000 NOK per year.", "numbers not in the quote"),
        ("The salary rises 5% a year.", "numbers not in the quote"),
        ("PhD Fellows are not given a salary.", "negation differs"),
        ("The fellowship includes free housing in Oslo and a car.", "content is in the quote"),
    ],
)
def test_adversarial_claims_are_unsupported(claim, reason):
    result = check(claim, QUOTE)
    assert not result.supported
    assert any(reason in r for r in result.reasons), result.reasons


def test_wrong_date_is_unsupported():
    quote = "Closing date: 18th November 2015"
    assert check("Applications close on 18 November 2015.", quote).supported
    assert not check("Applications close on 18 December 2015.", quote).supported
    assert months("12 May 2020") == {5} and months("you may apply") == set()


def test_flipped_negation_either_way():
    quote = "If you already hold a PhD or have equivalent competence, we will not appoint you to this position."
    assert check("If you already hold a PhD, you will not be appointed.", quote).supported
    assert not check("Holding a PhD already, you will be appointed.", quote).supported
    assert negated("ikke") and not negated("notable nothing")


def test_coverage_handles_inflection_and_compounds():
    assert coverage("applicants relocate", "If you have to relocate, applicants may be reimbursed") == 1.0
    assert coverage("lønn", "Lønnstrinn: mellom 49 og 55.") == 1.0
