"""Yes/no read from the requirement sentence: required, an advantage, allowed, ruled out, a limit."""

import pytest

from summariser.qa.polarity import verdict


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("Do I need a driving licence?", "A driving licence is required.", "required"),
        ("Trenger jeg førerkort?", "Førerkort klasse B kreves.", "required"),
        ("Do I need to speak Norwegian?", "Knowledge of Norwegian is an advantage.", "advantage"),
        ("Må jeg kunne norsk?", "Det er en fordel om du snakker norsk.", "advantage"),
        ("Can I apply before finishing my master's?", "If you are near completion, you may still apply.", "yes"),
        ("I'm 17. Can I apply?", "Applicants must be over 18.", "no"),
        ("Jeg er 19 år. Kan jeg søke?", "Må være 18 år eller over.", "yes"),
        ("Jeg er 17 år. Kan jeg søke på jobben?", "Må være 18 år eller over.", "no"),
        (
            "Jeg mangler formell utdanning, men har erfaring. Kan jeg søke?",
            "Relevant erfaring kan kompensere for manglende formell utdanning.",
            "yes",
        ),
        ("I have no PhD. Can I apply?", "Applicants must hold a PhD.", "no"),
        ("Is there a canteen?", "The office is in Oslo.", None),
        ("I expect a 2:1. Can I apply?", "Students expecting at least a 2:1 are invited to apply.", "yes"),
        ("Kan jobben kombineres med studier?", "Jobben passer godt i kombinasjon med studier.", "yes"),
        ("Tilbyr universitetet fleksibel arbeidstid?", "The university offers flexible working hours.", "yes"),
        ("Kan jobben kombineres med studier?", "Jobben kan ikke kombineres med studier.", None),  # negated
        ("Må søknaden skrives på engelsk?", "The application must be submitted in English.", "required"),
        ("Is there a canteen?", "There is a gym.", None),  # not everything asked about
        ("I'm not a Chinese national. Can this fund my PhD?", "It covers fees for Chinese students only.", "no"),
        ("I'm an international student. Am I eligible?", "It is open to UK and EU resident students only.", "no"),
        ("I'm a Chinese national. Can I apply?", "It covers fees for Chinese students only.", None),
        ("I'm in my final year. Can I apply?", "Only one application per person.", None),  # no group of people
        ("Jeg er regnskapsfører med to års erfaring. Oppfyller jeg kravene?", "Minimum 3 års relevant erfaring", "no"),
        (
            "I have five years' experience in sales. Can I apply?",
            "You need at least 3 years of relevant experience.",
            "yes",
        ),
        (
            "I have a disability. Are applications like mine welcome?",
            "We particularly welcome applications from groups currently underrepresented in the workforce.",
            "yes",
        ),
        (
            "Kan jeg skrive søknaden og vedleggene på norsk?",
            "Applications and enclosures should be written in Swedish, English, Norwegian or Danish.",
            "yes",
        ),
    ],
)
def test_verdict(question, sentence, expected):
    assert verdict(question, sentence) == expected


def test_a_sentence_under_a_requirements_heading_is_a_requirement():
    assert verdict("Trenger jeg politiattest?", "Gyldig politiattest", "Kvalifikasjoner") == "required"
    assert verdict("Trenger jeg politiattest?", "Gyldig politiattest", "Vi tilbyr") is None


def test_what_the_employer_expects_of_you_is_required():
    assert verdict("Må jeg undervise?", "We also expect you to assist in teaching students.") == "required"
    assert verdict("Do I have to teach?", "Det forventes at du underviser.") == "required"


def test_what_settles_it_for_the_applicant_is_their_own_limit_or_group():
    from summariser.qa.polarity import for_the_applicant

    only = "Due to funding restrictions, the studentship is open to UK and EU resident students only."
    assert for_the_applicant("I'm an international student from India. Am I eligible?", only) == "no"
    assert for_the_applicant("I'm 17. Can I apply?", "Du må være over 18 år.") == "no"
    assert (
        for_the_applicant("I'm an international student. Am I eligible?", "Not all EU students may be eligible.")
        is None
    )
    assert for_the_applicant("Can I apply?", only) is None  # the applicant says nothing of themselves


def test_a_skill_asked_for_or_the_will_to_gain_it_lets_one_without_it_apply():
    german = "Therefore a basic knowledge of German or the willingness to acquire such knowledge is essential."
    assert verdict("I don't speak any German. Can I still apply?", german) == "yes"
    assert verdict("I don't speak any German. Can I still apply?", "Fluent German is essential.") == "no"
    norsk = "Du snakker norsk, eller har vilje til å lære norsk raskt."
    assert verdict("Jeg kan ikke norsk. Kan jeg søke?", norsk) == "yes"
    assert verdict("I don't speak German. Can I apply?", "You must speak German or be willing to learn it.") == "yes"
    villig = "Du må snakke norsk eller være villig til å lære det."
    assert verdict("Jeg kan ikke norsk. Kan jeg søke?", villig) == "yes"
