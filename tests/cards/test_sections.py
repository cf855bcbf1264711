import pytest

from summariser.cards.sections import content_agrees, heading_label, lead_in_label, opening_label


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("Requirements:", "qualification"),
        ("Your profile", "qualification"),
        ("**Kvalifikasjoner**", "qualification"),
        ("Hva vi ser etter", "qualification"),
        ("Main duties and responsibilities", "responsibility"),
        ("Arbeidsoppgaver:", "responsibility"),
        ("What we offer", "benefit"),
        ("Vi tilbyr", "benefit"),
        ("Required documents", "application_document"),
        ("Søknaden må inneholde", "application_document"),
        ("For further information, please contact", "contact"),
        ("Closing date", "meta"),
        ("Job description", "ambiguous"),
        ("Om stillingen", "ambiguous"),
        ("About the department", "other"),
        ("Om oss", "other"),
        ("Fun facts", None),
    ],
)
def test_heading_labels_in_english_and_norwegian(heading, label):
    assert heading_label(heading) == label


def test_lead_ins_and_openings_name_their_list():
    assert lead_in_label("The successful candidate will have") == "qualification"
    assert lead_in_label("Applicants should submit the following documents") == "application_document"
    assert opening_label("Applications should include a CV and two references.") == "application_document"
    assert opening_label("Vi tilbyr gode pensjonsordninger.") == "benefit"
    assert opening_label("This project will investigate swarm control.") == "responsibility"
    assert opening_label("The project will be supervised by Dr Smith.") is None
    assert opening_label("More specifically, the position will develop a snow model.") == "responsibility"
    assert opening_label("The researcher will be responsible to develop a framework.") == "responsibility"
    assert opening_label("In addition, applicants must hold a driving licence.") == "qualification"
    assert opening_label("Furthermore, the city is lovely.") is None  # a connective alone says nothing


def test_content_checks():
    assert not content_agrees("application_document", "We value diversity.")
    assert content_agrees("application_document", "A CV and a cover letter")
    assert not content_agrees("qualification", "The institute was founded in 1950.")
    assert content_agrees("qualification", "The institute was founded in 1950.", bullet=True)
