import pytest

from summariser.cards.document import CardText
from summariser.cards.roles import employer_names, is_role, read_employer, read_title, role_phrase, title_like


@pytest.mark.parametrize(
    ("words", "role"),
    [
        ("motivated PhD candidate for a research project", "PhD candidate"),
        ("postdoctoral fellows to be part of a consortium", "postdoctoral fellows"),
        ("erfaren fagleder som vil lede", "fagleder"),
        ("this position is funded", None),  # not a name for the post
        ("successful candidate will", None),  # a bare 'candidate' says no kind
        ("Professor Tracey Chapman", None),  # a person's title
    ],
)
def test_role_phrase(words, role):
    assert role_phrase(words) == role


def test_role_words_english_and_norwegian():
    assert all(is_role(w) for w in ("studentship", "Technician", "nattevakt", "butikkmedarbeider", "prosjektleder"))
    assert not any(is_role(w) for w in ("project", "University", "Oslo", "kunder"))


def test_title_from_the_text_before_the_feeds_headline():
    doc = CardText("Harstad Kino\n\nVi søker en serviceinnstilt kinovert til Harstad Kino. Du vil jobbe kveld.")
    title, pieces = read_title(doc, "Vi ser etter deg! Er det deg?", sources=True)
    assert title == "kinovert" and doc.text[pieces[0].start : pieces[0].end] == "kinovert"
    assert not title_like("Vi ser etter skjulte talenter! Er det deg?") and title_like("Data Engineer at Acme")
    # the feed's own name for the post is kept, as the source's word, when the text names no role
    doc = CardText("Acme in Bergen builds pipelines. The salary is NOK 700,000.")
    assert read_title(doc, "Data Engineer at Acme", sources=True) == ("Data Engineer at Acme", None)
    assert read_title(doc, "Data Engineer at Acme", sources=False) is None


def test_employer_as_the_text_names_it():
    assert employer_names("Barcelona Supercomputing Center (BSC)")[-2:] == ["Barcelona Supercomputing Center", "BSC"]
    doc = CardText("EV HUB bidrar til en grønnere fremtid. I denne stillingen får du tittelen Reparing Mechanic.")
    assert read_employer(doc, "EV HUB AS")[0] == "EV HUB"
    doc = CardText("WRK Bemanning søker våkne nattevakter til barnevernsinstitusjon.")
    assert read_employer(doc, None)[0] == "WRK Bemanning"
    assert read_employer(CardText("We are seeking a PhD candidate."), None) is None  # 'We' is no employer
